//! The SQLite store: one file, WAL journal, `synchronous=FULL` so an acknowledged write survives
//! a crash.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::NaiveDate;
use scorecard_dataset::Dataset;
use scorecard_domain::{
    Catalog, CatalogId, CriterionCode, Lineage, OrgId, Organization, Outcome, PeerGroup, Record, RecordState,
    Role, Round, RoundId, RoundState, User,
};
use std::collections::HashMap;

use serde_json::{Value, json};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool, Transaction};

use crate::audit::{self, Actor, AuditEntry, AuditFilter, AuditVerdict, Change};
use crate::{
    Assignment, Credentials, ImportCounts, NewUser, RecordFilter, RecordKey, Result, SessionLimits, Store,
    StoreError, StoredRecord, migrations,
};

/// The timestamp SQLite writes: UTC, milliseconds, ISO 8601.
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// The embedded SQLite database.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating when missing) the database at a `sqlite:` URL and migrates it.
    pub async fn connect(url: &str) -> Result<SqliteStore> {
        let options = SqliteConnectOptions::from_str(url)?;
        SqliteStore::open(options).await
    }

    /// Opens (creating when missing) the database file at `path` and migrates it.
    pub async fn open_file(path: &std::path::Path) -> Result<SqliteStore> {
        SqliteStore::open(SqliteConnectOptions::new().filename(path)).await
    }

    async fn open(options: SqliteConnectOptions) -> Result<SqliteStore> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // A 16 MiB page cache per connection (SQLite's default is 2 MiB): a large import
            // otherwise spills b-tree pages to the WAL before it commits. Eight connections
            // bound the total at 128 MiB.
            .pragma("cache_size", "-16384")
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        migrations::run(&pool).await?;
        Ok(SqliteStore { pool })
    }

    /// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so that
    /// concurrent writers queue instead of failing when they upgrade from reading.
    async fn write(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// The connection pool, for tests that need raw SQL.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn parse_date(what: &'static str, id: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| StoreError::corrupt(what, id, e))
}

fn organization_from(row: &SqliteRow) -> Result<Organization> {
    let id: String = row.try_get("id")?;
    let bad = |e: scorecard_domain::IdError| StoreError::corrupt("organisation", &id, e);
    let optional_id = |column: &str| -> Result<Option<OrgId>> {
        let text: Option<String> = row.try_get(column)?;
        text.map(|t| OrgId::parse(&t).map_err(bad)).transpose()
    };
    let since: Option<String> = row.try_get("lineage_since")?;
    Ok(Organization {
        id: OrgId::parse(&id).map_err(bad)?,
        name_vi: row.try_get("name_vi")?,
        name_en: row.try_get("name_en")?,
        group: PeerGroup::parse(&row.try_get::<String, _>("peer_group")?).map_err(bad)?,
        lineage: Lineage {
            merged_into: optional_id("merged_into")?,
            split_from: optional_id("split_from")?,
            since: since.map(|s| parse_date("organisation", &id, &s)).transpose()?,
        },
    })
}

fn round_from(row: &SqliteRow) -> Result<Round> {
    let id: String = row.try_get("id")?;
    let state: String = row.try_get("state")?;
    Ok(Round {
        id: RoundId::parse(&id).map_err(|e| StoreError::corrupt("round", &id, e))?,
        name_vi: row.try_get("name_vi")?,
        name_en: row.try_get("name_en")?,
        catalog: CatalogId::parse(&row.try_get::<String, _>("catalog_id")?)
            .map_err(|e| StoreError::corrupt("round", &id, e))?,
        starts_on: parse_date("round", &id, &row.try_get::<String, _>("starts_on")?)?,
        ends_on: parse_date("round", &id, &row.try_get::<String, _>("ends_on")?)?,
        state: RoundState::parse(&state).ok_or_else(|| StoreError::corrupt("round", &id, "unknown state"))?,
        illustrative: row.try_get("illustrative")?,
    })
}

