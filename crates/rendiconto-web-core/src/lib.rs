//! The browser app's decisions, without the browser.
//!
//! `web/` keeps the platform (DOM, history, timers, storage), the effects (engine
//! loading, service worker, fonts, kiosk, widget) and the views; everything they decide
//! from plain data is here, with no web-sys or Yew in the dependency tree, so it is
//! tested natively:
//!
//! - [`route`] and [`url_state`]: the address, read and written (paths, old `?a=` links);
//! - [`page`]: the one [`Page`] an address resolves to, with its title, description,
//!   focus target, layout and Open Graph type;
//! - [`state`]: the app's [`State`] and every [`Action`] on it, through one pure
//!   [`State::reduce`];
//! - [`content`], [`statuses`], [`marks`]: what the pages show, made from the report;
//! - [`export`]: the files offered for download; [`loading`]: the engine's progress and
//!   failures; [`delivery`]: site, widget or kiosk; [`keys`]: the kiosk's keyboard;
//!   [`i18n`]: every string, Italian first; [`text`]: cutting long texts; [`pieces`]:
//!   the index's pieces on their way and who waits for them.

pub mod content;
pub mod delivery;
pub mod export;
pub mod i18n;
pub mod keys;
pub mod loading;
pub mod marks;
pub mod page;
pub mod pieces;
pub mod route;
pub mod state;
pub mod statuses;
pub mod text;
pub mod url_state;

pub use page::Page;
pub use route::{Location, Route};
pub use state::{Action, State};
pub use url_state::UrlState;
