//! Downloads: the whole report, one programme or every result of a search, made as a
//! file from the engine's data and saved through a Blob, an object URL and a click on
//! a hidden link.

use crate::views::{Download, ExportFormat, ExportScope};
use rendiconto_search::Engine;
use std::collections::BTreeSet;
use wasm_bindgen::{JsCast, JsValue};

/// The file for `scope` in `format`; `None` until the engine's report is whole (its
/// details loaded).
pub fn export(engine: &Engine, scope: ExportScope, format: ExportFormat) -> Option<Download> {
    let all_ids = |ids: Vec<String>| -> BTreeSet<String> { ids.into_iter().collect() };
    let report = engine.report()?;
    let (doc, name) = match scope {
        ExportScope::Everything => (report.clone(), "rendiconto-2023".to_string()),
        ExportScope::Program(id) => {
            let prefix = format!("{id}-");
            let ids = engine.items.iter().filter(|i| i.id.starts_with(&prefix)).map(|i| i.id.clone()).collect();
            (rendiconto_export::subset(report, &all_ids(ids)), format!("rendiconto-2023-{id}"))
        }
        ExportScope::Results(mut request) => {
            request.limit = engine.items.len().max(1);
            request.offset = 0;
            let ids = engine.search(&request).hits.into_iter().map(|h| h.id).collect();
            (rendiconto_export::subset(report, &all_ids(ids)), "rendiconto-2023-risultati".to_string())
        }
    };
    Some(match format {
        ExportFormat::Csv => Download {
            filename: format!("{name}.csv"),
            mime: "text/csv;charset=utf-8".into(),
            content: rendiconto_export::csv_string(&doc),
        },
        ExportFormat::Json => Download {
            filename: format!("{name}.json"),
            mime: "application/json".into(),
            content: rendiconto_export::json_string(&doc),
        },
    })
}

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
