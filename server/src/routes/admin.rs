//! Administration: users and roles, rounds and their states, assignments, reviewers, catalogs,
//! the audit trail. Each handler reads the request and calls the service, which checks and
//! writes every change with its audit entry.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use scorecard_api::{Assign, CreateRound, CreateUser, SetRoundState, UpdateUser, UserView};
use scorecard_domain::{Assignment, AuditEntry, AuditVerdict, Catalog, Round, RoundState, User};
use scorecard_store::AuditFilter;
use serde::Deserialize;

use super::body::ApiJson;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub async fn users(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<UserView>>, ApiError> {
    Ok(Json(state.service.users(&caller).await?))
}

pub async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<CreateUser>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.service.create_user(&caller, input).await?),
    ))
}

pub async fn update_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<UpdateUser>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(state.service.update_user(&caller, id, input).await?))
}

pub async fn create_round(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<CreateRound>,
) -> Result<(StatusCode, Json<Round>), ApiError> {
    let round = state
        .service
        .create_round(&caller, input, RoundState::Planned)
        .await?;
    Ok((StatusCode::CREATED, Json(round)))
}

pub async fn set_round_state(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    ApiJson(input): ApiJson<SetRoundState>,
) -> Result<Json<Round>, ApiError> {
    Ok(Json(
        state
            .service
            .set_round_state(&caller, &round, &input.state)
            .await?,
    ))
}

pub async fn assignments(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
) -> Result<Json<Vec<Assignment>>, ApiError> {
    Ok(Json(state.service.assignments(&caller, &round).await?))
}

pub async fn assign(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org)): Path<(String, String)>,
    ApiJson(input): ApiJson<Assign>,
) -> Result<StatusCode, ApiError> {
    state
        .service
        .assign(&caller, &round, &org, input.inspector)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn reviewers(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(state.service.reviewers(&caller, &round).await?))
}

pub async fn add_reviewer(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, user)): Path<(String, i64)>,
) -> Result<StatusCode, ApiError> {
    state.service.set_reviewer(&caller, &round, user, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn remove_reviewer(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, user)): Path<(String, i64)>,
) -> Result<StatusCode, ApiError> {
    state.service.set_reviewer(&caller, &round, user, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn add_catalog(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(catalog): ApiJson<Catalog>,
) -> Result<(StatusCode, Json<Catalog>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.service.add_catalog(&caller, catalog).await?),
    ))
}

/// The filters of `GET /audit`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    target: Option<String>,
    actor: Option<String>,
    since: Option<String>,
    until: Option<String>,
    limit: Option<u32>,
}

pub async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    let filter = AuditFilter {
        target: query.target,
        actor: query.actor,
        since: query.since,
        until: query.until,
        limit: query.limit,
    };
    Ok(Json(state.service.audit(&caller, filter).await?))
}

pub async fn verify_audit(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<AuditVerdict>, ApiError> {
    Ok(Json(state.service.verify_audit(&caller).await?))
}
