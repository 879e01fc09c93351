//! Sign-in, sessions and who may do what: every route × every role, and the attacks that
//! matter (fixation, expiry, guessing, cross-site requests, racing writers).

mod common;

use common::{TestApp, check_problem, spawn_app};
use reqwest::{Method, StatusCode};
use scorecard_server::routes::ROUTES;
use serde_json::{Value, json};

/// Who calls, in the order of the expectation strings below.
/// The admin comes last: an admin's write (an assignment, a round's state) could change what
/// the others may do, and all callers of one route share one app.
const CALLERS: [&str; 7] = [
    "anonymous",
    "reviewer",
    "inspector (own)",
    "inspector (other)",
    "leader",
    "unit (btc)",
    "admin",
];

/// For every route, with `{round}` = 2026 (open), `{org}` = btc (assigned to the first
/// inspector, and the organisation of the unit contact): `A` allowed (any answer but 401 or
/// 403), `U` 401, `F` 403, per caller.
const EXPECTED: &[(&str, &str, &str)] = &[
    ("GET", "/health", "AAAAAAA"),
    ("GET", "/ready", "AAAAAAA"),
    ("GET", "/openapi.json", "AAAAAAA"),
    ("POST", "/session", "AAAAAAA"),
    ("GET", "/session", "AAAAAAA"),
    ("DELETE", "/session", "AAAAAAA"),
    ("GET", "/me", "UAAAAAA"),
    ("GET", "/organizations", "AAAAAAA"),
    ("GET", "/organizations/{org}/history", "AAAAAAA"),
    ("GET", "/catalogs", "AAAAAAA"),
    ("GET", "/catalogs/{id}", "AAAAAAA"),
    ("POST", "/catalogs", "UFFFFFA"),
    ("GET", "/rounds", "AAAAAAA"),
    ("POST", "/rounds", "UFFFFFA"),
    // Issue 10: an unpublished round's details are for signed-in users, as its figures are
    // (the handler never checked, so anonymous callers could read them).
    ("GET", "/rounds/{round}", "UAAAAFA"),
    ("POST", "/rounds/{round}/state", "UFFFFFA"),
    // Issue 13: an organisation's contact (unit) sees its own records and files in the rounds
    // that inspect it, and published results; not the round's people, figures or template.
    ("GET", "/rounds/{round}/assignments", "UAAAAFA"),
    ("PUT", "/rounds/{round}/assignments/{org}", "UFFFFFA"),
    ("GET", "/rounds/{round}/reviewers", "UAAAAFA"),
    ("PUT", "/rounds/{round}/reviewers/{user}", "UFFFFFA"),
    ("DELETE", "/rounds/{round}/reviewers/{user}", "UFFFFFA"),
    ("GET", "/rounds/{round}/ranking", "UAAAAFA"),
    ("GET", "/rounds/{round}/summary", "UAAAAFA"),
    ("GET", "/rounds/{round}/scores", "UAAAAFA"),
    ("GET", "/rounds/{round}/records", "UAAAAAA"),
    ("GET", "/rounds/{round}/records/{org}/{criterion}", "UAAAAAA"),
    ("PUT", "/rounds/{round}/records/{org}/{criterion}", "UFAFFFF"),
    (
        "GET",
        "/rounds/{round}/records/{org}/{criterion}/history",
        "UAAFFAA",
    ),
    (
        "POST",
        "/rounds/{round}/records/{org}/{criterion}/submit",
        "UFAFFFF",
    ),
    (
        "POST",
        "/rounds/{round}/records/{org}/{criterion}/approve",
        "UAFFFFF",
    ),
    (
        "POST",
        "/rounds/{round}/records/{org}/{criterion}/return",
        "UAFFFFF",
    ),
    // Issue 12: evidence files follow the record's rules; a file's own access (by its record)
    // is tested with real files in tests/evidence.rs, as an unknown file is 404 for everyone.
    ("GET", "/rounds/{round}/files", "UAAAAAA"),
    // A unit's contact passes the route to attach its self-assessment's evidence; the
    // service refuses it outside that window (tests/units.rs).
    (
        "POST",
        "/rounds/{round}/records/{org}/{criterion}/files",
        "UAAFFAF",
    ),
    (
        "GET",
        "/rounds/{round}/records/{org}/{criterion}/suggestion",
        "UAAAAAA",
    ),
    ("GET", "/rounds/{round}/evidence.zip", "UAAAAAA"),
    ("GET", "/files/{id}", "AAAAAAA"),
    ("GET", "/files/{id}/analysis", "AAAAAAA"),
    ("DELETE", "/files/{id}", "UAAAFAF"),
    // Issue 13: phases are read with the round; a self-assessment by its organisation's
    // contact, the team and the inspector assigned to it; written by the contact alone.
    ("GET", "/rounds/{round}/phases", "UAAAAAA"),
    ("GET", "/rounds/{round}/self-assessments", "UAAAAFA"),
    ("PUT", "/rounds/{round}/phases", "UFFFFFA"),
    ("GET", "/rounds/{round}/self-assessment/{org}", "UAAFAAA"),
    (
        "PUT",
        "/rounds/{round}/self-assessment/{org}/{criterion}",
        "UFFFFAF",
    ),
    ("POST", "/rounds/{round}/self-assessment/{org}/submit", "UFFFFAF"),
    // The unit reads its explanations once the preliminary results are out (the demo round
    // has no schedule: 409, counted as allowed past the route), sends them; the assigned
    // inspector decides (404: nothing to decide on).
    ("GET", "/rounds/{round}/explanations/{org}", "UAAFAAA"),
    ("GET", "/rounds/{round}/preliminary-notice/{org}", "UAAFAAA"),
    // Findings: read by anyone signed in (a unit its own), reported on by the unit, reviewed
    // by admins and reviewers.
    ("GET", "/notices", "UAAAAAA"),
    ("POST", "/notices/read", "UAAAAAA"),
    ("GET", "/findings", "UAAAAAA"),
    ("GET", "/findings.xlsx", "UAAAAAA"),
    ("POST", "/findings/{id}/reports", "UFFFFAF"),
    ("POST", "/findings/{id}/files", "UFFFFAF"),
    ("GET", "/findings/files/{id}", "UAAAAAA"),
    ("POST", "/findings/{id}/review", "UAFFFFA"),
    ("PUT", "/findings/{id}/due", "UAFFFFA"),
    ("PUT", "/rounds/{round}/explanations/{org}/{criterion}", "UFFFFAF"),
    (
        "POST",
        "/rounds/{round}/explanations/{org}/{criterion}/decision",
        "UFAFFFF",
    ),
    ("GET", "/trust-roots", "UFFFFFA"),
    ("POST", "/trust-roots", "UFFFFFA"),
    ("DELETE", "/trust-roots/{sha256}", "UFFFFFA"),
    ("POST", "/rounds/{round}/import", "UFFFFFA"),
    ("GET", "/rounds/{round}/export.csv", "UAFFFFA"),
    ("GET", "/rounds/{round}/export.json", "UAAAAFA"),
    ("GET", "/rounds/{round}/template.xlsx", "UAAAAFA"),
    ("GET", "/rounds/{round}/export.pdf", "UAAAAFA"),
    ("GET", "/rounds/{round}/export.xlsx", "UAAAAFA"),
    ("GET", "/rounds/{round}/charts/{file}", "UAAAAFA"),
    ("GET", "/organizations/{org}/charts/{file}", "AAAAAAA"),
    ("GET", "/users", "UFFFFFA"),
    ("POST", "/users", "UFFFFFA"),
    ("PATCH", "/users/{id}", "UFFFFFA"),
    ("GET", "/audit", "UFFFFFA"),
    ("GET", "/audit/verify", "UFFFFFA"),
];

