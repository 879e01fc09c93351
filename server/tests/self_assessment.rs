//! Issue 13: a round's phases and the units' self-assessment over HTTP. What the unit, the
//! inspector and the reviewer may do in each phase, and nothing outside its dates; the
//! explanation required for a criterion claimed as met without evidence; the self-assessed
//! figures beside the verified ones.

mod common;

use common::{TestApp, instant, schedule, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const CRITERIA: [&str; 7] = ["TC-01", "TC-02", "VB-01", "VB-02", "DV-01", "DV-02", "HT-01"];

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

    // The same figures in the ranking's column, the PDF briefing and the workbook.
    let column = app
        .json_by(
            &app.leader,
            "/api/v1/rounds/2026/self-assessments?preliminary=true",
        )
        .await;
    let line = column
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["organization"] == "btc")
        .unwrap();
    assert_eq!(
        (line["self_assessed"].as_f64(), line["verified"].as_f64()),
        (Some(own), Some(verified))
    );
    assert_eq!(
        (line["differing"].as_u64(), line["compared"].as_u64()),
        (Some(4), Some(7))
    );
    assert_eq!(
        column.as_array().unwrap().len(),
        1,
        "only submitted self-assessments"
    );
    let workbook = app
        .by(
            &app.leader,
            Method::GET,
            "/api/v1/rounds/2026/export.xlsx?preliminary=true",
        )
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(workbook)).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range("Tự đánh giá").unwrap();
    let row = sheet
        .rows()
        .find(|r| r.first().is_some_and(|c| *c == "btc"))
        .unwrap()
        .to_vec();
    assert_eq!(row[2].to_string().parse::<f64>().unwrap(), own);
    assert_eq!(row[3].to_string().parse::<f64>().unwrap(), verified);
    assert_eq!(row[5].to_string(), "4/7");

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

async fn explain(app: &TestApp, criterion: &str, text: &str) -> reqwest::Response {
    app.by(
        &app.unit,
        Method::PUT,
        &format!("/api/v1/rounds/2026/explanations/btc/{criterion}"),
    )
    .json(&json!({ "text": text }))
    .send()
    .await
    .unwrap()
}

