//! Issue 10: an OpenAPI document that a client generator can use. Every route of the table is
//! called for real, successes and refusals, and each answer is checked against the schema the
//! document gives for that route, status and media type; a route the test does not reach, or an
//! answer the document does not describe, fails it.

mod common;

use std::collections::BTreeSet;

use common::{TestApp, spawn_app};
use reqwest::{Method, Response};
use scorecard_server::routes::ROUTES;
use serde_json::{Value, json};

/// The document, and which routes the test has checked.
struct Checker {
    document: Value,
    checked: BTreeSet<(String, String)>,
}

impl Checker {
    /// Checks an answer of `method template` against the document: the status is described,
    /// the media type is one it names, and a JSON body matches its schema.
    async fn check(&mut self, method: &str, template: &str, response: Response) -> Value {
        let status = response.status().as_u16().to_string();
        let media = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .to_owned();
        let bytes = response.bytes().await.unwrap();
        let operation = &self.document["paths"][format!("/api/v1{template}")][method.to_ascii_lowercase()];
        assert!(
            operation.is_object(),
            "{method} {template} is not in the document"
        );
        let described = &operation["responses"][&status];
        assert!(
            described.is_object(),
            "{method} {template} answered {status}, which the document does not describe: {}",
            String::from_utf8_lossy(&bytes)
        );
        self.checked.insert((method.to_owned(), template.to_owned()));
        if status == "204" {
            assert!(bytes.is_empty(), "{method} {template}: 204 with a body");
            return Value::Null;
        }
        let content = &described["content"];
        assert!(
            content[&media].is_object(),
            "{method} {template} {status}: media type `{media}` is not among {:?}",
            content.as_object().map(|c| c.keys().collect::<Vec<_>>())
        );
        if !media.contains("json") {
            return Value::Null;
        }
        let body: Value =
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{method} {template}: not JSON ({e})"));
        if let Some(schema) = content[&media].get("schema") {
            let root = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "components": self.document["components"],
                "allOf": [schema],
            });
            let validator = jsonschema::draft202012::new(&root)
                .unwrap_or_else(|e| panic!("{method} {template}: the schema does not compile: {e}"));
            let errors: Vec<String> = validator
                .iter_errors(&body)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{method} {template} {status}: the answer does not match its schema:\n{}\n{body:#}",
                errors.join("\n")
            );
        }
        body
    }
}

