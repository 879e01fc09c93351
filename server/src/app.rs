//! The application: the router with its layers, and starting a server.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tokio::net::TcpListener;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use crate::state::{AppState, SESSION_LIMITS};
use crate::{auth, headers, request_id, routes, static_files};

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// The built front end (`cargo xtask dist`); `None` serves the API only.
    pub dist: Option<PathBuf>,
}

/// The whole application: the API under `/api/v1`, the front end everywhere else.
pub fn router(state: AppState, config: &Config) -> Router {
    let https = state.deployment.is_https();
    let api = routes::api()
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::limit_anonymous_downloads,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::same_origin,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::identify,
        ));
    let app = Router::new().nest("/api/v1", api).with_state(state);
    let app = match &config.dist {
        Some(dist) => app.fallback_service(static_files::service(dist)),
        None => app,
    };
    let trace = TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
        let id = request_id::of(request.headers());
        tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
    });
    let app = headers::secure(app).layer(axum::middleware::from_fn(access_log));
    // Over TLS, browsers are told to come back only over TLS (a year, as commonly advised).
    let app = if https {
        app.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ))
    } else {
        app
    };
    app.layer(PropagateRequestIdLayer::x_request_id())
        .layer(trace)
        .layer(SetRequestIdLayer::x_request_id(request_id::Sequential::default()))
}

/// One line per request at `info`: method, route (the pattern, so no ids or names from the
/// path reach the log), status, duration, request id and the signed-in user's id.
async fn access_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // The front end's files and pages match no route.
    let matched = request.extensions().get::<MatchedPath>().cloned();
    let route = matched.as_ref().map_or("(static)", MatchedPath::as_str);
    let request_id = request_id::of(request.headers()).to_owned();
    let response = next.run(request).await;
    let user = response.extensions().get::<auth::SignedInUser>().map(|u| u.0);
    tracing::info!(
        target: "scorecard::access",
        %method,
        route,
        status = response.status().as_u16(),
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
        request_id,
        user,
        "request"
    );
    response
}

/// Binds `config.addr` (port 0 picks a free port) and serves in the background.
pub async fn spawn(
    state: AppState,
    config: Config,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    spawn_until(state, config, std::future::pending()).await
}

/// Like [`spawn`], until `shutdown` completes: then no new connection is taken, and the task
/// ends once the requests in flight are answered.
pub async fn spawn_until(
    state: AppState,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let app = router(state, &config);
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    let handle = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
            tracing::error!(%error, "server stopped");
        }
    });
    Ok((addr, handle))
}
