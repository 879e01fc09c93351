//! The built front end: precompressed files, long caching for content-hashed names, and
//! `index.html` for every other path so that links into the app work.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use tower_http::services::{ServeDir, ServeFile};

/// Serves `dist`, or a page that says how to build it when it is missing.
pub fn service(dist: &Path) -> Router {
    if !dist.join("index.html").is_file() {
        tracing::warn!(dist = %dist.display(), "the front end is not built; run `cargo xtask dist`");
        return Router::new().fallback(not_built);
    }
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
}

async fn not_built() -> Response {
    Html(
        "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>egov-scorecard</title>\
         <p>Giao diện chưa được xây dựng: hãy chạy <code>cargo xtask dist</code>.</p>\
         <p>The front end is not built: run <code>cargo xtask dist</code>.</p></html>",
    )
    .into_response()
}

/// Whether a file name carries a content hash, like `app-0123456789abcdef.wasm`.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let policy = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn only_content_hashed_names_are_cached_forever() {
        assert!(is_hashed("/app-0123456789abcdef.wasm"));
        assert!(is_hashed("/style-89abcdef01234567.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/rankings"));
        assert!(!is_hashed("/favicon.svg"));
        assert!(!is_hashed("/app-0123.js"));
    }
}
