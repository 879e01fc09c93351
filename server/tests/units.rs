//! Issue 13, first part: the contact of an inspected organisation (role `unit`), bound to it.
//! They see their own organisation's records and evidence files in the rounds that inspect it,
//! and everyone's published results; nothing else, and they change nothing yet.

mod common;

use common::{TestApp, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn status(app: &TestApp, client: &reqwest::Client, method: Method, path: &str) -> StatusCode {
    app.by(client, method, path).send().await.unwrap().status()
}

#[tokio::test]
async fn a_unit_contact_sees_its_own_organisation_and_published_results_only() {
    let app = spawn_app().await;
    let me = app.json_by(&app.unit, "/api/v1/me").await;
    assert_eq!(
        (&me["role"], &me["organization"]),
        (&json!("unit"), &json!("btc"))
    );

    // The inspector records btc and bct in the open round, with a file each.
    for org in ["btc", "bct"] {
        let saved = app
            .by(
                &app.inspector,
                Method::PUT,
                &format!("/api/v1/rounds/2026/records/{org}/TC-01"),
            )
            .header("if-match", "*")
            .json(&json!({ "outcome": "met", "evidence": "Quyết định số 12/QĐ" }))
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), StatusCode::CREATED);
        let part =
            reqwest::multipart::Part::bytes(format!("Quy chế {org}").into_bytes()).file_name("quy-che.txt");
        let uploaded = app
            .by(
                &app.inspector,
                Method::POST,
                &format!("/api/v1/rounds/2026/records/{org}/TC-01/files"),
            )
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .unwrap();
        assert_eq!(uploaded.status(), StatusCode::CREATED);
    }

    // Its own records and files in the round that inspects it, in every state.
    let records = app.json_by(&app.unit, "/api/v1/rounds/2026/records").await;
    let orgs: Vec<&str> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["organization"].as_str().unwrap())
        .collect();
    assert_eq!(orgs, ["btc"]);
    assert_eq!(records[0]["state"], "draft");
    let files: Value = app.json_by(&app.unit, "/api/v1/rounds/2026/files?org=btc").await;
    assert_eq!(files.as_array().unwrap().len(), 1);
    let own = files[0]["id"].as_i64().unwrap();
    assert_eq!(
        status(&app, &app.unit, Method::GET, &format!("/api/v1/files/{own}")).await,
        StatusCode::OK
    );

    // Not another organisation's, not the round's figures, people or template.
    let everything = app
        .json_by(&app.inspector, "/api/v1/rounds/2026/files?org=bct")
        .await;
    let other = everything[0]["id"].as_i64().unwrap();
    let refused = [
        (
            Method::GET,
            "/api/v1/rounds/2026/records?org=bct".to_owned(),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/api/v1/rounds/2026/records/bct/TC-01".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            format!("/api/v1/files/{other}"),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::GET,
            "/api/v1/rounds/2026/ranking".to_owned(),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/api/v1/rounds/2026/summary".to_owned(),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/api/v1/rounds/2026/assignments".to_owned(),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/api/v1/rounds/2026/template.xlsx".to_owned(),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/api/v1/rounds/2026/export.pdf".to_owned(),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::GET,
            "/api/v1/rounds/2026/ranking?preliminary=true".to_owned(),
            StatusCode::FORBIDDEN,
        ),
    ];
    for (method, path, want) in refused {
        assert_eq!(status(&app, &app.unit, method, &path).await, want, "{path}");
    }
    // It changes no record, and never removes the inspector's files (tests/self_assessment.rs
    // has what it does in the phases of a round).
    let put = app
        .by(&app.unit, Method::PUT, "/api/v1/rounds/2026/records/btc/TC-02")
        .header("if-match", "*")
        .json(&json!({ "outcome": "met" }))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        status(&app, &app.unit, Method::DELETE, &format!("/api/v1/files/{own}")).await,
        StatusCode::FORBIDDEN
    );

    // Published results are everyone's: 2019's ranking and approved records.
    assert_eq!(
        status(&app, &app.unit, Method::GET, "/api/v1/rounds/2019/ranking").await,
        StatusCode::OK
    );
    let published = app.json_by(&app.unit, "/api/v1/rounds/2019/records").await;
    assert!(
        published.as_array().unwrap().len() > 12,
        "every organisation's approved records"
    );
}

#[tokio::test]
async fn a_unit_contact_is_created_with_its_organisation_and_keeps_that_role() {
    let app = spawn_app().await;
    let create = |body: Value| {
        app.by(&app.admin, Method::POST, "/api/v1/users")
            .json(&body)
            .send()
    };
    let without =
        create(json!({ "username": "donvi.bct", "role": "unit", "password": "một mật khẩu đủ dài" }))
            .await
            .unwrap();
    assert_eq!(without.status(), StatusCode::BAD_REQUEST);
    let problem: Value = without.json().await.unwrap();
    assert_eq!(problem["field"], "organization");
    assert!(
        problem["detail"].as_str().unwrap().contains("đơn vị"),
        "{problem}"
    );
    let unknown = create(json!({ "username": "donvi.bct", "role": "unit", "organization": "khong-co", "password": "một mật khẩu đủ dài" })).await.unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let inspector_with_one = create(json!({ "username": "canbo.moi", "role": "inspector", "organization": "bct", "password": "một mật khẩu đủ dài" })).await.unwrap();
    assert_eq!(inspector_with_one.status(), StatusCode::BAD_REQUEST);
    let created = create(json!({ "username": "donvi.bct", "display_name": "Đầu mối Bộ Công Thương", "role": "unit", "organization": "bct", "password": "một mật khẩu đủ dài" })).await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["organization"], "bct");

    // A unit contact stays one, and nobody becomes one by a role change.
    let id = created["id"].as_i64().unwrap();
    let changed = app
        .by(&app.admin, Method::PATCH, &format!("/api/v1/users/{id}"))
        .json(&json!({ "role": "leader" }))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::CONFLICT);
    let users = app.json_by(&app.admin, "/api/v1/users").await;
    let leader = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "lanhdao")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let to_unit = app
        .by(&app.admin, Method::PATCH, &format!("/api/v1/users/{leader}"))
        .json(&json!({ "role": "unit" }))
        .send()
        .await
        .unwrap();
    assert_eq!(to_unit.status(), StatusCode::CONFLICT);
}
