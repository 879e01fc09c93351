//! The PostgreSQL store, for an installation that runs several server instances on one database.
//! The SQL is the engines' shared code (`engine/`), compiled here with PostgreSQL's types; what
//! differs is below: how a database is opened, the write lock (an advisory lock held to the end
//! of each write transaction, so that writes from every instance are ordered as SQLite orders
//! them and the audit chain stays one chain), the clock expression and the migrations.

crate::engine_modules!();

use std::str::FromStr;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::Result;
use store::Writing;

type Db = sqlx::Postgres;
type Conn = sqlx::PgConnection;
type DbRow = sqlx::postgres::PgRow;
type Pool = PgPool;
type Engine = PgStore;

/// The timestamp the store writes: UTC, milliseconds, ISO 8601, as SQLite's `strftime` writes it.
const NOW: &str = r#"to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"#;

/// Whether the table of applied migrations exists in the connection's schema (0 or 1).
const MIGRATIONS_TABLE_EXISTS: &str =
    "SELECT count(*) FROM pg_tables WHERE tablename = 'schema_migrations' AND schemaname = current_schema()";

/// `(version, name, sql)`; only ever append.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "initial",
        include_str!("../../migrations/postgres/0001_initial.sql"),
    ),
    (
        2,
        "sign_in_failures",
        include_str!("../../migrations/postgres/0002_sign_in_failures.sql"),
    ),
    (
        3,
        "evidence_files",
        include_str!("../../migrations/postgres/0003_evidence_files.sql"),
    ),
    (
        4,
        "unit_role",
        include_str!("../../migrations/postgres/0004_unit_role.sql"),
    ),
    (
        5,
        "phases_self_assessment",
        include_str!("../../migrations/postgres/0005_phases_self_assessment.sql"),
    ),
    (
        6,
        "explanations",
        include_str!("../../migrations/postgres/0006_explanations.sql"),
    ),
    (
        7,
        "findings",
        include_str!("../../migrations/postgres/0007_findings.sql"),
    ),
    (
        8,
        "notice_reads",
        include_str!("../../migrations/postgres/0008_notice_reads.sql"),
    ),
    (
        9,
        "finding_files",
        include_str!("../../migrations/postgres/0009_finding_files.sql"),
    ),
];

/// The advisory lock that orders write transactions.
const WRITE_LOCK: i64 = 0x5343_4f52_4543_0001;
/// The advisory lock that orders migrations.
const SCHEMA_LOCK: i64 = 0x5343_4f52_4543_0002;

/// A PostgreSQL database shared by any number of server instances.
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    /// What reads the versions (`Store::versions`).
    version_reader: VersionReader,
    /// Where saves of records go to be committed together (`engine/batch.rs`).
    records_queue: batch::Queue,
    /// Catalog versions read so far (they never change once written).
    catalogs_read: std::sync::Arc<
        std::sync::RwLock<std::collections::HashMap<scorecard_domain::CatalogId, scorecard_domain::Catalog>>,
    >,
}

impl PgStore {
    /// Connects to the database at a `postgres://` URL and migrates it.
    pub async fn connect(url: &str) -> Result<PgStore> {
        let options = PgConnectOptions::from_str(url)?
            // No statement holds a connection for ever; the longest (an import of a whole
            // round, a `db copy` batch) take seconds.
            .options([("statement_timeout", "60s")]);
        let pool = PgPoolOptions::new()
            .max_connections(8)
            // A database that does not answer fails the request (503) within seconds instead
            // of holding it, and a restarted database is found again without a restart.
            .acquire_timeout(Duration::from_secs(3))
            // A connection idle for more than a second is checked before use (after the
            // database restarts, idle connections are broken); one in steady use is not, which
            // spares a round trip per query under load.
            .test_before_acquire(false)
            .before_acquire(|connection, meta| {
                Box::pin(async move {
                    if meta.idle_for > Duration::from_secs(1) {
                        sqlx::Connection::ping(connection).await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options)
            .await?;
        migrations::run(&pool).await?;
        Ok(PgStore::over(pool))
    }
}

/// PostgreSQL's versions are read on a connection of their own, one round trip each.
type VersionReader = store::OwnConnection;

async fn backup_to(_store: &PgStore, _path: &std::path::Path) -> Result<()> {
    Err(crate::StoreError::Unsupported(
        "on PostgreSQL, back up with pg_dump (docs/deploy.md) / với PostgreSQL, sao lưu bằng pg_dump",
    ))
}

/// A write transaction holding the write lock until it ends.
async fn begin_write(pool: &Pool) -> Result<Writing> {
    // One round trip for both: the begin statement goes as a simple query, which may hold two.
    let tx = pool
        .begin_with(format!("BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"))
        .await?;
    Ok(Writing(tx))
}

/// After a copy, new users' ids continue after the copied ones.
async fn after_copy(conn: &mut Conn) -> Result<()> {
    sqlx::query("SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))")
        .execute(&mut *conn)
        .await?;
    // The sequence's next value may not be below 1, so an empty table resets it to 1, unused.
    for table in ["record_files", "findings", "finding_reports", "finding_files"] {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 1), \
             (SELECT count(*) > 0 FROM {table}))"
        ))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn lock_schema(conn: &mut Conn) -> Result<()> {
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(SCHEMA_LOCK)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn unlock_schema(conn: &mut Conn) -> Result<()> {
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(SCHEMA_LOCK)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
