//! The `scorecard` command line (docs/formats.md#command-line): the other adapter over the
//! service, beside HTTP. Each command opens the database, runs one operation as the command
//! line (`Who::command`) and prints what happened in English and Vietnamese.

mod demo;
mod explain;
mod pdf;

pub use demo::{DemoLogin, load_demo};
use explain::explain;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use scorecard_store::{PgStore, SqliteStore, Store};
use tracing_subscriber::EnvFilter;

use chrono::NaiveDate;
use scorecard_api::{CreateRound, CreateUser};
use scorecard_domain::{AuditVerdict, CatalogId, RoundId, RoundState, Scope, View};
use scorecard_service::exports::Document;
use scorecard_service::imports::{Format, ImportOptions};
use scorecard_service::password::Hasher;
use scorecard_service::{Service, Who};

use crate::app::{AppState, Config};
use crate::deployment::Deployment;

/// egov-scorecard: e-government compliance inspections, scores and rankings.
#[derive(Debug, Parser)]
#[command(name = "scorecard", version)]
pub struct Cli {
    #[command(flatten)]
    pub database: Database,
    /// How log lines are written to standard error: `text` for people, `json` (one object per
    /// line) for a log collector. The level comes from $SCORECARD_LOG, else $RUST_LOG, else info.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "text",
        env = "SCORECARD_LOG_FORMAT"
    )]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Where the data lives; every subcommand takes the same options.
