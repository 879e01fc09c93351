//! The SQLite store: one file, WAL journal, `synchronous=FULL` so an acknowledged write survives
//! a crash. The SQL is the engines' shared code (`engine/`), compiled here with SQLite's types;
//! what differs is below: how a database is opened, the write lock (`BEGIN IMMEDIATE`), the
//! clock expression and the migrations.

crate::engine_modules!();

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::Result;
use store::Writing;

type Db = sqlx::Sqlite;
type Conn = sqlx::SqliteConnection;
type DbRow = sqlx::sqlite::SqliteRow;
type Pool = SqlitePool;
type Engine = SqliteStore;

/// The timestamp the store writes: UTC, milliseconds, ISO 8601.
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// Whether the table of applied migrations exists (a count, 0 or 1).
const MIGRATIONS_TABLE_EXISTS: &str =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

/// `(version, name, sql)`; only ever append.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "initial",
        include_str!("../../migrations/sqlite/0001_initial.sql"),
    ),
    (
        2,
        "review_comment",
        include_str!("../../migrations/sqlite/0002_review_comment.sql"),
    ),
    (
        3,
        "auth_and_audit",
        include_str!("../../migrations/sqlite/0003_auth_and_audit.sql"),
    ),
    (
        4,
        "audit_actor_index",
        include_str!("../../migrations/sqlite/0004_audit_actor_index.sql"),
    ),
    (
        5,
        "sign_in_failures",
        include_str!("../../migrations/sqlite/0005_sign_in_failures.sql"),
    ),
    (
        6,
        "evidence_files",
        include_str!("../../migrations/sqlite/0006_evidence_files.sql"),
    ),
    (
        7,
        "unit_role",
        include_str!("../../migrations/sqlite/0007_unit_role.sql"),
    ),
    (
        8,
        "phases_self_assessment",
        include_str!("../../migrations/sqlite/0008_phases_self_assessment.sql"),
    ),
    (
        9,
        "explanations",
        include_str!("../../migrations/sqlite/0009_explanations.sql"),
    ),
    (
        10,
        "findings",
        include_str!("../../migrations/sqlite/0010_findings.sql"),
    ),
    (
        11,
        "notice_reads",
        include_str!("../../migrations/sqlite/0011_notice_reads.sql"),
    ),
    (
        12,
        "finding_files",
        include_str!("../../migrations/sqlite/0012_finding_files.sql"),
    ),
];

/// The embedded SQLite database.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// What reads the versions (`Store::versions`).
    version_reader: VersionReader,
    /// Where saves of records go to be committed together (`engine/batch.rs`).
    records_queue: batch::Queue,
    /// Catalog versions read so far (they never change once written).
    catalogs_read: std::sync::Arc<
        std::sync::RwLock<std::collections::HashMap<scorecard_domain::CatalogId, scorecard_domain::Catalog>>,
    >,
}

impl SqliteStore {
    /// Opens (creating when missing) the database at a `sqlite:` URL and migrates it.
    pub async fn connect(url: &str) -> Result<SqliteStore> {
        let options = SqliteConnectOptions::from_str(url)?;
        SqliteStore::open(options).await
    }

    /// Opens (creating when missing) the database file at `path` and migrates it.
    pub async fn open_file(path: &std::path::Path) -> Result<SqliteStore> {
        SqliteStore::open(SqliteConnectOptions::new().filename(path)).await
    }

    async fn open(options: SqliteConnectOptions) -> Result<SqliteStore> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // A 16 MiB page cache per connection (SQLite's default is 2 MiB): a large import
            // otherwise spills b-tree pages to the WAL before it commits. Eight connections
            // bound the total at 128 MiB.
            .pragma("cache_size", "-16384")
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // A connection to a local file does not break while idle: no ping before each use.
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        migrations::run(&pool).await?;
        Ok(SqliteStore::over(pool))
    }
}

