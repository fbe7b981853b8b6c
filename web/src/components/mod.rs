//! The pieces of the page, one file each.

pub mod detail;
pub mod facets;
pub mod highlight;
pub mod results;
pub mod search_box;
