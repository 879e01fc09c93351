//! The audit trail refuses changes through SQL, and any tampering with the database is found at
//! the entry where it happened; on both engines.

use scorecard_store::{Actor, AuditVerdict, Change, PgStore, SqliteStore, Store};
use serde_json::json;

/// A store of one engine whose trail holds entries 1 to 5, with raw SQL at hand.
enum Trail {
    Sqlite(
        SqliteStore,
        #[expect(dead_code, reason = "held for the life of the database file")] tempfile::TempDir,
    ),
    Postgres(PgStore),
}

const ENGINES: [&str; 2] = ["sqlite", "postgres"];

async fn trail(engine: &str) -> Trail {
    let trail = if engine == "sqlite" {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_file(&dir.path().join("audit.db"))
            .await
            .unwrap();
        Trail::Sqlite(store, dir)
    } else {
        let url = scorecard_test_postgres::Cluster::shared().database();
        Trail::Postgres(PgStore::connect(&url).await.unwrap())
    };
    for i in 1..=5 {
        let change = Change::new("export.pdf", format!("round:{i}"), json!(null), json!({ "n": i }));
        trail
            .store()
            .record_event(&change, &Actor::user("lanh-dao", &format!("req-{i}")))
            .await
            .unwrap();
    }
    assert_eq!(
        trail.store().verify_audit().await.unwrap(),
        AuditVerdict::Intact { entries: 5 }
    );
    trail
}

impl Trail {
    fn store(&self) -> &dyn Store {
        match self {
            Trail::Sqlite(store, _) => store,
            Trail::Postgres(store) => store,
        }
    }

    /// Runs SQL as the application's own database user would.
    async fn sql(&self, sql: &str) -> Result<(), sqlx::Error> {
        match self {
            Trail::Sqlite(store, _) => sqlx::raw_sql(sql).execute(store.pool()).await.map(drop),
            Trail::Postgres(store) => sqlx::raw_sql(sql).execute(store.pool()).await.map(drop),
        }
    }

    /// Runs SQL as someone with the database in hand: the triggers are dropped or disabled first.
    async fn tamper(&self, sql: &str) {
        let disable = match self {
            Trail::Sqlite(..) => "DROP TRIGGER audit_refuses_update; DROP TRIGGER audit_refuses_delete;",
            Trail::Postgres(_) => "ALTER TABLE audit DISABLE TRIGGER USER;",
        };
        self.sql(&format!("{disable} {sql}")).await.unwrap();
    }

    async fn broken_at(&self) -> i64 {
        match self.store().verify_audit().await.unwrap() {
            AuditVerdict::Broken { seq, .. } => seq,
            intact => panic!("tampering went unnoticed: {intact:?}"),
        }
    }
}

#[tokio::test]
async fn the_table_refuses_update_and_delete() {
    for engine in ENGINES {
        let trail = trail(engine).await;
        let mut refused = vec![
            "UPDATE audit SET actor = 'x' WHERE seq = 2",
            "DELETE FROM audit WHERE seq = 5",
        ];
        if engine == "postgres" {
            refused.push("TRUNCATE audit");
        }
        for sql in refused {
            let error = trail.sql(sql).await.unwrap_err();
            assert!(error.to_string().contains("append-only"), "{engine}: {error}");
        }
        assert_eq!(
            trail.store().verify_audit().await.unwrap(),
            AuditVerdict::Intact { entries: 5 }
        );
    }
}

#[tokio::test]
async fn a_changed_entry_is_found_at_that_entry() {
    for engine in ENGINES {
        for (field, seq) in [
            ("actor", 1),
            ("after", 3),
            ("at", 5),
            ("target", 2),
            ("request_id", 4),
        ] {
            let trail = trail(engine).await;
            trail
                .tamper(&format!("UPDATE audit SET {field} = 'forged' WHERE seq = {seq}"))
                .await;
            assert_eq!(trail.broken_at().await, seq, "{engine} {field}");
        }
    }
}

#[tokio::test]
async fn a_changed_entry_with_a_recomputed_hash_breaks_the_next_link() {
    for engine in ENGINES {
        let trail = trail(engine).await;
        trail.tamper("UPDATE audit SET hash = 'f00d' WHERE seq = 3").await;
        assert_eq!(trail.broken_at().await, 3, "{engine}");
    }
}

#[tokio::test]
async fn a_deleted_entry_is_found_at_that_entry() {
    for engine in ENGINES {
        for seq in 1..=5 {
            let trail = trail(engine).await;
            trail
                .tamper(&format!("DELETE FROM audit WHERE seq = {seq}"))
                .await;
            assert_eq!(trail.broken_at().await, seq, "{engine}");
        }
    }
}

#[tokio::test]
async fn reordered_entries_are_found_where_the_order_breaks() {
    for engine in ENGINES {
        let trail = trail(engine).await;
        // Swap the contents of entries 2 and 4, keeping their numbers.
        trail
            .tamper(
                "UPDATE audit SET seq = -2 WHERE seq = 2;
                 UPDATE audit SET seq = 2 WHERE seq = 4;
                 UPDATE audit SET seq = 4 WHERE seq = -2;",
            )
            .await;
        assert_eq!(trail.broken_at().await, 2, "{engine}");
    }
}

#[tokio::test]
async fn a_renumbered_tail_is_found() {
    for engine in ENGINES {
        let trail = trail(engine).await;
        // Renumbered one at a time, in order, as a primary key that is checked per row needs.
        trail
            .tamper(
                "DELETE FROM audit WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4;
                 UPDATE audit SET seq = 4 WHERE seq = 5;",
            )
            .await;
        assert_eq!(trail.broken_at().await, 3, "{engine}");
    }
}
