//! A unit's self-assessment (docs/rules.md, "Self-assessment"): its own outcome for each
//! criterion, with its evidence, and what it takes to submit it; and the self-assessed
//! figures beside the verified ones.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::ids::{CriterionCode, OrgId, RoundId};
use crate::record::{Outcome, Record, RecordState};
use crate::score::{OrgScore, Status, View, round_to_hundredths, score_round};

/// The unit's own answer for one criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfAssessed {
    pub criterion: CriterionCode,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// What shows the outcome: document numbers, links, where to look.
    #[serde(default)]
    pub evidence: String,
    /// Why an outcome claimed as met has no evidence (required then).
    #[serde(default)]
    pub explanation: String,
}

/// What keeps a self-assessment from being submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "gap", content = "criterion", rename_all = "snake_case")]
pub enum Gap {
    /// The criterion has no self-assessed outcome.
    Unanswered(CriterionCode),
    /// Claimed as met, with neither evidence text nor a file, and no explanation.
    Unexplained(CriterionCode),
}

impl Gap {
    /// The sentence in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            Gap::Unanswered(c) => format!("Tiêu chí {c} chưa có kết quả tự đánh giá."),
            Gap::Unexplained(c) => {
                format!("Tiêu chí {c} tự đánh giá là đạt nhưng không có minh chứng: cần ghi giải trình.")
            }
        }
    }

    /// The sentence in English.
    pub fn message_en(&self) -> String {
        match self {
            Gap::Unanswered(c) => format!("Criterion {c} has no self-assessed outcome."),
            Gap::Unexplained(c) => {
                format!("Criterion {c} is self-assessed as met without evidence: an explanation is required.")
            }
        }
    }
}

/// Whether this answer claims the criterion as met.
pub fn claims_met(catalog: &Catalog, entry: &SelfAssessed) -> bool {
    catalog
        .criterion(&entry.criterion)
        .and_then(|c| {
            c.credit(&entry.outcome)
                .ok()
                .flatten()
                .map(|credit| c.is_met_by(credit))
        })
        .unwrap_or(false)
}

/// What keeps these answers from being submitted, in catalog order: every criterion needs an
/// outcome, and one claimed as met with no evidence (no text and none of `with_files`) needs
/// a written explanation.
pub fn gaps(catalog: &Catalog, entries: &[SelfAssessed], with_files: &HashSet<CriterionCode>) -> Vec<Gap> {
    catalog
        .criteria
        .iter()
        .filter_map(|criterion| {
            let Some(entry) = entries.iter().find(|e| e.criterion == criterion.code) else {
                return Some(Gap::Unanswered(criterion.code.clone()));
            };
            let evidenced = !entry.evidence.trim().is_empty() || with_files.contains(&criterion.code);
            (claims_met(catalog, entry) && !evidenced && entry.explanation.trim().is_empty())
                .then(|| Gap::Unexplained(criterion.code.clone()))
        })
        .collect()
}

/// One organisation's self-assessed result, scored by the same rules as the inspection's.
pub fn self_score(
    catalog: &Catalog,
    round: &RoundId,
    organization: &OrgId,
    entries: &[SelfAssessed],
) -> OrgScore {
    let records: Vec<Record> = entries
        .iter()
        .map(|e| Record {
            round: round.clone(),
            organization: organization.clone(),
            criterion: e.criterion.clone(),
            outcome: e.outcome.clone(),
            evidence: e.evidence.clone(),
            note: String::new(),
            inspector: String::new(),
            assessed_on: None,
            state: RecordState::Approved,
        })
        .collect();
    let mut scores = score_round(
        catalog,
        std::slice::from_ref(organization),
        &records,
        View::Official,
    );
    scores.remove(0)
}

/// One criterion, self-assessed and verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionComparison {
    pub code: CriterionCode,
    pub self_assessed: Status,
    pub verified: Status,
    /// Both have an outcome and they differ.
    pub disagrees: bool,
}

/// An organisation's self-assessed and verified figures side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comparison {
    pub self_assessed: Option<f64>,
    pub verified: Option<f64>,
    /// Verified minus self-assessed, in points (negative: the unit rated itself higher).
    pub difference: Option<f64>,
    pub criteria: Vec<CriterionComparison>,
    /// Criteria where the two disagree, over the criteria both have an outcome for; a sign of
    /// how well the unit assesses itself. `None` when no criterion has both.
    pub disagreement: Option<f64>,
}

/// Compares the self-assessed result with the verified one, criterion by criterion.
pub fn compare(self_assessed: &OrgScore, verified: &OrgScore) -> Comparison {
    let criteria: Vec<CriterionComparison> = self_assessed
        .criteria
        .iter()
        .map(|own| {
            let checked = verified.status_of(&own.code);
            CriterionComparison {
                code: own.code.clone(),
                self_assessed: own.status,
                verified: checked,
                disagrees: own.status != Status::Missing
                    && checked != Status::Missing
                    && own.status != checked,
            }
        })
        .collect();
    let both = criteria
        .iter()
        .filter(|c| c.self_assessed != Status::Missing && c.verified != Status::Missing)
        .count();
    let disagreeing = criteria.iter().filter(|c| c.disagrees).count();
    let self_score = self_assessed.score.map(|s| s.get());
    let verified_score = verified.score.map(|s| s.get());
    Comparison {
        self_assessed: self_score,
        verified: verified_score,
        difference: self_score
            .zip(verified_score)
            .map(|(own, checked)| round_to_hundredths(checked - own)),
        criteria,
        disagreement: (both > 0).then(|| disagreeing as f64 / both as f64),
    }
}

/// One organisation's line in a table of self-assessed beside verified results: the ranking's
/// column, the briefing's and the workbook's section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfAssessedLine {
    pub organization: OrgId,
    pub self_assessed: Option<f64>,
    pub verified: Option<f64>,
    /// Verified minus self-assessed.
    pub difference: Option<f64>,
    /// Criteria whose two statuses differ, over the criteria that have both.
    pub differing: usize,
    pub compared: usize,
}

impl Comparison {
    /// The comparison as one organisation's line.
    pub fn line(&self, organization: OrgId) -> SelfAssessedLine {
        SelfAssessedLine {
            organization,
            self_assessed: self.self_assessed,
            verified: self.verified,
            difference: self.difference,
            differing: self.criteria.iter().filter(|c| c.disagrees).count(),
            compared: self
                .criteria
                .iter()
                .filter(|c| c.self_assessed != Status::Missing && c.verified != Status::Missing)
                .count(),
        }
    }
}
