//! The first answer, before the interface. On the site's root `web/boot.js` starts
//! this module first (`src/bin/first.rs`: the engine, its pieces and the result list,
//! without Yew; BENCHMARKS.md, "The first result without the whole interface"). A
//! question in the address (`?q=…`) or typed before it came is answered here, and the
//! interface's module starts once the answer is on screen. Until the interface takes
//! the page over (`<html data-start>`, set by [`crate::start`]), it answers the words
//! typed meanwhile too.
//!
//! Nothing here is its own: [`engine_load`] opens the engine on the pieces,
//! [`pieces`] fetches what a question reads, [`crate::markup`] writes the interface's
//! own list. What it leaves to the interface: the filters and their counts, the
//! order, "more results", downloads, and the snippets (their place is kept, as while
//! the interface waits for them).

use crate::delivery;
use crate::hooks::location::current_location;
use crate::markup::{escape_into, list_html, Notes};
use crate::platform::tasks::{after_next_paint, measured, now};
use crate::platform::{address, document, search_box};
use crate::{engine_load, pieces};
use rendiconto_search::{Engine, SearchRequest, SearchResponse};
use rendiconto_web_core::i18n::{results_count, t, Key, Lang};
use rendiconto_web_core::loading::{Failure, FailureKind};
use rendiconto_web_core::state::PAGE;
use rendiconto_web_core::{Location, Route};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// How often a question may find pieces missing before it gives up: each round
/// fetches what the last one lacked (a question needs one or two).
const ROUNDS: usize = 200;

thread_local! {
    static ENGINE: Rc<RefCell<Option<Engine>>> = Rc::new(RefCell::new(None));
    /// Questions asked so far: an answer is drawn only if no later one was asked.
    static ASKED: Cell<u32> = const { Cell::new(0) };
    /// Whether the background fill has started (once, after the first answer).
    static FILLING: Cell<bool> = const { Cell::new(false) };
}

/// How many of the fill's packs are claimed at a time: the fill stops between two
/// rounds once the interface has the page (its own fill takes over, and what this one
/// downloaded is handed over: `engine_load::hand_over_downloads`).
const FILL_ROUND: usize = pieces::FILL_AT_ONCE;

/// Answers `query` (the address's own question when `None`), with the address's
/// filters and order, and draws the answer where the interface draws its results;
/// unless a later question was asked meanwhile or the interface has the page.
pub async fn answer(query: Option<String>) -> Result<(), Failure> {
    let asked = ASKED.with(|a| {
        a.set(a.get() + 1);
        a.get()
    });
    let engine = ENGINE.with(Rc::clone);
    if engine.borrow().is_none() {
        // Once: the site's root, from the page's <base> (as `start` does for the
        // interface), below which the address is read, also under a folder.
        if delivery::current().uses_paths() {
            address::fix_base();
        }
        engine_load::hand_over_downloads();
        let (loaded, _) = engine_load::load_pieces(|_| {}, false).await?;
        *engine.borrow_mut() = Some(loaded);
    }
    let mut here = current_location();
    // Only the results are answered here (the loader asks on the site's root only).
    if !matches!(here.route, Route::Home | Route::Results) {
        return Ok(());
    }
    here.route = Route::Results;
    if let Some(query) = query {
        here.state.query = query;
    }
    let state = &here.state;
    let request = SearchRequest {
        query: state.query.clone(),
        filters: state.filters.clone(),
        limit: PAGE,
        offset: 0,
        sort: state.sort,
    };
    for _ in 0..ROUNDS {
        if ASKED.with(Cell::get) != asked {
            return Ok(());
        }
        let start = now();
        let result = engine.borrow().as_ref().map(|e| e.try_search(&request));
        match result {
            Some(Ok(response)) => {
                if ASKED.with(Cell::get) == asked {
                    measured("ra:first-answer", || draw(&here, &response, now() - start));
                }
                if !FILLING.with(|f| f.replace(true)) {
                    wasm_bindgen_futures::spawn_local(fill(engine.clone()));
                }
                return Ok(());
            }
            Some(Err(unanswered)) => {
                // Nothing fetched: the pieces are on their way for another question.
                if !pieces::fetch(&engine, unanswered.missing).await? {
                    gloo_timers::future::TimeoutFuture::new(20).await;
                }
            }
            None => break,
        }
    }
    Err(Failure {
        kind: FailureKind::Download,
        detail_it: "La ricerca non ha ricevuto le parti dell'indice di cui ha bisogno.".into(),
        detail_en: "The search did not receive the parts of the index it needs.".into(),
    })
}

