//! Splitting the front end's wasm at Leptos' lazy routes (issue 14): the first-load module keeps
//! what every page needs, and each page's own code goes into a chunk that a small JS loader
//! fetches the first time the page is shown. `wasm_split_cli_support` does the cutting; this
//! names the files by their contents and ties the loader to the glue the page loads.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use crate::assets::hashed_name;

/// The raw wasm cut in two: the main module (for wasm-bindgen) and what its loader fetches.
pub struct Split {
    /// The main module, written where wasm-bindgen reads it.
    pub main: PathBuf,
    /// The loader's file name (`split-<hash of the raw wasm>.js`), which the main module
    /// imports and so must be known before the glue exists.
    pub loader_name: String,
    /// The loader as written, still naming the glue by [`MAIN_MODULE`] and the chunks by the
    /// splitter's names.
    pub loader: String,
    /// Each chunk by the splitter's file stem (`chunk_3`, `split_…`), with its bytes (which
    /// wasm-opt may replace before [`Split::finish`]).
    pub chunks: Vec<(String, Vec<u8>)>,
    /// Each group of lazy pages (its `#[lazy]` function's name) with the stems of the chunks
    /// its first showing fetches, in name order.
    pub groups: Vec<(String, Vec<String>)>,
}

/// What the loader imports `initSync` from until [`Split::finish`] names the real glue.
const MAIN_MODULE: &str = "./__scorecard_main__.js";

/// How the splitter's loader fetches a chunk; [`Split::finish`] has it fetch through
/// [`FETCH_RETRYING`] instead.
const FETCH_CALL: &str = "fetch(new URL(";

/// A chunk fetched again after a failure (a dropped connection, a server restarting): on a
/// provincial line a first failure is common, and a chunk that is not there stops the app.
/// Three tries, 0.5 and 1.5 s apart; the last answer or error is what the loader gets.
const FETCH_RETRYING: &str = "
async function fetchRetrying(url) {
    for (let attempt = 0; ; attempt++) {
        try {
            const response = await fetch(url);
            if (response.ok || attempt >= 2) return response;
        } catch (error) {
            if (attempt >= 2) throw error;
        }
        await new Promise(resolve => setTimeout(resolve, 500 * 3 ** attempt));
    }
}
";

/// Cuts `raw` (linked with `--emit-relocs`) in `scratch`, which is emptied first.
pub fn split(raw: &Path, scratch: &Path) -> Result<Split> {
    if scratch.exists() {
        fs::remove_dir_all(scratch).with_context(|| format!("cannot empty {}", scratch.display()))?;
    }
    let chunks_dir = scratch.join("chunks");
    fs::create_dir_all(&chunks_dir).with_context(|| format!("cannot create {}", chunks_dir.display()))?;
    let input = fs::read(raw).with_context(|| format!("cannot read {}", raw.display()))?;
    let loader_name = hashed_name("split", "js", &input);
    let link_name = format!("./{loader_name}");
    let main = scratch.join("scorecard_frontend.wasm");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &chunks_dir;
    options.main_out_path = &main;
    options.link_name = &link_name;
    options.main_module = MAIN_MODULE;
    println!("==> splitting {} at its lazy routes", raw.display());
    let written = wasm_split_cli_support::transform(options)
        .map_err(|error| anyhow!("wasm-split failed on {}: {error:?}", raw.display()))?;
    let loader_path = chunks_dir.join(&loader_name);
    let loader = fs::read_to_string(&loader_path)
        .with_context(|| format!("cannot read the loader {}", loader_path.display()))?;
    let mut chunks = Vec::new();
    for path in &written.split_modules {
        let stem = path
            .file_stem()
            .with_context(|| format!("{} has no file name", path.display()))?
            .to_string_lossy()
            .into_owned();
        let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let bytes =
            without_custom_sections(&bytes).with_context(|| format!("{} is not wasm", path.display()))?;
        chunks.push((stem, bytes));
    }
    chunks.sort();
    let mut groups: Vec<(String, Vec<String>)> = (written.prefetch_map.into_iter())
        .map(|(split, mut stems)| {
            stems.sort();
            (group_name(&split).to_owned(), stems)
        })
        .collect();
    groups.sort();
    println!(
        "    {:.1} kB → main {:.1} kB and {} chunks, {:.1} kB in all",
        input.len() as f64 / 1000.0,
        fs::metadata(&main).map(|m| m.len()).unwrap_or(0) as f64 / 1000.0,
        chunks.len(),
        chunks.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1000.0
    );
    Ok(Split {
        main,
        loader_name,
        loader,
        chunks,
        groups,
    })
}

