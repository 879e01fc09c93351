//! Storage of egov-scorecard. Only this crate writes SQL.
//!
//! Handlers use the [`Store`] trait. [`SqliteStore`] is the embedded default (one file, WAL,
//! `synchronous=FULL`); [`PgStore`] serves installations with several server instances on one
//! PostgreSQL database. Both run the same SQL (`src/engine/`), written to mean the same on
//! both; each engine adds its connection, write lock, clock expression and migrations.

pub mod audit;
pub mod copy;
mod postgres;
mod sqlite;

/// The engines' shared code (`src/engine/`), compiled once inside each engine's module, where
/// `Db`, `Conn`, `DbRow`, `Pool`, `Engine`, `NOW` and `MIGRATIONS` name that engine's types,
/// clock and schema: one text of every query and rule, checked by the compiler for both.
macro_rules! engine_modules {
    () => {
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/batch.rs"]
        mod batch;
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/copy.rs"]
        mod copy;
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/files.rs"]
        mod files;
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/findings.rs"]
        mod findings;
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/migrations.rs"]
        mod migrations;
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/records.rs"]
        mod records;
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/reference.rs"]
        mod reference;
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/rounds.rs"]
        mod rounds;
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/rows.rs"]
        mod rows;
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/self_assessment.rs"]
        mod self_assessment;
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/store.rs"]
        mod store;
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/trail.rs"]
        mod trail;
        #[allow(
            clippy::duplicate_mod,
            reason = "compiled once per engine, with its types"
        )]
        #[path = "../engine/users.rs"]
        mod users;
    };
}
pub(crate) use engine_modules;

use async_trait::async_trait;
use scorecard_dataset::Dataset;
use scorecard_domain::{
    Catalog, CatalogId, CriterionCode, OrgId, Organization, Record, RecordState, Role, Round, RoundId,
    RoundState, User,
};
use serde_json::Value;

pub use audit::{Actor, AuditEntry, AuditFilter, AuditVerdict, Change};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// What can go wrong in storage. Messages are for logs, not for people using the app.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration {version} ({name}) changed after it was applied; add a new migration instead")]
    MigrationChanged { version: i64, name: String },
    #[error("the database was written by a newer version (migration {version} is unknown)")]
    UnknownMigration { version: i64 },
    #[error("stored {what} `{id}` cannot be read: {problem}")]
    Corrupt {
        what: &'static str,
        id: String,
        problem: String,
    },
    #[error("the database already holds rounds; demo data is only loaded into a database without rounds")]
    NotEmpty,
    /// The version given is not the stored one (`None`: the record does not exist).
    #[error("the record changed meanwhile (stored version {current:?})")]
    Stale { current: Option<i64> },
    #[error("{0}")]
    Unsupported(&'static str),
    /// The caller's own check refused the change ([`Prepare`]); nothing was written.
    #[error("refused: {0}")]
    Refused(Refusal),
    #[error("{what} `{id}` already exists")]
    AlreadyExists { what: &'static str, id: String },
    #[error("{what} `{id}` does not exist")]
    Missing { what: &'static str, id: String },
    /// The unit has submitted its self-assessment: its answers are frozen.
    #[error("the self-assessment is submitted; it cannot change")]
    Submitted,
    /// The explanation has been decided on: it cannot change.
    #[error("the explanation has been decided on; it cannot change")]
    Decided,
    /// The finding is closed: nothing more is reported on it.
    #[error("the finding is closed")]
    FindingClosed,
    /// The record is approved: its files are frozen.
    #[error("the record is approved; its files cannot change")]
    RecordApproved,
    #[error(
        "the destination already holds an installation ({rows} rows in {table}); copy into an empty database"
    )]
    DestinationNotEmpty { table: &'static str, rows: i64 },
    #[error(
        "after the copy, {table} has {destination} rows here but {in_source} in the source: the source changed meanwhile; stop the servers and copy again into an empty database"
    )]
    CopyDiffers {
        table: &'static str,
        in_source: i64,
        destination: i64,
    },
}

