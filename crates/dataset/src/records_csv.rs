//! The records file (docs/formats.md#records-csv): read with a reason for every rejected row, and
//! written in the same columns so that export then import is the identity.
//!
//! The export is meant to be opened in spreadsheet programs too: it starts with a UTF-8 byte
//! order mark so that they read Vietnamese correctly, and free text that a spreadsheet would
//! run as a formula is escaped with a leading apostrophe ([`guard`]), which the reader
//! removes again ([`unguard`]).

use std::borrow::Cow;
use std::collections::HashSet;

use scorecard_domain::Record;
pub use scorecard_domain::formula::FORMULA_TRIGGERS;

use crate::record_input::{
    Context, FIELDS as COLUMNS, FirstLines, RecordInput, RecordProblem, RecordsReport, RejectedRow,
    field_of_header, is_display_header,
};

/// The byte order mark the export starts with; the reader accepts files with or without it.
pub const BOM: char = '\u{feff}';

/// Escapes free text for spreadsheets: text that begins with a formula trigger, possibly after
/// apostrophes, gets one more apostrophe in front. [`unguard`] undoes exactly this, so every
/// text survives export then import.
pub fn guard(text: &str) -> Cow<'_, str> {
    if text.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Removes the apostrophe that [`guard`] adds; any other text is returned as it is.
pub fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS) => rest,
        _ => text,
    }
}

/// Reads a records file (UTF-8, with or without a BOM, LF or CRLF; `,`, `;` or tab between
/// fields; headers by field name or label in either language) and checks every row.
pub fn read(text: &str, context: &Context) -> RecordsReport {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .delimiter(delimiter_of(text))
        .from_reader(text.as_bytes());
    let mut report = RecordsReport::default();
    let columns = match reader.headers() {
        Ok(header) => match Columns::find(header) {
            Ok(columns) => columns,
            Err(problems) => {
                report.rejected.push(RejectedRow { line: 1, problems });
                return report;
            }
        },
        Err(error) => {
            let problems = vec![RecordProblem::Malformed {
                message: error.to_string(),
            }];
            report.rejected.push(RejectedRow { line: 1, problems });
            return report;
        }
    };
    let organizations: HashSet<&str> = context.organizations.iter().map(|o| o.id.as_str()).collect();
    let mut first_lines = FirstLines::new();
    let mut row = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {
                let line = row.position().map_or(line, |p| p.line() as usize);
                let value = |column: &str| columns.position(column).and_then(|i| row.get(i));
                let text = |column: &str| value(column).map(unguard);
                let input = RecordInput {
                    evidence: text("evidence").unwrap_or(""),
                    note: text("note").unwrap_or(""),
                    inspector: value("inspector").map_or("", |v| unguard(v.trim())),
                    ..RecordInput::from_fields(value)
                };
                report.add(line, &input, context, &organizations, &mut first_lines);
            }
            Err(error) => {
                let line = error.position().map_or(line, |p| p.line() as usize);
                let message = match error.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        format!("expected {expected_len} fields, found {len}")
                    }
                    csv::ErrorKind::Utf8 { .. } => "the text is not valid UTF-8".to_owned(),
                    _ => error.to_string(),
                };
                report.rejected.push(RejectedRow {
                    line,
                    problems: vec![RecordProblem::Malformed { message }],
                });
                if !matches!(
                    error.kind(),
                    csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                ) {
                    break;
                }
            }
        }
    }
    report
}

/// The delimiter of a file as spreadsheet programs save it: `,`, or `;` (Excel in a locale
/// whose decimal mark is the comma, as Vietnamese is), or a tab (Excel's "Unicode text"). The
/// one that splits the header row into the most known column names wins; then the most used.
fn delimiter_of(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&delimiter| {
            let cells = header.split(delimiter as char);
            let known = cells
                .clone()
                .filter(|cell| field_of_header(cell.trim_matches('"')).is_some())
                .count();
            (known, cells.count())
        })
        .unwrap_or(b',')
}

/// Where each column sits in the header. A column may be named by its field's name or its
/// label in either language; columns that only explain the row (names beside the ids) are
/// skipped.
struct Columns {
    index: [usize; COLUMNS.len()],
}

impl Columns {
    fn find(header: &csv::StringRecord) -> Result<Columns, Vec<RecordProblem>> {
        let mut problems = Vec::new();
        let mut index = [0; COLUMNS.len()];
        for (slot, column) in index.iter_mut().zip(COLUMNS) {
            match header.iter().position(|h| field_of_header(h) == Some(column)) {
                Some(position) => *slot = position,
                None => problems.push(RecordProblem::MissingColumn { column }),
            }
        }
        for name in header
            .iter()
            .filter(|h| field_of_header(h).is_none() && !is_display_header(h))
        {
            problems.push(RecordProblem::UnknownColumn {
                column: name.to_owned(),
            });
        }
        if problems.is_empty() {
            Ok(Columns { index })
        } else {
            Err(problems)
        }
    }

    fn position(&self, column: &str) -> Option<usize> {
        COLUMNS
            .iter()
            .position(|c| *c == column)
            .map(|slot| self.index[slot])
    }
}

/// Writes records in the import format: a byte order mark, the header, then one row per
/// record, with free text guarded against formula injection.
pub fn write(records: &[Record]) -> String {
    write_with_evidence(records, |_| None)
}

/// The header of the column that lists a record's evidence files; imports skip it.
pub const EVIDENCE_FILES_HEADER: &str = "Evidence files";

/// As [`write`], with a last column listing each record's evidence files (`files` answers the
/// text for a record) when any record has files; imports skip that column, so export then
/// import stays the identity.
pub fn write_with_evidence(records: &[Record], files: impl Fn(&Record) -> Option<String>) -> String {
    let mut bom = [0; 3];
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(BOM.encode_utf8(&mut bom).as_bytes().to_vec());
    let mut write_row = |row: &[&str]| {
        // Writing to a Vec cannot fail for IO reasons, and every row has the header's length.
        writer.write_record(row).expect("writing CSV to memory");
    };
    let listed: Vec<Option<String>> = records.iter().map(&files).collect();
    let with_files = listed.iter().any(Option::is_some);
    if with_files {
        let mut header = COLUMNS.to_vec();
        header.push(EVIDENCE_FILES_HEADER);
        write_row(&header);
    } else {
        write_row(&COLUMNS);
    }
    for (record, files) in records.iter().zip(&listed) {
        let value = record.outcome.value().map(|v| v.to_string()).unwrap_or_default();
        let date = record
            .assessed_on
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let row = [
            record.round.as_str(),
            record.organization.as_str(),
            record.criterion.as_str(),
            record.outcome.key(),
            &value,
            &guard(&record.evidence),
            &guard(&record.note),
            &guard(&record.inspector),
            &date,
            record.state.as_str(),
        ];
        if with_files {
            let files = guard(files.as_deref().unwrap_or_default());
            let mut row = row.to_vec();
            row.push(&files);
            write_row(&row);
        } else {
            write_row(&row);
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    // Every field written was a `&str`, so the bytes are UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests;