/// A split's name without the hash the macro appends (`draw_public_1602…` → `draw_public`).
fn group_name(split: &str) -> &str {
    match split.rsplit_once('_') {
        Some((name, hash)) if !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => split,
    }
}

/// The files a split adds to a bundle, named by their contents.
pub struct Chunks {
    /// The loader's name and text, naming the glue and the hashed chunks.
    pub loader: (String, String),
    /// Each chunk's hashed name and bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Each group of lazy pages with the hashed names of the chunks it fetches.
    pub groups: Vec<(String, Vec<String>)>,
}

impl Split {
    /// Names each (optimised) chunk by its contents and points the loader at them and at
    /// `main_js`, the glue's file name as the page loads it (the loader must import the very
    /// module the page started, or a second copy of the app's glue would start).
    pub fn finish(self, main_js: &str) -> Result<Chunks> {
        let mut loader = replace_once(
            &self.loader,
            &format!("\"{MAIN_MODULE}\""),
            &format!("\"./{main_js}\""),
        )?;
        let fetches = loader.matches(FETCH_CALL).count();
        loader = loader.replace(FETCH_CALL, "fetchRetrying(new URL(") + FETCH_RETRYING;
        let mut files = Vec::new();
        let mut names = std::collections::HashMap::new();
        for (stem, bytes) in self.chunks {
            let quoted = format!("\"./{stem}.wasm\"");
            if !loader.contains(&quoted) {
                // An empty chunk: the loader makes it without a fetch.
                continue;
            }
            let name = hashed_name("chunk", "wasm", &bytes);
            loader = replace_once(&loader, &quoted, &format!("\"./{name}\""))?;
            names.insert(stem, name.clone());
            files.push((name, bytes));
        }
        if fetches != files.len() {
            bail!(
                "the split loader fetches {fetches} times for {} chunks",
                files.len()
            );
        }
        let mut groups = Vec::new();
        for (group, stems) in self.groups {
            let hashed = stems
                .iter()
                .map(|stem| {
                    names
                        .get(stem)
                        .cloned()
                        .with_context(|| format!("{group} needs {stem}, which is not written"))
                })
                .collect::<Result<Vec<_>>>()?;
            groups.push((group, hashed));
        }
        Ok(Chunks {
            loader: (self.loader_name, loader),
            files,
            groups,
        })
    }
}

/// A wasm module without its custom sections: the splitter copies the function names into
/// every chunk (most of a chunk's bytes), and a browser reads none of them.
fn without_custom_sections(wasm: &[u8]) -> Result<Vec<u8>> {
    const HEADER: usize = 8;
    if wasm.len() < HEADER || &wasm[..4] != b"\0asm" {
        bail!("no wasm header");
    }
    let mut kept = wasm[..HEADER].to_vec();
    let mut at = HEADER;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, width) = leb128_u32(&wasm[at + 1..]).context("a section's size is unreadable")?;
        let end = (at + 1 + width)
            .checked_add(size as usize)
            .filter(|end| *end <= wasm.len())
            .context("a section runs past the end")?;
        if id != 0 {
            kept.extend_from_slice(&wasm[at..end]);
        }
        at = end;
    }
    Ok(kept)
}

