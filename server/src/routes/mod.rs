//! The JSON API under `/api/v1` (PRODUCT.md section 5).
//!
//! Every route is one line of [`ROUTES`]: the router, the OpenAPI document and the route tests
//! are all built from that table, so a route cannot exist without being described and tested.

mod body;
mod catalog;
mod openapi;
mod params;
mod records;
mod reports;
mod transfer;

pub use reports::ranking_of;
pub use transfer::export_document;

use axum::Router;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use axum::routing::{MethodRouter, get, post, put};
use serde_json::json;

use crate::app::AppState;
use crate::error::problem;

/// One route of the API.
pub struct RouteSpec {
    pub method: Method,
    /// The path under `/api/v1`, with `{name}` parameters.
    pub path: &'static str,
    pub summary: &'static str,
    /// Query parameters: name and description.
    pub query: &'static [(&'static str, &'static str)],
    /// The media types of the request body, if it takes one.
    pub body: &'static [&'static str],
    handler: fn() -> MethodRouter<AppState>,
}

const ROUND_VIEW: &[(&str, &str)] = &[(
    "preliminary",
    "true adds submitted records (default false: approved only)",
)];
const RANKING_QUERY: &[(&str, &str)] = &[
    (
        "scope",
        "all (default) or a peer group such as ministry or agency",
    ),
    (
        "preliminary",
        "true adds submitted records (default false: approved only)",
    ),
];
const RECORD_FILTERS: &[(&str, &str)] = &[
    ("org", "organisation id"),
    ("criterion", "criterion code"),
    ("state", "draft, submitted, approved or returned"),
];
const IMPORT_QUERY: &[(&str, &str)] = &[
    ("dry_run", "true checks every row and writes nothing"),
    (
        "approve",
        "true imports every row as approved (default: submitted)",
    ),
];

macro_rules! route {
    ($method:ident $path:literal, $summary:literal, $handler:expr) => {
        route!($method $path, $summary, $handler, &[], &[])
    };
    ($method:ident $path:literal, $summary:literal, $handler:expr, $query:expr) => {
        route!($method $path, $summary, $handler, $query, &[])
    };
    ($method:ident $path:literal, $summary:literal, $handler:expr, $query:expr, $body:expr) => {
        RouteSpec {
            method: Method::$method,
            path: $path,
            summary: $summary,
            query: $query,
            body: $body,
            handler: || $handler,
        }
    };
}

/// Every route of the API.
pub static ROUTES: &[RouteSpec] = &[
    route!(GET "/health", "Whether the server answers", get(health)),
    route!(GET "/openapi.json", "This API described as OpenAPI 3.1", get(openapi::document)),
    route!(GET "/organizations", "Every organisation with its peer group and lineage", get(catalog::organizations)),
    route!(GET "/organizations/{org}/history", "An organisation's rank and score across rounds, through lineage", get(reports::history)),
    route!(GET "/catalogs/{id}", "One catalog version with its criteria and bands", get(catalog::catalog)),
    route!(GET "/rounds", "Every round, newest first", get(catalog::rounds)),
    route!(GET "/rounds/{round}", "One round with the organisations it inspects", get(catalog::round)),
    route!(GET "/rounds/{round}/ranking", "The ranking of a round", get(reports::ranking), RANKING_QUERY),
    route!(GET "/rounds/{round}/summary", "Per-criterion counts and the briefing sentences", get(reports::summary), ROUND_VIEW),
    route!(GET "/rounds/{round}/scores", "Every organisation's score and per-criterion status", get(reports::scores), ROUND_VIEW),
    route!(GET "/rounds/{round}/records", "The records of a round", get(records::list), RECORD_FILTERS),
    route!(GET "/rounds/{round}/records/{org}/{criterion}", "One record with its ETag", get(records::get_one)),
    route!(PUT "/rounds/{round}/records/{org}/{criterion}", "Create (If-Match: *) or change (If-Match: ETag) a record", put(records::put_one), &[], &["application/json"]),
    route!(POST "/rounds/{round}/records/{org}/{criterion}/submit", "Submit a draft or returned record for review", post(records::submit)),
    route!(POST "/rounds/{round}/records/{org}/{criterion}/approve", "Approve a submitted record", post(records::approve)),
    route!(POST "/rounds/{round}/records/{org}/{criterion}/return", "Return a submitted record with a comment", post(records::give_back), &[], &["application/json"]),
    route!(POST "/rounds/{round}/import", "Import records (CSV or JSON): all or nothing", transfer::import_route(), IMPORT_QUERY, &["text/csv", "application/json"]),
    route!(GET "/rounds/{round}/export.csv", "The records of a round in the import format", get(transfer::export_csv)),
    route!(GET "/rounds/{round}/export.json", "Ranking, summary and records of a round", get(transfer::export_json), ROUND_VIEW),
];

/// The router of every API route.
pub fn api() -> Router<AppState> {
    ROUTES
        .iter()
        .fold(Router::new(), |router, spec| {
            router.route(spec.path, (spec.handler)())
        })
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
