//! Migrations embedded in the binary, applied in order, each in its own transaction.

use sha2::{Digest, Sha256};
use sqlx::{Row, SqlitePool};

use crate::{Result, StoreError};

/// `(version, name, sql)`; only ever append.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "initial", include_str!("../migrations/0001_initial.sql")),
    (
        2,
        "review_comment",
        include_str!("../migrations/0002_review_comment.sql"),
    ),
    (
        3,
        "auth_and_audit",
        include_str!("../migrations/0003_auth_and_audit.sql"),
    ),
    (
        4,
        "audit_actor_index",
        include_str!("../migrations/0004_audit_actor_index.sql"),
    ),
];

fn checksum(sql: &str) -> String {
    Sha256::digest(sql.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Brings the schema up to date, refusing a database whose applied migrations were edited.
pub async fn run(pool: &SqlitePool) -> Result<()> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .execute(pool)
    .await?;
    let applied = sqlx::query("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        .fetch_all(pool)
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
        let mut tx = pool.begin().await?;
        sqlx::raw_sql(sql).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, datetime('now'))")
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
