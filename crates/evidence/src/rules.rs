//! The format rules for digital signatures on electronic documents, one row each, with the
//! legal text it comes from. A reviewer corrects a rule (its wording, its citation, its
//! tolerance) here without touching the analysis in [`crate::pdf`], which only gathers facts.
//!
//! The rules read Nghị định 30/2020/NĐ-CP, Phụ lục I (văn bản hành chính): the competent
//! person signs first, with the picture of their handwritten signature; the organisation then
//! signs with the picture of its seal laid over about the left third of that signature, with
//! the organisation's name and the signing time in Vietnam's offset (ISO 8601, +07:00); a
//! separate attachment carries only the organisation's signature, top right of its first page,
//! with no picture. Certificates must be valid when the signature is made. The citations name
//! the part of the annex each rule rests on; check them against the official text before a
//! report relies on a sub-clause number.

pub use scorecard_api::evidence::{RuleOutcome, Suggestion, Verdict};

use crate::cms::NamePart;
use crate::pdf::{Role, Signature};

/// What a rule found.
pub struct Finding {
    pub verdict: Verdict,
    pub reason_vi: String,
    pub reason_en: String,
}

fn pass(vi: impl Into<String>, en: impl Into<String>) -> Finding {
    Finding {
        verdict: Verdict::Pass,
        reason_vi: vi.into(),
        reason_en: en.into(),
    }
}

fn fail(vi: impl Into<String>, en: impl Into<String>) -> Finding {
    Finding {
        verdict: Verdict::Fail,
        reason_vi: vi.into(),
        reason_en: en.into(),
    }
}

fn unknown(vi: impl Into<String>, en: impl Into<String>) -> Finding {
    Finding {
        verdict: Verdict::Unknown,
        reason_vi: vi.into(),
        reason_en: en.into(),
    }
}

/// One format rule.
pub struct Rule {
    pub id: &'static str,
    pub citation: &'static str,
    pub requirement_vi: &'static str,
    pub requirement_en: &'static str,
    pub advisory: bool,
    pub check: fn(&[Signature]) -> Finding,
}

/// The rules, in the order a report lists them.
pub const RULES: [Rule; 9] = [
    Rule {
        id: "signed",
        citation: "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II, khoản 7 và khoản 8",
        requirement_vi: "Văn bản điện tử có chữ ký số",
        requirement_en: "The electronic document carries a digital signature",
        advisory: false,
        check: check_signed,
    },
    Rule {
        id: "intact",
        citation: "Nghị định 30/2020/NĐ-CP, Điều 8; Luật Giao dịch điện tử 2023 (tính toàn vẹn của thông điệp dữ liệu)",
        requirement_vi: "Mỗi chữ ký số hợp lệ trên đúng nội dung đã ký, và văn bản không bị sửa sau khi ký (trừ các chữ ký sau)",
        requirement_en: "Every signature verifies over what it signed, and nothing but later signatures changed after it",
        advisory: false,
        check: check_intact,
    },
    Rule {
        id: "signer-then-organization",
        citation: "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II, khoản 7 điểm c và khoản 8 điểm b",
        requirement_vi: "Có chữ ký số của người có thẩm quyền, sau đó là chữ ký số của cơ quan, tổ chức",
        requirement_en: "The competent person's signature comes first, then the organisation's",
        advisory: false,
        check: check_order,
    },
    Rule {
        id: "signer-image",
        citation: "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II, khoản 7 điểm c",
        requirement_vi: "Chữ ký số của người có thẩm quyền hiển thị hình ảnh chữ ký",
        requirement_en: "The competent person's signature shows the picture of their signature",
        advisory: false,
        check: check_signer_image,
    },
    Rule {
        id: "seal-over-left-third",
        citation: "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II, khoản 8 điểm b",
        requirement_vi: "Hình ảnh dấu của cơ quan, tổ chức trùm lên khoảng 1/3 hình ảnh chữ ký của người có thẩm quyền về bên trái",
        requirement_en: "The organisation's seal image covers about one third of the signer's image, on its left",
        advisory: false,
        check: check_seal_position,
    },
    Rule {
        id: "time-offset",
        citation: "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II, khoản 8 điểm b",
        requirement_vi: "Thời gian ký ghi theo múi giờ Việt Nam theo ISO 8601 (+07:00)",
        requirement_en: "The signing time is given in Vietnam's offset per ISO 8601 (+07:00)",
        advisory: false,
        check: check_time_offset,
    },
    Rule {
        id: "attachment-top-right",
        citation: "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II, khoản 8 điểm c",
        requirement_vi: "Văn bản kèm theo: chữ ký số của cơ quan, tổ chức ở góc trên, bên phải trang đầu, không hiển thị hình ảnh",
        requirement_en: "An attachment: the organisation's signature at the top right of the first page, with no picture",
        advisory: false,
        check: check_attachment,
    },
    Rule {
        id: "certificate-valid",
        citation: "Luật Giao dịch điện tử 2023; Nghị định 68/2024/NĐ-CP (chữ ký số tạo ra trong thời gian chứng thư số có hiệu lực)",
        requirement_vi: "Chứng thư số của người ký còn hiệu lực tại thời điểm ký",
        requirement_en: "Each signer's certificate was valid when the signature was made",
        advisory: false,
        check: check_certificates,
    },
    Rule {
        id: "trusted-root",
        citation: "Nghị định 68/2024/NĐ-CP (chứng thư số gốc của Tổ chức cung cấp dịch vụ chứng thực chữ ký số quốc gia và chuyên dùng Chính phủ)",
        requirement_vi: "Chuỗi chứng thư số dẫn tới chứng thư gốc tin cậy đã được nạp",
        requirement_en: "The certificate chain leads to a trusted root the admin loaded",
        advisory: true,
        check: check_trust,
    },
];

