//! Path and query parameters, parsed with messages in Vietnamese and English.

use std::collections::HashMap;

use scorecard_domain::{Catalog, Round, RoundId, Scope};

use crate::app::AppState;
use crate::error::ApiError;

/// The round named in the path, which must exist.
pub async fn round(state: &AppState, id: &str) -> Result<Round, ApiError> {
    let missing = || ApiError::not_found(format!("đợt kiểm tra `{id}`"), format!("Round `{id}`"));
    let id = RoundId::parse(id).map_err(|_| missing())?;
    state.store.round(&id).await?.ok_or_else(missing)
}

/// The organisation named in the path, which must exist.
pub async fn organization(state: &AppState, id: &str) -> Result<scorecard_domain::OrgId, ApiError> {
    let missing = || ApiError::not_found(format!("đơn vị `{id}`"), format!("Organisation `{id}`"));
    let parsed = scorecard_domain::OrgId::parse(id).map_err(|_| missing())?;
    if state.store.organizations().await?.iter().any(|o| o.id == parsed) {
        Ok(parsed)
    } else {
        Err(missing())
    }
}

/// The catalog a round uses; a round always has one, so its absence is an internal fault.
pub async fn catalog_of(state: &AppState, round: &Round) -> Result<Catalog, ApiError> {
    state.store.catalog(&round.catalog).await?.ok_or_else(|| {
        ApiError::not_found(
            format!("bộ tiêu chí `{}`", round.catalog),
            format!("Catalog `{}`", round.catalog),
        )
    })
}

/// `?preliminary=true|false`, default false.
pub fn preliminary(query: &HashMap<String, String>) -> Result<bool, ApiError> {
    match query.get("preliminary").map(String::as_str) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(other) => Err(ApiError::bad_request(
            "preliminary",
            format!("Tham số `preliminary` chỉ nhận true hoặc false (nhận được `{other}`)."),
            format!("The `preliminary` parameter takes true or false (got `{other}`)."),
        )),
    }
}

/// `?scope=all|GROUP`, default all.
pub fn scope(query: &HashMap<String, String>) -> Result<Scope, ApiError> {
    let text = query.get("scope").map_or("all", String::as_str);
    Scope::try_from(text.to_owned()).map_err(|_| {
        ApiError::bad_request(
            "scope",
            format!("Tham số `scope` phải là `all` hoặc mã một khối như `ministry` (nhận được `{text}`)."),
            format!("The `scope` parameter must be `all` or a peer group such as `ministry` (got `{text}`)."),
        )
    })
}
