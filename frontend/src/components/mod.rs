//! The pieces the pages are built from.

pub mod badges;
pub mod chart;
pub mod evidence;
pub mod explanations;
pub mod files;
pub mod guard;
pub mod header;
pub mod ranking_table;
pub mod round_scope;
pub mod self_assessment;
pub mod status;
pub mod summary;
