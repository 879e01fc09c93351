//! Issue 11: `docs/deploy.md` as an operator follows it. Its blocks marked `deploy:…` run here
//! on a throwaway PostgreSQL cluster (on a loopback TCP port, as the guide's URLs say) and a
//! real nginx with a self-signed certificate, with the guide's paths, ports and certificate
//! replaced by temporary ones. Then, through nginx over TLS: sign-in with a `Secure` cookie and
//! HSTS, a record saved, a PDF exported, CSRF refused for a foreign origin, the sign-in limit
//! separating two clients by the address nginx forwards and ignoring `X-Forwarded-For` from a
//! peer that is not the proxy; one instance stopped while nginx keeps serving; the unit checked
//! by `systemd-analyze verify`; backups taken and restored with their audit chains intact.

mod common;

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use reqwest::Method;
use scorecard_resilience_tests::process::ServerProcess;
use scorecard_test_postgres::{Cluster, free_port};
use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_scorecard");
const PUBLIC: &str = "https://scorecard.example.gov.vn";

/// The text of the block of `docs/deploy.md` whose opening fence names `deploy:TAG`.
fn block(tag: &str) -> String {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/deploy.md")).unwrap();
    let marker = format!("deploy:{tag}");
    let mut lines = guide
        .lines()
        .skip_while(|l| !(l.starts_with("```") && l.split_whitespace().any(|w| w == marker)));
    assert!(lines.next().is_some(), "docs/deploy.md has no block {marker}");
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with("```")).collect();
    body.join("\n") + "\n"
}

/// Where the guide's paths and ports are, in this test.
struct Place {
    tmp: tempfile::TempDir,
    pg_port: u16,
    pg_bin: PathBuf,
}

impl Place {
    fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// The guide's text with its machine-wide paths and PostgreSQL's address replaced.
    fn localise(&self, text: &str) -> String {
        let root = self.root().display();
        let replacements = [
            (
                "sudo -u postgres createdb",
                format!("createdb -h 127.0.0.1 -p {} -U postgres", self.pg_port),
            ),
            ("127.0.0.1:5432", format!("127.0.0.1:{}", self.pg_port)),
            ("/opt/egov-scorecard", format!("{root}/opt/egov-scorecard")),
            ("/etc/egov-scorecard", format!("{root}/etc/egov-scorecard")),
            ("/var/backups/egov-scorecard", format!("{root}/backups")),
            ("/var/lib/egov-scorecard", format!("{root}/state")),
            ("/etc/ssl/egov-scorecard", format!("{root}/ssl")),
        ];
        replacements
            .iter()
            .fold(text.to_owned(), |text, (from, to)| text.replace(from, to))
    }

