//! The page: composition of four hooks — the URL ([`use_location`]: a
//! [`Location`], its route and search), the engine ([`use_engine`]), the search
//! ([`use_results`]) and the page's content ([`use_page`]) — and the one place that
//! chooses the view from the route.
//!
//! Every view keeps the search box on top, so a person can always start over. Results,
//! pages and counts are computed from the URL during rendering (memoised), so a
//! keystroke is answered in its own task and painted in the next frame.
//!
//! The web site's pages arrive prerendered (`src/bin/prerender.rs` renders this same
//! component at build time) with their content as JSON (`#ra-page`): the app's first
//! render is that page, from that JSON, so it hydrates the HTML in place; the engine
//! loads afterwards for search.

use crate::components::detail::DetailView;
use crate::components::downloads::{DataMissing, Downloads};
use crate::components::facets::Facets;
use crate::components::filter_dialog::{FilterChips, FilterDialog};
use crate::components::home::Home;
use crate::components::keyboard::Keyboard;
use crate::components::mission::MissionPage;
use crate::components::nav::Nav;
use crate::components::open_data::OpenDataPage;
use crate::components::program::ProgramPage;
use crate::components::results::Results;
use crate::components::search_box::SearchBox;
use crate::delivery::{self, Mode};
use crate::engine_load::{self, now, Failure, FailureKind};
use crate::i18n::{t, Key, Lang};
use crate::route::{Location, Route};
use crate::url_state::UrlState;
use crate::views::{DetailMarks, ExportFormat, ExportScope, LoadStep, PageData};
use crate::{download, embed, kiosk, pwa};
use rendiconto_search::{Engine, Manifest, SearchRequest, SearchResponse};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Results shown at first and added by "Mostra altri risultati" (a screenful, as
/// search pages show; fewer to lay out on every keystroke).
const PAGE: usize = 10;
/// Where the language choice is remembered.
const LANG_KEY: &str = "rendiconto-aperto-lang";

/// In WebAssembly a panic stops the program; instead of a frozen page, say so and
/// offer to reload (the hook runs before the abort).
pub fn install_panic_hook() {
    // Through Yew: its renderer would otherwise install its own (console-only) hook.
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal_error();
    }));
}

/// Lets the browser tests check the error screen through a real panic. Reachable only
/// from script (Trunk exposes it as `window.wasmBindings.self_test_panic`), not by URL.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn self_test_panic() {
    panic!("self-test: the error screen must replace the page");
}

fn show_fatal_error() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(root) = document.get_element_by_id("app") else { return };
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_else(|| "./".into());
    let build = || -> Result<(), wasm_bindgen::JsValue> {
        root.set_inner_html("");
        let main = document.create_element("main")?;
        main.set_class_name("wrap fatal");
        let p = document.create_element("p")?;
        p.set_class_name("engine-error");
        p.set_attribute("role", "alert")?;
        p.set_id("fatal-error");
        p.set_text_content(Some(
            "Si è verificato un errore imprevisto e l'applicazione si è fermata. / An unexpected error stopped the application. ",
        ));
        let a = document.create_element("a")?;
        a.set_attribute("href", &href)?;
        a.set_text_content(Some("Ricarica la pagina / Reload the page"));
        p.append_child(&a)?;
        main.append_child(&p)?;
        root.append_child(&main)?;
        Ok(())
    };
    let _ = build();
}

/// The page the HTML was prerendered as, and its content (the JSON in `#ra-page`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prerendered {
    pub route: Route,
    pub page: PageData,
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Where the app starts (the URL; at build time, the page being rendered).
    pub start: Location,
    /// The prerendered page's content: shown at once, before the engine is loaded.
    #[prop_or_default]
    pub initial: Option<Rc<Prerendered>>,
    /// Text typed into the prerendered search box before the app arrived.
    #[prop_or_default]
    pub typed: Option<String>,
}

/// Starts the app on the page, in a task of its own: the wasm module's instantiation
/// (with the first compilation of its start-up code) and the hydration are two
/// shorter tasks, not one long one.
pub fn start() {
    gloo_timers::callback::Timeout::new(0, start_now).forget();
}

