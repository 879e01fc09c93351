//! The analysis of PDFs signed by the test-only signer of `support/`: one valid signature, the
//! signer then the organisation, the wrong order, a change after signing, no signature, an
//! expired certificate, an unknown root, an encrypted file, a truncated file.

mod support;

use scorecard_evidence::rules::Verdict;
use scorecard_evidence::{Analysis, Role, TrustStore, analyse};
use support::{Holder, Identity, Pdf, SEAL_RECT, Sign, issue, root};

struct Cast {
    ca: Identity,
    minister: Identity,
    ministry: Identity,
}

fn cast() -> Cast {
    let ca = root("Test Root CA");
    let minister = issue(
        &ca,
        Holder::Person {
            name: "Nguyễn Văn An",
            title: "Thứ trưởng",
            organization: "Bộ Tài chính",
        },
        "2025-01-01T00:00:00Z",
        "2028-01-01T00:00:00Z",
    );
    let ministry = issue(
        &ca,
        Holder::Organization {
            name: "Bộ Tài chính"
        },
        "2025-01-01T00:00:00Z",
        "2028-01-01T00:00:00Z",
    );
    Cast {
        ca,
        minister,
        ministry,
    }
}

fn trusting(ca: &Identity) -> TrustStore {
    let mut trust = TrustStore::empty();
    trust.add(ca.pem().as_bytes()).expect("a root");
    trust
}

fn signed_properly(cast: &Cast) -> Pdf {
    let mut pdf = Pdf::new(2);
    pdf.sign(&cast.minister, &Sign::signer());
    pdf.sign(
        &cast.ministry,
        &Sign {
            text: Some("Bo Tai chinh, 29/11/2026 10:16:00 +07:00"),
            recorded: "D:20261129101600+07'00'",
            signed_at: "2026-11-29T03:16:00Z",
            ..Sign::seal(SEAL_RECT)
        },
    );
    pdf
}

fn verdict(analysis: &Analysis, rule: &str) -> Verdict {
    analysis
        .rules
        .iter()
        .find(|r| r.id == rule)
        .unwrap_or_else(|| panic!("rule {rule}"))
        .verdict
}

fn check_rules(analysis: &Analysis, expected: &[(&str, Verdict)]) {
    for (rule, want) in expected {
        let outcome = analysis.rules.iter().find(|r| r.id == *rule).expect("the rule");
        assert_eq!(
            outcome.verdict, *want,
            "{rule}: {} / {}",
            outcome.reason_en, outcome.reason_vi
        );
    }
}

#[test]
fn one_valid_signature_verifies_over_the_whole_file() {
    let cast = cast();
    let mut pdf = Pdf::new(1);
    pdf.sign(&cast.minister, &Sign::default());
    let analysis = analyse(&pdf.bytes, &trusting(&cast.ca));
    assert!(analysis.analysable, "{analysis:?}");
    assert_eq!(analysis.pages, 1);
    let [signature] = analysis.signatures.as_slice() else {
        panic!("one signature: {analysis:?}")
    };
    assert!(signature.intact, "{:?}", signature.problems);
    assert!(signature.covers_whole_file && signature.covers_revision && !signature.modified_after);
    assert_eq!(signature.role, Role::Person);
    assert_eq!(
        signature.signer.as_deref(),
        Some("CN=Nguyễn Văn An, T=Thứ trưởng, O=Bộ Tài chính, UID=CCCD:001089001234, C=VN")
    );
    assert_eq!(
        signature.issuer.as_deref(),
        Some("CN=Test Root CA, O=Test CA, C=VN")
    );
    assert_eq!(
        signature.signing_time.as_deref(),
        Some("2026-11-29T10:15:00+07:00")
    );
    assert_eq!(signature.utc_offset.as_deref(), Some("+07:00"));
    assert_eq!(signature.certificate_valid_at_signing, Some(true));
    assert_eq!(signature.trusted, Some(true));
    let appearance = signature.appearance.as_ref().expect("a visible signature");
    assert_eq!((appearance.page, appearance.has_image), (1, true));
    check_rules(
        &analysis,
        &[
            ("signed", Verdict::Pass),
            ("intact", Verdict::Pass),
            ("signer-then-organization", Verdict::Fail),
            ("signer-image", Verdict::Pass),
            ("certificate-valid", Verdict::Pass),
            ("trusted-root", Verdict::Pass),
        ],
    );
}

#[test]
fn signer_then_organisation_passes_every_rule() {
    let cast = cast();
    let pdf = signed_properly(&cast);
    let analysis = analyse(&pdf.bytes, &trusting(&cast.ca));
    let roles: Vec<Role> = analysis.signatures.iter().map(|s| s.role).collect();
    assert_eq!(roles, [Role::Person, Role::Organization]);
    let first = &analysis.signatures[0];
    assert!(
        first.intact && first.covers_revision && !first.covers_whole_file && !first.modified_after,
        "{first:?}"
    );
    assert!(analysis.signatures[1].covers_whole_file);
    for rule in &analysis.rules {
        assert_eq!(rule.verdict, Verdict::Pass, "{}: {}", rule.id, rule.reason_en);
    }
    let suggestion = scorecard_evidence::suggest([("cv-123.pdf", &analysis)]);
    assert!(suggestion.met, "{suggestion:?}");
}

