//! What the pages show, computed from API answers without touching the DOM: sorted rankings,
//! matrix cells, trends, profile changes. Pure, so unit-tested natively.

pub mod matrix;
pub mod profile;
pub mod ranking;
pub mod trends;

#[cfg(test)]
pub(crate) mod fixtures;
