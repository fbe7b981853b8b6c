//! Saving a file made by `rendiconto_web_core::export`: through a Blob, an object URL
//! and a click on a hidden link.

use rendiconto_web_core::export::Download;
use wasm_bindgen::{JsCast, JsValue};

/// Hands the file to the browser to save.
pub fn save(d: &Download) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(&d.content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&d.mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(&d.filename);
    a.set_hidden(true);
    document.body().ok_or("no body")?.append_child(&a)?;
    a.click();
    a.remove();
    // The click has started the download; the URL can go once the event loop moves on.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000)?;
    Ok(())
}
