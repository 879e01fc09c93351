//! How numbers read wherever people read them: the screen, the PDF briefing, the charts and
//! the sentences of the XLSX and CSV exports all format through here (docs/rules.md,
//! "Rounding and display").
//!
//! One rule everywhere: half away from zero, the rule of the scores themselves, so a
//! completeness of 5/8 reads 63 % on the page and in the PDF alike (Rust's `{:.2}` rounds half
//! to even and would print 62 %). A comma is the decimal mark and a dot groups thousands in
//! Vietnamese ("1.234,50"), the other way round in English ("1,234.50").
//!
//! Works on whole units of the last decimal, so the browser bundle carries no float
//! formatting machinery.

use crate::lang::Lang;

/// What a cell shows when there is no value, such as the score of an organisation with no
/// applicable criterion.
pub const MISSING: &str = "—";

/// The most decimals a figure is shown with.
const MAX_DECIMALS: u32 = 4;

/// `value` rounded half away from zero to `decimals` decimals (at most 4).
///
/// The scaled value is nudged by a few ulps before rounding so that a true half such as
/// 66.665, which binary floats hold as 66.66499999…, still rounds away from zero, as a person
/// rounding the written number would.
pub fn round_half_away(value: f64, decimals: u32) -> f64 {
    let scale = 10_f64.powi(decimals.min(MAX_DECIMALS) as i32);
    scaled_units(value, scale) / scale
}

fn scaled_units(value: f64, scale: f64) -> f64 {
    let scaled = value * scale;
    let nudged = scaled + scaled.signum() * scaled.abs().max(1.0) * 1e-12;
    nudged.round()
}

/// A number with `decimals` decimals (at most 4), rounded half away from zero, with the
/// language's decimal and thousands marks; a dash for a value that is not a number.
pub fn number(lang: Lang, value: f64, decimals: u32) -> String {
    let decimals = decimals.min(MAX_DECIMALS);
    let units = scaled_units(value, 10_f64.powi(decimals as i32));
    if !units.is_finite() {
        return MISSING.to_owned();
    }
    // `as` saturates for values beyond i64, which no figure here comes near.
    let units = units as i64;
    // A value that rounds to zero is zero: "-0,00" would read as a negative score.
    let sign = if units < 0 { "-" } else { "" };
    let units = units.unsigned_abs();
    let scale = 10_u64.pow(decimals);
    let (decimal_mark, group_mark) = match lang {
        Lang::Vi => (',', '.'),
        Lang::En => ('.', ','),
    };
    let whole = group_thousands(&(units / scale).to_string(), group_mark);
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        let fraction = (units % scale).to_string();
        let padding = "0".repeat(decimals as usize - fraction.len());
        format!("{sign}{whole}{decimal_mark}{padding}{fraction}")
    }
}

/// A score with two decimals: `85.5` reads "85,50" in Vietnamese and "85.50" in English.
pub fn score(lang: Lang, value: f64) -> String {
    number(lang, value, 2)
}

/// A score that may be absent: no applicable weight means no score, shown as a dash.
pub fn optional_score(lang: Lang, value: Option<f64>) -> String {
    value.map_or_else(|| MISSING.to_owned(), |value| score(lang, value))
}

/// A share in [0, 1] as a percentage with `decimals` decimals: "58,3%" or "58.3%".
pub fn percent(lang: Lang, share: f64, decimals: u32) -> String {
    if !share.is_finite() {
        return MISSING.to_owned();
    }
    format!("{}%", number(lang, share * 100.0, decimals))
}

fn group_thousands(digits: &str, mark: char) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(mark);
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(value: f64, decimals: u32, vi: &str, en: &str) {
        assert_eq!(number(Lang::Vi, value, decimals), vi, "{value} to {decimals}");
        assert_eq!(number(Lang::En, value, decimals), en, "{value} to {decimals}");
    }

    #[test]
    fn numbers_round_half_away_from_zero_with_each_languages_marks() {
        check(66.665, 2, "66,67", "66.67");
        check(-66.665, 2, "-66,67", "-66.67");
        check(100.0 / 3.0, 2, "33,33", "33.33");
        check(200.0 / 3.0, 2, "66,67", "66.67");
        check(62.5, 0, "63", "63");
        check(0.125, 2, "0,13", "0.13");
        check(-0.125, 2, "-0,13", "-0.13");
        check(85.5049, 2, "85,50", "85.50");
        check(2.5, 0, "3", "3");
        check(1.0005, 3, "1,001", "1.001");
        check(58.333, 1, "58,3", "58.3");
        check(0.05, 1, "0,1", "0.1");
        check(2.0, 9, "2,0000", "2.0000");
    }

    #[test]
    fn thousands_are_grouped_the_other_way_round_in_each_language() {
        check(1234.5, 2, "1.234,50", "1,234.50");
        check(1_234_567.0, 2, "1.234.567,00", "1,234,567.00");
        check(999.0, 2, "999,00", "999.00");
    }

    #[test]
    fn a_value_that_rounds_to_zero_has_no_minus_sign() {
        check(-0.001, 2, "0,00", "0.00");
        check(-0.4, 0, "0", "0");
    }

    #[test]
    fn what_is_not_a_number_shows_a_dash() {
        check(f64::NAN, 2, MISSING, MISSING);
        check(f64::INFINITY, 2, MISSING, MISSING);
        assert_eq!(percent(Lang::Vi, f64::NAN, 0), MISSING);
        assert_eq!(optional_score(Lang::Vi, None), MISSING);
    }

    #[test]
    fn shares_read_as_percentages_rounded_like_scores() {
        let cases = [
            (5.0 / 8.0, 0, "63%", "63%"),
            (5.0 / 8.0, 1, "62,5%", "62.5%"),
            (1.0 / 3.0, 0, "33%", "33%"),
            (0.855, 1, "85,5%", "85.5%"),
            (0.855, 0, "86%", "86%"),
            (7.0 / 12.0, 1, "58,3%", "58.3%"),
            (1.0, 0, "100%", "100%"),
            (0.0, 0, "0%", "0%"),
        ];
        for (share, decimals, vi, en) in cases {
            assert_eq!(percent(Lang::Vi, share, decimals), vi, "{share}");
            assert_eq!(percent(Lang::En, share, decimals), en, "{share}");
        }
    }

    #[test]
    fn rounding_gives_the_number_the_text_shows() {
        for (value, decimals, rounded) in [(66.665, 2, 66.67), (0.625, 2, 0.63), (62.5, 0, 63.0)] {
            assert_eq!(round_half_away(value, decimals), rounded, "{value}");
        }
    }
}
