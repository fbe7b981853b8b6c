//! The app: composition only. The state and its actions (`hooks::location`), the engine
//! (`hooks::engine`), what it answers (`hooks::search`), the files (`hooks::downloads`)
//! and the document (`hooks::document`) are hooks; the page is resolved once
//! (`rendiconto_web_core::Page`) and drawn by `components::page`; the frame around it
//! is `shell`.
//!
//! Every view keeps the search box on top, so a person can always start over. The web
//! site's pages arrive prerendered (`src/bin/prerender.rs` renders this same component
//! at build time) with their [`Page`] as JSON (`#ra-page`): the app's first render is
//! that page, so it hydrates the HTML in place (`start`); the engine loads afterwards.

use crate::components::downloads::DataMissing;
use crate::components::facets::Facets;
use crate::components::keyboard::Keyboard;
use crate::components::nav::Nav;
use crate::components::page::{is_waiting, page_view, Parts};
use crate::components::search_box::SearchBox;
use crate::hooks::document::use_document;
use crate::hooks::downloads::use_downloads;
use crate::hooks::engine::use_engine;
use crate::hooks::location::use_app_state;
use crate::hooks::search::{use_counts, use_marks, use_page, use_results};
use crate::shell::{footer, header, status_line, update_banner};
use crate::{delivery, kiosk};
use rendiconto_web_core::i18n::{t, Key, Lang};
use rendiconto_web_core::page::Layout;
use rendiconto_web_core::state::Action;
use rendiconto_web_core::{Location, Page};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Where the app starts (the URL; at build time, the page being rendered).
    pub start: Location,
    /// The prerendered page: shown at once, before the engine is loaded.
    #[prop_or_default]
    pub prerendered: Option<Rc<Page>>,
    /// Text typed into the prerendered search box before the app arrived.
    #[prop_or_default]
    pub typed: Option<String>,
    /// The answer the first answer's module drew (`crate::first`, the content's
    /// HTML): kept on screen until this app's engine answers, so that the results
    /// do not give way to "Apertura…" meanwhile.
    #[prop_or_default]
    pub first_answer: Option<AttrValue>,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let (state, dispatch) = use_app_state(props.start.clone());
    let location = &state.location;
    let (status, engine, retry, pieces) = use_engine();
    let (ready, report_ready) = (status.searching(), status.report_ready());
    // Without the whole report no page or file can be made from it (see `DataMissing`).
    let data_missing = status.failure().is_some();
    let (answer, counted) = use_results(engine.clone(), ready, location.state.clone(), state.limit, pieces.clone());
    let page = use_page(engine.clone(), report_ready, location.route, props.prerendered.clone());
    let marks = use_marks(engine.clone(), ready, page.clone(), location.state.query.clone(), pieces.clone());
    let counts = use_counts(engine.clone(), location.state.clone(), pieces);
    let on_export = use_downloads(engine, report_ready);
    let lang = if location.state.english { Lang::En } else { Lang::It };
    let delivery = delivery::current();
    let update_ready = use_state(|| false);
    let on_update = {
        let update_ready = update_ready.setter();
        Callback::from(move |_| update_ready.set(true))
    };
    use_document(page.clone(), location.clone(), lang, status.clone(), on_update);
    // Words typed into the prerendered box before the app arrived are searched: as the
    // box holds them now (Yew may let keys in between its first render and this
    // effect; the words of the first render would undo them).
    {
        let (typed, dispatch) = (props.typed.clone(), dispatch.clone());
        use_effect_with((), move |_| {
            if let Some(q) = typed {
                let now = crate::platform::search_box().map(|b| b.value()).filter(|v| !v.is_empty());
                dispatch.emit(Action::Search(now.unwrap_or(q)));
            }
        });
    }
    // Kiosk: after the idle time, back to an empty home page for the next visitor.
    let idle_secs = match delivery.mode {
        delivery::Mode::Kiosk { idle_secs } => Some(idle_secs),
        _ => None,
    };
    kiosk::use_idle_reset(idle_secs, dispatch.reform(|_| Action::Reset));

    let waiting = is_waiting(&page, &answer);
    let layout = page.layout();
    let with_sidebar = layout != Layout::Page && !delivery.is_compact();
    let nav = Nav { here: location.clone(), lang, dispatch: dispatch.clone() };
    // With a <base> of the site's root, a bare `#content` would lead to the root page.
    let skip = if delivery.uses_paths() { format!("{}#content", delivery::href(location)) } else { "#content".into() };
    let facets = counted.as_deref().and_then(Option::as_ref).map(|(_, r, _)| r.facets.clone());

    html! {
        <ContextProvider<Nav> context={nav.clone()}>
        <ContextProvider<DataMissing> context={DataMissing(data_missing)}>
            <a class="skip-link" href={skip}>{t(lang, Key::SkipToResults)}</a>
            {header(lang, location, dispatch.reform(|_| Action::Language))}
            <div class="banner-area">
                if *update_ready {
                    {update_banner(lang)}
                }
            </div>
            <main class="wrap" id="main">
                <SearchBox {lang} value={location.state.query.clone()} on_input={dispatch.reform(Action::Search)}
                    disabled={matches!(status, rendiconto_web_core::loading::EngineStatus::Failed(_))}
                    hint={if delivery.is_kiosk() { Key::KioskHint } else { Key::SearchHint }} />
                if delivery.is_kiosk() {
                    <Keyboard {lang} on_press={dispatch.reform(Action::Key)} />
                }
                <div class="status-area">{status_line(lang, &status, waiting, &retry)}</div>
                <div class={classes!("layout", with_sidebar.then_some("with-sidebar"), (layout == Layout::Home).then_some("is-home"), (layout == Layout::Results).then_some("is-results"))}>
                    if with_sidebar {
                        <aside class="sidebar" aria-label={t(lang, Key::Filters)}>
                            if let Some(facets) = facets {
                                <Facets {lang} {facets} any_selected={!location.state.filters.is_empty()}
                                    on_toggle={dispatch.reform(|(facet, value)| Action::ToggleFilter(facet, value))}
                                    on_clear={dispatch.reform(|_| Action::ClearFilters)} />
                            }
                        </aside>
                    }
                    <div class="content" id="content" tabindex="-1">
                        {page_view(&nav, &page, Parts { answer: &answer, marks: &marks, counts: &counts, on_export: &on_export, data_missing, first_answer: props.first_answer.as_ref() })}
                    </div>
                </div>
            </main>
            if !delivery.is_compact() {
                {footer(lang)}
            }
        </ContextProvider<DataMissing>>
        </ContextProvider<Nav>>
    }
}