/// Reads the versions (`Store::versions`, asked by every request of a cached report) on the
/// calling thread, through a connection of SQLite's own library (rusqlite) rather than sqlx's,
/// which answers from a thread of its own: the hop there and back cost a cached report half
/// its rate (issue 14). Both crates link the one SQLite library (`libsqlite3-sys`), so its
/// file locks stay one process's. A read in WAL mode waits for no writer and takes
/// microseconds; a read that would wait (another task holds this connection, or SQLite answers
/// busy) or fails is left to sqlx's connection of its own, which may wait, and reports.
#[derive(Clone, Default)]
struct VersionReader {
    quick: std::sync::Arc<std::sync::Mutex<Option<rusqlite::Connection>>>,
    own: store::OwnConnection,
}

impl VersionReader {
    async fn read(&self, pool: &Pool) -> Result<crate::Versions> {
        match self.read_here(pool) {
            Some(versions) => Ok(versions),
            None => self.own.read(pool).await,
        }
    }

    /// The versions, unless reading them here would wait; the connection is opened on the
    /// pool's file.
    fn read_here(&self, pool: &Pool) -> Option<crate::Versions> {
        let mut slot = match self.quick.try_lock() {
            Ok(slot) => slot,
            // A panic while reading left nothing half-done: the connection is only read.
            Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return None,
        };
        let connection = match &mut *slot {
            Some(connection) => connection,
            empty => match quick_connection(pool.connect_options().get_filename()) {
                Ok(connection) => empty.insert(connection),
                Err(error) => {
                    tracing::debug!(%error, "the versions are read through sqlx: opening failed");
                    return None;
                }
            },
        };
        // Prepared once: parsing the query cost more than running it.
        let read = connection
            .prepare_cached(store::VERSIONS)
            .and_then(|mut query| query.query_row([], |row| Ok((row.get(0)?, row.get(1)?))));
        match read {
            Ok((data, reference)) => Some(store::versions_from(data, reference)),
            Err(error) => {
                // Busy is for this read only; a connection that failed otherwise is opened again.
                let busy = error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy);
                if !busy {
                    *slot = None;
                }
                tracing::debug!(%error, "the versions are read through sqlx this time");
                None
            }
        }
    }
}

/// A read-only connection that answers busy at once rather than wait (rusqlite's default is
/// to wait 5 s, here on an executor's thread).
fn quick_connection(path: &std::path::Path) -> rusqlite::Result<rusqlite::Connection> {
    use rusqlite::OpenFlags;
    let connection = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    connection.busy_timeout(Duration::ZERO)?;
    connection.pragma_update(None, "query_only", true)?;
    Ok(connection)
}

/// `VACUUM INTO` a new file: a consistent snapshot, taken while others read and write.
async fn backup_to(store: &SqliteStore, path: &std::path::Path) -> Result<()> {
    if path.exists() {
        return Err(crate::StoreError::AlreadyExists {
            what: "file",
            id: path.display().to_string(),
        });
    }
    sqlx::query("VACUUM INTO $1")
        .bind(path.to_string_lossy().into_owned())
        .execute(&store.pool)
        .await?;
    Ok(())
}

/// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so that
/// concurrent writers queue instead of failing when they upgrade from reading.
async fn begin_write(pool: &Pool) -> Result<Writing> {
    Ok(Writing(pool.begin_with("BEGIN IMMEDIATE").await?))
}

/// Nothing to do after a copy: a new user's id is one past the largest.
async fn after_copy(_conn: &mut Conn) -> Result<()> {
    Ok(())
}