async fn decide(app: &TestApp, client: &reqwest::Client, criterion: &str, body: Value) -> reqwest::Response {
    app.by(
        client,
        Method::POST,
        &format!("/api/v1/rounds/2026/explanations/btc/{criterion}/decision"),
    )
    .json(&body)
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn a_unit_explains_unmet_criteria_and_the_inspector_accepts_or_rejects() {
    let app = spawn_app().await;
    // The inspection (no self-assessment in this round): btc is recorded and submitted.
    assert_eq!(
        set_schedule(&app, &schedule(-1, false)).await.status(),
        StatusCode::OK
    );
    for criterion in CRITERIA {
        let outcome = match criterion {
            "VB-01" => json!({ "value": 0.6 }),
            "DV-02" => json!({ "outcome": "done" }),
            "TC-02" | "HT-01" => json!({ "outcome": "not_met" }),
            _ => json!({ "outcome": "met" }),
        };
        assert!(inspect(&app, criterion, outcome).await.status().is_success());
        app.by(
            &app.inspector,
            Method::POST,
            &format!("/api/v1/rounds/2026/records/btc/{criterion}/submit"),
        )
        .send()
        .await
        .unwrap();
    }
    let part = reqwest::multipart::Part::bytes("Biên bản kiểm tra HT-01".as_bytes().to_vec())
        .file_name("bien-ban.txt");
    let inspectors_file: Value = app
        .by(
            &app.inspector,
            Method::POST,
            "/api/v1/rounds/2026/records/btc/HT-01/files",
        )
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Before the preliminary results the unit cannot read them.
    let (status, _) = detail(
        app.by(&app.unit, Method::GET, "/api/v1/rounds/2026/explanations/btc")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let early = app
        .by(
            &app.unit,
            Method::GET,
            "/api/v1/rounds/2026/preliminary-notice/btc",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        early.status(),
        StatusCode::CONFLICT,
        "no notice before the preliminary results"
    );

    // Preliminary results: the unit reads what it may explain, but cannot yet.
    assert_eq!(
        set_schedule(&app, &schedule(-25, false)).await.status(),
        StatusCode::OK
    );
    let view = app
        .json_by(&app.unit, "/api/v1/rounds/2026/explanations/btc")
        .await;
    let unmet: Vec<&str> = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["criterion"].as_str().unwrap())
        .collect();
    assert_eq!(unmet, ["TC-02", "VB-01", "HT-01"], "{view}");
    assert_eq!(
        (view["may_explain"].as_bool(), view["may_decide"].as_bool()),
        (Some(false), Some(false))
    );
    assert!(!view["items"][0]["legal_basis"].as_str().unwrap().is_empty());
    let (status, problem) = detail(explain(&app, "TC-02", "Đã ban hành").await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("«Giải trình» chưa bắt đầu"),
        "{problem}"
    );
    // The preliminary notice, as a PDF the unit downloads (audited as its export).
    let notice = app
        .by(
            &app.unit,
            Method::GET,
            "/api/v1/rounds/2026/preliminary-notice/btc",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(notice.status(), StatusCode::OK);
    assert_eq!(notice.headers()["content-type"], "application/pdf");
    assert!(
        notice.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("thong-bao-so-bo_2026_btc_vi_")
    );
    assert!(notice.bytes().await.unwrap().starts_with(b"%PDF-"));
    let not_theirs = app
        .by(
            &app.unit,
            Method::GET,
            "/api/v1/rounds/2026/preliminary-notice/bct",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(not_theirs.status(), StatusCode::FORBIDDEN);
    let audit = app.json_by(&app.admin, "/api/v1/audit?actor=donvi.btc").await;
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "export.pdf"),
        "{audit}"
    );

    // The explanations' window: the unit explains TC-02 with a file and VB-01; not TC-01,
    // which is met; the inspector cannot record meanwhile.
    assert_eq!(
        set_schedule(&app, &schedule(-49, false)).await.status(),
        StatusCode::OK
    );
    assert!(
        app.json_by(&app.unit, "/api/v1/rounds/2026/explanations/btc")
            .await["may_explain"]
            == true
    );
    let (status, sent) =
        detail(explain(&app, "TC-02", "Đã ban hành Quyết định 15/QĐ-BTC ngày 20/11/2026").await).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!(sent["sent_by"], "donvi.btc");
    let (status, problem) = detail(explain(&app, "TC-01", "Không cần").await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("không cần giải trình"),
        "{problem}"
    );
    let (status, problem) = detail(explain(&app, "VB-01", "   ").await).await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("text"))
    );
    assert_eq!(
        explain(&app, "VB-01", "Số liệu quý IV đạt 92%").await.status(),
        StatusCode::OK
    );
    let part =
        reqwest::multipart::Part::bytes("Quyết định 15/QĐ-BTC".as_bytes().to_vec()).file_name("qd-15.txt");
    let uploaded = app
        .by(
            &app.unit,
            Method::POST,
            "/api/v1/rounds/2026/records/btc/TC-02/files",
        )
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    // The unit removes only its own files, never the inspector's evidence.
    let files = app.json_by(&app.unit, "/api/v1/rounds/2026/files?org=btc").await;
    assert_eq!(files.as_array().unwrap().len(), 2);
    let removal = app
        .by(
            &app.unit,
            Method::DELETE,
            &format!("/api/v1/files/{}", inspectors_file["id"]),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(removal.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        inspect(&app, "HT-01", json!({ "outcome": "met" })).await.status(),
        StatusCode::CONFLICT
    );

    // Only the assigned inspector decides; a rejection needs its reason.
    let not_assigned = decide(
        &app,
        &app.other_inspector,
        "TC-02",
        json!({ "accept": true, "outcome": "met" }),
    )
    .await;
    assert_eq!(not_assigned.status(), StatusCode::FORBIDDEN);
    let (status, problem) =
        detail(decide(&app, &app.inspector, "VB-01", json!({ "accept": false })).await).await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("reason"))
    );
    let (status, problem) = detail(
        decide(
            &app,
            &app.inspector,
            "TC-02",
            json!({ "accept": true, "outcome": "pilot" }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("outcome")),
        "{problem}"
    );

    // Accepted: the outcome changes, submitted again for review, with the explanation as
    // its reason, in the audit trail.
    let before = app
        .json_by(&app.inspector, "/api/v1/rounds/2026/records/btc/TC-02")
        .await;
    let (status, decided) = detail(
        decide(
            &app,
            &app.inspector,
            "TC-02",
            json!({ "accept": true, "outcome": "met" }),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["decision"]["accepted"], true);
    let after = app
        .json_by(&app.inspector, "/api/v1/rounds/2026/records/btc/TC-02")
        .await;
    assert_eq!(
        (after["outcome"].as_str(), after["state"].as_str()),
        (Some("met"), Some("submitted"))
    );
    assert_eq!(
        after["version"].as_i64().unwrap(),
        before["version"].as_i64().unwrap() + 1
    );
    assert!(
        after["note"]
            .as_str()
            .unwrap()
            .contains("Chấp nhận giải trình của đơn vị: Đã ban hành Quyết định 15/QĐ-BTC")
    );
    let audit = app
        .json_by(&app.admin, "/api/v1/audit?target=record:2026/btc/TC-02")
        .await;
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "record.update" && e["actor"] == "canbo.an")
    );
    let audit = app
        .json_by(&app.admin, "/api/v1/audit?target=explanation:2026/btc")
        .await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "explanation.send").count(),
        2,
        "{actions:?}"
    );
    assert_eq!(
        actions.iter().filter(|a| **a == "explanation.accept").count(),
        1,
        "{actions:?}"
    );
    // Decided: the unit cannot send it again, nor can the inspector decide twice.
    assert_eq!(
        explain(&app, "TC-02", "Lần nữa").await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        decide(
            &app,
            &app.inspector,
            "TC-02",
            json!({ "accept": false, "reason": "x" })
        )
        .await
        .status(),
        StatusCode::CONFLICT
    );

    // The final phase: nothing more is sent; the inspector still decides, and the unit reads
    // the reason of a rejection.
    assert_eq!(
        set_schedule(&app, &schedule(-73, false)).await.status(),
        StatusCode::OK
    );
    let (status, problem) = detail(explain(&app, "HT-01", "Muộn").await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("«Giải trình» đã kết thúc"),
        "{problem}"
    );
    let rejected = decide(
        &app,
        &app.inspector,
        "VB-01",
        json!({ "accept": false, "reason": "Số liệu quý IV chưa có xác nhận của Trục liên thông" }),
    )
    .await;
    assert_eq!(rejected.status(), StatusCode::OK);
    let view = app
        .json_by(&app.unit, "/api/v1/rounds/2026/explanations/btc")
        .await;
    let vb01 = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["criterion"] == "VB-01")
        .unwrap();
    assert_eq!(vb01["explanation"]["decision"]["accepted"], false);
    assert_eq!(
        vb01["explanation"]["decision"]["reason"],
        "Số liệu quý IV chưa có xác nhận của Trục liên thông"
    );
    // TC-02 is now met but stays listed with its accepted explanation.
    let tc02 = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["criterion"] == "TC-02")
        .unwrap();
    assert_eq!(
        (
            tc02["status"].as_str(),
            tc02["explanation"]["decision"]["accepted"].as_bool()
        ),
        (Some("met"), Some(true))
    );
}

