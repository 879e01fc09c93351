//! A unit's self-assessment and a round's phases without the DOM (issue 13): what one
//! criterion's form holds and the body it sends, the phase line shown with a round, and the
//! self-assessed figures beside the verified ones ("tự đánh giá 92,50 → kết quả kiểm tra
//! 76,67").

use scorecard_api::{RoundPhases, SelfAnswer, SelfAnswerBody};
use scorecard_domain::Phase;
use scorecard_domain::phases::PhaseWindow;
use scorecard_domain::self_assessment::Comparison;

use crate::format;
use crate::i18n::Lang;
use crate::view_model::checklist::{DraftProblem, parse_percent};
use crate::view_model::files::vietnam_time;

/// What one criterion's self-assessment form holds, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswerDraft {
    /// `met`, `not_met`, `not_applicable` or a level's key; empty for a ratio with a value.
    pub outcome: String,
    /// A ratio as a percentage, as typed.
    pub percent: String,
    pub evidence: String,
    pub explanation: String,
}

impl AnswerDraft {
    /// The form of a stored answer (empty when there is none).
    pub fn of(answer: Option<&SelfAnswer>) -> AnswerDraft {
        let Some(answer) = answer else {
            return AnswerDraft::default();
        };
        let outcome = &answer.answer.outcome;
        AnswerDraft {
            outcome: outcome.key().to_owned(),
            percent: outcome
                .value()
                .map(|v| format::number(Lang::Vi, v * 100.0, 2))
                .map(|text| {
                    if text.contains(',') {
                        text.trim_end_matches('0').trim_end_matches(',').to_owned()
                    } else {
                        text
                    }
                })
                .unwrap_or_default(),
            evidence: answer.answer.evidence.clone(),
            explanation: answer.answer.explanation.clone(),
        }
    }

    /// The body to send. A ratio sends its value unless marked not applicable.
    pub fn body(&self, is_ratio: bool) -> Result<SelfAnswerBody, DraftProblem> {
        let (outcome, value) = if is_ratio && self.outcome != "not_applicable" {
            let value = parse_percent(&self.percent).ok_or(DraftProblem::BadPercent)?;
            (None, Some(value))
        } else {
            ((!self.outcome.is_empty()).then(|| self.outcome.clone()), None)
        };
        Ok(SelfAnswerBody {
            outcome,
            value,
            evidence: self.evidence.trim().to_owned(),
            explanation: self.explanation.trim().to_owned(),
        })
    }
}

/// A phase's name in the reader's language.
pub fn phase_name(lang: Lang, phase: Phase) -> &'static str {
    lang.pick(phase.label_vi(), phase.label_en())
}

