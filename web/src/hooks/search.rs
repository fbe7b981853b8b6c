//! What the engine answers, computed while rendering (memoised), so that a keystroke
//! is answered in its own task and painted in the next frame: the results, the page
//! the address names, and the question's words marked on an opened activity.

use super::engine::EngineCell;
use crate::platform::tasks::{after_next_paint, now};
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

#[hook]
pub fn use_results(engine: EngineCell, ready: bool, state: UrlState, limit: usize) -> (Answer, Option<Answer>) {
    let response = {
        let engine = engine.clone();
        use_memo((ready, state.query, state.filters, state.sort, limit), move |(_, query, filters, sort, limit)| {
            let engine = engine.borrow();
            let engine = engine.as_ref()?;
            let start = now();
            let request =
                SearchRequest { query: query.clone(), filters: filters.clone(), limit: *limit, offset: 0, sort: *sort };
            let response = engine.search(&request);
            Some((query.clone(), response, now() - start))
        })
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
pub fn use_marks(engine: EngineCell, ready: bool, page: Rc<Page>, query: String) -> Rc<DetailMarks> {
    use_memo((ready, page, query), move |(_, page, query)| {
        let engine = engine.borrow();
        match (engine.as_ref(), page.as_ref()) {
            (Some(e), Page::Detail(d)) if !query.trim().is_empty() => {
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
pub fn use_counts(engine: EngineCell, state: UrlState) -> Callback<Filters, FacetCounts> {
    use_callback((state.query, state.sort), move |filters, (query, sort)| {
        let request = SearchRequest { query: query.clone(), filters, limit: 1, offset: 0, sort: *sort };
        engine.borrow().as_ref().map(|e| e.search(&request).facets).unwrap_or_default()
    })
}
