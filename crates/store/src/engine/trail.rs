//! The SQL of the audit trail: appending entries inside a write transaction, listing them, and
//! verifying the chain.

use serde_json::Value;
use sqlx::{Row, Transaction};

use super::store::{Moves, NEXT_VERSION};
use super::{Db, DbRow, NOW, Pool};
use crate::Result;
use crate::audit::{Actor, AuditEntry, AuditFilter, AuditVerdict, Change, GENESIS, entry_hash};

/// Appends the entries of several changes, each by its actor, inside the caller's write
/// transaction, in batches, and records the chain's new end; the versions that `moves` names
/// move on in the same statement. Every change's commit runs this under the write lock, so it reads and writes in
/// as few statements as it can: the end of the chain and the clock in one, the entries, then
/// the settings in one.
pub(crate) async fn append_many(
    tx: &mut Transaction<'_, Db>,
    changes: &[(&Actor, &Change)],
    moves: Moves,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let mut chain = Chain::from_head(tx).await?;
    for (actor, change) in changes {
        chain.push(actor, (*change).clone());
    }
    chain.write(tx, moves).await
}

/// The entries being appended, each with its number and hashes, chained on from the end of the
/// trail as a write transaction read it. Chaining reads nothing, so a large change (an import)
/// can chain its entries while the database writes its rows.
pub(crate) struct Chain<'a> {
    /// The clock, read with the end of the chain: every entry of one commit has this time.
    at: String,
    /// The last entry's number and hash (`None` while the trail is empty).
    previous: Option<(i64, String)>,
    /// Each entry: its actor and change, its number, the hash it follows and its own hash.
    entries: Vec<(&'a Actor, Change, i64, String, String)>,
}

impl<'a> Chain<'a> {
    /// Starts from the end of the trail and the clock, read in one statement.
    pub(crate) async fn from_head(tx: &mut Transaction<'_, Db>) -> Result<Chain<'a>> {
        let (seq, hash, at): (Option<i64>, Option<String>, String) = sqlx::query_as(&format!(
            "SELECT last.seq, last.hash, {NOW} FROM (SELECT 1 AS one) clock
             LEFT JOIN (SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1) last ON TRUE"
        ))
        .fetch_one(&mut **tx)
        .await?;
        Ok(Chain {
            at,
            previous: seq.zip(hash),
            entries: Vec::new(),
        })
    }

    /// Reserves room for `more` entries.
    pub(crate) fn reserve(&mut self, more: usize) {
        self.entries.reserve(more);
    }

    /// Chains the entry of the next change by `actor`.
    pub(crate) fn push(&mut self, actor: &'a Actor, change: Change) {
        let (seq, prev_hash) = match self.previous.take() {
            Some((seq, hash)) => (seq + 1, hash),
            None => (1, GENESIS.to_owned()),
        };
        let seq_text = seq.to_string();
        let fields = [
            seq_text.as_str(),
            &self.at,
            &actor.name,
            &change.action,
            &change.target,
            &change.before,
            &change.after,
            &actor.request_id,
        ];
        let hash = entry_hash(fields, &prev_hash);
        self.previous = Some((seq, hash.clone()));
        self.entries.push((actor, change, seq, prev_hash, hash));
    }

    /// Inserts the entries and records the chain's new end, moving the versions that `moves`
    /// names; with no entry, nothing is written and nothing moves. The texts are moved into
    /// the statements rather than copied: an import's entries are most of what it writes.
    pub(crate) async fn write(self, tx: &mut Transaction<'_, Db>, moves: Moves) -> Result<()> {
        let Some((seq, hash)) = self.previous.filter(|_| !self.entries.is_empty()) else {
            return Ok(());
        };
        let at = self.at.as_str();
        let mut entries = self.entries.into_iter();
        // SQLite allows 32,766 bound parameters per statement, PostgreSQL 65,535; 10 per entry.
        let chunks = std::iter::from_fn(|| {
            let chunk: Vec<_> = entries.by_ref().take(3_000).collect();
            (!chunk.is_empty()).then_some(chunk)
        });
        super::store::one_after_another(tx, chunks, |chunk| {
            let mut query: sqlx::QueryBuilder<Db> = sqlx::QueryBuilder::new(
                "INSERT INTO audit (seq, at, actor, action, target, before, after, request_id, prev_hash, hash) ",
            );
            query.push_values(chunk, |mut row, (actor, change, seq, prev_hash, hash)| {
                row.push_bind(seq)
                    .push_bind(at.to_owned())
                    .push_bind(actor.name.clone())
                    .push_bind(change.action)
                    .push_bind(change.target)
                    .push_bind(change.before)
                    .push_bind(change.after)
                    .push_bind(actor.request_id.clone())
                    .push_bind(prev_hash)
                    .push_bind(hash);
            });
            query
        })
        .await?;
        let head = serde_json::json!({ "seq": seq, "hash": hash }).to_string();
        let versions = match moves {
            Moves::Nothing => "",
            Moves::Records => ", ('data_version', '1')",
            Moves::Everything => ", ('data_version', '1'), ('reference_version', '1')",
        };
        let sql = format!(
            "INSERT INTO settings (key, value) VALUES ('audit_head', $1){versions}
             ON CONFLICT (key) DO UPDATE SET value = CASE WHEN settings.key = 'audit_head'
                 THEN excluded.value ELSE {NEXT_VERSION} END"
        );
        sqlx::query(&sql).bind(head).execute(&mut **tx).await?;
        Ok(())
    }
}

fn entry_from(row: &DbRow) -> Result<AuditEntry> {
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
pub(crate) async fn list(pool: &Pool, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let mut query: sqlx::QueryBuilder<Db> = sqlx::QueryBuilder::new("SELECT * FROM audit WHERE 1 = 1");
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
pub(crate) async fn verify(pool: &Pool) -> Result<AuditVerdict> {
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
