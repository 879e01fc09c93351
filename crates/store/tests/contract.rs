//! The storage contract: every backend must pass these, through the `Store` trait only.

use chrono::NaiveDate;
use scorecard_domain::{
    CriterionCode, OrgId, Outcome, Record, RecordState, Role, Round, RoundId, RoundState,
};
use std::sync::Arc;

use scorecard_store::{
    Actor, AuditFilter, AuditVerdict, Change, ImportCounts, NewUser, PgStore, RecordFilter, RecordKey,
    SessionLimits, SqliteStore, Store, StoreError,
};

/// A new SQLite store with the shipped reference data, and the folder that holds it.
async fn sqlite() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_file(&dir.path().join("contract.db"))
        .await
        .unwrap();
    (with_reference(Arc::new(store)).await, dir)
}

/// A new database of the tests' throwaway PostgreSQL cluster, with the shipped reference data.
async fn postgres() -> Arc<dyn Store> {
    let url = scorecard_test_postgres::Cluster::shared().database();
    with_reference(Arc::new(PgStore::connect(&url).await.unwrap())).await
}

async fn with_reference(store: Arc<dyn Store>) -> Arc<dyn Store> {
    let demo = scorecard_dataset::demo().unwrap();
    store
        .ensure_reference(&demo.organizations, &demo.catalogs)
        .await
        .unwrap();
    store
}

fn open_round(id: &str) -> Round {
    Round {
        id: RoundId::parse(id).unwrap(),
        name_vi: "Đợt thử".into(),
        name_en: "Test round".into(),
        catalog: scorecard_domain::CatalogId::parse("cpdt-2019").unwrap(),
        starts_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        ends_on: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        state: RoundState::Open,
        illustrative: false,
    }
}

fn record(org: &str, criterion: &str, outcome: Outcome) -> Record {
    Record {
        round: RoundId::parse("t").unwrap(),
        organization: OrgId::parse(org).unwrap(),
        criterion: CriterionCode::parse(criterion).unwrap(),
        outcome,
        evidence: "Công văn số 12/BTC, ngày 01/02/2026".into(),
        note: String::new(),
        inspector: "Nguyễn Văn An".into(),
        assessed_on: NaiveDate::from_ymd_opt(2026, 2, 1),
        state: RecordState::Draft,
    }
}

fn actor() -> Actor {
    Actor::user("an", "req-1")
}

async fn contract(store: &dyn Store) {
    reference_data_is_added_once_and_kept(store).await;
    creating_a_round_twice_is_refused(store).await;
    a_record_is_created_once_then_replaced_only_at_its_version(store).await;
    workflow_steps_need_the_current_version(store).await;
    an_import_inserts_and_replaces_in_one_go(store).await;
    a_failed_import_writes_nothing(store).await;
    records_read_together_read_as_each_alone(store).await;
    every_change_left_one_audit_entry_in_an_intact_chain(store).await;
    a_large_import_chains_one_entry_per_row_in_order(store).await;
}

/// A round's records read together share their ids (each parsed once) and read the same as
/// each read alone.
async fn records_read_together_read_as_each_alone(store: &dyn Store) {
    let round = RoundId::parse("t").unwrap();
    let together = store.records(&round, &RecordFilter::default()).await.unwrap();
    assert!(together.len() > 1, "{together:?}");
    for stored in &together {
        let alone = store.record(&RecordKey::of(&stored.record)).await.unwrap();
        assert_eq!(alone.as_ref(), Some(stored));
    }
}

async fn every_change_left_one_audit_entry_in_an_intact_chain(store: &dyn Store) {
    let entries = store.audit(&AuditFilter::default()).await.unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "round.create",
            "record.create",
            "record.update",
            "record.submitted",
            "record.returned",
            "record.import_replace",
            "record.import",
        ]
    );
    assert!(entries.iter().all(|e| e.actor == "an" && e.request_id == "req-1"));
    let update = &entries[2];
    assert_eq!(update.before["record"]["outcome"], "not_met");
    assert_eq!(update.after["record"]["outcome"], "met");
    assert_eq!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact { entries: 7 }
    );
    let btc = AuditFilter {
        target: Some("record:t/btc".into()),
        ..AuditFilter::default()
    };
    assert_eq!(store.audit(&btc).await.unwrap().len(), 5);
}

/// An import of thousands of rows chains its entries while it writes the rows (issue 14), in
/// several statements of each: one entry per row, in the rows' order, each naming the row's
/// version, and the chain intact.
async fn a_large_import_chains_one_entry_per_row_in_order(store: &dyn Store) {
    let everything = AuditFilter {
        limit: Some(10_000),
        ..AuditFilter::default()
    };
    let before = store.audit(&everything).await.unwrap().len();
    let organizations = store.organizations().await.unwrap();
    let criteria: Vec<String> = (1..=3_100_usize.div_ceil(organizations.len()))
        .map(|n| format!("X-{n:03}"))
        .collect();
    let rows: Vec<Record> = organizations
        .iter()
        .flat_map(|org| {
            criteria
                .iter()
                .map(|criterion| record(org.id.as_str(), criterion, Outcome::Met))
        })
        .collect();
    assert!(rows.len() > 3_000, "{}", rows.len());
    assert_eq!(
        store.import_records(&rows, &actor()).await.unwrap(),
        ImportCounts {
            inserted: rows.len(),
            updated: 0
        }
    );
    let entries = store.audit(&everything).await.unwrap();
    assert_eq!(entries.len(), before + rows.len());
    for (entry, row) in entries[before..].iter().zip(&rows) {
        assert_eq!(entry.action, "record.import");
        assert_eq!(
            entry.target,
            format!("record:t/{}/{}", row.organization, row.criterion)
        );
        assert_eq!(entry.after["version"], 1);
        assert_eq!(entry.after["record"]["criterion"], row.criterion.as_str());
    }
    assert_eq!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact {
            entries: entries.len() as i64
        }
    );
}

async fn reference_data_is_added_once_and_kept(store: &dyn Store) {
    let demo = scorecard_dataset::demo().unwrap();
    let before = (
        store.organizations().await.unwrap(),
        store.catalogs().await.unwrap(),
    );
    store
        .ensure_reference(&demo.organizations, &demo.catalogs)
        .await
        .unwrap();
    assert_eq!(
        (
            store.organizations().await.unwrap(),
            store.catalogs().await.unwrap()
        ),
        before
    );
    assert_eq!(before.0.len(), demo.organizations.len());
    assert_eq!(before.1.len(), demo.catalogs.len());
}

async fn creating_a_round_twice_is_refused(store: &dyn Store) {
    store.create_round(&open_round("t"), &actor()).await.unwrap();
    assert!(matches!(
        store.create_round(&open_round("t"), &actor()).await,
        Err(StoreError::AlreadyExists { .. })
    ));
    assert_eq!(
        store.round(&RoundId::parse("t").unwrap()).await.unwrap(),
        Some(open_round("t"))
    );
}

