//! The page an address shows, resolved once from the route and the report (or, before
//! the report is in, the copy the page was prerendered with). Everything that differs
//! from one kind of page to another is decided here: its content, title, description,
//! focus target, layout and Open Graph type; `web/` draws it with one `match`.

use crate::content::{overview, Detail, MissionSummary, ProgramView};
use crate::i18n::{activities_count, programmes_count, t, Key, Lang};
use crate::route::Route;
use crate::statuses::StatusCounts;
use crate::text::clip;
use crate::url_state::UrlState;
use rendiconto_model::{Document, ItemId, MissionId};
use serde::{Deserialize, Serialize};

/// How many characters of a page's own text its title keeps (then " — Rendiconto
/// Aperto"): tabs, bookmarks, history and search results show about this much.
pub const TITLE_CHARS: usize = 70;

/// What a page shows. The prerenderer writes it into each page as JSON, from which
/// the app's first render is made (hydration).
// One page lives at a time, behind an `Rc` in the app: the size of the largest
// variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Page {
    /// The report's outline: its missions and where they stand.
    Home(Vec<MissionSummary>),
    /// The results of the question and filters in the address (never prerendered:
    /// not in the JSON, which keeps its reader out of the app).
    #[serde(skip)]
    Results,
    Mission(MissionSummary),
    Program(ProgramView),
    /// An activity or an indicator table.
    Detail(Detail),
    /// The downloads.
    OpenData,
    /// An address that names nothing in the report.
    NotFound,
    /// A page made from the report, which has not arrived yet (never prerendered).
    #[serde(skip)]
    Waiting(Route),
}

/// How the page is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The outline, with the filters' column.
    Home,
    /// The results, with the filters' column.
    Results,
    /// A page of its own, full width.
    Page,
}

impl Page {
    /// The page `route` shows: from the whole report when it is in; before, the
    /// prerendered copy when it is this page, else [`Page::Waiting`].
    pub fn resolve(route: Route, report: Option<&Document>, prerendered: Option<&Page>) -> Page {
        match (route, report) {
            (Route::Results, _) => Page::Results,
            (Route::OpenData, _) => Page::OpenData,
            (Route::NotFound, _) => Page::NotFound,
            (_, Some(doc)) => Page::of_report(doc, route),
            (_, None) => match prerendered {
                Some(page) if page.route() == route => page.clone(),
                _ => Page::Waiting(route),
            },
        }
    }

    /// The page `route` shows, made from `doc`; [`Page::NotFound`] for an id the
    /// report does not have.
    pub fn of_report(doc: &Document, route: Route) -> Page {
        let found = match route {
            Route::Home => Some(Page::Home(overview(doc))),
            Route::Mission(m) => overview(doc).into_iter().find(|s| s.number == m.0).map(Page::Mission),
            Route::Program(p) => ProgramView::find(doc, p).map(Page::Program),
            Route::Activity(a) => Detail::find(doc, ItemId::Activity(a)).map(Page::Detail),
            Route::Table(tb) => Detail::find(doc, ItemId::Table(tb)).map(Page::Detail),
            Route::Results => Some(Page::Results),
            Route::OpenData => Some(Page::OpenData),
            Route::NotFound => None,
        };
        found.unwrap_or(Page::NotFound)
    }

    /// Every page of the site, in report order: home, then each mission with its
    /// programmes, their activities and tables; the open data last.
    pub fn routes(doc: &Document) -> Vec<Route> {
        let mut out = vec![Route::Home];
        for m in &doc.missions {
            let mission = MissionId(m.number);
            out.push(Route::Mission(mission));
            for p in &m.programs {
                out.push(Route::Program(mission.program(p.number)));
                out.extend(p.activities.iter().map(|a| Route::Activity(a.id)));
                out.extend(p.indicator_tables.iter().map(|tb| Route::Table(tb.id)));
            }
        }
        out.push(Route::OpenData);
        out
    }

