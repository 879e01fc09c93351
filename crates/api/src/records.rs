//! Records as the API shows and takes them.

use scorecard_domain::Record;
use serde::{Deserialize, Serialize};

/// A record as the API shows it: the record's own fields, its version (also as the `ETag` to
/// send back in `If-Match`) and the reviewer's comment when it was returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordView {
    #[serde(flatten)]
    pub record: Record,
    /// Counted up at every change.
    pub version: i64,
    /// `"v{version}"`, quotes included.
    pub etag: String,
    /// UTC, ISO 8601.
    #[serde(default)]
    pub updated_at: String,
    /// What the reviewer wrote when returning the record; empty otherwise.
    #[serde(default)]
    pub review_comment: String,
}

/// The entity tag of a record version: `"v3"`, quotes included.
pub fn etag(version: i64) -> String {
    format!("\"v{version}\"")
}

/// The body of `PUT /rounds/{round}/records/{org}/{criterion}`: the fields a person edits.
/// The round, organisation and criterion come from the path, the state from the workflow.
/// Unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "outcome": "met", "evidence": "Số 12/QĐ-BTC; ngày 05/03/2026; https://btc.gov.vn/qd12",
    "note": "", "assessed_on": "2026-03-05"
})))]
pub struct RecordBody {
    /// `met`, `not_met`, `not_applicable` or a level key; empty or absent for a ratio.
    #[serde(default)]
    pub outcome: Option<String>,
    /// A ratio as a number (`0.855`) or as text (`"85,5%"`).
    #[serde(default)]
    pub value: Option<serde_json::Value>,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub note: String,
    /// Empty: the signed-in user's name.
    #[serde(default)]
    pub inspector: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub assessed_on: Option<String>,
}

/// The body of `POST …/records/{org}/{criterion}/return`: why the reviewer gives it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnBody {
    pub comment: String,
}
