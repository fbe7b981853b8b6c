//! The first answer's module (`rendiconto_web::first`): the engine and the result
//! list without the interface, started by `web/boot.js` first on the site's root.
//! `cargo xtask dist` builds it beside the interface's module (Trunk builds one module
//! per page).

/// Answers `query` (the address's question when it is not given) with the address's
/// filters and draws the answer; rejects with what went wrong, and the loader then
/// starts the interface, which says it to the person.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn answer(query: Option<String>) -> Result<(), wasm_bindgen::JsValue> {
    rendiconto_web::first::answer(query).await.map_err(|f| wasm_bindgen::JsValue::from_str(&f.detail_en))
}

fn main() {}
