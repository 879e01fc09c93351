//! `cargo xtask dist`: builds the front end into a folder of hashed, precompressed static files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process;

use anyhow::{Context, Result, bail};

use crate::assets::{IndexUrls, brotli, fill_index_template, gzip, hashed_name};
use crate::bindgen::{Bindings, generate_bindings, with_start_call};
use crate::minify::{Kind, Minifier};
use crate::split::{Split, split};
use crate::toolchain::{WASM_TARGET, cargo, ensure_wasm_target, run, target_dir};
use crate::wasm_opt::{ensure_wasm_opt, optimise};

const FRONTEND_PACKAGE: &str = "scorecard-frontend";
const WASM_PROFILE: &str = "wasm-release";

/// `<root>/dist`, where `dist` writes unless told otherwise and where `serve` serves from.
pub fn default_out_dir(root: &Path) -> PathBuf {
    root.join("dist")
}

/// The file names of the first-load files of one bundle, and of its groups of lazy pages.
struct Bundle {
    wasm: String,
    js: String,
    css: String,
    html: String,
    /// The split's loader, which the JS imports: part of the first load.
    loader: String,
    /// Each group of lazy pages (its `#[lazy]` function) and the chunks its first page fetches.
    groups: Vec<(String, Vec<String>)>,
}

/// `bundles.json`: what each page's first load is and what each group of lazy pages adds, for
/// the benchmarks and the browser tests (which check that a public page fetches no staff code).
const MANIFEST: &str = "bundles.json";

/// The two bundles (issue 14): the public one, whose page is `index.html`, and the staff one,
/// with every page, whose page is `staff.html` (the server serves it at the addresses of
/// signed-in work).
const BUNDLES: [(&str, Option<&str>); 2] = [("index.html", None), ("staff.html", Some("staff"))];

/// Builds both bundles into a staging folder next to `out`, then swaps it in for `out`.
pub fn dist(root: &Path, out: &Path) -> Result<()> {
    ensure_wasm_target(root)?;
    let target = target_dir(root)?;
    let mut built = Vec::new();
    for (page, feature) in BUNDLES {
        println!("==> the {} bundle ({page})", feature.unwrap_or("public"));
        built.push((page, bundle_wasm(root, &target, feature)?));
    }
    let minifier = Minifier::ensure(&target)?;
    let staging = staging_dir(out)?;
    let bundles = fill_staging_dir(root, built, &minifier, &staging).and_then(|bundles| {
        replace_dir(&staging, out)?;
        Ok(bundles)
    });
    if bundles.is_err() {
        // The staging folder is half-written and useless; the error that matters is the first one.
        let _ = fs::remove_dir_all(&staging);
    }
    for bundle in &bundles? {
        print_size_table(out, bundle)?;
    }
    println!("wrote {}", out.display());
    Ok(())
}

/// One bundle's wasm made ready: the glue and main module, and the split's loader and chunks.
struct Built {
    bindings: Bindings,
    split: Split,
}

/// The front end built with `feature` (or none), split at its lazy routes, through wasm-bindgen
/// and wasm-opt (the main module and every chunk).
fn bundle_wasm(root: &Path, target: &Path, feature: Option<&str>) -> Result<Built> {
    build_frontend_wasm(root, feature)?;
    let raw_wasm = target
        .join(WASM_TARGET)
        .join(WASM_PROFILE)
        .join("scorecard_frontend.wasm");
    let name = feature.unwrap_or("public");
    let mut split = split(&raw_wasm, &target.join(format!("xtask-split-{name}")))?;
    let mut bindings = generate_bindings(&split.main, &target.join(format!("xtask-bindgen-{name}")))?;
    // `SCORECARD_WASM_OPT=0` skips the pass (a quicker build while working on the pages).
    if std::env::var("SCORECARD_WASM_OPT").as_deref() != Ok("0") {
        let wasm_opt = ensure_wasm_opt(target)?;
        let scratch = target.join("xtask-wasm-opt");
        bindings.wasm = optimise(&wasm_opt, &bindings.wasm, &scratch)?;
        for (_, chunk) in &mut split.chunks {
            *chunk = optimise(&wasm_opt, chunk, &scratch)?;
        }
    }
    Ok(Built { bindings, split })
}

