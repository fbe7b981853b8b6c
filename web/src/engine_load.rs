//! Starting the search engine in the page: fetch the bundle, check it against its
//! manifest, open the tantivy index; after the first results, the report's details
//! (`details.json`: indicator values, source lines), which only an opened page needs.
//!
//! The engine runs on the page's own thread, not in a Web Worker: a search over the
//! report takes a few milliseconds, and answering inside the keystroke's own task lets
//! the results be painted in the same frame as the typed letter (a worker's answer
//! arrives in a later task, one frame late).

use crate::platform::embedded_part;
use crate::platform::tasks::{measured, next_task};
use rendiconto_model::Document;
use rendiconto_search::bundle::pieces::{PiecesManifest, PIECES_DIR};
use rendiconto_search::bundle::{CATALOG, DATA, DETAILS, INDEX, MANIFEST};
use rendiconto_search::engine::{Catalog, PiecesIndex};
use rendiconto_search::{Bundle, BundleError, Engine, Manifest};
use rendiconto_web_core::loading::{Failure, FailureKind, LoadStep};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the bundle is, relative to the page.
pub const BUNDLE_DIR: &str = "bundle";

/// `pieces.json`, in the bundle (as `web/boot.js` prefetches it).
const PIECES: &str = "pieces/pieces.json";
/// The key under which `web/boot.js` starts the hotcache, as soon as `pieces.json`
/// names it: beside the wasm, not after it.
const HOTCACHE_PREFETCH: &str = "pieces/hotcache";

/// Starts a download of a bundle part; the request is under way when this returns.
/// A script in `index.html` started the three downloads before the app's own (they
/// wait in `window.RA_PREFETCH`): those are taken over, once. `fresh` (after "Riprova")
/// asks the server again, past every cache (`cache: 'reload'`).
fn start_fetch(name: &str, fresh: bool) -> (String, Result<js_sys::Promise, String>) {
    start_fetch_as(name, name, fresh)
}

/// [`start_fetch`] of `name`, which `web/boot.js` started under `key` (or the first
/// answer's module downloaded, under `name`: [`hand_over_downloads`]).
fn start_fetch_as(name: &str, key: &str, fresh: bool) -> (String, Result<js_sys::Promise, String>) {
    let url = format!("{BUNDLE_DIR}/{name}");
    let Some(window) = web_sys::window() else { return (url, Err("no window".into())) };
    let promise = match take_prefetched(&[key, name]) {
        Some(promise) if !fresh => promise,
        _ if fresh => {
            let init = web_sys::RequestInit::new();
            init.set_cache(web_sys::RequestCache::Reload);
            window.fetch_with_str_and_init(&url, &init)
        }
        _ => window.fetch_with_str(&url),
    };
    hand_over(&url, &promise);
    (url, Ok(promise))
}

/// The download waiting in `window.RA_PREFETCH` under the first of `keys` that has
/// one, taken out (it is read once).
fn take_prefetched(keys: &[&str]) -> Option<js_sys::Promise> {
    let prefetch = prefetched()?;
    keys.iter().find_map(|key| {
        let promise =
            js_sys::Reflect::get(&prefetch, &(*key).into()).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok())?;
        let _ = js_sys::Reflect::delete_property(prefetch.unchecked_ref::<js_sys::Object>(), &(*key).into());
        Some(promise)
    })
}

/// `window.RA_PREFETCH`: the downloads started for the app before it ran (by
/// `web/boot.js`, by the first answer's module), each a promise of its `Response`.
fn prefetched() -> Option<wasm_bindgen::JsValue> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &"RA_PREFETCH".into()).ok().filter(|p| p.is_object())
}

