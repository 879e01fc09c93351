//! `cargo xtask`: the workspace's build tool. It bundles the front end, serves the app and runs every check.

mod assets;
mod bindgen;
mod dist;
mod fuzz;
mod minify;
mod npm;
mod split;
mod test;
mod toolchain;
mod wasm_opt;

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  dist [--out DIR]  build the front end into DIR (default: <workspace>/dist):
                    content-hashed file names, .br and .gz siblings, a size table
  serve [ARGS...]   run `dist`, then `scorecard serve --demo --dist <workspace>/dist ARGS...`
                    (for example: cargo xtask serve --addr 127.0.0.1:9000)
  test              run fmt, clippy, the tests, `dist` and the browser tests,
                    stopping at the first failure
  bench             build in release and print the benchmark table (medians);
                    SCORECARD_BENCH=writes,crash,... runs only those parts
  fuzz [--runs N]   run every fuzz target N times (default 20000) from its seed
                    corpus; needs nightly, installs cargo-fuzz when missing
";

/// One invocation of `cargo xtask`, parsed from the command line.
#[derive(Debug, PartialEq)]
enum Task {
    Dist { out: Option<PathBuf> },
    Serve { server_args: Vec<OsString> },
    Test,
    Bench,
    Fuzz { runs: u64 },
    Help,
}

fn main() -> ExitCode {
    let task = match parse_task(env::args_os().skip(1).collect()) {
        Ok(task) => task,
        Err(error) => {
            eprintln!("error: {error:#}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run_task(task) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the subcommand and its arguments; anything unexpected is an error that shows the usage.
fn parse_task(args: Vec<OsString>) -> Result<Task> {
    let mut args = args.into_iter();
    let Some(command) = args.next() else {
        bail!("missing command");
    };
    let rest: Vec<OsString> = args.collect();
    match command.to_str() {
        Some("dist") => parse_dist_args(rest),
        Some("serve") => Ok(Task::Serve { server_args: rest }),
        Some("test") if rest.is_empty() => Ok(Task::Test),
        Some("test") => bail!("`test` takes no arguments"),
        Some("bench") if rest.is_empty() => Ok(Task::Bench),
        Some("bench") => bail!("`bench` takes no arguments"),
        Some("fuzz") => parse_fuzz_args(&rest),
        Some("help" | "--help" | "-h") => Ok(Task::Help),
        _ => bail!("unknown command `{}`", command.to_string_lossy()),
    }
}

fn parse_fuzz_args(args: &[OsString]) -> Result<Task> {
    let runs = match args {
        [] => fuzz::DEFAULT_RUNS,
        [flag, n] if flag == "--runs" => n
            .to_str()
            .and_then(|n| n.parse().ok())
            .context("`--runs` takes a number")?,
        _ => bail!("`fuzz` takes only `--runs N`"),
    };
    Ok(Task::Fuzz { runs })
}

fn parse_dist_args(args: Vec<OsString>) -> Result<Task> {
    let out = match args.as_slice() {
        [] => None,
        [flag, dir] if flag == "--out" => Some(PathBuf::from(dir)),
        [flag] => match flag.to_str().and_then(|f| f.strip_prefix("--out=")) {
            Some(dir) => Some(PathBuf::from(dir)),
            None => bail!("`dist` takes only `--out DIR`"),
        },
        _ => bail!("`dist` takes only `--out DIR`"),
    };
    Ok(Task::Dist { out })
}

/// Builds the benchmarks and the `scorecard` binary in release (they measure the code users
/// run) and runs them; the crash cycles and the server's peak memory use the binary.
fn bench(root: &Path) -> Result<()> {
    println!("==> cargo build --release -p scorecard-server --bin scorecard");
    toolchain::run(toolchain::cargo(root).args([
        "build",
        "--release",
        "-p",
        "scorecard-server",
        "--bin",
        "scorecard",
    ]))?;
    let binary = toolchain::target_dir(root)?.join("release").join("scorecard");
    println!("==> cargo run --release -p scorecard-bench");
    toolchain::run(
        toolchain::cargo(root)
            .args(["run", "--release", "-p", "scorecard-bench"])
            .env("SCORECARD_BIN", binary)
            .env("SCORECARD_DIST", dist::default_out_dir(root)),
    )
}

fn run_task(task: Task) -> Result<()> {
    let root = toolchain::workspace_root()?;
    match task {
        Task::Dist { out } => dist::dist(&root, &out_dir(&root, out)?),
        Task::Serve { server_args } => serve(&root, &server_args),
        Task::Test => test::test(&root),
        Task::Bench => bench(&root),
        Task::Fuzz { runs } => fuzz::fuzz(&root, runs),
        Task::Help => {
            print!("{USAGE}");
            Ok(())
        }
    }
}

/// Where `dist` writes: `--out` taken relative to the caller's directory, else `<root>/dist`.
fn out_dir(root: &Path, out: Option<PathBuf>) -> Result<PathBuf> {
    let Some(out) = out else {
        return Ok(dist::default_out_dir(root));
    };
    let cwd = env::current_dir().context("cannot read the current directory")?;
    // Collecting the components drops `.` segments, so the folder's own name is last.
    Ok(cwd.join(out).components().collect())
}

/// Bundles the front end, then runs the server in demo mode on the fresh bundle.
fn serve(root: &Path, server_args: &[OsString]) -> Result<()> {
    let dist_dir = dist::default_out_dir(root);
    dist::dist(root, &dist_dir)?;
    let mut server = toolchain::cargo(root);
    server
        .args(["run", "-p", "scorecard-server", "--bin", "scorecard", "--"])
        .args(["serve", "--demo", "--dist"])
        .arg(&dist_dir)
        .args(server_args);
    toolchain::run(&mut server)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(args: &[&str], expected: Option<Task>) {
        let parsed = parse_task(args.iter().map(OsString::from).collect()).ok();
        assert_eq!(parsed, expected, "args: {args:?}");
    }

    #[test]
    fn commands_parse_into_tasks() {
        check(&["dist"], Some(Task::Dist { out: None }));
        check(
            &["dist", "--out", "/tmp/x"],
            Some(Task::Dist {
                out: Some("/tmp/x".into()),
            }),
        );
        check(
            &["dist", "--out=site"],
            Some(Task::Dist {
                out: Some("site".into()),
            }),
        );
        check(
            &["serve", "--addr", "127.0.0.1:9000"],
            Some(Task::Serve {
                server_args: vec!["--addr".into(), "127.0.0.1:9000".into()],
            }),
        );
        check(&["test"], Some(Task::Test));
        check(&["bench"], Some(Task::Bench));
        check(
            &["fuzz"],
            Some(Task::Fuzz {
                runs: fuzz::DEFAULT_RUNS,
            }),
        );
        check(&["fuzz", "--runs", "500"], Some(Task::Fuzz { runs: 500 }));
        check(&["help"], Some(Task::Help));
    }

    #[test]
    fn unknown_or_malformed_commands_are_rejected() {
        check(&[], None);
        check(&["bench", "--fast"], None);
        check(&["dist", "--out"], None);
        check(&["dist", "--fast"], None);
        check(&["test", "--quick"], None);
        check(&["fuzz", "--runs"], None);
        check(&["fuzz", "--runs", "many"], None);
    }
}
