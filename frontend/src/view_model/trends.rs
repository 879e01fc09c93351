//! Trends across rounds: for each criterion, the share of organisations meeting it in each
//! round, out of those it applies to (met, not met or still missing).

use crate::i18n::Labels;
use scorecard_domain::{Round, Summary};

use crate::charts::{Line, LineChart, whole_percent};
use crate::format;
use crate::i18n::Lang;

/// One round on the trends' x axis.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRound {
    pub id: String,
    pub name: String,
    /// The round uses another catalog than the one before it.
    pub catalog_changed: bool,
}

/// One criterion's share met in each round.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendSeries {
    pub code: String,
    /// The criterion's name in the newest round that has it.
    pub name: String,
    /// `(met, applicable)` per round; `None` where the round's catalog lacks the criterion.
    pub counts: Vec<Option<(u32, u32)>>,
}

impl TrendSeries {
    /// The share met per round, in [0, 1]; `None` without the criterion or anyone it applies to.
    pub fn shares(&self) -> Vec<Option<f64>> {
        self.counts
            .iter()
            .map(|c| c.and_then(|(met, of)| (of > 0).then(|| f64::from(met) / f64::from(of))))
            .collect()
    }
}

/// The whole trends view.
#[derive(Debug, Clone, PartialEq)]
pub struct Trends {
    pub rounds: Vec<TrendRound>,
    pub series: Vec<TrendSeries>,
}

/// Builds the trends from each round and its summary, oldest round first.
pub fn trends(data: &[(Round, Summary)], lang: Lang) -> Trends {
    let rounds = data
        .iter()
        .enumerate()
        .map(|(index, (round, _))| TrendRound {
            id: round.id.to_string(),
            name: lang.pick(&round.name_vi, &round.name_en).to_owned(),
            catalog_changed: index > 0 && data[index - 1].0.catalog != round.catalog,
        })
        .collect();
    let mut codes: Vec<String> = Vec::new();
    for (_, summary) in data {
        for criterion in &summary.criteria {
            if !codes.iter().any(|c| c == criterion.code.as_str()) {
                codes.push(criterion.code.to_string());
            }
        }
    }
    let series = codes
        .into_iter()
        .map(|code| {
            let name = data
                .iter()
                .rev()
                .find_map(|(_, s)| s.criteria.iter().find(|c| c.code.as_str() == code))
                .map(|c| lang.pick(&c.name_vi, &c.name_en).to_owned())
                .unwrap_or_default();
            let counts = data
                .iter()
                .map(|(_, summary)| {
                    summary
                        .criteria
                        .iter()
                        .find(|c| c.code.as_str() == code)
                        .map(|c| (c.met, c.met + c.not_met + c.missing))
                })
                .collect();
            TrendSeries { code, name, counts }
        })
        .collect();
    Trends { rounds, series }
}

/// One criterion's small chart: share met (0–100%) per round, each point labelled.
pub fn small_multiple(trends: &Trends, series: &TrendSeries, lang: Lang) -> LineChart {
    let shares = series.shares();
    LineChart {
        x_labels: trends.rounds.iter().map(|r| r.id.clone()).collect(),
        y_range: (0.0, 100.0),
        inverted: false,
        y_label: whole_percent,
        y_desc: lang.texts().share_meeting.to_owned(),
        lines: vec![Line {
            color: "#0b3d6e".to_owned(),
            values: shares.iter().map(|s| s.map(|s| s * 100.0)).collect(),
            point_labels: shares
                .iter()
                .map(|s| s.map(|s| format::percent(lang, s, 0)))
                .collect(),
        }],
        breaks: trends
            .rounds
            .iter()
            .enumerate()
            .filter(|(_, r)| r.catalog_changed)
            .map(|(i, _)| i)
            .collect(),
    }
}

