//! A round's phases and their dates (docs/rules.md, "Round phases"): self-assessment
//! (optional) → inspection → preliminary results → explanations → final, then the round is
//! published. Each phase is a window of time, stored in UTC; what a unit contact and an
//! inspector may do depends on the window that holds the present moment. The clock is the
//! caller's: this module only compares instants.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One phase of a round, in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Phase {
    /// The unit fills its own outcome and evidence for each criterion and submits.
    SelfAssessment,
    /// The inspectors verify and record the outcomes.
    Inspection,
    /// The preliminary results are sent to each unit.
    Preliminary,
    /// The unit may answer each unmet criterion until the window closes.
    Explanations,
    /// The team settles the final outcomes before publishing.
    Final,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 5] = [
        Phase::SelfAssessment,
        Phase::Inspection,
        Phase::Preliminary,
        Phase::Explanations,
        Phase::Final,
    ];

    /// The name used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::SelfAssessment => "self_assessment",
            Phase::Inspection => "inspection",
            Phase::Preliminary => "preliminary",
            Phase::Explanations => "explanations",
            Phase::Final => "final",
        }
    }

    /// The phase of this name.
    pub fn parse(text: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// Its name in Vietnamese.
    pub fn label_vi(self) -> &'static str {
        match self {
            Phase::SelfAssessment => "Tự đánh giá",
            Phase::Inspection => "Kiểm tra",
            Phase::Preliminary => "Kết quả sơ bộ",
            Phase::Explanations => "Giải trình",
            Phase::Final => "Chốt kết quả",
        }
    }

    /// Its name in English.
    pub fn label_en(self) -> &'static str {
        match self {
            Phase::SelfAssessment => "Self-assessment",
            Phase::Inspection => "Inspection",
            Phase::Preliminary => "Preliminary results",
            Phase::Explanations => "Explanations",
            Phase::Final => "Final results",
        }
    }

    /// Whether a round may leave this phase out (only the self-assessment).
    pub fn optional(self) -> bool {
        self == Phase::SelfAssessment
    }
}

/// When one phase opens and closes: it holds every instant from `opens_at` up to, not
/// including, `closes_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhaseWindow {
    pub phase: Phase,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

impl PhaseWindow {
    /// Whether `now` falls in the window.
    pub fn holds(&self, now: DateTime<Utc>) -> bool {
        self.opens_at <= now && now < self.closes_at
    }
}

/// Why a schedule cannot be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("the phase `{}` is given twice", .0.as_str())]
    Twice(Phase),
    #[error("the phase `{}` is missing; only the self-assessment may be left out", .0.as_str())]
    Missing(Phase),
    #[error("the phase `{}` closes before it opens", .0.as_str())]
    Backwards(Phase),
    #[error("the phase `{}` opens before `{}` closes", .later.as_str(), .earlier.as_str())]
    Overlaps { earlier: Phase, later: Phase },
}

impl ScheduleError {
    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            ScheduleError::Twice(p) => format!("Giai đoạn «{}» được khai báo hai lần.", p.label_vi()),
            ScheduleError::Missing(p) => format!(
                "Thiếu giai đoạn «{}»; chỉ giai đoạn tự đánh giá được phép bỏ qua.",
                p.label_vi()
            ),
            ScheduleError::Backwards(p) => {
                format!("Giai đoạn «{}» kết thúc trước khi bắt đầu.", p.label_vi())
            }
            ScheduleError::Overlaps { earlier, later } => format!(
                "Giai đoạn «{}» bắt đầu trước khi giai đoạn «{}» kết thúc.",
                later.label_vi(),
                earlier.label_vi()
            ),
        }
    }
}

/// Checks a round's schedule and answers it in phase order: each phase at most once, every
/// phase but the self-assessment present, each window closing after it opens, and each
/// phase opening no earlier than the one before it closes. An empty schedule is allowed: the
/// round has no phases, as rounds had before them.
pub fn check_schedule(windows: &[PhaseWindow]) -> Result<Vec<PhaseWindow>, ScheduleError> {
    let mut sorted = windows.to_vec();
    sorted.sort_by_key(|w| w.phase);
    if sorted.is_empty() {
        return Ok(sorted);
    }
    for pair in sorted.windows(2) {
        if pair[0].phase == pair[1].phase {
            return Err(ScheduleError::Twice(pair[0].phase));
        }
    }
    if let Some(missing) = Phase::ALL
        .into_iter()
        .find(|p| !p.optional() && !sorted.iter().any(|w| w.phase == *p))
    {
        return Err(ScheduleError::Missing(missing));
    }
    if let Some(backwards) = sorted.iter().find(|w| w.closes_at <= w.opens_at) {
        return Err(ScheduleError::Backwards(backwards.phase));
    }
    for pair in sorted.windows(2) {
        if pair[1].opens_at < pair[0].closes_at {
            return Err(ScheduleError::Overlaps {
                earlier: pair[0].phase,
                later: pair[1].phase,
            });
        }
    }
    Ok(sorted)
}

