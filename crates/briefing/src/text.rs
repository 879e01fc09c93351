//! Words, numbers and dates as the documents write them, in Vietnamese or English.

use chrono::{Datelike, NaiveDate};

pub use scorecard_domain::Lang;
use scorecard_domain::numbers;

/// A number with two decimals, rounded half away from zero as on the screen: `85,50` in
/// Vietnamese, `85.50` in English.
pub fn decimal(value: f64, lang: Lang) -> String {
    numbers::score(lang, value)
}

/// A score, or a dash when there is none.
pub fn score(value: Option<f64>, lang: Lang) -> String {
    numbers::optional_score(lang, value)
}

/// A share as a whole percentage, rounded half away from zero as on the screen: `63%` for 5/8.
pub fn percent(value: f64, lang: Lang) -> String {
    numbers::percent(lang, value, 0)
}

/// A rank change: `+2`, `-1`, `=` or a dash when the organisation was not ranked before.
pub fn rank_change(change: Option<i32>) -> String {
    match change {
        None => "—".to_owned(),
        Some(0) => "=".to_owned(),
        Some(up) if up > 0 => format!("+{up}"),
        // A hyphen-minus: Noto Sans has no glyph for U+2212.
        Some(down) => format!("-{}", -down),
    }
}

/// A score difference with its sign, as the screen writes it: `+12,50`, `-3,00` (a
/// hyphen-minus: Noto Sans has no glyph for U+2212), `±0,00`.
pub fn signed(value: f64, lang: Lang) -> String {
    let text = decimal(value.abs(), lang);
    if (value.abs() * 100.0).round() == 0.0 {
        format!("±{text}")
    } else if value > 0.0 {
        format!("+{text}")
    } else {
        format!("-{text}")
    }
}

/// A date as dd/mm/yyyy.
pub fn date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The place and date line of an administrative document: "Hà Nội, ngày 05 tháng 11 năm 2019".
pub fn place_and_date(place: &str, date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "{place}, ngày {:02} tháng {:02} năm {}",
            date.day(),
            date.month(),
            date.year()
        ),
        Lang::En => format!("{place}, {}", date.format("%-d %B %Y")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_a_comma_in_vietnamese_and_a_dot_in_english() {
        assert_eq!(decimal(85.5, Lang::Vi), "85,50");
        assert_eq!(decimal(85.5, Lang::En), "85.50");
        assert_eq!(score(None, Lang::Vi), "—");
    }

    /// Issue 10: the documents round as the screen does (half away from zero), not as
    /// Rust's `{:.2}` (half to even).
    #[test]
    fn documents_round_half_away_from_zero_like_the_screen() {
        assert_eq!(decimal(66.665, Lang::Vi), "66,67");
        assert_eq!(percent(5.0 / 8.0, Lang::Vi), "63%");
        assert_eq!(percent(1.0 / 3.0, Lang::En), "33%");
        assert_eq!(percent(0.855, Lang::Vi), "86%");
    }

    #[test]
    fn rank_changes_read_as_up_down_or_same() {
        assert_eq!(rank_change(Some(2)), "+2");
        assert_eq!(rank_change(Some(-1)), "-1");
        assert_eq!(rank_change(Some(0)), "=");
        assert_eq!(rank_change(None), "—");
    }

    #[test]
    fn the_date_line_follows_the_administrative_style() {
        let day = NaiveDate::from_ymd_opt(2019, 11, 5).unwrap();
        assert_eq!(
            place_and_date("Hà Nội", day, Lang::Vi),
            "Hà Nội, ngày 05 tháng 11 năm 2019"
        );
        assert_eq!(place_and_date("Ha Noi", day, Lang::En), "Ha Noi, 5 November 2019");
        assert_eq!(date(day), "05/11/2019");
    }
}