/// Applies every rule to the signatures of one file.
pub fn evaluate(signatures: &[Signature]) -> Vec<RuleOutcome> {
    RULES
        .iter()
        .map(|rule| {
            let finding = (rule.check)(signatures);
            RuleOutcome {
                id: rule.id.to_owned(),
                citation: rule.citation.to_owned(),
                verdict: finding.verdict,
                reason_vi: finding.reason_vi,
                reason_en: finding.reason_en,
                advisory: rule.advisory,
            }
        })
        .collect()
}

/// How a certificate subject says whose it is. Vietnamese certificates name the holder's
/// identity document in UID: a citizen's card or passport for a person, a tax or budget code
/// for an organisation.
pub struct RoleSign {
    pub key: &'static str,
    pub prefix: &'static str,
    pub role: Role,
}

/// The signs read from a certificate subject, first match wins; failing all of them, a title
/// (T) or given name marks a person, and a common name equal to the organisation (CN = O)
/// marks the organisation.
pub const ROLE_SIGNS: [RoleSign; 8] = [
    RoleSign {
        key: "UID",
        prefix: "CMND:",
        role: Role::Person,
    },
    RoleSign {
        key: "UID",
        prefix: "CCCD:",
        role: Role::Person,
    },
    RoleSign {
        key: "UID",
        prefix: "HC:",
        role: Role::Person,
    },
    RoleSign {
        key: "UID",
        prefix: "CMT:",
        role: Role::Person,
    },
    RoleSign {
        key: "UID",
        prefix: "MST:",
        role: Role::Organization,
    },
    RoleSign {
        key: "UID",
        prefix: "MNS:",
        role: Role::Organization,
    },
    RoleSign {
        key: "UID",
        prefix: "MSNS:",
        role: Role::Organization,
    },
    RoleSign {
        key: "UID",
        prefix: "MQHNS:",
        role: Role::Organization,
    },
];

/// Whose certificate a subject names.
pub fn role_of(subject: &[NamePart]) -> Role {
    for sign in &ROLE_SIGNS {
        if subject
            .iter()
            .any(|p| p.key == sign.key && p.value.trim().to_uppercase().starts_with(sign.prefix))
        {
            return sign.role;
        }
    }
    let value = |key: &str| {
        subject
            .iter()
            .find(|p| p.key == key)
            .map(|p| p.value.trim().to_lowercase())
    };
    if value("T").is_some() || value("GN").is_some() {
        return Role::Person;
    }
    match (value("CN"), value("O")) {
        (Some(cn), Some(o)) if cn == o => Role::Organization,
        _ => Role::Unknown,
    }
}

fn people(signatures: &[Signature]) -> impl Iterator<Item = (usize, &Signature)> {
    signatures
        .iter()
        .enumerate()
        .filter(|(_, s)| s.role == Role::Person)
}

