//! Rounds: named inspection periods that use one catalog version.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{CatalogId, RoundId};

/// Where a round stands: planned, open for scoring, closed, or published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundState {
    Planned,
    Open,
    Closed,
    Published,
}

impl RoundState {
    /// The name used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            RoundState::Planned => "planned",
            RoundState::Open => "open",
            RoundState::Closed => "closed",
            RoundState::Published => "published",
        }
    }

    /// Parses a state as written in files.
    pub fn parse(text: &str) -> Option<RoundState> {
        [
            RoundState::Planned,
            RoundState::Open,
            RoundState::Closed,
            RoundState::Published,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// An inspection round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Round {
    pub id: RoundId,
    pub name_vi: String,
    pub name_en: String,
    pub catalog: CatalogId,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub state: RoundState,
    /// The round holds illustrative rather than real data.
    #[serde(default)]
    pub illustrative: bool,
}
