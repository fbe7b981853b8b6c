//! The index's pieces a question reads, fetched when it is asked: each piece once (a
//! piece already loaded or on its way is not asked for again), checked against
//! `pieces.json` by the engine (`Engine::add_piece`: a damaged or foreign piece is
//! refused, named). `hooks::engine` runs it and redraws what was waiting for it.

use crate::engine_load;
use rendiconto_search::bundle::pieces::PieceId;
use rendiconto_search::Engine;
use rendiconto_web_core::loading::Failure;
use std::cell::RefCell;
use std::collections::BTreeSet;

thread_local! {
    /// The pieces being downloaded.
    static ON_THE_WAY: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
}

/// Downloads the pieces `ids` that are neither loaded nor on their way and adds them
/// to `engine`. `Ok(true)` when it added some (what waited for them can run again).
pub async fn fetch(engine: &RefCell<Option<Engine>>, ids: Vec<PieceId>) -> Result<bool, Failure> {
    let names: Vec<String> = ids
        .into_iter()
        .map(|id| id.0)
        .filter(|name| {
            let loaded = engine.borrow().as_ref().is_none_or(|e| e.has_piece(name));
            !loaded && ON_THE_WAY.with(|w| w.borrow_mut().insert(name.clone()))
        })
        .collect();
    if names.is_empty() {
        return Ok(false);
    }
    let mut result = Ok(true);
    let mut not_downloaded = false;
    for (name, bytes) in engine_load::fetch_pieces(&names).await {
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
