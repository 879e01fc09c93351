//! The `scorecard` command line, run as a user runs it, on a temporary database.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn scorecard(db: &Path, args: &[&str]) -> Output {
    scorecard_with_input(db, args, "")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const DEMO_2019: &str = include_str!("../../data/demo/records-2019.csv");

fn snapshot(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/dataset/tests/snapshots")
        .join(format!("demo_figures__{name}.snap"));
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(text.splitn(3, "---\n").nth(2).unwrap()).unwrap()
}

/// `round create 2019` then `import --approve` of the demo's 2019 records, as a user would;
/// answers the database and the import's output.
fn database_with_the_2019_demo(dir: &tempfile::TempDir) -> (std::path::PathBuf, Output) {
    let db = dir.path().join("cli.db");
    let created = scorecard(
        &db,
        &[
            "round",
            "create",
            "2019",
            "--catalog",
            "cpdt-2019",
            "--name",
            "Kiểm tra 2019",
            "--from",
            "2019-09-01",
            "--to",
            "2019-11-30",
        ],
    );
    assert!(created.status.success(), "{}", text(&created.stderr));
    let file = dir.path().join("records.csv");
    std::fs::write(&file, DEMO_2019).unwrap();
    let imported = scorecard(
        &db,
        &["import", file.to_str().unwrap(), "--round", "2019", "--approve"],
    );
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    (db, imported)
}

#[test]
fn round_create_import_approve_and_export_reproduce_the_demo_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (db, imported) = database_with_the_2019_demo(&dir);
    assert!(
        text(&imported.stdout).contains("imported 84 rows into round 2019 as approved"),
        "{}",
        text(&imported.stdout)
    );

    let out = dir.path().join("2019.json");
    let exported = scorecard(
        &db,
        &[
            "export",
            "--round",
            "2019",
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(exported.status.success(), "{}", text(&exported.stderr));
    let document: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(document["ranking"], snapshot("ranking-2019"));
    assert_eq!(document["summary"], snapshot("summary-2019"));
    assert_eq!(document["records"].as_array().unwrap().len(), 84);

    let csv = scorecard(&db, &["export", "--round", "2019", "--format", "csv"]);
    assert_eq!(
        rows_of(&text(&csv.stdout)),
        rows_of(DEMO_2019),
        "export then import is the identity"
    );
}

/// The rows of a records file as a sorted list, with ratios compared as numbers.
fn rows_of(file: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(file.as_bytes());
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|row| {
            let row = row.unwrap();
            row.iter()
                .enumerate()
                .map(|(i, cell)| match (i, cell.parse::<f64>()) {
                    (4, Ok(number)) => number.to_string(),
                    _ => cell.to_owned(),
                })
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn a_bad_file_is_refused_with_line_numbers_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    scorecard(
        &db,
        &[
            "round",
            "create",
            "2026",
            "--catalog",
            "cpdt-2019",
            "--name",
            "Đợt 2026",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
    );
    let file = dir.path().join("bad.csv");
    let header = "round,organization,criterion,outcome,value,evidence,note,inspector,assessed_on,state\n";
    std::fs::write(
        &file,
        format!("{header}2026,btc,TC-01,met,,,,,,\n2026,btc,VB-01,,1.7,,,,,\n"),
    )
    .unwrap();
    for extra in [&["--dry-run"][..], &[]] {
        let mut args = vec!["import", file.to_str().unwrap(), "--round", "2026"];
        args.extend_from_slice(extra);
        let output = scorecard(&db, &args);
        assert!(!output.status.success());
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains(
                "line 3: field `value`: ratio 1.7 is outside [0, 1]; a percentage is written with its sign, e.g. 85,5% / Tỷ lệ 1.7 nằm ngoài khoảng [0, 1]; tỷ lệ phần trăm ghi kèm dấu %, ví dụ 85,5%."
            ),
            "{stderr}"
        );
    }
    let csv = scorecard(&db, &["export", "--round", "2026", "--format", "csv"]);
    assert_eq!(
        text(&csv.stdout),
        format!("\u{feff}{header}"),
        "nothing was written"
    );
}

#[test]
fn mistakes_on_the_command_line_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let check = |args: &[&str], expected: &str| {
        let output = scorecard(&db, args);
        assert!(!output.status.success(), "{args:?}");
        assert!(
            text(&output.stderr).contains(expected),
            "{args:?}: {}",
            text(&output.stderr)
        );
    };
    check(
        &[
            "round",
            "create",
            "x",
            "--catalog",
            "none",
            "--name",
            "X",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
        "catalog `none` does not exist; known catalogs: cpdt-2019, cpdt-2025",
    );
    check(
        &[
            "round",
            "create",
            "x",
            "--catalog",
            "cpdt-2019",
            "--name",
            "X",
            "--from",
            "2026-02-31",
            "--to",
            "2026-12-31",
        ],
        "--from `2026-02-31` is not a date written YYYY-MM-DD",
    );
    check(
        &["import", "missing.csv", "--round", "nope"],
        "round `nope` does not exist",
    );
    check(
        &["export", "--round", "nope", "--format", "csv"],
        "round `nope` does not exist",
    );
}

/// Issue 6: `scorecard export --format pdf|xlsx` writes the briefing and the workbook.
#[test]
fn export_writes_the_pdf_briefing_and_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = database_with_the_2019_demo(&dir);
    for (format, magic) in [("pdf", &b"%PDF-"[..]), ("xlsx", &b"PK"[..])] {
        let out = dir.path().join(format!("2019.{format}"));
        let args = [
            "export", "--round", "2019", "--format", format, "--scope", "agency", "--lang", "en", "-o",
        ];
        let exported = scorecard(&db, &[&args[..], &[out.to_str().unwrap()]].concat());
        assert!(exported.status.success(), "{}", text(&exported.stderr));
        assert!(std::fs::read(&out).unwrap().starts_with(magic), "{format}");
    }
    let wrong = scorecard(
        &db,
        &["export", "--round", "2019", "--format", "pdf", "--lang", "fr"],
    );
    assert!(!wrong.status.success());
    assert!(
        text(&wrong.stderr).contains("--lang `fr`"),
        "{}",
        text(&wrong.stderr)
    );
}

fn scorecard_with_input(db: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("SCORECARD_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn user_add_reads_the_password_from_stdin_and_audit_verify_finds_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let added = scorecard_with_input(
        &db,
        &["user", "add", "nguyen.an", "--role", "inspector"],
        "một mật khẩu dài\n",
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let short = scorecard_with_input(&db, &["user", "add", "tran.binh", "--role", "leader"], "ngắn\n");
    assert!(!short.status.success());
    assert!(
        text(&short.stderr).contains("A password needs at least 12 characters."),
        "{}",
        text(&short.stderr)
    );
    scorecard(
        &db,
        &[
            "round",
            "create",
            "2026",
            "--catalog",
            "cpdt-2025",
            "--name",
            "Đợt 2026",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
    );

    let intact = scorecard(&db, &["audit", "verify"]);
    assert!(intact.status.success(), "{}", text(&intact.stderr));
    assert!(
        text(&intact.stdout).contains("the audit trail is intact: 2 entries"),
        "{}",
        text(&intact.stdout)
    );

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = scorecard_store::SqliteStore::open_file(&db).await.unwrap();
        sqlx::raw_sql(
            "DROP TRIGGER audit_refuses_update; UPDATE audit SET actor = 'someone else' WHERE seq = 1;",
        )
        .execute(store.pool())
        .await
        .unwrap();
        store.pool().close().await;
    });
    let broken = scorecard(&db, &["audit", "verify"]);
    assert!(!broken.status.success());
    assert!(
        text(&broken.stderr)
            .contains("the audit trail is broken at entry 1: entry 1 was changed after it was written"),
        "{}",
        text(&broken.stderr)
    );
}

fn pyhanko_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/evidence/tests/fixtures/pyhanko")
        .join(name)
        .display()
        .to_string()
}

