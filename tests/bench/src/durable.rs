//! What inspectors feel when they save: durable writes through HTTP beside the disk's own
//! fsync rate, the crash cycles of issue 7 at length, and the server's peak memory under load.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use scorecard_resilience_tests::crash;
use scorecard_resilience_tests::process::ServerProcess;
use scorecard_resilience_tests::rng::Rng;
use scorecard_resilience_tests::writes::{self, Session, Writer};
use scorecard_server::app::{AppState, Config};
use scorecard_store::SqliteStore;

use crate::{Row, median};

/// Writes of 4 KiB appended to a file, each followed by `fdatasync`, per second: what one
/// committed SQLite transaction in WAL mode costs the disk at least.
fn fsync_rate(dir: &Path, duration: Duration) -> anyhow::Result<f64> {
    let path = dir.join("fsync-probe");
    let mut file = std::fs::File::create(&path)?;
    let page = [0x5au8; 4096];
    let start = Instant::now();
    let mut count = 0u64;
    while start.elapsed() < duration {
        file.write_all(&page)?;
        file.sync_data()?;
        count += 1;
    }
    let rate = count as f64 / start.elapsed().as_secs_f64();
    std::fs::remove_file(&path).ok();
    Ok(rate)
}

/// Signs every demo user in.
pub(crate) async fn sign_in_all(
    base: &str,
    logins: impl Iterator<Item = (String, String)>,
) -> anyhow::Result<HashMap<String, Session>> {
    let http = writes::http_client();
    let mut sessions = HashMap::new();
    for (username, password) in logins {
        let session = Session::sign_in(&http, base, &username, &password).await?;
        sessions.insert(username, session);
    }
    Ok(sessions)
}

/// Runs `writers` until `deadline`; returns how many saves were acknowledged.
pub(crate) async fn save_for(
    writers: Vec<Writer>,
    base: &str,
    duration: Duration,
) -> anyhow::Result<(usize, Vec<Writer>)> {
    let deadline = Instant::now() + duration;
    let tasks: Vec<_> = writers
        .into_iter()
        .map(|w| {
            let before = w.acknowledged;
            (before, tokio::spawn(w.save_until(base.to_owned(), deadline)))
        })
        .collect();
    let mut saved = 0;
    let mut back = Vec::new();
    for (before, task) in tasks {
        let writer = task.await??;
        saved += writer.acknowledged - before;
        back.push(writer);
    }
    Ok((saved, back))
}

/// Record saves per second through HTTP (8 inspectors' sessions at once, each save one
/// `BEGIN IMMEDIATE` transaction with its audit entry, fsynced), beside the fsync rate of
/// the disk under the database, measured in the same run and folder.
pub async fn bench_writes(rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = SqliteStore::open_file(&dir.path().join("writes.db")).await?;
    let logins = scorecard_server::cli::load_demo(&store)
        .await?
        .context("a new database takes the demo")?;
    let config = Config {
        addr: "127.0.0.1:0".parse()?,
        dist: None,
    };
    let (addr, _) = scorecard_server::spawn(AppState::new(Arc::new(store)), config).await?;
    let base = format!("http://{addr}");
    let sessions = sign_in_all(&base, logins.into_iter().map(|l| (l.username, l.password))).await?;
    let mut rng = Rng::new(11);
    let mut writers = writes::demo_writers(8, &sessions, &mut rng)?;
    let (mut fsyncs, mut saves, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..3 {
        let fsync = fsync_rate(dir.path(), Duration::from_secs(2))?;
        let (saved, back) = save_for(writers, &base, Duration::from_secs(3)).await?;
        writers = back;
        let rate = saved as f64 / 3.0;
        fsyncs.push(fsync);
        saves.push(rate);
        ratios.push(rate / fsync);
    }
    rows.push(Row {
        what: "disk: 4 KiB write + fdatasync, in the database's folder".into(),
        value: format!("{:.0} /s", median(fsyncs)),
        budget: "",
    });
    rows.push(Row {
        what: "durable record saves through HTTP (8 inspectors at once)".into(),
        value: format!("{:.0} /s, {:.2} × fsync rate", median(saves), median(ratios)),
        budget: "≥ 0.5 × fsync rate",
    });
    Ok(())
}

/// The crash cycles of `server/tests/crash.rs`, many more of them, on the release binary.
pub async fn bench_crash(rows: &mut Vec<Row>, binary: Option<&Path>, cycles: usize) -> anyhow::Result<()> {
    let Some(binary) = binary else {
        println!("note: crash cycles skipped: SCORECARD_BIN is not set (`cargo xtask bench` sets it)");
        return Ok(());
    };
    let report = crash::run(&crash::Options::new(binary.to_path_buf(), cycles, 2026)).await?;
    rows.push(Row {
        what: format!(
            "SIGKILL cycles, 8 writers: {} acknowledged saves, {} cut off by the kill ({} of them written)",
            report.acknowledged,
            report.interrupted_written + report.interrupted_lost,
            report.interrupted_written
        ),
        value: format!(
            "{} cycles in {:.0} s, 0 lost",
            report.cycles,
            report.elapsed.as_secs_f64()
        ),
        budget: "0 lost",
    });
    Ok(())
}

/// The peak resident memory of the release `scorecard serve --demo` process after saves,
/// rankings, summaries and a PDF briefing under load.
pub async fn bench_memory(rows: &mut Vec<Row>, binary: Option<&Path>) -> anyhow::Result<()> {
    let Some(binary) = binary else {
        println!("note: server memory skipped: SCORECARD_BIN is not set (`cargo xtask bench` sets it)");
        return Ok(());
    };
    let dir = tempfile::tempdir()?;
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist)?;
    let server = ServerProcess::start(binary, &dir.path().join("memory.db"), &dist, true).await?;
    let started = server.peak_memory_kb().unwrap_or(0);
    let sessions = sign_in_all(
        &server.base,
        server
            .logins
            .iter()
            .map(|l| (l.username.clone(), l.password.clone())),
    )
    .await?;
    let writers = writes::demo_writers(8, &sessions, &mut Rng::new(5))?;
    let leader = sessions.get("lanhdao").context("the demo leader")?.clone();
    let base = server.base.clone();
    let reads = tokio::spawn(async move {
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            for path in ["ranking", "summary", "export.pdf", "export.xlsx"] {
                let url = format!("{base}/api/v1/rounds/2019/{path}");
                leader
                    .request(reqwest::Method::GET, &url)
                    .send()
                    .await?
                    .bytes()
                    .await?;
            }
        }
        anyhow::Ok(())
    });
    save_for(writers, &server.base, Duration::from_secs(3)).await?;
    reads.await??;
    let peak = server.peak_memory_kb().unwrap_or(0);
    server.kill().await?;
    rows.push(Row {
        what: "server peak memory (VmHWM): started → after 3 s of saves, rankings, PDF and XLSX".into(),
        value: format!("{:.0} → {:.0} MB", started as f64 / 1024.0, peak as f64 / 1024.0),
        // The issue sets no budget; the figure is here to catch growth.
        budget: "",
    });
    Ok(())
}

/// The release `scorecard` binary `cargo xtask bench` built.
pub fn binary() -> Option<PathBuf> {
    std::env::var_os("SCORECARD_BIN")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
}
