//! Briefing downloads: the PDF briefing and the XLSX workbook of a round, and chart images,
//! made by `scorecard-briefing` from the same figures as the ranking and summary routes.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use scorecard_briefing::charts::{self, Chart, TrendPoint};
use scorecard_briefing::{BriefingError, Heading, Lang, RoundReport, pdf, xlsx};
use scorecard_domain::{Record, Round, Scope, View};
use scorecard_store::StoreError;

use super::params;
use super::reports::{self, RoundInputs, ranking_of};
use crate::app::AppState;
use crate::auth::Caller;
use crate::error::ApiError;

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

/// The two briefing documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Pdf,
    Xlsx,
}

impl Document {
    fn extension(self) -> &'static str {
        match self {
            Document::Pdf => "pdf",
            Document::Xlsx => "xlsx",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Document::Pdf => "application/pdf",
            Document::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// A file to hand out, with a name that says what it holds.
pub struct Download {
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub content_type: &'static str,
}

/// Today in Viet Nam (UTC+7), the date a briefing is issued on.
pub fn today_in_viet_nam() -> NaiveDate {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (seconds + 7 * 3600) / 86_400;
    NaiveDate::default() + chrono::Days::new(days)
}

/// `egov-scorecard_2019_all_official_vi_2026-05-01.pdf`: round, scope, view, language, date.
fn file_name(
    round: &Round,
    scope: &Scope,
    view: View,
    lang: Lang,
    day: NaiveDate,
    extension: &str,
) -> String {
    let kind = match view {
        View::Official => "official",
        View::Preliminary => "preliminary",
    };
    format!(
        "egov-scorecard_{}_{scope}_{kind}_{}_{}.{extension}",
        round.id,
        lang.code(),
        day.format("%Y-%m-%d")
    )
}

fn failed(round: &Round, error: impl std::fmt::Display) -> ApiError {
    tracing::error!(round = %round.id, %error, "a briefing document could not be made");
    ApiError::Internal(StoreError::Corrupt {
        what: "briefing of round",
        id: round.id.to_string(),
        problem: error.to_string(),
    })
}

/// The PDF or XLSX briefing of `round` in `scope` and `view`, as the API and `scorecard export`
/// hand it out. The records in the workbook are those the figures count.
pub async fn document(
    state: &AppState,
    round: &Round,
    kind: Document,
    scope: Scope,
    view: View,
    lang: Lang,
) -> Result<Download, ApiError> {
    let organizations = state.store.organizations().await?;
    let ranking = ranking_of(state, round, scope.clone(), view).await?;
    let inputs = RoundInputs::load(state, round).await?;
    let data = inputs.as_round_data(round);
    let scores = data.scores(view);
    let catalog = data.catalog.clone();
    let records: Vec<Record> = data
        .records
        .iter()
        .filter(|r| view.counts(r.state))
        .cloned()
        .collect();
    let day = today_in_viet_nam();
    let owned_round = round.clone();
    // Typesetting takes a CPU for a while; keep it off the threads that answer requests.
    let bytes = tokio::task::spawn_blocking(move || {
        let report = RoundReport {
            round: &owned_round,
            catalog: &catalog,
            organizations: &organizations,
            ranking: &ranking,
            scores: &scores,
            records: &records,
        };
        match kind {
            Document::Pdf => pdf::briefing(&report, &Heading::inspection_team(lang, day), lang),
            Document::Xlsx => xlsx::workbook(&report, lang),
        }
    })
    .await
    .map_err(|error| failed(round, error))?
    .map_err(|error: BriefingError| failed(round, error))?;
    Ok(Download {
        bytes,
        file_name: file_name(round, &scope, view, lang, day, kind.extension()),
        content_type: kind.content_type(),
    })
}

/// `?lang=vi|en`, default vi.
fn lang(query: &HashMap<String, String>) -> Result<Lang, ApiError> {
    let text = query.get("lang").map_or("vi", String::as_str);
    Lang::parse(text).ok_or_else(|| {
        ApiError::bad_request(
            "lang",
            format!("Tham số `lang` chỉ nhận vi hoặc en (nhận được `{text}`)."),
            format!("The `lang` parameter takes vi or en (got `{text}`)."),
        )
    })
}

/// `?width=`, default 720.
fn width(query: &HashMap<String, String>) -> Result<u32, ApiError> {
    match query.get("width") {
        None => Ok(720),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|w| (240..=2000).contains(w))
            .ok_or_else(|| {
                ApiError::bad_request(
                    "width",
                    format!("Tham số `width` là số điểm ảnh từ 240 đến 2000 (nhận được `{text}`)."),
                    format!("The `width` parameter is a number of pixels from 240 to 2000 (got `{text}`)."),
                )
            }),
    }
}

/// Every file handed out goes through here, so that each export is recorded once.
async fn deliver(
    state: &AppState,
    caller: &Caller,
    round: &Round,
    download: Download,
    disposition: &str,
) -> Result<Response, ApiError> {
    crate::auth::record_export(state, caller, round, &download.file_name).await?;
    let mut response = (StatusCode::OK, download.bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(download.content_type),
    );
    let value = format!("{disposition}; filename=\"{}\"", download.file_name);
    if let Ok(value) = HeaderValue::from_str(&value) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

async fn export(
    state: AppState,
    caller: Caller,
    round: String,
    query: HashMap<String, String>,
    kind: Document,
) -> Result<Response, ApiError> {
    let scope = params::scope(&query)?;
    let preliminary = params::preliminary(&query)?;
    let lang = lang(&query)?;
    let round = reports::readable_round(&state, &caller, &round, preliminary).await?;
    let download = document(
        &state,
        &round,
        kind,
        scope,
        View::from_preliminary(preliminary),
        lang,
    )
    .await?;
    deliver(&state, &caller, &round, download, "attachment").await
}

/// `GET /rounds/{round}/export.pdf`
pub async fn export_pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    export(state, caller, round, query, Document::Pdf).await
}

/// `GET /rounds/{round}/export.xlsx`
pub async fn export_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    export(state, caller, round, query, Document::Xlsx).await
}