    /// The route this page is at.
    pub fn route(&self) -> Route {
        match self {
            Page::Home(_) => Route::Home,
            Page::Results => Route::Results,
            Page::Mission(m) => Route::Mission(MissionId(m.number)),
            Page::Program(v) => Route::Program(v.id),
            Page::Detail(d) => d.id().map(Route::of_item).unwrap_or(Route::NotFound),
            Page::OpenData => Route::OpenData,
            Page::NotFound => Route::NotFound,
            Page::Waiting(route) => *route,
        }
    }

    /// The document's title (and the shared link's `og:title`): the page's own text cut
    /// to [`TITLE_CHARS`] at a word, then the app's name. The whole text stays in the
    /// page's heading and description.
    pub fn title(&self, lang: Lang, search: &UrlState) -> String {
        let own = match self {
            Page::Home(_) | Page::Waiting(_) => return format!("{} — {}", t(lang, Key::AppName), t(lang, Key::City)),
            Page::Results if search.query.trim().is_empty() => t(lang, Key::SearchResults).to_string(),
            Page::Results => format!("{}: {}", t(lang, Key::SearchResults), search.query.trim()),
            Page::Mission(m) => format!("{} {}: {}", t(lang, Key::Mission), m.number, m.title),
            Page::Program(v) => {
                format!("{} {}.{}: {}", t(lang, Key::Program), v.id.mission, v.id.program, v.program.title)
            }
            Page::Detail(d) => match (&d.activity, &d.table) {
                (Some(a), _) => match a.title().trim() {
                    "" => format!(
                        "{} {}.{} — {}",
                        t(lang, Key::Activity),
                        d.program_id.mission,
                        d.program_id.program,
                        a.id
                    ),
                    title => title.to_string(),
                },
                (None, Some(tb)) => format!("{} — {}", tb.title, d.program_title),
                (None, None) => t(lang, Key::PageNotFound).to_string(),
            },
            Page::OpenData => t(lang, Key::OpenData).to_string(),
            Page::NotFound => t(lang, Key::PageNotFound).to_string(),
        };
        format!("{} — {}", clip(&own, TITLE_CHARS), t(lang, Key::AppName))
    }

    /// The meta description and the shared link's preview: what the page holds, whole
    /// (an activity's objective with its status, programme and mission).
    pub fn description(&self, lang: Lang) -> String {
        let counts = |c: &StatusCounts| {
            let parts: Vec<String> =
                c.0.iter()
                    .map(|(s, n)| format!("{}: {n}", s.clone().unwrap_or_else(|| t(lang, Key::NoStatus).to_string())))
                    .collect();
            format!("{} ({})", activities_count(lang, c.total()), parts.join(", "))
        };
        match self {
            Page::Home(_) | Page::Results | Page::Waiting(_) => t(lang, Key::SiteDescription).to_string(),
            Page::Mission(m) => {
                format!("{}: {}. {}", t(lang, Key::Home), programmes_count(lang, m.programs.len()), counts(&m.statuses))
            }
            Page::Program(v) => {
                format!("{} {}: {}. {}", t(lang, Key::Mission), v.id.mission, v.mission_title, counts(&v.statuses))
            }
            Page::Detail(d) => {
                let p = d.program_id;
                let place = format!(
                    "{} {}.{}: {} · {} {}: {}",
                    t(lang, Key::Program),
                    p.mission,
                    p.program,
                    d.program_title,
                    t(lang, Key::Mission),
                    p.mission,
                    d.mission_title
                );
                match (&d.activity, &d.table) {
                    (Some(a), _) => {
                        let status = a.statuses.join(", ");
                        let status = if status.is_empty() { t(lang, Key::NoStatus).to_string() } else { status };
                        let status = format!("{}: {status} · {place}", t(lang, Key::Status));
                        match a.title().trim() {
                            "" => status,
                            objective => format!("{objective} — {status}"),
                        }
                    }
                    (None, _) => format!("{} · {place}", t(lang, Key::Table)),
                }
            }
            Page::OpenData => t(lang, Key::OpenDataIntro).to_string(),
            Page::NotFound => t(lang, Key::PageNotFoundText).to_string(),
        }
    }

