//! The app's hooks: each wires one concern of `App` to the browser.
//!
//! - [`location`]: the state and its reducer, the address bar, back and forward;
//! - [`engine`]: the engine's download and start, then its details and idle preparation;
//! - [`search`]: the results, the page and the marked words, computed while rendering;
//! - [`downloads`]: files asked for, made once the report is whole;
//! - [`document`]: what the app writes outside its root (title, language, focus,
//!   `<html>` attributes, service worker, the widget's host).

pub mod document;
pub mod downloads;
pub mod engine;
pub mod location;
pub mod search;
