//! The audit trail refuses changes through SQL, and any tampering with the file is found at
//! the entry where it happened.

use scorecard_store::{Actor, AuditVerdict, Change, SqliteStore, Store};
use serde_json::json;

/// A store whose trail holds entries 1 to 5.
async fn trail() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_file(&dir.path().join("audit.db"))
        .await
        .unwrap();
    for i in 1..=5 {
        let change = Change::new("export.pdf", format!("round:{i}"), json!(null), json!({ "n": i }));
        store
            .record_event(&change, &Actor::user("lanh-dao", &format!("req-{i}")))
            .await
            .unwrap();
    }
    assert_eq!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact { entries: 5 }
    );
    (store, dir)
}

/// Runs SQL as someone with the file in hand: the triggers are dropped first.
async fn tamper(store: &SqliteStore, sql: &str) {
    sqlx::raw_sql(&format!(
        "DROP TRIGGER audit_refuses_update; DROP TRIGGER audit_refuses_delete; {sql}"
    ))
    .execute(store.pool())
    .await
    .unwrap();
}

async fn broken_at(store: &SqliteStore) -> i64 {
    match store.verify_audit().await.unwrap() {
        AuditVerdict::Broken { seq, .. } => seq,
        intact => panic!("tampering went unnoticed: {intact:?}"),
    }
}

#[tokio::test]
async fn the_table_refuses_update_and_delete() {
    let (store, _dir) = trail().await;
    for sql in [
        "UPDATE audit SET actor = 'x' WHERE seq = 2",
        "DELETE FROM audit WHERE seq = 5",
    ] {
        let error = sqlx::query(sql).execute(store.pool()).await.unwrap_err();
        assert!(error.to_string().contains("append-only"), "{error}");
    }
    assert_eq!(
        store.verify_audit().await.unwrap(),
        AuditVerdict::Intact { entries: 5 }
    );
}

#[tokio::test]
async fn a_changed_entry_is_found_at_that_entry() {
    for (field, seq) in [
        ("actor", 1),
        ("after", 3),
        ("at", 5),
        ("target", 2),
        ("request_id", 4),
    ] {
        let (store, _dir) = trail().await;
        tamper(
            &store,
            &format!("UPDATE audit SET {field} = 'forged' WHERE seq = {seq}"),
        )
        .await;
        assert_eq!(broken_at(&store).await, seq, "{field}");
    }
}

#[tokio::test]
async fn a_changed_entry_with_a_recomputed_hash_breaks_the_next_link() {
    let (store, _dir) = trail().await;
    tamper(&store, "UPDATE audit SET hash = 'f00d' WHERE seq = 3").await;
    assert_eq!(broken_at(&store).await, 3);
}

#[tokio::test]
async fn a_deleted_entry_is_found_at_that_entry() {
    for seq in 1..=5 {
        let (store, _dir) = trail().await;
        tamper(&store, &format!("DELETE FROM audit WHERE seq = {seq}")).await;
        assert_eq!(broken_at(&store).await, seq);
    }
}

#[tokio::test]
async fn reordered_entries_are_found_where_the_order_breaks() {
    let (store, _dir) = trail().await;
    // Swap the contents of entries 2 and 4, keeping their numbers.
    tamper(
        &store,
        "UPDATE audit SET seq = -2 WHERE seq = 2;
         UPDATE audit SET seq = 2 WHERE seq = 4;
         UPDATE audit SET seq = 4 WHERE seq = -2;",
    )
    .await;
    assert_eq!(broken_at(&store).await, 2);
}

#[tokio::test]
async fn a_renumbered_tail_is_found() {
    let (store, _dir) = trail().await;
    tamper(
        &store,
        "DELETE FROM audit WHERE seq = 3; UPDATE audit SET seq = seq - 1 WHERE seq > 3;",
    )
    .await;
    assert_eq!(broken_at(&store).await, 3);
}
