//! Where the app is: a [`Route`] (which page) and the search it carries (question,
//! filters, order, language), read from the URL and written back to it.
//!
//! Every page has a path of its own, relative to the site's root (the folder of
//! `index.html`), and `cargo xtask dist` writes a prerendered page at each:
//!
//! | route | path | old link (still read) |
//! |---|---|---|
//! | home | `./` | |
//! | results | `./?q=asili+nido&stato=In+corso` | |
//! | mission 9 | `missione/9/` | `?m=9` |
//! | programme 9.3 | `programma/9-3/` | `?p=m9-p3` |
//! | activity 9.3.1 | `attivita/9-3-1/` | `?a=m9-p3-a1` |
//! | indicator table 1.3.1 | `tabella/1-3-1/` | `?a=m1-p3-t1` |
//! | open data | `dati/` | |
//!
//! The search travels with the page (`attivita/5-2-6/?q=biblioteca`: "back to the
//! results" and the marked words). The deliveries that are one file or live in a frame
//! (single file, kiosk, widget) write the old query-string form instead: a path would
//! leave their file.

use crate::url_state::{Legacy, UrlState};
use rendiconto_model::{ActivityId, ItemId, MissionId, ProgramId, TableId};
use rendiconto_search::Facet;

/// Which page is showing. One value, read from the URL in one place
/// ([`Location::parse`]): a page cannot be an activity and a programme at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// The report's structure and where it stands (no question, no filter).
    Home,
    /// The results of a question and/or filters.
    Results,
    Mission(MissionId),
    Program(ProgramId),
    Activity(ActivityId),
    Table(TableId),
    /// The downloads (`dist/dati/`).
    OpenData,
    /// An address that names no page (a mistyped id or path).
    NotFound,
}

impl Route {
    /// The route of a model id: `m9-p3-a1` (activity), `m1-p3-t1` (table), `m9-p3`.
    pub fn from_id(id: &str) -> Route {
        match (id.parse::<ItemId>(), id.parse::<ProgramId>()) {
            (Ok(ItemId::Activity(a)), _) => Route::Activity(a),
            (Ok(ItemId::Table(t)), _) => Route::Table(t),
            (_, Ok(p)) => Route::Program(p),
            _ => Route::NotFound,
        }
    }

    /// The route of an activity's or table's page.
    pub fn of_item(id: ItemId) -> Route {
        match id {
            ItemId::Activity(a) => Route::Activity(a),
            ItemId::Table(t) => Route::Table(t),
        }
    }

    /// The model id of an activity, table or programme page.
    pub fn id(self) -> Option<String> {
        match self {
            Route::Program(p) => Some(p.to_string()),
            Route::Activity(a) => Some(a.to_string()),
            Route::Table(t) => Some(t.to_string()),
            _ => None,
        }
    }

    /// The page's path from the site's root, ending in `/` (`""` for the root): the
    /// ids' numbers joined by `-` (`attivita/9-3-1/` for `m9-p3-a1`).
    pub fn path(self) -> String {
        let program = |p: ProgramId| format!("{}-{}", p.mission, p.program);
        match self {
            Route::Home | Route::Results | Route::NotFound => String::new(),
            Route::Mission(m) => format!("missione/{}/", m.0),
            Route::Program(p) => format!("programma/{}/", program(p)),
            Route::Activity(a) => format!("attivita/{}-{}/", program(a.program), a.number),
            Route::Table(t) => format!("tabella/{}-{}/", program(t.program), t.number),
            Route::OpenData => "dati/".into(),
        }
    }

    /// How many folders below the root the page is (`attivita/9-3-1/` → 2).
    pub fn depth(self) -> usize {
        self.path().matches('/').count()
    }

    /// Reads a path relative to the root (`attivita/9-3-1/`, with or without the
    /// trailing slash or `index.html`); `None` for the root itself.
    pub fn from_path(path: &str) -> Option<Route> {
        let path = path.trim_start_matches('/');
        let path = path.strip_suffix("index.html").unwrap_or(path).trim_end_matches('/');
        if path.is_empty() {
            return None;
        }
        let (kind, rest) = path.split_once('/').unwrap_or((path, ""));
        let numbers: Option<Vec<u32>> = rest.split('-').map(|n| n.parse().ok()).collect();
        let numbers = numbers.unwrap_or_default();
        Some(match (kind, numbers.as_slice()) {
            ("dati", []) if rest.is_empty() => Route::OpenData,
            ("missione", &[m]) => Route::Mission(MissionId(m)),
            ("programma", &[m, p]) => Route::Program(MissionId(m).program(p)),
            ("attivita", &[m, p, n]) => Route::Activity(MissionId(m).program(p).activity(n)),
            ("tabella", &[m, p, n]) => Route::Table(MissionId(m).program(p).table(n)),
            _ => Route::NotFound,
        })
    }
}

