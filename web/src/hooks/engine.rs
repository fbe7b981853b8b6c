//! The engine in the page: downloaded and started once (again after "Riprova"), then,
//! once the first results are painted, the report's details and the programmes'
//! texts (the whole report), the index's pieces the next questions will read
//! (`crate::pieces::fill`), and meanwhile the engine's preparation in idle slices.

use crate::delivery;
use crate::engine_load;
use crate::platform::tasks::{after_next_paint, next_task, now, when_idle};
use rendiconto_search::bundle::pieces::PieceId;
use rendiconto_search::{Engine, Manifest};
use rendiconto_web_core::loading::{DetailsStatus, EngineStatus, Failure, LoadStep};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The engine, once loaded (shared by the memos and the download callback).
pub type EngineCell = Rc<RefCell<Option<Engine>>>;

/// How long one slice of the idle preparation may take the page's thread: well under
/// the 50 ms from which a task counts as long (and delays a keystroke), also on a
/// phone four times slower than a desktop.
const SLICE_MS: f64 = 5.0;

/// The index's pieces in the page (`crate::pieces`): `revision` counts the downloads
/// that landed, so that what could not be answered without them is computed again;
/// `need` asks for the pieces a question reads.
#[derive(Clone, PartialEq)]
pub struct Pieces {
    pub revision: u32,
    pub need: Callback<Vec<PieceId>>,
}

/// Set when a piece a question needs could not be had (see `use_engine`).
type Broken = Rc<RefCell<bool>>;

