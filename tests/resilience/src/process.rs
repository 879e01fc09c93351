//! A `scorecard serve` process on a free loopback port: started, read (its address and the
//! demo logins it prints), measured (peak memory) and killed with SIGKILL.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, bail, ensure};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// A demo sign-in as `scorecard serve --demo` prints it.
#[derive(Debug, Clone)]
pub struct Login {
    pub role: String,
    pub username: String,
    pub password: String,
}

/// A running server process; killed when dropped.
pub struct ServerProcess {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
    /// The demo logins, when this start loaded the demo.
    pub logins: Vec<Login>,
}

const SERVING: &str = "egov-scorecard is serving at ";
const ROLES: [&str; 4] = ["admin", "reviewer", "inspector", "leader"];

impl ServerProcess {
    /// Runs `BINARY --db DB serve --addr 127.0.0.1:0 --dist DIST [--demo]` and waits until it
    /// prints the address it serves at.
    pub async fn start(binary: &Path, db: &Path, dist: &Path, demo: bool) -> anyhow::Result<ServerProcess> {
        let database = [std::ffi::OsStr::new("--db"), db.as_os_str()];
        ServerProcess::start_with(binary, &database, dist, demo, &[]).await
    }

    /// Runs `BINARY DATABASE… serve --addr 127.0.0.1:0 --dist DIST [--demo] EXTRA…`, e.g. with
    /// `--database-url postgres://…`, and waits until it prints the address it serves at.
    pub async fn start_with(
        binary: &Path,
        database: &[&std::ffi::OsStr],
        dist: &Path,
        demo: bool,
        extra: &[&str],
    ) -> anyhow::Result<ServerProcess> {
        let mut command = Command::new(binary);
        command
            .args(database)
            .args(["serve", "--addr", "127.0.0.1:0", "--dist"])
            .arg(dist)
            .env("SCORECARD_LOG", "error");
        if demo {
            command.arg("--demo");
        }
        command.args(extra);
        ServerProcess::spawn(command).await
    }

    /// Runs a `scorecard … serve` command as given (its environment included) and waits until
    /// it prints the address it serves at.
    pub async fn spawn(mut command: Command) -> anyhow::Result<ServerProcess> {
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        let program = command.as_std().get_program().to_owned();
        let mut child = command
            .spawn()
            .with_context(|| format!("cannot start {}", program.display()))?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let mut logins = Vec::new();
        let base = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await? {
                if let Some(url) = line.strip_prefix(SERVING) {
                    return Ok(url.trim_end_matches('/').to_owned());
                }
                if let Some(login) = parse_login(&line) {
                    logins.push(login);
                }
            }
            bail!("the server stopped before it served")
        })
        .await
        .context("the server did not start within 60 s")??;
        // Keep reading, so that a later line never meets a closed pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(ServerProcess { child, base, logins })
    }

    /// The process id.
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// The peak resident memory of the process so far (`VmHWM`), in kB; Linux only.
    pub fn peak_memory_kb(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()?)).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// Sends SIGTERM, as systemd does to stop a service, and waits for the process to end;
    /// answers whether it exited successfully.
    pub async fn terminate(mut self) -> anyhow::Result<bool> {
        let pid = self.pid().context("the server already ended")?;
        let sent = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .await?;
        ensure!(sent.success(), "kill -TERM {pid} failed");
        let status = tokio::time::timeout(Duration::from_secs(30), self.child.wait())
            .await
            .context("the server did not stop within 30 s of SIGTERM")??;
        Ok(status.success())
    }

    /// Ends the process with SIGKILL, as a crash or `kill -9` would, and reaps it.
    pub async fn kill(mut self) -> anyhow::Result<()> {
        self.child.kill().await.context("cannot kill the server")?;
        Ok(())
    }
}

/// A line such as `  inspector canbo.an     <password>`.
fn parse_login(line: &str) -> Option<Login> {
    if !line.starts_with("  ") {
        return None;
    }
    let mut words = line.split_whitespace();
    let (role, username, password) = (words.next()?, words.next()?, words.next()?);
    if !ROLES.contains(&role) || words.next().is_some() {
        return None;
    }
    Some(Login {
        role: role.to_owned(),
        username: username.to_owned(),
        password: password.to_owned(),
    })
}

/// Runs `BINARY --db DB audit verify`; fails with its output when the chain is broken.
pub async fn audit_verify(binary: &Path, db: &Path) -> anyhow::Result<String> {
    let output = Command::new(binary)
        .arg("--db")
        .arg(db)
        .args(["audit", "verify"])
        .env("SCORECARD_LOG", "warn")
        .output()
        .await
        .with_context(|| format!("cannot run {} audit verify", binary.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        bail!(
            "audit verify failed: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(stdout)
}

/// `PRAGMA integrity_check` on the database file, with no server running.
pub async fn integrity_check(db: &Path) -> anyhow::Result<()> {
    use sqlx::{Connection, Row};
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
    let mut connection = sqlx::SqliteConnection::connect_with(&options).await?;
    let rows = sqlx::query("PRAGMA integrity_check")
        .fetch_all(&mut connection)
        .await?;
    let verdicts: Vec<String> = rows.iter().map(|r| r.get::<String, _>(0)).collect();
    connection.close().await?;
    if verdicts != ["ok"] {
        bail!("integrity_check: {}", verdicts.join("; "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_login_lines_are_read_and_others_ignored() {
        let login = parse_login("  inspector canbo.an     s3cret-Pass").unwrap();
        assert_eq!(
            (
                login.role.as_str(),
                login.username.as_str(),
                login.password.as_str()
            ),
            ("inspector", "canbo.an", "s3cret-Pass")
        );
        assert!(parse_login("demo logins (shown once; delete the database to start over):").is_none());
        assert!(parse_login("  visitor someone pw").is_none());
    }
}
