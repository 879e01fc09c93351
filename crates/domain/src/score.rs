//! Scores of one organisation in one round (docs/rules.md#scoring).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::credit::Credit;
use crate::ids::{CriterionCode, OrgId};
use crate::record::{Record, RecordState};

/// A score out of 100, rounded half away from zero to 2 decimals.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Score(f64);

impl Score {
    /// 100 × earned / possible, rounded; `None` when nothing is possible.
    pub fn from_weights(earned: f64, possible: f64) -> Option<Score> {
        (possible > 0.0).then(|| Score(round_to_hundredths(100.0 * earned / possible)))
    }

    /// The rounded score.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// Rounds half away from zero to 2 decimals, as every score is (`numbers::round_half_away`).
pub fn round_to_hundredths(value: f64) -> f64 {
    crate::numbers::round_half_away(value, 2)
}

/// Which records count: official figures use approved records only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    Official,
    /// Approved and submitted records; every screen and export must say so.
    Preliminary,
}

impl View {
    /// Whether a record in this state counts in this view.
    pub fn counts(self, state: RecordState) -> bool {
        match self {
            View::Official => state == RecordState::Approved,
            View::Preliminary => matches!(state, RecordState::Approved | RecordState::Submitted),
        }
    }

    /// The view for a `preliminary` flag.
    pub fn from_preliminary(preliminary: bool) -> View {
        if preliminary {
            View::Preliminary
        } else {
            View::Official
        }
    }
}

/// How one criterion stands for one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Status {
    Met,
    NotMet,
    NotApplicable,
    /// No counted record yet: credit 0, and the organisation is incomplete.
    Missing,
}

/// One criterion's result for one organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionResult {
    pub code: CriterionCode,
    pub status: Status,
    /// The credit earned; `None` when not applicable or missing.
    pub credit: Option<f64>,
}

/// One organisation's result in one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgScore {
    pub organization: OrgId,
    pub score: Option<Score>,
    pub band: Option<String>,
    pub compliant: bool,
    /// Counted records / applicable criteria.
    pub completeness: f64,
    /// Some applicable criterion has no counted record.
    pub incomplete: bool,
    pub criteria: Vec<CriterionResult>,
}

impl OrgScore {
    /// How one criterion stands: [`Status::Missing`] when the score has no line for it.
    pub fn status_of(&self, code: &CriterionCode) -> Status {
        self.criteria
            .iter()
            .find(|c| &c.code == code)
            .map_or(Status::Missing, |c| c.status)
    }
}

/// The organisations of a round: those assigned and those with at least one record.
pub fn round_organizations<'a>(
    assigned: impl IntoIterator<Item = &'a OrgId>,
    records: &'a [Record],
) -> Vec<OrgId> {
    let mut orgs: Vec<OrgId> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut previous: Option<&OrgId> = None;
    for org in assigned
        .into_iter()
        .chain(records.iter().map(|r| &r.organization))
    {
        // Records come an organisation at a time: a repeat of the one before is not hashed.
        if previous == Some(org) {
            continue;
        }
        previous = Some(org);
        if seen.insert(org) {
            orgs.push(org.clone());
        }
    }
    orgs
}

/// How much of each organisation's result to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything, each criterion's line included.
    Criteria,
    /// Score, band, compliance and completeness, with `criteria` left empty: what a ranking
    /// reads. The same rules run; only the lines are not kept (a million in a large round).
    Totals,
}

/// Scores every organisation of a round from the records that count in `view`.
///
/// Records of other rounds' criteria are ignored; a record whose outcome does not fit its
/// criterion (which the boundary never lets in) counts as missing rather than guessed at.
pub fn score_round(catalog: &Catalog, orgs: &[OrgId], records: &[Record], view: View) -> Vec<OrgScore> {
    score_in_one_pass(catalog, Orgs::Given(orgs), records, view, Detail::Criteria)
}

/// Scores the organisations of a round, as [`round_organizations`] lists them from `assigned`
/// and `records`, finding them in the same pass over the records as the scores.
pub fn score_round_of(
    catalog: &Catalog,
    assigned: &[OrgId],
    records: &[Record],
    view: View,
    detail: Detail,
) -> Vec<OrgScore> {
    score_in_one_pass(catalog, Orgs::OfRound(assigned), records, view, detail)
}

