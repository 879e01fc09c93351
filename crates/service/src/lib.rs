//! The operations of egov-scorecard: what a person or the command line can ask of the product,
//! over a store, for the acting user ([`Who`]). HTTP handlers and the command line are thin
//! adapters over [`Service`]; the figures themselves come from `scorecard-domain` only.
//!
//! The service decides who may do what where the data decides (`access`), checks every input
//! by the product's rules, writes each change with its audit entry through the store, and
//! keeps computed rankings and summaries until the next change, forgotten in one place: the
//! store's data version, checked before each cached read (`cache.rs`).
//!
//! | what | where |
//! |---|---|
//! | a record's save, submit, approve, return, history | `records.rs` |
//! | rankings, summaries, scores, history across rounds | `reports.rs` |
//! | imports | `imports.rs` |
//! | exports: CSV, JSON, PDF, XLSX, charts | `exports.rs` |
//! | users, rounds, assignments, reviewers, catalogs, audit | `admin.rs` |
//! | evidence files, the signature check's roots | `evidence.rs` |
//! | a round's phases, the units' self-assessments and explanations, the preliminary notice | `participation.rs` |
//! | findings made at publishing, their follow-up | `findings.rs` |
//! | in-app notices, derived when asked | `notices.rs` |
//! | signing in | [`Service::sign_in`] |

pub mod access;
pub mod admin;
mod cache;
pub mod error;
pub mod evidence;
pub mod exports;
pub mod findings;
pub mod imports;
pub mod lookup;
pub mod notices;
pub mod participation;
pub mod password;
pub mod records;
pub mod reports;
mod who;

use std::sync::Arc;

use scorecard_domain::User;
use scorecard_store::Store;

pub use cache::ReportJson;
pub use error::ServiceError;
pub use who::Who;

use crate::cache::{Lookups, ReportCache, VersionCheck};
use crate::password::Hasher;

/// The product's operations over one store, with the cache of computed reports.
#[derive(Clone)]
pub struct Service {
    store: Arc<dyn Store>,
    cache: Arc<ReportCache>,
    version: Arc<VersionCheck>,
    lookups: Arc<Lookups>,
    hasher: Hasher,
    evidence: evidence::EvidenceSettings,
}

impl Service {
    /// The operations over `store`, hashing at most two passwords at a time.
    pub fn new(store: Arc<dyn Store>) -> Service {
        Service::with_hasher(store, Hasher::new(2))
    }

    /// The operations over `store` with this password hasher.
    pub fn with_hasher(store: Arc<dyn Store>, hasher: Hasher) -> Service {
        Service {
            store,
            cache: Arc::new(ReportCache::default()),
            version: Arc::new(VersionCheck::default()),
            lookups: Arc::new(Lookups::default()),
            hasher,
            evidence: evidence::EvidenceSettings::default(),
        }
    }

    /// The same operations with these upload limits and this signature analyser.
    pub fn with_evidence(mut self, settings: evidence::EvidenceSettings) -> Service {
        self.evidence = settings;
        self
    }

    /// The store, for what is not an operation of the product (sessions, health).
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// The password hasher.
    pub fn hasher(&self) -> &Hasher {
        &self.hasher
    }

    /// The user with this name and password, if they may sign in. An unknown name takes as
    /// long as a wrong password, so neither tells which names exist.
    pub async fn sign_in(&self, username: &str, password: String) -> Result<User, ServiceError> {
        let credentials = self.store().credentials(username).await?;
        let hash = credentials.as_ref().map(|c| c.password_hash.clone());
        let matches = self.hasher.verify(password, hash).await;
        match credentials {
            Some(credentials) if matches && !credentials.disabled => Ok(credentials.user),
            _ => Err(ServiceError::BadCredentials),
        }
    }
}
