//! Hostile and broken PDFs (written by `fixtures/hostile/make.py` into the fuzz corpus): each
//! one is answered, "cannot analyse" with its reason or an analysis whose rules fail, and
//! none takes the analysis down.

use std::path::PathBuf;

use scorecard_evidence::rules::Verdict;
use scorecard_evidence::{FileKind, TrustStore, analyse, sniff};

fn corpus(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus/pdf_analysis")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// What a hostile file must come to.
enum Expect {
    /// "Cannot analyse", with this in the English reason.
    CannotAnalyse(&'static str),
    /// Analysed, and the signature rules fail.
    RulesFail,
}

#[test]
fn hostile_files_are_answered_with_a_reason() {
    use Expect::*;
    let cases = [
        ("empty.pdf", CannotAnalyse("not a PDF")),
        ("header-only.pdf", CannotAnalyse("cannot be read")),
        ("really-html.pdf", CannotAnalyse("cannot be read")),
        ("encrypted.pdf", CannotAnalyse("encrypted")),
        ("decompression-bomb.pdf", CannotAnalyse("cannot be read")),
        ("truncated-signed.pdf", RulesFail),
        ("page-tree-loop.pdf", RulesFail),
        ("reference-loop.pdf", RulesFail),
        ("deep-nesting.pdf", RulesFail),
        ("huge-object-count.pdf", RulesFail),
        ("byte-range-past-end.pdf", RulesFail),
        ("minimal-unsigned.pdf", RulesFail),
    ];
    for (file, expect) in cases {
        let analysis = analyse(&corpus(file), &TrustStore::empty());
        match expect {
            CannotAnalyse(reason) => {
                assert!(!analysis.analysable, "{file}: {analysis:?}");
                let error = analysis.error.as_deref().unwrap_or_default();
                assert!(error.contains(reason), "{file}: {error}");
                assert!(
                    analysis
                        .error_vi
                        .as_deref()
                        .is_some_and(|vi| vi.starts_with("Không phân tích được")),
                    "{file}"
                );
            }
            RulesFail => {
                assert!(analysis.analysable, "{file}: {:?}", analysis.error);
                assert_eq!(
                    analysis
                        .rules
                        .iter()
                        .find(|r| r.id == "intact")
                        .map(|r| r.verdict),
                    Some(Verdict::Fail),
                    "{file}"
                );
                assert!(analysis.signatures.iter().all(|s| !s.intact), "{file}");
            }
        }
    }
}

#[test]
fn markup_named_pdf_is_refused_before_any_analysis() {
    assert!(sniff(&corpus("really-html.pdf")).is_err());
    assert_eq!(sniff(&corpus("signed-by-pyhanko.pdf")), Ok(FileKind::Pdf));
    assert_eq!(sniff(&corpus("decompression-bomb.pdf")), Ok(FileKind::Pdf));
}
