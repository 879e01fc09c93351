//! The analysis of one PDF as people read it on a terminal (`scorecard pdf check`): each
//! signature with its facts, then each rule's verdict with its reason, in Vietnamese and
//! English.

use std::fmt::Write;

use crate::pdf::{Analysis, Role, Signature};
use crate::rules::Verdict;

/// The report for `file`.
pub fn text(file: &str, analysis: &Analysis) -> String {
    let mut out = String::new();
    if !analysis.analysable {
        let en = analysis.error.as_deref().unwrap_or("cannot analyse");
        let vi = analysis.error_vi.as_deref().unwrap_or("Không phân tích được.");
        let _ = writeln!(out, "{file}: {vi} / {en}");
        return out;
    }
    let count = analysis.signatures.len();
    let _ = writeln!(
        out,
        "{file}: {} trang, {count} chữ ký số / {} page(s), {count} signature(s)",
        analysis.pages, analysis.pages
    );
    for (i, signature) in analysis.signatures.iter().enumerate() {
        write_signature(&mut out, i + 1, signature);
    }
    let _ = writeln!(out, "  Quy tắc / Rules:");
    for rule in &analysis.rules {
        let mark = match rule.verdict {
            Verdict::Pass => "đạt / pass",
            Verdict::Fail => "KHÔNG ĐẠT / FAIL",
            Verdict::Unknown if rule.advisory => "cảnh báo / warning",
            Verdict::Unknown => "không xác định / unknown",
        };
        let _ = writeln!(out, "    [{mark}] {}: {}", rule.id, rule.reason_vi);
        let _ = writeln!(out, "        {}", rule.reason_en);
        let _ = writeln!(out, "        ({})", rule.citation);
    }
    let _ = writeln!(
        out,
        "  Chưa kiểm tra thu hồi chứng thư (không kết nối mạng) / Revocation not checked (no network)"
    );
    out
}

fn yes_no(value: bool) -> &'static str {
    if value { "có / yes" } else { "không / no" }
}

fn maybe(value: Option<bool>, none: &'static str) -> &'static str {
    value.map_or(none, yes_no)
}

fn write_signature(out: &mut String, n: usize, s: &Signature) {
    let role = match s.role {
        Role::Person => "người có thẩm quyền / person",
        Role::Organization => "cơ quan, tổ chức / organisation",
        Role::Unknown => "không rõ / unknown",
    };
    let _ = writeln!(out, "  {n}. {} ({role})", s.field);
    let _ = writeln!(
        out,
        "     Người ký / Signer: {}",
        s.signer.as_deref().unwrap_or("?")
    );
    let _ = writeln!(
        out,
        "     Tổ chức cấp / Issuer: {}",
        s.issuer.as_deref().unwrap_or("?")
    );
    let _ = writeln!(
        out,
        "     Thời gian ký / Signed at: {}",
        s.signing_time.as_deref().unwrap_or("?")
    );
    let _ = writeln!(out, "     Toàn vẹn / Intact: {}", yes_no(s.intact));
    let _ = writeln!(
        out,
        "     Bao trùm cả tệp / Covers the whole file: {}",
        yes_no(s.covers_whole_file)
    );
    let _ = writeln!(
        out,
        "     Sửa đổi sau khi ký / Modified after: {}",
        yes_no(s.modified_after)
    );
    for change in &s.changes_after {
        let _ = writeln!(out, "       - {change}");
    }
    let _ = writeln!(
        out,
        "     Chứng thư còn hiệu lực khi ký / Certificate valid at signing: {}",
        maybe(s.certificate_valid_at_signing, "? / ?")
    );
    let _ = writeln!(
        out,
        "     Chứng thư gốc tin cậy / Trusted root: {}",
        maybe(s.trusted, "chưa nạp chứng thư gốc / no root given")
    );
    match &s.appearance {
        Some(a) => {
            let [l, b, r, t] = a.rect;
            let _ = writeln!(
                out,
                "     Hiển thị / Appearance: trang / page {}, [{l:.0} {b:.0} {r:.0} {t:.0}], hình ảnh / image: {}",
                a.page,
                yes_no(a.has_image)
            );
        }
        None => {
            let _ = writeln!(out, "     Hiển thị / Appearance: không hiển thị / invisible");
        }
    }
    for (en, vi) in s.problems.iter().zip(&s.problems_vi) {
        let _ = writeln!(out, "     ! {vi} / {en}");
    }
}
