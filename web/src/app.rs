//! The page: URL state ⇄ search worker ⇄ views.
//!
//! The URL decides the view: `a=` an activity or table, `p=` a programme, a query or
//! filters the results, nothing the report's structure. Every view keeps the search box
//! on top, so a person can always start over.

use crate::components::detail::DetailView;
use crate::components::downloads::Downloads;
use crate::components::facets::Facets;
use crate::components::home::Home;
use crate::components::keyboard::Keyboard;
use crate::components::nav::Nav;
use crate::components::program::ProgramPage;
use crate::components::results::Results;
use crate::components::search_box::SearchBox;
use crate::delivery::{self, Mode};
use crate::i18n::{t, Key, Lang};
use crate::protocol::{Detail, ExportFormat, ExportScope, FromWorker, LoadStep, MissionSummary, ProgramView, ToWorker};
use crate::url_state::UrlState;
use crate::worker::SearchWorker;
use crate::{download, embed, kiosk, pwa};
use gloo_worker::{Spawnable, WorkerBridge};
use rendiconto_search::{SearchRequest, SearchResponse};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How long a search may go unanswered before the worker is declared stuck.
const WATCHDOG_MS: i32 = 15_000;

/// Results shown at first and added by "Mostra altri risultati".
const PAGE: usize = 20;
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

pub fn start() {
    let root = document().get_element_by_id("app").expect("index.html has #app");
    // The static "loading" text in index.html goes: the app replaces it.
    root.set_inner_html("");
    let delivery = delivery::current();
    if let Some(html) = document().document_element() {
        match delivery.mode {
            Mode::Embed { compact } => {
                let _ = html.set_attribute("data-mode", if compact { "embed compact" } else { "embed" });
                embed::report_height();
            }
            Mode::Kiosk { .. } => kiosk::install_guards(),
            Mode::Site => {}
        }
    }
    yew::Renderer::<App>::with_root(root).render();
}

pub(crate) fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a browser document")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The URL's state; without `lang=` in it, the language chosen last time.
fn current_url() -> UrlState {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let mut state = UrlState::parse(&search);
    if !search.contains("lang=") {
        state.english = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten()).as_deref() == Some("en");
    }
    state
}

