//! The analysis of a signed PDF: every signature in signing order (incremental revisions),
//! what it covers, whether it verifies, whether anything but later signatures changed after
//! it, who signed (a person or an organisation), where its appearance sits and whether it
//! carries an image; then the format rules of [`crate::rules`] over those facts.
//!
//! lopdf reads the objects; the analysis never trusts a count, offset or length from the file
//! without checking it against the file, and bounds what it decompresses.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use crate::cms;
use crate::rules;
use crate::trust::TrustStore;
pub use scorecard_api::evidence::{
    Appearance, PdfAnalysis as Analysis, SignatureCheck as Signature, SignerRole as Role,
};

/// The most any one stream may decompress to while a PDF is analysed: far above what object
/// streams and appearance streams need, far below what hurts the server.
pub const MAX_DECOMPRESSED: usize = 32 * 1024 * 1024;

/// How many signatures are analysed at most; a file with more is refused as hostile.
pub const MAX_SIGNATURES: usize = 64;

/// How deep form XObjects are followed when looking for an image or text in an appearance.
const MAX_FORM_DEPTH: usize = 4;

/// The answer for a file that cannot be analysed, with its reason in English and Vietnamese.
pub fn not_analysable(en: String, vi: String) -> Analysis {
    Analysis {
        analysable: false,
        error: Some(en),
        error_vi: Some(vi),
        pages: 0,
        signatures: Vec::new(),
        rules: Vec::new(),
        revocation_checked: false,
    }
}

/// Analyses the PDF in `bytes` with the roots of `trust`.
pub fn analyse(bytes: &[u8], trust: &TrustStore) -> Analysis {
    if !bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return not_analysable(
            "cannot analyse: the file is not a PDF (no %PDF- header)".into(),
            "Không phân tích được: tệp không phải PDF (không có phần đầu %PDF-).".into(),
        );
    }
    let encrypted = || {
        not_analysable(
            "cannot analyse: the PDF is encrypted or password-protected".into(),
            "Không phân tích được: tệp PDF được mã hóa hoặc đặt mật khẩu.".into(),
        )
    };
    let document = match load(bytes) {
        Ok(document) => document,
        Err(_) if bytes.windows(8).any(|w| w == b"/Encrypt") => return encrypted(),
        Err(reason) => {
            return not_analysable(
                format!("cannot analyse: the PDF cannot be read ({reason})"),
                format!("Không phân tích được: không đọc được tệp PDF ({reason})."),
            );
        }
    };
    if document.was_encrypted() || document.is_encrypted() || document.trailer.has(b"Encrypt") {
        return encrypted();
    }
    let found = find_signatures(&document);
    if found.len() > MAX_SIGNATURES {
        return not_analysable(
            format!("cannot analyse: the PDF holds more than {MAX_SIGNATURES} signatures"),
            format!("Không phân tích được: tệp PDF có hơn {MAX_SIGNATURES} chữ ký."),
        );
    }
    let pages = document.get_pages();
    let mut signatures: Vec<(usize, Signature)> = Vec::new();
    let mut revisions: HashMap<usize, Result<Document, String>> = HashMap::new();
    let mut later_fields: Vec<(usize, BTreeSet<ObjectId>)> = Vec::new();
    for field in &found {
        later_fields.push((
            field.range_end().unwrap_or(usize::MAX),
            field.owned_objects(&document),
        ));
    }
    for field in &found {
        let signature = examine(
            bytes,
            &document,
            &pages,
            field,
            trust,
            &later_fields,
            &mut revisions,
        );
        signatures.push((field.range_end().unwrap_or(usize::MAX), signature));
    }
    signatures.sort_by_key(|(end, _)| *end);
    let signatures: Vec<Signature> = signatures.into_iter().map(|(_, s)| s).collect();
    let rules = rules::evaluate(&signatures);
    Analysis {
        analysable: true,
        error: None,
        error_vi: None,
        pages: pages.len(),
        signatures,
        rules,
        revocation_checked: false,
    }
}

