//! Who is calling, and what they may do.
//!
//! Every request passes [`identify`], which turns the session cookie into a [`Caller`]. Every
//! route of the API states its [`Access`] in the route table (`routes::ROUTES`), checked by
//! [`check_access`] before the handler runs; rules that depend on the data (an inspector's
//! assignment, a round's reviewers, a published round) are the `may_*` functions below, called
//! by the handlers. This module is the one place where the rules live.

pub mod limiter;
pub mod password;
pub mod session;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use scorecard_domain::{OrgId, Role, Round, RoundState, User};
use scorecard_store::Actor;

use crate::app::AppState;
use crate::error::{ApiError, problem};

/// Who may call a route, before looking at the data it touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Anyone; the handler narrows what an anonymous caller sees (published rounds only).
    PublicFigures,
    /// Any signed-in user.
    SignedIn,
    /// One of these roles.
    Roles(&'static [Role]),
}

/// The roles that record outcomes.
pub const INSPECTORS: &[Role] = &[Role::Inspector];
/// The roles that review.
pub const REVIEWERS: &[Role] = &[Role::Reviewer];
/// Administration.
pub const ADMINS: &[Role] = &[Role::Admin];
/// Everyone who may see evidence and preliminary figures of unpublished rounds.
pub const STAFF: &[Role] = &[Role::Admin, Role::Reviewer, Role::Inspector, Role::Leader];

/// The person behind a request, if signed in, and the request's id.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: Option<User>,
    pub request_id: String,
}

impl Caller {
    /// The signed-in user, or 401.
    pub fn user(&self) -> Result<&User, ApiError> {
        self.user.as_ref().ok_or(ApiError::Unauthorized)
    }

    /// Who the audit trail names for this request's changes.
    pub fn actor(&self) -> Result<Actor, ApiError> {
        Ok(Actor::user(&self.user()?.username, &self.request_id))
    }

    fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }

    /// Whether the caller has one of these roles.
    pub fn is(&self, roles: &[Role]) -> bool {
        self.role().is_some_and(|r| roles.contains(&r))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Caller, ApiError> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or(ApiError::Unauthorized)
    }
}

/// Resolves the session cookie into a [`Caller`] for the rest of the request.
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let user = match session::token_from(request.headers()) {
        Some(token) => match state
            .store
            .session_user(&session::hash(&token), state.sessions)
            .await
        {
            Ok(user) => user,
            Err(error) => return ApiError::from(error).into_response(),
        },
        None => None,
    };
    request.extensions_mut().insert(Caller { user, request_id });
    next.run(request).await
}

/// Refuses a request whose route's [`Access`] the caller does not have: 401 when signing in
/// would help, 403 when it would not.
pub async fn check_access(access: Access, request: Request, next: Next) -> Response {
    let caller = request.extensions().get::<Caller>();
    let role = caller.and_then(|c| c.role());
    let allowed = match access {
        Access::Public | Access::PublicFigures => true,
        Access::SignedIn => role.is_some(),
        Access::Roles(roles) => role.is_some_and(|r| roles.contains(&r)),
    };
    match (allowed, role) {
        (true, _) => next.run(request).await,
        (false, None) => ApiError::Unauthorized.into_response(),
        (false, Some(_)) => ApiError::Forbidden.into_response(),
    }
}

/// Refuses state changes that a page of another site started (CSRF): a browser names the
/// page's origin on every POST, PUT and DELETE, and it must be this server.
pub async fn same_origin(request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let cross_origin = origin.is_some_and(|o| o.split_once("://").map(|(_, rest)| rest) != Some(host));
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v == "cross-site" || v == "same-site");
    if cross_origin || cross_site {
        return problem(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "Yêu cầu thay đổi dữ liệu đến từ một trang khác nên bị từ chối.",
            "A request to change data came from another site and was refused.",
            None,
        );
    }
    next.run(request).await
}

