//! Issue 11: the server is one service whoever else writes to its database: a command on the
//! same SQLite file, or other server instances on the same PostgreSQL database.

mod common;

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::spawn_empty_app;
use reqwest::Method;
use scorecard_resilience_tests::crash::check_saves;
use scorecard_resilience_tests::process::ServerProcess;
use scorecard_resilience_tests::rng::Rng;
use scorecard_resilience_tests::writes::{self, Session};
use scorecard_test_postgres::Cluster;
use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_scorecard");

/// The official ranking of round 2019 as the admin reads it: the top score, if anyone is ranked.
async fn top_score(app: &common::TestApp) -> Option<f64> {
    let ranking: Value = app.json_by(&app.admin, "/api/v1/rounds/2019/ranking").await;
    ranking["entries"][0]["score"].as_f64()
}

#[tokio::test]
async fn an_import_by_the_command_line_into_a_running_servers_database_shows_at_once() {
    let app = spawn_empty_app().await;
    // Read twice, so that the ranking is served from the cache.
    assert_eq!(top_score(&app).await, None);
    assert_eq!(top_score(&app).await, None);
    let csv = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/demo/records-2019.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .arg("--db")
        .arg(&app.db)
        .args(["import", "--round", "2019", csv, "--approve"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let top = top_score(&app).await;
    assert!(
        top > Some(0.0),
        "the cached ranking was served after the import: {top:?}"
    );
}

/// A `scorecard serve` on the PostgreSQL database at `url`.
async fn instance(url: &str, dist: &Path, demo: bool) -> ServerProcess {
    let database = [OsStr::new("--database-url"), OsStr::new(url)];
    ServerProcess::start_with(Path::new(BINARY), &database, dist, demo, &[])
        .await
        .unwrap()
}

/// `scorecard --database-url URL audit verify` succeeds.
fn audit_verifies(url: &str) -> String {
    let out = Command::new(BINARY)
        .args(["--database-url", url, "audit", "verify"])
        .env("SCORECARD_LOG", "warn")
        .output()
        .unwrap();
    let text = common::printed(&out);
    assert!(out.status.success(), "{text}");
    text
}

/// The ETag of a record (`*` when it does not exist yet).
async fn etag_of(session: &Session, url: &str) -> String {
    let response = session.request(Method::GET, url).send().await.unwrap();
    match response.headers().get("etag") {
        Some(etag) if response.status() == 200 => etag.to_str().unwrap().to_owned(),
        _ => "*".to_owned(),
    }
}

/// Every demo user signed in on `base`.
async fn sessions(server: &ServerProcess, base: &str) -> HashMap<String, Session> {
    let http = writes::http_client();
    let mut sessions = HashMap::new();
    for login in &server.logins {
        let session = Session::sign_in(&http, base, &login.username, &login.password)
            .await
            .unwrap();
        sessions.insert(login.username.clone(), session);
    }
    sessions
}

/// The preliminary score of `org` in round 2026, read through `base`.
async fn preliminary_score(leader: &Session, base: &str, org: &str) -> f64 {
    let ranking = leader
        .json(format!("{base}/api/v1/rounds/2026/ranking?preliminary=true"))
        .await
        .unwrap();
    ranking["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["organization"] == org)
        .and_then(|e| e["score"].as_f64())
        .unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgresql_database_behave_as_one_service() {
    let url = Cluster::shared().database();
    let dist = tempfile::tempdir().unwrap();
    let a = instance(&url, dist.path(), true).await;
    let b = instance(&url, dist.path(), false).await;
    let users = sessions(&a, &a.base).await;
    let (leader, inspector) = (&users["lanhdao"], &users["canbo.an"]);

    // Inspectors writing through both at once leave one unbroken audit chain.
    let mut rng = Rng::new(11);
    let writers = writes::demo_writers(4, &users, &mut rng).unwrap();
    let deadline = Instant::now() + Duration::from_secs(2);
    let tasks: Vec<_> = writers
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            let base = if i % 2 == 0 {
                a.base.clone()
            } else {
                b.base.clone()
            };
            tokio::spawn(w.save_until(base, deadline))
        })
        .collect();
    let mut writers = Vec::new();
    for task in tasks {
        writers.push(task.await.unwrap().unwrap());
    }
    assert!(writers.iter().map(|w| w.acknowledged).sum::<usize>() >= 4);
    check_saves(&users["quantri"], &b.base, &mut writers)
        .await
        .unwrap();

    // A session made through A works on B.
    let me = leader.json(format!("{}/api/v1/session", b.base)).await.unwrap();
    assert_eq!(me["user"]["username"], "lanhdao");

    // A record saved and submitted through A shows in B's cached ranking on the next request.
    let before = preliminary_score(leader, &b.base, "btc").await;
    assert_eq!(preliminary_score(leader, &b.base, "btc").await, before);
    let record = format!("{}/api/v1/rounds/2026/records/btc/TC-01", a.base);
    let saved = inspector
        .request(Method::PUT, &record)
        .header("if-match", etag_of(inspector, &record).await)
        .json(&json!({ "outcome": "met", "evidence": "Quyết định số 1/QĐ-BTC" }))
        .send()
        .await
        .unwrap();
    assert!(saved.status().is_success(), "{}", saved.status());
    let etag = saved.headers()["etag"].to_str().unwrap().to_owned();
    let submitted = inspector
        .request(Method::POST, &format!("{record}/submit"))
        .header("if-match", etag)
        .send()
        .await
        .unwrap();
    assert!(submitted.status().is_success(), "{}", submitted.status());
    let after = preliminary_score(leader, &b.base, "btc").await;
    assert!(after > before, "B served its cached ranking: {before} → {after}");

    // 32 concurrent saves of the same version, spread over both instances: exactly one wins.
    let contested = "api/v1/rounds/2026/records/bct/TC-01";
    let etag = etag_of(inspector, &format!("{}/{contested}", a.base)).await;
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let base = if i % 2 == 0 {
                a.base.clone()
            } else {
                b.base.clone()
            };
            let (session, etag) = (inspector.clone(), etag.clone());
            tokio::spawn(async move {
                session
                    .request(Method::PUT, &format!("{base}/{contested}"))
                    .header("if-match", etag)
                    .json(&json!({ "outcome": "met", "note": format!("writer {i}") }))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 412).count(), 31, "{statuses:?}");

    // Failed sign-ins through A count on B.
    let http = writes::http_client();
    for _ in 0..5 {
        let wrong = http
            .post(format!("{}/api/v1/session", a.base))
            .json(&json!({ "username": "khong-ai", "password": "sai mật khẩu" }))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 401);
    }
    let limited = http
        .post(format!("{}/api/v1/session", b.base))
        .json(&json!({ "username": "khong-ai", "password": "sai mật khẩu" }))
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status(), 429);

    a.kill().await.unwrap();
    b.kill().await.unwrap();
    assert!(audit_verifies(&url).contains("intact"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_one_instance_under_writes_loses_no_acknowledged_save() {
    let url = Cluster::shared().database();
    let dist = tempfile::tempdir().unwrap();
    let a = instance(&url, dist.path(), true).await;
    let b = instance(&url, dist.path(), false).await;
    let users = sessions(&a, &a.base).await;
    let mut rng = Rng::new(12);
    let mut writers = writes::demo_writers(4, &users, &mut rng).unwrap();
    let on_b: Vec<_> = writers
        .split_off(2)
        .into_iter()
        .map(|w| tokio::spawn(w.save_until(b.base.clone(), Instant::now() + Duration::from_secs(3))))
        .collect();
    let on_a: Vec<_> = writers
        .into_iter()
        .map(|w| tokio::spawn(w.save_until_interrupted(a.base.clone())))
        .collect();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    a.kill().await.unwrap();
    let mut writers = Vec::new();
    for task in on_a.into_iter().chain(on_b) {
        writers.push(task.await.unwrap().unwrap());
    }
    // B kept serving: its writers' every save was acknowledged until their deadline.
    assert!(writers[2..].iter().all(|w| w.acknowledged > 0));
    check_saves(&users["quantri"], &b.base, &mut writers)
        .await
        .unwrap();
    b.kill().await.unwrap();
    audit_verifies(&url);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_postgresql_stops_requests_answer_503_and_the_service_recovers_by_itself() {
    // A cluster of its own: this test stops it.
    let cluster = Cluster::start().unwrap();
    let url = cluster.database();
    let dist = tempfile::tempdir().unwrap();
    let server = instance(&url, dist.path(), true).await;
    let users = sessions(&server, &server.base).await;
    let leader = &users["lanhdao"];
    let http = writes::http_client();
    let get = |path: &str| http.get(format!("{}{path}", server.base)).send();
    assert_eq!(get("/api/v1/ready").await.unwrap().status(), 200);

    cluster.stop_immediately().unwrap();
    let started = Instant::now();
    let ready = get("/api/v1/ready").await.unwrap();
    assert_eq!(ready.status(), 503);
    assert_eq!(ready.headers()["content-type"], "application/problem+json");
    assert!(ready.headers().contains_key("retry-after"));
    let body: Value = ready.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("Cơ sở dữ liệu"),
        "{body}"
    );
    let save = users["canbo.an"]
        .request(
            Method::PUT,
            &format!("{}/api/v1/rounds/2026/records/btc/TC-01", server.base),
        )
        .header("if-match", "*")
        .json(&json!({ "outcome": "met" }))
        .send()
        .await
        .unwrap();
    assert_eq!(save.status(), 503);
    let ranking = leader
        .request(
            Method::GET,
            &format!("{}/api/v1/rounds/2019/ranking", server.base),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(ranking.status(), 503);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // Liveness does not depend on the database.
    assert_eq!(get("/api/v1/health").await.unwrap().status(), 200);

    cluster.start_server().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while get("/api/v1/ready").await.unwrap().status() != 200 {
        assert!(
            Instant::now() < deadline,
            "the server did not find the database again"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let ranking = leader
        .json(format!("{}/api/v1/rounds/2019/ranking", server.base))
        .await
        .unwrap();
    assert!(ranking["entries"].as_array().is_some_and(|e| !e.is_empty()));
    // SIGTERM ends the process cleanly.
    assert!(
        server.terminate().await.unwrap(),
        "the server did not exit successfully on SIGTERM"
    );
}

#[test]
fn the_database_url_names_a_supported_engine_and_a_flag_wins_over_the_environment() {
    let refused = Command::new(BINARY)
        .args([
            "--database-url",
            "mysql://an:bi-mat@db.example/scorecard",
            "audit",
            "verify",
        ])
        .output()
        .unwrap();
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        message.contains("sqlite://") && message.contains("postgres://"),
        "{message}"
    );
    assert!(message.contains("không được hỗ trợ"), "{message}");
    assert!(!message.contains("bi-mat"), "the password was shown: {message}");

    // `--db` wins over SCORECARD_DATABASE_URL (which names a server that does not exist).
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("flag.db");
    let out = Command::new(BINARY)
        .env("SCORECARD_DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .arg("--db")
        .arg(&db)
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(db.exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_gives_the_same_figures_on_postgresql_as_on_sqlite() {
    let csv = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/demo/records-2019.csv");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("same.db");
    let postgres = Cluster::shared().database();
    let run = |engine: &str, args: &[&str]| {
        let mut command = Command::new(BINARY);
        if engine == "postgres" {
            // From the environment, as a systemd unit would give it.
            command.env("SCORECARD_DATABASE_URL", &postgres);
        } else {
            command.arg("--db").arg(&file);
        }
        let out = command.args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{engine} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let mut figures = Vec::new();
    for engine in ["sqlite", "postgres"] {
        run(engine, &common::CREATE_ROUND_2019);
        run(engine, &["import", "--round", "2019", csv, "--approve"]);
        let json: Value =
            serde_json::from_str(&run(engine, &["export", "--round", "2019", "--format", "json"])).unwrap();
        assert!(run(engine, &["audit", "verify"]).contains("intact"));
        figures.push((json["ranking"].clone(), json["summary"].clone()));
    }
    assert!(figures[0].0["entries"].as_array().is_some_and(|e| e.len() >= 10));
    assert_eq!(figures[0], figures[1]);
}

#[test]
fn db_copy_moves_an_installation_to_postgresql_and_back_and_refuses_a_full_destination() {
    let csv = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/demo/records-2019.csv");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("from.db");
    let back = dir.path().join("back.db");
    let postgres = Cluster::shared().database();
    let run = |args: &[&str]| {
        let out = Command::new(BINARY).args(args).output().unwrap();
        let text = common::printed(&out);
        (out.status.success(), text)
    };
    let file_arg = file.to_str().unwrap();
    for args in [
        [&["--db", file_arg][..], &common::CREATE_ROUND_2019].concat(),
        vec!["--db", file_arg, "import", "--round", "2019", csv, "--approve"],
    ] {
        let (ok, text) = run(&args);
        assert!(ok, "{text}");
    }
    let figures = |database: &[&str]| {
        let mut args = database.to_vec();
        args.extend(["export", "--round", "2019", "--format", "json"]);
        let out = Command::new(BINARY).args(&args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let expected = figures(&["--db", file_arg]);

    let (ok, text) = run(&["db", "copy", "--from", file_arg, "--to", &postgres]);
    assert!(
        ok && text.contains("records: ") && text.contains("intact"),
        "{text}"
    );
    assert_eq!(figures(&["--database-url", &postgres]), expected);
    let (ok, text) = run(&["db", "copy", "--from", &postgres, "--to", back.to_str().unwrap()]);
    assert!(ok, "{text}");
    assert_eq!(figures(&["--db", back.to_str().unwrap()]), expected);

    let (ok, text) = run(&["db", "copy", "--from", file_arg, "--to", &postgres]);
    assert!(
        !ok && text.contains("already holds") && text.contains("đã có dữ liệu"),
        "{text}"
    );
    let (ok, text) = run(&[
        "db",
        "copy",
        "--from",
        "/nonexistent/x.db",
        "--to",
        back.to_str().unwrap(),
    ]);
    assert!(!ok && text.contains("does not exist"), "{text}");
}