fn load(bytes: &[u8]) -> Result<Document, String> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_DECOMPRESSED),
        ..LoadOptions::default()
    };
    Document::load_mem_with_options(bytes, options).map_err(|err| err.to_string())
}

/// A signature field (or a lone signature dictionary) found in the document.
struct Found {
    name: String,
    /// The field or widget dictionary, when the signature has one.
    widget: Option<ObjectId>,
    field: Option<ObjectId>,
    /// The signature dictionary's id, when it is an indirect object.
    value_id: Option<ObjectId>,
    value: Dictionary,
}

impl Found {
    fn byte_range(&self) -> Option<[usize; 4]> {
        let array = self.value.get(b"ByteRange").ok()?.as_array().ok()?;
        if array.len() != 4 {
            return None;
        }
        let mut out = [0usize; 4];
        for (slot, value) in out.iter_mut().zip(array) {
            *slot = usize::try_from(value.as_i64().ok()?).ok()?;
        }
        Some(out)
    }

    fn range_end(&self) -> Option<usize> {
        self.byte_range()
            .and_then(|[_, _, start, len]| start.checked_add(len))
    }

    /// The objects that belong to this signature: its field, widget, value, and everything
    /// its appearance uses. A later signature may add or change these.
    fn owned_objects(&self, document: &Document) -> BTreeSet<ObjectId> {
        let mut owned = BTreeSet::new();
        owned.extend(self.field);
        owned.extend(self.widget);
        owned.extend(self.value_id);
        if let Some(widget) = self.widget.and_then(|id| document.get_dictionary(id).ok())
            && let Ok(ap) = widget.get(b"AP")
        {
            reachable(document, ap, &mut owned, 0);
        }
        owned
    }
}

/// Every indirect object reachable from `object`, bounded in depth and count.
fn reachable(document: &Document, object: &Object, into: &mut BTreeSet<ObjectId>, depth: usize) {
    const MAX_OBJECTS: usize = 10_000;
    if depth > 16 || into.len() > MAX_OBJECTS {
        return;
    }
    match object {
        Object::Reference(id) => {
            if into.insert(*id)
                && let Ok(target) = document.get_object(*id)
            {
                reachable(document, target, into, depth + 1);
            }
        }
        Object::Array(items) => items
            .iter()
            .for_each(|item| reachable(document, item, into, depth + 1)),
        Object::Dictionary(dict) => dict
            .iter()
            .for_each(|(_, value)| reachable(document, value, into, depth + 1)),
        Object::Stream(stream) => {
            stream
                .dict
                .iter()
                .for_each(|(_, value)| reachable(document, value, into, depth + 1));
        }
        _ => {}
    }
}

/// The signature fields with a value, and signature dictionaries no field points at.
fn find_signatures(document: &Document) -> Vec<Found> {
    let mut found = Vec::new();
    let mut claimed = BTreeSet::new();
    for (&id, object) in &document.objects {
        let Ok(dict) = object.as_dict() else { continue };
        if !is_signature_field(document, dict) {
            continue;
        }
        let Ok(value) = dict.get(b"V") else { continue };
        let (value_id, value) = match value {
            Object::Reference(vid) => match document.get_dictionary(*vid) {
                Ok(v) => (Some(*vid), v.clone()),
                Err(_) => continue,
            },
            Object::Dictionary(v) => (None, v.clone()),
            _ => continue,
        };
        if !value.has(b"ByteRange") {
            continue;
        }
        if let Some(vid) = value_id
            && !claimed.insert(vid)
        {
            continue;
        }
        let widget = if dict.has(b"Rect") {
            Some(id)
        } else {
            dict.get(b"Kids")
                .and_then(Object::as_array)
                .ok()
                .and_then(|kids| kids.first())
                .and_then(|kid| kid.as_reference().ok())
        };
        found.push(Found {
            name: field_name(dict),
            widget,
            field: Some(id),
            value_id,
            value,
        });
    }
    for (&id, object) in &document.objects {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.has(b"ByteRange") && dict.has(b"Contents") && !claimed.contains(&id) && !dict.has(b"FT") {
            found.push(Found {
                name: format!("(no field) {} {}", id.0, id.1),
                widget: None,
                field: None,
                value_id: Some(id),
                value: dict.clone(),
            });
        }
    }
    found
}

