//! The `scorecard` command line (PRODUCT.md section 5).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use scorecard_store::{SqliteStore, Store};
use tracing_subscriber::EnvFilter;

use crate::app::{AppState, Config};

/// egov-scorecard: e-government compliance inspections, scores and rankings.
#[derive(Debug, Parser)]
#[command(name = "scorecard", version)]
pub struct Cli {
    #[command(flatten)]
    pub database: Database,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the data lives; every subcommand takes the same options.
#[derive(Debug, Clone, Args)]
pub struct Database {
    /// The SQLite database file [default: $SCORECARD_DB, or
    /// $XDG_DATA_HOME/egov-scorecard/scorecard.db, or ~/.local/share/egov-scorecard/scorecard.db]
    #[arg(long, global = true, value_name = "PATH", conflicts_with = "database_url")]
    pub db: Option<PathBuf>,
    /// A database URL such as `sqlite:///var/lib/scorecard.db`
    #[arg(long, global = true, value_name = "URL", env = "DATABASE_URL")]
    pub database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the dashboard and the JSON API.
    Serve(Serve),
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
    /// Opens the database, creating the file and its folder when missing.
    pub async fn open(&self) -> anyhow::Result<SqliteStore> {
        if let Some(url) = &self.database_url {
            return SqliteStore::connect(url)
                .await
                .with_context(|| format!("cannot open database {url}"));
        }
        let path = self.db.clone().unwrap_or_else(default_db_path);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create folder {}", parent.display()))?;
        }
        SqliteStore::open_file(&path)
            .await
            .with_context(|| format!("cannot open database {}", path.display()))
    }
}

/// Runs one command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("SCORECARD_LOG").unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        Command::Serve(serve) => run_serve(&cli.database, serve).await,
    }
}

async fn run_serve(database: &Database, serve: Serve) -> anyhow::Result<()> {
    let store = database.open().await?;
    if serve.demo {
        load_demo(&store).await?;
    }
    let state = AppState::new(Arc::new(store));
    let config = Config {
        addr: serve.addr,
        dist: Some(serve.dist),
    };
    let (addr, server) = crate::app::spawn(state, config)
        .await
        .with_context(|| format!("cannot listen on {}", serve.addr))?;
    println!("egov-scorecard is serving at http://{addr}/");
    tokio::select! {
        _ = server => {}
        _ = tokio::signal::ctrl_c() => println!("stopping"),
    }
    Ok(())
}

/// Loads the demo into an empty database; a database with data is left as it is.
pub async fn load_demo(store: &SqliteStore) -> anyhow::Result<()> {
    if !store.is_empty().await? {
        println!("the database already holds data: the demo data is not loaded again");
        return Ok(());
    }
    let demo = scorecard_dataset::demo().map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the embedded demo data is invalid:\n{}", lines.join("\n"))
    })?;
    store
        .load_dataset(&demo, &[("demo", serde_json::Value::Bool(true))])
        .await?;
    println!(
        "loaded the demo data (Dữ liệu minh họa / illustrative data): {} organisations, {} rounds, {} records",
        demo.organizations.len(),
        demo.rounds.len(),
        demo.records.len()
    );
    Ok(())
}
