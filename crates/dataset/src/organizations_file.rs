//! The organisations file: ids, names, peer groups and lineage.

use std::collections::HashSet;

use scorecard_domain::Organization;
use serde::Deserialize;

use crate::error::{FileError, from_toml};
use crate::spans::Spans;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganizationsFile {
    organizations: Vec<Organization>,
}

/// Reads the organisations file and checks ids are unique and lineage points at known ids.
pub fn parse(file: &str, text: &str) -> Result<Vec<Organization>, Vec<FileError>> {
    let parsed: OrganizationsFile = toml::from_str(text).map_err(|e| vec![from_toml(file, text, &e)])?;
    let spans = Spans::new(text);
    let line = |id: &str, field: Option<&str>| spans.line("organizations", "id", id, field);
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let known: HashSet<&str> = parsed.organizations.iter().map(|o| o.id.as_str()).collect();
    for org in &parsed.organizations {
        let id = org.id.as_str();
        if !seen.insert(id) {
            problems.push(FileError::at(
                file,
                line(id, None),
                Some("id"),
                format!("organisation `{id}` appears more than once"),
            ));
        }
        for (field, name) in [("name_vi", &org.name_vi), ("name_en", &org.name_en)] {
            if name.trim().is_empty() {
                problems.push(FileError::at(
                    file,
                    line(id, Some(field)),
                    Some(field),
                    format!("organisation `{id}` has no name"),
                ));
            }
        }
        let lineage = [
            ("merged_into", &org.lineage.merged_into),
            ("split_from", &org.lineage.split_from),
        ];
        for (field, target) in lineage {
            if let Some(target) = target.as_ref().filter(|t| !known.contains(t.as_str())) {
                problems.push(FileError::at(
                    file,
                    line(id, Some("lineage")),
                    Some(field),
                    format!("organisation `{id}` points at unknown organisation `{target}`"),
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(parsed.organizations)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../data/organizations.toml");

    #[test]
    fn the_shipped_file_has_the_22_organisations_of_2019_and_the_2025_successors() {
        let orgs = parse("organizations.toml", SHIPPED).unwrap();
        let group = |g: &str| {
            orgs.iter()
                .filter(|o| o.group.as_str() == g && o.lineage.merged_into.is_none())
                .count()
        };
        assert_eq!(orgs.len(), 24);
        assert_eq!(orgs.iter().filter(|o| o.group.as_str() == "agency").count(), 4);
        assert_eq!(group("ministry") + group("agency"), 24 - 7);
    }

    #[test]
    fn lineage_to_an_unknown_organisation_names_the_line() {
        let text = SHIPPED.replacen("merged_into = \"btc\"", "merged_into = \"bxyz\"", 1);
        let line = crate::error::line_of(SHIPPED, SHIPPED.find("merged_into = \"btc\"").unwrap());
        let errors = parse("organizations.toml", &text).unwrap_err();
        assert_eq!(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [format!(
                "organizations.toml:{line}: field `merged_into`: organisation `bkhdt` points at unknown organisation `bxyz`"
            )]
        );
    }

    #[test]
    fn a_bad_id_names_its_line() {
        let text = SHIPPED.replacen("id = \"bqp\"", "id = \"Bộ QP\"", 1);
        let errors = parse("organizations.toml", &text).unwrap_err();
        assert_eq!(
            errors[0].line,
            Some(crate::error::line_of(
                SHIPPED,
                SHIPPED.find("id = \"bqp\"").unwrap()
            ))
        );
        assert!(
            errors[0]
                .message
                .contains("organisation id `Bộ QP` may only contain"),
            "{}",
            errors[0]
        );
    }
}
