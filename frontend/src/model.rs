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