fn organizations(signatures: &[Signature]) -> impl Iterator<Item = (usize, &Signature)> {
    signatures
        .iter()
        .enumerate()
        .filter(|(_, s)| s.role == Role::Organization)
}

/// Only the organisation signed: the file reads as an attachment (khoản 8 điểm c).
fn is_attachment(signatures: &[Signature]) -> bool {
    people(signatures).next().is_none() && organizations(signatures).next().is_some()
}

fn not_applicable_to_attachment() -> Finding {
    pass(
        "Không áp dụng: tệp chỉ có chữ ký số của cơ quan, tổ chức, được xem là văn bản kèm theo.",
        "Not applicable: only the organisation signed, so the file is read as an attachment.",
    )
}

fn check_signed(signatures: &[Signature]) -> Finding {
    match signatures.len() {
        0 => fail(
            "Tệp không có chữ ký số nào.",
            "The file carries no digital signature.",
        ),
        n => pass(
            format!("Tệp có {n} chữ ký số."),
            format!("The file carries {n} digital signature(s)."),
        ),
    }
}

fn check_intact(signatures: &[Signature]) -> Finding {
    if signatures.is_empty() {
        return fail(
            "Không có chữ ký số để kiểm tra.",
            "There is no signature to check.",
        );
    }
    let mut broken_vi = Vec::new();
    let mut broken_en = Vec::new();
    for (i, s) in signatures.iter().enumerate() {
        let n = i + 1;
        if !s.intact {
            broken_vi.push(format!("chữ ký {n} không hợp lệ trên nội dung đã ký"));
            broken_en.push(format!("signature {n} does not verify over what it signed"));
        } else if !s.covers_revision {
            broken_vi.push(format!("chữ ký {n} không bao trùm trọn một phiên bản của tệp"));
            broken_en.push(format!(
                "signature {n} does not cover a whole revision of the file"
            ));
        } else if s.modified_after {
            broken_vi.push(format!("văn bản bị sửa sau chữ ký {n}"));
            broken_en.push(format!("the document was changed after signature {n}"));
        }
    }
    if broken_vi.is_empty() {
        pass(
            "Mọi chữ ký số hợp lệ và văn bản không bị sửa sau khi ký.",
            "Every signature verifies and nothing was changed after signing.",
        )
    } else {
        fail(
            format!("{}.", capitalise(&broken_vi.join("; "))),
            format!("{}.", capitalise(&broken_en.join("; "))),
        )
    }
}

fn check_order(signatures: &[Signature]) -> Finding {
    if signatures.is_empty() {
        return fail("Không có chữ ký số.", "There is no signature.");
    }
    if is_attachment(signatures) {
        return not_applicable_to_attachment();
    }
    let first_person = people(signatures).next().map(|(i, _)| i);
    let first_org = organizations(signatures).next().map(|(i, _)| i);
    match (first_person, first_org) {
        (Some(p), Some(o)) if p < o => pass(
            format!(
                "Người có thẩm quyền ký trước (chữ ký {}), cơ quan, tổ chức ký sau (chữ ký {}).",
                p + 1,
                o + 1
            ),
            format!(
                "The competent person signed first (signature {}), the organisation after (signature {}).",
                p + 1,
                o + 1
            ),
        ),
        (Some(p), Some(o)) => fail(
            format!(
                "Cơ quan, tổ chức ký (chữ ký {}) trước người có thẩm quyền (chữ ký {}).",
                o + 1,
                p + 1
            ),
            format!(
                "The organisation signed (signature {}) before the competent person (signature {}).",
                o + 1,
                p + 1
            ),
        ),
        (Some(_), None) if signatures.iter().any(|s| s.role == Role::Unknown) => unknown(
            "Có chữ ký của người có thẩm quyền; không xác định được chữ ký còn lại có phải của cơ quan, tổ chức.",
            "The competent person signed; the other signature cannot be told to be the organisation's.",
        ),
        (Some(_), None) => fail(
            "Thiếu chữ ký số của cơ quan, tổ chức sau chữ ký của người có thẩm quyền.",
            "The organisation's signature after the competent person's is missing.",
        ),
        (None, _) => unknown(
            "Không xác định được chữ ký nào là của người có thẩm quyền (chứng thư số không cho biết).",
            "No signature can be told to be the competent person's (the certificates do not say).",
        ),
    }
}

