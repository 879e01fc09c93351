//! `cargo xtask bench`: measures what users feel and prints a table of medians.
//!
//! Each figure is the median of several runs in one process on this machine; ratios between
//! figures of the same run are what compare across machines.

mod durable;
mod evidence;
mod frontend;
mod generate;
mod pandas;
mod postgres;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use scorecard_dataset::Dataset;
use scorecard_domain::{Ranking, Scope, View};
use scorecard_server::app::{AppState, Config};
use scorecard_service::imports::{Format, ImportOptions};
use scorecard_service::{Service, Who};
use scorecard_store::{Actor, SqliteStore, Store};

use generate::Generated;

pub(crate) fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

pub(crate) struct Row {
    pub(crate) what: String,
    pub(crate) value: String,
    pub(crate) budget: &'static str,
}

/// Scoring and ranking one round of 1,000,000 records (10,000 organisations × 100 criteria).
fn bench_scoring(rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let generated = Generated::new("bench", 10_000, 100, 7);
    let (data, organizations, records) = (generated.data(), &generated.organizations, &generated.records);
    // Alternated with the plain pass so that noise hits both alike; each takes milliseconds,
    // so enough runs for a steady median on a shared machine.
    let (mut times, mut plain) = (Vec::new(), Vec::new());
    for _ in 0..21 {
        let start = Instant::now();
        let ranking: Ranking = data.ranking(None, organizations, Scope::All, View::Official);
        std::hint::black_box(&ranking);
        times.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        std::hint::black_box(plain_read(records));
        plain.push(start.elapsed().as_secs_f64());
    }
    let (scoring, plain) = (median(times), median(plain));
    rows.push(Row {
        what: format!("score and rank {} records (one core)", records.len()),
        value: format!("{scoring:.3} s"),
        budget: "< 1 s",
    });
    rows.push(Row {
        what: "… beside a plain pass reading the same records (ids, outcome, state)".into(),
        value: format!("{plain:.3} s, scoring {:.1} × that", scoring / plain),
        budget: "≤ 3 ×",
    });
    let ranking = data.ranking(None, organizations, Scope::All, View::Official);
    pandas::compare(&generated, &ranking, scoring, rows)
}

/// What any scoring must at least do: read each record's organisation, criterion, outcome and
/// state once. The ceiling the scoring is measured against.
fn plain_read(records: &[scorecard_domain::Record]) -> u64 {
    use scorecard_domain::Outcome;
    let mut sum = 0u64;
    for record in records {
        let org = record.organization.as_str().as_bytes();
        let criterion = record.criterion.as_str().as_bytes();
        sum = sum
            .wrapping_add(org.first().copied().unwrap_or(0) as u64 + org.len() as u64)
            .wrapping_add(criterion.last().copied().unwrap_or(0) as u64)
            .wrapping_add(record.state as u64);
        sum = sum.wrapping_add(match &record.outcome {
            Outcome::Met => 1,
            Outcome::NotMet => 2,
            Outcome::NotApplicable => 3,
            // A level is its key: reading the outcome reads the key's bytes, not only its length.
            Outcome::Level(key) => key.as_bytes().first().copied().unwrap_or(0) as u64 + key.len() as u64,
            Outcome::Ratio(value) => value.to_bits() & 0xff,
        });
    }
    sum
}

