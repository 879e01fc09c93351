//! `db copy`: a whole installation moves between engines and back unchanged, with its audit
//! chain intact, and never into a database that already holds one.

use std::sync::Arc;

use scorecard_domain::{Outcome, RecordState, Role};
use scorecard_store::{
    Actor, AuditFilter, AuditVerdict, NewUser, PgStore, RecordFilter, RecordKey, SqliteStore, Store,
    StoreError,
};

async fn sqlite(dir: &tempfile::TempDir, name: &str) -> Arc<dyn Store> {
    Arc::new(SqliteStore::open_file(&dir.path().join(name)).await.unwrap())
}

async fn postgres() -> Arc<dyn Store> {
    let url = scorecard_test_postgres::Cluster::shared().database();
    Arc::new(PgStore::connect(&url).await.unwrap())
}

/// Everything a reader of the installation sees, to compare two databases.
async fn contents(store: &dyn Store) -> String {
    let mut text = String::new();
    let rounds = store.rounds().await.unwrap();
    text += &format!(
        "{:?}\n{:?}\n",
        store.organizations().await.unwrap(),
        store.catalogs().await.unwrap()
    );
    text += &format!("{rounds:?}\n{:?}\n", store.users().await.unwrap());
    for user in store.users().await.unwrap() {
        text += &format!("{:?}\n", store.credentials(&user.username).await.unwrap());
    }
    for round in &rounds {
        text += &format!(
            "{:?}\n",
            store.records(&round.id, &RecordFilter::default()).await.unwrap()
        );
        text += &format!("{:?}\n", store.assignments(&round.id).await.unwrap());
        text += &format!("{:?}\n", store.reviewers(&round.id).await.unwrap());
        text += &format!("{:?}\n", store.phases(&round.id).await.unwrap());
        text += &format!("{:?}\n", store.self_assessed(&round.id, None).await.unwrap());
        text += &format!("{:?}\n", store.submissions(&round.id).await.unwrap());
        text += &format!("{:?}\n", store.explanations(&round.id, None).await.unwrap());
    }
    text += &format!(
        "{:?}\n",
        store
            .audit(&AuditFilter {
                limit: Some(100_000),
                ..AuditFilter::default()
            })
            .await
            .unwrap()
    );
    text += &format!("{:?}\n", store.setting("demo").await.unwrap());
    for round in &rounds {
        for file in store.files(&round.id, None).await.unwrap() {
            let mut bytes = Vec::new();
            for seq in 0.. {
                match store.blob_chunk(&file.sha256, seq).await.unwrap() {
                    Some(chunk) => bytes.extend(chunk),
                    None => break,
                }
            }
            text += &format!(
                "{file:?} {} bytes {}\n",
                bytes.len(),
                bytes.iter().map(|b| u64::from(*b)).sum::<u64>()
            );
        }
    }
    text += &format!("{:?}\n", store.trust_roots().await.unwrap());
    text += &format!(
        "{:?}\n",
        store
            .findings(&scorecard_store::FindingFilter::default())
            .await
            .unwrap()
    );
    text
}

