//! Issue 11: the server is one service whoever else writes to its database: a command on the
//! same SQLite file, or other server instances on the same PostgreSQL database.

mod common;

use std::process::Command;

use common::spawn_empty_app;
use serde_json::Value;

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
