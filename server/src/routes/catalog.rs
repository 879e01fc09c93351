//! Reads of what is inspected: organisations, catalogs and rounds.

use axum::Json;
use axum::extract::{Path, State};
use scorecard_api::RoundDetail;
use scorecard_domain::{Catalog, CatalogId, Organization, Round};

use super::params;
use crate::app::AppState;
use crate::error::ApiError;

pub async fn organizations(State(state): State<AppState>) -> Result<Json<Vec<Organization>>, ApiError> {
    Ok(Json(state.store.organizations().await?))
}

pub async fn catalog(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Catalog>, ApiError> {
    let missing = || ApiError::not_found(format!("bộ tiêu chí `{id}`"), format!("Catalog `{id}`"));
    let parsed = CatalogId::parse(&id).map_err(|_| missing())?;
    state.store.catalog(&parsed).await?.map(Json).ok_or_else(missing)
}

pub async fn catalogs(State(state): State<AppState>) -> Result<Json<Vec<Catalog>>, ApiError> {
    Ok(Json(state.store.catalogs().await?))
}

pub async fn rounds(State(state): State<AppState>) -> Result<Json<Vec<Round>>, ApiError> {
    Ok(Json(state.store.rounds().await?))
}

pub async fn round(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<RoundDetail>, ApiError> {
    let round = params::round(&state, &id).await?;
    let data = super::reports::RoundInputs::load(&state, &round).await?;
    let organizations = data.as_round_data(&round).organizations();
    Ok(Json(RoundDetail { round, organizations }))
}