#[test]
fn the_organisation_signing_first_is_the_wrong_order() {
    let cast = cast();
    let mut pdf = Pdf::new(1);
    pdf.sign(&cast.ministry, &Sign::seal(SEAL_RECT));
    pdf.sign(&cast.minister, &Sign::signer());
    let analysis = analyse(&pdf.bytes, &trusting(&cast.ca));
    check_rules(
        &analysis,
        &[
            ("intact", Verdict::Pass),
            ("signer-then-organization", Verdict::Fail),
        ],
    );
    let suggestion = scorecard_evidence::suggest([("wrong-order.pdf", &analysis)]);
    assert_eq!(suggestion.failing, ["wrong-order.pdf"]);
}

#[test]
fn a_change_after_signing_is_found() {
    let cast = cast();
    let mut pdf = signed_properly(&cast);
    pdf.tamper();
    let analysis = analyse(&pdf.bytes, &trusting(&cast.ca));
    for signature in &analysis.signatures {
        assert!(signature.intact, "the signed bytes themselves are untouched");
        assert!(signature.modified_after, "{signature:?}");
        assert!(!signature.covers_whole_file);
    }
    assert_eq!(verdict(&analysis, "intact"), Verdict::Fail);
}

#[test]
fn bytes_changed_inside_the_signed_range_break_the_signature() {
    let cast = cast();
    let mut pdf = Pdf::new(1);
    pdf.sign(&cast.minister, &Sign::default());
    let at = pdf
        .bytes
        .windows(3)
        .position(|w| w == b"123")
        .expect("the document number");
    pdf.bytes[at] = b'9';
    let analysis = analyse(&pdf.bytes, &TrustStore::empty());
    assert!(!analysis.signatures[0].intact);
    assert!(
        analysis.signatures[0]
            .problems
            .iter()
            .any(|p| p.contains("was changed")),
        "{:?}",
        analysis.signatures[0].problems
    );
    assert_eq!(verdict(&analysis, "intact"), Verdict::Fail);
}

#[test]
fn an_unsigned_pdf_fails_the_signature_rules() {
    let analysis = analyse(&Pdf::new(1).bytes, &TrustStore::empty());
    assert!(analysis.analysable);
    assert!(analysis.signatures.is_empty());
    check_rules(&analysis, &[("signed", Verdict::Fail), ("intact", Verdict::Fail)]);
}

#[test]
fn an_expired_certificate_fails() {
    let cast = cast();
    let expired = issue(
        &cast.ca,
        Holder::Person {
            name: "Trần Thị Bình",
            title: "Vụ trưởng",
            organization: "Bộ Tài chính",
        },
        "2021-01-01T00:00:00Z",
        "2023-01-01T00:00:00Z",
    );
    let mut pdf = Pdf::new(1);
    pdf.sign(&expired, &Sign::default());
    let analysis = analyse(&pdf.bytes, &trusting(&cast.ca));
    assert_eq!(analysis.signatures[0].certificate_valid_at_signing, Some(false));
    assert!(analysis.signatures[0].intact, "the signature itself verifies");
    assert_eq!(verdict(&analysis, "certificate-valid"), Verdict::Fail);
}

#[test]
fn an_unknown_root_is_a_warning_not_a_failure() {
    let cast = cast();
    let other = root("Some Other Root");
    let pdf = signed_properly(&cast);
    let analysis = analyse(&pdf.bytes, &trusting(&other));
    assert!(analysis.signatures.iter().all(|s| s.trusted == Some(false)));
    let rule = analysis
        .rules
        .iter()
        .find(|r| r.id == "trusted-root")
        .expect("the rule");
    assert_eq!(rule.verdict, Verdict::Unknown);
    assert!(rule.advisory);
    assert!(
        rule.reason_en.contains("not verified against a trusted root"),
        "{}",
        rule.reason_en
    );
    assert!(
        scorecard_evidence::suggest([("a.pdf", &analysis)]).met,
        "a warning does not fail the file"
    );
    let without_roots = analyse(&pdf.bytes, &TrustStore::empty());
    assert!(without_roots.signatures.iter().all(|s| s.trusted.is_none()));
}

#[test]
fn encrypted_and_truncated_files_cannot_be_analysed() {
    let cast = cast();
    let pdf = signed_properly(&cast);
    let truncated = &pdf.bytes[..pdf.bytes.len() / 3];
    let analysis = analyse(truncated, &TrustStore::empty());
    // A truncated file either cannot be read, or reads with signatures that do not verify.
    assert!(
        !analysis.analysable || analysis.rules.iter().any(|r| r.verdict == Verdict::Fail),
        "{analysis:?}"
    );

    let mut encrypted = Pdf::new(1).bytes;
    let trailer = encrypted
        .windows(9)
        .rposition(|w| w == b"/Size 6 /")
        .map(|at| at + 1);
    let at = trailer
        .or_else(|| encrypted.windows(5).rposition(|w| w == b"/Root"))
        .expect("a trailer");
    let dict = b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >> ";
    encrypted.splice(at..at, dict.iter().copied());
    let analysis = analyse(&encrypted, &TrustStore::empty());
    assert!(!analysis.analysable);
    assert!(
        analysis.error.as_deref().is_some_and(|e| e.contains("encrypted")),
        "{:?}",
        analysis.error
    );
    assert!(analysis.error_vi.as_deref().is_some_and(|e| e.contains("mã hóa")));
}

