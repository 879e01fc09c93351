//! Finds where a table or field of an array of tables sits in a TOML file, for messages.

use toml_edit::{Document, Item, Table};

use crate::error::line_of;

/// A parsed TOML file kept for looking up lines.
pub struct Spans<'a> {
    text: &'a str,
    document: Option<Document<&'a str>>,
}

impl<'a> Spans<'a> {
    /// Parses the text; a file that does not parse simply yields no lines.
    pub fn new(text: &'a str) -> Spans<'a> {
        Spans {
            text,
            document: Document::parse(text).ok(),
        }
    }

    /// The root table, when the file parses.
    pub fn root(&self) -> Option<&Table> {
        self.document.as_ref().map(|d| d.as_table())
    }

    /// The tables of `[[array]]`.
    pub fn tables(&self, array: &str) -> Vec<&Table> {
        self.document
            .as_ref()
            .and_then(|d| d.as_table().get(array))
            .and_then(Item::as_array_of_tables)
            .map(|a| a.iter().collect())
            .unwrap_or_default()
    }

    /// The table of `[[array]]` whose `key` is `value`.
    pub fn table_where(&self, array: &str, key: &str, value: &str) -> Option<&Table> {
        self.tables(array)
            .into_iter()
            .find(|t| t.get(key).and_then(Item::as_str) == Some(value))
    }

    /// The line of `field` in that table, or of its `key` when the field is absent.
    pub fn line(&self, array: &str, key: &str, value: &str, field: Option<&str>) -> Option<usize> {
        let table = self.table_where(array, key, value)?;
        let item = field.and_then(|f| table.get(f)).or_else(|| table.get(key))?;
        item.span().map(|span| line_of(self.text, span.start))
    }

    /// The line where a key of a table is written.
    pub fn key_line(&self, table: &Table, key: &str) -> Option<usize> {
        let span = table.key(key)?.span()?;
        Some(line_of(self.text, span.start))
    }
}