/// The phase whose window holds `now`, if any.
pub fn current(windows: &[PhaseWindow], now: DateTime<Utc>) -> Option<Phase> {
    windows.iter().find(|w| w.holds(now)).map(|w| w.phase)
}

/// The window of one phase, if the schedule has it.
pub fn window(windows: &[PhaseWindow], phase: Phase) -> Option<&PhaseWindow> {
    windows.iter().find(|w| w.phase == phase)
}

/// What someone asks to do in a round whose schedule decides when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// A unit contact fills or submits its self-assessment.
    SelfAssess,
    /// An inspector records an outcome.
    Inspect,
    /// A unit's contact explains a criterion found unmet.
    Explain,
    /// An inspector accepts or rejects an explanation.
    Decide,
}

/// Why the schedule refuses a piece of work now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The round has no window for this work.
    NotInRound(Phase),
    /// The window has not opened yet.
    NotYet(PhaseWindow),
    /// The window has closed.
    Closed(PhaseWindow),
}

impl Work {
    /// The phases in which this work is done: a unit self-assesses in its window; an
    /// inspector records during the inspection and again in the final phase, to settle what a
    /// reviewer returned.
    pub fn phases(self) -> &'static [Phase] {
        match self {
            Work::SelfAssess => &[Phase::SelfAssessment],
            Work::Inspect => &[Phase::Inspection, Phase::Final],
            Work::Explain => &[Phase::Explanations],
            Work::Decide => &[Phase::Explanations, Phase::Final],
        }
    }
}

/// Whether the schedule lets `work` be done at `now`. A round without a schedule keeps the
/// rules it had before phases: inspectors record while the round is open, and there is no
/// self-assessment.
pub fn allows(windows: &[PhaseWindow], work: Work, now: DateTime<Utc>) -> Result<(), Refusal> {
    if windows.is_empty() && work == Work::Inspect {
        return Ok(());
    }
    let mine: Vec<&PhaseWindow> = windows
        .iter()
        .filter(|w| work.phases().contains(&w.phase))
        .collect();
    let Some(first) = mine.first() else {
        return Err(Refusal::NotInRound(work.phases()[0]));
    };
    if mine.iter().any(|w| w.holds(now)) {
        Ok(())
    } else if now < first.opens_at {
        Err(Refusal::NotYet(**first))
    } else {
        let next = mine.iter().find(|w| now < w.opens_at);
        match next {
            Some(next) => Err(Refusal::NotYet(**next)),
            None => Err(Refusal::Closed(**mine.last().unwrap_or(first))),
        }
    }
}