thread_local! {
    /// Whether this module hands what it downloads over to the interface's module.
    static HAND_OVER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// From now on, every bundle part this module downloads is left for the interface's
/// module too (in `window.RA_PREFETCH`, under its name, as the promise of a copy of its
/// response): the first answer's module (`crate::first`) downloads what the interface
/// then opens again, and the network is asked once, also for a download still under
/// way when the interface asks. The bytes are checked again there.
pub fn hand_over_downloads() {
    HAND_OVER.with(|h| h.set(true));
}

/// Leaves the download `promise` of `url` for the interface's module (see
/// [`hand_over_downloads`]): a copy of its response (`Response.clone()`, taken as it
/// arrives, before this module reads the body); should the download fail, the
/// interface downloads it itself.
fn hand_over(url: &str, promise: &js_sys::Promise) {
    if !HAND_OVER.with(std::cell::Cell::get) {
        return;
    }
    let (Some(window), Some(name)) = (web_sys::window(), url.strip_prefix(&format!("{BUNDLE_DIR}/"))) else { return };
    let prefetch = prefetched().unwrap_or_else(|| {
        let created: wasm_bindgen::JsValue = js_sys::Object::new().into();
        let _ = js_sys::Reflect::set(&window, &"RA_PREFETCH".into(), &created);
        created
    });
    let copy = wasm_bindgen::closure::Closure::once_into_js(|response: wasm_bindgen::JsValue| {
        response
            .dyn_ref::<web_sys::Response>()
            .and_then(|r| web_sys::Response::clone(r).ok())
            .map_or(response, Into::into)
    });
    let url = url.to_string();
    let again = wasm_bindgen::closure::Closure::once_into_js(move |_: wasm_bindgen::JsValue| {
        web_sys::window().map_or_else(|| js_sys::Promise::reject(&"no window".into()), |w| w.fetch_with_str(&url))
    });
    // `promise.then(copy, again)`, called by name: js-sys's typed `then` takes closures
    // whose result is dropped, and the result here is the point.
    let then = js_sys::Reflect::get(promise, &"then".into()).map(|f| f.unchecked_into::<js_sys::Function>());
    if let Ok(copied) = then.and_then(|then| then.call2(promise, &copy, &again)) {
        let _ = js_sys::Reflect::set(&prefetch, &name.into(), &copied);
    }
}

/// A download at low priority (Fetch Priority: `priority: 'low'`), for what the page
/// fetches ahead of need; or the first answer's module's download of it, taken over.
fn start_low_priority_fetch(name: &str) -> (String, Result<js_sys::Promise, String>) {
    let url = format!("{BUNDLE_DIR}/{name}");
    let Some(window) = web_sys::window() else { return (url, Err("no window".into())) };
    let promise = take_prefetched(&[name]).unwrap_or_else(|| {
        let init = web_sys::RequestInit::new();
        // Not in web-sys's stable API: set by name (ignored by a browser without it).
        let _ = js_sys::Reflect::set(&init, &"priority".into(), &"low".into());
        window.fetch_with_str_and_init(&url, &init)
    });
    hand_over(&url, &promise);
    (url, Ok(promise))
}

/// Finishes a download started by [`start_fetch`].
async fn finish_fetch((url, promise): (String, Result<js_sys::Promise, String>)) -> Result<Vec<u8>, Failure> {
    let unreachable = |detail: String| Failure {
        kind: FailureKind::Download,
        detail_it: format!("Non è stato possibile scaricare i dati di ricerca ({url}): {detail}."),
        detail_en: format!("The search data could not be downloaded ({url}): {detail}."),
    };
    let response = JsFuture::from(promise.map_err(&unreachable)?).await.map_err(|e| unreachable(format!("{e:?}")))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(unreachable(format!("HTTP {}", response.status())));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| unreachable(format!("{e:?}")))?)
        .await
        .map_err(|e| unreachable(format!("{e:?}")))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Loads the engine, telling `step` what it is doing; `fresh`: download again past
/// the caches (a second attempt). The engine searches; its report waits for
/// [`load_details`] (with the manifest returned here).
///
/// On the web site the index and the data come in pieces (`bundle/pieces/`): what
/// opening needs (the hotcache, found by `pieces.json`, and the catalog: every item's
/// id, title and filters) now, each question's chunks when it is asked and the texts
/// of the results it shows ([`crate::pieces`]). The single file and the kiosk carry
/// the whole `index.pack` and `data.json`.
pub async fn load(step: impl Fn(LoadStep), fresh: bool) -> Result<(Engine, Manifest), Failure> {
    step(LoadStep::Manifest);
    let embedded = (embedded_part(MANIFEST), embedded_part(DATA), embedded_part(INDEX));
    if let (Some(manifest), Some(data), Some(index)) = embedded {
        return open_whole(step, manifest, data, index).await;
    }
    load_pieces(step, fresh).await
}