/// A body that an allowed caller's request can carry for each write route.
fn body_for(method: &str, path: &str) -> Option<Value> {
    Some(match (method, path) {
        ("POST", "/session") => json!({ "username": "nobody", "password": "wrong password" }),
        ("POST", "/catalogs") => json!({}),
        ("POST", "/rounds") => {
            json!({ "id": "2027", "catalog": "cpdt-2025", "name_vi": "Đợt 2027", "starts_on": "2027-01-01", "ends_on": "2027-12-31" })
        }
        ("POST", "/rounds/{round}/state") => json!({ "state": "open" }),
        ("PUT", "/rounds/{round}/assignments/{org}") => json!({ "inspector": null }),
        ("PUT", "/rounds/{round}/records/{org}/{criterion}") => json!({ "outcome": "met" }),
        ("PUT", "/rounds/{round}/phases") => json!({ "phases": [] }),
        ("PUT", "/rounds/{round}/self-assessment/{org}/{criterion}") => json!({ "outcome": "met" }),
        ("PUT", "/rounds/{round}/explanations/{org}/{criterion}") => json!({ "text": "Đã ban hành" }),
        ("POST", "/findings/{id}/reports") => json!({ "text": "Đã khắc phục" }),
        ("POST", "/notices/read") => json!({ "keys": [] }),
        ("POST", "/findings/{id}/review") => json!({ "close": true }),
        ("PUT", "/findings/{id}/due") => json!({ "due_on": "2027-06-30" }),
        ("POST", "/rounds/{round}/explanations/{org}/{criterion}/decision") => {
            json!({ "accept": false, "reason": "Chưa đủ" })
        }
        ("POST", "/rounds/{round}/records/{org}/{criterion}/return") => {
            json!({ "comment": "Thiếu bằng chứng" })
        }
        ("POST", "/users") => json!({ "username": "moi", "role": "leader", "password": "mật khẩu đủ dài" }),
        ("PATCH", "/users/{id}") => json!({ "role": "leader" }),
        _ => return None,
    })
}

