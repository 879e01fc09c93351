//! Every HTTP call of the front end: the JSON API under `/api/v1`, read into the domain's types.
//!
//! Keeping the transport in this one module means it can change (headers, auth, retries) in one
//! place. Each call answers `Result<T, ApiError>`, whose message is fit to show a person.

use gloo_net::http::{Request, Response};
use scorecard_domain::{Catalog, CatalogId, Ranking, Round, RoundId, Summary};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Why a call failed, in whole sentences for the reader: Vietnamese first, English second.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The sentence shown on screen.
    pub detail: String,
    /// The same in English, shown smaller beneath it.
    pub detail_en: String,
}

impl ApiError {
    fn new(detail: &str, detail_en: &str) -> ApiError {
        ApiError {
            detail: detail.to_owned(),
            detail_en: detail_en.to_owned(),
        }
    }

    /// The request never got an answer: the network or the server is down.
    fn unreachable() -> ApiError {
        ApiError::new(
            "Không kết nối được với máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.",
            "The server could not be reached. Please check the network connection and try again.",
        )
    }

    /// The server answered with data this page cannot read.
    fn unreadable() -> ApiError {
        ApiError::new(
            "Không đọc được dữ liệu máy chủ gửi về. Vui lòng thử lại sau.",
            "The data the server sent could not be read. Please try again later.",
        )
    }

    /// The server answered with an error but no problem document to explain it.
    fn status(status: u16) -> ApiError {
        ApiError {
            detail: format!("Máy chủ báo lỗi (mã {status}). Vui lòng thử lại sau."),
            detail_en: format!("The server reported an error (code {status}). Please try again later."),
        }
    }
}

/// The body of an `application/problem+json` answer (RFC 9457) with the API's `detail_en`;
/// any field may be missing.
#[derive(Debug, Deserialize)]
struct Problem {
    title: Option<String>,
    detail: Option<String>,
    detail_en: Option<String>,
}

/// Every round, newest first.
pub async fn rounds() -> Result<Vec<Round>, ApiError> {
    get_json("/api/v1/rounds").await
}

/// The official ranking of all organisations of a round (approved records only).
pub async fn ranking(round: RoundId) -> Result<Ranking, ApiError> {
    get_json(&format!(
        "/api/v1/rounds/{round}/ranking?scope=all&preliminary=false"
    ))
    .await
}

/// The per-criterion summary of a round and its briefing sentences.
pub async fn summary(round: RoundId) -> Result<Summary, ApiError> {
    get_json(&format!("/api/v1/rounds/{round}/summary")).await
}

/// One catalog version, for its bands' labels and colours.
pub async fn catalog(catalog: CatalogId) -> Result<Catalog, ApiError> {
    get_json(&format!("/api/v1/catalogs/{catalog}")).await
}

/// Ids are slugs of lowercase letters, digits, `-` and `_` (see `scorecard_domain::ids`), so
/// they go into paths without escaping.
async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::unreachable())?;
    if !response.ok() {
        return Err(problem_of(&response).await);
    }
    response.json::<T>().await.map_err(|_| ApiError::unreadable())
}

/// Reads the server's own explanation of an error, falling back to its status code.
async fn problem_of(response: &Response) -> ApiError {
    let fallback = ApiError::status(response.status());
    let Ok(problem) = response.json::<Problem>().await else {
        return fallback;
    };
    let detail = problem.detail.or(problem.title);
    match detail {
        Some(detail) if !detail.trim().is_empty() => ApiError {
            detail_en: problem.detail_en.unwrap_or_else(|| fallback.detail_en.clone()),
            detail,
        },
        _ => fallback,
    }
}
