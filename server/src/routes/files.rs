//! What goes in and out as files: the import of records (CSV or JSON, up to 10 MB), and the
//! exports (records CSV, the figures as JSON, the PDF briefing, the XLSX workbook, chart
//! images). The service makes each file and audits who took it; here it is read from the
//! request or handed out with a safe `Content-Disposition`.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};
use scorecard_api::ImportSummary;
use scorecard_service::exports::{Document, Download, ImageFormat, RoundChart};
use scorecard_service::imports::{Format, ImportOptions};

use super::params;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// Imports take files up to this size; a larger body gets a clear 413.
pub const IMPORT_LIMIT_BYTES: usize = 10 * 1024 * 1024;

/// The query of the document downloads.
pub const DOCUMENT_QUERY: &[(&str, &str)] = &[
    (
        "scope",
        "all (default) or a peer group such as ministry or agency",
    ),
    (
        "preliminary",
        "true adds submitted records (default false: approved only)",
    ),
    ("lang", "vi (default) or en"),
];

/// The query of the chart images.
pub const CHART_QUERY: &[(&str, &str)] = &[
    (
        "scope",
        "all (default) or a peer group such as ministry or agency",
    ),
    (
        "preliminary",
        "true adds submitted records (default false: approved only)",
    ),
    ("lang", "vi (default) or en"),
    (
        "width",
        "the width in pixels, 240 to 2000 (default 720; PNG images are twice as wide)",
    ),
];

/// The import route with its own body limit.
pub fn import_route() -> MethodRouter<AppState> {
    post(import).layer(DefaultBodyLimit::max(IMPORT_LIMIT_BYTES))
}

async fn import(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportSummary>, ApiError> {
    let dry_run = params::flag(&query, "dry_run")?;
    let approve = params::flag(&query, "approve")?;
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
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let options = ImportOptions {
        format: Format::guess(content_type, &body),
        approve,
        dry_run,
    };
    Ok(Json(state.service.import(&caller, &round, &body, options).await?))
}

/// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 and 8187): the plain name keeps
/// only characters every client reads safely, the encoded one keeps the whole name.
pub fn content_disposition(disposition: &str, file_name: &str) -> String {
    let plain: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in file_name.bytes() {
        if byte.is_ascii_alphanumeric() || b".-_~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("{disposition}; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

/// A file as a response: its type, its name, and `nosniff` so that no browser guesses another
/// type from the bytes.
pub(super) fn deliver(download: Download, disposition: &str) -> Response {
    let mut response = (StatusCode::OK, download.bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(download.content_type),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(value) = HeaderValue::from_str(&content_disposition(disposition, &download.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `GET /rounds/{round}/export.csv`
pub async fn export_csv(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
) -> Result<Response, ApiError> {
    Ok(deliver(
        state.service.records_csv(&caller, &round).await?,
        "attachment",
    ))
}

/// `GET /rounds/{round}/export.json`
pub async fn export_json(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let view = params::view(&query)?;
    let download = state
        .service
        .figures_json(&caller, &round, scorecard_domain::Scope::All, view)
        .await?;
    Ok(deliver(download, "attachment"))
}

async fn briefing(
    state: AppState,
    caller: Caller,
    round: String,
    query: HashMap<String, String>,
    kind: Document,
) -> Result<Response, ApiError> {
    let (scope, view, lang) = (
        params::scope(&query)?,
        params::view(&query)?,
        params::lang(&query)?,
    );
    let download = state
        .service
        .briefing(&caller, &round, kind, scope, view, lang)
        .await?;
    Ok(deliver(download, "attachment"))
}

/// `GET /rounds/{round}/export.pdf`
pub async fn export_pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    briefing(state, caller, round, query, Document::Pdf).await
}

/// `GET /rounds/{round}/export.xlsx`
pub async fn export_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    briefing(state, caller, round, query, Document::Xlsx).await
}

/// `GET /rounds/{round}/template.xlsx`
pub async fn template(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let lang = params::lang(&query)?;
    Ok(deliver(
        state.service.template(&caller, &round, lang).await?,
        "attachment",
    ))
}

/// `ranking.svg` → (`ranking`, SVG): a chart's name and its image format.
fn chart_file<'a>(file: &'a str, charts: &[&str]) -> Result<(&'a str, ImageFormat), ApiError> {
    let unknown = || {
        let names = charts
            .iter()
            .flat_map(|c| [format!("{c}.svg"), format!("{c}.png")])
            .collect::<Vec<_>>()
            .join(", ");
        ApiError::not_found(
            format!("biểu đồ `{file}` (có: {names})"),
            format!("Chart `{file}` (there are: {names})"),
        )
    };
    let (name, extension) = file.rsplit_once('.').ok_or_else(unknown)?;
    if !charts.contains(&name) {
        return Err(unknown());
    }
    match extension {
        "svg" => Ok((name, ImageFormat::Svg)),
        "png" => Ok((name, ImageFormat::Png)),
        _ => Err(unknown()),
    }
}

/// `GET /rounds/{round}/charts/{file}`: `ranking.svg|png` or `criteria.svg|png`.
pub async fn round_chart(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, file)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (name, format) = chart_file(&file, &["ranking", "criteria"])?;
    let chart = if name == "ranking" {
        RoundChart::Ranking
    } else {
        RoundChart::Criteria
    };
    let (scope, view) = (params::scope(&query)?, params::view(&query)?);
    let (lang, width) = (params::lang(&query)?, params::width(&query)?);
    let download = state
        .service
        .round_chart(&caller, &round, chart, format, scope, view, lang, width)
        .await?;
    Ok(deliver(download, "inline"))
}

/// `GET /organizations/{org}/charts/{file}`: `trend.svg|png`, the official score by round.
pub async fn organization_chart(
    State(state): State<AppState>,
    caller: Caller,
    Path((org, file)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (_, format) = chart_file(&file, &["trend"])?;
    let (lang, width) = (params::lang(&query)?, params::width(&query)?);
    let download = state
        .service
        .trend_chart(&caller, &org, format, lang, width)
        .await?;
    Ok(deliver(download, "inline"))
}

/// `GET /rounds/{round}/preliminary-notice/{org}`: the preliminary notice to one organisation.
pub async fn preliminary_notice(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let lang = params::lang(&query)?;
    Ok(deliver(
        state
            .service
            .preliminary_notice(&caller, &round, &org, lang)
            .await?,
        "attachment",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_in_the_header_and_whole_in_the_encoded_one() {
        let cases = [
            (
                "egov-scorecard_2019_all_official_vi_2026-05-01.pdf",
                "attachment; filename=\"egov-scorecard_2019_all_official_vi_2026-05-01.pdf\"; \
                 filename*=UTF-8''egov-scorecard_2019_all_official_vi_2026-05-01.pdf",
            ),
            (
                "Quyết định số 12.pdf",
                "attachment; filename=\"Quy_t___nh_s__12.pdf\"; \
                 filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20s%E1%BB%91%2012.pdf",
            ),
            (
                "a\"b;\r\nc.csv",
                "attachment; filename=\"a_b___c.csv\"; filename*=UTF-8''a%22b%3B%0D%0Ac.csv",
            ),
        ];
        for (name, expected) in cases {
            assert_eq!(content_disposition("attachment", name), expected, "{name}");
        }
    }
}
