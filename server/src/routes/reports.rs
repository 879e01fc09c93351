//! What leaders read: rankings and summaries (answered as the service's cached JSON), scores,
//! an organisation's history across rounds, rounds and catalogs, and what a user works on.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use scorecard_api::{History, Me, RoundDetail};
use scorecard_domain::{Catalog, OrgScore, Organization, Round};

use super::params;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

fn json_response(json: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], json).into_response()
}

pub async fn ranking(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (scope, view) = (params::scope(&query)?, params::view(&query)?);
    let json = state.service.ranking_json(&caller, &round, scope, view).await?;
    Ok(json_response(json))
}

pub async fn summary(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let view = params::view(&query)?;
    Ok(json_response(
        state.service.summary_json(&caller, &round, view).await?,
    ))
}

pub async fn scores(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Vec<OrgScore>>, ApiError> {
    let view = params::view(&query)?;
    Ok(Json(state.service.scores(&caller, &round, view).await?))
}

pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(org): Path<String>,
) -> Result<Json<History>, ApiError> {
    Ok(Json(state.service.history(&caller, &org).await?))
}

pub async fn organizations(State(state): State<AppState>) -> Result<Json<Vec<Organization>>, ApiError> {
    Ok(Json(state.service.organizations().await?))
}

pub async fn catalogs(State(state): State<AppState>) -> Result<Json<Vec<Catalog>>, ApiError> {
    Ok(Json(state.service.catalogs().await?))
}

pub async fn catalog(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Catalog>, ApiError> {
    Ok(Json(state.service.catalog(&id).await?))
}

pub async fn rounds(State(state): State<AppState>) -> Result<Json<Vec<Round>>, ApiError> {
    Ok(Json(state.service.rounds().await?))
}

pub async fn round(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<RoundDetail>, ApiError> {
    Ok(Json(state.service.round_detail(&caller, &id).await?))
}

pub async fn me(State(state): State<AppState>, caller: Caller) -> Result<Json<Me>, ApiError> {
    Ok(Json(state.service.me(&caller).await?))
}
