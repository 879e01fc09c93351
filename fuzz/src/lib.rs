//! The entry points of the fuzz targets: each takes arbitrary bytes, runs one parser of
//! egov-scorecard on them and checks what must hold whatever the input: no panic, and the
//! properties named below. The resilience tests replay the seed corpus through these same
//! functions on stable Rust (`tests/resilience/tests/fuzz_corpus.rs`).

use std::sync::OnceLock;

use scorecard_api::RecordBody;
use scorecard_dataset::record_input::{self, Context};
use scorecard_dataset::records_csv;
use scorecard_dataset::{Dataset, StatePolicy, catalog_file, organizations_file, records_json, rounds_file};
use scorecard_domain::{Catalog, RecordState, RoundId};

/// The shipped data (compiled in): organisations and catalogs to check records against.
fn shipped() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| scorecard_dataset::demo().expect("the shipped data files are valid"))
}

/// The 2025 catalog (round 2025 of the demo uses it): every criterion kind.
fn catalog() -> &'static Catalog {
    shipped()
        .catalogs
        .iter()
        .find(|c| c.id.as_str() == "cpdt-2025")
        .expect("the shipped catalog cpdt-2025")
}

fn round() -> RoundId {
    RoundId::parse("2025").expect("a valid round id")
}

/// A catalog file: parsed or rejected with messages, never a panic; an accepted catalog
/// serializes and reads back the same through JSON (how the store keeps it).
pub fn catalog_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(catalog) = catalog_file::parse("fuzz.toml", text) {
        let json = serde_json::to_string(&catalog).expect("a catalog serializes");
        let back: Catalog = serde_json::from_str(&json).expect("a catalog reads back");
        assert_eq!(back, catalog, "catalog JSON round trip");
    }
}

/// An organisations file: parsed or rejected with messages.
pub fn organizations_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = organizations_file::parse("fuzz.toml", text);
}

/// A rounds file, checked against the shipped catalogs.
pub fn rounds_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = rounds_file::parse("fuzz.toml", text, &shipped().catalogs);
}

fn context(state: StatePolicy) -> Context<'static> {
    // Leaked once per call is too much for a fuzzer: the round id lives in a static.
    static ROUND: OnceLock<RoundId> = OnceLock::new();
    Context {
        round: ROUND.get_or_init(round),
        catalog: catalog(),
        organizations: &shipped().organizations,
        state,
    }
}

/// A CSV import: every row accepted or rejected with its line; accepted records, written by
/// the exporter and read again, are the same records (export then import is the identity).
pub fn records_csv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let report = records_csv::read(text, &context(StatePolicy::FromFile));
    for rejected in &report.rejected {
        assert!(!rejected.messages().is_empty(), "a rejected row says why");
    }
    let records: Vec<_> = report.accepted.iter().map(|a| a.record.clone()).collect();
    if !records.is_empty() {
        let written = records_csv::write(&records);
        let again = records_csv::read(&written, &context(StatePolicy::FromFile));
        assert!(
            again.rejected.is_empty(),
            "the export of accepted rows is accepted: {:?}",
            again.rejected
        );
        let back: Vec<_> = again.accepted.into_iter().map(|a| a.record).collect();
        assert_eq!(back, records, "export then import is the identity");
    }
}

/// A JSON import: every item accepted or rejected, never a panic.
pub fn records_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let report = records_json::read(text, &context(StatePolicy::All(RecordState::Submitted)));
    for rejected in &report.rejected {
        assert!(!rejected.messages().is_empty(), "a rejected item says why");
    }
}

/// The body of `PUT /api/v1/rounds/{round}/records/{org}/{criterion}`, read and checked by the
/// same code the handler runs (`RecordBody` and `record_input::check_body`) as the record `2025/btc/<code>`
/// for every criterion of the catalog.
pub fn record_body(data: &[u8]) {
    let Ok(body) = serde_json::from_slice::<RecordBody>(data) else {
        return;
    };
    for criterion in &catalog().criteria {
        let checked = record_input::check_body(
            &body,
            "btc",
            criterion.code.as_str(),
            &context(StatePolicy::All(RecordState::Draft)),
        );
        match checked {
            Ok(record) => assert_eq!(record.criterion, criterion.code),
            Err(problems) => assert!(!problems.is_empty(), "a refusal says why"),
        }
    }
}

/// An uploaded file: its type is sniffed, and a PDF is analysed; whatever the bytes, the
/// analysis answers (analysable or not, with a reason), and its JSON reads back the same (how
/// the server stores it).
pub fn pdf_analysis(data: &[u8]) {
    let _ = scorecard_evidence::sniff(data);
    let analysis = scorecard_evidence::analyse(data, &scorecard_evidence::TrustStore::empty());
    assert!(
        analysis.analysable || analysis.error.is_some(),
        "a refusal names its reason"
    );
    let json = serde_json::to_string(&analysis).expect("an analysis serializes");
    let back: scorecard_evidence::Analysis = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back, analysis);
}
