//! Issue 15: the fill-in template of a round, read back with other libraries (calamine for the
//! cells, the sheet's XML for the dropdowns and the frozen header): one row per organisation ×
//! criterion, the outcome restricted to what each criterion accepts, and, empty, no record.

mod common;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use common::{demo, save};
use scorecard_briefing::Lang;
use scorecard_briefing::template::{self, sheet_names};
use scorecard_briefing::xlsx::HEADER_ROW;
use scorecard_dataset::record_input::{Context, StatePolicy};
use scorecard_dataset::records_xlsx;
use scorecard_domain::{CriterionKind, Scope, View};

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => panic!("({row}, {col}) holds {other:?}, not text"),
    }
}

fn sheet_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn the_template_has_a_row_per_organisation_and_criterion_with_the_names_beside_the_ids() {
    let fixture = demo("2025", Scope::All, View::Official);
    for lang in [Lang::Vi, Lang::En] {
        let bytes =
            template::template(&fixture.round, &fixture.catalog, &fixture.organizations, lang).unwrap();
        save(&format!("template-2025-{}.xlsx", lang.code()), &bytes);
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
        assert_eq!(book.sheet_names(), sheet_names(lang).map(str::to_owned));
        let sheet = book.worksheet_range(sheet_names(lang)[0]).unwrap();
        let headers: Vec<String> = (0..13).map(|col| text(&sheet, HEADER_ROW, col)).collect();
        let expected = match lang {
            Lang::Vi => [
                "Mã đợt",
                "Mã đơn vị",
                "Tên đơn vị",
                "Mã tiêu chí",
                "Tên tiêu chí",
                "Căn cứ pháp lý",
                "Giá trị được nhập",
                "Kết quả",
                "Tỷ lệ",
                "Minh chứng",
                "Ghi chú",
                "Cán bộ kiểm tra",
                "Ngày đánh giá",
            ],
            Lang::En => [
                "Round",
                "Organisation id",
                "Organisation name",
                "Criterion code",
                "Criterion name",
                "Legal basis",
                "Accepted values",
                "Outcome",
                "Share",
                "Evidence",
                "Note",
                "Inspector",
                "Assessed on",
            ],
        };
        assert_eq!(headers, expected);

        let mut row = HEADER_ROW + 1;
        for organization in &fixture.organizations {
            for criterion in &fixture.catalog.criteria {
                assert_eq!(text(&sheet, row, 0), "2025");
                assert_eq!(text(&sheet, row, 1), organization.id.as_str());
                assert_eq!(
                    text(&sheet, row, 2),
                    lang.pick(&organization.name_vi, &organization.name_en)
                );
                assert_eq!(text(&sheet, row, 3), criterion.code.as_str());
                assert_eq!(text(&sheet, row, 5), criterion.legal_basis);
                for col in 7..13 {
                    assert_eq!(text(&sheet, row, col), "", "({row}, {col}) is left to fill in");
                }
                row += 1;
            }
        }
        assert_eq!(text(&sheet, row, 0), "", "no row beyond the round's");
        let instructions = book.worksheet_range(sheet_names(lang)[1]).unwrap();
        // A line per column under its header, then how to import the file.
        assert_eq!(instructions.height(), 16);
        let how = text(&instructions, 15, 1);
        assert!(how.contains("scorecard import"), "{how}");
    }
}

#[test]
fn each_outcome_cell_offers_what_its_criterion_accepts_and_the_header_stays_in_view() {
    let fixture = demo("2025", Scope::All, View::Official);
    let bytes =
        template::template(&fixture.round, &fixture.catalog, &fixture.organizations, Lang::Vi).unwrap();
    let xml = sheet_xml(&bytes);
    // Frozen below the header row (row 4) and right of the criterion code (column D).
    assert!(xml.contains(r#"xSplit="4" ySplit="4" topLeftCell="E5""#), "{xml}");

    let validations: Vec<&str> = xml.split("<dataValidation ").skip(1).collect();
    let mut row = HEADER_ROW + 2; // as the spreadsheet counts, from 1
    let mut expected = 0;
    for _ in &fixture.organizations {
        for criterion in &fixture.catalog.criteria {
            let outcome_cell = format!(r#"sqref="H{row}""#);
            let outcome = validations
                .iter()
                .find(|v| v.contains(&outcome_cell))
                .unwrap_or_else(|| panic!("no list at H{row}"));
            let offered = match &criterion.kind {
                CriterionKind::PassFail => "\"met,not_met,not_applicable\"".to_owned(),
                CriterionKind::Levels { levels } => {
                    let keys: Vec<&str> = levels.iter().map(|l| l.key.as_str()).collect();
                    format!("\"{},not_applicable\"", keys.join(","))
                }
                CriterionKind::Ratio { .. } => "\"not_applicable\"".to_owned(),
            };
            assert!(outcome.contains(r#"type="list""#), "{outcome}");
            assert!(
                outcome.contains(&format!("<formula1>{offered}</formula1>")),
                "{outcome}"
            );
            expected += 1;
            if matches!(criterion.kind, CriterionKind::Ratio { .. }) {
                let share_cell = format!(r#"sqref="I{row}""#);
                let share = validations
                    .iter()
                    .find(|v| v.contains(&share_cell))
                    .unwrap_or_else(|| panic!("no share check at I{row}"));
                assert!(share.contains(r#"type="decimal""#), "{share}");
                assert!(
                    share.contains("<formula1>0</formula1><formula2>1</formula2>"),
                    "{share}"
                );
                expected += 1;
            }
            row += 1;
        }
    }
    assert_eq!(validations.len(), expected, "no validation beyond the rows'");
}

#[test]
fn an_empty_template_imports_as_no_record_and_names_nothing_wrong() {
    let fixture = demo("2025", Scope::All, View::Official);
    for lang in [Lang::Vi, Lang::En] {
        let bytes =
            template::template(&fixture.round, &fixture.catalog, &fixture.organizations, lang).unwrap();
        let context = Context {
            round: &fixture.round.id,
            catalog: &fixture.catalog,
            organizations: &fixture.organizations,
            state: StatePolicy::FromFile,
        };
        let report = records_xlsx::read(&bytes, &context);
        assert_eq!(report.rejected, []);
        assert_eq!(report.accepted.len(), 0);
    }
}
