//! Findings (docs/rules.md, "Findings"): when a round is published, every mandatory criterion
//! an organisation has not met becomes a finding it must remedy by a due date, checked again in
//! the next round.

use chrono::NaiveDate;

use crate::catalog::{Catalog, Criterion};
use crate::round::Round;
use crate::score::{OrgScore, Status};

/// The criteria of `catalog` that `score` does not meet (not met, or without a result), in
/// catalog order: what the preliminary notice lists and a unit may explain.
pub fn unmet<'a>(catalog: &'a Catalog, score: &OrgScore) -> Vec<&'a Criterion> {
    catalog
        .criteria
        .iter()
        .filter(|criterion| matches!(score.status_of(&criterion.code), Status::NotMet | Status::Missing))
        .collect()
}

/// The mandatory criteria of `catalog` that `score` does not meet (not met, or without an
/// official result), in catalog order: the findings of one organisation.
pub fn unmet_mandatory<'a>(catalog: &'a Catalog, score: &OrgScore) -> Vec<&'a Criterion> {
    unmet(catalog, score)
        .into_iter()
        .filter(|criterion| criterion.mandatory)
        .collect()
}

/// The due date a finding of `round` takes unless someone sets another: the start of the next
/// round of the same catalog family (`family` names each round's family), if there is one.
pub fn default_due_date<'a>(
    round: &Round,
    rounds: &'a [Round],
    family: impl Fn(&Round) -> Option<&'a str>,
) -> Option<NaiveDate> {
    let own = family(round);
    rounds
        .iter()
        .filter(|r| r.id != round.id && r.starts_on > round.starts_on && family(r) == own)
        .map(|r| r.starts_on)
        .min()
}

/// Whether an open finding is past its due date on `today`.
pub fn is_overdue(open: bool, due_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    open && due_on.is_some_and(|due| due < today)
}
