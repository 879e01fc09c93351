//! The test server: a real `scorecard` app on port 0 with a fresh temporary database each,
//! holding the demo: its published rounds, the open round 2026, and one user per role.

#![allow(dead_code)]

/// What a command printed, standard output then standard error.
pub fn printed(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `scorecard round create` of an open round 2019 on the 2019 catalog, as a user types it.
pub const CREATE_ROUND_2019: [&str; 11] = [
    "round",
    "create",
    "2019",
    "--catalog",
    "cpdt-2019",
    "--name",
    "Kiểm tra 2019",
    "--from",
    "2019-09-01",
    "--to",
    "2019-12-31",
];

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use reqwest::{Method, RequestBuilder};
use scorecard_domain::{CatalogId, Role, Round, RoundId, RoundState};
use scorecard_server::app::{AppState, Config};
use scorecard_server::cli::DemoLogin;
use scorecard_server::deployment::Deployment;
use scorecard_store::{Actor, NewUser, SqliteStore, Store};
use serde_json::{Value, json};

pub struct TestApp {
    pub base: String,
    /// Nobody signed in.
    pub client: reqwest::Client,
    /// The demo's admin; the reviewer of 2026; the inspector of btc, bct, bnv, byt, bgddt and
    /// btp in 2026; the inspector of the other organisations; the leader.
    pub admin: reqwest::Client,
    pub reviewer: reqwest::Client,
    pub inspector: reqwest::Client,
    pub other_inspector: reqwest::Client,
    pub leader: reqwest::Client,
    /// The contact of btc (role `unit`, issue 13).
    pub unit: reqwest::Client,
    pub logins: Vec<DemoLogin>,
    pub store: SqliteStore,
    /// The database file.
    pub db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request by nobody signed in.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// A request by `client`.
    pub fn by(&self, client: &reqwest::Client, method: Method, path: &str) -> RequestBuilder {
        client.request(method, self.url(path))
    }

    /// The admin's import of `body` into `round` (`query` such as `?dry_run=true`).
    pub async fn import(
        &self,
        round: &str,
        query: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        self.by(
            &self.admin,
            Method::POST,
            &format!("/api/v1/rounds/{round}/import{query}"),
        )
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(Method::GET, path).send().await.unwrap()
    }

    /// The JSON of a GET that must succeed for nobody signed in.
    pub async fn json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        response.json().await.unwrap()
    }

    /// The JSON of a GET by `client` that must succeed.
    pub async fn json_by(&self, client: &reqwest::Client, path: &str) -> Value {
        let response = client.get(self.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.json().await.unwrap()
    }

    /// A new client signed in as `username`.
    pub async fn signed_in(&self, username: &str) -> reqwest::Client {
        sign_in(&self.base, &self.logins, username).await
    }

    /// Every record of a round as CSV, for checking that nothing changed.
    pub async fn records_csv(&self, round: &str) -> String {
        let response = self
            .admin
            .get(self.url(&format!("/api/v1/rounds/{round}/export.csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.text().await.unwrap()
    }
}

pub async fn sign_in(base: &str, logins: &[DemoLogin], username: &str) -> reqwest::Client {
    let login = logins.iter().find(|l| l.username == username).unwrap();
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let response = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": login.username, "password": login.password }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "sign in as {username}");
    client
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with_dist(None).await
}

/// The demo database, built once per test binary (its users' passwords are hashed with the
/// real, slow parameters) and copied for each test.
static TEMPLATE: tokio::sync::OnceCell<(tempfile::TempDir, Vec<DemoLogin>)> =
    tokio::sync::OnceCell::const_new();

async fn template() -> &'static (tempfile::TempDir, Vec<DemoLogin>) {
    TEMPLATE
        .get_or_init(|| async {
            let dir = tempfile::tempdir().unwrap();
            let store = SqliteStore::open_file(&dir.path().join("build.db"))
                .await
                .unwrap();
            let logins = scorecard_server::cli::load_demo(&store).await.unwrap().unwrap();
            // A self-contained copy: the live file may still have pages in its WAL.
            let template = dir.path().join("demo.db");
            sqlx::query("VACUUM INTO ?")
                .bind(template.to_str().unwrap())
                .execute(store.pool())
                .await
                .unwrap();
            store.pool().close().await;
            (dir, logins)
        })
        .await
}

pub async fn spawn_app_with_dist(dist: Option<&Path>) -> TestApp {
    spawn_demo(dist, Deployment::default()).await
}

/// The demo app as deployed behind a proxy, at a public origin.
pub async fn spawn_app_behind(deployment: Deployment) -> TestApp {
    spawn_demo(None, deployment).await
}

/// The demo app with these upload limits and PDF analyser (issue 12).
#[allow(dead_code, reason = "used by some test binaries only")]
pub async fn spawn_app_with_evidence(evidence: scorecard_service::evidence::EvidenceSettings) -> TestApp {
    let (template_dir, logins) = template().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(template_dir.path().join("demo.db"), dir.path().join("test.db")).unwrap();
    let db = dir.path().join("test.db");
    let store = SqliteStore::open_file(&db).await.unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        dist: None,
    };
    let mut state = AppState::new(Arc::new(store.clone()));
    state.service = state.service.with_evidence(evidence);
    serve_state(state, store, db, logins.clone(), dir, config).await
}

async fn spawn_demo(dist: Option<&Path>, deployment: Deployment) -> TestApp {
    let (template_dir, logins) = template().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(template_dir.path().join("demo.db"), dir.path().join("test.db")).unwrap();
    let db = dir.path().join("test.db");
    let store = SqliteStore::open_file(&db).await.unwrap();
    let logins = logins.clone();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        dist: dist.map(Path::to_path_buf),
    };
    serve(store, db, logins, dir, config, deployment).await
}

async fn serve(
    store: SqliteStore,
    db: std::path::PathBuf,
    logins: Vec<DemoLogin>,
    dir: tempfile::TempDir,
    config: Config,
    deployment: Deployment,
) -> TestApp {
    let mut state = AppState::new(Arc::new(store.clone()));
    state.deployment = Arc::new(deployment);
    serve_state(state, store, db, logins, dir, config).await
}

async fn serve_state(
    state: AppState,
    store: SqliteStore,
    db: std::path::PathBuf,
    logins: Vec<DemoLogin>,
    dir: tempfile::TempDir,
    config: Config,
) -> TestApp {
    let (addr, _) = scorecard_server::spawn(state, config).await.unwrap();
    let base = format!("http://{addr}");
    let user = |role: Role, nth: usize| {
        logins
            .iter()
            .filter(|l| l.role == role)
            .nth(nth)
            .or_else(|| logins.first())
            .unwrap()
            .username
            .clone()
    };
    TestApp {
        admin: sign_in(&base, &logins, &user(Role::Admin, 0)).await,
        reviewer: sign_in(&base, &logins, &user(Role::Reviewer, 0)).await,
        inspector: sign_in(&base, &logins, &user(Role::Inspector, 0)).await,
        other_inspector: sign_in(&base, &logins, &user(Role::Inspector, 1)).await,
        leader: sign_in(&base, &logins, &user(Role::Leader, 0)).await,
        unit: sign_in(&base, &logins, &user(Role::Unit, 0)).await,
        base,
        client: reqwest::Client::new(),
        logins,
        store,
        db,
        _dir: dir,
    }
}

/// A server over a database with the shipped organisations and catalogs, one open round `2019`
/// using the 2019 catalog, no records, and only an admin.
pub async fn spawn_empty_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    let store = SqliteStore::open_file(&db).await.unwrap();
    let shipped = scorecard_dataset::demo().unwrap();
    store
        .ensure_reference(&shipped.organizations, &shipped.catalogs)
        .await
        .unwrap();
    let actor = Actor::system("test");
    let mut round = open_round("2019");
    round.starts_on = NaiveDate::from_ymd_opt(2019, 9, 1).unwrap();
    store.create_round(&round, &actor).await.unwrap();
    let password = "mật khẩu quản trị thử".to_owned();
    let hash = scorecard_service::password::Hasher::new(1)
        .hash(password.clone())
        .await;
    let admin = NewUser {
        username: "quantri".into(),
        display_name: String::new(),
        role: Role::Admin,
        password_hash: hash,
        organization: None,
    };
    store.create_user(&admin, &actor).await.unwrap();
    let logins = vec![DemoLogin {
        username: "quantri".into(),
        role: Role::Admin,
        password,
    }];
    serve(
        store,
        db,
        logins,
        dir,
        Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            dist: None,
        },
        Deployment::default(),
    )
    .await
}

