//! How numbers, dates and codes read on screen in Vietnamese (PRODUCT.md section 1).
//!
//! Pure functions with no browser dependency, so they are unit-tested natively.

use chrono::{Datelike, NaiveDate};
use scorecard_domain::{PeerGroup, RoundState};

/// What a cell shows when there is no value, such as the score of an organisation with no
/// applicable criterion.
pub const MISSING: &str = "—";

/// A score with two decimals, a comma as the decimal mark and dots between thousands, as
/// Vietnamese writes numbers: `85.5` reads "85,50".
///
/// Rounds half away from zero, like the scoring rule, and works on whole hundredths so the
/// browser bundle needs no float-formatting code.
pub fn score_vi(score: f64) -> String {
    let hundredths = (score * 100.0).round();
    if !hundredths.is_finite() {
        return MISSING.to_owned();
    }
    // `as` saturates for values beyond i64, which no score comes near.
    let hundredths = hundredths as i64;
    // A score that rounds to zero is zero: "-0,00" would read as a negative score.
    let sign = if hundredths < 0 { "-" } else { "" };
    let hundredths = hundredths.unsigned_abs();
    let whole = group_thousands(&(hundredths / 100).to_string());
    format!("{sign}{whole},{:02}", hundredths % 100)
}

/// A score that may be absent: no applicable weight means no score.
pub fn optional_score_vi(score: Option<f64>) -> String {
    score.map_or_else(|| MISSING.to_owned(), score_vi)
}

fn group_thousands(digits: &str) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    grouped
}

/// A date as dd/mm/yyyy.
pub fn date_vi(date: NaiveDate) -> String {
    // By hand rather than through chrono's `format`, whose machinery the bundle would carry.
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// The period of a round, from its first to its last day.
pub fn period_vi(starts_on: NaiveDate, ends_on: NaiveDate) -> String {
    format!("{} – {}", date_vi(starts_on), date_vi(ends_on))
}

/// The Vietnamese name of a peer group; a group without one shows its id.
pub fn group_vi(group: &PeerGroup) -> &str {
    match group.as_str() {
        "ministry" => "Bộ",
        "agency" => "Cơ quan ngang bộ",
        "province" => "Tỉnh",
        other => other,
    }
}

/// A rank, or a dash for an organisation that is not ranked.
pub fn rank_vi(rank: Option<u32>) -> String {
    rank.map_or_else(|| MISSING.to_owned(), |rank| rank.to_string())
}

/// Whether an organisation meets every mandatory criterion.
pub fn compliant_vi(compliant: bool) -> &'static str {
    if compliant { "Đạt" } else { "Chưa đạt" }
}

/// Where a round stands, in words.
pub fn state_vi(state: RoundState) -> &'static str {
    match state {
        RoundState::Planned => "Dự kiến",
        RoundState::Open => "Đang kiểm tra",
        RoundState::Closed => "Đã kết thúc",
        RoundState::Published => "Đã công bố",
    }
}

/// Which way an organisation moved since the previous round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A better rank than in the previous round.
    Up,
    /// A worse rank than in the previous round.
    Down,
    /// The same rank as in the previous round.
    Same,
}

impl Direction {
    /// The CSS class that colours the change.
    pub fn class(self) -> &'static str {
        match self {
            Direction::Up => "change change-up",
            Direction::Down => "change change-down",
            Direction::Same => "change change-same",
        }
    }
}

/// A rank change as shown (an arrow and a number) and as read aloud (a sentence fragment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankChange {
    /// Which way the organisation moved.
    pub direction: Direction,
    /// What the eye sees: "▲2", "▼1" or "=".
    pub symbol: String,
    /// What a screen reader says: "tăng 2 bậc".
    pub label: String,
}

