//! `cargo xtask fuzz [--runs N]`: every fuzz target of `fuzz/` for N iterations, starting from
//! its committed seed corpus. It needs the nightly toolchain (libFuzzer's sanitizer flags) and
//! installs the pinned cargo-fuzz when it is missing; `cargo xtask test` does not call it, and
//! replays the seeds on stable instead (`tests/resilience/tests/fuzz_corpus.rs`).

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::toolchain::{run, show};

/// The cargo-fuzz release this was tried with.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// The default number of iterations per target: seconds each on two cores.
pub const DEFAULT_RUNS: u64 = 20_000;

/// Builds and runs every target for `runs` iterations; new inputs go to a temporary folder, so
/// the committed corpus only changes when someone adds a seed on purpose.
pub fn fuzz(root: &Path, runs: u64) -> Result<()> {
    ensure_nightly()?;
    ensure_cargo_fuzz()?;
    let fuzz_dir = root.join("fuzz");
    let mut targets: Vec<String> = std::fs::read_dir(fuzz_dir.join("fuzz_targets"))
        .context("cannot read fuzz/fuzz_targets")?
        .filter_map(|entry| entry.ok()?.path().file_stem()?.to_str().map(str::to_owned))
        .collect();
    targets.sort();
    let scratch = std::env::temp_dir().join(format!("scorecard-fuzz-{}", std::process::id()));
    for target in &targets {
        let found = scratch.join(target);
        std::fs::create_dir_all(&found)?;
        println!("==> fuzz {target}: {runs} runs");
        run(nightly_cargo()
            .current_dir(&fuzz_dir)
            .args(["fuzz", "run", "-O", target])
            .arg(&found)
            .arg(fuzz_dir.join("corpus").join(target))
            .args([
                "--",
                &format!("-runs={runs}"),
                "-max_len=8192",
                "-print_final_stats=0",
            ]))?;
    }
    std::fs::remove_dir_all(&scratch).ok();
    println!("fuzzed {} targets, {runs} runs each: no crash", targets.len());
    Ok(())
}

/// `cargo` of the nightly toolchain, whatever `rust-toolchain.toml` and `$CARGO` say.
fn nightly_cargo() -> Command {
    let mut command = Command::new("rustup");
    command.args(["run", "nightly", "cargo"]).env_remove("CARGO");
    command
}

fn ensure_nightly() -> Result<()> {
    let mut version = nightly_cargo();
    version
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match version.status() {
        Ok(status) if status.success() => Ok(()),
        _ => bail!(
            "fuzzing needs the nightly toolchain: `rustup toolchain install nightly` (`{}` failed)",
            show(&version)
        ),
    }
}

fn ensure_cargo_fuzz() -> Result<()> {
    let installed = nightly_cargo()
        .args(["fuzz", "--version"])
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(CARGO_FUZZ_VERSION))
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    println!("==> cargo install cargo-fuzz {CARGO_FUZZ_VERSION}");
    run(Command::new("cargo").env_remove("CARGO").args([
        "install",
        "cargo-fuzz",
        "--locked",
        "--version",
        CARGO_FUZZ_VERSION,
    ]))
}
