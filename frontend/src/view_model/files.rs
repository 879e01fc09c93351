//! What a record's evidence files show (issue 12): each file's size and upload time as people
//! read them, and a PDF's signature check summed up in one line, with its rules and
//! signatures in the reader's language. Pure, so unit-tested natively.

use scorecard_api::evidence::{FileView, PdfAnalysis, SignatureCheck, SignerRole, Verdict};

use crate::i18n::Lang;

/// A file size: "980 B", "12 KB", "1,4 MB" (Vietnamese decimal comma), "1.4 MB" in English.
pub fn file_size(lang: Lang, bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let bytes = bytes.max(0) as f64;
    let (value, unit) = if bytes < KB {
        return format!("{bytes} B");
    } else if bytes < KB * KB {
        (bytes / KB, "KB")
    } else {
        (bytes / (KB * KB), "MB")
    };
    let text = if value < 10.0 {
        format!("{:.1}", (value * 10.0).round() / 10.0)
    } else {
        format!("{}", value.round() as i64)
    };
    let text = match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    };
    format!("{text} {unit}")
}

/// A stored UTC time (`2026-11-29T03:15:00.000Z`) in Vietnam's time (+07:00), as
/// "29/11/2026 10:15"; text that is not such a time is shown as it is.
pub fn vietnam_time(lang: Lang, utc: &str) -> String {
    let parse = || -> Option<(chrono::NaiveDate, u32, u32)> {
        let number = |range: std::ops::Range<usize>| utc.get(range)?.parse::<u32>().ok();
        let date = scorecard_domain::iso_date::parse(utc.get(0..10)?)?;
        let (hours, minutes) = (number(11..13)?, number(14..16)?);
        let local = hours + 7;
        if local >= 24 {
            Some((date.succ_opt()?, local - 24, minutes))
        } else {
            Some((date, local, minutes))
        }
    };
    match parse() {
        Some((date, hours, minutes)) => {
            format!("{} {hours:02}:{minutes:02}", crate::format::date(lang, date))
        }
        None => utc.to_owned(),
    }
}

/// How a PDF's signature check ended, for its badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckState {
    /// Every rule passes (advisory rules may stay unknown).
    Passes,
    /// At least one rule fails.
    Fails,
    /// No rule fails, but one that counts cannot be told.
    Undecided,
    /// The file could not be analysed.
    CannotAnalyse,
}

impl CheckState {
    /// The CSS class of its badge.
    pub fn class(self) -> &'static str {
        match self {
            CheckState::Passes => "check-pass",
            CheckState::Fails => "check-fail",
            CheckState::Undecided => "check-unknown",
            CheckState::CannotAnalyse => "check-cannot",
        }
    }
}

/// How the check ended.
pub fn check_state(analysis: &PdfAnalysis) -> CheckState {
    if !analysis.analysable {
        return CheckState::CannotAnalyse;
    }
    if analysis.rules.iter().any(|r| r.verdict == Verdict::Fail) {
        CheckState::Fails
    } else if analysis
        .rules
        .iter()
        .any(|r| r.verdict == Verdict::Unknown && !r.advisory)
    {
        CheckState::Undecided
    } else {
        CheckState::Passes
    }
}

/// The check in one line: "Chữ ký số: 8/9 quy tắc đạt, 1 không đạt".
pub fn check_line(lang: Lang, analysis: &PdfAnalysis) -> String {
    if !analysis.analysable {
        return lang
            .pick(
                analysis.error_vi.as_deref().unwrap_or("Không phân tích được."),
                analysis.error.as_deref().unwrap_or("Cannot analyse."),
            )
            .to_owned();
    }
    let total = analysis.rules.len();
    let count = |verdict: Verdict| analysis.rules.iter().filter(|r| r.verdict == verdict).count();
    let (passed, failed, unknown) = (
        count(Verdict::Pass),
        count(Verdict::Fail),
        count(Verdict::Unknown),
    );
    let signatures = analysis.signatures.len();
    let mut line = match lang {
        Lang::Vi => format!("{signatures} chữ ký số; {passed}/{total} quy tắc đạt"),
        Lang::En => format!("{signatures} signature(s); {passed}/{total} rules pass"),
    };
    if failed > 0 {
        line.push_str(&match lang {
            Lang::Vi => format!(", {failed} không đạt"),
            Lang::En => format!(", {failed} fail"),
        });
    }
    if unknown > 0 {
        line.push_str(&match lang {
            Lang::Vi => format!(", {unknown} chưa xác định"),
            Lang::En => format!(", {unknown} cannot be told"),
        });
    }
    line
}

/// A verdict's word.
pub fn verdict_word(lang: Lang, verdict: Verdict, advisory: bool) -> &'static str {
    match (verdict, advisory) {
        (Verdict::Pass, _) => lang.pick("Đạt", "Pass"),
        (Verdict::Fail, _) => lang.pick("Không đạt", "Fail"),
        (Verdict::Unknown, true) => lang.pick("Cảnh báo", "Warning"),
        (Verdict::Unknown, false) => lang.pick("Chưa xác định", "Cannot tell"),
    }
}

