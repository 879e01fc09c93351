//! The audit trail: append-only entries chained by hashes, written in the same transaction as
//! the change they describe, and a verifier that names the first broken entry.

use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

use crate::Result;

/// Who makes a change: a signed-in user, or the system acting for a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub request_id: String,
}

impl Actor {
    /// A signed-in user, within one HTTP request.
    pub fn user(username: &str, request_id: &str) -> Actor {
        Actor {
            name: username.to_owned(),
            request_id: request_id.to_owned(),
        }
    }

    /// The system, e.g. `cli` or `demo`.
    pub fn system(what: &str) -> Actor {
        Actor {
            name: format!("system:{what}"),
            request_id: "-".to_owned(),
        }
    }
}

/// What changed: an action on a target, with the state before and after.
#[derive(Debug, Clone)]
pub struct Change {
    pub action: String,
    /// E.g. `record:2026/btc/TC-01`, `user:an`, `round:2026`.
    pub target: String,
    /// The state before and after, as JSON text.
    pub before: String,
    pub after: String,
}

impl Change {
    /// A change of `target` by `action`.
    pub fn new(action: &str, target: impl Into<String>, before: Value, after: Value) -> Change {
        Change::from_json(action, target, before.to_string(), after.to_string())
    }

    /// A change whose states are already JSON text, which large imports write without
    /// building a JSON tree per record.
    pub fn from_json(action: &str, target: impl Into<String>, before: String, after: String) -> Change {
        Change {
            action: action.to_owned(),
            target: target.into(),
            before,
            after,
        }
    }
}

pub use scorecard_domain::audit::AuditEntry;

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Entries whose target starts with this, e.g. `record:2026/btc`.
    pub target: Option<String>,
    pub actor: Option<String>,
    /// ISO 8601 bounds on `at`, inclusive.
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<u32>,
}

