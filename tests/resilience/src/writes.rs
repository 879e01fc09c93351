//! Inspectors saving records through HTTP, each keeping what the server acknowledged, so that
//! after a crash or a load every acknowledged save can be looked for.
//!
//! Every writer owns its records: no two writers save the same one, so a `412` or a record
//! that differs from what was acknowledged is a fault of the server, never of the test.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use serde_json::{Value, json};

use crate::rng::Rng;

/// The open round of the demo, where inspectors write.
pub const ROUND: &str = "2026";

/// How a criterion of catalog `cpdt-2025` is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    PassFail,
    Ratio,
    Levels,
}

/// The criteria of catalog `cpdt-2025`, which round 2026 uses.
pub const CRITERIA: [(&str, Kind); 7] = [
    ("TC-01", Kind::PassFail),
    ("TC-02", Kind::PassFail),
    ("VB-01", Kind::Ratio),
    ("VB-02", Kind::PassFail),
    ("DV-01", Kind::PassFail),
    ("DV-02", Kind::Levels),
    ("HT-01", Kind::PassFail),
];

/// The demo's assignments in round 2026: inspector and organisations.
pub const DEMO_ASSIGNMENTS: [(&str, [&str; 6]); 2] = [
    ("canbo.an", ["btc", "bct", "bnv", "byt", "bgddt", "btp"]),
    ("canbo.chau", ["bkhcn", "bnnmt", "bxd", "bng", "nhnn", "ttcp"]),
];

/// What one save writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub outcome: Option<String>,
    pub value: Option<f64>,
    pub evidence: String,
    pub note: String,
}

impl Content {
    /// A valid answer for a criterion of `kind`, labelled so that every save differs.
    pub fn random(kind: Kind, rng: &mut Rng, label: &str) -> Content {
        let pick =
            |rng: &mut Rng, options: &[&str]| options[rng.below(options.len() as u64) as usize].to_owned();
        let (outcome, value) = match kind {
            Kind::PassFail => (Some(pick(rng, &["met", "not_met", "not_applicable"])), None),
            Kind::Levels => (Some(pick(rng, &["none", "in_progress", "pilot", "done"])), None),
            Kind::Ratio => (None, Some(rng.ratio())),
        };
        Content {
            outcome,
            value,
            evidence: format!("Công văn số {label}/BC-KT"),
            note: format!("ghi chú {label}: đã kiểm tra"),
        }
    }

    /// The JSON body of `PUT …/records/{org}/{criterion}`.
    pub fn body(&self) -> Value {
        json!({
            "outcome": self.outcome,
            "value": self.value,
            "evidence": self.evidence,
            "note": self.note,
        })
    }

    /// Whether a record as the API shows it holds this content.
    pub fn is_in(&self, record: &Value) -> bool {
        let value_matches = match (self.value, record["value"].as_f64()) {
            (None, None) => true,
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            _ => false,
        };
        record["outcome"].as_str() == self.outcome.as_deref()
            && value_matches
            && record["evidence"] == self.evidence.as_str()
            && record["note"] == self.note.as_str()
    }
}

/// A signed-in user: the session cookie, sent by hand so that it survives a server restart on
/// another port (sessions are stored in the database).
#[derive(Clone)]
pub struct Session {
    pub http: reqwest::Client,
    pub cookie: String,
}

impl Session {
    /// Signs in with `POST /api/v1/session`.
    pub async fn sign_in(
        http: &reqwest::Client,
        base: &str,
        username: &str,
        password: &str,
    ) -> anyhow::Result<Session> {
        let response = http
            .post(format!("{base}/api/v1/session"))
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await?;
        ensure!(
            response.status() == 200,
            "sign in as {username}: {}",
            response.status()
        );
        let cookie = response
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| {
                v.split(';')
                    .next()
                    .filter(|c| c.starts_with("scorecard_session="))
            })
            .context("no session cookie")?
            .to_owned();
        Ok(Session {
            http: http.clone(),
            cookie,
        })
    }

    /// A request carrying the session cookie.
    pub fn request(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, url)
            .header(reqwest::header::COOKIE, &self.cookie)
    }

    /// The JSON of a GET that must answer 200.
    pub async fn json(&self, url: impl AsRef<str>) -> anyhow::Result<Value> {
        let url = url.as_ref();
        let response = self.request(reqwest::Method::GET, url).send().await?;
        let status = response.status();
        let text = response.text().await?;
        ensure!(status == 200, "GET {url}: {status} {text}");
        Ok(serde_json::from_str(&text)?)
    }
}

