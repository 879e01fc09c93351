//! Per-criterion summaries of a round and the briefing sentences built from them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Criterion};
use crate::collation::{SortKey, sort_key};
use crate::ids::{CriterionCode, OrgId, RoundId};
use crate::organization::Organization;
use crate::score::{OrgScore, Status};

/// How the organisations of a round stand on one criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionSummary {
    pub code: CriterionCode,
    pub name_vi: String,
    pub name_en: String,
    /// Counted records other than not_applicable: `met` + `not_met`.
    pub assessed: u32,
    pub met: u32,
    pub not_met: u32,
    pub not_applicable: u32,
    /// Organisations of the round with no counted record (not part of `not_met`).
    pub missing: u32,
    /// Organisations whose record does not meet the criterion, in Vietnamese name order.
    pub not_meeting: Vec<OrgId>,
}

/// The summary of a round: one line per criterion and the briefing sentences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    pub round: RoundId,
    pub preliminary: bool,
    /// The number of organisations in the round.
    pub organizations: u32,
    pub criteria: Vec<CriterionSummary>,
    pub sentences_vi: Vec<String>,
    pub sentences_en: Vec<String>,
}

impl Summary {
    /// Summarises the scores of a round, criterion by criterion, in catalog order.
    pub fn build(
        round: &RoundId,
        preliminary: bool,
        catalog: &Catalog,
        scores: &[OrgScore],
        organizations: &[Organization],
    ) -> Summary {
        // Names and collation keys are looked up once per organisation: with a thousand
        // organisations and a hundred criteria, searching and collating per use took seconds.
        let by_id: HashMap<&OrgId, &Organization> = organizations.iter().map(|o| (&o.id, o)).collect();
        let keys: HashMap<&OrgId, SortKey> = scores
            .iter()
            .map(|s| {
                let name = by_id
                    .get(&s.organization)
                    .map_or(s.organization.as_str(), |o| o.name_vi.as_str());
                (&s.organization, sort_key(name))
            })
            .collect();
        let criteria: Vec<CriterionSummary> = catalog
            .criteria
            .iter()
            .enumerate()
            .map(|(index, criterion)| summarise(index, criterion, scores, &keys))
            .collect();
        // As in the seed article: what was achieved first, then what remains, with names.
        let mut sentences_vi = Vec::new();
        let mut sentences_en = Vec::new();
        for (criterion, line) in catalog.criteria.iter().zip(&criteria) {
            let total = scores.len() as u32 - line.not_applicable;
            if let Some(phrase) = &criterion.met_phrase_vi {
                sentences_vi.push(format!(
                    "{}/{} {} {}.",
                    line.met, total, catalog.org_noun_vi, phrase
                ));
            }
            if let Some(phrase) = &criterion.met_phrase_en {
                sentences_en.push(format!(
                    "{} of {} {} {}.",
                    line.met, total, catalog.org_noun_en, phrase
                ));
            }
        }
        for (criterion, line) in catalog.criteria.iter().zip(&criteria) {
            let total = scores.len() as u32 - line.not_applicable;
            if line.not_met == 0 {
                continue;
            }
            if let Some(phrase) = &criterion.unmet_phrase_vi {
                let names = names(&line.not_meeting, &by_id, |o| &o.name_vi);
                let noun = &catalog.org_noun_vi;
                sentences_vi.push(format!("Còn {} {noun} {phrase}: {names}.", line.not_met));
            }
            if let Some(phrase) = &criterion.unmet_phrase_en {
                let names = names(&line.not_meeting, &by_id, |o| &o.name_en);
                let noun = &catalog.org_noun_en;
                sentences_en.push(format!("{} of {total} {noun} {phrase}: {names}.", line.not_met));
            }
        }
        Summary {
            round: round.clone(),
            preliminary,
            organizations: scores.len() as u32,
            criteria,
            sentences_vi,
            sentences_en,
        }
    }
}

fn summarise(
    index: usize,
    criterion: &Criterion,
    scores: &[OrgScore],
    keys: &HashMap<&OrgId, SortKey>,
) -> CriterionSummary {
    let mut line = CriterionSummary {
        code: criterion.code.clone(),
        name_vi: criterion.name_vi.clone(),
        name_en: criterion.name_en.clone(),
        assessed: 0,
        met: 0,
        not_met: 0,
        not_applicable: 0,
        missing: 0,
        not_meeting: Vec::new(),
    };
    for score in scores {
        match score.criteria.get(index).map(|c| c.status) {
            Some(Status::Met) => line.met += 1,
            Some(Status::NotMet) => {
                line.not_met += 1;
                line.not_meeting.push(score.organization.clone());
            }
            Some(Status::NotApplicable) => line.not_applicable += 1,
            Some(Status::Missing) | None => line.missing += 1,
        }
    }
    line.assessed = line.met + line.not_met;
    line.not_meeting.sort_by(|a, b| keys.get(a).cmp(&keys.get(b)));
    line
}

fn names(
    ids: &[OrgId],
    by_id: &HashMap<&OrgId, &Organization>,
    name: impl Fn(&Organization) -> &String,
) -> String {
    let list: Vec<&str> = ids
        .iter()
        .map(|id| by_id.get(id).map_or(id.as_str(), |o| name(o)))
        .collect();
    list.join(", ")
}
