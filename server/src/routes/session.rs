//! Signing in and out, and who the signed-in user is.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use scorecard_api::{Session, SignIn};
use scorecard_service::ServiceError;

use super::body::ApiJson;
use crate::auth::{self, Caller, session};
use crate::error::ApiError;
use crate::limiter::{self, LONGEST_ACCOUNT};
use crate::state::AppState;

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

pub async fn sign_in(
    State(state): State<AppState>,
    connection: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<SignIn>,
) -> Result<Response, ApiError> {
    let peer = connection.map(|Extension(ConnectInfo(addr))| addr.ip());
    let address = state.deployment.client(peer, &headers);
    let account = input.username.trim();
    // No user has a name this long: refused before it is counted or looked up.
    if account.len() > LONGEST_ACCOUNT {
        return Err(ServiceError::BadCredentials.into());
    }
    if let Some(wait) = limiter::retry_after(state.store(), account, address).await? {
        return Ok(auth::too_many_attempts(wait.as_secs().max(1)));
    }
    let user = match state.service.sign_in(account, input.password).await {
        Ok(user) => user,
        Err(ServiceError::BadCredentials) => {
            limiter::failed(state.store(), account, address).await?;
            return Err(ServiceError::BadCredentials.into());
        }
        Err(other) => return Err(other.into()),
    };
    limiter::succeeded(state.store(), account).await?;
    // A new id at every sign-in, and the old one ends: a planted id never gains rights.
    if let Some(old) = session::token_from(&headers) {
        state.store().delete_session(&session::hash(&old)).await?;
    }
    let token = session::new_token();
    state
        .store()
        .create_session(&session::hash(&token), user.id)
        .await?;
    let cookie = session::set_cookie(&token, state.secure_cookies(), state.sessions.absolute_seconds);
    Ok(with_cookie((StatusCode::OK, Json(user)).into_response(), &cookie))
}

/// Who is signed in, without an error for nobody: pages ask this on every load.
pub async fn current(caller: Caller) -> Json<Session> {
    Json(Session { user: caller.0.user })
}

pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(token) = session::token_from(&headers) {
        state.store().delete_session(&session::hash(&token)).await?;
    }
    Ok(with_cookie(
        StatusCode::NO_CONTENT.into_response(),
        &session::clear_cookie(state.secure_cookies()),
    ))
}