/// The peak resident memory of this process so far, in MB (Linux; 0 elsewhere).
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The PDF briefing of 100 organisations and the XLSX workbook of 100,000 records.
fn bench_briefing(rows: &mut Vec<Row>) -> anyhow::Result<()> {
    use scorecard_briefing::{Heading, Lang, pdf, xlsx};
    let issued_on = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).context("a date")?;
    let heading = Heading::inspection_team(Lang::Vi, issued_on);
    let before = peak_rss_mb();
    for criteria in [7, 100] {
        let generated = Generated::new("pdf", 100, criteria, 5);
        let data = generated.data();
        let mut times = Vec::new();
        let mut pages = 0;
        let mut size = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let ranking = data.ranking(None, &generated.organizations, Scope::All, View::Official);
            let scores = data.scores(View::Official);
            let report = generated.report(&ranking, &scores);
            let bytes = pdf::briefing(&report, &heading, Lang::Vi)?;
            times.push(start.elapsed().as_secs_f64());
            pages = pdf::layout(&report, &heading, Lang::Vi).pages.len();
            size = bytes.len();
        }
        rows.push(Row {
            what: format!(
                "PDF briefing, 100 organisations × {criteria} criteria ({pages} pages, {:.0} kB)",
                size as f64 / 1e3
            ),
            value: format!("{:.3} s", median(times)),
            budget: "< 1 s",
        });
    }
    rows.push(Row {
        what: "peak memory while making those PDFs (process, before → after)".into(),
        value: format!("{before:.0} → {:.0} MB", peak_rss_mb()),
        budget: "< 100 MB",
    });
    let generated = Generated::new("xlsx", 1_000, 100, 9);
    let data = generated.data();
    let ranking = data.ranking(None, &generated.organizations, Scope::All, View::Official);
    let scores = data.scores(View::Official);
    let report = generated.report(&ranking, &scores);
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..3 {
        let start = Instant::now();
        size = xlsx::workbook(&report, Lang::Vi)?.len();
        times.push(start.elapsed().as_secs_f64());
    }
    rows.push(Row {
        what: format!(
            "XLSX workbook of {} records, 1,000 organisations ({:.1} MB)",
            generated.records.len(),
            size as f64 / 1e6
        ),
        value: format!("{:.3} s", median(times)),
        budget: "< 2 s",
    });
    Ok(())
}

async fn fresh_store(dir: &tempfile::TempDir, name: &str) -> anyhow::Result<SqliteStore> {
    Ok(SqliteStore::open_file(&dir.path().join(name)).await?)
}

/// A new database holding the generated round with its organisations and catalog, no records.
async fn store_with_round(
    dir: &tempfile::TempDir,
    name: &str,
    generated: &Generated,
) -> anyhow::Result<SqliteStore> {
    let store = fresh_store(dir, name).await?;
    store
        .ensure_reference(&generated.organizations, std::slice::from_ref(&generated.catalog))
        .await?;
    store
        .create_round(&generated.round, &Actor::system("bench"))
        .await?;
    Ok(store)
}

