//! Records from a workbook (XLSX, or ODS from LibreOffice), as people keep them: the records
//! sheet of the product's own XLSX export, its fill-in template, or any sheet whose header row
//! (within its first rows, below a title) names the record's fields in English or Vietnamese.
//! Every rule of the CSV import holds; a rejected row names its cells as the spreadsheet program
//! shows them (`Kết quả!D12`). Dates may be Excel dates or `DD/MM/YYYY` text, numbers numbers or
//! text such as `85,5%`, and formulas are taken by their cached values.

use std::collections::HashSet;
use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};

use crate::record_input::{
    Context, FIELDS, FirstLines, RecordInput, RecordProblem, RecordsReport, RejectedRow, SheetPlace,
    column_letter, field_of_header, is_display_header,
};

/// How far down a sheet its header row may be (our export has a title and a status line above).
const HEADER_SEARCH_ROWS: usize = 10;

/// The fields a header row must name for its sheet to hold records.
const REQUIRED: [&str; 4] = ["round", "organization", "criterion", "outcome"];

/// Whether bytes are a workbook: XLSX and ODS are ZIP files.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads the records sheet of a workbook and checks every row.
pub fn read(bytes: &[u8], context: &Context) -> RecordsReport {
    let mut report = RecordsReport::default();
    let mut workbook = match open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())) {
        Ok(workbook) => workbook,
        Err(error) => {
            report.rejected.push(RejectedRow {
                line: 1,
                problems: vec![RecordProblem::Malformed {
                    message: format!("the file cannot be read as a workbook (XLSX or ODS): {error}"),
                }],
            });
            return report;
        }
    };
    let mut examined = Vec::new();
    for (name, range) in workbook.worksheets() {
        let start = range.start().map_or(0, |(row, _)| row as usize);
        let rows: Vec<&[Data]> = range.rows().collect();
        let header = rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .enumerate()
            .find_map(|(i, row)| {
                let fields: Vec<Option<&'static str>> =
                    row.iter().map(|cell| field_of_header(&text_of(cell))).collect();
                REQUIRED
                    .iter()
                    .all(|required| fields.contains(&Some(*required)))
                    .then_some((i, fields))
            });
        let Some((header_at, fields)) = header else {
            examined.push(name);
            continue;
        };
        let first_column = range.start().map_or(0, |(_, column)| column as usize);
        let header_row = rows[header_at];
        let unknown: Vec<RecordProblem> = header_row
            .iter()
            .zip(&fields)
            .filter_map(|(cell, field)| {
                let text = text_of(cell);
                (field.is_none() && !text.trim().is_empty() && !is_display_header(&text))
                    .then_some(RecordProblem::UnknownColumn { column: text })
            })
            .collect();
        let place = SheetPlace {
            name: name.clone(),
            columns: fields
                .iter()
                .enumerate()
                .filter_map(|(i, field)| Some((((*field)?), column_letter(first_column + i))))
                .collect(),
        };
        report.sheet = Some(place);
        if !unknown.is_empty() {
            report.rejected.push(RejectedRow {
                line: start + header_at + 1,
                problems: unknown,
            });
            return report;
        }
        read_rows(
            &rows[header_at + 1..],
            start + header_at + 2,
            &fields,
            context,
            &mut report,
        );
        return report;
    }
    let message = format!(
        "no sheet has a header row naming round, organization, criterion and outcome (in English or Vietnamese) in its first {HEADER_SEARCH_ROWS} rows; sheets: {}",
        examined.join(", ")
    );
    report.rejected.push(RejectedRow {
        line: 1,
        problems: vec![RecordProblem::Malformed { message }],
    });
    report
}

fn read_rows(
    rows: &[&[Data]],
    first_line: usize,
    fields: &[Option<&'static str>],
    context: &Context,
    report: &mut RecordsReport,
) {
    let organizations: HashSet<&str> = context.organizations.iter().map(|o| o.id.as_str()).collect();
    let mut first_lines = FirstLines::new();
    for (offset, row) in rows.iter().enumerate() {
        let line = first_line + offset;
        let mut values: Vec<String> = vec![String::new(); FIELDS.len()];
        let mut problems = Vec::new();
        for (cell, field) in row.iter().zip(fields) {
            let Some(field) = field else { continue };
            let Some(slot) = FIELDS.iter().position(|f| f == field) else {
                continue;
            };
            match cell_text(cell, field) {
                Ok(text) => values[slot] = text,
                Err(problem) => problems.push(problem),
            }
        }
        // The template lists every organisation × criterion; a row nobody filled in is skipped.
        let filled = ["outcome", "value", "evidence", "note", "assessed_on"]
            .iter()
            .any(|f| {
                !values[FIELDS.iter().position(|x| x == f).unwrap_or(0)]
                    .trim()
                    .is_empty()
            });
        if values.iter().all(|v| v.trim().is_empty()) || (!filled && problems.is_empty()) {
            continue;
        }
        if !problems.is_empty() {
            report.rejected.push(RejectedRow { line, problems });
            continue;
        }
        let input = RecordInput::from_fields(|field| {
            FIELDS
                .iter()
                .position(|f| *f == field)
                .map(|i| values[i].as_str())
        });
        report.add(line, &input, context, &organizations, &mut first_lines);
    }
}

/// A header cell's text.
fn text_of(cell: &Data) -> String {
    match cell {
        Data::String(text) => text.trim().to_owned(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// A cell as the text the record's checks read: numbers in the `value` column as a share,
/// whole numbers (a round typed as 2019) without decimals, dates as `YYYY-MM-DD`.
fn cell_text(cell: &Data, field: &'static str) -> Result<String, RecordProblem> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Bool(value) => value.to_string(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) if number.fract() == 0.0 && field != "value" => format!("{number:.0}"),
        Data::Float(number) => number.to_string(),
        Data::DateTime(date) => {
            let (year, month, day, ..) = date.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        Data::DateTimeIso(text) => text.get(..10).unwrap_or(text).to_owned(),
        Data::DurationIso(text) => text.clone(),
        Data::Error(error) => {
            return Err(RecordProblem::Malformed {
                message: format!("the `{field}` cell holds the spreadsheet error {error}"),
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        let cases = [
            (0, "A"),
            (3, "D"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
        ];
        for (index, letter) in cases {
            assert_eq!(column_letter(index), letter, "{index}");
        }
    }

    #[test]
    fn cells_read_as_the_text_the_checks_take() {
        let cases = [
            (Data::Float(2019.0), "round", "2019"),
            (Data::Int(2019), "round", "2019"),
            (Data::Float(0.855), "value", "0.855"),
            (Data::Float(1.0), "value", "1"),
            (Data::String("85,5%".into()), "value", "85,5%"),
            (Data::Empty, "note", ""),
        ];
        for (cell, field, expected) in cases {
            assert_eq!(cell_text(&cell, field).unwrap(), expected, "{cell:?}");
        }
        assert!(cell_text(&Data::Error(calamine::CellErrorType::Div0), "value").is_err());
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_refused_with_a_reason() {
        assert!(!is_workbook(b"round,organization\n"));
        assert!(is_workbook(b"PK\x03\x04rest"));
    }
}