impl StoreError {
    /// Whether the database could not be reached (down, restarting, out of connections),
    /// rather than refusing what was asked: worth answering 503 and trying again.
    pub fn is_unavailable(&self) -> bool {
        let StoreError::Database(error) = self else {
            return false;
        };
        match error {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => true,
            // PostgreSQL's connection exceptions (class 08) and shutdowns (57P01–57P03).
            sqlx::Error::Database(db) => db
                .code()
                .is_some_and(|code| code.starts_with("08") || ["57P01", "57P02", "57P03"].contains(&&*code)),
            _ => false,
        }
    }

    fn corrupt(what: &'static str, id: impl ToString, problem: impl ToString) -> StoreError {
        StoreError::Corrupt {
            what,
            id: id.to_string(),
            problem: problem.to_string(),
        }
    }
}

/// Why a caller's check refused a change, in the caller's own error type.
pub type Refusal = Box<dyn std::error::Error + Send + Sync>;

/// Makes the record to write from the stored one (`None`: there is none yet), inside the
/// write, so that what it checks (the record's state, say) cannot change before the write; a
/// refusal leaves everything as it was ([`StoreError::Refused`]). It may run more than once
/// (a batch that failed is tried again change by change).
pub type Prepare = Box<dyn Fn(Option<&StoredRecord>) -> std::result::Result<Record, Refusal> + Send + Sync>;

/// A shorthand for storage results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A record as stored: the domain record plus its version, which is the ETag of the API.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub record: Record,
    pub version: i64,
    pub updated_at: String,
    /// Why a reviewer returned the record, if they did.
    pub review_comment: String,
}

/// Which record: round, organisation and criterion.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordKey {
    pub round: RoundId,
    pub organization: OrgId,
    pub criterion: CriterionCode,
}

impl RecordKey {
    /// The key of a record.
    pub fn of(record: &Record) -> RecordKey {
        RecordKey {
            round: record.round.clone(),
            organization: record.organization.clone(),
            criterion: record.criterion.clone(),
        }
    }
}

/// Where the data stands, as two numbers that only grow ([`Store::versions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Versions {
    /// Moves on with every committed change of data (events such as exports do not move it):
    /// reports computed at one version are stale at another.
    pub data: i64,
    /// Moves on with every committed change of data other than a record's save or workflow
    /// step: the rounds, organisations, assignments and phases looked up before each save stay
    /// valid as long as it stays.
    pub reference: i64,
}

/// How many records an import added and replaced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub inserted: usize,
    pub updated: usize,
}

/// Which records of a round to list.
#[derive(Debug, Clone, Default)]
pub struct RecordFilter {
    pub organization: Option<OrgId>,
    pub criterion: Option<CriterionCode>,
    pub state: Option<RecordState>,
}

/// A user as stored, with what signing in needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
    pub disabled: bool,
}

pub use scorecard_domain::Assignment;

/// The size of the chunks a file's content is stored in.
pub const CHUNK: usize = 1 << 20;

/// An evidence file attached to a record, as stored (issue 12).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFile {
    pub id: i64,
    /// The record it belongs to (which need not exist yet).
    pub key: RecordKey,
    pub sha256: String,
    /// The name it was uploaded with.
    pub name: String,
    pub size: i64,
    /// The type read from its content when it was uploaded.
    pub media_type: String,
    /// The date of the document itself, apart from the upload's.
    pub document_date: Option<chrono::NaiveDate>,
    /// The username of who attached it.
    pub uploaded_by: String,
    pub uploaded_at: String,
    /// What the signature check found (its JSON), for PDFs.
    pub analysis: Option<String>,
}

/// A file to attach: the record, the content's hash (already stored) and what people gave.
#[derive(Debug, Clone)]
pub struct NewFile {
    pub key: RecordKey,
    pub sha256: String,
    pub name: String,
    pub document_date: Option<chrono::NaiveDate>,
    pub uploaded_by: String,
}

