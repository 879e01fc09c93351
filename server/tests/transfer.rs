//! Imports and exports over HTTP: every bad file is refused whole with its reasons, nothing
//! half-written; export then import is the identity.

mod common;

use common::{check_problem, spawn_app, spawn_empty_app};
use proptest::prelude::*;
use serde_json::Value;

const HEADER: &str = "round,organization,criterion,outcome,value,evidence,note,inspector,assessed_on,state\n";

/// Each bad file with the exact reasons expected, as `line: field: reason`.
const BAD_FILES: &[(&str, &str, &[&str])] = &[
    (
        "unknown organisation",
        "2026,bxyz,TC-01,met,,,,,,\n",
        &["2: organization: unknown organisation `bxyz`"],
    ),
    (
        "unknown criterion",
        "2026,btc,TC-09,met,,,,,,\n",
        &["2: criterion: criterion `TC-09` is not in the round's catalog"],
    ),
    (
        "outcome for the wrong kind",
        "2026,btc,DV-02,met,,,,,,\n",
        &[
            "2: outcome: outcome `met` does not fit a levels criterion; allowed: none, in_progress, pilot, done, not_applicable",
        ],
    ),
    (
        "ratio of 1.7",
        "2026,btc,VB-01,,1.7,,,,,\n",
        &["2: value: ratio 1.7 is outside [0, 1]; a percentage is written with its sign, e.g. 85,5%"],
    ),
    (
        "date of 31/02",
        "2026,btc,TC-01,met,,,,,2026-02-31,\n",
        &[
            "2: assessed_on: `2026-02-31` is not a date written YYYY-MM-DD or DD/MM/YYYY, or the day does not exist",
        ],
    ),
    (
        "duplicate key",
        "2026,btc,TC-01,met,,,,,,\n2026,btc,TC-01,not_met,,,,,,\n",
        &["3: organization: the same organisation and criterion already appear on line 2"],
    ),
    (
        "another round",
        "2025,btc,TC-01,met,,,,,,\n",
        &["2: round: the row is for round `2025`, but the file is imported into round `2026`"],
    ),
    (
        "a short row",
        "2026,btc,TC-01\n",
        &["2: -: the row cannot be read as CSV: expected 10 fields, found 3"],
    ),
    (
        "one bad row among good ones",
        "2026,btc,TC-01,met,,,,,,\n2026,bct,VB-01,,abc,,,,,\n2026,bnv,TC-01,met,,,,,,\n",
        &["3: value: `abc` is not a ratio; write 0.85, 85% or 85,5%"],
    ),
];

#[tokio::test]
async fn bad_files_are_refused_whole_with_every_reason_and_nothing_written() {
    let app = spawn_app().await;
    app.import(
        "2026",
        "?approve=true",
        "text/csv",
        format!("{HEADER}2026,btc,TC-02,met,,,,,,\n"),
    )
    .await;
    let before = app.records_csv("2026").await;
    for (name, rows, expected) in BAD_FILES {
        for dry_run in ["?dry_run=true", ""] {
            let response = app
                .import("2026", dry_run, "text/csv", format!("{HEADER}{rows}"))
                .await;
            let body = check_problem_status(response, 422, name).await;
            let reasons: Vec<String> = body["rejected"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|row| {
                    row["problems"].as_array().unwrap().iter().map(move |p| {
                        format!(
                            "{}: {}: {}",
                            row["line"],
                            p["field"].as_str().unwrap_or("-"),
                            p["message"].as_str().unwrap()
                        )
                    })
                })
                .collect();
            assert_eq!(reasons, *expected, "{name}");
            assert!(
                body["rejected"][0]["problems"][0]["message_vi"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty())
            );
            assert_eq!(
                app.records_csv("2026").await,
                before,
                "{name}: nothing may change"
            );
        }
    }
}

async fn check_problem_status(response: reqwest::Response, status: u16, name: &str) -> Value {
    assert_eq!(response.status(), status, "{name}");
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json",
        "{name}"
    );
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_bom_crlf_and_percentages_are_accepted() {
    let app = spawn_app().await;
    let file = format!(
        "\u{feff}{}2026,btc,VB-01,,85%,,,,,\r\n2026,bct,VB-01,,\"85,5%\",,,,,\r\n",
        HEADER.replace('\n', "\r\n")
    );
    let response = app.import("2026", "", "text/csv", file).await;
    assert_eq!(response.status(), 200);
    let summary: Value = response.json().await.unwrap();
    assert_eq!(
        (summary["accepted"].as_u64(), summary["inserted"].as_u64()),
        (Some(2), Some(2))
    );
    let records = app
        .json_by(&app.admin, "/api/v1/rounds/2026/records?state=submitted")
        .await;
    let values: Vec<f64> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, [0.855, 0.85]);
}

#[tokio::test]
async fn a_dry_run_reports_and_writes_nothing() {
    let app = spawn_app().await;
    let response = app
        .import(
            "2026",
            "?dry_run=true",
            "text/csv",
            format!("{HEADER}2026,btc,TC-01,met,,,,,,\n"),
        )
        .await;
    let summary: Value = response.json().await.unwrap();
    assert_eq!(
        (summary["accepted"].as_u64(), summary["written"].as_bool()),
        (Some(1), Some(false))
    );
    // The export starts with a byte order mark for spreadsheet programs (issue 6).
    assert_eq!(app.records_csv("2026").await, format!("\u{feff}{HEADER}"));
}