#[derive(Debug, Clone, Args)]
pub struct Database {
    /// The SQLite database file [default: $SCORECARD_DATABASE_URL, or $SCORECARD_DB, or
    /// $XDG_DATA_HOME/egov-scorecard/scorecard.db, or ~/.local/share/egov-scorecard/scorecard.db]
    #[arg(long, global = true, value_name = "PATH", conflicts_with = "database_url")]
    pub db: Option<PathBuf>,
    /// A database URL: `postgres://USER@HOST/NAME` (several instances can share it) or
    /// `sqlite:///var/lib/scorecard/scorecard.db` [env: SCORECARD_DATABASE_URL; a flag wins
    /// over the environment]
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the dashboard and the JSON API.
    Serve(Serve),
    /// Import records from a CSV, JSON, XLSX or ODS file into a round: every row is checked first, then
    /// all are written in one transaction, or none.
    Import(Import),
    /// Export a round: its records (csv), its ranking, summary and records (json), the
    /// workbook (xlsx), the briefing (pdf) or the fill-in template (template, xlsx).
    Export(Export),
    /// Manage rounds.
    #[command(subcommand)]
    Round(RoundCommand),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Check the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Work on whole databases.
    #[command(subcommand)]
    Db(DbCommand),
    /// Check signed PDFs without a server.
    #[command(subcommand)]
    Pdf(pdf::PdfCommand),
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Copy a whole installation to an empty database, of either engine (SQLite to PostgreSQL
    /// and back): every table as stored, in one transaction; then the row counts and the
    /// audit chain are verified at the destination. Sessions are not copied.
    Copy(DbCopy),
    /// Write a consistent copy of a SQLite database to a new file while the server runs
    /// (`VACUUM INTO`). On PostgreSQL, use pg_dump.
    Backup(DbBackup),
}

#[derive(Debug, Args)]
pub struct DbBackup {
    /// The new file; an existing one is never overwritten.
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
}

#[derive(Debug, Args)]
pub struct DbCopy {
    /// The database to copy: a URL (`sqlite://PATH`, `postgres://…`) or a SQLite file.
    #[arg(long, value_name = "URL_OR_FILE")]
    pub from: String,
    /// The empty database to copy into: a URL or a SQLite file (created when missing).
    #[arg(long, value_name = "URL_OR_FILE")]
    pub to: String,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from standard input (one line).
    Add(UserAdd),
}

#[derive(Debug, Args)]
pub struct UserAdd {
    /// The user name, e.g. `nguyen.an`.
    pub name: String,
    #[arg(long, value_parser = ["admin", "reviewer", "inspector", "leader", "unit"])]
    pub role: String,
    /// The name shown in the interface, e.g. "Nguyễn Văn An".
    #[arg(long)]
    pub display_name: Option<String>,
    /// The organisation a `unit` user speaks for, e.g. `btc` (required with `--role unit`).
    #[arg(long, value_name = "ORG")]
    pub organization: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain and name the first broken entry.
    Verify,
}

#[derive(Debug, Args)]
pub struct Import {
    /// The file: CSV (UTF-8 or UTF-16, `,` `;` or tab, header row), JSON, or a workbook (XLSX,
    /// ODS); `-` reads standard input.
    pub file: PathBuf,
    /// The round to import into.
    #[arg(long)]
    pub round: String,
    /// Check every row and print the report without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Import every row as approved (default: submitted, for a reviewer to approve).
    #[arg(long)]
    pub approve: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    Xlsx,
    Pdf,
    /// The fill-in template of the round (XLSX).
    Template,
    /// The evidence files of the round (or of `--org`) as a ZIP with `manifest.csv`.
    Evidence,
}

#[derive(Debug, Args)]
pub struct Export {
    #[arg(long)]
    pub round: String,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Rank within one peer group (json, xlsx and pdf), e.g. `ministry`.
    #[arg(long)]
    pub scope: Option<String>,
    /// Count submitted records too; the file says it is preliminary.
    #[arg(long)]
    pub preliminary: bool,
    /// The language of the xlsx and pdf files: vi or en.
    #[arg(long, default_value = "vi")]
    pub lang: String,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// One organisation's evidence files only (with `--format evidence`).
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RoundCommand {
    /// Create a round that uses one catalog version.
    Create(RoundCreate),
}

#[derive(Debug, Args)]
pub struct RoundCreate {
    /// The round's id, e.g. `2026`.
    pub id: String,
    /// The catalog version, e.g. `cpdt-2019`.
    #[arg(long)]
    pub catalog: String,
    /// The name in Vietnamese.
    #[arg(long)]
    pub name: String,
    /// The name in English [default: the Vietnamese name].
    #[arg(long)]
    pub name_en: Option<String>,
    /// The first day, YYYY-MM-DD.
    #[arg(long = "from", value_name = "YYYY-MM-DD")]
    pub starts_on: String,
    /// The last day, YYYY-MM-DD.
    #[arg(long = "to", value_name = "YYYY-MM-DD")]
    pub ends_on: String,
    /// planned, open, closed or published.
    #[arg(long, default_value = "open")]
    pub state: String,
}

#[derive(Debug, Args)]
pub struct Serve {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "SCORECARD_ADDR")]
    pub addr: SocketAddr,
    /// Load the illustrative demo data into an empty database and print the demo logins.
    #[arg(long)]
    pub demo: bool,
    /// The built front end (`cargo xtask dist`).
    #[arg(long, value_name = "DIR", env = "SCORECARD_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// The address people type, e.g. https://scorecard.example.gov.vn, when a reverse proxy is
    /// in front: changes must come from pages of this origin, and with https cookies are
    /// `Secure` and HSTS is sent.
    #[arg(long, value_name = "URL", env = "SCORECARD_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,
    /// A reverse proxy whose `X-Forwarded-For` names the client (an address or CIDR range;
    /// repeat the flag, or separate with commas in the environment). Other peers' are ignored.
    #[arg(
        long = "trusted-proxy",
        value_name = "ADDR_OR_CIDR",
        env = "SCORECARD_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<String>,
    /// The largest evidence file accepted, in MB.
    #[arg(long, value_name = "MB", env = "SCORECARD_MAX_FILE_MB", default_value_t = 20)]
    pub max_file_mb: u64,
    /// The most evidence files one record may hold.
    #[arg(
        long,
        value_name = "N",
        env = "SCORECARD_MAX_FILES_PER_RECORD",
        default_value_t = 20
    )]
    pub max_files_per_record: usize,
    /// How many PDF signature checks run at once (each in its own process, with at most 1 GiB
    /// of address space and 30 s of CPU time).
    #[arg(long, value_name = "N", env = "SCORECARD_ANALYSES", default_value_t = 2)]
    pub analyses: usize,
}

