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

#[derive(Properties, PartialEq)]
pub struct Props {
    pub page: Rc<Page>,
    pub answer: Answer,
    pub marks: Rc<DetailMarks>,
    /// The filters' counts for other ticked boxes (the phone's dialog).
    pub counts: Callback<Filters, FacetCounts>,
    pub on_export: Callback<(ExportScope, ExportFormat)>,
    /// The engine or its details failed: the notice above says so, not "Apertura…".
    pub data_missing: bool,
}

/// Whether the page can show nothing until the engine (or its details) arrive.
pub fn is_waiting(page: &Page, answer: &Answer) -> bool {
    match page {
        Page::Waiting(_) => !delivery::current().is_compact() || page.route() != rendiconto_web_core::Route::Home,
        Page::Results => answer.is_none(),
        _ => false,
    }
}

#[component]
pub fn PageView(props: &Props) -> Html {
    let nav = use_context::<Nav>().expect("Nav context");
    let (lang, on_export) = (nav.lang, props.on_export.clone());
    if is_waiting(&props.page, &props.answer) {
        return match props.data_missing {
            true => html! {},
            false => html! { <p class="engine-status" role="status">{t(lang, Key::Opening)}</p> },
        };
    }
    match &*props.page {
        // The compact widget shows the results only.
        Page::Home(_) | Page::Waiting(_) if delivery::current().is_compact() => html! {},
        Page::Home(missions) => html! { <Home missions={missions.clone()} {on_export} /> },
        Page::Results => match &*props.answer {
            Some((query, response, millis)) => results(&nav, props, query, response, *millis),
            None => html! {},
        },
        Page::Mission(m) => html! { <MissionPage mission={m.clone()} /> },
        Page::Program(v) => html! { <ProgramPage view={v.clone()} {on_export} /> },
        Page::Detail(d) => html! { <DetailView detail={d.clone()} marks={props.marks.clone()} /> },
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
fn results(nav: &Nav, props: &Props, query: &str, response: &SearchResponse, millis: f64) -> Html {
    let (lang, state, dispatch) = (nav.lang, &nav.here.state, &nav.dispatch);
    let on_toggle = dispatch.reform(|(facet, value)| Action::ToggleFilter(facet, value));
    // Phone: "Filtri (n)" opens the filters in a dialog (the sidebar is hidden by CSS
    // there); every width: the active filters as chips.
    let toolbar = html! {
        <div class="filter-bar">
            if !delivery::current().is_compact() {
                <FilterDialog {lang} filters={state.filters.clone()} counts={props.counts.clone()} on_apply={dispatch.reform(Action::ApplyFilters)} />
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
            <Downloads {lang} scope={ExportScope::Results(everything)} label={Key::DownloadResults} on_export={props.on_export.clone()} />
        </>
    }
}