/// Import of 100,000 CSV rows end to end: parse, check, write in one transaction.
async fn bench_import(rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let generated = Generated::new("import", 1_000, 100, 11);
    let records = &generated.records;
    let text = scorecard_dataset::records_csv::write(records);
    // Alternated with the import so that noise hits both alike.
    let (mut rates, mut ceilings, mut reads) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..3 {
        let dir = tempfile::tempdir()?;
        let store = store_with_round(&dir, &format!("import-{run}.db"), &generated).await?;
        let service = Service::new(std::sync::Arc::new(store));
        let start = Instant::now();
        let options = ImportOptions {
            format: Format::Csv,
            approve: true,
            dry_run: false,
        };
        let summary = service
            .import(
                &Who::command("bench"),
                generated.round.id.as_str(),
                text.as_bytes(),
                options,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let seconds = start.elapsed().as_secs_f64();
        anyhow::ensure!(
            summary.inserted == records.len(),
            "imported {} of {}",
            summary.inserted,
            records.len()
        );
        rates.push(records.len() as f64 / seconds);
        ceilings.push(plain_insert(&dir, run, &generated).await?);
        // What the first ranking of the round reads, through another connection.
        let reader = fresh_store(&dir, &format!("import-{run}.db")).await?;
        let start = Instant::now();
        let read = reader
            .records(&generated.round.id, &scorecard_store::RecordFilter::default())
            .await?;
        reads.push(start.elapsed().as_secs_f64());
        anyhow::ensure!(
            read.len() == records.len(),
            "read {} of {}",
            read.len(),
            records.len()
        );
    }
    let (rate, ceiling) = (median(rates), median(ceilings));
    rows.push(Row {
        what: format!(
            "import {} CSV rows ({:.1} MB), end to end",
            records.len(),
            text.len() as f64 / 1e6
        ),
        value: format!("{rate:.0} rows/s"),
        budget: "≥ 30,000 rows/s",
    });
    rows.push(Row {
        what: "… beside a plain INSERT of the same rows in one transaction, same engine (ceiling)".into(),
        value: format!("{ceiling:.0} rows/s, import {:.2} × that", rate / ceiling),
        budget: "≥ 0.3 ×",
    });
    let read = median(reads);
    rows.push(Row {
        what: format!(
            "read the round's {} records back (what its first ranking reads)",
            records.len()
        ),
        value: format!("{read:.3} s, {:.0} records/s", records.len() as f64 / read),
        budget: "",
    });
    Ok(())
}

/// Rows per second of the least any import must do: the rows written into the records table of
/// a database set up like the import's (same pragmas, round and reference data) in one
/// transaction, as multi-row `INSERT`s of 2,000 rows (the fastest way through sqlx and SQLite;
/// one statement per row is three times slower). No parsing, checks, versions or audit entries.
async fn plain_insert(dir: &tempfile::TempDir, run: usize, generated: &Generated) -> anyhow::Result<f64> {
    let store = store_with_round(dir, &format!("plain-{run}.db"), generated).await?;
    let records = &generated.records;
    let start = Instant::now();
    let mut transaction = store.pool().begin().await?;
    for chunk in records.chunks(2_000) {
        let mut query: sqlx::QueryBuilder<sqlx::Sqlite> = sqlx::QueryBuilder::new(
            "INSERT INTO records (round_id, organization_id, criterion, outcome, value, evidence, note, \
             inspector, assessed_on, state, updated_at) ",
        );
        query.push_values(chunk, |mut row, record| {
            row.push_bind(record.round.as_str())
                .push_bind(record.organization.as_str())
                .push_bind(record.criterion.as_str())
                .push_bind(record.outcome.key())
                .push_bind(record.outcome.value())
                .push_bind(&record.evidence)
                .push_bind(&record.note)
                .push_bind(&record.inspector)
                .push_bind(record.assessed_on.map(|d| d.to_string()))
                .push_bind("approved")
                .push_bind("2026-11-29T00:00:00Z");
        });
        query.build().execute(&mut *transaction).await?;
    }
    transaction.commit().await?;
    Ok(records.len() as f64 / start.elapsed().as_secs_f64())
}

/// Requests per second and p99 latency of one URL with `connections` concurrent clients, each
/// request saying `Accept-Encoding: accept` as a browser would (the body is read, not decoded).
pub(crate) async fn load(
    url: &str,
    accept: &'static str,
    connections: usize,
    duration: Duration,
) -> anyhow::Result<(f64, Duration)> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .build()?;
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let client = client.clone();
        let url = url.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let start = Instant::now();
                let response = client.get(&url).header("Accept-Encoding", accept).send().await?;
                anyhow::ensure!(
                    response.status().is_success(),
                    "{url} answered {}",
                    response.status()
                );
                response.bytes().await?;
                latencies.push(start.elapsed());
            }
            Ok(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await??);
    }
    latencies.sort();
    let p99 = latencies
        .get(latencies.len() * 99 / 100)
        .copied()
        .unwrap_or_default();
    Ok((latencies.len() as f64 / duration.as_secs_f64(), p99))
}