/// The default database file, in the user's data folder.
pub fn default_db_path() -> PathBuf {
    if let Some(path) = std::env::var_os("SCORECARD_DB") {
        return PathBuf::from(path);
    }
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    data_home.join("egov-scorecard").join("scorecard.db")
}

impl Database {
    /// The URL given by `--database-url`, else by `SCORECARD_DATABASE_URL` unless `--db` is given.
    fn url(&self) -> Option<String> {
        match (&self.database_url, &self.db) {
            (Some(url), _) => Some(url.clone()),
            (None, Some(_)) => None,
            (None, None) => std::env::var("SCORECARD_DATABASE_URL")
                .ok()
                .filter(|url| !url.is_empty()),
        }
    }

    /// Opens the database, creating a SQLite file and its folder when missing.
    pub async fn open(&self) -> anyhow::Result<Arc<dyn Store>> {
        if let Some(url) = self.url() {
            return open_url(&url).await;
        }
        let path = self.db.clone().unwrap_or_else(default_db_path);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create folder {}", parent.display()))?;
        }
        let store = SqliteStore::open_file(&path)
            .await
            .with_context(|| format!("cannot open database {}", path.display()))?;
        Ok(Arc::new(store))
    }

    /// Opens the database and adds the shipped organisations and catalogs it lacks.
    pub async fn open_with_reference(&self) -> anyhow::Result<Arc<dyn Store>> {
        let store = self.open().await?;
        let shipped = shipped_data()?;
        store
            .ensure_reference(&shipped.organizations, &shipped.catalogs)
            .await?;
        Ok(store)
    }
}

/// The engine a database URL names, by its scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine of a URL; any scheme but `sqlite:`, `postgres:` and `postgresql:` is refused,
    /// naming those.
    pub fn of(url: &str) -> anyhow::Result<Engine> {
        let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
        match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => Ok(Engine::Sqlite),
            "postgres" | "postgresql" => Ok(Engine::Postgres),
            _ => anyhow::bail!(
                "unsupported database URL `{}`: use sqlite://PATH or postgres://USER@HOST/NAME / \
                 địa chỉ cơ sở dữ liệu không được hỗ trợ: dùng sqlite://… hoặc postgres://…",
                without_password(url)
            ),
        }
    }
}

/// A URL fit for messages and logs: any password replaced by `***`.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let Some((user_info, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    let user = user_info.split_once(':').map_or(user_info, |(user, _)| user);
    let hidden = if user_info.contains(':') { ":***" } else { "" };
    let slash = if rest.contains('/') { "/" } else { "" };
    format!("{scheme}://{user}{hidden}@{host}{slash}{path}")
}

/// Opens (and migrates) the database at a URL.
pub async fn open_url(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    let shown = without_password(url);
    Ok(match Engine::of(url)? {
        Engine::Sqlite => Arc::new(
            SqliteStore::connect(url)
                .await
                .with_context(|| format!("cannot open database {shown}"))?,
        ),
        Engine::Postgres => Arc::new(
            PgStore::connect(url)
                .await
                .with_context(|| format!("cannot open database {shown}"))?,
        ),
    })
}

/// Runs one command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let filter = EnvFilter::try_from_env("SCORECARD_LOG")
        .or_else(|_| EnvFilter::try_from_env("RUST_LOG"))
        // lopdf reports every oddity of a hostile PDF; the analysis answers them itself.
        .unwrap_or_else(|_| EnvFilter::new("info,lopdf=off"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().flatten_event(true).init(),
    }
    match cli.command {
        Command::Serve(serve) => run_serve(&cli.database, serve).await,
        Command::Import(import) => run_import(&cli.database, import).await,
        Command::Export(export) => run_export(&cli.database, export).await,
        Command::Round(RoundCommand::Create(create)) => run_round_create(&cli.database, create).await,
        Command::User(UserCommand::Add(add)) => run_user_add(&cli.database, add).await,
        Command::Audit(AuditCommand::Verify) => run_audit_verify(&cli.database).await,
        Command::Db(DbCommand::Copy(copy)) => run_db_copy(copy).await,
        Command::Db(DbCommand::Backup(backup)) => run_db_backup(&cli.database, backup).await,
        // The analysis is CPU work with no database: it runs on this thread, off the executor's
        // concerns, since the command does nothing else.
        Command::Pdf(command) => pdf::run_pdf(command),
    }
}

