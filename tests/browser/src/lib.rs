//! The browser test harness: the real server with the demo data on port 0, and headless
//! Chromium driven through a chromedriver that each test starts on a free port.
//!
//! `cargo xtask test` builds the front end first and sets `SCORECARD_DIST`, `CHROMIUM` and
//! `CHROMEDRIVER`; run alone, the harness looks for `dist/` and the Debian programs.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use scorecard_server::app::{AppState, Config};
use scorecard_server::cli::DemoLogin;
use scorecard_store::SqliteStore;
use serde_json::json;
use tokio::process::{Child, Command};

/// The demo served over HTTP on a free port, with a temporary database.
pub struct Served {
    pub base: String,
    /// One login per demo user, with the random password the demo made.
    pub logins: Vec<DemoLogin>,
    _dir: tempfile::TempDir,
}

impl Served {
    /// The full URL of a path of the app.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The demo password of `username`.
    pub fn password_of(&self, username: &str) -> &str {
        self.logins
            .iter()
            .find(|l| l.username == username)
            .map(|l| l.password.as_str())
            .unwrap_or_else(|| panic!("the demo has no user {username}"))
    }
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The built front end; stops with the command to run when it is missing.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("SCORECARD_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "the front end is not built in {}: run `cargo xtask dist` (or `cargo xtask test`, which builds it)",
        dist.display()
    );
    dist
}

/// Starts the server with the demo data and the built front end.
pub async fn serve_demo() -> Served {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = SqliteStore::open_file(&dir.path().join("browser.db"))
        .await
        .expect("database");
    let logins = scorecard_server::cli::load_demo(&store)
        .await
        .expect("demo data")
        .expect("a fresh database gets the demo and its logins");
    let config = Config {
        addr: "127.0.0.1:0".parse().expect("address"),
        dist: Some(dist_dir()),
    };
    let (addr, _) = scorecard_server::spawn(AppState::new(Arc::new(store)), config)
        .await
        .expect("server");
    Served {
        base: format!("http://{addr}"),
        logins,
        _dir: dir,
    }
}

fn program(env: &str, names: &[&str]) -> PathBuf {
    if let Some(path) = std::env::var_os(env) {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in names {
            if dir.join(name).is_file() {
                return dir.join(name);
            }
        }
    }
    panic!(
        "{} is not installed: run `apt-get update && apt-get install -y chromium chromium-driver` \
         (or set {env} to its path)",
        names[0]
    );
}

/// Headless Chromium under a chromedriver of its own; both end when this is dropped.
pub struct Browser {
    pub client: Client,
    _driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium with a window of `width` × `height` CSS pixels.
    pub async fn start(width: u32, height: u32) -> Browser {
        let chromium = program("CHROMIUM", &["chromium", "chromium-browser", "google-chrome"]);
        let chromedriver = program("CHROMEDRIVER", &["chromedriver"]);
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let profile = tempfile::tempdir().expect("temporary profile");
        let mut capabilities = Capabilities::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-extensions", "--hide-scrollbars",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let client = connect(port, capabilities).await;
        Browser {
            client,
            _driver: driver,
            _profile: profile,
        }
    }

