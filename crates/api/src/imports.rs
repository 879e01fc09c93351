//! What an import answers.

use serde::{Deserialize, Serialize};

/// How an import went: what was checked and what was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportSummary {
    pub round: String,
    /// `csv` or `json`.
    pub format: String,
    pub dry_run: bool,
    /// Rows that passed every check.
    pub accepted: usize,
    pub inserted: usize,
    pub updated: usize,
    /// False for a dry run.
    pub written: bool,
}
