//! The brand face (Titillium Web), loaded after the first results rather than before.
//!
//! A first visit sets its text in the metric-matched fallback face (web/style.css) and
//! does not fetch the fonts before its first results: on a weak link their 36 kB would
//! share it with the engine. Once the results and the report's details are in, the app
//! loads the three weights the page uses and remembers that this browser has them; from
//! then on `web/boot.js` turns the face on (`html.ra-fonts`) before each page's first
//! paint, and the fonts come from the cache (the service worker keeps them).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the browser remembers that it has the fonts (read by web/boot.js).
const KEY: &str = "rendiconto-aperto-fonts";

/// The weights the page uses, as `FontFaceSet.load` takes them.
const FACES: [&str; 3] = ["400 1em \"Titillium Web\"", "600 1em \"Titillium Web\"", "700 1em \"Titillium Web\""];

/// Loads the faces and remembers it; a failure (no `document.fonts`, no storage, a
/// font that did not arrive) leaves the fallback face, which is what the page shows.
/// Nothing to do on a page that uses them already (web/boot.js found them remembered).
pub async fn load_and_remember() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.document_element().is_some_and(|html| html.class_name().split_whitespace().any(|c| c == "ra-fonts")) {
        return;
    }
    let Some(fonts) = js_sys::Reflect::get(&document, &"fonts".into()).ok().filter(|f| f.is_object()) else {
        return;
    };
    let Ok(load) = js_sys::Reflect::get(&fonts, &"load".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) else {
        return;
    };
    for face in FACES {
        let Ok(promise) = load.call1(&fonts, &face.into()) else { return };
        let loaded = JsFuture::from(js_sys::Promise::from(promise)).await;
        // `load` resolves with the faces it loaded: none means the face is not declared.
        if !loaded.is_ok_and(|l| js_sys::Array::from(&l).length() > 0) {
            return;
        }
    }
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(KEY, "1");
    }
}