#[tokio::test]
async fn a_json_import_is_checked_by_the_same_rules() {
    let app = spawn_app().await;
    let body = r#"[{"round": "2026", "organization": "btc", "criterion": "VB-01", "value": 1.7}]"#;
    let rejected = check_problem_status(
        app.import("2026", "", "application/json", body).await,
        422,
        "json",
    )
    .await;
    assert_eq!(
        rejected["rejected"][0]["problems"][0]["message"],
        "ratio 1.7 is outside [0, 1]; a percentage is written with its sign, e.g. 85,5%"
    );
    let body =
        r#"{"records": [{"round": "2026", "organization": "btc", "criterion": "VB-01", "value": 0.9}]}"#;
    assert_eq!(
        app.import("2026", "?approve=true", "application/json", body)
            .await
            .status(),
        200
    );
    let ranking = app.json_by(&app.leader, "/api/v1/rounds/2026/ranking").await;
    assert_eq!(ranking["entries"][0]["score"], 15.0);
}

#[tokio::test]
async fn an_upload_over_10_mb_gets_a_clear_413() {
    let app = spawn_app().await;
    let big = vec![b'a'; 10 * 1024 * 1024 + 1];
    check_problem(
        app.import("2026", "", "text/csv", big).await,
        413,
        None,
        "The upload is too large; the limit is 10 MB.",
    )
    .await;
    let not_utf8 = [HEADER.as_bytes(), &[0xff, 0xfe, b'\n']].concat();
    check_problem(
        app.import("2026", "", "text/csv", not_utf8).await,
        400,
        Some("body"),
        // Issue 15: the message says which encoding it looks like and how to save UTF-8.
        "The file is not UTF-8 text: from line 2 it looks like Windows-1252, or a legacy Vietnamese \
         code page such as TCVN3 or VNI. Save it again as UTF-8 (in Excel: File → Save As → \"CSV UTF-8 \
         (Comma delimited)\"; in LibreOffice: Save As → Text CSV, character set Unicode (UTF-8)), then \
         import it again.",
    )
    .await;
    check_problem(
        app.import("1999", "", "text/csv", HEADER).await,
        404,
        None,
        "Round `1999` was not found.",
    )
    .await;
}

#[tokio::test]
async fn export_then_import_of_every_demo_round_is_the_identity() {
    let app = spawn_app().await;
    for round in ["2019", "2020", "2021", "2025"] {
        let exported = app.records_csv(round).await;
        let response = app
            .import(round, "?approve=true", "text/csv", exported.clone())
            .await;
        assert_eq!(response.status(), 200, "{round}");
        assert_eq!(app.records_csv(round).await, exported, "{round}");
    }
}

#[tokio::test]
async fn a_round_imported_into_an_empty_database_ranks_like_the_demo() {
    let demo = spawn_app().await;
    let empty = spawn_empty_app().await;
    let exported = demo.records_csv("2019").await;
    assert_eq!(
        empty
            .import("2019", "?approve=true", "text/csv", exported.clone())
            .await
            .status(),
        200
    );
    assert_eq!(empty.records_csv("2019").await, exported);
    assert_eq!(
        empty.json_by(&empty.admin, "/api/v1/rounds/2019/ranking").await,
        demo.json("/api/v1/rounds/2019/ranking").await
    );
    assert_eq!(
        empty.json_by(&empty.admin, "/api/v1/rounds/2019/summary").await,
        demo.json("/api/v1/rounds/2019/summary").await
    );
}

#[tokio::test]
async fn the_json_export_holds_ranking_summary_and_records() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/rounds/2019/export.json").await;
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("egov-scorecard_2019_official.json")
    );
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["ranking"]["entries"].as_array().unwrap().len(), 12);
    assert_eq!(document["summary"]["round"], "2019");
    assert_eq!(document["records"].as_array().unwrap().len(), 84);
}

/// Text people write in evidence: Vietnamese, commas, quotes, newlines, formula-like starts.
fn evidence() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 ,;\"'\n=+@\\-ăâđêôơưÀÁẠẢÃàáạảãĐộ/]{0,30}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn generated_rounds_survive_export_then_import(
        rows in proptest::collection::vec((0usize..12, 0usize..7, 0usize..4, 0.0f64..=1.0, evidence()), 1..30)
    ) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let orgs = ["btc", "bct", "bnv", "btp", "byt", "bxd", "bgddt", "btttt", "bkhdt", "btnmt", "nhnn", "ttcp"];
            let criteria = ["TC-01", "TC-02", "VB-01", "VB-02", "DV-01", "DV-02", "HT-01"];
            let mut csv = csv::Writer::from_writer(Vec::new());
            csv.write_record(HEADER.trim_end().split(',')).unwrap();
            let mut seen = std::collections::HashSet::new();
            for (org, criterion, pick, ratio, text) in rows {
                if !seen.insert((org, criterion)) {
                    continue;
                }
                let (outcome, value) = match criteria[criterion] {
                    "VB-01" if pick == 3 => ("not_applicable".to_owned(), String::new()),
                    "VB-01" => (String::new(), ratio.to_string()),
                    "DV-02" => (["none", "in_progress", "pilot", "done"][pick].to_owned(), String::new()),
                    _ => (["met", "not_met", "not_applicable", "met"][pick].to_owned(), String::new()),
                };
                csv.write_record([
                    "2026", orgs[org], criteria[criterion], &outcome, &value, &text, &text, "Lê Thị Hoa", "2026-03-01", "approved",
                ])
                .unwrap();
            }
            let file = String::from_utf8(csv.into_inner().unwrap()).unwrap();
            let app = spawn_app().await;
            let response = app.import("2026", "?approve=true", "text/csv", file).await;
            assert_eq!(response.status(), 200);
            let exported = app.records_csv("2026").await;
            let again = app.import("2026", "?approve=true", "text/csv", exported.clone()).await;
            assert_eq!(again.status(), 200);
            assert_eq!(app.records_csv("2026").await, exported);
        });
    }
}
