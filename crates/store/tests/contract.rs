//! The storage contract: every backend must pass these, through the `Store` trait only.

use chrono::NaiveDate;
use scorecard_domain::{
    CriterionCode, OrgId, Outcome, Record, RecordState, Role, Round, RoundId, RoundState,
};
use scorecard_store::{
    Actor, AuditFilter, AuditVerdict, Change, ImportCounts, NewUser, RecordFilter, RecordKey, SqliteStore,
    Store, StoreError,
};

async fn sqlite() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_file(&dir.path().join("contract.db"))
        .await
        .unwrap();
    let demo = scorecard_dataset::demo().unwrap();
    store
        .ensure_reference(&demo.organizations, &demo.catalogs)
        .await
        .unwrap();
    (store, dir)
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
    every_change_left_one_audit_entry_in_an_intact_chain(store).await;
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

#[tokio::test]
async fn sqlite_commits_each_change_with_its_audit_entry() {
    let (store, _dir) = sqlite().await;
    each_change_commits_with_its_one_audit_entry(&store).await;
}

#[tokio::test]
async fn sqlite_keeps_the_storage_contract() {
    let (store, _dir) = sqlite().await;
    contract(&store).await;
}