async fn a_record_is_created_once_then_replaced_only_at_its_version(store: &dyn Store) {
    let first = store
        .put_record(&record("btc", "TC-01", Outcome::NotMet), None, &actor())
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    let again = store
        .put_record(&record("btc", "TC-01", Outcome::Met), None, &actor())
        .await;
    assert!(
        matches!(again, Err(StoreError::Stale { current: Some(1) })),
        "{again:?}"
    );
    let second = store
        .put_record(&record("btc", "TC-01", Outcome::Met), Some(1), &actor())
        .await
        .unwrap();
    assert_eq!((second.version, &second.record.outcome), (2, &Outcome::Met));
    let stale = store
        .put_record(&record("btc", "TC-01", Outcome::NotMet), Some(1), &actor())
        .await;
    assert!(
        matches!(stale, Err(StoreError::Stale { current: Some(2) })),
        "{stale:?}"
    );
    let missing = store
        .put_record(&record("bct", "TC-01", Outcome::Met), Some(1), &actor())
        .await;
    assert!(
        matches!(missing, Err(StoreError::Stale { current: None })),
        "{missing:?}"
    );
    let key = RecordKey::of(&second.record);
    assert_eq!(store.record(&key).await.unwrap(), Some(second));
}

async fn workflow_steps_need_the_current_version(store: &dyn Store) {
    let key = RecordKey::of(&record("btc", "TC-01", Outcome::Met));
    let submitted = store
        .set_state(&key, 2, RecordState::Submitted, "", &actor())
        .await
        .unwrap();
    assert_eq!(
        (submitted.version, submitted.record.state),
        (3, RecordState::Submitted)
    );
    let stale = store
        .set_state(&key, 2, RecordState::Approved, "", &actor())
        .await;
    assert!(matches!(stale, Err(StoreError::Stale { current: Some(3) })));
    let returned = store
        .set_state(&key, 3, RecordState::Returned, "Thiếu số văn bản", &actor())
        .await
        .unwrap();
    assert_eq!(returned.review_comment, "Thiếu số văn bản");
}

async fn an_import_inserts_and_replaces_in_one_go(store: &dyn Store) {
    let mut rows = vec![
        record("btc", "TC-01", Outcome::NotMet),
        record("bct", "VB-01", Outcome::Ratio(0.5)),
    ];
    for row in &mut rows {
        row.state = RecordState::Approved;
    }
    assert_eq!(
        store.import_records(&rows, &actor()).await.unwrap(),
        ImportCounts {
            inserted: 1,
            updated: 1
        }
    );
    let stored = store
        .records(&RoundId::parse("t").unwrap(), &RecordFilter::default())
        .await
        .unwrap();
    assert_eq!(stored.len(), 2);
    let btc = stored
        .iter()
        .find(|s| s.record.organization.as_str() == "btc")
        .unwrap();
    assert_eq!(
        (btc.version, &btc.record.outcome, btc.review_comment.as_str()),
        (5, &Outcome::NotMet, "")
    );
    let approved = RecordFilter {
        state: Some(RecordState::Approved),
        ..RecordFilter::default()
    };
    assert_eq!(
        store
            .records(&RoundId::parse("t").unwrap(), &approved)
            .await
            .unwrap()
            .len(),
        2
    );
}

async fn a_failed_import_writes_nothing(store: &dyn Store) {
    let before = store
        .records(&RoundId::parse("t").unwrap(), &RecordFilter::default())
        .await
        .unwrap();
    // The second row names an organisation the database does not know: the foreign key fails
    // after the first row was written, and the whole transaction must roll back.
    let rows = vec![
        record("bng", "TC-01", Outcome::Met),
        record("nobody", "TC-01", Outcome::Met),
    ];
    assert!(store.import_records(&rows, &actor()).await.is_err());
    let after = store
        .records(&RoundId::parse("t").unwrap(), &RecordFilter::default())
        .await
        .unwrap();
    assert_eq!(before, after);
}

/// Issue 10: every write method commits its change together with exactly one audit entry (the
/// store's one way of writing), and a refused write leaves neither.
async fn each_change_commits_with_its_one_audit_entry(store: &dyn Store) {
    let count = || async { store.audit(&AuditFilter::default()).await.unwrap().len() };
    let round = open_round("w");
    let mut expected = 0;
    let mut check = |action: &str, after: usize| {
        expected += 1;
        assert_eq!(
            after, expected,
            "{action} left {after} entries, expected {expected}"
        );
    };
    store.create_round(&round, &actor()).await.unwrap();
    check("round.create", count().await);
    let user = NewUser {
        username: "an".into(),
        display_name: "Nguyễn Văn An".into(),
        role: Role::Inspector,
        password_hash: "$argon2id$not-a-real-hash".into(),
        organization: None,
    };
    let created = store.create_user(&user, &actor()).await.unwrap();
    check("user.create", count().await);
    store
        .update_user(created.id, Role::Inspector, true, &actor())
        .await
        .unwrap();
    check("user.update", count().await);
    store
        .set_round_state(&round.id, RoundState::Closed, &actor())
        .await
        .unwrap();
    check("round.state", count().await);
    let btc = OrgId::parse("btc").unwrap();
    store
        .assign(&round.id, &btc, Some(created.id), &actor())
        .await
        .unwrap();
    check("assignment.set", count().await);
    store
        .set_reviewer(&round.id, created.id, true, &actor())
        .await
        .unwrap();
    check("reviewer.add", count().await);
    let mut catalog = scorecard_dataset::demo().unwrap().catalogs[0].clone();
    catalog.id = scorecard_domain::CatalogId::parse("cpdt-2019-v9").unwrap();
    catalog.version = 9;
    store.add_catalog(&catalog, &actor()).await.unwrap();
    check("catalog.add", count().await);
    let event = Change::new(
        "export.csv",
        "round:w",
        serde_json::Value::Null,
        serde_json::json!({}),
    );
    store.record_event(&event, &actor()).await.unwrap();
    check("export.csv", count().await);

    // Refused writes: nothing changed, nothing recorded.
    assert!(store.create_round(&round, &actor()).await.is_err());
    assert!(store.create_user(&user, &actor()).await.is_err());
    assert!(store.add_catalog(&catalog, &actor()).await.is_err());
    let missing = RoundId::parse("missing").unwrap();
    assert!(
        store
            .set_round_state(&missing, RoundState::Open, &actor())
            .await
            .is_err()
    );
    assert!(
        store
            .update_user(9999, Role::Leader, false, &actor())
            .await
            .is_err()
    );
    assert_eq!(count().await, expected, "a refused write left an entry");
    let actions: Vec<String> = store
        .audit(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "round.create",
            "user.create",
            "user.update",
            "round.state",
            "assignment.set",
            "reviewer.add",
            "catalog.add",
            "export.csv"
        ]
    );
    assert_eq!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact {
            entries: expected as i64
        }
    );
}

