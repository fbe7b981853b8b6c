//! The browser app: the interface (Yew) and the search engine (tantivy) in one
//! WebAssembly module on the page's thread (see [`engine_load`] for why). The same
//! components compile natively too: `cargo xtask dist` renders every page of the site
//! with them at build time (`src/bin/prerender.rs`, feature `ssr`), and the app
//! hydrates the page it finds ([`start`]).
//!
//! What the app decides from plain data (routes, the page, actions, titles…) is the
//! crate `rendiconto-web-core`; this crate is the browser side. Its rooms, from the
//! bottom up (each may use those above it, never those below):
//!
//! - [`platform`]: the browser itself (document, storage, timers, address bar);
//! - [`delivery`], [`engine_load`], `download`, `pwa`, `fonts`, `embed`, [`kiosk`]:
//!   one effect or platform feature each;
//! - `hooks`: the app's state and effects as Yew hooks;
//! - `components` and `shell`: the views;
//! - [`app`]: their composition; [`start`]: the app on the page.

pub mod app;
mod components;
/// HTML escaping, shared with the prerenderer (`src/bin/prerender.rs`).
pub use markup::escape as escape_html;
pub mod delivery;
mod download;
mod embed;
pub mod engine_load;
pub mod first;
mod fonts;
mod hooks;
pub mod kiosk;
pub mod markup;
mod pieces;
mod platform;
mod pwa;
mod shell;
pub mod start;
