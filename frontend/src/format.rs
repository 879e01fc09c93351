//! How numbers, dates and codes read on screen in each language: "85,50" and dd/mm/yyyy in
//! Vietnamese, "85.50" in English. Numbers format through `scorecard_domain::numbers`, the one
//! formatter of the screen and the documents.
//!
//! Pure functions with no browser dependency, so they are unit-tested natively.

use chrono::{Datelike, NaiveDate};
use scorecard_domain::{PeerGroup, RecordState, Role, RoundState};

use crate::i18n::Lang;

pub use scorecard_domain::numbers::{MISSING, number, optional_score, percent, score};

/// A score in Vietnamese, as the briefing and the first slice write it.
pub fn score_vi(value: f64) -> String {
    score(Lang::Vi, value)
}

/// A count out of a total, "7/12", as the briefing writes it.
pub fn count_of(count: usize, total: usize) -> String {
    format!("{count}/{total}")
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date as dd/mm/yyyy in Vietnamese; in English as "1 Jul 2019", which no reader can take
/// for 7 January.
pub fn date(lang: Lang, date: NaiveDate) -> String {
    // By hand rather than through chrono's `format`, whose machinery the bundle would carry.
    match lang {
        Lang::Vi => format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year()),
        Lang::En => format!(
            "{} {} {}",
            date.day(),
            MONTHS_EN[date.month0() as usize],
            date.year()
        ),
    }
}

/// The period of a round, from its first to its last day.
pub fn period(lang: Lang, starts_on: NaiveDate, ends_on: NaiveDate) -> String {
    format!("{} – {}", date(lang, starts_on), date(lang, ends_on))
}

/// The name of a peer group for one organisation; a group without one shows its id.
pub fn group_name(lang: Lang, group: &PeerGroup) -> String {
    let name = match (group.as_str(), lang) {
        ("ministry", Lang::Vi) => "Bộ",
        ("agency", Lang::Vi) => "Cơ quan ngang bộ",
        ("province", Lang::Vi) => "Tỉnh",
        ("ministry", Lang::En) => "Ministry",
        ("agency", Lang::En) => "Ministry-level agency",
        ("province", Lang::En) => "Province",
        (other, _) => other,
    };
    name.to_owned()
}

/// A rank, or a dash for an organisation that is not ranked.
pub fn rank(rank: Option<u32>) -> String {
    rank.map_or_else(|| MISSING.to_owned(), |rank| rank.to_string())
}

/// A rank out of how many were ranked: "3/12".
pub fn rank_of(rank: Option<u32>, ranked: Option<u32>) -> String {
    match (rank, ranked) {
        (Some(rank), Some(ranked)) => format!("{rank}/{ranked}"),
        (rank, _) => self::rank(rank),
    }
}

/// Whether an organisation meets every mandatory criterion.
pub fn compliant(lang: Lang, compliant: bool) -> &'static str {
    match (lang, compliant) {
        (Lang::Vi, true) => "Đạt",
        (Lang::Vi, false) => "Chưa đạt",
        (Lang::En, true) => "Yes",
        (Lang::En, false) => "Not yet",
    }
}

/// Where a round stands, in words.
pub fn state(lang: Lang, state: RoundState) -> &'static str {
    match (lang, state) {
        (Lang::Vi, RoundState::Planned) => "Dự kiến",
        (Lang::Vi, RoundState::Open) => "Đang kiểm tra",
        (Lang::Vi, RoundState::Closed) => "Đã kết thúc",
        (Lang::Vi, RoundState::Published) => "Đã công bố",
        (Lang::En, RoundState::Planned) => "Planned",
        (Lang::En, RoundState::Open) => "Under way",
        (Lang::En, RoundState::Closed) => "Closed",
        (Lang::En, RoundState::Published) => "Published",
    }
}

/// A role, in words.
pub fn role(lang: Lang, role: Role) -> &'static str {
    match lang {
        Lang::Vi => role.label_vi(),
        Lang::En => match role {
            Role::Admin => "Administrator",
            Role::Reviewer => "Reviewer",
            Role::Inspector => "Inspector",
            Role::Leader => "Leader",
            Role::Unit => "Organisation contact",
        },
    }
}

