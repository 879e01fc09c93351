//! The rounds file: each round's period, catalog, state and (for the demo) its records file.

use std::collections::HashSet;

use scorecard_domain::{Catalog, Round};
use serde::Deserialize;

use crate::error::{FileError, from_toml};
use crate::spans::Spans;

#[derive(Deserialize)]
struct RoundsFile {
    rounds: Vec<RoundEntry>,
}

/// A round and the records file that holds its outcomes, relative to the data folder.
#[derive(Debug, Clone, Deserialize)]
pub struct RoundEntry {
    #[serde(flatten)]
    pub round: Round,
    #[serde(default)]
    pub records: Option<String>,
}

/// Reads the rounds file; every round must use a known catalog and end after it starts.
pub fn parse(file: &str, text: &str, catalogs: &[Catalog]) -> Result<Vec<RoundEntry>, Vec<FileError>> {
    let parsed: RoundsFile = toml::from_str(text).map_err(|e| vec![from_toml(file, text, &e)])?;
    let spans = Spans::new(text);
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for entry in &parsed.rounds {
        let round = &entry.round;
        let id = round.id.as_str();
        let line = |field| spans.line("rounds", "id", id, Some(field));
        if !seen.insert(id) {
            problems.push(FileError::at(
                file,
                line("id"),
                Some("id"),
                format!("round `{id}` appears more than once"),
            ));
        }
        if !catalogs.iter().any(|c| c.id == round.catalog) {
            let message = format!("round `{id}` uses unknown catalog `{}`", round.catalog);
            problems.push(FileError::at(file, line("catalog"), Some("catalog"), message));
        }
        if round.ends_on < round.starts_on {
            let message = format!(
                "round `{id}` ends on {} before it starts on {}",
                round.ends_on, round.starts_on
            );
            problems.push(FileError::at(file, line("ends_on"), Some("ends_on"), message));
        }
    }
    if problems.is_empty() {
        Ok(parsed.rounds)
    } else {
        Err(problems)
    }
}
