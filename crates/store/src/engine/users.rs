//! Users and their sessions (stored as the SHA-256 of their ids).
use scorecard_domain::{Role, User};
use serde_json::{Value, json};
use sqlx::Row;

use super::rows::*;
use super::{Engine, NOW};
use crate::audit::{Actor, Change};
use crate::{Credentials, NewUser, SessionLimits};
use crate::{Result, StoreError};

pub(super) async fn create_user(store: &Engine, user: &NewUser, actor: &Actor) -> Result<User> {
    let mut tx = store.write().await?;
    let exists = sqlx::query("SELECT 1 FROM users WHERE username = $1")
        .bind(&user.username)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Err(StoreError::AlreadyExists {
            what: "user",
            id: user.username.clone(),
        });
    }
    let id: i64 = sqlx::query_scalar(&format!(
        "INSERT INTO users (username, display_name, role, password_hash, organization_id, created_at) VALUES ($1, $2, $3, $4, $5, {NOW}) RETURNING id"
    ))
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(user.role.as_str())
    .bind(&user.password_hash)
    .bind(user.organization.as_ref().map(|o| o.as_str()))
    .fetch_one(&mut *tx)
    .await?;
    let created = User {
        id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
        organization: user.organization.clone(),
    };
    // The password hash never enters the audit trail.
    let mut after = json!({ "id": id, "username": created.username, "display_name": created.display_name, "role": created.role.as_str() });
    if let Some(org) = &created.organization {
        after["organization"] = json!(org.as_str());
    }
    tx.commit(
        actor,
        &Change::new(
            "user.create",
            format!("user:{}", created.username),
            Value::Null,
            after,
        ),
    )
    .await?;
    Ok(created)
}

pub(super) async fn users(store: &Engine) -> Result<Vec<User>> {
    let rows = sqlx::query("SELECT * FROM users ORDER BY username")
        .fetch_all(&store.pool)
        .await?;
    rows.iter().map(user_from).collect()
}

pub(super) async fn user(store: &Engine, id: i64) -> Result<Option<User>> {
    let row = sqlx::query("SELECT * FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&store.pool)
        .await?;
    row.as_ref().map(user_from).transpose()
}

pub(super) async fn credentials(store: &Engine, username: &str) -> Result<Option<Credentials>> {
    let row = sqlx::query("SELECT * FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&store.pool)
        .await?;
    row.as_ref()
        .map(|row| {
            Ok(Credentials {
                user: user_from(row)?,
                password_hash: row.try_get("password_hash")?,
                disabled: row.try_get("disabled")?,
            })
        })
        .transpose()
}

pub(super) async fn update_user(
    store: &Engine,
    id: i64,
    role: Role,
    disabled: bool,
    actor: &Actor,
) -> Result<User> {
    let mut tx = store.write().await?;
    let row = sqlx::query("SELECT * FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else {
        return Err(StoreError::Missing {
            what: "user",
            id: id.to_string(),
        });
    };
    let before = user_from(&row)?;
    let was_disabled: bool = row.try_get("disabled")?;
    sqlx::query("UPDATE users SET role = $1, disabled = $2 WHERE id = $3")
        .bind(role.as_str())
        .bind(disabled)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let change = Change::new(
        "user.update",
        format!("user:{}", before.username),
        json!({ "role": before.role.as_str(), "disabled": was_disabled }),
        json!({ "role": role.as_str(), "disabled": disabled }),
    );
    tx.commit(actor, &change).await?;
    Ok(User { role, ..before })
}

pub(super) async fn create_session(store: &Engine, token_hash: &str, user: i64) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, {NOW}, {NOW})"
    ))
    .bind(token_hash)
    .bind(user)
    .execute(&store.pool)
    .await?;
    Ok(())
}

pub(super) async fn session_user(
    store: &Engine,
    token_hash: &str,
    limits: SessionLimits,
) -> Result<Option<User>> {
    let row = sqlx::query(&format!(
        "SELECT u.*, s.last_seen_at AS session_seen, s.created_at AS session_created, {NOW} AS now
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND NOT u.disabled"
    ))
    .bind(token_hash)
    .fetch_optional(&store.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    // Both times and the clock are the database's, so instances on several machines agree.
    let seconds_since = |column: &str| -> Result<f64> {
        let (then, now): (String, String) = (row.try_get(column)?, row.try_get("now")?);
        Ok((timestamp(&now)? - timestamp(&then)?).as_seconds_f64())
    };
    let idle = seconds_since("session_seen")?;
    let age = seconds_since("session_created")?;
    if idle > limits.idle_seconds as f64 || age > limits.absolute_seconds as f64 {
        delete_session(store, token_hash).await?;
        return Ok(None);
    }
    // Touch at most once a minute: a read should not cost a write every time.
    if idle > 60.0 {
        sqlx::query(&format!(
            "UPDATE sessions SET last_seen_at = {NOW} WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .execute(&store.pool)
        .await?;
    }
    Ok(Some(user_from(&row)?))
}

pub(super) async fn delete_session(store: &Engine, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&store.pool)
        .await?;
    Ok(())
}

/// Counts a failure under each key in one statement per key, each atomic on both engines, so
/// that instances counting at once lose no failure; failures older than the window are removed.
pub(super) async fn count_sign_in_failure(
    store: &Engine,
    keys: &[String],
    now: f64,
    forget_after: f64,
) -> Result<()> {
    let cutoff = now - forget_after;
    for key in keys {
        sqlx::query(
            "INSERT INTO sign_in_failures (key, count, last_at) VALUES ($1, 1, $2)
             ON CONFLICT (key) DO UPDATE SET
                 count = CASE WHEN sign_in_failures.last_at < $3 THEN 1 ELSE sign_in_failures.count + 1 END,
                 last_at = $2",
        )
        .bind(key)
        .bind(now)
        .bind(cutoff)
        .execute(&store.pool)
        .await?;
    }
    sqlx::query("DELETE FROM sign_in_failures WHERE last_at < $1")
        .bind(cutoff)
        .execute(&store.pool)
        .await?;
    Ok(())
}

pub(super) async fn sign_in_failures(store: &Engine, keys: &[String]) -> Result<Vec<(String, i64, f64)>> {
    let mut found = Vec::new();
    for key in keys {
        let row: Option<(i64, f64)> =
            sqlx::query_as("SELECT count, last_at FROM sign_in_failures WHERE key = $1")
                .bind(key)
                .fetch_optional(&store.pool)
                .await?;
        if let Some((count, last_at)) = row {
            found.push((key.clone(), count, last_at));
        }
    }
    Ok(found)
}

pub(super) async fn forget_sign_in_failures(store: &Engine, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
        .bind(key)
        .execute(&store.pool)
        .await?;
    Ok(())
}

/// A timestamp as the store writes it ([`NOW`]).
fn timestamp(text: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.to_utc())
        .map_err(|e| StoreError::corrupt("session", text, e))
}

pub(super) async fn notice_reads(store: &Engine, user: i64) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT key FROM notice_reads WHERE user_id = $1 ORDER BY key")
            .bind(user)
            .fetch_all(&store.pool)
            .await?,
    )
}

pub(super) async fn mark_notices_read(store: &Engine, user: i64, keys: &[String]) -> Result<()> {
    let mut tx = store.pool.begin().await?;
    for key in keys {
        sqlx::query(&format!(
            "INSERT INTO notice_reads (user_id, key, read_at) VALUES ($1, $2, {NOW}) ON CONFLICT DO NOTHING"
        ))
        .bind(user)
        .bind(key)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