/// The whole of what the URL says: the page and the search around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub route: Route,
    /// The question, filters, order and language (the query string).
    pub state: UrlState,
}

impl Default for Location {
    fn default() -> Self {
        Location { route: Route::Home, state: UrlState::default() }
    }
}

impl Location {
    /// Reads a path relative to the site's root and a query string. The old links
    /// (`?a=`, `?p=`, `?m=` on the root) lead to the same pages.
    pub fn parse(path: &str, search: &str) -> Location {
        let (state, legacy) = UrlState::parse_with_legacy(search);
        let route = match Route::from_path(path) {
            Some(route) => route,
            None => match legacy {
                Some(Legacy::Item(id)) => Route::from_id(&id),
                Some(Legacy::Program(id)) => match Route::from_id(&id) {
                    r @ Route::Program(_) => r,
                    _ => Route::NotFound,
                },
                Some(Legacy::Mission(m)) => m.parse().map(|m| Route::Mission(MissionId(m))).unwrap_or(Route::NotFound),
                None => Route::Home,
            },
        };
        Location::new(route, state)
    }

    /// A location; the root page is the home without a search and the results with one.
    pub fn new(route: Route, state: UrlState) -> Location {
        let route = match route {
            Route::Home | Route::Results if state.is_searching() => Route::Results,
            Route::Home | Route::Results => Route::Home,
            r => r,
        };
        Location { route, state }
    }

    /// A link's `href`. With `paths` (the web site), the page's path from the root
    /// (pages carry a `<base>` of the root) and the search as a query string; without
    /// (single file, kiosk, widget), the old query-string form on the same file.
    pub fn href_with(&self, paths: bool) -> String {
        let qs = self.state.to_query_string();
        if paths {
            let path = self.route.path();
            return match (path.is_empty(), qs.is_empty()) {
                (true, true) => "./".into(),
                (true, false) => format!("./{qs}"),
                (false, _) => format!("{path}{qs}"),
            };
        }
        let legacy = match self.route {
            Route::Mission(m) => Some(("m", m.0.to_string())),
            Route::Program(_) => Some(("p", self.route.id().unwrap_or_default())),
            Route::Activity(_) | Route::Table(_) => Some(("a", self.route.id().unwrap_or_default())),
            _ => None,
        };
        let qs = match legacy {
            Some((k, v)) if qs.is_empty() => format!("?{k}={v}"),
            Some((k, v)) => {
                // The page before `lang=` (the order `UrlState` always wrote).
                match qs.strip_suffix("&lang=en").or(qs.strip_suffix("?lang=en").map(|_| "")) {
                    Some("") => format!("?{k}={v}&lang=en"),
                    Some(rest) => format!("{rest}&{k}={v}&lang=en"),
                    None => format!("{qs}&{k}={v}"),
                }
            }
            None => qs,
        };
        if qs.is_empty() {
            "?".into()
        } else {
            qs
        }
    }

    /// This page with another search (the root's results become the home when the
    /// search is emptied).
    pub fn with_state(&self, state: UrlState) -> Location {
        Location::new(self.route, state)
    }

    /// The same search, on another page.
    pub fn at(&self, route: Route) -> Location {
        Location::new(route, self.state.clone())
    }

    /// The same search, showing the programme `id`.
    pub fn with_program(&self, id: ProgramId) -> Location {
        self.at(Route::Program(id))
    }

    /// The same search, showing the activity or table `id`.
    pub fn with_open(&self, id: ItemId) -> Location {
        self.at(Route::of_item(id))
    }

    pub fn with_mission(&self, mission: MissionId) -> Location {
        self.at(Route::Mission(mission))
    }

    /// The home page, in the same language.
    pub fn home(&self) -> Location {
        Location::new(Route::Home, UrlState { english: self.state.english, ..UrlState::default() })
    }

