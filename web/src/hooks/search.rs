//! What the engine answers, computed while rendering (memoised), so that a keystroke
//! is answered in its own task and painted in the next frame: the results, the page
//! the address names, and the question's words marked on an opened activity.

use super::engine::{EngineCell, Pieces};
use crate::platform::tasks::{after_next_paint, after_next_paint_or, now};
use rendiconto_search::{Engine, SearchRequest, SearchResponse};
use rendiconto_web_core::marks::DetailMarks;
use rendiconto_web_core::url_state::{FacetCounts, Filters};
use rendiconto_web_core::{Page, Route, UrlState};
use std::rc::Rc;
use yew::prelude::*;

/// The results shown, with the query they answer (tests and screen readers rely on
/// the count never describing another query) and the search time; and the same
/// response for the filters' counts, a frame later. The empty query gives every item:
/// the filters' counts on the home page.
pub type Answer = Rc<Option<(String, SearchResponse, f64)>>;

/// The answer to the address's question. On the index in pieces, a question whose
/// pieces are not all here asks for them (`pieces.need`) and keeps the last answer on
/// screen; their arrival (`pieces.revision`) computes it again. Results whose texts
/// are not here are shown at once, their snippets asked for the same way once painted.
#[hook]
pub fn use_results(
    engine: EngineCell,
    ready: bool,
    state: UrlState,
    limit: usize,
    pieces: Pieces,
) -> (Answer, Option<Answer>) {
    let shown = use_mut_ref(|| Rc::new(None));
    let response = {
        let (engine, shown) = (engine.clone(), shown.clone());
        let key = (ready, state.query, state.filters, state.sort, limit, pieces.revision);
        use_memo(key, move |(_, query, filters, sort, limit, _)| {
            let engine = engine.borrow();
            let Some(engine) = engine.as_ref() else { return Rc::new(None) };
            let start = now();
            let request =
                SearchRequest { query: query.clone(), filters: filters.clone(), limit: *limit, offset: 0, sort: *sort };
            match engine.try_search(&request) {
                Ok(response) => {
                    let texts = engine.texts_for(&response.hits);
                    if !texts.is_empty() {
                        // Once the results are painted: their bytes do not share the
                        // link with what painting them needs (the fonts, a piece); and
                        // in any case soon, should no frame come.
                        let need = pieces.need.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            after_next_paint_or(250).await;
                            need.emit(texts);
                        });
                    }
                    let answer = Rc::new(Some((query.clone(), response, now() - start)));
                    *shown.borrow_mut() = answer.clone();
                    answer
                }
                Err(unanswered) => {
                    pieces.need.emit(unanswered.missing);
                    shown.borrow().clone()
                }
            }
        })
    };
    let response: Answer = (*response).clone();
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

/// The page `route` names ([`Page::resolve`]): from the engine's whole report once its
/// details are in, before that from the prerendered page when it is this one.
#[hook]
pub fn use_page(engine: EngineCell, report_ready: bool, route: Route, prerendered: Option<Rc<Page>>) -> Rc<Page> {
    use_memo((report_ready, route), move |(_, route)| {
        let engine = engine.borrow();
        Page::resolve(*route, engine.as_ref().and_then(Engine::report), prerendered.as_deref())
    })
}

/// An activity opened from a search shows the question's words marked: the stems
/// are read once per (question, activity), then found in each text shown.
#[hook]
pub fn use_marks(engine: EngineCell, ready: bool, page: Rc<Page>, query: String, pieces: Pieces) -> Rc<DetailMarks> {
    use_memo((ready, page, query, pieces.revision), move |(_, page, query, _)| {
        let engine = engine.borrow();
        match (engine.as_ref(), page.as_ref()) {
            (Some(e), Page::Detail(d)) if !query.trim().is_empty() => {
                // The question's words are read from the index: its pieces first.
                let missing = e.pieces_for(&SearchRequest { query: query.clone(), ..Default::default() });
                if !missing.is_empty() {
                    pieces.need.emit(missing);
                    return DetailMarks::default();
                }
                let terms = e.terms(query);
                DetailMarks::new(d, |text| e.marks(text, &terms))
            }
            _ => DetailMarks::default(),
        }
    })
}

/// What ticking boxes in the phone's dialog would give: the filters' counts for the
/// question with those filters.
#[hook]
pub fn use_counts(engine: EngineCell, state: UrlState, pieces: Pieces) -> Callback<Filters, FacetCounts> {
    use_callback((state.query, state.sort, pieces.clone()), move |filters, (query, sort, pieces)| {
        let request = SearchRequest { query: query.clone(), filters, limit: 1, offset: 0, sort: *sort };
        match engine.borrow().as_ref().map(|e| e.try_search(&request)) {
            Some(Ok(response)) => response.facets,
            Some(Err(unanswered)) => {
                pieces.need.emit(unanswered.missing);
                FacetCounts::default()
            }
            None => FacetCounts::default(),
        }
    })
}
