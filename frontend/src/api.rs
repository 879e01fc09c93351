//! Every HTTP call of the front end: the JSON API under `/api/v1`, read into the domain's types.
//!
//! Keeping the transport in this one module means it can change (headers, auth, retries) in one
//! place. Each call answers `Result<T, CallError>`, whose message is fit to show a person.

use std::cell::RefCell;
use std::collections::HashMap;

use gloo_net::http::{Request, RequestBuilder, Response};
use scorecard_domain::{
    Catalog, CatalogId, OrgScore, Organization, Ranking, Role, Round, RoundState, Summary,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use scorecard_api::evidence::{FileView, Suggestion, TrustRootView, TrustRoots};
use scorecard_api::{
    Assign, CreateRound, CreateUser, History, ImportSummary, Me, Problem, RecordBody, RecordView,
    RejectedLine, ReturnBody, Session, SetRoundState, SignIn, UpdateUser, UserView,
};
use scorecard_domain::{Assignment, AuditEntry, AuditVerdict, Record, RecordState, User};

pub use crate::errors::CallError;

/// Who is signed in, `None` for nobody (`GET /session` answers both without an error).
pub async fn session() -> Result<Option<User>, CallError> {
    get_json::<Session>("/api/v1/session").await.map(|s| s.user)
}

/// Signs in; the server sets the session cookie. 401 and 429 carry the server's sentence
/// (the latter with the wait).
pub async fn sign_in(username: String, password: String) -> Result<User, CallError> {
    let response = send(
        Request::post("/api/v1/session"),
        Some(&SignIn { username, password }),
        None,
    )
    .await?;
    read_json(response).await
}

/// Signs out.
pub async fn sign_out() -> Result<(), CallError> {
    send::<()>(Request::delete("/api/v1/session"), None, None)
        .await
        .map(drop)
}

/// The signed-in user with the organisations and rounds assigned to them.
pub async fn me() -> Result<Me, CallError> {
    get_json("/api/v1/me").await
}

fn record_path(round: &str, org: &str, criterion: &str) -> String {
    format!("/api/v1/rounds/{round}/records/{org}/{criterion}")
}

/// Every record of one organisation in a round that the caller may see, in every state.
/// An inspector asking for another inspector's organisation gets the server's 403.
pub async fn organization_records(round: String, org: String) -> Result<Vec<RecordView>, CallError> {
    get_json(&format!("/api/v1/rounds/{round}/records?org={org}")).await
}

/// The records of a round in one workflow state (the reviewer's queue asks for `submitted`).
pub async fn records_in_state(round: String, state: RecordState) -> Result<Vec<Record>, CallError> {
    let url = format!("/api/v1/rounds/{round}/records?state={}", state.as_str());
    let records: Vec<RecordView> = get_json(&url).await?;
    Ok(records.into_iter().map(|r| r.record).collect())
}

/// One record as the server holds it now.
pub async fn record(round: &str, org: &str, criterion: &str) -> Result<RecordView, CallError> {
    get_json(&record_path(round, org, criterion)).await
}

/// How a save ended when it did not succeed.
#[derive(Debug, Clone)]
pub enum SaveError {
    /// Someone saved the record since this page read it (412): the page shows both versions.
    Stale,
    /// Any other refusal or failure.
    Failed(CallError),
}

/// Creates (`etag` `None`: `If-Match: *`) or changes a record.
pub async fn save_record(
    round: &str,
    org: &str,
    criterion: &str,
    etag: Option<&str>,
    body: &RecordBody,
) -> Result<RecordView, SaveError> {
    let request = Request::put(&record_path(round, org, criterion));
    match send(request, Some(body), Some(etag.unwrap_or("*"))).await {
        Ok(response) => read_json(response).await.map_err(SaveError::Failed),
        Err(error) if error.status == Some(412) => Err(SaveError::Stale),
        Err(error) => Err(SaveError::Failed(error)),
    }
}

/// Submits a draft or returned record for review.
pub async fn submit(round: &str, org: &str, criterion: &str, etag: &str) -> Result<RecordView, CallError> {
    let url = format!("{}/submit", record_path(round, org, criterion));
    read_json(send::<()>(Request::post(&url), None, Some(etag)).await?).await
}

/// Approves a submitted record.
pub async fn approve(round: &str, org: &str, criterion: &str) -> Result<RecordView, CallError> {
    let url = format!("{}/approve", record_path(round, org, criterion));
    read_json(send::<()>(Request::post(&url), None, None).await?).await
}

/// Returns a submitted record to its inspector with a comment.
pub async fn give_back(
    round: &str,
    org: &str,
    criterion: &str,
    comment: String,
) -> Result<RecordView, CallError> {
    let url = format!("{}/return", record_path(round, org, criterion));
    read_json(send(Request::post(&url), Some(&ReturnBody { comment }), None).await?).await
}

/// Every change of one record, from the audit trail.
pub async fn record_history(
    round: String,
    org: String,
    criterion: String,
) -> Result<Vec<AuditEntry>, CallError> {
    get_json(&format!("{}/history", record_path(&round, &org, &criterion))).await
}

/// Every user (admins only).
pub async fn users() -> Result<Vec<UserView>, CallError> {
    get_json("/api/v1/users").await
}

/// Adds a user (admins only); the password has at least 12 characters.
pub async fn create_user(
    username: String,
    display_name: String,
    role: Role,
    password: String,
    organization: Option<String>,
) -> Result<User, CallError> {
    let body = CreateUser {
        username,
        display_name,
        role: role.as_str().to_owned(),
        password,
        organization,
    };
    read_json(send(Request::post("/api/v1/users"), Some(&body), None).await?).await
}

/// Changes a user's role, or whether their access has ended; `None` leaves it as it is.
pub async fn update_user(id: i64, role: Option<Role>, disabled: Option<bool>) -> Result<User, CallError> {
    let url = format!("/api/v1/users/{id}");
    let body = UpdateUser {
        role: role.map(|r| r.as_str().to_owned()),
        disabled,
    };
    read_json(send(Request::patch(&url), Some(&body), None).await?).await
}

/// Creates a round, planned.
pub async fn create_round(round: CreateRound) -> Result<(), CallError> {
    send(Request::post("/api/v1/rounds"), Some(&round), None)
        .await
        .map(drop)
}

/// Moves a round to `open`, `closed` or `published`.
pub async fn set_round_state(round: String, state: RoundState) -> Result<(), CallError> {
    let url = format!("/api/v1/rounds/{round}/state");
    let body = SetRoundState {
        state: state.as_str().to_owned(),
    };
    send(Request::post(&url), Some(&body), None).await.map(drop)
}

/// Which inspector scores which organisation in a round.
pub async fn assignments(round: String) -> Result<Vec<Assignment>, CallError> {
    get_json(&format!("/api/v1/rounds/{round}/assignments")).await
}

/// Assigns an organisation to an inspector, or to nobody.
pub async fn assign(round: String, org: String, inspector: Option<i64>) -> Result<(), CallError> {
    let url = format!("/api/v1/rounds/{round}/assignments/{org}");
    send(Request::put(&url), Some(&Assign { inspector }), None)
        .await
        .map(drop)
}

/// The reviewers of a round.
pub async fn reviewers(round: String) -> Result<Vec<User>, CallError> {
    get_json(&format!("/api/v1/rounds/{round}/reviewers")).await
}

/// Makes a user a reviewer of a round (`add`) or removes them.
pub async fn set_reviewer(round: String, user: i64, add: bool) -> Result<(), CallError> {
    let url = format!("/api/v1/rounds/{round}/reviewers/{user}");
    let request = if add {
        Request::put(&url)
    } else {
        Request::delete(&url)
    };
    send::<()>(request, None, None).await.map(drop)
}

/// Every catalog version.
pub async fn catalogs() -> Result<Vec<Catalog>, CallError> {
    get_json("/api/v1/catalogs").await
}

/// Adds a catalog version.
pub async fn add_catalog(catalog: &Catalog) -> Result<(), CallError> {
    send(Request::post("/api/v1/catalogs"), Some(catalog), None)
        .await
        .map(drop)
}

/// The audit trail, filtered; `query` is the query string without `?`.
pub async fn audit(query: String) -> Result<Vec<AuditEntry>, CallError> {
    get_json(&format!("/api/v1/audit?{query}")).await
}

/// Recomputes the audit chain on the server.
pub async fn verify_audit() -> Result<AuditVerdict, CallError> {
    get_json("/api/v1/audit/verify").await
}

/// Every round, newest first.
pub async fn rounds() -> Result<Vec<Round>, CallError> {
    get_json("/api/v1/rounds").await
}

/// The ranking of a round within `scope` (`all` or a peer group): official figures (approved
/// records only) unless `preliminary`.
pub async fn ranking(round: String, scope: String, preliminary: bool) -> Result<Ranking, CallError> {
    get_json(&format!(
        "/api/v1/rounds/{round}/ranking?scope={scope}&preliminary={preliminary}"
    ))
    .await
}

/// The per-criterion summary of a round and its briefing sentences.
pub async fn summary(round: String, preliminary: bool) -> Result<Summary, CallError> {
    get_json(&format!(
        "/api/v1/rounds/{round}/summary?preliminary={preliminary}"
    ))
    .await
}

/// Every organisation's result on every criterion of a round, for the matrix.
pub async fn scores(round: String, preliminary: bool) -> Result<Vec<OrgScore>, CallError> {
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
) -> Result<Vec<Record>, CallError> {
    let mut url = format!("/api/v1/rounds/{round}/records?");
    if let Some(org) = org {
        url.push_str(&format!("org={org}&"));
    }
    if let Some(criterion) = criterion {
        url.push_str(&format!("criterion={criterion}&"));
    }
    if preliminary {
        let records: Vec<RecordView> = get_json(url.trim_end_matches(['&', '?'])).await?;
        Ok(records
            .into_iter()
            .map(|r| r.record)
            .filter(|r| matches!(r.state, RecordState::Approved | RecordState::Submitted))
            .collect())
    } else {
        url.push_str("state=approved");
        let records: Vec<RecordView> = get_json(&url).await?;
        Ok(records.into_iter().map(|r| r.record).collect())
    }
}

/// One organisation's score and rank in every round, following its lineage.
pub async fn history(org: String) -> Result<History, CallError> {
    get_json(&format!("/api/v1/organizations/{org}/history")).await
}

/// Every organisation with its names, peer group and lineage, fetched once per page load.
pub async fn organizations() -> Result<Vec<Organization>, CallError> {
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
pub async fn catalog(catalog: CatalogId) -> Result<Catalog, CallError> {
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
async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, CallError> {
    read_json(send::<()>(Request::get(url), None, None).await?).await
}

/// The body of an answer. Not generic, like `send`: the waiting is compiled once and only the
/// parsing (`parse`) once per answer type (bytes every reader downloads).
async fn text_of(response: Response) -> Result<String, CallError> {
    response.text().await.map_err(|_| CallError::unreadable())
}

/// The browser's own `JSON.parse`, then serde over the JavaScript value: no JSON parser is
/// compiled into the wasm at all, and what each answer type adds is smaller than serde_json's
/// reading of it (9 kB brotli less for every reader, issue 14).
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, CallError> {
    let value = js_sys::JSON::parse(text).map_err(|_| CallError::unreadable())?;
    serde_wasm_bindgen::from_value(value).map_err(|_| CallError::unreadable())
}

/// Sends a request with an optional JSON body and `If-Match`; any answer but 2xx is an error.
async fn send<B: Serialize>(
    request: RequestBuilder,
    body: Option<&B>,
    if_match: Option<&str>,
) -> Result<Response, CallError> {
    let mut request = request.header("Accept", "application/json");
    if let Some(tag) = if_match {
        request = request.header("If-Match", tag);
    }
    let request = match body {
        Some(body) => request.json(body).map_err(|_| CallError::unreadable())?,
        None => request.build().map_err(|_| CallError::unreadable())?,
    };
    let response = request.send().await.map_err(|_| CallError::unreachable())?;
    if !response.ok() {
        return Err(problem_of(&response).await);
    }
    Ok(response)
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, CallError> {
    parse(&text_of(response).await?)
}

/// Reads the server's own explanation of an error, falling back to its status code.
async fn problem_of(response: &Response) -> CallError {
    error_of(response.status(), problem_body(response).await)
}

/// The problem+json body of an error answer, when it has one.
async fn problem_body(response: &Response) -> Option<Problem> {
    parse(&response.text().await.ok()?).ok()
}

/// The evidence files of one organisation's records in a round, as far as the caller may see.
pub async fn files(round: String, org: String) -> Result<Vec<FileView>, CallError> {
    get_json(&format!("/api/v1/rounds/{round}/files?org={org}")).await
}

/// Every evidence file of a round that the caller may see (the reviewer's queue).
pub async fn round_files(round: String) -> Result<Vec<FileView>, CallError> {
    get_json(&format!("/api/v1/rounds/{round}/files")).await
}

/// The root certificates the signature check trusts (admins).
pub async fn trust_roots() -> Result<Vec<TrustRootView>, CallError> {
    get_json("/api/v1/trust-roots").await
}

/// Trusts the certificates of a PEM or DER file; the server checks every stored PDF again.
pub async fn add_trust_roots(file: web_sys::File) -> Result<TrustRoots, CallError> {
    let request = Request::post("/api/v1/trust-roots")
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-pem-file")
        .body(file)
        .map_err(|_| CallError::unreadable())?;
    let response = request.send().await.map_err(|_| CallError::unreachable())?;
    if !response.ok() {
        return Err(problem_of(&response).await);
    }
    read_json(response).await
}

/// Stops trusting a root; the server checks every stored PDF again.
pub async fn remove_trust_root(sha256: &str) -> Result<TrustRoots, CallError> {
    let response = send::<()>(
        Request::delete(&format!("/api/v1/trust-roots/{sha256}")),
        None,
        None,
    )
    .await?;
    read_json(response).await
}

/// Where a file downloads from.
pub fn file_href(id: i64) -> String {
    format!("/api/v1/files/{id}")
}

/// Removes a file from its record.
pub async fn remove_file(id: i64) -> Result<FileView, CallError> {
    let response = send::<()>(Request::delete(&file_href(id)), None, None).await?;
    read_json(response).await
}

/// The outcome a record's signed PDFs suggest.
pub async fn suggestion(round: &str, org: &str, criterion: &str) -> Result<Suggestion, CallError> {
    get_json(&format!("{}/suggestion", record_path(round, org, criterion))).await
}

/// Uploads one file to a record through `XMLHttpRequest`, the one browser API that reports an
/// upload's progress: `progress` hears the share sent, 0 to 1.
pub async fn upload_file(
    round: &str,
    org: &str,
    criterion: &str,
    file: web_sys::File,
    document_date: Option<String>,
    progress: impl Fn(f64) + 'static,
) -> Result<FileView, CallError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let url = format!("{}/files", record_path(round, org, criterion));
    let failed = |_| CallError::unreachable();
    let form = web_sys::FormData::new().map_err(failed)?;
    form.append_with_blob_and_filename("file", &file, &file.name())
        .map_err(failed)?;
    if let Some(date) = document_date.filter(|d| !d.is_empty()) {
        form.append_with_str("document_date", &date).map_err(failed)?;
    }
    let xhr = web_sys::XmlHttpRequest::new().map_err(failed)?;
    xhr.open("POST", &url).map_err(failed)?;
    xhr.set_request_header("Accept", "application/json")
        .map_err(failed)?;
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                progress(event.loaded() / event.total());
            }
        });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    // The request's end (answered, or not) settles a promise the page awaits.
    let done = js_sys::Promise::new(&mut |resolve, _reject| {
        xhr.set_onloadend(Some(&resolve));
    });
    xhr.send_with_opt_form_data(Some(&form)).map_err(failed)?;
    wasm_bindgen_futures::JsFuture::from(done).await.map_err(failed)?;
    drop(on_progress);
    let status = xhr.status().map_err(failed)?;
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    if status == 0 {
        return Err(CallError::unreachable());
    }
    if (200..300).contains(&status) {
        return parse(&text);
    }
    Err(error_of(status, parse::<Problem>(&text).ok()))
}

