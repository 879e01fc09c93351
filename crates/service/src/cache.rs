//! Rankings and summaries that leaders read, kept as ready JSON until a record changes, with
//! their gzip and brotli forms made once, the first time a reader asks for each.

use std::collections::HashMap;
use std::future::Future;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use bytes::Bytes;
use scorecard_domain::{Assignment, Organization, PhaseWindow, Round, RoundId, Scope};
use scorecard_store::{Store, StoreError, Versions};
use tokio::sync::OnceCell;

/// A report's JSON, and its compressed forms once asked for. Cloning shares them.
#[derive(Clone)]
pub struct ReportJson(Arc<Encodings>);

struct Encodings {
    json: Bytes,
    gzip: OnceCell<Bytes>,
    brotli: OnceCell<Bytes>,
}

/// How hard the stored forms are compressed: they are made once per change of the data and
/// then sent many times, so a high level pays (brotli 9 is some 10 % smaller than the level a
/// server uses on the fly and still takes milliseconds for a report).
const BROTLI_QUALITY: i32 = 9;
const GZIP_LEVEL: u32 = 9;

impl ReportJson {
    pub fn new(json: Bytes) -> ReportJson {
        ReportJson(Arc::new(Encodings {
            json,
            gzip: OnceCell::new(),
            brotli: OnceCell::new(),
        }))
    }

    /// The JSON itself.
    pub fn json(&self) -> Bytes {
        self.0.json.clone()
    }

    /// The JSON gzipped, made on the first call.
    pub async fn gzip(&self) -> Bytes {
        self.form(&self.0.gzip, gzip).await
    }

    /// The JSON in brotli, made on the first call.
    pub async fn brotli(&self) -> Bytes {
        self.form(&self.0.brotli, brotli).await
    }

    /// A compressed form kept in `cell`, made by `compress` on the first call off the executor;
    /// readers meanwhile wait for it without holding a thread.
    async fn form(&self, cell: &OnceCell<Bytes>, compress: fn(&[u8]) -> Vec<u8>) -> Bytes {
        let json = self.0.json.clone();
        let made = cell.get_or_init(|| async move {
            match tokio::task::spawn_blocking(move || compress(&json)).await {
                Ok(bytes) => Bytes::from(bytes),
                // A panic while compressing is a bug; answering it again would hide nothing.
                Err(error) => std::panic::resume_unwind(error.into_panic()),
            }
        });
        made.await.clone()
    }
}

/// Gzip of bytes held in memory (writing to a `Vec` cannot fail).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(GZIP_LEVEL));
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// Brotli of bytes held in memory.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut std::io::Cursor::new(bytes), &mut out, &params).expect("writing to memory");
    out
}

/// Which report of which round.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReportKey {
    Ranking {
        round: RoundId,
        scope: Scope,
        preliminary: bool,
    },
    Summary {
        round: RoundId,
        preliminary: bool,
    },
}

/// Serialised reports by key, each with its round as it was, so that a hit needs no query
/// to decide who may read it.
#[derive(Default)]
pub struct ReportCache {
    entries: RwLock<Entries>,
}

#[derive(Default)]
struct Entries {
    /// Counts the clears: a report computed from data read before a clear is stale.
    generation: u64,
    /// The store's data version the reports were computed at.
    data_version: Option<i64>,
    reports: HashMap<ReportKey, (Round, ReportJson)>,
}

/// When a report's data was read: taken with [`ReportCache::generation`] before reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generation(u64);

impl ReportCache {
    /// The cached round and JSON of a report.
    pub fn get(&self, key: &ReportKey) -> Option<(Round, ReportJson)> {
        self.entries.read().ok()?.reports.get(key).cloned()
    }

    /// The current generation; take it before reading the data a report is computed from.
    pub fn generation(&self) -> Generation {
        Generation(self.entries.read().map_or(0, |e| e.generation))
    }

    /// Keeps a report's JSON, unless a record or round changed since `read_at`: a reader that
    /// computed from the old data while a writer cleared the cache must not put the old figures
    /// back, where they would stay until the next change (issue 7, found by the load test).
    pub fn put(&self, key: ReportKey, round: Round, json: ReportJson, read_at: Generation) {
        if let Ok(mut entries) = self.entries.write()
            && entries.generation == read_at.0
        {
            entries.reports.insert(key, (round, json));
        }
    }

