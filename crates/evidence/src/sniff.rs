//! The type of an evidence file, read from its content and never from its name: the product
//! accepts PDF, PNG, JPEG, WebP, DOCX, XLSX, ODT, ODS and plain UTF-8 text, and refuses
//! everything else (HTML and SVG above all, which a browser would run) with a message that
//! says what the file looked like.

use std::io::Cursor;

use serde::{Deserialize, Serialize};

/// A file type the product keeps as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Webp,
    Docx,
    Xlsx,
    Odt,
    Ods,
    Text,
}

impl FileKind {
    /// Every kind, in the order the product lists them.
    pub const ALL: [FileKind; 9] = [
        FileKind::Pdf,
        FileKind::Png,
        FileKind::Jpeg,
        FileKind::Webp,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Odt,
        FileKind::Ods,
        FileKind::Text,
    ];

    /// The media type the file is stored and served with.
    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Webp => "image/webp",
            FileKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Odt => "application/vnd.oasis.opendocument.text",
            FileKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            FileKind::Text => "text/plain; charset=utf-8",
        }
    }

    /// The kind stored under a media type, the inverse of [`FileKind::media_type`].
    pub fn from_media_type(media_type: &str) -> Option<FileKind> {
        FileKind::ALL
            .into_iter()
            .find(|kind| kind.media_type() == media_type)
    }

    /// A short name people read ("PDF", "DOCX").
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Png => "PNG",
            FileKind::Jpeg => "JPEG",
            FileKind::Webp => "WebP",
            FileKind::Docx => "DOCX",
            FileKind::Xlsx => "XLSX",
            FileKind::Odt => "ODT",
            FileKind::Ods => "ODS",
            FileKind::Text => "TXT",
        }
    }
}

/// Why a file was refused: what its content looked like.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("the file is empty")]
    Empty,
    #[error("the file is markup ({0}), which is not accepted as evidence")]
    Markup(&'static str),
    #[error("the file is a ZIP archive that is not a DOCX, XLSX, ODT or ODS document")]
    OtherArchive,
    #[error("the file's type is not one of PDF, PNG, JPEG, WebP, DOCX, XLSX, ODT, ODS or plain UTF-8 text")]
    Unknown,
}

impl Refused {
    /// The reason in Vietnamese, beside the English of `Display`.
    pub fn vietnamese(&self) -> String {
        match self {
            Refused::Empty => "Tệp rỗng.".to_owned(),
            Refused::Markup(what) => {
                format!("Tệp là mã đánh dấu ({what}), không được nhận làm tài liệu kiểm chứng.")
            }
            Refused::OtherArchive => {
                "Tệp là gói ZIP nhưng không phải tài liệu DOCX, XLSX, ODT hay ODS.".to_owned()
            }
            Refused::Unknown => {
                "Loại tệp không thuộc PDF, PNG, JPEG, WebP, DOCX, XLSX, ODT, ODS hay văn bản thuần UTF-8."
                    .to_owned()
            }
        }
    }
}

/// How far into a file the PDF header may start (readers accept a little leading junk).
const PDF_HEADER_WINDOW: usize = 1024;