/// One signature in a line: "1. Nguyễn Văn An (người có thẩm quyền), 29/11/2026 10:15 +07:00 —
/// toàn vẹn".
pub fn signature_line(lang: Lang, n: usize, signature: &SignatureCheck) -> String {
    let who = signature
        .signer
        .as_deref()
        .and_then(|s| s.split(", ").find_map(|part| part.strip_prefix("CN=")))
        .unwrap_or("?");
    let role = match signature.role {
        SignerRole::Person => lang.pick("người có thẩm quyền", "competent person"),
        SignerRole::Organization => lang.pick("cơ quan, tổ chức", "organisation"),
        SignerRole::Unknown => lang.pick("không rõ vai trò", "role unknown"),
    };
    let time = signature.signing_time.as_deref().unwrap_or("?");
    let mut facts = vec![if signature.intact {
        lang.pick("toàn vẹn", "intact")
    } else {
        lang.pick("không toàn vẹn", "not intact")
    }];
    if signature.modified_after {
        facts.push(lang.pick("bị sửa sau khi ký", "changed after signing"));
    }
    if signature.certificate_valid_at_signing == Some(false) {
        facts.push(lang.pick(
            "chứng thư hết hiệu lực khi ký",
            "certificate not valid when signing",
        ));
    }
    match signature.trusted {
        Some(true) => facts.push(lang.pick("chứng thư gốc tin cậy", "trusted root")),
        Some(false) => facts.push(lang.pick("chứng thư gốc lạ", "unknown root")),
        None => {}
    }
    format!("{n}. {who} ({role}), {time} — {}", facts.join(", "))
}

/// The files of one record, in upload order.
pub fn of_record<'a>(files: &'a [FileView], criterion: &'a str) -> impl Iterator<Item = &'a FileView> + 'a {
    files.iter().filter(move |f| f.criterion.as_str() == criterion)
}

#[cfg(test)]
mod tests {
    use scorecard_api::evidence::RuleOutcome;

    use super::*;

    fn rule(id: &str, verdict: Verdict, advisory: bool) -> RuleOutcome {
        RuleOutcome {
            id: id.into(),
            citation: String::new(),
            verdict,
            reason_vi: String::new(),
            reason_en: String::new(),
            advisory,
        }
    }

    fn analysis(rules: Vec<RuleOutcome>) -> PdfAnalysis {
        PdfAnalysis {
            analysable: true,
            error: None,
            error_vi: None,
            pages: 1,
            signatures: Vec::new(),
            rules,
            revocation_checked: false,
        }
    }

    #[test]
    fn sizes_read_in_each_language() {
        let check = |lang, bytes, expected: &str| assert_eq!(file_size(lang, bytes), expected, "{bytes}");
        check(Lang::Vi, 980, "980 B");
        check(Lang::Vi, 12 * 1024, "12 KB");
        check(Lang::Vi, 1_468_006, "1,4 MB");
        check(Lang::En, 1_468_006, "1.4 MB");
        check(Lang::En, 20 * 1024 * 1024, "20 MB");
    }

    #[test]
    fn upload_times_are_shown_in_vietnams_time() {
        assert_eq!(
            vietnam_time(Lang::Vi, "2026-11-29T03:15:00.000Z"),
            "29/11/2026 10:15"
        );
        assert_eq!(
            vietnam_time(Lang::Vi, "2026-12-31T20:05:00.000Z"),
            "01/01/2027 03:05"
        );
        assert_eq!(
            vietnam_time(Lang::En, "2026-11-29T03:15:00.000Z"),
            "29 Nov 2026 10:15"
        );
        assert_eq!(vietnam_time(Lang::Vi, "soon"), "soon");
    }

    #[test]
    fn a_check_is_summed_up_by_its_worst_rule() {
        let all_pass = analysis(vec![
            rule("signed", Verdict::Pass, false),
            rule("trusted-root", Verdict::Unknown, true),
        ]);
        assert_eq!(check_state(&all_pass), CheckState::Passes);
        assert_eq!(
            check_line(Lang::Vi, &all_pass),
            "0 chữ ký số; 1/2 quy tắc đạt, 1 chưa xác định"
        );
        let failing = analysis(vec![
            rule("signed", Verdict::Fail, false),
            rule("order", Verdict::Unknown, false),
        ]);
        assert_eq!(check_state(&failing), CheckState::Fails);
        assert_eq!(
            check_line(Lang::En, &failing),
            "0 signature(s); 0/2 rules pass, 1 fail, 1 cannot be told"
        );
        let undecided = analysis(vec![rule("order", Verdict::Unknown, false)]);
        assert_eq!(check_state(&undecided), CheckState::Undecided);
        let mut broken = analysis(Vec::new());
        broken.analysable = false;
        broken.error_vi = Some("Không phân tích được: tệp PDF được mã hóa.".into());
        assert_eq!(check_state(&broken), CheckState::CannotAnalyse);
        assert_eq!(
            check_line(Lang::Vi, &broken),
            "Không phân tích được: tệp PDF được mã hóa."
        );
    }
}
