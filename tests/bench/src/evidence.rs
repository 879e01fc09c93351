//! Issue 12's budgets, each beside its ceiling: the signature check of a 20 MB signed PDF (in
//! process, and through the worker process the server uses); a 20 MB upload on loopback, end
//! to end, to a real `scorecard serve`; the server's peak memory while 4 such uploads run at
//! once, above its idle peak, and one worker's peak.
//!
//! The PDFs are signed by the test-only signer of `crates/evidence/tests/support` (a
//! throwaway CA), each with a payload of its own random bytes, so that no upload is stored
//! already and every one is checked.

#[allow(
    dead_code,
    clippy::all,
    reason = "the evidence tests' signer, shared as it is"
)]
#[path = "../../../crates/evidence/tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use scorecard_evidence::{TrustStore, analyse};
use scorecard_resilience_tests::process::ServerProcess;

use crate::durable::sign_in_all;
use crate::{Row, median};

/// The size of each benchmark PDF.
const SIZE: usize = 20 * 1024 * 1024;

/// A signed PDF of about 20 MB: the signer's signature over a page with an image of random
/// bytes (incompressible, as scanned evidence is).
fn signed_pdf(seed: u64) -> Vec<u8> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let payload: Vec<u8> = (0..SIZE - 64 * 1024)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u8
        })
        .collect();
    let ca = support::root("Bench Root CA");
    let signer = support::issue(
        &ca,
        support::Holder::Person {
            name: "Nguyễn Văn An",
            title: "Thứ trưởng",
            organization: "Bộ Tài chính",
        },
        "2025-01-01T00:00:00Z",
        "2028-01-01T00:00:00Z",
    );
    let mut pdf = support::Pdf::with_image(&payload);
    pdf.sign(&signer, &support::Sign::signer());
    pdf.bytes
}

pub async fn bench_evidence(rows: &mut Vec<Row>, binary: Option<&Path>) -> anyhow::Result<()> {
    let pdf = signed_pdf(1);
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let analysis = analyse(&pdf, &TrustStore::empty());
        times.push(start.elapsed().as_secs_f64());
        anyhow::ensure!(
            analysis
                .signatures
                .first()
                .is_some_and(|s| s.intact && s.covers_whole_file),
            "the benchmark PDF does not verify: {analysis:?}"
        );
    }
    rows.push(Row {
        what: format!(
            "signature check of a {:.1} MB signed PDF (in process)",
            pdf.len() as f64 / 1e6
        ),
        value: format!("{:.3} s", median(times)),
        budget: "< 1 s",
    });

    let Some(binary) = binary else {
        println!("note: evidence uploads skipped: SCORECARD_BIN is not set (`cargo xtask bench` sets it)");
        return Ok(());
    };
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("signed.pdf");
    std::fs::write(&file, &pdf)?;
    let (mut worker, mut peaks) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let start = Instant::now();
        let child = std::process::Command::new(binary)
            .args(["pdf", "check", "--worker"])
            .arg(&file)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .spawn()?;
        let (status, peak_kb) = wait_with_peak(child.id())?;
        worker.push(start.elapsed().as_secs_f64());
        peaks.push(peak_kb as f64);
        anyhow::ensure!(status == 0, "the worker failed ({status})");
    }
    rows.push(Row {
        what: "… through the worker process the server runs (start, read, check, answer)".into(),
        value: format!(
            "{:.3} s, the worker's peak {:.0} MB",
            median(worker),
            median(peaks) / 1024.0
        ),
        budget: "< 1 s",
    });

    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist)?;
    let server = ServerProcess::start(binary, &dir.path().join("evidence.db"), &dist, true).await?;
    let sessions = sign_in_all(
        &server.base,
        server
            .logins
            .iter()
            .map(|l| (l.username.clone(), l.password.clone())),
    )
    .await?;
    let inspector = sessions.get("canbo.an").context("the demo inspector")?.clone();
    let upload =
        |session: scorecard_resilience_tests::writes::Session, record: &'static str, bytes: Vec<u8>| {
            let url = format!("{}/api/v1/rounds/2026/records/{record}/files", server.base);
            async move {
                let part = reqwest::multipart::Part::bytes(bytes).file_name("ban-chup.pdf");
                let form = reqwest::multipart::Form::new().part("file", part);
                let start = Instant::now();
                let response = session
                    .request(reqwest::Method::POST, &url)
                    .multipart(form)
                    .send()
                    .await?;
                let status = response.status();
                let body = response.text().await?;
                anyhow::ensure!(status == 201, "upload to {record}: {status} {body}");
                anyhow::Ok(start.elapsed().as_secs_f64())
            }
        };
    // One at a time, each a new file.
    let mut one = Vec::new();
    for (i, record) in ["bct/TC-01", "bct/TC-02", "bct/VB-01"].into_iter().enumerate() {
        one.push(upload(inspector.clone(), record, signed_pdf(10 + i as u64)).await?);
    }
    rows.push(Row {
        what: "upload of a 20 MB signed PDF on loopback, end to end (streamed, hashed, checked, stored)"
            .into(),
        value: format!("{:.3} s", median(one)),
        budget: "< 2 s",
    });
    // Four at once, against the server's idle peak.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let idle = server.peak_memory_kb().unwrap_or(0);
    let files: Vec<Vec<u8>> = (0..4).map(|i| signed_pdf(20 + i)).collect();
    let records = ["btc/TC-01", "btc/TC-02", "btc/VB-01", "btc/VB-02"];
    let started = Instant::now();
    let uploads: Vec<_> = files
        .into_iter()
        .zip(records)
        .map(|(bytes, record)| tokio::spawn(upload(inspector.clone(), record, bytes)))
        .collect();
    for upload in uploads {
        upload.await??;
    }
    let together = started.elapsed().as_secs_f64();
    let peak = server.peak_memory_kb().unwrap_or(0);
    server.kill().await?;
    rows.push(Row {
        what: format!(
            "server peak memory while 4 uploads of 20 MB run at once (all done in {together:.1} s)"
        ),
        value: format!(
            "{} MB above idle ({} MB idle peak)",
            peak.saturating_sub(idle) / 1024,
            idle / 1024
        ),
        budget: "< 300 MB",
    });
    Ok(())
}

/// Waits for the child `pid` and answers its exit status and its own peak memory in KB.
fn wait_with_peak(pid: u32) -> anyhow::Result<(i32, u64)> {
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 writes the status and the struct it is given, both of the right types.
    let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, usage.as_mut_ptr()) };
    anyhow::ensure!(waited == pid as libc::pid_t, "wait4 failed");
    // SAFETY: wait4 succeeded, so it filled the struct in.
    let usage = unsafe { usage.assume_init() };
    Ok((status, u64::try_from(usage.ru_maxrss).unwrap_or(0)))
}
