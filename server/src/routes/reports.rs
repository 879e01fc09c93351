//! Rankings and summaries: computed by `scorecard-domain` from the records, cached as JSON.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use scorecard_api::{History, HistoryEntry};
use scorecard_domain::ranking::previous_round;
use scorecard_domain::{Catalog, OrgId, Record, Round, RoundData, RoundId, View};
use scorecard_store::RecordFilter;

use super::params;
use crate::app::AppState;
use crate::auth::{self, Caller};
use crate::cache::ReportKey;
use crate::error::ApiError;

/// What the rules need of one round.
pub struct RoundInputs {
    catalog: Catalog,
    assigned: Vec<OrgId>,
    records: Vec<Record>,
}

impl RoundInputs {
    /// Reads a round's catalog, assignments and records.
    pub async fn load(state: &AppState, round: &Round) -> Result<RoundInputs, ApiError> {
        let catalog = params::catalog_of(state, round).await?;
        let assigned = state.store.assigned(&round.id).await?;
        let stored = state.store.records(&round.id, &RecordFilter::default()).await?;
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

fn json_response(json: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], json).into_response()
}

fn to_json(value: &impl serde::Serialize) -> Bytes {
    // Serializing the domain's plain data types to JSON cannot fail.
    Bytes::from(serde_json::to_vec(value).unwrap_or_default())
}

/// The round named in the path, if the caller may read its figures in the view asked for.
pub async fn readable_round(
    state: &AppState,
    caller: &Caller,
    id: &str,
    preliminary: bool,
) -> Result<Round, ApiError> {
    let round = params::round(state, id).await?;
    auth::may_read_round(caller, &round)?;
    if preliminary {
        auth::may_read_preliminary(caller)?;
    }
    Ok(round)
}

/// Answers a report from the cache, or computes, caches and answers it. The cached round
/// decides who may read a hit; it is forgotten whenever a round or record changes.
async fn cached_report<F, Fut>(
    state: &AppState,
    caller: &Caller,
    id: &str,
    preliminary: bool,
    key_of: impl Fn(RoundId) -> ReportKey,
    compute: F,
) -> Result<Response, ApiError>
where
    F: FnOnce(Round) -> Fut,
    Fut: std::future::Future<Output = Result<Bytes, ApiError>>,
{
    if let Ok(round_id) = RoundId::parse(id)
        && let Some((round, json)) = state.cache.get(&key_of(round_id))
    {
        auth::may_read_round(caller, &round)?;
        if preliminary {
            auth::may_read_preliminary(caller)?;
        }
        return Ok(json_response(json));
    }
    // Taken before anything is read: a change meanwhile keeps this result out of the cache.
    let read_at = state.cache.generation();
    let round = readable_round(state, caller, id, preliminary).await?;
    let json = compute(round.clone()).await?;
    state
        .cache
        .put(key_of(round.id.clone()), round, json.clone(), read_at);
    Ok(json_response(json))
}

pub async fn ranking(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let scope = params::scope(&query)?;
    let preliminary = params::preliminary(&query)?;
    let key_of = |round| ReportKey::Ranking {
        round,
        scope: scope.clone(),
        preliminary,
    };
    let compute = |round: Round| async {
        // Moves the round into the future; the state and the scope stay borrowed.
        let round = round;
        let ranking = ranking_of(&state, &round, scope.clone(), View::from_preliminary(preliminary)).await?;
        Ok(to_json(&ranking))
    };
    cached_report(&state, &caller, &id, preliminary, key_of, compute).await
}

pub async fn summary(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let preliminary = params::preliminary(&query)?;
    let key_of = |round| ReportKey::Summary { round, preliminary };
    let compute = |round: Round| async {
        // Moves the round into the future; the state and the scope stay borrowed.
        let round = round;
        let organizations = state.store.organizations().await?;
        let current = RoundInputs::load(&state, &round).await?;
        let summary = current
            .as_round_data(&round)
            .summary(&organizations, View::from_preliminary(preliminary));
        Ok(to_json(&summary))
    };
    cached_report(&state, &caller, &id, preliminary, key_of, compute).await
}

pub async fn scores(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<axum::Json<Vec<scorecard_domain::OrgScore>>, ApiError> {
    let preliminary = params::preliminary(&query)?;
    let round = readable_round(&state, &caller, &id, preliminary).await?;
    let current = RoundInputs::load(&state, &round).await?;
    Ok(axum::Json(
        current
            .as_round_data(&round)
            .scores(View::from_preliminary(preliminary)),
    ))
}

/// Computes the official or preliminary ranking of a round, with rank change.
pub async fn ranking_of(
    state: &AppState,
    round: &Round,
    scope: scorecard_domain::Scope,
    view: View,
) -> Result<scorecard_domain::Ranking, ApiError> {
    let organizations = state.store.organizations().await?;
    let rounds = state.store.rounds().await?;
    let catalogs = state.store.catalogs().await?;
    let family =
        |id: &scorecard_domain::CatalogId| catalogs.iter().find(|c| &c.id == id).map(|c| c.family.clone());
    let previous = match previous_round(round, &rounds, family) {
        Some(previous) => Some((previous.clone(), RoundInputs::load(state, previous).await?)),
        None => None,
    };
    let current = RoundInputs::load(state, round).await?;
    let previous_data = previous.as_ref().map(|(r, inputs)| inputs.as_round_data(r));
    Ok(current
        .as_round_data(round)
        .ranking(previous_data.as_ref(), &organizations, scope, view))
}

pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(org): Path<String>,
) -> Result<axum::Json<History>, ApiError> {
    let organizations = state.store.organizations().await?;
    let missing = || ApiError::not_found(format!("đơn vị `{org}`"), format!("Organisation `{org}`"));
    let id = OrgId::parse(&org).map_err(|_| missing())?;
    let organization = organizations.iter().find(|o| o.id == id).ok_or_else(missing)?;
    let lineage = scorecard_domain::organization::predecessors(&id, &organizations);
    let mut rounds = state.store.rounds().await?;
    // Anonymous readers see published rounds only.
    rounds.retain(|r| auth::may_read_round(&caller, r).is_ok());
    rounds.sort_by_key(|r| r.starts_on);
    let mut entries = Vec::new();
    for round in &rounds {
        let ranking = ranking_of(&state, round, scorecard_domain::Scope::All, View::Official).await?;
        let ranked = ranking.entries.iter().filter(|e| e.rank.is_some()).count() as u32;
        // The organisation's own line first, then the best-placed of those it carries.
        let found = lineage
            .iter()
            .find_map(|who| ranking.entries.iter().find(|e| &&e.organization == who));
        let found = match found {
            Some(own) if own.organization == id => Some(own),
            _ => ranking
                .entries
                .iter()
                .filter(|e| lineage.contains(&&e.organization))
                .min_by_key(|e| e.rank.unwrap_or(u32::MAX)),
        };
        if let Some(entry) = found {
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
                ranked,
            });
        }
    }
    Ok(axum::Json(History {
        organization: id.clone(),
        name_vi: organization.name_vi.clone(),
        name_en: organization.name_en.clone(),
        entries,
    }))
}