/// Once the first answer is painted, the chunks the next questions will read, in
/// packs (`pieces::packs_to_fill`), in the background: the questions typed right after it,
/// while the interface's module is still on its way, then find their pieces here
/// instead of waiting a round trip for each (BENCHMARKS.md, "Typing right after the
/// first result"). Until the interface has the page.
async fn fill(engine: Rc<RefCell<Option<Engine>>>) {
    after_next_paint().await;
    let order = pieces::packs_to_fill(&engine);
    for round in order.chunks(FILL_ROUND) {
        if handed_over() {
            return;
        }
        // A failure is said by the question that needs the piece.
        if pieces::fill(&engine, round.to_vec(), pieces::FILL_AT_ONCE, || {}).await.is_err() {
            return;
        }
    }
}

/// Whether the interface has taken the page over (`crate::start`).
fn handed_over() -> bool {
    document().document_element().is_some_and(|root| root.has_attribute("data-start"))
}

/// Draws `r`, the answer at `here`, in place of the page's content: the interface's
/// count (`#count[data-query]`, which screen readers hear and the tests read; marked
/// `data-first` until the interface draws its own), its notes and its list. The
/// interface keeps this drawing on screen until its engine answers (`AppProps::first_answer`).
fn draw(here: &Location, r: &SearchResponse, millis: f64) {
    let doc = document();
    let Some(root) = doc.document_element() else { return };
    // The interface has taken the page over: its answers are the page's.
    if handed_over() {
        return;
    }
    let Some(content) = doc.get_element_by_id("content") else { return };
    let lang = if here.state.english { Lang::En } else { Lang::It };
    let query = &here.state.query;
    let mut out = String::with_capacity(1024 + 512 * r.hits.len());
    out.push_str("<h1 id=\"page-title\" class=\"results-title\">");
    escape_into(&mut out, t(lang, Key::SearchResults));
    out.push_str("</h1><div class=\"results-head\"><div class=\"results-summary\" role=\"status\" aria-live=\"polite\" id=\"results-summary\"><p class=\"count\" id=\"count\" data-query=\"");
    escape_into(&mut out, query);
    out.push_str(&format!("\" data-ms=\"{millis:.2}\" data-first>"));
    escape_into(&mut out, &results_count(lang, r.total));
    out.push_str("</p>");
    let Notes { partial, not_found, synonyms } = Notes::of(lang, r);
    let synonyms = synonyms.map(|words| format!("{}: {words}", t(lang, Key::AlsoSearched)));
    for (id, class, text) in [
        ("note-partial", "partial", partial),
        ("note-missing", "missing", not_found),
        ("note-synonyms", "synonyms", synonyms),
    ] {
        if let Some(text) = text {
            out.push_str(&format!("<p class=\"note note-{class}\" id=\"{id}\">"));
            escape_into(&mut out, &text);
            out.push_str("</p>");
        }
    }
    out.push_str("</div></div>");
    if r.total == 0 {
        out.push_str("<p class=\"empty\">");
        escape_into(&mut out, t(lang, Key::NoResults));
        out.push_str("</p>");
    }
    out.push_str("<div class=\"results-lists\" id=\"results-list\">");
    out.push_str(&list_html(lang, here, &r.hits, r.complete));
    out.push_str("</div>");
    content.set_inner_html(&out);
    if let Ok(Some(layout)) = doc.query_selector(".layout") {
        layout.set_class_name("layout with-sidebar is-results");
    }
    // The box shows the question, unless the person is typing another.
    if let Some(input) = search_box() {
        if input.value().is_empty() {
            input.set_value(query);
        }
    }
    let _ = root.set_attribute("data-first", "answered");
}
