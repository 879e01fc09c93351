//! The audit trail: list it, verify its chain, and one record's history.

use axum::Json;
use axum::extract::{Path, Query, State};
use scorecard_store::{AuditEntry, AuditFilter, AuditVerdict};
use serde::Deserialize;

use super::params;
use crate::app::AppState;
use crate::auth::{self, Caller};
use crate::error::ApiError;

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

pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    let filter = AuditFilter {
        target: query.target,
        actor: query.actor,
        since: query.since,
        until: query.until,
        limit: Some(query.limit.unwrap_or(1000).min(10_000)),
    };
    Ok(Json(state.store.audit(&filter).await?))
}

pub async fn verify(State(state): State<AppState>) -> Result<Json<AuditVerdict>, ApiError> {
    Ok(Json(state.store.verify_audit().await?))
}

pub async fn record_history(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org, criterion)): Path<(String, String, String)>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    let round = params::round(&state, &round).await?;
    let scope = auth::record_scope(&state, &caller, &round).await?;
    let organization = params::organization(&state, &org).await?;
    if scope == auth::RecordScope::Approved
        || !scope.shows(&organization, scorecard_domain::RecordState::Draft)
    {
        return Err(ApiError::Forbidden);
    }
    let target = format!("record:{}/{}/{}", round.id, organization, criterion);
    let filter = AuditFilter {
        target: Some(target.clone()),
        ..AuditFilter::default()
    };
    let entries = state.store.audit(&filter).await?;
    Ok(Json(entries.into_iter().filter(|e| e.target == target).collect()))
}
