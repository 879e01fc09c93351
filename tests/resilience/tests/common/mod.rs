//! The demo served in-process on a free loopback port, with a temporary database.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::Arc;

use scorecard_resilience_tests::writes::{self, Session};
use scorecard_server::app::{AppState, Config};
use scorecard_store::SqliteStore;

pub struct App {
    pub base: String,
    pub store: SqliteStore,
    pub http: reqwest::Client,
    /// A signed-in session per demo user name.
    pub sessions: HashMap<String, Session>,
    pub passwords: HashMap<String, String>,
    _dir: tempfile::TempDir,
}

impl App {
    pub fn session(&self, username: &str) -> &Session {
        &self.sessions[username]
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// The demo (published rounds, the open round 2026, one user per role), every user signed in.
pub async fn spawn_demo() -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_file(&dir.path().join("demo.db")).await.unwrap();
    let logins = scorecard_server::cli::load_demo(&store).await.unwrap().unwrap();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        dist: None,
    };
    let (addr, _) = scorecard_server::spawn(AppState::new(Arc::new(store.clone())), config)
        .await
        .unwrap();
    let base = format!("http://{addr}");
    let http = writes::http_client();
    let mut sessions = HashMap::new();
    let mut passwords = HashMap::new();
    for login in logins {
        let session = Session::sign_in(&http, &base, &login.username, &login.password)
            .await
            .unwrap();
        sessions.insert(login.username.clone(), session);
        passwords.insert(login.username, login.password);
    }
    App {
        base,
        store,
        http,
        sessions,
        passwords,
        _dir: dir,
    }
}
