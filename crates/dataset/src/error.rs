//! A mistake in a data file, located by file, line and field.

use std::fmt;

/// One mistake in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub file: String,
    /// 1-based line, when the mistake has one.
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

impl FileError {
    /// A mistake at a line of a file.
    pub fn at(file: &str, line: Option<usize>, field: Option<&str>, message: impl Into<String>) -> Self {
        FileError {
            file: file.to_owned(),
            line,
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for FileError {}

/// The 1-based line of a byte offset in a text.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// A TOML syntax or type error as a [`FileError`].
pub fn from_toml(file: &str, text: &str, error: &toml::de::Error) -> FileError {
    let line = error.span().map(|span| line_of(text, span.start));
    FileError::at(
        file,
        line,
        None,
        error.message().trim_end_matches('\n').to_owned(),
    )
}