pub fn open_round(id: &str) -> Round {
    Round {
        id: RoundId::parse(id).unwrap(),
        name_vi: "Kiểm tra năm 2026".into(),
        name_en: "Inspection 2026".into(),
        catalog: CatalogId::parse("cpdt-2019").unwrap(),
        starts_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        ends_on: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        state: RoundState::Open,
        illustrative: false,
    }
}

/// Asserts a problem+json answer: its status, the field at fault and the English detail.
pub async fn check_problem(
    response: reqwest::Response,
    status: u16,
    field: Option<&str>,
    detail_en: &str,
) -> Value {
    assert_eq!(response.status(), status, "{detail_en}");
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["detail_en"], detail_en);
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(body["field"].as_str(), field, "{detail_en}");
    body
}

/// An instant `hours_from_now` hours from now, as the API takes it (RFC 3339, UTC).
pub fn instant(hours_from_now: i64) -> String {
    (scorecard_service::participation::now() + chrono::Duration::hours(hours_from_now))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A schedule whose phases follow one another from `start` hours from now, one day each.
pub fn schedule(start: i64, with_self_assessment: bool) -> serde_json::Value {
    let phases = [
        "self_assessment",
        "inspection",
        "preliminary",
        "explanations",
        "final",
    ];
    let windows: Vec<serde_json::Value> = phases
        .iter()
        .filter(|p| with_self_assessment || **p != "self_assessment")
        .enumerate()
        .map(|(i, phase)| {
            let from = start + 24 * i as i64;
            serde_json::json!({ "phase": phase, "opens_at": instant(from), "closes_at": instant(from + 24) })
        })
        .collect();
    serde_json::json!({ "phases": windows })
}