/// A client for loopback tests: no proxy, a timeout so that a hang fails instead of waiting.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a plain HTTP client builds")
}

/// One record a writer owns, with what the server acknowledged last and the save whose answer
/// never came (the server died meanwhile: it may or may not have been written).
#[derive(Debug, Clone)]
pub struct Slot {
    pub org: String,
    pub criterion: &'static str,
    pub kind: Kind,
    pub acknowledged: Option<(i64, Content)>,
    pub in_flight: Option<Content>,
}

/// One inspector session saving its own records.
pub struct Writer {
    pub id: usize,
    pub session: Session,
    pub slots: Vec<Slot>,
    pub rng: Rng,
    /// Saves answered 2xx.
    pub acknowledged: usize,
    saves: usize,
}

/// How a save ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// 2xx with this version.
    Acknowledged(i64),
    /// No answer: the connection broke (the server was killed).
    Interrupted,
}

impl Writer {
    pub fn new(id: usize, session: Session, slots: Vec<Slot>, rng: Rng) -> Writer {
        Writer {
            id,
            session,
            slots,
            rng,
            acknowledged: 0,
            saves: 0,
        }
    }

    /// Saves new content into one of its records, chosen at random.
    pub async fn save_one(&mut self, base: &str) -> anyhow::Result<Saved> {
        let index = self.rng.below(self.slots.len() as u64) as usize;
        self.save_slot(base, index).await
    }

    /// Saves every one of its records once, in order; each must be acknowledged.
    pub async fn save_each(mut self, base: String) -> anyhow::Result<Writer> {
        for index in 0..self.slots.len() {
            ensure!(
                self.save_slot(&base, index).await? != Saved::Interrupted,
                "writer {}: the server stopped answering",
                self.id
            );
        }
        Ok(self)
    }

    /// Saves new content into its record `index`.
    async fn save_slot(&mut self, base: &str, index: usize) -> anyhow::Result<Saved> {
        self.saves += 1;
        let label = format!("{}-{}", self.id, self.saves);
        let content = Content::random(self.slots[index].kind, &mut self.rng, &label);
        let slot = &mut self.slots[index];
        let if_match = match &slot.acknowledged {
            Some((version, _)) => format!("\"v{version}\""),
            None => "*".to_owned(),
        };
        let url = format!(
            "{base}/api/v1/rounds/{ROUND}/records/{}/{}",
            slot.org, slot.criterion
        );
        slot.in_flight = Some(content.clone());
        let sent = self
            .session
            .request(reqwest::Method::PUT, &url)
            .header(reqwest::header::IF_MATCH, if_match)
            .json(&content.body())
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(error) if error.is_connect() || error.is_request() || error.is_body() => {
                return Ok(Saved::Interrupted);
            }
            Err(error) => return Err(error.into()),
        };
        let status = response.status();
        let etag = response
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if !status.is_success() {
            let text = response.text().await.unwrap_or_default();
            bail!("PUT {url} answered {status}: {text}");
        }
        let version = etag
            .as_deref()
            .and_then(|t| t.trim_matches('"').strip_prefix('v'))
            .and_then(|v| v.parse().ok())
            .with_context(|| format!("PUT {url} answered {status} without a version ETag"))?;
        slot.acknowledged = Some((version, content));
        slot.in_flight = None;
        self.acknowledged += 1;
        Ok(Saved::Acknowledged(version))
    }

    /// Saves until the server stops answering.
    pub async fn save_until_interrupted(mut self, base: String) -> anyhow::Result<Writer> {
        while self.save_one(&base).await? != Saved::Interrupted {}
        Ok(self)
    }

    /// Saves `count` times; every save must be acknowledged.
    pub async fn save_times(mut self, base: String, count: usize) -> anyhow::Result<Writer> {
        for _ in 0..count {
            ensure!(
                self.save_one(&base).await? != Saved::Interrupted,
                "writer {}: the server stopped answering",
                self.id
            );
        }
        Ok(self)
    }

    /// Saves until `deadline`; every save must be acknowledged.
    pub async fn save_until(mut self, base: String, deadline: Instant) -> anyhow::Result<Writer> {
        while Instant::now() < deadline {
            ensure!(
                self.save_one(&base).await? != Saved::Interrupted,
                "writer {}: the server stopped answering",
                self.id
            );
        }
        Ok(self)
    }
}

