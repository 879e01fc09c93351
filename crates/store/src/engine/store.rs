//! What both engines share around their SQL: the write transaction that commits a change only
//! with its audit entry, and the [`Store`] trait answered by the functions of each area.

use async_trait::async_trait;
use scorecard_dataset::Dataset;
use scorecard_domain::{
    Catalog, CatalogId, OrgId, Organization, Record, RecordState, Role, Round, RoundId, RoundState, User,
};
use serde_json::Value;
use sqlx::Transaction;

use super::{Conn, Db, Engine, trail};
use crate::audit::{Actor, AuditEntry, AuditFilter, AuditVerdict, Change};
use crate::{
    Assignment, Credentials, ImportCounts, NewUser, RecordFilter, RecordKey, Result, SessionLimits, Store,
    StoredRecord, Versions,
};

/// A write transaction (holding the engine's write lock) that is committed together with the
/// audit entry of its change, in one step: the one way this store changes data, so that no
/// change can be committed without its entry. A change of data also moves the data version
/// ([`Store::versions`]) in the same transaction. Reads and writes go through it as a
/// connection.
pub(crate) struct Writing(pub(super) Transaction<'static, Db>);

impl Writing {
    /// Appends the change's audit entry and commits both.
    pub(super) async fn commit(self, actor: &Actor, change: &Change) -> Result<()> {
        self.commit_each(&[(actor, change)]).await
    }

    /// Appends the audit entries of several changes (an import's rows) and commits them all.
    pub(super) async fn commit_all(self, actor: &Actor, changes: &[Change]) -> Result<()> {
        let entries: Vec<(&Actor, &Change)> = changes.iter().map(|change| (actor, change)).collect();
        self.commit_each(&entries).await
    }

    /// Appends the audit entries already chained from this transaction's end of the trail
    /// (`chain`) and commits them all; both versions move.
    pub(super) async fn commit_chained(mut self, chain: trail::Chain<'_>) -> Result<()> {
        chain.write(&mut self.0, Moves::Everything).await?;
        self.0.commit().await?;
        Ok(())
    }

    /// Appends the audit entries of several changes and commits them all; both versions move.
    async fn commit_each(mut self, changes: &[(&Actor, &Change)]) -> Result<()> {
        trail::append_many(&mut self.0, changes, Moves::Everything).await?;
        self.0.commit().await?;
        Ok(())
    }

    /// Appends the audit entries of record changes made by several people (a batch of saves
    /// and workflow steps) and commits them all. Only the data version moves: a record change
    /// leaves what [`Versions::reference`] covers as it was.
    pub(super) async fn commit_records(mut self, changes: &[(&Actor, &Change)]) -> Result<()> {
        trail::append_many(&mut self.0, changes, Moves::Records).await?;
        self.0.commit().await?;
        Ok(())
    }

    /// Commits, without an audit entry, a change that nobody made: the shipped reference data
    /// an installation starts from (organisations and catalog versions that are missing), or a
    /// copy of a whole installation ([`crate::copy`]), whose copied trail is its record (an
    /// entry of its own would make the chain differ from the source's). Both versions move.
    pub(super) async fn commit_unaudited(mut self) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO settings (key, value) VALUES ('data_version', '1'), ('reference_version', '1')
             ON CONFLICT (key) DO UPDATE SET value = {NEXT_VERSION}"
        ))
        .execute(&mut *self.0)
        .await?;
        self.0.commit().await?;
        Ok(())
    }

    /// Appends the entry of an event that changes no data (an export) and commits it; the data
    /// version stays, so reports computed from the data stay valid.
    pub(super) async fn commit_event(mut self, actor: &Actor, change: &Change) -> Result<()> {
        trail::append_many(&mut self.0, &[(actor, change)], Moves::Nothing).await?;
        self.0.commit().await?;
        Ok(())
    }
}

