//! One record as a person, a file or a request gives it, checked by one set of rules: the CSV
//! and JSON imports, the API's record body and the fuzz targets all come through here
//! (docs/formats.md, "Records"). Every problem names the field at fault and reads in
//! Vietnamese and English.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use scorecard_api::{FieldProblem, RecordBody};
use scorecard_domain::record::parse_ratio;
use scorecard_domain::{
    Catalog, CriterionCode, OrgId, Organization, Outcome, OutcomeError, Record, RecordState, RoundId,
};

/// The fields of a record, in the order the files write them (the CSV's columns, the JSON
/// import's keys).
pub const FIELDS: [&str; 10] = [
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

/// How a header row may name each field, besides the field's own name: its label in
/// Vietnamese and in English, as the fill-in template writes them. Matched without regard to
/// case or surrounding spaces.
pub const FIELD_LABELS: [(&str, &str, &str); 10] = [
    ("round", "Mã đợt", "Round"),
    ("organization", "Mã đơn vị", "Organisation id"),
    ("criterion", "Mã tiêu chí", "Criterion code"),
    ("outcome", "Kết quả", "Outcome"),
    ("value", "Tỷ lệ", "Share"),
    ("evidence", "Minh chứng", "Evidence"),
    ("note", "Ghi chú", "Note"),
    ("inspector", "Cán bộ kiểm tra", "Inspector"),
    ("assessed_on", "Ngày đánh giá", "Assessed on"),
    ("state", "Trạng thái", "State"),
];

/// Columns that explain a row to the people filling it in and are not part of a record: the
/// names beside the ids, the legal basis, the criterion's kind and what it accepts (the XLSX
/// export and the template write them). A reader skips them.
pub const DISPLAY_HEADERS: [&str; 14] = [
    "Tệp kiểm chứng",
    "Evidence files",
    "Đơn vị",
    "Organisation",
    "Tên đơn vị",
    "Organisation name",
    "Tên tiêu chí",
    "Criterion name",
    "Căn cứ pháp lý",
    "Legal basis",
    "Loại tiêu chí",
    "Kind",
    "Giá trị được nhập",
    "Accepted values",
];

/// Whether a header cell says `b`, whatever its case and surrounding spaces; a byte order mark
/// that a conversion left in the first cell does not count.
fn same_words(a: &str, b: &str) -> bool {
    a.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_lowercase()
        == b.to_lowercase()
}

/// The field a header cell names: its own name (`organization`) or its label in either
/// language (`Mã đơn vị`, `Organisation id`).
pub fn field_of_header(header: &str) -> Option<&'static str> {
    FIELD_LABELS
        .iter()
        .find(|(field, vi, en)| same_words(header, field) || same_words(header, vi) || same_words(header, en))
        .map(|(field, _, _)| *field)
}

/// Whether a header cell names a column that only explains the row to people.
pub fn is_display_header(header: &str) -> bool {
    DISPLAY_HEADERS.iter().any(|name| same_words(header, name))
}

/// One record's fields as text, before any check. A file's reader decodes its own escapes
/// (the CSV's formula guard) before it fills this in; what is here is what the person meant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordInput<'a> {
    pub round: &'a str,
    pub organization: &'a str,
    pub criterion: &'a str,
    pub outcome: &'a str,
    /// The ratio for a `ratio` criterion: `0.855`, `85.5%`, `85,5%`.
    pub value: &'a str,
    pub evidence: &'a str,
    pub note: &'a str,
    pub inspector: &'a str,
    /// `YYYY-MM-DD`, or empty.
    pub assessed_on: &'a str,
    /// Read only under [`StatePolicy::FromFile`].
    pub state: &'a str,
}

