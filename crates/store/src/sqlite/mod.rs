//! The SQLite store: one file, WAL journal, `synchronous=FULL` so an acknowledged write survives
//! a crash. The trait's methods are listed here and written by area: reference data
//! (`reference.rs`), rounds with their people (`rounds.rs`), records (`records.rs`), users and
//! sessions (`users.rs`), rows to types (`rows.rs`). Every change goes through [`Writing`], which
//! commits it only with its audit entry.

mod records;
mod reference;
mod rounds;
mod rows;
mod users;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use scorecard_dataset::Dataset;
use scorecard_domain::{
    Catalog, CatalogId, OrgId, Organization, Record, RecordState, Role, Round, RoundId, RoundState, User,
};
use serde_json::Value;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::audit::{self, Actor, AuditEntry, AuditFilter, AuditVerdict, Change};
use crate::{
    Assignment, Credentials, ImportCounts, NewUser, RecordFilter, RecordKey, Result, SessionLimits, Store,
    StoredRecord, migrations,
};

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
    async fn write(&self) -> Result<Writing> {
        Ok(Writing(self.pool.begin_with("BEGIN IMMEDIATE").await?))
    }

    /// The connection pool, for tests that need raw SQL.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// A write transaction (`BEGIN IMMEDIATE`) that is committed together with the audit entry of
/// its change, in one step: the one way this store changes data, so that no change can be
/// committed without its entry. Reads and writes go through it as a connection.
pub(super) struct Writing(Transaction<'static, Sqlite>);

impl Writing {
    /// Appends the change's audit entry and commits both.
    pub(super) async fn commit(mut self, actor: &Actor, change: &Change) -> Result<()> {
        audit::append(&mut self.0, actor, change).await?;
        self.0.commit().await?;
        Ok(())
    }

    /// Appends the audit entries of several changes (an import's rows) and commits them all.
    pub(super) async fn commit_all(mut self, actor: &Actor, changes: &[Change]) -> Result<()> {
        audit::append_many(&mut self.0, actor, changes).await?;
        self.0.commit().await?;
        Ok(())
    }

    /// Commits the shipped reference data an installation starts from (organisations and catalog
    /// versions that are missing), which nobody changed: it has no audit entry.
    pub(super) async fn commit_reference(self) -> Result<()> {
        self.0.commit().await?;
        Ok(())
    }
}

impl std::ops::Deref for Writing {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        &self.0
    }
}

impl std::ops::DerefMut for Writing {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.0
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn ensure_reference(&self, organizations: &[Organization], catalogs: &[Catalog]) -> Result<()> {
        reference::ensure_reference(self, organizations, catalogs).await
    }

    async fn has_no_rounds(&self) -> Result<bool> {
        reference::has_no_rounds(self).await
    }

    async fn load_dataset(&self, data: &Dataset, settings: &[(&str, Value)], actor: &Actor) -> Result<()> {
        reference::load_dataset(self, data, settings, actor).await
    }

    async fn organizations(&self) -> Result<Vec<Organization>> {
        reference::organizations(self).await
    }

    async fn catalogs(&self) -> Result<Vec<Catalog>> {
        reference::catalogs(self).await
    }

    async fn catalog(&self, id: &CatalogId) -> Result<Option<Catalog>> {
        reference::catalog(self, id).await
    }

    async fn add_catalog(&self, catalog: &Catalog, actor: &Actor) -> Result<()> {
        reference::add_catalog(self, catalog, actor).await
    }

    async fn rounds(&self) -> Result<Vec<Round>> {
        rounds::rounds(self).await
    }

    async fn round(&self, id: &RoundId) -> Result<Option<Round>> {
        rounds::round(self, id).await
    }

    async fn create_round(&self, round: &Round, actor: &Actor) -> Result<()> {
        rounds::create_round(self, round, actor).await
    }

    async fn set_round_state(&self, id: &RoundId, state: RoundState, actor: &Actor) -> Result<Round> {
        rounds::set_round_state(self, id, state, actor).await
    }

    async fn assigned(&self, round: &RoundId) -> Result<Vec<OrgId>> {
        rounds::assigned(self, round).await
    }

    async fn assignments(&self, round: &RoundId) -> Result<Vec<Assignment>> {
        rounds::assignments(self, round).await
    }

    async fn assign(
        &self,
        round: &RoundId,
        organization: &OrgId,
        inspector: Option<i64>,
        actor: &Actor,
    ) -> Result<()> {
        rounds::assign(self, round, organization, inspector, actor).await
    }

    async fn reviewers(&self, round: &RoundId) -> Result<Vec<User>> {
        rounds::reviewers(self, round).await
    }

    async fn set_reviewer(&self, round: &RoundId, user: i64, reviews: bool, actor: &Actor) -> Result<()> {
        rounds::set_reviewer(self, round, user, reviews, actor).await
    }

    async fn records(&self, round: &RoundId, filter: &RecordFilter) -> Result<Vec<StoredRecord>> {
        records::records(self, round, filter).await
    }

    async fn record(&self, key: &RecordKey) -> Result<Option<StoredRecord>> {
        records::record(self, key).await
    }

    async fn put_record(
        &self,
        record: &Record,
        expected: Option<i64>,
        actor: &Actor,
    ) -> Result<StoredRecord> {
        records::put_record(self, record, expected, actor).await
    }

    async fn set_state(
        &self,
        key: &RecordKey,
        expected: i64,
        state: RecordState,
        review_comment: &str,
        actor: &Actor,
    ) -> Result<StoredRecord> {
        records::set_state(self, key, expected, state, review_comment, actor).await
    }

    async fn import_records(&self, records: &[Record], actor: &Actor) -> Result<ImportCounts> {
        records::import_records(self, records, actor).await
    }

    async fn setting(&self, key: &str) -> Result<Option<Value>> {
        reference::setting(self, key).await
    }

    async fn create_user(&self, user: &NewUser, actor: &Actor) -> Result<User> {
        users::create_user(self, user, actor).await
    }

    async fn users(&self) -> Result<Vec<User>> {
        users::users(self).await
    }

    async fn user(&self, id: i64) -> Result<Option<User>> {
        users::user(self, id).await
    }

    async fn credentials(&self, username: &str) -> Result<Option<Credentials>> {
        users::credentials(self, username).await
    }

    async fn update_user(&self, id: i64, role: Role, disabled: bool, actor: &Actor) -> Result<User> {
        users::update_user(self, id, role, disabled, actor).await
    }

    async fn create_session(&self, token_hash: &str, user: i64) -> Result<()> {
        users::create_session(self, token_hash, user).await
    }

    async fn session_user(&self, token_hash: &str, limits: SessionLimits) -> Result<Option<User>> {
        users::session_user(self, token_hash, limits).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        users::delete_session(self, token_hash).await
    }

    async fn record_event(&self, change: &Change, actor: &Actor) -> Result<()> {
        self.write().await?.commit(actor, change).await
    }

    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        audit::list(&self.pool, filter).await
    }

    async fn verify_audit(&self) -> Result<AuditVerdict> {
        audit::verify(&self.pool).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StoreError;

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