/// Hydrates the prerendered HTML when the first render is that page exactly (the web
/// site, same route, no search, Italian), else renders afresh (with the prerendered
/// content when it is the page asked for).
fn start_now() {
    let root = document().get_element_by_id("app").expect("index.html has #app");
    let delivery = delivery::current();
    let html = document().document_element();
    if let Some(html) = &html {
        match delivery.mode {
            Mode::Embed { compact } => {
                let _ = html.set_attribute("data-mode", if compact { "embed compact" } else { "embed" });
                embed::report_height();
            }
            Mode::Kiosk { .. } => kiosk::install_guards(),
            Mode::Site => {}
        }
    }
    if delivery.uses_paths() {
        fix_base();
    }
    let start = current_location();
    let initial: Option<Prerendered> = document()
        .get_element_by_id("ra-page")
        .and_then(|el| el.text_content())
        .and_then(|json| serde_json::from_str(&json).ok());
    let typed = document()
        .get_element_by_id("q")
        .map(|el| el.unchecked_into::<web_sys::HtmlInputElement>().value())
        .filter(|v| !v.is_empty());
    let hydrate = delivery.uses_paths()
        && initial.as_ref().is_some_and(|i| i.route == start.route)
        && start.state == UrlState::default();
    if delivery.uses_paths() {
        // An old link (`?a=m9-p3-a1`) shows its page's address from now on.
        let canonical = absolute(&start.href());
        if web_sys::window().and_then(|w| w.location().href().ok()).as_deref() != Some(canonical.as_str()) {
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&canonical));
            }
        }
    }
    let props = AppProps { start, initial: initial.map(Rc::new), typed };
    if let Some(html) = &html {
        let _ = html.set_attribute("data-start", if hydrate { "hydrate" } else { "render" });
    }
    if hydrate {
        crate::engine_load::measured("ra:hydrate", || yew::Renderer::<App>::with_root_and_props(root, props).hydrate());
    } else {
        // The static content (loading text, or a prerendered page of another view) goes.
        root.set_inner_html("");
        yew::Renderer::<App>::with_root_and_props(root, props).render();
    }
}

pub(crate) fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a browser document")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

thread_local! {
    /// The site's root as an absolute URL ending in `/` (see [`fix_base`]).
    static ROOT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The site's root: the prerendered pages say it with `<base href="../../">`, and
/// `index.html` is in it. Written back as an absolute `<base>`, so that relative links
/// keep resolving to the root after the address changes (`pushState`).
fn fix_base() {
    let doc = document();
    let base_uri = doc.base_uri().ok().flatten().unwrap_or_default();
    let cut = base_uri.find(['?', '#']).unwrap_or(base_uri.len());
    let dir = &base_uri[..cut];
    let root = match dir.rfind('/') {
        Some(i) => dir[..=i].to_string(),
        None => dir.to_string(),
    };
    let base = match doc.query_selector("base").ok().flatten() {
        Some(b) => Some(b),
        None => doc.create_element("base").ok().inspect(|b| {
            if let Some(head) = doc.head() {
                let _ = head.prepend_with_node_1(b);
            }
        }),
    };
    if let Some(b) = base {
        let _ = b.set_attribute("href", &root);
    }
    ROOT.with(|r| *r.borrow_mut() = Some(root));
}

/// `href` (relative to the root) as an absolute URL.
fn absolute(href: &str) -> String {
    let root = ROOT.with(|r| r.borrow().clone()).unwrap_or_default();
    format!("{root}{}", href.trim_start_matches("./"))
}

/// The URL's location; without `lang=` in it, the language chosen last time.
fn current_location() -> Location {
    let Some(window) = web_sys::window() else { return Location::default() };
    let search = window.location().search().unwrap_or_default();
    let path = if delivery::current().uses_paths() {
        let pathname = window.location().pathname().unwrap_or_default();
        let root = ROOT.with(|r| r.borrow().clone()).unwrap_or_default();
        let root_path = web_sys::Url::new(&root).map(|u| u.pathname()).unwrap_or_else(|_| "/".into());
        pathname.strip_prefix(&root_path).unwrap_or("").to_string()
    } else {
        String::new()
    };
    let mut location = Location::parse(&path, &search);
    if !search.contains("lang=") {
        location.state.english = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten()).as_deref() == Some("en");
    }
    location
}

/// How long typing must pause before the address bar and the title follow the query.
const TYPING_PAUSE_MS: u32 = 300;

/// An update waiting for a pause in typing.
type Waiting = RefCell<Option<gloo_timers::callback::Timeout>>;

thread_local! {
    /// The address bar's update waiting (see [`write_url`]).
    static PENDING_URL: Waiting = const { RefCell::new(None) };
    /// The title's (see [`write_title`]).
    static PENDING_TITLE: Waiting = const { RefCell::new(None) };
}

