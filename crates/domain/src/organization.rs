//! Organisations: what is inspected, with peer groups and lineage across mergers.

use serde::{Deserialize, Serialize};

use crate::ids::{OrgId, PeerGroup};

/// A ministry, agency or province.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    pub id: OrgId,
    pub name_vi: String,
    pub name_en: String,
    pub group: PeerGroup,
    #[serde(default)]
    pub lineage: Lineage,
}

/// Where an organisation came from or went.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lineage {
    /// The organisation this one was merged into, e.g. `bkhdt` into `btc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<OrgId>,
    /// The organisation this one was split from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_from: Option<OrgId>,
    /// When the change took effect, as written (e.g. `2025-03-01`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::iso_date::optional"
    )]
    pub since: Option<chrono::NaiveDate>,
}

/// The organisations whose history an organisation carries: itself first, then those merged
/// into it and the one it was split from, followed back through their own lineage.
pub fn predecessors<'a>(org: &OrgId, all: &'a [Organization]) -> Vec<&'a OrgId> {
    let mut found: Vec<&OrgId> = Vec::new();
    let mut queue: Vec<&OrgId> = all.iter().filter(|o| &o.id == org).map(|o| &o.id).collect();
    while let Some(current) = queue.pop() {
        if found.contains(&current) {
            continue;
        }
        found.push(current);
        // What `current` was split from, read once rather than once per other organisation
        // (that made a step cubic in the number of organisations).
        let split_from: Vec<&OrgId> = all
            .iter()
            .filter(|o| &o.id == current)
            .filter_map(|o| o.lineage.split_from.as_ref())
            .collect();
        for other in all {
            let merged_here = other.lineage.merged_into.as_ref() == Some(current);
            let split_from_other = split_from.contains(&&other.id);
            if merged_here || split_from_other {
                queue.push(&other.id);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: &str, merged_into: Option<&str>, split_from: Option<&str>) -> Organization {
        Organization {
            id: OrgId::parse(id).unwrap(),
            name_vi: id.into(),
            name_en: id.into(),
            group: PeerGroup::parse("ministry").unwrap(),
            lineage: Lineage {
                merged_into: merged_into.map(|m| OrgId::parse(m).unwrap()),
                split_from: split_from.map(|s| OrgId::parse(s).unwrap()),
                since: None,
            },
        }
    }

    fn ids(list: Vec<&OrgId>) -> Vec<&str> {
        list.into_iter().map(OrgId::as_str).collect()
    }

    #[test]
    fn an_organisation_carries_those_merged_into_it() {
        let all = [
            org("btc", None, None),
            org("bkhdt", Some("btc"), None),
            org("bnnmt", None, None),
            org("bnnptnt", Some("bnnmt"), None),
            org("btnmt", Some("bnnmt"), None),
            org("new", None, Some("btc")),
        ];
        assert_eq!(ids(predecessors(&all[0].id, &all)), ["btc", "bkhdt"]);
        assert_eq!(ids(predecessors(&all[2].id, &all)), ["bnnmt", "btnmt", "bnnptnt"]);
        assert_eq!(ids(predecessors(&all[5].id, &all)), ["new", "btc", "bkhdt"]);
        assert_eq!(ids(predecessors(&all[1].id, &all)), ["bkhdt"]);
    }

    #[test]
    fn a_lineage_cycle_does_not_loop_forever() {
        let all = [org("a", Some("b"), None), org("b", Some("a"), None)];
        assert_eq!(ids(predecessors(&all[0].id, &all)), ["a", "b"]);
    }
}