async fn notices(app: &TestApp, client: &reqwest::Client) -> Value {
    app.json_by(client, "/api/v1/notices").await
}

fn kinds(notices: &Value) -> Vec<String> {
    let mut kinds: Vec<String> = notices["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect();
    kinds.sort();
    kinds
}

#[tokio::test]
async fn each_user_sees_the_notices_that_concern_them_and_marks_them_read() {
    let app = spawn_app().await;
    // The inspector: an assignment per organisation of the open round.
    let own = notices(&app, &app.inspector).await;
    assert!(kinds(&own).iter().all(|k| k == "assignment"), "{own}");
    let btc = own["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["key"] == "assignment:2026/btc")
        .unwrap();
    assert_eq!(btc["link"], "/rounds/2026/checklist/btc");
    assert!(
        btc["message_vi"].as_str().unwrap().contains("Bộ Tài chính"),
        "{btc}"
    );
    assert_eq!(
        own["unread"].as_u64().unwrap() as usize,
        own["items"].as_array().unwrap().len()
    );

    // A returned record is a notice for its inspector.
    assert!(
        inspect(&app, "TC-01", json!({ "outcome": "met" }))
            .await
            .status()
            .is_success()
    );
    app.by(
        &app.inspector,
        Method::POST,
        "/api/v1/rounds/2026/records/btc/TC-01/submit",
    )
    .send()
    .await
    .unwrap();
    let returned = app
        .by(
            &app.reviewer,
            Method::POST,
            "/api/v1/rounds/2026/records/btc/TC-01/return",
        )
        .json(&json!({ "comment": "Thiếu số văn bản" }))
        .send()
        .await
        .unwrap();
    assert_eq!(returned.status(), StatusCode::OK);
    let own = notices(&app, &app.inspector).await;
    let note = own["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "returned")
        .unwrap();
    assert!(
        note["message_vi"].as_str().unwrap().contains("Thiếu số văn bản"),
        "{note}"
    );

    // Marked read one by one, or all at once; the count follows.
    let before = own["unread"].as_u64().unwrap();
    let marked: Value = app
        .by(&app.inspector, Method::POST, "/api/v1/notices/read")
        .json(&json!({ "keys": [note["key"]] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(marked["unread"].as_u64().unwrap(), before - 1);
    let all: Value = app
        .by(&app.inspector, Method::POST, "/api/v1/notices/read")
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all["unread"], 0);

    // The unit: nothing without a schedule; the explanations' window opening, its deadline
    // three days ahead, the preliminary results, and an answered explanation.
    assert_eq!(notices(&app, &app.unit).await["items"], json!([]));
    // Explanations open since an hour ago and close in two days: the deadline is announced.
    let at = instant;
    let body = json!({ "phases": [
        { "phase": "inspection", "opens_at": at(-72), "closes_at": at(-48) },
        { "phase": "preliminary", "opens_at": at(-48), "closes_at": at(-1) },
        { "phase": "explanations", "opens_at": at(-1), "closes_at": at(48) },
        { "phase": "final", "opens_at": at(48), "closes_at": at(96) },
    ]});
    assert_eq!(set_schedule(&app, &body).await.status(), StatusCode::OK);
    assert_eq!(
        explain(&app, "TC-02", "Đã ban hành").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        decide(
            &app,
            &app.inspector,
            "TC-02",
            json!({ "accept": false, "reason": "Chưa kèm văn bản" })
        )
        .await
        .status(),
        StatusCode::OK
    );
    let unit = notices(&app, &app.unit).await;
    assert_eq!(
        kinds(&unit),
        [
            "explanation_decided",
            "explanations_deadline",
            "explanations_open",
            "preliminary"
        ]
    );
    let decided = unit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "explanation_decided")
        .unwrap();
    assert!(
        decided["message_vi"]
            .as_str()
            .unwrap()
            .contains("Chưa kèm văn bản"),
        "{decided}"
    );
    assert_eq!(unit["unread"], 4);
    // Leaders and the other roles have nothing of this kind.
    assert_eq!(notices(&app, &app.leader).await["items"], json!([]));
    let anonymous = app.request(Method::GET, "/api/v1/notices").send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