/// Runs one statement per item of `items` on `conn`, in order, building each (binding its
/// values) while the database runs the one before. SQLite runs statements on a thread of its
/// own, so a large import's building and writing take one core each instead of one after the
/// other; the values are best bound owned, as sqlx copies borrowed ones before it sends them.
pub(super) async fn one_after_another<I, F>(conn: &mut Conn, items: I, mut build: F) -> Result<()>
where
    I: IntoIterator,
    F: FnMut(I::Item) -> sqlx::QueryBuilder<'static, Db>,
{
    let mut items = items.into_iter();
    let mut next = items.next().map(&mut build);
    while let Some(mut query) = next.take() {
        let (ran, following) = tokio::join!(query.build().execute(&mut *conn), async {
            items.next().map(&mut build)
        });
        ran?;
        next = following;
    }
    Ok(())
}

/// The next version, in an upsert of its `settings` row.
pub(super) const NEXT_VERSION: &str = "CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)";

/// Which versions ([`Store::versions`]) a commit moves on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Moves {
    /// An event (an export): no data changed.
    Nothing,
    /// Records changed (saves and workflow steps), and nothing else.
    Records,
    /// Any other change of data.
    Everything,
}

impl std::ops::Deref for Writing {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        &self.0
    }
}

impl std::ops::DerefMut for Writing {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.0
    }
}

impl Engine {
    /// The store over a migrated pool, with its committer of record saves started.
    pub(super) fn over(pool: super::Pool) -> Engine {
        Engine {
            records_queue: super::batch::start(pool.clone()),
            pool,
            version_reader: Default::default(),
            catalogs_read: Default::default(),
        }
    }

    /// A write transaction holding the engine's write lock until it ends.
    pub(super) async fn write(&self) -> Result<Writing> {
        super::begin_write(&self.pool).await
    }

    /// The connection pool, for tests that need raw SQL.
    pub fn pool(&self) -> &super::Pool {
        &self.pool
    }
}

#[async_trait]
impl Store for Engine {
    async fn blob_exists(&self, sha256: &str) -> Result<bool> {
        super::files::blob_exists(self, sha256).await
    }

    async fn put_blob(
        &self,
        blob: &crate::NewBlob<'_>,
        content: &mut (dyn tokio::io::AsyncRead + Unpin + Send),
    ) -> Result<()> {
        super::files::put_blob(self, blob, content).await
    }

    async fn attach_file(&self, file: &crate::NewFile, actor: &Actor) -> Result<crate::StoredFile> {
        super::files::attach_file(self, file, actor).await
    }

    async fn files(&self, round: &RoundId, organization: Option<&OrgId>) -> Result<Vec<crate::StoredFile>> {
        super::files::files(self, round, organization).await
    }


    async fn file(&self, id: i64) -> Result<Option<crate::StoredFile>> {
        super::files::file(self, id).await
    }

    async fn blob_chunk(&self, sha256: &str, seq: i64) -> Result<Option<Vec<u8>>> {
        super::files::blob_chunk(self, sha256, seq).await
    }

    async fn remove_file(&self, id: i64, actor: &Actor) -> Result<crate::StoredFile> {
        super::files::remove_file(self, id, actor).await
    }

    async fn blobs_of_type(&self, media_type: &str) -> Result<Vec<(String, i64)>> {
        super::files::blobs_of_type(self, media_type).await
    }

    async fn set_analyses(&self, analyses: &[(String, String)], actor: &Actor) -> Result<()> {
        super::files::set_analyses(self, analyses, actor).await
    }

    async fn trust_roots(&self) -> Result<Vec<crate::TrustRoot>> {
        super::files::trust_roots(self).await
    }

    async fn add_trust_root(&self, root: &crate::TrustRoot, actor: &Actor) -> Result<()> {
        super::files::add_trust_root(self, root, actor).await
    }

    async fn remove_trust_root(&self, sha256: &str, actor: &Actor) -> Result<()> {
        super::files::remove_trust_root(self, sha256, actor).await
    }

    async fn ensure_reference(&self, organizations: &[Organization], catalogs: &[Catalog]) -> Result<()> {
        super::reference::ensure_reference(self, organizations, catalogs).await
    }

    async fn has_no_rounds(&self) -> Result<bool> {
        super::reference::has_no_rounds(self).await
    }

