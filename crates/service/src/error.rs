//! Why an operation was refused or failed: each case says, in Vietnamese and English, what the
//! person can do about it. The server maps each to an HTTP status; the command line prints it.

use scorecard_api::{FieldProblem, RejectedLine};
use scorecard_store::StoreError;

/// An operation that did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Something named does not exist.
    #[error("not found: {what_en}")]
    NotFound { what_vi: String, what_en: String },
    /// A parameter or field is invalid.
    #[error("bad request: {detail_en}")]
    BadRequest {
        field: Option<String>,
        detail_vi: String,
        detail_en: String,
    },
    /// Well-formed, but a rule of the workflow or the round forbids it.
    #[error("conflict: {detail_en}")]
    Conflict { detail_vi: String, detail_en: String },
    /// A change without the version it was made from.
    #[error("precondition required")]
    PreconditionRequired,
    /// The change was made from a version that is no longer the stored one.
    #[error("precondition failed; current version {current:?}")]
    PreconditionFailed { current: Option<i64> },
    /// Fields that do not pass the rules, each with its reason.
    #[error("unprocessable: {} problems", problems.len())]
    Invalid { problems: Vec<FieldProblem> },
    /// Rows of an import that do not pass the rules; nothing was written.
    #[error("import rejected: {} rows", rows.len())]
    ImportRejected {
        /// Each rejected line (a workbook's row) with its reasons, naming cells in a workbook.
        rows: Vec<RejectedLine>,
        accepted: usize,
        /// `csv`, `json` or `xlsx`.
        format: &'static str,
    },
    /// A wrong user name or password.
    #[error("bad credentials")]
    BadCredentials,
    /// Nobody is signed in, and signing in would help.
    #[error("unauthorized")]
    Unauthorized,
    /// The role or assignment does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// A briefing document or chart could not be made.
    #[error("the {what} of round {round} could not be made: {problem}")]
    Document {
        what: &'static str,
        round: String,
        problem: String,
    },
    /// Something on the server's side failed (a temporary file, a worker process).
    #[error("internal: {0}")]
    Internal(String),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> ServiceError {
        match error {
            StoreError::Stale { current } => ServiceError::PreconditionFailed { current },
            StoreError::Missing { what, id } => ServiceError::NotFound {
                what_vi: format!("{what} `{id}`"),
                what_en: format!("{} `{id}`", capitalised(what)),
            },
            StoreError::AlreadyExists { what, id } => ServiceError::Conflict {
                detail_vi: format!(
                    "Đã có {} mã `{id}`.",
                    if what == "round" {
                        "đợt kiểm tra"
                    } else {
                        what
                    }
                ),
                detail_en: format!("A {what} with id `{id}` already exists."),
            },
            other => ServiceError::Store(other),
        }
    }
}

/// `text` with its first letter in upper case.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A clause of a message (`the file is not UTF-8 text`) written as a sentence of its own.
pub(crate) fn as_sentence(clause: &str) -> String {
    format!("{}.", capitalised(clause))
}

impl ServiceError {
    /// Something named does not exist.
    pub fn not_found(what_vi: impl Into<String>, what_en: impl Into<String>) -> ServiceError {
        ServiceError::NotFound {
            what_vi: what_vi.into(),
            what_en: what_en.into(),
        }
    }

    /// A parameter or field is invalid.
    pub fn bad_request(
        field: &str,
        detail_vi: impl Into<String>,
        detail_en: impl Into<String>,
    ) -> ServiceError {
        ServiceError::BadRequest {
            field: Some(field.to_owned()),
            detail_vi: detail_vi.into(),
            detail_en: detail_en.into(),
        }
    }

    /// A rule of the workflow or the round forbids the request.
    pub fn conflict(detail_vi: impl Into<String>, detail_en: impl Into<String>) -> ServiceError {
        ServiceError::Conflict {
            detail_vi: detail_vi.into(),
            detail_en: detail_en.into(),
        }
    }
}
