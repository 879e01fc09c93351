//! Issue 7, bad input: every seed of the committed fuzz corpus (`fuzz/corpus/<target>/`) run
//! through the same entry point as its fuzz target, on stable Rust, so that CI needs no nightly
//! to know the parsers survive them. `cargo xtask fuzz` explores beyond the seeds.

#[path = "../../../fuzz/src/lib.rs"]
mod fuzz_entry;

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The entry point of a fuzz target.
type Entry = fn(&[u8]);

/// Each fuzz target with its entry point.
const TARGETS: &[(&str, Entry)] = &[
    ("catalog_file", fuzz_entry::catalog_file),
    ("organizations_file", fuzz_entry::organizations_file),
    ("rounds_file", fuzz_entry::rounds_file),
    ("records_csv", fuzz_entry::records_csv),
    ("records_json", fuzz_entry::records_json),
    ("record_body", fuzz_entry::record_body),
    ("pdf_analysis", fuzz_entry::pdf_analysis),
];

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = fuzz_dir().join("corpus").join(target);
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    seeds.sort();
    seeds
}

#[test]
fn every_seed_of_every_fuzz_target_is_parsed_without_a_panic() {
    for (target, entry) in TARGETS {
        let seeds = seeds(target);
        assert!(seeds.len() >= 3, "{target}: only {} seeds", seeds.len());
        for (path, bytes) in seeds {
            let outcome = std::panic::catch_unwind(|| entry(&bytes));
            assert!(outcome.is_ok(), "{target} panicked on {}", path.display());
        }
    }
}

#[test]
fn every_fuzz_target_has_an_entry_point_here_and_a_seed_corpus() {
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    let declared: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|l| l.trim_end_matches('"'))
        .filter(|name| *name != "scorecard-fuzz")
        .collect();
    let replayed: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
    assert_eq!(declared, replayed);
}

#[test]
fn the_shipped_seeds_are_accepted_whole() {
    // The real files must parse, or the corpus would only exercise the error paths.
    let text = |path: &str| std::fs::read_to_string(fuzz_dir().join(path)).unwrap();
    scorecard_dataset::catalog_file::parse("cpdt-2025.toml", &text("corpus/catalog_file/cpdt-2025.toml"))
        .unwrap();
    scorecard_dataset::organizations_file::parse(
        "o.toml",
        &text("corpus/organizations_file/organizations.toml"),
    )
    .unwrap();
}
