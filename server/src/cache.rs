//! Rankings and summaries that leaders read, kept as ready JSON until a record changes.

use std::collections::HashMap;
use std::sync::RwLock;

use axum::body::Bytes;
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
    entries: RwLock<HashMap<ReportKey, (Round, Bytes)>>,
}

impl ReportCache {
    /// The cached round and JSON of a report.
    pub fn get(&self, key: &ReportKey) -> Option<(Round, Bytes)> {
        self.entries.read().ok()?.get(key).cloned()
    }

    /// Keeps a report's JSON.
    pub fn put(&self, key: ReportKey, round: Round, json: Bytes) {
        if let Ok(mut entries) = self.entries.write() {
            entries.insert(key, (round, json));
        }
    }

    /// Forgets every report: called after any record or round changes. A round's ranking also depends
    /// on the previous round (rank change), so forgetting only one round would not be enough.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.write() {
            entries.clear();
        }
    }
}