async fn send(app: &TestApp, client: &reqwest::Client, method: Method, path: &str) -> Response {
    app.by(client, method, &format!("/api/v1{path}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_route_answers_as_the_openapi_document_says() {
    let app = spawn_app().await;
    let document = app.json("/api/v1/openapi.json").await;
    let mut c = Checker {
        document,
        checked: BTreeSet::new(),
    };
    let anonymous = app.client.clone();
    let (admin, inspector, reviewer) = (&app.admin, &app.inspector, &app.reviewer);

    // Reads, as nobody on a published round and as staff.
    for (template, path) in [
        ("/health", "/health"),
        ("/ready", "/ready"),
        ("/openapi.json", "/openapi.json"),
        ("/session", "/session"),
        ("/organizations", "/organizations"),
        ("/organizations/{org}/history", "/organizations/bnnmt/history"),
        ("/catalogs", "/catalogs"),
        ("/catalogs/{id}", "/catalogs/cpdt-2025"),
        ("/rounds", "/rounds"),
        ("/rounds/{round}", "/rounds/2019"),
        ("/rounds/{round}/ranking", "/rounds/2019/ranking?scope=ministry"),
        ("/rounds/{round}/summary", "/rounds/2019/summary"),
        ("/rounds/{round}/scores", "/rounds/2019/scores"),
        ("/rounds/{round}/records", "/rounds/2019/records"),
        (
            "/rounds/{round}/records/{org}/{criterion}",
            "/rounds/2019/records/btc/TC-01",
        ),
        ("/rounds/{round}/export.json", "/rounds/2019/export.json"),
        ("/rounds/{round}/export.pdf", "/rounds/2019/export.pdf?lang=en"),
        ("/rounds/{round}/export.xlsx", "/rounds/2019/export.xlsx"),
        ("/rounds/{round}/charts/{file}", "/rounds/2019/charts/ranking.svg"),
        (
            "/organizations/{org}/charts/{file}",
            "/organizations/btc/charts/trend.png",
        ),
    ] {
        let response = send(&app, &anonymous, Method::GET, path).await;
        assert!(
            response.status().is_success(),
            "GET {path}: {}",
            response.status()
        );
        c.check("GET", template, response).await;
    }
    for (template, path) in [
        ("/me", "/me"),
        ("/users", "/users"),
        ("/audit", "/audit?limit=50"),
        ("/audit/verify", "/audit/verify"),
        ("/rounds/{round}/assignments", "/rounds/2026/assignments"),
        ("/rounds/{round}/reviewers", "/rounds/2026/reviewers"),
        ("/rounds/{round}/export.csv", "/rounds/2026/export.csv"),
        (
            "/rounds/{round}/template.xlsx",
            "/rounds/2026/template.xlsx?lang=en",
        ),
        ("/rounds/{round}/ranking", "/rounds/2026/ranking?preliminary=true"),
        ("/rounds/{round}", "/rounds/2026"),
    ] {
        let response = send(&app, admin, Method::GET, path).await;
        assert!(
            response.status().is_success(),
            "GET {path}: {}",
            response.status()
        );
        c.check("GET", template, response).await;
    }

    // A record's life: created with `*`, refused without or with a stale If-Match, submitted,
    // returned, changed, submitted, approved; its history.
    let record = "/rounds/{round}/records/{org}/{criterion}";
    let path = "/api/v1/rounds/2026/records/btc/VB-01";
    let put = |client: &reqwest::Client, tag: Option<&str>, body: Value| {
        let mut request = app.by(client, Method::PUT, path).json(&body);
        if let Some(tag) = tag {
            request = request.header("if-match", tag);
        }
        request.send()
    };
    let missing = put(inspector, None, json!({ "value": "85,5%" })).await.unwrap();
    assert_eq!(missing.status(), 428);
    c.check("PUT", record, missing).await;
    let invalid = put(inspector, Some("*"), json!({ "value": "170%" }))
        .await
        .unwrap();
    assert_eq!(invalid.status(), 422);
    c.check("PUT", record, invalid).await;
    let created = put(
        inspector,
        Some("*"),
        json!({ "value": "85,5%", "evidence": "Số 5/BC" }),
    )
    .await
    .unwrap();
    assert_eq!(created.status(), 201);
    let created = c.check("PUT", record, created).await;
    let stale = put(inspector, Some("\"v99\""), json!({ "value": 0.9 }))
        .await
        .unwrap();
    assert_eq!(stale.status(), 412);
    c.check("PUT", record, stale).await;
    let etag = created["etag"].as_str().unwrap().to_owned();
    let step = |client: &reqwest::Client, action: &str, tag: Option<&str>, body: Option<Value>| {
        let mut request = app.by(client, Method::POST, &format!("{path}/{action}"));
        if let Some(tag) = tag {
            request = request.header("if-match", tag);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send()
    };
    let submitted = step(inspector, "submit", Some(&etag), None).await.unwrap();
    assert_eq!(submitted.status(), 200);
    c.check("POST", &format!("{record}/submit"), submitted).await;
    let returned = step(
        reviewer,
        "return",
        None,
        Some(json!({ "comment": "Thiếu số liệu quý IV." })),
    )
    .await
    .unwrap();
    assert_eq!(returned.status(), 200);
    let returned = c.check("POST", &format!("{record}/return"), returned).await;
    let tag = returned["etag"].as_str().unwrap().to_owned();
    let changed = put(inspector, Some(&tag), json!({ "value": 0.91 }))
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let changed = c.check("PUT", record, changed).await;
    let tag = changed["etag"].as_str().unwrap().to_owned();
    assert_eq!(
        step(inspector, "submit", Some(&tag), None)
            .await
            .unwrap()
            .status(),
        200
    );
    let again = step(inspector, "submit", None, None).await.unwrap();
    assert_eq!(again.status(), 409);
    c.check("POST", &format!("{record}/submit"), again).await;
    let approved = step(reviewer, "approve", None, None).await.unwrap();
    assert_eq!(approved.status(), 200);
    c.check("POST", &format!("{record}/approve"), approved).await;
    let history = send(
        &app,
        inspector,
        Method::GET,
        "/rounds/2026/records/btc/VB-01/history",
    )
    .await;
    c.check("GET", &format!("{record}/history"), history).await;
    let foreign = send(
        &app,
        inspector,
        Method::GET,
        "/rounds/2026/records/bkhcn/TC-01/history",
    )
    .await;
    assert_eq!(foreign.status(), 403);
    c.check("GET", &format!("{record}/history"), foreign).await;
    let nowhere = send(&app, &anonymous, Method::GET, "/rounds/nowhere/ranking").await;
    assert_eq!(nowhere.status(), 404);
    c.check("GET", "/rounds/{round}/ranking", nowhere).await;
    let unpublished = send(&app, &anonymous, Method::GET, "/rounds/2026/summary").await;
    assert_eq!(unpublished.status(), 401);
    c.check("GET", "/rounds/{round}/summary", unpublished).await;

    // Administration.
    let post = |template: &'static str, path: &str, body: Value| {
        let request = app.by(admin, Method::POST, &format!("/api/v1{path}")).json(&body);
        async move { (template, request.send().await.unwrap()) }
    };
    let (template, response) = post(
        "/rounds",
        "/rounds",
        json!({ "id": "2027", "catalog": "cpdt-2025", "name_vi": "Đợt 2027", "starts_on": "2027-01-01", "ends_on": "2027-12-31" }),
    )
    .await;
    assert_eq!(response.status(), 201);
    c.check("POST", template, response).await;
    let (template, response) = post(
        "/rounds/{round}/state",
        "/rounds/2027/state",
        json!({ "state": "open" }),
    )
    .await;
    assert_eq!(response.status(), 200);
    c.check("POST", template, response).await;
    let (template, response) = post(
        "/rounds/{round}/state",
        "/rounds/2027/state",
        json!({ "state": "planned" }),
    )
    .await;
    assert_eq!(response.status(), 409);
    c.check("POST", template, response).await;
    let users = app.json_by(admin, "/api/v1/users").await;
    let id_of = |name: &str| {
        users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == name)
            .and_then(|u| u["id"].as_i64())
            .unwrap()
    };
    let (inspector_id, reviewer_id) = (id_of("canbo.an"), id_of("truongdoan"));
    for (method, template, path, body) in [
        (
            "PUT",
            "/rounds/{round}/assignments/{org}",
            "/rounds/2027/assignments/btc".to_owned(),
            Some(json!({ "inspector": inspector_id })),
        ),
        (
            "PUT",
            "/rounds/{round}/reviewers/{user}",
            format!("/rounds/2027/reviewers/{reviewer_id}"),
            None,
        ),
        (
            "DELETE",
            "/rounds/{round}/reviewers/{user}",
            format!("/rounds/2027/reviewers/{reviewer_id}"),
            None,
        ),
    ] {
        let mut request = app.by(admin, method.parse().unwrap(), &format!("/api/v1{path}"));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 204, "{method} {path}");
        c.check(method, template, response).await;
    }
    let (template, response) = post(
        "/users",
        "/users",
        json!({ "username": "moi", "display_name": "Người mới", "role": "leader", "password": "một mật khẩu đủ dài" }),
    )
    .await;
    assert_eq!(response.status(), 201);
    let created = c.check("POST", template, response).await;
    let patched = app
        .by(admin, Method::PATCH, &format!("/api/v1/users/{}", created["id"]))
        .json(&json!({ "disabled": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 200);
    c.check("PATCH", "/users/{id}", patched).await;
    let mut catalog = app.json("/api/v1/catalogs/cpdt-2025").await;
    catalog["id"] = json!("cpdt-2025-v9");
    catalog["version"] = json!(9);
    let (template, response) = post("/catalogs", "/catalogs", catalog).await;
    assert_eq!(response.status(), 201);
    c.check("POST", template, response).await;
    let csv = app.records_csv("2019").await;
    let import = app
        .by(admin, Method::POST, "/api/v1/rounds/2019/import?dry_run=true")
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(import.status(), 200);
    c.check("POST", "/rounds/{round}/import", import).await;
    let rejected = app
        .by(admin, Method::POST, "/api/v1/rounds/2019/import")
        .header("content-type", "text/csv")
        .body("round,organization\n2019,nobody\n")
        .send()
        .await
        .unwrap();
    assert_eq!(rejected.status(), 422);
    c.check("POST", "/rounds/{round}/import", rejected).await;

    // Evidence files (issue 12): an upload, a refusal, the list, the file, its signature
    // check, the suggested outcome, the trusted roots, and a removal.
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/evidence/tests/fixtures/pyhanko");
    let upload = |client: &reqwest::Client, name: &str, bytes: Vec<u8>| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
        let form = reqwest::multipart::Form::new()
            .text("document_date", "2026-11-20")
            .part("file", part);
        app.by(
            client,
            Method::POST,
            "/api/v1/rounds/2026/records/btc/VB-02/files",
        )
        .multipart(form)
        .send()
    };
    let files_route = "/rounds/{round}/records/{org}/{criterion}/files";
    let signed = std::fs::read(fixtures.join("person-then-org.pdf")).unwrap();
    let attached = upload(inspector, "Văn bản mẫu ký số.pdf", signed).await.unwrap();
    assert_eq!(attached.status(), 201);
    let attached = c.check("POST", files_route, attached).await;
    let refused = upload(
        inspector,
        "trang.pdf",
        b"<html><script>alert(1)</script></html>".to_vec(),
    )
    .await
    .unwrap();
    assert_eq!(refused.status(), 400);
    c.check("POST", files_route, refused).await;
    let listed = send(&app, inspector, Method::GET, "/rounds/2026/files?org=btc").await;
    c.check("GET", "/rounds/{round}/files", listed).await;
    let id = attached["id"].as_i64().unwrap();
    let file = send(&app, inspector, Method::GET, &format!("/files/{id}")).await;
    c.check("GET", "/files/{id}", file).await;
    let zip = send(&app, inspector, Method::GET, "/rounds/2026/evidence.zip?org=btc").await;
    c.check("GET", "/rounds/{round}/evidence.zip", zip).await;
    let check = send(&app, inspector, Method::GET, &format!("/files/{id}/analysis")).await;
    c.check("GET", "/files/{id}/analysis", check).await;
    let suggestion = send(
        &app,
        inspector,
        Method::GET,
        "/rounds/2026/records/btc/VB-02/suggestion",
    )
    .await;
    c.check(
        "GET",
        "/rounds/{round}/records/{org}/{criterion}/suggestion",
        suggestion,
    )
    .await;
    let roots = send(&app, admin, Method::GET, "/trust-roots").await;
    c.check("GET", "/trust-roots", roots).await;
    let added = app
        .by(admin, Method::POST, "/api/v1/trust-roots")
        .header("content-type", "application/x-pem-file")
        .body(std::fs::read(fixtures.join("root.pem")).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 200);
    let added = c.check("POST", "/trust-roots", added).await;
    assert_eq!(added["rechecked"], 1);
    let sha = added["roots"][0]["sha256"].as_str().unwrap().to_owned();
    let removed = send(&app, admin, Method::DELETE, &format!("/trust-roots/{sha}")).await;
    c.check("DELETE", "/trust-roots/{sha256}", removed).await;
    let gone = send(&app, inspector, Method::DELETE, &format!("/files/{id}")).await;
    assert_eq!(gone.status(), 200);
    c.check("DELETE", "/files/{id}", gone).await;

    // Issue 13: the round's phases, a self-assessment, an explanation, its decision and the
    // preliminary notice, each answer against the document.
    let schedule = |start: i64| common::schedule(start, true);
    let unit = &app.unit;
    let phases = "/api/v1/rounds/2026/phases";
    let wrong = app
        .by(admin, Method::PUT, phases)
        .json(&json!({ "phases": [{ "phase": "review", "opens_at": "", "closes_at": "" }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);
    c.check("PUT", "/rounds/{round}/phases", wrong).await;
    let set = app
        .by(admin, Method::PUT, phases)
        .json(&schedule(-1))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    c.check("PUT", "/rounds/{round}/phases", set).await;
    let read = send(&app, unit, Method::GET, "/rounds/2026/phases").await;
    c.check("GET", "/rounds/{round}/phases", read).await;
    let answer = "/api/v1/rounds/2026/self-assessment/btc/TC-01";
    let saved = app
        .by(unit, Method::PUT, answer)
        .json(&json!({ "outcome": "met", "evidence": "Quyết định 12/QĐ-BTC" }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    c.check("PUT", "/rounds/{round}/self-assessment/{org}/{criterion}", saved)
        .await;
    let unfit = app
        .by(unit, Method::PUT, answer)
        .json(&json!({ "outcome": "done" }))
        .send()
        .await
        .unwrap();
    assert_eq!(unfit.status(), 400);
    c.check("PUT", "/rounds/{round}/self-assessment/{org}/{criterion}", unfit)
        .await;
    let incomplete = send(
        &app,
        unit,
        Method::POST,
        "/rounds/2026/self-assessment/btc/submit",
    )
    .await;
    assert_eq!(incomplete.status(), 422);
    c.check("POST", "/rounds/{round}/self-assessment/{org}/submit", incomplete)
        .await;
    let column = send(
        &app,
        admin,
        Method::GET,
        "/rounds/2026/self-assessments?preliminary=true",
    )
    .await;
    assert_eq!(column.status(), 200);
    c.check("GET", "/rounds/{round}/self-assessments", column).await;
    let own = send(&app, unit, Method::GET, "/rounds/2026/self-assessment/btc").await;
    assert_eq!(own.status(), 200);
    c.check("GET", "/rounds/{round}/self-assessment/{org}", own).await;
    // Three days on, the explanations' window is open.
    let moved = app
        .by(admin, Method::PUT, phases)
        .json(&schedule(-73))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 200);
    let explainable = send(&app, unit, Method::GET, "/rounds/2026/explanations/btc").await;
    assert_eq!(explainable.status(), 200);
    c.check("GET", "/rounds/{round}/explanations/{org}", explainable)
        .await;
    let explained = app
        .by(unit, Method::PUT, "/api/v1/rounds/2026/explanations/btc/TC-02")
        .json(&json!({ "text": "Đã ban hành Quyết định 15/QĐ-BTC" }))
        .send()
        .await
        .unwrap();
    assert_eq!(explained.status(), 200);
    c.check("PUT", "/rounds/{round}/explanations/{org}/{criterion}", explained)
        .await;
    let decided = app
        .by(
            inspector,
            Method::POST,
            "/api/v1/rounds/2026/explanations/btc/TC-02/decision",
        )
        .json(&json!({ "accept": false, "reason": "Chưa kèm văn bản" }))
        .send()
        .await
        .unwrap();
    assert_eq!(decided.status(), 200);
    c.check(
        "POST",
        "/rounds/{round}/explanations/{org}/{criterion}/decision",
        decided,
    )
    .await;
    let notice = send(
        &app,
        unit,
        Method::GET,
        "/rounds/2026/preliminary-notice/btc?lang=en",
    )
    .await;
    assert_eq!(notice.status(), 200);
    c.check("GET", "/rounds/{round}/preliminary-notice/{org}", notice)
        .await;

    // Findings, made when the round is published.
    for state in ["closed", "published"] {
        let moved = app
            .by(admin, Method::POST, "/api/v1/rounds/2026/state")
            .json(&json!({ "state": state }))
            .send()
            .await
            .unwrap();
        assert_eq!(moved.status(), 200, "{state}");
    }
    let listed = send(&app, admin, Method::GET, "/findings?org=btc").await;
    assert_eq!(listed.status(), 200);
    let listed = c.check("GET", "/findings", listed).await;
    let wrong = send(&app, admin, Method::GET, "/findings?state=later").await;
    assert_eq!(wrong.status(), 400);
    c.check("GET", "/findings", wrong).await;
    let book = send(&app, admin, Method::GET, "/findings.xlsx?lang=en").await;
    assert_eq!(book.status(), 200);
    c.check("GET", "/findings.xlsx", book).await;
    let id = listed[0]["id"].as_i64().unwrap();
    let reported = app
        .by(unit, Method::POST, &format!("/api/v1/findings/{id}/reports"))
        .json(&json!({ "text": "Đã khắc phục" }))
        .send()
        .await
        .unwrap();
    assert_eq!(reported.status(), 200);
    c.check("POST", "/findings/{id}/reports", reported).await;
    let part = reqwest::multipart::Part::bytes(b"Van ban khac phuc".to_vec()).file_name("khac-phuc.txt");
    let attached = app
        .by(unit, Method::POST, &format!("/api/v1/findings/{id}/files"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(attached.status(), 201);
    let attached = c.check("POST", "/findings/{id}/files", attached).await;
    let file = attached["files"][0]["id"].as_i64().unwrap();
    let fetched = send(&app, admin, Method::GET, &format!("/findings/files/{file}")).await;
    assert_eq!(fetched.status(), 200);
    c.check("GET", "/findings/files/{id}", fetched).await;
    let due = app
        .by(reviewer, Method::PUT, &format!("/api/v1/findings/{id}/due"))
        .json(&json!({ "due_on": "2027-06-30" }))
        .send()
        .await
        .unwrap();
    assert_eq!(due.status(), 200);
    c.check("PUT", "/findings/{id}/due", due).await;
    let reviewed = app
        .by(reviewer, Method::POST, &format!("/api/v1/findings/{id}/review"))
        .json(&json!({ "close": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(reviewed.status(), 200);
    c.check("POST", "/findings/{id}/review", reviewed).await;

    // Notices: the unit's, then all marked read.
    let notices = send(&app, unit, Method::GET, "/notices").await;
    assert_eq!(notices.status(), 200);
    c.check("GET", "/notices", notices).await;
    let marked = app
        .by(unit, Method::POST, "/api/v1/notices/read")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(marked.status(), 200);
    c.check("POST", "/notices/read", marked).await;

    // Signing in and out.
    let login = app.logins.iter().find(|l| l.username == "lanhdao").unwrap();
    let fresh = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let signed = fresh
        .post(app.url("/api/v1/session"))
        .json(&json!({ "username": login.username, "password": login.password }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 200);
    c.check("POST", "/session", signed).await;
    let unreadable = send(&app, &fresh, Method::POST, "/session").await;
    assert_eq!(unreadable.status(), 400);
    c.check("POST", "/session", unreadable).await;
    let wrong = fresh
        .post(app.url("/api/v1/session"))
        .json(&json!({ "username": "lanhdao", "password": "không phải mật khẩu" }))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    c.check("POST", "/session", wrong).await;
    let out = send(&app, &fresh, Method::DELETE, "/session").await;
    c.check("DELETE", "/session", out).await;

    let every: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|r| (r.method.as_str().to_owned(), r.path.to_owned()))
        .collect();
    let missed: Vec<_> = every.difference(&c.checked).collect();
    assert!(missed.is_empty(), "routes this test never checked: {missed:?}");
}

#[test]
fn every_route_has_its_body_and_answers_described() {
    for route in ROUTES {
        let method = route.method.as_str();
        assert!(
            scorecard_server::routes::openapi::shapes(method, route.path).is_some(),
            "{method} {} has no request and answer shapes in openapi.rs",
            route.path
        );
    }
}
