//! Catalogs: versioned sets of criteria with kinds, weights, bands and briefing phrases.

use serde::{Deserialize, Serialize};

use crate::credit::Credit;
use crate::ids::{CatalogId, CriterionCode};
use crate::record::{Outcome, OutcomeError};

/// One version of a set of criteria. A round uses exactly one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub id: CatalogId,
    /// Versions of one catalog share a family; rank change compares rounds of the same family.
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub family: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: u32,
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub name_vi: String,
    pub name_en: String,
    /// Weights, targets and credits are illustrative rather than official.
    #[serde(default)]
    pub illustrative: bool,
    /// How briefing sentences name the organisations, e.g. "bộ, cơ quan".
    #[serde(default = "default_noun_vi")]
    pub org_noun_vi: String,
    #[serde(default = "default_noun_en")]
    pub org_noun_en: String,
    #[serde(default = "Band::defaults")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub bands: Vec<Band>,
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub criteria: Vec<Criterion>,
}

fn default_noun_vi() -> String {
    "bộ, cơ quan".to_owned()
}

fn default_noun_en() -> String {
    "ministries and agencies".to_owned()
}

/// A score band: the highest band whose `min_score` is at most the score applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Band {
    pub id: String,
    pub label_vi: String,
    pub label_en: String,
    pub min_score: f64,
    /// A CSS colour for charts and tables.
    #[serde(default)]
    pub color: String,
}

impl Band {
    /// The bands that apply when a catalog defines none (docs/rules.md#bands).
    pub fn defaults() -> Vec<Band> {
        let band = |id: &str, vi: &str, en: &str, min: f64, color: &str| Band {
            id: id.to_owned(),
            label_vi: vi.to_owned(),
            label_en: en.to_owned(),
            min_score: min,
            color: color.to_owned(),
        };
        vec![
            band("xuat-sac", "Xuất sắc", "Excellent", 90.0, "#1b7f3b"),
            band("tot", "Tốt", "Good", 80.0, "#5a9e2f"),
            band("kha", "Khá", "Fair", 65.0, "#c79a00"),
            band("trung-binh", "Trung bình", "Average", 50.0, "#d9730d"),
            band("yeu", "Yếu", "Weak", 0.0, "#c0392b"),
        ]
    }
}

/// One criterion of a catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Criterion {
    pub code: CriterionCode,
    pub group_vi: String,
    pub group_en: String,
    pub name_vi: String,
    pub name_en: String,
    #[serde(default)]
    pub legal_basis: String,
    #[serde(flatten)]
    pub kind: CriterionKind,
    pub weight: f64,
    /// The credit at which the criterion counts as met.
    #[serde(default = "one")]
    pub pass_credit: f64,
    /// Compliance requires every applicable mandatory criterion to be met.
    #[serde(default = "yes")]
    pub mandatory: bool,
    /// Completes "7/12 bộ, cơ quan …" in the briefing; no phrase, no sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_phrase_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_phrase_en: Option<String>,
    /// Completes "Còn 4 bộ, cơ quan …: names" in the briefing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmet_phrase_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmet_phrase_en: Option<String>,
}

fn one() -> f64 {
    1.0
}

fn yes() -> bool {
    true
}

/// How a criterion is assessed, and so which outcomes it accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CriterionKind {
    /// `met` earns 1, `not_met` 0.
    PassFail,
    /// An ordered list of levels, each with its credit.
    Levels { levels: Vec<Level> },
    /// A share in [0, 1]; credit = min(value / target, 1).
    Ratio { target: f64 },
}

impl CriterionKind {
    /// The name used in files and the API.
    pub fn name(&self) -> &'static str {
        match self {
            CriterionKind::PassFail => "pass_fail",
            CriterionKind::Levels { .. } => "levels",
            CriterionKind::Ratio { .. } => "ratio",
        }
    }
}

/// One level of a `levels` criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Level {
    pub key: String,
    pub label_vi: String,
    pub label_en: String,
    pub credit: f64,
}

/// A rule a catalog breaks, naming the criterion and field at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogError {
    #[error("the catalog has no criteria")]
    NoCriteria,
    #[error("criterion {code} appears more than once")]
    DuplicateCode { code: CriterionCode },
    #[error("criterion {code}: field `{field}`: {problem}")]
    BadField {
        code: CriterionCode,
        field: &'static str,
        problem: String,
    },
    #[error("band `{id}`: {problem}")]
    BadBand { id: String, problem: String },
    #[error("the catalog has no bands")]
    NoBands,
}