/// Users: created once, read back by id and name, changed with their sessions ended.
async fn users_and_their_sessions(store: &dyn Store) {
    let new = |username: &str, role| NewUser {
        username: username.into(),
        display_name: format!("Người dùng {username}"),
        role,
        password_hash: format!("$argon2id$hash-of-{username}"),
        organization: None,
    };
    let binh = store
        .create_user(&new("binh", Role::Reviewer), &actor())
        .await
        .unwrap();
    let an = store
        .create_user(&new("an", Role::Inspector), &actor())
        .await
        .unwrap();
    assert!(matches!(
        store.create_user(&new("an", Role::Leader), &actor()).await,
        Err(StoreError::AlreadyExists { .. })
    ));
    let names: Vec<String> = store
        .users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(names, ["an", "binh"]);
    assert_eq!(store.user(an.id).await.unwrap(), Some(an.clone()));
    assert_eq!(store.user(an.id + binh.id + 100).await.unwrap(), None);
    let credentials = store.credentials("an").await.unwrap().unwrap();
    assert_eq!(
        (
            &credentials.user,
            credentials.password_hash.as_str(),
            credentials.disabled
        ),
        (&an, "$argon2id$hash-of-an", false)
    );
    assert_eq!(store.credentials("nobody").await.unwrap(), None);

    let limits = SessionLimits {
        idle_seconds: 3600,
        absolute_seconds: 8 * 3600,
    };
    store.create_session("token-a", an.id).await.unwrap();
    store.create_session("token-b", binh.id).await.unwrap();
    assert_eq!(
        store.session_user("token-a", limits).await.unwrap(),
        Some(an.clone())
    );
    assert_eq!(store.session_user("token-x", limits).await.unwrap(), None);
    store.delete_session("token-a").await.unwrap();
    assert_eq!(store.session_user("token-a", limits).await.unwrap(), None);
    // A session older than the limits ends when it is next read.
    store.create_session("token-c", an.id).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let short = SessionLimits {
        idle_seconds: 1,
        absolute_seconds: 3600,
    };
    assert_eq!(store.session_user("token-c", short).await.unwrap(), None);
    assert_eq!(
        store.session_user("token-c", limits).await.unwrap(),
        None,
        "it was removed"
    );

    // A changed role ends the user's sessions; a disabled user cannot use one.
    let changed = store
        .update_user(binh.id, Role::Leader, false, &actor())
        .await
        .unwrap();
    assert_eq!(changed.role, Role::Leader);
    assert_eq!(store.session_user("token-b", limits).await.unwrap(), None);
    store.create_session("token-d", binh.id).await.unwrap();
    store
        .update_user(binh.id, Role::Leader, true, &actor())
        .await
        .unwrap();
    store.create_session("token-e", binh.id).await.unwrap();
    assert_eq!(store.session_user("token-e", limits).await.unwrap(), None);
    assert!(store.credentials("binh").await.unwrap().unwrap().disabled);
    assert!(matches!(
        store
            .update_user(an.id + binh.id + 100, Role::Admin, false, &actor())
            .await,
        Err(StoreError::Missing { .. })
    ));
}

/// Rounds, their states, assignments and reviewers read back as written.
async fn rounds_assignments_and_reviewers(store: &dyn Store) {
    let mut older = open_round("r2019");
    older.starts_on = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    older.state = RoundState::Planned;
    store.create_round(&older, &actor()).await.unwrap();
    store.create_round(&open_round("r2026"), &actor()).await.unwrap();
    let ids: Vec<String> = store
        .rounds()
        .await
        .unwrap()
        .iter()
        .map(|r| r.id.to_string())
        .collect();
    assert_eq!(ids, ["r2026", "r2019"], "newest first");
    let published = store
        .set_round_state(&older.id, RoundState::Published, &actor())
        .await
        .unwrap();
    assert_eq!(store.round(&older.id).await.unwrap(), Some(published));

    let user = NewUser {
        username: "thanh-tra".into(),
        display_name: "Trần Thị Thanh".into(),
        role: Role::Inspector,
        password_hash: "x".into(),
        organization: None,
    };
    let inspector = store.create_user(&user, &actor()).await.unwrap();
    let round = RoundId::parse("r2026").unwrap();
    let (btc, bct) = (OrgId::parse("btc").unwrap(), OrgId::parse("bct").unwrap());
    store
        .assign(&round, &btc, Some(inspector.id), &actor())
        .await
        .unwrap();
    store.assign(&round, &bct, None, &actor()).await.unwrap();
    assert_eq!(store.assigned(&round).await.unwrap(), [bct.clone(), btc.clone()]);
    let assignments = store.assignments(&round).await.unwrap();
    assert_eq!(assignments.len(), 2);
    assert_eq!(
        (&assignments[0].organization, &assignments[0].inspector),
        (&bct, &None)
    );
    assert_eq!(
        (&assignments[1].organization, &assignments[1].inspector),
        (&btc, &Some(inspector.clone()))
    );
    // Reassigning replaces.
    store.assign(&round, &btc, None, &actor()).await.unwrap();
    assert_eq!(store.assignments(&round).await.unwrap()[1].inspector, None);

    assert!(store.reviewers(&round).await.unwrap().is_empty());
    store
        .set_reviewer(&round, inspector.id, true, &actor())
        .await
        .unwrap();
    store
        .set_reviewer(&round, inspector.id, true, &actor())
        .await
        .unwrap();
    assert_eq!(
        store.reviewers(&round).await.unwrap(),
        std::slice::from_ref(&inspector)
    );
    store
        .set_reviewer(&round, inspector.id, false, &actor())
        .await
        .unwrap();
    assert!(store.reviewers(&round).await.unwrap().is_empty());
}

/// Catalogs and settings: a new catalog version is added once; settings come with a dataset.
async fn catalogs_datasets_and_settings(store: &dyn Store) {
    let demo = scorecard_dataset::demo().unwrap();
    assert!(store.has_no_rounds().await.unwrap());
    let mut catalog = demo.catalogs[0].clone();
    catalog.id = scorecard_domain::CatalogId::parse("cpdt-2019-v7").unwrap();
    catalog.version = 7;
    store.add_catalog(&catalog, &actor()).await.unwrap();
    assert_eq!(store.catalog(&catalog.id).await.unwrap(), Some(catalog.clone()));
    let mut same_version = catalog.clone();
    same_version.id = scorecard_domain::CatalogId::parse("cpdt-2019-v7b").unwrap();
    assert!(matches!(
        store.add_catalog(&same_version, &actor()).await,
        Err(StoreError::AlreadyExists { .. })
    ));
    assert_eq!(store.catalogs().await.unwrap().len(), demo.catalogs.len() + 1);
    assert_eq!(store.setting("demo").await.unwrap(), None);

    let settings = [
        ("demo", serde_json::json!(true)),
        ("note", serde_json::json!({ "vi": "Dữ liệu minh hoạ" })),
    ];
    store
        .load_dataset(&demo, &settings, &Actor::system("demo"))
        .await
        .unwrap();
    assert!(!store.has_no_rounds().await.unwrap());
    assert_eq!(
        store.setting("demo").await.unwrap(),
        Some(serde_json::json!(true))
    );
    assert_eq!(
        store.setting("note").await.unwrap(),
        Some(serde_json::json!({ "vi": "Dữ liệu minh hoạ" }))
    );
    let round = &demo.rounds[0];
    let stored = store.records(&round.id, &RecordFilter::default()).await.unwrap();
    assert_eq!(
        stored.len(),
        demo.records.iter().filter(|r| r.round == round.id).count()
    );
    let mut keys: Vec<(String, String)> = stored
        .iter()
        .map(|s| (s.record.organization.to_string(), s.record.criterion.to_string()))
        .collect();
    let in_store_order = keys.clone();
    keys.sort();
    assert_eq!(
        in_store_order, keys,
        "records come ordered by organisation and criterion"
    );
    let one = RecordFilter {
        organization: Some(stored[0].record.organization.clone()),
        criterion: Some(stored[0].record.criterion.clone()),
        state: None,
    };
    assert_eq!(store.records(&round.id, &one).await.unwrap(), [stored[0].clone()]);
    assert!(matches!(
        store.load_dataset(&demo, &[], &actor()).await,
        Err(StoreError::NotEmpty)
    ));
    assert_eq!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact { entries: 2 }
    );
}

