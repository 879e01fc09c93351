//! The criteria matrix: organisations × criteria, each cell one of five states with a symbol,
//! a colour and a word, so colour is never the only cue; and how a record's outcome reads.

use crate::i18n::Labels;
use scorecard_domain::score::{CriterionResult, Status};
use scorecard_domain::{Catalog, Criterion, CriterionKind, OrgScore, Outcome, RankingEntry, Record};

use crate::format;
use crate::i18n::Lang;

/// How one criterion stands for one organisation, as the matrix shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Met,
    /// Not met, but with some credit (a level below the pass level, a ratio below target).
    Partly,
    NotMet,
    NotApplicable,
    /// No counted record yet.
    Missing,
}

impl CellKind {
    /// Every state, in the legend's order.
    pub const ALL: [CellKind; 5] = [
        CellKind::Met,
        CellKind::Partly,
        CellKind::NotMet,
        CellKind::NotApplicable,
        CellKind::Missing,
    ];

    /// Reads a criterion's result: partial credit that does not meet it is "partly".
    pub fn of(result: &CriterionResult) -> CellKind {
        match result.status {
            Status::Met => CellKind::Met,
            Status::NotMet if result.credit.is_some_and(|c| c > 0.0) => CellKind::Partly,
            Status::NotMet => CellKind::NotMet,
            Status::NotApplicable => CellKind::NotApplicable,
            Status::Missing => CellKind::Missing,
        }
    }

    /// What the cell shows besides its colour.
    pub fn symbol(self) -> &'static str {
        match self {
            CellKind::Met => "✓",
            CellKind::Partly => "◐",
            CellKind::NotMet => "✗",
            CellKind::NotApplicable => "–",
            CellKind::Missing => "?",
        }
    }

    /// The CSS class that colours the cell.
    pub fn class(self) -> &'static str {
        match self {
            CellKind::Met => "cell-met",
            CellKind::Partly => "cell-partly",
            CellKind::NotMet => "cell-not-met",
            CellKind::NotApplicable => "cell-na",
            CellKind::Missing => "cell-missing",
        }
    }

    /// The state in words.
    pub fn label(self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            CellKind::Met => t.status_met,
            CellKind::Partly => t.status_partly,
            CellKind::NotMet => t.status_not_met,
            CellKind::NotApplicable => t.status_not_applicable,
            CellKind::Missing => t.status_missing,
        }
    }
}

/// One column of the matrix: a criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixColumn {
    pub code: String,
    pub name: String,
    /// How many organisations meet it, out of the rows.
    pub met: usize,
}

/// One cell of the matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixCell {
    pub code: String,
    pub kind: CellKind,
    /// The credit earned, when there is one.
    pub credit: Option<f64>,
}

/// One row of the matrix: an organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixRow {
    pub organization: String,
    pub name: String,
    pub cells: Vec<MatrixCell>,
}

/// The whole matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub columns: Vec<MatrixColumn>,
    pub rows: Vec<MatrixRow>,
}

/// Lays out the matrix: the catalog's criteria as columns, the organisations in ranking order
/// as rows (any organisation scored but not ranked comes last, by id).
pub fn matrix(catalog: &Catalog, scores: &[OrgScore], ranking: &[RankingEntry], lang: Lang) -> Matrix {
    let mut ordered: Vec<&OrgScore> = Vec::with_capacity(scores.len());
    for entry in ranking {
        if let Some(score) = scores.iter().find(|s| s.organization == entry.organization) {
            ordered.push(score);
        }
    }
    let mut rest: Vec<&OrgScore> = scores
        .iter()
        .filter(|s| !ranking.iter().any(|e| e.organization == s.organization))
        .collect();
    rest.sort_by(|a, b| a.organization.cmp(&b.organization));
    ordered.extend(rest);

    let rows: Vec<MatrixRow> = ordered
        .into_iter()
        .map(|score| {
            let name = ranking
                .iter()
                .find(|e| e.organization == score.organization)
                .map_or_else(
                    || score.organization.to_string(),
                    |e| lang.pick(&e.name_vi, &e.name_en).to_owned(),
                );
            let cells = catalog
                .criteria
                .iter()
                .map(|criterion| cell(score, criterion))
                .collect();
            MatrixRow {
                organization: score.organization.to_string(),
                name,
                cells,
            }
        })
        .collect();
    let columns = catalog
        .criteria
        .iter()
        .enumerate()
        .map(|(index, criterion)| MatrixColumn {
            code: criterion.code.to_string(),
            name: lang.pick(&criterion.name_vi, &criterion.name_en).to_owned(),
            met: rows
                .iter()
                .filter(|row| row.cells[index].kind == CellKind::Met)
                .count(),
        })
        .collect();
    Matrix { columns, rows }
}