/// The workflow state of a record, in words.
pub fn record_state(lang: Lang, state: RecordState) -> &'static str {
    match (lang, state) {
        (Lang::Vi, RecordState::Draft) => "Bản nháp",
        (Lang::Vi, RecordState::Submitted) => "Đã nộp, chờ duyệt",
        (Lang::Vi, RecordState::Approved) => "Đã duyệt",
        (Lang::Vi, RecordState::Returned) => "Trả lại để sửa",
        (Lang::En, RecordState::Draft) => "Draft",
        (Lang::En, RecordState::Submitted) => "Submitted, awaiting approval",
        (Lang::En, RecordState::Approved) => "Approved",
        (Lang::En, RecordState::Returned) => "Returned for changes",
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
pub fn rank_change(lang: Lang, change: i32) -> RankChange {
    let steps = change.unsigned_abs();
    let (direction, symbol) = match change.signum() {
        1 => (Direction::Up, format!("▲{steps}")),
        -1 => (Direction::Down, format!("▼{steps}")),
        _ => (Direction::Same, "=".to_owned()),
    };
    let label = match (lang, direction) {
        (Lang::Vi, Direction::Up) => format!("tăng {steps} bậc"),
        (Lang::Vi, Direction::Down) => format!("giảm {steps} bậc"),
        (Lang::Vi, Direction::Same) => "giữ nguyên thứ hạng".to_owned(),
        (Lang::En, Direction::Up) => format!("up {steps} {}", places(steps)),
        (Lang::En, Direction::Down) => format!("down {steps} {}", places(steps)),
        (Lang::En, Direction::Same) => "same rank".to_owned(),
    };
    RankChange {
        direction,
        symbol,
        label,
    }
}

fn places(steps: u32) -> &'static str {
    if steps == 1 { "place" } else { "places" }
}