    /// Waits until an element matching `css` exists, and returns its text.
    pub async fn text_of(&self, css: &str) -> String {
        let element = self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}` appeared: {e}"));
        element.text().await.expect("element text")
    }

    /// Waits until `count` elements match `css`; returns how many there were at the end.
    pub async fn wait_for_count(&self, css: &str, count: usize) -> usize {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let found = self
                .client
                .find_all(Locator::Css(css))
                .await
                .map(|v| v.len())
                .unwrap_or(0);
            if found == count || Instant::now() > deadline {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens a path of the served app.
    pub async fn open(&self, served: &Served, path: &str) {
        self.client
            .goto(&served.url(path))
            .await
            .unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    }

    /// Waits until the text of the first element matching `css` contains `needle`; returns
    /// the text, or fails naming what was there instead.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = String::new();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
            {
                if text.contains(needle) {
                    return text;
                }
                last = text;
            }
            assert!(
                Instant::now() < deadline,
                "`{css}` never contained {needle:?}; it read {last:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The texts of every element matching `css`, in page order.
    pub async fn texts_of(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.unwrap_or_default() {
            texts.push(element.text().await.unwrap_or_default());
        }
        texts
    }

    /// Clicks the first element matching `css`, waiting for it to appear.
    pub async fn click(&self, css: &str) {
        let element = self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}` to click: {e}"));
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
    }

    /// Runs a script in the page and returns its value.
    pub async fn run(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs `script` as the body of an async function (it may `await`, and `return`s its
    /// answer), waiting for what it answers; a thrown error is answered as `"error: …"`.
    pub async fn run_async(&self, script: &str) -> serde_json::Value {
        let wrapped = format!(
            "const done = arguments[arguments.length - 1];
             (async () => {{ {script} }})().then(done, e => done('error: ' + e));"
        );
        self.client
            .execute_async(&wrapped, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// The path and query of the page now shown.
    pub async fn address(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Fails when the app reported a panic on the page.
    pub async fn assert_no_panic(&self) {
        let reports = self.texts_of("#panic-report").await;
        assert!(reports.is_empty(), "the app panicked: {reports:?}");
    }

    /// Types `text` into the field matching `css`, waiting for it to appear.
    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no field `{css}` to type into: {e}"));
        element
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into `{css}`: {e}"));
    }

    /// Picks the option with `value` in the select matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        let element = self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no select `{css}`: {e}"));
        element
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("cannot pick {value} in `{css}`: {e}"));
    }

    /// Waits until the element matching `css` can be clicked (exists and is not disabled),
    /// then clicks it.
    pub async fn click_when_enabled(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let enabled = self
                .run(&format!(
                    "const e = document.querySelector({css:?}); return !!e && !e.disabled;"
                ))
                .await;
            if enabled.as_bool() == Some(true) {
                break;
            }
            assert!(Instant::now() < deadline, "`{css}` never became enabled");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.click(css).await;
    }

    /// Signs in through the sign-in page as a demo user and waits for the header to say so.
    pub async fn sign_in(&self, served: &Served, username: &str) {
        self.open(served, "/sign-in").await;
        self.type_into("#username", username).await;
        self.type_into("#password", served.password_of(username)).await;
        self.click("#sign-in-submit").await;
        self.text_of("#signed-in-user").await;
    }

    /// Saves a PNG of the window when `SCORECARD_SHOTS` names a folder, and returns whether
    /// it did.
    pub async fn screenshot(&self, name: &str) -> bool {
        let Some(dir) = std::env::var_os("SCORECARD_SHOTS") else {
            return false;
        };
        let png = self.client.screenshot().await.expect("screenshot");
        let path = PathBuf::from(dir).join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        true
    }

    /// Ends the WebDriver session.
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("local address").port()
}

/// Connects once chromedriver listens; it takes a moment to start.
async fn connect(port: u16, capabilities: Capabilities) -> Client {
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return client,
            Err(error) if Instant::now() > deadline => panic!("cannot reach chromedriver at {url}: {error}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// A script for the round administration page: fills the schedule table, each phase a day
/// long, the first (the self-assessment) opening `start` hours from now, in Vietnam's time as a
/// `datetime-local` field holds it. Run it, then click `#schedule-save`.
pub fn fill_schedule(start: i64) -> String {
    format!(
        "const at = h => new Date(Date.now() + h * 3600e3 + 7 * 3600e3).toISOString().slice(0, 16);
         const phases = ['self_assessment', 'inspection', 'preliminary', 'explanations', 'final'];
         phases.forEach((p, i) => {{
             for (const [end, h] of [['opens', {start} + 24 * i], ['closes', {start} + 24 * (i + 1)]]) {{
                 const field = document.querySelector(`#phase-${{p}}-${{end}}`);
                 field.value = at(h);
                 field.dispatchEvent(new Event('input', {{bubbles: true}}));
             }}
         }});
         return true;"
    )
}
