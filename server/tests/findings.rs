//! Issue 13, item 4: findings made when a round is published, read by the team and by each
//! unit for itself, reported on by the unit, closed or kept open by the team, exported.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use common::{TestApp, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const CRITERIA: [&str; 7] = ["TC-01", "TC-02", "VB-01", "VB-02", "DV-01", "DV-02", "HT-01"];

async fn post(app: &TestApp, client: &reqwest::Client, path: &str, body: Value) -> reqwest::Response {
    app.by(client, Method::POST, path)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn publishing_makes_findings_that_the_unit_reports_on_and_the_team_closes() {
    let app = spawn_app().await;
    // The next round of the family is planned: findings are due when it starts.
    let next = post(
        &app,
        &app.admin,
        "/api/v1/rounds",
        json!({ "id": "2027", "catalog": "cpdt-2025", "name_vi": "Kiểm tra năm 2027", "starts_on": "2027-03-01", "ends_on": "2027-11-30" }),
    )
    .await;
    assert_eq!(next.status(), StatusCode::CREATED);
    // btc is recorded and approved: TC-02 not met, DV-02 below its pass level.
    for criterion in CRITERIA {
        let outcome = match criterion {
            "VB-01" => json!({ "value": 0.95 }),
            "DV-02" => json!({ "outcome": "pilot" }),
            "TC-02" => json!({ "outcome": "not_met", "note": "Chưa ban hành quy chế báo cáo" }),
            _ => json!({ "outcome": "met" }),
        };
        let path = format!("/api/v1/rounds/2026/records/btc/{criterion}");
        let saved = app
            .by(&app.inspector, Method::PUT, &path)
            .header("if-match", "*")
            .json(&outcome)
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), StatusCode::CREATED, "{criterion}");
        assert!(
            post(&app, &app.inspector, &format!("{path}/submit"), json!({}))
                .await
                .status()
                .is_success()
        );
        assert!(
            post(&app, &app.reviewer, &format!("{path}/approve"), json!({}))
                .await
                .status()
                .is_success()
        );
    }
    // Nothing before publishing.
    assert_eq!(app.json_by(&app.admin, "/api/v1/findings").await, json!([]));
    for state in ["closed", "published"] {
        let moved = post(
            &app,
            &app.admin,
            "/api/v1/rounds/2026/state",
            json!({ "state": state }),
        )
        .await;
        assert_eq!(moved.status(), StatusCode::OK, "{state}");
    }

    // btc's two; every other assigned organisation has no official result, so each of its
    // mandatory criteria is a finding.
    let all = app.json_by(&app.admin, "/api/v1/findings?round=2026").await;
    let btc: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["organization"] == "btc")
        .collect();
    let codes: Vec<&str> = btc.iter().map(|f| f["criterion"].as_str().unwrap()).collect();
    assert_eq!(codes, ["DV-02", "TC-02"]);
    let tc02 = btc[1];
    assert_eq!(
        (tc02["state"].as_str(), tc02["due_on"].as_str()),
        (Some("open"), Some("2027-03-01"))
    );
    assert_eq!(tc02["note"], "Chưa ban hành quy chế báo cáo");
    assert!(!tc02["legal_basis"].as_str().unwrap().is_empty());
    assert!(all.as_array().unwrap().iter().any(|f| f["organization"] == "bct"));
    let audit = app
        .json_by(&app.admin, "/api/v1/audit?target=finding:&limit=10000")
        .await;
    assert_eq!(
        audit.as_array().unwrap().len(),
        all.as_array().unwrap().len(),
        "one entry per finding"
    );

    // The unit sees its own only, and cannot ask for another's.
    let own = app.json_by(&app.unit, "/api/v1/findings").await;
    assert_eq!(own.as_array().unwrap().len(), 2);
    let refused = app
        .by(&app.unit, Method::GET, "/api/v1/findings?org=bct")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let bct = all
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["organization"] == "bct")
        .unwrap();
    let hidden = post(
        &app,
        &app.unit,
        &format!("/api/v1/findings/{}/reports", bct["id"]),
        json!({ "text": "x" }),
    )
    .await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);

    // The unit reports; the reviewer keeps it open (a note is required), the unit reports
    // again, the reviewer closes it; nothing more is reported.
    let id = tc02["id"].as_i64().unwrap();
    let reports = format!("/api/v1/findings/{id}/reports");
    let review = format!("/api/v1/findings/{id}/review");
    let empty = post(&app, &app.unit, &reports, json!({ "text": "  " })).await;
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
    let reported: Value = post(
        &app,
        &app.unit,
        &reports,
        json!({ "text": "Đã ban hành Quyết định 20/QĐ-BTC" }),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(reported["reports"][0]["reported_by"], "donvi.btc");
    // A file with the report, which the team downloads.
    let upload = |bytes: Vec<u8>, name: &'static str| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name);
        app.by(&app.unit, Method::POST, &format!("/api/v1/findings/{id}/files"))
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    };
    let attached = upload(
        "Quyết định 20/QĐ-BTC về chế độ báo cáo".as_bytes().to_vec(),
        "qd-20.txt",
    )
    .await
    .unwrap();
    assert_eq!(attached.status(), StatusCode::CREATED);
    let attached: Value = attached.json().await.unwrap();
    let file = &attached["files"][0];
    assert_eq!(
        (file["name"].as_str(), file["media_type"].as_str()),
        (Some("qd-20.txt"), Some("text/plain; charset=utf-8"))
    );
    let hostile = upload(b"<html><script>alert(1)</script></html>".to_vec(), "trang.html")
        .await
        .unwrap();
    assert_eq!(
        hostile.status(),
        StatusCode::BAD_REQUEST,
        "markup is refused as for evidence files"
    );
    let download = app
        .by(
            &app.reviewer,
            Method::GET,
            &format!("/api/v1/findings/files/{}", file["id"]),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(
        download.text().await.unwrap(),
        "Quyết định 20/QĐ-BTC về chế độ báo cáo"
    );
    // The team moves the due date; a wrong date names the field; the unit cannot.
    let due = format!("/api/v1/findings/{id}/due");
    let put_due =
        |client: &reqwest::Client, body: Value| app.by(client, Method::PUT, &due).json(&body).send();
    let moved: Value = put_due(&app.reviewer, json!({ "due_on": "2027-06-30" }))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(moved["due_on"], "2027-06-30");
    let wrong = put_due(&app.admin, json!({ "due_on": "30/06/2027" }))
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    assert_eq!(wrong.json::<Value>().await.unwrap()["field"], "due_on");
    assert_eq!(
        put_due(&app.unit, json!({ "due_on": null }))
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let silent = post(&app, &app.reviewer, &review, json!({ "close": false })).await;
    assert_eq!(silent.status(), StatusCode::BAD_REQUEST);
    let inspector_review = post(&app, &app.inspector, &review, json!({ "close": true })).await;
    assert_eq!(inspector_review.status(), StatusCode::FORBIDDEN);
    let kept: Value = post(
        &app,
        &app.reviewer,
        &review,
        json!({ "close": false, "note": "Cần kèm văn bản đã ký số" }),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        (kept["state"].as_str(), kept["review_note"].as_str()),
        (Some("open"), Some("Cần kèm văn bản đã ký số"))
    );
    post(
        &app,
        &app.unit,
        &reports,
        json!({ "text": "Bổ sung văn bản đã ký số" }),
    )
    .await;
    let closed: Value = post(
        &app,
        &app.reviewer,
        &review,
        json!({ "close": true, "note": "Đã khắc phục" }),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        (
            closed["state"].as_str(),
            closed["reports"].as_array().unwrap().len()
        ),
        (Some("closed"), 2)
    );
    let late = post(&app, &app.unit, &reports, json!({ "text": "thêm" })).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let late_file = upload(b"them".to_vec(), "them.txt").await.unwrap();
    assert_eq!(late_file.status(), StatusCode::CONFLICT);

    // Filters: closed, open, overdue (none: due next March), by criterion.
    let count = |value: Value| value.as_array().unwrap().len();
    assert_eq!(
        count(app.json_by(&app.admin, "/api/v1/findings?state=closed").await),
        1
    );
    assert_eq!(
        count(app.json_by(&app.admin, "/api/v1/findings?state=overdue").await),
        0
    );
    assert_eq!(
        count(app.json_by(&app.unit, "/api/v1/findings?state=open").await),
        1
    );
    assert_eq!(
        count(
            app.json_by(&app.admin, "/api/v1/findings?org=btc&criterion=DV-02")
                .await
        ),
        1
    );
    let wrong = app
        .by(&app.admin, Method::GET, "/api/v1/findings?state=later")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);

    // The workbook: one row per finding, with the unit's reports and the team's review.
    let xlsx = app
        .by(&app.admin, Method::GET, "/api/v1/findings.xlsx?org=btc")
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Kiến nghị").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| c == "criterion"))
        .unwrap();
    let data = &rows[header + 1..];
    assert_eq!(data.len(), 2);
    let tc02 = data.iter().find(|r| r.contains(&"TC-02".to_owned())).unwrap();
    assert!(tc02.iter().any(|c| c == "Đã đóng"), "{tc02:?}");
    assert!(
        tc02.iter().any(|c| c.contains("Bổ sung văn bản đã ký số")),
        "{tc02:?}"
    );
    assert!(tc02.iter().any(|c| c == "Bộ Tài chính"), "{tc02:?}");
}
