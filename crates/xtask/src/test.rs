//! `cargo xtask test`: every check the project has, in order, stopping at the first failure.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::dist::{default_out_dir, dist};
use crate::toolchain::{WASM_TARGET, cargo, ensure_wasm_target, find_program, run, running_as_root};

const CHROMIUM_NAMES: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];
const APT_INSTALL: &str = "apt-get update && apt-get install -y chromium chromium-driver";

/// Runs formatting, lints, unit and integration tests, the bundle and the browser tests.
pub fn test(root: &Path) -> Result<()> {
    let mut steps = Steps::default();
    steps.run(&format!("ensure the {WASM_TARGET} target"), || {
        ensure_wasm_target(root)
    })?;
    // Checked first so that a machine without a browser fails in seconds, not after the builds.
    let browser = steps.run("find chromium and chromedriver", find_browser)?;
    let servers = steps.run("find PostgreSQL and nginx (installed with apt when root)", || {
        ensure_servers(running_as_root())
    })?;
    steps.cargo(root, "fmt --all -- --check")?;
    steps.cargo(root, "clippy --workspace --all-targets -- -D warnings")?;
    steps.cargo(
        root,
        "clippy -p scorecard-frontend --target wasm32-unknown-unknown -- -D warnings",
    )?;
    // The staff bundle (issue 14), whose pages the public build leaves out.
    steps.cargo(
        root,
        "clippy -p scorecard-frontend --features staff --target wasm32-unknown-unknown -- -D warnings",
    )?;
    steps.run("cargo test --workspace --exclude scorecard-browser-tests", || {
        run(cargo(root)
            .args(["test", "--workspace", "--exclude", "scorecard-browser-tests"])
            .env("SCORECARD_PG_BIN", &servers.postgres)
            .env("NGINX", &servers.nginx))
    })?;
    let dist_dir = default_out_dir(root);
    steps.run("cargo xtask dist", || dist(root, &dist_dir))?;
    steps.run("cargo test -p scorecard-browser-tests", || {
        run(cargo(root)
            .args(["test", "-p", "scorecard-browser-tests"])
            .env("SCORECARD_DIST", &dist_dir)
            .env("CHROMIUM", &browser.chromium)
            .env("CHROMEDRIVER", &browser.chromedriver))
    })?;
    steps.print_summary();
    println!("all checks passed");
    Ok(())
}

/// Completed steps and how long each took, for the summary.
#[derive(Default)]
struct Steps {
    finished: Vec<(String, Duration)>,
}

impl Steps {
    /// Runs one step between a `==>` header and its timing; on failure prints the summary so far.
    fn run<T>(&mut self, name: &str, step: impl FnOnce() -> Result<T>) -> Result<T> {
        println!("==> {name}");
        let started = Instant::now();
        let result = step();
        let elapsed = started.elapsed();
        match result {
            Ok(value) => {
                println!("    done in {:.1} s", elapsed.as_secs_f64());
                self.finished.push((name.to_owned(), elapsed));
                Ok(value)
            }
            Err(error) => {
                println!("    failed after {:.1} s", elapsed.as_secs_f64());
                self.print_summary();
                println!("  stopped at: {name}");
                Err(error.context(format!("step `{name}` failed")))
            }
        }
    }

    /// A step that runs cargo from the workspace root with `args` (split on spaces), named after
    /// its command line.
    fn cargo(&mut self, root: &Path, args: &str) -> Result<()> {
        self.run(&format!("cargo {args}"), || {
            run(cargo(root).args(args.split_whitespace()))
        })
    }

    fn print_summary(&self) {
        println!("\nsummary:");
        for (name, elapsed) in &self.finished {
            println!("  {:>7.1} s  {name}", elapsed.as_secs_f64());
        }
        let total: Duration = self.finished.iter().map(|(_, elapsed)| *elapsed).sum();
        println!("  {:>7.1} s  total", total.as_secs_f64());
    }
}

/// The servers the tests run for real: PostgreSQL's binaries (a throwaway cluster) and nginx
/// (a reverse proxy in front of two instances).
struct Servers {
    postgres: PathBuf,
    nginx: PathBuf,
}

const SERVER_PACKAGES: &str = "postgresql nginx";

