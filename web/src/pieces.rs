//! The index's pieces a question reads, fetched when it is asked: each piece once (a
//! piece already loaded or on its way is not asked for again), checked against
//! `pieces.json` by the engine (`Engine::add_piece`: a damaged or foreign piece is
//! refused, named). `hooks::engine` runs it and redraws what was waiting for it.
//!
//! The texts of the results shown (`Engine::texts_for`) are pieces too, asked for
//! the same way once the results are drawn.
//!
//! After the first results, [`fill`] brings in the background the chunks the next
//! questions are likely to read, in packs (`Engine::packs_to_fill`: the report's every
//! chunk in seven downloads) and the texts the whole report needs (`Engine::texts_missing`), a few at a time and
//! at low priority, so that typing is answered without waiting for the network, and a
//! question's own pieces never queue behind them.

use crate::engine_load;
use crate::platform::tasks::after_next_paint;
use rendiconto_search::bundle::pieces::PieceId;
use rendiconto_search::Engine;
use rendiconto_web_core::loading::Failure;
use rendiconto_web_core::pieces::Ledger;
use std::cell::RefCell;

/// How many pieces a background fill downloads at once: it leaves the browser's
/// other connections to the site (six over HTTP/1.1) to a question's own pieces.
pub const FILL_AT_ONCE: usize = 2;

thread_local! {
    /// The pieces on their way, and who waits for them.
    static LEDGER: RefCell<Ledger> = RefCell::new(Ledger::default());
}

/// Whether `engine` holds the piece `name` (or is gone: nothing to download for it).
fn has(engine: &RefCell<Option<Engine>>, name: &str) -> bool {
    engine.borrow().as_ref().is_none_or(|e| e.has_piece(name))
}

/// Downloads the pieces `ids` that are neither loaded nor on their way and adds them
/// to `engine`. `Ok(true)` when what asked for them must be computed again: it added
/// some, or one landed (by another download) since they were found missing.
pub async fn fetch(engine: &RefCell<Option<Engine>>, ids: Vec<PieceId>) -> Result<bool, Failure> {
    let asked = LEDGER.with(|l| l.borrow_mut().ask(ids.into_iter().map(|id| id.0), |name| has(engine, name)));
    if asked.mine.is_empty() {
        return Ok(asked.landed_meanwhile);
    }
    let result = download(engine, &asked.mine, false).await;
    LEDGER.with(|l| l.borrow_mut().answered(&asked.mine));
    result.map(|_| true)
}

/// The packs of chunks worth having before anyone asks (`Engine::packs_to_fill`).
pub fn packs_to_fill(engine: &RefCell<Option<Engine>>) -> Vec<PieceId> {
    engine.borrow().as_ref().map(Engine::packs_to_fill).unwrap_or_default()
}

/// Downloads `order` in the background, `at_once` at a time at low priority, each
/// after the questions' own pieces; calls `wanted` when a piece a question waits for
/// has landed. Stops at the first failure and returns it: a question that needs that
/// piece asks for it itself, and says so if it cannot be had.
pub async fn fill(
    engine: &RefCell<Option<Engine>>,
    order: Vec<PieceId>,
    at_once: usize,
    wanted: impl Fn(),
) -> Result<(), Failure> {
    let mut order = order.into_iter().map(|id| id.0);
    loop {
        questions_first().await;
        let batch = LEDGER.with(|l| l.borrow_mut().next_fill(&mut order, |name| has(engine, name), at_once));
        if batch.is_empty() {
            return Ok(());
        }
        let result = download(engine, &batch, true).await;
        if LEDGER.with(|l| l.borrow_mut().filled(&batch)) {
            wanted();
        }
        result?;
    }
}

/// Waits while a question's own pieces are on their way, then for its answer to be
/// painted: on a page opened on a question (`?q=…`) the engine is ready before that
/// question's pieces have come, and what comes after the first results (the details,
/// the fill) must not share the link with them; a question typed meanwhile goes first.
pub async fn questions_first() {
    let waiting = || LEDGER.with(|l| l.borrow().questions_waiting());
    if !waiting() {
        return;
    }
    while waiting() {
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    after_next_paint().await;
}

/// Downloads `names` (claimed in the [`LEDGER`]) and adds them to `engine`; `low`:
/// at low priority.
async fn download(engine: &RefCell<Option<Engine>>, names: &[String], low: bool) -> Result<(), Failure> {
    let mut result = Ok(());
    let mut not_downloaded = false;
    for (name, bytes) in engine_load::fetch_pieces(names, low).await {
        not_downloaded |= bytes.is_err();
        let added = bytes.and_then(|bytes| match engine.borrow_mut().as_mut() {
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
