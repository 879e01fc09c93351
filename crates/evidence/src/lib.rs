//! Evidence files: what type a file is (read from its content, never its name), and what a
//! signed PDF proves: each signature checked over the bytes it signed, who signed, what changed
//! after, where the signature shows, and the format rules of Nghị định 30/2020/NĐ-CP over those
//! facts. No IO and no network: the server and `scorecard pdf check` feed it bytes.

pub mod ber;
pub mod cms;
pub mod pdf;
pub mod report;
pub mod rules;
pub mod sniff;
pub mod trust;

pub use pdf::{Analysis, Role, analyse};
pub use rules::{RuleOutcome, Suggestion, Verdict, suggest};
pub use sniff::{FileKind, Refused, sniff, sniff_file};
pub use trust::TrustStore;
