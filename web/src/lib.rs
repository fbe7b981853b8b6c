//! The browser app: the interface (Yew) and the search engine (tantivy) in one
//! WebAssembly module on the page's thread (see [`engine_load`] for why).

pub mod delivery;
pub mod i18n;
pub mod kiosk;
pub mod url_state;
pub mod views;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod download;
#[cfg(target_arch = "wasm32")]
mod embed;
#[cfg(target_arch = "wasm32")]
pub mod engine_load;
#[cfg(target_arch = "wasm32")]
mod pwa;
