//! The inspector's checklist without the DOM: what the form fields hold, how they become the
//! body of `PUT …/records/{org}/{criterion}` and back, the percentage a person types, and
//! whether an organisation is ready to submit.

use chrono::{Datelike, NaiveDate};
use scorecard_api::{RecordBody, RecordView};
use scorecard_domain::RecordState;

use crate::format;
use crate::i18n::Lang;

/// What the form of one criterion holds, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// `met`, `not_met`, `not_applicable` or a level key; empty for none yet (and for a ratio
    /// that has a value).
    pub outcome: String,
    /// A ratio as a percentage, as typed: "85,5", "85.5" or "85,5%".
    pub percent: String,
    /// The document that proves it: number and sign ("Số 12/QĐ-BTC").
    pub document: String,
    /// The document's date, `YYYY-MM-DD` as a date input gives it.
    pub document_date: String,
    /// A link to the document or the system.
    pub link: String,
    pub note: String,
    /// The day of the assessment, `YYYY-MM-DD`.
    pub assessed_on: String,
}

/// Why a draft cannot be sent as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftProblem {
    /// The percentage is not a number from 0 to 100.
    BadPercent,
}

impl DraftProblem {
    /// The problem as a whole sentence.
    pub fn sentence(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (DraftProblem::BadPercent, Lang::Vi) => "Tỷ lệ phải là một số từ 0 đến 100, ví dụ 85 hoặc 85,5.",
            (DraftProblem::BadPercent, Lang::En) => {
                "The share must be a number from 0 to 100, such as 85 or 85.5."
            }
        }
    }
}

/// Words that start the parts of the evidence text, so it can be read back into fields.
const NUMBER_PREFIX: &str = "Số ";
const DATE_PREFIX: &str = "ngày ";
const SEPARATOR: &str = "; ";

impl Draft {
    /// The form of a stored record; the evidence text is split back into its fields when it
    /// was written by this form, and kept whole in the document field otherwise.
    pub fn of_record(view: &RecordView) -> Draft {
        let record = &view.record;
        let (document, document_date, link) = split_evidence(&record.evidence);
        Draft {
            outcome: record.outcome.key().to_owned(),
            percent: record
                .outcome
                .value()
                .map(|v| format::number(Lang::Vi, v * 100.0, 2))
                .map(|text| trim_zeros(&text))
                .unwrap_or_default(),
            document,
            document_date,
            link,
            note: record.note.clone(),
            assessed_on: record.assessed_on.map(iso_date).unwrap_or_default(),
        }
    }

    /// Whether an outcome (or a ratio's value) is filled in.
    pub fn has_outcome(&self) -> bool {
        !self.outcome.is_empty() || !self.percent.trim().is_empty()
    }

    /// The body to send. A ratio sends its value unless marked not applicable.
    pub fn body(&self, is_ratio: bool) -> Result<RecordBody, DraftProblem> {
        let (outcome, value) = if is_ratio && self.outcome != "not_applicable" {
            let value = if self.percent.trim().is_empty() {
                None
            } else {
                Some(parse_percent(&self.percent).ok_or(DraftProblem::BadPercent)?)
            };
            (None, value)
        } else {
            let outcome = (!self.outcome.is_empty()).then(|| self.outcome.clone());
            (outcome, None)
        };
        let assessed_on = self.assessed_on.trim();
        Ok(RecordBody {
            outcome,
            value: value.map(serde_json::Value::from),
            evidence: join_evidence(&self.document, &self.document_date, &self.link),
            note: self.note.trim().to_owned(),
            // The server fills in the signed-in inspector's name.
            inspector: String::new(),
            assessed_on: (!assessed_on.is_empty()).then(|| assessed_on.to_owned()),
        })
    }
}

/// A percentage as typed, "85", "85,5", "85.5" or "85,5 %", as a share in [0, 1]; `None` for
/// anything else or beyond 100.
///
/// By hand rather than through `str::parse::<f64>`, whose machinery the bundle would carry.
pub fn parse_percent(text: &str) -> Option<f64> {
    let text = text.trim().trim_end_matches('%').trim_end();
    let (whole, fraction) = match text.split_once([',', '.']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 3 || fraction.len() > 4 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let mut units: u64 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        units = units * 10 + u64::from(b - b'0');
    }
    let share = units as f64 / 10_u64.pow(fraction.len() as u32) as f64 / 100.0;
    (share <= 1.0).then_some(share)
}