fn concrete(path: &str) -> String {
    path.replace("{round}", "2026")
        .replace("{org}", "btc")
        .replace("{criterion}", "TC-01")
        .replace(
            "{id}",
            if path.starts_with("/users") || path.starts_with("/files") {
                "2"
            } else {
                "cpdt-2025"
            },
        )
        .replace("{sha256}", &"ab".repeat(32))
        .replace("{user}", "2")
        .replace("{file}", "ranking.svg")
}

fn client(app: &TestApp, caller: usize) -> &reqwest::Client {
    [
        &app.client,
        &app.reviewer,
        &app.inspector,
        &app.other_inspector,
        &app.leader,
        &app.unit,
        &app.admin,
    ][caller]
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_access_table_says() {
    for route in ROUTES {
        let method = route.method.as_str();
        let expected = EXPECTED
            .iter()
            .find(|(m, p, _)| *m == method && *p == route.path)
            .unwrap_or_else(|| {
                panic!(
                    "{method} {} has no entry in the access table of this test",
                    route.path
                )
            })
            .2;
        let app = spawn_app().await;
        for (caller, want) in expected.chars().enumerate() {
            let mut request = app.by(
                client(&app, caller),
                route.method.clone(),
                &format!("/api/v1{}", concrete(route.path)),
            );
            if route.path.contains("{criterion}") && method == "PUT" {
                request = request.header("if-match", "*");
            }
            if let Some(body) = body_for(method, route.path) {
                request = request.json(&body);
            }
            if route.path.ends_with("/files") && method == "POST" {
                let part = reqwest::multipart::Part::bytes("Biên bản kiểm tra.".as_bytes().to_vec())
                    .file_name("bien-ban.txt");
                request = request.multipart(reqwest::multipart::Form::new().part("file", part));
            }
            let status = request.send().await.unwrap().status();
            let got = match status {
                StatusCode::UNAUTHORIZED if route.path != "/session" => 'U',
                StatusCode::FORBIDDEN => 'F',
                _ => 'A',
            };
            assert_eq!(
                got, want,
                "{method} {} as {}: {status}",
                route.path, CALLERS[caller]
            );
        }
    }
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix("scorecard_session=")
                .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
        })
}

async fn sign_in_raw(
    app: &TestApp,
    username: &str,
    password: &str,
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .request(Method::POST, "/api/v1/session")
        .json(&json!({ "username": username, "password": password }));
    if let Some(token) = cookie {
        request = request.header("cookie", format!("scorecard_session={token}"));
    }
    request.send().await.unwrap()
}

async fn me_with(app: &TestApp, token: &str) -> StatusCode {
    app.request(Method::GET, "/api/v1/me")
        .header("cookie", format!("scorecard_session={token}"))
        .send()
        .await
        .unwrap()
        .status()
}

