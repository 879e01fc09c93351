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
/// Placeholder in `frontend/index.html` for the wasm module's URL, preloaded so that its
/// download does not wait for the script to run.
pub const WASM_PLACEHOLDER: &str = "%WASM_HREF%";
/// Placeholder in `frontend/index.html` for the split's loader ([`crate::split`]), which the
/// app script imports: preloaded with it, so that it does not wait for the script to arrive.
pub const LOADER_PLACEHOLDER: &str = "%LOADER_SRC%";

/// The hashed URLs the index page names.
pub struct IndexUrls<'a> {
    pub style: &'a str,
    pub script: &'a str,
    pub wasm: &'a str,
    pub loader: &'a str,
}

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

/// Fills the index template's placeholders with the hashed stylesheet, script and wasm URLs.
pub fn fill_index_template(template: &str, urls: &IndexUrls) -> Result<String> {
    for placeholder in [
        STYLE_PLACEHOLDER,
        SCRIPT_PLACEHOLDER,
        WASM_PLACEHOLDER,
        LOADER_PLACEHOLDER,
    ] {
        ensure!(
            template.contains(placeholder),
            "frontend/index.html lacks the placeholder {placeholder}"
        );
    }
    Ok(template
        .replace(STYLE_PLACEHOLDER, urls.style)
        .replace(SCRIPT_PLACEHOLDER, urls.script)
        .replace(WASM_PLACEHOLDER, urls.wasm)
        .replace(LOADER_PLACEHOLDER, urls.loader))
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

    const URLS: IndexUrls = IndexUrls {
        style: "/style-1.css",
        script: "/app-2.js",
        wasm: "/app-3.wasm",
        loader: "/split-4.js",
    };

    #[test]
    fn the_template_gets_every_url() {
        let template = r#"<link rel="preload" href="%WASM_HREF%"><link rel="modulepreload" href="%SCRIPT_SRC%"><link rel="modulepreload" href="%LOADER_SRC%"><link rel="stylesheet" href="%STYLE_HREF%"><script type="module" src="%SCRIPT_SRC%"></script>"#;
        let html = fill_index_template(template, &URLS).unwrap();
        assert_eq!(
            html,
            r#"<link rel="preload" href="/app-3.wasm"><link rel="modulepreload" href="/app-2.js"><link rel="modulepreload" href="/split-4.js"><link rel="stylesheet" href="/style-1.css"><script type="module" src="/app-2.js"></script>"#
        );
    }

    #[test]
    fn a_template_without_a_placeholder_is_rejected() {
        let error = fill_index_template("<link href=\"%STYLE_HREF%\" %WASM_HREF% %LOADER_SRC%>", &URLS)
            .unwrap_err()
            .to_string();
        assert!(error.contains("%SCRIPT_SRC%"), "{error}");
    }

    #[test]
    fn the_shipped_template_preloads_what_the_first_page_needs() {
        let template = include_str!("../../../frontend/index.html");
        let html = fill_index_template(template, &URLS).unwrap();
        // The same request the glue makes (`fetch`, same-origin credentials), so the browser
        // uses the preloaded response instead of downloading the module twice.
        assert!(
            html.contains(
                r#"<link rel="preload" href="/app-3.wasm" as="fetch" type="application/wasm" crossorigin>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<link rel="modulepreload" href="/app-2.js">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<link rel="modulepreload" href="/split-4.js">"#),
            "{html}"
        );
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
