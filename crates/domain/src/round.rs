//! Rounds: named inspection periods that use one catalog version.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{CatalogId, RoundId};

/// Where a round stands: planned, open for scoring, closed, or published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

    /// The states a round may move to from this one: planned → open ⇄ closed → published,
    /// and a published round is final (docs/rules.md, "Round states").
    pub fn next(self) -> &'static [RoundState] {
        match self {
            RoundState::Planned => &[RoundState::Open],
            RoundState::Open => &[RoundState::Closed],
            RoundState::Closed => &[RoundState::Open, RoundState::Published],
            RoundState::Published => &[],
        }
    }

    /// Whether a round may move from this state to `to`.
    pub fn may_move_to(self, to: RoundState) -> bool {
        self.next().contains(&to)
    }
}

#[cfg(test)]
mod state_tests {
    use super::RoundState::{self, *};

    #[test]
    fn rounds_move_forward_and_may_reopen_only_before_publishing() {
        let all = [Planned, Open, Closed, Published];
        let allowed = [
            (Planned, Open),
            (Open, Closed),
            (Closed, Open),
            (Closed, Published),
        ];
        for from in all {
            for to in all {
                assert_eq!(
                    from.may_move_to(to),
                    allowed.contains(&(from, to)),
                    "{from:?} → {to:?}"
                );
            }
        }
        assert_eq!(RoundState::parse("published"), Some(Published));
        assert_eq!(RoundState::parse("archived"), None);
    }
}

/// An inspection round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Round {
    pub id: RoundId,
    pub name_vi: String,
    pub name_en: String,
    pub catalog: CatalogId,
    #[serde(with = "crate::iso_date")]
    pub starts_on: NaiveDate,
    #[serde(with = "crate::iso_date")]
    pub ends_on: NaiveDate,
    pub state: RoundState,
    /// The round holds illustrative rather than real data.
    #[serde(default)]
    pub illustrative: bool,
}