const RESERVED_OUTCOMES: [&str; 3] = ["met", "not_met", "not_applicable"];

impl Catalog {
    /// The criterion with this code.
    pub fn criterion(&self, code: &CriterionCode) -> Option<&Criterion> {
        self.criteria.iter().find(|c| &c.code == code)
    }

    /// Checks every rule of a well-formed catalog and returns all problems found.
    pub fn validate(&self) -> Result<(), Vec<CatalogError>> {
        let mut problems = Vec::new();
        if self.criteria.is_empty() {
            problems.push(CatalogError::NoCriteria);
        }
        for (i, criterion) in self.criteria.iter().enumerate() {
            if self.criteria[..i].iter().any(|c| c.code == criterion.code) {
                problems.push(CatalogError::DuplicateCode {
                    code: criterion.code.clone(),
                });
            }
            criterion.check(&mut problems);
        }
        self.check_bands(&mut problems);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    fn check_bands(&self, problems: &mut Vec<CatalogError>) {
        if self.bands.is_empty() {
            problems.push(CatalogError::NoBands);
        }
        for (i, band) in self.bands.iter().enumerate() {
            let bad = |problem: &str| CatalogError::BadBand {
                id: band.id.clone(),
                problem: problem.to_owned(),
            };
            if !(0.0..=100.0).contains(&band.min_score) {
                problems.push(bad("`min_score` must be between 0 and 100"));
            }
            if self.bands[..i].iter().any(|b| b.id == band.id) {
                problems.push(bad("the id appears more than once"));
            }
        }
        if !self.bands.is_empty() && !self.bands.iter().any(|b| b.min_score == 0.0) {
            problems.push(CatalogError::BadBand {
                id: "*".to_owned(),
                problem: "one band must start at `min_score` 0 so every score has a band".to_owned(),
            });
        }
    }

    /// The band of a score: the highest band whose `min_score` is at most the score.
    pub fn band_for(&self, score: f64) -> Option<&Band> {
        self.bands
            .iter()
            .filter(|b| b.min_score <= score)
            .max_by(|a, b| a.min_score.total_cmp(&b.min_score))
    }

    /// The band with this id.
    pub fn band(&self, id: &str) -> Option<&Band> {
        self.bands.iter().find(|b| b.id == id)
    }
}

impl Criterion {
    fn check(&self, problems: &mut Vec<CatalogError>) {
        let mut bad = |field: &'static str, problem: &str| {
            problems.push(CatalogError::BadField {
                code: self.code.clone(),
                field,
                problem: problem.to_owned(),
            })
        };
        if !(self.weight.is_finite() && self.weight > 0.0) {
            bad("weight", "must be a number above 0");
        }
        if !(self.pass_credit > 0.0 && self.pass_credit <= 1.0) {
            bad("pass_credit", "must be above 0 and at most 1");
        }
        if self.name_vi.trim().is_empty() {
            bad("name_vi", "must not be empty");
        }
        match &self.kind {
            CriterionKind::PassFail => {}
            CriterionKind::Ratio { target } => {
                if !(*target > 0.0 && *target <= 1.0) {
                    bad("target", "must be above 0 and at most 1");
                }
            }
            CriterionKind::Levels { levels } => {
                if levels.len() < 2 {
                    bad("levels", "needs at least two levels");
                }
                for (i, level) in levels.iter().enumerate() {
                    if !(0.0..=1.0).contains(&level.credit) {
                        bad(
                            "levels",
                            &format!("level `{}`: credit must be between 0 and 1", level.key),
                        );
                    }
                    if level.key.is_empty() || RESERVED_OUTCOMES.contains(&level.key.as_str()) {
                        bad(
                            "levels",
                            &format!("level key `{}` is empty or reserved", level.key),
                        );
                    }
                    if levels[..i].iter().any(|l| l.key == level.key) {
                        bad(
                            "levels",
                            &format!("level key `{}` appears more than once", level.key),
                        );
                    }
                }
            }
        }
    }

    /// The credit an outcome earns, `None` for `not_applicable`, or why the outcome does not fit.
    pub fn credit(&self, outcome: &Outcome) -> Result<Option<Credit>, OutcomeError> {
        self.credit_if_fit(outcome).ok_or_else(|| match outcome {
            Outcome::Ratio(value)
                if matches!(self.kind, CriterionKind::Ratio { .. }) && !(0.0..=1.0).contains(value) =>
            {
                OutcomeError::RatioOutOfRange { value: *value }
            }
            _ => self.unfit(outcome),
        })
    }

