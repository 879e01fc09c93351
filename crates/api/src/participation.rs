//! The inspected organisations' part in a round (issue 13): the round's phases and a unit's
//! self-assessment, as the API shows and takes them.

use chrono::{DateTime, Utc};
use scorecard_domain::score::Status;
use scorecard_domain::self_assessment::Comparison;
use scorecard_domain::{
    CriterionCode, OrgId, Outcome, Phase, PhaseWindow, RoundId, RoundState, SelfAssessed,
};
use serde::{Deserialize, Serialize};

/// A round's phases: the schedule, the phase holding the present moment, and that moment as
/// the server read it (so that a page counts down from the server's clock, not the reader's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundPhases {
    pub round: RoundId,
    pub state: RoundState,
    /// In phase order; empty when the round has no schedule.
    pub windows: Vec<PhaseWindow>,
    pub current: Option<Phase>,
    pub now: DateTime<Utc>,
}

/// One phase of the body of `PUT /rounds/{round}/phases`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhaseInput {
    /// `self_assessment`, `inspection`, `preliminary`, `explanations` or `final`.
    pub phase: String,
    /// RFC 3339 with its offset, e.g. `2026-12-01T08:00:00+07:00`.
    pub opens_at: String,
    pub closes_at: String,
}

/// The body of `PUT /rounds/{round}/phases`: the whole schedule (empty: none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetPhases {
    pub phases: Vec<PhaseInput>,
}

/// The body of `PUT /rounds/{round}/self-assessment/{org}/{criterion}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfAnswerBody {
    /// As a record's: `met`, `not_met`, `not_applicable`, a level's key; empty for a ratio.
    #[serde(default)]
    pub outcome: Option<String>,
    /// A ratio criterion's share, in [0, 1].
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub evidence: String,
    /// Required when the criterion is claimed as met without evidence.
    #[serde(default)]
    pub explanation: String,
}

/// One answer as stored, with who wrote it last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfAnswer {
    #[serde(flatten)]
    pub answer: SelfAssessed,
    pub updated_by: String,
    /// UTC, ISO 8601.
    pub updated_at: String,
}

/// What keeps a self-assessment from being submitted, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfGap {
    pub criterion: CriterionCode,
    pub message: String,
    pub message_vi: String,
}

/// A unit's self-assessment of one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfAssessmentView {
    pub round: RoundId,
    pub organization: OrgId,
    pub answers: Vec<SelfAnswer>,
    /// Empty when it may be submitted.
    pub gaps: Vec<SelfGap>,
    /// Who submitted it, when (UTC); absent until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<String>,
    /// Whether the caller may change it now (the unit, in the self-assessment's window,
    /// before submitting).
    pub editable: bool,
    /// The self-assessed figures beside the verified ones, once the caller may see the
    /// verified ones (staff; the unit from the preliminary results on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    /// Whether `comparison.verified` counts submitted records (not yet official).
    #[serde(default)]
    pub preliminary: bool,
}

/// The body of `PUT /rounds/{round}/explanations/{org}/{criterion}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExplanationBody {
    /// What the unit has done or why the finding does not hold.
    pub text: String,
}

/// The body of `POST /rounds/{round}/explanations/{org}/{criterion}/decision`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionBody {
    /// `true` accepts (the record takes `outcome`/`value`), `false` rejects.
    pub accept: bool,
    /// Required to reject: the unit reads it.
    #[serde(default)]
    pub reason: String,
    /// The outcome the record takes when the explanation is accepted, as a record's.
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub value: Option<f64>,
}

/// An inspector's decision on an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionView {
    pub accepted: bool,
    pub reason: String,
    pub decided_by: String,
    /// UTC, ISO 8601.
    pub decided_at: String,
}

/// A unit's explanation of one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExplanationView {
    pub text: String,
    pub sent_by: String,
    /// UTC, ISO 8601.
    pub sent_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionView>,
}

/// One criterion of the preliminary results that the unit may explain: found unmet (or
/// explained already), with its legal basis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Explainable {
    pub criterion: CriterionCode,
    /// Its status in the preliminary results, now.
    pub status: Status,
    /// The recorded outcome, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    pub legal_basis: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<ExplanationView>,
}

/// The explanations of one organisation in a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExplanationsView {
    pub round: RoundId,
    pub organization: OrgId,
    /// The window in which the unit explains, if the round has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<PhaseWindow>,
    /// Whether the caller may send explanations now (the unit, in the window).
    pub may_explain: bool,
    /// Whether the caller may decide on them now (the inspector assigned, in the
    /// explanations or final phase).
    pub may_decide: bool,
    pub items: Vec<Explainable>,
}

/// What a unit reported it did about a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindingReportView {
    pub text: String,
    pub reported_by: String,
    /// UTC, ISO 8601.
    pub reported_at: String,
}

/// A finding: a mandatory criterion left unmet in a published round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindingView {
    pub id: i64,
    pub round: RoundId,
    pub organization: OrgId,
    pub criterion: CriterionCode,
    pub legal_basis: String,
    /// The inspector's note on the record.
    pub note: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "scorecard_domain::iso_date::optional"
    )]
    pub due_on: Option<chrono::NaiveDate>,
    /// `open` or `closed`.
    pub state: String,
    /// Open and past its due date.
    pub overdue: bool,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<String>,
    pub review_note: String,
    pub reports: Vec<FindingReportView>,
    /// The files the unit attached to its reports (`GET /findings/files/{id}`).
    #[serde(default)]
    pub files: Vec<crate::evidence::FileView>,
}

/// The body of `POST /findings/{id}/reports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindingReportBody {
    pub text: String,
}

/// The body of `POST /findings/{id}/review`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindingReviewBody {
    /// `true` closes the finding; `false` keeps it (or puts it back) open.
    pub close: bool,
    #[serde(default)]
    pub note: String,
}

/// One in-app notice: something that concerns the signed-in user now (issue 13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeView {
    /// Stable while the thing it is about is the same (read marks are kept by it).
    pub key: String,
    /// `assignment`, `returned`, `self_assessment_open`, `preliminary`, `explanations_open`,
    /// `explanations_deadline`, `explanation_decided` or `finding_due`.
    pub kind: String,
    pub message: String,
    pub message_vi: String,
    /// The page to open.
    pub link: String,
    /// When it happened or happens (UTC, ISO 8601).
    pub at: String,
    pub read: bool,
}

/// The signed-in user's notices, newest first, with how many are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notices {
    pub unread: usize,
    pub items: Vec<NoticeView>,
}

/// The body of `POST /notices/read`: the keys to mark read; none marks every current one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    #[serde(default)]
    pub keys: Vec<String>,
}

/// The body of `PUT /findings/{id}/due`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindingDueBody {
    /// `YYYY-MM-DD`, or null for no due date.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<chrono::NaiveDate>))]
    pub due_on: Option<String>,
}
