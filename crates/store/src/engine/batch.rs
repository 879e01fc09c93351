//! Record saves and workflow steps, committed together. Every change of data is ordered by one
//! write lock and ends with its audit entry, so each commit waits for the one before, fsync
//! included. The saves that arrive while a commit runs are committed together in the next
//! transaction, each checked against its version as if alone and each with its own audit
//! entry: one fsync for many inspectors instead of one each, and a save alone waits for
//! nothing more than before. Every save is answered only after its transaction commits. The
//! commit holds the lock for as few statements as it can: one reads the batch's records, one
//! writes its changes of existing records (a second change of the same record after the first
//! is written), then the audit entries and the commit.

use tokio::sync::{mpsc, oneshot};

use std::collections::HashMap;

use super::records::{
    Update, apply_put, change_for, current_records, plan_put, plan_state, unwritten, update_records,
};
use super::{Pool, Writing, begin_write};
use crate::audit::{Actor, Change};
use crate::{Prepare, RecordKey, Result, StoreError, StoredRecord};
use scorecard_domain::RecordState;

/// A change of one record.
pub(crate) enum Write {
    Put {
        key: RecordKey,
        expected: Option<i64>,
        prepare: Prepare,
    },
    State {
        key: RecordKey,
        expected: i64,
        state: RecordState,
        review_comment: String,
    },
}

impl Write {
    fn key(&self) -> &RecordKey {
        match self {
            Write::Put { key, .. } | Write::State { key, .. } => key,
        }
    }
}

/// A change waiting for its commit, and where to send the outcome.
pub(crate) struct Pending {
    write: Write,
    actor: Actor,
    reply: oneshot::Sender<Result<StoredRecord>>,
}

/// Where the store sends changes of records.
pub(crate) type Queue = mpsc::UnboundedSender<Pending>;

/// Changes committed in one transaction at most.
const MOST: usize = 64;

/// Starts the committer of a store over `pool`; it ends when every sender is gone.
pub(crate) fn start(pool: Pool) -> Queue {
    let (queue, waiting) = mpsc::unbounded_channel();
    tokio::spawn(run(pool, waiting));
    queue
}

/// Sends a change to the committer and waits until it is committed (or refused).
pub(crate) async fn submit(queue: &Queue, write: Write, actor: &Actor) -> Result<StoredRecord> {
    let (reply, outcome) = oneshot::channel();
    let closing = || StoreError::Database(sqlx::Error::PoolClosed);
    queue
        .send(Pending {
            write,
            actor: actor.clone(),
            reply,
        })
        .map_err(|_| closing())?;
    outcome.await.map_err(|_| closing())?
}

async fn run(pool: Pool, mut waiting: mpsc::UnboundedReceiver<Pending>) {
    while let Some(first) = waiting.recv().await {
        let mut batch = vec![first];
        while batch.len() < MOST {
            match waiting.try_recv() {
                Ok(pending) => batch.push(pending),
                Err(_) => break,
            }
        }
        let Err((error, rest)) = commit(&pool, batch).await else {
            continue;
        };
        if error.is_unavailable() || rest.len() == 1 {
            for pending in rest {
                let _ = pending.reply.send(Err(same(&error)));
            }
            continue;
        }
        // One change failed for a reason of its own: each is tried alone, so that the others
        // do not fail with it.
        for pending in rest {
            if let Err((error, mut alone)) = commit(&pool, vec![pending]).await
                && let Some(pending) = alone.pop()
            {
                let _ = pending.reply.send(Err(error));
            }
        }
    }
}

/// Commits a batch in one transaction and answers each change. On a failure nothing is
/// committed and the changes not yet answered come back with the error.
///
/// Under the write lock, in as few statements as it can: the batch's records are read in one,
/// each change is checked and planned in order against them (a change of a record the batch
/// already changes waits until that one is written), the planned changes are written in one,
/// new records one by one, then the audit entries and the commit.
async fn commit(pool: &Pool, batch: Vec<Pending>) -> std::result::Result<(), (StoreError, Vec<Pending>)> {
    let mut tx = match begin_write(pool).await {
        Ok(tx) => tx,
        Err(error) => return Err((error, batch)),
    };
    let outcomes = match apply(&mut tx, &batch).await {
        Ok(outcomes) => outcomes,
        Err(error) => return Err((error, batch)),
    };
    let entries: Vec<(&Actor, &Change)> = (batch.iter().zip(&outcomes))
        .filter_map(|(pending, outcome)| outcome.as_ref().ok().map(|(_, change)| (&pending.actor, change)))
        .collect();
    let committed = if entries.is_empty() {
        // Only refusals: nothing to write.
        Ok(())
    } else {
        tx.commit_records(&entries).await
    };
    if let Err(error) = committed {
        return Err((error, batch));
    }
    for (pending, outcome) in batch.into_iter().zip(outcomes) {
        let _ = pending.reply.send(outcome.map(|(stored, _)| stored));
    }
    Ok(())
}

