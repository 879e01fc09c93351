//! Rankings and summaries: computed by `scorecard-domain` from the records, cached as JSON.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use scorecard_domain::ranking::previous_round;
use scorecard_domain::{Catalog, OrgId, Record, Round, RoundData, View};
use scorecard_store::RecordFilter;

use super::params;
use crate::app::AppState;
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

pub async fn ranking(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let scope = params::scope(&query)?;
    let preliminary = params::preliminary(&query)?;
    let round = params::round(&state, &id).await?;
    let key = ReportKey::Ranking {
        round: round.id.clone(),
        scope: scope.clone(),
        preliminary,
    };
    if let Some(json) = state.cache.get(&key) {
        return Ok(json_response(json));
    }
    let organizations = state.store.organizations().await?;
    let rounds = state.store.rounds().await?;
    let catalogs = state.store.catalogs().await?;
    let family =
        |id: &scorecard_domain::CatalogId| catalogs.iter().find(|c| &c.id == id).map(|c| c.family.clone());
    let previous = match previous_round(&round, &rounds, family) {
        Some(previous) => Some((previous.clone(), RoundInputs::load(&state, previous).await?)),
        None => None,
    };
    let current = RoundInputs::load(&state, &round).await?;
    let previous_data = previous.as_ref().map(|(r, inputs)| inputs.as_round_data(r));
    let view = View::from_preliminary(preliminary);
    let ranking = current
        .as_round_data(&round)
        .ranking(previous_data.as_ref(), &organizations, scope, view);
    let json = to_json(&ranking);
    state.cache.put(key, json.clone());
    Ok(json_response(json))
}

pub async fn summary(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let preliminary = params::preliminary(&query)?;
    let round = params::round(&state, &id).await?;
    let key = ReportKey::Summary {
        round: round.id.clone(),
        preliminary,
    };
    if let Some(json) = state.cache.get(&key) {
        return Ok(json_response(json));
    }
    let organizations = state.store.organizations().await?;
    let current = RoundInputs::load(&state, &round).await?;
    let summary = current
        .as_round_data(&round)
        .summary(&organizations, View::from_preliminary(preliminary));
    let json = to_json(&summary);
    state.cache.put(key, json.clone());
    Ok(json_response(json))
}
