//! The records file (PRODUCT.md section 5): read with a reason for every rejected row, and
//! written in the same columns so that export then import is the identity.
//!
//! The export is meant to be opened in spreadsheet programs too: it starts with a UTF-8 byte
//! order mark so that they read Vietnamese correctly, and free text that a spreadsheet would
//! run as a formula is escaped with a leading apostrophe ([`guard`]), which the reader
//! removes again ([`unguard`]).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use scorecard_domain::record::parse_ratio;
use scorecard_domain::{
    Catalog, CriterionCode, OrgId, Organization, Outcome, OutcomeError, Record, RecordState, RoundId,
};
use serde::Serialize;

/// The columns, in the order the export writes them.
pub const COLUMNS: [&str; 10] = [
    "round",
    "organization",
    "criterion",
    "outcome",
    "value",
    "evidence",
    "note",
    "inspector",
    "assessed_on",
    "state",
];

/// The first characters that make a spreadsheet run a cell as a formula.
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

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

/// Which workflow state imported rows get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatePolicy {
    /// The `state` column decides (the demo data; export then import).
    FromFile,
    /// Every row gets this state (imports: submitted, or approved with `--approve`).
    All(RecordState),
}

/// What a records file is read against.
pub struct Context<'a> {
    pub round: &'a RoundId,
    pub catalog: &'a Catalog,
    pub organizations: &'a [Organization],
    pub state: StatePolicy,
}

/// Why one row cannot be imported.
#[derive(Debug, Clone, PartialEq)]
pub enum RowProblem {
    Malformed {
        message: String,
    },
    MissingColumn {
        column: &'static str,
    },
    UnknownColumn {
        column: String,
    },
    WrongRound {
        found: String,
        expected: String,
    },
    BadId {
        column: &'static str,
        message: String,
    },
    UnknownOrganization {
        id: String,
    },
    UnknownCriterion {
        code: String,
    },
    Outcome {
        column: &'static str,
        error: OutcomeError,
    },
    BadDate {
        text: String,
    },
    BadState {
        text: String,
    },
    Duplicate {
        first_line: usize,
    },
}

impl RowProblem {
    /// The column at fault, when there is one.
    pub fn column(&self) -> Option<&str> {
        Some(match self {
            RowProblem::Malformed { .. } => return None,
            RowProblem::MissingColumn { column } => column,
            RowProblem::UnknownColumn { column } => column,
            RowProblem::WrongRound { .. } => "round",
            RowProblem::BadId { column, .. } => column,
            RowProblem::UnknownOrganization { .. } => "organization",
            RowProblem::UnknownCriterion { .. } => "criterion",
            RowProblem::Outcome { column, .. } => column,
            RowProblem::BadDate { .. } => "assessed_on",
            RowProblem::BadState { .. } => "state",
            RowProblem::Duplicate { .. } => "organization",
        })
    }

    /// The reason in English.
    pub fn message_en(&self) -> String {
        match self {
            RowProblem::Malformed { message } => format!("the row cannot be read as CSV: {message}"),
            RowProblem::MissingColumn { column } => format!("the header has no `{column}` column"),
            RowProblem::UnknownColumn { column } => {
                format!("unknown column `{column}`; expected {}", COLUMNS.join(","))
            }
            RowProblem::WrongRound { found, expected } => {
                format!("the row is for round `{found}`, but the file is imported into round `{expected}`")
            }
            RowProblem::BadId { message, .. } => message.clone(),
            RowProblem::UnknownOrganization { id } => format!("unknown organisation `{id}`"),
            RowProblem::UnknownCriterion { code } => {
                format!("criterion `{code}` is not in the round's catalog")
            }
            RowProblem::Outcome { error, .. } => error.to_string(),
            RowProblem::BadDate { text } => {
                format!("`{text}` is not a date written YYYY-MM-DD, or the day does not exist")
            }
            RowProblem::BadState { text } => {
                format!("unknown state `{text}`; expected draft, submitted, approved or returned")
            }
            RowProblem::Duplicate { first_line } => {
                format!("the same organisation and criterion already appear on line {first_line}")
            }
        }
    }