fn build_frontend_wasm(root: &Path, feature: Option<&str>) -> Result<()> {
    // Leptos erases component types behind this flag: about a tenth less wasm, same pages.
    let mut command = cargo(root);
    // The splitter reads the linker's relocations to tell what each lazy route's code uses.
    command.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "--cfg erase_components -Clink-arg=--emit-relocs",
    );
    command.args([
        "build",
        "-p",
        FRONTEND_PACKAGE,
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        WASM_PROFILE,
    ]);
    if let Some(feature) = feature {
        command.args(["--features", feature]);
    }
    run(&mut command)
}

/// `<out>.tmp-<pid>`: a sibling, so the final rename stays on one file system.
fn staging_dir(out: &Path) -> Result<PathBuf> {
    let name = out
        .file_name()
        .with_context(|| format!("{} does not name a folder", out.display()))?;
    let mut staging_name = name.to_os_string();
    staging_name.push(format!(".tmp-{}", process::id()));
    Ok(out.with_file_name(staging_name))
}

fn fill_staging_dir(
    root: &Path,
    built: Vec<(&str, Built)>,
    minifier: &Minifier,
    staging: &Path,
) -> Result<Vec<Bundle>> {
    if staging.exists() {
        fs::remove_dir_all(staging).with_context(|| format!("cannot remove {}", staging.display()))?;
    }
    fs::create_dir_all(staging).with_context(|| format!("cannot create {}", staging.display()))?;
    // Both bundles inline the same JS snippets (the same crates); the staff one has them all.
    if let Some(snippets) = built.iter().rev().find_map(|(_, b)| b.bindings.snippets.as_ref()) {
        copy_tree(snippets, &staging.join("snippets"))?;
    }
    // Both bundles load the same stylesheet: minified and written once.
    let css = write_stylesheet(root, minifier, staging)?;
    let mut bundles = Vec::new();
    for (page, built) in built {
        let loader = &built.split.loader_name;
        let mut bundle =
            write_first_load_files(root, &built.bindings, minifier, loader, &css, staging, page)?;
        let chunks = built.split.finish(&bundle.js)?;
        for (name, bytes) in &chunks.files {
            write_file(&staging.join(name), bytes)?;
        }
        let (loader, text) = chunks.loader;
        let text = minifier.minify(&text, Kind::Module)?;
        write_file(&staging.join(loader), text.as_bytes())?;
        bundle.groups = chunks.groups;
        bundles.push(bundle);
    }
    write_file(&staging.join(MANIFEST), manifest(&bundles).as_bytes())?;
    copy_tree(&root.join("frontend/static"), staging)?;
    println!("compressing with brotli and gzip");
    precompress_tree(staging)?;
    Ok(bundles)
}

/// Writes the stylesheet, minified and content-hashed; its file name.
fn write_stylesheet(root: &Path, minifier: &Minifier, dir: &Path) -> Result<String> {
    let path = root.join("frontend/style.css");
    let style =
        String::from_utf8(read_file(&path)?).with_context(|| format!("{} is not UTF-8", path.display()))?;
    let style = minifier.minify(&style, Kind::Stylesheet)?.into_bytes();
    let css = hashed_name("style", "css", &style);
    write_file(&dir.join(&css), &style)?;
    Ok(css)
}

