//! The test server: a real `scorecard` app on port 0 with a fresh temporary database each,
//! holding the demo rounds plus an open round `2026` for writes.

#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use reqwest::{Method, RequestBuilder};
use scorecard_domain::{CatalogId, Round, RoundId, RoundState};
use scorecard_server::app::{AppState, Config};
use scorecard_store::{SqliteStore, Store};
use serde_json::Value;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(Method::GET, path).send().await.unwrap()
    }

    pub async fn json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        response.json().await.unwrap()
    }

    /// Every record of a round as CSV, for checking that nothing changed.
    pub async fn records_csv(&self, round: &str) -> String {
        self.get(&format!("/api/v1/rounds/{round}/export.csv"))
            .await
            .text()
            .await
            .unwrap()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with_dist(None).await
}

pub async fn spawn_app_with_dist(dist: Option<&Path>) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_file(&dir.path().join("test.db")).await.unwrap();
    scorecard_server::cli::load_demo(&store).await.unwrap();
    store.create_round(&open_round("2026")).await.unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        dist: dist.map(Path::to_path_buf),
    };
    let state = AppState::new(Arc::new(store.clone()));
    let (addr, _) = scorecard_server::spawn(state, config).await.unwrap();
    TestApp {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        store,
        _dir: dir,
    }
}

/// A server over a database with the shipped organisations and catalogs, one open round `2019`
/// using the 2019 catalog, and no records.
pub async fn spawn_empty_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_file(&dir.path().join("empty.db"))
        .await
        .unwrap();
    let shipped = scorecard_dataset::demo().unwrap();
    store
        .ensure_reference(&shipped.organizations, &shipped.catalogs)
        .await
        .unwrap();
    let mut round = open_round("2019");
    round.starts_on = NaiveDate::from_ymd_opt(2019, 9, 1).unwrap();
    store.create_round(&round).await.unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        dist: None,
    };
    let (addr, _) = scorecard_server::spawn(AppState::new(Arc::new(store.clone())), config)
        .await
        .unwrap();
    TestApp {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        store,
        _dir: dir,
    }
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