/// The service over the database, for the command line.
fn service(store: Arc<dyn Store>) -> Service {
    // One password hash at a time is enough for one command.
    Service::with_hasher(store, Hasher::new(1))
}

async fn run_user_add(database: &Database, add: UserAdd) -> anyhow::Result<()> {
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .context("cannot read the password from standard input")?;
    let input = CreateUser {
        username: add.name,
        display_name: add.display_name.unwrap_or_default(),
        role: add.role,
        password: password.trim_end_matches(['\r', '\n']).to_owned(),
        organization: add.organization,
    };
    // The rules are checked before the database is opened, so a mistake changes nothing.
    scorecard_service::admin::check_username(&input.username).map_err(explain)?;
    scorecard_service::admin::check_password(&input.password).map_err(explain)?;
    let service = service(database.open_with_reference().await?);
    let user = service
        .create_user(&Who::command("user add"), input)
        .await
        .map_err(explain)?;
    println!(
        "added user {} ({}) / đã thêm người dùng {}",
        user.username,
        user.role.as_str(),
        user.username
    );
    Ok(())
}

/// A database named by a URL, or by a SQLite file's path.
async fn open_url_or_file(text: &str, must_exist: bool) -> anyhow::Result<Arc<dyn Store>> {
    if text.contains("://") || text.starts_with("sqlite:") {
        return open_url(text).await;
    }
    let path = PathBuf::from(text);
    if must_exist && !path.is_file() {
        anyhow::bail!(
            "{} does not exist / không có tệp {}",
            path.display(),
            path.display()
        );
    }
    let store = SqliteStore::open_file(&path)
        .await
        .with_context(|| format!("cannot open database {}", path.display()))?;
    Ok(Arc::new(store))
}

async fn run_db_copy(copy: DbCopy) -> anyhow::Result<()> {
    let source = open_url_or_file(&copy.from, true).await?;
    let destination = open_url_or_file(&copy.to, false).await?;
    let started = std::time::Instant::now();
    let report = destination.copy_from(&*source).await.map_err(|error| match error {
        scorecard_store::StoreError::DestinationNotEmpty { table, rows } => anyhow::anyhow!(
            "{} already holds an installation ({rows} rows in {table}); copy into an empty database / \
             cơ sở dữ liệu đích đã có dữ liệu ({rows} dòng trong {table}): hãy sao chép vào một cơ sở dữ liệu trống",
            without_password(&copy.to)
        ),
        other => anyhow::Error::new(other).context("the copy failed; the destination was left as it was / sao chép thất bại, đích không thay đổi"),
    })?;
    for (table, rows) in &report.tables {
        println!("{table}: {rows}");
    }
    println!(
        "copied in {:.1} s; the audit trail is intact: {} entries / đã sao chép; nhật ký kiểm toán toàn vẹn: {} mục",
        started.elapsed().as_secs_f64(),
        report.audit_entries,
        report.audit_entries
    );
    Ok(())
}

async fn run_db_backup(database: &Database, backup: DbBackup) -> anyhow::Result<()> {
    let store = database.open().await?;
    store.backup_to(&backup.to).await.with_context(|| {
        format!(
            "cannot back up to {} / không sao lưu được vào {}",
            backup.to.display(),
            backup.to.display()
        )
    })?;
    println!(
        "backed up to {} / đã sao lưu vào {}",
        backup.to.display(),
        backup.to.display()
    );
    Ok(())
}

