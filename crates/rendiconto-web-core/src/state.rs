//! The app's state and everything a person can do to it: one [`Action`] per gesture,
//! one pure [`State::reduce`]. `web/` only wires it (Yew's `use_reducer`) and carries
//! out what the new state asks of the browser (the address bar, through [`Write`]).

use crate::keys::{self, Press};
use crate::route::{Location, Route};
use crate::url_state::UrlState;
use rendiconto_search::{Facet, Sort};

/// Results shown at first and added by "Mostra altri risultati" (a screenful, as
/// search pages show; fewer to lay out on every keystroke).
pub const PAGE: usize = 10;

/// How the address bar follows a new location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    /// It already shows it (the start, back and forward).
    None,
    /// A new history entry (a link followed, a filter ticked).
    Push,
    /// The same entry, rewritten (typing, the language).
    Replace,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// Where the app is: the page and the search around it.
    pub location: Location,
    /// How many results are shown.
    pub limit: usize,
    /// How the address bar must follow [`State::location`] ...
    pub write: Write,
    /// ... counted, so that each new location is written once.
    pub revision: u64,
}

/// What a person does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Typed into the search box: the results of this question.
    Search(String),
    /// A key of the kiosk's on-screen keyboard.
    Key(Press),
    /// A filter ticked or unticked.
    ToggleFilter(Facet, String),
    /// "Cancella filtri".
    ClearFilters,
    /// The filters ticked in the phone's dialog, applied at once.
    ApplyFilters(Vec<(Facet, String)>),
    /// "Ordina per".
    Sort(Sort),
    /// A link of the app followed.
    Open(Location),
    /// "Mostra altri risultati".
    More,
    /// The other language.
    Language,
    /// Back or forward: the address bar already shows where to go.
    Restore(Location),
    /// The kiosk left idle: an empty home for the next visitor.
    Reset,
}

impl State {
    pub fn new(location: Location) -> State {
        State { location, limit: PAGE, write: Write::None, revision: 0 }
    }

    /// The state after `action`; `None` when nothing changes (no new render, no new
    /// history entry).
    pub fn reduce(&self, action: Action) -> Option<State> {
        let here = &self.location;
        let search = |state: UrlState| Location::new(Route::Results, state);
        match action {
            Action::Search(query) => self.go(search(UrlState { query, ..here.state.clone() }), Write::Replace),
            Action::Key(press) => self.reduce(Action::Search(keys::apply(&here.state.query, press))),
            Action::ToggleFilter(facet, value) => {
                let mut state = here.state.clone();
                state.toggle(facet, &value);
                self.go(search(state), Write::Push)
            }
            Action::ClearFilters => {
                self.go(search(UrlState { filters: Vec::new(), ..here.state.clone() }), Write::Push)
            }
            Action::ApplyFilters(filters) if filters == here.state.filters => None,
            Action::ApplyFilters(filters) => self.go(search(UrlState { filters, ..here.state.clone() }), Write::Push),
            Action::Sort(sort) if sort == here.state.sort => None,
            Action::Sort(sort) => {
                self.go(here.at(Route::Results).with_state(UrlState { sort, ..here.state.clone() }), Write::Push)
            }
            Action::Open(to) => self.go(to, Write::Push),
            Action::More => Some(State { limit: self.limit + PAGE, write: Write::None, ..self.clone() }),
            Action::Language => self.go(here.other_language(), Write::Replace),
            Action::Restore(to) => Some(State { location: to, write: Write::None, ..self.clone() }),
            Action::Reset => Some(State {
                location: Location::default(),
                limit: PAGE,
                write: Write::Replace,
                revision: self.revision + 1,
            }),
        }
    }