/// "85,50" → "85,5", "85,00" → "85".
fn trim_zeros(text: &str) -> String {
    if text.contains(',') {
        text.trim_end_matches('0').trim_end_matches(',').to_owned()
    } else {
        text.to_owned()
    }
}

/// The evidence text: "Số 12/QĐ-BTC; ngày 05/03/2026; https://…", the parts present.
pub fn join_evidence(document: &str, document_date: &str, link: &str) -> String {
    let mut parts = Vec::new();
    let document = document.trim();
    if !document.is_empty() {
        if document.starts_with(NUMBER_PREFIX) || document.contains(SEPARATOR) {
            parts.push(document.to_owned());
        } else {
            parts.push(format!("{NUMBER_PREFIX}{document}"));
        }
    }
    if let Some(date) = scorecard_domain::iso_date::parse(document_date.trim()) {
        parts.push(format!("{DATE_PREFIX}{}", format::date(Lang::Vi, date)));
    }
    let link = link.trim();
    if !link.is_empty() {
        parts.push(link.to_owned());
    }
    parts.join(SEPARATOR)
}

/// One piece of an evidence text as the pages show it: plain text, or an address that may be
/// opened as a link because it is `http:` or `https:` (issue 16).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidencePiece {
    Text(String),
    Link(String),
}

/// The evidence text cut into text and links at white space, every character kept, so that
/// joining the pieces gives the text back; only `http(s)://host…` words become links.
pub fn evidence_pieces(evidence: &str) -> Vec<EvidencePiece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    for word in evidence.split_inclusive(char::is_whitespace) {
        let bare = word.trim_end();
        // A link ends the sentence it sits in: "…/qd12;" keeps its semicolon as text.
        let address = bare.trim_end_matches([';', ',', '.', ')']);
        match crate::addresses::external_link(address) {
            Some(link) if !address.is_empty() => {
                if !text.is_empty() {
                    pieces.push(EvidencePiece::Text(std::mem::take(&mut text)));
                }
                pieces.push(EvidencePiece::Link(link.to_owned()));
                text.push_str(&word[address.len()..]);
            }
            _ => text.push_str(word),
        }
    }
    if !text.is_empty() {
        pieces.push(EvidencePiece::Text(text));
    }
    pieces
}

/// Reads an evidence text back into document, date (`YYYY-MM-DD`) and link; text this form
/// did not write stays whole in the document field, so nothing is lost.
pub fn split_evidence(evidence: &str) -> (String, String, String) {
    let whole = || (evidence.to_owned(), String::new(), String::new());
    let (mut document, mut date, mut link) = (String::new(), String::new(), String::new());
    for part in evidence.split(SEPARATOR).filter(|p| !p.trim().is_empty()) {
        if let Some(day) = part.strip_prefix(DATE_PREFIX) {
            match parse_vi_date(day) {
                Some(day) if date.is_empty() => date = iso_date(day),
                _ => return whole(),
            }
        } else if part.starts_with("http://") || part.starts_with("https://") {
            if !link.is_empty() {
                return whole();
            }
            link = part.to_owned();
        } else if let Some(number) = part.strip_prefix(NUMBER_PREFIX)
            && document.is_empty()
            && date.is_empty()
            && link.is_empty()
        {
            document = number.to_owned();
        } else {
            return whole();
        }
    }
    (document, date, link)
}

/// `YYYY-MM-DD`, as date inputs and the API write days.
pub fn iso_date(day: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

/// Reads `dd/mm/yyyy`, the Vietnamese way the evidence text writes days.
fn parse_vi_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(number(year)? as i32, number(month)?, number(day)?)
}

fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
}

/// Whether every criterion has a saved outcome, none is being edited, and at least one record
/// still waits to be submitted: the "submit all" button's condition.
pub fn ready_to_submit<'a>(
    criteria: usize,
    records: impl IntoIterator<Item = (Option<&'a RecordView>, bool)>,
) -> bool {
    let mut complete = 0;
    let mut waiting = false;
    for (record, dirty) in records {
        // A stored record always has an outcome: the server checks it on every save.
        let Some(record) = record else { return false };
        if dirty {
            return false;
        }
        waiting |= record.record.state.is_editable();
        complete += 1;
    }
    complete == criteria && waiting
}

