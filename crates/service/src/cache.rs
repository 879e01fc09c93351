//! Rankings and summaries that leaders read, kept as ready JSON until a record changes.

use std::collections::HashMap;
use std::sync::RwLock;

use bytes::Bytes;
use scorecard_domain::{Round, RoundId, Scope};

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

/// Serialized reports by key, each with its round as it was, so that a hit needs no query
/// to decide who may read it.
#[derive(Default)]
pub struct ReportCache {
    entries: RwLock<Entries>,
}

#[derive(Default)]
struct Entries {
    /// Counts the clears: a report computed from data read before a clear is stale.
    generation: u64,
    reports: HashMap<ReportKey, (Round, Bytes)>,
}

/// When a report's data was read: taken with [`ReportCache::generation`] before reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generation(u64);

impl ReportCache {
    /// The cached round and JSON of a report.
    pub fn get(&self, key: &ReportKey) -> Option<(Round, Bytes)> {
        self.entries.read().ok()?.reports.get(key).cloned()
    }

    /// The current generation; take it before reading the data a report is computed from.
    pub fn generation(&self) -> Generation {
        Generation(self.entries.read().map_or(0, |e| e.generation))
    }

    /// Keeps a report's JSON, unless a record or round changed since `read_at`: a reader that
    /// computed from the old data while a writer cleared the cache must not put the old figures
    /// back, where they would stay until the next change (issue 7, found by the load test).
    pub fn put(&self, key: ReportKey, round: Round, json: Bytes, read_at: Generation) {
        if let Ok(mut entries) = self.entries.write()
            && entries.generation == read_at.0
        {
            entries.reports.insert(key, (round, json));
        }
    }

    /// Forgets every report: called after any record or round changes. A round's ranking also depends
    /// on the previous round (rank change), so forgetting only one round would not be enough.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.write() {
            entries.generation += 1;
            entries.reports.clear();
        }
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
        cache.put(key(), round(), Bytes::from_static(b"{}"), cache.generation());
        assert!(cache.get(&key()).is_some());
        cache.clear();
        assert!(cache.get(&key()).is_none());
    }

    #[test]
    fn issue_7_a_report_computed_before_a_change_is_not_put_back() {
        let cache = ReportCache::default();
        // A reader reads the records, a writer saves and clears, then the reader puts its
        // figures, computed from the records before the save.
        let read_at = cache.generation();
        cache.clear();
        cache.put(key(), round(), Bytes::from_static(b"{\"stale\":true}"), read_at);
        assert!(cache.get(&key()).is_none(), "stale figures were cached");
    }
}