/// The audit trail's filters: by target prefix, actor, time and count.
async fn the_audit_trail_filters(store: &dyn Store) {
    for (who, target) in [("an", "round:a"), ("binh", "round:ab"), ("an", "round:b")] {
        let change = Change::new(
            "export.pdf",
            target,
            serde_json::Value::Null,
            serde_json::json!({}),
        );
        store.record_event(&change, &Actor::user(who, "r")).await.unwrap();
    }
    let listed = |filter: AuditFilter| async move {
        store
            .audit(&filter)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.target)
            .collect::<Vec<_>>()
    };
    let prefix = AuditFilter {
        target: Some("round:a".into()),
        ..AuditFilter::default()
    };
    assert_eq!(listed(prefix).await, ["round:a", "round:ab"]);
    let by_actor = AuditFilter {
        actor: Some("an".into()),
        ..AuditFilter::default()
    };
    assert_eq!(listed(by_actor).await, ["round:a", "round:b"]);
    let limited = AuditFilter {
        limit: Some(1),
        ..AuditFilter::default()
    };
    assert_eq!(listed(limited).await, ["round:a"]);
    let all = store.audit(&AuditFilter::default()).await.unwrap();
    let future = AuditFilter {
        since: Some("9999-01-01T00:00:00Z".into()),
        ..AuditFilter::default()
    };
    assert!(listed(future).await.is_empty());
    let until_first = AuditFilter {
        until: Some(all[0].at.clone()),
        ..AuditFilter::default()
    };
    assert!(listed(until_first).await.contains(&"round:a".to_owned()));
    assert!(
        all.iter().all(|e| e.at.ends_with('Z') && e.at.len() == 24),
        "{:?}",
        all[0].at
    );
}

/// Of many writers holding the same version at once, exactly one wins; the others are told the
/// record changed, and the audit chain stays whole.
async fn concurrent_writers_of_one_version(store: Arc<dyn Store>) {
    store.create_round(&open_round("t"), &actor()).await.unwrap();
    let first = store
        .put_record(&record("btc", "TC-01", Outcome::NotMet), None, &actor())
        .await
        .unwrap();
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut changed = record("btc", "TC-01", Outcome::Met);
                changed.note = format!("writer {i}");
                store.put_record(&changed, Some(first.version), &actor()).await
            })
        })
        .collect();
    let mut won = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(stored) => {
                won += 1;
                assert_eq!(stored.version, 2);
            }
            Err(StoreError::Stale { current: Some(2) }) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact { entries: 3 }
    );
}

/// The data version moves on with every change of data and stays for events and reads; the
/// reference version moves with every change but a record's save or workflow step.
async fn the_versions_move_with_every_change(store: &dyn Store) {
    let start = store.versions().await.unwrap();
    store.create_round(&open_round("t"), &actor()).await.unwrap();
    let created = store.versions().await.unwrap();
    assert!(created.data > start.data && created.reference > start.reference);
    let event = Change::new(
        "export.csv",
        "round:t",
        serde_json::Value::Null,
        serde_json::json!({}),
    );
    store.record_event(&event, &actor()).await.unwrap();
    store.rounds().await.unwrap();
    assert_eq!(
        store.versions().await.unwrap(),
        created,
        "an export changes no data"
    );
    store
        .import_records(&[record("btc", "TC-01", Outcome::Met)], &actor())
        .await
        .unwrap();
    let imported = store.versions().await.unwrap();
    assert!(imported.data > created.data && imported.reference > created.reference);
    assert!(
        store
            .import_records(&[record("nobody", "TC-01", Outcome::Met)], &actor())
            .await
            .is_err()
    );
    assert_eq!(
        store.versions().await.unwrap(),
        imported,
        "a refused write changes nothing"
    );
    let audited = store.verify_audit().await.unwrap();
    assert_eq!(
        store.import_records(&[], &actor()).await.unwrap(),
        ImportCounts::default()
    );
    assert_eq!(
        (
            store.versions().await.unwrap(),
            store.verify_audit().await.unwrap()
        ),
        (imported, audited),
        "an import of no rows changes nothing"
    );
    let saved = store
        .put_record(&record("btc", "TC-01", Outcome::NotMet), Some(1), &actor())
        .await
        .unwrap();
    let after_save = store.versions().await.unwrap();
    assert!(after_save.data > imported.data);
    assert_eq!(
        after_save.reference, imported.reference,
        "a save changes no reference data"
    );
    store
        .set_state(
            &RecordKey::of(&saved.record),
            saved.version,
            RecordState::Submitted,
            "",
            &actor(),
        )
        .await
        .unwrap();
    let after_step = store.versions().await.unwrap();
    assert!(after_step.data > after_save.data);
    assert_eq!(
        after_step.reference, imported.reference,
        "a workflow step changes no reference data"
    );
    store
        .assign(
            &RoundId::parse("t").unwrap(),
            &OrgId::parse("byt").unwrap(),
            None,
            &actor(),
        )
        .await
        .unwrap();
    let assigned = store.versions().await.unwrap();
    assert!(assigned.data > after_step.data && assigned.reference > after_step.reference);
}

/// Failed sign-ins counted per key, forgotten after their window or on success; the database
/// answers a ping.
async fn sign_in_failures_and_readiness(store: &dyn Store) {
    store.ping().await.unwrap();
    let keys = ["account:an".to_owned(), "address:198.51.100.1".to_owned()];
    assert!(store.sign_in_failures(&keys).await.unwrap().is_empty());
    for second in 0..3 {
        store
            .count_sign_in_failure(&keys, 1_000.0 + f64::from(second), 900.0)
            .await
            .unwrap();
    }
    let counted = store.sign_in_failures(&keys).await.unwrap();
    assert_eq!(
        counted,
        [
            ("account:an".to_owned(), 3, 1_002.0),
            ("address:198.51.100.1".to_owned(), 3, 1_002.0)
        ]
    );
    // After the window, counting starts again at one, and old keys are dropped.
    store
        .count_sign_in_failure(&keys[..1], 5_000.0, 900.0)
        .await
        .unwrap();
    assert_eq!(
        store.sign_in_failures(&keys).await.unwrap(),
        [("account:an".to_owned(), 1, 5_000.0)]
    );
    store.forget_sign_in_failures("account:an").await.unwrap();
    assert!(store.sign_in_failures(&keys).await.unwrap().is_empty());
}

