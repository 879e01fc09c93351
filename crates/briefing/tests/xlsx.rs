//! The workbook read back with another library (calamine) and compared with the ranking.

mod common;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use common::{demo, generated, save};
use scorecard_briefing::Lang;
use scorecard_briefing::xlsx::{self, HEADER_ROW};
use scorecard_domain::{Scope, View};

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook")
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn string(value: &str) -> Data {
    Data::String(value.to_owned())
}

#[test]
fn the_ranking_sheet_matches_the_ranking_cell_by_cell() {
    let fixture = demo("2020", Scope::All, View::Official);
    let bytes = xlsx::workbook(&fixture.report(), Lang::Vi).unwrap();
    save("workbook-2020-vi.xlsx", &bytes);
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names(), xlsx::sheet_names(Lang::Vi).map(str::to_owned));
    let sheet = book.worksheet_range("Xếp hạng").unwrap();
    assert_eq!(cell(&sheet, HEADER_ROW, 0), string("Hạng"));
    assert_eq!(cell(&sheet, HEADER_ROW, 4), string("Điểm"));
    assert!(matches!(cell(&sheet, 1, 0), Data::String(s) if s.contains("Số liệu chính thức")));
    for (i, entry) in fixture.ranking.entries.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        let number = |v: Option<f64>| v.map_or(Data::Empty, Data::Float);
        let band = entry
            .band
            .as_deref()
            .and_then(|b| fixture.catalog.band(b))
            .map_or(Data::Empty, |b| string(&b.label_vi));
        let expected = [
            number(entry.rank.map(f64::from)),
            string(entry.organization.as_str()),
            string(&entry.name_vi),
            string(entry.group.as_str()),
            number(entry.score),
            band,
            string(if entry.compliant { "Có" } else { "Không" }),
            Data::Float(entry.completeness),
            number(entry.rank_change.map(f64::from)),
        ];
        for (col, want) in expected.iter().enumerate() {
            assert_eq!(&cell(&sheet, row, col as u32), want, "row {row}, column {col}");
        }
    }
    assert_eq!(
        cell(&sheet, HEADER_ROW + 1 + fixture.ranking.entries.len() as u32, 0),
        Data::Empty
    );
    assert!(
        fixture.ranking.entries.iter().any(|e| e.rank_change.is_some()),
        "2020 has rank changes against 2019"
    );
}

#[test]
fn the_summary_and_matrix_sheets_carry_the_summary() {
    let fixture = demo("2019", Scope::All, View::Official);
    let bytes = xlsx::workbook(&fixture.report(), Lang::En).unwrap();
    let mut book = open(&bytes);
    let summary = fixture.report().summary();
    let sheet = book.worksheet_range("Summary").unwrap();
    for (i, line) in summary.criteria.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        assert_eq!(cell(&sheet, row, 0), string(line.code.as_str()));
        assert_eq!(cell(&sheet, row, 3), Data::Float(line.met as f64));
        assert_eq!(cell(&sheet, row, 4), Data::Float(line.not_met as f64));
    }
    let texts: Vec<String> = sheet
        .rows()
        .filter_map(|r| match r.first() {
            Some(Data::String(s)) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for sentence in &summary.sentences_en {
        assert!(texts.contains(sentence), "missing: {sentence}");
    }
    let matrix = book.worksheet_range("Criteria matrix").unwrap();
    let first = &fixture.scores_in_order()[0];
    assert_eq!(cell(&matrix, HEADER_ROW + 1, 0), string(&first.0));
    let met = first
        .1
        .criteria
        .iter()
        .filter(|c| c.status == scorecard_domain::score::Status::Met)
        .count();
    let shown = (1..=fixture.catalog.criteria.len() as u32)
        .filter(|&c| cell(&matrix, HEADER_ROW + 1, c) == string("Met"))
        .count();
    assert_eq!(shown, met);
}

#[test]
fn cells_that_look_like_formulas_stay_text_with_a_quote_prefix() {
    let mut fixture = demo("2019", Scope::All, View::Official);
    let dangerous = [
        "=HYPERLINK(\"http://evil.invalid\",\"x\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\tcmd",
        "\rcmd",
    ];
    for (record, text) in fixture.records.iter_mut().zip(dangerous) {
        record.evidence = text.to_owned();
    }
    let bytes = xlsx::workbook(&fixture.report(), Lang::Vi).unwrap();
    let mut book = open(&bytes);
    let sheet = book.worksheet_range("Kết quả").unwrap();
    let evidence: Vec<Data> = (0..sheet.height() as u32).map(|r| cell(&sheet, r, 6)).collect();
    for text in dangerous {
        assert!(evidence.contains(&string(text)), "{text:?} is not kept as text");
    }
    let formulas = book.worksheet_formula("Kết quả").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "the workbook holds a formula"
    );
    // Each of those cells uses a style with Excel's quote prefix.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let prefixed: Vec<usize> = xfs
        .split("<xf ")
        .skip(1)
        .enumerate()
        .filter(|(_, xf)| xf.contains("quotePrefix=\"1\""))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(prefixed.len(), 1, "{xfs}");
    let mut sheet_xml = String::new();
    zip.by_name("xl/worksheets/sheet4.xml")
        .unwrap()
        .read_to_string(&mut sheet_xml)
        .unwrap();
    let guarded = sheet_xml.matches(&format!(" s=\"{}\"", prefixed[0])).count();
    assert_eq!(guarded, dangerous.len());
}

#[test]
fn every_record_is_in_the_records_sheet_with_its_evidence() {
    let fixture = generated(40);
    let bytes = xlsx::workbook(&fixture.report(), Lang::Vi).unwrap();
    let mut book = open(&bytes);
    let sheet = book.worksheet_range("Kết quả").unwrap();
    assert_eq!(
        sheet.height() as u32,
        HEADER_ROW + 1 + fixture.records.len() as u32
    );
    let evidence: std::collections::HashSet<String> = (HEADER_ROW + 1..sheet.height() as u32)
        .filter_map(|r| match cell(&sheet, r, 6) {
            Data::String(s) => Some(s),
            _ => None,
        })
        .collect();
    for record in &fixture.records {
        assert!(evidence.contains(&record.evidence));
    }
    assert!(matches!(cell(&sheet, HEADER_ROW + 1, 9), Data::DateTime(_)));
}
