//! What every handler can reach: the service, and what HTTP itself keeps (the download limiter,
//! session lifetimes, how the server is reached).

use std::sync::Arc;

use scorecard_service::Service;
use scorecard_store::{SessionLimits, Store};

use crate::deployment::Deployment;
use crate::limiter::DownloadLimiter;

/// What every handler can reach: the product's operations, and what HTTP itself needs
/// (sessions, the download limiter, how the server is reached; sign-in failures are counted in
/// the store).
#[derive(Clone)]
pub struct AppState {
    pub service: Service,
    /// Anonymous downloads of exports and charts per client.
    pub downloads: Arc<DownloadLimiter>,
    pub sessions: SessionLimits,
    /// How people reach the server: its public origin and the proxies in front of it.
    pub deployment: Arc<Deployment>,
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
            downloads: Arc::new(DownloadLimiter::default()),
            sessions: SESSION_LIMITS,
            deployment: Arc::new(Deployment::default()),
        }
    }

    /// Whether cookies are marked `Secure`: people reach the server over TLS.
    pub fn secure_cookies(&self) -> bool {
        self.deployment.is_https()
    }

    /// The store, for sessions: everything else goes through the service.
    pub fn store(&self) -> &dyn Store {
        self.service.store()
    }
}
