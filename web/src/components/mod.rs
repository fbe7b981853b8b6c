//! The pieces of the page, one file each.

pub mod detail;
pub mod downloads;
pub mod facets;
pub mod highlight;
pub mod home;
pub mod indicators;
pub mod keyboard;
pub mod nav;
pub mod program;
pub mod results;
pub mod search_box;