/// Describes a rank change, where a positive number means the organisation moved up.
pub fn rank_change_vi(change: i32) -> RankChange {
    let steps = change.unsigned_abs();
    let (direction, symbol, label) = match change.signum() {
        1 => (Direction::Up, format!("▲{steps}"), format!("tăng {steps} bậc")),
        -1 => (Direction::Down, format!("▼{steps}"), format!("giảm {steps} bậc")),
        _ => (Direction::Same, "=".to_owned(), "giữ nguyên thứ hạng".to_owned()),
    };
    RankChange {
        direction,
        symbol,
        label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_score(score: f64, expected: &str) {
        assert_eq!(score_vi(score), expected, "score {score}");
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test dates are valid")
    }

    fn group(id: &str) -> PeerGroup {
        PeerGroup::parse(id).expect("test groups are valid")
    }

    #[test]
    fn scores_use_a_comma_decimal_in_vietnamese() {
        check_score(85.5, "85,50");
        check_score(92.25, "92,25");
        check_score(7.0, "7,00");
    }

    #[test]
    fn scores_always_show_two_decimals() {
        check_score(100.0, "100,00");
        check_score(0.0, "0,00");
        check_score(66.666, "66,67");
    }

    #[test]
    fn scores_round_half_away_from_zero_like_the_scoring_rule() {
        check_score(0.125, "0,13");
        check_score(-0.125, "-0,13");
        check_score(85.5049, "85,50");
    }

    #[test]
    fn large_numbers_group_thousands_with_dots() {
        check_score(1234.5, "1.234,50");
        check_score(1_234_567.0, "1.234.567,00");
        check_score(999.0, "999,00");
    }

    #[test]
    fn a_score_that_rounds_to_zero_has_no_minus_sign() {
        check_score(-0.001, "0,00");
        check_score(-2.5, "-2,50");
    }

    #[test]
    fn a_missing_or_broken_score_shows_a_dash() {
        assert_eq!(optional_score_vi(None), "—");
        assert_eq!(optional_score_vi(Some(85.5)), "85,50");
        check_score(f64::NAN, "—");
    }

    #[test]
    fn dates_read_day_month_year_with_slashes() {
        assert_eq!(date_vi(date("2019-07-01")), "01/07/2019");
        assert_eq!(date_vi(date("2025-12-31")), "31/12/2025");
    }

    #[test]
    fn a_period_names_its_first_and_last_day() {
        assert_eq!(
            period_vi(date("2019-07-01"), date("2019-09-30")),
            "01/07/2019 – 30/09/2019"
        );
    }

    #[test]
    fn known_peer_groups_have_vietnamese_names() {
        assert_eq!(group_vi(&group("ministry")), "Bộ");
        assert_eq!(group_vi(&group("agency")), "Cơ quan ngang bộ");
        assert_eq!(group_vi(&group("province")), "Tỉnh");
    }

    #[test]
    fn an_unknown_peer_group_shows_its_id() {
        assert_eq!(group_vi(&group("city")), "city");
    }

    #[test]
    fn an_unranked_organisation_shows_a_dash() {
        assert_eq!(rank_vi(Some(4)), "4");
        assert_eq!(rank_vi(None), "—");
    }

    #[test]
    fn compliance_reads_as_met_or_not_yet_met() {
        assert_eq!(compliant_vi(true), "Đạt");
        assert_eq!(compliant_vi(false), "Chưa đạt");
    }

    #[test]
    fn every_round_state_has_a_name() {
        assert_eq!(state_vi(RoundState::Planned), "Dự kiến");
        assert_eq!(state_vi(RoundState::Open), "Đang kiểm tra");
        assert_eq!(state_vi(RoundState::Closed), "Đã kết thúc");
        assert_eq!(state_vi(RoundState::Published), "Đã công bố");
    }

    #[test]
    fn moving_up_shows_an_up_arrow_and_says_how_far() {
        let change = rank_change_vi(2);
        assert_eq!(change.direction, Direction::Up);
        assert_eq!(change.symbol, "▲2");
        assert_eq!(change.label, "tăng 2 bậc");
    }

    #[test]
    fn moving_down_shows_a_down_arrow_and_says_how_far() {
        let change = rank_change_vi(-1);
        assert_eq!(change.direction, Direction::Down);
        assert_eq!(change.symbol, "▼1");
        assert_eq!(change.label, "giảm 1 bậc");
    }

    #[test]
    fn keeping_a_rank_shows_an_equals_sign() {
        let change = rank_change_vi(0);
        assert_eq!(change.direction, Direction::Same);
        assert_eq!(change.symbol, "=");
        assert_eq!(change.label, "giữ nguyên thứ hạng");
    }
}