/// Runs `update` at once, or (`after_pause`) once typing pauses; either way it replaces
/// (and so cancels) the update still waiting in `slot`.
fn update_when(slot: &'static std::thread::LocalKey<Waiting>, after_pause: bool, update: impl FnOnce() + 'static) {
    slot.with(|p| p.borrow_mut().take());
    if after_pause {
        let later = gloo_timers::callback::Timeout::new(TYPING_PAUSE_MS, update);
        slot.with(|p| *p.borrow_mut() = Some(later));
    } else {
        update();
    }
}

/// Writes `location` to the address bar; `push` makes a new history entry, at once.
/// Replacements (typing) wait for a pause: browsers ignore `replaceState` called
/// hundreds of times in a few seconds, which would leave a stale address, and each
/// call takes the main thread for a moment that a keystroke arriving then would wait.
fn write_url(location: &Location, push: bool) {
    let Some(window) = web_sys::window() else { return };
    let delivery = delivery::current();
    let url = if delivery.uses_paths() {
        absolute(&location.href_with(true))
    } else {
        let path = window.location().pathname().unwrap_or_default();
        let qs = location.href_with(false);
        let qs = if qs == "?" { String::new() } else { qs };
        format!("{path}{}", delivery::with_suffix(&qs, &delivery.url_suffix()))
    };
    update_when(&PENDING_URL, !push, move || {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let state = &wasm_bindgen::JsValue::NULL;
            let _ = if push {
                history.push_state_with_url(state, "", Some(&url))
            } else {
                history.replace_state_with_url(state, "", Some(&url))
            };
        }
    });
}

/// Sets the document's title; `after_pause` (a results page, changing with each
/// keystroke) waits for the same pause as the address bar: setting the title takes
/// about a millisecond, inside the frame that shows the typed letter's results.
fn write_title(title: &str, after_pause: bool) {
    let title = title.to_string();
    update_when(&PENDING_TITLE, after_pause, move || document().set_title(&title));
}