/// Saves of different records at once all land, each with its own audit entry by its own
/// author; one that fails for a reason of its own (an organisation the database does not know)
/// fails alone, whatever it was committed with.
async fn concurrent_saves_land_each_with_its_entry_and_fail_alone(store: Arc<dyn Store>) {
    store.create_round(&open_round("t"), &actor()).await.unwrap();
    let organizations = ["btc", "bct", "bnv", "byt", "bgddt", "btp", "nobody", "bkhcn"];
    let tasks: Vec<_> = organizations
        .iter()
        .enumerate()
        .map(|(i, org)| {
            let store = store.clone();
            let record = record(org, "TC-01", Outcome::Met);
            tokio::spawn(async move {
                let author = Actor::user(&format!("canbo-{i}"), &format!("req-{i}"));
                store.put_record(&record, None, &author).await
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap());
    }
    for (org, outcome) in organizations.iter().zip(&outcomes) {
        assert_eq!(outcome.is_ok(), *org != "nobody", "{org}: {outcome:?}");
    }
    let entries = store.audit(&AuditFilter::default()).await.unwrap();
    let mut authors: Vec<String> = entries[1..]
        .iter()
        .map(|e| format!("{} {}", e.actor, e.request_id))
        .collect();
    authors.sort();
    let mut expected: Vec<String> = (0..8)
        .filter(|i| *i != 6)
        .map(|i| format!("canbo-{i} req-{i}"))
        .collect();
    expected.sort();
    assert_eq!(authors, expected);
    assert_eq!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact { entries: 8 }
    );
}

/// Changes of existing records at once (saves and workflow steps, which the store writes
/// together): each lands at its version with its entry; of two changes from the same version
/// of one record, exactly one lands and the other is stale; what is answered is what is stored.
async fn concurrent_changes_land_each_at_its_version(store: Arc<dyn Store>) {
    store.create_round(&open_round("t"), &actor()).await.unwrap();
    let organizations = ["btc", "bct", "bnv", "byt", "bgddt", "btp"];
    for org in organizations {
        store
            .put_record(&record(org, "TC-01", Outcome::Met), None, &actor())
            .await
            .unwrap();
    }
    // Every record saved from version 1, and the first one twice.
    let saves: Vec<_> = organizations
        .iter()
        .chain(&organizations[..1])
        .enumerate()
        .map(|(i, org)| {
            let store = store.clone();
            let mut changed = record(org, "TC-01", Outcome::NotMet);
            changed.note = format!("lần {i}");
            tokio::spawn(async move { store.put_record(&changed, Some(1), &actor()).await })
        })
        .collect();
    let mut saved = Vec::new();
    for task in saves {
        saved.push(task.await.unwrap());
    }
    assert_eq!(saved.iter().filter(|s| s.is_ok()).count(), 6, "{saved:?}");
    assert!(matches!(
        saved.iter().find(|s| s.is_err()),
        Some(Err(StoreError::Stale { current: Some(2) }))
    ));
    // Every record submitted from version 2, and the second one twice.
    let steps: Vec<_> = organizations
        .iter()
        .chain(&organizations[1..2])
        .map(|org| {
            let store = store.clone();
            let key = RecordKey::of(&record(org, "TC-01", Outcome::Met));
            tokio::spawn(async move {
                store
                    .set_state(&key, 2, RecordState::Submitted, "", &actor())
                    .await
            })
        })
        .collect();
    let mut stepped = Vec::new();
    for task in steps {
        stepped.push(task.await.unwrap());
    }
    assert_eq!(stepped.iter().filter(|s| s.is_ok()).count(), 6, "{stepped:?}");
    for answer in saved.iter().chain(&stepped).flatten() {
        let stored = store
            .record(&RecordKey::of(&answer.record))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.record.outcome, Outcome::NotMet);
        assert_eq!(stored.record.state, RecordState::Submitted);
        assert_eq!(stored.version, 3);
        if answer.version == 3 {
            assert_eq!(&stored, answer, "a step answers the record as stored");
        } else {
            assert_eq!(answer.version, 2);
            assert_eq!(
                (&answer.record.note, answer.record.state),
                (&stored.record.note, RecordState::Draft)
            );
        }
    }
    assert_eq!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact {
            entries: 1 + 6 + 6 + 6
        }
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Issue 12: contents once per hash in chunks, attached to records with audit entries, frozen
/// once the record is approved; a content that does not match its hash is refused whole.
async fn evidence_files_and_trust_roots(store: &dyn Store) {
    use scorecard_store::{CHUNK, NewBlob, NewFile, TrustRoot};
    store.create_round(&open_round("t"), &actor()).await.unwrap();
    // Three chunks and a bit, with every byte value.
    let content: Vec<u8> = (0..(3 * CHUNK + 17)).map(|i| (i % 251) as u8).collect();
    let sha = sha256_hex(&content);
    let blob = NewBlob {
        sha256: &sha,
        media_type: "application/pdf",
        size: content.len() as i64,
        analysis: Some("{\"analysable\":true}"),
    };
    assert!(!store.blob_exists(&sha).await.unwrap());
    store.put_blob(&blob, &mut &content[..]).await.unwrap();
    assert!(store.blob_exists(&sha).await.unwrap());
    // Stored once: a second put reads nothing and changes nothing.
    store.put_blob(&blob, &mut &b""[..]).await.unwrap();

    // A content whose bytes do not hash to the name given is refused, and nothing is kept.
    let forged = NewBlob {
        sha256: "00",
        media_type: "text/plain; charset=utf-8",
        size: 3,
        analysis: None,
    };
    assert!(store.put_blob(&forged, &mut &b"abc"[..]).await.is_err());
    assert!(!store.blob_exists("00").await.unwrap());

    let key = RecordKey {
        round: RoundId::parse("t").unwrap(),
        organization: OrgId::parse("btc").unwrap(),
        criterion: CriterionCode::parse("VB-02").unwrap(),
    };
    let new = NewFile {
        key: key.clone(),
        sha256: sha.clone(),
        name: "Công văn số 12-BTC ký số.pdf".into(),
        document_date: NaiveDate::from_ymd_opt(2026, 2, 1),
        uploaded_by: "an".into(),
    };
    let attached = store.attach_file(&new, &actor()).await.unwrap();
    assert_eq!(attached.name, "Công văn số 12-BTC ký số.pdf");
    assert_eq!(
        (attached.size, attached.media_type.as_str()),
        (content.len() as i64, "application/pdf")
    );
    assert_eq!(attached.analysis.as_deref(), Some("{\"analysable\":true}"));
    assert!(matches!(
        store.attach_file(&new, &actor()).await,
        Err(StoreError::AlreadyExists { .. })
    ));

    // The content comes back chunk by chunk, byte for byte.
    let mut back = Vec::new();
    for seq in 0.. {
        match store.blob_chunk(&sha, seq).await.unwrap() {
            Some(chunk) => back.extend(chunk),
            None => break,
        }
    }
    assert_eq!(back, content);

    let org = OrgId::parse("btc").unwrap();
    assert_eq!(
        store.files(&key.round, Some(&org)).await.unwrap(),
        std::slice::from_ref(&attached)
    );
    assert_eq!(store.files(&key.round, None).await.unwrap().len(), 1);
    assert_eq!(store.file(attached.id).await.unwrap().as_ref(), Some(&attached));
    assert_eq!(
        store.blobs_of_type("application/pdf").await.unwrap(),
        [(sha.clone(), content.len() as i64)]
    );

    // Approved: the files are frozen.
    let mut approved = record("btc", "VB-02", Outcome::Met);
    approved.state = RecordState::Approved;
    store.import_records(&[approved], &actor()).await.unwrap();
    assert!(matches!(
        store.remove_file(attached.id, &actor()).await,
        Err(StoreError::RecordApproved)
    ));
    assert!(matches!(
        store
            .attach_file(
                &NewFile {
                    name: "khác.pdf".into(),
                    ..new.clone()
                },
                &actor()
            )
            .await,
        Err(StoreError::RecordApproved)
    ));

    // Another record of the organisation takes the same content without a second copy, and
    // removing it leaves an audit entry with the hash.
    let elsewhere = NewFile {
        key: RecordKey {
            criterion: CriterionCode::parse("TC-01").unwrap(),
            ..key.clone()
        },
        ..new.clone()
    };
    let second = store.attach_file(&elsewhere, &actor()).await.unwrap();
    let removed = store.remove_file(second.id, &actor()).await.unwrap();
    assert_eq!(removed.sha256, sha);
    assert!(matches!(
        store.remove_file(second.id, &actor()).await,
        Err(StoreError::Missing { .. })
    ));
    let entries = store.audit(&AuditFilter::default()).await.unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e.action.as_str())
        .filter(|a| a.starts_with("file."))
        .collect();
    assert_eq!(actions.len(), 3, "{actions:?}");
    assert!(
        entries
            .iter()
            .any(|e| e.action == "file.remove" && e.before["sha256"] == sha.as_str())
    );

    store
        .set_analyses(&[(sha.clone(), "{\"analysable\":false}".into())], &actor())
        .await
        .unwrap();
    assert_eq!(
        store
            .file(attached.id)
            .await
            .unwrap()
            .unwrap()
            .analysis
            .as_deref(),
        Some("{\"analysable\":false}")
    );

    let root = TrustRoot {
        sha256: "ab".repeat(32),
        subject: "CN=Root".into(),
        pem: "-----BEGIN CERTIFICATE-----".into(),
        added_at: String::new(),
    };
    store.add_trust_root(&root, &actor()).await.unwrap();
    assert!(matches!(
        store.add_trust_root(&root, &actor()).await,
        Err(StoreError::AlreadyExists { .. })
    ));
    let roots = store.trust_roots().await.unwrap();
    assert_eq!((roots.len(), roots[0].subject.as_str()), (1, "CN=Root"));
    store.remove_trust_root(&root.sha256, &actor()).await.unwrap();
    assert!(store.trust_roots().await.unwrap().is_empty());
    assert!(matches!(
        store.remove_trust_root(&root.sha256, &actor()).await,
        Err(StoreError::Missing { .. })
    ));
    assert!(matches!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact { .. }
    ));
}

