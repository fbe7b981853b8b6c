//! The search core, compiled both into the native `index-builder` and into the browser
//! app, so that both return the same results for the same query.
//!
//! - [`analysis`]: the Italian text analysis (case and accent folding, elisions, stems);
//! - [`items`]: what is searchable — one item per activity and per indicator table;
//! - [`schema`] and [`indexer`]: the tantivy index, written deterministically;
//! - [`bundle`]: the files the browser downloads, checked against a manifest;
//! - [`query`]: user input → clauses, leniently (no input is an error);
//! - [`engine`]: ranked search, filters with counts, highlighted snippets.

pub mod analysis;
pub mod bundle;
pub mod engine;
pub mod indexer;
pub mod items;
pub mod query;
pub mod schema;

pub use bundle::{Bundle, BundleError, Manifest};
pub use engine::{Engine, FacetCount, Hit, SearchRequest, SearchResponse, Snippet};
pub use items::{Facet, Item, ItemKind};