    /// Forgets every report when the store's data version is not the one they were computed
    /// at: the data changed, through this instance, another one or a command. Called before
    /// each read; the one way reports are forgotten. A round's ranking also depends on the
    /// previous round (rank change), so forgetting only one round would not be enough.
    pub fn sync(&self, data_version: i64) {
        let current = self.entries.read().map_or(None, |e| e.data_version);
        if current == Some(data_version) {
            return;
        }
        if let Ok(mut entries) = self.entries.write()
            && entries.data_version != Some(data_version)
        {
            entries.generation += 1;
            entries.reports.clear();
            entries.data_version = Some(data_version);
        }
    }
}

/// The store's versions ([`Versions`]), read at most once per burst of readers. A reader takes the answer
/// of a read that *started* after it arrived, so it sees every change committed before it
/// arrived (made through any instance, or by a command); readers that arrive while a read runs
/// share the next one. Under load that is one small query for many requests instead of one
/// each; alone, a reader pays one query, as before.
#[derive(Default)]
pub struct VersionCheck {
    /// Reads started so far; a read's number is its place in that count.
    started: AtomicU64,
    /// The number and answer of the latest read that ended.
    ended: Mutex<(u64, Versions)>,
    /// One read at a time.
    reading: tokio::sync::Mutex<()>,
}

impl VersionCheck {
    /// The versions as of a moment after this call began.
    pub async fn current(&self, store: &dyn Store) -> Result<Versions, StoreError> {
        let arrived = self.started.load(Ordering::SeqCst);
        let after_arrival = || {
            let (number, version) = *self.ended.lock().unwrap_or_else(|e| e.into_inner());
            (number > arrived).then_some(version)
        };
        if let Some(version) = after_arrival() {
            return Ok(version);
        }
        let _reading = self.reading.lock().await;
        if let Some(version) = after_arrival() {
            return Ok(version);
        }
        let number = self.started.fetch_add(1, Ordering::SeqCst) + 1;
        let version = store.versions().await?;
        let mut ended = self.ended.lock().unwrap_or_else(|e| e.into_inner());
        if ended.0 < number {
            *ended = (number, version);
        }
        Ok(version)
    }
}

/// Rounds, organisations, assignments and phases as of one reference version
/// ([`Versions::reference`]): what every save and workflow step looks up before it writes.
/// Kept until that version moves, which saves and workflow steps do not move, so that saves
/// read them once instead of once each; a reader passes the version it read
/// ([`VersionCheck`]), and whatever it then reads from the store is at least that new.
#[derive(Default)]
pub struct Lookups {
    snapshot: Mutex<Snapshot>,
}

#[derive(Default)]
struct Snapshot {
    version: i64,
    organizations: Option<Arc<Vec<Organization>>>,
    rounds: HashMap<RoundId, Round>,
    assignments: HashMap<RoundId, Arc<Vec<Assignment>>>,
    phases: HashMap<RoundId, Arc<Vec<PhaseWindow>>>,
}

