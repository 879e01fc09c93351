//! Issue 7, load: twelve inspectors save their own records through HTTP while leaders and the
//! reviewer read rankings and summaries, on loopback. No answer may be a 5xx (or any error), no
//! acknowledged save may be lost, and once the load stops the rankings the API serves must be
//! those `scorecard-domain` computes from the records the API lists.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::App;
use reqwest::Method;
use scorecard_domain::{Catalog, OrgId, Organization, Record, Round, RoundData, RoundId, Scope, View};
use scorecard_resilience_tests::rng::Rng;
use scorecard_resilience_tests::writes::{self, CRITERIA, DEMO_ASSIGNMENTS, ROUND, Session, Slot, Writer};
use scorecard_store::{Actor, NewUser, Store};
use serde_json::Value;

const INSPECTORS: usize = 12;
const SAVES_PER_INSPECTOR: usize = 14;

/// Twelve new inspectors, one per organisation the demo assigns in round 2026.
async fn many_inspectors(app: &App) -> Vec<(String, Session)> {
    let hasher = scorecard_service::password::Hasher::new(2);
    let actor = Actor::system("load test");
    let round = RoundId::parse(ROUND).unwrap();
    let orgs = DEMO_ASSIGNMENTS.iter().flat_map(|(_, orgs)| orgs.iter());
    let mut inspectors = Vec::new();
    for (n, org) in orgs.enumerate().take(INSPECTORS) {
        let username = format!("kiemtra.{n:02}");
        let password = format!("mật khẩu thử tải {n:02}");
        let user = NewUser {
            username: username.clone(),
            display_name: format!("Cán bộ kiểm tra số {n}"),
            role: scorecard_domain::Role::Inspector,
            password_hash: hasher.hash(password.clone()).await,
            organization: None,
        };
        let user = app.store.create_user(&user, &actor).await.unwrap();
        let org_id = OrgId::parse(org).unwrap();
        app.store
            .assign(&round, &org_id, Some(user.id), &actor)
            .await
            .unwrap();
        let session = Session::sign_in(&app.http, &app.base, &username, &password)
            .await
            .unwrap();
        inspectors.push(((*org).to_owned(), session));
    }
    inspectors
}

/// Reads `paths` in turn until `stop`, failing on any answer but 200; returns how many.
async fn read_until(
    base: String,
    session: Option<Session>,
    http: reqwest::Client,
    paths: Vec<String>,
    stop: Arc<AtomicBool>,
) -> usize {
    let mut count = 0;
    while !stop.load(Ordering::Relaxed) {
        for path in &paths {
            let url = format!("{base}{path}");
            let request = match &session {
                Some(session) => session.request(Method::GET, &url),
                None => http.get(&url),
            };
            let response = request.send().await.unwrap();
            let status = response.status();
            let body = response.bytes().await.unwrap();
            assert_eq!(status, 200, "GET {path}: {}", String::from_utf8_lossy(&body));
            count += 1;
        }
    }
    count
}

/// Moves every record of a writer through `action` (submit or approve) as `session`, keeping
/// the versions the server answers.
async fn move_all(base: &str, writer: &mut Writer, session: &Session, action: &str) {
    for slot in &mut writer.slots {
        let (version, content) = slot.acknowledged.clone().expect("every record was saved");
        let url = format!(
            "{base}/api/v1/rounds/{ROUND}/records/{}/{}/{action}",
            slot.org, slot.criterion
        );
        let response = session
            .request(Method::POST, &url)
            .header("if-match", format!("\"v{version}\""))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let record: Value = response.json().await.unwrap();
        assert_eq!(status, 200, "{action} {url}: {record}");
        slot.acknowledged = Some((record["version"].as_i64().unwrap(), content));
    }
}

/// The ranking `scorecard-domain` computes from what the API lists, as comparable JSON.
async fn expected_ranking(app: &App, view: View) -> Vec<Value> {
    let admin = app.session("quantri");
    let get = |path: &str| admin.json(app.url(path));
    let round: Round =
        serde_json::from_value(get(&format!("/api/v1/rounds/{ROUND}")).await.unwrap()).unwrap();
    let catalog: Catalog =
        serde_json::from_value(get(&format!("/api/v1/catalogs/{}", round.catalog)).await.unwrap()).unwrap();
    let organizations: Vec<Organization> =
        serde_json::from_value(get("/api/v1/organizations").await.unwrap()).unwrap();
    let assigned: Vec<OrgId> = get(&format!("/api/v1/rounds/{ROUND}/assignments"))
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| OrgId::parse(a["organization"].as_str().unwrap()).unwrap())
        .collect();
    let records: Vec<Record> =
        serde_json::from_value(get(&format!("/api/v1/rounds/{ROUND}/records")).await.unwrap()).unwrap();
    let data = RoundData {
        round: &round,
        catalog: &catalog,
        assigned: &assigned,
        records: &records,
    };
    let ranking = data.ranking(None, &organizations, Scope::All, view);
    comparable(&serde_json::to_value(ranking).unwrap())
}

