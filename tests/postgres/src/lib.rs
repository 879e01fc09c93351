//! A throwaway PostgreSQL cluster for the tests, from Debian's `postgresql` package: `initdb`
//! and `pg_ctl` on a temporary folder, listening only on a Unix socket in that folder, and
//! removed when the test process exits. Each test takes a database of its own
//! ([`Cluster::database`]), so tests in one process share the cluster but never their data.
//!
//! `initdb` refuses to run as root; as root the cluster runs as the `postgres` user, which owns
//! the folder. Nothing here is a mock: it is the server a deployment runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The command that installs the binaries, for messages.
pub const INSTALL: &str = "sudo apt-get install -y postgresql";

/// A running cluster.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    /// Held so that the folder is removed with the cluster.
    _temp: tempfile::TempDir,
    as_postgres: bool,
    /// The loopback TCP port, when the cluster also listens on one.
    port: Option<u16>,
    /// Whether commits are fsynced.
    durable: bool,
}

static SHARED: OnceLock<Cluster> = OnceLock::new();
static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// The folder with `initdb`, `pg_ctl` and `createdb`: `SCORECARD_PG_BIN`, else the newest
/// `/usr/lib/postgresql/*/bin`, else `pg_config --bindir`.
pub fn binaries() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SCORECARD_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    let out = Command::new("pg_config").arg("--bindir").output().ok()?;
    let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    bin.join("initdb").exists().then_some(bin)
}

/// Whether this process runs as root (servers then run as their own users).
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A loopback TCP port nothing listens on now.
pub fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|e| format!("cannot find a free port: {e}"))
}

impl Cluster {
    /// The cluster of this test process, started on first use and stopped when it exits.
    pub fn shared() -> &'static Cluster {
        SHARED.get_or_init(|| {
            let cluster = Cluster::start().unwrap_or_else(|e| panic!("{e}"));
            // SAFETY: registering a plain function to run at exit.
            unsafe { libc::atexit(stop_shared) };
            cluster
        })
    }

    /// Starts a new cluster in a temporary folder; it stops when dropped.
    pub fn start() -> Result<Cluster, String> {
        Cluster::start_with(None, false)
    }

    /// Starts a new cluster whose commits reach the disk (`fsync` on), as a deployment runs,
    /// for benchmarks; the tests' clusters leave fsync off.
    pub fn start_durable() -> Result<Cluster, String> {
        Cluster::start_with(None, true)
    }

    /// Starts a new cluster that also listens on a free loopback TCP port, as a server
    /// reached by `postgres://…@127.0.0.1:PORT/…` URLs.
    pub fn start_tcp() -> Result<Cluster, String> {
        Cluster::start_with(Some(free_port()?), false)
    }

    fn start_with(port: Option<u16>, durable: bool) -> Result<Cluster, String> {
        let bin = binaries().ok_or_else(|| {
            format!(
                "PostgreSQL's initdb was not found; install it with `{INSTALL}` (or set SCORECARD_PG_BIN)"
            )
        })?;
        let temp = tempfile::Builder::new()
            .prefix("scorecard-pg-")
            .tempdir()
            .map_err(|e| format!("cannot make a folder for PostgreSQL: {e}"))?;
        let dir = temp.path().to_path_buf();
        let as_postgres = is_root();
        if as_postgres {
            run(Command::new("chown").args(["postgres:postgres"]).arg(&dir))?;
        }
        let cluster = Cluster {
            bin,
            dir,
            _temp: temp,
            as_postgres,
            port,
            durable,
        };
        cluster.pg(
            "initdb",
            &[
                "-D",
                cluster.data().to_str().unwrap_or_default(),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        )?;
        cluster.start_server()?;
        Ok(cluster)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// The loopback TCP port, for a cluster made by [`Cluster::start_tcp`].
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The folder with the cluster's programs (`psql`, `pg_dump`, `createdb` …).
    pub fn bin(&self) -> &Path {
        &self.bin
    }

    /// The folder of the server's Unix socket.
    pub fn socket_dir(&self) -> &Path {
        &self.dir
    }

    /// Runs one of the cluster's programs, as `postgres` when this process is root.
    fn pg(&self, program: &str, args: &[&str]) -> Result<Output, String> {
        let path = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        run(command.args(args))
    }

    /// Starts the server (again, after [`Cluster::stop_immediately`]).
    pub fn start_server(&self) -> Result<(), String> {
        let listen = match self.port {
            Some(port) => format!("-c listen_addresses='127.0.0.1' -c port={port}"),
            None => "-c listen_addresses=''".to_owned(),
        };
        let fsync = if self.durable { "on" } else { "off" };
        let options = format!(
            "{listen} -c unix_socket_directories='{}' -c fsync={fsync} -c max_connections=200",
            self.dir.display()
        );
        let log = self.dir.join("server.log");
        self.pg(
            "pg_ctl",
            &[
                "start",
                "-w",
                "-D",
                self.data().to_str().unwrap_or_default(),
                "-l",
                log.to_str().unwrap_or_default(),
                "-o",
                &options,
            ],
        )?;
        Ok(())
    }

    /// Stops the server abruptly (`pg_ctl stop -m immediate`), as a crash would.
    pub fn stop_immediately(&self) -> Result<(), String> {
        self.pg(
            "pg_ctl",
            &[
                "stop",
                "-m",
                "immediate",
                "-D",
                self.data().to_str().unwrap_or_default(),
            ],
        )?;
        Ok(())
    }

    /// A new empty database of this cluster, by its URL.
    pub fn database(&self) -> String {
        let name = format!(
            "test_{}_{}",
            std::process::id(),
            DATABASES.fetch_add(1, Ordering::Relaxed)
        );
        let socket = self.dir.to_str().unwrap_or_default();
        self.pg("createdb", &["-h", socket, "-U", "postgres", &name])
            .unwrap_or_else(|e| panic!("{e}"));
        self.url(&name)
    }

    /// The URL of a database of this cluster.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@localhost/{name}?host={}", self.dir.display())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.stop_immediately();
    }
}

fn run(command: &mut Command) -> Result<Output, String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    if !out.status.success() {
        return Err(format!(
            "{:?} failed: {}{}",
            command,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(out)
}

/// Stops the shared cluster and removes its folder; runs at exit, since the shared cluster
/// lives in a static that is never dropped.
extern "C" fn stop_shared() {
    if let Some(shared) = SHARED.get() {
        let _ = shared.stop_immediately();
        let _ = std::fs::remove_dir_all(&shared.dir);
    }
}