fn check_signer_image(signatures: &[Signature]) -> Finding {
    if is_attachment(signatures) {
        return not_applicable_to_attachment();
    }
    let Some((i, person)) = people(signatures).next() else {
        return unknown(
            "Không xác định được chữ ký của người có thẩm quyền.",
            "The competent person's signature cannot be found.",
        );
    };
    match &person.appearance {
        Some(a) if a.has_image => pass(
            format!("Chữ ký {} hiển thị hình ảnh chữ ký ở trang {}.", i + 1, a.page),
            format!(
                "Signature {} shows a signature picture on page {}.",
                i + 1,
                a.page
            ),
        ),
        Some(a) => fail(
            format!(
                "Chữ ký {} hiển thị ở trang {} nhưng không có hình ảnh chữ ký.",
                i + 1,
                a.page
            ),
            format!(
                "Signature {} shows on page {} but without a signature picture.",
                i + 1,
                a.page
            ),
        ),
        None => fail(
            format!(
                "Chữ ký {} của người có thẩm quyền không hiển thị trên văn bản.",
                i + 1
            ),
            format!(
                "The competent person's signature {} is not visible on the document.",
                i + 1
            ),
        ),
    }
}

/// How much of the signer's image the seal may cover and still be "about one third".
pub const SEAL_COVER_RANGE: (f64, f64) = (0.2, 0.5);

fn check_seal_position(signatures: &[Signature]) -> Finding {
    if is_attachment(signatures) {
        return not_applicable_to_attachment();
    }
    let person = people(signatures).next().and_then(|(_, s)| s.appearance.as_ref());
    let org = organizations(signatures)
        .next()
        .and_then(|(_, s)| s.appearance.as_ref());
    let (Some(person), Some(org)) = (person, org) else {
        return match organizations(signatures).next() {
            Some((_, o)) if o.appearance.is_none() => fail(
                "Chữ ký số của cơ quan, tổ chức không hiển thị hình ảnh dấu trên văn bản.",
                "The organisation's signature shows no seal image on the document.",
            ),
            _ => unknown(
                "Không đủ hai chữ ký hiển thị (người có thẩm quyền và cơ quan, tổ chức) để so vị trí.",
                "There are not two visible signatures (person and organisation) to compare.",
            ),
        };
    };
    if !org.has_image {
        return fail(
            "Chữ ký số của cơ quan, tổ chức không có hình ảnh dấu.",
            "The organisation's signature has no seal image.",
        );
    }
    if org.page != person.page {
        return fail(
            format!(
                "Hình ảnh dấu ở trang {}, chữ ký của người có thẩm quyền ở trang {}.",
                org.page, person.page
            ),
            format!(
                "The seal is on page {}, the signer's image on page {}.",
                org.page, person.page
            ),
        );
    }
    let [pl, pb, pr, pt] = person.rect;
    let [ol, ob, or, ot] = org.rect;
    let vertical = ot.min(pt) - ob.max(pb);
    let cover = (or.min(pr) - pl.max(ol)).max(0.0) / (pr - pl);
    let (low, high) = SEAL_COVER_RANGE;
    if vertical <= 0.0 || cover <= 0.0 {
        return fail(
            "Hình ảnh dấu không trùm lên hình ảnh chữ ký của người có thẩm quyền.",
            "The seal image does not overlap the signer's image.",
        );
    }
    if ol > pl {
        return fail(
            "Hình ảnh dấu nằm lệch sang phải hình ảnh chữ ký; quy định là trùm về bên trái.",
            "The seal image sits to the right of the signer's image; the rule places it over the left.",
        );
    }
    let percent = (cover * 100.0).round();
    if (low..=high).contains(&cover) {
        pass(
            format!("Hình ảnh dấu trùm khoảng {percent}% hình ảnh chữ ký, về bên trái."),
            format!("The seal covers about {percent}% of the signer's image, on its left."),
        )
    } else {
        fail(
            format!(
                "Hình ảnh dấu trùm {percent}% hình ảnh chữ ký; quy định là khoảng 1/3 (từ {}% đến {}%).",
                low * 100.0,
                high * 100.0
            ),
            format!(
                "The seal covers {percent}% of the signer's image; the rule is about one third ({}% to {}%).",
                low * 100.0,
                high * 100.0
            ),
        )
    }
}

