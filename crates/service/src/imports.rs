//! Imports of a round's records (docs/formats.md, "Imports"): every row checked by the rules
//! of `record_input`, then all written in one transaction with their audit entries, or nothing.

use scorecard_api::{ImportSummary, RejectedLine};
use scorecard_dataset::record_input::{Context, RecordsReport, StatePolicy};
use scorecard_dataset::{encoding, records_csv, records_json, records_xlsx};
use scorecard_domain::RecordState;
use scorecard_store::ImportCounts;

use crate::error::as_sentence;
use crate::{Service, ServiceError, Who, lookup};

/// The records formats an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    /// A workbook: XLSX, or ODS from LibreOffice.
    Xlsx,
}

impl Format {
    /// The format of a file: a workbook by its bytes (a ZIP file) or its name or media type;
    /// otherwise by the media type or the file name when they say, else by its first character
    /// (`[` or `{` is JSON).
    pub fn guess(hint: Option<&str>, bytes: &[u8]) -> Format {
        let hint = hint.map(str::to_ascii_lowercase).unwrap_or_default();
        // A media type (`text/csv; charset=utf-8`) names its kind; a file name its extension.
        let kind = match hint.split_once('/') {
            Some((_, subtype)) => subtype.split(';').next().unwrap_or(""),
            None => hint.rsplit_once('.').map_or("", |(_, extension)| extension),
        };
        if records_xlsx::is_workbook(bytes)
            || matches!(kind, "xlsx" | "ods")
            || kind.contains("spreadsheetml")
            || kind.contains("opendocument.spreadsheet")
        {
            Format::Xlsx
        } else if kind.contains("json") {
            Format::Json
        } else if kind == "csv" {
            Format::Csv
        } else {
            let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]);
            match text.trim_start_matches('\u{feff}').trim_start().chars().next() {
                Some('[' | '{') => Format::Json,
                _ => Format::Csv,
            }
        }
    }

    /// The name used in messages and the summary.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }
}

/// How an import reads and writes.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    pub format: Format,
    /// Every row comes in approved; otherwise submitted.
    pub approve: bool,
    /// Check and report only.
    pub dry_run: bool,
}

impl Service {
    /// Checks every row of a file against the round, then writes them all in one transaction,
    /// or nothing when any row is rejected or this is a dry run. A text file may be UTF-8 or
    /// UTF-16; a file in a legacy code page is refused saying how to save it as UTF-8.
    pub async fn import(
        &self,
        who: &Who,
        round: &str,
        bytes: &[u8],
        options: ImportOptions,
    ) -> Result<ImportSummary, ServiceError> {
        let store = self.store();
        let round = lookup::round(store, round).await?;
        let catalog = lookup::catalog_of(store, &round).await?;
        let organizations = store.organizations().await?;
        let ImportOptions {
            format,
            approve,
            dry_run,
        } = options;
        let state = if approve {
            RecordState::Approved
        } else {
            RecordState::Submitted
        };
        let context = Context {
            round: &round.id,
            catalog: &catalog,
            organizations: &organizations,
            state: StatePolicy::All(state),
        };
        let report: RecordsReport = match format {
            Format::Xlsx => records_xlsx::read(bytes, &context),
            Format::Csv | Format::Json => {
                let text = encoding::decode(bytes).map_err(|problem| {
                    ServiceError::bad_request(
                        "body",
                        problem.message_vi(),
                        as_sentence(&problem.message_en()),
                    )
                })?;
                match format {
                    Format::Json => records_json::read(&text, &context),
                    _ => records_csv::read(&text, &context),
                }
            }
        };
        let accepted = report.accepted.len();
        if !report.rejected.is_empty() {
            let rows = report
                .messages()
                .into_iter()
                .map(|(line, problems)| RejectedLine { line, problems })
                .collect();
            return Err(ServiceError::ImportRejected {
                rows,
                accepted,
                format: format.name(),
            });
        }
        let records: Vec<_> = report.accepted.into_iter().map(|row| row.record).collect();
        let mut summary = ImportSummary {
            round: round.id.to_string(),
            format: format.name().to_owned(),
            dry_run,
            accepted,
            inserted: 0,
            updated: 0,
            written: false,
        };
        if !dry_run {
            let ImportCounts { inserted, updated } = store.import_records(&records, &who.actor()?).await?;
            summary.inserted = inserted;
            summary.updated = updated;
            summary.written = true;
        }
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_hint_else_the_first_character() {
        let cases: [(Option<&str>, &[u8], Format); 11] = [
            (Some("application/json"), b"round,organization", Format::Json),
            (Some("text/csv; charset=utf-8"), b"[]", Format::Csv),
            (Some("records.JSON"), b"", Format::Json),
            (None, "\u{feff} [{}]".as_bytes(), Format::Json),
            (None, b"{\"records\": []}", Format::Json),
            (None, b"round,organization", Format::Csv),
            (Some("application/octet-stream"), b"", Format::Csv),
            (Some("json_export.csv"), b"[", Format::Csv),
            (Some("notes"), b"[", Format::Json),
            (Some("records.csv"), b"PK\x03\x04", Format::Xlsx),
            (
                Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                b"",
                Format::Xlsx,
            ),
        ];
        for (hint, bytes, expected) in cases {
            assert_eq!(Format::guess(hint, bytes), expected, "{hint:?}");
        }
    }
}
