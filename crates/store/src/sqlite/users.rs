//! Users and their sessions (stored as the SHA-256 of their ids).
use scorecard_domain::{Role, User};
use serde_json::{Value, json};
use sqlx::Row;

use super::SqliteStore;
use super::rows::*;
use crate::audit::{Actor, Change};
use crate::{Credentials, NewUser, SessionLimits};
use crate::{Result, StoreError};

pub(super) async fn create_user(store: &SqliteStore, user: &NewUser, actor: &Actor) -> Result<User> {
    let mut tx = store.write().await?;
    let exists = sqlx::query("SELECT 1 FROM users WHERE username = ?")
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
        "INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, {NOW}) RETURNING id"
    ))
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(user.role.as_str())
    .bind(&user.password_hash)
    .fetch_one(&mut *tx)
    .await?;
    let created = User {
        id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
    };
    // The password hash never enters the audit trail.
    let after = json!({ "id": id, "username": created.username, "display_name": created.display_name, "role": created.role.as_str() });
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

pub(super) async fn users(store: &SqliteStore) -> Result<Vec<User>> {
    let rows = sqlx::query("SELECT * FROM users ORDER BY username")
        .fetch_all(&store.pool)
        .await?;
    rows.iter().map(user_from).collect()
}

pub(super) async fn user(store: &SqliteStore, id: i64) -> Result<Option<User>> {
    let row = sqlx::query("SELECT * FROM users WHERE id = ?")
        .bind(id)
        .fetch_optional(&store.pool)
        .await?;
    row.as_ref().map(user_from).transpose()
}

pub(super) async fn credentials(store: &SqliteStore, username: &str) -> Result<Option<Credentials>> {
    let row = sqlx::query("SELECT * FROM users WHERE username = ?")
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
    store: &SqliteStore,
    id: i64,
    role: Role,
    disabled: bool,
    actor: &Actor,
) -> Result<User> {
    let mut tx = store.write().await?;
    let row = sqlx::query("SELECT * FROM users WHERE id = ?")
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
    sqlx::query("UPDATE users SET role = ?, disabled = ? WHERE id = ?")
        .bind(role.as_str())
        .bind(disabled)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = ?")
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

pub(super) async fn create_session(store: &SqliteStore, token_hash: &str, user: i64) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, {NOW}, {NOW})"
    ))
    .bind(token_hash)
    .bind(user)
    .execute(&store.pool)
    .await?;
    Ok(())
}

pub(super) async fn session_user(
    store: &SqliteStore,
    token_hash: &str,
    limits: SessionLimits,
) -> Result<Option<User>> {
    let row = sqlx::query(
        "SELECT u.*, (julianday('now') - julianday(s.last_seen_at)) * 86400 AS idle,
                (julianday('now') - julianday(s.created_at)) * 86400 AS age
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND u.disabled = 0",
    )
    .bind(token_hash)
    .fetch_optional(&store.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let idle: f64 = row.try_get("idle")?;
    let age: f64 = row.try_get("age")?;
    if idle > limits.idle_seconds as f64 || age > limits.absolute_seconds as f64 {
        delete_session(store, token_hash).await?;
        return Ok(None);
    }
    // Touch at most once a minute: a read should not cost a write every time.
    if idle > 60.0 {
        sqlx::query(&format!(
            "UPDATE sessions SET last_seen_at = {NOW} WHERE token_hash = ?"
        ))
        .bind(token_hash)
        .execute(&store.pool)
        .await?;
    }
    Ok(Some(user_from(&row)?))
}

pub(super) async fn delete_session(store: &SqliteStore, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash)
        .execute(&store.pool)
        .await?;
    Ok(())
}