/// Whose scores to make.
enum Orgs<'a> {
    /// These, in this order; records of others are ignored.
    Given(&'a [OrgId]),
    /// Those assigned, then those with a record in any state, in order of first appearance.
    OfRound(&'a [OrgId]),
}

fn score_in_one_pass(
    catalog: &Catalog,
    orgs: Orgs,
    records: &[Record],
    view: View,
    detail: Detail,
) -> Vec<OrgScore> {
    let width = catalog.criteria.len();
    let criterion_index: HashMap<&CriterionCode, usize> = catalog
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.code, i))
        .collect();
    let (mut list, mut org_index, grow): (Vec<&OrgId>, HashMap<&OrgId, usize>, bool) = match orgs {
        Orgs::Given(orgs) => (
            orgs.iter().collect(),
            orgs.iter().enumerate().map(|(i, o)| (o, i)).collect(),
            false,
        ),
        Orgs::OfRound(assigned) => {
            // As many as a full grid of these records would have, so that the map seldom grows.
            let expected = assigned.len().max(records.len() / width.max(1));
            let (mut list, mut index) = (Vec::with_capacity(expected), HashMap::with_capacity(expected));
            for org in assigned {
                index.entry(org).or_insert_with(|| {
                    list.push(org);
                    list.len() - 1
                });
            }
            (list, index, true)
        }
    };
    // Each cell's credit, computed as its record is read, so that the records (large, and many)
    // are read once.
    let mut grid: Vec<Cell> = Vec::with_capacity(records.len().max(list.len() * width));
    grid.resize(list.len() * width, Cell::MISSING);
    // Records usually come an organisation at a time, in catalog order (as stored and as
    // exported): the previous record's organisation and the criterion after the previous one
    // are tried before hashing, which gives the same cells at a fraction of the cost.
    let (mut last_org, mut last_criterion): (Option<usize>, Option<usize>) = (None, None);
    for record in records {
        let o = match last_org {
            Some(o) if *list[o] == record.organization => Some(o),
            _ => match org_index.get(&record.organization) {
                Some(&o) => Some(o),
                None if grow => {
                    list.push(&record.organization);
                    org_index.insert(&record.organization, list.len() - 1);
                    grid.resize(list.len() * width, Cell::MISSING);
                    Some(list.len() - 1)
                }
                None => None,
            },
        };
        last_org = o;
        let Some(o) = o.filter(|_| view.counts(record.state)) else {
            continue;
        };
        let c = match last_criterion {
            Some(c) if c + 1 < width && catalog.criteria[c + 1].code == record.criterion => Some(c + 1),
            _ => criterion_index.get(&record.criterion).copied(),
        };
        let Some(c) = c else {
            continue;
        };
        last_criterion = Some(c);
        grid[o * width + c] = Cell::of(catalog.criteria[c].credit_if_fit(&record.outcome));
    }
    list.iter()
        .enumerate()
        .map(|(o, org)| score_one(catalog, org, &grid[o * width..(o + 1) * width], detail))
        .collect()
}

/// One organisation's credit for one criterion in 8 bytes (a large round has a million):
/// the credit in [0, 1], or one of two negative marks.
#[derive(Clone, Copy)]
struct Cell(f64);

impl Cell {
    /// No counted record, or one whose outcome does not fit the criterion.
    const MISSING: Cell = Cell(-2.0);
    const NOT_APPLICABLE: Cell = Cell(-1.0);

    fn of(credit: Option<Option<Credit>>) -> Cell {
        match credit {
            None => Cell::MISSING,
            Some(None) => Cell::NOT_APPLICABLE,
            Some(Some(credit)) => Cell(credit.get()),
        }
    }
}

fn score_one(catalog: &Catalog, org: &OrgId, row: &[Cell], detail: Detail) -> OrgScore {
    let mut earned = 0.0;
    let mut possible = 0.0;
    let mut applicable = 0usize;
    let mut counted = 0usize;
    let mut compliant = true;
    let mut criteria = match detail {
        Detail::Criteria => Vec::with_capacity(row.len()),
        Detail::Totals => Vec::new(),
    };
    // Without a branch on what each cell holds, which a large round cannot predict: a cell
    // that does not count adds 0 to the sums, which leaves them exactly as they were.
    for (criterion, &Cell(value)) in catalog.criteria.iter().zip(row) {
        let is_applicable = value != Cell::NOT_APPLICABLE.0;
        let is_recorded = value >= 0.0;
        let credit = value.max(0.0);
        let is_met = is_recorded && criterion.is_met_by(Credit::new(credit));
        possible += if is_applicable { criterion.weight } else { 0.0 };
        earned += if is_applicable {
            credit * criterion.weight
        } else {
            0.0
        };
        applicable += usize::from(is_applicable);
        counted += usize::from(is_recorded);
        compliant &= !(criterion.mandatory && is_applicable && !is_met);
        if detail == Detail::Criteria {
            let status = match (is_applicable, is_recorded, is_met) {
                (false, _, _) => Status::NotApplicable,
                (true, false, _) => Status::Missing,
                (true, true, true) => Status::Met,
                (true, true, false) => Status::NotMet,
            };
            criteria.push(CriterionResult {
                code: criterion.code.clone(),
                status,
                credit: is_recorded.then_some(credit),
            });
        }
    }
    let score = Score::from_weights(earned, possible);
    OrgScore {
        organization: org.clone(),
        band: score
            .and_then(|s| catalog.band_for(s.get()))
            .map(|b| b.id.clone()),
        score,
        compliant: compliant && applicable > 0,
        // Every criterion recorded as not applicable is a complete record.
        completeness: if applicable == 0 {
            1.0
        } else {
            counted as f64 / applicable as f64
        },
        incomplete: counted < applicable,
        criteria,
    }
}