fn check_time_offset(signatures: &[Signature]) -> Finding {
    if signatures.is_empty() {
        return fail("Không có chữ ký số.", "There is no signature.");
    }
    for (i, s) in signatures.iter().enumerate() {
        let n = i + 1;
        if let Some(text) = s.appearance.as_ref().and_then(|a| a.text.as_deref())
            && shows_a_time(text)
            && !text.contains("+07:00")
            && !text.contains("+07'00")
        {
            return fail(
                format!("Chữ ký {n} hiển thị thời gian ký không kèm múi giờ +07:00."),
                format!("Signature {n} shows its signing time without the +07:00 offset."),
            );
        }
        match s.utc_offset.as_deref() {
            Some("+07:00") => {}
            Some(other) => {
                return fail(
                    format!("Thời gian ký của chữ ký {n} ghi theo múi giờ {other}, không phải +07:00."),
                    format!("Signature {n} records its signing time at offset {other}, not +07:00."),
                );
            }
            None => {
                return unknown(
                    format!("Chữ ký {n} không ghi thời gian ký kèm múi giờ."),
                    format!("Signature {n} records no signing time with an offset."),
                );
            }
        }
    }
    pass(
        "Thời gian ký ghi theo múi giờ Việt Nam (+07:00).",
        "Signing times are recorded at Vietnam's offset (+07:00).",
    )
}

fn shows_a_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(5).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b':'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
    })
}

fn check_attachment(signatures: &[Signature]) -> Finding {
    if !is_attachment(signatures) {
        return pass(
            "Không áp dụng: văn bản có chữ ký của người có thẩm quyền, không phải văn bản kèm theo.",
            "Not applicable: the competent person signed, so the file is not an attachment.",
        );
    }
    let Some((i, org)) = organizations(signatures).next() else {
        return unknown(
            "Không có chữ ký của cơ quan, tổ chức.",
            "There is no organisation signature.",
        );
    };
    let n = i + 1;
    let Some(a) = &org.appearance else {
        return fail(
            format!("Chữ ký {n} của cơ quan, tổ chức không hiển thị ở góc trên, bên phải trang đầu."),
            format!("The organisation's signature {n} does not show at the top right of the first page."),
        );
    };
    let centre_x = (a.rect[0] + a.rect[2]) / 2.0;
    let centre_y = (a.rect[1] + a.rect[3]) / 2.0;
    let top_right = a.page == 1 && centre_x > a.page_width / 2.0 && centre_y > a.page_height * 2.0 / 3.0;
    if !top_right {
        return fail(
            format!(
                "Chữ ký {n} ở trang {}, không ở góc trên, bên phải trang đầu.",
                a.page
            ),
            format!(
                "Signature {n} is on page {}, not at the top right of the first page.",
                a.page
            ),
        );
    }
    if a.has_image {
        return fail(
            format!("Chữ ký {n} ở văn bản kèm theo hiển thị hình ảnh; quy định là không hiển thị."),
            format!("Signature {n} on the attachment shows a picture; the rule is none."),
        );
    }
    pass(
        format!("Chữ ký {n} của cơ quan, tổ chức ở góc trên, bên phải trang đầu, không có hình ảnh."),
        format!("The organisation's signature {n} is at the top right of the first page, with no picture."),
    )
}

fn check_certificates(signatures: &[Signature]) -> Finding {
    if signatures.is_empty() {
        return fail("Không có chữ ký số.", "There is no signature.");
    }
    for (i, s) in signatures.iter().enumerate() {
        match s.certificate_valid_at_signing {
            Some(true) => {}
            Some(false) => {
                return fail(
                    format!(
                        "Chứng thư số của chữ ký {} không còn hiệu lực tại thời điểm ký.",
                        i + 1
                    ),
                    format!(
                        "The certificate of signature {} was not valid when it signed.",
                        i + 1
                    ),
                );
            }
            None => {
                return unknown(
                    format!(
                        "Không xác định được thời điểm ký hoặc chứng thư số của chữ ký {}.",
                        i + 1
                    ),
                    format!(
                        "The signing time or certificate of signature {} is unknown.",
                        i + 1
                    ),
                );
            }
        }
    }
    pass(
        "Mọi chứng thư số còn hiệu lực tại thời điểm ký (không kiểm tra thu hồi trực tuyến).",
        "Every certificate was valid when it signed (revocation not checked online).",
    )
}