/// A content to keep under its hash.
#[derive(Debug, Clone, Copy)]
pub struct NewBlob<'a> {
    pub sha256: &'a str,
    pub media_type: &'a str,
    pub size: i64,
    pub analysis: Option<&'a str>,
}

/// A root certificate the signature check trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustRoot {
    /// The SHA-256 of its DER.
    pub sha256: String,
    pub subject: String,
    pub pem: String,
    pub added_at: String,
}

/// One answer of a unit's self-assessment, as stored (issue 13).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSelfAssessed {
    pub organization: OrgId,
    pub entry: scorecard_domain::SelfAssessed,
    /// The username of who wrote it last, and when.
    pub updated_by: String,
    pub updated_at: String,
}

/// When a unit submitted its self-assessment, and who did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub organization: OrgId,
    pub submitted_by: String,
    pub submitted_at: String,
}

/// A unit's explanation of a criterion found unmet, and the decision on it (issue 13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredExplanation {
    pub key: RecordKey,
    pub text: String,
    pub sent_by: String,
    pub sent_at: String,
    pub decision: Option<Decision>,
}

/// An inspector's decision on an explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub accepted: bool,
    /// Why, for a rejection (the unit reads it); what changed, for an acceptance.
    pub reason: String,
    pub decided_by: String,
    pub decided_at: String,
}

/// A finding to make when a round is published (issue 13): a mandatory criterion left unmet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFinding {
    pub key: RecordKey,
    pub legal_basis: String,
    /// The inspector's note (and evidence) on the record, if any.
    pub note: String,
    pub due_on: Option<chrono::NaiveDate>,
}

/// A finding as stored, with what the unit reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFinding {
    pub id: i64,
    pub key: RecordKey,
    pub legal_basis: String,
    pub note: String,
    pub due_on: Option<chrono::NaiveDate>,
    pub open: bool,
    pub created_at: String,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_note: String,
    pub reports: Vec<FindingReport>,
    /// The files the unit attached to its reports.
    pub files: Vec<FindingFile>,
}

/// A file attached to a finding's follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingFile {
    pub id: i64,
    pub finding_id: i64,
    pub sha256: String,
    pub name: String,
    pub size: i64,
    pub media_type: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// What a unit reported it did about a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingReport {
    pub text: String,
    pub reported_by: String,
    pub reported_at: String,
}

/// Which findings to list.
#[derive(Debug, Clone, Default)]
pub struct FindingFilter {
    pub round: Option<RoundId>,
    pub organization: Option<OrgId>,
    pub open: Option<bool>,
}

/// Checks a unit's answers inside the write that submits them, so that none changes between
/// the check and the submission.
pub type CheckAnswers =
    Box<dyn FnOnce(&[scorecard_domain::SelfAssessed]) -> std::result::Result<(), Refusal> + Send + Sync>;

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    /// A session unused this long ends.
    pub idle_seconds: i64,
    /// A session ends this long after sign-in, however busy.
    pub absolute_seconds: i64,
}