/// Loads the engine (in the browser; never at build time: effects do not run there).
/// The callback tries again after a failure, past every cache.
#[hook]
pub fn use_engine() -> (EngineStatus, EngineCell, Callback<()>, Pieces) {
    let status = use_state(|| EngineStatus::Loading(LoadStep::Manifest));
    let engine: EngineCell = use_mut_ref(|| None);
    let revision = use_state(|| 0u32);
    // Pieces landed: what could not be answered without them is computed again.
    let landed: Rc<dyn Fn()> = {
        let (count, revision) = (use_mut_ref(|| 0u32), revision.setter());
        Rc::new(move || {
            *count.borrow_mut() += 1;
            revision.set(*count.borrow());
        })
    };
    // A piece that could not be had: the failure stays on screen (the details arriving
    // later must not replace it with "ready") until "Riprova".
    let broken: Broken = use_mut_ref(|| false);
    let need = {
        let (engine, status, landed, broken) = (engine.clone(), status.setter(), landed.clone(), broken.clone());
        use_callback((), move |ids: Vec<PieceId>, _| {
            let (engine, status, landed, broken) = (engine.clone(), status.clone(), landed.clone(), broken.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::pieces::fetch(&engine, ids).await {
                    Ok(true) => landed(),
                    Ok(false) => {}
                    // A piece that cannot be had (the network, or a site replaced
                    // meanwhile): the page says so and offers to load again.
                    Err(failure) => {
                        report(&failure);
                        *broken.borrow_mut() = true;
                        status.set(EngineStatus::Failed(failure));
                    }
                }
            });
        })
    };
    let attempt = use_state(|| 0u32);
    {
        let (status, engine, broken) = (status.setter(), engine.clone(), broken.clone());
        use_effect_with(*attempt, move |attempt| {
            let fresh = *attempt > 0;
            if fresh {
                *broken.borrow_mut() = false;
                status.set(EngineStatus::Loading(LoadStep::Manifest));
            }
            wasm_bindgen_futures::spawn_local(start(status, engine, fresh, landed, broken));
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    ((*status).clone(), engine, retry, Pieces { revision: *revision, need })
}

/// Downloads and opens the engine; after the first results, its details, the pieces
/// the next questions will read (`landed` when one a question waits for is in) and
/// its preparation.
async fn start(
    status: UseStateSetter<EngineStatus>,
    engine: EngineCell,
    fresh: bool,
    landed: Rc<dyn Fn()>,
    broken: Broken,
) {
    let step = status.clone();
    match engine_load::load(move |s| step.set(EngineStatus::Loading(s)), fresh).await {
        Ok((loaded, manifest)) => {
            *engine.borrow_mut() = Some(loaded);
            status.set(EngineStatus::Ready(DetailsStatus::Loading));
            after_next_paint().await;
            // The details, once the page is idle after the first results: nothing
            // that paints them shares the link with them (nor the service worker and
            // the fonts, which follow the details).
            crate::pieces::questions_first().await;
            when_idle().await;
            let (filled, texts_landed) = (engine.clone(), landed.clone());
            wasm_bindgen_futures::spawn_local(add_details(
                status,
                engine.clone(),
                manifest,
                fresh,
                broken,
                texts_landed,
            ));
            wasm_bindgen_futures::spawn_local(async move {
                let packs = crate::pieces::packs_to_fill(&filled);
                // A failure here is said by the question that needs the piece.
                let _ = crate::pieces::fill(&filled, packs, crate::pieces::FILL_AT_ONCE, || landed()).await;
            });
            prepare(engine).await;
        }
        Err(failure) => {
            report(&failure);
            status.set(EngineStatus::Failed(failure))
        }
    }
}

fn report(failure: &Failure) {
    web_sys::console::error_1(&failure.detail_en.clone().into());
}

/// How many of the programmes' texts the page downloads at once after the first
/// results (52 small files for the report): more than the index's fill, as the pages
/// and the downloads wait for them.
const TEXTS_AT_ONCE: usize = 4;

/// Downloads the report's details into the engine and the programmes' texts it lacks
/// (the whole report: pages and downloads are made from it), then (web site) the
/// brand fonts.
async fn add_details(
    status: UseStateSetter<EngineStatus>,
    engine: EngineCell,
    manifest: Manifest,
    fresh: bool,
    broken: Broken,
    landed: Rc<dyn Fn()>,
) {
    // Decoding, adding and redrawing in tasks of their own (each is tens of ms on a slow
    // phone, where a person may be typing).
    let added = match engine_load::load_details(&manifest, fresh).await {
        Ok(details) => {
            next_task().await;
            engine.borrow_mut().as_mut().map(|e| e.add_details(details).map_err(Failure::from))
        }
        Err(failure) => Some(Err(failure)),
    };
    let added = match added {
        Some(Ok(())) => Some(add_texts(&engine, &landed).await),
        other => other,
    };
    next_task().await;
    if *broken.borrow() {
        // A question's piece failed meanwhile: that failure is what the page says.
        return;
    }
    match added {
        Some(Ok(())) => {
            status.set(EngineStatus::Ready(DetailsStatus::Ready));
            if !delivery::current().single_file {
                crate::fonts::load_and_remember().await;
            }
        }
        Some(Err(failure)) => {
            report(&failure);
            status.set(EngineStatus::Ready(DetailsStatus::Failed(failure)));
        }
        None => {}
    }
}

/// Downloads every programme's texts the engine lacks. A text a question asked for
/// first is on its way by that question's download: waited for, not asked twice.
async fn add_texts(engine: &EngineCell, landed: &Rc<dyn Fn()>) -> Result<(), Failure> {
    loop {
        let missing = engine.borrow().as_ref().map(Engine::texts_missing).unwrap_or_default();
        if missing.is_empty() {
            return Ok(());
        }
        crate::pieces::fill(engine, missing, TEXTS_AT_ONCE, || landed()).await?;
        if engine.borrow().as_ref().is_some_and(|e| !e.texts_missing().is_empty()) {
            gloo_timers::future::TimeoutFuture::new(20).await;
        }
    }
}

/// After the first results: every item's words, a few items at a time, in tasks of at
/// most [`SLICE_MS`] so that typing is never held up (see `Engine::prepare`), then the
/// warm-up's searches one per task (`Engine::warm_up_requests`).
async fn prepare(engine: EngineCell) {
    let mut next = 0;
    loop {
        next_task().await;
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
        next_task().await;
        let Some(e) = &*engine.borrow() else { return };
        // On the index in pieces, only what the pieces already here can answer.
        let _ = e.try_search(&request);
    }
}
