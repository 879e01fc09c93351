//! Import and export routes.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};
use scorecard_domain::{Scope, View};
use scorecard_store::RecordFilter;
use serde_json::json;

use scorecard_api::RecordView;

use super::records::record_view;
use super::{params, reports};
use crate::app::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::transfer::{self, Format};

/// Imports take files up to this size; a larger body gets a clear 413.
pub const IMPORT_LIMIT_BYTES: usize = 10 * 1024 * 1024;

/// The import route with its own body limit.
pub fn import_route() -> MethodRouter<AppState> {
    post(import).layer(DefaultBodyLimit::max(IMPORT_LIMIT_BYTES))
}

fn flag(query: &HashMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match query.get(name).map(String::as_str) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("") => Ok(true),
        Some(other) => Err(ApiError::bad_request(
            name,
            format!("Tham số `{name}` chỉ nhận true hoặc false (nhận được `{other}`)."),
            format!("The `{name}` parameter takes true or false (got `{other}`)."),
        )),
    }
}

async fn import(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<transfer::ImportSummary>, ApiError> {
    let dry_run = flag(&query, "dry_run")?;
    let approve = flag(&query, "approve")?;
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge {
                limit_bytes: IMPORT_LIMIT_BYTES,
            }
        } else {
            ApiError::bad_request(
                "body",
                "Không đọc được nội dung gửi lên.",
                "The request body could not be read.",
            )
        }
    })?;
    let round = params::round(&state, &round).await?;
    let text = std::str::from_utf8(&body).map_err(|error| {
        ApiError::bad_request(
            "body",
            format!(
                "Tệp không phải văn bản UTF-8 (byte thứ {}); hãy lưu lại với mã hóa UTF-8.",
                error.valid_up_to() + 1
            ),
            format!(
                "The file is not UTF-8 text (at byte {}); save it again as UTF-8.",
                error.valid_up_to() + 1
            ),
        )
    })?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let format = if content_type.contains("json") {
        Format::Json
    } else if content_type.contains("csv") {
        Format::Csv
    } else {
        Format::guess(None, text)
    };
    let catalog = params::catalog_of(&state, &round).await?;
    let organizations = state.store.organizations().await?;
    let target = transfer::ImportTarget {
        round: &round,
        catalog: &catalog,
        organizations: &organizations,
    };
    let options = transfer::ImportOptions {
        format,
        approve,
        dry_run,
    };
    let summary = transfer::import(state.store.as_ref(), target, text, options, &caller.actor()?).await?;
    if summary.written {
        state.cache.clear();
    }
    Ok(Json(summary))
}

fn attachment(content_type: &'static str, file_name: &str, body: impl Into<axum::body::Body>) -> Response {
    let mut response = (StatusCode::OK, body.into()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

pub async fn export_csv(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
) -> Result<Response, ApiError> {
    let round = params::round(&state, &round).await?;
    let csv = transfer::records_csv_of(state.store.as_ref(), &round).await?;
    let file_name = format!("egov-scorecard_{}_records.csv", round.id);
    crate::auth::record_export(&state, &caller, &round, &file_name).await?;
    Ok(attachment("text/csv; charset=utf-8", &file_name, csv))
}

pub async fn export_json(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let preliminary = params::preliminary(&query)?;
    let round = reports::readable_round(&state, &caller, &round, preliminary).await?;
    let view = View::from_preliminary(preliminary);
    let document = export_document(&state, &round, view).await?;
    let kind = if preliminary { "preliminary" } else { "official" };
    let body = serde_json::to_vec_pretty(&document).unwrap_or_default();
    let file_name = format!("egov-scorecard_{}_{kind}.json", round.id);
    crate::auth::record_export(&state, &caller, &round, &file_name).await?;
    Ok(attachment("application/json", &file_name, body))
}

/// `{"ranking", "summary", "records"}` of a round, as `scorecard export --format json` writes it;
/// the records are those the figures count.
pub async fn export_document(
    state: &AppState,
    round: &scorecard_domain::Round,
    view: View,
) -> Result<serde_json::Value, ApiError> {
    let ranking = reports::ranking_of(state, round, Scope::All, view).await?;
    let organizations = state.store.organizations().await?;
    let inputs = reports::RoundInputs::load(state, round).await?;
    let summary = inputs.as_round_data(round).summary(&organizations, view);
    let records: Vec<RecordView> = state
        .store
        .records(&round.id, &RecordFilter::default())
        .await?
        .into_iter()
        // The records behind the figures: approved ones, plus submitted ones when preliminary.
        .filter(|s| view.counts(s.record.state))
        .map(record_view)
        .collect();
    Ok(json!({ "ranking": ranking, "summary": summary, "records": records }))
}
