//! PDFs signed by pyHanko (RSA keys, its own appearances and incremental writer), made once
//! by `fixtures/pyhanko/make.py`, with what pyHanko itself said of each signature. The
//! analysis must agree with it signature by signature, and the format rules must read the
//! files as a person would.

use std::collections::BTreeMap;
use std::path::PathBuf;

use scorecard_evidence::rules::Verdict;
use scorecard_evidence::{Analysis, Role, TrustStore, analyse};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pyhanko")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn trust() -> TrustStore {
    let mut trust = TrustStore::empty();
    trust.add(&fixture("root.pem")).expect("the pyHanko test root");
    trust
}

#[derive(serde::Deserialize, Debug)]
struct PyHanko {
    field: String,
    intact: bool,
    valid: bool,
    coverage: String,
    modification_level: Option<String>,
}

fn pyhanko_verdicts() -> BTreeMap<String, Vec<PyHanko>> {
    serde_json::from_slice(&fixture("pyhanko-verdicts.json")).expect("the recorded verdicts")
}

fn rule(analysis: &Analysis, id: &str) -> Verdict {
    analysis
        .rules
        .iter()
        .find(|r| r.id == id)
        .expect("the rule")
        .verdict
}

#[test]
fn the_analysis_agrees_with_pyhanko_on_every_signature() {
    let trust = trust();
    for (file, expected) in pyhanko_verdicts() {
        let analysis = analyse(&fixture(&file), &trust);
        assert!(analysis.analysable, "{file}: {:?}", analysis.error);
        assert_eq!(analysis.signatures.len(), expected.len(), "{file}");
        for (ours, theirs) in analysis.signatures.iter().zip(&expected) {
            let at = format!("{file} {}", theirs.field);
            assert_eq!(ours.field, theirs.field, "{at}: signing order");
            assert_eq!(ours.intact, theirs.intact, "{at}: intact {:?}", ours.problems);
            assert_eq!(
                ours.covers_whole_file,
                theirs.coverage == "ENTIRE_FILE",
                "{at}: coverage"
            );
            assert_eq!(
                ours.covers_revision,
                theirs.coverage != "INCOMPLETE",
                "{at}: coverage"
            );
            // pyHanko calls a later signature's field "form filling"; anything beyond is OTHER.
            assert_eq!(
                ours.modified_after,
                theirs.modification_level.as_deref() == Some("OTHER"),
                "{at}: modified after {:?}",
                ours.changes_after
            );
            assert_eq!(
                ours.trusted,
                Some(theirs.valid),
                "{at}: trust {:?}",
                ours.problems
            );
            assert_eq!(ours.certificate_valid_at_signing, Some(true), "{at}");
        }
    }
}

#[test]
fn the_person_then_organisation_file_passes_every_rule() {
    let analysis = analyse(&fixture("person-then-org.pdf"), &trust());
    let roles: Vec<Role> = analysis.signatures.iter().map(|s| s.role).collect();
    assert_eq!(roles, [Role::Person, Role::Organization]);
    assert_eq!(
        analysis.signatures[0].signer.as_deref(),
        Some("CN=Phạm Thị Dung, T=Thứ trưởng, O=Bộ Nội vụ, UID=CCCD:079088001234, C=VN")
    );
    assert_eq!(analysis.signatures[0].utc_offset.as_deref(), Some("+07:00"));
    assert!(
        analysis
            .signatures
            .iter()
            .all(|s| s.appearance.as_ref().is_some_and(|a| a.has_image && a.page == 1))
    );
    for outcome in &analysis.rules {
        assert_eq!(
            outcome.verdict,
            Verdict::Pass,
            "{}: {}",
            outcome.id,
            outcome.reason_en
        );
    }
}

#[test]
fn pyhanko_files_that_break_a_rule_fail_it() {
    let altered = analyse(&fixture("altered-after-signing.pdf"), &trust());
    assert_eq!(rule(&altered, "intact"), Verdict::Fail);

    let utc = analyse(&fixture("signed-in-utc.pdf"), &trust());
    assert_eq!(utc.signatures[0].utc_offset.as_deref(), Some("+00:00"));
    assert_eq!(rule(&utc, "time-offset"), Verdict::Fail);

    let alone = analyse(&fixture("person-only.pdf"), &trust());
    assert_eq!(rule(&alone, "signer-then-organization"), Verdict::Fail);
    assert_eq!(rule(&alone, "intact"), Verdict::Pass);
}

/// Stamps set in a CID font (as Vietnamese text must be) are read through the marked text they
/// carry: the time a stamp shows decides the offset rule, not only the time recorded in /M.
#[test]
fn vietnamese_stamps_are_read_and_their_shown_time_is_checked() {
    let shown = analyse(&fixture("vietnamese-stamps.pdf"), &trust());
    let text = shown.signatures[0]
        .appearance
        .as_ref()
        .and_then(|a| a.text.clone())
        .unwrap_or_default();
    assert!(
        text.contains("Người ký: Phạm Thị Dung") && text.contains("+07:00"),
        "{text}"
    );
    for outcome in &shown.rules {
        assert_eq!(
            outcome.verdict,
            Verdict::Pass,
            "{}: {}",
            outcome.id,
            outcome.reason_en
        );
    }
    let without = analyse(&fixture("vietnamese-stamp-without-offset.pdf"), &trust());
    assert_eq!(
        without.signatures[0].utc_offset.as_deref(),
        Some("+07:00"),
        "/M records the offset"
    );
    assert_eq!(
        rule(&without, "time-offset"),
        Verdict::Fail,
        "but the stamp shows none"
    );
}

#[test]
fn the_terminal_report_reads_in_both_languages() {
    let analysis = analyse(&fixture("altered-after-signing.pdf"), &trust());
    let text = scorecard_evidence::report::text("altered-after-signing.pdf", &analysis);
    insta::assert_snapshot!("report-altered", text);
}