fn password_of<'a>(app: &'a TestApp, username: &str) -> &'a str {
    &app.logins
        .iter()
        .find(|l| l.username == username)
        .unwrap()
        .password
}

#[tokio::test]
async fn signing_in_sets_a_strict_http_only_cookie_and_answers_the_user() {
    let app = spawn_app().await;
    let response = sign_in_raw(&app, "lanhdao", password_of(&app, "lanhdao"), None).await;
    assert_eq!(response.status(), 200);
    let header = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        header.contains("HttpOnly") && header.contains("SameSite=Strict") && header.contains("Path=/"),
        "{header}"
    );
    let token = session_cookie(&response).unwrap();
    assert_eq!(token.len(), 64, "128 bits or more of randomness, hex encoded");
    let user: Value = response.json().await.unwrap();
    assert_eq!(
        (user["username"].as_str(), user["role"].as_str()),
        (Some("lanhdao"), Some("leader"))
    );
    assert_eq!(me_with(&app, &token).await, 200);
    let current: Value = app
        .request(Method::GET, "/api/v1/session")
        .header("cookie", format!("scorecard_session={token}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(current["user"]["username"], "lanhdao");
    assert_eq!(app.json("/api/v1/session").await, json!({ "user": null }));
}

#[tokio::test]
async fn wrong_credentials_get_401_and_guessing_gets_429_with_retry_after() {
    let app = spawn_app().await;
    for _ in 0..5 {
        check_problem(
            sign_in_raw(&app, "lanhdao", "not the password", None).await,
            401,
            None,
            "The user name or password is wrong.",
        )
        .await;
    }
    let limited = sign_in_raw(&app, "lanhdao", password_of(&app, "lanhdao"), None).await;
    assert_eq!(
        limited.status(),
        429,
        "even the right password waits once the account is limited"
    );
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 1);
    check_problem(
        sign_in_raw(&app, "nobody", "x", None).await,
        429,
        None,
        &format!("Too many failed sign-ins. Try again in {wait} seconds."),
    )
    .await;
}