/// Issue 13: a `unit` user carries its organisation; the schema refuses a unit without one and
/// an organisation on any other role.
async fn a_unit_contact_is_bound_to_one_organisation(store: &dyn Store) {
    let new = |username: &str, role, organization: Option<&str>| NewUser {
        username: username.into(),
        display_name: "Hoàng Thu Hà".into(),
        role,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        organization: organization.map(|o| OrgId::parse(o).unwrap()),
    };
    let unit = store
        .create_user(&new("donvi.btc", Role::Unit, Some("btc")), &actor())
        .await
        .unwrap();
    assert_eq!(unit.organization, Some(OrgId::parse("btc").unwrap()));
    let read = store.user(unit.id).await.unwrap().unwrap();
    assert_eq!(
        (read.role, read.organization.as_ref().map(|o| o.as_str())),
        (Role::Unit, Some("btc"))
    );
    assert!(
        store
            .create_user(&new("donvi.none", Role::Unit, None), &actor())
            .await
            .is_err()
    );
    assert!(
        store
            .create_user(&new("canbo.org", Role::Inspector, Some("btc")), &actor())
            .await
            .is_err()
    );
    assert!(
        store
            .create_user(&new("donvi.ghost", Role::Unit, Some("khong-co")), &actor())
            .await
            .is_err()
    );
    assert_eq!(
        store.users().await.unwrap().len(),
        1,
        "a refused user is not half-written"
    );
}