fn focus(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

#[derive(Clone, PartialEq)]
enum EngineStatus {
    Loading(LoadStep),
    /// Searching; the report's details (what only an opened page shows) follow.
    Ready(DetailsStatus),
    Failed(Failure),
}

#[derive(Clone, PartialEq)]
enum DetailsStatus {
    Loading,
    Ready,
    /// Search works; pages are opened from their prerendered copies, downloads wait.
    Failed(Failure),
}

impl EngineStatus {
    /// The engine searches.
    fn searching(&self) -> bool {
        matches!(self, EngineStatus::Ready(_))
    }

    /// The whole report is in: pages and downloads can be made.
    fn report_ready(&self) -> bool {
        matches!(self, EngineStatus::Ready(DetailsStatus::Ready))
    }

    /// What went wrong, if the engine or the details did not load.
    fn failure(&self) -> Option<&Failure> {
        match self {
            EngineStatus::Failed(f) | EngineStatus::Ready(DetailsStatus::Failed(f)) => Some(f),
            _ => None,
        }
    }
}

/// The engine, once loaded (shared by the memos and the download callback).
type EngineCell = Rc<RefCell<Option<Engine>>>;

/// How long one slice of the idle preparation may take the page's thread: well under
/// the 50 ms from which a task counts as long (and delays a keystroke), also on a
/// phone four times slower than a desktop.
const SLICE_MS: f64 = 5.0;

/// After the first results: every item's words, a few items at a time, in tasks of at
/// most [`SLICE_MS`] so that typing is never held up (see `Engine::prepare`), then the
/// warm-up's searches one per task (`Engine::warm_up_requests`).
async fn prepare(engine: EngineCell) {
    let mut next = 0;
    loop {
        engine_load::next_task().await;
        let Some(e) = &*engine.borrow() else { return };
        let start = now();
        while next < e.prepared_len() && now() - start < SLICE_MS {
            next = e.prepare(next, 2);
        }
        if next >= e.prepared_len() {
            break;
        }
    }
    let requests = engine.borrow().as_ref().map(Engine::warm_up_requests).unwrap_or_default();
    for request in requests {
        engine_load::next_task().await;
        let Some(e) = &*engine.borrow() else { return };
        e.search(&request);
    }
}

/// Resolves after the next frame has been painted: the frame's callback runs before
/// painting, and a task queued from it runs after.
async fn after_next_paint() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// The URL: the location shown, and a callback to go elsewhere (`true`: a new history
/// entry). Back and forward restore what the URL says.
#[hook]
fn use_location(start: Location) -> (UseStateHandle<Location>, Callback<(Location, bool)>) {
    let location = use_state(move || start);
    {
        let location = location.setter();
        use_effect_with((), move |_| {
            let listener = gloo_events::EventListener::new(&web_sys::window().unwrap(), "popstate", move |_| {
                // A typed address still waiting must not overwrite the one returned to.
                PENDING_URL.with(|p| p.borrow_mut().take());
                location.set(current_location())
            });
            move || drop(listener)
        });
    }
    let go = {
        let location = location.setter();
        Callback::from(move |(next, push): (Location, bool)| {
            write_url(&next, push);
            location.set(next);
        })
    };
    (location, go)
}

/// Loads the engine (in the browser; never at build time: effects do not run there);
/// once the first results are painted, the report's details, and meanwhile prepares
/// the engine in idle slices. The callback tries again after a failure, past every
/// cache.
#[hook]
fn use_engine() -> (EngineStatus, EngineCell, Callback<()>) {
    let status = use_state(|| EngineStatus::Loading(LoadStep::Manifest));
    let engine: EngineCell = use_mut_ref(|| None);
    let attempt = use_state(|| 0u32);
    {
        let (status, engine) = (status.setter(), engine.clone());
        use_effect_with(*attempt, move |attempt| {
            let fresh = *attempt > 0;
            if fresh {
                status.set(EngineStatus::Loading(LoadStep::Manifest));
            }
            wasm_bindgen_futures::spawn_local(async move {
                let step = status.clone();
                match engine_load::load(move |s| step.set(EngineStatus::Loading(s)), fresh).await {
                    Ok((loaded, manifest)) => {
                        *engine.borrow_mut() = Some(loaded);
                        status.set(EngineStatus::Ready(DetailsStatus::Loading));
                        after_next_paint().await;
                        // The details, once the page is idle after the first results:
                        // nothing that paints them shares the link with them.
                        engine_load::when_idle().await;
                        wasm_bindgen_futures::spawn_local(add_details(status, engine.clone(), manifest, fresh));
                        prepare(engine).await;
                    }
                    Err(failure) => {
                        web_sys::console::error_1(&failure.detail_en.clone().into());
                        status.set(EngineStatus::Failed(failure))
                    }
                }
            });
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    ((*status).clone(), engine, retry)
}

/// Downloads the report's details into the engine, then (web site) the brand fonts.
async fn add_details(status: UseStateSetter<EngineStatus>, engine: EngineCell, manifest: Manifest, fresh: bool) {
    let added = match engine_load::load_details(&manifest, fresh).await {
        Ok(details) => {
            engine.borrow_mut().as_mut().map(|e| e.add_details(details).map_err(engine_load::bundle_failure))
        }
        Err(failure) => Some(Err(failure)),
    };
    match added {
        Some(Ok(())) => {
            status.set(EngineStatus::Ready(DetailsStatus::Ready));
            if !delivery::current().single_file {
                crate::fonts::load_and_remember().await;
            }
        }
        Some(Err(failure)) => {
            web_sys::console::error_1(&failure.detail_en.clone().into());
            status.set(EngineStatus::Ready(DetailsStatus::Failed(failure)));
        }
        None => {}
    }
}

/// Makes and saves the file asked for; `false` while the engine's report is not whole.
fn save_export(engine: &EngineCell, (scope, format): &(ExportScope, ExportFormat)) -> bool {
    let Some(file) = engine.borrow().as_ref().and_then(|e| download::export(e, scope.clone(), *format)) else {
        return false;
    };
    if let Err(e) = download::save(&file) {
        web_sys::console::error_2(&"download failed".into(), &e);
    }
    true
}

/// The results shown, with the query they answer (tests and screen readers rely on
/// the count never describing another query) and the search time; and the same
/// response for the filters' counts, a frame later. The empty query gives every item:
/// the filters' counts on the home page.
type Answer = Rc<Option<(String, SearchResponse, f64)>>;

#[hook]
fn use_results(engine: EngineCell, ready: bool, state: UrlState, limit: usize) -> (Answer, Option<Answer>) {
    let response = {
        let engine = engine.clone();
        use_memo(
            (ready, state.query.clone(), state.filters.clone(), state.sort, limit),
            move |(_, query, filters, sort, limit)| {
                let engine = engine.borrow();
                let engine = engine.as_ref()?;
                let start = now();
                let request = SearchRequest {
                    query: query.clone(),
                    filters: filters.clone(),
                    limit: *limit,
                    offset: 0,
                    sort: *sort,
                };
                let response = engine.search(&request);
                Some((query.clone(), response, now() - start))
            },
        )
    };
    // The filters' counts follow the results after they are painted: a keystroke's
    // results reach the screen a frame sooner, and the counts a frame later, unnoticed.
    let counted = use_state(|| None::<Answer>);
    {
        let (counted, generation) = (counted.setter(), use_mut_ref(|| 0u64));
        use_effect_with(response.clone(), move |response| {
            let response = response.clone();
            let mine = {
                let mut g = generation.borrow_mut();
                *g += 1;
                *g
            };
            wasm_bindgen_futures::spawn_local(async move {
                after_next_paint().await;
                // A newer keystroke has scheduled its own counts.
                if *generation.borrow() == mine {
                    counted.set(Some(response));
                }
            });
        });
    }
    (response, (*counted).clone())
}

/// The content of the page `route` names: from the engine's whole report once its
/// details are in, before that from the prerendered page when it is this one. `None`
/// while waiting, for the results, and for a page the report does not have.
#[hook]
fn use_page(
    engine: EngineCell,
    report_ready: bool,
    route: Route,
    initial: Option<Rc<Prerendered>>,
) -> Rc<Option<PageData>> {
    use_memo((report_ready, route), move |(_, route)| match engine.borrow().as_ref().and_then(Engine::report) {
        Some(report) => PageData::for_route(report, *route),
        None => initial.as_ref().filter(|i| i.route == *route).map(|i| i.page.clone()),
    })
}

/// An activity opened from a search shows the question's words marked: the stems
/// are read once per (question, activity), then found in each text shown.
#[hook]
fn use_marks(engine: EngineCell, ready: bool, page: Rc<Option<PageData>>, query: String) -> Rc<DetailMarks> {
    use_memo((ready, page, query), move |(_, page, query)| {
        let engine = engine.borrow();
        match (engine.as_ref(), page.as_ref()) {
            (Some(e), Some(PageData::Detail(d))) if !query.trim().is_empty() => {
                let terms = e.terms(query);
                DetailMarks::new(d, |text| e.marks(text, &terms))
            }
            _ => DetailMarks::default(),
        }
    })
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let (location, go_to) = use_location(props.start.clone());
    let (status, engine, retry) = use_engine();
    let ready = status.searching();
    let report_ready = status.report_ready();
    let failed = matches!(status, EngineStatus::Failed(_));
    // Without the whole report no page or file can be made from it (see `DataMissing`).
    let data_missing = status.failure().is_some();
    let limit = use_state(|| PAGE);
    let (response, counted) = use_results(engine.clone(), ready, location.state.clone(), *limit);
    let page = use_page(engine.clone(), report_ready, location.route, props.initial.clone());
    let marks = use_marks(engine.clone(), ready, page.clone(), location.state.query.clone());
    let lang = if location.state.english { Lang::En } else { Lang::It };
    let delivery = delivery::current();
    let route = location.route;
    // A newer version of the app and bundle is cached and waits for the person's go.
    let update_ready = use_state(|| false);
    {
        // Registered once the engine and the details are in: installing downloads
        // every file of the app again into its cache, which must not compete with
        // the first results nor with the details.
        let update_ready = update_ready.setter();
        let settled = ready && !matches!(status, EngineStatus::Ready(DetailsStatus::Loading));
        use_effect_with((ready, settled, report_ready), move |&(ready, settled, report_ready)| {
            if settled && !delivery::current().single_file {
                pwa::register(Callback::from(move |_| update_ready.set(true)));
            }
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("data-engine", if ready { "ready" } else { "loading" });
                // Tests and the benchmark wait for the details too.
                let _ = html.set_attribute("data-report", if report_ready { "ready" } else { "loading" });
            }
        });
    }
    // The app is running (hydrated or rendered): tests and the benchmark wait for it.
    use_effect_with((), |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-app", "running");
        }
    });
    let go = {
        let (location, limit, go_to) = (location.clone(), limit.clone(), go_to.clone());
        Callback::from(move |(next, push): (Location, bool)| {
            if next.state.query != location.state.query || next.state.filters != location.state.filters {
                limit.set(PAGE);
            }
            go_to.emit((next, push));
        })
    };
    let on_input = {
        let (location, go) = (location.clone(), go.clone());
        Callback::from(move |q: String| {
            let next = Location::new(Route::Results, UrlState { query: q, ..location.state.clone() });
            go.emit((next, false));
        })
    };
    // Words typed into the prerendered box before the app arrived are searched.
    {
        let (typed, on_input) = (props.typed.clone(), on_input.clone());
        use_effect_with((), move |_| {
            if let Some(q) = typed {
                on_input.emit(q);
            }
        });
    }
    // Kiosk: after the idle time, back to an empty home page for the next visitor.
    {
        let idle_secs = match delivery.mode {
            Mode::Kiosk { idle_secs } => Some(idle_secs),
            _ => None,
        };
        let (go, limit) = (go.clone(), limit.setter());
        kiosk::use_idle_reset(
            idle_secs,
            Callback::from(move |_| {
                limit.set(PAGE);
                go.emit((Location::default(), false));
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
                if let Some(el) = document().active_element() {
                    let _ = el.unchecked_into::<web_sys::HtmlElement>().blur();
                }
            }),
        );
    }
    // Embedded: a new view tells the host page (not the first one: that would scroll
    // the host to the widget as soon as it loads).
    {
        let first = use_mut_ref(|| true);
        let embedded = delivery.is_embed();
        use_effect_with(route, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) && embedded {
                embed::report_navigation();
            }
        });
    }
    // A new page moves focus to its title, for keyboard and screen-reader users (not
    // the page first opened: the reader starts at its top).
    {
        let first = use_mut_ref(|| true);
        let shown = page.is_some();
        use_effect_with((route, shown), move |(route, shown)| {
            if std::mem::replace(&mut *first.borrow_mut(), false) || !shown {
                return;
            }
            match route {
                Route::Activity(_) | Route::Table(_) => focus("detail-title"),
                Route::Home | Route::Results => {}
                _ => focus("page-title"),
            }
        });
    }
    // The document's language follows the interface, and is remembered when it changes.
    use_effect_with(lang, |lang| {
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", lang.code());
        }
        if let Some(s) = storage() {
            let _ = s.set_item(LANG_KEY, lang.code());
        }
    });
    // The title follows the page; a results page's, after a pause in typing.
    {
        let title = match &*page {
            Some(p) => p.meta(lang).0,
            None if route == Route::Results => {
                format!("{}: {} — {}", t(lang, Key::SearchResults), location.state.query, t(lang, Key::AppName))
            }
            None => format!("{} — {}", t(lang, Key::AppName), t(lang, Key::City)),
        };
        let typing = route == Route::Results;
        use_effect_with(title, move |title| write_title(title, typing));
    }

    let nav = Nav { here: (*location).clone(), lang, go: go.reform(|to| (to, true)) };
    let on_toggle = {
        let (location, go) = (location.clone(), go.clone());
        Callback::from(move |(facet, value): (rendiconto_search::Facet, String)| {
            let mut state = location.state.clone();
            state.toggle(facet, &value);
            go.emit((Location::new(Route::Results, state), true));
        })
    };
    let on_clear = {
        let (location, go) = (location.clone(), go.clone());
        Callback::from(move |_| {
            go.emit((Location::new(Route::Results, UrlState { filters: Vec::new(), ..location.state.clone() }), true))
        })
    };
    // The filters ticked in the phone's dialog, applied at once.
    let on_apply = {
        let (location, go) = (location.clone(), go.clone());
        Callback::from(move |filters: Vec<(rendiconto_search::Facet, String)>| {
            if filters != location.state.filters {
                go.emit((Location::new(Route::Results, UrlState { filters, ..location.state.clone() }), true));
            }
        })
    };
    // What ticking boxes in the dialog would give: the filters' counts for the question.
    let counts = {
        let (engine, state) = (engine.clone(), location.state.clone());
        Callback::from(move |filters: Vec<(rendiconto_search::Facet, String)>| {
            let request = SearchRequest { query: state.query.clone(), filters, limit: 1, offset: 0, sort: state.sort };
            engine.borrow().as_ref().map(|e| e.search(&request).facets).unwrap_or_default()
        })
    };
    let on_more = {
        let limit = limit.clone();
        Callback::from(move |_| limit.set(*limit + PAGE))
    };
    // A file asked for before the report's details are in is made when they arrive.
    let pending_export = use_mut_ref(|| None::<(ExportScope, ExportFormat)>);
    let on_export = {
        let (engine, pending) = (engine.clone(), pending_export.clone());
        Callback::from(move |asked: (ExportScope, ExportFormat)| {
            if !save_export(&engine, &asked) {
                *pending.borrow_mut() = Some(asked);
            }
        })
    };
    {
        let (engine, pending) = (engine.clone(), pending_export);
        use_effect_with(report_ready, move |ready| {
            if let (true, Some(asked)) = (*ready, pending.borrow_mut().take()) {
                save_export(&engine, &asked);
            }
        });
    }
    let on_lang = {
        let (location, go) = (location.clone(), go.clone());
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            go.emit((location.other_language(), false));
        })
    };
    let on_press = {
        let (location, on_input) = (location.clone(), on_input.clone());
        Callback::from(move |press| on_input.emit(kiosk::apply(&location.state.query, press)))
    };

    // The one place that decides what the page shows.
    // (After a failure the notice above says what happened instead.)
    let waiting = if data_missing {
        html! {}
    } else {
        html! { <p class="engine-status" role="status">{t(lang, Key::Opening)}</p> }
    };
    let mut is_waiting = false;
    let view = match (route, &*page) {
        (Route::Home, _) if delivery.is_compact() => html! {},
        (Route::Home, Some(PageData::Home(missions))) => {
            html! { <Home missions={missions.clone()} on_export={on_export.clone()} /> }
        }
        (Route::Results, _) => match &*response {
            Some((query, r, millis)) => {
                // Phone: "Filtri (n)" opens the filters in a dialog (the sidebar is
                // hidden by CSS there); every width: the active filters as chips.
                let toolbar = html! {
                    <div class="filter-bar">
                        if !delivery.is_compact() {
                            <FilterDialog {lang} filters={location.state.filters.clone()} counts={counts.clone()} on_apply={on_apply.clone()} />
                        }
                        <FilterChips {lang} filters={location.state.filters.clone()} on_toggle={on_toggle.clone()} />
                    </div>
                };
                html! {
                    <>
                        <h1 id="page-title" class="results-title">{t(lang, Key::SearchResults)}</h1>
                        <Results {lang} query={query.clone()} millis={*millis} response={r.clone()} on_more={on_more} {toolbar} />
                        <Downloads {lang} scope={ExportScope::Results(SearchRequest { query: location.state.query.clone(), filters: location.state.filters.clone(), limit: 0, offset: 0, sort: location.state.sort })}
                            label={Key::DownloadResults} on_export={on_export.clone()} />
                    </>
                }
            }
            None => {
                is_waiting = true;
                waiting
            }
        },
        (Route::Mission(_), Some(PageData::Mission(m))) => html! { <MissionPage mission={m.clone()} /> },
        (Route::Program(_), Some(PageData::Program(v))) => {
            html! { <ProgramPage view={v.clone()} on_export={on_export.clone()} /> }
        }
        (Route::Activity(_) | Route::Table(_), Some(PageData::Detail(d))) => {
            html! { <DetailView detail={d.clone()} marks={marks.clone()} /> }
        }
        (Route::OpenData, _) => html! { <OpenDataPage on_export={on_export.clone()} /> },
        (_, _) if !report_ready => {
            is_waiting = true;
            waiting
        }
        (Route::Program(_), _) => {
            html! { <ProgramPage view={None::<crate::views::ProgramView>} on_export={on_export.clone()} /> }
        }
        (_, _) => html! { <DetailView detail={None::<crate::views::Detail>} /> },
    };
    // The engine's progress is shown only to someone waiting for it (a prerendered page
    // is read meanwhile: no line that would come and go above it); a failure always.
    let status_line = match &status {
        EngineStatus::Loading(step) if is_waiting => Some(html! {
            <p class="engine-status" role="status" aria-live="polite" id="engine-status">
                <span class="spinner" aria-hidden="true"></span>
                {t(lang, match step {
                    LoadStep::Manifest => Key::LoadingManifest,
                    LoadStep::Data => Key::LoadingData,
                    LoadStep::Index => Key::LoadingIndex,
                    LoadStep::Opening => Key::Opening,
                })}
                {" "}{t(lang, Key::Waiting)}
            </p>
        }),
        EngineStatus::Ready(DetailsStatus::Loading) if is_waiting => Some(html! {
            <p class="engine-status" role="status" aria-live="polite" id="engine-status">
                <span class="spinner" aria-hidden="true"></span>
                {t(lang, Key::LoadingDetails)}
            </p>
        }),
        // What happened and what to do, in plain words; the technical detail in a
        // disclosure (and in the console). The search itself works without the
        // details: their failure is told where a page needs them.
        EngineStatus::Failed(failure) | EngineStatus::Ready(DetailsStatus::Failed(failure)) if failed || is_waiting => {
            let (message, action, onclick) = match failure.kind {
                FailureKind::Download => (Key::LoadFailed, Key::Retry, retry.reform(|_: MouseEvent| ())),
                FailureKind::Version => (
                    Key::VersionMismatch,
                    Key::ReloadPage,
                    Callback::from(|_: MouseEvent| {
                        if let Some(w) = web_sys::window() {
                            let _ = w.location().reload();
                        }
                    }),
                ),
            };
            let detail = if lang == Lang::It { failure.detail_it.clone() } else { failure.detail_en.clone() };
            Some(html! {
                <div class="engine-error" id="engine-error">
                    <p class="engine-error-message" role="alert" id="engine-error-message">{t(lang, message)}</p>
                    <button type="button" class="button-primary" id="engine-retry" {onclick}>{t(lang, action)}</button>
                    <details class="engine-error-detail">
                        <summary>{t(lang, Key::TechnicalDetails)}</summary>
                        <p>{detail}</p>
                    </details>
                </div>
            })
        }
        _ => None,
    };
    let with_sidebar = route.is_list() && !delivery.is_compact();
    let other = if lang == Lang::It { "en" } else { "it" };
    let lang_link = html! {
        <a class="lang" href={location.other_language().href()} onclick={on_lang} hreflang={other} lang={other}>{t(lang, Key::OtherLanguage)}</a>
    };
    let header = if delivery.is_embed() {
        html! {
            <header class="embed-bar"><div class="wrap">
                <span class="embed-name">{t(lang, Key::AppName)}{" — "}{t(lang, Key::City)}</span>
                {lang_link}
                <a class="embed-full" href={location.href_with(false)} target="_blank" rel="noopener">{t(lang, Key::OpenFullPage)}</a>
            </div></header>
        }
    } else {
        html! {
            <header class="site-header">
                <div class="slim"><div class="wrap">
                    <span>{t(lang, Key::City)}</span>
                    {lang_link}
                </div></div>
                <div class="center"><div class="wrap">
                    <p class="app-name">{t(lang, Key::AppName)}</p>
                    <p class="app-subtitle">{t(lang, Key::Subtitle)}</p>
                </div></div>
            </header>
        }
    };
    let update_banner = (*update_ready).then(|| {
        html! {
            <div class="update-banner" role="status"><div class="wrap">
                <p>{t(lang, Key::UpdateReady)}</p>
                <button type="button" id="update-now" class="button-secondary" onclick={Callback::from(|_| pwa::apply_update())}>{t(lang, Key::UpdateNow)}</button>
            </div></div>
        }
    });
    // With a <base> of the site's root, a bare `#content` would lead to the root page.
    let skip = if delivery.uses_paths() { format!("{}#content", location.href()) } else { "#content".into() };

    html! {
        <ContextProvider<Nav> context={nav}>
        <ContextProvider<DataMissing> context={DataMissing(data_missing)}>
            <a class="skip-link" href={skip}>{t(lang, Key::SkipToResults)}</a>
            {header}
            <div class="banner-area">{ for update_banner }</div>
            <main class="wrap" id="main">
                <SearchBox {lang} value={location.state.query.clone()} on_input={on_input} disabled={failed}
                    hint={if delivery.is_kiosk() { Key::KioskHint } else { Key::SearchHint }} />
                if delivery.is_kiosk() {
                    <Keyboard {lang} {on_press} />
                }
                <div class="status-area">{ for status_line }</div>
                <div class={classes!("layout", with_sidebar.then_some("with-sidebar"), (route == Route::Home).then_some("is-home"), (route == Route::Results).then_some("is-results"))}>
                    if with_sidebar {
                        <aside class="sidebar" aria-label={t(lang, Key::Filters)}>
                            if let Some((_, r, _)) = counted.as_deref().and_then(Option::as_ref) {
                                <Facets {lang} facets={r.facets.clone()} any_selected={!location.state.filters.is_empty()} on_toggle={on_toggle} on_clear={on_clear} />
                            }
                        </aside>
                    }
                    <div class="content" id="content" tabindex="-1">{view}</div>
                </div>
            </main>
            if !delivery.is_compact() {
                <footer class="site-footer"><div class="wrap"><p>{t(lang, Key::Footer)}</p></div></footer>
            }
        </ContextProvider<DataMissing>>
        </ContextProvider<Nav>>
    }
}
