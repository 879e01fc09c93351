//! Whole pages; this slice has one, the overview of a round.

pub mod overview;