fn is_signature_field(document: &Document, dict: &Dictionary) -> bool {
    let own = dict.get(b"FT").and_then(Object::as_name).ok();
    if let Some(kind) = own {
        return kind == b"Sig";
    }
    // A widget merged into its field inherits /FT from the parent.
    dict.get(b"Parent")
        .and_then(Object::as_reference)
        .and_then(|parent| document.get_dictionary(parent))
        .and_then(|parent| parent.get(b"FT"))
        .and_then(Object::as_name)
        .is_ok_and(|kind| kind == b"Sig")
}

fn field_name(dict: &Dictionary) -> String {
    dict.get(b"T")
        .and_then(Object::as_str)
        .map(pdf_text)
        .unwrap_or_else(|_| "(unnamed)".to_owned())
}

/// A PDF text string: UTF-16BE with a byte-order mark, else PDFDocEncoding (read as Latin-1).
fn pdf_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn examine(
    bytes: &[u8],
    document: &Document,
    pages: &BTreeMap<u32, ObjectId>,
    field: &Found,
    trust: &TrustStore,
    all_fields: &[(usize, BTreeSet<ObjectId>)],
    revisions: &mut HashMap<usize, Result<Document, String>>,
) -> Signature {
    let mut problems: Vec<(String, String)> = Vec::new();
    let recorded = field
        .value
        .get(b"M")
        .and_then(Object::as_str)
        .ok()
        .and_then(|m| parse_pdf_date(&pdf_text(m)));
    let sub_filter = field
        .value
        .get(b"SubFilter")
        .and_then(Object::as_name)
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned());
    let contents = field
        .value
        .get(b"Contents")
        .and_then(Object::as_str)
        .ok()
        .map(<[u8]>::to_vec);
    let range = field
        .byte_range()
        .filter(|range| range_is_sane(range, bytes.len()));

    let mut signature = Signature {
        field: field.name.clone(),
        signer: None,
        issuer: None,
        role: Role::Unknown,
        signing_time: None,
        utc_offset: None,
        intact: false,
        covers_whole_file: false,
        covers_revision: false,
        modified_after: false,
        changes_after: Vec::new(),
        certificate_valid_at_signing: None,
        trusted: None,
        digest_algorithm: None,
        sub_filter,
        appearance: field.widget.and_then(|id| appearance(document, pages, id)),
        problems: Vec::new(),
        problems_vi: Vec::new(),
    };

    match (range, contents) {
        (Some([start1, len1, start2, len2]), Some(contents)) => {
            let end = start2 + len2;
            signature.covers_whole_file =
                start1 == 0 && end == bytes.len() && gap_is_signature_value(bytes, len1, start2);
            signature.covers_revision =
                start1 == 0 && gap_is_signature_value(bytes, len1, start2) && ends_revision(&bytes[..end]);
            if !gap_is_signature_value(bytes, len1, start2) || start1 != 0 {
                problems.push((
                    "the byte range leaves out more than the signature value".into(),
                    "vùng được ký bỏ sót nhiều hơn giá trị chữ ký".into(),
                ));
            }
            let signed = [&bytes[start1..start1 + len1], &bytes[start2..end]];
            let fallback = recorded.map(|t| t.with_timezone(&Utc));
            let check = cms::check(&contents, &signed, fallback, trust);
            signature.intact = check.intact;
            signature.certificate_valid_at_signing = check.certificate_valid_at_signing;
            signature.trusted = check.trusted;
            signature.digest_algorithm = check.digest_algorithm.map(|d| d.name().to_owned());
            if let Some(cert) = &check.signer {
                signature.signer = Some(cms::describe(&cert.tbs_certificate.subject));
                signature.issuer = Some(cms::describe(&cert.tbs_certificate.issuer));
                signature.role = rules::role_of(&cms::name_parts(&cert.tbs_certificate.subject));
            }
            signature.signing_time = match (recorded, check.signing_time) {
                (Some(recorded), _) => Some(recorded.to_rfc3339()),
                (None, Some(utc)) => Some(utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                (None, None) => None,
            };
            problems.extend(check.problems);
            if check.trusted == Some(false) {
                problems.push((
                    "not verified against a trusted root: the chain ends at a root the admin has not loaded".into(),
                    "chưa xác thực theo chứng thư gốc tin cậy: chuỗi chứng thư kết thúc ở chứng thư gốc chưa được nạp".into(),
                ));
            }
            if end < bytes.len() && signature.covers_revision {
                let later: BTreeSet<ObjectId> = all_fields
                    .iter()
                    .filter(|(e, _)| *e > end)
                    .flat_map(|(_, owned)| owned.iter().copied())
                    .collect();
                let earlier = revisions.entry(end).or_insert_with(|| load(&bytes[..end]));
                match earlier {
                    Ok(earlier) => {
                        signature.changes_after = changes_after(earlier, document, &later);
                        signature.modified_after = !signature.changes_after.is_empty();
                    }
                    Err(reason) => {
                        signature.modified_after = true;
                        signature.changes_after =
                            vec![format!("the signed revision cannot be read ({reason})")];
                    }
                }
            } else if end < bytes.len() {
                signature.modified_after = true;
                signature.changes_after =
                    vec!["bytes were added after the signed range, which does not end a revision".into()];
            }
        }
        _ => problems.push((
            "the signature has no usable byte range or value".into(),
            "chữ ký không có vùng ký hoặc giá trị chữ ký hợp lệ".into(),
        )),
    }
    if let Some(recorded) = recorded {
        signature.utc_offset = Some(recorded.format("%:z").to_string());
    }
    signature.problems = problems.iter().map(|(en, _)| en.clone()).collect();
    signature.problems_vi = problems.into_iter().map(|(_, vi)| vi).collect();
    signature
}