/// An unsigned LEB128 number at the start of `bytes`, and how many bytes it took.
fn leb128_u32(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    for (i, byte) in bytes.iter().take(5).enumerate() {
        value |= u32::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// `text` with `from`, which must occur exactly once, replaced by `to`.
fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => bail!("the split loader names {from} {n} times, not once"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_is_pointed_at_the_glue_and_the_hashed_chunks() {
        let split = Split {
            main: PathBuf::new(),
            loader_name: "split-00.js".into(),
            loader: format!(
                "import {{ initSync }} from \"{MAIN_MODULE}\";\n\
                 const a = fetch(new URL(\"./chunk_1.wasm\", import.meta.url));\n\
                 const b = fetch(new URL(\"./split_page.wasm\", import.meta.url));\n"
            ),
            chunks: vec![
                ("chunk_1".into(), b"one".to_vec()),
                ("chunk_2".into(), b"empty".to_vec()),
                ("split_page".into(), b"two".to_vec()),
            ],
            groups: vec![("draw_page".into(), vec!["chunk_1".into(), "split_page".into()])],
        };
        let done = split.finish("app-0123456789abcdef.js").unwrap();
        let (one, two) = (
            hashed_name("chunk", "wasm", b"one"),
            hashed_name("chunk", "wasm", b"two"),
        );
        assert_eq!(done.loader.0, "split-00.js");
        assert_eq!(
            done.loader.1,
            format!(
                "import {{ initSync }} from \"./app-0123456789abcdef.js\";\n\
                 const a = fetchRetrying(new URL(\"./{one}\", import.meta.url));\n\
                 const b = fetchRetrying(new URL(\"./{two}\", import.meta.url));\n{FETCH_RETRYING}"
            )
        );
        assert_eq!(
            done.groups,
            [("draw_page".to_owned(), vec![one.clone(), two.clone()])]
        );
        assert_eq!(done.files, [(one, b"one".to_vec()), (two, b"two".to_vec())]);
    }

    #[test]
    fn a_group_is_named_without_the_macros_hash() {
        assert_eq!(group_name("draw_public_16028157288586768742"), "draw_public");
        assert_eq!(group_name("draw_public"), "draw_public");
        assert_eq!(group_name("page"), "page");
    }

    #[test]
    fn custom_sections_are_dropped_and_the_rest_kept() {
        let header = b"\0asm\x01\0\0\0";
        let name = [0u8, 5, 4, b'n', b'a', b'm', b'e'];
        let types = [1u8, 4, 1, 0x60, 0, 0];
        let long_custom: Vec<u8> = [0u8, 0x80, 0x01].into_iter().chain([0u8; 128]).collect();
        let module: Vec<u8> = [&header[..], &name, &types, &long_custom].concat();
        assert_eq!(
            without_custom_sections(&module).unwrap(),
            [&header[..], &types].concat()
        );
        assert!(
            without_custom_sections(&module[..module.len() - 1]).is_err(),
            "cut short"
        );
        assert!(without_custom_sections(b"not wasm").is_err());
    }

    #[test]
    fn a_loader_fetching_other_than_its_chunks_is_an_error() {
        let split = |loader: &str| Split {
            main: PathBuf::new(),
            loader_name: "split-00.js".into(),
            loader: format!("import {{ initSync }} from \"{MAIN_MODULE}\";\n{loader}"),
            chunks: vec![("chunk_1".to_owned(), b"one".to_vec())],
            groups: Vec::new(),
        };
        let twice = "fetch(new URL(\"./chunk_1.wasm\")); fetch(new URL(\"./other.wasm\"));";
        assert!(split(twice).finish("app.js").is_err());
        let fetched = "fetch(new URL(\"./chunk_1.wasm\"));";
        assert!(split(fetched).finish("app.js").is_ok());
    }

    #[test]
    fn a_name_the_loader_lacks_is_an_error_not_a_broken_page() {
        assert!(replace_once("import x from \"./a.js\"", "\"./b.js\"", "\"./c.js\"").is_err());
        assert!(replace_once("\"./a.js\" \"./a.js\"", "\"./a.js\"", "\"./c.js\"").is_err());
    }
}
