//! Every HTTP call of the front end: the JSON API under `/api/v1`, read into the domain's types.
//!
//! Keeping the transport in this one module means it can change (headers, auth, retries) in one
//! place. Each call answers `Result<T, ApiError>`, whose message is fit to show a person.

use std::cell::RefCell;
use std::collections::HashMap;

use gloo_net::http::{Request, Response};
use scorecard_domain::{Catalog, CatalogId, OrgScore, Organization, Ranking, Round, Summary};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::i18n::Lang;
use crate::model::{History, StoredRecord};

/// Why a call failed, in whole sentences for the reader: Vietnamese first, English second.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The sentence in Vietnamese.
    pub detail: String,
    /// The same in English.
    pub detail_en: String,
    /// The HTTP status when the server answered.
    pub status: Option<u16>,
}

impl ApiError {
    /// The sentence in the reader's language.
    pub fn detail_in(&self, lang: Lang) -> &str {
        lang.pick(&self.detail, &self.detail_en)
    }

    /// The server refused because of who is asking (401 or 403), not because of the data.
    pub fn is_refusal(&self) -> bool {
        matches!(self.status, Some(401 | 403))
    }

    fn new(detail: &str, detail_en: &str) -> ApiError {
        ApiError {
            detail: detail.to_owned(),
            detail_en: detail_en.to_owned(),
            status: None,
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
            status: Some(status),
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

/// The role of the signed-in user (`admin`, `reviewer`, `inspector`, `leader`), or `None`
/// for a reader who has not signed in.
pub async fn role() -> Result<Option<String>, ApiError> {
    #[derive(Deserialize)]
    struct Me {
        role: String,
    }
    match get_json::<Me>("/api/v1/me").await {
        Ok(me) => Ok(Some(me.role)),
        Err(error) if error.status == Some(401) => Ok(None),
        Err(error) => Err(error),
    }
}

/// Every round, newest first.
pub async fn rounds() -> Result<Vec<Round>, ApiError> {
    get_json("/api/v1/rounds").await
}

/// The ranking of a round within `scope` (`all` or a peer group): official figures (approved
/// records only) unless `preliminary`.
pub async fn ranking(round: String, scope: String, preliminary: bool) -> Result<Ranking, ApiError> {
    get_json(&format!(
        "/api/v1/rounds/{round}/ranking?scope={scope}&preliminary={preliminary}"
    ))
    .await
}

/// The per-criterion summary of a round and its briefing sentences.
pub async fn summary(round: String, preliminary: bool) -> Result<Summary, ApiError> {
    get_json(&format!(
        "/api/v1/rounds/{round}/summary?preliminary={preliminary}"
    ))
    .await
}

/// Every organisation's result on every criterion of a round, for the matrix.
pub async fn scores(round: String, preliminary: bool) -> Result<Vec<OrgScore>, ApiError> {
    get_json(&format!(
        "/api/v1/rounds/{round}/scores?preliminary={preliminary}"
    ))
    .await
}

/// The records of a round, narrowed to one organisation and/or one criterion. Official views
/// ask for approved records only; preliminary ones also show submitted records, and never
/// drafts.
pub async fn records(
    round: String,
    org: Option<String>,
    criterion: Option<String>,
    preliminary: bool,
) -> Result<Vec<StoredRecord>, ApiError> {
    let mut url = format!("/api/v1/rounds/{round}/records?");
    if let Some(org) = org {
        url.push_str(&format!("org={org}&"));
    }
    if let Some(criterion) = criterion {
        url.push_str(&format!("criterion={criterion}&"));
    }
    if preliminary {
        let records: Vec<StoredRecord> = get_json(url.trim_end_matches(['&', '?'])).await?;
        Ok(records
            .into_iter()
            .filter(|r| r.state == "approved" || r.state == "submitted")
            .collect())
    } else {
        url.push_str("state=approved");
        get_json(&url).await
    }
}

/// One organisation's score and rank in every round, following its lineage.
pub async fn history(org: String) -> Result<History, ApiError> {
    get_json(&format!("/api/v1/organizations/{org}/history")).await
}

/// Every organisation with its names, peer group and lineage, fetched once per page load.
pub async fn organizations() -> Result<Vec<Organization>, ApiError> {
    if let Some(found) = ORGANIZATIONS.with(|o| o.borrow().clone()) {
        return Ok(found);
    }
    let fetched: Vec<Organization> = get_json("/api/v1/organizations").await?;
    ORGANIZATIONS.with(|o| *o.borrow_mut() = Some(fetched.clone()));
    Ok(fetched)
}

thread_local! {
    /// Organisations change only when an admin edits them; a page load may use a stale list
    /// for names, never for figures.
    static ORGANIZATIONS: RefCell<Option<Vec<Organization>>> = const { RefCell::new(None) };

    /// Catalog versions never change once rounds use them, so each is fetched once per page
    /// load. (The browser runs this module on one thread.)
    static CATALOGS: RefCell<HashMap<String, Catalog>> = RefCell::new(HashMap::new());
}

/// One catalog version: its criteria, levels and bands.
pub async fn catalog(catalog: CatalogId) -> Result<Catalog, ApiError> {
    let key = catalog.to_string();
    if let Some(found) = CATALOGS.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(found);
    }
    let fetched: Catalog = get_json(&format!("/api/v1/catalogs/{key}")).await?;
    CATALOGS.with(|c| c.borrow_mut().insert(key, fetched.clone()));
    Ok(fetched)
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
            status: fallback.status,
        },
        _ => fallback,
    }
}
