//! The pieces of the page, one file each.

pub mod detail;
pub mod downloads;
pub mod facets;
pub mod filter_dialog;
pub mod highlight;
pub mod home;
pub mod indicators;
pub mod keyboard;
pub mod later;
pub mod mission;
pub mod nav;
pub mod open_data;
pub mod page;
pub mod program;
pub mod results;
pub mod search_box;
pub mod status_bar;