fn range_is_sane(&[start1, len1, start2, len2]: &[usize; 4], file_len: usize) -> bool {
    start1.checked_add(len1).is_some_and(|end1| end1 <= start2)
        && start2.checked_add(len2).is_some_and(|end2| end2 <= file_len)
}

/// The bytes left out of the range are exactly one hexadecimal string: `<…>`.
fn gap_is_signature_value(bytes: &[u8], from: usize, to: usize) -> bool {
    let Some(gap) = bytes.get(from..to) else {
        return false;
    };
    gap.len() >= 2
        && gap[0] == b'<'
        && gap[gap.len() - 1] == b'>'
        && gap[1..gap.len() - 1]
            .iter()
            .all(|b| b.is_ascii_hexdigit() || b.is_ascii_whitespace())
}

/// A revision ends with `%%EOF` and at most an end of line.
fn ends_revision(prefix: &[u8]) -> bool {
    let trimmed = prefix.strip_suffix(b"\n").unwrap_or(prefix);
    let trimmed = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
    trimmed.ends_with(b"%%EOF")
}

/// What differs between the signed revision and the final document, leaving out what later
/// signatures own, the catalog's form and security entries, page annotation lists that only
/// grew, the document information dictionary and the file's own bookkeeping streams.
fn changes_after(earlier: &Document, now: &Document, later: &BTreeSet<ObjectId>) -> Vec<String> {
    let info = now.trailer.get(b"Info").and_then(Object::as_reference).ok();
    let root = now.trailer.get(b"Root").and_then(Object::as_reference).ok();
    let dss: BTreeSet<ObjectId> = {
        let mut set = BTreeSet::new();
        if let Some(catalog) = root.and_then(|id| now.get_dictionary(id).ok())
            && let Ok(dss) = catalog.get(b"DSS")
        {
            reachable(now, dss, &mut set, 0);
        }
        set
    };
    let acroform = root
        .and_then(|id| now.get_dictionary(id).ok())
        .and_then(|catalog| catalog.get(b"AcroForm").and_then(Object::as_reference).ok());
    let mut changes = Vec::new();
    for (id, object) in &now.objects {
        let before = earlier.objects.get(id);
        if before == Some(object)
            || later.contains(id)
            || dss.contains(id)
            || Some(*id) == info
            || Some(*id) == acroform
        {
            continue;
        }
        if is_bookkeeping(object) {
            continue;
        }
        if let Some(before) = before {
            if Some(*id) == root
                && same_except(
                    before,
                    object,
                    &[b"AcroForm", b"DSS", b"Perms", b"Extensions", b"Version"],
                )
            {
                continue;
            }
            if same_except(before, object, &[b"Annots"])
                && annotations_only_grew(earlier, now, before, object)
            {
                continue;
            }
            if annotation_list_only_grew(before, object) {
                continue;
            }
            changes.push(format!(
                "{} was changed / {} bị sửa",
                what_en(now, *id),
                what_vi(now, *id)
            ));
        } else {
            changes.push(format!(
                "{} was added / {} được thêm",
                what_en(now, *id),
                what_vi(now, *id)
            ));
        }
        if changes.len() >= 20 {
            changes.push("…".into());
            break;
        }
    }
    for id in earlier.objects.keys() {
        if !now.objects.contains_key(id) && changes.len() < 20 {
            changes.push(format!(
                "object {} {} was removed / đối tượng {} {} bị xóa",
                id.0, id.1, id.0, id.1
            ));
        }
    }
    changes
}

