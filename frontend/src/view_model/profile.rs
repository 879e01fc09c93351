//! One organisation's profile: its history across rounds as charts and rows, which round to
//! show in detail, and what changed since the round before.

use crate::i18n::Labels;
use scorecard_api::{History, HistoryEntry};
use scorecard_domain::{Catalog, OrgScore};

use crate::charts::{Line, LineChart, rank_label, whole_number};
use crate::format;
use crate::i18n::Lang;
use crate::view_model::matrix::CellKind;

/// The entry of the round the address asks for, or else the newest; `None` without entries.
pub fn selected<'a>(history: &'a History, round: Option<&str>) -> Option<&'a HistoryEntry> {
    round
        .and_then(|id| history.entries.iter().find(|e| e.round.as_str() == id))
        .or_else(|| history.entries.last())
}

/// The entry before `entry` in the history, to compare with.
pub fn previous<'a>(history: &'a History, entry: &HistoryEntry) -> Option<&'a HistoryEntry> {
    let index = history.entries.iter().position(|e| e.round == entry.round)?;
    index.checked_sub(1).map(|i| &history.entries[i])
}

/// Whether the figures of an entry are a predecessor's, through a merger or a split.
pub fn is_inherited(history: &History, entry: &HistoryEntry) -> bool {
    entry.via != history.organization
}

/// The rounds whose figures belong to a predecessor, grouped by predecessor in order:
/// `[("btnmt", ["2019", "2020", "2021"])]`.
pub fn inherited(history: &History) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for entry in history.entries.iter().filter(|e| is_inherited(history, e)) {
        let via = entry.via.to_string();
        match groups.iter_mut().find(|(v, _)| *v == via) {
            Some((_, rounds)) => rounds.push(entry.round.to_string()),
            None => groups.push((via, vec![entry.round.to_string()])),
        }
    }
    groups
}

/// The sentence saying whose figures a profile shows for some rounds.
pub fn inherited_sentence(lang: Lang, predecessor: &str, rounds: &[String]) -> String {
    let rounds = rounds.join(", ");
    match lang {
        Lang::Vi => format!(
            "Số liệu các đợt {rounds} là của {predecessor}, đơn vị tiền thân (đã hợp nhất hoặc chia tách)."
        ),
        Lang::En => {
            format!("The figures of {rounds} are those of {predecessor}, a predecessor (merged or split).")
        }
    }
}

/// The score chart: one point per round, labelled with the score.
pub fn score_chart(history: &History, lang: Lang) -> LineChart {
    let scores: Vec<Option<f64>> = history.entries.iter().map(|e| e.score).collect();
    LineChart {
        x_labels: history.entries.iter().map(|e| e.round.to_string()).collect(),
        y_range: (0.0, 100.0),
        inverted: false,
        y_label: whole_number,
        y_desc: lang.texts().col_score.to_owned(),
        lines: vec![Line {
            color: "#0b3d6e".to_owned(),
            values: scores.clone(),
            point_labels: scores.iter().map(|s| s.map(|s| format::score(lang, s))).collect(),
        }],
        breaks: Vec::new(),
    }
}

/// The rank chart: rank 1 on top, the axis as deep as the most organisations ever ranked.
pub fn rank_chart(history: &History, lang: Lang) -> LineChart {
    let deepest = history
        .entries
        .iter()
        .filter_map(|e| Some(e.ranked).filter(|&n| n > 0).or(e.rank))
        .max()
        .unwrap_or(1)
        .max(2);
    LineChart {
        x_labels: history.entries.iter().map(|e| e.round.to_string()).collect(),
        y_range: (0.5, f64::from(deepest) + 0.5),
        inverted: true,
        y_label: rank_label,
        y_desc: lang.texts().axis_rank.to_owned(),
        lines: vec![Line {
            color: "#7a3e9d".to_owned(),
            values: history.entries.iter().map(|e| e.rank.map(f64::from)).collect(),
            point_labels: history
                .entries
                .iter()
                .map(|e| e.rank.map(|r| format::rank_of(Some(r), Some(e.ranked))))
                .collect(),
        }],
        breaks: Vec::new(),
    }
}

/// One criterion whose state differs between two rounds.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionChange {
    pub code: String,
    pub name: String,
    /// `None` when the earlier round had no such criterion or no result for the organisation.
    pub before: Option<CellKind>,
    pub after: Option<CellKind>,
}

