//! Records: the outcome of one criterion for one organisation in one round, and its workflow.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{CriterionCode, OrgId, RoundId};

/// What an inspector found. Which outcomes fit depends on the criterion's kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "OutcomeFields", into = "OutcomeFields")]
pub enum Outcome {
    Met,
    NotMet,
    NotApplicable,
    /// The key of one level of a `levels` criterion.
    Level(String),
    /// The share measured for a `ratio` criterion, in [0, 1].
    Ratio(f64),
}

/// The two columns `outcome` and `value` of files and the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeFields {
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub value: Option<f64>,
}

/// Why an outcome cannot be recorded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OutcomeError {
    #[error("the outcome is empty and there is no value")]
    Missing,
    #[error("a value is only recorded for ratio criteria, with an empty outcome (got outcome `{outcome}`)")]
    ValueWithOutcome { outcome: String },
    #[error("ratio {value} is outside [0, 1]; a percentage is written with its sign, e.g. 85,5%")]
    RatioOutOfRange { value: f64 },
    #[error("`{text}` is not a ratio; write 0.85, 85% or 85,5%")]
    NotARatio { text: String },
    #[error("outcome `{outcome}` does not fit a {kind} criterion; allowed: {allowed}")]
    NotForKind {
        outcome: String,
        kind: &'static str,
        allowed: String,
    },
}

impl OutcomeError {
    /// The message in Vietnamese, for people who read the interface in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            OutcomeError::Missing => "Chưa có kết quả (cột outcome trống và không có giá trị).".to_owned(),
            OutcomeError::ValueWithOutcome { outcome } => format!(
                "Chỉ ghi giá trị (value) cho tiêu chí dạng tỷ lệ, khi cột outcome để trống (đang ghi outcome `{outcome}`)."
            ),
            OutcomeError::RatioOutOfRange { value } => {
                format!("Tỷ lệ {value} nằm ngoài khoảng [0, 1]; tỷ lệ phần trăm ghi kèm dấu %, ví dụ 85,5%.")
            }
            OutcomeError::NotARatio { text } => {
                format!("`{text}` không phải là tỷ lệ; hãy ghi 0.85, 85% hoặc 85,5%.")
            }
            OutcomeError::NotForKind {
                outcome,
                kind,
                allowed,
            } => format!("Kết quả `{outcome}` không phù hợp với tiêu chí dạng {kind}; được phép: {allowed}."),
        }
    }
}

impl Outcome {
    /// Reads the `outcome` and `value` columns. Whether the outcome fits the criterion is
    /// checked by [`crate::Criterion::credit`].
    pub fn parse(outcome: &str, value: Option<f64>) -> Result<Outcome, OutcomeError> {
        let outcome = outcome.trim();
        match (outcome, value) {
            ("", None) => Err(OutcomeError::Missing),
            ("", Some(v)) if !(0.0..=1.0).contains(&v) => Err(OutcomeError::RatioOutOfRange { value: v }),
            ("", Some(v)) => Ok(Outcome::Ratio(v)),
            (o, Some(_)) => Err(OutcomeError::ValueWithOutcome {
                outcome: o.to_owned(),
            }),
            ("met", None) => Ok(Outcome::Met),
            ("not_met", None) => Ok(Outcome::NotMet),
            ("not_applicable", None) => Ok(Outcome::NotApplicable),
            (key, None) => Ok(Outcome::Level(key.to_owned())),
        }
    }

    /// The outcome as written in the `outcome` column (empty for a ratio).
    pub fn key(&self) -> &str {
        match self {
            Outcome::Met => "met",
            Outcome::NotMet => "not_met",
            Outcome::NotApplicable => "not_applicable",
            Outcome::Level(key) => key,
            Outcome::Ratio(_) => "",
        }
    }

    /// The ratio, for the `value` column.
    pub fn value(&self) -> Option<f64> {
        match self {
            Outcome::Ratio(v) => Some(*v),
            _ => None,
        }
    }

    /// A short description for messages.
    pub fn describe(&self) -> String {
        match self {
            Outcome::Ratio(v) => format!("ratio {v}"),
            other => other.key().to_owned(),
        }
    }
}

impl TryFrom<OutcomeFields> for Outcome {
    type Error = OutcomeError;
    fn try_from(fields: OutcomeFields) -> Result<Self, OutcomeError> {
        Outcome::parse(fields.outcome.as_deref().unwrap_or(""), fields.value)
    }
}

impl From<Outcome> for OutcomeFields {
    fn from(outcome: Outcome) -> OutcomeFields {
        let value = outcome.value();
        let key = outcome.key();
        OutcomeFields {
            outcome: (!key.is_empty()).then(|| key.to_owned()),
            value,
        }
    }
}

/// Reads a ratio as people write it: `0.85`, `0,85`, `85%` or `85,5%`.
pub fn parse_ratio(text: &str) -> Result<f64, OutcomeError> {
    let trimmed = text.trim();
    let not_a_ratio = || OutcomeError::NotARatio {
        text: text.to_owned(),
    };
    let (number, percent) = match trimmed.strip_suffix('%') {
        Some(number) => (number.trim_end(), true),
        None => (trimmed, false),
    };
    let plain = number.replacen(',', ".", 1);
    let valid = !plain.is_empty()
        && plain.chars().all(|c| c.is_ascii_digit() || c == '.')
        && plain.chars().filter(|&c| c == '.').count() <= 1
        && plain != ".";
    if !valid {
        return Err(not_a_ratio());
    }
    let parsed: f64 = plain.parse().map_err(|_| not_a_ratio())?;
    let value = if percent { parsed / 100.0 } else { parsed };
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(OutcomeError::RatioOutOfRange { value })
    }
}

