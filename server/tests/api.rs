//! The HTTP API through a real server on port 0 with a fresh temporary database each.

mod common;

use std::path::Path;

use common::{TestApp, spawn_app, spawn_app_with_dist};
use serde_json::Value;

/// The JSON of an insta snapshot written by the dataset crate's demo tests.
fn snapshot(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/dataset/tests/snapshots")
        .join(format!("demo_figures__{name}.snap"));
    let text = std::fs::read_to_string(path).unwrap();
    let body = text.splitn(3, "---\n").nth(2).unwrap();
    serde_json::from_str(body).unwrap()
}

#[tokio::test]
async fn health_answers_ok() {
    let app = spawn_app().await;
    assert_eq!(app.json("/api/v1/health").await["status"], "ok");
}

#[tokio::test]
async fn rounds_are_listed_newest_first() {
    let app = spawn_app().await;
    let rounds = app.json("/api/v1/rounds").await;
    let ids: Vec<&str> = rounds
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["2026", "2025", "2021", "2020", "2019"]);
    assert_eq!(rounds[4]["illustrative"], true);
}

#[tokio::test]
async fn ranking_and_summary_of_the_demo_equal_the_domain_snapshots() {
    let app = spawn_app().await;
    for round in ["2019", "2020", "2021", "2025"] {
        assert_eq!(
            app.json(&format!("/api/v1/rounds/{round}/ranking")).await,
            snapshot(&format!("ranking-{round}"))
        );
        assert_eq!(
            app.json(&format!("/api/v1/rounds/{round}/summary")).await,
            snapshot(&format!("summary-{round}"))
        );
    }
    let agencies = app
        .json("/api/v1/rounds/2020/ranking?scope=agency&preliminary=false")
        .await;
    assert_eq!(agencies, snapshot("ranking-2020-agency"));
}

#[tokio::test]
async fn the_2019_summary_reproduces_the_seed_figures() {
    let app = spawn_app().await;
    let summary = app.json("/api/v1/rounds/2019/summary").await;
    let line = |code: &str| {
        summary["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (line("DV-01")["met"].as_u64(), line("DV-01")["assessed"].as_u64()),
        (Some(7), Some(12))
    );
    assert_eq!(line("TC-01")["not_met"], 4);
    assert_eq!(line("VB-02")["not_met"], 5);
}

#[tokio::test]
async fn a_round_lists_its_organisations() {
    let app = spawn_app().await;
    let round = app.json("/api/v1/rounds/2019").await;
    assert_eq!(round["catalog"], "cpdt-2019");
    assert_eq!(round["organizations"].as_array().unwrap().len(), 12);
    let catalog = app.json("/api/v1/catalogs/cpdt-2019").await;
    assert_eq!(catalog["criteria"].as_array().unwrap().len(), 7);
    assert_eq!(
        app.json("/api/v1/organizations").await.as_array().unwrap().len(),
        24
    );
}

/// Asserts the problem+json answer to a GET.
async fn check_problem(app: &TestApp, path: &str, status: u16, field: Option<&str>, detail_en: &str) {
    common::check_problem(app.get(path).await, status, field, detail_en).await;
}

#[tokio::test]
async fn bad_requests_get_a_problem_that_names_the_field() {
    let app = spawn_app().await;
    check_problem(
        &app,
        "/api/v1/rounds/1999/ranking",
        404,
        None,
        "Round `1999` was not found.",
    )
    .await;
    check_problem(
        &app,
        "/api/v1/rounds/..%2Fetc/summary",
        404,
        None,
        "Round `../etc` was not found.",
    )
    .await;
    check_problem(
        &app,
        "/api/v1/catalogs/none",
        404,
        None,
        "Catalog `none` was not found.",
    )
    .await;
    check_problem(
        &app,
        "/api/v1/rounds/2019/ranking?scope=Bộ",
        400,
        Some("scope"),
        "The `scope` parameter must be `all` or a peer group such as `ministry` (got `Bộ`).",
    )
    .await;
    check_problem(
        &app,
        "/api/v1/rounds/2019/summary?preliminary=maybe",
        400,
        Some("preliminary"),
        "The `preliminary` parameter takes true or false (got `maybe`).",
    )
    .await;
    check_problem(
        &app,
        "/api/v1/nothing",
        404,
        None,
        "There is no such API route; see /api/v1/openapi.json.",
    )
    .await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/api/v1/health", "/api/v1/rounds/1999", "/"] {
        let response = app.get(path).await;
        let csp = response.headers()["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"),
            "{path}"
        );
        assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    }
}

#[tokio::test]
async fn the_front_end_is_served_precompressed_with_long_caching_for_hashed_names() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>t</title>").unwrap();
    std::fs::write(dist.path().join("app-0123456789abcdef.js"), "console.log(1)").unwrap();
    std::fs::write(dist.path().join("app-0123456789abcdef.js.br"), b"brotli bytes").unwrap();
    let app = spawn_app_with_dist(Some(dist.path())).await;

    let index = app.get("/").await;
    assert_eq!(index.headers()["cache-control"], "no-cache");
    assert_eq!(index.text().await.unwrap(), "<!doctype html><title>t</title>");

    let script = app
        .client
        .get(format!("{}/app-0123456789abcdef.js", app.base))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(
        script.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(script.headers()["content-encoding"], "br");

    let deep_link = app.get("/rankings?round=2019").await;
    assert_eq!(deep_link.status(), 200);
    assert_eq!(deep_link.headers()["cache-control"], "no-cache");
    assert_eq!(deep_link.text().await.unwrap(), "<!doctype html><title>t</title>");

    // Issue 11: an asset of an earlier deploy, or any missing file, is 404 and never cached.
    for missing in [
        "/app-fedcba9876543210.wasm",
        "/app-0123456789abcdef.css",
        "/favicon.ico",
    ] {
        let response = app.get(missing).await;
        assert_eq!(response.status(), 404, "{missing}");
        assert_ne!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{missing}"
        );
    }
}

