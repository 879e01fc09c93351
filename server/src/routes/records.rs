//! Records: list, read with ETag, create or change with `If-Match`, and the review workflow.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use scorecard_api::{RecordBody, RecordView, ReturnBody, etag};
use scorecard_dataset::record_input::{self, Context, StatePolicy};
use scorecard_domain::record::Action;
use scorecard_domain::{Catalog, CriterionCode, OrgId, Record, RecordState, Round, RoundState};
use scorecard_store::{RecordFilter, RecordKey, StoredRecord};
use serde::Deserialize;

use super::body::ApiJson;
use super::params;
use crate::app::AppState;
use crate::auth::{self, Caller};
use crate::error::ApiError;

/// A stored record as the API shows it.
pub fn record_view(stored: StoredRecord) -> RecordView {
    RecordView {
        etag: etag(stored.version),
        version: stored.version,
        record: stored.record,
        updated_at: stored.updated_at,
        review_comment: stored.review_comment,
    }
}

/// The filters of the records list.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    org: Option<String>,
    criterion: Option<String>,
    state: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Json<Vec<RecordView>>, ApiError> {
    let round = params::round(&state, &round).await?;
    let scope = auth::record_scope(&state, &caller, &round).await?;
    let bad = |field: &str, value: &str| {
        ApiError::bad_request(
            field,
            format!("Giá trị `{value}` của bộ lọc `{field}` không hợp lệ."),
            format!("The `{field}` filter value `{value}` is not valid."),
        )
    };
    let filter = RecordFilter {
        organization: query
            .org
            .as_deref()
            .map(|o| OrgId::parse(o).map_err(|_| bad("org", o)))
            .transpose()?,
        criterion: query
            .criterion
            .as_deref()
            .map(|c| CriterionCode::parse(c).map_err(|_| bad("criterion", c)))
            .transpose()?,
        state: query
            .state
            .as_deref()
            .map(|s| RecordState::parse(s).ok_or_else(|| bad("state", s)))
            .transpose()?,
    };
    // An inspector who names another inspector's organisation is told so, rather than shown
    // an empty list that reads as "nothing recorded yet".
    if let (auth::RecordScope::Organizations(own), Some(org)) = (&scope, &filter.organization)
        && !own.contains(org)
    {
        return Err(ApiError::Forbidden);
    }
    let records = state.store.records(&round.id, &filter).await?;
    Ok(Json(
        records
            .into_iter()
            .filter(|s| scope.shows(&s.record.organization, s.record.state))
            .map(record_view)
            .collect(),
    ))
}

/// The round, catalog and key a record path names; every part must exist.
struct Target {
    round: Round,
    catalog: Catalog,
    key: RecordKey,
}

async fn target(
    state: &AppState,
    (round, org, criterion): &(String, String, String),
) -> Result<Target, ApiError> {
    let round = params::round(state, round).await?;
    let catalog = params::catalog_of(state, &round).await?;
    let organization = params::organization(state, org).await?;
    let missing_criterion = || {
        ApiError::not_found(
            format!("tiêu chí `{criterion}` trong bộ tiêu chí `{}`", catalog.id),
            format!("Criterion `{criterion}` in catalog `{}`", catalog.id),
        )
    };
    let criterion = CriterionCode::parse(criterion).map_err(|_| missing_criterion())?;
    if catalog.criterion(&criterion).is_none() {
        return Err(missing_criterion());
    }
    let key = RecordKey {
        round: round.id.clone(),
        organization,
        criterion,
    };
    Ok(Target { round, catalog, key })
}

fn with_etag(status: StatusCode, stored: StoredRecord) -> Response {
    let tag = etag(stored.version);
    let mut response = (status, Json(record_view(stored))).into_response();
    if let Ok(value) = HeaderValue::from_str(&tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let target = target(&state, &path).await?;
    let scope = auth::record_scope(&state, &caller, &target.round).await?;
    let missing = || {
        ApiError::not_found(
            format!(
                "kết quả của `{}` cho tiêu chí `{}`",
                target.key.organization, target.key.criterion
            ),
            format!(
                "The record of `{}` for `{}`",
                target.key.organization, target.key.criterion
            ),
        )
    };
    let stored = state.store.record(&target.key).await?.ok_or_else(missing)?;
    if !scope.shows(&stored.record.organization, stored.record.state) {
        // Hidden records read as absent: their existence is not public either.
        return Err(missing());
    }
    Ok(with_etag(StatusCode::OK, stored))
}

/// What `If-Match` asks for: a new record, or the stored version `n`.
#[derive(Debug, PartialEq)]
enum Expected {
    Absent,
    Version(i64),
}

fn expected_version(headers: &HeaderMap, required: bool) -> Result<Option<Expected>, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return if required {
            Err(ApiError::PreconditionRequired)
        } else {
            Ok(None)
        };
    };
    let text = value.to_str().unwrap_or("").trim();
    if text == "*" {
        return Ok(Some(Expected::Absent));
    }
    let version = text
        .trim_start_matches("W/")
        .trim_matches('"')
        .strip_prefix('v')
        .and_then(|v| v.parse().ok());
    // An ETag we never issued cannot match the stored version.
    Ok(Some(Expected::Version(version.unwrap_or(-1))))
}