/// Whether the caller may see the figures of this round: published rounds are public;
/// others need a signed-in user.
pub fn may_read_round(caller: &Caller, round: &Round) -> Result<(), ApiError> {
    if round.state == RoundState::Published || caller.is(STAFF) {
        Ok(())
    } else if caller.user.is_none() {
        Err(ApiError::Unauthorized)
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Preliminary figures (submitted records) are for staff who know they are not official.
pub fn may_read_preliminary(caller: &Caller) -> Result<(), ApiError> {
    match caller.role() {
        Some(role) if role.may_see_preliminary() => Ok(()),
        Some(_) => Err(ApiError::Forbidden),
        None => Err(ApiError::Unauthorized),
    }
}

/// Which records of a round a caller may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordScope {
    /// Every record in every state.
    All,
    /// Approved records only.
    Approved,
    /// Every record of these organisations (an inspector's own).
    Organizations(Vec<OrgId>),
}

/// Admins and the round's reviewers see everything; inspectors their own organisations;
/// leaders and, for published rounds, everyone else, the approved records.
pub async fn record_scope(state: &AppState, caller: &Caller, round: &Round) -> Result<RecordScope, ApiError> {
    may_read_round(caller, round)?;
    Ok(match caller.role() {
        Some(Role::Admin | Role::Reviewer) => RecordScope::All,
        Some(Role::Inspector) => {
            let user = caller.user()?;
            RecordScope::Organizations(inspector_organizations(state, round, user).await?)
        }
        Some(Role::Leader) | None => RecordScope::Approved,
    })
}

async fn inspector_organizations(
    state: &AppState,
    round: &Round,
    user: &User,
) -> Result<Vec<OrgId>, ApiError> {
    let assignments = state.store.assignments(&round.id).await?;
    Ok(assignments
        .into_iter()
        .filter(|a| a.inspector.as_ref().is_some_and(|i| i.id == user.id))
        .map(|a| a.organization)
        .collect())
}

/// Only the inspector assigned to an organisation writes its records.
pub async fn may_write_record(
    state: &AppState,
    caller: &Caller,
    round: &Round,
    org: &OrgId,
) -> Result<(), ApiError> {
    let user = caller.user()?;
    if user.role == Role::Inspector && inspector_organizations(state, round, user).await?.contains(org) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Only a reviewer of the round approves or returns its records.
pub async fn may_review(state: &AppState, caller: &Caller, round: &Round) -> Result<(), ApiError> {
    let user = caller.user()?;
    let reviewers = state.store.reviewers(&round.id).await?;
    if user.role == Role::Reviewer && reviewers.iter().any(|r| r.id == user.id) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

impl RecordScope {
    /// Whether a record of this organisation in this state is visible.
    pub fn shows(&self, organization: &OrgId, state: scorecard_domain::RecordState) -> bool {
        match self {
            RecordScope::All => true,
            RecordScope::Approved => state == scorecard_domain::RecordState::Approved,
            RecordScope::Organizations(orgs) => orgs.contains(organization),
        }
    }
}

/// The `Retry-After` answer of a rate-limited login.
pub fn too_many_attempts(retry_after_seconds: u64) -> Response {
    let mut response = problem(
        StatusCode::TOO_MANY_REQUESTS,
        "Too Many Requests",
        &format!("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {retry_after_seconds} giây."),
        &format!("Too many failed sign-ins. Try again in {retry_after_seconds} seconds."),
        None,
    );
    if let Ok(value) = retry_after_seconds.to_string().parse() {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Records who took which file of which round away: exports are audited like changes.
pub async fn record_export(
    state: &AppState,
    caller: &Caller,
    round: &Round,
    file_name: &str,
) -> Result<(), ApiError> {
    let actor = match &caller.user {
        Some(user) => Actor::user(&user.username, &caller.request_id),
        None => Actor::user("anonymous", &caller.request_id),
    };
    let kind = file_name.rsplit('.').next().unwrap_or("file");
    let change = scorecard_store::Change::new(
        &format!("export.{kind}"),
        format!("round:{}", round.id),
        serde_json::Value::Null,
        serde_json::json!({ "file": file_name }),
    );
    state.store.record_event(&change, &actor).await?;
    Ok(())
}