    async fn load_dataset(&self, data: &Dataset, settings: &[(&str, Value)], actor: &Actor) -> Result<()> {
        super::reference::load_dataset(self, data, settings, actor).await
    }

    async fn organizations(&self) -> Result<Vec<Organization>> {
        super::reference::organizations(self).await
    }

    async fn catalogs(&self) -> Result<Vec<Catalog>> {
        super::reference::catalogs(self).await
    }

    async fn catalog(&self, id: &CatalogId) -> Result<Option<Catalog>> {
        super::reference::catalog(self, id).await
    }

    async fn add_catalog(&self, catalog: &Catalog, actor: &Actor) -> Result<()> {
        super::reference::add_catalog(self, catalog, actor).await
    }

    async fn rounds(&self) -> Result<Vec<Round>> {
        super::rounds::rounds(self).await
    }

    async fn round(&self, id: &RoundId) -> Result<Option<Round>> {
        super::rounds::round(self, id).await
    }

    async fn create_round(&self, round: &Round, actor: &Actor) -> Result<()> {
        super::rounds::create_round(self, round, actor).await
    }

    async fn set_round_state(&self, id: &RoundId, state: RoundState, actor: &Actor) -> Result<Round> {
        super::rounds::set_round_state(self, id, state, actor).await
    }

    async fn assigned(&self, round: &RoundId) -> Result<Vec<OrgId>> {
        super::rounds::assigned(self, round).await
    }

    async fn assignments(&self, round: &RoundId) -> Result<Vec<Assignment>> {
        super::rounds::assignments(self, round).await
    }

    async fn assign(
        &self,
        round: &RoundId,
        organization: &OrgId,
        inspector: Option<i64>,
        actor: &Actor,
    ) -> Result<()> {
        super::rounds::assign(self, round, organization, inspector, actor).await
    }

    async fn reviewers(&self, round: &RoundId) -> Result<Vec<User>> {
        super::rounds::reviewers(self, round).await
    }

    async fn set_reviewer(&self, round: &RoundId, user: i64, reviews: bool, actor: &Actor) -> Result<()> {
        super::rounds::set_reviewer(self, round, user, reviews, actor).await
    }

    async fn records(&self, round: &RoundId, filter: &RecordFilter) -> Result<Vec<StoredRecord>> {
        super::records::records(self, round, filter).await
    }

    async fn record(&self, key: &RecordKey) -> Result<Option<StoredRecord>> {
        super::records::record(self, key).await
    }

    async fn put_record(
        &self,
        record: &Record,
        expected: Option<i64>,
        actor: &Actor,
    ) -> Result<StoredRecord> {
        let record = record.clone();
        self.put_prepared(&RecordKey::of(&record), expected, Box::new(move |_| Ok(record.clone())), actor)
            .await
    }

    async fn put_prepared(
        &self,
        key: &RecordKey,
        expected: Option<i64>,
        prepare: crate::Prepare,
        actor: &Actor,
    ) -> Result<StoredRecord> {
        let write = super::batch::Write::Put {
            key: key.clone(),
            expected,
            prepare,
        };
        super::batch::submit(&self.records_queue, write, actor).await
    }

    async fn set_state(
        &self,
        key: &RecordKey,
        expected: i64,
        state: RecordState,
        review_comment: &str,
        actor: &Actor,
    ) -> Result<StoredRecord> {
        let write = super::batch::Write::State {
            key: key.clone(),
            expected,
            state,
            review_comment: review_comment.to_owned(),
        };
        super::batch::submit(&self.records_queue, write, actor).await
    }

    async fn import_records(&self, records: &[Record], actor: &Actor) -> Result<ImportCounts> {
        super::records::import_records(self, records, actor).await
    }

    async fn setting(&self, key: &str) -> Result<Option<Value>> {
        super::reference::setting(self, key).await
    }

    async fn create_user(&self, user: &NewUser, actor: &Actor) -> Result<User> {
        super::users::create_user(self, user, actor).await
    }

    async fn users(&self) -> Result<Vec<User>> {
        super::users::users(self).await
    }

    async fn user(&self, id: i64) -> Result<Option<User>> {
        super::users::user(self, id).await
    }

