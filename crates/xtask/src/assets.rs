//! Pure steps of bundling: content-hashed names, the index template and precompression.

use std::io::{Cursor, Write};

use anyhow::{Context, Result, ensure};
use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

/// Placeholder in `frontend/index.html` for the stylesheet's URL.
pub const STYLE_PLACEHOLDER: &str = "%STYLE_HREF%";
/// Placeholder in `frontend/index.html` for the app script's URL.
pub const SCRIPT_PLACEHOLDER: &str = "%SCRIPT_SRC%";

/// `<stem>-<hash16>.<extension>`, where hash16 is the first 16 hex digits of the SHA-256 of the
/// contents, so a changed file gets a new URL and the old one can be cached forever.
pub fn hashed_name(stem: &str, extension: &str, contents: &[u8]) -> String {
    let hex: String = Sha256::digest(contents)
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("{stem}-{hex}.{extension}")
}

/// Fills the index template's placeholders with the hashed stylesheet and script URLs.
pub fn fill_index_template(template: &str, style_href: &str, script_src: &str) -> Result<String> {
    for placeholder in [STYLE_PLACEHOLDER, SCRIPT_PLACEHOLDER] {
        ensure!(
            template.contains(placeholder),
            "frontend/index.html lacks the placeholder {placeholder}"
        );
    }
    Ok(template
        .replace(STYLE_PLACEHOLDER, style_href)
        .replace(SCRIPT_PLACEHOLDER, script_src))
}

/// Brotli at the strongest settings (quality 11, 16 MiB window): compressed once, served often.
pub fn brotli(contents: &[u8]) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: contents.len(),
        ..Default::default()
    };
    let mut compressed = Vec::new();
    brotli::BrotliCompress(&mut Cursor::new(contents), &mut compressed, &params)
        .context("brotli compression failed")?;
    Ok(compressed)
}

/// Gzip at the best level, for clients without brotli.
pub fn gzip(contents: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(contents)
        .and_then(|()| encoder.finish())
        .context("gzip compression failed")
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn hashed_names_carry_sixteen_hex_digits_of_sha256() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223...
        assert_eq!(hashed_name("app", "js", b"abc"), "app-ba7816bf8f01cfea.js");
    }

    #[test]
    fn the_template_gets_both_urls() {
        let template = r#"<link rel="stylesheet" href="%STYLE_HREF%"><script type="module" src="%SCRIPT_SRC%"></script>"#;
        let html = fill_index_template(template, "/style-1.css", "/app-2.js").unwrap();
        assert_eq!(
            html,
            r#"<link rel="stylesheet" href="/style-1.css"><script type="module" src="/app-2.js"></script>"#
        );
    }

    #[test]
    fn a_template_without_a_placeholder_is_rejected() {
        let error = fill_index_template("<link href=\"%STYLE_HREF%\">", "/s.css", "/a.js")
            .unwrap_err()
            .to_string();
        assert!(error.contains("%SCRIPT_SRC%"), "{error}");
    }

    #[test]
    fn compressed_files_decompress_to_the_original() {
        let original = "Điểm chuyển đổi số ".repeat(200).into_bytes();

        let mut from_brotli = Vec::new();
        brotli::Decompressor::new(Cursor::new(brotli(&original).unwrap()), 4096)
            .read_to_end(&mut from_brotli)
            .unwrap();
        assert_eq!(from_brotli, original);

        let mut from_gzip = Vec::new();
        flate2::read::GzDecoder::new(Cursor::new(gzip(&original).unwrap()))
            .read_to_end(&mut from_gzip)
            .unwrap();
        assert_eq!(from_gzip, original);
    }
}
