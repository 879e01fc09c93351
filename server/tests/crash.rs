//! Issue 7, crash safety: the real `scorecard` binary, 8 inspectors saving records through
//! HTTP, SIGKILL at seeded random moments, restart on the same database. Every save answered
//! 2xx must be there with its content, `PRAGMA integrity_check` must say ok and
//! `scorecard audit verify` must pass after every kill.
//!
//! `SCORECARD_CRASH_CYCLES` and `SCORECARD_CRASH_SEED` run it longer or with another seed;
//! `cargo xtask bench` runs many more cycles against the release build.

use scorecard_resilience_tests::crash;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_7_acknowledged_saves_survive_sigkill_in_every_cycle() {
    let cycles = setting("SCORECARD_CRASH_CYCLES", 50) as usize;
    let seed = setting("SCORECARD_CRASH_SEED", 7);
    let options = crash::Options::new(env!("CARGO_BIN_EXE_scorecard").into(), cycles, seed);
    let report = crash::run(&options).await.unwrap();
    println!("{report:?}");
    assert_eq!(report.cycles, cycles);
    // Each cycle saves for at least 100 ms: far more than one save per cycle is expected.
    assert!(
        report.acknowledged >= cycles,
        "only {} saves were acknowledged in {cycles} cycles",
        report.acknowledged
    );
}