fn find_servers() -> (Option<PathBuf>, Option<PathBuf>) {
    let nginx = program_from_env_or_names("NGINX", &["nginx"]).or_else(|| find_program("/usr/sbin/nginx"));
    (scorecard_test_postgres::binaries(), nginx)
}

/// Finds PostgreSQL and nginx; when one is missing, installs both packages with apt as root,
/// or stops with the exact command.
fn ensure_servers(as_root: bool) -> Result<Servers> {
    if let (Some(postgres), Some(nginx)) = find_servers() {
        println!(
            "    postgresql: {}\n    nginx: {}",
            postgres.display(),
            nginx.display()
        );
        return Ok(Servers { postgres, nginx });
    }
    let command = format!("apt-get update && apt-get install -y --no-install-recommends {SERVER_PACKAGES}");
    if !as_root {
        bail!(
            "the tests need PostgreSQL and nginx; install them with: {}",
            command
                .split(" && ")
                .map(|c| format!("sudo {c}"))
                .collect::<Vec<_>>()
                .join(" && ")
        );
    }
    println!("    installing {SERVER_PACKAGES} with apt-get (the tests run a real PostgreSQL and nginx)");
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(SERVER_PACKAGES.split(' '))
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    match find_servers() {
        (Some(postgres), Some(nginx)) => Ok(Servers { postgres, nginx }),
        _ => bail!("{SERVER_PACKAGES} were installed but initdb or nginx is still not found"),
    }
}

/// The browser and driver the browser tests drive.
struct Browser {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

/// Finds Chromium (`$CHROMIUM`, else chromium, chromium-browser or google-chrome on `PATH`) and
/// chromedriver (`$CHROMEDRIVER`, else on `PATH` or in /usr/bin). Installing them is left to the
/// caller, who is told the exact command.
fn find_browser() -> Result<Browser> {
    let chromium = program_from_env_or_names("CHROMIUM", &CHROMIUM_NAMES);
    let chromedriver = program_from_env_or_names("CHROMEDRIVER", &["chromedriver"])
        .or_else(|| find_program("/usr/bin/chromedriver"));
    match (chromium, chromedriver) {
        (Some(chromium), Some(chromedriver)) => {
            println!(
                "    chromium: {}\n    chromedriver: {}",
                chromium.display(),
                chromedriver.display()
            );
            Ok(Browser {
                chromium,
                chromedriver,
            })
        }
        (chromium, chromedriver) => {
            let missing: Vec<&str> = [
                chromium.is_none().then_some(
                    "chromium (set CHROMIUM or put chromium, chromium-browser or google-chrome on PATH)",
                ),
                chromedriver
                    .is_none()
                    .then_some("chromedriver (set CHROMEDRIVER or put chromedriver on PATH)"),
            ]
            .into_iter()
            .flatten()
            .collect();
            bail!(
                "the browser tests need {}; install them with: {}",
                missing.join(" and "),
                install_command(running_as_root())
            )
        }
    }
}

/// `$var` if it is set, else the first of `names` found on `PATH`. A set but unusable `$var` is
/// not silently replaced by another browser.
fn program_from_env_or_names(var: &str, names: &[&str]) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(value) => find_program(value),
        None => names.iter().find_map(|name| find_program(*name)),
    }
}

/// The Debian command that installs Chromium and its driver, with sudo when not root.
fn install_command(as_root: bool) -> String {
    if as_root {
        APT_INSTALL.to_owned()
    } else {
        APT_INSTALL
            .split(" && ")
            .map(|command| format!("sudo {command}"))
            .collect::<Vec<_>>()
            .join(" && ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_installs_without_sudo_and_others_with_it_on_each_command() {
        assert_eq!(
            install_command(true),
            "apt-get update && apt-get install -y chromium chromium-driver"
        );
        assert_eq!(
            install_command(false),
            "sudo apt-get update && sudo apt-get install -y chromium chromium-driver"
        );
    }

    #[test]
    fn a_failing_step_stops_and_keeps_its_name_in_the_error() {
        let mut steps = Steps::default();
        steps.run("first", || Ok(())).unwrap();
        let error = steps
            .run("second", || -> Result<()> { bail!("boom") })
            .unwrap_err();
        assert_eq!(format!("{error:#}"), "step `second` failed: boom");
        assert_eq!(steps.finished.len(), 1);
    }
}
