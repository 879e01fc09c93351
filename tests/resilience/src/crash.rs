//! Crash safety: writers save records through HTTP while the server is killed with SIGKILL at
//! seeded random moments; after each kill the database must pass `PRAGMA integrity_check`,
//! the audit chain must verify, and after the restart every acknowledged save must be there.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};

use crate::process::{self, ServerProcess};
use crate::rng::Rng;
use crate::writes::{self, ROUND, Reconciled, Session, Writer};

/// How to run the crash cycles.
#[derive(Debug, Clone)]
pub struct Options {
    /// The `scorecard` binary.
    pub binary: PathBuf,
    pub cycles: usize,
    pub seed: u64,
    /// Concurrent writers (even: half per demo inspector).
    pub writers: usize,
    /// The load before each kill lasts a random time in this range, in milliseconds.
    pub load_ms: (u64, u64),
}

impl Options {
    /// 8 writers, 100–300 ms of load per cycle.
    pub fn new(binary: PathBuf, cycles: usize, seed: u64) -> Options {
        Options {
            binary,
            cycles,
            seed,
            writers: 8,
            load_ms: (100, 300),
        }
    }
}

/// What the cycles did.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub cycles: usize,
    /// Saves answered 2xx, all found after the crashes.
    pub acknowledged: usize,
    /// Saves whose answer the kill cut off: written or not, both are allowed.
    pub interrupted_written: usize,
    pub interrupted_lost: usize,
    pub elapsed: Duration,
}

/// Runs the cycles on a fresh demo database in a temporary folder.
pub async fn run(options: &Options) -> anyhow::Result<Report> {
    let started = Instant::now();
    let dir = tempfile_dir()?;
    let db = dir.join("crash.db");
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist)?;
    let mut rng = Rng::new(options.seed);
    let http = writes::http_client();

    let server = ServerProcess::start(&options.binary, &db, &dist, true).await?;
    let mut sessions = HashMap::new();
    for login in &server.logins {
        let session = Session::sign_in(&http, &server.base, &login.username, &login.password).await?;
        sessions.insert(login.username.clone(), session);
    }
    let admin = sessions.get("quantri").context("no demo admin")?.clone();
    let mut writers = writes::demo_writers(options.writers, &sessions, &mut rng)?;
    let mut report = Report::default();
    let mut server = Some(server);
    for cycle in 0..options.cycles {
        let running = match server.take() {
            Some(running) => running,
            None => ServerProcess::start(&options.binary, &db, &dist, false).await?,
        };
        let found = check_saves(&admin, &running.base, &mut writers)
            .await
            .with_context(|| format!("cycle {cycle} (seed {}): after the restart", options.seed))?;
        add(&mut report, found);
        let tasks: Vec<_> = writers
            .drain(..)
            .map(|w| tokio::spawn(w.save_until_interrupted(running.base.clone())))
            .collect();
        let load = rng.between(options.load_ms.0, options.load_ms.1);
        tokio::time::sleep(Duration::from_millis(load)).await;
        running.kill().await?;
        for task in tasks {
            writers.push(
                task.await?
                    .with_context(|| format!("cycle {cycle}: a writer failed"))?,
            );
        }
        process::integrity_check(&db)
            .await
            .with_context(|| format!("cycle {cycle}: after the kill"))?;
        process::audit_verify(&options.binary, &db)
            .await
            .with_context(|| format!("cycle {cycle}: after the kill"))?;
        report.cycles += 1;
    }
    let last = ServerProcess::start(&options.binary, &db, &dist, false).await?;
    let found = check_saves(&admin, &last.base, &mut writers)
        .await
        .context("after the last restart")?;
    add(&mut report, found);
    last.kill().await?;
    report.acknowledged = writers.iter().map(|w| w.acknowledged).sum();
    report.elapsed = started.elapsed();
    std::fs::remove_dir_all(&dir).ok();
    Ok(report)
}

fn add(report: &mut Report, found: Reconciled) {
    report.interrupted_written += found.interrupted_written;
    report.interrupted_lost += found.interrupted_lost;
}

/// Reads every record of the round as the admin and checks the writers' saves against it.
pub async fn check_saves(admin: &Session, base: &str, writers: &mut [Writer]) -> anyhow::Result<Reconciled> {
    let records = admin
        .json(&format!("{base}/api/v1/rounds/{ROUND}/records"))
        .await?;
    let records = records.as_array().context("the records list is an array")?;
    let found = writes::reconcile(writers, records)?;
    let owned: usize = writers
        .iter()
        .flat_map(|w| &w.slots)
        .filter(|s| s.acknowledged.is_some())
        .count();
    ensure!(
        found.acknowledged + found.interrupted_written == owned,
        "every saved record was checked"
    );
    Ok(found)
}

/// A new temporary folder under the system's; removed at the end of a successful run and
/// kept for inspection when a run fails.
fn tempfile_dir() -> anyhow::Result<PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("scorecard-crash-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
