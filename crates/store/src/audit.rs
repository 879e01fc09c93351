//! The audit trail: append-only entries chained by hashes, written in the same transaction as
//! the change they describe, and a verifier that names the first broken entry. The SQL that
//! writes and reads them is the engines' (`engine/trail.rs`).

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Who makes a change: a signed-in user, or the system acting for a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub request_id: String,
}

impl Actor {
    /// A signed-in user, within one HTTP request.
    pub fn user(username: &str, request_id: &str) -> Actor {
        Actor {
            name: username.to_owned(),
            request_id: request_id.to_owned(),
        }
    }

    /// The system, e.g. `cli` or `demo`.
    pub fn system(what: &str) -> Actor {
        Actor {
            name: format!("system:{what}"),
            request_id: "-".to_owned(),
        }
    }
}

/// What changed: an action on a target, with the state before and after.
#[derive(Debug, Clone)]
pub struct Change {
    pub action: String,
    /// E.g. `record:2026/btc/TC-01`, `user:an`, `round:2026`.
    pub target: String,
    /// The state before and after, as JSON text.
    pub before: String,
    pub after: String,
}

impl Change {
    /// A change of `target` by `action`.
    pub fn new(action: &str, target: impl Into<String>, before: Value, after: Value) -> Change {
        Change::from_json(action, target, before.to_string(), after.to_string())
    }

    /// A change whose states are already JSON text, which large imports write without
    /// building a JSON tree per record.
    pub fn from_json(action: &str, target: impl Into<String>, before: String, after: String) -> Change {
        Change {
            action: action.to_owned(),
            target: target.into(),
            before,
            after,
        }
    }
}

pub use scorecard_domain::audit::AuditEntry;

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Entries whose target starts with this, e.g. `record:2026/btc`.
    pub target: Option<String>,
    pub actor: Option<String>,
    /// ISO 8601 bounds on `at`, inclusive.
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<u32>,
}

pub use scorecard_domain::audit::AuditVerdict;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of an entry: every field and the previous hash, separated so no two entries share
/// an encoding.
pub(crate) fn entry_hash(fields: [&str; 8], prev_hash: &str) -> String {
    let mut hasher = Sha256::new();
    for field in fields.iter().chain([&prev_hash]) {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
