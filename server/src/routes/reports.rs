//! What leaders read: rankings and summaries (answered as the service's cached JSON), scores,
//! an organisation's history across rounds, rounds and catalogs, and what a user works on.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use scorecard_api::{History, Me, RoundDetail};
use scorecard_domain::{Catalog, OrgScore, Organization, Round};
use scorecard_service::ReportJson;

use super::encoding::{self, Coding};
use super::params;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// A cached report in the coding the client takes best, compressed once per change of the data
/// rather than on every request.
async fn report_response(report: ReportJson, headers: &HeaderMap) -> Response {
    let coding = encoding::preferred(headers);
    let body = match coding {
        Coding::Brotli => report.brotli().await,
        Coding::Gzip => report.gzip().await,
        Coding::Identity => report.json(),
    };
    let mut response = ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    let answer = response.headers_mut();
    answer.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(name) = coding.header_value() {
        answer.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    }
    response
}

pub async fn ranking(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (scope, view) = (params::scope(&query)?, params::view(&query)?);
    let report = state.service.ranking_json(&caller, &round, scope, view).await?;
    Ok(report_response(report, &headers).await)
}

pub async fn summary(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let view = params::view(&query)?;
    let report = state.service.summary_json(&caller, &round, view).await?;
    Ok(report_response(report, &headers).await)
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
