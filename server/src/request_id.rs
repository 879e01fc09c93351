//! Request ids: every request gets an `x-request-id` (or keeps the caller's), the response
//! carries it, and the trace span of the request names it, so a 500 can be found in the log.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, RequestId};

/// The request's id, as set by the request-id layer ("-" outside it).
pub fn of(headers: &axum::http::HeaderMap) -> &str {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
}

/// Ids unique within a process and unlikely to repeat across restarts.
#[derive(Clone)]
pub struct Sequential {
    prefix: u32,
    counter: std::sync::Arc<AtomicU64>,
}

impl Default for Sequential {
    fn default() -> Sequential {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() ^ d.as_secs() as u32);
        Sequential {
            prefix: nanos ^ std::process::id().rotate_left(16),
            counter: Default::default(),
        }
    }
}

impl MakeRequestId for Sequential {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{:08x}-{n:06x}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}
