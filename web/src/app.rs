//! The page: URL state ⇄ search worker ⇄ components.

use crate::components::detail::DetailView;
use crate::components::facets::Facets;
use crate::components::results::Results;
use crate::components::search_box::SearchBox;
use crate::i18n::{t, Key, Lang};
use crate::protocol::{Detail, FromWorker, LoadStep, ToWorker};
use crate::url_state::UrlState;
use crate::worker::SearchWorker;
use gloo_worker::{Spawnable, WorkerBridge};
use rendiconto_search::{SearchRequest, SearchResponse};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Results shown at first and added by "Mostra altri risultati".
const PAGE: usize = 20;

pub fn start() {
    let document = gloo_utils_document();
    let root = document
        .get_element_by_id("app")
        .expect("index.html has #app");
    // The static "loading" text in index.html goes: the app replaces it.
    root.set_inner_html("");
    yew::Renderer::<App>::with_root(root).render();
}

fn gloo_utils_document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

fn current_url() -> UrlState {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    UrlState::parse(&search)
}

/// Writes `state` to the address bar; `push` makes a new history entry.
fn write_url(state: &UrlState, push: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let url = format!("{path}{}", state.to_query_string());
    let _ = if push {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    };
}

#[derive(Clone, PartialEq)]
enum EngineStatus {
    Loading(LoadStep),
    Ready,
    Failed(String, String),
}

