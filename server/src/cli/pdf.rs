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
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// A root certificate to trust (PEM, one or more certificates; or DER), for example the
    /// national root; may be given several times. Without one, chains are reported as not
    /// verified against a trusted root.
    #[arg(long = "trust-root", value_name = "PEM")]
    pub trust_roots: Vec<PathBuf>,
    /// Print one JSON object per file, one per line, instead of the report for people.
    #[arg(long)]
    pub json: bool,
    /// The server's analysis process: analyses the one FILE with the PEM roots read from
    /// standard input and writes the analysis as one JSON object.
    #[arg(long, hide = true)]
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
        return run_worker(&check.files);
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

/// The worker: roots from standard input, the analysis of the one file as JSON on standard
/// output. The server bounds its memory and time from outside.
fn run_worker(files: &[PathBuf]) -> anyhow::Result<()> {
    let [file] = files else {
        anyhow::bail!("the worker analyses exactly one file");
    };
    let mut roots = Vec::new();
    std::io::stdin().lock().take(MAX_FILE).read_to_end(&mut roots)?;
    let trust = TrustStore::from_bundle(&roots).map_err(|err| anyhow::anyhow!("the trust roots: {err}"))?;
    let bytes = read_bounded(file)?;
    serde_json::to_writer(std::io::stdout().lock(), &analyse(&bytes, &trust))?;
    Ok(())
}
