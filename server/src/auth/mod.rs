//! Who is calling, and what they may do.
//!
//! Every request passes [`identify`], which turns the session cookie into a [`Caller`]. Every
//! route of the API states its [`Access`] in the route table (`routes::ROUTES`), checked by
//! [`check_access`] before the handler runs; the rules that depend on the data (an inspector's
//! assignment, a round's reviewers, a published round) are the service's (`scorecard_service::
//! access`), which every operation applies to the caller it is given.

pub mod session;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use scorecard_domain::Role;
use scorecard_service::Who;

use crate::error::{ApiError, problem};
use crate::state::AppState;

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
/// The person behind a request (signed in or not) and the request's id, as the service's
/// acting user.
#[derive(Debug, Clone)]
pub struct Caller(pub Who);

impl std::ops::Deref for Caller {
    type Target = Who;

    fn deref(&self) -> &Who {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Caller, ApiError> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(ApiError::unauthorized)
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
            .store()
            .session_user(&session::hash(&token), state.sessions)
            .await
        {
            Ok(user) => user,
            Err(error) => return ApiError::from(error).into_response(),
        },
        None => None,
    };
    request
        .extensions_mut()
        .insert(Caller(Who::caller(user, request_id)));
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
        (false, None) => ApiError::unauthorized().into_response(),
        (false, Some(_)) => ApiError::forbidden().into_response(),
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