/// What an object is to a reader: a page, a page's content, or an object by number.
fn role_on_page(document: &Document, id: ObjectId) -> Option<(u32, bool)> {
    document.get_pages().into_iter().find_map(|(number, page)| {
        if page == id {
            return Some((number, false));
        }
        document
            .get_page_contents(page)
            .contains(&id)
            .then_some((number, true))
    })
}

fn what_en(document: &Document, id: ObjectId) -> String {
    match role_on_page(document, id) {
        Some((page, true)) => format!("the content of page {page} (object {} {})", id.0, id.1),
        Some((page, false)) => format!("page {page} (object {} {})", id.0, id.1),
        None => format!("object {} {}", id.0, id.1),
    }
}

fn what_vi(document: &Document, id: ObjectId) -> String {
    match role_on_page(document, id) {
        Some((page, true)) => format!("nội dung trang {page} (đối tượng {} {})", id.0, id.1),
        Some((page, false)) => format!("trang {page} (đối tượng {} {})", id.0, id.1),
        None => format!("đối tượng {} {}", id.0, id.1),
    }
}

fn is_bookkeeping(object: &Object) -> bool {
    let dict = match object {
        Object::Stream(stream) => &stream.dict,
        Object::Dictionary(dict) => dict,
        _ => return false,
    };
    dict.has_type(b"XRef") || dict.has_type(b"ObjStm")
}

fn same_except(before: &Object, now: &Object, keys: &[&[u8]]) -> bool {
    let (Ok(before), Ok(now)) = (before.as_dict(), now.as_dict()) else {
        return false;
    };
    let strip = |dict: &Dictionary| {
        let mut copy = dict.clone();
        for key in keys {
            copy.remove(key);
        }
        copy
    };
    strip(before) == strip(now)
}

fn annotations_only_grew(earlier: &Document, now: &Document, before: &Object, after: &Object) -> bool {
    let list = |doc: &Document, page: &Object| -> Vec<Object> {
        page.as_dict()
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .and_then(|annots| doc.dereference(annots).ok())
            .and_then(|(_, annots)| annots.as_array().ok().cloned())
            .unwrap_or_default()
    };
    let old = list(earlier, before);
    let new = list(now, after);
    old.iter().all(|annot| new.contains(annot))
}

