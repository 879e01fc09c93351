//! Records: read, created or changed from a known version, moved through the workflow, and
//! imported in batches; each change with its audit entry.
use std::collections::HashMap;

use scorecard_domain::{Record, RecordState, RoundId};
use sqlx::QueryBuilder;

use super::rows::*;
use super::{Conn, Db, DbRow, Engine, NOW, Writing, trail};
use crate::audit::{Actor, Change};
use crate::{ImportCounts, Prepare, RecordFilter, RecordKey, StoredRecord};
use crate::{Result, StoreError};

/// Inserts records in batches, replacing those with the same key (their version goes up): one
/// statement per row would be the slow part of an import.
pub(super) async fn upsert_records(conn: &mut Conn, records: &[Record]) -> Result<()> {
    let now: String = sqlx::query_scalar(&format!("SELECT {NOW}"))
        .fetch_one(&mut *conn)
        .await?;
    // SQLite allows 32,766 bound parameters per statement, PostgreSQL 65,535; 11 per row.
    super::store::one_after_another(conn, records.chunks(2_000), |chunk| {
        let mut query: QueryBuilder<Db> = QueryBuilder::new(
            "INSERT INTO records (round_id, organization_id, criterion, outcome, value, evidence, note,
             inspector, assessed_on, state, updated_at) ",
        );
        query.push_values(chunk, |mut row, r| {
            bind_record(&mut row, r).push_bind(now.clone());
        });
        query.push(
            " ON CONFLICT (round_id, organization_id, criterion) DO UPDATE SET
              outcome = excluded.outcome, value = excluded.value, evidence = excluded.evidence,
              note = excluded.note, inspector = excluded.inspector, assessed_on = excluded.assessed_on,
              state = excluded.state, updated_at = excluded.updated_at, review_comment = '',
              version = records.version + 1",
        );
        query
    })
    .await
}

pub(super) async fn records(
    store: &Engine,
    round: &RoundId,
    filter: &RecordFilter,
) -> Result<Vec<StoredRecord>> {
    let mut query: QueryBuilder<Db> = QueryBuilder::new("SELECT * FROM records WHERE round_id = ");
    query.push_bind(round.as_str());
    if let Some(org) = &filter.organization {
        query.push(" AND organization_id = ").push_bind(org.as_str());
    }
    if let Some(criterion) = &filter.criterion {
        query.push(" AND criterion = ").push_bind(criterion.as_str());
    }
    if let Some(state) = filter.state {
        query.push(" AND state = ").push_bind(state.as_str());
    }
    query.push(" ORDER BY organization_id, criterion");
    let rows = query.build().fetch_all(&store.pool).await?;
    let mut ids = SharedIds::default();
    rows.iter().map(|row| record_sharing_ids(row, &mut ids)).collect()
}

pub(super) async fn record(store: &Engine, key: &RecordKey) -> Result<Option<StoredRecord>> {
    let row = select_record(key).fetch_optional(&store.pool).await?;
    row.as_ref().map(record_from).transpose()
}

/// The records of `keys` as they are now (those that exist), read in one statement: a batch of
/// changes reads them together rather than one statement each under the write lock.
pub(super) async fn current_records(
    conn: &mut Conn,
    keys: &[&RecordKey],
) -> Result<HashMap<RecordKey, StoredRecord>> {
    // 3 bound values a key: a batch's 64 changes are far below either engine's limit.
    let mut query: QueryBuilder<Db> = QueryBuilder::new("SELECT * FROM records WHERE ");
    for (i, key) in keys.iter().enumerate() {
        query.push(if i == 0 { "(round_id = " } else { " OR (round_id = " });
        query.push_bind(key.round.as_str());
        query.push(" AND organization_id = ").push_bind(key.organization.as_str());
        query.push(" AND criterion = ").push_bind(key.criterion.as_str());
        query.push(")");
    }
    by_key(query.build().fetch_all(&mut *conn).await?)
}

/// Binds a record's key and fields, in the order of the table's columns from `round_id` to
/// `state`.
/// Binds a record's columns, owned (a batch is built while the one before it is written).
fn bind_record<'b, 'qb>(
    row: &'b mut sqlx::query_builder::Separated<'qb, 'static, Db, &'static str>,
    r: &Record,
) -> &'b mut sqlx::query_builder::Separated<'qb, 'static, Db, &'static str> {
    row.push_bind(r.round.as_str().to_owned())
        .push_bind(r.organization.as_str().to_owned())
        .push_bind(r.criterion.as_str().to_owned())
        .push_bind(r.outcome.key().to_owned())
        .push_bind(r.outcome.value())
        .push_bind(r.evidence.clone())
        .push_bind(r.note.clone())
        .push_bind(r.inspector.clone())
        .push_bind(r.assessed_on.map(date_text))
        .push_bind(r.state.as_str())
}

