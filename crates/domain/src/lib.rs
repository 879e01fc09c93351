//! The rules of egov-scorecard, shared by the server and the browser.
//!
//! Everything here is pure: no IO, no clock, no HTTP, SQL or DOM. The serde types are the
//! JSON contract between the server and the front end. The exact rules live in
//! docs/rules.md; each module names the rule it implements.

pub mod audit;
pub mod auth;
pub mod catalog;
pub mod collation;
pub mod credit;
pub mod findings;
pub mod formula;
pub mod ids;
pub mod iso_date;
pub mod lang;
pub mod numbers;
#[cfg(feature = "openapi")]
mod openapi;
pub mod organization;
pub mod phases;
pub mod ranking;
pub mod record;
pub mod report;
pub mod round;
pub mod score;
pub mod self_assessment;
pub mod summary;

pub use audit::{AuditEntry, AuditVerdict};
pub use auth::{Assignment, Role, User};
pub use catalog::{Band, Catalog, CatalogError, Criterion, CriterionKind, Level};
pub use credit::Credit;
pub use ids::{CatalogId, CriterionCode, IdError, OrgId, PeerGroup, RoundId};
pub use lang::Lang;
pub use organization::{Lineage, Organization};
pub use phases::{Phase, PhaseWindow};
pub use ranking::{Ranking, RankingEntry, RoundHistory, Scope};
pub use record::{Action, Outcome, OutcomeError, Record, RecordState};
pub use report::RoundData;
pub use round::{Round, RoundState};
pub use score::{Detail, OrgScore, Score, View, score_round, score_round_of};
pub use self_assessment::SelfAssessed;
pub use summary::{CriterionSummary, Summary};