/// Writes the wasm, the JS that starts it (minified) and the bundle's page, which loads the
/// stylesheet `css`; each content-hashed except the page, which must keep its well-known name.
fn write_first_load_files(
    root: &Path,
    bindings: &Bindings,
    minifier: &Minifier,
    loader: &str,
    css: &str,
    dir: &Path,
    page_name: &str,
) -> Result<Bundle> {
    let wasm = hashed_name("app", "wasm", &bindings.wasm);
    write_file(&dir.join(&wasm), &bindings.wasm)?;

    let js_text = minifier.minify(&with_start_call(&bindings.js, &wasm)?, Kind::Module)?;
    let js = hashed_name("app", "js", js_text.as_bytes());
    write_file(&dir.join(&js), js_text.as_bytes())?;

    let template_path = root.join("frontend/index.html");
    let template = String::from_utf8(read_file(&template_path)?)
        .with_context(|| format!("{} is not UTF-8", template_path.display()))?;
    let urls = IndexUrls {
        style: &format!("/{css}"),
        script: &format!("/{js}"),
        wasm: &format!("/{wasm}"),
        loader: &format!("/{loader}"),
    };
    let page = fill_index_template(&template, &urls)?;
    let html = page_name.to_owned();
    write_file(&dir.join(&html), page.as_bytes())?;

    Ok(Bundle {
        wasm,
        js,
        css: css.to_owned(),
        html,
        loader: loader.to_owned(),
        groups: Vec::new(),
    })
}

/// The text of [`MANIFEST`].
fn manifest(bundles: &[Bundle]) -> String {
    let bundles: Vec<serde_json::Value> = bundles
        .iter()
        .map(|b| {
            let groups: serde_json::Map<String, serde_json::Value> = (b.groups.iter())
                .map(|(group, files)| (group.clone(), serde_json::json!(files)))
                .collect();
            serde_json::json!({
                "page": b.html,
                "first_load": [&b.html, &b.js, &b.loader, &b.wasm, &b.css],
                "groups": groups,
            })
        })
        .collect();
    let text = serde_json::to_string_pretty(&serde_json::json!({ "bundles": bundles }));
    text.unwrap_or_default() + "\n"
}

/// Copies every file under `from` into `to`, keeping relative paths; a missing `from` copies
/// nothing. A file that would overwrite a generated one is an error rather than a silent loss.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for file in files_under(from)? {
        let relative = file
            .strip_prefix(from)
            .with_context(|| format!("{} is not under {}", file.display(), from.display()))?;
        let destination = to.join(relative);
        if destination.exists() {
            bail!(
                "{} would overwrite the generated {}",
                file.display(),
                relative.display()
            );
        }
        if let Some(parent) = destination.parent() {
            fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::copy(&file, &destination)
            .with_context(|| format!("cannot copy {} to {}", file.display(), destination.display()))?;
    }
    Ok(())
}

