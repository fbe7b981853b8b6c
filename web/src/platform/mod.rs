//! The browser, reached in one place: the document, storage, focus, the bundle the
//! single file carries, timers and tasks ([`tasks`]), the first hydration in parts ([`hydration`]), and the address bar and title
//! ([`address`]). Nothing here knows the app's pages or state.

pub mod address;
pub mod hydration;
pub mod tasks;

use wasm_bindgen::JsCast;

pub fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a browser document")
}

pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// An attribute of `<html>` (`data-engine`, `lang`…): what the page says about itself
/// to its styles, its tests and the benchmark.
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute(name, value);
    }
}

/// The search box (`#q`): the prerendered page's, then the app's.
pub fn search_box() -> Option<web_sys::HtmlInputElement> {
    document().get_element_by_id("q").map(|el| el.unchecked_into())
}

pub fn focus(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
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