/// Whether the inspector may still change a record in this state.
pub fn is_editable(state: RecordState) -> bool {
    state.is_editable()
}

/// "Đã lưu nháp lúc 10:42" / "Draft saved at 10:42".
pub fn saved_at(lang: Lang, hours: u32, minutes: u32) -> String {
    match lang {
        Lang::Vi => format!("Đã lưu nháp lúc {hours:02}:{minutes:02}"),
        Lang::En => format!("Draft saved at {hours:02}:{minutes:02}"),
    }
}

/// An audit time (`2026-03-05T03:42:10.123Z`) as "05/03/2026 03:42 UTC".
pub fn audit_time(lang: Lang, at: &str) -> String {
    let day = at.get(..10).and_then(scorecard_domain::iso_date::parse);
    match (day, at.get(11..16)) {
        (Some(day), Some(time)) => format!("{} {time} UTC", format::date(lang, day)),
        _ => at.to_owned(),
    }
}

/// What an audit entry changed in a record, in one line: outcome or value, state, note.
pub fn change_summary(value: &serde_json::Value) -> String {
    let Some(object) = value.as_object() else {
        return format::MISSING.to_owned();
    };
    let mut parts = Vec::new();
    for key in ["state", "outcome", "value", "evidence", "note", "review_comment"] {
        match object.get(key) {
            Some(serde_json::Value::String(text)) if !text.is_empty() => {
                parts.push(format!("{key}: {text}"));
            }
            Some(serde_json::Value::Number(number)) => parts.push(format!("{key}: {number}")),
            _ => {}
        }
    }
    if parts.is_empty() {
        format::MISSING.to_owned()
    } else {
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_percent(text: &str, expected: Option<f64>) {
        match (parse_percent(text), expected) {
            (Some(got), Some(want)) => assert!((got - want).abs() < 1e-12, "{text}: {got}"),
            (got, want) => assert_eq!(got, want, "{text}"),
        }
    }

    #[test]
    fn percentages_take_a_comma_or_a_dot_and_an_optional_sign() {
        check_percent("85", Some(0.85));
        check_percent("85,5", Some(0.855));
        check_percent("85.5", Some(0.855));
        check_percent(" 85,5 % ", Some(0.855));
        check_percent("100", Some(1.0));
        check_percent("0", Some(0.0));
        check_percent("100,5", None);
        check_percent("abc", None);
        check_percent("", None);
        check_percent("-5", None);
        check_percent("8,5,5", None);
        check_percent(",5", None);
    }

    fn record(evidence: &str) -> RecordView {
        serde_json::from_value(serde_json::json!({
            "round": "2026", "organization": "btc", "criterion": "VB-01", "outcome": null,
            "value": 0.855, "evidence": evidence, "note": "ghi chú", "assessed_on": "2026-03-05",
            "state": "draft", "version": 2, "etag": "\"v2\""
        }))
        .expect("record")
    }

    #[test]
    fn evidence_written_by_the_form_reads_back_into_its_fields() {
        let text = join_evidence("12/QĐ-BTC", "2026-03-05", "https://btc.gov.vn/qd12");
        assert_eq!(text, "Số 12/QĐ-BTC; ngày 05/03/2026; https://btc.gov.vn/qd12");
        assert_eq!(
            split_evidence(&text),
            (
                "12/QĐ-BTC".to_owned(),
                "2026-03-05".to_owned(),
                "https://btc.gov.vn/qd12".to_owned()
            )
        );
        assert_eq!(join_evidence("", "", ""), "");
        assert_eq!(join_evidence("", "", "https://x.vn"), "https://x.vn");
    }

    #[test]
    fn only_http_addresses_in_evidence_become_links() {
        use EvidencePiece::{Link, Text};
        let text = |s: &str| Text(s.to_owned());
        let link = |s: &str| Link(s.to_owned());
        assert_eq!(
            evidence_pieces("Số 12/QĐ-BTC; ngày 05/03/2026; https://btc.gov.vn/qd12"),
            vec![
                text("Số 12/QĐ-BTC; ngày 05/03/2026; "),
                link("https://btc.gov.vn/qd12")
            ]
        );
        assert_eq!(
            evidence_pieces("xem http://a.vn/x; và javascript:alert(1)"),
            vec![
                text("xem "),
                link("http://a.vn/x"),
                text("; và javascript:alert(1)")
            ]
        );
        assert_eq!(
            evidence_pieces("data:text/html,<b>x</b> //evil.example"),
            vec![text("data:text/html,<b>x</b> //evil.example")]
        );
        assert_eq!(evidence_pieces(""), vec![]);
        for sample in ["a  b\nhttps://x.vn/1.  c", "https://x.vn", " (https://x.vn/a), "] {
            let joined: String = evidence_pieces(sample)
                .into_iter()
                .map(|p| match p {
                    Text(s) | Link(s) => s,
                })
                .collect();
            assert_eq!(joined, sample);
        }
    }

    #[test]
    fn other_evidence_stays_whole_so_nothing_is_lost() {
        let text = "Số liệu Trục liên thông; ngày bất kỳ";
        assert_eq!(split_evidence(text).0, text);
        let imported = "Biên bản kiểm tra ngày 3/10";
        assert_eq!(split_evidence(imported).0, imported);
        assert_eq!(join_evidence(imported, "", ""), format!("Số {imported}"));
    }

    #[test]
    fn a_ratio_record_becomes_a_percentage_and_back() {
        let draft = Draft::of_record(&record("Số 5/BC; ngày 01/03/2026"));
        assert_eq!(draft.percent, "85,5");
        assert_eq!(draft.document, "5/BC");
        assert_eq!(draft.document_date, "2026-03-01");
        let body = draft.body(true).expect("valid");
        assert_eq!(body.outcome, None);
        let value = body.value.and_then(|v| v.as_f64()).expect("value");
        assert!((value - 0.855).abs() < 1e-12);
        assert_eq!(body.evidence, "Số 5/BC; ngày 01/03/2026");
        assert_eq!(body.assessed_on.as_deref(), Some("2026-03-05"));
    }

    #[test]
    fn a_ratio_marked_not_applicable_sends_no_value() {
        let draft = Draft {
            outcome: "not_applicable".to_owned(),
            percent: "85".to_owned(),
            ..Draft::default()
        };
        let body = draft.body(true).expect("valid");
        assert_eq!(body.outcome.as_deref(), Some("not_applicable"));
        assert_eq!(body.value, None);
    }

    #[test]
    fn a_bad_percentage_is_refused_before_sending() {
        let draft = Draft {
            percent: "120".to_owned(),
            ..Draft::default()
        };
        assert_eq!(draft.body(true), Err(DraftProblem::BadPercent));
        assert_eq!(draft.body(false).map(|b| b.value), Ok(None));
    }

    #[test]
    fn submitting_waits_for_every_criterion_saved_with_an_outcome() {
        let saved = record("");
        let mut submitted = record("");
        submitted.record.state = RecordState::Submitted;
        assert!(ready_to_submit(2, [(Some(&saved), false), (Some(&saved), false)]));
        assert!(!ready_to_submit(2, [(Some(&saved), false), (None, false)]));
        assert!(!ready_to_submit(2, [(Some(&saved), false), (Some(&saved), true)]));
        assert!(!ready_to_submit(
            3,
            [(Some(&saved), false), (Some(&saved), false)]
        ));
        assert!(!ready_to_submit(1, [(Some(&submitted), false)]));
        assert!(ready_to_submit(
            2,
            [(Some(&submitted), false), (Some(&saved), false)]
        ));
    }

    #[test]
    fn days_are_read_and_written_without_chrono_formats() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).expect("day");
        assert_eq!(iso_date(day), "2026-03-05");
        assert_eq!(parse_vi_date("05/03/2026"), Some(day));
    }

    #[test]
    fn times_and_changes_read_in_one_line() {
        assert_eq!(saved_at(Lang::Vi, 10, 2), "Đã lưu nháp lúc 10:02");
        assert_eq!(saved_at(Lang::En, 9, 42), "Draft saved at 09:42");
        assert_eq!(
            audit_time(Lang::Vi, "2026-03-05T03:42:10.123Z"),
            "05/03/2026 03:42 UTC"
        );
        assert_eq!(audit_time(Lang::Vi, "bad"), "bad");
        let after = serde_json::json!({"state": "draft", "outcome": "met", "note": ""});
        assert_eq!(change_summary(&after), "state: draft · outcome: met");
        assert_eq!(change_summary(&serde_json::Value::Null), "—");
    }
}