    /// Goes to `to`, written to the address bar as `write`; a new question or new
    /// filters show the first results again.
    fn go(&self, to: Location, write: Write) -> Option<State> {
        let same_results =
            to.state.query == self.location.state.query && to.state.filters == self.location.state.filters;
        Some(State {
            limit: if same_results { self.limit } else { PAGE },
            location: to,
            write,
            revision: self.revision + 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendiconto_model::MissionId;

    fn at(path: &str, search: &str) -> State {
        State::new(Location::parse(path, search))
    }

    fn href(s: &State) -> String {
        s.location.href_with(true)
    }

    #[test]
    fn typing_searches_on_the_same_history_entry() {
        let s = at("", "?lang=en").reduce(Action::Search("asili".into())).unwrap();
        assert_eq!((href(&s), s.write, s.revision), ("./?q=asili&lang=en".into(), Write::Replace, 1));
        // Emptied, the root's results are the home again.
        let empty = s.reduce(Action::Search(String::new())).unwrap();
        assert_eq!((empty.location.route, empty.revision), (Route::Home, 2));
        // Typed on an activity's page, the results replace it.
        let s = at("attivita/1-2-1/", "").reduce(Action::Search("nido".into())).unwrap();
        assert_eq!(href(&s), "./?q=nido");
    }

    #[test]
    fn the_kiosk_keys_edit_the_question() {
        let s = at("", "?q=asil").reduce(Action::Key(Press::Char('i'))).unwrap();
        assert_eq!(s.location.state.query, "asili");
        let s = s.reduce(Action::Key(Press::Backspace)).unwrap();
        assert_eq!(s.location.state.query, "asil");
        let s = s.reduce(Action::Key(Press::Clear)).unwrap();
        assert_eq!((s.location.route, s.write), (Route::Home, Write::Replace));
    }

    #[test]
    fn filters_are_ticked_cleared_and_applied_as_new_entries() {
        let s = at("", "?q=scuola").reduce(Action::ToggleFilter(Facet::Stato, "Avviato".into())).unwrap();
        assert_eq!((href(&s), s.write), ("./?q=scuola&stato=Avviato".into(), Write::Push));
        let s = s.reduce(Action::ToggleFilter(Facet::Stato, "Avviato".into())).unwrap();
        assert_eq!(href(&s), "./?q=scuola");
        // From a mission's status bar the filter leads to the results.
        let s = at("missione/9/", "").reduce(Action::ToggleFilter(Facet::Anno, "2023".into())).unwrap();
        assert_eq!(href(&s), "./?anno=2023");
        let cleared = at("", "?q=a&stato=Avviato&anno=2023").reduce(Action::ClearFilters).unwrap();
        assert_eq!((href(&cleared), cleared.write), ("./?q=a".into(), Write::Push));
        let filters = vec![(Facet::Stato, "Concluso".to_string())];
        let applied = at("", "?q=a").reduce(Action::ApplyFilters(filters.clone())).unwrap();
        assert_eq!((href(&applied), applied.write), ("./?q=a&stato=Concluso".into(), Write::Push));
        assert_eq!(applied.reduce(Action::ApplyFilters(filters)), None, "the same filters: nothing to do");
    }

    #[test]
    fn more_results_then_a_new_question_starts_again() {
        let s = at("", "?q=scuola").reduce(Action::More).unwrap().reduce(Action::More).unwrap();
        assert_eq!((s.limit, s.write, s.revision), (3 * PAGE, Write::None, 0));
        // Sorting and opening keep the results shown; a new question or filter does not.
        let sorted = s.reduce(Action::Sort(Sort::Status)).unwrap();
        assert_eq!(
            (href(&sorted), sorted.limit, sorted.write),
            ("./?q=scuola&ordina=stato".into(), 3 * PAGE, Write::Push)
        );
        assert_eq!(sorted.reduce(Action::Sort(Sort::Status)), None);
        assert_eq!(s.reduce(Action::Search("scuole".into())).unwrap().limit, PAGE);
        assert_eq!(s.reduce(Action::ToggleFilter(Facet::Anno, "2024".into())).unwrap().limit, PAGE);
    }

    #[test]
    fn links_push_and_the_language_replaces() {
        let s = at("", "?q=biblioteca");
        let to = s.location.with_open("m5-p2-a6".parse().unwrap());
        let opened = s.reduce(Action::Open(to)).unwrap();
        assert_eq!((href(&opened), opened.write), ("attivita/5-2-6/?q=biblioteca".into(), Write::Push));
        let english = opened.reduce(Action::Language).unwrap();
        assert_eq!((href(&english), english.write), ("attivita/5-2-6/?q=biblioteca&lang=en".into(), Write::Replace));
        let mission = english.reduce(Action::Open(english.location.with_mission(MissionId(9)))).unwrap();
        assert_eq!(href(&mission), "missione/9/?q=biblioteca&lang=en");
    }

    #[test]
    fn back_and_forward_restore_without_writing() {
        let s = at("", "?q=scuola").reduce(Action::More).unwrap();
        let back = s.reduce(Action::Restore(Location::parse("programma/9-3/", ""))).unwrap();
        assert_eq!(
            (href(&back), back.write, back.revision, back.limit),
            ("programma/9-3/".into(), Write::None, 0, 2 * PAGE)
        );
    }

    #[test]
    fn the_idle_kiosk_starts_over() {
        let s = at("attivita/1-2-1/", "?q=nido&lang=en").reduce(Action::More).unwrap();
        let reset = s.reduce(Action::Reset).unwrap();
        assert_eq!(reset.location, Location::default());
        assert_eq!((reset.limit, reset.write, reset.revision), (PAGE, Write::Replace, 1));
    }
}