impl<'a> RecordInput<'a> {
    /// A record from a value per field name of [`FIELDS`]; missing fields read as empty.
    pub fn from_fields(value_of: impl Fn(&str) -> Option<&'a str>) -> RecordInput<'a> {
        let get = |name| value_of(name).unwrap_or("");
        RecordInput {
            round: get("round"),
            organization: get("organization"),
            criterion: get("criterion"),
            outcome: get("outcome"),
            value: get("value"),
            evidence: get("evidence"),
            note: get("note"),
            inspector: get("inspector"),
            assessed_on: get("assessed_on"),
            state: get("state"),
        }
    }

    /// The value of a field by its name in [`FIELDS`].
    pub fn field(&self, name: &str) -> &'a str {
        match name {
            "round" => self.round,
            "organization" => self.organization,
            "criterion" => self.criterion,
            "outcome" => self.outcome,
            "value" => self.value,
            "evidence" => self.evidence,
            "note" => self.note,
            "inspector" => self.inspector,
            "assessed_on" => self.assessed_on,
            "state" => self.state,
            _ => "",
        }
    }
}

/// Checks the body of `PUT /rounds/{round}/records/{org}/{criterion}` as that record, by the
/// rules every record input follows; `context.state` gives the state it will have.
pub fn check_body(
    body: &RecordBody,
    organization: &str,
    criterion: &str,
    context: &Context,
) -> Result<Record, Vec<RecordProblem>> {
    let value = match &body.value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    };
    let input = RecordInput {
        round: context.round.as_str(),
        organization,
        criterion,
        outcome: body.outcome.as_deref().unwrap_or(""),
        value: &value,
        evidence: &body.evidence,
        note: &body.note,
        inspector: &body.inspector,
        assessed_on: body.assessed_on.as_deref().unwrap_or(""),
        state: "",
    };
    check(&input, context)
}

/// Which workflow state the checked record gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatePolicy {
    /// The `state` column decides (the demo data; export then import).
    FromFile,
    /// Every row gets this state (imports: submitted, or approved with `--approve`).
    All(RecordState),
}

/// What a record is checked against.
pub struct Context<'a> {
    pub round: &'a RoundId,
    pub catalog: &'a Catalog,
    pub organizations: &'a [Organization],
    pub state: StatePolicy,
}

/// Why one record cannot be taken, naming the field at fault where there is one.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordProblem {
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

impl RecordProblem {
    /// The column at fault, when there is one.
    pub fn column(&self) -> Option<&str> {
        Some(match self {
            RecordProblem::Malformed { .. } => return None,
            RecordProblem::MissingColumn { column } => column,
            RecordProblem::UnknownColumn { column } => column,
            RecordProblem::WrongRound { .. } => "round",
            RecordProblem::BadId { column, .. } => column,
            RecordProblem::UnknownOrganization { .. } => "organization",
            RecordProblem::UnknownCriterion { .. } => "criterion",
            RecordProblem::Outcome { column, .. } => column,
            RecordProblem::BadDate { .. } => "assessed_on",
            RecordProblem::BadState { .. } => "state",
            RecordProblem::Duplicate { .. } => "organization",
        })
    }

    /// The reason in English.
    pub fn message_en(&self) -> String {
        match self {
            RecordProblem::Malformed { message } => format!("the row cannot be read as CSV: {message}"),
            RecordProblem::MissingColumn { column } => format!("the header has no `{column}` column"),
            RecordProblem::UnknownColumn { column } => {
                format!("unknown column `{column}`; expected {}", FIELDS.join(","))
            }
            RecordProblem::WrongRound { found, expected } => {
                format!("the row is for round `{found}`, but the file is imported into round `{expected}`")
            }
            RecordProblem::BadId { message, .. } => message.clone(),
            RecordProblem::UnknownOrganization { id } => format!("unknown organisation `{id}`"),
            RecordProblem::UnknownCriterion { code } => {
                format!("criterion `{code}` is not in the round's catalog")
            }
            RecordProblem::Outcome { error, .. } => error.to_string(),
            RecordProblem::BadDate { text } => {
                format!("`{text}` is not a date written YYYY-MM-DD or DD/MM/YYYY, or the day does not exist")
            }
            RecordProblem::BadState { text } => {
                format!("unknown state `{text}`; expected draft, submitted, approved or returned")
            }
            RecordProblem::Duplicate { first_line } => {
                format!("the same organisation and criterion already appear on line {first_line}")
            }
        }
    }