fn cell(score: &OrgScore, criterion: &Criterion) -> MatrixCell {
    let result = score.criteria.iter().find(|r| r.code == criterion.code);
    MatrixCell {
        code: criterion.code.to_string(),
        kind: result.map_or(CellKind::Missing, CellKind::of),
        credit: result.and_then(|r| r.credit),
    }
}

/// A record's outcome in words: met or not, a level's label, a ratio as a percentage.
pub fn outcome_text(lang: Lang, record: &Record, criterion: Option<&Criterion>) -> String {
    outcome_label(lang, &record.outcome, criterion)
}

/// An outcome in words, whoever gave it (an inspector's record, a unit's self-assessment).
pub fn outcome_label(lang: Lang, outcome: &Outcome, criterion: Option<&Criterion>) -> String {
    let t = lang.texts();
    match outcome {
        Outcome::Met => t.status_met.to_owned(),
        Outcome::NotMet => t.status_not_met.to_owned(),
        Outcome::NotApplicable => t.status_not_applicable.to_owned(),
        Outcome::Level(key) => level_label(lang, key, criterion),
        Outcome::Ratio(value) => ratio_text(lang, *value, criterion),
    }
}

fn level_label(lang: Lang, key: &str, criterion: Option<&Criterion>) -> String {
    let level = criterion.and_then(|c| match &c.kind {
        CriterionKind::Levels { levels } => levels.iter().find(|l| l.key == key),
        _ => None,
    });
    level.map_or_else(
        || key.to_owned(),
        |level| lang.pick(&level.label_vi, &level.label_en).to_owned(),
    )
}

fn ratio_text(lang: Lang, value: f64, criterion: Option<&Criterion>) -> String {
    let measured = format::percent(lang, value, 1);
    match criterion.map(|c| &c.kind) {
        Some(CriterionKind::Ratio { target }) => {
            let target = format::percent(lang, *target, 0);
            match lang {
                Lang::Vi => format!("{measured} (mục tiêu {target})"),
                Lang::En => format!("{measured} (target {target})"),
            }
        }
        _ => measured,
    }
}

