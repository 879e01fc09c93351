//! Calendar dates as every interface writes them: ISO 8601's `YYYY-MM-DD`, such as
//! `2020-09-01` (the JSON API, the datasets, the exports).
//!
//! Read by hand rather than through chrono's `FromStr`, whose general parser (time zones,
//! RFC 2822, padding rules) the browser would otherwise carry in its first load for the few
//! dates a round has (issue 14). Exactly four digits, two and two, and a day that exists:
//! `2026-3-5` and `2026-02-30` are refused with a message naming the text.
//!
//! Fields use it with `#[serde(with = "crate::iso_date")]`, or `iso_date::optional` for an
//! `Option<NaiveDate>`; what is written is chrono's own `YYYY-MM-DD`.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serializer};

/// Reads `YYYY-MM-DD`: `None` for anything else, or for a day the calendar does not have.
pub fn parse(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        bytes[range].iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)
}

fn refused<E: serde::de::Error>(text: &str) -> E {
    E::custom(format!(
        "ngày `{text}` không hợp lệ: cần dạng YYYY-MM-DD, ví dụ 2020-09-01 / `{text}` is not a date: expected YYYY-MM-DD, such as 2020-09-01"
    ))
}

pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse(&text).ok_or_else(|| refused(&text))
}

/// The same for a date that may be absent (`null`, or left out with `#[serde(default)]`).
pub mod optional {
    use super::*;

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => super::serialize(date, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            Some(text) => parse(&text).map(Some).ok_or_else(|| refused(&text)),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_exactly_iso_calendar_dates() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        for (text, expected) in [
            ("2026-03-05", day(2026, 3, 5)),
            ("2024-02-29", day(2024, 2, 29)),
            ("0999-12-31", day(999, 12, 31)),
            ("2026-02-30", None),
            ("2025-02-29", None),
            ("2026-13-01", None),
            ("2026-00-10", None),
            ("2026-3-5", None),
            ("2026-03-5 ", None),
            (" 2026-03-05", None),
            ("2026/03/05", None),
            ("2026-03-05T00:00:00Z", None),
            ("+2026-03-0", None),
            ("２０２６-03-05", None),
            ("", None),
        ] {
            assert_eq!(parse(text), expected, "{text:?}");
        }
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Dated {
        #[serde(with = "crate::iso_date")]
        on: NaiveDate,
        #[serde(default, with = "crate::iso_date::optional")]
        due: Option<NaiveDate>,
    }

    #[test]
    fn round_trips_through_json_as_chrono_writes_it() {
        let dated = Dated {
            on: NaiveDate::from_ymd_opt(2020, 9, 1).unwrap(),
            due: None,
        };
        let json = serde_json::to_string(&dated).unwrap();
        assert_eq!(json, r#"{"on":"2020-09-01","due":null}"#);
        assert_eq!(serde_json::from_str::<Dated>(&json).unwrap(), dated);
        let due: Dated = serde_json::from_str(r#"{"on":"2020-09-01","due":"2020-12-31"}"#).unwrap();
        assert_eq!(due.due, NaiveDate::from_ymd_opt(2020, 12, 31));
        let left_out: Dated = serde_json::from_str(r#"{"on":"2020-09-01"}"#).unwrap();
        assert_eq!(left_out.due, None);
    }

    #[test]
    fn a_refused_date_is_named_in_both_languages() {
        let error = serde_json::from_str::<Dated>(r#"{"on":"2020-9-1"}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("ngày `2020-9-1` không hợp lệ"), "{error}");
        assert!(
            error.contains("`2020-9-1` is not a date: expected YYYY-MM-DD"),
            "{error}"
        );
        let error = serde_json::from_str::<Dated>(r#"{"on":"2020-09-01","due":"31/12/2020"}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("31/12/2020"), "{error}");
    }
}
