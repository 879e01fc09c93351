//! Copying a whole installation between databases, of either engine (`scorecard db copy`):
//! every table that holds the installation's data, row by row as stored, so that versions,
//! password hashes and the audit chain (whose hashes cover the stored text) arrive unchanged.
//! Sessions, counted sign-in failures and the marks of notices read are not copied: people sign
//! in again, and notices are derived from the data.
//!
//! The destination pulls batches from the source inside one transaction of its own, so a copy
//! that fails leaves the destination as it was.

/// A stored value, in the types both engines share.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Int(i64),
    Real(f64),
    Bool(bool),
    Bytes(Vec<u8>),
}

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Real,
    Bool,
    Bytes,
}

/// A table to copy: its columns with their types and whether they may be NULL, and its key.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind, bool)],
    /// The primary key's columns, which order the rows and page through them.
    pub key: &'static [&'static str],
}

use Kind::{Bool, Bytes, Int, Real, Text};

/// The tables of an installation, in an order that inserts what others refer to first.
pub const TABLES: &[Table] = &[
    Table {
        name: "organizations",
        columns: &[
            ("id", Text, false),
            ("name_vi", Text, false),
            ("name_en", Text, false),
            ("peer_group", Text, false),
            ("merged_into", Text, true),
            ("split_from", Text, true),
            ("lineage_since", Text, true),
        ],
        key: &["id"],
    },
    Table {
        name: "catalogs",
        columns: &[
            ("id", Text, false),
            ("family", Text, false),
            ("version", Int, false),
            ("body", Text, false),
            ("created_at", Text, false),
        ],
        key: &["id"],
    },
    Table {
        name: "rounds",
        columns: &[
            ("id", Text, false),
            ("name_vi", Text, false),
            ("name_en", Text, false),
            ("catalog_id", Text, false),
            ("starts_on", Text, false),
            ("ends_on", Text, false),
            ("state", Text, false),
            ("illustrative", Bool, false),
        ],
        key: &["id"],
    },
    Table {
        name: "users",
        columns: &[
            ("id", Int, false),
            ("username", Text, false),
            ("role", Text, false),
            ("password_hash", Text, false),
            ("created_at", Text, false),
            ("display_name", Text, false),
            ("disabled", Bool, false),
            ("organization_id", Text, true),
        ],
        key: &["id"],
    },
    Table {
        name: "assignments",
        columns: &[
            ("round_id", Text, false),
            ("organization_id", Text, false),
            ("inspector_id", Int, true),
        ],
        key: &["round_id", "organization_id"],
    },
    Table {
        name: "round_reviewers",
        columns: &[("round_id", Text, false), ("user_id", Int, false)],
        key: &["round_id", "user_id"],
    },
    Table {
        name: "records",
        columns: &[
            ("round_id", Text, false),
            ("organization_id", Text, false),
            ("criterion", Text, false),
            ("outcome", Text, false),
            ("value", Real, true),
            ("evidence", Text, false),
            ("note", Text, false),
            ("inspector", Text, false),
            ("assessed_on", Text, true),
            ("state", Text, false),
            ("version", Int, false),
            ("updated_at", Text, false),
            ("review_comment", Text, false),
        ],
        key: &["round_id", "organization_id", "criterion"],
    },
    Table {
        name: "blobs",
        columns: &[
            ("sha256", Text, false),
            ("size", Int, false),
            ("media_type", Text, false),
            ("chunks", Int, false),
            ("analysis", Text, true),
            ("created_at", Text, false),
        ],
        key: &["sha256"],
    },
    Table {
        name: "blob_chunks",
        columns: &[
            ("sha256", Text, false),
            ("seq", Int, false),
            ("bytes", Bytes, false),
        ],
        key: &["sha256", "seq"],
    },
    Table {
        name: "record_files",
        columns: &[
            ("id", Int, false),
            ("round_id", Text, false),
            ("organization_id", Text, false),
            ("criterion", Text, false),
            ("sha256", Text, false),
            ("name", Text, false),
            ("document_date", Text, true),
            ("uploaded_by", Text, false),
            ("uploaded_at", Text, false),
        ],
        key: &["id"],
    },
    Table {
        name: "trust_roots",
        columns: &[
            ("sha256", Text, false),
            ("subject", Text, false),
            ("pem", Text, false),
            ("added_at", Text, false),
        ],
        key: &["sha256"],
    },
    Table {
        name: "round_phases",
        columns: &[
            ("round_id", Text, false),
            ("phase", Text, false),
            ("opens_at", Text, false),
            ("closes_at", Text, false),
        ],
        key: &["round_id", "phase"],
    },
    Table {
        name: "self_assessments",
        columns: &[
            ("round_id", Text, false),
            ("organization_id", Text, false),
            ("criterion", Text, false),
            ("outcome", Text, false),
            ("value", Real, true),
            ("evidence", Text, false),
            ("explanation", Text, false),
            ("updated_by", Text, false),
            ("updated_at", Text, false),
        ],
        key: &["round_id", "organization_id", "criterion"],
    },
    Table {
        name: "self_assessment_submissions",
        columns: &[
            ("round_id", Text, false),
            ("organization_id", Text, false),
            ("submitted_by", Text, false),
            ("submitted_at", Text, false),
        ],
        key: &["round_id", "organization_id"],
    },
    Table {
        name: "explanations",
        columns: &[
            ("round_id", Text, false),
            ("organization_id", Text, false),
            ("criterion", Text, false),
            ("text", Text, false),
            ("sent_by", Text, false),
            ("sent_at", Text, false),
            ("decision", Text, true),
            ("reason", Text, false),
            ("decided_by", Text, true),
            ("decided_at", Text, true),
        ],
        key: &["round_id", "organization_id", "criterion"],
    },
    Table {
        name: "findings",
        columns: &[
            ("id", Int, false),
            ("round_id", Text, false),
            ("organization_id", Text, false),
            ("criterion", Text, false),
            ("legal_basis", Text, false),
            ("note", Text, false),
            ("due_on", Text, true),
            ("state", Text, false),
            ("created_at", Text, false),
            ("reviewed_by", Text, true),
            ("reviewed_at", Text, true),
            ("review_note", Text, false),
        ],
        key: &["id"],
    },
    Table {
        name: "finding_reports",
        columns: &[
            ("id", Int, false),
            ("finding_id", Int, false),
            ("text", Text, false),
            ("reported_by", Text, false),
            ("reported_at", Text, false),
        ],
        key: &["id"],
    },
    Table {
        name: "finding_files",
        columns: &[
            ("id", Int, false),
            ("finding_id", Int, false),
            ("sha256", Text, false),
            ("name", Text, false),
            ("uploaded_by", Text, false),
            ("uploaded_at", Text, false),
        ],
        key: &["id"],
    },
    Table {
        name: "settings",
        columns: &[("key", Text, false), ("value", Text, false)],
        key: &["key"],
    },
    Table {
        name: "audit",
        columns: &[
            ("seq", Int, false),
            ("at", Text, false),
            ("actor", Text, false),
            ("action", Text, false),
            ("target", Text, false),
            ("before", Text, false),
            ("after", Text, false),
            ("request_id", Text, false),
            ("prev_hash", Text, false),
            ("hash", Text, false),
        ],
        key: &["seq"],
    },
];

/// Rows read or written per statement.
pub const BATCH: usize = 1_000;

/// Rows per statement of a table whose rows hold file contents (a chunk each, up to 1 MiB).
pub const BYTES_BATCH: usize = 8;

impl Table {
    /// How many rows one statement reads or writes.
    pub fn batch(&self) -> usize {
        if self.columns.iter().any(|(_, kind, _)| *kind == Bytes) {
            BYTES_BATCH
        } else {
            BATCH
        }
    }
}

/// What a copy moved: rows per table, as counted at the destination after the copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    pub tables: Vec<(&'static str, i64)>,
    /// The audit chain's entries, verified at the destination.
    pub audit_entries: i64,
}

/// The key of a row, to read the rows after it.
pub(crate) fn key_of(table: &Table, row: &[Cell]) -> Vec<Cell> {
    table
        .key
        .iter()
        .filter_map(|k| table.columns.iter().position(|(name, _, _)| name == k))
        .map(|i| row[i].clone())
        .collect()
}
