//! The application: the router with its layers, and starting a server.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
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
