//! The pieces the pages are built from.

pub mod header;
pub mod ranking_table;
pub mod round_banner;
pub mod round_picker;
pub mod status;
pub mod summary;