/// Record rows by their keys.
fn by_key(rows: Vec<DbRow>) -> Result<HashMap<RecordKey, StoredRecord>> {
    rows.iter()
        .map(|row| record_from(row).map(|stored| (RecordKey::of(&stored.record), stored)))
        .collect()
}

/// The record of `key` as it is now, if it exists.
pub(super) async fn current_record(conn: &mut Conn, key: &RecordKey) -> Result<Option<StoredRecord>> {
    let row = select_record(key).fetch_optional(&mut *conn).await?;
    row.as_ref().map(record_from).transpose()
}

/// Creates (`expected` = `None`) or replaces a record inside a write transaction, given the
/// record as it is now in that transaction (`current`): the record as stored and the change for
/// the audit trail, or [`StoreError::Stale`] with nothing written. A replacement is written as
/// a batch's are ([`plan_put`], [`update_records`]).
pub(super) async fn apply_put(
    tx: &mut Writing,
    key: &RecordKey,
    expected: Option<i64>,
    prepare: &Prepare,
    current: Option<StoredRecord>,
) -> Result<(StoredRecord, Change)> {
    let Some(version) = expected else {
        at_version(current, None)?;
        let record = prepared(prepare, None, key)?;
        upsert_records(tx, std::slice::from_ref(&record)).await?;
        let stored = current_record(tx, key).await?.ok_or_else(unwritten)?;
        let change = change_for("record.create", key, None, &stored);
        return Ok((stored, change));
    };
    let (update, before) = plan_put(key, version, prepare, current)?;
    let after = (update_records(tx, &[&update]).await?)
        .remove(key)
        .ok_or_else(unwritten)?;
    let change = change_for("record.update", key, Some(&before), &after);
    Ok((after, change))
}

/// The record `prepare` makes from `before`, which must be the record of `key`.
fn prepared(prepare: &Prepare, before: Option<&StoredRecord>, key: &RecordKey) -> Result<Record> {
    let record = prepare(before).map_err(StoreError::Refused)?;
    if RecordKey::of(&record) != *key {
        return Err(StoreError::Refused("the prepared record is another record".into()));
    }
    Ok(record)
}

/// A planned change of a record that its statement did not write: a fault (under the write
/// lock the version cannot have moved since it was read).
pub(super) fn unwritten() -> StoreError {
    StoreError::Database(sqlx::Error::Protocol("a planned record change was not written".into()))
}

/// A change of a stored record planned inside a write transaction, written with the others of
/// its batch by [`update_records`]: the whole record to store and the version it replaces.
pub(super) struct Update {
    pub(super) record: Record,
    pub(super) version: i64,
    pub(super) review_comment: String,
}

/// Plans a change of an existing record from the version `expected`, given the record as it is
/// now in the transaction (`current`), as [`apply_put`] checks it: the update and the stored
/// record it replaces, or [`StoreError::Stale`] / a refusal with nothing planned.
pub(super) fn plan_put(
    key: &RecordKey,
    expected: i64,
    prepare: &Prepare,
    current: Option<StoredRecord>,
) -> Result<(Update, StoredRecord)> {
    let before = at_version(current, Some(expected))?.ok_or(StoreError::Stale { current: None })?;
    let record = prepared(prepare, Some(&before), key)?;
    let update = Update {
        record,
        version: expected,
        review_comment: before.review_comment.clone(),
    };
    Ok((update, before))
}

/// Plans a move of a record to another workflow state, as [`plan_put`].
pub(super) fn plan_state(
    expected: i64,
    state: RecordState,
    review_comment: &str,
    current: Option<StoredRecord>,
) -> Result<(Update, StoredRecord)> {
    let before = at_version(current, Some(expected))?.ok_or(StoreError::Stale { current: None })?;
    let mut record = before.record.clone();
    record.state = state;
    let update = Update {
        record,
        version: expected,
        review_comment: review_comment.to_owned(),
    };
    Ok((update, before))
}

