//! Starting the search engine in the page: fetch the bundle, check it against its
//! manifest, open the tantivy index; after the first results, the report's details
//! (`details.json`: indicator values, source lines), which only an opened page needs.
//!
//! The engine runs on the page's own thread, not in a Web Worker: a search over the
//! report takes a few milliseconds, and answering inside the keystroke's own task lets
//! the results be painted in the same frame as the typed letter (a worker's answer
//! arrives in a later task, one frame late).

use crate::views::LoadStep;
use rendiconto_model::Document;
use rendiconto_search::bundle::{DATA, DETAILS, INDEX, MANIFEST};
use rendiconto_search::{Bundle, BundleError, Engine, Manifest};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the bundle is, relative to the page.
pub const BUNDLE_DIR: &str = "bundle";

/// Why the engine could not start: what kind of failure (the message a reader gets and
/// what they can do), and the technical detail in Italian and in English (shown in a
/// disclosure, and in the console).
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub kind: FailureKind,
    pub detail_it: String,
    pub detail_en: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The files did not arrive, or arrived incomplete or damaged: trying again may help.
    Download,
    /// The data are of another version of the app: the page must be reloaded.
    Version,
}

/// Runs `f` as a User Timing measure named `name` (`ra:…`): the start-up's steps show
/// by name in DevTools' performance panel and in `performance.getEntriesByType('measure')`
/// (the release wasm carries no function names).
pub fn measured<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}:start");
    if let Some(p) = &performance {
        let _ = p.mark(&start);
    }
    let out = f();
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(name, &start);
        p.clear_marks_with_mark_name(&start);
    }
    out
}

/// Milliseconds with sub-millisecond resolution where the browser gives it.
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// The single-file edition has no files to fetch (and `file://` pages may not fetch):
/// its loader puts the bundle's parts in `window.RA_BUNDLE` instead, keyed by file
/// name. They are checked against the manifest exactly like downloaded ones. `None`
/// when the page has no such block (every other edition).
pub fn embedded_part(name: &str) -> Option<Vec<u8>> {
    let bundle = js_sys::Reflect::get(&js_sys::global(), &"RA_BUNDLE".into()).ok().filter(|b| b.is_object())?;
    let part = js_sys::Reflect::get(&bundle, &name.into()).ok().and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok());
    Some(part.map(|a| a.to_vec()).unwrap_or_default())
}

/// What the reader is told about a bundle the app cannot use.
pub fn bundle_failure(e: BundleError) -> Failure {
    Failure {
        kind: match e {
            BundleError::Version { .. } => FailureKind::Version,
            _ => FailureKind::Download,
        },
        detail_it: e.message_it(),
        detail_en: e.to_string(),
    }
}

/// Starts a download of a bundle part; the request is under way when this returns.
/// A script in `index.html` started the three downloads before the app's own (they
/// wait in `window.RA_PREFETCH`): those are taken over, once. `fresh` (after "Riprova")
/// asks the server again, past every cache (`cache: 'reload'`).
fn start_fetch(name: &str, fresh: bool) -> (String, Result<js_sys::Promise, String>) {
    let url = format!("{BUNDLE_DIR}/{name}");
    let Some(window) = web_sys::window() else { return (url, Err("no window".into())) };
    let started = js_sys::Reflect::get(&window, &"RA_PREFETCH".into()).ok().filter(|p| p.is_object());
    if let Some(prefetch) = started {
        let promise =
            js_sys::Reflect::get(&prefetch, &name.into()).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
        if let Some(promise) = promise {
            let _ = js_sys::Reflect::delete_property(prefetch.unchecked_ref::<js_sys::Object>(), &name.into());
            if !fresh {
                return (url, Ok(promise));
            }
        }
    }
    let promise = if fresh {
        let init = web_sys::RequestInit::new();
        init.set_cache(web_sys::RequestCache::Reload);
        window.fetch_with_str_and_init(&url, &init)
    } else {
        window.fetch_with_str(&url)
    };
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
pub async fn load(step: impl Fn(LoadStep), fresh: bool) -> Result<(Engine, Manifest), Failure> {
    step(LoadStep::Manifest);
    let embedded = (embedded_part(MANIFEST), embedded_part(DATA), embedded_part(INDEX));
    let (manifest, data, index) = match embedded {
        (Some(manifest), Some(data), Some(index)) => (manifest, data, index),
        _ => {
            // All three downloads run at once; the manifest is checked first.
            let (manifest, data, index) =
                (start_fetch(MANIFEST, fresh), start_fetch(DATA, fresh), start_fetch(INDEX, fresh));
            let manifest = finish_fetch(manifest).await?;
            step(LoadStep::Data);
            let data = finish_fetch(data).await?;
            step(LoadStep::Index);
            (manifest, data, finish_fetch(index).await?)
        }
    };
    let manifest = Bundle::read_manifest(&manifest).map_err(bundle_failure)?;
    step(LoadStep::Opening);
    // The start-up in short tasks, not one long one: the page can paint and answer
    // input between them (on a mid-range phone each step alone is tens of ms).
    let (data_sha, index_sha) = (Digest::start(&data), Digest::start(&index));
    let (data_sha, index_sha) = (data_sha.hex(&data).await, index_sha.hex(&index).await);
    Bundle::verify_digest(&manifest, DATA, data.len(), &data_sha).map_err(bundle_failure)?;
    Bundle::verify_digest(&manifest, INDEX, index.len(), &index_sha).map_err(bundle_failure)?;
    let (doc, files) =
        measured("ra:bundle-decode", || Ok((Bundle::decode_document(DATA, &data)?, Bundle::decode_index(&index)?)))
            .map_err(bundle_failure)?;
    next_task().await;
    let engine = measured("ra:engine-open", || Engine::open_searchable(doc, &files)).map_err(bundle_failure)?;
    next_task().await;
    measured("ra:engine-finish", || engine.finish_opening());
    next_task().await;
    Ok((engine, manifest))
}

/// Lets the page paint and answer input before going on.
pub async fn next_task() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Resolves when the browser is idle (`requestIdleCallback`, at most a second later;
/// where it is missing, after 100 ms).
pub async fn when_idle() {
    let Some(window) = web_sys::window() else { return };
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"timeout".into(), &1000.into());
        let asked = idle.as_ref().map(|f| f.call2(&window, &resolve, &options));
        if !matches!(asked, Some(Ok(_))) {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        }
    });
    let _ = JsFuture::from(promise).await;
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
    Bundle::verify_digest(manifest, DETAILS, bytes.len(), &sha).map_err(bundle_failure)?;
    measured("ra:details", || Bundle::decode_document(DETAILS, &bytes)).map_err(bundle_failure)
}