/// An instant of the API (`2026-12-01T01:00:00Z`) in Vietnam's time.
pub fn instant(lang: Lang, at: &chrono::DateTime<chrono::Utc>) -> String {
    vietnam_time(lang, &at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// A phase's window: "01/12/2026 08:00 – 05/12/2026 17:00".
pub fn window(lang: Lang, window: &PhaseWindow) -> String {
    format!(
        "{} – {}",
        instant(lang, &window.opens_at),
        instant(lang, &window.closes_at)
    )
}

/// An instant as a `datetime-local` field holds it in Vietnam's time: `2026-12-01T08:00`.
pub fn local_input(at: &chrono::DateTime<chrono::Utc>) -> String {
    let offset = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    at.with_timezone(&offset).format("%Y-%m-%dT%H:%M").to_string()
}

/// What a `datetime-local` field holds (Vietnam's time) as the API's RFC 3339 with its
/// offset; `None` when empty or not such a time.
pub fn from_local_input(text: &str) -> Option<String> {
    let text = text.trim();
    let parsed = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").ok()?;
    Some(format!("{}+07:00", parsed.format("%Y-%m-%dT%H:%M:%S")))
}

/// Where a round stands in its schedule, in one line: the current phase and until when, or
/// the next one and when it opens; nothing when it has no schedule.
pub fn phase_line(lang: Lang, phases: &RoundPhases) -> Option<String> {
    if phases.windows.is_empty() {
        return None;
    }
    let now = phases.now;
    if let Some(current) = phases.windows.iter().find(|w| w.holds(now)) {
        return Some(match lang {
            Lang::Vi => format!(
                "Giai đoạn hiện tại: {} (đến {}, giờ Việt Nam).",
                phase_name(lang, current.phase),
                instant(lang, &current.closes_at)
            ),
            Lang::En => format!(
                "Current phase: {} (until {}, Vietnam time).",
                phase_name(lang, current.phase),
                instant(lang, &current.closes_at)
            ),
        });
    }
    Some(match phases.windows.iter().find(|w| now < w.opens_at) {
        Some(next) => match lang {
            Lang::Vi => format!(
                "Giai đoạn tiếp theo: {} (từ {}, giờ Việt Nam).",
                phase_name(lang, next.phase),
                instant(lang, &next.opens_at)
            ),
            Lang::En => format!(
                "Next phase: {} (from {}, Vietnam time).",
                phase_name(lang, next.phase),
                instant(lang, &next.opens_at)
            ),
        },
        None => lang
            .pick(
                "Các giai đoạn của đợt kiểm tra đã kết thúc.",
                "Every phase of this round has ended.",
            )
            .to_owned(),
    })
}

/// The two scores side by side: "Tự đánh giá 92,50 → kết quả kiểm tra 76,67 (−15,83)".
pub fn comparison_line(lang: Lang, comparison: &Comparison) -> String {
    let score =
        |value: Option<f64>| value.map_or_else(|| format::MISSING.to_owned(), |v| format::score(lang, v));
    let difference = comparison
        .difference
        .map(|d| format!(" ({})", format::score_delta(lang, d)))
        .unwrap_or_default();
    match lang {
        Lang::Vi => format!(
            "Tự đánh giá {} → kết quả kiểm tra {}{difference}",
            score(comparison.self_assessed),
            score(comparison.verified)
        ),
        Lang::En => format!(
            "Self-assessed {} → inspected {}{difference}",
            score(comparison.self_assessed),
            score(comparison.verified)
        ),
    }
}

/// The share of criteria where the two disagree: "3/7 tiêu chí khác kết quả kiểm tra (42,9%)".
pub fn disagreement_line(lang: Lang, comparison: &Comparison) -> Option<String> {
    let share = comparison.disagreement?;
    let differing = comparison.criteria.iter().filter(|c| c.disagrees).count();
    let compared = comparison
        .criteria
        .iter()
        .filter(|c| {
            c.self_assessed != scorecard_domain::score::Status::Missing
                && c.verified != scorecard_domain::score::Status::Missing
        })
        .count();
    let percent = format::percent(lang, share, 1);
    Some(match lang {
        Lang::Vi => format!("{differing}/{compared} tiêu chí tự đánh giá khác kết quả kiểm tra ({percent})."),
        Lang::En => format!(
            "{differing} of {compared} criteria self-assessed differently from the inspection ({percent})."
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use scorecard_domain::score::Status;
    use scorecard_domain::self_assessment::CriterionComparison;
    use scorecard_domain::{CriterionCode, Outcome, RoundId, RoundState, SelfAssessed};

    fn answer(outcome: Outcome) -> SelfAnswer {
        SelfAnswer {
            answer: SelfAssessed {
                criterion: CriterionCode::parse("VB-01").unwrap(),
                outcome,
                evidence: "QĐ 12".into(),
                explanation: String::new(),
            },
            updated_by: "donvi.btc".into(),
            updated_at: "2026-12-01T01:00:00.000Z".into(),
        }
    }

    #[test]
    fn a_draft_reads_and_sends_an_answer() {
        let ratio = AnswerDraft::of(Some(&answer(Outcome::Ratio(0.855))));
        assert_eq!(ratio.percent, "85,5");
        let body = ratio.body(true).unwrap();
        assert_eq!((body.outcome, body.value), (None, Some(0.855)));
        let mut na = ratio.clone();
        na.outcome = "not_applicable".into();
        assert_eq!(na.body(true).unwrap().outcome.as_deref(), Some("not_applicable"));
        let mut bad = ratio;
        bad.percent = "120".into();
        assert_eq!(bad.body(true), Err(DraftProblem::BadPercent));
        let met = AnswerDraft {
            outcome: "met".into(),
            evidence: "  Quyết định 12  ".into(),
            ..AnswerDraft::default()
        };
        let body = met.body(false).unwrap();
        assert_eq!(
            (body.outcome.as_deref(), body.value, body.evidence.as_str()),
            (Some("met"), None, "Quyết định 12")
        );
        assert_eq!(AnswerDraft::of(None), AnswerDraft::default());
    }

    fn phases(now_day: u32, now_hour: u32) -> RoundPhases {
        let at = |day, hour| Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).unwrap();
        RoundPhases {
            round: RoundId::parse("2026").unwrap(),
            state: RoundState::Open,
            windows: vec![
                PhaseWindow {
                    phase: Phase::SelfAssessment,
                    opens_at: at(1, 1),
                    closes_at: at(5, 10),
                },
                PhaseWindow {
                    phase: Phase::Inspection,
                    opens_at: at(6, 1),
                    closes_at: at(10, 10),
                },
            ],
            current: None,
            now: at(now_day, now_hour),
        }
    }

    #[test]
    fn the_phase_line_says_where_the_round_stands_in_vietnam_time() {
        assert_eq!(
            phase_line(Lang::Vi, &phases(2, 0)).unwrap(),
            "Giai đoạn hiện tại: Tự đánh giá (đến 05/12/2026 17:00, giờ Việt Nam)."
        );
        assert_eq!(
            phase_line(Lang::En, &phases(5, 20)).unwrap(),
            "Next phase: Inspection (from 6 Dec 2026 08:00, Vietnam time)."
        );
        assert_eq!(
            phase_line(Lang::Vi, &phases(11, 0)).unwrap(),
            "Các giai đoạn của đợt kiểm tra đã kết thúc."
        );
        let mut none = phases(2, 0);
        none.windows.clear();
        assert_eq!(phase_line(Lang::Vi, &none), None);
    }

    #[test]
    fn schedule_fields_hold_vietnam_time() {
        let at = Utc.with_ymd_and_hms(2026, 12, 5, 20, 30, 0).unwrap();
        assert_eq!(local_input(&at), "2026-12-06T03:30");
        assert_eq!(
            from_local_input("2026-12-06T03:30").as_deref(),
            Some("2026-12-06T03:30:00+07:00")
        );
        assert_eq!(from_local_input(""), None);
        assert_eq!(from_local_input("06/12/2026"), None);
        let back =
            chrono::DateTime::parse_from_rfc3339(&from_local_input(&local_input(&at)).unwrap()).unwrap();
        assert_eq!(back, at);
    }

    #[test]
    fn the_two_scores_side_by_side() {
        let criterion = |code: &str, own, verified, disagrees| CriterionComparison {
            code: CriterionCode::parse(code).unwrap(),
            self_assessed: own,
            verified,
            disagrees,
        };
        let comparison = Comparison {
            self_assessed: Some(92.5),
            verified: Some(76.67),
            difference: Some(-15.83),
            criteria: vec![
                criterion("A", Status::Met, Status::NotMet, true),
                criterion("B", Status::Met, Status::Met, false),
                criterion("C", Status::Met, Status::Missing, false),
            ],
            disagreement: Some(0.5),
        };
        assert_eq!(
            comparison_line(Lang::Vi, &comparison),
            "Tự đánh giá 92,50 → kết quả kiểm tra 76,67 (−15,83)"
        );
        assert_eq!(
            comparison_line(Lang::En, &comparison),
            "Self-assessed 92.50 → inspected 76.67 (−15.83)"
        );
        assert_eq!(
            disagreement_line(Lang::Vi, &comparison).unwrap(),
            "1/2 tiêu chí tự đánh giá khác kết quả kiểm tra (50,0%)."
        );
    }
}