/// Writes planned changes of distinct records in one statement, each only if its record still
/// has the version it replaces (under the write lock it has); the records as stored, by key.
pub(super) async fn update_records(
    conn: &mut Conn,
    updates: &[&Update],
) -> Result<HashMap<RecordKey, StoredRecord>> {
    // 12 bound values a change: a batch's 64 changes are far below either engine's limit.
    let mut query: QueryBuilder<Db> = QueryBuilder::new(format!(
        "UPDATE records SET outcome = v.column4, value = v.column5, evidence = v.column6,
         note = v.column7, inspector = v.column8, assessed_on = v.column9, state = v.column10,
         review_comment = v.column12, version = records.version + 1, updated_at = {NOW}
         FROM (VALUES "
    ));
    for (i, update) in updates.iter().enumerate() {
        let r = &update.record;
        query.push(if i == 0 { "(" } else { ", (" });
        let mut row = query.separated(", ");
        bind_record(&mut row, r)
            .push_bind(update.version)
            .push_bind(update.review_comment.clone());
        query.push(")");
    }
    query.push(
        ") AS v WHERE records.round_id = v.column1 AND records.organization_id = v.column2
         AND records.criterion = v.column3 AND records.version = v.column11
         RETURNING records.round_id AS round_id, records.organization_id AS organization_id,
         records.criterion AS criterion, records.outcome AS outcome, records.value AS value,
         records.evidence AS evidence, records.note AS note, records.inspector AS inspector,
         records.assessed_on AS assessed_on, records.state AS state, records.version AS version,
         records.updated_at AS updated_at, records.review_comment AS review_comment",
    );
    by_key(query.build().fetch_all(&mut *conn).await?)
}

/// The change of a record for the audit trail: the record before and after.
pub(super) fn change_for(action: &str, key: &RecordKey, before: Option<&StoredRecord>, after: &StoredRecord) -> Change {
    Change::new(action, target_of(key), stored_json(before), stored_json(Some(after)))
}

/// The record as it is now (`current`), if it has the `expected` version (`None`: it must not
/// exist); [`StoreError::Stale`] naming the version it has otherwise.
fn at_version(current: Option<StoredRecord>, expected: Option<i64>) -> Result<Option<StoredRecord>> {
    let version = current.as_ref().map(|s| s.version);
    if version != expected {
        return Err(StoreError::Stale { current: version });
    }
    Ok(current)
}

pub(super) async fn import_records(
    store: &Engine,
    records: &[Record],
    actor: &Actor,
) -> Result<ImportCounts> {
    let mut tx = store.write().await?;
    let mut before: HashMap<RecordKey, StoredRecord> = HashMap::new();
    let rounds: std::collections::BTreeSet<&RoundId> = records.iter().map(|r| &r.round).collect();
    for round in rounds {
        let rows = sqlx::query("SELECT * FROM records WHERE round_id = $1")
            .bind(round.as_str())
            .fetch_all(&mut *tx)
            .await?;
        let mut ids = SharedIds::default();
        for row in &rows {
            let stored = record_sharing_ids(row, &mut ids)?;
            before.insert(RecordKey::of(&stored.record), stored);
        }
    }
    // The audit entries (each record's JSON, chained by hash) are made while the rows are
    // written: the database writes on a thread of its own, so the two take one core each
    // instead of one after the other (issue 14).
    let mut chain = trail::Chain::from_head(&mut tx.0).await?;
    let entries = async {
        chain.reserve(records.len());
        for (i, record) in records.iter().enumerate() {
            chain.push(actor, import_change(record, &before));
            if i % 256 == 255 {
                // Lets the writing send its next batch as soon as the last one is written.
                tokio::task::yield_now().await;
            }
        }
        Ok::<_, crate::StoreError>(())
    };
    // A failed write ends both at once (and the transaction rolls back).
    tokio::try_join!(upsert_records(&mut tx, records), entries)?;
    tx.commit_chained(chain).await?;
    let updated = records
        .iter()
        .filter(|r| before.contains_key(&RecordKey::of(r)))
        .count();
    Ok(ImportCounts {
        inserted: records.len() - updated,
        updated,
    })
}

/// The audit change of an imported record, replacing `before`'s record of its key if any.
fn import_change(record: &Record, before: &HashMap<RecordKey, StoredRecord>) -> Change {
    let key = RecordKey::of(record);
    let old = before.get(&key);
    let after = ImportedJson {
        record,
        version: old.map_or(1, |o| o.version + 1),
    };
    let action = if old.is_some() {
        "record.import_replace"
    } else {
        "record.import"
    };
    let after = serde_json::to_string(&after).unwrap_or_default();
    Change::from_json(action, target_of(&key), stored_json(old).to_string(), after)
}