/// Why an import was refused: the server's sentence, and each rejected line with its reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRefusal {
    pub error: CallError,
    pub rejected: Vec<RejectedLine>,
}

/// Sends a file of records (CSV, JSON, XLSX or ODS, as the user picked it) to be imported into a
/// round: all or nothing. With `dry_run` the server only checks it.
pub async fn import_records(
    round: &str,
    file: web_sys::File,
    dry_run: bool,
) -> Result<ImportSummary, ImportRefusal> {
    let refusal = |error: CallError| ImportRefusal {
        error,
        rejected: Vec::new(),
    };
    let url = format!("/api/v1/rounds/{round}/import?dry_run={dry_run}");
    // The browser's media type when it knows one; else the server tells the kind by the bytes.
    let media_type = match file.type_() {
        kind if kind.is_empty() => "application/octet-stream".to_owned(),
        kind => kind,
    };
    let request = Request::post(&url)
        .header("Accept", "application/json")
        .header("Content-Type", &media_type)
        .body(file)
        .map_err(|_| refusal(CallError::unreadable()))?;
    let response = request
        .send()
        .await
        .map_err(|_| refusal(CallError::unreachable()))?;
    if response.ok() {
        return read_json(response).await.map_err(refusal);
    }
    let problem = problem_body(&response).await;
    let rejected = problem.as_ref().map(|p| p.rejected.clone()).unwrap_or_default();
    Err(ImportRefusal {
        error: error_of(response.status(), problem),
        rejected,
    })
}