    async fn credentials(&self, username: &str) -> Result<Option<Credentials>> {
        super::users::credentials(self, username).await
    }

    async fn update_user(&self, id: i64, role: Role, disabled: bool, actor: &Actor) -> Result<User> {
        super::users::update_user(self, id, role, disabled, actor).await
    }

    async fn create_session(&self, token_hash: &str, user: i64) -> Result<()> {
        super::users::create_session(self, token_hash, user).await
    }

    async fn session_user(&self, token_hash: &str, limits: SessionLimits) -> Result<Option<User>> {
        super::users::session_user(self, token_hash, limits).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        super::users::delete_session(self, token_hash).await
    }

    async fn count_sign_in_failure(&self, keys: &[String], now: f64, forget_after: f64) -> Result<()> {
        super::users::count_sign_in_failure(self, keys, now, forget_after).await
    }

    async fn sign_in_failures(&self, keys: &[String]) -> Result<Vec<(String, i64, f64)>> {
        super::users::sign_in_failures(self, keys).await
    }

    async fn forget_sign_in_failures(&self, key: &str) -> Result<()> {
        super::users::forget_sign_in_failures(self, key).await
    }

    async fn phases(&self, round: &RoundId) -> Result<Vec<scorecard_domain::PhaseWindow>> {
        super::self_assessment::phases(self, round).await
    }

    async fn set_phases(
        &self,
        round: &RoundId,
        windows: &[scorecard_domain::PhaseWindow],
        actor: &Actor,
    ) -> Result<()> {
        super::self_assessment::set_phases(self, round, windows, actor).await
    }

    async fn self_assessed(
        &self,
        round: &RoundId,
        organization: Option<&OrgId>,
    ) -> Result<Vec<crate::StoredSelfAssessed>> {
        super::self_assessment::self_assessed(self, round, organization).await
    }

    async fn submissions(&self, round: &RoundId) -> Result<Vec<crate::Submission>> {
        super::self_assessment::submissions(self, round).await
    }

    async fn put_self_assessed(
        &self,
        round: &RoundId,
        organization: &OrgId,
        entry: &scorecard_domain::SelfAssessed,
        actor: &Actor,
    ) -> Result<crate::StoredSelfAssessed> {
        super::self_assessment::put_self_assessed(self, round, organization, entry, actor).await
    }

    async fn submit_self_assessment(
        &self,
        round: &RoundId,
        organization: &OrgId,
        check: crate::CheckAnswers,
        actor: &Actor,
    ) -> Result<crate::Submission> {
        super::self_assessment::submit(self, round, organization, check, actor).await
    }

    async fn explanations(
        &self,
        round: &RoundId,
        organization: Option<&OrgId>,
    ) -> Result<Vec<crate::StoredExplanation>> {
        super::self_assessment::explanations(self, round, organization).await
    }

    async fn send_explanation(&self, key: &RecordKey, text: &str, actor: &Actor) -> Result<crate::StoredExplanation> {
        super::self_assessment::send_explanation(self, key, text, actor).await
    }

    async fn decide_explanation(
        &self,
        key: &RecordKey,
        accepted: bool,
        reason: &str,
        change: Option<(Option<i64>, crate::Prepare)>,
        actor: &Actor,
    ) -> Result<(crate::StoredExplanation, Option<StoredRecord>)> {
        super::self_assessment::decide_explanation(self, key, accepted, reason, change, actor).await
    }

    async fn publish_round(&self, round: &RoundId, findings: &[crate::NewFinding], actor: &Actor) -> Result<Round> {
        super::findings::publish_round(self, round, findings, actor).await
    }

    async fn findings(&self, filter: &crate::FindingFilter) -> Result<Vec<crate::StoredFinding>> {
        super::findings::findings(self, filter).await
    }

    async fn finding(&self, id: i64) -> Result<Option<crate::StoredFinding>> {
        super::findings::finding(self, id).await
    }

    async fn report_on_finding(&self, id: i64, text: &str, actor: &Actor) -> Result<crate::StoredFinding> {
        super::findings::report(self, id, text, actor).await
    }