/// A change planned by [`apply`]: its place in the batch, the update, the record before it and
/// the audit action.
struct Planned {
    index: usize,
    update: Update,
    before: StoredRecord,
    action: String,
}

/// What [`apply`] does with one change: a new record is written at once; a change of an
/// existing one is planned, to be written with the others.
enum Step {
    Written(StoredRecord, Change),
    Planned(Update, StoredRecord, String),
}

/// Applies the batch's changes inside `tx`: for each, the stored record and its change, or the
/// refusal (stale or refused) that leaves it unwritten. Any other error fails the whole batch.
async fn apply(tx: &mut Writing, batch: &[Pending]) -> Result<Vec<Result<(StoredRecord, Change)>>> {
    let keys: Vec<&RecordKey> = batch.iter().map(|pending| pending.write.key()).collect();
    let mut current = current_records(tx, &keys).await?;
    let mut outcomes: Vec<Option<Result<(StoredRecord, Change)>>> = batch.iter().map(|_| None).collect();
    let mut planned: Vec<Planned> = Vec::new();
    for (index, pending) in batch.iter().enumerate() {
        let key = pending.write.key();
        if planned.iter().any(|p| RecordKey::of(&p.update.record) == *key) {
            write_planned(tx, &mut planned, &mut current, &mut outcomes).await?;
        }
        let before = current.get(key).cloned();
        let step = match &pending.write {
            Write::Put {
                expected: None,
                prepare,
                ..
            } => (apply_put(tx, key, None, prepare, before).await)
                .map(|(stored, change)| Step::Written(stored, change)),
            Write::Put {
                expected: Some(version),
                prepare,
                ..
            } => plan_put(key, *version, prepare, before)
                .map(|(update, before)| Step::Planned(update, before, "record.update".to_owned())),
            Write::State {
                expected,
                state,
                review_comment,
                ..
            } => plan_state(*expected, *state, review_comment, before).map(|(update, before)| {
                Step::Planned(update, before, format!("record.{}", state.as_str()))
            }),
        };
        match step {
            Ok(Step::Written(stored, change)) => {
                current.insert(key.clone(), stored.clone());
                outcomes[index] = Some(Ok((stored, change)));
            }
            Ok(Step::Planned(update, before, action)) => planned.push(Planned {
                index,
                update,
                before,
                action,
            }),
            // Answered after the commit: an earlier change of the batch may be why.
            Err(refused @ (StoreError::Stale { .. } | StoreError::Refused(_))) => outcomes[index] = Some(Err(refused)),
            Err(error) => return Err(error),
        }
    }
    write_planned(tx, &mut planned, &mut current, &mut outcomes).await?;
    Ok(outcomes.into_iter().map(|o| o.unwrap_or_else(|| Err(unwritten()))).collect())
}

/// Writes the planned changes in one statement and records their outcomes; `planned` is left
/// empty.
async fn write_planned(
    tx: &mut Writing,
    planned: &mut Vec<Planned>,
    current: &mut HashMap<RecordKey, StoredRecord>,
    outcomes: &mut [Option<Result<(StoredRecord, Change)>>],
) -> Result<()> {
    if planned.is_empty() {
        return Ok(());
    }
    let updates: Vec<&Update> = planned.iter().map(|p| &p.update).collect();
    let mut stored = update_records(tx, &updates).await?;
    for plan in planned.drain(..) {
        let key = RecordKey::of(&plan.update.record);
        let after = stored.remove(&key).ok_or_else(unwritten)?;
        let change = change_for(&plan.action, &key, Some(&plan.before), &after);
        current.insert(key, after.clone());
        outcomes[plan.index] = Some(Ok((after, change)));
    }
    Ok(())
}

/// The same failure, for each of the changes it befell.
fn same(error: &StoreError) -> StoreError {
    match error {
        StoreError::Stale { current } => StoreError::Stale { current: *current },
        StoreError::Refused(refusal) => StoreError::Database(sqlx::Error::Protocol(refusal.to_string())),
        unavailable if unavailable.is_unavailable() => StoreError::Database(sqlx::Error::PoolTimedOut),
        other => StoreError::Database(sqlx::Error::Protocol(other.to_string())),
    }
}