    /// The same search, back on the results (or home) view.
    pub fn results(&self) -> Location {
        self.at(Route::Results)
    }

    /// The list of the activities with `filters` (and nothing else), in this language.
    pub fn filtered(&self, filters: Vec<(Facet, String)>) -> Location {
        Location::new(Route::Results, UrlState { filters, english: self.state.english, ..UrlState::default() })
    }

    /// The same page in the other language.
    pub fn other_language(&self) -> Location {
        Location { route: self.route, state: UrlState { english: !self.state.english, ..self.state.clone() } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(m: u32, p: u32, n: u32) -> Route {
        Route::Activity(MissionId(m).program(p).activity(n))
    }

    fn prog(m: u32, p: u32) -> Route {
        Route::Program(MissionId(m).program(p))
    }

    #[test]
    fn paths_and_old_links_lead_to_the_same_pages() {
        assert_eq!(Location::parse("attivita/9-3-1/", "").route, act(9, 3, 1));
        assert_eq!(Location::parse("", "?a=m9-p3-a1").route, act(9, 3, 1));
        assert_eq!(Location::parse("attivita/9-3-1/index.html", "").route, act(9, 3, 1));
        assert_eq!(Location::parse("", "?p=m9-p3").route, prog(9, 3));
        assert_eq!(Location::parse("programma/9-3", "").route, prog(9, 3));
        assert_eq!(Location::parse("missione/9/", "").route, Route::Mission(MissionId(9)));
        assert_eq!(Location::parse("", "?m=9").route, Route::Mission(MissionId(9)));
        let t = Location::parse("", "?a=m1-p3-t1").route;
        assert_eq!(t.path(), "tabella/1-3-1/");
        assert_eq!(Location::parse(&t.path(), "").route, t);
        assert_eq!(Location::parse("dati/", "").route, Route::OpenData);
        assert_eq!(Location::parse("index.html", "").route, Route::Home);
        assert_eq!(Location::parse("", "").route, Route::Home);
        assert_eq!(Location::parse("", "?q=asili").route, Route::Results);
        assert_eq!(Location::parse("", "?stato=Avviato").route, Route::Results);
        assert_eq!(Location::parse("", "?a=xyz").route, Route::NotFound);
        assert_eq!(Location::parse("attivita/9-x/", "").route, Route::NotFound);
        assert_eq!(Location::parse("altro/", "").route, Route::NotFound);
    }

    #[test]
    fn the_search_travels_with_the_page() {
        let l = Location::parse("", "?q=biblioteca&ordina=stato&a=m5-p2-a6&lang=en");
        assert_eq!(l.route, act(5, 2, 6));
        assert_eq!(l.state.query, "biblioteca");
        assert_eq!(l.href_with(true), "attivita/5-2-6/?q=biblioteca&ordina=stato&lang=en");
        assert_eq!(l.href_with(false), "?q=biblioteca&ordina=stato&a=m5-p2-a6&lang=en");
        assert_eq!(Location::parse("attivita/5-2-6/", "?q=biblioteca&ordina=stato&lang=en"), l);
        assert_eq!(l.results().route, Route::Results);
        assert_eq!(l.results().href_with(true), "./?q=biblioteca&ordina=stato&lang=en");
        assert_eq!(l.home().href_with(true), "./?lang=en");
        assert_eq!(Location::default().href_with(true), "./");
        assert_eq!(Location::default().href_with(false), "?");
        assert_eq!(Location::default().with_mission(MissionId(9)).href_with(false), "?m=9");
        let p = Location::default().with_program(MissionId(9).program(3));
        assert_eq!((p.href_with(true), p.href_with(false)), ("programma/9-3/".into(), "?p=m9-p3".into()));
        assert_eq!(p.other_language().href_with(false), "?p=m9-p3&lang=en");
        assert_eq!(p.other_language().href_with(true), "programma/9-3/?lang=en");
    }

    #[test]
    fn a_search_emptied_on_the_root_is_the_home() {
        let l = Location::parse("", "?q=asili");
        let empty = Location::new(Route::Results, UrlState { query: String::new(), ..l.state.clone() });
        assert_eq!(empty.route, Route::Home);
        let f = Location::default().filtered(vec![(Facet::Stato, "In corso".into())]);
        assert_eq!(f.route, Route::Results);
        assert_eq!(f.href_with(true), "./?stato=In+corso");
    }
}
