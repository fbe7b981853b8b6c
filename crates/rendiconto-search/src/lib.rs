//! The search core, compiled both into the native `index-builder` and into the browser
//! app, so that both return the same results for the same query.
//!
//! - [`analysis`]: the Italian text analysis (case and accent folding, elisions, stems);
//! - [`items`]: what is searchable — one item per activity and per indicator table;
//! - [`schema`] and [`indexer`]: the tantivy index, written deterministically;
//! - [`vocabulary`]: the folded words' file beside it (written by the indexer, read by
//!   the engine);
//! - [`bundle`]: the files the browser downloads, checked against a manifest, and
//!   ([`bundle::pieces`]) the index cut into pieces a question fetches separately;
//! - [`query`]: user input → clauses, leniently (no input is an error);
//! - [`synonyms`]: the civic synonym list (what citizens call what the report names);
//! - [`engine`]: how a question is read (function words, completions, corrections,
//!   synonyms), ranked search with partial matches, sort orders; over the whole index
//!   or over the pieces a question needs ([`Engine::pieces_for`], [`Engine::try_search`]);
//! - [`facets`]: filters and their counts;
//! - [`highlight`]: marked titles and snippets.

pub mod analysis;
pub mod bundle;
pub mod engine;
pub mod facets;
pub mod highlight;
pub mod indexer;
pub mod items;
pub mod query;
pub mod schema;
pub mod synonyms;
pub mod vocabulary;

pub use bundle::{Bundle, BundleError, Manifest};
pub use engine::{Engine, Hit, SearchRequest, SearchResponse, Sort, Unanswered, WordReport};
pub use facets::FacetCount;
pub use highlight::Snippet;
pub use items::{Facet, Item, ItemKind, TextField};
pub use synonyms::{SynonymError, Synonyms};