    /// The reason in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            RecordProblem::Malformed { message } => format!("Không đọc được dòng CSV: {message}."),
            RecordProblem::MissingColumn { column } => format!("Dòng tiêu đề thiếu cột `{column}`."),
            RecordProblem::UnknownColumn { column } => {
                format!(
                    "Cột `{column}` không hợp lệ; các cột cần có: {}.",
                    FIELDS.join(",")
                )
            }
            RecordProblem::WrongRound { found, expected } => {
                format!("Dòng thuộc đợt `{found}`, nhưng tệp đang được nhập vào đợt `{expected}`.")
            }
            RecordProblem::BadId { column, message } => {
                format!("Mã trong cột `{column}` không hợp lệ ({message}).")
            }
            RecordProblem::UnknownOrganization { id } => format!("Không có đơn vị mã `{id}`."),
            RecordProblem::UnknownCriterion { code } => {
                format!("Tiêu chí `{code}` không thuộc bộ tiêu chí của đợt kiểm tra.")
            }
            RecordProblem::Outcome { error, .. } => error.message_vi(),
            RecordProblem::BadDate { text } => {
                format!(
                    "`{text}` không phải ngày hợp lệ theo dạng YYYY-MM-DD (năm-tháng-ngày) hoặc DD/MM/YYYY (ngày/tháng/năm)."
                )
            }
            RecordProblem::BadState { text } => {
                format!("Trạng thái `{text}` không hợp lệ; dùng draft, submitted, approved hoặc returned.")
            }
            RecordProblem::Duplicate { first_line } => {
                format!("Đơn vị và tiêu chí này đã có ở dòng {first_line}.")
            }
        }
    }
}

/// A row that was not imported, with every reason.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedRow {
    /// The 1-based line where the row starts; the header is line 1.
    pub line: usize,
    pub problems: Vec<RecordProblem>,
}

impl RejectedRow {
    /// The reasons as people read them.
    pub fn messages(&self) -> Vec<FieldProblem> {
        self.messages_in(None)
    }

    /// The reasons as people read them, each naming its cell (`Kết quả!D12`) when the row
    /// comes from this sheet of a workbook.
    pub fn messages_in(&self, sheet: Option<&SheetPlace>) -> Vec<FieldProblem> {
        self.problems
            .iter()
            .map(|p| FieldProblem {
                field: p.column().map(str::to_owned),
                message: p.message_en(),
                message_vi: p.message_vi(),
                cell: sheet.map(|sheet| sheet.cell(p.column(), self.line)),
            })
            .collect()
    }
}

/// Where the rows of a workbook come from: the sheet and the column letter of each field, so
/// that a message names the cell as the spreadsheet program shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetPlace {
    pub name: String,
    /// Each field's column letter (`D`).
    pub columns: Vec<(&'static str, String)>,
}

impl SheetPlace {
    /// `Kết quả!D12` for the field's cell of a row, or `Kết quả!12` for the whole row.
    pub fn cell(&self, field: Option<&str>, row: usize) -> String {
        let letter = field
            .and_then(|field| self.columns.iter().find(|(f, _)| *f == field))
            .map_or("", |(_, letter)| letter.as_str());
        format!("{}!{letter}{row}", self.name)
    }
}

/// The spreadsheet letter of a 0-based column: `A`, …, `Z`, `AA`, ….
pub fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
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
    /// For a workbook: the sheet the rows come from (their `line` is the spreadsheet's row).
    pub sheet: Option<SheetPlace>,
}