fn record_from(row: &SqliteRow) -> Result<StoredRecord> {
    let round: String = row.try_get("round_id")?;
    let org: String = row.try_get("organization_id")?;
    let criterion: String = row.try_get("criterion")?;
    let key = format!("{round}/{org}/{criterion}");
    let bad = |e: &dyn std::fmt::Display| StoreError::corrupt("record", &key, e);
    let outcome: String = row.try_get("outcome")?;
    let value: Option<f64> = row.try_get("value")?;
    let state: String = row.try_get("state")?;
    let assessed_on: Option<String> = row.try_get("assessed_on")?;
    let record = Record {
        round: RoundId::parse(&round).map_err(|e| bad(&e))?,
        organization: OrgId::parse(&org).map_err(|e| bad(&e))?,
        criterion: CriterionCode::parse(&criterion).map_err(|e| bad(&e))?,
        outcome: Outcome::parse(&outcome, value).map_err(|e| bad(&e))?,
        evidence: row.try_get("evidence")?,
        note: row.try_get("note")?,
        inspector: row.try_get("inspector")?,
        assessed_on: assessed_on.map(|d| parse_date("record", &key, &d)).transpose()?,
        state: RecordState::parse(&state).ok_or_else(|| bad(&"unknown state"))?,
    };
    Ok(StoredRecord {
        record,
        version: row.try_get("version")?,
        updated_at: row.try_get("updated_at")?,
        review_comment: row.try_get("review_comment")?,
    })
}