#[test]
fn a_seal_placed_wrongly_fails_the_position_rule() {
    let cast = cast();
    let check = |seal: [f64; 4], expected: Verdict| {
        let mut pdf = Pdf::new(1);
        pdf.sign(&cast.minister, &Sign::signer());
        pdf.sign(&cast.ministry, &Sign::seal(seal));
        let analysis = analyse(&pdf.bytes, &TrustStore::empty());
        let rule = analysis
            .rules
            .iter()
            .find(|r| r.id == "seal-over-left-third")
            .expect("the rule");
        assert_eq!(rule.verdict, expected, "{seal:?}: {}", rule.reason_en);
    };
    check(SEAL_RECT, Verdict::Pass);
    // Over the right side of the signature.
    check([420.0, 95.0, 530.0, 205.0], Verdict::Fail);
    // Covering all of it.
    check([320.0, 95.0, 490.0, 205.0], Verdict::Fail);
    // Beside it, not over it.
    check([150.0, 95.0, 260.0, 205.0], Verdict::Fail);
    // On another line of the page entirely.
    check([270.0, 400.0, 380.0, 500.0], Verdict::Fail);
}

#[test]
fn a_time_shown_without_vietnams_offset_fails() {
    let cast = cast();
    let mut pdf = Pdf::new(1);
    pdf.sign(
        &cast.minister,
        &Sign {
            recorded: "D:20261129031500Z",
            ..Sign::default()
        },
    );
    let analysis = analyse(&pdf.bytes, &TrustStore::empty());
    assert_eq!(analysis.signatures[0].utc_offset.as_deref(), Some("+00:00"));
    assert_eq!(verdict(&analysis, "time-offset"), Verdict::Fail);

    let mut pdf = Pdf::new(1);
    pdf.sign(
        &cast.minister,
        &Sign {
            text: Some("Ky ngay 29/11/2026 10:15:00"),
            ..Sign::default()
        },
    );
    let analysis = analyse(&pdf.bytes, &TrustStore::empty());
    assert_eq!(verdict(&analysis, "time-offset"), Verdict::Fail);
}

#[test]
fn an_attachment_carries_the_organisation_signature_top_right() {
    let cast = cast();
    let check = |rect: Option<[f64; 4]>, with_image: bool, expected: Verdict| {
        let mut pdf = Pdf::new(2);
        pdf.sign(
            &cast.ministry,
            &Sign {
                field: "CoQuan",
                rect,
                with_image,
                text: Some("So 123/BTC-VP 29/11/2026 10:15:00 +07:00"),
                ..Sign::default()
            },
        );
        let analysis = analyse(&pdf.bytes, &TrustStore::empty());
        let rule = analysis
            .rules
            .iter()
            .find(|r| r.id == "attachment-top-right")
            .expect("the rule");
        assert_eq!(
            rule.verdict, expected,
            "{rect:?} image {with_image}: {}",
            rule.reason_en
        );
        assert_eq!(
            verdict(&analysis, "signer-then-organization"),
            Verdict::Pass,
            "not applicable to an attachment"
        );
    };
    check(Some([420.0, 770.0, 570.0, 820.0]), false, Verdict::Pass);
    check(Some([420.0, 770.0, 570.0, 820.0]), true, Verdict::Fail);
    check(Some([30.0, 770.0, 180.0, 820.0]), false, Verdict::Fail);
    check(Some([420.0, 40.0, 570.0, 90.0]), false, Verdict::Fail);
    check(None, false, Verdict::Fail);
}

#[test]
fn the_analysis_serialises_with_the_documented_names() {
    let cast = cast();
    let analysis = analyse(&signed_properly(&cast).bytes, &trusting(&cast.ca));
    let json = serde_json::to_value(&analysis).expect("JSON");
    for key in ["analysable", "signatures", "rules"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let signature = &json["signatures"][0];
    for key in [
        "signer",
        "issuer",
        "role",
        "signing_time",
        "intact",
        "covers_whole_file",
        "modified_after",
        "certificate_valid_at_signing",
        "trusted",
    ] {
        assert!(signature.get(key).is_some(), "{key}");
    }
    assert_eq!(signature["role"], "person");
    let rule = &json["rules"][0];
    for key in ["id", "citation", "verdict", "reason_vi", "reason_en"] {
        assert!(rule.get(key).is_some(), "{key}");
    }
    assert_eq!(rule["verdict"], "pass");
    let back: Analysis = serde_json::from_value(json).expect("reads back");
    assert_eq!(back, analysis);
}