/// The criteria of `catalog` whose state changed from `before` to `after`, in catalog order.
pub fn changes(
    catalog: &Catalog,
    before: Option<&OrgScore>,
    after: Option<&OrgScore>,
    lang: Lang,
) -> Vec<CriterionChange> {
    let state = |score: Option<&OrgScore>, code: &str| {
        score
            .and_then(|s| s.criteria.iter().find(|r| r.code.as_str() == code))
            .map(CellKind::of)
    };
    catalog
        .criteria
        .iter()
        .filter_map(|criterion| {
            let code = criterion.code.as_str();
            let (was, is) = (state(before, code), state(after, code));
            (was != is).then(|| CriterionChange {
                code: code.to_owned(),
                name: lang.pick(&criterion.name_vi, &criterion.name_en).to_owned(),
                before: was,
                after: is,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view_model::fixtures::{catalog, org_score};
    use scorecard_domain::{OrgId, RoundId};

    fn entry(round: &str, via: &str, rank: Option<u32>, score: Option<f64>) -> HistoryEntry {
        HistoryEntry {
            round: RoundId::parse(round).expect("valid id"),
            name_vi: format!("Tên {via}"),
            name_en: String::new(),
            starts_on: chrono::NaiveDate::from_ymd_opt(round.parse().expect("a year"), 9, 1).expect("a date"),
            via: OrgId::parse(via).expect("valid id"),
            rank,
            score,
            band: None,
            compliant: false,
            rank_change: None,
            score_change: None,
            compared_with: Vec::new(),
            ranked: 12,
        }
    }

    fn history() -> History {
        History {
            organization: OrgId::parse("bnnmt").expect("valid id"),
            name_vi: "Bộ Nông nghiệp và Môi trường".to_owned(),
            name_en: "Ministry of Agriculture and Environment".to_owned(),
            entries: vec![
                entry("2019", "btnmt", Some(12), Some(33.75)),
                entry("2020", "btnmt", Some(9), Some(52.5)),
                entry("2025", "bnnmt", Some(3), Some(88.0)),
            ],
        }
    }

    #[test]
    fn the_round_asked_for_is_shown_or_else_the_newest() {
        let history = history();
        let round = |id: Option<&str>| selected(&history, id).map(|e| e.round.to_string());
        assert_eq!(round(Some("2020")).as_deref(), Some("2020"));
        assert_eq!(round(None).as_deref(), Some("2025"));
        assert_eq!(round(Some("1999")).as_deref(), Some("2025"));
    }

    #[test]
    fn the_previous_round_is_the_entry_before() {
        let history = history();
        let latest = history.entries.last().expect("entries");
        assert_eq!(previous(&history, latest).map(|e| e.round.as_str()), Some("2020"));
        assert_eq!(previous(&history, &history.entries[0]), None);
    }

    #[test]
    fn figures_of_a_predecessor_are_marked_as_inherited() {
        let history = history();
        assert!(is_inherited(&history, &history.entries[0]));
        assert!(!is_inherited(&history, &history.entries[2]));
    }

    #[test]
    fn inherited_rounds_are_grouped_by_predecessor() {
        let groups = inherited(&history());
        assert_eq!(
            groups,
            [("btnmt".to_owned(), vec!["2019".to_owned(), "2020".to_owned()])]
        );
        assert_eq!(
            inherited_sentence(Lang::En, "Ministry of Natural Resources", &groups[0].1),
            "The figures of 2019, 2020 are those of Ministry of Natural Resources, a predecessor (merged or split)."
        );
    }

    #[test]
    fn the_charts_follow_the_lineage_round_by_round() {
        let history = history();
        let scores = score_chart(&history, Lang::Vi);
        assert_eq!(scores.x_labels, ["2019", "2020", "2025"]);
        assert_eq!(scores.lines[0].values, [Some(33.75), Some(52.5), Some(88.0)]);
        assert_eq!(scores.lines[0].point_labels[0].as_deref(), Some("33,75"));
        let ranks = rank_chart(&history, Lang::En);
        assert!(ranks.inverted);
        assert_eq!(ranks.y_range, (0.5, 12.5));
        assert_eq!(ranks.lines[0].point_labels[2].as_deref(), Some("3/12"));
    }

    #[test]
    fn only_criteria_whose_state_changed_are_listed() {
        let catalog = catalog(&["TC-01", "DV-01", "DV-02"]);
        let before = org_score(
            "btnmt",
            &[("TC-01", "not_met", Some(0.0)), ("DV-01", "met", Some(1.0))],
        );
        let after = org_score(
            "bnnmt",
            &[
                ("TC-01", "met", Some(1.0)),
                ("DV-01", "met", Some(1.0)),
                ("DV-02", "not_met", Some(0.5)),
            ],
        );
        let changes = changes(&catalog, Some(&before), Some(&after), Lang::Vi);
        let codes: Vec<&str> = changes.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["TC-01", "DV-02"]);
        assert_eq!(changes[0].before, Some(CellKind::NotMet));
        assert_eq!(changes[0].after, Some(CellKind::Met));
        assert_eq!(changes[1].before, None);
        assert_eq!(changes[1].after, Some(CellKind::Partly));
    }
}
