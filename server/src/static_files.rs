//! The built front end: precompressed files, long caching for content-hashed names, 404 for a
//! missing file, `staff.html` (the staff bundle) at the addresses of signed-in work, and
//! `index.html` (the public bundle) for every other path so that links into the app work;
//! neither page is cached without asking again.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
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
    // The staff bundle's page at the addresses of signed-in work (issue 14); a dist without it
    // (built before the split) serves its one bundle everywhere.
    let mut router = Router::new();
    if dist.join("staff.html").is_file() {
        let staff = ServeFile::new(dist.join("staff.html"))
            .precompressed_br()
            .precompressed_gzip();
        for path in STAFF_PAGES {
            router = router.route_service(path, staff.clone());
        }
    }
    router
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
        .layer(middleware::from_fn_with_state(
            Arc::new(dist.to_path_buf()),
            missing_files,
        ))
}

/// The addresses of the staff bundle (`frontend/src/addresses.rs`, the sections Work, Review
/// and Admin), in axum's path syntax; a test checks them against the front end's own list.
pub const STAFF_PAGES: [&str; 8] = [
    "/work",
    "/review",
    "/findings",
    "/notices",
    "/admin",
    "/admin/{*rest}",
    "/rounds/{round}/checklist/{org}",
    "/rounds/{round}/records/{org}/{code}/history",
];

/// A file name that is not in `dist` (an old `app-….wasm` after a deploy, a typo) is 404: the
/// app's page in its place would be cached for a year under the hashed name, and a browser
/// would run HTML as a script. Paths without a file extension are the app's own pages.
async fn missing_files(State(dist): State<Arc<PathBuf>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let name = path.rsplit('/').next().unwrap_or_default();
    if !name.contains('.') {
        return next.run(request).await;
    }
    let relative = path.trim_start_matches('/');
    let safe = relative
        .split('/')
        .all(|segment| !segment.is_empty() && segment != ".." && segment != "." && !segment.contains('\\'));
    if safe && dist.join(relative).is_file() {
        return next.run(request).await;
    }
    (
        StatusCode::NOT_FOUND,
        [(header::CACHE_CONTROL, "no-store")],
        "Không có tệp này. / No such file.",
    )
        .into_response()
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
