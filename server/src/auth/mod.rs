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
    let request_id = crate::request_id::of(request.headers()).to_owned();
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
    let user_id = user.as_ref().map(|u| u.id);
    request
        .extensions_mut()
        .insert(Caller(Who::caller(user, request_id)));
    let mut response = next.run(request).await;
    if let Some(id) = user_id {
        response.extensions_mut().insert(SignedInUser(id));
    }
    response
}

/// The id of the signed-in user a response was made for, for the request log.
#[derive(Debug, Clone, Copy)]
pub struct SignedInUser(pub i64);

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
/// page's origin on every POST, PUT and DELETE, and it must be this server: its public origin
/// when one is configured (behind a proxy that rewrites `Host`), else the request's `Host`.
pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let cross_origin = origin.is_some_and(|o| !state.deployment.is_own_origin(o, host));
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

/// Limits anonymous downloads of exports and chart images per client (429 with Retry-After):
/// each costs real work, and without a limit a loop of them would take the server's time.
/// Signed-in users are not limited here.
pub async fn limit_anonymous_downloads(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_download = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .is_some_and(|route| {
            let route = route.as_str();
            route.contains("/export.")
                || route.contains("/charts/")
                || route.ends_with("/evidence.zip")
                || route == "/api/v1/files/{id}"
        });
    let anonymous = request
        .extensions()
        .get::<Caller>()
        .is_none_or(|caller| caller.role().is_none());
    if is_download && anonymous {
        let peer = request
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        if let Some(client) = state.deployment.client(peer, request.headers())
            && let Some(wait) = state.downloads.take(client)
        {
            let seconds = wait.as_secs().max(1);
            return with_retry_after(
                problem(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too Many Requests",
                    &format!("Tải xuống quá nhiều lần. Vui lòng thử lại sau {seconds} giây hoặc đăng nhập."),
                    &format!("Too many downloads. Try again in {seconds} seconds, or sign in."),
                    None,
                ),
                seconds,
            );
        }
    }
    next.run(request).await
}

fn with_retry_after(mut response: Response, seconds: u64) -> Response {
    if let Ok(value) = seconds.to_string().parse() {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// The `Retry-After` answer of a rate-limited login.
pub fn too_many_attempts(retry_after_seconds: u64) -> Response {
    let response = problem(
        StatusCode::TOO_MANY_REQUESTS,
        "Too Many Requests",
        &format!("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {retry_after_seconds} giây."),
        &format!("Too many failed sign-ins. Try again in {retry_after_seconds} seconds."),
        None,
    );
    with_retry_after(response, retry_after_seconds)
}