/// The kind of a file from its bytes, or why it is refused.
pub fn sniff(bytes: &[u8]) -> Result<FileKind, Refused> {
    if bytes.is_empty() {
        return Err(Refused::Empty);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(FileKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(FileKind::Jpeg);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(FileKind::Webp);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return office_document(bytes);
    }
    // A PDF that is really HTML starts with markup; look for markup before the PDF header, so
    // that "<html>…%PDF-" is refused as HTML.
    if let Some(markup) = markup(bytes) {
        return Err(markup);
    }
    let window = &bytes[..bytes.len().min(PDF_HEADER_WINDOW)];
    if window.windows(5).any(|w| w == b"%PDF-") {
        return Ok(FileKind::Pdf);
    }
    if is_plain_text(bytes) {
        return Ok(FileKind::Text);
    }
    Err(Refused::Unknown)
}

/// The kind of the file at `path`, read without holding the whole file in memory: its first
/// bytes decide, a ZIP is read through its central directory, and text is checked in chunks.
pub fn sniff_file(path: &std::path::Path) -> std::io::Result<Result<FileKind, Refused>> {
    use std::io::{Read, Seek};
    let mut file = std::fs::File::open(path)?;
    let mut head = vec![0u8; PDF_HEADER_WINDOW];
    let mut filled = 0;
    while filled < head.len() {
        let read = file.read(&mut head[filled..])?;
        if read == 0 {
            break;
        }
        filled += read;
    }
    head.truncate(filled);
    if head.starts_with(b"PK\x03\x04") {
        file.rewind()?;
        return Ok(office_document_from(file, &head));
    }
    match sniff(&head) {
        // The head is valid text; the rest must be too.
        Ok(FileKind::Text) => {
            file.rewind()?;
            Ok(if is_plain_text_stream(&mut file)? {
                Ok(FileKind::Text)
            } else {
                Err(Refused::Unknown)
            })
        }
        // A head cut inside a multi-byte character is not text by itself: check the whole.
        Err(Refused::Unknown) if filled == PDF_HEADER_WINDOW && markup(&head).is_none() => {
            file.rewind()?;
            Ok(if is_plain_text_stream(&mut file)? {
                Ok(FileKind::Text)
            } else {
                Err(Refused::Unknown)
            })
        }
        other => Ok(other),
    }
}

/// Plain text read in chunks, carrying a character cut at a chunk's end into the next.
fn is_plain_text_stream(reader: &mut impl std::io::Read) -> std::io::Result<bool> {
    let mut buffer = vec![0u8; 64 * 1024];
    let mut carry = 0;
    loop {
        let read = reader.read(&mut buffer[carry..])?;
        let end = carry + read;
        if read == 0 {
            return Ok(carry == 0);
        }
        let (valid, rest) = match std::str::from_utf8(&buffer[..end]) {
            Ok(text) => (text, 0),
            Err(err) if err.error_len().is_none() => {
                let upto = err.valid_up_to();
                // Proven valid: from_utf8 said so up to here.
                (
                    std::str::from_utf8(&buffer[..upto]).unwrap_or_default(),
                    end - upto,
                )
            }
            Err(_) => return Ok(false),
        };
        if !valid
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        {
            return Ok(false);
        }
        buffer.copy_within(end - rest..end, 0);
        carry = rest;
    }
}

/// Markup a browser would render or run: HTML, SVG, XML (which may be XHTML or SVG).
fn markup(bytes: &[u8]) -> Option<Refused> {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    const SIGNS: [(&str, &str); 9] = [
        ("<!doctype html", "HTML"),
        ("<html", "HTML"),
        ("<head", "HTML"),
        ("<body", "HTML"),
        ("<script", "HTML"),
        ("<iframe", "HTML"),
        ("<svg", "SVG"),
        ("<?xml", "XML"),
        ("<!--", "HTML"),
    ];
    SIGNS
        .iter()
        .find(|(sign, _)| text.starts_with(sign))
        .map(|(_, name)| Refused::Markup(name))
}

/// Plain UTF-8 text: no NUL and no control characters but tab, line feed, carriage return
/// and form feed.
fn is_plain_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    text.chars()
        .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
}

/// DOCX and XLSX are ZIP archives with `[Content_Types].xml` and a `word/` or `xl/` part; ODT
/// and ODS begin with an uncompressed `mimetype` entry naming their type.
fn office_document(bytes: &[u8]) -> Result<FileKind, Refused> {
    office_document_from(Cursor::new(bytes), bytes)
}

