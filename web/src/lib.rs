//! The browser app. The interface (Yew, main thread) and the search engine (tantivy,
//! in a Web Worker) talk through the messages in [`protocol`], so typing never waits
//! for a search and the heavy engine code stays out of the interface's download.

pub mod delivery;
pub mod i18n;
pub mod kiosk;
pub mod protocol;
pub mod url_state;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod download;
#[cfg(target_arch = "wasm32")]
mod embed;
#[cfg(target_arch = "wasm32")]
mod pwa;
#[cfg(target_arch = "wasm32")]
pub mod worker;