/// The sentence of a problem document, or of the status alone when there is none.
fn error_of(status: u16, problem: Option<Problem>) -> CallError {
    let fallback = CallError::status(status);
    let Some(problem) = problem else {
        return fallback;
    };
    let detail = if problem.detail.trim().is_empty() {
        problem.title
    } else {
        problem.detail
    };
    let mut error = if detail.trim().is_empty() {
        fallback
    } else {
        CallError {
            detail_en: if problem.detail_en.trim().is_empty() {
                fallback.detail_en.clone()
            } else {
                problem.detail_en
            },
            detail,
            status: fallback.status,
        }
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

/// A round's phases and the one holding the present moment (issue 13).
pub async fn phases(round: String) -> Result<scorecard_api::RoundPhases, CallError> {
    get_json(&format!("/api/v1/rounds/{round}/phases")).await
}

/// Sets a round's phases as a whole (admins).
pub async fn set_phases(
    round: String,
    phases: scorecard_api::SetPhases,
) -> Result<scorecard_api::RoundPhases, CallError> {
    let url = format!("/api/v1/rounds/{round}/phases");
    read_json(send(Request::put(&url), Some(&phases), None).await?).await
}

/// An organisation's self-assessment of a round.
pub async fn self_assessment(
    round: String,
    org: String,
) -> Result<scorecard_api::SelfAssessmentView, CallError> {
    get_json(&format!("/api/v1/rounds/{round}/self-assessment/{org}")).await
}

/// Saves the unit's own answer for one criterion.
pub async fn save_self_answer(
    round: &str,
    org: &str,
    criterion: &str,
    body: &scorecard_api::SelfAnswerBody,
) -> Result<scorecard_api::SelfAnswer, CallError> {
    let url = format!("/api/v1/rounds/{round}/self-assessment/{org}/{criterion}");
    read_json(send(Request::put(&url), Some(body), None).await?).await
}

/// Submits the unit's self-assessment.
pub async fn submit_self_assessment(
    round: &str,
    org: &str,
) -> Result<scorecard_api::SelfAssessmentView, CallError> {
    let url = format!("/api/v1/rounds/{round}/self-assessment/{org}/submit");
    read_json(send::<()>(Request::post(&url), None, None).await?).await
}

/// The criteria an organisation may explain, with its explanations (issue 13).
pub async fn explanations(round: String, org: String) -> Result<scorecard_api::ExplanationsView, CallError> {
    get_json(&format!("/api/v1/rounds/{round}/explanations/{org}")).await
}

/// Sends the unit's explanation of one criterion.
pub async fn explain(
    round: &str,
    org: &str,
    criterion: &str,
    text: String,
) -> Result<scorecard_api::ExplanationView, CallError> {
    let url = format!("/api/v1/rounds/{round}/explanations/{org}/{criterion}");
    let body = scorecard_api::ExplanationBody { text };
    read_json(send(Request::put(&url), Some(&body), None).await?).await
}

/// The inspector's decision on an explanation.
pub async fn decide(
    round: &str,
    org: &str,
    criterion: &str,
    body: &scorecard_api::DecisionBody,
) -> Result<scorecard_api::ExplanationView, CallError> {
    let url = format!("/api/v1/rounds/{round}/explanations/{org}/{criterion}/decision");
    read_json(send(Request::post(&url), Some(body), None).await?).await
}

/// Findings that match `query` (`org=…&state=…`), as far as the caller may see (issue 13).
pub async fn findings(query: String) -> Result<Vec<scorecard_api::FindingView>, CallError> {
    get_json(&format!("/api/v1/findings?{query}")).await
}

/// The unit's report on one of its findings.
pub async fn report_on_finding(id: i64, text: String) -> Result<scorecard_api::FindingView, CallError> {
    let url = format!("/api/v1/findings/{id}/reports");
    let body = scorecard_api::FindingReportBody { text };
    read_json(send(Request::post(&url), Some(&body), None).await?).await
}

/// The team's review of a finding.
pub async fn review_finding(
    id: i64,
    close: bool,
    note: String,
) -> Result<scorecard_api::FindingView, CallError> {
    let url = format!("/api/v1/findings/{id}/review");
    let body = scorecard_api::FindingReviewBody { close, note };
    read_json(send(Request::post(&url), Some(&body), None).await?).await
}

/// The signed-in user's notices (issue 13).
pub async fn notices() -> Result<scorecard_api::Notices, CallError> {
    get_json("/api/v1/notices").await
}

/// Marks notices read: the keys given, or every current one.
pub async fn mark_notices_read(keys: Vec<String>) -> Result<scorecard_api::Notices, CallError> {
    let body = scorecard_api::MarkRead { keys };
    read_json(send(Request::post("/api/v1/notices/read"), Some(&body), None).await?).await
}

/// The submitted self-assessments of a round beside the verified scores (the ranking's column).
pub async fn self_assessed_column(
    round: String,
    preliminary: bool,
) -> Result<Vec<scorecard_domain::self_assessment::SelfAssessedLine>, CallError> {
    get_json(&format!(
        "/api/v1/rounds/{round}/self-assessments?preliminary={preliminary}"
    ))
    .await
}

/// Attaches a file to the unit's follow-up of a finding.
pub async fn upload_finding_file(
    id: i64,
    file: web_sys::File,
) -> Result<scorecard_api::FindingView, CallError> {
    let form = web_sys::FormData::new().map_err(|_| CallError::unreadable())?;
    form.append_with_blob_and_filename("file", &file, &file.name())
        .map_err(|_| CallError::unreadable())?;
    let request = Request::post(&format!("/api/v1/findings/{id}/files"))
        .header("Accept", "application/json")
        .body(form)
        .map_err(|_| CallError::unreadable())?;
    let response = request.send().await.map_err(|_| CallError::unreachable())?;
    if !response.ok() {
        return Err(problem_of(&response).await);
    }
    read_json(response).await
}

/// Sets or clears a finding's due date (`YYYY-MM-DD`, empty for none).
pub async fn set_finding_due(id: i64, due_on: String) -> Result<scorecard_api::FindingView, CallError> {
    let url = format!("/api/v1/findings/{id}/due");
    let body = scorecard_api::FindingDueBody {
        due_on: (!due_on.trim().is_empty()).then_some(due_on),
    };
    read_json(send(Request::put(&url), Some(&body), None).await?).await
}
