//! The audit trail as people read it: one entry per change, chained by hashes, and what
//! checking the chain found (docs/rules.md, "Audit trail"). The store writes and checks the
//! chain; these are the shapes it answers with.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One entry of the trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// 1, 2, 3… in the order of the changes.
    pub seq: i64,
    /// UTC, ISO 8601 with milliseconds.
    pub at: String,
    /// The username, or `system:<command>` for the command line.
    pub actor: String,
    /// What was done, e.g. `record.put`, `round.state`, `export`.
    pub action: String,
    /// What it was done to, e.g. `record:2026/btc/TC-01`.
    pub target: String,
    /// The state before the change (`null` for a creation).
    #[serde(default)]
    pub before: Value,
    /// The state after the change (`null` for a removal).
    #[serde(default)]
    pub after: Value,
    #[serde(default)]
    pub request_id: String,
    /// The hash of the entry before, or 64 zeros for the first.
    #[serde(default)]
    pub prev_hash: String,
    /// SHA-256 over every field and `prev_hash`, hex.
    #[serde(default)]
    pub hash: String,
}

/// What checking the chain found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AuditVerdict {
    /// Every entry's hash matches its fields and the one before.
    Intact { entries: i64 },
    /// The first entry that does not, and why.
    Broken { seq: i64, problem: String },
}