/// Cached ranking and summary requests beside `GET /api/v1/health`, on one server in one run.
async fn bench_http(rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let mut generated = Generated::new("http", 100, 100, 3);
    // Published, so that leaders read it without signing in, as on a public dashboard.
    generated.round.state = scorecard_domain::RoundState::Published;
    let dir = tempfile::tempdir()?;
    let store = fresh_store(&dir, "http.db").await?;
    let data = Dataset {
        organizations: generated.organizations,
        catalogs: vec![generated.catalog],
        rounds: vec![generated.round],
        records: generated.records,
    };
    store.load_dataset(&data, &[], &Actor::system("bench")).await?;
    let config = Config {
        addr: "127.0.0.1:0".parse()?,
        dist: None,
    };
    let (addr, _) = scorecard_server::spawn(AppState::new(Arc::new(store)), config).await?;
    let base = format!("http://{addr}/api/v1");
    // What Chromium asks for over https (over plain http it leaves out br), and nothing.
    const BROWSER: &str = "gzip, deflate, br, zstd";
    const PLAIN: &str = "identity";
    let urls = [
        ("GET /api/v1/health".to_owned(), format!("{base}/health"), BROWSER),
        (
            "GET ranking (100 × 100, cached)".to_owned(),
            format!("{base}/rounds/http/ranking"),
            BROWSER,
        ),
        (
            "GET summary (100 × 100, cached)".to_owned(),
            format!("{base}/rounds/http/summary"),
            BROWSER,
        ),
        (
            "GET summary (100 × 100, cached), uncompressed".to_owned(),
            format!("{base}/rounds/http/summary"),
            PLAIN,
        ),
    ];
    // Warm the cache (each coding once), then alternate the endpoints so that noise hits them
    // alike. The sizes say what each answer weighs on the wire.
    let mut labels = Vec::new();
    let client = reqwest::Client::new();
    for (what, url, accept) in &urls {
        let response = client
            .get(url)
            .header("Accept-Encoding", *accept)
            .send()
            .await?
            .error_for_status()?;
        let coding = response
            .headers()
            .get("content-encoding")
            .map_or("identity".to_owned(), |v| v.to_str().unwrap_or("?").to_owned());
        let bytes = response.bytes().await?.len();
        labels.push(format!("{what} ({coding}, {:.1} kB)", bytes as f64 / 1000.0));
    }
    let mut results = vec![(Vec::new(), Vec::new()); urls.len()];
    for _ in 0..3 {
        for (i, (_, url, accept)) in urls.iter().enumerate() {
            let (rps, p99) = load(url, accept, 16, Duration::from_secs(2)).await?;
            results[i].0.push(rps);
            results[i].1.push(p99.as_secs_f64() * 1000.0);
        }
    }
    let health = median(results[0].0.clone());
    for (i, what) in labels.iter().enumerate() {
        let rps = median(results[i].0.clone());
        let ratio = if i == 0 {
            String::new()
        } else {
            format!(", {:.2} × health", rps / health)
        };
        rows.push(Row {
            what: what.clone(),
            value: format!(
                "{rps:.0} req/s, p99 {:.2} ms{ratio}",
                median(results[i].1.clone())
            ),
            // The budget is for what browsers get; the plain answer is shown for comparison.
            budget: if i == 0 || urls[i].2 == PLAIN {
                ""
            } else {
                "≥ 0.5 × health"
            },
        });
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("egov-scorecard benchmarks on {cores} cores (medians)\n");
    let mut rows = Vec::new();
    // `SCORECARD_BENCH=import,http` runs only those; by default everything runs.
    let only = std::env::var("SCORECARD_BENCH").unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.split(',').any(|w| w.trim() == name);
    // First, so that the peak memory it reports is the documents' own.
    if wanted("briefing") {
        bench_briefing(&mut rows).context("briefing benchmark")?;
    }
    if wanted("scoring") {
        bench_scoring(&mut rows).context("scoring benchmark")?;
    }
    if wanted("import") {
        bench_import(&mut rows).await.context("import benchmark")?;
    }
    if wanted("http") {
        bench_http(&mut rows).await.context("HTTP benchmark")?;
    }
    if wanted("postgres") {
        postgres::bench_postgres(&mut rows)
            .await
            .context("PostgreSQL benchmark")?;
    }
    if wanted("writes") {
        durable::bench_writes(&mut rows)
            .await
            .context("write benchmark")?;
    }
    let binary = durable::binary();
    if wanted("crash") {
        // `SCORECARD_CRASH_CYCLES` runs more (or fewer) than the default 200.
        let cycles = std::env::var("SCORECARD_CRASH_CYCLES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(200);
        durable::bench_crash(&mut rows, binary.as_deref(), cycles)
            .await
            .context("crash cycles")?;
    }
    if wanted("memory") {
        durable::bench_memory(&mut rows, binary.as_deref())
            .await
            .context("server memory")?;
    }
    if wanted("evidence") {
        evidence::bench_evidence(&mut rows, binary.as_deref())
            .await
            .context("evidence benchmark")?;
    }
    if wanted("bundle") {
        frontend::bench_bundle(&mut rows).context("bundle sizes")?;
    }
    if wanted("browser") {
        frontend::bench_browser(&mut rows)
            .await
            .context("browser benchmark")?;
    }
    println!("| measurement | median | budget |\n|---|---|---|");
    for row in rows {
        println!("| {} | {} | {} |", row.what, row.value, row.budget);
    }
    Ok(())
}
