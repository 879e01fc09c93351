//! Writing records over HTTP: If-Match and ETags, the workflow table, and the rules of rounds.

mod common;

use common::{check_problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const RECORD: &str = "/api/v1/rounds/2026/records/btc/TC-01";

async fn put(app: &common::TestApp, path: &str, if_match: Option<&str>, body: Value) -> reqwest::Response {
    let mut request = app.by(&app.inspector, Method::PUT, path).json(&body);
    if let Some(tag) = if_match {
        request = request.header("if-match", tag);
    }
    request.send().await.unwrap()
}

async fn post(app: &common::TestApp, path: &str, body: Option<Value>) -> reqwest::Response {
    // Reviewers approve and return; inspectors submit.
    let client = if path.ends_with("/approve") || path.ends_with("/return") {
        &app.reviewer
    } else {
        &app.inspector
    };
    let mut request = app.by(client, Method::POST, path);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

fn etag(response: &reqwest::Response) -> String {
    response.headers()["etag"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_record_is_created_with_if_match_star_and_changed_with_its_etag() {
    let app = spawn_app().await;
    let created = put(
        &app,
        RECORD,
        Some("*"),
        json!({"outcome": "not_met", "evidence": "Chưa có quy chế"}),
    )
    .await;
    assert_eq!(created.status(), 201);
    let first = etag(&created);
    assert_eq!(first, "\"v1\"");

    let read = app.by(&app.inspector, Method::GET, RECORD).send().await.unwrap();
    assert_eq!(etag(&read), first);
    let body: Value = read.json().await.unwrap();
    assert_eq!(
        (body["outcome"].as_str(), body["state"].as_str()),
        (Some("not_met"), Some("draft"))
    );

    let changed = put(
        &app,
        RECORD,
        Some(&first),
        json!({"outcome": "met", "evidence": "QĐ 12/QĐ-BTC"}),
    )
    .await;
    assert_eq!(changed.status(), 200);
    assert_eq!(etag(&changed), "\"v2\"");
}

#[tokio::test]
async fn a_write_without_if_match_gets_428_and_a_stale_one_412() {
    let app = spawn_app().await;
    check_problem(
        put(&app, RECORD, None, json!({"outcome": "met"})).await,
        428,
        None,
        "The If-Match header is missing: send the ETag of the version you edit, or If-Match: * to create.",
    )
    .await;
    put(&app, RECORD, Some("*"), json!({"outcome": "met"})).await;
    put(&app, RECORD, Some("\"v1\""), json!({"outcome": "not_met"})).await;
    let stale = put(&app, RECORD, Some("\"v1\""), json!({"outcome": "met"})).await;
    assert_eq!(etag(&stale), "\"v2\"");
    let body = check_problem(
        stale,
        412,
        None,
        "Someone else changed this record meanwhile. Reload it to see the new version, then decide.",
    )
    .await;
    assert_eq!(body["current_etag"], "\"v2\"");
    check_problem(
        put(&app, RECORD, Some("*"), json!({"outcome": "met"})).await,
        412,
        None,
        "Someone else changed this record meanwhile. Reload it to see the new version, then decide.",
    )
    .await;
    check_problem(
        put(
            &app,
            "/api/v1/rounds/2026/records/bct/TC-01",
            Some("\"v1\""),
            json!({"outcome": "met"}),
        )
        .await,
        412,
        None,
        "This record does not exist yet; create it with If-Match: *.",
    )
    .await;
    let record: Value = app.json_by(&app.inspector, RECORD).await;
    assert_eq!(record["outcome"], "not_met", "the stale write changed nothing");
}

#[tokio::test]
async fn invalid_bodies_name_the_field_at_fault() {
    let app = spawn_app().await;
    let ratio = "/api/v1/rounds/2026/records/btc/VB-01";
    check_problem(
        put(&app, ratio, Some("*"), json!({"value": 1.7})).await,
        422,
        Some("value"),
        "ratio 1.7 is outside [0, 1]; a percentage is written with its sign, e.g. 85,5%",
    )
    .await;
    check_problem(
        put(&app, RECORD, Some("*"), json!({"outcome": "pilot"})).await,
        422,
        Some("outcome"),
        "outcome `pilot` does not fit a pass_fail criterion; allowed: met, not_met, not_applicable",
    )
    .await;
    check_problem(
        put(
            &app,
            RECORD,
            Some("*"),
            json!({"outcome": "met", "assessed_on": "2026-02-31"}),
        )
        .await,
        422,
        Some("assessed_on"),
        "`2026-02-31` is not a date written YYYY-MM-DD or DD/MM/YYYY, or the day does not exist",
    )
    .await;
    let unknown = put(&app, RECORD, Some("*"), json!({"outcome": "met", "score": 100})).await;
    let body = check_problem_status(unknown, 400).await;
    assert!(
        body["detail_en"]
            .as_str()
            .unwrap()
            .contains("unknown field `score`"),
        "{body}"
    );
    let accepted = put(&app, ratio, Some("*"), json!({"value": "85,5%"})).await;
    assert_eq!(accepted.status(), 201);
    let record: Value = accepted.json().await.unwrap();
    assert_eq!(record["value"], 0.855);
    check_problem(
        put(
            &app,
            "/api/v1/rounds/2026/records/nobody/TC-01",
            Some("*"),
            json!({"outcome": "met"}),
        )
        .await,
        404,
        None,
        "Organisation `nobody` was not found.",
    )
    .await;
    check_problem(
        put(
            &app,
            "/api/v1/rounds/2026/records/btc/ZZ-99",
            Some("*"),
            json!({"outcome": "met"}),
        )
        .await,
        404,
        None,
        "Criterion `ZZ-99` in catalog `cpdt-2025` was not found.",
    )
    .await;
}

async fn check_problem_status(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    response.json().await.unwrap()
}

#[tokio::test]
async fn records_of_a_closed_round_are_read_only() {
    let app = spawn_app().await;
    record_in(&app, "submitted").await;
    let closed = app
        .by(&app.admin, Method::POST, "/api/v1/rounds/2026/state")
        .json(&json!({"state": "closed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status(), 200);
    let tag = etag(&app.by(&app.inspector, Method::GET, RECORD).send().await.unwrap());
    check_problem(
        put(&app, RECORD, Some(&tag), json!({"outcome": "not_met"})).await,
        409,
        None,
        "Round `2026` is closed: its records are read-only.",
    )
    .await;
    check_problem(
        post(&app, &format!("{RECORD}/approve"), None).await,
        409,
        None,
        "Round `2026` is closed: its records are read-only.",
    )
    .await;
}

/// The state a record is in, reached through the API from a fresh draft.
async fn record_in(app: &common::TestApp, state: &str) {
    put(app, RECORD, Some("*"), json!({"outcome": "met"})).await;
    let steps: &[&str] = match state {
        "draft" => &[],
        "submitted" => &["submit"],
        "approved" => &["submit", "approve"],
        "returned" => &["submit", "return"],
        other => panic!("{other}"),
    };
    for step in steps {
        let body = (*step == "return").then(|| json!({"comment": "Bổ sung số văn bản"}));
        assert_eq!(
            post(app, &format!("{RECORD}/{step}"), body).await.status(),
            200,
            "{step}"
        );
    }
}

#[tokio::test]
async fn the_workflow_allows_exactly_its_transitions() {
    let table = [
        ("draft", "submit", Some("submitted")),
        ("draft", "approve", None),
        ("draft", "return", None),
        ("submitted", "submit", None),
        ("submitted", "approve", Some("approved")),
        ("submitted", "return", Some("returned")),
        ("approved", "submit", None),
        ("approved", "approve", None),
        ("approved", "return", None),
        ("returned", "submit", Some("submitted")),
        ("returned", "approve", None),
        ("returned", "return", None),
    ];
    for (from, action, to) in table {
        let app = spawn_app().await;
        record_in(&app, from).await;
        let body = (action == "return").then(|| json!({"comment": "Thiếu bằng chứng"}));
        let response = post(&app, &format!("{RECORD}/{action}"), body).await;
        match to {
            Some(to) => {
                assert_eq!(response.status(), 200, "{from} {action}");
                let record: Value = response.json().await.unwrap();
                assert_eq!(record["state"], to, "{from} {action}");
            }
            None => {
                assert_eq!(response.status(), 409, "{from} {action}");
                let record: Value = app.json_by(&app.inspector, RECORD).await;
                assert_eq!(record["state"], from, "a refused step changes nothing");
            }
        }
    }
}

#[tokio::test]
async fn a_returned_record_carries_the_comment_and_can_be_edited_again() {
    let app = spawn_app().await;
    record_in(&app, "returned").await;
    let record = app.json_by(&app.inspector, RECORD).await;
    assert_eq!(record["review_comment"], "Bổ sung số văn bản");
    let tag = record["etag"].as_str().unwrap().to_owned();
    let edited = put(
        &app,
        RECORD,
        Some(&tag),
        json!({"outcome": "met", "evidence": "QĐ 12/QĐ-BTC"}),
    )
    .await;
    assert_eq!(edited.status(), 200);
    check_problem(
        post(
            &app,
            &format!("{RECORD}/return"),
            Some(json!({"comment": "Lần nữa"})),
        )
        .await,
        409,
        None,
        "A record that is returned cannot be returned.",
    )
    .await;
}

#[tokio::test]
async fn a_submitted_record_cannot_be_edited_and_a_return_needs_a_reason() {
    let app = spawn_app().await;
    record_in(&app, "submitted").await;
    let tag = etag(&app.by(&app.inspector, Method::GET, RECORD).send().await.unwrap());
    check_problem(
        put(&app, RECORD, Some(&tag), json!({"outcome": "not_met"})).await,
        409,
        None,
        "The record is submitted: it cannot be changed unless a reviewer returns it.",
    )
    .await;
    check_problem(
        post(&app, &format!("{RECORD}/return"), Some(json!({"comment": " "}))).await,
        400,
        Some("comment"),
        "When returning a record, write the reason so the inspector can fix it.",
    )
    .await;
    let stale = app
        .by(&app.reviewer, Method::POST, &format!("{RECORD}/approve"))
        .header("if-match", "\"v1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 412);
}

#[tokio::test]
async fn rankings_follow_approvals_and_ignore_drafts() {
    let app = spawn_app().await;
    let ranking = |app: &common::TestApp| {
        let url = app.url("/api/v1/rounds/2026/ranking");
        let client = app.leader.clone();
        async move {
            client
                .get(url)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    record_in(&app, "draft").await;
    let official = ranking(&app).await;
    assert_eq!(official["entries"][0]["score"], 0.0, "a draft does not count");
    post(&app, &format!("{RECORD}/submit"), None).await;
    let preliminary = app
        .json_by(&app.leader, "/api/v1/rounds/2026/ranking?preliminary=true")
        .await;
    assert_eq!(preliminary["preliminary"], true);
    assert!(preliminary["entries"][0]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(
        ranking(&app).await["entries"][0]["score"],
        0.0,
        "submitted is not official"
    );
    post(&app, &format!("{RECORD}/approve"), None).await;
    let after = ranking(&app).await;
    assert_eq!(after["entries"][0]["score"], 15.0, "TC-01 weighs 15 of 100");
}

#[tokio::test]
async fn the_records_list_filters_by_organisation_criterion_and_state() {
    let app = spawn_app().await;
    let all = app.json("/api/v1/rounds/2019/records").await;
    assert_eq!(all.as_array().unwrap().len(), 84);
    let btc = app.json("/api/v1/rounds/2019/records?org=btc").await;
    assert_eq!(btc.as_array().unwrap().len(), 7);
    let one = app
        .json("/api/v1/rounds/2019/records?org=btc&criterion=VB-01&state=approved")
        .await;
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["value"], 0.95);
    let drafts = app.json("/api/v1/rounds/2019/records?state=draft").await;
    assert!(drafts.as_array().unwrap().is_empty());
    check_problem(
        app.get("/api/v1/rounds/2019/records?state=done").await,
        400,
        Some("state"),
        "The `state` filter value `done` is not valid.",
    )
    .await;
}
