//! What leaders read: rankings and summaries (computed by `scorecard-domain`, kept as ready
//! JSON until anything they depend on changes), scores, an organisation's history across
//! rounds, a round with its organisations, and what a signed-in user works on.

use bytes::Bytes;
use scorecard_api::{History, HistoryEntry, Me, RoundAssignments, RoundDetail};
use scorecard_domain::ranking::previous_round;
use scorecard_domain::{
    Catalog, OrgId, OrgScore, Ranking, Record, Role, Round, RoundData, RoundId, Scope, View,
};
use scorecard_store::{RecordFilter, Store};

use crate::access::{may_read_preliminary, may_read_round};
use crate::cache::{ReportJson, ReportKey};
use crate::{Service, ServiceError, Who, lookup};

/// What the rules need of one round: its catalog, assignments and records.
pub struct RoundInputs {
    catalog: Catalog,
    assigned: Vec<OrgId>,
    records: Vec<Record>,
}

impl RoundInputs {
    /// Reads a round's catalog, assignments and records.
    pub async fn load(store: &dyn Store, round: &Round) -> Result<RoundInputs, ServiceError> {
        let catalog = lookup::catalog_of(store, round).await?;
        let assigned = store.assigned(&round.id).await?;
        let stored = store.records(&round.id, &RecordFilter::default()).await?;
        Ok(RoundInputs {
            catalog,
            assigned,
            records: stored.into_iter().map(|s| s.record).collect(),
        })
    }

    /// The view the domain crate computes from.
    pub fn as_round_data<'a>(&'a self, round: &'a Round) -> RoundData<'a> {
        RoundData {
            round,
            catalog: &self.catalog,
            assigned: &self.assigned,
            records: &self.records,
        }
    }
}

fn to_json(value: &impl serde::Serialize) -> Bytes {
    // Serializing the domain's plain data types to JSON cannot fail.
    Bytes::from(serde_json::to_vec(value).unwrap_or_default())
}

impl Service {
    /// The round with this id, if `who` may read its figures in the view asked for.
    pub async fn readable_round(&self, who: &Who, id: &str, view: View) -> Result<Round, ServiceError> {
        let round = lookup::round(self.store(), id).await?;
        may_read_round(who, &round)?;
        if view == View::Preliminary {
            may_read_preliminary(who)?;
        }
        Ok(round)
    }

    /// A report from the cache, or computed, cached and returned. The cached round decides who
    /// may read a hit; every change of the data, wherever it was made, forgets the cache.
    async fn cached_report<F, Fut>(
        &self,
        who: &Who,
        id: &str,
        view: View,
        key_of: impl Fn(RoundId) -> ReportKey,
        compute: F,
    ) -> Result<ReportJson, ServiceError>
    where
        F: FnOnce(Round) -> Fut,
        Fut: std::future::Future<Output = Result<Bytes, ServiceError>>,
    {
        // The data version as of this request (one small read shared by the requests of a
        // burst), so that a change made through another server instance or a command on the
        // same database shows at once.
        self.cache.sync(self.version.current(self.store()).await?.data);
        if let Ok(round_id) = RoundId::parse(id)
            && let Some((round, json)) = self.cache.get(&key_of(round_id))
        {
            may_read_round(who, &round)?;
            if view == View::Preliminary {
                may_read_preliminary(who)?;
            }
            return Ok(json);
        }
        // Taken before anything is read: a change meanwhile keeps this result out of the cache.
        let read_at = self.cache.generation();
        let round = self.readable_round(who, id, view).await?;
        let json = ReportJson::new(compute(round.clone()).await?);
        self.cache
            .put(key_of(round.id.clone()), round, json.clone(), read_at);
        Ok(json)
    }

    /// The ranking of a round in `scope` and `view`, as JSON.
    pub async fn ranking_json(
        &self,
        who: &Who,
        round: &str,
        scope: Scope,
        view: View,
    ) -> Result<ReportJson, ServiceError> {
        let preliminary = view == View::Preliminary;
        let key_of = |round| ReportKey::Ranking {
            round,
            scope: scope.clone(),
            preliminary,
        };
        let compute = |round: Round| {
            let scope = scope.clone();
            async move {
                let ranking = self.ranking(&round, scope, view).await?;
                Ok(to_json(&ranking))
            }
        };
        self.cached_report(who, round, view, key_of, compute).await
    }

