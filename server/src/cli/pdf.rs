//! `scorecard pdf check`: the signature analysis of crates/evidence without a server, for an
//! inspector who wants to check a file before a visit; and `--worker`, the same analysis in a
//! separate process with bounded memory and time, which is how the server runs it on uploads.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};
use scorecard_evidence::{Analysis, TrustStore, analyse};
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum PdfCommand {
    /// Check signed PDFs against the digital-signature format rules (Nghị định 30/2020/NĐ-CP,
    /// Phụ lục I): each signature, what it covers, whether anything changed after it, and
    /// each rule's verdict. Exits 0 when every file was read, whatever the verdicts.
    Check(PdfCheck),
}

#[derive(Debug, Args)]
pub struct PdfCheck {
    /// The PDF files to check.
    #[arg(value_name = "FILE", required_unless_present = "worker")]
    pub files: Vec<PathBuf>,
    /// A root certificate to trust (PEM, one or more certificates; or DER), for example the
    /// national root; may be given several times. Without one, chains are reported as not
    /// verified against a trusted root.
    #[arg(long = "trust-root", value_name = "PEM")]
    pub trust_roots: Vec<PathBuf>,
    /// Print one JSON object per file, one per line, instead of the report for people.
    #[arg(long)]
    pub json: bool,
    /// The server's analysis process: reads a 4-byte big-endian length, that many bytes of
    /// PEM roots, then the file, from standard input, and writes the analysis as JSON.
    #[arg(long, hide = true, conflicts_with = "files")]
    pub worker: bool,
}

/// The largest file the command reads: well above the upload limit, far below harm.
const MAX_FILE: u64 = 512 * 1024 * 1024;

/// One file's analysis as `--json` prints it.
#[derive(Serialize)]
struct FileReport<'a> {
    file: &'a str,
    #[serde(flatten)]
    analysis: &'a Analysis,
}

pub fn run_pdf(command: PdfCommand) -> anyhow::Result<()> {
    let PdfCommand::Check(check) = command;
    if check.worker {
        return run_worker();
    }
    let mut trust = TrustStore::empty();
    for path in &check.trust_roots {
        let bytes = std::fs::read(path).with_context(|| {
            format!(
                "cannot read the trust root {} / không đọc được chứng thư gốc {}",
                path.display(),
                path.display()
            )
        })?;
        trust
            .add(&bytes)
            .map_err(|err| anyhow::anyhow!("{}: {err} / {}", path.display(), err.vietnamese()))?;
    }
    let mut unreadable = Vec::new();
    let mut stdout = std::io::stdout().lock();
    for path in &check.files {
        let name = path.display().to_string();
        let bytes = match read_bounded(path) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("{name}: {err}");
                unreadable.push(name);
                continue;
            }
        };
        let analysis = analyse(&bytes, &trust);
        if check.json {
            let line = serde_json::to_string(&FileReport {
                file: &name,
                analysis: &analysis,
            })?;
            writeln!(stdout, "{line}")?;
        } else {
            writeln!(stdout, "{}", scorecard_evidence::report::text(&name, &analysis))?;
        }
    }
    if !unreadable.is_empty() {
        anyhow::bail!(
            "{} file(s) could not be read: {} / {} tệp không đọc được",
            unreadable.len(),
            unreadable.join(", "),
            unreadable.len()
        );
    }
    Ok(())
}

fn read_bounded(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    let file =
        std::fs::File::open(path).with_context(|| "cannot open the file / không mở được tệp".to_owned())?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        anyhow::bail!("not a file / không phải tệp");
    }
    if metadata.len() > MAX_FILE {
        anyhow::bail!(
            "the file is larger than {} MB / tệp lớn hơn {} MB",
            MAX_FILE / 1024 / 1024,
            MAX_FILE / 1024 / 1024
        );
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_FILE).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The worker: roots and file from standard input, the analysis as JSON on standard output.
fn run_worker() -> anyhow::Result<()> {
    let mut input = Vec::new();
    std::io::stdin().lock().take(MAX_FILE).read_to_end(&mut input)?;
    let (roots, file) = split_worker_input(&input).context("malformed worker input")?;
    let mut trust = TrustStore::empty();
    if !roots.is_empty() {
        trust
            .add(roots)
            .map_err(|err| anyhow::anyhow!("the trust roots: {err}"))?;
    }
    let analysis = analyse(file, &trust);
    serde_json::to_writer(std::io::stdout().lock(), &analysis)?;
    Ok(())
}

/// What the server writes to the worker: the roots' length, the roots, then the file.
pub fn worker_input(roots_pem: &[u8], file: &[u8]) -> Vec<u8> {
    let length = u32::try_from(roots_pem.len()).unwrap_or(u32::MAX);
    let mut input = Vec::with_capacity(4 + roots_pem.len() + file.len());
    input.extend_from_slice(&length.to_be_bytes());
    input.extend_from_slice(&roots_pem[..length as usize]);
    input.extend_from_slice(file);
    input
}

fn split_worker_input(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let length = u32::from_be_bytes(input.get(..4)?.try_into().ok()?) as usize;
    let roots = input.get(4..4 + length)?;
    Some((roots, &input[4 + length..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_input_splits_back_into_roots_and_file() {
        let input = worker_input(b"-----BEGIN CERTIFICATE-----", b"%PDF-1.7");
        assert_eq!(
            split_worker_input(&input),
            Some((&b"-----BEGIN CERTIFICATE-----"[..], &b"%PDF-1.7"[..]))
        );
        assert_eq!(
            split_worker_input(&worker_input(b"", b"x")),
            Some((&b""[..], &b"x"[..]))
        );
        assert_eq!(split_worker_input(&[0, 0, 1]), None);
        assert_eq!(split_worker_input(&[0, 0, 0, 9, 1]), None);
    }
}