/// The entries of a ranking without rank change, which depends on the previous round.
fn comparable(ranking: &Value) -> Vec<Value> {
    ranking["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let mut e = e.clone();
            // The changes against the previous round, which the expectation leaves out.
            for key in ["rank_change", "score_change", "compared_with"] {
                e.as_object_mut().unwrap().remove(key);
            }
            e
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn issue_7_many_inspectors_and_readers_lose_nothing_and_rankings_match_the_records() {
    let app = common::spawn_demo().await;
    let inspectors = many_inspectors(&app).await;
    let mut rng = Rng::new(2026);
    let mut writers: Vec<Writer> = inspectors
        .iter()
        .enumerate()
        .map(|(id, (org, session))| {
            let slots = CRITERIA
                .iter()
                .map(|(criterion, kind)| Slot {
                    org: org.clone(),
                    criterion,
                    kind: *kind,
                    acknowledged: None,
                    in_flight: None,
                })
                .collect();
            Writer::new(id, session.clone(), slots, rng.fork())
        })
        .collect();

    // Leaders read official figures (also anonymously, as on a public dashboard of published
    // rounds), the reviewer preliminary ones; each reader alternates ranking and summary.
    let stop = Arc::new(AtomicBool::new(false));
    let reads = Arc::new(AtomicUsize::new(0));
    let official = vec![
        format!("/api/v1/rounds/{ROUND}/ranking"),
        format!("/api/v1/rounds/{ROUND}/summary"),
        format!("/api/v1/rounds/{ROUND}/ranking?scope=ministry"),
    ];
    let preliminary = vec![
        format!("/api/v1/rounds/{ROUND}/ranking?preliminary=true"),
        format!("/api/v1/rounds/{ROUND}/summary?preliminary=true"),
    ];
    let mut readers = Vec::new();
    for (user, paths) in [
        (Some("lanhdao"), &official),
        (Some("lanhdao"), &official),
        (Some("truongdoan"), &preliminary),
        (Some("quantri"), &preliminary),
        (None, &vec!["/api/v1/rounds/2019/ranking".to_owned()]),
    ] {
        let session = user.map(|u| app.session(u).clone());
        let task = read_until(
            app.base.clone(),
            session,
            app.http.clone(),
            paths.clone(),
            stop.clone(),
        );
        let reads = reads.clone();
        readers.push(tokio::spawn(async move {
            reads.fetch_add(task.await, Ordering::Relaxed);
        }));
    }

    // Every inspector saves, then submits all seven records; then the reviewer approves them,
    // all while the readers read.
    let tasks: Vec<_> = writers
        .drain(..)
        .map(|writer| {
            let base = app.base.clone();
            tokio::spawn(async move {
                // Every record is created first, so that each can be submitted at the end.
                let writer = writer.save_each(base.clone()).await.unwrap();
                let mut writer = writer
                    .save_times(base.clone(), SAVES_PER_INSPECTOR)
                    .await
                    .unwrap();
                let session = writer.session.clone();
                move_all(&base, &mut writer, &session, "submit").await;
                writer
            })
        })
        .collect();
    for task in tasks {
        writers.push(task.await.unwrap());
    }
    let records = app
        .session("quantri")
        .json(&app.url(&format!("/api/v1/rounds/{ROUND}/records")))
        .await
        .unwrap();
    let found = writes::reconcile(&mut writers, records.as_array().unwrap()).unwrap();
    assert_eq!(
        found.acknowledged,
        INSPECTORS * CRITERIA.len(),
        "every record is as last saved"
    );
    let preliminary_now = app
        .session("truongdoan")
        .json(&app.url(&format!("/api/v1/rounds/{ROUND}/ranking?preliminary=true")))
        .await
        .unwrap();
    assert_eq!(
        comparable(&preliminary_now),
        expected_ranking(&app, View::Preliminary).await
    );

    let reviewer = app.session("truongdoan").clone();
    let tasks: Vec<_> = writers
        .drain(..)
        .map(|mut writer| {
            let (base, reviewer) = (app.base.clone(), reviewer.clone());
            tokio::spawn(async move {
                move_all(&base, &mut writer, &reviewer, "approve").await;
                writer
            })
        })
        .collect();
    for task in tasks {
        writers.push(task.await.unwrap());
    }
    stop.store(true, Ordering::Relaxed);
    for reader in readers {
        reader.await.unwrap();
    }
    let official_now = app
        .session("lanhdao")
        .json(&app.url(&format!("/api/v1/rounds/{ROUND}/ranking")))
        .await
        .unwrap();
    let expected = expected_ranking(&app, View::Official).await;
    assert_eq!(comparable(&official_now), expected);
    assert!(
        expected.iter().all(|e| e["completeness"] == 1.0),
        "every record counts once approved"
    );
    let saves: usize = writers.iter().map(|w| w.acknowledged).sum();
    println!("{saves} saves, {} reads, no error", reads.load(Ordering::Relaxed));
    assert!(reads.load(Ordering::Relaxed) > 0);
}