/// Splits the demo's 84 records of round 2026 among `count` writers (an even number: half for
/// each demo inspector), each signed in as the inspector of its records.
pub fn demo_writers(
    count: usize,
    sessions: &HashMap<String, Session>,
    rng: &mut Rng,
) -> anyhow::Result<Vec<Writer>> {
    ensure!(count >= 2 && count.is_multiple_of(2), "an even number of writers");
    let per_inspector = count / 2;
    let mut writers = Vec::new();
    for (nth, (inspector, orgs)) in DEMO_ASSIGNMENTS.iter().enumerate() {
        let session = sessions
            .get(*inspector)
            .with_context(|| format!("no session for {inspector}"))?;
        let slots: Vec<Slot> = orgs
            .iter()
            .flat_map(|org| {
                CRITERIA.iter().map(move |(criterion, kind)| Slot {
                    org: (*org).to_owned(),
                    criterion,
                    kind: *kind,
                    acknowledged: None,
                    in_flight: None,
                })
            })
            .collect();
        for part in 0..per_inspector {
            let mine = slots
                .iter()
                .enumerate()
                .filter(|(i, _)| i % per_inspector == part)
                .map(|(_, s)| s.clone())
                .collect();
            writers.push(Writer::new(
                nth * per_inspector + part,
                session.clone(),
                mine,
                rng.fork(),
            ));
        }
    }
    Ok(writers)
}

/// What a check of the writers' records against the server found.
#[derive(Debug, Default, Clone, Copy)]
pub struct Reconciled {
    /// Records whose acknowledged save was found.
    pub acknowledged: usize,
    /// Interrupted saves that turned out written, and not written.
    pub interrupted_written: usize,
    pub interrupted_lost: usize,
}

/// Compares every record of the writers with `records` (the API's list of round 2026), then
/// adopts what is stored as acknowledged. An acknowledged save that is missing or changed is
/// an error naming the record.
pub fn reconcile(writers: &mut [Writer], records: &[Value]) -> anyhow::Result<Reconciled> {
    let stored: HashMap<(String, String), &Value> = records
        .iter()
        .filter_map(|r| {
            Some((
                (
                    r["organization"].as_str()?.to_owned(),
                    r["criterion"].as_str()?.to_owned(),
                ),
                r,
            ))
        })
        .collect();
    let mut found = Reconciled::default();
    for slot in writers.iter_mut().flat_map(|w| w.slots.iter_mut()) {
        let key = format!("{}/{}", slot.org, slot.criterion);
        let record = stored.get(&(slot.org.clone(), slot.criterion.to_owned()));
        let version = record.and_then(|r| r["version"].as_i64());
        let acknowledged_version = slot.acknowledged.as_ref().map(|(v, _)| *v);
        let keeps_acknowledged = match (&slot.acknowledged, record) {
            (None, None) => true,
            (Some((v, content)), Some(record)) => version == Some(*v) && content.is_in(record),
            _ => false,
        };
        let interrupted = slot.in_flight.take();
        let next_version = Some(acknowledged_version.unwrap_or(0) + 1);
        let written = interrupted
            .clone()
            .filter(|content| record.is_some_and(|r| version == next_version && content.is_in(r)));
        if let (Some(content), Some(version)) = (written, version) {
            found.interrupted_written += 1;
            slot.acknowledged = Some((version, content));
        } else if keeps_acknowledged {
            found.acknowledged += usize::from(slot.acknowledged.is_some());
            found.interrupted_lost += usize::from(interrupted.is_some());
        } else {
            bail!(
                "record {key}: acknowledged {:?}, interrupted {:?}, but the server holds {}",
                slot.acknowledged,
                interrupted,
                record.map_or("nothing".to_owned(), |r| r.to_string())
            );
        }
    }
    Ok(found)
}
