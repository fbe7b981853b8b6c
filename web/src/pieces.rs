//! The index's pieces a question reads, fetched when it is asked: each piece once (a
//! piece already loaded or on its way is not asked for again), checked against
//! `pieces.json` by the engine (`Engine::add_piece`: a damaged or foreign piece is
//! refused, named). `hooks::engine` runs it and redraws what was waiting for it.
//!
//! After the first results, [`fill`] brings in the background the chunks the next
//! questions are likely to read (`Engine::pieces_to_fill`: the report's every chunk),
//! a few at a time and at low priority, so that typing is answered without waiting for
//! the network, and a question's own pieces never queue behind them.

use crate::engine_load;
use crate::platform::tasks::after_next_paint;
use rendiconto_search::bundle::pieces::{PieceId, FILL_BYTES};
use rendiconto_search::Engine;
use rendiconto_web_core::loading::Failure;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

/// How many pieces the background fill downloads at once: it leaves the browser's
/// other connections to the site (six over HTTP/1.1) to a question's own pieces.
const FILL_AT_ONCE: usize = 2;

thread_local! {
    /// The pieces being downloaded.
    static ON_THE_WAY: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
    /// Pieces a question waits for that the fill is downloading: their arrival must
    /// compute that question again.
    static WANTED: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
    /// Downloads of a question's own pieces under way: the fill waits for them.
    static ASKED: Cell<usize> = const { Cell::new(0) };
}

/// Where a piece is, for a download that would bring it.
enum Claim {
    Loaded,
    OnItsWay,
    /// Neither: now on its way, by the caller (in [`ON_THE_WAY`]).
    Mine,
}

fn claim(engine: &RefCell<Option<Engine>>, name: &str) -> Claim {
    if engine.borrow().as_ref().is_none_or(|e| e.has_piece(name)) {
        Claim::Loaded
    } else if ON_THE_WAY.with(|w| w.borrow_mut().insert(name.to_string())) {
        Claim::Mine
    } else {
        Claim::OnItsWay
    }
}

/// Downloads the pieces `ids` that are neither loaded nor on their way and adds them
/// to `engine`. `Ok(true)` when it added some (what waited for them can run again).
pub async fn fetch(engine: &RefCell<Option<Engine>>, ids: Vec<PieceId>) -> Result<bool, Failure> {
    let names: Vec<String> = ids
        .into_iter()
        .map(|id| id.0)
        .filter(|name| match claim(engine, name) {
            Claim::Mine => true,
            // Someone else brings it: this question waits for it.
            Claim::OnItsWay => {
                WANTED.with(|w| w.borrow_mut().insert(name.clone()));
                false
            }
            Claim::Loaded => false,
        })
        .collect();
    if names.is_empty() {
        return Ok(false);
    }
    ASKED.with(|a| a.set(a.get() + 1));
    let result = download(engine, &names, false).await;
    ASKED.with(|a| a.set(a.get() - 1));
    WANTED.with(|w| w.borrow_mut().retain(|name| !names.contains(name)));
    result.map(|_| true)
}

/// Downloads, in the background, the chunks worth having before anyone asks
/// (`Engine::pieces_to_fill`), [`FILL_AT_ONCE`] at a time; calls `wanted` when a piece
/// a question waits for has landed. Stops quietly at the first failure: a question
/// that needs that piece asks for it itself, and says so if it cannot be had.
pub async fn fill(engine: &RefCell<Option<Engine>>, wanted: impl Fn()) {
    let order = engine.borrow().as_ref().map(|e| e.pieces_to_fill(FILL_BYTES)).unwrap_or_default();
    let mut order = order.into_iter().map(|id| id.0);
    loop {
        questions_first().await;
        let batch: Vec<String> =
            order.by_ref().filter(|name| matches!(claim(engine, name), Claim::Mine)).take(FILL_AT_ONCE).collect();
        if batch.is_empty() {
            return;
        }
        let failed = download(engine, &batch, true).await.is_err();
        let waited = WANTED.with(|w| {
            let mut w = w.borrow_mut();
            batch.iter().fold(false, |any, name| w.remove(name) | any)
        });
        if waited {
            wanted();
        }
        if failed {
            return;
        }
    }
}

/// Waits while a question's own pieces are on their way, then for its answer to be
/// painted: on a page opened on a question (`?q=…`) the engine is ready before that
/// question's pieces have come, and what comes after the first results (the details,
/// the fill) must not share the link with them; a question typed meanwhile goes first.
pub async fn questions_first() {
    if ASKED.with(Cell::get) == 0 {
        return;
    }
    while ASKED.with(Cell::get) > 0 {
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    after_next_paint().await;
}

/// Downloads `names` (claimed in [`ON_THE_WAY`]) and adds them to `engine`; `low`:
/// at low priority.
async fn download(engine: &RefCell<Option<Engine>>, names: &[String], low: bool) -> Result<(), Failure> {
    let mut result = Ok(());
    let mut not_downloaded = false;
    for (name, bytes) in engine_load::fetch_pieces(names, low).await {
        ON_THE_WAY.with(|w| w.borrow_mut().remove(&name));
        not_downloaded |= bytes.is_err();
        let added = bytes.and_then(|bytes| match engine.borrow().as_ref() {
            Some(e) => e.add_piece(&name, &bytes).map_err(Failure::from),
            None => Ok(()),
        });
        if let Err(failure) = added {
            result = Err(failure);
        }
    }
    // A piece gone from the server: the site may have been replaced by its next
    // version (content-hashed names: the old pieces are not there any more).
    let index_sha = engine.borrow().as_ref().and_then(|e| e.pieces_manifest().map(|m| m.index_sha256.clone()));
    if let (Err(_), true, Some(sha)) = (&result, not_downloaded, index_sha) {
        if engine_load::site_replaced(&sha).await {
            return Err(engine_load::replaced());
        }
    }
    result
}
