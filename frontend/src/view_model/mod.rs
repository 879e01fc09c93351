//! What the pages show, computed from API answers without touching the DOM: sorted rankings,
//! matrix cells, trends, profile changes, the checklist's fields. Pure, so unit-tested natively.

pub mod checklist;
pub mod files;
pub mod matrix;
pub mod profile;
pub mod ranking;
pub mod saving;
pub mod self_assessment;
pub mod trends;

#[cfg(test)]
pub(crate) mod fixtures;
