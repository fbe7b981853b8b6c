//! Inside the widget's iframe (`embed.js`): the page tells its host how tall it is, so
//! the iframe grows and shrinks with the content and never shows a second scrollbar,
//! and when a new view opens, so the host can bring the widget's top into view.
//! Messages are `{type: "rendiconto-aperto:…", …}`; they carry nothing private.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

fn post(kind: &str, height: Option<f64>) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &format!("rendiconto-aperto:{kind}").into());
    if let Some(h) = height {
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &h.into());
    }
    // Any origin: the host page may be on another site, and the message is only a number.
    let _ = parent.post_message(&msg, "*");
}

/// Reports the document's height now and whenever it changes, for the life of the page.
pub fn report_height() {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    // The root element's own box, not its scrollHeight: that is never less than the
    // iframe's current height, so the widget could grow but never shrink back.
    let measured = root.clone();
    let send = Closure::<dyn FnMut()>::new(move || post("height", Some(measured.get_bounding_client_rect().height())));
    if let Ok(observer) = web_sys::ResizeObserver::new(send.as_ref().unchecked_ref()) {
        observer.observe(&root);
    }
    send.forget();
}

/// A new view (activity, programme, results) replaced the old one.
pub fn report_navigation() {
    post("navigate", None);
}