impl Lookups {
    /// The snapshot of `version`, emptied first when the version moved on past what it holds
    /// (a reader that still holds an older version finds the newer snapshot, which is fine).
    fn at(&self, version: i64) -> std::sync::MutexGuard<'_, Snapshot> {
        let mut snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        if version > snapshot.version {
            *snapshot = Snapshot {
                version,
                ..Snapshot::default()
            };
        }
        snapshot
    }

    /// What `known` finds in the snapshot of `version`, else what `read` reads from the store,
    /// kept there by `keep` unless the version moved on meanwhile.
    async fn kept<T>(
        &self,
        version: i64,
        known: impl FnOnce(&Snapshot) -> Option<T>,
        read: impl Future<Output = Result<T, StoreError>>,
        keep: impl FnOnce(&mut Snapshot, &T),
    ) -> Result<T, StoreError> {
        let found = known(&self.at(version));
        if let Some(found) = found {
            return Ok(found);
        }
        let read = read.await?;
        let mut snapshot = self.at(version);
        if snapshot.version == version {
            keep(&mut snapshot, &read);
        }
        Ok(read)
    }

    pub async fn organizations(
        &self,
        store: &dyn Store,
        version: i64,
    ) -> Result<Arc<Vec<Organization>>, StoreError> {
        let read = async { Ok(Arc::new(store.organizations().await?)) };
        let keep = |s: &mut Snapshot, read: &Arc<Vec<Organization>>| s.organizations = Some(read.clone());
        self.kept(version, |s| s.organizations.clone(), read, keep).await
    }

    pub async fn round(
        &self,
        store: &dyn Store,
        version: i64,
        id: &RoundId,
    ) -> Result<Option<Round>, StoreError> {
        let keep = |s: &mut Snapshot, read: &Option<Round>| {
            if let Some(round) = read {
                s.rounds.insert(id.clone(), round.clone());
            }
        };
        let known = |s: &Snapshot| s.rounds.get(id).cloned().map(Some);
        self.kept(version, known, store.round(id), keep).await
    }

    pub async fn assignments(
        &self,
        store: &dyn Store,
        version: i64,
        round: &RoundId,
    ) -> Result<Arc<Vec<Assignment>>, StoreError> {
        let read = async { Ok(Arc::new(store.assignments(round).await?)) };
        let keep = |s: &mut Snapshot, read: &Arc<Vec<Assignment>>| {
            s.assignments.insert(round.clone(), read.clone());
        };
        self.kept(version, |s| s.assignments.get(round).cloned(), read, keep)
            .await
    }

    pub async fn phases(
        &self,
        store: &dyn Store,
        version: i64,
        round: &RoundId,
    ) -> Result<Arc<Vec<PhaseWindow>>, StoreError> {
        let read = async { Ok(Arc::new(store.phases(round).await?)) };
        let keep = |s: &mut Snapshot, read: &Arc<Vec<PhaseWindow>>| {
            s.phases.insert(round.clone(), read.clone());
        };
        self.kept(version, |s| s.phases.get(round).cloned(), read, keep)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ReportKey {
        ReportKey::Summary {
            round: RoundId::parse("2026").unwrap(),
            preliminary: false,
        }
    }

    fn round() -> Round {
        serde_json::from_value(serde_json::json!({
            "id": "2026", "name_vi": "Đợt 2026", "name_en": "Round 2026", "catalog": "cpdt-2025",
            "starts_on": "2026-01-01", "ends_on": "2026-12-31", "state": "open", "illustrative": false
        }))
        .unwrap()
    }

    #[test]
    fn a_report_is_kept_until_the_next_change() {
        let cache = ReportCache::default();
        cache.put(
            key(),
            round(),
            ReportJson::new(Bytes::from_static(b"{}")),
            cache.generation(),
        );
        assert!(cache.get(&key()).is_some());
        cache.sync(1);
        assert!(cache.get(&key()).is_none());
    }

    #[test]
    fn issue_7_a_report_computed_before_a_change_is_not_put_back() {
        let cache = ReportCache::default();
        // A reader reads the records, a writer saves (the data version moves and the next
        // reader forgets the reports), then the first reader puts its figures, computed from
        // the records before the save.
        cache.sync(1);
        let read_at = cache.generation();
        cache.sync(2);
        cache.put(
            key(),
            round(),
            ReportJson::new(Bytes::from_static(b"{\"stale\":true}")),
            read_at,
        );
        assert!(cache.get(&key()).is_none(), "stale figures were cached");
    }

    #[tokio::test]
    async fn the_compressed_forms_decompress_to_the_json_and_are_made_once() {
        let json: String = (0..2000).map(|i| format!("{{\"tổ chức\":{i}}},")).collect();
        let report = ReportJson::new(Bytes::from(json.clone()));
        let (gz, br) = (report.gzip().await, report.brotli().await);
        assert!(
            gz.len() < json.len() / 4 && br.len() < gz.len(),
            "{} {} {}",
            json.len(),
            gz.len(),
            br.len()
        );
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back).unwrap();
        assert_eq!(back, json);
        let mut back = String::new();
        std::io::Read::read_to_string(&mut brotli::Decompressor::new(&br[..], 4096), &mut back).unwrap();
        assert_eq!(back, json);
        // A clone shares the forms already made: the same bytes, not a second compression.
        let again = report.clone().brotli().await;
        assert_eq!(again.as_ptr(), br.as_ptr());
    }
}
