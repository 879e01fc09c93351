//! The shapes of API answers that `scorecard_domain` has no type for: a stored record with its
//! workflow fields, and an organisation's history across rounds.
//!
//! Only the fields the pages show are read; the server may send more.

use chrono::NaiveDate;
use scorecard_domain::{CriterionCode, OrgId, RoundId};
use serde::Deserialize;

/// One record as `GET /api/v1/rounds/{round}/records` lists it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StoredRecord {
    pub round: RoundId,
    pub organization: OrgId,
    pub criterion: CriterionCode,
    /// `met`, `not_met`, `not_applicable`, a level key, or absent for a ratio.
    #[serde(default)]
    pub outcome: Option<String>,
    /// The measured share of a ratio criterion.
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub inspector: String,
    #[serde(default)]
    pub assessed_on: Option<NaiveDate>,
    /// `draft`, `submitted`, `approved` or `returned`.
    pub state: String,
    /// The version the server counts up at every change; `etag` is the `If-Match` to send.
    #[serde(default)]
    pub version: i64,
    #[serde(default)]
    pub etag: String,
    /// What the reviewer wrote when returning the record.
    #[serde(default)]
    pub review_comment: Option<String>,
    /// UTC, ISO 8601.
    #[serde(default)]
    pub updated_at: String,
}

/// A signed-in user as `GET /api/v1/session` and the admin's user list show one.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SessionUser {
    pub id: i64,
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    /// `admin`, `reviewer`, `inspector` or `leader`.
    pub role: String,
    /// Only the admin's list says whether access has ended.
    #[serde(default)]
    pub disabled: bool,
}

impl SessionUser {
    /// The name to show: the display name, else the username.
    pub fn name(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }
}

/// `GET /api/v1/me`: the user with what they are assigned.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Me {
    #[serde(flatten)]
    pub user: SessionUser,
    #[serde(default)]
    pub assignments: Vec<RoundAssignments>,
    /// The rounds this reviewer reviews.
    #[serde(default)]
    pub reviews: Vec<String>,
}

/// The organisations assigned to the inspector in one round.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RoundAssignments {
    pub round: String,
    pub organizations: Vec<String>,
}

/// One organisation of a round and its inspector, if any.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Assignment {
    pub organization: String,
    #[serde(default)]
    pub inspector: Option<SessionUser>,
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    /// UTC, ISO 8601 with milliseconds.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    #[serde(default)]
    pub before: serde_json::Value,
    #[serde(default)]
    pub after: serde_json::Value,
}

/// What verifying the audit chain found.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AuditVerdict {
    Intact { entries: i64 },
    Broken { seq: i64, problem: String },
}

/// `GET /api/v1/organizations/{org}/history`: oldest round first.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct History {
    pub organization: OrgId,
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    pub entries: Vec<HistoryEntry>,
}

/// One round of an organisation's history.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct HistoryEntry {
    pub round: RoundId,
    /// The round's name.
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub starts_on: Option<NaiveDate>,
    /// Whose figures these are: the organisation itself, or a predecessor through lineage.
    pub via: OrgId,
    #[serde(default)]
    pub rank: Option<u32>,
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub band: Option<String>,
    #[serde(default)]
    pub compliant: bool,
    #[serde(default)]
    pub rank_change: Option<i32>,
    /// How many organisations were ranked in that round.
    #[serde(default)]
    pub ranked: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_reads_as_the_server_writes_it() {
        let json = r#"{"organization": "bnnmt", "name_vi": "Bộ Nông nghiệp và Môi trường",
            "name_en": "Ministry of Agriculture and Environment", "entries": [{"round": "2019",
            "name_vi": "Bộ Tài nguyên và Môi trường", "name_en": "x", "starts_on": "2019-09-01",
            "via": "btnmt", "rank": 12, "score": 33.75, "band": "yeu", "compliant": false,
            "rank_change": null, "ranked": 12}]}"#;
        let history: History = serde_json::from_str(json).expect("valid history");
        assert_eq!(history.entries[0].via.as_str(), "btnmt");
        assert_eq!(history.entries[0].ranked, Some(12));
        assert_eq!(history.entries[0].score, Some(33.75));
    }

    #[test]
    fn a_record_reads_with_fields_it_does_not_know() {
        let json = r#"{"round": "2019", "organization": "btc", "criterion": "VB-01",
            "outcome": null, "value": 0.92, "evidence": "Số liệu Trục liên thông", "note": "",
            "inspector": "Nguyễn Văn An", "assessed_on": "2019-10-03", "state": "approved",
            "version": 3, "etag": "\"abc\"", "updated_at": "2019-10-03T08:00:00Z",
            "review_comment": null}"#;
        let record: StoredRecord = serde_json::from_str(json).expect("valid record");
        assert_eq!(record.value, Some(0.92));
        assert_eq!(record.outcome, None);
        assert_eq!(record.state, "approved");
    }
}