pub use scorecard_domain::audit::AuditVerdict;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of an entry: every field and the previous hash, separated so no two entries share
/// an encoding.
fn entry_hash(fields: [&str; 8], prev_hash: &str) -> String {
    let mut hasher = Sha256::new();
    for field in fields.iter().chain([&prev_hash]) {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends one entry inside the caller's write transaction.
pub(crate) async fn append(tx: &mut Transaction<'_, Sqlite>, actor: &Actor, change: &Change) -> Result<()> {
    append_many(tx, actor, std::slice::from_ref(change)).await
}

/// Appends many entries inside the caller's write transaction, in batches.
pub(crate) async fn append_many(
    tx: &mut Transaction<'_, Sqlite>,
    actor: &Actor,
    changes: &[Change],
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let mut previous: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut **tx)
            .await?;
    let at: String = sqlx::query_scalar("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")
        .fetch_one(&mut **tx)
        .await?;
    let mut rows: Vec<[String; 10]> = Vec::with_capacity(changes.len());
    for change in changes {
        let (seq, prev_hash) = match previous.take() {
            Some((seq, hash)) => (seq + 1, hash),
            None => (1, GENESIS.to_owned()),
        };
        let before = change.before.clone();
        let after = change.after.clone();
        let seq_text = seq.to_string();
        let fields = [
            &seq_text,
            &at,
            &actor.name,
            &change.action,
            &change.target,
            &before,
            &after,
            &actor.request_id,
        ];
        let hash = entry_hash(fields.map(String::as_str), &prev_hash);
        previous = Some((seq, hash.clone()));
        rows.push([
            seq_text,
            at.clone(),
            actor.name.clone(),
            change.action.clone(),
            change.target.clone(),
            before,
            after,
            actor.request_id.clone(),
            prev_hash,
            hash,
        ]);
    }
    // SQLite allows 32,766 bound parameters per statement; 10 per entry.
    for chunk in rows.chunks(3_000) {
        let mut query: sqlx::QueryBuilder<Sqlite> = sqlx::QueryBuilder::new(
            "INSERT INTO audit (seq, at, actor, action, target, before, after, request_id, prev_hash, hash) ",
        );
        query.push_values(chunk, |mut row, fields| {
            row.push_bind(fields[0].parse::<i64>().unwrap_or_default());
            for field in &fields[1..] {
                row.push_bind(field.clone());
            }
        });
        query.build().execute(&mut **tx).await?;
    }
    if let Some((seq, hash)) = previous {
        set_head(tx, seq, &hash).await?;
    }
    Ok(())
}

async fn set_head(tx: &mut Transaction<'_, Sqlite>, seq: i64, hash: &str) -> Result<()> {
    sqlx::query("INSERT OR REPLACE INTO settings (key, value) VALUES ('audit_head', ?)")
        .bind(serde_json::json!({ "seq": seq, "hash": hash }).to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn entry_from(row: &SqliteRow) -> Result<AuditEntry> {
    let json = |column: &str| -> Result<Value> {
        let text: String = row.try_get(column)?;
        Ok(serde_json::from_str(&text).unwrap_or(Value::String(text)))
    };
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        target: row.try_get("target")?,
        before: json("before")?,
        after: json("after")?,
        request_id: row.try_get("request_id")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

/// Lists entries, oldest first.
pub(crate) async fn list(pool: &SqlitePool, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let mut query: sqlx::QueryBuilder<Sqlite> = sqlx::QueryBuilder::new("SELECT * FROM audit WHERE 1 = 1");
    if let Some(target) = &filter.target {
        // A range rather than a function of the column, so that the index on `target` serves it.
        query.push(" AND target >= ").push_bind(target.clone());
        query
            .push(" AND target < ")
            .push_bind(format!("{target}\u{10FFFF}"));
    }
    if let Some(actor) = &filter.actor {
        query.push(" AND actor = ").push_bind(actor.clone());
    }
    if let Some(since) = &filter.since {
        query.push(" AND at >= ").push_bind(since.clone());
    }
    if let Some(until) = &filter.until {
        query.push(" AND at <= ").push_bind(until.clone());
    }
    query
        .push(" ORDER BY seq LIMIT ")
        .push_bind(i64::from(filter.limit.unwrap_or(1000)));
    let rows = query.build().fetch_all(pool).await?;
    rows.iter().map(entry_from).collect()
}

/// Recomputes the chain from the first entry and names the first one that does not hold.
pub(crate) async fn verify(pool: &SqlitePool) -> Result<AuditVerdict> {
    let rows = sqlx::query("SELECT seq, at, actor, action, target, before, after, request_id, prev_hash, hash FROM audit ORDER BY seq")
        .fetch_all(pool)
        .await?;
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_seq = 1;
    for row in &rows {
        let seq: i64 = row.try_get("seq")?;
        let text = |column: &str| -> Result<String> { Ok(row.try_get(column)?) };
        if seq != expected_seq {
            let problem = format!("entry {expected_seq} is missing: the chain jumps to entry {seq}");
            return Ok(AuditVerdict::Broken {
                seq: expected_seq,
                problem,
            });
        }
        if text("prev_hash")? != expected_prev {
            let problem = format!(
                "entry {seq} does not follow entry {}: entries were removed or reordered",
                seq - 1
            );
            return Ok(AuditVerdict::Broken { seq, problem });
        }
        let seq_text = seq.to_string();
        let fields = [
            seq_text,
            text("at")?,
            text("actor")?,
            text("action")?,
            text("target")?,
            text("before")?,
            text("after")?,
            text("request_id")?,
        ];
        let hash = entry_hash(fields.each_ref().map(String::as_str), &expected_prev);
        if hash != text("hash")? {
            let problem = format!("entry {seq} was changed after it was written");
            return Ok(AuditVerdict::Broken { seq, problem });
        }
        expected_prev = hash;
        expected_seq += 1;
    }
    let head: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'audit_head'")
        .fetch_optional(pool)
        .await?;
    let head: Option<Value> = head.and_then(|h| serde_json::from_str(&h).ok());
    let head_seq = head.as_ref().and_then(|h| h["seq"].as_i64()).unwrap_or(0);
    let head_hash = head.as_ref().and_then(|h| h["hash"].as_str()).unwrap_or(GENESIS);
    let last_seq = expected_seq - 1;
    if head_seq > last_seq {
        let problem = format!(
            "entry {} is missing: the chain ends at entry {last_seq} but reached {head_seq}",
            last_seq + 1
        );
        return Ok(AuditVerdict::Broken {
            seq: last_seq + 1,
            problem,
        });
    }
    if head_seq != last_seq || (last_seq > 0 && head_hash != expected_prev) {
        let problem = format!("entry {last_seq} is not the recorded end of the chain");
        return Ok(AuditVerdict::Broken {
            seq: last_seq,
            problem,
        });
    }
    Ok(AuditVerdict::Intact {
        entries: rows.len() as i64,
    })
}