/// `ranking.svg` → (`ranking`, svg): the chart and its image format.
fn chart_file<'a>(file: &'a str, charts: &[&str]) -> Result<(&'a str, bool), ApiError> {
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
        "svg" => Ok((name, true)),
        "png" => Ok((name, false)),
        _ => Err(unknown()),
    }
}

fn image(
    round: &Round,
    chart: &Chart,
    svg: bool,
    width: u32,
    lang: Lang,
    name: String,
) -> Result<Download, ApiError> {
    let download = if svg {
        Download {
            bytes: charts::svg(chart, width, lang)
                .map_err(|e| failed(round, e))?
                .into_bytes(),
            file_name: format!("{name}.svg"),
            content_type: "image/svg+xml",
        }
    } else {
        Download {
            bytes: charts::png(chart, width, lang).map_err(|e| failed(round, e))?,
            file_name: format!("{name}.png"),
            content_type: "image/png",
        }
    };
    Ok(download)
}

/// `GET /rounds/{round}/charts/{file}`: `ranking.svg|png` or `criteria.svg|png`.
pub async fn round_chart(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, file)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (name, svg) = chart_file(&file, &["ranking", "criteria"])?;
    let scope = params::scope(&query)?;
    let preliminary = params::preliminary(&query)?;
    let (lang, width) = (lang(&query)?, width(&query)?);
    let round = reports::readable_round(&state, &caller, &round, preliminary).await?;
    let view = View::from_preliminary(preliminary);
    let organizations = state.store.organizations().await?;
    let ranking = ranking_of(&state, &round, scope.clone(), view).await?;
    let inputs = RoundInputs::load(&state, &round).await?;
    let data = inputs.as_round_data(&round);
    let scores = data.scores(view);
    let report = RoundReport {
        round: &round,
        catalog: data.catalog,
        organizations: &organizations,
        ranking: &ranking,
        scores: &scores,
        records: &[],
    };
    let chart = match name {
        "ranking" => Chart::ranking(&report, lang),
        _ => Chart::criteria(&report.summary()),
    };
    let kind = if preliminary { "preliminary" } else { "official" };
    let file_name = format!(
        "egov-scorecard_{}_{scope}_{kind}_{name}_{}",
        round.id,
        lang.code()
    );
    let download = image(&round, &chart, svg, width, lang, file_name)?;
    deliver(&state, &caller, &round, download, "inline").await
}

/// `GET /organizations/{org}/charts/{file}`: `trend.svg|png`, the official score by round.
pub async fn organization_chart(
    State(state): State<AppState>,
    caller: Caller,
    Path((org, file)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (_, svg) = chart_file(&file, &["trend"])?;
    let (lang, width) = (lang(&query)?, width(&query)?);
    // The history route decides which rounds the caller may see and follows lineage.
    let history = reports::history(State(state.clone()), caller.clone(), Path(org.clone())).await?;
    let history = serde_json::to_value(&history.0).unwrap_or_default();
    let points: Vec<TrendPoint> = history["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| TrendPoint {
            label: entry["round"].as_str().unwrap_or_default().to_owned(),
            score: entry["score"].as_f64(),
        })
        .collect();
    let latest = history["entries"]
        .as_array()
        .and_then(|entries| entries.last())
        .and_then(|entry| entry["round"].as_str())
        .map(str::to_owned);
    // A trend belongs to no single round; the audit entry names the latest one shown.
    let round = match latest {
        Some(id) => params::round(&state, &id).await?,
        None => {
            return Err(ApiError::not_found(
                format!("số liệu của đơn vị `{org}`"),
                format!("Figures of organisation `{org}`"),
            ));
        }
    };
    let file_name = format!("egov-scorecard_{org}_trend_{}", lang.code());
    let download = image(&round, &Chart::Trend(points), svg, width, lang, file_name)?;
    deliver(&state, &caller, &round, download, "inline").await
}
