//! Text files as spreadsheet programs save them: UTF-8 with or without a byte order mark, and
//! UTF-16 ("Unicode text" in Excel) with its byte order mark or without. A file in a legacy code
//! page (Windows-1258, as older Vietnamese machines save, or TCVN3, or Windows-1252) is refused
//! with a message that says which encoding it looks like and how to save it again: decoding it
//! as something else would put wrong diacritics into the records.

use std::borrow::Cow;

/// Why the bytes are not text this product reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodingProblem {
    /// Not UTF-8 and not UTF-16: most likely saved in a legacy code page.
    Legacy {
        /// What it looks like, e.g. "Windows-1258".
        guess: &'static str,
        /// The line of the first byte that is not UTF-8 (1-based).
        line: usize,
    },
    /// UTF-16 with a broken character (an odd number of bytes, or half a surrogate pair).
    BrokenUtf16,
}

impl EncodingProblem {
    /// The reason in English, with what to do.
    pub fn message_en(&self) -> String {
        match self {
            EncodingProblem::Legacy { guess, line } => format!(
                "the file is not UTF-8 text: from line {line} it looks like {guess}. Save it again as UTF-8 \
                 (in Excel: File → Save As → \"CSV UTF-8 (Comma delimited)\"; in LibreOffice: Save As → \
                 Text CSV, character set Unicode (UTF-8)), then import it again"
            ),
            EncodingProblem::BrokenUtf16 => {
                "the file starts as UTF-16 (Unicode text) but a character in it is broken; save it again and import it again"
                    .to_owned()
            }
        }
    }

    /// The reason in Vietnamese, with what to do.
    pub fn message_vi(&self) -> String {
        match self {
            EncodingProblem::Legacy { guess, line } => format!(
                "Tệp không phải văn bản UTF-8: từ dòng {line} có vẻ được lưu bằng bảng mã {guess}. Hãy lưu lại \
                 dạng UTF-8 (trong Excel: Tệp → Lưu thành → \"CSV UTF-8 (Comma delimited)\"; trong LibreOffice: \
                 Lưu thành → Text CSV, bộ ký tự Unicode (UTF-8)) rồi nhập lại."
            ),
            EncodingProblem::BrokenUtf16 => {
                "Tệp được lưu dạng UTF-16 (Unicode text) nhưng có ký tự bị hỏng; hãy lưu lại rồi nhập lại."
                    .to_owned()
            }
        }
    }
}