async fn run_audit_verify(database: &Database) -> anyhow::Result<()> {
    let service = service(database.open().await?);
    match service
        .verify_audit(&Who::command("audit verify"))
        .await
        .map_err(explain)?
    {
        AuditVerdict::Intact { entries } => {
            println!(
                "the audit trail is intact: {entries} entries / nhật ký kiểm toán toàn vẹn: {entries} mục"
            );
            Ok(())
        }
        AuditVerdict::Broken { seq, problem } => {
            anyhow::bail!(
                "the audit trail is broken at entry {seq}: {problem} / nhật ký kiểm toán bị sửa tại mục {seq}"
            )
        }
    }
}

/// The data shipped in `data/` and compiled in.
fn shipped_data() -> anyhow::Result<scorecard_dataset::Dataset> {
    scorecard_dataset::demo().map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the shipped data files are invalid:\n{}", lines.join("\n"))
    })
}

/// The round the command names, with a message that says how to create one.
async fn find_round(store: &dyn Store, id: &str) -> anyhow::Result<scorecard_domain::Round> {
    let parsed = RoundId::parse(id).map_err(|e| anyhow::anyhow!("{e}"))?;
    store.round(&parsed).await?.ok_or_else(|| {
        anyhow::anyhow!("round `{id}` does not exist; create it with `scorecard round create` / Không có đợt kiểm tra `{id}`")
    })
}

async fn run_import(database: &Database, import: Import) -> anyhow::Result<()> {
    let store = database.open_with_reference().await?;
    let round = find_round(&*store, &import.round).await?;
    let bytes = if import.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .context("cannot read standard input")?;
        bytes
    } else {
        std::fs::read(&import.file).with_context(|| format!("cannot read {}", import.file.display()))?
    };
    let options = ImportOptions {
        format: Format::guess(import.file.to_str(), &bytes),
        approve: import.approve,
        dry_run: import.dry_run,
    };
    let summary = service(store)
        .import(&Who::command("import"), round.id.as_str(), &bytes, options)
        .await
        .map_err(explain)?;
    let state = if import.approve { "approved" } else { "submitted" };
    if summary.written {
        println!(
            "imported {} rows into round {} as {state}: {} new, {} replaced / đã nhập {} dòng",
            summary.accepted, summary.round, summary.inserted, summary.updated, summary.accepted
        );
    } else {
        println!(
            "dry run: all {} rows are valid; nothing was written / chạy thử: {} dòng hợp lệ, chưa ghi gì",
            summary.accepted, summary.accepted
        );
    }
    Ok(())
}

async fn run_export(database: &Database, export: Export) -> anyhow::Result<()> {
    let store = database.open_with_reference().await?;
    let round = find_round(&*store, &export.round).await?;
    let scope = match &export.scope {
        None => Scope::All,
        Some(group) => Scope::try_from(group.clone()).map_err(|e| anyhow::anyhow!("--scope: {e}"))?,
    };
    let lang = scorecard_briefing::Lang::parse(&export.lang).ok_or_else(|| {
        anyhow::anyhow!(
            "--lang `{}` is neither vi nor en / chỉ nhận vi hoặc en",
            export.lang
        )
    })?;
    let view = View::from_preliminary(export.preliminary);
    let (service, who, round) = (service(store), Who::command("export"), round.id.as_str());
    if matches!(export.format, ExportFormat::Evidence) {
        let archive = service
            .evidence_archive(&who, round, export.org.as_deref())
            .await
            .map_err(explain)?;
        match &export.output {
            Some(path) => {
                std::fs::copy(archive.file.path(), path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                eprintln!(
                    "wrote {} ({} files, {} bytes) / đã ghi {} tệp",
                    path.display(),
                    archive.files,
                    archive.size,
                    archive.files
                );
            }
            None => {
                let mut file = archive.file.reopen()?;
                std::io::copy(&mut file, &mut std::io::stdout().lock())?;
            }
        }
        return Ok(());
    }
    let download = match export.format {
        ExportFormat::Csv => service.records_csv(&who, round).await,
        ExportFormat::Json => service.figures_json(&who, round, scope, view).await,
        ExportFormat::Xlsx => {
            service
                .briefing(&who, round, Document::Xlsx, scope, view, lang)
                .await
        }
        ExportFormat::Pdf => {
            service
                .briefing(&who, round, Document::Pdf, scope, view, lang)
                .await
        }
        ExportFormat::Template => service.template(&who, round, lang).await,
        ExportFormat::Evidence => unreachable!("answered above"),
    }
    .map_err(explain)?;
    match &export.output {
        Some(path) => {
            std::fs::write(path, &download.bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {} ({} bytes)", path.display(), download.bytes.len());
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&download.bytes)?;
        }
    }
    Ok(())
}

fn parse_day(flag: &str, text: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| anyhow::anyhow!("{flag} `{text}` is not a date written YYYY-MM-DD, or the day does not exist / ngày không hợp lệ"))
}