#[component]
pub fn App() -> Html {
    let url = use_state(current_url);
    let status = use_state(|| EngineStatus::Loading(LoadStep::Manifest));
    // The results shown, with the query they answer (tests and screen readers rely on
    // the count never describing another query).
    let response = use_state(|| None::<(String, SearchResponse, f64)>);
    let asked = use_mut_ref(String::new);
    let detail = use_state(|| None::<(String, Option<Detail>)>);
    let limit = use_state(|| PAGE);
    let seq = use_mut_ref(|| Cell::new(0u64));
    let bridge: Rc<RefCell<Option<WorkerBridge<SearchWorker>>>> = use_mut_ref(|| None);
    let lang = if url.english { Lang::En } else { Lang::It };

    // Start the worker once; route its messages to the state.
    {
        let (status, response, detail, seq, bridge, asked) = (
            status.setter(),
            response.setter(),
            detail.setter(),
            seq.clone(),
            bridge.clone(),
            asked.clone(),
        );
        use_effect_with((), move |_| {
            let has_workers =
                js_sys::Reflect::has(&js_sys::global(), &"Worker".into()).unwrap_or(false);
            if !has_workers {
                status.set(EngineStatus::Failed(
                    "Questo browser non può eseguire la ricerca (mancano i Web Worker).".into(),
                    "This browser cannot run the search (no Web Workers).".into(),
                ));
                return;
            }
            let callback = move |msg: FromWorker| match msg {
                FromWorker::Loading(step) => status.set(EngineStatus::Loading(step)),
                FromWorker::Ready { .. } => status.set(EngineStatus::Ready),
                FromWorker::Failed { it, en } => status.set(EngineStatus::Failed(it, en)),
                FromWorker::Results {
                    seq: s,
                    response: r,
                    millis,
                } => {
                    if s == seq.borrow().get() {
                        response.set(Some((asked.borrow().clone(), r, millis)));
                    }
                }
                FromWorker::Detail { detail: d, .. } => {
                    if let Some(d) = d {
                        let id = d
                            .activity
                            .as_ref()
                            .map(|a| a.id.clone())
                            .or(d.table.as_ref().map(|t| t.id.clone()));
                        detail.set(Some((id.unwrap_or_default(), Some(d))));
                    } else {
                        detail.set(Some((String::new(), None)));
                    }
                }
            };
            let b = SearchWorker::spawner()
                .as_module(false)
                .with_loader(true)
                .callback(callback)
                .spawn("worker_loader.js");
            *bridge.borrow_mut() = Some(b);
        });
    }

    // Back and forward restore what the URL says.
    {
        let url = url.setter();
        use_effect_with((), move |_| {
            let listener = gloo_events::EventListener::new(
                &web_sys::window().unwrap(),
                "popstate",
                move |_| url.set(current_url()),
            );
            move || drop(listener)
        });
    }

    // Every change of query, filters or page size asks for results.
    {
        let (bridge, seq, asked) = (bridge.clone(), seq.clone(), asked.clone());
        let deps = (url.query.clone(), url.filters.clone(), *limit);
        use_effect_with(deps, move |(query, filters, limit)| {
            let next = seq.borrow().get() + 1;
            seq.borrow().set(next);
            *asked.borrow_mut() = query.clone();
            let request = SearchRequest {
                query: query.clone(),
                filters: filters.clone(),
                limit: *limit,
                offset: 0,
            };
            if let Some(b) = bridge.borrow().as_ref() {
                b.send(ToWorker::Search { seq: next, request });
            }
        });
    }
    // The effect above may run before the worker exists: ask again once it is ready.
    {
        let (bridge, seq, url, limit) = (bridge.clone(), seq.clone(), url.clone(), *limit);
        use_effect_with(status.clone(), move |status| {
            if **status == EngineStatus::Ready {
                let request = SearchRequest {
                    query: url.query.clone(),
                    filters: url.filters.clone(),
                    limit,
                    offset: 0,
                };
                if let Some(b) = bridge.borrow().as_ref() {
                    b.send(ToWorker::Search {
                        seq: seq.borrow().get(),
                        request,
                    });
                    if let Some(id) = &url.open {
                        b.send(ToWorker::Detail {
                            seq: 0,
                            id: id.clone(),
                        });
                    }
                }
            }
        });
    }
    // Opening an item asks for its details.
    {
        let bridge = bridge.clone();
        use_effect_with(url.open.clone(), move |open| {
            if let (Some(id), Some(b)) = (open, bridge.borrow().as_ref()) {
                b.send(ToWorker::Detail {
                    seq: 0,
                    id: id.clone(),
                });
            }
        });
    }
    // Move focus to the opened item's title, for keyboard and screen-reader users.
    {
        let open = url.open.clone();
        use_effect_with(detail.clone(), move |d| {
            if open.is_some() && d.is_some() {
                if let Some(el) = gloo_utils_document().get_element_by_id("detail-title") {
                    let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
        });
    }

    let navigate = {
        let url = url.clone();
        let limit = limit.clone();
        Callback::from(move |(next, push): (UrlState, bool)| {
            if next.query != url.query || next.filters != url.filters {
                limit.set(PAGE);
            }
            write_url(&next, push);
            url.set(next);
        })
    };
    let on_input = {
        let (url, navigate) = (url.clone(), navigate.clone());
        Callback::from(move |q: String| {
            let mut next = (*url).clone();
            next.query = q;
            next.open = None;
            navigate.emit((next, false));
        })
    };
    let on_toggle = {
        let (url, navigate) = (url.clone(), navigate.clone());
        Callback::from(move |(facet, value): (rendiconto_search::Facet, String)| {
            let mut next = (*url).clone();
            next.toggle(facet, &value);
            navigate.emit((next, true));
        })
    };
    let on_clear = {
        let (url, navigate) = (url.clone(), navigate.clone());
        Callback::from(move |_| {
            let mut next = (*url).clone();
            next.filters.clear();
            navigate.emit((next, true));
        })
    };
    let href = {
        let url = url.clone();
        Callback::from(move |id: String| {
            let mut next = (*url).clone();
            next.open = Some(id);
            next.to_query_string()
        })
    };
    let on_open = {
        let (url, navigate) = (url.clone(), navigate.clone());
        Callback::from(move |id: String| {
            let mut next = (*url).clone();
            next.open = Some(id);
            navigate.emit((next, true));
        })
    };
    let back_href = {
        let mut s = (*url).clone();
        s.open = None;
        let qs = s.to_query_string();
        if qs.is_empty() {
            "?".to_string()
        } else {
            qs
        }
    };
    let on_back = {
        let (url, navigate) = (url.clone(), navigate.clone());
        Callback::from(move |_| {
            let mut next = (*url).clone();
            next.open = None;
            navigate.emit((next, true));
        })
    };
    let on_more = {
        let limit = limit.clone();
        Callback::from(move |_| limit.set(*limit + PAGE))
    };
    let lang_href = {
        let mut s = (*url).clone();
        s.english = !s.english;
        let qs = s.to_query_string();
        if qs.is_empty() {
            "?".to_string()
        } else {
            qs
        }
    };
    let on_lang = {
        let (url, navigate) = (url.clone(), navigate.clone());
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            let mut next = (*url).clone();
            next.english = !next.english;
            navigate.emit((next, false));
        })
    };
    // The document language follows the interface language.
    {
        use_effect_with(lang, move |lang| {
            if let Some(el) = gloo_utils_document().document_element() {
                let _ = el.set_attribute("lang", lang.code());
            }
        });
    }

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
    let opened = url.open.as_ref().map(|id| match &*detail {
        Some((got, d)) if got == id || d.is_none() => {
            html! { <DetailView {lang} detail={d.clone()} back_href={back_href.clone()} on_back={on_back.clone()} /> }
        }
        _ => html! { <p class="engine-status" role="status">{t(lang, Key::Opening)}</p> },
    });

    html! {
        <>
            <a class="skip-link" href="#results">{t(lang, Key::SkipToResults)}</a>
            <header class="site-header">
                <div class="slim"><div class="wrap">
                    <span>{t(lang, Key::City)}</span>
                    <a class="lang" href={lang_href} onclick={on_lang} hreflang={if lang == Lang::It { "en" } else { "it" }}>{t(lang, Key::OtherLanguage)}</a>
                </div></div>
                <div class="center"><div class="wrap">
                    <p class="app-name">{t(lang, Key::AppName)}</p>
                    <h1>{t(lang, Key::Subtitle)}</h1>
                </div></div>
            </header>
            <main class="wrap" id="main">
                <SearchBox {lang} value={url.query.clone()} on_input={on_input} />
                <div class="status-area">{ for status_line }</div>
                <div class="layout">
                    <aside class="sidebar">
                        if let Some((_, r, _)) = &*response {
                            <Facets {lang} facets={r.facets.clone()} any_selected={!url.filters.is_empty()} on_toggle={on_toggle} on_clear={on_clear} />
                        }
                    </aside>
                    <section class="content" id="results" tabindex="-1" aria-label={t(lang, Key::Results)}>
                        if let Some(view) = opened {
                            {view}
                        } else if let Some((query, r, millis)) = &*response {
                            <Results {lang} query={query.clone()} millis={*millis} response={r.clone()} {href} {on_open} {on_more} />
                        }
                    </section>
                </div>
            </main>
            <footer class="site-footer"><div class="wrap"><p>{t(lang, Key::Footer)}</p></div></footer>
        </>
    }
}
