//! Imports of a round's records (docs/formats.md, "Imports"): every row checked by the rules
//! of `record_input`, then all written in one transaction with their audit entries, or nothing.

use scorecard_api::ImportSummary;
use scorecard_dataset::record_input::{Context, RecordsReport, StatePolicy};
use scorecard_dataset::{records_csv, records_json};
use scorecard_domain::RecordState;
use scorecard_store::ImportCounts;

use crate::{Service, ServiceError, Who, lookup};

/// The two records formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// The format of a file: by the media type or the file name when they say, else by its
    /// first character (`[` or `{` is JSON).
    pub fn guess(hint: Option<&str>, text: &str) -> Format {
        let hint = hint.map(str::to_ascii_lowercase).unwrap_or_default();
        // A media type (`text/csv; charset=utf-8`) names its kind; a file name its extension.
        let kind = match hint.split_once('/') {
            Some((_, subtype)) => subtype.split(';').next().unwrap_or(""),
            None => hint.rsplit_once('.').map_or("", |(_, extension)| extension),
        };
        if kind.contains("json") {
            Format::Json
        } else if kind == "csv" {
            Format::Csv
        } else {
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
    /// Checks every row of `text` against the round, then writes them all in one transaction,
    /// or nothing when any row is rejected or this is a dry run.
    pub async fn import(
        &self,
        who: &Who,
        round: &str,
        text: &str,
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
            Format::Csv => records_csv::read(text, &context),
            Format::Json => records_json::read(text, &context),
        };
        let accepted = report.accepted.len();
        let records = report
            .into_records()
            .map_err(|rows| ServiceError::ImportRejected {
                rows,
                accepted,
                format: format.name(),
            })?;
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
            self.changed();
        }
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_hint_else_the_first_character() {
        let cases = [
            (Some("application/json"), "round,organization", Format::Json),
            (Some("text/csv; charset=utf-8"), "[]", Format::Csv),
            (Some("records.JSON"), "", Format::Json),
            (None, "\u{feff} [{}]", Format::Json),
            (None, "{\"records\": []}", Format::Json),
            (None, "round,organization", Format::Csv),
            (Some("application/octet-stream"), "", Format::Csv),
            (Some("json_export.csv"), "[", Format::Csv),
            (Some("notes"), "[", Format::Json),
        ];
        for (hint, text, expected) in cases {
            assert_eq!(Format::guess(hint, text), expected, "{hint:?} {text:?}");
        }
    }
}