/// The demo, users, a reviewer, an assignment and changed records: every table has rows.
async fn installation(store: &dyn Store) {
    let actor = Actor::system("test");
    let demo = scorecard_dataset::demo().unwrap();
    store
        .load_dataset(&demo, &[("demo", serde_json::json!(true))], &actor)
        .await
        .unwrap();
    let user = |username: &str, role| NewUser {
        username: username.into(),
        display_name: format!("Cán bộ {username}"),
        role,
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$salt${username}"),
        organization: None,
    };
    let an = store
        .create_user(&user("canbo.an", Role::Inspector), &actor)
        .await
        .unwrap();
    let binh = store
        .create_user(&user("truongdoan", Role::Reviewer), &actor)
        .await
        .unwrap();
    let mut unit = user("donvi.btc", Role::Unit);
    unit.organization = Some(scorecard_domain::OrgId::parse("btc").unwrap());
    store.create_user(&unit, &actor).await.unwrap();
    store
        .update_user(binh.id, Role::Reviewer, true, &actor)
        .await
        .unwrap();
    let round = demo.rounds.last().unwrap();
    let record = demo.records.iter().find(|r| r.round == round.id).unwrap();
    store
        .assign(&round.id, &record.organization, Some(an.id), &actor)
        .await
        .unwrap();
    store
        .set_reviewer(&round.id, binh.id, true, &actor)
        .await
        .unwrap();
    let key = RecordKey::of(record);
    let stored = store.record(&key).await.unwrap().unwrap();
    let mut changed = record.clone();
    changed.outcome = Outcome::NotApplicable;
    changed.note = "Ghi chú có dấu: Bộ Công Thương".into();
    changed.state = RecordState::Draft;
    let stored = store
        .put_record(&changed, Some(stored.version), &actor)
        .await
        .unwrap();
    store
        .set_state(
            &key,
            stored.version,
            RecordState::Returned,
            "Thiếu văn bản",
            &actor,
        )
        .await
        .unwrap();
    store.create_session("not-copied", an.id).await.unwrap();
    // An evidence file of two chunks and a trusted root: contents are copied byte for byte.
    let content: Vec<u8> = (0..scorecard_store::CHUNK + 5).map(|i| (i % 253) as u8).collect();
    let sha: String = {
        use sha2::Digest;
        sha2::Sha256::digest(&content)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let blob = scorecard_store::NewBlob {
        sha256: &sha,
        media_type: "application/pdf",
        size: content.len() as i64,
        analysis: Some("{}"),
    };
    store.put_blob(&blob, &mut &content[..]).await.unwrap();
    let file = scorecard_store::NewFile {
        key: key.clone(),
        sha256: sha.clone(),
        name: "Biên bản kiểm tra.pdf".into(),
        document_date: None,
        uploaded_by: "canbo.an".into(),
    };
    store.attach_file(&file, &actor).await.unwrap();
    let root = scorecard_store::TrustRoot {
        sha256: "cd".repeat(32),
        subject: "CN=Root CA".into(),
        pem: "-----BEGIN CERTIFICATE-----".into(),
        added_at: String::new(),
    };
    store.add_trust_root(&root, &actor).await.unwrap();
    // A schedule, a self-assessment with an answer, submitted.
    let at = |day| chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, day, 0, 0, 0).unwrap();
    let windows: Vec<scorecard_domain::PhaseWindow> = scorecard_domain::Phase::ALL
        .into_iter()
        .zip(1..)
        .map(|(phase, day)| scorecard_domain::PhaseWindow {
            phase,
            opens_at: at(day),
            closes_at: at(day + 1),
        })
        .collect();
    store.set_phases(&round.id, &windows, &actor).await.unwrap();
    let answer = scorecard_domain::SelfAssessed {
        criterion: record.criterion.clone(),
        outcome: Outcome::Ratio(0.5),
        evidence: String::new(),
        explanation: "Đang triển khai".into(),
    };
    store
        .put_self_assessed(&round.id, &record.organization, &answer, &actor)
        .await
        .unwrap();
    store
        .submit_self_assessment(&round.id, &record.organization, Box::new(|_| Ok(())), &actor)
        .await
        .unwrap();
    let explained = store
        .send_explanation(&key, "Giải trình có dấu: đã ban hành", &actor)
        .await
        .unwrap();
    store
        .decide_explanation(&explained.key, false, "Chưa có văn bản", None, &actor)
        .await
        .unwrap();
    // A published round with a finding, reported on and reviewed.
    let closed = demo
        .rounds
        .iter()
        .find(|r| r.state == scorecard_domain::RoundState::Published)
        .unwrap();
    let mut later = closed.clone();
    later.id = scorecard_domain::RoundId::parse("2027").unwrap();
    later.state = scorecard_domain::RoundState::Closed;
    store.create_round(&later, &actor).await.unwrap();
    let finding = scorecard_store::NewFinding {
        key: RecordKey {
            round: later.id.clone(),
            organization: record.organization.clone(),
            criterion: record.criterion.clone(),
        },
        legal_basis: "Nghị định 30/2020/NĐ-CP".into(),
        note: "Chưa đạt".into(),
        due_on: chrono::NaiveDate::from_ymd_opt(2028, 1, 1),
    };
    store.publish_round(&later.id, &[finding], &actor).await.unwrap();
    let made = store
        .findings(&scorecard_store::FindingFilter::default())
        .await
        .unwrap();
    store
        .report_on_finding(made[0].id, "Đã khắc phục", &actor)
        .await
        .unwrap();
    store
        .attach_finding_file(made[0].id, &sha, "Văn bản khắc phục.pdf", "donvi.btc", &actor)
        .await
        .unwrap();
    store
        .review_finding(made[0].id, true, "Đóng", &actor)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_installation_goes_to_postgresql_and_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let source = sqlite(&dir, "source.db").await;
    installation(&*source).await;
    let expected = contents(&*source).await;

    let middle = postgres().await;
    let report = middle.copy_from(&*source).await.unwrap();
    assert!(report.tables.iter().all(|(_, rows)| *rows > 0), "{report:?}");
    let entries = source
        .audit(&AuditFilter {
            limit: Some(100_000),
            ..AuditFilter::default()
        })
        .await
        .unwrap()
        .len();
    assert_eq!(report.audit_entries, entries as i64);
    assert_eq!(contents(&*middle).await, expected);

    let back = sqlite(&dir, "back.db").await;
    back.copy_from(&*middle).await.unwrap();
    assert_eq!(contents(&*back).await, expected);
    assert!(matches!(
        back.verify_audit().await.unwrap(),
        AuditVerdict::Intact { .. }
    ));

    // Sessions are not copied: people sign in again.
    let limits = scorecard_store::SessionLimits {
        idle_seconds: 3600,
        absolute_seconds: 3600,
    };
    assert!(middle.session_user("not-copied", limits).await.unwrap().is_none());
    // New users after the copy get new ids, and the chain goes on from the copied one.
    let new = NewUser {
        username: "moi".into(),
        display_name: String::new(),
        role: Role::Leader,
        password_hash: "x".into(),
        organization: None,
    };
    let created = middle.create_user(&new, &Actor::system("test")).await.unwrap();
    assert!(source.users().await.unwrap().iter().all(|u| u.id < created.id));
    assert!(
        matches!(middle.verify_audit().await.unwrap(), AuditVerdict::Intact { entries: n } if n == entries as i64 + 1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_destination_that_holds_an_installation_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let source = sqlite(&dir, "source.db").await;
    installation(&*source).await;
    for destination in [postgres().await, sqlite(&dir, "busy.db").await] {
        let user = NewUser {
            username: "da-co".into(),
            display_name: String::new(),
            role: Role::Admin,
            password_hash: "x".into(),
            organization: None,
        };
        destination
            .create_user(&user, &Actor::system("test"))
            .await
            .unwrap();
        let before = contents(&*destination).await;
        let refused = destination.copy_from(&*source).await;
        assert!(
            matches!(
                refused,
                Err(StoreError::DestinationNotEmpty {
                    table: "users",
                    rows: 1
                })
            ),
            "{refused:?}"
        );
        assert_eq!(contents(&*destination).await, before);
    }
}
