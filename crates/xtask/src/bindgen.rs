//! Turning the front end's raw wasm into a browser ES module with the pinned wasm-bindgen.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use wasm_bindgen_cli_support::Bindgen;

/// The wasm-bindgen version xtask is built with.
///
/// It must equal both the `=` pin of `wasm-bindgen-cli-support` in `crates/xtask/Cargo.toml` and
/// the `wasm-bindgen` version in `Cargo.lock`, because the generated JS glue and the runtime
/// linked into the wasm speak a private, version-specific protocol. Unit tests check both.
pub const PINNED_WASM_BINDGEN: &str = "0.2.130";

/// What wasm-bindgen made of the front end: the JS glue, the final wasm and any JS snippets.
pub struct Bindings {
    /// The ES module that loads and wraps the wasm.
    pub js: String,
    /// The wasm module the glue expects.
    pub wasm: Vec<u8>,
    /// A `snippets/` folder of JS the crates inlined, which the glue imports relatively.
    pub snippets: Option<PathBuf>,
}

/// Runs wasm-bindgen for the web target on `input`, the main module of a split
/// ([`crate::split`]), using `scratch` as its (emptied) output folder. The split's loader reads
/// the function table and the shared names of the main module, which wasm-bindgen keeps only
/// when told to (`keep_lld_exports`, no demangling).
pub fn generate_bindings(input: &Path, scratch: &Path) -> Result<Bindings> {
    if scratch.exists() {
        fs::remove_dir_all(scratch).with_context(|| format!("cannot empty {}", scratch.display()))?;
    }
    println!(
        "running wasm-bindgen {PINNED_WASM_BINDGEN} on {}",
        input.display()
    );
    Bindgen::new()
        .input_path(input)
        .web(true)?
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .keep_lld_exports(true)
        .demangle(false)
        .generate(scratch)
        .with_context(|| format!("wasm-bindgen failed on {}", input.display()))?;

    let stem = input
        .file_stem()
        .with_context(|| format!("{} has no file name", input.display()))?
        .to_string_lossy();
    let js_path = scratch.join(format!("{stem}.js"));
    let wasm_path = scratch.join(format!("{stem}_bg.wasm"));
    let snippets = scratch.join("snippets");
    Ok(Bindings {
        js: fs::read_to_string(&js_path).with_context(|| format!("cannot read {}", js_path.display()))?,
        wasm: fs::read(&wasm_path).with_context(|| format!("cannot read {}", wasm_path.display()))?,
        snippets: snippets.is_dir().then_some(snippets),
    })
}

/// Appends the call that starts the app, so the page needs no inline script (and no CSP hole).
pub fn with_start_call(js: &str, wasm_url: &str) -> Result<String> {
    let init = default_export(js)?;
    let separator = if js.ends_with('\n') { "" } else { "\n" };
    Ok(format!(
        "{js}{separator}{init}({{ module_or_path: new URL(\"{wasm_url}\", import.meta.url) }});\n"
    ))
}

/// The local name of the glue's default export, its async init function (`__wbg_init` today).
///
/// Older wasm-bindgen releases wrote `export default __wbg_init;`; 0.2.130 writes
/// `export { initSync, __wbg_init as default };`. Both shapes are read so a version bump does not
/// silently break start-up.
fn default_export(js: &str) -> Result<&str> {
    for line in js.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("export default ") {
            let rest = rest.strip_prefix("async ").unwrap_or(rest);
            let rest = rest.strip_prefix("function ").unwrap_or(rest);
            return leading_identifier(rest);
        }
        if let Some(list) = line.strip_prefix("export {") {
            let list = list.split('}').next().unwrap_or_default();
            let aliased = list
                .split(',')
                .find_map(|item| item.trim().strip_suffix(" as default"));
            if let Some(name) = aliased {
                return leading_identifier(name.trim());
            }
        }
    }
    bail!("the wasm-bindgen glue has no default export to start the app with")
}

fn leading_identifier(text: &str) -> Result<&str> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(text.len());
    match &text[..end] {
        "" => bail!("cannot read the default export's name from `{text}`"),
        name => Ok(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(js: &str, expected: Option<&str>) {
        assert_eq!(default_export(js).ok(), expected, "glue: {js:?}");
    }

    #[test]
    fn the_default_export_is_found_in_every_shape() {
        check(
            "function initSync() {}\nexport { initSync, __wbg_init as default };",
            Some("__wbg_init"),
        );
        check("export default __wbg_init;\n", Some("__wbg_init"));
        check(
            "export default async function __wbg_init(module_or_path) {",
            Some("__wbg_init"),
        );
        check("export { initSync };\nexport { init as default };", Some("init"));
        check("export { initSync };", None);
        check("export default ;", None);
    }

    #[test]
    fn the_start_call_loads_the_hashed_wasm() {
        let js = with_start_call("export { __wbg_init as default };", "app-0123.wasm").unwrap();
        assert_eq!(
            js,
            "export { __wbg_init as default };\n\
             __wbg_init({ module_or_path: new URL(\"app-0123.wasm\", import.meta.url) });\n"
        );
    }

    /// The versions of every `[[package]]` named `name` in a Cargo.lock.
    fn locked_versions<'a>(lockfile: &'a str, name: &str) -> Vec<&'a str> {
        let wanted = format!("name = \"{name}\"");
        let mut lines = lockfile.lines();
        let mut versions = Vec::new();
        while let Some(line) = lines.next() {
            if line == wanted {
                let version = lines.next().and_then(|l| l.strip_prefix("version = \""));
                versions.extend(version.map(|v| v.trim_end_matches('"')));
            }
        }
        versions
    }

    #[test]
    fn the_lockfile_uses_the_pinned_wasm_bindgen() {
        let root = crate::toolchain::workspace_root().unwrap();
        let lockfile = fs::read_to_string(root.join("Cargo.lock")).unwrap();
        // xtask itself pulls in wasm-bindgen-shared, so the lockfile always has it; wasm-bindgen
        // comes with the front end's dependencies.
        let shared = locked_versions(&lockfile, "wasm-bindgen-shared");
        assert!(!shared.is_empty(), "Cargo.lock has no wasm-bindgen-shared");
        for version in shared
            .into_iter()
            .chain(locked_versions(&lockfile, "wasm-bindgen"))
        {
            assert_eq!(
                version, PINNED_WASM_BINDGEN,
                "Cargo.lock has wasm-bindgen {version} but xtask generates glue with \
                 {PINNED_WASM_BINDGEN}; set `wasm-bindgen-cli-support = \"={version}\"` in \
                 crates/xtask/Cargo.toml and PINNED_WASM_BINDGEN in crates/xtask/src/bindgen.rs"
            );
        }
    }

    #[test]
    fn the_manifest_pins_cli_support_to_the_same_version() {
        let manifest = include_str!("../Cargo.toml");
        let pin = format!("wasm-bindgen-cli-support = \"={PINNED_WASM_BINDGEN}\"");
        assert!(
            manifest.lines().any(|line| line.trim() == pin),
            "crates/xtask/Cargo.toml should say `{pin}` to match PINNED_WASM_BINDGEN"
        );
    }

    #[test]
    fn lockfile_versions_are_read_per_package() {
        let lockfile = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.1\"\n\n\
                        [[package]]\nname = \"wasm-bindgen-shared\"\nversion = \"0.2.9\"\n";
        assert_eq!(locked_versions(lockfile, "wasm-bindgen"), ["0.2.1"]);
    }
}
