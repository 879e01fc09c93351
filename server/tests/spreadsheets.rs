//! Issue 15: Excel in, not only out. Files written by LibreOffice and openpyxl from our own
//! export (`tests/fixtures/excel/make.py`, committed) are imported over HTTP as a person would
//! upload them: a workbook with Excel serial dates, one with formulas, one with an empty sheet
//! and a title above the header, a `;` CSV, a UTF-16 "Unicode text" file, and the fill-in
//! template filled in. A Windows-1258 file is refused naming its encoding. Nothing refused
//! changes the database.

mod common;

use std::path::PathBuf;

use common::{TestApp, spawn_app};
use reqwest::Method;
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/excel")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

async fn upload(app: &TestApp, round: &str, query: &str, content_type: &str, body: Vec<u8>) -> (u16, Value) {
    let response = app.import(round, query, content_type, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[tokio::test]
async fn files_saved_by_spreadsheet_programs_import_as_the_records_they_hold() {
    let app = spawn_app().await;
    let before = app.records_csv("2019").await;
    for (name, content_type, rows) in [
        ("lo-records.xlsx", XLSX, 84),
        ("lo-semicolon.csv", "text/csv", 84),
        ("lo-utf16.txt", "text/plain", 84),
        ("formulas.xlsx", XLSX, 12),
        ("title-and-empty-sheet.xlsx", "application/octet-stream", 12),
    ] {
        let (status, summary) = upload(&app, "2019", "?approve=true", content_type, fixture(name)).await;
        assert_eq!(status, 200, "{name}: {summary}");
        assert_eq!(summary["accepted"], rows, "{name}");
        assert_eq!(
            summary["updated"], rows,
            "{name}: every record is one the round holds"
        );
        // The same records, written back: dates, shares, diacritics and line breaks survived.
        assert_eq!(app.records_csv("2019").await, before, "{name} changed a record");
    }
}

#[tokio::test]
async fn a_legacy_code_page_is_refused_naming_it_and_nothing_changes() {
    let app = spawn_app().await;
    let before = app.records_csv("2019").await;
    let (status, problem) = upload(&app, "2019", "", "text/csv", fixture("cp1258.csv")).await;
    assert_eq!(status, 400, "{problem}");
    let detail = problem["detail_en"].as_str().unwrap();
    assert!(
        detail.contains("Windows-1258") && detail.contains("UTF-8"),
        "{detail}"
    );
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("bảng mã Windows-1258"),
        "{problem}"
    );
    assert_eq!(problem["field"], "body");
    assert_eq!(app.records_csv("2019").await, before);
}

#[tokio::test]
async fn the_template_downloads_fills_in_and_imports_back() {
    let app = spawn_app().await;
    let response = app
        .by(&app.inspector, Method::GET, "/api/v1/rounds/2026/template.xlsx")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], XLSX);
    let template = response.bytes().await.unwrap().to_vec();
    // Empty, it holds no record: every row is left to fill in.
    let (status, summary) = upload(&app, "2026", "?dry_run=true", XLSX, template).await;
    assert_eq!(
        (status, summary["accepted"].clone()),
        (200, Value::from(0)),
        "{summary}"
    );
    // Filled in for btc (with openpyxl, saved by LibreOffice): seven records, submitted.
    let (status, summary) = upload(&app, "2026", "", XLSX, fixture("filled-template.xlsx")).await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["inserted"], 7);
    let records = app
        .json_by(&app.admin, "/api/v1/rounds/2026/records?org=btc")
        .await;
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 7);
    let vb01 = records.iter().find(|r| r["criterion"] == "VB-01").unwrap();
    assert_eq!(vb01["value"], 0.855);
    assert_eq!(vb01["assessed_on"], "2026-03-05");
    assert_eq!(vb01["state"], "submitted");
    assert_eq!(vb01["evidence"], "Số 12/QĐ-BTC; ngày 05/03/2026");
    let dv02 = records.iter().find(|r| r["criterion"] == "DV-02").unwrap();
    assert_eq!(dv02["outcome"], "done");
}

#[tokio::test]
async fn a_wrong_cell_of_a_workbook_is_named_as_the_spreadsheet_shows_it() {
    let app = spawn_app().await;
    let before = app.records_csv("2026").await;
    // The filled template imported into the wrong round: every row says 2026, the round is 2019.
    let (status, problem) = upload(&app, "2019", "", XLSX, fixture("filled-template.xlsx")).await;
    assert_eq!(status, 422, "{problem}");
    let first = &problem["rejected"][0];
    let cell = first["problems"][0]["cell"].as_str().unwrap();
    assert!(cell.starts_with("Nhập kết quả!A"), "{problem}");
    assert_eq!(first["problems"][0]["field"], "round");
    assert_eq!(app.records_csv("2026").await, before);
}
