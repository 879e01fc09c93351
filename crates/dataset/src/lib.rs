//! The data files of egov-scorecard, read with the file, line and field of every mistake.
//!
//! Catalogs, organisations and rounds are TOML files that people edit by hand; records use
//! the CSV format of docs/formats.md, shared by the demo data, imports and exports.
//! Nothing here touches a database: [`Dataset`] is plain data for the store to write.

pub mod catalog_file;
pub mod dataset;
pub mod encoding;
pub mod error;
pub mod organizations_file;
pub mod record_input;
pub mod records_csv;
pub mod records_json;
pub mod records_xlsx;
pub mod rounds_file;
mod spans;

pub use dataset::{Dataset, demo};
pub use error::FileError;
pub use record_input::{RecordInput, RecordProblem, RecordsReport, RejectedRow, StatePolicy};
