//! What every handler can reach: the service, and what HTTP itself keeps (the sign-in limiter,
//! session lifetimes, cookie settings).

use std::sync::Arc;

use scorecard_service::Service;
use scorecard_store::{SessionLimits, Store};

use crate::limiter::LoginLimiter;

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