    /// The per-criterion summary and briefing sentences of a round, as JSON.
    pub async fn summary_json(&self, who: &Who, round: &str, view: View) -> Result<ReportJson, ServiceError> {
        let preliminary = view == View::Preliminary;
        let key_of = |round| ReportKey::Summary { round, preliminary };
        let compute = |round: Round| async move {
            let organizations = self.store().organizations().await?;
            let inputs = RoundInputs::load(self.store(), &round).await?;
            Ok(to_json(
                &inputs.as_round_data(&round).summary(&organizations, view),
            ))
        };
        self.cached_report(who, round, view, key_of, compute).await
    }

    /// Every organisation's score and per-criterion status in a round.
    pub async fn scores(&self, who: &Who, round: &str, view: View) -> Result<Vec<OrgScore>, ServiceError> {
        let round = self.readable_round(who, round, view).await?;
        let inputs = RoundInputs::load(self.store(), &round).await?;
        Ok(inputs.as_round_data(&round).scores(view))
    }

    /// The ranking of a round that the caller may already read, with rank change against the
    /// previous round of the same catalog family.
    pub async fn ranking(&self, round: &Round, scope: Scope, view: View) -> Result<Ranking, ServiceError> {
        let store = self.store();
        let organizations = store.organizations().await?;
        let rounds = store.rounds().await?;
        let catalogs = store.catalogs().await?;
        let family = |id: &scorecard_domain::CatalogId| {
            catalogs.iter().find(|c| &c.id == id).map(|c| c.family.clone())
        };
        let previous = match previous_round(round, &rounds, family) {
            Some(previous) => Some((previous.clone(), RoundInputs::load(store, previous).await?)),
            None => None,
        };
        let current = RoundInputs::load(store, round).await?;
        let previous_data = previous.as_ref().map(|(r, inputs)| inputs.as_round_data(r));
        Ok(current
            .as_round_data(round)
            .ranking(previous_data.as_ref(), &organizations, scope, view))
    }

    /// One organisation's official rank and score in every round `who` may read, oldest first,
    /// following its lineage through mergers and splits.
    pub async fn history(&self, who: &Who, org: &str) -> Result<History, ServiceError> {
        let organizations = self.store().organizations().await?;
        let organization = lookup::organization(&organizations, org)?;
        let mut rounds = self.store().rounds().await?;
        // Anonymous readers see published rounds only.
        rounds.retain(|r| may_read_round(who, r).is_ok());
        rounds.sort_by_key(|r| r.starts_on);
        let mut entries = Vec::new();
        for round in &rounds {
            let ranking = self.ranking(round, Scope::All, View::Official).await?;
            if let Some(entry) = ranking.line_of(&organization.id, &organizations) {
                entries.push(HistoryEntry {
                    round: round.id.clone(),
                    name_vi: round.name_vi.clone(),
                    name_en: round.name_en.clone(),
                    starts_on: round.starts_on,
                    via: entry.organization.clone(),
                    rank: entry.rank,
                    score: entry.score,
                    band: entry.band.clone(),
                    compliant: entry.compliant,
                    rank_change: entry.rank_change,
                    score_change: entry.score_change,
                    compared_with: entry.compared_with.clone(),
                    ranked: ranking.ranked(),
                });
            }
        }
        Ok(History {
            organization: organization.id.clone(),
            name_vi: organization.name_vi.clone(),
            name_en: organization.name_en.clone(),
            entries,
        })
    }

    /// A round with the organisations it inspects, if `who` may read it.
    pub async fn round_detail(&self, who: &Who, id: &str) -> Result<RoundDetail, ServiceError> {
        let round = self.readable_round(who, id, View::Official).await?;
        let inputs = RoundInputs::load(self.store(), &round).await?;
        let organizations = inputs.as_round_data(&round).organizations();
        Ok(RoundDetail { round, organizations })
    }

    /// The signed-in user with the organisations assigned to them and the rounds they review.
    pub async fn me(&self, who: &Who) -> Result<Me, ServiceError> {
        let user = who.user()?.clone();
        let mut assignments = Vec::new();
        let mut reviews = Vec::new();
        for round in self.store().rounds().await? {
            if user.role == Role::Inspector {
                let organizations =
                    crate::access::inspector_organizations(self.store(), &round, &user).await?;
                if !organizations.is_empty() {
                    assignments.push(RoundAssignments {
                        round: round.id.clone(),
                        organizations,
                    });
                }
            }
            if user.role == Role::Reviewer
                && self
                    .store()
                    .reviewers(&round.id)
                    .await?
                    .iter()
                    .any(|r| r.id == user.id)
            {
                reviews.push(round.id.clone());
            }
        }
        Ok(Me {
            user,
            assignments,
            reviews,
        })
    }
}
