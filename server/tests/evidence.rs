//! Issue 12: evidence files through the API, as people use them. Uploads go through the real
//! worker process (`scorecard pdf check --worker`) where the signature check matters.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{TestApp, spawn_app_with_evidence};
use reqwest::{Method, StatusCode};
use scorecard_server::analysis::{WorkerAnalyser, WorkerLimits};
use scorecard_service::evidence::{EvidenceSettings, FileLimits};
use serde_json::{Value, json};

fn pyhanko(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("pyhanko").join(name)).unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/evidence/tests/fixtures")
}

fn hostile(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fuzz/corpus/pdf_analysis")
            .join(name),
    )
    .unwrap()
}

fn worker(limits: WorkerLimits) -> Arc<WorkerAnalyser> {
    Arc::new(WorkerAnalyser::new(
        PathBuf::from(env!("CARGO_BIN_EXE_scorecard")),
        2,
        limits,
    ))
}

async fn app_with(limits: FileLimits) -> TestApp {
    spawn_app_with_evidence(EvidenceSettings {
        limits,
        analyser: worker(WorkerLimits::default()),
    })
    .await
}

async fn app() -> TestApp {
    app_with(FileLimits::default()).await
}

async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    record: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new()
        .text("document_date", "2026-11-20")
        .part("file", part);
    app.by(
        client,
        Method::POST,
        &format!("/api/v1/rounds/2026/records/{record}/files"),
    )
    .multipart(form)
    .send()
    .await
    .unwrap()
}

async fn attached(
    app: &TestApp,
    client: &reqwest::Client,
    record: &str,
    name: &str,
    bytes: Vec<u8>,
) -> Value {
    let response = upload(app, client, record, name, bytes).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn status_of(app: &TestApp, client: &reqwest::Client, method: Method, path: &str) -> StatusCode {
    app.by(client, method, path).send().await.unwrap().status()
}

/// Saves (creating when needed), submits and approves a record of 2026.
async fn approve(app: &TestApp, org: &str, criterion: &str) {
    let path = format!("/api/v1/rounds/2026/records/{org}/{criterion}");
    let current = app.by(&app.inspector, Method::GET, &path).send().await.unwrap();
    let tag = if current.status() == StatusCode::OK {
        current.headers()["etag"].to_str().unwrap().to_owned()
    } else {
        "*".to_owned()
    };
    let saved = app
        .by(&app.inspector, Method::PUT, &path)
        .header("if-match", tag)
        .json(&json!({ "outcome": "met", "evidence": "Văn bản mẫu đã ký số" }))
        .send()
        .await
        .unwrap();
    assert!(saved.status().is_success(), "{}", saved.text().await.unwrap());
    let submitted = app
        .by(&app.inspector, Method::POST, &format!("{path}/submit"))
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), StatusCode::OK);
    let approved = app
        .by(&app.reviewer, Method::POST, &format!("{path}/approve"))
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_inspector_attaches_a_signed_pdf_and_the_reviewer_opens_it() {
    let app = app().await;
    let name = "Công văn 45-TB ký số (bản gốc).pdf";
    let bytes = pyhanko("person-then-org.pdf");
    let file = attached(&app, &app.inspector, "btc/VB-02", name, bytes.clone()).await;
    assert_eq!(file["name"], name);
    assert_eq!(file["kind"], "PDF");
    assert_eq!(file["media_type"], "application/pdf");
    assert_eq!(file["size"], bytes.len());
    assert_eq!(file["document_date"], "2026-11-20");
    assert_eq!(file["uploaded_by"], "canbo.an");
    let analysis = &file["analysis"];
    assert_eq!(analysis["analysable"], true);
    let roles: Vec<&str> = analysis["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["person", "organization"]);
    assert_eq!(
        analysis["signatures"][0]["trusted"],
        Value::Null,
        "no root is loaded yet"
    );

    // The reviewer lists the record's files and downloads the very same bytes, as an
    // attachment under the Vietnamese name.
    let files: Vec<Value> = app
        .json_by(&app.reviewer, "/api/v1/rounds/2026/files?org=btc")
        .await
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(files.len(), 1);
    let id = file["id"].as_i64().unwrap();
    let download = app
        .by(&app.reviewer, Method::GET, &format!("/api/v1/files/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    let headers = download.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\""),
        "{disposition}"
    );
    assert!(
        disposition.contains("filename*=UTF-8''C%C3%B4ng%20v%C4%83n%2045-TB%20k%C3%BD%20s%E1%BB%91%20%28b%E1%BA%A3n%20g%E1%BB%91c%29.pdf"),
        "{disposition}"
    );
    assert_eq!(download.bytes().await.unwrap().as_ref(), bytes.as_slice());

    let suggestion = app
        .json_by(&app.inspector, "/api/v1/rounds/2026/records/btc/VB-02/suggestion")
        .await;
    assert_eq!(suggestion["met"], true, "{suggestion}");
    assert_eq!(suggestion["files"], 1);

    // An altered sample turns the suggestion, naming the file.
    attached(
        &app,
        &app.inspector,
        "btc/VB-02",
        "sửa sau khi ký.pdf",
        pyhanko("altered-after-signing.pdf"),
    )
    .await;
    let suggestion = app
        .json_by(&app.inspector, "/api/v1/rounds/2026/records/btc/VB-02/suggestion")
        .await;
    assert_eq!(suggestion["met"], false);
    assert_eq!(suggestion["failing"], json!(["sửa sau khi ký.pdf"]));

    // Every attachment is in the audit trail with the file's hash.
    let audit = app
        .json_by(&app.admin, "/api/v1/audit?target=record:2026/btc/VB-02")
        .await;
    let attach = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "file.attach")
        .expect("an audit entry");
    assert_eq!(attach["after"]["sha256"], file["sha256"]);
}