fn annotation_list_only_grew(before: &Object, after: &Object) -> bool {
    match (before.as_array(), after.as_array()) {
        (Ok(old), Ok(new)) => new.len() >= old.len() && old.iter().all(|item| new.contains(item)),
        _ => false,
    }
}

/// A PDF date (`D:YYYYMMDDHHmmSS+HH'mm'`), with its offset; a date with no offset is UTC.
pub fn parse_pdf_date(text: &str) -> Option<DateTime<FixedOffset>> {
    let text = text.strip_prefix("D:").unwrap_or(text);
    let digits = |range: std::ops::Range<usize>, default: u32| -> Option<u32> {
        match text.get(range) {
            Some(part) if part.bytes().all(|b| b.is_ascii_digit()) && !part.is_empty() => part.parse().ok(),
            _ => Some(default),
        }
    };
    let year: i32 = text.get(0..4)?.parse().ok()?;
    let month = digits(4..6, 1)?;
    let day = digits(6..8, 1)?;
    let hour = digits(8..10, 0)?;
    let minute = digits(10..12, 0)?;
    let second = digits(12..14, 0)?;
    let rest = text.get(14..).unwrap_or("");
    let offset_seconds = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let tail: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            let hours: i32 = tail.get(0..2)?.parse().ok()?;
            let minutes: i32 = tail.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            let total = hours * 3600 + minutes * 60;
            if sign == '-' { -total } else { total }
        }
        _ => 0,
    };
    let offset = FixedOffset::east_opt(offset_seconds)?;
    offset
        .with_ymd_and_hms(year, month, day, hour, minute, second)
        .single()
}

/// Where the widget shows, and whether it draws an image.
fn appearance(
    document: &Document,
    pages: &BTreeMap<u32, ObjectId>,
    widget_id: ObjectId,
) -> Option<Appearance> {
    let widget = document.get_dictionary(widget_id).ok()?;
    let rect = widget.get(b"Rect").and_then(Object::as_array).ok()?;
    if rect.len() != 4 {
        return None;
    }
    let mut numbers = [0f64; 4];
    for (slot, value) in numbers.iter_mut().zip(rect) {
        *slot = number(document, value)?;
    }
    let rect = [
        numbers[0].min(numbers[2]),
        numbers[1].min(numbers[3]),
        numbers[0].max(numbers[2]),
        numbers[1].max(numbers[3]),
    ];
    if rect[2] - rect[0] < 1.0 || rect[3] - rect[1] < 1.0 {
        // An invisible signature.
        return None;
    }
    let page_id = widget
        .get(b"P")
        .and_then(Object::as_reference)
        .ok()
        .filter(|id| pages.values().any(|p| p == id))
        .or_else(|| page_holding(document, pages, widget_id))?;
    let page = pages
        .iter()
        .find(|(_, id)| **id == page_id)
        .map(|(number, _)| *number as usize)?;
    let (page_width, page_height) = media_box(document, page_id).unwrap_or((595.0, 842.0));
    let stream = normal_appearance(document, widget);
    let has_image = stream.is_some_and(|s| draws_image(document, &s.dict, 0));
    let text = stream
        .and_then(|s| appearance_text(document, s, 0))
        .filter(|t| !t.trim().is_empty());
    Some(Appearance {
        page,
        rect,
        page_width,
        page_height,
        has_image,
        text,
    })
}