#[tokio::test]
async fn a_planted_session_id_never_gains_rights() {
    let app = spawn_app().await;
    let planted = "ab".repeat(32);
    let response = sign_in_raw(&app, "quantri", password_of(&app, "quantri"), Some(&planted)).await;
    let issued = session_cookie(&response).unwrap();
    assert_ne!(issued, planted);
    assert_eq!(me_with(&app, &planted).await, 401);
    assert_eq!(me_with(&app, &issued).await, 200);
    // Signing in again rotates the id and ends the previous one.
    let again =
        session_cookie(&sign_in_raw(&app, "quantri", password_of(&app, "quantri"), Some(&issued)).await)
            .unwrap();
    assert_ne!(again, issued);
    assert_eq!(me_with(&app, &issued).await, 401);
    assert_eq!(me_with(&app, &again).await, 200);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    let token =
        session_cookie(&sign_in_raw(&app, "lanhdao", password_of(&app, "lanhdao"), None).await).unwrap();
    let out = app
        .request(Method::DELETE, "/api/v1/session")
        .header("cookie", format!("scorecard_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(me_with(&app, &token).await, 401);
}

#[tokio::test]
async fn idle_and_old_sessions_end() {
    for column in ["last_seen_at", "created_at"] {
        let app = spawn_app().await;
        let token =
            session_cookie(&sign_in_raw(&app, "lanhdao", password_of(&app, "lanhdao"), None).await).unwrap();
        sqlx::query(&format!(
            "UPDATE sessions SET {column} = '2000-01-01T00:00:00.000Z'"
        ))
        .execute(app.store.pool())
        .await
        .unwrap();
        assert_eq!(me_with(&app, &token).await, 401, "{column}");
    }
}

#[tokio::test]
async fn an_admin_ends_a_users_access_and_their_sessions() {
    let app = spawn_app().await;
    let users: Value = app.json_by(&app.admin, "/api/v1/users").await;
    let leader = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "lanhdao")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        app.json_by(&app.leader, "/api/v1/me").await["username"],
        "lanhdao"
    );
    let disabled = app
        .by(&app.admin, Method::PATCH, &format!("/api/v1/users/{leader}"))
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(disabled.status(), 200);
    assert_eq!(
        app.by(&app.leader, Method::GET, "/api/v1/me")
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    check_problem(
        sign_in_raw(&app, "lanhdao", password_of(&app, "lanhdao"), None).await,
        401,
        None,
        "The user name or password is wrong.",
    )
    .await;
}

#[tokio::test]
async fn a_request_from_another_site_cannot_change_data() {
    let app = spawn_app().await;
    let response = app
        .by(
            &app.inspector,
            Method::PUT,
            "/api/v1/rounds/2026/records/btc/TC-01",
        )
        .header("if-match", "*")
        .header("origin", "http://evil.example")
        .json(&json!({"outcome": "met"}))
        .send()
        .await
        .unwrap();
    check_problem(
        response,
        403,
        None,
        "A request to change data came from another site and was refused.",
    )
    .await;
    let same_site = app
        .by(
            &app.inspector,
            Method::PUT,
            "/api/v1/rounds/2026/records/btc/TC-01",
        )
        .header("if-match", "*")
        .header("origin", app.base.clone())
        .json(&json!({"outcome": "met"}))
        .send()
        .await
        .unwrap();
    assert_eq!(same_site.status(), 201);
}

#[tokio::test]
async fn an_inspector_cannot_touch_another_inspectors_organisation() {
    let app = spawn_app().await;
    let put = app
        .by(
            &app.other_inspector,
            Method::PUT,
            "/api/v1/rounds/2026/records/btc/TC-01",
        )
        .header("if-match", "*")
        .json(&json!({"outcome": "met"}))
        .send()
        .await
        .unwrap();
    check_problem(put, 403, None, "Your role or assignment does not allow this.").await;
    let created = app
        .by(
            &app.inspector,
            Method::PUT,
            "/api/v1/rounds/2026/records/btc/TC-01",
        )
        .header("if-match", "*")
        .json(&json!({"outcome": "met"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let theirs = app
        .json_by(&app.other_inspector, "/api/v1/rounds/2026/records")
        .await;
    assert!(
        theirs.as_array().unwrap().is_empty(),
        "the other inspector does not see btc's draft"
    );
    let own = app.json_by(&app.inspector, "/api/v1/rounds/2026/records").await;
    assert_eq!(own.as_array().unwrap().len(), 1);
}

/// The checklist of another inspector's organisation shows the server's refusal (issue 5).
#[tokio::test]
async fn an_inspector_naming_another_inspectors_organisation_is_refused() {
    let app = spawn_app().await;
    let refused = app
        .by(
            &app.other_inspector,
            Method::GET,
            "/api/v1/rounds/2026/records?org=btc",
        )
        .send()
        .await
        .unwrap();
    check_problem(refused, 403, None, "Your role or assignment does not allow this.").await;
    let own = app
        .by(&app.inspector, Method::GET, "/api/v1/rounds/2026/records?org=btc")
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
}

#[tokio::test]
async fn leaders_see_official_records_only_and_inspectors_no_preliminary_figures() {
    let app = spawn_app().await;
    let path = "/api/v1/rounds/2026/records/btc/TC-01";
    app.by(&app.inspector, Method::PUT, path)
        .header("if-match", "*")
        .json(&json!({"outcome": "met"}))
        .send()
        .await
        .unwrap();
    assert!(
        app.json_by(&app.leader, "/api/v1/rounds/2026/records")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        app.by(&app.leader, Method::GET, path)
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        app.json_by(&app.reviewer, "/api/v1/rounds/2026/records")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let preliminary = "/api/v1/rounds/2026/ranking?preliminary=true";
    assert_eq!(
        app.by(&app.leader, Method::GET, preliminary)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        app.by(&app.inspector, Method::GET, preliminary)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(app.get(preliminary).await.status(), 401);
}

#[tokio::test]
async fn of_32_concurrent_writes_of_one_version_exactly_one_wins_and_is_audited() {
    let app = spawn_app().await;
    let path = "/api/v1/rounds/2026/records/btc/VB-01";
    let created = app
        .by(&app.inspector, Method::PUT, path)
        .header("if-match", "*")
        .json(&json!({"value": 0.5}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let url = app.url(path);
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let client = app.inspector.clone();
            let url = url.clone();
            tokio::spawn(async move {
                let body = json!({"value": (i as f64) / 100.0, "evidence": format!("lần {i}")});
                client
                    .put(url)
                    .header("if-match", "\"v1\"")
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap().as_u16());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 412).count(), 31, "{statuses:?}");
    let audit = app
        .json_by(&app.admin, "/api/v1/audit?target=record:2026/btc/VB-01")
        .await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["record.create", "record.update"]);
    assert_eq!(
        app.json_by(&app.admin, "/api/v1/audit/verify").await["status"],
        "intact"
    );
}

#[tokio::test]
async fn every_change_is_audited_with_who_what_before_and_after() {
    let app = spawn_app().await;
    let path = "/api/v1/rounds/2026/records/btc/TC-01";
    app.by(&app.inspector, Method::PUT, path)
        .header("if-match", "*")
        .json(&json!({"outcome": "not_met"}))
        .send()
        .await
        .unwrap();
    app.by(&app.inspector, Method::POST, &format!("{path}/submit"))
        .send()
        .await
        .unwrap();
    app.by(&app.reviewer, Method::POST, &format!("{path}/approve"))
        .send()
        .await
        .unwrap();
    let history = app.json_by(&app.inspector, &format!("{path}/history")).await;
    let steps: Vec<(&str, &str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["actor"].as_str().unwrap(),
                e["after"]["record"]["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("record.create", "canbo.an", "draft"),
            ("record.submitted", "canbo.an", "submitted"),
            ("record.approved", "truongdoan", "approved")
        ]
    );
    let approve = &history[2];
    assert_eq!(approve["before"]["record"]["state"], "submitted");
    assert!(approve["at"].as_str().unwrap().ends_with('Z'), "times are UTC");
    assert!(approve["request_id"].as_str().is_some_and(|id| id != "-"));
    let record = app.json_by(&app.inspector, path).await;
    assert_eq!(
        record["inspector"], "Nguyễn Văn An",
        "the inspector's name comes from the session"
    );
}

#[tokio::test]
async fn unauthorised_answers_carry_the_security_headers_too() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/audit").await;
    assert_eq!(response.status(), 401);
    assert!(
        response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn exports_by_signed_in_users_are_recorded_and_anonymous_ones_are_not() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/rounds/2019/export.json",
        "/api/v1/rounds/2019/export.pdf",
    ] {
        assert_eq!(app.get(path).await.status(), 200, "{path}");
    }
    // Issue 11: anonymous downloads of published figures are not audited (a loop of them would
    // grow the append-only trail without bound); a signed-in reader's are.
    let pdf = app
        .by(&app.leader, Method::GET, "/api/v1/rounds/2019/export.pdf")
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    let csv = app
        .by(&app.reviewer, Method::GET, "/api/v1/rounds/2019/export.csv")
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    let audit = app.json_by(&app.admin, "/api/v1/audit?target=round:2019").await;
    let exports: Vec<(&str, &str)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"].as_str().unwrap().starts_with("export."))
        .map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(exports, [("export.pdf", "lanhdao"), ("export.csv", "truongdoan")]);
}

#[tokio::test]
async fn changing_a_role_keeps_a_disabled_user_disabled() {
    let app = spawn_app().await;
    let users = app.json_by(&app.admin, "/api/v1/users").await;
    let leader = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "lanhdao")
        .unwrap()
        .clone();
    assert_eq!(leader["disabled"], false);
    let path = format!("/api/v1/users/{}", leader["id"]);
    app.by(&app.admin, Method::PATCH, &path)
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    let changed = app
        .by(&app.admin, Method::PATCH, &path)
        .json(&json!({"role": "reviewer"}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let users = app.json_by(&app.admin, "/api/v1/users").await;
    let after = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "lanhdao")
        .unwrap()
        .clone();
    assert_eq!(
        (after["role"].as_str(), after["disabled"].as_bool()),
        (Some("reviewer"), Some(true))
    );
    assert_eq!(app.json("/api/v1/catalogs").await.as_array().unwrap().len(), 2);
}
