//! The JSON API under `/api/v1` (PRODUCT.md section 5).

mod catalog;
mod params;
mod reports;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde_json::json;

use crate::app::AppState;
use crate::error::problem;

/// Every API route.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/organizations", get(catalog::organizations))
        .route("/catalogs/{id}", get(catalog::catalog))
        .route("/rounds", get(catalog::rounds))
        .route("/rounds/{round}", get(catalog::round))
        .route("/rounds/{round}/ranking", get(reports::ranking))
        .route("/rounds/{round}/summary", get(reports::summary))
        .fallback(unknown_route)
}

async fn health() -> axum::Json<serde_json::Value> {
    axum::Json(json!({ "status": "ok" }))
}

async fn unknown_route() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "Not Found",
        "Không có đường dẫn API này; xem /api/v1/openapi.json.",
        "There is no such API route; see /api/v1/openapi.json.",
        None,
    )
}
