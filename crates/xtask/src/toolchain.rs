//! Finding the workspace and the tools around it, and running cargo, rustup and friends.

use std::env;
use std::ffi::OsString;
use std::io::ErrorKind;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail, ensure};

/// The target the front end compiles to.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

const ADD_WASM_TARGET: &str = "rustup target add wasm32-unknown-unknown";

/// The workspace root, two levels above xtask's own manifest folder (`<root>/crates/xtask`).
pub fn workspace_root() -> Result<PathBuf> {
    // `cargo run` sets the variable at run time; the compile-time value covers running the binary
    // directly. The run-time one wins because a shared target folder may hold a binary built from
    // another clone.
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .with_context(|| format!("{} has no grandparent folder", manifest_dir.display()))
}

/// A `cargo` command run from the workspace root, using the cargo that started xtask.
pub fn cargo(root: &Path) -> Command {
    let mut command = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}

/// Runs a command with inherited output and fails unless it exits successfully.
pub fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot start `{}`", show(command)))?;
    ensure!(status.success(), "`{}` failed ({status})", show(command));
    Ok(())
}

/// The command line as a person would type it, for messages.
pub fn show(command: &Command) -> String {
    let program = Path::new(command.get_program())
        .file_name()
        .unwrap_or(command.get_program())
        .to_string_lossy()
        .into_owned();
    command
        .get_args()
        .fold(program, |line, arg| format!("{line} {}", arg.to_string_lossy()))
}

/// Cargo's target folder for this workspace, honouring `CARGO_TARGET_DIR` and cargo config.
pub fn target_dir(root: &Path) -> Result<PathBuf> {
    let mut metadata = cargo(root);
    metadata
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .stderr(Stdio::inherit());
    let output = metadata
        .output()
        .with_context(|| format!("cannot start `{}`", show(&metadata)))?;
    ensure!(
        output.status.success(),
        "`{}` failed ({})",
        show(&metadata),
        output.status
    );
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("`cargo metadata` printed invalid JSON")?;
    json["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .context("`cargo metadata` printed no target_directory")
}

/// Makes sure the wasm target's standard library is installed, installing it with rustup if not.
///
/// `rust-toolchain.toml` lists the target, but rustup only installs it automatically when
/// auto-install is on, and some machines turn that off.
pub fn ensure_wasm_target(root: &Path) -> Result<()> {
    let installed = match Command::new("rustup")
        .args(["target", "list", "--installed"])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
    {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout).into_owned(),
        Ok(output) => bail!("`rustup target list --installed` failed ({})", output.status),
        Err(error) if error.kind() == ErrorKind::NotFound => {
            return ensure_wasm_target_without_rustup(root);
        }
        Err(error) => return Err(error).context("cannot start rustup"),
    };
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    println!("installing the {WASM_TARGET} target ({ADD_WASM_TARGET})");
    run(Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .current_dir(root))
}

/// Without rustup, the toolchain came from elsewhere (a distro, Nix); it will do if its sysroot
/// already holds the wasm standard library.
fn ensure_wasm_target_without_rustup(root: &Path) -> Result<()> {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()));
    let has_target = sysroot.is_some_and(|sysroot| sysroot.join("lib/rustlib").join(WASM_TARGET).is_dir());
    ensure!(
        has_target,
        "the {WASM_TARGET} target is missing and rustup is not installed; \
         install rustup, then run `{ADD_WASM_TARGET}`"
    );
    Ok(())
}

/// Resolves a program the way a shell would: a name with a slash is a path, any other name is
/// looked up on `PATH`. Only existing executable files count.
pub fn find_program(name: impl Into<OsString>) -> Option<PathBuf> {
    let name = PathBuf::from(name.into());
    if name.components().count() > 1 {
        return is_executable(&name).then_some(name);
    }
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(&name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    path.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// Whether xtask runs as root, asked of `id -u` so no libc binding is needed.
pub fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.status.success() && output.stdout.trim_ascii() == b"0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_root_holds_the_workspace_manifest() {
        let root = workspace_root().unwrap();
        assert!(root.join("Cargo.toml").is_file(), "{}", root.display());
        assert!(root.join("crates/xtask/Cargo.toml").is_file());
    }

    #[test]
    fn commands_are_shown_without_the_program_folder() {
        let mut command = Command::new("/usr/bin/cargo");
        command.args(["fmt", "--all", "--", "--check"]);
        assert_eq!(show(&command), "cargo fmt --all -- --check");
    }

    #[test]
    fn programs_are_found_on_the_path_or_by_path() {
        assert!(find_program("sh").is_some());
        assert!(find_program("/bin/sh").is_some());
        assert!(find_program("no-such-program-xtask").is_none());
        assert!(find_program("/no/such/program").is_none());
    }
}