async fn phases_and_self_assessments(store: &dyn Store) {
    use chrono::{TimeZone, Utc};
    use scorecard_domain::{Phase, PhaseWindow, SelfAssessed};
    let round = open_round("t");
    store.create_round(&round, &actor()).await.unwrap();
    assert_eq!(store.phases(&round.id).await.unwrap(), vec![]);
    let at = |day| Utc.with_ymd_and_hms(2026, 12, day, 1, 0, 0).unwrap();
    let windows: Vec<PhaseWindow> = [
        (Phase::SelfAssessment, 1, 5),
        (Phase::Inspection, 5, 10),
        (Phase::Preliminary, 10, 11),
        (Phase::Explanations, 11, 15),
        (Phase::Final, 15, 20),
    ]
    .into_iter()
    .map(|(phase, from, to)| PhaseWindow {
        phase,
        opens_at: at(from),
        closes_at: at(to),
    })
    .collect();
    store.set_phases(&round.id, &windows, &actor()).await.unwrap();
    assert_eq!(store.phases(&round.id).await.unwrap(), windows);
    // Replaced whole, and audited with both schedules.
    store
        .set_phases(&round.id, &windows[1..], &actor())
        .await
        .unwrap();
    assert_eq!(store.phases(&round.id).await.unwrap(), windows[1..]);
    let missing = RoundId::parse("khong-co").unwrap();
    assert!(matches!(
        store.set_phases(&missing, &windows, &actor()).await,
        Err(StoreError::Missing { .. })
    ));

    let btc = OrgId::parse("btc").unwrap();
    let answer = |code: &str, outcome| SelfAssessed {
        criterion: CriterionCode::parse(code).unwrap(),
        outcome,
        evidence: "Quyết định số 12/QĐ-BTC".into(),
        explanation: String::new(),
    };
    let first = store
        .put_self_assessed(&round.id, &btc, &answer("VB-01", Outcome::Met), &actor())
        .await
        .unwrap();
    assert_eq!((first.updated_by.as_str(), &first.organization), ("an", &btc));
    let mut ratio = answer("VB-03", Outcome::Ratio(0.855));
    ratio.explanation = "Số liệu quý IV".into();
    store
        .put_self_assessed(&round.id, &btc, &ratio, &actor())
        .await
        .unwrap();
    store
        .put_self_assessed(&round.id, &btc, &answer("VB-01", Outcome::NotMet), &actor())
        .await
        .unwrap();
    store
        .put_self_assessed(
            &round.id,
            &OrgId::parse("bct").unwrap(),
            &answer("VB-01", Outcome::Met),
            &actor(),
        )
        .await
        .unwrap();
    let own = store.self_assessed(&round.id, Some(&btc)).await.unwrap();
    let read: Vec<(&str, &Outcome, &str)> = own
        .iter()
        .map(|a| {
            (
                a.entry.criterion.as_str(),
                &a.entry.outcome,
                a.entry.explanation.as_str(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("VB-01", &Outcome::NotMet, ""),
            ("VB-03", &Outcome::Ratio(0.855), "Số liệu quý IV")
        ]
    );
    assert_eq!(store.self_assessed(&round.id, None).await.unwrap().len(), 3);

    // A refused check submits nothing; an accepted one freezes the answers.
    let refused = store
        .submit_self_assessment(
            &round.id,
            &btc,
            Box::new(|answers| {
                assert_eq!(answers.len(), 2);
                Err("thiếu giải trình".into())
            }),
            &actor(),
        )
        .await;
    assert!(matches!(refused, Err(StoreError::Refused(_))));
    assert_eq!(store.submissions(&round.id).await.unwrap(), vec![]);
    let submitted = store
        .submit_self_assessment(&round.id, &btc, Box::new(|_| Ok(())), &actor())
        .await
        .unwrap();
    assert_eq!(store.submissions(&round.id).await.unwrap(), vec![submitted]);
    assert!(matches!(
        store
            .put_self_assessed(&round.id, &btc, &answer("VB-01", Outcome::Met), &actor())
            .await,
        Err(StoreError::Submitted)
    ));
    assert!(matches!(
        store
            .submit_self_assessment(&round.id, &btc, Box::new(|_| Ok(())), &actor())
            .await,
        Err(StoreError::Submitted)
    ));
    let actions: Vec<String> = store
        .audit(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in ["round.phases", "self_assessment.save", "self_assessment.submit"] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
    assert_eq!(
        actions.iter().filter(|a| *a == "self_assessment.save").count(),
        4,
        "one entry per saved answer, none for the refused ones"
    );
    assert!(matches!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact { .. }
    ));
}

async fn explanations_and_decisions(store: &dyn Store) {
    let round = open_round("t");
    store.create_round(&round, &actor()).await.unwrap();
    let unit = Actor::user("donvi.btc", "req-2");
    let key = |criterion: &str| RecordKey {
        round: round.id.clone(),
        organization: OrgId::parse("btc").unwrap(),
        criterion: CriterionCode::parse(criterion).unwrap(),
    };
    let stored = store
        .put_record(&record("btc", "VB-01", Outcome::NotMet), None, &actor())
        .await
        .unwrap();
    let first = store
        .send_explanation(&key("VB-01"), "Đã ban hành quy chế", &unit)
        .await
        .unwrap();
    assert_eq!(
        (first.sent_by.as_str(), first.decision.as_ref()),
        ("donvi.btc", None)
    );
    // Replaced until decided.
    store
        .send_explanation(&key("VB-01"), "Đã ban hành Quyết định 12/QĐ-BTC", &unit)
        .await
        .unwrap();
    store
        .send_explanation(&key("VB-02"), "Đang triển khai", &unit)
        .await
        .unwrap();
    // Accepted: the record changes from its version in the same transaction.
    let prepare: scorecard_store::Prepare = Box::new(|current| {
        let mut changed = current.unwrap().record.clone();
        changed.outcome = Outcome::Met;
        changed.state = RecordState::Submitted;
        Ok(changed)
    });
    let (decided, changed) = store
        .decide_explanation(
            &key("VB-01"),
            true,
            "Chấp nhận: văn bản đã ban hành",
            Some((Some(stored.version), prepare)),
            &actor(),
        )
        .await
        .unwrap();
    assert!(decided.decision.as_ref().unwrap().accepted);
    let changed = changed.unwrap();
    assert_eq!(
        (changed.record.outcome, changed.version),
        (Outcome::Met, stored.version + 1)
    );
    assert!(matches!(
        store.send_explanation(&key("VB-01"), "lại", &unit).await,
        Err(StoreError::Decided)
    ));
    // A stale record refuses the whole decision: the explanation stays undecided.
    let stale: scorecard_store::Prepare = Box::new(|current| Ok(current.unwrap().record.clone()));
    store
        .put_record(&record("btc", "VB-02", Outcome::NotMet), None, &actor())
        .await
        .unwrap();
    assert!(matches!(
        store
            .decide_explanation(&key("VB-02"), true, "", Some((Some(99), stale)), &actor())
            .await,
        Err(StoreError::Stale { .. })
    ));
    let (rejected, none) = store
        .decide_explanation(&key("VB-02"), false, "Chưa có văn bản kèm theo", None, &actor())
        .await
        .unwrap();
    assert_eq!(
        (rejected.decision.unwrap().reason.as_str(), none),
        ("Chưa có văn bản kèm theo", None)
    );
    assert!(matches!(
        store
            .decide_explanation(&key("TC-01"), false, "x", None, &actor())
            .await,
        Err(StoreError::Missing { .. })
    ));
    let all = store.explanations(&round.id, None).await.unwrap();
    assert_eq!(
        all.iter().map(|e| e.key.criterion.as_str()).collect::<Vec<_>>(),
        ["VB-01", "VB-02"]
    );
    assert_eq!(all[0].text, "Đã ban hành Quyết định 12/QĐ-BTC");
    let actions: Vec<String> = store
        .audit(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for (action, count) in [
        ("explanation.send", 3),
        ("explanation.accept", 1),
        ("explanation.reject", 1),
        ("record.update", 1),
    ] {
        assert_eq!(actions.iter().filter(|a| *a == action).count(), count, "{action}");
    }
    assert!(matches!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact { .. }
    ));
}

async fn findings_made_at_publishing_and_followed_up(store: &dyn Store) {
    use scorecard_store::{FindingFilter, NewFinding};
    let mut round = open_round("t");
    round.state = RoundState::Closed;
    store.create_round(&round, &actor()).await.unwrap();
    let key = |org: &str, criterion: &str| RecordKey {
        round: round.id.clone(),
        organization: OrgId::parse(org).unwrap(),
        criterion: CriterionCode::parse(criterion).unwrap(),
    };
    let due = NaiveDate::from_ymd_opt(2027, 3, 1);
    let new = |org: &str, criterion: &str| NewFinding {
        key: key(org, criterion),
        legal_basis: "Nghị định 30/2020/NĐ-CP".into(),
        note: "Chưa ban hành quy chế".into(),
        due_on: due,
    };
    let published = store
        .publish_round(
            &round.id,
            &[new("btc", "TC-01"), new("btc", "VB-02"), new("bct", "TC-01")],
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!(published.state, RoundState::Published);
    assert_eq!(
        store.round(&round.id).await.unwrap().unwrap().state,
        RoundState::Published
    );
    // Published once: a second time is refused and makes nothing.
    assert!(matches!(
        store
            .publish_round(&round.id, &[new("bnv", "TC-01")], &actor())
            .await,
        Err(StoreError::Refused(_))
    ));
    let all = store.findings(&FindingFilter::default()).await.unwrap();
    assert_eq!(all.len(), 3);
    let own = store
        .findings(&FindingFilter {
            organization: Some(OrgId::parse("btc").unwrap()),
            ..FindingFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(
        own.iter().map(|f| f.key.criterion.as_str()).collect::<Vec<_>>(),
        ["TC-01", "VB-02"]
    );
    let first = &own[0];
    assert_eq!(
        (first.open, first.due_on, first.note.as_str()),
        (true, due, "Chưa ban hành quy chế")
    );
    let unit = Actor::user("donvi.btc", "req-3");
    let reported = store
        .report_on_finding(first.id, "Đã ban hành Quyết định 20/QĐ-BTC", &unit)
        .await
        .unwrap();
    assert_eq!(reported.reports.len(), 1);
    assert_eq!(reported.reports[0].reported_by, "donvi.btc");
    // A file with the report: its content kept once, attached once, read back.
    let content = "Quyết định 20/QĐ-BTC".as_bytes().to_vec();
    let sha = sha256_hex(&content);
    let blob = scorecard_store::NewBlob {
        sha256: &sha,
        media_type: "text/plain",
        size: content.len() as i64,
        analysis: None,
    };
    store.put_blob(&blob, &mut &content[..]).await.unwrap();
    let with_file = store
        .attach_finding_file(first.id, &sha, "Quyết định 20.txt", "donvi.btc", &unit)
        .await
        .unwrap();
    assert_eq!(with_file.files.len(), 1);
    let file = &with_file.files[0];
    assert_eq!(
        (file.name.as_str(), file.size, file.media_type.as_str()),
        ("Quyết định 20.txt", content.len() as i64, "text/plain")
    );
    assert_eq!(store.finding_file(file.id).await.unwrap().as_ref(), Some(file));
    assert!(matches!(
        store
            .attach_finding_file(first.id, &sha, "again.txt", "donvi.btc", &unit)
            .await,
        Err(StoreError::AlreadyExists { .. })
    ));
    let later = NaiveDate::from_ymd_opt(2027, 6, 30);
    let moved = store.set_finding_due(first.id, later, &actor()).await.unwrap();
    assert_eq!((moved.due_on, moved.reports.len()), (later, 1));
    let kept = store
        .review_finding(first.id, false, "Chưa đủ minh chứng", &actor())
        .await
        .unwrap();
    assert!(kept.open);
    store
        .report_on_finding(first.id, "Bổ sung văn bản", &unit)
        .await
        .unwrap();
    let closed = store
        .review_finding(first.id, true, "Đã khắc phục", &actor())
        .await
        .unwrap();
    assert_eq!(
        (closed.open, closed.reports.len(), closed.review_note.as_str()),
        (false, 2, "Đã khắc phục")
    );
    assert!(matches!(
        store.report_on_finding(first.id, "thêm", &unit).await,
        Err(StoreError::FindingClosed)
    ));
    assert!(matches!(
        store
            .attach_finding_file(first.id, &"ab".repeat(32), "x.txt", "donvi.btc", &unit)
            .await,
        Err(StoreError::FindingClosed)
    ));
    assert!(matches!(
        store.report_on_finding(9_999, "x", &unit).await,
        Err(StoreError::Missing { .. })
    ));
    let open = store
        .findings(&FindingFilter {
            open: Some(true),
            ..FindingFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(open.len(), 2);
    assert_eq!(store.finding(first.id).await.unwrap().unwrap(), closed);
    let actions: Vec<String> = store
        .audit(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for (action, count) in [
        ("finding.create", 3),
        ("finding.report", 2),
        ("finding.keep_open", 1),
        ("finding.close", 1),
        ("finding.file", 1),
        ("finding.due", 1),
        ("round.state", 1),
    ] {
        assert_eq!(actions.iter().filter(|a| *a == action).count(), count, "{action}");
    }
    assert!(matches!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact { .. }
    ));
}

/// Every method of the trait, on a new database of one engine.
/// Not through the trait, as a damaged database would be: a stored value the domain refuses is
/// reported naming its row, also when read among others.
#[tokio::test]
async fn a_stored_value_the_domain_refuses_is_named_with_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_file(&dir.path().join("damaged.db"))
        .await
        .unwrap();
    let demo = scorecard_dataset::demo().unwrap();
    store
        .ensure_reference(&demo.organizations, &demo.catalogs)
        .await
        .unwrap();
    store.create_round(&open_round("t"), &actor()).await.unwrap();
    for org in ["btc", "byt"] {
        store
            .put_record(&record(org, "TC-01", Outcome::Met), None, &actor())
            .await
            .unwrap();
    }
    sqlx::query("UPDATE records SET assessed_on = '2026-02-30' WHERE organization_id = 'byt'")
        .execute(store.pool())
        .await
        .unwrap();
    let error = store
        .records(&RoundId::parse("t").unwrap(), &RecordFilter::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::Corrupt { what: "record", .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("`t/byt/TC-01`"), "{error}");
}

async fn whole_contract(fresh: impl AsyncFn() -> Arc<dyn Store>) {
    contract(&*fresh().await).await;
    each_change_commits_with_its_one_audit_entry(&*fresh().await).await;
    users_and_their_sessions(&*fresh().await).await;
    rounds_assignments_and_reviewers(&*fresh().await).await;
    catalogs_datasets_and_settings(&*fresh().await).await;
    the_audit_trail_filters(&*fresh().await).await;
    the_versions_move_with_every_change(&*fresh().await).await;
    sign_in_failures_and_readiness(&*fresh().await).await;
    concurrent_writers_of_one_version(fresh().await).await;
    concurrent_saves_land_each_with_its_entry_and_fail_alone(fresh().await).await;
    concurrent_changes_land_each_at_its_version(fresh().await).await;
    evidence_files_and_trust_roots(&*fresh().await).await;
    a_unit_contact_is_bound_to_one_organisation(&*fresh().await).await;
    phases_and_self_assessments(&*fresh().await).await;
    explanations_and_decisions(&*fresh().await).await;
    findings_made_at_publishing_and_followed_up(&*fresh().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_the_storage_contract() {
    let dirs = std::sync::Mutex::new(Vec::new());
    whole_contract(async || {
        let (store, dir) = sqlite().await;
        dirs.lock().unwrap().push(dir);
        store
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_the_storage_contract() {
    whole_contract(postgres).await;
}