/// Every file under `dir`, recursively, in a stable order; none if `dir` does not exist.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let entries = fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.is_dir() {
            files.extend(files_under(&path)?);
        } else {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Writes `<name>.br` and `<name>.gz` beside every file so the server never compresses at run time.
fn precompress_tree(dir: &Path) -> Result<()> {
    for file in files_under(dir)? {
        let contents = read_file(&file)?;
        write_file(&sibling(&file, "br"), &brotli(&contents)?)?;
        write_file(&sibling(&file, "gz"), &gzip(&contents)?)?;
    }
    Ok(())
}

/// `path` with `.extension` appended to its whole name (`app.js` → `app.js.br`).
fn sibling(path: &Path, extension: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// Swaps the finished staging folder in for `out`. Between the two steps `out` is briefly
/// missing; a server started meanwhile would notice, which is acceptable for a build tool.
fn replace_dir(staging: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        fs::remove_dir_all(out).with_context(|| format!("cannot remove the old {}", out.display()))?;
    }
    fs::rename(staging, out)
        .with_context(|| format!("cannot rename {} to {}", staging.display(), out.display()))
}

/// Prints raw, gzip and brotli sizes of the first-load files, and what a first visit downloads.
fn print_size_table(out: &Path, bundle: &Bundle) -> Result<()> {
    let rows = [
        ("wasm", &bundle.wasm),
        ("js", &bundle.js),
        ("loader", &bundle.loader),
        ("css", &bundle.css),
        ("html", &bundle.html),
    ];
    println!();
    println!(
        "{:<6} {:<28} {:>10} {:>10} {:>10}",
        "", "file", "raw KB", "gzip KB", "brotli KB"
    );
    let mut first_load_brotli = 0;
    for (kind, name) in rows {
        let path = out.join(name);
        let raw = file_size(&path)?;
        let gzip = file_size(&sibling(&path, "gz"))?;
        let brotli = file_size(&sibling(&path, "br"))?;
        first_load_brotli += brotli;
        println!(
            "{kind:<6} {name:<28} {:>10} {:>10} {:>10}",
            kilobytes(raw),
            kilobytes(gzip),
            kilobytes(brotli)
        );
    }
    println!(
        "first load of {} (html + js + loader + wasm + css, brotli): {} KB",
        bundle.html,
        kilobytes(first_load_brotli)
    );
    for (group, files) in &bundle.groups {
        let mut brotli = 0;
        for name in files {
            brotli += file_size(&sibling(&out.join(name), "br"))?;
        }
        println!(
            "  + {group} (fetched when one of its pages is first shown): {} files, {} KB",
            files.len(),
            kilobytes(brotli)
        );
    }
    Ok(())
}

fn kilobytes(bytes: u64) -> String {
    // Sizes of a web bundle stay far below 2^52 bytes, so the conversion to f64 is exact.
    format!("{:.1}", bytes as f64 / 1024.0)
}

fn file_size(path: &Path) -> Result<u64> {
    Ok(fs::metadata(path)
        .with_context(|| format!("cannot read the size of {}", path.display()))?
        .len())
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

fn write_file(path: &Path, contents: &[u8]) -> Result<()> {
    fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_staging_folder_is_a_sibling_of_the_output() {
        let staging = staging_dir(Path::new("/work/dist")).unwrap();
        assert_eq!(
            staging,
            PathBuf::from(format!("/work/dist.tmp-{}", process::id()))
        );
    }

    #[test]
    fn compressed_siblings_extend_the_whole_name() {
        assert_eq!(sibling(Path::new("d/app.js"), "br"), Path::new("d/app.js.br"));
    }

    #[test]
    fn every_file_gets_brotli_and_gzip_siblings_and_the_old_output_is_replaced() {
        let scratch = tempfile::tempdir().unwrap();
        let staging = scratch.path().join("staging");
        let out = scratch.path().join("out");
        fs::create_dir_all(staging.join("icons")).unwrap();
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("stale.txt"), "old").unwrap();
        fs::write(staging.join("index.html"), "<!doctype html>").unwrap();
        fs::write(staging.join("icons/favicon.svg"), "<svg/>").unwrap();

        precompress_tree(&staging).unwrap();
        replace_dir(&staging, &out).unwrap();

        let names: Vec<_> = files_under(&out)
            .unwrap()
            .iter()
            .map(|file| file.strip_prefix(&out).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "icons/favicon.svg",
                "icons/favicon.svg.br",
                "icons/favicon.svg.gz",
                "index.html",
                "index.html.br",
                "index.html.gz",
            ]
        );
    }

    #[test]
    fn static_files_may_not_overwrite_generated_ones() {
        let scratch = tempfile::tempdir().unwrap();
        let from = scratch.path().join("static");
        let to = scratch.path().join("dist");
        fs::create_dir_all(&from).unwrap();
        fs::create_dir_all(&to).unwrap();
        fs::write(from.join("index.html"), "mine").unwrap();
        fs::write(to.join("index.html"), "generated").unwrap();

        assert!(copy_tree(&from, &to).is_err());
        assert_eq!(fs::read_to_string(to.join("index.html")).unwrap(), "generated");
    }
}