    /// Runs a shell block of the guide, from a folder holding `target/release/scorecard` and
    /// `dist/` as a build leaves them, with PostgreSQL's programs on `PATH`.
    fn sh(&self, tag: &str) -> String {
        let script = self.localise(&block(tag));
        let path = format!(
            "{}:{}",
            self.pg_bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = Command::new("bash")
            .args(["-euo", "pipefail", "-c", &script])
            .current_dir(self.root().join("checkout"))
            .env("PATH", path)
            .output()
            .unwrap();
        let text = common::printed(&out);
        assert!(out.status.success(), "deploy:{tag} failed:\n{script}\n{text}");
        text
    }

    /// Runs an SQL block of the guide as the database superuser, as `sudo -u postgres psql`.
    fn psql(&self, tag: &str) {
        let file = self.root().join(format!("{tag}.sql"));
        std::fs::write(&file, block(tag)).unwrap();
        let out = Command::new(self.pg_bin.join("psql"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.pg_port.to_string(),
                "-U",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-f",
            ])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "deploy:{tag}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `KEY=VALUE` lines.
fn environment(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// An instance started as the unit starts it: its `ExecStart`, `EnvironmentFile` and
/// `Environment`, on a free port instead of 808%i.
async fn start_as_the_unit_does(unit: &str, extra: &[&str]) -> ServerProcess {
    let setting = |key: &str| -> Vec<String> {
        unit.lines()
            .filter_map(|l| l.strip_prefix(&format!("{key}=")))
            .map(str::to_owned)
            .collect()
    };
    let exec = setting("ExecStart").pop().unwrap();
    let mut words = exec.split_whitespace();
    let mut command = tokio::process::Command::new(words.next().unwrap());
    command.args(words).args(extra);
    for file in setting("EnvironmentFile") {
        command.envs(environment(&std::fs::read_to_string(file).unwrap()));
    }
    for line in setting("Environment") {
        command.envs(environment(&line));
    }
    command.env("SCORECARD_ADDR", "127.0.0.1:0");
    ServerProcess::spawn(command).await.unwrap()
}

fn nginx() -> PathBuf {
    let found = std::env::var_os("NGINX").map(PathBuf::from).or_else(|| {
        ["/usr/sbin/nginx", "/usr/bin/nginx"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
    });
    found.unwrap_or_else(|| panic!("nginx is needed: apt-get install -y nginx (or set NGINX)"))
}

/// A running nginx, stopped when dropped.
struct Nginx(std::process::Child);

impl Drop for Nginx {
    /// SIGTERM, so that the master stops its workers (SIGKILL would leave them running).
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        for _ in 0..100 {
            if self.0.try_wait().is_ok_and(|status| status.is_some()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The guide's site on loopback ports in front of the two instances, with a self-signed
/// certificate for the public name.
fn start_nginx(place: &Place, upstreams: [&str; 2], http: u16, https: u16) -> Nginx {
    let root = place.root();
    let ssl = root.join("ssl");
    std::fs::create_dir_all(&ssl).unwrap();
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=scorecard.example.gov.vn",
        ])
        .arg("-keyout")
        .arg(ssl.join("privkey.pem"))
        .arg("-out")
        .arg(ssl.join("fullchain.pem"))
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let site = place
        .localise(&block("nginx"))
        .replace("listen 80;", &format!("listen 127.0.0.1:{http};"))
        .replace("listen 443 ssl;", &format!("listen 127.0.0.1:{https} ssl;"))
        .replace("127.0.0.1:8081", upstreams[0])
        .replace("127.0.0.1:8082", upstreams[1]);
    let folder = root.join("nginx");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("site.conf"), site).unwrap();
    let f = folder.display();
    // What Debian's /etc/nginx/nginx.conf provides around a site, in the test's folder.
    let main = format!(
        "daemon off;\nworker_processes 1;\npid {f}/nginx.pid;\nerror_log {f}/error.log warn;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  access_log {f}/access.log;\n  client_body_temp_path {f}/body;\n  proxy_temp_path {f}/proxy;\n  \
         fastcgi_temp_path {f}/fastcgi;\n  uwsgi_temp_path {f}/uwsgi;\n  scgi_temp_path {f}/scgi;\n  \
         include {f}/site.conf;\n}}\n"
    );
    let main = if scorecard_test_postgres::is_root() {
        format!("user root;\n{main}")
    } else {
        main
    };
    std::fs::write(folder.join("nginx.conf"), main).unwrap();
    let config = folder.join("nginx.conf");
    let tested = Command::new(nginx())
        .arg("-t")
        .arg("-c")
        .arg(&config)
        .arg("-p")
        .arg(&folder)
        .output()
        .unwrap();
    assert!(
        tested.status.success(),
        "nginx -t: {}",
        String::from_utf8_lossy(&tested.stderr)
    );
    let running = Nginx(
        Command::new(nginx())
            .arg("-c")
            .arg(&config)
            .arg("-p")
            .arg(&folder)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap(),
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", https)).is_ok() {
            return running;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("nginx did not listen on {https}");
}

/// A browser at a loopback address of its own, talking TLS to nginx's self-signed certificate.
fn browser(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(address.parse::<IpAddr>().unwrap())
        .danger_accept_invalid_certs(true)
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

async fn sign_in(
    client: &reqwest::Client,
    base: &str,
    username: &str,
    password: &str,
    origin: &str,
) -> reqwest::Response {
    client
        .post(format!("{base}/api/v1/session"))
        .header("origin", origin)
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deployment_guide_runs_as_written() {
    let cluster = Cluster::start_tcp().unwrap();
    let place = Place {
        tmp: tempfile::tempdir().unwrap(),
        pg_port: cluster.port().unwrap(),
        pg_bin: cluster.bin().to_path_buf(),
    };
    // A build as the guide's section 1 leaves it.
    let checkout = place.root().join("checkout");
    std::fs::create_dir_all(checkout.join("target/release")).unwrap();
    std::fs::create_dir_all(checkout.join("dist")).unwrap();
    std::fs::copy(BINARY, checkout.join("target/release/scorecard")).unwrap();
    std::fs::write(
        checkout.join("dist/index.html"),
        "<!doctype html><title>egov-scorecard</title>",
    )
    .unwrap();
    place.sh("install");
    assert!(place.root().join("opt/egov-scorecard/bin/scorecard").is_file());

    // PostgreSQL: roles, schema by the owner, privileges taken from the application role.
    place.psql("roles");
    assert!(place.sh("migrate").contains("intact"));
    place.psql("privileges");
    // The application role may neither change the schema nor touch an audit entry.
    for sql in [
        "DELETE FROM audit",
        "UPDATE audit SET actor = 'x'",
        "TRUNCATE audit",
        "CREATE TABLE extra (x int)",
        "DROP TABLE records",
    ] {
        let out = Command::new(place.pg_bin.join("psql"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &place.pg_port.to_string(),
                "-U",
                "scorecard",
                "-d",
                "scorecard",
                "-c",
                sql,
            ])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && (said.contains("permission denied") || said.contains("must be owner")),
            "{sql}: {said}"
        );
    }

    // The settings file, and the unit checked by systemd.
    let env_file = place.root().join("etc/egov-scorecard/scorecard.env");
    std::fs::write(&env_file, place.localise(&block("environment"))).unwrap();
    let unit = place.localise(&block("unit"));
    let units = place.root().join("units");
    std::fs::create_dir_all(&units).unwrap();
    std::fs::write(units.join("egov-scorecard@1.service"), &unit).unwrap();
    let verified = Command::new("systemd-analyze")
        .arg("verify")
        .arg(units.join("egov-scorecard@1.service"))
        .output()
        .expect("systemd-analyze (Debian's systemd package) checks the unit");
    let said = String::from_utf8_lossy(&verified.stderr);
    assert!(
        verified.status.success() && !said.contains("ignoring"),
        "systemd-analyze verify: {said}"
    );

    // Two instances as the unit starts them, as the application role; the first loads the demo.
    let one = start_as_the_unit_does(&unit, &["--demo"]).await;
    let two = start_as_the_unit_does(&unit, &[]).await;
    let logins: HashMap<String, String> = one
        .logins
        .iter()
        .map(|l| (l.username.clone(), l.password.clone()))
        .collect();
    let (http, https) = (free_port().unwrap(), free_port().unwrap());
    let upstream = |server: &ServerProcess| server.base.trim_start_matches("http://").to_owned();
    let proxy = start_nginx(&place, [&upstream(&one), &upstream(&two)], http, https);
    let base = format!("https://127.0.0.1:{https}");

    // Plain http is sent to https.
    let redirect = browser("127.0.0.3")
        .get(format!("http://127.0.0.1:{http}/rankings"))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), 301);
    assert!(
        redirect.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("https://")
    );

    // Sign in through nginx from the public origin: a Secure cookie and HSTS.
    let inspector = browser("127.0.0.3");
    let signed_in = sign_in(&inspector, &base, "canbo.an", &logins["canbo.an"], PUBLIC).await;
    assert_eq!(signed_in.status(), 200);
    assert!(
        signed_in.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("; Secure")
    );
    assert_eq!(
        signed_in.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let record = format!("{base}/api/v1/rounds/2026/records/btc/TC-01");
    let saved = inspector
        .request(Method::PUT, &record)
        .header("origin", PUBLIC)
        .header("if-match", "*")
        .json(&json!({ "outcome": "met", "evidence": "Quyết định số 12/QĐ-BTC" }))
        .send()
        .await
        .unwrap();
    assert!(saved.status().is_success(), "{}", saved.text().await.unwrap());
    // Every request of a session goes to either instance, and reads what the other wrote.
    for _ in 0..4 {
        let read: Value = inspector.get(&record).send().await.unwrap().json().await.unwrap();
        assert_eq!(read["outcome"], "met");
    }
    // Issue 12: an evidence file near the 20 MB limit passes nginx (client_max_body_size) and
    // is checked by the worker process of whichever instance took it.
    let mut big = b"Bien ban kiem tra\n".repeat(1_000_000);
    big.truncate(19 * 1024 * 1024);
    let part = reqwest::multipart::Part::bytes(big).file_name("bien-ban.txt");
    let uploaded = inspector
        .post(format!("{record}/files"))
        .header("origin", PUBLIC)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 201, "{}", uploaded.text().await.unwrap());

    // A leader exports the briefing.
    let leader = browser("127.0.0.4");
    assert_eq!(
        sign_in(&leader, &base, "lanhdao", &logins["lanhdao"], PUBLIC)
            .await
            .status(),
        200
    );
    let pdf = leader
        .get(format!("{base}/api/v1/rounds/2019/export.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));

    // A page of another site cannot change anything.
    let foreign = inspector
        .request(Method::PUT, &record)
        .header("origin", "https://evil.example")
        .header("if-match", "*")
        .json(&json!({ "outcome": "not_met" }))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);

    // The sign-in limit counts each client as nginx names it, whatever the client writes.
    let guesser = browser("127.0.0.5");
    for n in 0..5 {
        let wrong = guesser
            .post(format!("{base}/api/v1/session"))
            .header("origin", PUBLIC)
            .header("x-forwarded-for", format!("198.51.100.{n}"))
            .json(&json!({ "username": format!("doan-{n}"), "password": "sai mật khẩu" }))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 401);
    }
    let blocked = sign_in(&guesser, &base, "doan-9", "sai mật khẩu", PUBLIC).await;
    assert_eq!(blocked.status(), 429, "forged X-Forwarded-For escaped the limit");
    let neighbour = sign_in(&browser("127.0.0.6"), &base, "doan-9", "sai mật khẩu", PUBLIC).await;
    assert_eq!(neighbour.status(), 401, "another client was locked out");
    // Straight to an instance from a peer that is not the proxy, the header is ignored.
    let direct = browser("127.0.0.7");
    for n in 0..5 {
        let wrong = direct
            .post(format!("{}/api/v1/session", two.base))
            .header("x-forwarded-for", format!("203.0.113.{n}"))
            .json(&json!({ "username": format!("truc-tiep-{n}"), "password": "sai" }))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 401);
    }
    let direct_blocked = direct
        .post(format!("{}/api/v1/session", two.base))
        .header("x-forwarded-for", "203.0.113.99")
        .json(&json!({ "username": "truc-tiep-9", "password": "sai" }))
        .send()
        .await
        .unwrap();
    assert_eq!(direct_blocked.status(), 429);

    // One instance stops (SIGTERM, as systemctl stop): nginx keeps serving from the other.
    assert!(one.terminate().await.unwrap());
    for _ in 0..4 {
        let read = inspector.get(&record).send().await.unwrap();
        assert_eq!(read.status(), 200);
    }
    let ready = inspector
        .get(format!("{base}/api/v1/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    drop(proxy);
    two.kill().await.unwrap();

    // Backups: PostgreSQL's dump restored into a new database with its audit chain intact.
    place.sh("backup");
    assert!(place.sh("restore").contains("intact"));
    // SQLite's online backup of a database in use.
    let state = place.root().join("state/scorecard.db");
    std::fs::create_dir_all(state.parent().unwrap()).unwrap();
    let created = Command::new(BINARY)
        .arg("--db")
        .arg(&state)
        .args(common::CREATE_ROUND_2019)
        .output()
        .unwrap();
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(place.sh("sqlite-backup").contains("intact: 1 entries"));
    drop(cluster);
}