/// [`load`] on the web site: the engine over the index in pieces. Apart, so that the
/// first answer's module (`crate::first`, the site's only) carries no code for the
/// whole index.
pub async fn load_pieces(step: impl Fn(LoadStep), fresh: bool) -> Result<(Engine, Manifest), Failure> {
    // The three downloads run at once (index.html started them); the manifest first.
    let (manifest, data, pieces) =
        (start_fetch(MANIFEST, fresh), start_fetch(CATALOG, fresh), start_fetch(PIECES, fresh));
    let manifest = Bundle::read_manifest(&finish_fetch(manifest).await?).map_err(Failure::from)?;
    step(LoadStep::Index);
    let pieces = PiecesManifest::read(&finish_fetch(pieces).await?).map_err(Failure::from)?;
    // Pieces cut from another build's index (the site replaced meanwhile) never mix.
    let index_sha = manifest.parts.iter().find(|p| p.name == INDEX).map(|p| p.sha256.as_str());
    if index_sha != Some(pieces.index_sha256.as_str()) {
        return Err(replaced());
    }
    let hotcache_name = format!("{PIECES_DIR}/{}", pieces.hotcache.name);
    let hotcache = start_fetch_as(&hotcache_name, HOTCACHE_PREFETCH, fresh);
    step(LoadStep::Data);
    let data = finish_fetch(data).await?;
    let data_sha = Digest::start(&data).hex(&data).await;
    Bundle::verify_digest(&manifest, CATALOG, data.len(), &data_sha).map_err(Failure::from)?;
    let doc = measured("ra:bundle-decode", || Bundle::decode_document(CATALOG, &data)).map_err(Failure::from)?;
    // Started early by web/boot.js, it may have failed there (or read another name, which
    // `open_pieces` would refuse): then once more from here.
    let hotcache = match finish_fetch(hotcache).await {
        Ok(bytes) if bytes.len() as u64 == pieces.hotcache.size => bytes,
        _ => finish_fetch(start_fetch(&hotcache_name, fresh)).await?,
    };
    step(LoadStep::Opening);
    next_task().await;
    // Opening in three tasks: tantivy's index on the hotcache (checked against its
    // name, sha256), the catalog's items and filters, then the engine over both.
    let index = measured("ra:engine-index", || PiecesIndex::open(&pieces, &hotcache)).map_err(Failure::from)?;
    next_task().await;
    let catalog = measured("ra:engine-items", || Catalog::new(doc));
    next_task().await;
    let engine = measured("ra:engine-open", || Engine::open_on_pieces(catalog, index)).map_err(Failure::from)?;
    next_task().await;
    measured("ra:engine-finish", || engine.finish_opening());
    next_task().await;
    Ok((engine, manifest))
}

/// The engine on the whole index (`index.pack`), checked against the manifest.
async fn open_whole(
    step: impl Fn(LoadStep),
    manifest: Vec<u8>,
    data: Vec<u8>,
    index: Vec<u8>,
) -> Result<(Engine, Manifest), Failure> {
    let manifest = Bundle::read_manifest(&manifest).map_err(Failure::from)?;
    step(LoadStep::Opening);
    // The start-up in short tasks, not one long one: the page can paint and answer
    // input between them (on a mid-range phone each step alone is tens of ms).
    let (data_sha, index_sha) = (Digest::start(&data), Digest::start(&index));
    let (data_sha, index_sha) = (data_sha.hex(&data).await, index_sha.hex(&index).await);
    Bundle::verify_digest(&manifest, DATA, data.len(), &data_sha).map_err(Failure::from)?;
    Bundle::verify_digest(&manifest, INDEX, index.len(), &index_sha).map_err(Failure::from)?;
    let (doc, files) = measured("ra:bundle-decode", || {
        Ok::<_, BundleError>((Bundle::decode_document(DATA, &data)?, Bundle::decode_index(&index)?))
    })
    .map_err(Failure::from)?;
    next_task().await;
    let engine = measured("ra:engine-open", || Engine::open_searchable(doc, &files)).map_err(Failure::from)?;
    next_task().await;
    measured("ra:engine-finish", || engine.finish_opening());
    next_task().await;
    Ok((engine, manifest))
}

