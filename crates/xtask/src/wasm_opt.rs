//! The wasm-opt pass of `cargo xtask dist` (issue 14): binaryen's optimiser, from the npm
//! registry's `binaryen` package (a recent build that runs on Node.js; Debian's binaryen 108
//! emits wasm that breaks in the browser). Pinned, installed by xtask into the target folder
//! the first time, saying so.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::npm;
use crate::toolchain::run;

/// The binaryen release this was tried with.
pub const BINARYEN_VERSION: &str = "132.0.0";

/// The wasm features rustc's wasm32-unknown-unknown target emits, which wasm-opt must accept
/// and may keep; nothing newer, so the output runs where the input ran.
const FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The wasm-opt of the pinned binaryen, installed under `target` when missing.
pub fn ensure_wasm_opt(target: &Path) -> Result<PathBuf> {
    npm::ensure_program(
        target,
        "binaryen",
        BINARYEN_VERSION,
        "bin/wasm-opt",
        "the wasm-opt pass",
    )
}

/// The passes run, chosen by what reaches the browser: the brotli-compressed wasm. Measured on
/// 2026-11-29 on the public bundle's main module as wasm-bindgen writes it (1,041,753 bytes,
/// 254,824 brotli): `-Oz` gives 888,545 raw but 266,630 brotli (its inlining undoes what brotli
/// finds in rustc's own `opt-level = "z"` output); without inlining, `-Oz` gives 250,906 and
/// `-Os` 249,205 in 10 s; the cleanup passes alone (duplicate functions, unused elements,
/// vacuum) gave 252,681. The public chunk: 114,576 → 113,883.
const PASSES: [&str; 8] = [
    "-Os",
    // No inlining at all: every inlined copy is bytes brotli cannot share.
    "--always-inline-max-function-size",
    "0",
    "--flexible-inline-max-function-size",
    "0",
    "--one-caller-inline-max-function-size",
    "0",
    "--strip-producers",
];

/// `wasm` through the size passes of [`PASSES`], through files in `scratch`.
pub fn optimise(program: &Path, wasm: &[u8], scratch: &Path) -> Result<Vec<u8>> {
    fs::create_dir_all(scratch).with_context(|| format!("cannot create {}", scratch.display()))?;
    let (input, output) = (scratch.join("in.wasm"), scratch.join("out.wasm"));
    fs::write(&input, wasm).with_context(|| format!("cannot write {}", input.display()))?;
    let started = Instant::now();
    println!("==> wasm-opt {} (binaryen {BINARYEN_VERSION})", PASSES.join(" "));
    run(Command::new(program)
        .args(PASSES)
        .args(FEATURES)
        .arg(&input)
        .arg("-o")
        .arg(&output))?;
    let optimised = fs::read(&output).with_context(|| format!("cannot read {}", output.display()))?;
    println!(
        "    {:.1} kB → {:.1} kB in {:.1} s",
        wasm.len() as f64 / 1000.0,
        optimised.len() as f64 / 1000.0,
        started.elapsed().as_secs_f64()
    );
    if optimised.len() < 8 || &optimised[..4] != b"\0asm" {
        bail!("wasm-opt wrote something that is not wasm");
    }
    Ok(optimised)
}