fn require_open(round: &Round) -> Result<(), ApiError> {
    if round.state == RoundState::Open {
        return Ok(());
    }
    let state_vi = match round.state {
        RoundState::Planned => "chưa mở",
        RoundState::Open => "đang mở",
        RoundState::Closed => "đã đóng",
        RoundState::Published => "đã công bố",
    };
    Err(ApiError::conflict(
        format!(
            "Đợt kiểm tra `{}` {state_vi}: các kết quả chỉ được xem, không được sửa.",
            round.id
        ),
        format!(
            "Round `{}` is {}: its records are read-only.",
            round.id,
            round.state.as_str()
        ),
    ))
}

fn state_vi(state: RecordState) -> &'static str {
    match state {
        RecordState::Draft => "bản nháp",
        RecordState::Submitted => "đã gửi duyệt",
        RecordState::Approved => "đã duyệt",
        RecordState::Returned => "bị trả lại",
    }
}

/// Checks the body by the same rules as an imported record (`RecordBody::check`).
fn checked_record(
    input: &RecordBody,
    target: &Target,
    organizations: &[scorecard_domain::Organization],
    state: RecordState,
) -> Result<Record, ApiError> {
    let context = Context {
        round: &target.round.id,
        catalog: &target.catalog,
        organizations,
        state: StatePolicy::All(state),
    };
    record_input::check_body(
        input,
        target.key.organization.as_str(),
        target.key.criterion.as_str(),
        &context,
    )
    .map_err(|problems| ApiError::Invalid {
        problems: scorecard_dataset::RejectedRow { line: 0, problems }.messages(),
    })
}

pub async fn put_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<(String, String, String)>,
    headers: HeaderMap,
    ApiJson(mut input): ApiJson<RecordBody>,
) -> Result<Response, ApiError> {
    let target = target(&state, &path).await?;
    auth::may_write_record(&state, &caller, &target.round, &target.key.organization).await?;
    let expected = expected_version(&headers, true)?.ok_or(ApiError::PreconditionRequired)?;
    require_open(&target.round)?;
    let user = caller.user()?;
    if input.inspector.trim().is_empty() {
        input.inspector = if user.display_name.is_empty() {
            user.username.clone()
        } else {
            user.display_name.clone()
        };
    }
    let current = state.store.record(&target.key).await?;
    match (&current, &expected) {
        (None, Expected::Absent) => {}
        (Some(stored), Expected::Version(v)) if stored.version == *v => {}
        (current, _) => {
            return Err(ApiError::PreconditionFailed {
                current: current.as_ref().map(|s| s.version),
            });
        }
    }
    let record_state = current.as_ref().map_or(RecordState::Draft, |s| s.record.state);
    if !record_state.is_editable() {
        return Err(ApiError::conflict(
            format!(
                "Kết quả đang ở trạng thái {}: không sửa được; người duyệt cần trả lại trước.",
                state_vi(record_state)
            ),
            format!(
                "The record is {}: it cannot be changed unless a reviewer returns it.",
                record_state.as_str()
            ),
        ));
    }
    let organizations = state.store.organizations().await?;
    let record = checked_record(&input, &target, &organizations, record_state)?;
    let stored = state
        .store
        .put_record(&record, current.as_ref().map(|s| s.version), &caller.actor()?)
        .await?;
    state.cache.clear();
    let status = if current.is_none() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(with_etag(status, stored))
}

async fn transition(
    state: &AppState,
    caller: &Caller,
    path: &(String, String, String),
    headers: &HeaderMap,
    action: Action,
    comment: &str,
) -> Result<Response, ApiError> {
    let target = target(state, path).await?;
    match action {
        Action::Submit => {
            auth::may_write_record(state, caller, &target.round, &target.key.organization).await?
        }
        Action::Approve | Action::Return => auth::may_review(state, caller, &target.round).await?,
    }
    let expected = expected_version(headers, false)?;
    require_open(&target.round)?;
    let current = state
        .store
        .record(&target.key)
        .await?
        .ok_or(ApiError::PreconditionFailed { current: None })?;
    if let Some(expected) = expected
        && expected != Expected::Version(current.version)
    {
        return Err(ApiError::PreconditionFailed {
            current: Some(current.version),
        });
    }
    let next = current.record.state.after(action).map_err(|refused| {
        ApiError::conflict(
            format!(
                "Kết quả đang ở trạng thái {}: không thể thực hiện thao tác này.",
                state_vi(current.record.state)
            ),
            format!("{}.", capitalised(&refused.to_string())),
        )
    })?;
    let stored = state
        .store
        .set_state(&target.key, current.version, next, comment, &caller.actor()?)
        .await?;
    state.cache.clear();
    Ok(with_etag(StatusCode::OK, stored))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    transition(&state, &caller, &path, &headers, Action::Submit, "").await
}

pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    transition(&state, &caller, &path, &headers, Action::Approve, "").await
}

pub async fn give_back(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<(String, String, String)>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ReturnBody>,
) -> Result<Response, ApiError> {
    let comment = input.comment.trim();
    if comment.is_empty() {
        return Err(ApiError::bad_request(
            "comment",
            "Khi trả lại, hãy ghi rõ lý do để cán bộ kiểm tra sửa.",
            "When returning a record, write the reason so the inspector can fix it.",
        ));
    }
    transition(&state, &caller, &path, &headers, Action::Return, comment).await
}