/// Where a record stands in the review workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RecordState {
    Draft,
    Submitted,
    Approved,
    Returned,
}

/// A step of the review workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Submit,
    Approve,
    Return,
}

/// A workflow step that the record's state does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a record that is {from} cannot be {action}")]
pub struct TransitionError {
    pub from: &'static str,
    pub action: &'static str,
}

impl RecordState {
    /// The name used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordState::Draft => "draft",
            RecordState::Submitted => "submitted",
            RecordState::Approved => "approved",
            RecordState::Returned => "returned",
        }
    }

    /// Parses a state as written in files.
    pub fn parse(text: &str) -> Option<RecordState> {
        [
            RecordState::Draft,
            RecordState::Submitted,
            RecordState::Approved,
            RecordState::Returned,
        ]
        .into_iter()
        .find(|s| s.as_str() == text.trim())
    }

    /// The state after a workflow step: draft or returned → submitted → approved or returned.
    pub fn after(self, action: Action) -> Result<RecordState, TransitionError> {
        use RecordState::*;
        match (self, action) {
            (Draft | Returned, Action::Submit) => Ok(Submitted),
            (Submitted, Action::Approve) => Ok(Approved),
            (Submitted, Action::Return) => Ok(Returned),
            (from, action) => Err(TransitionError {
                from: from.as_str(),
                action: match action {
                    Action::Submit => "submitted",
                    Action::Approve => "approved",
                    Action::Return => "returned",
                },
            }),
        }
    }

    /// Whether an inspector may still change the outcome.
    pub fn is_editable(self) -> bool {
        matches!(self, RecordState::Draft | RecordState::Returned)
    }
}

/// One outcome with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Record {
    pub round: RoundId,
    pub organization: OrgId,
    pub criterion: CriterionCode,
    #[serde(flatten)]
    pub outcome: Outcome,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub note: String,
    /// The inspector's name as written; past results name people who are not users.
    #[serde(default)]
    pub inspector: String,
    #[serde(default, with = "crate::iso_date::optional")]
    pub assessed_on: Option<NaiveDate>,
    pub state: RecordState,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_ratio(text: &str, expected: Result<f64, &str>) {
        match (parse_ratio(text), expected) {
            (Ok(got), Ok(want)) => assert!((got - want).abs() < 1e-12, "{text}: {got}"),
            (Err(got), Err(want)) => assert_eq!(got.to_string(), want, "{text}"),
            (got, want) => panic!("{text}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn ratios_are_read_as_people_write_them() {
        check_ratio("0.85", Ok(0.85));
        check_ratio("0,85", Ok(0.85));
        check_ratio("85%", Ok(0.85));
        check_ratio("85,5%", Ok(0.855));
        check_ratio(" 100 % ", Ok(1.0));
        check_ratio("1", Ok(1.0));
        check_ratio("0", Ok(0.0));
    }

    #[test]
    fn a_ratio_above_one_is_rejected() {
        check_ratio(
            "1.7",
            Err("ratio 1.7 is outside [0, 1]; a percentage is written with its sign, e.g. 85,5%"),
        );
        check_ratio(
            "170%",
            Err("ratio 1.7 is outside [0, 1]; a percentage is written with its sign, e.g. 85,5%"),
        );
    }

    #[test]
    fn text_that_is_not_a_number_is_not_a_ratio() {
        for bad in ["", "abc", "-0.5", "1e-3", "0.5.5", "%", "NaN", "inf", "."] {
            assert!(parse_ratio(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn outcome_and_value_columns_read_as_one_outcome() {
        assert_eq!(Outcome::parse("met", None), Ok(Outcome::Met));
        assert_eq!(
            Outcome::parse(" pilot ", None),
            Ok(Outcome::Level("pilot".into()))
        );
        assert_eq!(Outcome::parse("", Some(0.5)), Ok(Outcome::Ratio(0.5)));
        assert_eq!(Outcome::parse("", None), Err(OutcomeError::Missing));
        assert_eq!(
            Outcome::parse("", Some(1.7)),
            Err(OutcomeError::RatioOutOfRange { value: 1.7 })
        );
        assert!(matches!(
            Outcome::parse("met", Some(1.0)),
            Err(OutcomeError::ValueWithOutcome { .. })
        ));
    }

    #[test]
    fn a_record_serialises_outcome_and_value_side_by_side() {
        let json = r#"{"round":"2019","organization":"btc","criterion":"VB-01","outcome":null,"value":0.9,"evidence":"","note":"","inspector":"","assessed_on":"2019-10-02","state":"approved"}"#;
        let record: Record = serde_json::from_str(json).unwrap();
        assert_eq!(record.outcome, Outcome::Ratio(0.9));
        assert_eq!(serde_json::to_string(&record).unwrap(), json);
    }

    #[test]
    fn the_workflow_allows_only_its_transitions() {
        use Action::*;
        use RecordState::*;
        let table = [
            (Draft, Submit, Some(Submitted)),
            (Draft, Approve, None),
            (Draft, Return, None),
            (Submitted, Submit, None),
            (Submitted, Approve, Some(Approved)),
            (Submitted, Return, Some(Returned)),
            (Approved, Submit, None),
            (Approved, Approve, None),
            (Approved, Return, None),
            (Returned, Submit, Some(Submitted)),
            (Returned, Approve, None),
            (Returned, Return, None),
        ];
        for (from, action, to) in table {
            assert_eq!(from.after(action).ok(), to, "{from:?} {action:?}");
        }
        assert_eq!(
            Approved.after(Return).unwrap_err().to_string(),
            "a record that is approved cannot be returned"
        );
    }
}
