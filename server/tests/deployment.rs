//! Issue 11: behind a reverse proxy. The public origin replaces `Host` in the CSRF check and
//! makes cookies `Secure` with HSTS; `X-Forwarded-For` names the client only from a trusted
//! proxy; anonymous downloads are limited per client; over-long names are never counted.

mod common;

use common::{spawn_app, spawn_app_behind};
use reqwest::Method;
use scorecard_server::deployment::Deployment;
use serde_json::json;

const PUBLIC: &str = "https://scorecard.example.gov.vn";

/// A sign-in attempt with a wrong password, from `origin` and as forwarded for `client`.
async fn sign_in(
    app: &common::TestApp,
    account: &str,
    origin: Option<&str>,
    client: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .request(Method::POST, "/api/v1/session")
        .json(&json!({ "username": account, "password": "sai mật khẩu rồi" }));
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    if let Some(client) = client {
        request = request.header("x-forwarded-for", client);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn behind_a_proxy_the_public_origin_is_checked_instead_of_host() {
    let direct = spawn_app().await;
    // Without a public origin, the proxy's rewritten Host makes a page of our own site look foreign.
    assert_eq!(sign_in(&direct, "ai-do", Some(PUBLIC), None).await.status(), 403);
    assert!(
        direct
            .get("/api/v1/health")
            .await
            .headers()
            .get("strict-transport-security")
            .is_none()
    );

    let behind = spawn_app_behind(Deployment::new(Some(PUBLIC), &[]).unwrap()).await;
    assert_eq!(sign_in(&behind, "ai-do", Some(PUBLIC), None).await.status(), 401);
    let foreign = sign_in(&behind, "ai-do", Some("https://evil.example"), None).await;
    assert_eq!(foreign.status(), 403);
    let own_host = sign_in(&behind, "ai-do", Some(&behind.base), None).await;
    assert_eq!(own_host.status(), 403, "only the public origin is ours");

    let login = behind.logins.iter().find(|l| l.username == "lanhdao").unwrap();
    let signed_in = behind
        .request(Method::POST, "/api/v1/session")
        .header("origin", PUBLIC)
        .json(&json!({ "username": login.username, "password": login.password }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let cookie = signed_in.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert_eq!(
        signed_in.headers()["strict-transport-security"],
        "max-age=31536000"
    );
}

#[tokio::test]
async fn the_sign_in_limit_separates_clients_named_by_a_trusted_proxy_only() {
    let behind = spawn_app_behind(Deployment::new(None, &["127.0.0.1/32".into()]).unwrap()).await;
    for n in 0..5 {
        let status = sign_in(&behind, &format!("khach-{n}"), None, Some("198.51.100.1"))
            .await
            .status();
        assert_eq!(status, 401);
    }
    let blocked = sign_in(&behind, "khach-9", None, Some("198.51.100.1")).await;
    assert_eq!(blocked.status(), 429);
    assert!(blocked.headers().contains_key("retry-after"));
    // A client forging its own header in front of the proxy's is still the proxy's client.
    let forged = sign_in(&behind, "khach-9", None, Some("203.0.113.7, 198.51.100.1")).await;
    assert_eq!(forged.status(), 429);
    let other = sign_in(&behind, "khach-9", None, Some("198.51.100.2")).await;
    assert_eq!(
        other.status(),
        401,
        "another client behind the proxy is not locked out"
    );

    // From a peer that is not a trusted proxy, the header is ignored: one client, one limit.
    let direct = spawn_app().await;
    for n in 0..5 {
        let status = sign_in(
            &direct,
            &format!("khach-{n}"),
            None,
            Some(&format!("198.51.100.{n}")),
        )
        .await
        .status();
        assert_eq!(status, 401);
    }
    let status = sign_in(&direct, "khach-9", None, Some("198.51.100.99"))
        .await
        .status();
    assert_eq!(
        status, 429,
        "X-Forwarded-For from an untrusted peer changed the client"
    );
}

#[tokio::test]
async fn over_long_account_names_are_refused_without_being_counted() {
    let app = spawn_app().await;
    let long = "a".repeat(10_000);
    for _ in 0..8 {
        assert_eq!(sign_in(&app, &long, None, None).await.status(), 401);
    }
}

#[tokio::test]
async fn anonymous_downloads_are_limited_per_client_and_signed_in_readers_are_not() {
    let app = spawn_app().await;
    let path = "/api/v1/rounds/2019/charts/ranking.svg";
    for n in 0..scorecard_server::limiter::ANONYMOUS_DOWNLOADS_PER_MINUTE {
        assert_eq!(app.get(path).await.status(), 200, "download {n}");
    }
    let limited = app.get("/api/v1/rounds/2019/export.json").await;
    assert_eq!(limited.status(), 429);
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(limited.headers()["content-type"], "application/problem+json");
    // Pages' figures are not downloads, and a signed-in reader is not limited.
    assert_eq!(app.get("/api/v1/rounds/2019/ranking").await.status(), 200);
    let leader = app.by(&app.leader, Method::GET, path).send().await.unwrap();
    assert_eq!(leader.status(), 200);
}

#[tokio::test]
async fn each_request_is_logged_as_one_json_line_at_the_level_rust_log_sets() {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .arg("--db")
        .arg(dir.path().join("log.db"))
        .args(["serve", "--addr", "127.0.0.1:0", "--dist"])
        .arg(dir.path())
        .args(["--log-format", "json"])
        .env_remove("SCORECARD_LOG")
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut base = String::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        if let Some(url) = line.strip_prefix("egov-scorecard is serving at ") {
            base = url.trim_end_matches('/').to_owned();
            break;
        }
    }
    let response = reqwest::get(format!("{base}/api/v1/rounds/2019/ranking"))
        .await
        .unwrap();
    let request_id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    let stopped = std::process::Command::new("kill")
        .args(["-TERM", &child.id().unwrap().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    assert!(
        child.wait().await.unwrap().success(),
        "SIGTERM ends the server cleanly"
    );
    let mut logs = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .await
        .unwrap();
    let line: serde_json::Value = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|l| l["target"] == "scorecard::access")
        .unwrap_or_else(|| panic!("no access line in:\n{logs}"));
    assert_eq!(line["method"], "GET");
    assert_eq!(
        line["route"], "/api/v1/rounds/{round}/ranking",
        "the pattern, not the path"
    );
    assert_eq!(line["status"], 404);
    assert_eq!(line["request_id"], request_id.as_str());
    assert!(line["duration_ms"].as_f64().is_some());
    assert_eq!(line["level"], "INFO");
}
