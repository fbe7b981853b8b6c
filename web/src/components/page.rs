//! The one place that draws a [`Page`]: each kind of page, its view.

use super::detail::DetailView;
use super::downloads::Downloads;
use super::filter_dialog::{FilterChips, FilterDialog};
use super::home::Home;
use super::mission::MissionPage;
use super::nav::{Link, Nav};
use super::open_data::OpenDataPage;
use super::program::ProgramPage;
use super::results::Results;
use crate::delivery;
use crate::hooks::search::Answer;
use rendiconto_search::{SearchRequest, SearchResponse};
use rendiconto_web_core::export::{ExportFormat, ExportScope};
use rendiconto_web_core::i18n::{t, Key};
use rendiconto_web_core::marks::DetailMarks;
use rendiconto_web_core::state::Action;
use rendiconto_web_core::url_state::{FacetCounts, Filters};
use rendiconto_web_core::Page;
use std::rc::Rc;
use yew::prelude::*;

/// What the page is drawn from besides the [`Page`].
pub struct Parts<'a> {
    pub answer: &'a Answer,
    pub marks: &'a Rc<DetailMarks>,
    /// The filters' counts for other ticked boxes (the phone's dialog).
    pub counts: &'a Callback<Filters, FacetCounts>,
    pub on_export: &'a Callback<(ExportScope, ExportFormat)>,
    /// The engine or its details failed: the notice above says so, not "Apertura…".
    pub data_missing: bool,
    /// The first answer's module's drawing, shown while the results wait.
    pub first_answer: Option<&'a AttrValue>,
}

/// Whether the page can show nothing until the engine (or its details) arrive.
pub fn is_waiting(page: &Page, answer: &Answer) -> bool {
    match page {
        Page::Waiting(_) => !delivery::current().is_compact() || page.route() != rendiconto_web_core::Route::Home,
        Page::Results => answer.is_none(),
        _ => false,
    }
}

/// The page's view (a function, not a component: it holds no state, and the views
/// it chooses are components of their own).
pub fn page_view(nav: &Nav, page: &Page, parts: Parts) -> Html {
    let (lang, on_export) = (nav.lang, parts.on_export.clone());
    if is_waiting(page, parts.answer) {
        return match (parts.data_missing, parts.first_answer) {
            (true, _) => html! {},
            // Written by this app's own `markup` (crate::first), escaped there.
            (false, Some(drawn)) if matches!(page, Page::Results) => Html::from_html_unchecked(drawn.clone()),
            (false, _) => html! { <p class="engine-status" role="status">{t(lang, Key::Opening)}</p> },
        };
    }
    match page {
        // The compact widget shows the results only.
        Page::Home(_) | Page::Waiting(_) if delivery::current().is_compact() => html! {},
        Page::Home(missions) => html! { <Home missions={missions.clone()} {on_export} /> },
        Page::Results => match &**parts.answer {
            Some((query, response, millis)) => results(nav, &parts, query, response, *millis),
            None => html! {},
        },
        Page::Mission(m) => html! { <MissionPage mission={m.clone()} /> },
        Page::Program(v) => html! { <ProgramPage view={v.clone()} {on_export} /> },
        Page::Detail(d) => html! { <DetailView detail={d.clone()} marks={parts.marks.clone()} /> },
        Page::OpenData => html! { <OpenDataPage {on_export} /> },
        Page::NotFound => html! {
            <article class="not-found" aria-labelledby="page-title">
                <h1 id="page-title" tabindex="-1">{t(lang, Key::PageNotFound)}</h1>
                <p>{t(lang, Key::PageNotFoundText)}</p>
                <p><Link to={nav.here.home()}>{t(lang, Key::Home)}</Link></p>
            </article>
        },
        Page::Waiting(_) => html! {},
    }
}

/// The results page: its title, the filters' toolbar, the list and its downloads.
fn results(nav: &Nav, parts: &Parts, query: &str, response: &SearchResponse, millis: f64) -> Html {
    let (lang, state, dispatch) = (nav.lang, &nav.here.state, &nav.dispatch);
    let on_toggle = dispatch.reform(|(facet, value)| Action::ToggleFilter(facet, value));
    // Phone: "Filtri (n)" opens the filters in a dialog (the sidebar is hidden by CSS
    // there); every width: the active filters as chips.
    let toolbar = html! {
        <div class="filter-bar">
            if !delivery::current().is_compact() {
                <FilterDialog {lang} filters={state.filters.clone()} counts={parts.counts.clone()} on_apply={dispatch.reform(Action::ApplyFilters)} />
            }
            <FilterChips {lang} filters={state.filters.clone()} {on_toggle} />
        </div>
    };
    let everything = SearchRequest {
        query: state.query.clone(),
        filters: state.filters.clone(),
        limit: 0,
        offset: 0,
        sort: state.sort,
    };
    html! {
        <>
            <h1 id="page-title" class="results-title">{t(lang, Key::SearchResults)}</h1>
            <Results {lang} query={query.to_string()} {millis} response={response.clone()} on_more={dispatch.reform(|_| Action::More)} {toolbar} />
            <Downloads {lang} scope={ExportScope::Results(everything)} label={Key::DownloadResults} on_export={parts.on_export.clone()} />
        </>
    }
}