/// Everything the server reads and writes. Every write that changes data takes the [`Actor`]
/// and appends its audit entry in the same transaction.
#[async_trait]
pub trait Store: Send + Sync {
    /// Adds the shipped organisations and catalogs that the database does not have yet, so a
    /// new installation can create rounds and import at once. Existing rows are kept as they are.
    async fn ensure_reference(&self, organizations: &[Organization], catalogs: &[Catalog]) -> Result<()>;
    /// Whether the database holds no rounds yet.
    async fn has_no_rounds(&self) -> Result<bool>;
    /// Writes a whole dataset into a database without rounds, in one transaction.
    async fn load_dataset(&self, data: &Dataset, settings: &[(&str, Value)], actor: &Actor) -> Result<()>;
    async fn organizations(&self) -> Result<Vec<Organization>>;
    async fn catalogs(&self) -> Result<Vec<Catalog>>;
    async fn catalog(&self, id: &CatalogId) -> Result<Option<Catalog>>;
    /// Adds a new catalog version; versions never change once written.
    async fn add_catalog(&self, catalog: &Catalog, actor: &Actor) -> Result<()>;
    /// Every round, newest first.
    async fn rounds(&self) -> Result<Vec<Round>>;
    async fn round(&self, id: &RoundId) -> Result<Option<Round>>;
    async fn create_round(&self, round: &Round, actor: &Actor) -> Result<()>;
    async fn set_round_state(&self, round: &RoundId, state: RoundState, actor: &Actor) -> Result<Round>;
    /// The organisations assigned to an inspector in a round.
    async fn assigned(&self, round: &RoundId) -> Result<Vec<OrgId>>;
    async fn assignments(&self, round: &RoundId) -> Result<Vec<Assignment>>;
    /// Assigns an organisation of a round to an inspector (or to nobody yet).
    async fn assign(
        &self,
        round: &RoundId,
        organization: &OrgId,
        inspector: Option<i64>,
        actor: &Actor,
    ) -> Result<()>;
    async fn reviewers(&self, round: &RoundId) -> Result<Vec<User>>;
    async fn set_reviewer(&self, round: &RoundId, user: i64, reviews: bool, actor: &Actor) -> Result<()>;
    async fn records(&self, round: &RoundId, filter: &RecordFilter) -> Result<Vec<StoredRecord>>;
    async fn record(&self, key: &RecordKey) -> Result<Option<StoredRecord>>;
    /// Creates (`expected` = `None`) or replaces (`expected` = the stored version) a record;
    /// [`StoreError::Stale`] when the stored record is not the one expected.
    async fn put_record(&self, record: &Record, expected: Option<i64>, actor: &Actor)
    -> Result<StoredRecord>;
    /// Like [`Store::put_record`], with the record made by `prepare` from the stored one once
    /// its version is checked: one read of the record instead of two.
    async fn put_prepared(
        &self,
        key: &RecordKey,
        expected: Option<i64>,
        prepare: Prepare,
        actor: &Actor,
    ) -> Result<StoredRecord>;
    /// Moves a record to another workflow state if it still has version `expected`.
    async fn set_state(
        &self,
        key: &RecordKey,
        expected: i64,
        state: RecordState,
        review_comment: &str,
        actor: &Actor,
    ) -> Result<StoredRecord>;
    /// Writes the records of one round in one transaction, replacing those with the same key.
    async fn import_records(&self, records: &[Record], actor: &Actor) -> Result<ImportCounts>;
    /// A fact about the database, such as `demo`.
    async fn setting(&self, key: &str) -> Result<Option<Value>>;

    async fn create_user(&self, user: &NewUser, actor: &Actor) -> Result<User>;
    async fn users(&self) -> Result<Vec<User>>;
    async fn user(&self, id: i64) -> Result<Option<User>>;
    async fn credentials(&self, username: &str) -> Result<Option<Credentials>>;
    /// Changes a user's role or ends their access; their sessions end with it.
    async fn update_user(&self, id: i64, role: Role, disabled: bool, actor: &Actor) -> Result<User>;
    async fn create_session(&self, token_hash: &str, user: i64) -> Result<()>;
    /// The user of a live session, which is touched; `None` once idle or too old.
    async fn session_user(&self, token_hash: &str, limits: SessionLimits) -> Result<Option<User>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    /// Counts a failed sign-in under each key (an account, a client address) at `now` (seconds
    /// since 1970); a key's count starts again after `forget_after` seconds without a failure.
    async fn count_sign_in_failure(&self, keys: &[String], now: f64, forget_after: f64) -> Result<()>;
    /// The failures counted under each key that has any: `(key, count, last failure)`.
    async fn sign_in_failures(&self, keys: &[String]) -> Result<Vec<(String, i64, f64)>>;
    /// Forgets the failures of a key, after a successful sign-in.
    async fn forget_sign_in_failures(&self, key: &str) -> Result<()>;