impl Refusal {
    /// The sentence in Vietnamese and in English, with instants as `show` writes them (in
    /// Vietnam's time).
    pub fn messages(&self, show: impl Fn(DateTime<Utc>) -> String) -> (String, String) {
        match self {
            Refusal::NotInRound(phase) => (
                format!("Đợt kiểm tra này không có giai đoạn «{}».", phase.label_vi()),
                format!("This round has no {} phase.", phase.label_en().to_lowercase()),
            ),
            Refusal::NotYet(w) => (
                format!(
                    "Giai đoạn «{}» chưa bắt đầu: mở từ {}.",
                    w.phase.label_vi(),
                    show(w.opens_at)
                ),
                format!(
                    "The {} phase has not started: it opens at {}.",
                    w.phase.label_en().to_lowercase(),
                    show(w.opens_at)
                ),
            ),
            Refusal::Closed(w) => (
                format!(
                    "Giai đoạn «{}» đã kết thúc lúc {}.",
                    w.phase.label_vi(),
                    show(w.closes_at)
                ),
                format!(
                    "The {} phase ended at {}.",
                    w.phase.label_en().to_lowercase(),
                    show(w.closes_at)
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Phase::*;
    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        use chrono::TimeZone;
        Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).unwrap()
    }

    fn w(phase: Phase, (d1, h1): (u32, u32), (d2, h2): (u32, u32)) -> PhaseWindow {
        PhaseWindow {
            phase,
            opens_at: at(d1, h1),
            closes_at: at(d2, h2),
        }
    }

    fn full() -> Vec<PhaseWindow> {
        vec![
            w(Final, (20, 0), (25, 0)),
            w(SelfAssessment, (1, 0), (5, 10)),
            w(Inspection, (5, 10), (12, 0)),
            w(Preliminary, (12, 0), (13, 0)),
            w(Explanations, (13, 0), (18, 10)),
        ]
    }

    #[test]
    fn schedules_are_checked_and_ordered() {
        let sorted = check_schedule(&full()).unwrap();
        assert_eq!(sorted.iter().map(|w| w.phase).collect::<Vec<_>>(), Phase::ALL);
        assert_eq!(check_schedule(&[]), Ok(vec![]));
        let without_self = full()
            .into_iter()
            .filter(|w| w.phase != SelfAssessment)
            .collect::<Vec<_>>();
        assert!(check_schedule(&without_self).is_ok());

        let cases: Vec<(Vec<PhaseWindow>, ScheduleError)> = vec![
            (
                full().into_iter().filter(|w| w.phase != Explanations).collect(),
                ScheduleError::Missing(Explanations),
            ),
            (
                [full(), vec![w(Inspection, (6, 0), (7, 0))]].concat(),
                ScheduleError::Twice(Inspection),
            ),
            (
                [
                    full().into_iter().filter(|w| w.phase != Preliminary).collect(),
                    vec![w(Preliminary, (13, 0), (12, 0))],
                ]
                .concat(),
                ScheduleError::Backwards(Preliminary),
            ),
            (
                [
                    full().into_iter().filter(|w| w.phase != Inspection).collect(),
                    vec![w(Inspection, (5, 9), (12, 0))],
                ]
                .concat(),
                ScheduleError::Overlaps {
                    earlier: SelfAssessment,
                    later: Inspection,
                },
            ),
        ];
        for (schedule, error) in cases {
            assert_eq!(check_schedule(&schedule), Err(error.clone()), "{error}");
            assert!(!error.message_vi().is_empty());
        }
    }

    #[test]
    fn the_window_holding_now_decides_the_work() {
        let schedule = check_schedule(&full()).unwrap();
        // (now, work, allowed?) — the opening instant is inside, the closing one outside.
        type Row = ((u32, u32), Work, Option<Phase>, bool);
        let table: &[Row] = &[
            ((1, 0), Work::SelfAssess, Some(SelfAssessment), true),
            ((5, 9), Work::SelfAssess, Some(SelfAssessment), true),
            ((5, 10), Work::SelfAssess, Some(Inspection), false),
            ((5, 10), Work::Inspect, Some(Inspection), true),
            ((11, 23), Work::Inspect, Some(Inspection), true),
            ((12, 0), Work::Inspect, Some(Preliminary), false),
            ((19, 0), Work::Inspect, None, false),
            ((20, 0), Work::Inspect, Some(Final), true),
            ((24, 23), Work::Inspect, Some(Final), true),
            ((25, 0), Work::Inspect, None, false),
            ((13, 0), Work::Explain, Some(Explanations), true),
            ((18, 10), Work::Explain, None, false),
            ((12, 12), Work::Explain, Some(Preliminary), false),
            ((14, 0), Work::Decide, Some(Explanations), true),
            ((21, 0), Work::Decide, Some(Final), true),
            ((19, 0), Work::Decide, None, false),
            ((26, 0), Work::SelfAssess, None, false),
        ];
        for &((day, hour), work, phase, allowed) in table {
            let now = at(day, hour);
            assert_eq!(current(&schedule, now), phase, "{day} {hour}");
            assert_eq!(
                allows(&schedule, work, now).is_ok(),
                allowed,
                "{day} {hour} {work:?}"
            );
        }
        assert!(matches!(
            allows(&schedule, Work::SelfAssess, at(26, 0)),
            Err(Refusal::Closed(_))
        ));
        // Between the inspection and the final phase, the next window is named.
        assert!(matches!(
            allows(&schedule, Work::Inspect, at(19, 0)),
            Err(Refusal::NotYet(PhaseWindow { phase: Final, .. }))
        ));
        assert!(matches!(
            allows(&schedule, Work::Inspect, at(26, 0)),
            Err(Refusal::Closed(PhaseWindow { phase: Final, .. }))
        ));
        let (vi, en) = Refusal::Closed(schedule[0]).messages(|t| t.format("%d/%m/%Y %H:%M").to_string());
        assert_eq!(vi, "Giai đoạn «Tự đánh giá» đã kết thúc lúc 05/12/2026 10:00.");
        assert_eq!(en, "The self-assessment phase ended at 05/12/2026 10:00.");
        let late_start = vec![w(Inspection, (10, 0), (11, 0))];
        assert!(matches!(
            allows(&late_start, Work::Inspect, at(9, 0)),
            Err(Refusal::NotYet(_))
        ));
    }

    #[test]
    fn a_round_without_a_schedule_keeps_its_old_rules() {
        assert_eq!(allows(&[], Work::Inspect, at(1, 0)), Ok(()));
        for (work, phase) in [
            (Work::SelfAssess, SelfAssessment),
            (Work::Explain, Explanations),
            (Work::Decide, Explanations),
        ] {
            assert_eq!(allows(&[], work, at(1, 0)), Err(Refusal::NotInRound(phase)));
        }
        let without_self: Vec<_> = full().into_iter().filter(|w| w.phase != SelfAssessment).collect();
        assert_eq!(
            allows(&without_self, Work::SelfAssess, at(2, 0)),
            Err(Refusal::NotInRound(SelfAssessment))
        );
    }

    #[test]
    fn names_round_trip() {
        for phase in Phase::ALL {
            assert_eq!(Phase::parse(phase.as_str()), Some(phase));
        }
        assert_eq!(Phase::parse("published"), None);
    }
}