/// Issue 12: `scorecard pdf check` needs no database, prints one JSON object per file with the
/// documented names, and exits 0 whatever the verdicts, 1 only when a file cannot be read.
#[test]
fn pdf_check_reports_each_file_with_the_documented_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never-created.db");
    let good = pyhanko_fixture("person-then-org.pdf");
    let altered = pyhanko_fixture("altered-after-signing.pdf");
    let html = dir.path().join("really-html.pdf");
    std::fs::write(&html, "<!doctype html><script>alert(1)</script>").unwrap();
    let root = pyhanko_fixture("root.pem");
    let html_arg = html.display().to_string();
    let out = scorecard(
        &db,
        &[
            "pdf",
            "check",
            &good,
            &altered,
            &html_arg,
            "--trust-root",
            &root,
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!db.exists(), "pdf check opens no database");
    let lines: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["file"], good.as_str());
    assert_eq!(lines[0]["analysable"], true);
    let signature = &lines[0]["signatures"][0];
    assert_eq!(signature["role"], "person");
    assert_eq!(signature["intact"], true);
    assert_eq!(signature["trusted"], true);
    assert!(
        lines[0]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["verdict"] == "pass")
    );
    assert_eq!(lines[1]["signatures"][0]["modified_after"], true);
    let intact = lines[1]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "intact")
        .unwrap();
    assert_eq!(intact["verdict"], "fail");
    assert!(intact["reason_vi"].as_str().unwrap().contains("bị sửa"));
    assert_eq!(lines[2]["analysable"], false);
    assert!(lines[2]["error"].as_str().unwrap().contains("not a PDF"));

    // Without a root, trust is null; a missing file makes the exit status non-zero.
    let out = scorecard(&db, &["pdf", "check", &good, "/no/such/file.pdf", "--json"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("/no/such/file.pdf"),
        "{}",
        text(&out.stderr)
    );
    let first: Value = serde_json::from_str(text(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(first["signatures"][0]["trusted"], Value::Null);

    // The report for people, both languages.
    let out = scorecard(&db, &["pdf", "check", &altered]);
    assert!(out.status.success());
    let report = text(&out.stdout);
    assert!(report.contains("KHÔNG ĐẠT / FAIL] intact"), "{report}");
    assert!(report.contains("nội dung trang 1"), "{report}");
}

/// Issue 13: `user add NAME --role unit --organization ORG`; the organisation is required.
#[test]
fn a_unit_contact_is_added_with_its_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("units.db");
    let refused = scorecard_with_input(
        &db,
        &["user", "add", "donvi.btc", "--role", "unit"],
        "một mật khẩu đủ dài\n",
    );
    assert!(!refused.status.success());
    let said = text(&refused.stderr);
    assert!(said.contains("organisation") && said.contains("đơn vị"), "{said}");
    let added = scorecard_with_input(
        &db,
        &[
            "user",
            "add",
            "donvi.btc",
            "--role",
            "unit",
            "--organization",
            "btc",
        ],
        "một mật khẩu đủ dài\n",
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert!(
        text(&added.stdout).contains("donvi.btc (unit)"),
        "{}",
        text(&added.stdout)
    );
}
