//! Issue 15: the workbook the product exports can be imported back. Export to XLSX, import the
//! records sheet, export again: the records are the same, whatever their text holds
//! (Vietnamese, line breaks, text a spreadsheet would take for a formula, separators).

mod common;

use common::generated;
use proptest::prelude::*;
use scorecard_briefing::{Lang, xlsx};
use scorecard_dataset::record_input::{Context, StatePolicy};
use scorecard_dataset::records_xlsx;
use scorecard_domain::{Record, RecordState};

/// Free text as people write it in evidence and notes.
fn free_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Quyết định số 12/QĐ-BTC",
        "ngày 05/03/2026",
        "https://btc.gov.vn/qd12",
        "=SUM(A1:A2)",
        "+84 912 345 678",
        "-5",
        "@all",
        "'=1",
        "Đường trục liên thông; \"văn bản điện tử\"",
        "dòng một\ndòng hai",
        "85,5%",
        "   ",
        "",
    ]);
    prop::collection::vec(pieces, 0..4).prop_map(|parts| parts.concat())
}

fn import(bytes: &[u8], records: &[Record], fixture: &common::Fixture) -> Vec<Record> {
    let context = Context {
        round: &fixture.round.id,
        catalog: &fixture.catalog,
        organizations: &fixture.organizations,
        state: StatePolicy::FromFile,
    };
    let report = records_xlsx::read(bytes, &context);
    assert_eq!(report.rejected, [], "the export reads back");
    assert_eq!(report.accepted.len(), records.len());
    report.accepted.into_iter().map(|row| row.record).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_then_export_keeps_every_record(
        texts in prop::collection::vec((free_text(), free_text(), free_text()), 21),
        lang in prop::sample::select(vec![Lang::Vi, Lang::En]),
    ) {
        let mut fixture = generated(3);
        for (record, (evidence, note, inspector)) in fixture.records.iter_mut().zip(texts) {
            record.evidence = evidence;
            record.note = note;
            // The inspector's name is a name: its surrounding spaces are not kept.
            record.inspector = inspector.trim().to_owned();
            record.state = RecordState::Submitted;
        }
        let first = xlsx::workbook(&fixture.report(), lang).unwrap();
        let imported = import(&first, &fixture.records, &fixture);
        let mut expected = fixture.records.clone();
        let key = |r: &Record| (r.organization.clone(), r.criterion.clone());
        expected.sort_by_key(key);
        let mut got = imported.clone();
        got.sort_by_key(key);
        prop_assert_eq!(&got, &expected);
        fixture.records = imported;
        let second = xlsx::workbook(&fixture.report(), lang).unwrap();
        let again = import(&second, &fixture.records, &fixture);
        let mut again_sorted = again;
        again_sorted.sort_by_key(key);
        prop_assert_eq!(again_sorted, expected);
    }
}
