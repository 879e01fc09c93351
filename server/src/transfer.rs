//! Imports and exports of a round's records, shared by the HTTP routes and the command line.

use scorecard_dataset::records_csv::{self, Context, RecordsReport, StatePolicy};
use scorecard_dataset::records_json;
use scorecard_domain::{Catalog, Organization, RecordState, Round};
use scorecard_store::{ImportCounts, RecordFilter, Store, StoredRecord};
use serde::Serialize;

use crate::error::ApiError;

/// The two records formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// The format of a file, by its name, else by its first character.
    pub fn guess(name: Option<&str>, text: &str) -> Format {
        match name
            .and_then(|n| n.rsplit('.').next())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            _ => match text.trim_start_matches('\u{feff}').trim_start().chars().next() {
                Some('[' | '{') => Format::Json,
                _ => Format::Csv,
            },
        }
    }

    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// How an import went.
#[derive(Debug, Serialize)]
pub struct ImportSummary {
    pub round: String,
    pub format: &'static str,
    pub dry_run: bool,
    /// Rows that passed every check.
    pub accepted: usize,
    pub inserted: usize,
    pub updated: usize,
    pub written: bool,
}

/// Checks every row of `text` against the round, then writes them all in one transaction, or
/// nothing when any row is rejected or this is a dry run.
pub async fn import(
    store: &dyn Store,
    round: &Round,
    catalog: &Catalog,
    organizations: &[Organization],
    text: &str,
    format: Format,
    approve: bool,
    dry_run: bool,
) -> Result<ImportSummary, ApiError> {
    let state = if approve {
        RecordState::Approved
    } else {
        RecordState::Submitted
    };
    let context = Context {
        round: &round.id,
        catalog,
        organizations,
        state: StatePolicy::All(state),
    };
    let report: RecordsReport = match format {
        Format::Csv => records_csv::read(text, &context),
        Format::Json => records_json::read(text, &context),
    };
    let accepted = report.accepted.len();
    let records = report.into_records().map_err(|rows| ApiError::ImportRejected {
        rows,
        accepted,
        format: format.name(),
    })?;
    let mut summary = ImportSummary {
        round: round.id.to_string(),
        format: format.name(),
        dry_run,
        accepted,
        inserted: 0,
        updated: 0,
        written: false,
    };
    if !dry_run {
        let ImportCounts { inserted, updated } = store.import_records(&records).await?;
        summary.inserted = inserted;
        summary.updated = updated;
        summary.written = true;
    }
    Ok(summary)
}

/// Every record of a round in the import format, so that export then import is the identity.
pub async fn records_csv_of(store: &dyn Store, round: &Round) -> Result<String, ApiError> {
    let stored: Vec<StoredRecord> = store.records(&round.id, &RecordFilter::default()).await?;
    let records: Vec<_> = stored.into_iter().map(|s| s.record).collect();
    Ok(records_csv::write(&records))
}
