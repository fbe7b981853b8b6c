//! The browser app: the interface (Yew) and the search engine (tantivy) in one
//! WebAssembly module on the page's thread (see [`engine_load`] for why). The same
//! components compile natively too: `cargo xtask dist` renders every page of the site
//! with them at build time (`src/bin/prerender.rs`, feature `ssr`), and the app
//! hydrates the page it finds ([`app::start`]).

pub mod app;
mod components;
/// HTML escaping, shared with the prerenderer (`src/bin/prerender.rs`).
pub use components::highlight::escape as escape_html;
pub mod delivery;
mod download;
mod embed;
pub mod engine_load;
mod fonts;
pub mod i18n;
pub mod kiosk;
mod pwa;
pub mod route;
pub mod url_state;
pub mod views;
