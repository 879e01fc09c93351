//! Build tools from the npm registry (binaryen's wasm-opt, esbuild): each pinned, installed by
//! xtask under the target folder the first time it is needed, saying so, and run on Node.js.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::toolchain::{find_program, run, running_as_root};

/// `program` (a path inside the package, such as `bin/wasm-opt`) of `package@version`,
/// installed under `target` when missing; `purpose` names what needs it in messages.
pub fn ensure_program(
    target: &Path,
    package: &str,
    version: &str,
    program: &str,
    purpose: &str,
) -> Result<PathBuf> {
    let prefix = target.join(format!("xtask-{package}-{version}"));
    let path = prefix.join("node_modules").join(package).join(program);
    if path.is_file() && find_program("node").is_some() {
        return Ok(path);
    }
    ensure_node(purpose)?;
    println!(
        "==> installing {package} {version} ({purpose}) from the npm registry into {}",
        prefix.display()
    );
    let started = Instant::now();
    fs::create_dir_all(&prefix).with_context(|| format!("cannot create {}", prefix.display()))?;
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--no-save", "--prefix"])
        .arg(&prefix)
        .arg(format!("{package}@{version}")))?;
    if !path.is_file() {
        bail!(
            "npm installed {package} {version} but {} is missing",
            path.display()
        );
    }
    println!("    done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(path)
}

/// Node.js and npm, installed with apt as root, or the exact command to install them.
fn ensure_node(purpose: &str) -> Result<()> {
    if find_program("node").is_some() && find_program("npm").is_some() {
        return Ok(());
    }
    if !running_as_root() {
        bail!(
            "{purpose} needs Node.js and npm; install them with: sudo apt-get update && sudo apt-get install -y nodejs npm"
        );
    }
    println!("    installing nodejs and npm with apt-get ({purpose} runs on Node.js)");
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends", "nodejs", "npm"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    if find_program("node").is_none() || find_program("npm").is_none() {
        bail!("nodejs and npm were installed but node or npm is still not found");
    }
    Ok(())
}
