//! Rankings and summaries of a whole round, composed from the rules of the other modules.

use crate::catalog::Catalog;
use crate::ids::OrgId;
use crate::organization::Organization;
use crate::ranking::{Ranking, Scope};
use crate::record::Record;
use crate::round::Round;
use crate::score::{Detail, OrgScore, View, round_organizations, score_round_of};
use crate::summary::Summary;

/// What one round holds: its catalog, assignments and records.
#[derive(Debug, Clone, Copy)]
pub struct RoundData<'a> {
    pub round: &'a Round,
    pub catalog: &'a Catalog,
    /// Organisations assigned to an inspector in the round.
    pub assigned: &'a [OrgId],
    /// The records of the round, in any workflow state.
    pub records: &'a [Record],
}

impl RoundData<'_> {
    /// The organisations of the round: assigned or with at least one record.
    pub fn organizations(&self) -> Vec<OrgId> {
        round_organizations(self.assigned, self.records)
    }

    /// Every organisation's score in `view`.
    pub fn scores(&self, view: View) -> Vec<OrgScore> {
        score_round_of(self.catalog, self.assigned, self.records, view, Detail::Criteria)
    }

    /// Every organisation's totals in `view`, without the criteria's lines: what a ranking reads.
    fn totals(&self, view: View) -> Vec<OrgScore> {
        score_round_of(self.catalog, self.assigned, self.records, view, Detail::Totals)
    }

    /// The ranking within `scope`, with rank change against `previous` (the previous round of
    /// the same catalog family, in the same view and scope).
    pub fn ranking(
        &self,
        previous: Option<&RoundData>,
        organizations: &[Organization],
        scope: Scope,
        view: View,
    ) -> Ranking {
        let preliminary = view == View::Preliminary;
        let previous = previous.map(|p| {
            Ranking::build(
                &p.round.id,
                scope.clone(),
                preliminary,
                &p.totals(view),
                organizations,
                None,
            )
        });
        Ranking::build(
            &self.round.id,
            scope,
            preliminary,
            &self.totals(view),
            organizations,
            previous.as_ref(),
        )
    }

    /// The per-criterion summary and briefing sentences in `view`.
    pub fn summary(&self, organizations: &[Organization], view: View) -> Summary {
        Summary::build(
            &self.round.id,
            view == View::Preliminary,
            self.catalog,
            &self.scores(view),
            organizations,
        )
    }
}
