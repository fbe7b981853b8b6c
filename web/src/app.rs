//! The page: URL state → engine → views.
//!
//! The URL decides the view: `a=` an activity or table, `p=` a programme, a query or
//! filters the results, nothing the report's structure. Every view keeps the search box
//! on top, so a person can always start over. Results, pages and counts are computed
//! from the URL during rendering (memoised), so a keystroke is answered in its own task
//! and painted in the next frame.

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
use crate::engine_load::{self, now};
use crate::i18n::{t, Key, Lang};
use crate::url_state::UrlState;
use crate::views::{overview, Detail, DetailMarks, ExportFormat, ExportScope, LoadStep, ProgramView};
use crate::{download, embed, kiosk, pwa};
use rendiconto_search::{Engine, SearchRequest, SearchResponse};
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

/// How long typing must pause before the address bar follows the query.
const URL_PAUSE_MS: u32 = 300;

thread_local! {
    /// The address bar update waiting for a pause in typing (see [`write_url`]).
    static PENDING_URL: RefCell<Option<gloo_timers::callback::Timeout>> = const { RefCell::new(None) };
}

/// Writes `state` to the address bar; `push` makes a new history entry, at once.
/// Replacements (typing) wait for a pause: browsers ignore `replaceState` called
/// hundreds of times in a few seconds, which would leave a stale address, and each
/// call takes the main thread for a moment that a keystroke arriving then would wait.
fn write_url(state: &UrlState, push: bool) {
    let Some(window) = web_sys::window() else { return };
    let path = window.location().pathname().unwrap_or_default();
    let url = format!("{path}{}", delivery::with_suffix(&state.to_query_string(), &delivery::current().url_suffix()));
    // A newer address replaces (and so cancels) the one waiting.
    PENDING_URL.with(|p| p.borrow_mut().take());
    if push {
        if let Ok(history) = window.history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        return;
    }
    let replace = gloo_timers::callback::Timeout::new(URL_PAUSE_MS, move || {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
    PENDING_URL.with(|p| *p.borrow_mut() = Some(replace));
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

/// The engine, once loaded (shared by the memos and the download callback).
type EngineCell = Rc<RefCell<Option<Engine>>>;

/// After the first results: every item's words, a few items per task so that typing
/// is never held up (see `Engine::prepare`), then a warm-up (`Engine::warm_up`).
async fn prepare(engine: EngineCell) {
    let mut next = 0;
    loop {
        gloo_timers::future::TimeoutFuture::new(0).await;
        let done = match engine.borrow().as_ref() {
            Some(e) => {
                next = e.prepare(next, 20);
                let done = next >= e.prepared_len();
                if done {
                    e.warm_up();
                }
                done
            }
            None => true,
        };
        if done {
            return;
        }
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

#[component]
pub fn App() -> Html {
    let url = use_state(current_url);
    let status = use_state(|| EngineStatus::Loading(LoadStep::Manifest));
    let engine: EngineCell = use_mut_ref(|| None);
    let ready = *status == EngineStatus::Ready;
    let limit = use_state(|| PAGE);
    let lang = if url.english { Lang::En } else { Lang::It };
    let delivery = delivery::current();
    // A newer version of the app and bundle is cached and waits for the person's go.
    let update_ready = use_state(|| false);
    {
        // Registered once the engine is up: installing downloads every file of the
        // app again into its cache, which must not compete with the first results.
        let update_ready = update_ready.setter();
        use_effect_with(ready, move |ready| {
            if *ready && !delivery::current().single_file {
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

    // Load the engine once.
    {
        let (status, engine) = (status.setter(), engine.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let step = status.clone();
                match engine_load::load(move |s| step.set(EngineStatus::Loading(s))).await {
                    Ok(loaded) => {
                        *engine.borrow_mut() = Some(loaded);
                        status.set(EngineStatus::Ready);
                        prepare(engine).await;
                    }
                    Err((it, en)) => status.set(EngineStatus::Failed(it, en)),
                }
            });
        });
    }
    // Back and forward restore what the URL says.
    {
        let url = url.setter();
        use_effect_with((), move |_| {
            let listener = gloo_events::EventListener::new(&web_sys::window().unwrap(), "popstate", move |_| {
                // A typed address still waiting must not overwrite the one returned to.
                PENDING_URL.with(|p| p.borrow_mut().take());
                url.set(current_url())
            });
            move || drop(listener)
        });
    }

    // The results shown, with the query they answer (tests and screen readers rely on
    // the count never describing another query), and the search time. The empty query
    // gives every item: the filters' counts on the home page.
    let response = {
        let engine = engine.clone();
        use_memo(
            (ready, url.query.clone(), url.filters.clone(), url.sort, *limit),
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
    let counted = use_state(|| None::<Rc<Option<(String, SearchResponse, f64)>>>);
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
    let detail = {
        let engine = engine.clone();
        use_memo((ready, url.open.clone()), move |(_, open)| {
            Some(Detail::find(&engine.borrow().as_ref()?.document, open.as_deref()?))
        })
    };
    // An activity opened from a search shows the question's words marked: the stems
    // are read once per (question, activity), then found in each text shown.
    let marks = {
        let engine = engine.clone();
        use_memo((detail.clone(), url.query.clone()), move |(detail, query)| {
            let engine = engine.borrow();
            match (engine.as_ref(), detail.as_ref().as_ref().and_then(Option::as_ref)) {
                (Some(e), Some(d)) if !query.trim().is_empty() => {
                    let terms = e.terms(query);
                    DetailMarks::new(d, |text| e.marks(text, &terms))
                }
                _ => DetailMarks::default(),
            }
        })
    };
    let program = {
        let engine = engine.clone();
        use_memo((ready, url.program.clone()), move |(_, id)| {
            Some(ProgramView::find(&engine.borrow().as_ref()?.document, id.as_deref()?))
        })
    };
    let overview = {
        let engine = engine.clone();
        use_memo(ready, move |_| engine.borrow().as_ref().map(|e| overview(&e.document)))
    };
    // A new page moves focus to its title, for keyboard and screen-reader users.
    {
        let (open, prog) = (url.open.clone(), url.program.clone());
        use_effect_with((url.open.clone(), url.program.clone(), ready), move |_| {
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
        let engine = engine.clone();
        Callback::from(move |(scope, format): (ExportScope, ExportFormat)| {
            let Some(file) = engine.borrow().as_ref().map(|e| download::export(e, scope, format)) else { return };
            if let Err(e) = download::save(&file) {
                web_sys::console::error_2(&"download failed".into(), &e);
            }
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
    let view = if url.open.is_some() {
        match &*detail {
            Some(d) => html! { <DetailView detail={d.clone()} marks={marks.clone()} /> },
            None => waiting,
        }
    } else if url.program.is_some() {
        match &*program {
            Some(v) => html! { <ProgramPage view={v.clone()} on_export={on_export.clone()} /> },
            None => waiting,
        }
    } else if searching {
        match &*response {
            Some((query, r, millis)) => html! {
                <>
                    <h1 id="page-title" class="results-title">{t(lang, Key::SearchResults)}</h1>
                    <Downloads {lang} scope={ExportScope::Results(SearchRequest { query: url.query.clone(), filters: url.filters.clone(), limit: 0, offset: 0, sort: url.sort })}
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
                            if let Some((_, r, _)) = counted.as_deref().and_then(Option::as_ref) {
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