    /// The reason in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            RowProblem::Malformed { message } => format!("Không đọc được dòng CSV: {message}."),
            RowProblem::MissingColumn { column } => format!("Dòng tiêu đề thiếu cột `{column}`."),
            RowProblem::UnknownColumn { column } => {
                format!(
                    "Cột `{column}` không hợp lệ; các cột cần có: {}.",
                    COLUMNS.join(",")
                )
            }
            RowProblem::WrongRound { found, expected } => {
                format!("Dòng thuộc đợt `{found}`, nhưng tệp đang được nhập vào đợt `{expected}`.")
            }
            RowProblem::BadId { column, message } => {
                format!("Mã trong cột `{column}` không hợp lệ ({message}).")
            }
            RowProblem::UnknownOrganization { id } => format!("Không có đơn vị mã `{id}`."),
            RowProblem::UnknownCriterion { code } => {
                format!("Tiêu chí `{code}` không thuộc bộ tiêu chí của đợt kiểm tra.")
            }
            RowProblem::Outcome { error, .. } => error.message_vi(),
            RowProblem::BadDate { text } => {
                format!("`{text}` không phải ngày hợp lệ theo dạng YYYY-MM-DD (năm-tháng-ngày).")
            }
            RowProblem::BadState { text } => {
                format!("Trạng thái `{text}` không hợp lệ; dùng draft, submitted, approved hoặc returned.")
            }
            RowProblem::Duplicate { first_line } => {
                format!("Đơn vị và tiêu chí này đã có ở dòng {first_line}.")
            }
        }
    }
}

/// A problem as people read it, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProblemMessage {
    pub field: Option<String>,
    pub message: String,
    pub message_vi: String,
}

/// A row that was not imported, with every reason.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedRow {
    /// The 1-based line where the row starts; the header is line 1.
    pub line: usize,
    pub problems: Vec<RowProblem>,
}

impl RejectedRow {
    /// The reasons as people read them.
    pub fn messages(&self) -> Vec<ProblemMessage> {
        self.problems
            .iter()
            .map(|p| ProblemMessage {
                field: p.column().map(str::to_owned),
                message: p.message_en(),
                message_vi: p.message_vi(),
            })
            .collect()
    }
}

/// A row that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptedRow {
    pub line: usize,
    pub record: Record,
}

/// Every row of a file, accepted or rejected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordsReport {
    pub accepted: Vec<AcceptedRow>,
    pub rejected: Vec<RejectedRow>,
}

/// The first line of each (organisation, criterion) key seen so far in a file.
pub(crate) type FirstLines = HashMap<(String, String), usize>;

impl RecordsReport {
    /// Checks one row, including against the keys of the rows before it, and files it.
    pub(crate) fn add(
        &mut self,
        line: usize,
        row: &RawRow,
        context: &Context,
        organizations: &HashSet<&str>,
        first_lines: &mut FirstLines,
    ) {
        let checked = check_row(row, context, organizations);
        let key = (
            row.get("organization").trim().to_owned(),
            row.get("criterion").trim().to_owned(),
        );
        let duplicate = first_lines
            .get(&key)
            .map(|&first_line| RowProblem::Duplicate { first_line });
        first_lines.entry(key).or_insert(line);
        match (checked, duplicate) {
            (Ok(record), None) => self.accepted.push(AcceptedRow { line, record }),
            (Ok(_), Some(duplicate)) => self.rejected.push(RejectedRow {
                line,
                problems: vec![duplicate],
            }),
            (Err(mut problems), duplicate) => {
                problems.extend(duplicate);
                self.rejected.push(RejectedRow { line, problems });
            }
        }
    }

    /// The accepted records, when no row was rejected: imports write all or nothing.
    pub fn into_records(self) -> Result<Vec<Record>, Vec<RejectedRow>> {
        if self.rejected.is_empty() {
            Ok(self.accepted.into_iter().map(|row| row.record).collect())
        } else {
            Err(self.rejected)
        }
    }
}