/// A cell of the trends table: "7/12 (58,3%)", or a dash.
pub fn count_cell(lang: Lang, counts: Option<(u32, u32)>) -> String {
    match counts {
        Some((met, of)) if of > 0 => format!(
            "{} ({})",
            format::count_of(met as usize, of as usize),
            format::percent(lang, f64::from(met) / f64::from(of), 1)
        ),
        _ => format::MISSING.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use scorecard_domain::{CatalogId, CriterionCode, CriterionSummary, RoundId, RoundState};

    fn round(id: &str, catalog: &str) -> Round {
        let day = NaiveDate::from_ymd_opt(2019, 9, 1).expect("valid date");
        Round {
            id: RoundId::parse(id).expect("valid id"),
            name_vi: format!("Đợt {id}"),
            name_en: format!("Round {id}"),
            catalog: CatalogId::parse(catalog).expect("valid id"),
            starts_on: day,
            ends_on: day,
            state: RoundState::Published,
            illustrative: true,
        }
    }

    fn summary(id: &str, rows: &[(&str, u32, u32, u32)]) -> Summary {
        Summary {
            round: RoundId::parse(id).expect("valid id"),
            preliminary: false,
            organizations: 12,
            criteria: rows
                .iter()
                .map(|(code, met, not_met, missing)| CriterionSummary {
                    code: CriterionCode::parse(code).expect("valid code"),
                    name_vi: format!("Tiêu chí {code} ({id})"),
                    name_en: format!("Criterion {code}"),
                    assessed: met + not_met,
                    met: *met,
                    not_met: *not_met,
                    not_applicable: 0,
                    missing: *missing,
                    not_meeting: Vec::new(),
                })
                .collect(),
            sentences_vi: Vec::new(),
            sentences_en: Vec::new(),
        }
    }

    fn data() -> Vec<(Round, Summary)> {
        vec![
            (
                round("2019", "cpdt-2019"),
                summary("2019", &[("DV-01", 7, 5, 0), ("TC-01", 8, 4, 0)]),
            ),
            (round("2020", "cpdt-2019"), summary("2020", &[("DV-01", 9, 2, 1)])),
            (
                round("2025", "cpdt-2025"),
                summary("2025", &[("DV-01", 12, 0, 0), ("TC-01", 0, 0, 0)]),
            ),
        ]
    }

    #[test]
    fn shares_count_met_out_of_met_not_met_and_missing() {
        let trends = trends(&data(), Lang::Vi);
        let dv01 = &trends.series[0];
        assert_eq!(dv01.code, "DV-01");
        assert_eq!(dv01.counts, [Some((7, 12)), Some((9, 12)), Some((12, 12))]);
        let shares = dv01.shares();
        assert!((shares[0].expect("a share") - 7.0 / 12.0).abs() < 1e-12);
        assert_eq!(shares[2], Some(1.0));
    }

    #[test]
    fn a_criterion_missing_from_a_round_or_applying_to_nobody_leaves_a_gap() {
        let trends = trends(&data(), Lang::Vi);
        let tc01 = &trends.series[1];
        assert_eq!(tc01.counts, [Some((8, 12)), None, Some((0, 0))]);
        assert_eq!(tc01.shares()[1], None);
        assert_eq!(tc01.shares()[2], None);
    }

    #[test]
    fn names_come_from_the_newest_round_and_catalog_changes_are_marked() {
        let trends = trends(&data(), Lang::Vi);
        assert_eq!(trends.series[0].name, "Tiêu chí DV-01 (2025)");
        let changed: Vec<bool> = trends.rounds.iter().map(|r| r.catalog_changed).collect();
        assert_eq!(changed, [false, false, true]);
        let chart = small_multiple(&trends, &trends.series[0], Lang::Vi);
        assert_eq!(chart.breaks, [2]);
        assert_eq!(chart.lines[0].point_labels[0].as_deref(), Some("58%"));
    }

    #[test]
    fn table_cells_show_the_count_and_the_share() {
        assert_eq!(count_cell(Lang::Vi, Some((7, 12))), "7/12 (58,3%)");
        assert_eq!(count_cell(Lang::En, Some((7, 12))), "7/12 (58.3%)");
        assert_eq!(count_cell(Lang::En, Some((0, 0))), "—");
        assert_eq!(count_cell(Lang::En, None), "—");
    }
}