    /// [`Criterion::credit`] without saying why an outcome does not fit (`None`): scoring asks a
    /// million times and needs no message.
    #[inline]
    pub(crate) fn credit_if_fit(&self, outcome: &Outcome) -> Option<Option<Credit>> {
        let credit = match (&self.kind, outcome) {
            (_, Outcome::NotApplicable) => return Some(None),
            (CriterionKind::PassFail, Outcome::Met) => 1.0,
            (CriterionKind::PassFail, Outcome::NotMet) => 0.0,
            (CriterionKind::Levels { levels }, Outcome::Level(key)) => {
                // Keys are short: compared byte by byte rather than by a call to `memcmp` each.
                let same = |a: &str| a.len() == key.len() && a.bytes().zip(key.bytes()).all(|(a, b)| a == b);
                levels.iter().find(|l| same(&l.key))?.credit
            }
            (CriterionKind::Ratio { target }, Outcome::Ratio(value)) if (0.0..=1.0).contains(value) => {
                (value / target).min(1.0)
            }
            _ => return None,
        };
        Some(Some(Credit::new(credit)))
    }

    /// Whether a credit meets this criterion.
    pub fn is_met_by(&self, credit: Credit) -> bool {
        // Compare with a tolerance so that 0.85 / 0.85 counts as 1 despite binary floats.
        credit.get() + 1e-9 >= self.pass_credit
    }

    fn unfit(&self, outcome: &Outcome) -> OutcomeError {
        OutcomeError::NotForKind {
            outcome: outcome.describe(),
            kind: self.kind.name(),
            allowed: self.allowed_outcomes(),
        }
    }

