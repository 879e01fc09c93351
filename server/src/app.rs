//! The application: shared state, the router with its layers, and starting a server.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use scorecard_store::{SessionLimits, Store};
use tokio::net::TcpListener;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use scorecard_service::Service;

use crate::auth::limiter::LoginLimiter;
use crate::{auth, headers, request_id, routes, static_files};

/// What every handler can reach: the product's operations, and what HTTP itself needs
/// (sessions, the sign-in limiter, cookie settings).
#[derive(Clone)]
pub struct AppState {
    pub service: Service,
    pub limiter: Arc<LoginLimiter>,
    pub sessions: SessionLimits,
    /// Mark cookies `Secure`: the server is reached over TLS (directly or via a proxy).
    pub secure_cookies: bool,
}

/// Sessions end after 2 hours unused, or 12 hours after sign-in.
pub const SESSION_LIMITS: SessionLimits = SessionLimits {
    idle_seconds: 2 * 3600,
    absolute_seconds: 12 * 3600,
};

impl AppState {
    /// State over a store, with an empty cache and the default session limits.
    pub fn new(store: Arc<dyn Store>) -> AppState {
        AppState {
            service: Service::new(store),
            limiter: Arc::new(LoginLimiter::default()),
            sessions: SESSION_LIMITS,
            secure_cookies: false,
        }
    }

    /// The store, for sessions: everything else goes through the service.
    pub fn store(&self) -> &dyn Store {
        self.service.store()
    }
}

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// The built front end (`cargo xtask dist`); `None` serves the API only.
    pub dist: Option<PathBuf>,
}

/// The whole application: the API under `/api/v1`, the front end everywhere else.
pub fn router(state: AppState, config: &Config) -> Router {
    let api = routes::api()
        .layer(axum::middleware::from_fn(auth::same_origin))
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
        let id = request
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
    });
    headers::secure(app)
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(trace)
        .layer(SetRequestIdLayer::x_request_id(request_id::Sequential::default()))
}

/// Binds `config.addr` (port 0 picks a free port) and serves in the background.
pub async fn spawn(
    state: AppState,
    config: Config,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let app = router(state, &config);
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    let handle = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::error!(%error, "server stopped");
        }
    });
    Ok((addr, handle))
}
