//! Records as JSON: an array of objects with the columns of the CSV format as fields (or
//! `{"records": [...]}`), checked by the same rules. Rows are numbered by their position.

use serde_json::Value;

use crate::record_input::{Context, FIELDS, RecordInput, RecordProblem, RecordsReport, RejectedRow};

/// Reads a JSON records document and checks every record; `line` in the report is the
/// 1-based position of the record in the array.
pub fn read(text: &str, context: &Context) -> RecordsReport {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut report = RecordsReport::default();
    let items = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => items,
        Ok(Value::Object(mut object)) if object.get("records").is_some_and(Value::is_array) => {
            match object.remove("records") {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            }
        }
        Ok(_) => {
            let message = "expected an array of records or {\"records\": [...]}".to_owned();
            report.rejected.push(RejectedRow {
                line: 1,
                problems: vec![RecordProblem::Malformed { message }],
            });
            return report;
        }
        Err(error) => {
            let message = format!("{error}");
            report.rejected.push(RejectedRow {
                line: error.line(),
                problems: vec![RecordProblem::Malformed { message }],
            });
            return report;
        }
    };
    let organizations = context.organizations.iter().map(|o| o.id.as_str()).collect();
    let mut first_lines = Default::default();
    for (index, item) in items.iter().enumerate() {
        let position = index + 1;
        match fields(item) {
            Ok(values) => {
                let input = RecordInput::from_fields(|field| {
                    FIELDS
                        .iter()
                        .position(|f| *f == field)
                        .map(|i| values[i].as_str())
                });
                report.add(position, &input, context, &organizations, &mut first_lines);
            }
            Err(problems) => report.rejected.push(RejectedRow {
                line: position,
                problems,
            }),
        }
    }
    report
}

/// The column values of one JSON record as text; numbers are accepted for `value`.
fn fields(item: &Value) -> Result<Vec<String>, Vec<RecordProblem>> {
    let Value::Object(object) = item else {
        return Err(vec![RecordProblem::Malformed {
            message: "the record is not a JSON object".to_owned(),
        }]);
    };
    let mut problems: Vec<RecordProblem> = object
        .keys()
        .filter(|key| !FIELDS.contains(&key.as_str()))
        .map(|key| RecordProblem::UnknownColumn { column: key.clone() })
        .collect();
    let mut values = Vec::with_capacity(FIELDS.len());
    for column in FIELDS {
        let text = match object.get(column) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(text)) => text.clone(),
            Some(Value::Number(number)) if column == "value" => number.to_string(),
            Some(other) => {
                problems.push(RecordProblem::Malformed {
                    message: format!("field `{column}` must be text, not {other}"),
                });
                String::new()
            }
        };
        values.push(text);
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use scorecard_domain::{Catalog, RoundId};

    use super::*;
    use crate::record_input::StatePolicy;

    fn report(text: &str) -> RecordsReport {
        let data = crate::demo().unwrap();
        let catalog: &Catalog = &data.catalogs[0];
        let round = RoundId::parse("2019").unwrap();
        let context = Context {
            round: &round,
            catalog,
            organizations: &data.organizations,
            state: StatePolicy::FromFile,
        };
        read(text, &context)
    }

    fn reasons(report: &RecordsReport) -> Vec<String> {
        report
            .rejected
            .iter()
            .flat_map(|r| {
                r.problems
                    .iter()
                    .map(move |p| format!("{}: {}", r.line, p.message_en()))
            })
            .collect()
    }

    #[test]
    fn json_records_are_checked_like_csv_rows() {
        let text = r#"[
            {"round": "2019", "organization": "btc", "criterion": "VB-01", "value": 0.85, "state": "approved"},
            {"round": "2019", "organization": "btc", "criterion": "TC-01", "outcome": "met", "state": "approved", "colour": "red"},
            {"round": "2019", "organization": "bct", "criterion": "VB-01", "value": "170%", "state": "approved"}
        ]"#;
        let report = report(text);
        assert_eq!(report.accepted.len(), 1);
        assert_eq!(
            reasons(&report),
            [
                "2: unknown column `colour`; expected round,organization,criterion,outcome,value,evidence,note,inspector,assessed_on,state",
                "3: ratio 1.7 is outside [0, 1]; a percentage is written with its sign, e.g. 85,5%",
            ]
        );
    }

    #[test]
    fn a_document_that_is_not_json_names_its_line() {
        let report = report("{\n\"records\": [\n{,}\n]}");
        assert_eq!(report.rejected[0].line, 3);
        assert!(report.accepted.is_empty());
    }

    #[test]
    fn a_records_object_is_accepted_too() {
        let report = report(
            r#"{"records": [{"round": "2019", "organization": "btc", "criterion": "TC-01", "outcome": "met", "state": "draft"}]}"#,
        );
        assert_eq!((report.accepted.len(), report.rejected.len()), (1, 0));
    }
}