#[tokio::test]
async fn files_are_refused_by_their_content_their_size_and_their_number() {
    let app = app_with(FileLimits {
        max_file_bytes: 64 * 1024,
        max_files_per_record: 2,
    })
    .await;
    let refusals: [(&str, Vec<u8>, StatusCode, &str); 6] = [
        (
            "trang.pdf",
            b"<!DOCTYPE html><script>alert(1)</script>".to_vec(),
            StatusCode::BAD_REQUEST,
            "HTML",
        ),
        (
            "hinh.png",
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(),
            StatusCode::BAD_REQUEST,
            "SVG",
        ),
        (
            "setup.docx",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec(),
            StatusCode::BAD_REQUEST,
            "PDF, PNG",
        ),
        ("rong.txt", Vec::new(), StatusCode::BAD_REQUEST, "empty"),
        (
            "lon.pdf",
            [b"%PDF-1.7\n".as_slice(), &vec![b'0'; 70 * 1024]].concat(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "limit",
        ),
        (
            "lon.txt",
            vec![b'a'; 64 * 1024 + 1],
            StatusCode::PAYLOAD_TOO_LARGE,
            "limit",
        ),
    ];
    for (name, bytes, status, says) in refusals {
        let response = upload(&app, &app.inspector, "btc/TC-01", name, bytes).await;
        assert_eq!(response.status(), status, "{name}");
        let problem: Value = response.json().await.unwrap();
        let (vi, en) = (
            problem["detail"].as_str().unwrap(),
            problem["detail_en"].as_str().unwrap(),
        );
        assert!(en.contains(says), "{name}: {en}");
        assert_ne!(vi, en, "{name}: a Vietnamese sentence beside the English");
    }
    assert!(
        app.json_by(&app.inspector, "/api/v1/rounds/2026/files?org=btc")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Two files fit; the same file twice and a third file do not.
    attached(
        &app,
        &app.inspector,
        "btc/TC-01",
        "bien-ban.txt",
        "Biên bản làm việc".as_bytes().to_vec(),
    )
    .await;
    let again = upload(
        &app,
        &app.inspector,
        "btc/TC-01",
        "bien-ban (2).txt",
        "Biên bản làm việc".as_bytes().to_vec(),
    )
    .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    attached(
        &app,
        &app.inspector,
        "btc/TC-01",
        "anh.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
    )
    .await;
    let third = upload(
        &app,
        &app.inspector,
        "btc/TC-01",
        "ghi-chu.txt",
        b"ghi chu".to_vec(),
    )
    .await;
    assert_eq!(third.status(), StatusCode::CONFLICT);
    let problem: Value = third.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("tối đa 2"),
        "{problem}"
    );
}

#[tokio::test]
async fn who_sees_and_changes_files_follows_the_record() {
    let app = app().await;
    let file = attached(
        &app,
        &app.inspector,
        "btc/TC-01",
        "quy-che.txt",
        "Quy chế văn thư".as_bytes().to_vec(),
    )
    .await;
    let id = file["id"].as_i64().unwrap();
    let path = format!("/api/v1/files/{id}");
    // Another organisation's inspector, the leader (2026 is not published) and anonymous
    // readers neither see nor change it; the reviewer of the round sees it.
    let expectations = [
        (&app.other_inspector, Method::GET, StatusCode::NOT_FOUND),
        (&app.leader, Method::GET, StatusCode::NOT_FOUND),
        (&app.client, Method::GET, StatusCode::UNAUTHORIZED),
        (&app.reviewer, Method::GET, StatusCode::OK),
        (&app.other_inspector, Method::DELETE, StatusCode::NOT_FOUND),
    ];
    for (client, method, want) in expectations {
        assert_eq!(
            status_of(&app, client, method.clone(), &path).await,
            want,
            "{method}"
        );
    }
    let foreign = upload(&app, &app.other_inspector, "btc/TC-01", "x.txt", b"x".to_vec()).await;
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    let listed = app
        .json_by(&app.other_inspector, "/api/v1/rounds/2026/files")
        .await;
    assert!(listed.as_array().unwrap().is_empty());

    // Approved: frozen for everyone.
    approve(&app, "btc", "TC-01").await;
    assert_eq!(
        status_of(&app, &app.inspector, Method::DELETE, &path).await,
        StatusCode::CONFLICT
    );
    let late = upload(&app, &app.inspector, "btc/TC-01", "muon.txt", b"muon".to_vec()).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);

    // Published: everyone reads the approved record's files, anonymous readers included;
    // nobody can change them, as the round is no longer open.
    for state in ["closed", "published"] {
        let changed = app
            .by(&app.admin, Method::POST, "/api/v1/rounds/2026/state")
            .json(&json!({ "state": state }))
            .send()
            .await
            .unwrap();
        assert_eq!(changed.status(), StatusCode::OK, "{state}");
    }
    assert_eq!(
        status_of(&app, &app.client, Method::GET, &path).await,
        StatusCode::OK
    );
    assert_eq!(
        status_of(&app, &app.leader, Method::GET, &path).await,
        StatusCode::OK
    );
    let reopened = upload(&app, &app.inspector, "btc/VB-01", "y.txt", b"y".to_vec()).await;
    assert_eq!(reopened.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_file_of_the_organisation_is_attached_again_without_uploading() {
    let app = app().await;
    let file = attached(
        &app,
        &app.inspector,
        "btc/TC-01",
        "Quy chế.pdf",
        pyhanko("person-only.pdf"),
    )
    .await;
    let reuse = |record: &'static str, from: i64| {
        let form = reqwest::multipart::Form::new().text("from", from.to_string());
        app.by(
            &app.inspector,
            Method::POST,
            &format!("/api/v1/rounds/2026/records/{record}/files"),
        )
        .multipart(form)
        .send()
    };
    let again = reuse("btc/VB-02", file["id"].as_i64().unwrap()).await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: Value = again.json().await.unwrap();
    assert_eq!(
        (&again["sha256"], &again["name"], &again["criterion"]),
        (&file["sha256"], &file["name"], &json!("VB-02"))
    );
    assert_eq!(again["analysis"], file["analysis"]);
    let elsewhere = reuse("bct/VB-02", file["id"].as_i64().unwrap()).await.unwrap();
    assert_eq!(elsewhere.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn trusting_a_root_checks_the_stored_files_again() {
    let app = app().await;
    let file = attached(
        &app,
        &app.inspector,
        "btc/VB-02",
        "mau.pdf",
        pyhanko("person-then-org.pdf"),
    )
    .await;
    let analysis = format!("/api/v1/files/{}/analysis", file["id"]);
    let trusted = |value: Value| {
        value["signatures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["trusted"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        trusted(app.json_by(&app.inspector, &analysis).await),
        [Value::Null, Value::Null]
    );

    let added = app
        .by(&app.admin, Method::POST, "/api/v1/trust-roots")
        .body(std::fs::read(fixtures().join("pyhanko/root.pem")).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::OK);
    let added: Value = added.json().await.unwrap();
    assert_eq!(added["rechecked"], 1);
    assert_eq!(added["roots"][0]["subject"], "C=VN, CN=pyHanko Test Root");
    assert_eq!(
        trusted(app.json_by(&app.inspector, &analysis).await),
        [json!(true), json!(true)]
    );

    let junk = app
        .by(&app.admin, Method::POST, "/api/v1/trust-roots")
        .body("not a certificate")
        .send()
        .await
        .unwrap();
    assert_eq!(junk.status(), StatusCode::BAD_REQUEST);

    let sha = added["roots"][0]["sha256"].as_str().unwrap();
    assert_eq!(
        status_of(
            &app,
            &app.admin,
            Method::DELETE,
            &format!("/api/v1/trust-roots/{sha}")
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        trusted(app.json_by(&app.inspector, &analysis).await),
        [Value::Null, Value::Null]
    );
}

#[tokio::test]
async fn hostile_files_are_answered_while_others_keep_working() {
    let app = app().await;
    let names = [
        "decompression-bomb.pdf",
        "deep-nesting.pdf",
        "reference-loop.pdf",
        "page-tree-loop.pdf",
        "huge-object-count.pdf",
        "byte-range-past-end.pdf",
        "encrypted.pdf",
        "truncated-signed.pdf",
    ];
    let uploads = names.iter().enumerate().map(|(i, name)| {
        // Each to its own record, so that no two compete for a record's limit.
        let criterion = ["TC-01", "VB-01", "VB-02", "DV-01"][i % 4];
        let org = ["btc", "bct"][i / 4];
        let app = &app;
        async move {
            (
                name,
                upload(
                    app,
                    &app.inspector,
                    &format!("{org}/{criterion}"),
                    name,
                    hostile(name),
                )
                .await,
            )
        }
    });
    let readers = async {
        let mut answered = 0;
        for _ in 0..20 {
            let response = app
                .by(
                    &app.reviewer,
                    Method::GET,
                    "/api/v1/rounds/2026/ranking?preliminary=true",
                )
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            answered += 1;
        }
        answered
    };
    let (results, answered) = tokio::join!(futures_util::future::join_all(uploads), readers);
    assert_eq!(answered, 20);
    for (name, response) in results {
        assert_eq!(response.status(), StatusCode::CREATED, "{name}");
        let file: Value = response.json().await.unwrap();
        let analysis = &file["analysis"];
        let refused = analysis["analysable"] == false;
        let failing = analysis["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "intact" && r["verdict"] == "fail");
        assert!(refused || failing, "{name}: {analysis}");
        if refused {
            assert!(
                analysis["error_vi"]
                    .as_str()
                    .unwrap()
                    .starts_with("Không phân tích được"),
                "{name}"
            );
        }
    }
    assert_eq!(
        status_of(&app, &app.client, Method::GET, "/api/v1/health").await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_analysis_beyond_its_memory_is_stopped_and_reported() {
    let app = spawn_app_with_evidence(EvidenceSettings {
        limits: FileLimits::default(),
        // Far too little address space for the worker to even load the file.
        analyser: worker(WorkerLimits {
            memory_bytes: 8 * 1024 * 1024,
            seconds: 5,
        }),
    })
    .await;
    let file = attached(
        &app,
        &app.inspector,
        "btc/VB-02",
        "mau.pdf",
        pyhanko("person-then-org.pdf"),
    )
    .await;
    assert_eq!(file["analysis"]["analysable"], false);
    let reason = file["analysis"]["error"].as_str().unwrap();
    assert!(reason.contains("more memory or time"), "{reason}");
    assert_eq!(
        status_of(&app, &app.client, Method::GET, "/api/v1/health").await,
        StatusCode::OK
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn exports_list_the_files_and_the_archive_holds_them_with_their_manifest() {
    let app = app().await;
    let signed = pyhanko("person-then-org.pdf");
    let note = "Biên bản: =1+1 không phải công thức".as_bytes().to_vec();
    attached(
        &app,
        &app.inspector,
        "btc/VB-02",
        "Văn bản mẫu.pdf",
        signed.clone(),
    )
    .await;
    attached(&app, &app.inspector, "btc/VB-02", "=ghi chú.txt", note.clone()).await;
    attached(
        &app,
        &app.inspector,
        "bct/TC-01",
        "Quy chế.txt",
        b"quy che".to_vec(),
    )
    .await;
    approve(&app, "btc", "VB-02").await;

    // One organisation's archive: its files under ORG/CRITERION/, byte for byte, and a
    // manifest whose hashes are the files'.
    let response = app
        .by(
            &app.inspector,
            Method::GET,
            "/api/v1/rounds/2026/evidence.zip?org=btc",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/zip");
    let bytes = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut names: Vec<String> = archive
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "btc/VB-02/=ghi chú.txt",
            "btc/VB-02/Văn bản mẫu.pdf",
            "manifest.csv"
        ]
    );
    let read = |archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str| {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut archive.by_name(name).unwrap(), &mut out).unwrap();
        out
    };
    assert_eq!(read(&mut archive, "btc/VB-02/Văn bản mẫu.pdf"), signed);
    assert_eq!(read(&mut archive, "btc/VB-02/=ghi chú.txt"), note);
    let manifest = String::from_utf8(read(&mut archive, "manifest.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(manifest.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let content = read(&mut archive, &row[1]);
        assert_eq!(&row[4], sha256_hex(&content), "{row:?}");
        assert_eq!(row[3].parse::<usize>().unwrap(), content.len());
    }
    let pdf = rows.iter().find(|r| r[1].ends_with(".pdf")).unwrap();
    assert_eq!((&pdf[0], &pdf[6]), ("2026/btc/VB-02", "pass"));
    let text = rows.iter().find(|r| r[1].ends_with(".txt")).unwrap();
    assert_eq!(
        (&text[2], &text[6]),
        ("'=ghi chú.txt", "not-checked"),
        "a name is guarded against formulas"
    );

    // The reviewer's archive of the whole round has both organisations.
    let whole = app
        .by(&app.reviewer, Method::GET, "/api/v1/rounds/2026/evidence.zip")
        .send()
        .await
        .unwrap();
    let whole = zip::ZipArchive::new(std::io::Cursor::new(whole.bytes().await.unwrap().to_vec())).unwrap();
    assert_eq!(whole.len(), 4);

    // The records CSV lists each record's files in a last column, which an import skips.
    let csv_text = app
        .by(&app.reviewer, Method::GET, "/api/v1/rounds/2026/export.csv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let header = csv_text.lines().next().unwrap();
    assert!(header.ends_with(",Evidence files"), "{header}");
    let row = csv_text
        .lines()
        .find(|l| l.starts_with("2026,btc,VB-02"))
        .unwrap();
    assert!(
        row.contains(&format!("Văn bản mẫu.pdf [sha256:{}] pass", sha256_hex(&signed))),
        "{row}"
    );
    let checked = app
        .by(
            &app.admin,
            Method::POST,
            "/api/v1/rounds/2026/import?dry_run=true",
        )
        .header("content-type", "text/csv")
        .body(csv_text)
        .send()
        .await
        .unwrap();
    assert_eq!(
        checked.status(),
        StatusCode::OK,
        "{}",
        checked.text().await.unwrap()
    );

    // The workbook has a sheet of the counted records' files with their verdicts.
    let xlsx = app
        .by(&app.reviewer, Method::GET, "/api/v1/rounds/2026/export.xlsx")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "Tệp kiểm chứng").unwrap();
    let cells: Vec<String> = sheet
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(cells.iter().any(|c| c == "Văn bản mẫu.pdf"), "{cells:?}");
    assert!(cells.iter().any(|c| c == &sha256_hex(&signed)));
    assert!(cells.iter().any(|c| c == "đạt mọi quy tắc"), "{cells:?}");
    assert!(
        !cells.iter().any(|c| c == "Quy chế.txt"),
        "bct's record is not approved, so not counted"
    );
}