    /// The keys the `outcome` field takes for this criterion, as written in files; a ratio
    /// criterion's share goes in `value` with an empty outcome, so it takes only
    /// `not_applicable`.
    pub fn outcome_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = match &self.kind {
            CriterionKind::PassFail => vec!["met", "not_met"],
            CriterionKind::Levels { levels } => levels.iter().map(|l| l.key.as_str()).collect(),
            CriterionKind::Ratio { .. } => Vec::new(),
        };
        keys.push("not_applicable");
        keys
    }

    /// The outcomes this criterion accepts, as written in files.
    pub fn allowed_outcomes(&self) -> String {
        match &self.kind {
            CriterionKind::Ratio { .. } => {
                "an empty outcome with a value between 0 and 1, or not_applicable".to_owned()
            }
            _ => self.outcome_keys().join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn criterion(code: &str, kind: CriterionKind) -> Criterion {
        Criterion {
            code: CriterionCode::parse(code).unwrap(),
            group_vi: "Nhóm".into(),
            group_en: "Group".into(),
            name_vi: "Tiêu chí".into(),
            name_en: "Criterion".into(),
            legal_basis: String::new(),
            kind,
            weight: 1.0,
            pass_credit: 1.0,
            mandatory: true,
            met_phrase_vi: None,
            met_phrase_en: None,
            unmet_phrase_vi: None,
            unmet_phrase_en: None,
        }
    }

    fn levels() -> CriterionKind {
        let level = |key: &str, credit| Level {
            key: key.into(),
            label_vi: key.into(),
            label_en: key.into(),
            credit,
        };
        CriterionKind::Levels {
            levels: vec![
                level("none", 0.0),
                level("in_progress", 0.25),
                level("pilot", 0.5),
                level("done", 1.0),
            ],
        }
    }

    fn check(kind: CriterionKind, outcome: Outcome, expected: Result<Option<f64>, &str>) {
        let got = criterion("X-01", kind).credit(&outcome);
        match (got, expected) {
            (Ok(got), Ok(want)) => assert_eq!(got.map(Credit::get), want, "{outcome:?}"),
            (Err(got), Err(want)) => assert_eq!(got.to_string(), want, "{outcome:?}"),
            (got, want) => panic!("{outcome:?}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn credits_follow_the_kind_of_the_criterion() {
        let ratio = || CriterionKind::Ratio { target: 0.8 };
        check(CriterionKind::PassFail, Outcome::Met, Ok(Some(1.0)));
        check(CriterionKind::PassFail, Outcome::NotMet, Ok(Some(0.0)));
        check(CriterionKind::PassFail, Outcome::NotApplicable, Ok(None));
        check(levels(), Outcome::Level("pilot".into()), Ok(Some(0.5)));
        check(levels(), Outcome::Level("in_progress".into()), Ok(Some(0.25)));
        check(levels(), Outcome::NotApplicable, Ok(None));
        check(ratio(), Outcome::Ratio(0.4), Ok(Some(0.5)));
        check(ratio(), Outcome::Ratio(0.8), Ok(Some(1.0)));
        check(ratio(), Outcome::Ratio(0.0), Ok(Some(0.0)));
    }

    #[test]
    fn ratio_credit_is_capped_at_one() {
        check(
            CriterionKind::Ratio { target: 0.8 },
            Outcome::Ratio(0.95),
            Ok(Some(1.0)),
        );
        check(
            CriterionKind::Ratio { target: 0.8 },
            Outcome::Ratio(1.0),
            Ok(Some(1.0)),
        );
    }

    #[test]
    fn outcomes_that_do_not_fit_the_kind_are_rejected() {
        check(
            CriterionKind::PassFail,
            Outcome::Level("pilot".into()),
            Err("outcome `pilot` does not fit a pass_fail criterion; allowed: met, not_met, not_applicable"),
        );
        check(
            levels(),
            Outcome::Met,
            Err(
                "outcome `met` does not fit a levels criterion; allowed: none, in_progress, pilot, done, not_applicable",
            ),
        );
        check(
            CriterionKind::Ratio { target: 1.0 },
            Outcome::Ratio(1.7),
            Err("ratio 1.7 is outside [0, 1]; a percentage is written with its sign, e.g. 85,5%"),
        );
        check(
            levels(),
            Outcome::Level("pilots".into()),
            Err(
                "outcome `pilots` does not fit a levels criterion; allowed: none, in_progress, pilot, done, not_applicable",
            ),
        );
        check(
            CriterionKind::PassFail,
            Outcome::Ratio(1.7),
            Err(
                "outcome `ratio 1.7` does not fit a pass_fail criterion; allowed: met, not_met, not_applicable",
            ),
        );
        check(
            CriterionKind::Ratio { target: 1.0 },
            Outcome::Ratio(f64::NAN),
            Err("ratio NaN is outside [0, 1]; a percentage is written with its sign, e.g. 85,5%"),
        );
        check(
            CriterionKind::Ratio { target: 1.0 },
            Outcome::Met,
            Err(
                "outcome `met` does not fit a ratio criterion; allowed: an empty outcome with a value between 0 and 1, or not_applicable",
            ),
        );
    }

    #[test]
    fn a_ratio_exactly_at_its_target_meets_the_criterion() {
        let c = criterion("VB-01", CriterionKind::Ratio { target: 0.85 });
        let credit = c.credit(&Outcome::Ratio(0.85)).unwrap().unwrap();
        assert!(c.is_met_by(credit));
    }

    fn catalog(criteria: Vec<Criterion>) -> Catalog {
        Catalog {
            id: CatalogId::parse("t").unwrap(),
            family: "t".into(),
            version: 1,
            name_vi: "t".into(),
            name_en: "t".into(),
            illustrative: false,
            org_noun_vi: default_noun_vi(),
            org_noun_en: default_noun_en(),
            bands: Band::defaults(),
            criteria,
        }
    }

    #[test]
    fn bands_apply_from_their_minimum_score() {
        let cat = catalog(vec![criterion("A", CriterionKind::PassFail)]);
        for (score, band) in [
            (100.0, "xuat-sac"),
            (90.0, "xuat-sac"),
            (89.99, "tot"),
            (80.0, "tot"),
            (79.99, "kha"),
            (65.0, "kha"),
            (64.99, "trung-binh"),
            (50.0, "trung-binh"),
            (49.99, "yeu"),
            (0.0, "yeu"),
        ] {
            assert_eq!(cat.band_for(score).unwrap().id, band, "{score}");
        }
    }

    #[test]
    fn a_catalog_reports_every_broken_rule() {
        let mut bad_weight = criterion("A", CriterionKind::Ratio { target: 1.5 });
        bad_weight.weight = 0.0;
        let duplicate = criterion("A", CriterionKind::PassFail);
        let problems: Vec<String> = catalog(vec![bad_weight, duplicate])
            .validate()
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "criterion A: field `weight`: must be a number above 0",
                "criterion A: field `target`: must be above 0 and at most 1",
                "criterion A appears more than once",
            ]
        );
    }
}
