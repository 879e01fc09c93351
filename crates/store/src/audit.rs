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
    hex(&hasher.finalize())
}

/// Lower-case hexadecimal, two digits a byte.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chain's hash of an entry, as SHA-256 of each field's length and bytes computed by
    /// Python's hashlib: the format every stored chain was written in.
    #[test]
    fn an_entry_hashes_as_the_chain_was_written() {
        let fields = [
            "1",
            "2026-11-29T00:00:00.000Z",
            "an",
            "record.update",
            "record:2026/btc/TC-01",
            "null",
            "{\"x\":1}",
            "req-1",
        ];
        assert_eq!(
            entry_hash(fields, GENESIS),
            "051c98e453537f88d1b264f51b09f81eca41599cc836d1572916ce8b50ef95f4"
        );
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }
}
