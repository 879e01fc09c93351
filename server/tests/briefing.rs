//! Briefing downloads (issue 6) against the dashboard's own numbers: the PDF read with
//! `pdftotext`, the workbook with calamine, the charts as a browser would receive them.

mod common;

use std::io::Cursor;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use common::spawn_app;
use serde_json::Value;

/// The text of a PDF as `pdftotext -layout` extracts it, runs of spaces collapsed.
fn pdf_text(pdf: &[u8]) -> String {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        panic!("`pdftotext` is missing: install poppler-utils (`apt-get install -y poppler-utils`)");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("briefing.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers()[name].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_pdf_briefing_shows_the_dashboards_ranking() {
    let app = spawn_app().await;
    let ranking = app.json("/api/v1/rounds/2020/ranking").await;
    let response = app.get("/api/v1/rounds/2020/export.pdf").await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type"), "application/pdf");
    let disposition = header(&response, "content-disposition");
    assert!(
        disposition.starts_with("attachment; filename=\"egov-scorecard_2020_all_official_vi_"),
        "{disposition}"
    );
    let text = pdf_text(&response.bytes().await.unwrap());
    for entry in ranking["entries"].as_array().unwrap() {
        let score = format!("{:.2}", entry["score"].as_f64().unwrap()).replace('.', ",");
        let row = format!("{} {} {score}", entry["rank"], entry["name_vi"].as_str().unwrap());
        assert!(text.contains(&row), "no row `{row}`");
    }
    assert!(text.contains("Dữ liệu minh họa / illustrative data"));
}

#[tokio::test]
async fn the_workbook_of_a_peer_group_matches_its_ranking_cell_by_cell() {
    let app = spawn_app().await;
    let ranking = app.json("/api/v1/rounds/2019/ranking?scope=ministry").await;
    let response = app
        .get("/api/v1/rounds/2019/export.xlsx?scope=ministry&lang=en")
        .await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-disposition").contains("egov-scorecard_2019_ministry_official_en_"));
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Ranking").unwrap();
    let entries = ranking["entries"].as_array().unwrap();
    let header_row = scorecard_briefing::xlsx::HEADER_ROW;
    for (i, entry) in entries.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        let cell = |col: u32| sheet.get_value((row, col)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0), Data::Float(entry["rank"].as_f64().unwrap()));
        assert_eq!(
            cell(1),
            Data::String(entry["organization"].as_str().unwrap().into())
        );
        assert_eq!(cell(2), Data::String(entry["name_en"].as_str().unwrap().into()));
        assert_eq!(cell(4), Data::Float(entry["score"].as_f64().unwrap()));
    }
    assert_eq!(
        sheet.get_value((header_row + 1 + entries.len() as u32, 0)),
        None,
        "only the peer group is listed"
    );
}

#[tokio::test]
async fn charts_come_as_svg_and_png() {
    let app = spawn_app().await;
    let ranking = app.json("/api/v1/rounds/2019/ranking").await;
    let response = app.get("/api/v1/rounds/2019/charts/ranking.svg").await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type"), "image/svg+xml");
    let svg = response.text().await.unwrap();
    for entry in ranking["entries"].as_array().unwrap() {
        assert!(svg.contains(entry["name_vi"].as_str().unwrap()));
    }
    for path in [
        "/api/v1/rounds/2019/charts/criteria.png?lang=en&width=400",
        "/api/v1/organizations/bnnmt/charts/trend.png",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "content-type"), "image/png");
        assert!(response.bytes().await.unwrap().starts_with(b"\x89PNG"), "{path}");
    }
    let trend = app
        .get("/api/v1/organizations/bnnmt/charts/trend.svg")
        .await
        .text()
        .await
        .unwrap();
    for round in ["2019", "2020", "2021", "2025"] {
        assert!(trend.contains(round), "{round}");
    }
}

#[tokio::test]
async fn a_bad_parameter_or_unknown_chart_is_explained() {
    let app = spawn_app().await;
    for (path, status, words) in [
        ("/api/v1/rounds/2019/export.pdf?lang=fr", 400, "`lang`"),
        (
            "/api/v1/rounds/2019/export.xlsx?scope=Bad%20Group",
            400,
            "`scope`",
        ),
        ("/api/v1/rounds/2019/charts/ranking.gif", 404, "ranking.svg"),
        (
            "/api/v1/rounds/2019/charts/ranking.svg?width=9999",
            400,
            "`width`",
        ),
        ("/api/v1/rounds/1999/export.pdf", 404, "1999"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        let problem: Value = response.json().await.unwrap();
        assert!(problem.to_string().contains(words), "{path}: {problem}");
    }
}
