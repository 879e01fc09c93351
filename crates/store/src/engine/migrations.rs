//! Migrations embedded in the binary, applied in order, each in its own transaction. Each engine
//! lists its own (`MIGRATIONS`, `(version, name, sql)`, only ever appended).

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{MIGRATIONS, NOW, Pool};
use crate::{Result, StoreError};

pub(super) fn checksum(sql: &str) -> String {
    crate::audit::hex(&Sha256::digest(sql.as_bytes()))
}

/// Brings the schema up to date, refusing a database whose applied migrations were edited.
pub async fn run(pool: &Pool) -> Result<()> {
    // One connection throughout, holding the engine's schema lock: instances that start together
    // migrate one after the other.
    let mut conn = pool.acquire().await?;
    super::lock_schema(&mut conn).await?;
    let applied = apply(&mut conn).await;
    super::unlock_schema(&mut conn).await?;
    applied
}

async fn apply(conn: &mut super::Conn) -> Result<()> {
    // Looked for before it is created: a server running as a role that may not create tables
    // (PostgreSQL's least-privilege set-up, docs/deploy.md) starts on a migrated database.
    let exists: i64 = sqlx::query_scalar(super::MIGRATIONS_TABLE_EXISTS)
        .fetch_one(&mut *conn)
        .await?;
    if exists == 0 {
        sqlx::raw_sql(
            "CREATE TABLE schema_migrations (
                version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .execute(&mut *conn)
        .await?;
    }
    let applied = sqlx::query("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        .fetch_all(&mut *conn)
        .await?;
    for row in &applied {
        let version: i64 = row.try_get("version")?;
        match MIGRATIONS.iter().find(|(v, _, _)| *v == version) {
            None => return Err(StoreError::UnknownMigration { version }),
            Some((_, name, sql)) if checksum(sql) != row.try_get::<String, _>("checksum")? => {
                return Err(StoreError::MigrationChanged {
                    version,
                    name: (*name).to_owned(),
                });
            }
            Some(_) => {}
        }
    }
    for (version, name, sql) in MIGRATIONS.iter().skip(applied.len()) {
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        sqlx::raw_sql(sql).execute(&mut *tx).await?;
        sqlx::query(&format!(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, {NOW})"
        ))
        .bind(version)
        .bind(name)
        .bind(checksum(sql))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!(version, name, "applied migration");
    }
    Ok(())
}