/// Reads a records file (UTF-8, with or without a BOM, LF or CRLF) and checks every row.
pub fn read(text: &str, context: &Context) -> RecordsReport {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
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
            let problems = vec![RowProblem::Malformed {
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
                let raw = RawRow::new(|column| columns.position(column).and_then(|i| row.get(i)));
                report.add(line, &raw, context, &organizations, &mut first_lines);
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
                    problems: vec![RowProblem::Malformed { message }],
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

/// Where each column sits in the header.
struct Columns {
    index: [usize; COLUMNS.len()],
}

impl Columns {
    fn find(header: &csv::StringRecord) -> Result<Columns, Vec<RowProblem>> {
        let mut problems = Vec::new();
        let mut index = [0; COLUMNS.len()];
        for (slot, column) in index.iter_mut().zip(COLUMNS) {
            match header.iter().position(|h| h.trim() == column) {
                Some(position) => *slot = position,
                None => problems.push(RowProblem::MissingColumn { column }),
            }
        }
        for name in header.iter().filter(|h| !COLUMNS.contains(&h.trim())) {
            problems.push(RowProblem::UnknownColumn {
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

/// One row's values by column, whatever file or request they came from.
pub struct RawRow<'a> {
    values: [&'a str; COLUMNS.len()],
}

impl<'a> RawRow<'a> {
    /// A row from a value per column; missing columns read as empty.
    pub fn new(value_of: impl Fn(&str) -> Option<&'a str>) -> RawRow<'a> {
        RawRow {
            values: COLUMNS.map(|column| value_of(column).unwrap_or("")),
        }
    }

    /// The raw value of a column.
    pub fn get(&self, column: &str) -> &'a str {
        COLUMNS
            .iter()
            .position(|c| *c == column)
            .map_or("", |i| self.values[i])
    }
}

/// Checks one row against the round's catalog and organisations.
pub fn check(row: &RawRow, context: &Context) -> Result<Record, Vec<RowProblem>> {
    let organizations: HashSet<&str> = context.organizations.iter().map(|o| o.id.as_str()).collect();
    check_row(row, context, &organizations)
}

fn check_row(
    row: &RawRow,
    context: &Context,
    organizations: &HashSet<&str>,
) -> Result<Record, Vec<RowProblem>> {
    let field = |name: &str| row.get(name).trim();
    let mut problems = Vec::new();
    if field("round") != context.round.as_str() {
        problems.push(RowProblem::WrongRound {
            found: field("round").to_owned(),
            expected: context.round.to_string(),
        });
    }
    let organization = match OrgId::parse(field("organization")) {
        Ok(id) if organizations.contains(id.as_str()) => Some(id),
        Ok(id) => {
            problems.push(RowProblem::UnknownOrganization { id: id.to_string() });
            None
        }
        Err(error) => {
            problems.push(RowProblem::BadId {
                column: "organization",
                message: error.to_string(),
            });
            None
        }
    };
    let criterion = match CriterionCode::parse(field("criterion")) {
        Ok(code) => match context.catalog.criterion(&code) {
            Some(criterion) => Some(criterion),
            None => {
                problems.push(RowProblem::UnknownCriterion {
                    code: code.to_string(),
                });
                None
            }
        },
        Err(_) => {
            problems.push(RowProblem::UnknownCriterion {
                code: field("criterion").to_owned(),
            });
            None
        }
    };
    let outcome = read_outcome(field("outcome"), field("value"));
    let outcome = match (outcome, criterion) {
        (Ok(outcome), Some(criterion)) => match criterion.credit(&outcome) {
            Ok(_) => Some(outcome),
            Err(error) => {
                problems.push(RowProblem::Outcome {
                    column: "outcome",
                    error,
                });
                None
            }
        },
        (Ok(_), None) => None,
        (Err(problem), _) => {
            problems.push(problem);
            None
        }
    };
    let assessed_on = match field("assessed_on") {
        "" => None,
        text => match parse_date(text) {
            Some(date) => Some(date),
            None => {
                problems.push(RowProblem::BadDate {
                    text: text.to_owned(),
                });
                None
            }
        },
    };
    let state = match context.state {
        StatePolicy::All(state) => Some(state),
        StatePolicy::FromFile => {
            let state = RecordState::parse(field("state"));
            if state.is_none() {
                problems.push(RowProblem::BadState {
                    text: field("state").to_owned(),
                });
            }
            state
        }
    };
    match (organization, criterion, outcome, state) {
        (Some(organization), Some(criterion), Some(outcome), Some(state)) if problems.is_empty() => {
            Ok(Record {
                round: context.round.clone(),
                organization,
                criterion: criterion.code.clone(),
                outcome,
                evidence: unguard(row.get("evidence")).to_owned(),
                note: unguard(row.get("note")).to_owned(),
                inspector: unguard(field("inspector")).to_owned(),
                assessed_on,
                state,
            })
        }
        _ => Err(problems),
    }
}

fn read_outcome(outcome: &str, value: &str) -> Result<Outcome, RowProblem> {
    let value = match value {
        "" => None,
        text => Some(parse_ratio(text).map_err(|error| RowProblem::Outcome {
            column: "value",
            error,
        })?),
    };
    Outcome::parse(outcome, value).map_err(|error| {
        let column = if matches!(error, OutcomeError::RatioOutOfRange { .. }) {
            "value"
        } else {
            "outcome"
        };
        RowProblem::Outcome { column, error }
    })
}

/// A date written exactly `YYYY-MM-DD` that exists in the calendar.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Writes records in the import format: a byte order mark, the header, then one row per
/// record, with free text guarded against formula injection.
pub fn write(records: &[Record]) -> String {
    let mut bom = [0; 3];
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(BOM.encode_utf8(&mut bom).as_bytes().to_vec());
    let mut write_row = |row: &[&str]| {
        // Writing to a Vec cannot fail for IO reasons, and every row has the header's length.
        writer.write_record(row).expect("writing CSV to memory");
    };
    write_row(&COLUMNS);
    for record in records {
        let value = record.outcome.value().map(|v| v.to_string()).unwrap_or_default();
        let date = record
            .assessed_on
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        write_row(&[
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
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    // Every field written was a `&str`, so the bytes are UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests;
