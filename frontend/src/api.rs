//! Every HTTP call of the front end: the JSON API under `/api/v1`, read into the domain's types.
//!
//! Keeping the transport in this one module means it can change (headers, auth, retries) in one
//! place. Each call answers `Result<T, ApiError>`, whose message is fit to show a person.

use std::cell::RefCell;
use std::collections::HashMap;

use gloo_net::http::{Request, RequestBuilder, Response};
use scorecard_domain::{Catalog, CatalogId, OrgScore, Organization, Ranking, Round, Summary};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::model::{Assignment, AuditEntry, AuditVerdict, History, Me, SessionUser, StoredRecord};
use crate::view_model::checklist::RecordBody;

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
    /// The fields at fault of a 422, each with its sentence.
    #[serde(default)]
    errors: Vec<FieldProblem>,
}

#[derive(Debug, Deserialize)]
struct FieldProblem {
    #[serde(default)]
    message: String,
    #[serde(default)]
    message_vi: String,
}

/// Who is signed in, `None` for nobody (`GET /session` answers both without an error).
pub async fn session() -> Result<Option<SessionUser>, ApiError> {
    #[derive(Deserialize)]
    struct Session {
        user: Option<SessionUser>,
    }
    get_json::<Session>("/api/v1/session").await.map(|s| s.user)
}

/// Signs in; the server sets the session cookie. 401 and 429 carry the server's sentence
/// (the latter with the wait).
pub async fn sign_in(username: String, password: String) -> Result<SessionUser, ApiError> {
    #[derive(Serialize)]
    struct SignIn {
        username: String,
        password: String,
    }
    let response = send(
        Request::post("/api/v1/session"),
        Some(&SignIn { username, password }),
        None,
    )
    .await?;
    read_json(response).await
}

/// Signs out.
pub async fn sign_out() -> Result<(), ApiError> {
    send::<()>(Request::delete("/api/v1/session"), None, None)
        .await
        .map(drop)
}

/// The signed-in user with the organisations and rounds assigned to them.
pub async fn me() -> Result<Me, ApiError> {
    get_json("/api/v1/me").await
}

fn record_path(round: &str, org: &str, criterion: &str) -> String {
    format!("/api/v1/rounds/{round}/records/{org}/{criterion}")
}

/// Every record of one organisation in a round that the caller may see, in every state.
/// An inspector asking for another inspector's organisation gets the server's 403.
pub async fn organization_records(round: String, org: String) -> Result<Vec<StoredRecord>, ApiError> {
    get_json(&format!("/api/v1/rounds/{round}/records?org={org}")).await
}

/// The records of a round in one workflow state (the reviewer's queue asks for `submitted`).
pub async fn records_in_state(round: String, state: &str) -> Result<Vec<StoredRecord>, ApiError> {
    get_json(&format!("/api/v1/rounds/{round}/records?state={state}")).await
}

/// One record as the server holds it now.
pub async fn record(round: &str, org: &str, criterion: &str) -> Result<StoredRecord, ApiError> {
    get_json(&record_path(round, org, criterion)).await
}

/// How a save ended when it did not succeed.
#[derive(Debug, Clone)]
pub enum SaveError {
    /// Someone saved the record since this page read it (412): the page shows both versions.
    Stale,
    /// Any other refusal or failure.
    Failed(ApiError),
}

/// Creates (`etag` `None`: `If-Match: *`) or changes a record.
pub async fn save_record(
    round: &str,
    org: &str,
    criterion: &str,
    etag: Option<&str>,
    body: &RecordBody,
) -> Result<StoredRecord, SaveError> {
    let request = Request::put(&record_path(round, org, criterion));
    match send(request, Some(body), Some(etag.unwrap_or("*"))).await {
        Ok(response) => read_json(response).await.map_err(SaveError::Failed),
        Err(error) if error.status == Some(412) => Err(SaveError::Stale),
        Err(error) => Err(SaveError::Failed(error)),
    }
}

/// Submits a draft or returned record for review.
pub async fn submit(round: &str, org: &str, criterion: &str, etag: &str) -> Result<StoredRecord, ApiError> {
    let url = format!("{}/submit", record_path(round, org, criterion));
    read_json(send::<()>(Request::post(&url), None, Some(etag)).await?).await
}

/// Approves a submitted record.
pub async fn approve(round: &str, org: &str, criterion: &str) -> Result<StoredRecord, ApiError> {
    let url = format!("{}/approve", record_path(round, org, criterion));
    read_json(send::<()>(Request::post(&url), None, None).await?).await
}

/// Returns a submitted record to its inspector with a comment.
pub async fn give_back(
    round: &str,
    org: &str,
    criterion: &str,
    comment: String,
) -> Result<StoredRecord, ApiError> {
    #[derive(Serialize)]
    struct Return {
        comment: String,
    }
    let url = format!("{}/return", record_path(round, org, criterion));
    read_json(send(Request::post(&url), Some(&Return { comment }), None).await?).await
}

/// Every change of one record, from the audit trail.
pub async fn record_history(
    round: String,
    org: String,
    criterion: String,
) -> Result<Vec<AuditEntry>, ApiError> {
    get_json(&format!("{}/history", record_path(&round, &org, &criterion))).await
}

