//! Issue 13: a round's phases and the units' self-assessment over HTTP. What the unit, the
//! inspector and the reviewer may do in each phase, and nothing outside its dates; the
//! explanation required for a criterion claimed as met without evidence; the self-assessed
//! figures beside the verified ones.

mod common;

use chrono::{Duration, SecondsFormat};
use common::{TestApp, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const CRITERIA: [&str; 7] = ["TC-01", "TC-02", "VB-01", "VB-02", "DV-01", "DV-02", "HT-01"];

fn instant(hours_from_now: i64) -> String {
    (scorecard_service::participation::now() + Duration::hours(hours_from_now))
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A schedule whose phases follow one another from `start` hours from now, one day each.
fn schedule(start: i64, with_self_assessment: bool) -> Value {
    let phases = [
        "self_assessment",
        "inspection",
        "preliminary",
        "explanations",
        "final",
    ];
    let windows: Vec<Value> = phases
        .iter()
        .enumerate()
        .filter(|(_, p)| with_self_assessment || **p != "self_assessment")
        .map(|(i, phase)| {
            let from = start + 24 * i as i64;
            json!({ "phase": phase, "opens_at": instant(from), "closes_at": instant(from + 24) })
        })
        .collect();
    json!({ "phases": windows })
}

async fn set_schedule(app: &TestApp, body: &Value) -> reqwest::Response {
    app.by(&app.admin, Method::PUT, "/api/v1/rounds/2026/phases")
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn answer(app: &TestApp, criterion: &str, body: Value) -> reqwest::Response {
    app.by(
        &app.unit,
        Method::PUT,
        &format!("/api/v1/rounds/2026/self-assessment/btc/{criterion}"),
    )
    .json(&body)
    .send()
    .await
    .unwrap()
}

async fn inspect(app: &TestApp, criterion: &str, outcome: Value) -> reqwest::Response {
    let mut body = json!({ "evidence": "Biên bản kiểm tra" });
    body.as_object_mut()
        .unwrap()
        .extend(outcome.as_object().unwrap().clone());
    let path = format!("/api/v1/rounds/2026/records/btc/{criterion}");
    let current = app.by(&app.inspector, Method::GET, &path).send().await.unwrap();
    let version = match current.headers().get("etag") {
        Some(etag) => etag.to_str().unwrap().to_owned(),
        None => "*".to_owned(),
    };
    app.by(&app.inspector, Method::PUT, &path)
        .header("if-match", version)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn detail(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_schedule_is_checked_whole_and_names_what_is_wrong() {
    let app = spawn_app().await;
    let (status, problem) = detail(
        set_schedule(
            &app,
            &json!({ "phases": [{ "phase": "review", "opens_at": instant(0), "closes_at": instant(1) }] }),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "phases[0].phase", "{problem}");
    let (status, problem) = detail(
        set_schedule(
            &app,
            &json!({ "phases": [{ "phase": "inspection", "opens_at": "1/12/2026", "closes_at": instant(1) }] }),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "phases[0].opens_at", "{problem}");
    // Overlapping phases, and a required phase left out.
    let mut overlapping = schedule(0, true);
    overlapping["phases"][1]["opens_at"] = json!(instant(12));
    let (status, problem) = detail(set_schedule(&app, &overlapping).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let text = problem["detail"].as_str().unwrap();
    assert!(
        text.contains("«Kiểm tra» bắt đầu trước khi giai đoạn «Tự đánh giá» kết thúc"),
        "{text}"
    );
    let mut without_final = schedule(0, true);
    without_final["phases"].as_array_mut().unwrap().pop();
    let (status, problem) = detail(set_schedule(&app, &without_final).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        problem["detail"].as_str().unwrap().contains("Chốt kết quả"),
        "{problem}"
    );
    // Nothing was stored by the refused ones.
    let phases = app.json_by(&app.unit, "/api/v1/rounds/2026/phases").await;
    assert_eq!(phases["windows"], json!([]));
    assert_eq!(phases["current"], Value::Null);
    // Given with Vietnam's offset, stored and answered in UTC.
    let body = json!({ "phases": [
        { "phase": "inspection", "opens_at": "2026-12-01T08:00:00+07:00", "closes_at": "2026-12-05T17:00:00+07:00" },
        { "phase": "preliminary", "opens_at": "2026-12-05T17:00:00+07:00", "closes_at": "2026-12-06T17:00:00+07:00" },
        { "phase": "explanations", "opens_at": "2026-12-07T08:00:00+07:00", "closes_at": "2026-12-10T17:00:00+07:00" },
        { "phase": "final", "opens_at": "2026-12-11T08:00:00+07:00", "closes_at": "2026-12-15T17:00:00+07:00" },
    ]});
    let (status, phases) = detail(set_schedule(&app, &body).await).await;
    assert_eq!(status, StatusCode::OK, "{phases}");
    assert_eq!(phases["windows"][0]["opens_at"], "2026-12-01T01:00:00Z");
    assert_eq!(phases["windows"][3]["closes_at"], "2026-12-15T10:00:00Z");
    // Only admins set it.
    let refused = app
        .by(&app.reviewer, Method::PUT, "/api/v1/rounds/2026/phases")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let audit = app.json_by(&app.admin, "/api/v1/audit?target=round:2026").await;
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "round.phases"),
        "{audit}"
    );
}

#[tokio::test]
async fn each_phase_lets_each_role_do_its_part_and_nothing_outside_its_dates() {
    let app = spawn_app().await;
    // Without a schedule: inspectors record as before, and there is no self-assessment.
    assert_eq!(
        inspect(&app, "TC-01", json!({ "outcome": "met" })).await.status(),
        StatusCode::CREATED
    );
    let (status, problem) =
        detail(answer(&app, "TC-01", json!({ "outcome": "met", "evidence": "QĐ 12" })).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("không có giai đoạn «Tự đánh giá»"),
        "{problem}"
    );

    // The self-assessment is open now; the inspection opens tomorrow.
    assert_eq!(
        set_schedule(&app, &schedule(-1, true)).await.status(),
        StatusCode::OK
    );
    let phases = app.json_by(&app.unit, "/api/v1/rounds/2026/phases").await;
    assert_eq!(phases["current"], "self_assessment");
    let (status, problem) = detail(inspect(&app, "TC-02", json!({ "outcome": "met" })).await).await;
    assert_eq!(status, StatusCode::CONFLICT, "the inspection has not opened");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("«Kiểm tra» chưa bắt đầu"),
        "{problem}"
    );
    assert!(
        problem["detail"].as_str().unwrap().contains("(UTC+7)"),
        "{problem}"
    );

    // The unit answers. A wrong outcome names the field; another unit's organisation and
    // other roles are refused.
    let (status, problem) = detail(answer(&app, "VB-01", json!({ "outcome": "met" })).await).await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("outcome")),
        "{problem}"
    );
    let other = app
        .by(
            &app.unit,
            Method::PUT,
            "/api/v1/rounds/2026/self-assessment/bct/TC-01",
        )
        .json(&json!({ "outcome": "met" }))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    for (criterion, body) in [
        (
            "TC-01",
            json!({ "outcome": "met", "evidence": "Quyết định 12/QĐ-BTC" }),
        ),
        ("TC-02", json!({ "outcome": "met" })),
        ("VB-01", json!({ "value": 0.95 })),
        ("VB-02", json!({ "outcome": "not_met" })),
        (
            "DV-01",
            json!({ "outcome": "met", "evidence": "https://dichvucong.btc.gov.vn" }),
        ),
        (
            "DV-02",
            json!({ "outcome": "done", "evidence": "Biên bản nghiệm thu" }),
        ),
    ] {
        let (status, saved) = detail(answer(&app, criterion, body).await).await;
        assert_eq!(status, StatusCode::OK, "{criterion}: {saved}");
        assert_eq!(saved["updated_by"], "donvi.btc");
    }
    // A file is evidence: the unit attaches one to VB-01.
    let part = reqwest::multipart::Part::bytes("Số liệu văn bản điện tử".as_bytes().to_vec())
        .file_name("so-lieu.txt");
    let uploaded = app
        .by(
            &app.unit,
            Method::POST,
            "/api/v1/rounds/2026/records/btc/VB-01/files",
        )
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), StatusCode::CREATED);

    // Submitting with HT-01 unanswered and TC-02 (met) and VB-01 without evidence text:
    // HT-01 and TC-02 are named, VB-01 has its file.
    let own = app
        .json_by(&app.unit, "/api/v1/rounds/2026/self-assessment/btc")
        .await;
    assert_eq!(own["editable"], true);
    let gaps: Vec<&str> = own["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["criterion"].as_str().unwrap())
        .collect();
    assert_eq!(gaps, ["TC-02", "HT-01"]);
    let submit = || async {
        app.by(
            &app.unit,
            Method::POST,
            "/api/v1/rounds/2026/self-assessment/btc/submit",
        )
        .send()
        .await
        .unwrap()
    };
    let (status, problem) = detail(submit().await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let named: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(named, ["TC-02", "HT-01"], "{problem}");
    assert!(
        problem["errors"][0]["message_vi"]
            .as_str()
            .unwrap()
            .contains("cần ghi giải trình")
    );
    assert!(
        app.json_by(&app.unit, "/api/v1/rounds/2026/self-assessment/btc")
            .await["submitted_at"]
            .is_null()
    );
    answer(
        &app,
        "TC-02",
        json!({ "outcome": "met", "explanation": "Quy chế đang trình ký, dự kiến ban hành tháng 12" }),
    )
    .await;
    answer(&app, "HT-01", json!({ "outcome": "not_met" })).await;
    let (status, submitted) = detail(submit().await).await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    assert_eq!(
        (
            submitted["submitted_by"].as_str(),
            submitted["editable"].as_bool()
        ),
        (Some("donvi.btc"), Some(false))
    );
    assert_eq!(submitted["gaps"], json!([]));
    // Submitted: frozen, files included.
    let (status, problem) =
        detail(answer(&app, "HT-01", json!({ "outcome": "met", "evidence": "x" })).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        problem["detail"].as_str().unwrap().contains("đã nộp"),
        "{problem}"
    );
    let part = reqwest::multipart::Part::bytes(b"them".to_vec()).file_name("them.txt");
    let late_file = app
        .by(
            &app.unit,
            Method::POST,
            "/api/v1/rounds/2026/records/btc/HT-01/files",
        )
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(late_file.status(), StatusCode::CONFLICT);

    // Before the preliminary results the unit does not see the verified figures; the team
    // does, and the inspector assigned to btc too, not another inspector.
    assert!(
        app.json_by(&app.unit, "/api/v1/rounds/2026/self-assessment/btc")
            .await["comparison"]
            .is_null()
    );
    let seen = app
        .json_by(&app.inspector, "/api/v1/rounds/2026/self-assessment/btc")
        .await;
    assert_eq!(seen["answers"].as_array().unwrap().len(), 7);
    assert!(!seen["comparison"].is_null(), "{seen}");
    let other_inspector = app
        .by(
            &app.other_inspector,
            Method::GET,
            "/api/v1/rounds/2026/self-assessment/btc",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(other_inspector.status(), StatusCode::FORBIDDEN);

    // The inspection opens (the self-assessment has closed): the inspector records, the unit
    // no longer can.
    assert_eq!(
        set_schedule(&app, &schedule(-25, true)).await.status(),
        StatusCode::OK
    );
    let (status, problem) =
        detail(answer(&app, "HT-01", json!({ "outcome": "met", "evidence": "x" })).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        problem["detail"].as_str().unwrap().contains("đã kết thúc"),
        "{problem}"
    );
    for criterion in CRITERIA {
        let outcome = match criterion {
            "VB-01" => json!({ "value": 0.6 }),
            "DV-02" => json!({ "outcome": "pilot" }),
            "TC-02" | "HT-01" => json!({ "outcome": "not_met" }),
            _ => json!({ "outcome": "met" }),
        };
        let response = inspect(&app, criterion, outcome).await;
        assert!(
            response.status().is_success(),
            "{criterion}: {}",
            response.status()
        );
        let submitted = app
            .by(
                &app.inspector,
                Method::POST,
                &format!("/api/v1/rounds/2026/records/btc/{criterion}/submit"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(submitted.status(), StatusCode::OK, "{criterion}");
    }
    // The reviewer approves whatever the phase.
    let approved = app
        .by(
            &app.reviewer,
            Method::POST,
            "/api/v1/rounds/2026/records/btc/TC-01/approve",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), StatusCode::OK);

    // The self-assessed and verified figures side by side, per criterion.
    let seen = app
        .json_by(&app.leader, "/api/v1/rounds/2026/self-assessment/btc")
        .await;
    let comparison = &seen["comparison"];
    assert_eq!(seen["preliminary"], true);
    let (own, verified) = (
        comparison["self_assessed"].as_f64().unwrap(),
        comparison["verified"].as_f64().unwrap(),
    );
    assert!(own > verified, "{comparison}");
    assert_eq!(
        comparison["difference"].as_f64().unwrap(),
        ((verified - own) * 100.0).round() / 100.0
    );
    let disagreeing: Vec<&str> = comparison["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["disagrees"] == true)
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    // TC-02 (met → not met), VB-01 (0.95 → 0.6 of a 0.9 target), VB-02 (not met → met),
    // DV-02 (done → pilot).
    assert_eq!(disagreeing, ["TC-02", "VB-01", "VB-02", "DV-02"]);
    assert!((comparison["disagreement"].as_f64().unwrap() - 4.0 / 7.0).abs() < 1e-9);

    // In the preliminary results the unit sees them too.
    assert_eq!(
        set_schedule(&app, &schedule(-49, true)).await.status(),
        StatusCode::OK
    );
    let phases = app.json_by(&app.unit, "/api/v1/rounds/2026/phases").await;
    assert_eq!(phases["current"], "preliminary");
    let (status, _) = detail(inspect(&app, "HT-01", json!({ "outcome": "met" })).await).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "no recording outside the inspection and final phases"
    );
    assert!(
        !app.json_by(&app.unit, "/api/v1/rounds/2026/self-assessment/btc")
            .await["comparison"]
            .is_null()
    );

    // Every answer is in the audit trail, with the unit's contact as the actor.
    let audit = app
        .json_by(&app.admin, "/api/v1/audit?target=self_assessment:2026/btc")
        .await;
    let entries = audit.as_array().unwrap();
    assert_eq!(
        entries
            .iter()
            .filter(|e| e["action"] == "self_assessment.save")
            .count(),
        8
    );
    assert_eq!(
        entries
            .iter()
            .filter(|e| e["action"] == "self_assessment.submit")
            .count(),
        1
    );
    assert!(entries.iter().all(|e| e["actor"] == "donvi.btc"));
}
