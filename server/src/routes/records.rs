//! Records: list, read with ETag, create or change with `If-Match`, and the review workflow;
//! each handler reads the request and calls the service.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use scorecard_api::{RecordBody, RecordView, ReturnBody};
use scorecard_domain::AuditEntry;
use scorecard_domain::record::Action;
use scorecard_service::records::{Expected, RecordQuery};
use serde::Deserialize;

use super::body::ApiJson;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// The filters of the records list.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    org: Option<String>,
    criterion: Option<String>,
    state: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Json<Vec<RecordView>>, ApiError> {
    let query = RecordQuery {
        organization: query.org,
        criterion: query.criterion,
        state: query.state,
    };
    Ok(Json(state.service.records(&caller, &round, &query).await?))
}

/// A record with its version as the `ETag` header.
fn with_etag(status: StatusCode, record: RecordView) -> Response {
    let tag = record.etag.clone();
    let mut response = (status, Json(record)).into_response();
    if let Ok(value) = HeaderValue::from_str(&tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// The version `If-Match` names, if the header is there.
fn if_match(headers: &HeaderMap) -> Option<Expected> {
    headers
        .get(header::IF_MATCH)
        .map(|value| Expected::parse(value.to_str().unwrap_or("")))
}

type RecordPath = Path<(String, String, String)>;

pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org, criterion)): RecordPath,
) -> Result<Response, ApiError> {
    let record = state.service.record(&caller, &round, &org, &criterion).await?;
    Ok(with_etag(StatusCode::OK, record))
}

pub async fn put_one(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org, criterion)): RecordPath,
    headers: HeaderMap,
    ApiJson(body): ApiJson<RecordBody>,
) -> Result<Response, ApiError> {
    let path = (round.as_str(), org.as_str(), criterion.as_str());
    let (record, created) = state
        .service
        .save_record(&caller, path, if_match(&headers), body)
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(with_etag(status, record))
}

async fn transition(
    state: &AppState,
    caller: &Caller,
    (round, org, criterion): (String, String, String),
    headers: &HeaderMap,
    action: Action,
    comment: &str,
) -> Result<Response, ApiError> {
    let path = (round.as_str(), org.as_str(), criterion.as_str());
    let record = state
        .service
        .transition(caller, path, if_match(headers), action, comment)
        .await?;
    Ok(with_etag(StatusCode::OK, record))
}

pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): RecordPath,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    transition(&state, &caller, path, &headers, Action::Submit, "").await
}

pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): RecordPath,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    transition(&state, &caller, path, &headers, Action::Approve, "").await
}

pub async fn give_back(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): RecordPath,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ReturnBody>,
) -> Result<Response, ApiError> {
    transition(&state, &caller, path, &headers, Action::Return, &input.comment).await
}

pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org, criterion)): RecordPath,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    let path = (round.as_str(), org.as_str(), criterion.as_str());
    Ok(Json(state.service.record_history(&caller, path).await?))
}