/// The text of a file: UTF-8 (a byte order mark is dropped) or UTF-16 (by its byte order mark,
/// or by the zero bytes of its ASCII characters when it has none).
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, EncodingProblem> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    match zeros_of_utf16(bytes) {
        Some(Endian::Little) => utf16(bytes, u16::from_le_bytes),
        Some(Endian::Big) => utf16(bytes, u16::from_be_bytes),
        None => utf8(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, EncodingProblem> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(error) => {
            let at = error.valid_up_to();
            let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
            Err(EncodingProblem::Legacy {
                guess: legacy_guess(bytes),
                line,
            })
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<Cow<'_, str>, EncodingProblem> {
    if !bytes.len().is_multiple_of(2) {
        return Err(EncodingProblem::BrokenUtf16);
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let text: String = char::decode_utf16(units)
        .collect::<Result<_, _>>()
        .map_err(|_| EncodingProblem::BrokenUtf16)?;
    Ok(Cow::Owned(
        text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned(),
    ))
}

enum Endian {
    Little,
    Big,
}

/// UTF-16 without a byte order mark: ASCII text (a header row always is) has a zero in every
/// other byte.
fn zeros_of_utf16(bytes: &[u8]) -> Option<Endian> {
    let head = &bytes[..bytes.len().min(200) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let zero_at = |offset: usize| head.iter().skip(offset).step_by(2).filter(|&&b| b == 0).count();
    if zero_at(1) * 10 >= pairs * 9 && zero_at(0) == 0 {
        Some(Endian::Little)
    } else if zero_at(0) * 10 >= pairs * 9 && zero_at(1) == 0 {
        Some(Endian::Big)
    } else {
        None
    }
}

/// Which legacy code page bytes that are not UTF-8 most likely come from. Windows-1258 writes
/// Vietnamese with separate tone marks (0xCC, 0xD2, 0xDE, 0xEC, 0xF2) and has its own Ă, Đ, Ơ, Ư
/// (0xC3, 0xD0, 0xD5, 0xDD and their lowercase): text where a quarter of the high bytes are
/// those reads as Vietnamese in it. Anything else is named for what it most often is.
fn legacy_guess(bytes: &[u8]) -> &'static str {
    let high: Vec<u8> = bytes.iter().copied().filter(|&b| b >= 0x80).collect();
    let typical = [
        0xCC, 0xD2, 0xDE, 0xEC, 0xF2, 0xC3, 0xE3, 0xD0, 0xF0, 0xD5, 0xF5, 0xDD, 0xFD,
    ];
    let vietnamese = high.iter().filter(|b| typical.contains(b)).count();
    if vietnamese > 0 && vietnamese * 4 >= high.len() {
        "Windows-1258 (tiếng Việt / Vietnamese)"
    } else {
        "Windows-1252, or a legacy Vietnamese code page such as TCVN3 or VNI"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "round,organization,criterion,outcome\n2019,btc,TC-01,met\nĐợt ghi chú";

    fn utf16_bytes(text: &str, bom: bool, little: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = if bom { vec![0xFEFFu16] } else { Vec::new() };
        for unit in units.into_iter().chain(text.encode_utf16()) {
            out.extend(if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        out
    }

    #[test]
    fn utf8_and_utf16_in_every_form_read_the_same() {
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend(HEADER.as_bytes());
        let cases: [(&str, Vec<u8>); 6] = [
            ("UTF-8", HEADER.as_bytes().to_vec()),
            ("UTF-8 with BOM", with_bom),
            ("UTF-16LE with BOM", utf16_bytes(HEADER, true, true)),
            ("UTF-16BE with BOM", utf16_bytes(HEADER, true, false)),
            ("UTF-16LE without BOM", utf16_bytes(HEADER, false, true)),
            ("UTF-16BE without BOM", utf16_bytes(HEADER, false, false)),
        ];
        for (name, bytes) in cases {
            assert_eq!(decode(&bytes).as_deref(), Ok(HEADER), "{name}");
        }
    }

    #[test]
    fn legacy_code_pages_are_refused_naming_a_guess_and_the_line() {
        // "Bộ Tài chính" in Windows-1258: ô followed by the separate dot below.
        let cp1258 = b"round,organization\n2019,B\xf4\xf2 T\xe0i ch\xednh\n";
        assert_eq!(
            decode(cp1258),
            Err(EncodingProblem::Legacy {
                guess: "Windows-1258 (tiếng Việt / Vietnamese)",
                line: 2
            })
        );
        // "Đồng" in Windows-1258: its own Đ and the tone mark after ô.
        let dong = b"\xd0\xf4\xccng";
        assert!(
            matches!(decode(dong), Err(EncodingProblem::Legacy { guess, line: 1 }) if guess.starts_with("Windows-1258"))
        );
        let latin1 = b"caf\xe9 cr\xe8me";
        assert!(
            matches!(decode(latin1), Err(EncodingProblem::Legacy { guess, .. }) if guess.starts_with("Windows-1252"))
        );
    }

    #[test]
    fn broken_utf16_is_refused() {
        let mut odd = utf16_bytes("round,organization", true, true);
        odd.push(0x41);
        assert_eq!(decode(&odd), Err(EncodingProblem::BrokenUtf16));
        let lone_surrogate = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00];
        assert_eq!(decode(&lone_surrogate), Err(EncodingProblem::BrokenUtf16));
    }

    #[test]
    fn the_messages_say_what_to_do_in_both_languages() {
        let problem = EncodingProblem::Legacy {
            guess: "Windows-1258 (tiếng Việt / Vietnamese)",
            line: 3,
        };
        assert!(problem.message_vi().contains("dòng 3") && problem.message_vi().contains("UTF-8"));
        assert!(problem.message_en().contains("line 3") && problem.message_en().contains("CSV UTF-8"));
    }
}