fn number(document: &Document, value: &Object) -> Option<f64> {
    let number = match document.dereference(value).ok()?.1 {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    number.is_finite().then_some(number)
}

fn page_holding(document: &Document, pages: &BTreeMap<u32, ObjectId>, widget: ObjectId) -> Option<ObjectId> {
    pages.values().copied().find(|page| {
        document
            .get_dictionary(*page)
            .ok()
            .and_then(|p| p.get(b"Annots").ok())
            .and_then(|annots| document.dereference(annots).ok())
            .and_then(|(_, annots)| annots.as_array().ok())
            .is_some_and(|annots| annots.iter().any(|a| a.as_reference().ok() == Some(widget)))
    })
}

fn media_box(document: &Document, page: ObjectId) -> Option<(f64, f64)> {
    let mut current = document.get_dictionary(page).ok()?;
    for _ in 0..16 {
        if let Ok(mb) = current.get(b"MediaBox") {
            let (_, mb) = document.dereference(mb).ok()?;
            let values: Vec<f64> = mb
                .as_array()
                .ok()?
                .iter()
                .filter_map(|v| number(document, v))
                .collect();
            if values.len() == 4 {
                return Some(((values[2] - values[0]).abs(), (values[3] - values[1]).abs()));
            }
            return None;
        }
        current = document
            .get_dictionary(current.get(b"Parent").and_then(Object::as_reference).ok()?)
            .ok()?;
    }
    None
}

fn normal_appearance<'a>(document: &'a Document, widget: &'a Dictionary) -> Option<&'a lopdf::Stream> {
    let ap = document
        .dereference(widget.get(b"AP").ok()?)
        .ok()?
        .1
        .as_dict()
        .ok()?;
    let normal = document.dereference(ap.get(b"N").ok()?).ok()?.1;
    match normal {
        Object::Stream(stream) => Some(stream),
        // Appearance states: take the first.
        Object::Dictionary(states) => states.iter().find_map(|(_, state)| {
            document
                .dereference(state)
                .ok()
                .and_then(|(_, s)| s.as_stream().ok())
        }),
        _ => None,
    }
}

fn xobjects<'a>(document: &'a Document, form: &'a Dictionary) -> Vec<(&'a [u8], &'a lopdf::Stream)> {
    let Some(resources) = form
        .get(b"Resources")
        .ok()
        .and_then(|r| document.dereference(r).ok())
        .and_then(|(_, r)| r.as_dict().ok())
    else {
        return Vec::new();
    };
    let Some(xobjects) = resources
        .get(b"XObject")
        .ok()
        .and_then(|x| document.dereference(x).ok())
        .and_then(|(_, x)| x.as_dict().ok())
    else {
        return Vec::new();
    };
    xobjects
        .iter()
        .filter_map(|(name, value)| {
            document
                .dereference(value)
                .ok()
                .and_then(|(_, v)| v.as_stream().ok())
                .map(|s| (name.as_slice(), s))
        })
        .collect()
}

fn draws_image(document: &Document, form: &Dictionary, depth: usize) -> bool {
    if depth > MAX_FORM_DEPTH {
        return false;
    }
    xobjects(document, form).into_iter().any(|(_, stream)| {
        let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).ok();
        subtype == Some(b"Image")
            || (subtype == Some(b"Form") && draws_image(document, &stream.dict, depth + 1))
    })
}

/// The fonts of a form's resources, by name.
fn fonts<'a>(document: &'a Document, form: &'a Dictionary) -> Vec<(&'a [u8], &'a Dictionary)> {
    let resources = form
        .get(b"Resources")
        .ok()
        .and_then(|r| document.dereference(r).ok())
        .and_then(|(_, r)| r.as_dict().ok());
    let Some(fonts) = resources
        .and_then(|r| r.get(b"Font").ok())
        .and_then(|f| document.dereference(f).ok())
        .and_then(|(_, f)| f.as_dict().ok())
    else {
        return Vec::new();
    };
    fonts
        .iter()
        .filter_map(|(name, value)| {
            document
                .dereference(value)
                .ok()
                .and_then(|(_, v)| v.as_dict().ok())
                .map(|d| (name.as_slice(), d))
        })
        .collect()
}