async fn run_round_create(database: &Database, create: RoundCreate) -> anyhow::Result<()> {
    let store = database.open_with_reference().await?;
    RoundId::parse(&create.id).map_err(|e| anyhow::anyhow!("{e}"))?;
    let catalog = CatalogId::parse(&create.catalog).map_err(|e| anyhow::anyhow!("--catalog: {e}"))?;
    if store.catalog(&catalog).await?.is_none() {
        let known: Vec<String> = store.catalogs().await?.iter().map(|c| c.id.to_string()).collect();
        anyhow::bail!(
            "catalog `{catalog}` does not exist; known catalogs: {} / không có bộ tiêu chí này",
            known.join(", ")
        );
    }
    let starts_on = parse_day("--from", &create.starts_on)?;
    let ends_on = parse_day("--to", &create.ends_on)?;
    if ends_on < starts_on {
        anyhow::bail!("--to {ends_on} is before --from {starts_on} / ngày kết thúc trước ngày bắt đầu");
    }
    let state = RoundState::parse(&create.state)
        .ok_or_else(|| anyhow::anyhow!("--state must be planned, open, closed or published"))?;
    let input = CreateRound {
        id: create.id,
        catalog: create.catalog,
        name_en: create.name_en.unwrap_or_default(),
        name_vi: create.name,
        starts_on: create.starts_on,
        ends_on: create.ends_on,
    };
    let round = service(store)
        .create_round(&Who::command("round create"), input, state)
        .await
        .map_err(explain)?;
    println!(
        "created round {} ({}) with catalog {} / đã tạo đợt kiểm tra",
        round.id, round.name_vi, round.catalog
    );
    Ok(())
}

async fn run_serve(database: &Database, serve: Serve) -> anyhow::Result<()> {
    // Settings are checked before the database is touched.
    let deployment = Deployment::new(serve.public_origin.as_deref(), &serve.trusted_proxies)?;
    let store = database.open_with_reference().await?;
    if serve.demo {
        load_demo(&*store).await?;
    }
    let mut state = AppState::new(store);
    state.deployment = Arc::new(deployment);
    // Uploaded PDFs are analysed by this same binary in worker processes.
    let program = std::env::current_exe().context("cannot find the scorecard binary for the PDF analysis")?;
    let analyser = crate::analysis::WorkerAnalyser::new(program, serve.analyses, Default::default());
    state.service = state
        .service
        .with_evidence(scorecard_service::evidence::EvidenceSettings {
            limits: scorecard_service::evidence::FileLimits {
                max_file_bytes: serve.max_file_mb.saturating_mul(1024 * 1024),
                max_files_per_record: serve.max_files_per_record,
            },
            analyser: Arc::new(analyser),
        });
    let config = Config {
        addr: serve.addr,
        dist: Some(serve.dist),
    };
    let (addr, server) = crate::app::spawn_until(state, config, stop_signal())
        .await
        .with_context(|| format!("cannot listen on {}", serve.addr))?;
    println!("egov-scorecard is serving at http://{addr}/");
    server.await?;
    println!("stopped: every request in flight was answered / đã dừng");
    Ok(())
}

/// SIGTERM (systemd, containers) or SIGINT (Ctrl-C): stop taking connections and finish the
/// requests in flight.
async fn stop_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = terminate => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    println!("stopping: finishing the requests in flight / đang dừng");
}