async fn insert_organization(tx: &mut Transaction<'_, Sqlite>, org: &Organization) -> Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO organizations (id, name_vi, name_en, peer_group, merged_into, split_from, lineage_since)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(org.id.as_str())
    .bind(&org.name_vi)
    .bind(&org.name_en)
    .bind(org.group.as_str())
    .bind(org.lineage.merged_into.as_ref().map(OrgId::as_str))
    .bind(org.lineage.split_from.as_ref().map(OrgId::as_str))
    .bind(org.lineage.since.map(date_text))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_catalog(tx: &mut Transaction<'_, Sqlite>, catalog: &Catalog) -> Result<()> {
    let body = serde_json::to_string(catalog).map_err(|e| StoreError::corrupt("catalog", &catalog.id, e))?;
    sqlx::query(
        "INSERT OR IGNORE INTO catalogs (id, family, version, body, created_at) VALUES (?, ?, ?, ?, datetime('now'))",
    )
    .bind(catalog.id.as_str())
    .bind(&catalog.family)
    .bind(catalog.version)
    .bind(body)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_round(tx: &mut Transaction<'_, Sqlite>, round: &Round) -> Result<()> {
    sqlx::query(
        "INSERT INTO rounds (id, name_vi, name_en, catalog_id, starts_on, ends_on, state, illustrative)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(round.id.as_str())
    .bind(&round.name_vi)
    .bind(&round.name_en)
    .bind(round.catalog.as_str())
    .bind(date_text(round.starts_on))
    .bind(date_text(round.ends_on))
    .bind(round.state.as_str())
    .bind(round.illustrative)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Inserts records in batches, replacing those with the same key (their version goes up): one
/// statement per row would be the slow part of an import.
async fn upsert_records(tx: &mut Transaction<'_, Sqlite>, records: &[Record]) -> Result<()> {
    let now: String = sqlx::query_scalar(&format!("SELECT {NOW}"))
        .fetch_one(&mut **tx)
        .await?;
    // SQLite allows 32,766 bound parameters per statement; 11 per row.
    for chunk in records.chunks(2_000) {
        let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO records (round_id, organization_id, criterion, outcome, value, evidence, note,
             inspector, assessed_on, state, updated_at) ",
        );
        query.push_values(chunk, |mut row, r| {
            row.push_bind(r.round.as_str())
                .push_bind(r.organization.as_str())
                .push_bind(r.criterion.as_str())
                .push_bind(r.outcome.key())
                .push_bind(r.outcome.value())
                .push_bind(&r.evidence)
                .push_bind(&r.note)
                .push_bind(&r.inspector)
                .push_bind(r.assessed_on.map(date_text))
                .push_bind(r.state.as_str())
                .push_bind(now.clone());
        });
        query.push(
            " ON CONFLICT (round_id, organization_id, criterion) DO UPDATE SET
              outcome = excluded.outcome, value = excluded.value, evidence = excluded.evidence,
              note = excluded.note, inspector = excluded.inspector, assessed_on = excluded.assessed_on,
              state = excluded.state, updated_at = excluded.updated_at, review_comment = '',
              version = records.version + 1",
        );
        query.build().execute(&mut **tx).await?;
    }
    Ok(())
}

#[async_trait]
impl Store for SqliteStore {
    async fn ensure_reference(&self, organizations: &[Organization], catalogs: &[Catalog]) -> Result<()> {
        let mut tx = self.write().await?;
        insert_reference(&mut tx, organizations, catalogs).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn has_no_rounds(&self) -> Result<bool> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM rounds")
            .fetch_one(&self.pool)
            .await?;
        Ok(count == 0)
    }

    async fn load_dataset(&self, data: &Dataset, settings: &[(&str, Value)], actor: &Actor) -> Result<()> {
        let mut tx = self.write().await?;
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM rounds")
            .fetch_one(&mut *tx)
            .await?;
        if count > 0 {
            return Err(StoreError::NotEmpty);
        }
        insert_reference(&mut tx, &data.organizations, &data.catalogs).await?;
        for round in &data.rounds {
            insert_round(&mut tx, round).await?;
        }
        upsert_records(&mut tx, &data.records).await?;
        for (key, value) in settings {
            sqlx::query("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)")
                .bind(key)
                .bind(value.to_string())
                .execute(&mut *tx)
                .await?;
        }
        let after = json!({
            "organizations": data.organizations.len(),
            "catalogs": data.catalogs.iter().map(|c| c.id.to_string()).collect::<Vec<_>>(),
            "rounds": data.rounds.iter().map(|r| r.id.to_string()).collect::<Vec<_>>(),
            "records": data.records.len(),
        });
        audit::append(
            &mut tx,
            actor,
            &Change::new("dataset.load", "dataset", Value::Null, after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn organizations(&self) -> Result<Vec<Organization>> {
        let rows = sqlx::query("SELECT * FROM organizations ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(organization_from).collect()
    }

    async fn catalogs(&self) -> Result<Vec<Catalog>> {
        let rows = sqlx::query("SELECT id, body FROM catalogs ORDER BY family, version")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(catalog_from).collect()
    }

    async fn catalog(&self, id: &CatalogId) -> Result<Option<Catalog>> {
        let row = sqlx::query("SELECT id, body FROM catalogs WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(catalog_from).transpose()
    }

    async fn add_catalog(&self, catalog: &Catalog, actor: &Actor) -> Result<()> {
        let mut tx = self.write().await?;
        let exists = sqlx::query("SELECT 1 FROM catalogs WHERE id = ? OR (family = ? AND version = ?)")
            .bind(catalog.id.as_str())
            .bind(&catalog.family)
            .bind(catalog.version)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::AlreadyExists {
                what: "catalog",
                id: catalog.id.to_string(),
            });
        }
        insert_catalog(&mut tx, catalog).await?;
        let after = serde_json::to_value(catalog).unwrap_or(Value::Null);
        audit::append(
            &mut tx,
            actor,
            &Change::new(
                "catalog.add",
                format!("catalog:{}", catalog.id),
                Value::Null,
                after,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn rounds(&self) -> Result<Vec<Round>> {
        let rows = sqlx::query("SELECT * FROM rounds ORDER BY starts_on DESC, id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(round_from).collect()
    }

    async fn round(&self, id: &RoundId) -> Result<Option<Round>> {
        let row = sqlx::query("SELECT * FROM rounds WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(round_from).transpose()
    }

    async fn create_round(&self, round: &Round, actor: &Actor) -> Result<()> {
        let mut tx = self.write().await?;
        let exists = sqlx::query("SELECT 1 FROM rounds WHERE id = ?")
            .bind(round.id.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::AlreadyExists {
                what: "round",
                id: round.id.to_string(),
            });
        }
        insert_round(&mut tx, round).await?;
        let after = serde_json::to_value(round).unwrap_or(Value::Null);
        audit::append(
            &mut tx,
            actor,
            &Change::new("round.create", format!("round:{}", round.id), Value::Null, after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_round_state(&self, id: &RoundId, state: RoundState, actor: &Actor) -> Result<Round> {
        let mut tx = self.write().await?;
        let row = sqlx::query("SELECT * FROM rounds WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let before = row
            .as_ref()
            .map(round_from)
            .transpose()?
            .ok_or_else(|| StoreError::Missing {
                what: "round",
                id: id.to_string(),
            })?;
        sqlx::query("UPDATE rounds SET state = ? WHERE id = ?")
            .bind(state.as_str())
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        let after = Round {
            state,
            ..before.clone()
        };
        let change = Change::new(
            "round.state",
            format!("round:{id}"),
            json!({ "state": before.state.as_str() }),
            json!({ "state": state.as_str() }),
        );
        audit::append(&mut tx, actor, &change).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn assigned(&self, round: &RoundId) -> Result<Vec<OrgId>> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT organization_id FROM assignments WHERE round_id = ? ORDER BY organization_id",
        )
        .bind(round.as_str())
        .fetch_all(&self.pool)
        .await?;
        ids.iter()
            .map(|id| OrgId::parse(id).map_err(|e| StoreError::corrupt("assignment", id, e)))
            .collect()
    }

    async fn assignments(&self, round: &RoundId) -> Result<Vec<Assignment>> {
        let rows = sqlx::query(
            "SELECT a.organization_id, u.id, u.username, u.display_name, u.role
             FROM assignments a LEFT JOIN users u ON u.id = a.inspector_id
             WHERE a.round_id = ? ORDER BY a.organization_id",
        )
        .bind(round.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let org: String = row.try_get("organization_id")?;
                let inspector = match row.try_get::<Option<i64>, _>("id")? {
                    Some(_) => Some(user_from(row)?),
                    None => None,
                };
                let organization =
                    OrgId::parse(&org).map_err(|e| StoreError::corrupt("assignment", &org, e))?;
                Ok(Assignment {
                    organization,
                    inspector,
                })
            })
            .collect()
    }

    async fn assign(
        &self,
        round: &RoundId,
        organization: &OrgId,
        inspector: Option<i64>,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let before: Option<Option<i64>> = sqlx::query_scalar(
            "SELECT inspector_id FROM assignments WHERE round_id = ? AND organization_id = ?",
        )
        .bind(round.as_str())
        .bind(organization.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO assignments (round_id, organization_id, inspector_id) VALUES (?, ?, ?)
             ON CONFLICT (round_id, organization_id) DO UPDATE SET inspector_id = excluded.inspector_id",
        )
        .bind(round.as_str())
        .bind(organization.as_str())
        .bind(inspector)
        .execute(&mut *tx)
        .await?;
        let change = Change::new(
            "assignment.set",
            format!("assignment:{round}/{organization}"),
            before.map_or(Value::Null, |b| json!({ "inspector": b })),
            json!({ "inspector": inspector }),
        );
        audit::append(&mut tx, actor, &change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reviewers(&self, round: &RoundId) -> Result<Vec<User>> {
        let rows = sqlx::query(
            "SELECT u.* FROM round_reviewers r JOIN users u ON u.id = r.user_id WHERE r.round_id = ? ORDER BY u.username",
        )
        .bind(round.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(user_from).collect()
    }

    async fn set_reviewer(&self, round: &RoundId, user: i64, reviews: bool, actor: &Actor) -> Result<()> {
        let mut tx = self.write().await?;
        let sql = if reviews {
            "INSERT OR IGNORE INTO round_reviewers (round_id, user_id) VALUES (?, ?)"
        } else {
            "DELETE FROM round_reviewers WHERE round_id = ? AND user_id = ?"
        };
        sqlx::query(sql)
            .bind(round.as_str())
            .bind(user)
            .execute(&mut *tx)
            .await?;
        let change = Change::new(
            if reviews {
                "reviewer.add"
            } else {
                "reviewer.remove"
            },
            format!("round:{round}"),
            Value::Null,
            json!({ "reviewer": user }),
        );
        audit::append(&mut tx, actor, &change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn records(&self, round: &RoundId, filter: &RecordFilter) -> Result<Vec<StoredRecord>> {
        let mut query: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT * FROM records WHERE round_id = ");
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
        let rows = query.build().fetch_all(&self.pool).await?;
        rows.iter().map(record_from).collect()
    }

    async fn record(&self, key: &RecordKey) -> Result<Option<StoredRecord>> {
        let row = select_record(key).fetch_optional(&self.pool).await?;
        row.as_ref().map(record_from).transpose()
    }

    async fn put_record(
        &self,
        record: &Record,
        expected: Option<i64>,
        actor: &Actor,
    ) -> Result<StoredRecord> {
        let key = RecordKey::of(record);
        let mut tx = self.write().await?;
        let before = select_record(&key)
            .fetch_optional(&mut *tx)
            .await?
            .as_ref()
            .map(record_from)
            .transpose()?;
        let current = before.as_ref().map(|s| s.version);
        if current != expected {
            return Err(StoreError::Stale { current });
        }
        match expected {
            None => upsert_records(&mut tx, std::slice::from_ref(record)).await?,
            Some(version) => {
                sqlx::query(&format!(
                    "UPDATE records SET outcome = ?, value = ?, evidence = ?, note = ?, inspector = ?,
                     assessed_on = ?, state = ?, version = version + 1, updated_at = {NOW}
                     WHERE round_id = ? AND organization_id = ? AND criterion = ? AND version = ?"
                ))
                .bind(record.outcome.key())
                .bind(record.outcome.value())
                .bind(&record.evidence)
                .bind(&record.note)
                .bind(&record.inspector)
                .bind(record.assessed_on.map(date_text))
                .bind(record.state.as_str())
                .bind(key.round.as_str())
                .bind(key.organization.as_str())
                .bind(key.criterion.as_str())
                .bind(version)
                .execute(&mut *tx)
                .await?;
            }
        }
        let stored = record_from(&select_record(&key).fetch_one(&mut *tx).await?)?;
        let action = if before.is_none() {
            "record.create"
        } else {
            "record.update"
        };
        let change = Change::new(
            action,
            target_of(&key),
            stored_json(before.as_ref()),
            stored_json(Some(&stored)),
        );
        audit::append(&mut tx, actor, &change).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn set_state(
        &self,
        key: &RecordKey,
        expected: i64,
        state: RecordState,
        review_comment: &str,
        actor: &Actor,
    ) -> Result<StoredRecord> {
        let mut tx = self.write().await?;
        let before = select_record(key)
            .fetch_optional(&mut *tx)
            .await?
            .as_ref()
            .map(record_from)
            .transpose()?;
        let current = before.as_ref().map(|s| s.version);
        if current != Some(expected) {
            return Err(StoreError::Stale { current });
        }
        sqlx::query(&format!(
            "UPDATE records SET state = ?, review_comment = ?, version = version + 1, updated_at = {NOW}
             WHERE round_id = ? AND organization_id = ? AND criterion = ? AND version = ?"
        ))
        .bind(state.as_str())
        .bind(review_comment)
        .bind(key.round.as_str())
        .bind(key.organization.as_str())
        .bind(key.criterion.as_str())
        .bind(expected)
        .execute(&mut *tx)
        .await?;
        let stored = record_from(&select_record(key).fetch_one(&mut *tx).await?)?;
        let change = Change::new(
            &format!("record.{}", state.as_str()),
            target_of(key),
            stored_json(before.as_ref()),
            stored_json(Some(&stored)),
        );
        audit::append(&mut tx, actor, &change).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn import_records(&self, records: &[Record], actor: &Actor) -> Result<ImportCounts> {
        let mut tx = self.write().await?;
        let mut before: HashMap<RecordKey, StoredRecord> = HashMap::new();
        let rounds: std::collections::BTreeSet<&RoundId> = records.iter().map(|r| &r.round).collect();
        for round in rounds {
            let rows = sqlx::query("SELECT * FROM records WHERE round_id = ?")
                .bind(round.as_str())
                .fetch_all(&mut *tx)
                .await?;
            for row in &rows {
                let stored = record_from(row)?;
                before.insert(RecordKey::of(&stored.record), stored);
            }
        }
        upsert_records(&mut tx, records).await?;
        let changes: Vec<Change> = records
            .iter()
            .map(|record| {
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
            })
            .collect();
        audit::append_many(&mut tx, actor, &changes).await?;
        tx.commit().await?;
        let updated = records
            .iter()
            .filter(|r| before.contains_key(&RecordKey::of(r)))
            .count();
        Ok(ImportCounts {
            inserted: records.len() - updated,
            updated,
        })
    }

    async fn setting(&self, key: &str) -> Result<Option<Value>> {
        let text: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::corrupt("setting", key, e)))
            .transpose()
    }

    async fn create_user(&self, user: &NewUser, actor: &Actor) -> Result<User> {
        let mut tx = self.write().await?;
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
        audit::append(
            &mut tx,
            actor,
            &Change::new(
                "user.create",
                format!("user:{}", created.username),
                Value::Null,
                after,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }

    async fn users(&self) -> Result<Vec<User>> {
        let rows = sqlx::query("SELECT * FROM users ORDER BY username")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from).collect()
    }

    async fn user(&self, id: i64) -> Result<Option<User>> {
        let row = sqlx::query("SELECT * FROM users WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from).transpose()
    }

    async fn credentials(&self, username: &str) -> Result<Option<Credentials>> {
        let row = sqlx::query("SELECT * FROM users WHERE username = ?")
            .bind(username)
            .fetch_optional(&self.pool)
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

    async fn update_user(&self, id: i64, role: Role, disabled: bool, actor: &Actor) -> Result<User> {
        let mut tx = self.write().await?;
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
        audit::append(&mut tx, actor, &change).await?;
        tx.commit().await?;
        Ok(User { role, ..before })
    }

    async fn create_session(&self, token_hash: &str, user: i64) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, {NOW}, {NOW})"
        ))
        .bind(token_hash)
        .bind(user)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session_user(&self, token_hash: &str, limits: SessionLimits) -> Result<Option<User>> {
        let row = sqlx::query(
            "SELECT u.*, (julianday('now') - julianday(s.last_seen_at)) * 86400 AS idle,
                    (julianday('now') - julianday(s.created_at)) * 86400 AS age
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ? AND u.disabled = 0",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let idle: f64 = row.try_get("idle")?;
        let age: f64 = row.try_get("age")?;
        if idle > limits.idle_seconds as f64 || age > limits.absolute_seconds as f64 {
            self.delete_session(token_hash).await?;
            return Ok(None);
        }
        // Touch at most once a minute: a read should not cost a write every time.
        if idle > 60.0 {
            sqlx::query(&format!(
                "UPDATE sessions SET last_seen_at = {NOW} WHERE token_hash = ?"
            ))
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        }
        Ok(Some(user_from(&row)?))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn record_event(&self, change: &Change, actor: &Actor) -> Result<()> {
        let mut tx = self.write().await?;
        audit::append(&mut tx, actor, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        audit::list(&self.pool, filter).await
    }

    async fn verify_audit(&self) -> Result<AuditVerdict> {
        audit::verify(&self.pool).await
    }
}

/// A record as an import leaves it, for the audit trail.
#[derive(serde::Serialize)]
struct ImportedJson<'a> {
    record: &'a Record,
    version: i64,
}

fn target_of(key: &RecordKey) -> String {
    format!("record:{}/{}/{}", key.round, key.organization, key.criterion)
}

/// A stored record as the audit trail keeps it.
fn stored_json(stored: Option<&StoredRecord>) -> Value {
    stored.map_or(
        Value::Null,
        |s| json!({ "record": s.record, "version": s.version, "review_comment": s.review_comment }),
    )
}

fn user_from(row: &SqliteRow) -> Result<User> {
    let role: String = row.try_get("role")?;
    let username: String = row.try_get("username")?;
    Ok(User {
        id: row.try_get("id")?,
        role: Role::parse(&role).ok_or_else(|| StoreError::corrupt("user", &username, "unknown role"))?,
        display_name: row.try_get("display_name")?,
        username,
    })
}

fn select_record(key: &RecordKey) -> sqlx::query::Query<'_, Sqlite, sqlx::sqlite::SqliteArguments<'_>> {
    sqlx::query("SELECT * FROM records WHERE round_id = ? AND organization_id = ? AND criterion = ?")
        .bind(key.round.as_str())
        .bind(key.organization.as_str())
        .bind(key.criterion.as_str())
}

async fn insert_reference(
    tx: &mut Transaction<'_, Sqlite>,
    organizations: &[Organization],
    catalogs: &[Catalog],
) -> Result<()> {
    for org in organizations {
        insert_organization(tx, org).await?;
    }
    for catalog in catalogs {
        insert_catalog(tx, catalog).await?;
    }
    Ok(())
}

fn catalog_from(row: &SqliteRow) -> Result<Catalog> {
    let id: String = row.try_get("id")?;
    let body: String = row.try_get("body")?;
    serde_json::from_str(&body).map_err(|e| StoreError::corrupt("catalog", id, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn fresh() -> (SqliteStore, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_file(&dir.path().join("test.db")).await.unwrap();
        (store, dir)
    }

    #[tokio::test]
    async fn the_demo_dataset_round_trips_through_the_database() {
        let (store, _dir) = fresh().await;
        let demo = scorecard_dataset::demo().unwrap();
        assert!(store.has_no_rounds().await.unwrap());
        store
            .load_dataset(&demo, &[("demo", Value::Bool(true))], &Actor::system("test"))
            .await
            .unwrap();
        assert!(!store.has_no_rounds().await.unwrap());
        let mut orgs = store.organizations().await.unwrap();
        let mut expected = demo.organizations.clone();
        orgs.sort_by(|a, b| a.id.cmp(&b.id));
        expected.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(orgs, expected);
        for round in &demo.rounds {
            assert_eq!(store.round(&round.id).await.unwrap().as_ref(), Some(round));
            let stored: Vec<Record> = store
                .records(&round.id, &RecordFilter::default())
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.record)
                .collect();
            let mut want: Vec<Record> = demo
                .records
                .iter()
                .filter(|r| r.round == round.id)
                .cloned()
                .collect();
            want.sort_by(|a, b| (&a.organization, &a.criterion).cmp(&(&b.organization, &b.criterion)));
            assert_eq!(stored, want);
        }
        for catalog in &demo.catalogs {
            assert_eq!(store.catalog(&catalog.id).await.unwrap().as_ref(), Some(catalog));
        }
        assert_eq!(store.setting("demo").await.unwrap(), Some(Value::Bool(true)));
    }

    #[tokio::test]
    async fn demo_data_is_never_loaded_over_existing_data() {
        let (store, _dir) = fresh().await;
        let demo = scorecard_dataset::demo().unwrap();
        store
            .load_dataset(&demo, &[], &Actor::system("test"))
            .await
            .unwrap();
        assert!(matches!(
            store.load_dataset(&demo, &[], &Actor::system("test")).await,
            Err(StoreError::NotEmpty)
        ));
    }

    #[tokio::test]
    async fn rounds_are_listed_newest_first() {
        let (store, _dir) = fresh().await;
        store
            .load_dataset(&scorecard_dataset::demo().unwrap(), &[], &Actor::system("test"))
            .await
            .unwrap();
        let ids: Vec<String> = store
            .rounds()
            .await
            .unwrap()
            .iter()
            .map(|r| r.id.to_string())
            .collect();
        assert_eq!(ids, ["2025", "2021", "2020", "2019"]);
    }

    #[tokio::test]
    async fn reopening_a_database_keeps_its_data_and_checks_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("again.db");
        let store = SqliteStore::open_file(&path).await.unwrap();
        store
            .load_dataset(&scorecard_dataset::demo().unwrap(), &[], &Actor::system("test"))
            .await
            .unwrap();
        store.pool().close().await;
        let again = SqliteStore::open_file(&path).await.unwrap();
        assert_eq!(again.rounds().await.unwrap().len(), 4);
        sqlx::query("UPDATE schema_migrations SET checksum = 'x'")
            .execute(again.pool())
            .await
            .unwrap();
        again.pool().close().await;
        let refused = SqliteStore::open_file(&path).await;
        assert!(
            matches!(refused, Err(StoreError::MigrationChanged { version: 1, .. })),
            "{:?}",
            refused.err()
        );
    }
}
