//! Imports and exports of a round's records, shared by the HTTP routes and the command line.

use scorecard_dataset::record_input::{Context, RecordsReport, StatePolicy};
use scorecard_dataset::records_csv;
use scorecard_dataset::records_json;
use scorecard_domain::{Catalog, Organization, RecordState, Round};
use scorecard_store::{Actor, ImportCounts, RecordFilter, Store, StoredRecord};

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

pub use scorecard_api::ImportSummary;

/// What an import writes into.
pub struct ImportTarget<'a> {
    pub round: &'a Round,
    pub catalog: &'a Catalog,
    pub organizations: &'a [Organization],
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

/// Checks every row of `text` against the round, then writes them all in one transaction, or
/// nothing when any row is rejected or this is a dry run.
pub async fn import(
    store: &dyn Store,
    target: ImportTarget<'_>,
    text: &str,
    options: ImportOptions,
    actor: &Actor,
) -> Result<ImportSummary, ApiError> {
    let ImportTarget {
        round,
        catalog,
        organizations,
    } = target;
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
        format: format.name().to_owned(),
        dry_run,
        accepted,
        inserted: 0,
        updated: 0,
        written: false,
    };
    if !dry_run {
        let ImportCounts { inserted, updated } = store.import_records(&records, actor).await?;
        summary.inserted = inserted;
        summary.updated = updated;
        summary.written = true;
    }
    Ok(summary)
}

/// Every record of a round in the import format, so that export then import is the identity:
/// by organisation, then in catalog order.
pub async fn records_csv_of(store: &dyn Store, round: &Round) -> Result<String, ApiError> {
    let stored: Vec<StoredRecord> = store.records(&round.id, &RecordFilter::default()).await?;
    let catalog = store.catalog(&round.catalog).await?;
    let position = |code: &scorecard_domain::CriterionCode| {
        catalog
            .as_ref()
            .and_then(|c| c.criteria.iter().position(|x| &x.code == code))
            .unwrap_or(usize::MAX)
    };
    let mut records: Vec<_> = stored.into_iter().map(|s| s.record).collect();
    records.sort_by(|a, b| {
        (&a.organization, position(&a.criterion), &a.criterion).cmp(&(
            &b.organization,
            position(&b.criterion),
            &b.criterion,
        ))
    });
    Ok(records_csv::write(&records))
}