/// Issue 14: the addresses of signed-in work get the staff bundle's page, every other page of
/// the front end the public one; checked against the front end's own list of pages.
#[tokio::test]
async fn the_staff_pages_are_served_the_staff_bundle_and_the_rest_the_public_one() {
    use scorecard_frontend::addresses::{PAGES, Section};
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "public").unwrap();
    std::fs::write(dist.path().join("staff.html"), "staff").unwrap();
    let app = spawn_app_with_dist(Some(dist.path())).await;
    for (pattern, section) in PAGES {
        let path: String = pattern
            .split('/')
            .map(|segment| {
                if segment.starts_with(':') {
                    "x2026"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let path = if path.is_empty() { "/".to_owned() } else { path };
        let response = app.get(&path).await;
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        let expected = match section {
            Section::Work | Section::Review | Section::Admin | Section::Findings | Section::Notices => {
                "staff"
            }
            _ => "public",
        };
        assert_eq!(
            response.text().await.unwrap(),
            expected,
            "{pattern} ({section:?})"
        );
    }
    assert_eq!(
        app.get("/admin/rounds/2026/more").await.text().await.unwrap(),
        "staff"
    );
    assert_eq!(
        app.get("/rounds/2026/records").await.text().await.unwrap(),
        "public"
    );
}

#[tokio::test]
async fn a_missing_front_end_says_how_to_build_it() {
    let dist = tempfile::tempdir().unwrap();
    let app = spawn_app_with_dist(Some(dist.path())).await;
    let page = app.get("/").await.text().await.unwrap();
    assert!(page.contains("cargo xtask dist"));
}

#[tokio::test]
async fn every_route_of_the_table_is_described_in_openapi_and_answers() {
    let app = spawn_app().await;
    let document = app.json("/api/v1/openapi.json").await;
    for route in scorecard_server::routes::ROUTES {
        let path = format!("/api/v1{}", route.path);
        let method = route.method.as_str().to_ascii_lowercase();
        assert!(
            document["paths"][&path][&method]["summary"].is_string(),
            "{method} {path} is not in openapi.json"
        );
        let concrete = path
            .replace("{round}", "2019")
            .replace("{org}", "btc")
            .replace("{criterion}", "TC-01")
            .replace("{id}", "cpdt-2019");
        let response = app.request(route.method.clone(), &concrete).send().await.unwrap();
        let fallback = response
            .headers()
            .get("content-type")
            .is_some_and(|c| c == "application/problem+json")
            && response.status() == 404
            && response.text().await.unwrap().contains("no such API route");
        assert!(!fallback, "{method} {path} is not routed");
    }
}

#[tokio::test]
async fn the_history_of_a_merged_ministry_follows_its_lineage() {
    let app = spawn_app().await;
    let history = app.json("/api/v1/organizations/bnnmt/history").await;
    let entries = history["entries"].as_array().unwrap();
    let rounds: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e["round"].as_str().unwrap(), e["via"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rounds,
        [
            ("2019", "btnmt"),
            ("2020", "btnmt"),
            ("2021", "btnmt"),
            ("2025", "bnnmt")
        ]
    );
    assert_eq!(entries[0]["ranked"], 12);
    assert_eq!(entries[0]["rank"], 12);
    let btc = app.json("/api/v1/organizations/btc/history").await;
    assert!(
        btc["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["via"] == "btc")
    );
    check_problem(
        &app,
        "/api/v1/organizations/nobody/history",
        404,
        None,
        "Organisation `nobody` was not found.",
    )
    .await;
}

#[tokio::test]
async fn scores_list_every_criterion_status_per_organisation() {
    let app = spawn_app().await;
    let scores = app.json("/api/v1/rounds/2019/scores").await;
    let scores = scores.as_array().unwrap();
    assert_eq!(scores.len(), 12);
    let met_dv01 = scores
        .iter()
        .filter(|s| {
            s["criteria"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["code"] == "DV-01" && c["status"] == "met")
        })
        .count();
    assert_eq!(met_dv01, 7);
}

#[tokio::test]
async fn an_internal_error_hides_its_cause_and_gives_a_request_id() {
    let app = spawn_app().await;
    // A row no code path writes: the store cannot read it back as a record.
    sqlx::query("UPDATE records SET criterion = 'lost one' WHERE round_id = '2019' AND organization_id = 'btc' AND criterion = 'TC-01'")
        .execute(app.store.pool())
        .await
        .unwrap();
    let response = app.get("/api/v1/rounds/2019/records?org=btc").await;
    assert_eq!(response.status(), 500);
    assert!(response.headers().contains_key("x-request-id"));
    let body = response.text().await.unwrap();
    assert!(body.contains("x-request-id"), "{body}");
    for secret in ["SELECT", "sqlite", "lost one", ".db", "/tmp", "criterion code"] {
        assert!(!body.contains(secret), "the body leaks `{secret}`: {body}");
    }
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_keeps_the_callers() {
    let app = spawn_app().await;
    let own = app
        .client
        .get(app.url("/api/v1/health"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(own.headers()["x-request-id"], "abc-123");
    let a = app.get("/api/v1/health").await.headers()["x-request-id"].clone();
    let b = app.get("/api/v1/health").await.headers()["x-request-id"].clone();
    assert_ne!(a, b);
}