/// A score difference with its sign: "+12,50", "−3,00", "±0,00".
pub fn score_delta(lang: Lang, delta: f64) -> String {
    let text = score(lang, delta.abs());
    let rounded_to_zero = (delta.abs() * 100.0).round() == 0.0;
    if rounded_to_zero {
        format!("±{text}")
    } else if delta > 0.0 {
        format!("+{text}")
    } else {
        format!("−{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_score(lang: Lang, value: f64, expected: &str) {
        assert_eq!(score(lang, value), expected, "score {value} in {lang:?}");
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test dates are valid")
    }

    fn group(id: &str) -> PeerGroup {
        PeerGroup::parse(id).expect("test groups are valid")
    }

    #[test]
    fn scores_use_a_comma_decimal_in_vietnamese_and_a_dot_in_english() {
        check_score(Lang::Vi, 85.5, "85,50");
        check_score(Lang::En, 85.5, "85.50");
        check_score(Lang::Vi, 92.25, "92,25");
        check_score(Lang::En, 7.0, "7.00");
    }

    #[test]
    fn scores_always_show_two_decimals() {
        check_score(Lang::Vi, 100.0, "100,00");
        check_score(Lang::Vi, 0.0, "0,00");
        check_score(Lang::Vi, 66.666, "66,67");
        assert_eq!(score_vi(33.75), "33,75");
    }

    #[test]
    fn a_missing_or_broken_score_shows_a_dash() {
        assert_eq!(optional_score(Lang::Vi, None), "—");
        assert_eq!(optional_score(Lang::Vi, Some(85.5)), "85,50");
        check_score(Lang::Vi, f64::NAN, "—");
    }

    #[test]
    fn shares_read_as_percentages() {
        assert_eq!(percent(Lang::Vi, 7.0 / 12.0, 1), "58,3%");
        assert_eq!(percent(Lang::En, 7.0 / 12.0, 1), "58.3%");
        assert_eq!(percent(Lang::Vi, 1.0, 0), "100%");
        assert_eq!(percent(Lang::Vi, f64::NAN, 0), "—");
    }

    #[test]
    fn counts_read_as_the_briefing_writes_them() {
        assert_eq!(count_of(7, 12), "7/12");
    }

    #[test]
    fn dates_read_day_month_year_in_vietnamese_and_with_a_month_name_in_english() {
        assert_eq!(date(Lang::Vi, day("2019-07-01")), "01/07/2019");
        assert_eq!(date(Lang::Vi, day("2025-12-31")), "31/12/2025");
        assert_eq!(date(Lang::En, day("2019-07-01")), "1 Jul 2019");
        assert_eq!(date(Lang::En, day("2025-12-31")), "31 Dec 2025");
    }

    #[test]
    fn a_period_names_its_first_and_last_day() {
        assert_eq!(
            period(Lang::Vi, day("2019-07-01"), day("2019-09-30")),
            "01/07/2019 – 30/09/2019"
        );
        assert_eq!(
            period(Lang::En, day("2019-07-01"), day("2019-09-30")),
            "1 Jul 2019 – 30 Sep 2019"
        );
    }

    #[test]
    fn known_peer_groups_have_names_in_both_languages() {
        assert_eq!(group_name(Lang::Vi, &group("ministry")), "Bộ");
        assert_eq!(group_name(Lang::Vi, &group("agency")), "Cơ quan ngang bộ");
        assert_eq!(group_name(Lang::Vi, &group("province")), "Tỉnh");
        assert_eq!(group_name(Lang::En, &group("ministry")), "Ministry");
        assert_eq!(group_name(Lang::En, &group("agency")), "Ministry-level agency");
    }

    #[test]
    fn an_unknown_peer_group_shows_its_id() {
        assert_eq!(group_name(Lang::Vi, &group("city")), "city");
        assert_eq!(group_name(Lang::En, &group("city")), "city");
    }

    #[test]
    fn an_unranked_organisation_shows_a_dash() {
        assert_eq!(rank(Some(4)), "4");
        assert_eq!(rank(None), "—");
        assert_eq!(rank_of(Some(3), Some(12)), "3/12");
        assert_eq!(rank_of(None, Some(12)), "—");
        assert_eq!(rank_of(Some(3), None), "3");
    }

    #[test]
    fn compliance_reads_as_met_or_not_yet_met() {
        assert_eq!(compliant(Lang::Vi, true), "Đạt");
        assert_eq!(compliant(Lang::Vi, false), "Chưa đạt");
        assert_eq!(compliant(Lang::En, true), "Yes");
        assert_eq!(compliant(Lang::En, false), "Not yet");
    }

    #[test]
    fn every_round_state_has_a_name_in_both_languages() {
        let states = [
            RoundState::Planned,
            RoundState::Open,
            RoundState::Closed,
            RoundState::Published,
        ];
        let vi: Vec<_> = states.iter().map(|s| state(Lang::Vi, *s)).collect();
        let en: Vec<_> = states.iter().map(|s| state(Lang::En, *s)).collect();
        assert_eq!(vi, ["Dự kiến", "Đang kiểm tra", "Đã kết thúc", "Đã công bố"]);
        assert_eq!(en, ["Planned", "Under way", "Closed", "Published"]);
    }

    #[test]
    fn record_states_and_roles_have_names_in_both_languages() {
        assert_eq!(record_state(Lang::Vi, RecordState::Approved), "Đã duyệt");
        assert_eq!(
            record_state(Lang::En, RecordState::Submitted),
            "Submitted, awaiting approval"
        );
        for each in Role::ALL {
            assert!(!role(Lang::Vi, each).is_empty() && !role(Lang::En, each).is_empty());
        }
        assert_eq!(role(Lang::Vi, Role::Reviewer), "Trưởng đoàn kiểm tra");
    }

    #[test]
    fn moving_up_shows_an_up_arrow_and_says_how_far() {
        let change = rank_change(Lang::Vi, 2);
        assert_eq!(change.direction, Direction::Up);
        assert_eq!(change.symbol, "▲2");
        assert_eq!(change.label, "tăng 2 bậc");
        assert_eq!(rank_change(Lang::En, 2).label, "up 2 places");
    }

    #[test]
    fn moving_down_shows_a_down_arrow_and_says_how_far() {
        let change = rank_change(Lang::Vi, -1);
        assert_eq!(change.direction, Direction::Down);
        assert_eq!(change.symbol, "▼1");
        assert_eq!(change.label, "giảm 1 bậc");
        assert_eq!(rank_change(Lang::En, -1).label, "down 1 place");
    }

    #[test]
    fn keeping_a_rank_shows_an_equals_sign() {
        let change = rank_change(Lang::Vi, 0);
        assert_eq!(change.direction, Direction::Same);
        assert_eq!(change.symbol, "=");
        assert_eq!(change.label, "giữ nguyên thứ hạng");
        assert_eq!(rank_change(Lang::En, 0).label, "same rank");
    }

    #[test]
    fn score_differences_carry_their_sign() {
        assert_eq!(score_delta(Lang::Vi, 12.5), "+12,50");
        assert_eq!(score_delta(Lang::En, -3.0), "−3.00");
        assert_eq!(score_delta(Lang::Vi, 0.001), "±0,00");
    }
}
