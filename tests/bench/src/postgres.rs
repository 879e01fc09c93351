//! Issue 11's budgets on PostgreSQL, each beside its ceiling in the same run: the cached
//! ranking beside the health endpoint of the same instance; durable record saves through HTTP
//! beside a plain one-row `INSERT` + `COMMIT` loop on the same cluster; `db copy` of 1,000,000
//! records from SQLite. The cluster is a throwaway one with `fsync` on, as a deployment runs.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use scorecard_server::app::{AppState, Config};
use scorecard_store::{Actor, PgStore, SqliteStore, Store};
use scorecard_test_postgres::Cluster;

use crate::durable::{save_for, sign_in_all};
use crate::generate::Generated;
use crate::{Row, load, median};

pub async fn bench_postgres(rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let cluster = Cluster::start_durable().map_err(anyhow::Error::msg)?;
    cached_ranking(rows, &cluster).await.context("cached ranking")?;
    durable_saves(rows, &cluster).await.context("durable saves")?;
    copy_a_million(rows, &cluster).await.context("db copy")?;
    Ok(())
}

async fn serve(store: Arc<dyn Store>) -> anyhow::Result<String> {
    let config = Config {
        addr: "127.0.0.1:0".parse()?,
        dist: None,
    };
    let (addr, _) = scorecard_server::spawn(AppState::new(store), config).await?;
    Ok(format!("http://{addr}"))
}

async fn cached_ranking(rows: &mut Vec<Row>, cluster: &Cluster) -> anyhow::Result<()> {
    let mut generated = Generated::new("pg", 100, 100, 3);
    generated.round.state = scorecard_domain::RoundState::Published;
    let store = PgStore::connect(&cluster.database()).await?;
    store
        .load_dataset(&generated.dataset(), &[], &Actor::system("bench"))
        .await?;
    let base = serve(Arc::new(store)).await?;
    const BROWSER: &str = "gzip, deflate, br, zstd";
    let urls = [
        format!("{base}/api/v1/health"),
        format!("{base}/api/v1/rounds/pg/ranking"),
    ];
    reqwest::get(&urls[1]).await?.error_for_status()?;
    let (mut health, mut ranking) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        health.push(load(&urls[0], BROWSER, 16, Duration::from_secs(2)).await?.0);
        ranking.push(load(&urls[1], BROWSER, 16, Duration::from_secs(2)).await?.0);
    }
    let (health, ranking) = (median(health), median(ranking));
    rows.push(Row {
        what: "PostgreSQL: GET ranking (100 × 100, cached; the data version read each time)".into(),
        value: format!(
            "{ranking:.0} req/s, {:.2} × health ({health:.0} req/s)",
            ranking / health
        ),
        budget: "≥ 0.5 × health",
    });
    Ok(())
}

/// Saves through HTTP by 8 inspectors at once, beside one connection inserting one row and
/// committing, again and again, alternated so that noise hits both alike.
async fn durable_saves(rows: &mut Vec<Row>, cluster: &Cluster) -> anyhow::Result<()> {
    let url = cluster.database();
    let store = PgStore::connect(&url).await?;
    let logins = scorecard_server::cli::load_demo(&store)
        .await?
        .context("a new database takes the demo")?;
    sqlx::query("CREATE TABLE plain_inserts (n BIGINT PRIMARY KEY, body TEXT NOT NULL)")
        .execute(store.pool())
        .await?;
    let plain_pool = store.pool().clone();
    let base = serve(Arc::new(store)).await?;
    let sessions = sign_in_all(&base, logins.into_iter().map(|l| (l.username, l.password))).await?;
    let mut writers = scorecard_resilience_tests::writes::demo_writers(
        8,
        &sessions,
        &mut scorecard_resilience_tests::rng::Rng::new(11),
    )?;
    let (mut saves, mut plains, mut n) = (Vec::new(), Vec::new(), 0i64);
    for _ in 0..3 {
        let started = Instant::now();
        let mut done = 0;
        while started.elapsed() < Duration::from_secs(2) {
            n += 1;
            sqlx::query("INSERT INTO plain_inserts (n, body) VALUES ($1, $2)")
                .bind(n)
                .bind("Bộ Tài chính TC-01 met")
                .execute(&plain_pool)
                .await?;
            done += 1;
        }
        plains.push(f64::from(done) / started.elapsed().as_secs_f64());
        let (saved, back) = save_for(writers, &base, Duration::from_secs(3)).await?;
        writers = back;
        saves.push(saved as f64 / 3.0);
    }
    let (saves, plain) = (median(saves), median(plains));
    rows.push(Row {
        what: "PostgreSQL: plain one-row INSERT + COMMIT loop (fsync on)".into(),
        value: format!("{plain:.0} /s"),
        budget: "",
    });
    rows.push(Row {
        what: "PostgreSQL: durable record saves through HTTP (8 inspectors at once)".into(),
        value: format!("{saves:.0} /s, {:.2} × the plain loop", saves / plain),
        budget: "≥ 0.5 × plain loop",
    });
    Ok(())
}

/// `db copy` of a SQLite installation holding 1,000,000 records into PostgreSQL.
async fn copy_a_million(rows: &mut Vec<Row>, cluster: &Cluster) -> anyhow::Result<()> {
    let generated = Generated::new("copy", 10_000, 100, 5);
    let dir = tempfile::tempdir()?;
    let source = SqliteStore::open_file(&dir.path().join("million.db")).await?;
    source
        .load_dataset(&generated.dataset(), &[], &Actor::system("bench"))
        .await?;
    let records = generated.records.len();
    drop(generated);
    let destination = PgStore::connect(&cluster.database()).await?;
    let started = Instant::now();
    let report = destination.copy_from(&source).await?;
    let elapsed = started.elapsed().as_secs_f64();
    let copied = report
        .tables
        .iter()
        .find(|(t, _)| *t == "records")
        .map_or(0, |(_, n)| *n);
    anyhow::ensure!(copied as usize == records, "copied {copied} of {records} records");
    rows.push(Row {
        what: format!("db copy SQLite → PostgreSQL, {records} records (counts and audit chain verified)"),
        value: format!("{elapsed:.1} s, {:.0} records/s", records as f64 / elapsed),
        budget: "< 60 s",
    });
    Ok(())
}
