//! Files asked for: made from the engine's whole report and saved; one asked for
//! before the report's details are in is made when they arrive.

use super::engine::EngineCell;
use crate::download;
use rendiconto_web_core::export::{export, ExportFormat, ExportScope};
use yew::prelude::*;

/// What a download button asks for.
pub type Asked = (ExportScope, ExportFormat);

/// The callback the download buttons call.
#[hook]
pub fn use_downloads(engine: EngineCell, report_ready: bool) -> Callback<Asked> {
    let pending = use_mut_ref(|| None::<Asked>);
    {
        let (engine, pending) = (engine.clone(), pending.clone());
        use_effect_with(report_ready, move |ready| {
            if let (true, Some(asked)) = (*ready, pending.borrow_mut().take()) {
                save(&engine, &asked);
            }
        });
    }
    // The same callback at every render: the pages and buttons it is given are not
    // redrawn for it.
    use_callback((), move |asked: Asked, _| {
        if !save(&engine, &asked) {
            *pending.borrow_mut() = Some(asked);
        }
    })
}

/// Makes and saves the file asked for; `false` while the engine's report is not whole.
fn save(engine: &EngineCell, (scope, format): &Asked) -> bool {
    let Some(file) = engine.borrow().as_ref().and_then(|e| export(e, scope.clone(), *format)) else {
        return false;
    };
    if let Err(e) = download::save(&file) {
        web_sys::console::error_2(&"download failed".into(), &e);
    }
    true
}