/// How a criterion is assessed, in words.
pub fn kind_text(lang: Lang, kind: &CriterionKind) -> String {
    let t = lang.texts();
    match kind {
        CriterionKind::PassFail => t.kind_pass_fail.to_owned(),
        CriterionKind::Levels { levels } => {
            let labels: Vec<&str> = levels
                .iter()
                .map(|l| lang.pick(&l.label_vi, &l.label_en))
                .collect();
            format!("{}: {}", t.kind_levels, labels.join(" / "))
        }
        CriterionKind::Ratio { target } => {
            let target = format::percent(lang, *target, 0);
            match lang {
                Lang::Vi => format!("{} (đạt khi từ {target})", t.kind_ratio),
                Lang::En => format!("{} (met from {target})", t.kind_ratio),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view_model::fixtures::{catalog, entry, org_score, record};

    fn kinds(row: &MatrixRow) -> Vec<CellKind> {
        row.cells.iter().map(|c| c.kind).collect()
    }

    #[test]
    fn every_state_has_its_own_symbol_class_and_word() {
        for (i, a) in CellKind::ALL.iter().enumerate() {
            for b in &CellKind::ALL[i + 1..] {
                assert_ne!(a.symbol(), b.symbol());
                assert_ne!(a.class(), b.class());
                assert_ne!(a.label(Lang::Vi), b.label(Lang::Vi));
                assert_ne!(a.label(Lang::En), b.label(Lang::En));
            }
        }
    }

    #[test]
    fn partial_credit_that_does_not_meet_the_criterion_is_partly() {
        let score = org_score(
            "btc",
            &[("TC-01", "met", Some(1.0)), ("DV-02", "not_met", Some(0.5))],
        );
        assert_eq!(CellKind::of(&score.criteria[0]), CellKind::Met);
        assert_eq!(CellKind::of(&score.criteria[1]), CellKind::Partly);
        let none = org_score("btc", &[("DV-02", "not_met", Some(0.0))]);
        assert_eq!(CellKind::of(&none.criteria[0]), CellKind::NotMet);
    }

    #[test]
    fn rows_follow_the_ranking_and_columns_the_catalog() {
        let catalog = catalog(&["TC-01", "DV-01", "DV-02"]);
        let scores = vec![
            org_score(
                "bca",
                &[("TC-01", "not_met", Some(0.0)), ("DV-01", "met", Some(1.0))],
            ),
            org_score(
                "btc",
                &[
                    ("TC-01", "met", Some(1.0)),
                    ("DV-01", "met", Some(1.0)),
                    ("DV-02", "not_applicable", None),
                ],
            ),
            org_score("zzz", &[]),
        ];
        let ranking = vec![
            entry("btc", "Bộ Tài chính", "ministry", Some(1), Some(100.0), None),
            entry("bca", "Bộ Công an", "ministry", Some(2), Some(50.0), None),
        ];
        let matrix = matrix(&catalog, &scores, &ranking, Lang::Vi);
        let order: Vec<&str> = matrix.rows.iter().map(|r| r.organization.as_str()).collect();
        assert_eq!(order, ["btc", "bca", "zzz"]);
        assert_eq!(matrix.rows[0].name, "Bộ Tài chính");
        assert_eq!(matrix.rows[2].name, "zzz");
        assert_eq!(
            kinds(&matrix.rows[0]),
            [CellKind::Met, CellKind::Met, CellKind::NotApplicable]
        );
        assert_eq!(
            kinds(&matrix.rows[1]),
            [CellKind::NotMet, CellKind::Met, CellKind::Missing]
        );
        let met: Vec<usize> = matrix.columns.iter().map(|c| c.met).collect();
        assert_eq!(met, [1, 2, 0]);
        assert_eq!(matrix.columns[1].code, "DV-01");
    }

    #[test]
    fn outcomes_read_as_words_levels_and_percentages() {
        let catalog = catalog(&["TC-01", "DV-02", "VB-01"]);
        let dv02 = catalog.criteria.iter().find(|c| c.code.as_str() == "DV-02");
        let vb01 = catalog.criteria.iter().find(|c| c.code.as_str() == "VB-01");
        let met = record("btc", "TC-01", Some("met"), None);
        let pilot = record("btc", "DV-02", Some("pilot"), None);
        let ratio = record("btc", "VB-01", None, Some(0.925));
        assert_eq!(outcome_text(Lang::Vi, &met.record, None), "Đạt");
        assert_eq!(outcome_text(Lang::En, &met.record, None), "Met");
        assert_eq!(outcome_text(Lang::Vi, &pilot.record, dv02), "thử nghiệm");
        assert_eq!(outcome_text(Lang::En, &pilot.record, dv02), "pilot");
        assert_eq!(outcome_text(Lang::Vi, &pilot.record, None), "pilot");
        assert_eq!(
            outcome_text(Lang::Vi, &ratio.record, vb01),
            "92,5% (mục tiêu 90%)"
        );
        assert_eq!(outcome_text(Lang::En, &ratio.record, vb01), "92.5% (target 90%)");
    }

    #[test]
    fn criterion_kinds_read_as_words() {
        let catalog = catalog(&["TC-01", "DV-02", "VB-01"]);
        let kinds: Vec<String> = catalog
            .criteria
            .iter()
            .map(|c| kind_text(Lang::Vi, &c.kind))
            .collect();
        assert_eq!(kinds[0], "Đạt / chưa đạt");
        assert_eq!(
            kinds[1],
            "Theo mức độ: chưa triển khai / đang triển khai / thử nghiệm / hoàn thành"
        );
        assert_eq!(kinds[2], "Theo tỷ lệ (đạt khi từ 90%)");
    }
}
