//! Rankings within a scope, with ties and rank change across rounds (docs/rules.md#ranking).

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::collation::{SortKey, sort_key};
use crate::ids::{CatalogId, OrgId, PeerGroup, RoundId};
use crate::organization::{Organization, predecessors};
use crate::round::Round;
use crate::score::OrgScore;

/// Which organisations are ranked against each other: all of the round, or one peer group.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Scope {
    All,
    Group(PeerGroup),
}

impl Scope {
    /// Whether an organisation of this group is in the scope.
    pub fn includes(&self, group: &PeerGroup) -> bool {
        match self {
            Scope::All => true,
            Scope::Group(g) => g == group,
        }
    }
}

impl TryFrom<String> for Scope {
    type Error = crate::ids::IdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        if value == "all" {
            Ok(Scope::All)
        } else {
            PeerGroup::try_from(value).map(Scope::Group)
        }
    }
}

impl From<Scope> for String {
    fn from(scope: Scope) -> String {
        scope.to_string()
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::All => f.write_str("all"),
            Scope::Group(g) => write!(f, "{g}"),
        }
    }
}

/// One line of a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankingEntry {
    pub organization: OrgId,
    pub name_vi: String,
    pub name_en: String,
    pub group: PeerGroup,
    /// 1 + the number in scope with a strictly higher score; `None` without a score.
    pub rank: Option<u32>,
    pub score: Option<f64>,
    pub band: Option<String>,
    pub compliant: bool,
    pub completeness: f64,
    pub incomplete: bool,
    /// Previous rank minus this rank: positive means the organisation moved up.
    pub rank_change: Option<i32>,
    /// This score minus the one it is compared with in the previous round.
    #[serde(default)]
    pub score_change: Option<f64>,
    /// Whose previous figures the changes are computed against when not the organisation's
    /// own: the one it carries through lineage, or several, whose scores are averaged (the
    /// rule the DTI 2024 results used for merged units; docs/rules.md, "Rank change").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compared_with: Vec<OrgId>,
}

/// The ranking of a round within a scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ranking {
    pub round: RoundId,
    pub scope: Scope,
    pub preliminary: bool,
    pub entries: Vec<RankingEntry>,
}

impl Ranking {
    /// Ranks the scores of a round within `scope`; `previous` is the same scope's ranking in
    /// the previous round of the catalog family, for rank change.
    pub fn build(
        round: &RoundId,
        scope: Scope,
        preliminary: bool,
        scores: &[OrgScore],
        organizations: &[Organization],
        previous: Option<&Ranking>,
    ) -> Ranking {
        // By id, the first of each: a lookup per score, not a scan of every organisation.
        let mut by_id: HashMap<&OrgId, &Organization> = HashMap::with_capacity(organizations.len());
        for org in organizations {
            by_id.entry(&org.id).or_insert(org);
        }
        let mut lines: Vec<RankingEntry> = Vec::with_capacity(scores.len());
        for score in scores {
            let Some(org) = by_id
                .get(&score.organization)
                .filter(|o| scope.includes(&o.group))
            else {
                continue;
            };
            lines.push(entry(score, org));
        }
        let order = ranking_order(&lines);
        let mut lines: Vec<Option<RankingEntry>> = lines.into_iter().map(Some).collect();
        let mut entries: Vec<RankingEntry> = order.into_iter().filter_map(|i| lines[i].take()).collect();
        assign_ranks(&mut entries);
        if let Some(previous) = previous {
            let mut before: HashMap<&OrgId, &RankingEntry> = HashMap::with_capacity(previous.entries.len());
            for entry in &previous.entries {
                before.entry(&entry.organization).or_insert(entry);
            }
            // Those still in this round are not carried by another: a merger is over once the
            // organisations merged away have no figures of their own.
            let present: std::collections::HashSet<&OrgId> = scores.iter().map(|s| &s.organization).collect();
            for entry in &mut entries {
                let Some(basis) = basis_of(entry, &before, previous, &present, organizations) else {
                    continue;
                };
                entry.rank_change = entry.rank.map(|now| basis.rank as i32 - now as i32);
                entry.score_change = entry
                    .score
                    .map(|now| crate::score::round_to_hundredths(now - basis.score));
                entry.compared_with = basis.compared_with;
            }
        }
        Ranking {
            round: round.clone(),
            scope,
            preliminary,
            entries,
        }
    }

    /// How many organisations have a rank (those with a score).
    pub fn ranked(&self) -> u32 {
        self.entries.iter().filter(|e| e.rank.is_some()).count() as u32
    }

    /// The line of `org` in this ranking, following lineage (docs/rules.md, "History across
    /// rounds"): its own line when it has one, else the best-placed line of the organisations it
    /// carries, `None` when none of them was ranked. `all` gives the lineage.
    pub fn line_of<'a>(&'a self, org: &OrgId, all: &[Organization]) -> Option<&'a RankingEntry> {
        if let Some(own) = self.entries.iter().find(|e| &e.organization == org) {
            return Some(own);
        }
        let lineage = predecessors(org, all);
        self.entries
            .iter()
            .filter(|e| lineage.contains(&&e.organization))
            .min_by_key(|e| e.rank.unwrap_or(u32::MAX))
    }
}

fn entry(score: &OrgScore, org: &Organization) -> RankingEntry {
    RankingEntry {
        organization: org.id.clone(),
        name_vi: org.name_vi.clone(),
        name_en: org.name_en.clone(),
        group: org.group.clone(),
        rank: None,
        score: score.score.map(|s| s.get()),
        band: score.band.clone(),
        compliant: score.compliant,
        completeness: score.completeness,
        incomplete: score.incomplete,
        rank_change: None,
        score_change: None,
        compared_with: Vec::new(),
    }
}

