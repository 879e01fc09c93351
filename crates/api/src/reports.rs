//! Answers about rounds and organisations across rounds.

use chrono::NaiveDate;
use scorecard_domain::{OrgId, Ranking, Round, RoundId, Summary};

use crate::RecordView;
use serde::{Deserialize, Serialize};

/// `GET /rounds/{round}`: a round with the organisations it inspects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundDetail {
    #[serde(flatten)]
    pub round: Round,
    pub organizations: Vec<OrgId>,
}

/// `GET /organizations/{org}/history`: one organisation's official figures across rounds,
/// oldest round first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct History {
    pub organization: OrgId,
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    pub entries: Vec<HistoryEntry>,
}

/// The organisation's official place in one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub round: RoundId,
    /// The round's name.
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(with = "scorecard_domain::iso_date")]
    pub starts_on: NaiveDate,
    /// Whose figures these are: the organisation itself, or a predecessor it carries through
    /// lineage (docs/rules.md, "Lineage").
    pub via: OrgId,
    pub rank: Option<u32>,
    pub score: Option<f64>,
    pub band: Option<String>,
    pub compliant: bool,
    pub rank_change: Option<i32>,
    /// The score's change against the previous round, on the same basis as `rank_change`.
    #[serde(default)]
    pub score_change: Option<f64>,
    /// Whose previous figures the changes are computed against when not its own: several means
    /// their average (merged organisations, docs/rules.md "Rank change").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compared_with: Vec<OrgId>,
    /// How many organisations were ranked in the round.
    pub ranked: u32,
}

/// `GET /rounds/{round}/export.json` and `scorecard export --format json`: a round's ranking
/// (in the scope asked for), its summary, and the records the figures count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    pub ranking: Ranking,
    pub summary: Summary,
    pub records: Vec<RecordView>,
}

/// `GET /health`: the server answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `ok`.
    pub status: String,
}