fn check_trust(signatures: &[Signature]) -> Finding {
    if signatures.is_empty() {
        return unknown("Không có chữ ký số.", "There is no signature.");
    }
    if signatures.iter().any(|s| s.trusted.is_none()) {
        return unknown(
            "Chưa nạp chứng thư gốc tin cậy nên chưa xác thực được chuỗi chứng thư.",
            "No trusted root is loaded, so the chains are not verified against one.",
        );
    }
    if let Some(i) = signatures.iter().position(|s| s.trusted == Some(false)) {
        return unknown(
            format!(
                "Chữ ký {}: chưa xác thực theo chứng thư gốc tin cậy (chứng thư gốc lạ).",
                i + 1
            ),
            format!(
                "Signature {}: not verified against a trusted root (unknown root).",
                i + 1
            ),
        );
    }
    pass(
        "Mọi chuỗi chứng thư dẫn tới chứng thư gốc tin cậy (không kiểm tra thu hồi trực tuyến).",
        "Every chain leads to a trusted root (revocation not checked online).",
    )
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How one file's check ends as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overall {
    /// No rule fails, and only advisory rules may stay unknown.
    Passes,
    /// At least one rule fails.
    Fails,
    /// No rule fails, but one that counts cannot be told.
    Undecided,
    /// The file could not be analysed.
    CannotAnalyse,
}

/// How a file's check ends as a whole.
pub fn overall(analysis: &crate::pdf::Analysis) -> Overall {
    if !analysis.analysable {
        Overall::CannotAnalyse
    } else if analysis.rules.iter().any(|r| r.verdict == Verdict::Fail) {
        Overall::Fails
    } else if analysis
        .rules
        .iter()
        .any(|r| r.verdict == Verdict::Unknown && !r.advisory)
    {
        Overall::Undecided
    } else {
        Overall::Passes
    }
}

/// What the files of a record suggest for a pass/fail criterion such as VB-02: met when every
/// file was analysed and passes every rule (advisory rules may stay unknown), otherwise not
/// met, with the files that fail.
pub fn suggest<'a>(files: impl IntoIterator<Item = (&'a str, &'a crate::pdf::Analysis)>) -> Suggestion {
    let mut failing = Vec::new();
    let mut count = 0;
    for (name, analysis) in files {
        count += 1;
        if overall(analysis) != Overall::Passes {
            failing.push(name.to_owned());
        }
    }
    Suggestion {
        met: count > 0 && failing.is_empty(),
        files: count,
        failing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(pairs: &[(&str, &str)]) -> Vec<NamePart> {
        pairs
            .iter()
            .map(|(k, v)| NamePart {
                key: (*k).into(),
                value: (*v).into(),
            })
            .collect()
    }

    #[test]
    fn roles_are_read_from_the_subject() {
        let check = |pairs: &[(&str, &str)], expected: Role| {
            assert_eq!(role_of(&parts(pairs)), expected, "{pairs:?}")
        };
        check(
            &[("CN", "Nguyễn Văn An"), ("UID", "CCCD:001089001234")],
            Role::Person,
        );
        check(
            &[("CN", "Trần Thị Bình"), ("UID", "cmnd:012345678")],
            Role::Person,
        );
        check(
            &[("CN", "Bộ Tài chính"), ("UID", "MST:0100100001")],
            Role::Organization,
        );
        check(
            &[("CN", "Lê Minh Châu"), ("T", "Thứ trưởng"), ("O", "Bộ Tài chính")],
            Role::Person,
        );
        check(
            &[("CN", "Bộ Tài chính"), ("O", "Bộ Tài chính"), ("C", "VN")],
            Role::Organization,
        );
        check(&[("CN", "signing service")], Role::Unknown);
    }

    #[test]
    fn times_in_appearances_are_recognised() {
        assert!(shows_a_time("Ngày ký: 29/11/2026 10:15:00 +07:00"));
        assert!(!shows_a_time("Bộ Tài chính"));
    }

    #[test]
    fn every_rule_has_an_id_a_citation_and_both_languages() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for rule in &RULES {
            assert!(
                rule.citation.contains("Nghị định") || rule.citation.contains("Luật"),
                "{}",
                rule.id
            );
            assert!(!rule.requirement_vi.is_empty() && !rule.requirement_en.is_empty());
        }
    }
}