/// The text an appearance stream shows, read from its string operands through the current
/// font's encoding: its ToUnicode map when it has one (the CID fonts Vietnamese stamps use), else
/// its simple encoding. Decompression is bounded as everywhere else.
fn appearance_text(document: &Document, stream: &lopdf::Stream, depth: usize) -> Option<String> {
    if depth > MAX_FORM_DEPTH {
        return None;
    }
    let content = stream
        .decompressed_content_with_limit(1024 * 1024)
        .unwrap_or_else(|_| stream.content.clone());
    let operations = lopdf::content::Content::decode(&content).ok()?.operations;
    let forms = xobjects(document, &stream.dict);
    // A font with a ToUnicode map is read through it, whatever its /Encoding says (lopdf looks
    // at /Encoding first, which for a CID font is only `Identity-H`).
    let fonts: Vec<(&[u8], Dictionary)> = fonts(document, &stream.dict)
        .into_iter()
        .map(|(name, font)| {
            let mut font = font.clone();
            if font.has(b"ToUnicode") {
                font.remove(b"Encoding");
            }
            (name, font)
        })
        .collect();
    let mut encoding: Option<lopdf::Encoding> = None;
    let decode = |encoding: &Option<lopdf::Encoding>, bytes: &[u8]| -> String {
        encoding
            .as_ref()
            .and_then(|e| Document::decode_text(e, bytes).ok())
            .unwrap_or_else(|| pdf_text(bytes))
    };
    let mut text = String::new();
    // Inside a marked span with /ActualText, that text stands for the glyphs drawn (the
    // accessible form signing tools write), and the glyph codes are skipped.
    let mut actual_depth: Option<usize> = None;
    let mut marks = 0usize;
    for op in operations {
        match op.operator.as_str() {
            "BDC" => {
                marks += 1;
                let actual = op
                    .operands
                    .get(1)
                    .and_then(|p| document.dereference(p).ok())
                    .and_then(|(_, p)| p.as_dict().ok())
                    .and_then(|d| d.get(b"ActualText").ok())
                    .and_then(|t| t.as_str().ok());
                if actual_depth.is_none()
                    && let Some(actual) = actual
                {
                    text.push_str(&pdf_text(actual));
                    actual_depth = Some(marks);
                }
            }
            "BMC" => marks += 1,
            "EMC" => {
                if actual_depth == Some(marks) {
                    actual_depth = None;
                }
                marks = marks.saturating_sub(1);
            }
            _ if actual_depth.is_some() && matches!(op.operator.as_str(), "Tj" | "TJ" | "'" | "\"") => {}
            "Tf" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok());
                encoding = fonts
                    .iter()
                    .find(|(n, _)| Some(*n) == name)
                    .and_then(|(_, font)| font.get_font_encoding_with_limit(document, 1024 * 1024).ok());
            }
            "Tj" | "'" | "\"" => {
                if let Some(Object::String(s, _)) = op.operands.last() {
                    text.push_str(&decode(&encoding, s));
                }
            }
            "TJ" => {
                for item in op.operands.iter().filter_map(|o| o.as_array().ok()).flatten() {
                    if let Object::String(s, _) = item {
                        text.push_str(&decode(&encoding, s));
                    }
                }
            }
            "T*" | "Td" | "TD" | "ET" => text.push('\n'),
            "Do" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok());
                if let Some((_, form)) = forms.iter().find(|(n, _)| Some(*n) == name)
                    && form.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form")
                    && let Some(inner) = appearance_text(document, form, depth + 1)
                {
                    text.push_str(&inner);
                }
            }
            _ => {}
        }
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_keep_their_offset() {
        let check = |text: &str, expected: Option<&str>| {
            assert_eq!(
                parse_pdf_date(text).map(|d| d.to_rfc3339()).as_deref(),
                expected,
                "{text}"
            );
        };
        check("D:20261129101500+07'00'", Some("2026-11-29T10:15:00+07:00"));
        check("D:20261129101500+07'00", Some("2026-11-29T10:15:00+07:00"));
        check("D:20261129031500Z", Some("2026-11-29T03:15:00+00:00"));
        check("D:20261129031500-05'30'", Some("2026-11-29T03:15:00-05:30"));
        check("D:2026", Some("2026-01-01T00:00:00+00:00"));
        check("D:20261399", None);
        check("yesterday", None);
    }
}