/// The same, from any seekable reader whose first bytes are `head`.
fn office_document_from<R: std::io::Read + std::io::Seek>(
    reader: R,
    bytes: &[u8],
) -> Result<FileKind, Refused> {
    const ODF_MIMETYPE_AT: usize = 30;
    if bytes.len() > ODF_MIMETYPE_AT + 8 && &bytes[ODF_MIMETYPE_AT..ODF_MIMETYPE_AT + 8] == b"mimetype" {
        let rest = &bytes[ODF_MIMETYPE_AT + 8..bytes.len().min(ODF_MIMETYPE_AT + 8 + 64)];
        if rest.starts_with(b"application/vnd.oasis.opendocument.text") {
            return Ok(FileKind::Odt);
        }
        if rest.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") {
            return Ok(FileKind::Ods);
        }
        return Err(Refused::OtherArchive);
    }
    // Only the central directory is read (names, no content), so a ZIP bomb costs nothing.
    let Ok(archive) = zip::ZipArchive::new(reader) else {
        return Err(Refused::OtherArchive);
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|name| name.into_owned())
        .collect();
    if !names.iter().any(|name| name == "[Content_Types].xml") {
        return Err(Refused::OtherArchive);
    }
    if names.iter().any(|name| name.starts_with("word/")) {
        return Ok(FileKind::Docx);
    }
    if names.iter().any(|name| name.starts_with("xl/")) {
        return Ok(FileKind::Xlsx);
    }
    Err(Refused::OtherArchive)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], expected: Result<FileKind, Refused>) {
        assert_eq!(
            sniff(bytes),
            expected,
            "{:?}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(40)])
        );
    }

    fn zip_with(names: &[&str]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        let stored =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for name in names {
            writer.start_file(*name, stored).expect("a zip entry");
            std::io::Write::write_all(&mut writer, b"x").expect("zip content");
        }
        writer.finish().expect("a zip");
        out.into_inner()
    }

    #[test]
    fn kinds_are_read_from_the_content() {
        check(b"%PDF-1.7\n1 0 obj", Ok(FileKind::Pdf));
        check(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Ok(FileKind::Png));
        check(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], Ok(FileKind::Jpeg));
        check(b"RIFF\x10\0\0\0WEBPVP8 ", Ok(FileKind::Webp));
        check(
            "Biên bản kiểm tra\nngày 29/11/2026\n".as_bytes(),
            Ok(FileKind::Text),
        );
        check(
            &zip_with(&["[Content_Types].xml", "word/document.xml"]),
            Ok(FileKind::Docx),
        );
        check(
            &zip_with(&["[Content_Types].xml", "xl/workbook.xml"]),
            Ok(FileKind::Xlsx),
        );
        let mut odt = zip_with(&["mimetype"]);
        odt.splice(38..39, b"application/vnd.oasis.opendocument.text".iter().copied());
        check(&odt, Ok(FileKind::Odt));
    }

    #[test]
    fn markup_and_other_files_are_refused() {
        check(b"", Err(Refused::Empty));
        check(b"<!DOCTYPE html><html>%PDF-1.7", Err(Refused::Markup("HTML")));
        check(b"  <html><script>alert(1)</script>", Err(Refused::Markup("HTML")));
        check(
            b"\xef\xbb\xbf<svg xmlns='http://www.w3.org/2000/svg'/>",
            Err(Refused::Markup("SVG")),
        );
        check(b"<?xml version='1.0'?><svg/>", Err(Refused::Markup("XML")));
        check(&zip_with(&["evil.exe"]), Err(Refused::OtherArchive));
        check(b"MZ\x90\0\x03\0\0\0", Err(Refused::Unknown));
        check(b"GIF89a\x01\0\x01\0", Err(Refused::Unknown));
        check(b"\x7fELF\x02\x01\x01\0", Err(Refused::Unknown));
    }

    #[test]
    fn files_are_sniffed_as_their_bytes_are() {
        let dir = std::env::temp_dir().join(format!("sniff-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let check_file = |name: &str, bytes: &[u8], expected: Result<FileKind, Refused>| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).expect("written");
            assert_eq!(sniff_file(&path).expect("read"), expected, "{name}");
            assert_eq!(sniff(bytes), expected, "{name} in memory");
        };
        // Long Vietnamese text, with a character cut by every chunk boundary somewhere.
        let long = "Biên bản kiểm tra việc ký số văn bản điện tử. ".repeat(5000);
        check_file("long.txt", long.as_bytes(), Ok(FileKind::Text));
        let mut bad_tail = long.clone().into_bytes();
        bad_tail.extend_from_slice(b"\0\0");
        check_file("nul-at-the-end.txt", &bad_tail, Err(Refused::Unknown));
        check_file(
            "a.docx",
            &zip_with(&["[Content_Types].xml", "word/document.xml"]),
            Ok(FileKind::Docx),
        );
        check_file(
            "page.html",
            b"<html><body>x</body></html>",
            Err(Refused::Markup("HTML")),
        );
        check_file("doc.pdf", b"%PDF-1.7\n%%EOF", Ok(FileKind::Pdf));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_media_type_names_its_kind() {
        for kind in FileKind::ALL {
            assert_eq!(FileKind::from_media_type(kind.media_type()), Some(kind));
        }
        assert_eq!(FileKind::from_media_type("text/html"), None);
    }
}