    /// The element that takes the focus when the app opens this page (keyboard and
    /// screen-reader users start at its title); none for the lists and while waiting.
    pub fn focus_target(&self) -> Option<&'static str> {
        match self {
            Page::Detail(_) => Some("detail-title"),
            Page::Mission(_) | Page::Program(_) | Page::OpenData | Page::NotFound => Some("page-title"),
            Page::Home(_) | Page::Results | Page::Waiting(_) => None,
        }
    }

    pub fn layout(&self) -> Layout {
        match self.route() {
            Route::Home => Layout::Home,
            Route::Results => Layout::Results,
            _ => Layout::Page,
        }
    }

    /// The shared link's `og:type`: the site's home is the website, the rest articles.
    pub fn og_type(&self) -> &'static str {
        match self {
            Page::Home(_) => "website",
            _ => "article",
        }
    }

    /// Whether the page shows content (not waiting for the report).
    pub fn is_shown(&self) -> bool {
        !matches!(self, Page::Waiting(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::tests::doc;
    use crate::route::Location;

    fn resolve(path: &str, search: &str, doc: Option<&Document>, prerendered: Option<&Page>) -> Page {
        Page::resolve(Location::parse(path, search).route, doc, prerendered)
    }

    #[test]
    fn every_kind_of_address_resolves_to_its_page() {
        let doc = doc();
        let d = Some(&doc);
        assert!(matches!(resolve("", "", d, None), Page::Home(m) if m.len() == 16));
        assert_eq!(resolve("", "?q=asili", d, None), Page::Results);
        assert_eq!(resolve("", "?stato=Avviato", None, None), Page::Results);
        assert!(matches!(resolve("missione/9/", "", d, None), Page::Mission(m) if m.number == 9));
        assert!(matches!(resolve("programma/9-3/", "", d, None), Page::Program(v) if v.id.to_string() == "m9-p3"));
        let activity = resolve("attivita/1-2-1/", "", d, None);
        assert!(
            matches!(&activity, Page::Detail(x) if x.activity.as_ref().map(|a| a.id.to_string()).as_deref() == Some("m1-p2-a1"))
        );
        assert!(matches!(resolve("tabella/1-3-1/", "", d, None), Page::Detail(x) if x.table.is_some()));
        assert_eq!(resolve("dati/", "", d, None), Page::OpenData);
        assert_eq!(resolve("dati/", "", None, None), Page::OpenData);
        // The old links lead to the same pages.
        assert_eq!(resolve("", "?a=m1-p2-a1", d, None), activity);
        assert!(matches!(resolve("", "?p=m9-p3", d, None), Page::Program(_)));
        assert!(matches!(resolve("", "?m=9", d, None), Page::Mission(_)));
        assert!(matches!(resolve("", "?a=m1-p3-t1", d, None), Page::Detail(x) if x.table.is_some()));
    }

    #[test]
    fn an_address_naming_nothing_is_not_found() {
        let doc = doc();
        for (path, search) in [
            ("attivita/99-1-1/", ""),
            ("attivita/1-1-999/", ""),
            ("tabella/1-1-99/", ""),
            ("programma/1-99/", ""),
            ("missione/99/", ""),
            ("altro/", ""),
            ("attivita/1-x/", ""),
            ("", "?a=m99-p1-a1"),
            ("", "?a=xyz"),
            ("", "?p=m1-p2-a1"),
            ("", "?m=nove"),
        ] {
            assert_eq!(resolve(path, search, Some(&doc), None), Page::NotFound, "{path}{search}");
        }
        // Not known to be missing before the report is in, when the id is well formed.
        assert_eq!(
            resolve("attivita/99-1-1/", "", None, None),
            Page::Waiting(Location::parse("attivita/99-1-1/", "").route)
        );
        assert_eq!(resolve("altro/", "", None, None), Page::NotFound);
    }

    #[test]
    fn before_the_report_the_prerendered_copy_of_this_page_only() {
        let doc = doc();
        let program = Page::of_report(&doc, Route::from_id("m9-p3"));
        assert_eq!(resolve("programma/9-3/", "", None, Some(&program)), program);
        assert_eq!(resolve("", "?p=m9-p3", None, Some(&program)), program);
        let other = Route::from_id("m9-p4");
        assert_eq!(resolve("programma/9-4/", "", None, Some(&program)), Page::Waiting(other));
        assert!(!Page::Waiting(other).is_shown());
        // The report, once in, is the source (the prerendered copy may be older).
        assert_eq!(Page::resolve(Route::from_id("m9-p3"), Some(&doc), Some(&Page::NotFound)), program);
    }

    #[test]
    fn every_page_of_the_site_has_its_content_and_comes_back_to_its_route() {
        let doc = doc();
        let routes = Page::routes(&doc);
        assert_eq!(routes.iter().filter(|r| matches!(r, Route::Mission(_))).count(), 16);
        assert_eq!(routes.iter().filter(|r| matches!(r, Route::Program(_))).count(), 52);
        for route in &routes {
            let page = Page::of_report(&doc, *route);
            assert_ne!(page, Page::NotFound, "{route:?}");
            assert_eq!(page.route(), *route);
            let json = serde_json::to_string(&page).unwrap();
            assert_eq!(serde_json::from_str::<Page>(&json).unwrap(), page, "the prerendered copy reads back");
            for lang in [Lang::It, Lang::En] {
                assert!(!page.description(lang).is_empty(), "{route:?}");
            }
        }
    }

    #[test]
    fn titles_are_short_and_descriptions_whole() {
        let doc = doc();
        let search = UrlState::default();
        let mut longest = 0;
        for route in Page::routes(&doc) {
            let page = Page::of_report(&doc, route);
            for lang in [Lang::It, Lang::En] {
                let title = page.title(lang, &search);
                longest = longest.max(title.chars().count());
                assert!(title.chars().count() <= 90, "{route:?}: {title}");
                assert!(title.ends_with(" — Rendiconto Aperto") || page == Page::Home(overview(&doc)), "{title}");
            }
            if let Page::Detail(Detail { activity: Some(a), .. }) = &page {
                assert!(page.description(Lang::It).starts_with(a.title().trim()), "{route:?}");
            }
        }
        assert!(longest > 80, "some titles are cut near the limit: {longest}");
        // The longest objective (over a thousand characters) is cut at a word.
        let (_, _, long) = doc.activities().max_by_key(|(_, _, a)| a.title().len()).unwrap();
        assert!(long.title().len() > 1000);
        let page = Page::of_report(&doc, Route::from_id(&long.id.to_string()));
        let title = page.title(Lang::It, &search);
        let text = title.strip_suffix(" — Rendiconto Aperto").unwrap().strip_suffix('…').unwrap();
        assert!(
            long.title().starts_with(text) && long.title()[text.len()..].starts_with(char::is_whitespace),
            "{title}"
        );
        let description = page.description(Lang::It);
        assert!(description.contains(long.title().trim()) && description.contains("Stato: "), "{description}");
        // Mission and programme titles name them.
        let mission = Page::of_report(&doc, Route::Mission(MissionId(9)));
        assert!(mission.title(Lang::It, &search).starts_with("Missione 9: "));
        let results = Page::Results.title(Lang::It, &UrlState { query: "asili nido".into(), ..UrlState::default() });
        assert_eq!(results, "Risultati della ricerca: asili nido — Rendiconto Aperto");
        assert_eq!(Page::NotFound.title(Lang::It, &search), "Pagina non trovata — Rendiconto Aperto");
    }

    #[test]
    fn focus_layout_and_kind_follow_the_page() {
        let doc = doc();
        let home = Page::of_report(&doc, Route::Home);
        let activity = Page::of_report(&doc, Route::from_id("m1-p2-a1"));
        let mission = Page::of_report(&doc, Route::Mission(MissionId(9)));
        assert_eq!(
            [&home, &Page::Results, &mission, &activity, &Page::OpenData, &Page::NotFound, &Page::Waiting(Route::Home)]
                .map(|p| (p.focus_target(), p.layout(), p.og_type())),
            [
                (None, Layout::Home, "website"),
                (None, Layout::Results, "article"),
                (Some("page-title"), Layout::Page, "article"),
                (Some("detail-title"), Layout::Page, "article"),
                (Some("page-title"), Layout::Page, "article"),
                (Some("page-title"), Layout::Page, "article"),
                (None, Layout::Home, "article"),
            ]
        );
    }
}