/// Every user (admins only).
pub async fn users() -> Result<Vec<SessionUser>, ApiError> {
    get_json("/api/v1/users").await
}

/// Adds a user (admins only); the password has at least 12 characters.
pub async fn create_user(
    username: String,
    display_name: String,
    role: String,
    password: String,
) -> Result<SessionUser, ApiError> {
    #[derive(Serialize)]
    struct NewUser {
        username: String,
        display_name: String,
        role: String,
        password: String,
    }
    let body = NewUser {
        username,
        display_name,
        role,
        password,
    };
    read_json(send(Request::post("/api/v1/users"), Some(&body), None).await?).await
}

/// Changes a user's role and whether their access has ended.
pub async fn update_user(id: i64, role: String, disabled: bool) -> Result<SessionUser, ApiError> {
    #[derive(Serialize)]
    struct Update {
        role: String,
        disabled: bool,
    }
    let url = format!("/api/v1/users/{id}");
    read_json(send(Request::patch(&url), Some(&Update { role, disabled }), None).await?).await
}

/// What `POST /rounds` takes.
#[derive(Debug, Clone, Serialize)]
pub struct NewRound {
    pub id: String,
    pub catalog: String,
    pub name_vi: String,
    pub name_en: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// Creates a round, planned.
pub async fn create_round(round: NewRound) -> Result<(), ApiError> {
    send(Request::post("/api/v1/rounds"), Some(&round), None)
        .await
        .map(drop)
}

/// Moves a round to `open`, `closed` or `published`.
pub async fn set_round_state(round: String, state: &'static str) -> Result<(), ApiError> {
    #[derive(Serialize)]
    struct State {
        state: &'static str,
    }
    let url = format!("/api/v1/rounds/{round}/state");
    send(Request::post(&url), Some(&State { state }), None)
        .await
        .map(drop)
}

/// Which inspector scores which organisation in a round.
pub async fn assignments(round: String) -> Result<Vec<Assignment>, ApiError> {
    get_json(&format!("/api/v1/rounds/{round}/assignments")).await
}

/// Assigns an organisation to an inspector, or to nobody.
pub async fn assign(round: String, org: String, inspector: Option<i64>) -> Result<(), ApiError> {
    #[derive(Serialize)]
    struct Assign {
        inspector: Option<i64>,
    }
    let url = format!("/api/v1/rounds/{round}/assignments/{org}");
    send(Request::put(&url), Some(&Assign { inspector }), None)
        .await
        .map(drop)
}

/// The reviewers of a round.
pub async fn reviewers(round: String) -> Result<Vec<SessionUser>, ApiError> {
    get_json(&format!("/api/v1/rounds/{round}/reviewers")).await
}

/// Makes a user a reviewer of a round (`add`) or removes them.
pub async fn set_reviewer(round: String, user: i64, add: bool) -> Result<(), ApiError> {
    let url = format!("/api/v1/rounds/{round}/reviewers/{user}");
    let request = if add {
        Request::put(&url)
    } else {
        Request::delete(&url)
    };
    send::<()>(request, None, None).await.map(drop)
}

/// Adds a catalog version.
pub async fn add_catalog(catalog: &Catalog) -> Result<(), ApiError> {
    send(Request::post("/api/v1/catalogs"), Some(catalog), None)
        .await
        .map(drop)
}

/// The audit trail, filtered; `query` is the query string without `?`.
pub async fn audit(query: String) -> Result<Vec<AuditEntry>, ApiError> {
    get_json(&format!("/api/v1/audit?{query}")).await
}

/// Recomputes the audit chain on the server.
pub async fn verify_audit() -> Result<AuditVerdict, ApiError> {
    get_json("/api/v1/audit/verify").await
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

/// Sends a request with an optional JSON body and `If-Match`; any answer but 2xx is an error.
async fn send<B: Serialize>(
    request: RequestBuilder,
    body: Option<&B>,
    if_match: Option<&str>,
) -> Result<Response, ApiError> {
    let mut request = request.header("Accept", "application/json");
    if let Some(tag) = if_match {
        request = request.header("If-Match", tag);
    }
    let request = match body {
        Some(body) => request.json(body).map_err(|_| ApiError::unreadable())?,
        None => request.build().map_err(|_| ApiError::unreadable())?,
    };
    let response = request.send().await.map_err(|_| ApiError::unreachable())?;
    if !response.ok() {
        return Err(problem_of(&response).await);
    }
    Ok(response)
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    response.json::<T>().await.map_err(|_| ApiError::unreadable())
}

/// Reads the server's own explanation of an error, falling back to its status code.
async fn problem_of(response: &Response) -> ApiError {
    let fallback = ApiError::status(response.status());
    let Ok(problem) = response.json::<Problem>().await else {
        return fallback;
    };
    let detail = problem.detail.or(problem.title);
    let mut error = match detail {
        Some(detail) if !detail.trim().is_empty() => ApiError {
            detail_en: problem.detail_en.unwrap_or_else(|| fallback.detail_en.clone()),
            detail,
            status: fallback.status,
        },
        _ => fallback,
    };
    // A 422 names each field at fault: the reader needs them all, not "invalid data".
    for field in problem.errors {
        error.detail.push(' ');
        error.detail.push_str(&field.message_vi);
        error.detail_en.push(' ');
        error.detail_en.push_str(&field.message);
    }
    error
}