/// The order of a ranking's lines, as indices into `lines`: by score, highest first, those
/// without a score last; equal scores by name in Vietnamese order, then by id.
///
/// The order is found on (score, index) pairs, so that the comparisons read a compact array
/// and each (large) line moves once; a name's collation key is built only when its score ties
/// with another's, which in a large round spares most of them.
fn ranking_order(lines: &[RankingEntry]) -> Vec<usize> {
    let by_score = |sa: Option<f64>, sb: Option<f64>| match (sb, sa) {
        (Some(sb), Some(sa)) => sb.total_cmp(&sa),
        (sb, sa) => sa.is_none().cmp(&sb.is_none()),
    };
    let mut order: Vec<(Option<f64>, usize)> = lines.iter().map(|l| l.score).zip(0..).collect();
    order.sort_unstable_by(|&(sa, i), &(sb, j)| by_score(sa, sb).then(i.cmp(&j)));
    for tied in order.chunk_by_mut(|&(sa, _), &(sb, _)| by_score(sa, sb).is_eq()) {
        if tied.len() < 2 {
            continue;
        }
        let mut keyed: Vec<(SortKey, &OrgId, usize)> = tied
            .iter()
            .map(|&(_, i)| (sort_key(&lines[i].name_vi), &lines[i].organization, i))
            .collect();
        keyed.sort_unstable();
        for (slot, (_, _, i)) in tied.iter_mut().zip(keyed) {
            slot.1 = i;
        }
    }
    order.into_iter().map(|(_, i)| i).collect()
}

/// Entries are sorted by score, so a rank is the index of the first entry with that score.
fn assign_ranks(entries: &mut [RankingEntry]) {
    let mut current: Option<(f64, u32)> = None;
    for (index, entry) in entries.iter_mut().enumerate() {
        let Some(score) = entry.score else { continue };
        let rank = match current {
            Some((s, r)) if s == score => r,
            _ => index as u32 + 1,
        };
        current = Some((score, rank));
        entry.rank = Some(rank);
    }
}

/// The note every surface shows beside rank changes when some organisation of the ranking is
/// compared with the average of several it carries (docs/rules.md, "Rank change"), naming
/// those organisations; `None` when none is.
pub fn merger_note(entries: &[RankingEntry], lang: crate::Lang) -> Option<String> {
    let merged: Vec<&str> = entries
        .iter()
        .filter(|e| e.compared_with.len() > 1)
        .map(|e| lang.pick(&e.name_vi, &e.name_en))
        .collect();
    if merged.is_empty() {
        return None;
    }
    let names = merged.join(", ");
    Some(match lang {
        crate::Lang::Vi => format!(
            "Đơn vị hình thành sau sắp xếp, hợp nhất ({names}): thay đổi thứ hạng và điểm được tính so với điểm trung bình của các đơn vị trước khi hợp nhất, theo cách tính của kết quả DTI 2024."
        ),
        crate::Lang::En => format!(
            "Organisations formed by a merger ({names}): rank and score changes are computed against the average score of the organisations before the merger, the rule of the DTI 2024 results."
        ),
    })
}

/// What an organisation's changes are computed against in the previous round.
struct Basis {
    rank: u32,
    score: f64,
    compared_with: Vec<OrgId>,
}

/// The previous figures an entry is compared with (docs/rules.md, "Rank change"): its own when
/// it carries no one; when it carries organisations merged away (or split from), the one that
/// was ranked, or, for several, the average of their scores (its own included) and the rank that
/// average held in the previous ranking. `None` when nothing it carries was ranked.
fn basis_of(
    entry: &RankingEntry,
    before: &HashMap<&OrgId, &RankingEntry>,
    previous: &Ranking,
    present: &std::collections::HashSet<&OrgId>,
    organizations: &[Organization],
) -> Option<Basis> {
    let carried: Vec<&RankingEntry> = predecessors(&entry.organization, organizations)
        .into_iter()
        .filter(|id| **id == entry.organization || !present.contains(id))
        .filter_map(|id| before.get(id).copied())
        .filter(|e| e.score.is_some() && e.rank.is_some())
        .collect();
    match carried.as_slice() {
        [] => None,
        [one] => Some(Basis {
            rank: one.rank?,
            score: one.score?,
            compared_with: if one.organization == entry.organization {
                Vec::new()
            } else {
                vec![one.organization.clone()]
            },
        }),
        several => {
            let total: f64 = several.iter().filter_map(|e| e.score).sum();
            let average = crate::score::round_to_hundredths(total / several.len() as f64);
            let higher = previous
                .entries
                .iter()
                .filter(|e| e.score.is_some_and(|s| s > average))
                .count() as u32;
            let mut compared_with: Vec<OrgId> = several.iter().map(|e| e.organization.clone()).collect();
            compared_with.sort();
            Some(Basis {
                rank: higher + 1,
                score: average,
                compared_with,
            })
        }
    }
}

/// The round before `round` whose catalog is of the same family, by start date.
pub fn previous_round<'a>(
    round: &Round,
    rounds: &'a [Round],
    family_of: impl Fn(&CatalogId) -> Option<String>,
) -> Option<&'a Round> {
    let family = family_of(&round.catalog)?;
    rounds
        .iter()
        .filter(|r| r.starts_on < round.starts_on && r.id != round.id)
        .filter(|r| family_of(&r.catalog).as_deref() == Some(family.as_str()))
        .max_by_key(|r| r.starts_on)
}

/// One organisation's place in one round, for its history across rounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundHistory {
    pub round: RoundId,
    /// The organisation the figures belong to: itself, or one it carries through lineage.
    pub organization: OrgId,
    pub rank: Option<u32>,
    pub score: Option<f64>,
    pub band: Option<String>,
    pub compliant: bool,
}