/// SQLite serialises writers itself; two processes migrating at once are ordered by its lock.
async fn lock_schema(conn: &mut Conn) -> Result<()> {
    // A migration that rebuilds a table others refer to (SQLite cannot alter a constraint) runs
    // with foreign keys off, as SQLite's documented procedure says; they are checked after.
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn unlock_schema(conn: &mut Conn) -> Result<()> {
    let broken: Vec<sqlx::sqlite::SqliteRow> = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut *conn)
        .await?;
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await?;
    if let Some(row) = broken.first() {
        let table: String = sqlx::Row::try_get(row, 0)?;
        return Err(crate::StoreError::corrupt(
            "table",
            table,
            "a migration left a broken foreign key",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StoreError;
    use crate::{Actor, RecordFilter, Store};
    use scorecard_domain::Record;
    use serde_json::Value;

    async fn fresh() -> (SqliteStore, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_file(&dir.path().join("test.db")).await.unwrap();
        (store, dir)
    }

    /// Issue 13's migration rebuilds the users table (SQLite cannot change a CHECK): a database
    /// with users, their sessions, assignments and reviews keeps them all, its foreign keys hold
    /// and are enforced again afterwards.
    #[tokio::test]
    async fn the_users_table_is_rebuilt_with_everything_that_refers_to_it() {
        use sqlx::{ConnectOptions, Connection};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let mut old = options.connect().await.unwrap();
        sqlx::raw_sql("CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)")
            .execute(&mut old)
            .await
            .unwrap();
        for (version, name, sql) in MIGRATIONS.iter().filter(|(v, _, _)| *v < 7) {
            sqlx::raw_sql(sql).execute(&mut old).await.unwrap();
            sqlx::query("INSERT INTO schema_migrations VALUES ($1, $2, $3, 'then')")
                .bind(version)
                .bind(name)
                .bind(migrations::checksum(sql))
                .execute(&mut old)
                .await
                .unwrap();
        }
        sqlx::raw_sql(
            "INSERT INTO organizations (id, name_vi, name_en, peer_group) VALUES ('btc', 'Bộ Tài chính', 'Ministry of Finance', 'ministry');
             INSERT INTO catalogs (id, family, version, body, created_at) VALUES ('c', 'c', 1, '{}', 'then');
             INSERT INTO rounds (id, name_vi, name_en, catalog_id, starts_on, ends_on, state, illustrative) VALUES ('2026', 'Đợt', 'Round', 'c', '2026-01-01', '2026-12-31', 'open', 0);
             INSERT INTO users (id, username, role, password_hash, created_at, display_name) VALUES (7, 'canbo.an', 'inspector', 'h', 'then', 'Nguyễn Văn An');
             INSERT INTO users (id, username, role, password_hash, created_at, display_name) VALUES (8, 'truongdoan', 'reviewer', 'h', 'then', '');
             INSERT INTO assignments (round_id, organization_id, inspector_id) VALUES ('2026', 'btc', 7);
             INSERT INTO round_reviewers (round_id, user_id) VALUES ('2026', 8);
             INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ('t', 7, 'then', 'then');",
        )
        .execute(&mut old)
        .await
        .unwrap();
        old.close().await.unwrap();

        let store = SqliteStore::open_file(&path).await.unwrap();
        let users = store.users().await.unwrap();
        assert_eq!(
            users
                .iter()
                .map(|u| (u.id, u.username.as_str(), u.organization.is_none()))
                .collect::<Vec<_>>(),
            [(7, "canbo.an", true), (8, "truongdoan", true)]
        );
        let round = scorecard_domain::RoundId::parse("2026").unwrap();
        assert_eq!(
            store.assignments(&round).await.unwrap()[0]
                .inspector
                .as_ref()
                .map(|u| u.id),
            Some(7)
        );
        assert_eq!(store.reviewers(&round).await.unwrap()[0].id, 8);
        // Foreign keys are on again: a session of nobody is refused.
        let orphan = sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ('u', 99, 'now', 'now')")
            .execute(store.pool())
            .await;
        assert!(orphan.is_err(), "foreign keys are enforced after the migration");
    }

    #[tokio::test]
    async fn the_demo_dataset_round_trips_through_the_database() {
        let (store, _dir) = fresh().await;
        let demo = scorecard_dataset::demo().unwrap();
        assert!(store.has_no_rounds().await.unwrap());
        store
            .load_dataset(&demo, &[("demo", Value::Bool(true))], &Actor::system("test"))
            .await
            .unwrap();
        assert!(!store.has_no_rounds().await.unwrap());
        let mut orgs = store.organizations().await.unwrap();
        let mut expected = demo.organizations.clone();
        orgs.sort_by(|a, b| a.id.cmp(&b.id));
        expected.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(orgs, expected);
        for round in &demo.rounds {
            assert_eq!(store.round(&round.id).await.unwrap().as_ref(), Some(round));
            let stored: Vec<Record> = store
                .records(&round.id, &RecordFilter::default())
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.record)
                .collect();
            let mut want: Vec<Record> = demo
                .records
                .iter()
                .filter(|r| r.round == round.id)
                .cloned()
                .collect();
            want.sort_by(|a, b| (&a.organization, &a.criterion).cmp(&(&b.organization, &b.criterion)));
            assert_eq!(stored, want);
        }
        for catalog in &demo.catalogs {
            assert_eq!(store.catalog(&catalog.id).await.unwrap().as_ref(), Some(catalog));
        }
        assert_eq!(store.setting("demo").await.unwrap(), Some(Value::Bool(true)));
    }

    #[tokio::test]
    async fn demo_data_is_never_loaded_over_existing_data() {
        let (store, _dir) = fresh().await;
        let demo = scorecard_dataset::demo().unwrap();
        store
            .load_dataset(&demo, &[], &Actor::system("test"))
            .await
            .unwrap();
        assert!(matches!(
            store.load_dataset(&demo, &[], &Actor::system("test")).await,
            Err(StoreError::NotEmpty)
        ));
    }

    #[tokio::test]
    async fn rounds_are_listed_newest_first() {
        let (store, _dir) = fresh().await;
        store
            .load_dataset(&scorecard_dataset::demo().unwrap(), &[], &Actor::system("test"))
            .await
            .unwrap();
        let ids: Vec<String> = store
            .rounds()
            .await
            .unwrap()
            .iter()
            .map(|r| r.id.to_string())
            .collect();
        assert_eq!(ids, ["2025", "2021", "2020", "2019"]);
    }

    #[tokio::test]
    async fn reopening_a_database_keeps_its_data_and_checks_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("again.db");
        let store = SqliteStore::open_file(&path).await.unwrap();
        store
            .load_dataset(&scorecard_dataset::demo().unwrap(), &[], &Actor::system("test"))
            .await
            .unwrap();
        store.pool().close().await;
        let again = SqliteStore::open_file(&path).await.unwrap();
        assert_eq!(again.rounds().await.unwrap().len(), 4);
        sqlx::query("UPDATE schema_migrations SET checksum = 'x'")
            .execute(again.pool())
            .await
            .unwrap();
        again.pool().close().await;
        let refused = SqliteStore::open_file(&path).await;
        assert!(
            matches!(refused, Err(StoreError::MigrationChanged { version: 1, .. })),
            "{:?}",
            refused.err()
        );
    }

    /// The versions are read on the calling thread, and a change committed through another
    /// connection to the file (another process, the pool) shows in the very next read. While
    /// that connection is taken, a read goes to sqlx's connection and answers the same.
    #[tokio::test]
    #[allow(
        clippy::await_holding_lock,
        reason = "held so that the read gives way; the read only tries the lock"
    )]
    async fn the_versions_read_here_see_every_commit_at_once() {
        let (store, dir) = fresh().await;
        let other = SqliteStore::open_file(&dir.path().join("test.db")).await.unwrap();
        let start = store.versions().await.unwrap();
        assert_eq!(store.version_reader.read_here(&store.pool), Some(start));
        other
            .load_dataset(&scorecard_dataset::demo().unwrap(), &[], &Actor::system("test"))
            .await
            .unwrap();
        let loaded = store.versions().await.unwrap();
        assert!(loaded.data > start.data && loaded.reference > start.reference);
        assert_eq!(loaded, other.versions().await.unwrap());

        assert_eq!(store.version_reader.read_here(&store.pool), Some(loaded));
        let taken = store.version_reader.quick.lock().unwrap();
        assert_eq!(store.version_reader.read_here(&store.pool), None);
        assert_eq!(store.versions().await.unwrap(), loaded);
        drop(taken);
    }
}