/// What the reader is told when the site was replaced by another version while the
/// page was open: the page must be loaded again ("Ricarica la pagina").
pub fn replaced() -> Failure {
    Failure {
        kind: FailureKind::Version,
        detail_it: "Il sito è stato aggiornato mentre la pagina era aperta: i dati di ricerca di questa versione non ci sono più.".into(),
        detail_en: "The site was updated while the page was open: this version's search data are gone.".into(),
    }
}

/// Whether the site now serves another index than `index_sha256` (asked past every
/// cache): after a piece failed to download, it tells an update from a network fault.
pub async fn site_replaced(index_sha256: &str) -> bool {
    let Ok(bytes) = finish_fetch(start_fetch(MANIFEST, true)).await else { return false };
    let Ok(manifest) = Bundle::read_manifest(&bytes) else { return true };
    manifest.parts.iter().find(|p| p.name == INDEX).is_none_or(|p| p.sha256 != index_sha256)
}

/// Downloads the pieces `names` of the index (`bundle/pieces/NAME`, at once, in
/// parallel; `low`: at low priority, behind the page's other requests); each
/// `Ok(bytes)` or the failure of its download.
pub async fn fetch_pieces(names: &[String], low: bool) -> Vec<(String, Result<Vec<u8>, Failure>)> {
    let started: Vec<_> = names
        .iter()
        .map(|n| {
            let path = format!("{PIECES_DIR}/{n}");
            (n.clone(), if low { start_low_priority_fetch(&path) } else { start_fetch(&path, false) })
        })
        .collect();
    let mut out = Vec::with_capacity(started.len());
    for (name, fetch) in started {
        out.push((name, finish_fetch(fetch).await));
    }
    out
}

/// A sha256 under way: by the browser's own SHA-256 (`crypto.subtle`: native, off the
/// page's thread, several at once), or where the page lacks it (not served over HTTPS
/// nor from the machine itself) by the same Rust code the CLI runs.
struct Digest(Option<js_sys::Promise>);

impl Digest {
    fn start(bytes: &[u8]) -> Digest {
        Digest(subtle_digest(bytes))
    }

    /// The digest of `bytes` (the ones it was started with), in hex.
    async fn hex(self, bytes: &[u8]) -> String {
        if let Some(promise) = self.0 {
            if let Ok(buffer) = JsFuture::from(promise).await {
                return rendiconto_search::bundle::digest_hex(&js_sys::Uint8Array::new(&buffer).to_vec());
            }
        }
        measured("ra:sha256", || rendiconto_search::bundle::sha256_hex(bytes))
    }
}

/// `crypto.subtle.digest('SHA-256', bytes)`, if the page has it.
fn subtle_digest(bytes: &[u8]) -> Option<js_sys::Promise> {
    let get = |target: &wasm_bindgen::JsValue, key: &str| {
        js_sys::Reflect::get(target, &key.into()).ok().filter(|v| !v.is_undefined() && !v.is_null())
    };
    let subtle = get(&get(&js_sys::global(), "crypto")?, "subtle")?;
    let digest: js_sys::Function = get(&subtle, "digest")?.dyn_into().ok()?;
    let promise = digest.call2(&subtle, &"SHA-256".into(), &js_sys::Uint8Array::from(bytes)).ok()?;
    promise.dyn_into().ok()
}

/// Downloads and checks the report's details (`details.json`), for
/// [`Engine::add_details`]. Started after the first results: the bytes no search
/// needs do not share the link with the ones it does.
pub async fn load_details(manifest: &Manifest, fresh: bool) -> Result<Document, Failure> {
    let bytes = match embedded_part(DETAILS) {
        Some(bytes) => bytes,
        None => finish_fetch(start_fetch(DETAILS, fresh)).await?,
    };
    let sha = Digest::start(&bytes).hex(&bytes).await;
    Bundle::verify_digest(manifest, DETAILS, bytes.len(), &sha).map_err(Failure::from)?;
    measured("ra:details", || Bundle::decode_document(DETAILS, &bytes)).map_err(Failure::from)
}