/// The first line of each (organisation, criterion) key seen so far in a file.
pub(crate) type FirstLines = HashMap<(String, String), usize>;

impl RecordsReport {
    /// Checks one record of a file, including against the keys of the records before it, and
    /// files it under its line.
    pub(crate) fn add(
        &mut self,
        line: usize,
        input: &RecordInput,
        context: &Context,
        organizations: &HashSet<&str>,
        first_lines: &mut FirstLines,
    ) {
        let checked = check_against(input, context, organizations);
        let key = (
            input.organization.trim().to_owned(),
            input.criterion.trim().to_owned(),
        );
        let duplicate = first_lines
            .get(&key)
            .map(|&first_line| RecordProblem::Duplicate { first_line });
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

    /// Every rejected row's reasons as people read them, naming the cells of a workbook.
    pub fn messages(&self) -> Vec<(usize, Vec<FieldProblem>)> {
        self.rejected
            .iter()
            .map(|row| (row.line, row.messages_in(self.sheet.as_ref())))
            .collect()
    }
}

/// Checks one record against the round's catalog and organisations: every problem is
/// reported, not only the first.
pub fn check(input: &RecordInput, context: &Context) -> Result<Record, Vec<RecordProblem>> {
    let organizations: HashSet<&str> = context.organizations.iter().map(|o| o.id.as_str()).collect();
    check_against(input, context, &organizations)
}

fn check_against(
    input: &RecordInput,
    context: &Context,
    organizations: &HashSet<&str>,
) -> Result<Record, Vec<RecordProblem>> {
    let field = |name: &str| input.field(name).trim();
    let mut problems = Vec::new();
    if field("round") != context.round.as_str() {
        problems.push(RecordProblem::WrongRound {
            found: field("round").to_owned(),
            expected: context.round.to_string(),
        });
    }
    let organization = match OrgId::parse(field("organization")) {
        Ok(id) if organizations.contains(id.as_str()) => Some(id),
        Ok(id) => {
            problems.push(RecordProblem::UnknownOrganization { id: id.to_string() });
            None
        }
        Err(error) => {
            problems.push(RecordProblem::BadId {
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
                problems.push(RecordProblem::UnknownCriterion {
                    code: code.to_string(),
                });
                None
            }
        },
        Err(_) => {
            problems.push(RecordProblem::UnknownCriterion {
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
                problems.push(RecordProblem::Outcome {
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
                problems.push(RecordProblem::BadDate {
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
                problems.push(RecordProblem::BadState {
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
                evidence: input.evidence.to_owned(),
                note: input.note.to_owned(),
                inspector: field("inspector").to_owned(),
                assessed_on,
                state,
            })
        }
        _ => Err(problems),
    }
}

fn read_outcome(outcome: &str, value: &str) -> Result<Outcome, RecordProblem> {
    let value = match value {
        "" => None,
        text => Some(parse_ratio(text).map_err(|error| RecordProblem::Outcome {
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
        RecordProblem::Outcome { column, error }
    })
}

/// A day that exists in the calendar, written `YYYY-MM-DD` or, as Vietnamese spreadsheets write
/// it, `DD/MM/YYYY` (day first; one-digit days and months too).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let digits = |part: &str, min: usize, max: usize| {
        (min..=max).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    let number = |part: &str| part.parse::<u32>().ok();
    let dashed: Vec<&str> = text.split('-').collect();
    let slashed: Vec<&str> = text.split('/').collect();
    let (year, month, day) = match (dashed.as_slice(), slashed.as_slice()) {
        ([y, m, d], _) if digits(y, 4, 4) && digits(m, 2, 2) && digits(d, 2, 2) => (*y, *m, *d),
        (_, [d, m, y]) if digits(y, 4, 4) && digits(m, 1, 2) && digits(d, 1, 2) => (*y, *m, *d),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year.parse().ok()?, number(month)?, number(day)?)
}