    async fn attach_finding_file(
        &self,
        finding: i64,
        sha256: &str,
        name: &str,
        uploaded_by: &str,
        actor: &Actor,
    ) -> Result<crate::StoredFinding> {
        super::findings::attach_file(self, finding, sha256, name, uploaded_by, actor).await
    }

    async fn set_finding_due(
        &self,
        id: i64,
        due_on: Option<chrono::NaiveDate>,
        actor: &Actor,
    ) -> Result<crate::StoredFinding> {
        super::findings::set_due(self, id, due_on, actor).await
    }

    async fn finding_file(&self, id: i64) -> Result<Option<crate::FindingFile>> {
        super::findings::file(self, id).await
    }

    async fn review_finding(&self, id: i64, close: bool, note: &str, actor: &Actor) -> Result<crate::StoredFinding> {
        super::findings::review(self, id, close, note, actor).await
    }

    async fn notice_reads(&self, user: i64) -> Result<Vec<String>> {
        super::users::notice_reads(self, user).await
    }

    async fn mark_notices_read(&self, user: i64, keys: &[String]) -> Result<()> {
        super::users::mark_notices_read(self, user, keys).await
    }

    async fn record_event(&self, change: &Change, actor: &Actor) -> Result<()> {
        self.write().await?.commit_event(actor, change).await
    }

    async fn copy_out(
        &self,
        table: usize,
        after: Option<&[crate::copy::Cell]>,
    ) -> Result<Vec<Vec<crate::copy::Cell>>> {
        super::copy::copy_out(self, table, after).await
    }

    async fn count_rows(&self, table: usize) -> Result<i64> {
        super::copy::count_rows(self, table).await
    }

    async fn copy_from(&self, source: &dyn Store) -> Result<crate::copy::CopyReport> {
        super::copy::copy_from(self, source).await
    }

    async fn backup_to(&self, path: &std::path::Path) -> Result<()> {
        super::backup_to(self, path).await
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn versions(&self) -> Result<Versions> {
        self.version_reader.read(&self.pool).await
    }

    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        super::trail::list(&self.pool, filter).await
    }

    async fn verify_audit(&self) -> Result<AuditVerdict> {
        super::trail::verify(&self.pool).await
    }
}

/// Both versions in one row, as the data version alone was: every cached read asks.
pub(super) const VERSIONS: &str = "SELECT (SELECT value FROM settings WHERE key = 'data_version'),
        (SELECT value FROM settings WHERE key = 'reference_version')";

/// The versions from the texts [`VERSIONS`] reads (a missing one is 0).
pub(super) fn versions_from(data: Option<String>, reference: Option<String>) -> Versions {
    let number = |text: Option<String>| text.and_then(|t| t.parse().ok()).unwrap_or(0);
    Versions {
        data: number(data),
        reference: number(reference),
    }
}

/// Reads the versions on a connection of its own, outside the pool: every request of a cached
/// report asks, and a pooled query costs two pings besides (on taking and on giving back).
#[derive(Clone, Default)]
pub(super) struct OwnConnection(std::sync::Arc<tokio::sync::Mutex<Option<Conn>>>);

impl OwnConnection {
    pub(super) async fn read(&self, pool: &super::Pool) -> Result<Versions> {
        let mut slot = self.0.lock().await;
        let options = pool.connect_options();
        let read = async {
            let connection = match &mut *slot {
                Some(connection) => connection,
                empty => empty.insert(<Conn as sqlx::Connection>::connect_with(&options).await?),
            };
            sqlx::query_as::<_, (Option<String>, Option<String>)>(VERSIONS)
                .fetch_one(&mut *connection)
                .await
        };
        // As long as the pool waits for a connection: a database that does not answer is 503.
        let read = tokio::time::timeout(std::time::Duration::from_secs(3), read)
            .await
            .unwrap_or(Err(sqlx::Error::PoolTimedOut));
        match read {
            Ok((data, reference)) => Ok(versions_from(data, reference)),
            Err(error) => {
                // A broken connection (the database restarted) is opened again next time.
                *slot = None;
                Err(error.into())
            }
        }
    }
}
