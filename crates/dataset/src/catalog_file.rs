//! Catalog files: one catalog version per TOML file, checked against the domain's rules.

use scorecard_domain::{Catalog, CatalogError};

use crate::error::{FileError, from_toml};
use crate::spans::Spans;

const CATALOG_FIELDS: &[&str] = &[
    "id",
    "family",
    "version",
    "name_vi",
    "name_en",
    "illustrative",
    "org_noun_vi",
    "org_noun_en",
    "bands",
    "criteria",
];
const CRITERION_FIELDS: &[&str] = &[
    "code",
    "group_vi",
    "group_en",
    "name_vi",
    "name_en",
    "legal_basis",
    "kind",
    "weight",
    "pass_credit",
    "mandatory",
    "target",
    "levels",
    "met_phrase_vi",
    "met_phrase_en",
    "unmet_phrase_vi",
    "unmet_phrase_en",
];
const BAND_FIELDS: &[&str] = &["id", "label_vi", "label_en", "min_score", "color"];

/// Reads and validates one catalog file; `file` names it in messages.
pub fn parse(file: &str, text: &str) -> Result<Catalog, Vec<FileError>> {
    let spans = Spans::new(text);
    let unknown = unknown_fields(file, &spans);
    let mut problems = unknown;
    let catalog: Catalog = match toml::from_str(text) {
        Ok(catalog) => catalog,
        Err(error) => {
            problems.push(from_toml(file, text, &error));
            return Err(problems);
        }
    };
    if let Err(errors) = catalog.validate() {
        problems.extend(errors.iter().map(|e| locate(file, &spans, e)));
    }
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(problems)
    }
}

/// A misspelt field would otherwise silently take its default.
fn unknown_fields(file: &str, spans: &Spans) -> Vec<FileError> {
    let mut problems = Vec::new();
    let mut check = |table: &toml_edit::Table, allowed: &[&str], what: &str| {
        for (key, _) in table.iter() {
            if !allowed.contains(&key) {
                let message = format!("unknown {what} field; expected one of: {}", allowed.join(", "));
                problems.push(FileError::at(
                    file,
                    spans.key_line(table, key),
                    Some(key),
                    message,
                ));
            }
        }
    };
    if let Some(root) = spans.root() {
        check(root, CATALOG_FIELDS, "catalog");
    }
    for table in spans.tables("criteria") {
        check(table, CRITERION_FIELDS, "criterion");
    }
    for table in spans.tables("bands") {
        check(table, BAND_FIELDS, "band");
    }
    problems
}

fn locate(file: &str, spans: &Spans, error: &CatalogError) -> FileError {
    match error {
        CatalogError::BadField { code, field, problem } => FileError::at(
            file,
            spans.line("criteria", "code", code.as_str(), Some(field)),
            Some(field),
            format!("criterion {code}: {problem}"),
        ),
        CatalogError::DuplicateCode { code } => {
            let line = spans
                .tables("criteria")
                .into_iter()
                .filter(|t| t.get("code").and_then(|i| i.as_str()) == Some(code.as_str()))
                .nth(1)
                .and_then(|t| spans.key_line(t, "code"));
            FileError::at(file, line, Some("code"), error.to_string())
        }
        CatalogError::BadBand { id, .. } => FileError::at(
            file,
            spans.line("bands", "id", id, Some("min_score")),
            Some("min_score"),
            error.to_string(),
        ),
        CatalogError::NoCriteria | CatalogError::NoBands => {
            FileError::at(file, None, None, error.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../data/catalogs/cpdt-2019.toml");

    fn check(edit: (&str, &str), expected: &[&str]) {
        assert!(SHIPPED.contains(edit.0), "{}", edit.0);
        let text = SHIPPED.replacen(edit.0, edit.1, 1);
        let got: Vec<String> = match parse("cpdt-2019.toml", &text) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        };
        assert_eq!(got, expected);
    }

    fn line_of(needle: &str) -> usize {
        crate::error::line_of(SHIPPED, SHIPPED.find(needle).unwrap())
    }

    #[test]
    fn the_shipped_catalog_is_valid() {
        let catalog = parse("cpdt-2019.toml", SHIPPED).unwrap();
        assert_eq!(catalog.criteria.len(), 7);
        assert!(catalog.illustrative);
    }

    #[test]
    fn a_bad_weight_names_its_line_and_field() {
        let line = line_of("weight = 15 # illustrative\nunmet_phrase_vi = \"chưa thực hiện đúng");
        check(
            (
                "weight = 15 # illustrative\nunmet_phrase_vi = \"chưa thực hiện đúng",
                "weight = -1\nunmet_phrase_vi = \"chưa thực hiện đúng",
            ),
            &[&format!(
                "cpdt-2019.toml:{line}: field `weight`: criterion VB-02: must be a number above 0"
            )],
        );
    }

    #[test]
    fn a_ratio_target_above_one_is_rejected() {
        let line = line_of("target = 0.9");
        check(
            ("target = 0.9", "target = 1.5"),
            &[&format!(
                "cpdt-2019.toml:{line}: field `target`: criterion VB-01: must be above 0 and at most 1"
            )],
        );
    }

    #[test]
    fn a_misspelt_field_is_reported_not_ignored() {
        let line = line_of("pass_fail\"\nweight = 10");
        check(
            ("pass_fail\"\nweight = 10", "pass_fail\"\nwieght = 10"),
            &[
                &format!(
                    "cpdt-2019.toml:{}: field `wieght`: unknown criterion field; expected one of: {}",
                    line + 1,
                    CRITERION_FIELDS.join(", ")
                ),
                &format!(
                    "cpdt-2019.toml:{}: missing field `weight`",
                    line_of("[[criteria]]\ncode = \"TC-02\"")
                ),
            ],
        );
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let line = line_of("kind = \"ratio\"");
        let text = SHIPPED.replacen("kind = \"ratio\"", "kind = ratio", 1);
        let errors = parse("c.toml", &text).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(line), "{}", errors[0]);
    }

    #[test]
    fn an_unknown_kind_is_reported() {
        let line = line_of("kind = \"ratio\"");
        let text = SHIPPED.replacen("kind = \"ratio\"", "kind = \"percent\"", 1);
        let errors = parse("c.toml", &text).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("unknown variant `percent`"),
            "{}",
            errors[0]
        );
        assert!(errors[0].line.is_some_and(|l| l <= line), "{:?}", errors[0].line);
    }
}
