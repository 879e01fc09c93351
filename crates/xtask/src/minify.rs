//! Minifying what the first load fetches besides the wasm: wasm-bindgen's script, the split's
//! loader and the stylesheet, with esbuild from the npm registry (pinned; its binary for this
//! platform comes with the package). Measured on 2026-11-29 on the public bundle, brotli: the
//! script 7,674 → 5,914 bytes, the loader 838 → 527, the stylesheet 5,276 → 4,534: 2.8 kB of
//! the 250 kB budget of issue 14.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::npm;

/// The esbuild release this was tried with.
pub const ESBUILD_VERSION: &str = "0.28.2";

/// What esbuild is given: an ES module or a stylesheet.
#[derive(Clone, Copy)]
pub enum Kind {
    Module,
    Stylesheet,
}

pub struct Minifier {
    program: PathBuf,
}

impl Minifier {
    /// The pinned esbuild, installed under `target` when missing.
    pub fn ensure(target: &Path) -> Result<Minifier> {
        let program = npm::ensure_program(target, "esbuild", ESBUILD_VERSION, "bin/esbuild", "minifying")?;
        Ok(Minifier { program })
    }

    /// `text` minified: names inside a module shortened, its exports kept; non-ASCII text
    /// (the Vietnamese of the stylesheet's content) kept as UTF-8 rather than escaped.
    pub fn minify(&self, text: &str, kind: Kind) -> Result<String> {
        let loader = match kind {
            Kind::Module => ["--loader=js", "--format=esm"].as_slice(),
            Kind::Stylesheet => ["--loader=css"].as_slice(),
        };
        let mut child = Command::new(&self.program)
            .args(["--minify", "--charset=utf8", "--log-level=warning"])
            .args(loader)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot run {}", self.program.display()))?;
        let mut stdin = child.stdin.take().context("esbuild's input")?;
        // Written from a thread so that a large output cannot block the input.
        let input = text.to_owned();
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let output = child.wait_with_output().context("esbuild did not finish")?;
        writer
            .join()
            .map_err(|_| anyhow::anyhow!("writing to esbuild panicked"))?
            .context("cannot write to esbuild")?;
        if !output.status.success() {
            bail!(
                "esbuild could not minify: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        let minified =
            String::from_utf8(output.stdout).context("esbuild wrote something that is not UTF-8")?;
        if minified.trim().is_empty() && !text.trim().is_empty() {
            bail!("esbuild wrote nothing");
        }
        Ok(minified)
    }
}