thread_local! {
    /// The address typed-in queries are waiting to write (see [`write_url`]).
    static PENDING_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Writes `state` to the address bar; `push` makes a new history entry. Replacements
/// (typing) are written at most every 150 ms: browsers ignore `replaceState` called
/// hundreds of times in a few seconds, which would leave a stale address.
fn write_url(state: &UrlState, push: bool) {
    let Some(window) = web_sys::window() else { return };
    let path = window.location().pathname().unwrap_or_default();
    let url = format!("{path}{}", delivery::with_suffix(&state.to_query_string(), &delivery::current().url_suffix()));
    if push {
        PENDING_URL.with(|p| p.borrow_mut().take());
        if let Ok(history) = window.history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        return;
    }
    let scheduled = PENDING_URL.with(|p| p.borrow_mut().replace(url).is_some());
    if !scheduled {
        let flush = wasm_bindgen::closure::Closure::once_into_js(|| {
            if let (Some(url), Some(history)) =
                (PENDING_URL.with(|p| p.borrow_mut().take()), web_sys::window().and_then(|w| w.history().ok()))
            {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        });
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(flush.unchecked_ref(), 150);
    }
}

fn focus(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

#[derive(Clone, PartialEq)]
enum EngineStatus {
    Loading(LoadStep),
    Ready,
    Failed(String, String),
}

type Bridge = Rc<RefCell<Option<WorkerBridge<SearchWorker>>>>;

fn send(bridge: &Bridge, msg: ToWorker) {
    if let Some(b) = bridge.borrow().as_ref() {
        b.send(msg);
    }
}

/// Searches go to the worker one at a time; while one runs, only the newest waiting
/// request is kept. Fast typing (or a pasted flood) never builds a backlog, and the
/// results shown are always for what is in the box.
#[derive(Default)]
struct SearchFlow {
    in_flight: bool,
    waiting: Option<ToWorker>,
}

type Flow = Rc<RefCell<SearchFlow>>;

fn send_search(bridge: &Bridge, flow: &Flow, msg: ToWorker) {
    let mut f = flow.borrow_mut();
    if f.in_flight {
        f.waiting = Some(msg);
    } else {
        f.in_flight = true;
        send(bridge, msg);
    }
}

/// An answer came back: send the newest waiting request, if any.
fn search_done(bridge: &Bridge, flow: &Flow) {
    let next = {
        let mut f = flow.borrow_mut();
        f.in_flight = false;
        f.waiting.take()
    };
    if let Some(msg) = next {
        send_search(bridge, flow, msg);
    }
}

/// If search `sent` is still unanswered after [`WATCHDOG_MS`], the worker has died
/// (a panic there ends it silently): say so instead of waiting forever.
fn watchdog(sent: u64, answered: Rc<RefCell<u64>>, status: UseStateSetter<EngineStatus>) {
    let check = wasm_bindgen::closure::Closure::once_into_js(move || {
        if *answered.borrow() < sent {
            status.set(EngineStatus::Failed(
                "Il motore di ricerca non risponde. Ricarica la pagina per riprovare.".into(),
                "The search engine does not respond. Reload the page to try again.".into(),
            ));
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(check.unchecked_ref(), WATCHDOG_MS);
    }
}

#[component]
pub fn App() -> Html {
    let url = use_state(current_url);
    let status = use_state(|| EngineStatus::Loading(LoadStep::Manifest));
    // The results shown, with the query they answer (tests and screen readers rely on
    // the count never describing another query), and the worker's search time.
    let response = use_state(|| None::<(String, SearchResponse, f64)>);
    let detail = use_state(|| None::<(String, Option<Detail>)>);
    let program = use_state(|| None::<(String, Option<ProgramView>)>);
    let overview = use_state(|| None::<Vec<MissionSummary>>);
    let limit = use_state(|| PAGE);
    let seq = use_mut_ref(|| 0u64);
    let asked = use_mut_ref(String::new);
    // The newest search the worker has answered (a dead worker answers none).
    let answered = use_mut_ref(|| 0u64);
    let flow: Flow = use_mut_ref(SearchFlow::default);
    let bridge: Bridge = use_mut_ref(|| None);
    let lang = if url.english { Lang::En } else { Lang::It };
    let delivery = delivery::current();
    // A newer version of the app and bundle is cached and waits for the person's go.
    let update_ready = use_state(|| false);
    {
        let update_ready = update_ready.setter();
        use_effect_with((), move |_| {
            if !delivery::current().single_file {
                pwa::register(Callback::from(move |_| update_ready.set(true)));
            }
        });
    }
    // Kiosk: after the idle time, back to an empty home page for the next visitor.
    {
        let idle_secs = match delivery.mode {
            Mode::Kiosk { idle_secs } => Some(idle_secs),
            _ => None,
        };
        let (url, limit) = (url.setter(), limit.setter());
        kiosk::use_idle_reset(
            idle_secs,
            Callback::from(move |_| {
                let home = UrlState::default();
                limit.set(PAGE);
                write_url(&home, false);
                url.set(home);
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
        use_effect_with((url.open.clone(), url.program.clone()), move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) && embedded {
                embed::report_navigation();
            }
        });
    }

    // Start the worker once; route its messages to the state.
    {
        let (status, response, detail, program, overview) =
            (status.setter(), response.setter(), detail.setter(), program.setter(), overview.setter());
        let (seq, bridge, asked, answered) = (seq.clone(), bridge.clone(), asked.clone(), answered.clone());
        let flow = flow.clone();
        use_effect_with((), move |_| {
            let has_workers = js_sys::Reflect::has(&js_sys::global(), &"Worker".into()).unwrap_or(false);
            if !has_workers {
                status.set(EngineStatus::Failed(
                    "Questo browser non può eseguire la ricerca (mancano i Web Worker).".into(),
                    "This browser cannot run the search (no Web Workers).".into(),
                ));
                return;
            }
            let bridge_for_results = bridge.clone();
            let callback = move |msg: FromWorker| match msg {
                FromWorker::Loading(step) => status.set(EngineStatus::Loading(step)),
                FromWorker::Ready { .. } => status.set(EngineStatus::Ready),
                FromWorker::Failed { it, en } => status.set(EngineStatus::Failed(it, en)),
                FromWorker::Results { seq: s, response: r, millis } => {
                    *answered.borrow_mut() = s;
                    search_done(&bridge_for_results, &flow);
                    if s == *seq.borrow() {
                        response.set(Some((asked.borrow().clone(), r, millis)));
                    }
                }
                FromWorker::Detail { detail: d, .. } => {
                    let id = d.as_ref().and_then(|d| {
                        d.activity.as_ref().map(|a| a.id.clone()).or(d.table.as_ref().map(|t| t.id.clone()))
                    });
                    detail.set(Some((id.unwrap_or_default(), d)));
                }
                FromWorker::Program { id, view } => program.set(Some((id, view))),
                FromWorker::Overview(missions) => overview.set(Some(missions)),
                FromWorker::Export(file) => {
                    if let Err(e) = download::save(&file) {
                        web_sys::console::error_2(&"download failed".into(), &e);
                    }
                }
            };
            let b = SearchWorker::spawner()
                .as_module(false)
                .with_loader(true)
                .callback(callback)
                .spawn(&delivery::current().worker_url);
            *bridge.borrow_mut() = Some(b);
        });
    }

    // Back and forward restore what the URL says.
    {
        let url = url.setter();
        use_effect_with((), move |_| {
            let listener = gloo_events::EventListener::new(&web_sys::window().unwrap(), "popstate", move |_| {
                url.set(current_url())
            });
            move || drop(listener)
        });
    }

    // Every change of query, filters or page size asks for results.
    {
        let (bridge, seq, asked, answered, flow) =
            (bridge.clone(), seq.clone(), asked.clone(), answered.clone(), flow.clone());
        let (ready, stuck) = (*status == EngineStatus::Ready, status.setter());
        let deps = (url.query.clone(), url.filters.clone(), *limit);
        use_effect_with(deps, move |(query, filters, limit)| {
            *seq.borrow_mut() += 1;
            *asked.borrow_mut() = query.clone();
            let request = SearchRequest { query: query.clone(), filters: filters.clone(), limit: *limit, offset: 0 };
            let sent = *seq.borrow();
            send_search(&bridge, &flow, ToWorker::Search { seq: sent, request });
            if ready {
                watchdog(sent, answered, stuck);
            }
        });
    }
    // Requests sent before the worker existed are asked again once it is ready.
    {
        let (bridge, seq, url, limit, flow) = (bridge.clone(), seq.clone(), url.clone(), *limit, flow.clone());
        use_effect_with(status.clone(), move |status| {
            if **status == EngineStatus::Ready {
                let request =
                    SearchRequest { query: url.query.clone(), filters: url.filters.clone(), limit, offset: 0 };
                send_search(&bridge, &flow, ToWorker::Search { seq: *seq.borrow(), request });
                send(&bridge, ToWorker::Overview);
                if let Some(id) = &url.open {
                    send(&bridge, ToWorker::Detail { seq: 0, id: id.clone() });
                }
                if let Some(id) = &url.program {
                    send(&bridge, ToWorker::Program { id: id.clone() });
                }
            }
        });
    }
    {
        let bridge = bridge.clone();
        use_effect_with(url.open.clone(), move |open| {
            if let Some(id) = open {
                send(&bridge, ToWorker::Detail { seq: 0, id: id.clone() });
            }
        });
    }
    {
        let bridge = bridge.clone();
        use_effect_with(url.program.clone(), move |p| {
            if let Some(id) = p {
                send(&bridge, ToWorker::Program { id: id.clone() });
            }
        });
    }
    // A new page moves focus to its title, for keyboard and screen-reader users.
    {
        let (open, prog) = (url.open.clone(), url.program.clone());
        use_effect_with((detail.clone(), program.clone()), move |_| {
            if open.is_some() {
                focus("detail-title");
            } else if prog.is_some() {
                focus("page-title");
            }
        });
    }
    // The document language follows the interface language, and is remembered.
    use_effect_with(lang, move |lang| {
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", lang.code());
        }
        if let Some(s) = storage() {
            let _ = s.set_item(LANG_KEY, lang.code());
        }
    });

    let go = {
        let (url, limit) = (url.clone(), limit.clone());
        Callback::from(move |(next, push): (UrlState, bool)| {
            if next.query != url.query || next.filters != url.filters {
                limit.set(PAGE);
            }
            write_url(&next, push);
            url.set(next);
        })
    };
    let nav = Nav { here: (*url).clone(), lang, go: go.reform(|to| (to, true)) };
    let on_input = {
        let (url, go) = (url.clone(), go.clone());
        Callback::from(move |q: String| {
            let next = UrlState { query: q, open: None, program: None, ..(*url).clone() };
            go.emit((next, false));
        })
    };
    let on_toggle = {
        let (url, go) = (url.clone(), go.clone());
        Callback::from(move |(facet, value): (rendiconto_search::Facet, String)| {
            let mut next = url.results();
            next.toggle(facet, &value);
            go.emit((next, true));
        })
    };
    let on_clear = {
        let (url, go) = (url.clone(), go.clone());
        Callback::from(move |_| go.emit((UrlState { filters: Vec::new(), ..url.results() }, true)))
    };
    let on_more = {
        let limit = limit.clone();
        Callback::from(move |_| limit.set(*limit + PAGE))
    };
    let on_export = {
        let bridge = bridge.clone();
        Callback::from(move |(scope, format): (ExportScope, ExportFormat)| {
            send(&bridge, ToWorker::Export { scope, format })
        })
    };
    let on_lang = {
        let (url, go) = (url.clone(), go.clone());
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            go.emit((UrlState { english: !url.english, ..(*url).clone() }, false));
        })
    };
    let on_press = {
        let (url, on_input) = (url.clone(), on_input.clone());
        Callback::from(move |press| on_input.emit(kiosk::apply(&url.query, press)))
    };
    let lang_href = UrlState { english: !url.english, ..(*url).clone() }.href();

    let status_line = match &*status {
        EngineStatus::Loading(step) => Some(html! {
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
        EngineStatus::Failed(it, en) => Some(html! {
            <p class="engine-error" role="alert" id="engine-error">{ if lang == Lang::It { it.clone() } else { en.clone() } }</p>
        }),
        EngineStatus::Ready => None,
    };
    let waiting = html! { <p class="engine-status" role="status">{t(lang, Key::Opening)}</p> };
    let searching = !url.query.is_empty() || !url.filters.is_empty();
    let with_sidebar = url.open.is_none() && url.program.is_none() && !delivery.is_compact();
    let view = if let Some(id) = &url.open {
        match &*detail {
            Some((got, d)) if got == id || d.is_none() => html! { <DetailView detail={d.clone()} /> },
            _ => waiting,
        }
    } else if let Some(id) = &url.program {
        match &*program {
            Some((got, v)) if got == id => html! { <ProgramPage view={v.clone()} on_export={on_export.clone()} /> },
            _ => waiting,
        }
    } else if searching {
        match &*response {
            Some((query, r, millis)) => html! {
                <>
                    <h1 id="page-title" class="results-title">{t(lang, Key::SearchResults)}</h1>
                    <Downloads {lang} scope={ExportScope::Results(SearchRequest { query: url.query.clone(), filters: url.filters.clone(), limit: 0, offset: 0 })}
                        label={Key::DownloadResults} on_export={on_export.clone()} />
                    <Results {lang} query={query.clone()} millis={*millis} response={r.clone()} on_more={on_more} />
                </>
            },
            None => waiting,
        }
    } else if delivery.is_compact() {
        html! {}
    } else {
        html! { <Home missions={(*overview).clone()} on_export={on_export.clone()} /> }
    };
    let lang_link = html! {
        <a class="lang" href={lang_href} onclick={on_lang} hreflang={if lang == Lang::It { "en" } else { "it" }}
            lang={if lang == Lang::It { "en" } else { "it" }}>{t(lang, Key::OtherLanguage)}</a>
    };
    let header = if delivery.is_embed() {
        html! {
            <header class="embed-bar"><div class="wrap">
                <span class="embed-name">{t(lang, Key::AppName)}{" — "}{t(lang, Key::City)}</span>
                {lang_link}
                <a class="embed-full" href={url.href()} target="_blank" rel="noopener">{t(lang, Key::OpenFullPage)}</a>
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

    html! {
        <ContextProvider<Nav> context={nav}>
            <a class="skip-link" href="#content">{t(lang, Key::SkipToResults)}</a>
            {header}
            <div class="banner-area">{ for update_banner }</div>
            <main class="wrap" id="main">
                <SearchBox {lang} value={url.query.clone()} on_input={on_input}
                    hint={if delivery.is_kiosk() { Key::KioskHint } else { Key::SearchHint }} />
                if delivery.is_kiosk() {
                    <Keyboard {lang} {on_press} />
                }
                <div class="status-area">{ for status_line }</div>
                <div class={classes!("layout", with_sidebar.then_some("with-sidebar"))}>
                    if with_sidebar {
                        <aside class="sidebar" aria-label={t(lang, Key::Filters)}>
                            if let Some((_, r, _)) = &*response {
                                <Facets {lang} facets={r.facets.clone()} any_selected={!url.filters.is_empty()} on_toggle={on_toggle} on_clear={on_clear} />
                            }
                        </aside>
                    }
                    <div class="content" id="content" tabindex="-1">{view}</div>
                </div>
            </main>
            if !delivery.is_compact() {
                <footer class="site-footer"><div class="wrap"><p>{t(lang, Key::Footer)}</p></div></footer>
            }
        </ContextProvider<Nav>>
    }
}