    /// Numbers that move on with committed changes, from any process or server instance on
    /// this database, read together ([`Versions`]).
    async fn versions(&self) -> Result<Versions>;

    /// Up to [`copy::Table::batch`] rows of table `copy::TABLES[table]` after the key `after`, in key
    /// order, as stored ([`copy`]).
    async fn copy_out(&self, table: usize, after: Option<&[copy::Cell]>) -> Result<Vec<Vec<copy::Cell>>>;
    /// The rows of table `copy::TABLES[table]`.
    async fn count_rows(&self, table: usize) -> Result<i64>;
    /// Copies a whole installation from `source` into this database, which must not hold one
    /// ([`StoreError::DestinationNotEmpty`]); all or nothing; the counts and the audit chain are
    /// verified afterwards.
    async fn copy_from(&self, source: &dyn Store) -> Result<copy::CopyReport>;

    /// Writes a consistent copy of the whole database to a new file while it is in use
    /// (SQLite's `VACUUM INTO`); refused on PostgreSQL, whose `pg_dump` does that.
    async fn backup_to(&self, path: &std::path::Path) -> Result<()>;

    /// Whether the database answers (a trivial query).
    async fn ping(&self) -> Result<()>;

    /// Appends an audit entry for an event that changes no data, such as an export.
    /// Whether a content with this hash is stored.
    async fn blob_exists(&self, sha256: &str) -> Result<bool>;
    /// Stores a content under its hash (nothing when it is stored already), reading it in
    /// chunks; refuses content whose hash or size differs from `blob`'s.
    async fn put_blob(
        &self,
        blob: &NewBlob<'_>,
        content: &mut (dyn tokio::io::AsyncRead + Unpin + Send),
    ) -> Result<()>;
    /// Attaches a stored content to a record, with its audit entry; refused with
    /// `RecordApproved` when the record is approved, `AlreadyExists` when attached already.
    async fn attach_file(&self, file: &NewFile, actor: &Actor) -> Result<StoredFile>;
    /// The files of a round, or of one organisation in it, by criterion.
    async fn files(&self, round: &RoundId, organization: Option<&OrgId>) -> Result<Vec<StoredFile>>;
    async fn file(&self, id: i64) -> Result<Option<StoredFile>>;
    /// Chunk `seq` (from 0) of a stored content.
    async fn blob_chunk(&self, sha256: &str, seq: i64) -> Result<Option<Vec<u8>>>;
    /// Removes a file from its record, with its audit entry (the content stays).
    async fn remove_file(&self, id: i64, actor: &Actor) -> Result<StoredFile>;
    /// The hash and size of every stored content of a type.
    async fn blobs_of_type(&self, media_type: &str) -> Result<Vec<(String, i64)>>;
    /// Replaces stored analyses (after the trusted roots changed), with one audit entry.
    async fn set_analyses(&self, analyses: &[(String, String)], actor: &Actor) -> Result<()>;
    async fn trust_roots(&self) -> Result<Vec<TrustRoot>>;
    async fn add_trust_root(&self, root: &TrustRoot, actor: &Actor) -> Result<()>;
    async fn remove_trust_root(&self, sha256: &str, actor: &Actor) -> Result<()>;
    /// A round's phases, in order (none: the round has no schedule).
    async fn phases(&self, round: &RoundId) -> Result<Vec<scorecard_domain::PhaseWindow>>;
    /// Replaces a round's phases (already checked), audited.
    async fn set_phases(
        &self,
        round: &RoundId,
        windows: &[scorecard_domain::PhaseWindow],
        actor: &Actor,
    ) -> Result<()>;
    /// The self-assessment answers of a round, of one organisation or of all.
    async fn self_assessed(
        &self,
        round: &RoundId,
        organization: Option<&OrgId>,
    ) -> Result<Vec<StoredSelfAssessed>>;
    /// Who submitted a self-assessment in a round, per organisation.
    async fn submissions(&self, round: &RoundId) -> Result<Vec<Submission>>;
    /// Writes one answer; [`StoreError::Submitted`] once the organisation has submitted.
    async fn put_self_assessed(
        &self,
        round: &RoundId,
        organization: &OrgId,
        entry: &scorecard_domain::SelfAssessed,
        actor: &Actor,
    ) -> Result<StoredSelfAssessed>;
    /// Submits an organisation's answers when `check` accepts them; [`StoreError::Submitted`]
    /// when it already has.
    async fn submit_self_assessment(
        &self,
        round: &RoundId,
        organization: &OrgId,
        check: CheckAnswers,
        actor: &Actor,
    ) -> Result<Submission>;
    /// The explanations of a round, of one organisation or of all.
    async fn explanations(
        &self,
        round: &RoundId,
        organization: Option<&OrgId>,
    ) -> Result<Vec<StoredExplanation>>;
    /// Sends or replaces the explanation of one criterion; [`StoreError::Decided`] once an
    /// inspector has decided on it.
    async fn send_explanation(&self, key: &RecordKey, text: &str, actor: &Actor)
    -> Result<StoredExplanation>;
    /// Decides on an explanation; when accepted with `change`, the record is changed from its
    /// version (as [`Store::put_prepared`]) in the same transaction, each with its audit entry.
    async fn decide_explanation(
        &self,
        key: &RecordKey,
        accepted: bool,
        reason: &str,
        change: Option<(Option<i64>, Prepare)>,
        actor: &Actor,
    ) -> Result<(StoredExplanation, Option<StoredRecord>)>;
    /// Publishes a round (from `closed`) and makes its findings, in one transaction.
    async fn publish_round(&self, round: &RoundId, findings: &[NewFinding], actor: &Actor) -> Result<Round>;
    /// The findings that match, oldest round first, each with its reports.
    async fn findings(&self, filter: &FindingFilter) -> Result<Vec<StoredFinding>>;
    async fn finding(&self, id: i64) -> Result<Option<StoredFinding>>;
    /// Adds what the unit did; [`StoreError::FindingClosed`] once the finding is closed.
    async fn report_on_finding(&self, id: i64, text: &str, actor: &Actor) -> Result<StoredFinding>;
    /// Attaches a stored content to an open finding ([`StoreError::FindingClosed`] once
    /// closed; [`StoreError::AlreadyExists`] for the same content twice), audited.
    async fn attach_finding_file(
        &self,
        finding: i64,
        sha256: &str,
        name: &str,
        uploaded_by: &str,
        actor: &Actor,
    ) -> Result<StoredFinding>;
    /// Sets (or clears) a finding's due date, audited.
    async fn set_finding_due(
        &self,
        id: i64,
        due_on: Option<chrono::NaiveDate>,
        actor: &Actor,
    ) -> Result<StoredFinding>;
    /// One file of a finding's follow-up.
    async fn finding_file(&self, id: i64) -> Result<Option<FindingFile>>;
    /// The team closes a finding, or keeps (or puts) it open, with a note.
    async fn review_finding(&self, id: i64, close: bool, note: &str, actor: &Actor) -> Result<StoredFinding>;
    /// The keys of the in-app notices this user has read (issue 13; the user's own marks,
    /// not audited, like sessions).
    async fn notice_reads(&self, user: i64) -> Result<Vec<String>>;
    /// Marks these notices read for this user.
    async fn mark_notices_read(&self, user: i64, keys: &[String]) -> Result<()>;
    async fn record_event(&self, change: &Change, actor: &Actor) -> Result<()>;
    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>>;
    async fn verify_audit(&self) -> Result<AuditVerdict>;
}

/// A user to create; the password is already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    /// The organisation of a `unit` user; `None` for every other role.
    pub organization: Option<OrgId>,
}
