//! Words, numbers and dates as the documents write them, in Vietnamese or English.

use chrono::{Datelike, NaiveDate};

/// The language of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// `vi` or `en`, as in `?lang=`.
    pub fn parse(text: &str) -> Option<Lang> {
        match text {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The code used in file names and metadata.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Picks the Vietnamese or the English text.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// A number with two decimals: `85,50` in Vietnamese, `85.50` in English.
pub fn decimal(value: f64, lang: Lang) -> String {
    let text = format!("{value:.2}");
    match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A score, or a dash when there is none.
pub fn score(value: Option<f64>, lang: Lang) -> String {
    value.map_or_else(|| "—".to_owned(), |v| decimal(v, lang))
}

/// A share as a whole percentage: `58%`.
pub fn percent(value: f64) -> String {
    format!("{:.0}%", value * 100.0)
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
