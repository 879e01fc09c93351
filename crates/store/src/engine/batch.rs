//! Record saves and workflow steps, committed together. Every change of data is ordered by one
//! write lock and ends with its audit entry, so each commit waits for the one before, fsync
//! included. The saves that arrive while a commit runs are committed together in the next
//! transaction, each checked against its version as if alone and each with its own audit
//! entry: one fsync for many inspectors instead of one each, and a save alone waits for
//! nothing more than before. Every save is answered only after its transaction commits.

use tokio::sync::{mpsc, oneshot};

use super::records::{apply_put, apply_state, current_records};
use super::{Pool, begin_write};
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
async fn commit(pool: &Pool, batch: Vec<Pending>) -> std::result::Result<(), (StoreError, Vec<Pending>)> {
    let mut tx = match begin_write(pool).await {
        Ok(tx) => tx,
        Err(error) => return Err((error, batch)),
    };
    // The batch's records as they are, read in one statement; each change then sees the one
    // before it on the same record.
    let keys: Vec<&RecordKey> = batch.iter().map(|pending| pending.write.key()).collect();
    let mut current = match current_records(&mut tx, &keys).await {
        Ok(current) => current,
        Err(error) => return Err((error, batch)),
    };
    let mut applied: Vec<(Pending, StoredRecord, Change)> = Vec::with_capacity(batch.len());
    // Refused as stale, answered after the commit: an earlier change of the batch may be why.
    let mut stale: Vec<(Pending, StoreError)> = Vec::new();
    let mut rest = batch.into_iter();
    while let Some(pending) = rest.next() {
        let before = current.get(pending.write.key()).cloned();
        let outcome = match &pending.write {
            Write::Put {
                key,
                expected,
                prepare,
            } => apply_put(&mut tx, key, *expected, prepare, before).await,
            Write::State {
                key,
                expected,
                state,
                review_comment,
            } => apply_state(&mut tx, key, (*expected, *state), review_comment, before).await,
        };
        match outcome {
            Ok((stored, change)) => {
                current.insert(pending.write.key().clone(), stored.clone());
                applied.push((pending, stored, change));
            }
            Err(refused @ (StoreError::Stale { .. } | StoreError::Refused(_))) => stale.push((pending, refused)),
            Err(error) => {
                let back = (applied.into_iter().map(|(p, _, _)| p))
                    .chain(stale.into_iter().map(|(p, _)| p))
                    .chain(std::iter::once(pending))
                    .chain(rest)
                    .collect();
                return Err((error, back));
            }
        }
    }
    let entries: Vec<(&Actor, &Change)> = applied.iter().map(|(p, _, change)| (&p.actor, change)).collect();
    let committed = if entries.is_empty() {
        // Only refusals: nothing to write.
        Ok(())
    } else {
        tx.commit_records(&entries).await
    };
    if let Err(error) = committed {
        let back = (applied.into_iter().map(|(p, _, _)| p))
            .chain(stale.into_iter().map(|(p, _)| p))
            .collect();
        return Err((error, back));
    }
    for (pending, stored, _) in applied {
        let _ = pending.reply.send(Ok(stored));
    }
    for (pending, refused) in stale {
        let _ = pending.reply.send(Err(refused));
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
