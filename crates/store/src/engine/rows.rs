//! Rows to the domain's types and back: every value read is parsed, and a value the domain
//! would refuse is reported as a corrupt row naming its table and key.

use std::collections::HashMap;

use chrono::NaiveDate;
use scorecard_domain::{
    Catalog, CatalogId, CriterionCode, Lineage, OrgId, Organization, Outcome, PeerGroup, Record, RecordState,
    Role, Round, RoundId, RoundState, User,
};
use serde_json::{Value, json};
use sqlx::Row;

use super::{Db, DbRow};

use crate::{RecordKey, Result, StoreError, StoredRecord};

/// How dates are stored.
const DATE: &str = "%Y-%m-%d";

/// `YYYY-MM-DD`, as [`DATE`] writes it: chrono's own `Display` of a date, which writes the
/// digits directly instead of reading a format string each time (an import writes one per
/// record).
pub(super) fn date_text(date: NaiveDate) -> String {
    date.to_string()
}

pub(super) fn parse_date(what: &'static str, id: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, DATE).map_err(|e| StoreError::corrupt(what, id, e))
}

pub(super) fn organization_from(row: &DbRow) -> Result<Organization> {
    let id: String = row.try_get("id")?;
    let bad = |e: scorecard_domain::IdError| StoreError::corrupt("organisation", &id, e);
    let optional_id = |column: &str| -> Result<Option<OrgId>> {
        let text: Option<String> = row.try_get(column)?;
        text.map(|t| OrgId::parse(&t).map_err(bad)).transpose()
    };
    let since: Option<String> = row.try_get("lineage_since")?;
    Ok(Organization {
        id: OrgId::parse(&id).map_err(bad)?,
        name_vi: row.try_get("name_vi")?,
        name_en: row.try_get("name_en")?,
        group: PeerGroup::parse(&row.try_get::<String, _>("peer_group")?).map_err(bad)?,
        lineage: Lineage {
            merged_into: optional_id("merged_into")?,
            split_from: optional_id("split_from")?,
            since: since.map(|s| parse_date("organisation", &id, &s)).transpose()?,
        },
    })
}

pub(super) fn round_from(row: &DbRow) -> Result<Round> {
    let id: String = row.try_get("id")?;
    let state: String = row.try_get("state")?;
    Ok(Round {
        id: RoundId::parse(&id).map_err(|e| StoreError::corrupt("round", &id, e))?,
        name_vi: row.try_get("name_vi")?,
        name_en: row.try_get("name_en")?,
        catalog: CatalogId::parse(&row.try_get::<String, _>("catalog_id")?)
            .map_err(|e| StoreError::corrupt("round", &id, e))?,
        starts_on: parse_date("round", &id, &row.try_get::<String, _>("starts_on")?)?,
        ends_on: parse_date("round", &id, &row.try_get::<String, _>("ends_on")?)?,
        state: RoundState::parse(&state).ok_or_else(|| StoreError::corrupt("round", &id, "unknown state"))?,
        illustrative: row.try_get("illustrative")?,
    })
}

pub(super) fn record_from(row: &DbRow) -> Result<StoredRecord> {
    record_with(row, None)
}

/// A record row, its ids shared with the rows read before it through `ids`.
pub(super) fn record_sharing_ids(row: &DbRow, ids: &mut SharedIds) -> Result<StoredRecord> {
    record_with(row, Some(ids))
}

/// The ids of many rows, each parsed once: the records of a round repeat the round's id and
/// each organisation's and criterion's, and then share one allocation of each (a round of a
/// million records holds ten thousand organisation ids, not a million), which also lets
/// scoring compare them by pointer.
#[derive(Default)]
pub(super) struct SharedIds {
    rounds: HashMap<String, RoundId>,
    organizations: HashMap<String, OrgId>,
    criteria: HashMap<String, CriterionCode>,
}

/// The id that `text` names, parsed the first time `seen` meets it (every time without `seen`:
/// a record read alone keeps no map).
fn shared<T: Clone, E>(
    seen: Option<&mut HashMap<String, T>>,
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, E> {
    let Some(seen) = seen else {
        return parse(text);
    };
    if let Some(id) = seen.get(text) {
        return Ok(id.clone());
    }
    let id = parse(text)?;
    seen.insert(text.to_owned(), id.clone());
    Ok(id)
}

fn record_with(row: &DbRow, mut ids: Option<&mut SharedIds>) -> Result<StoredRecord> {
    let round: &str = row.try_get("round_id")?;
    let org: &str = row.try_get("organization_id")?;
    let criterion: &str = row.try_get("criterion")?;
    // The key names the row in a message, made only when there is one.
    let bad = |e: &dyn std::fmt::Display| StoreError::corrupt("record", format!("{round}/{org}/{criterion}"), e);
    let outcome: &str = row.try_get("outcome")?;
    let value: Option<f64> = row.try_get("value")?;
    let state: &str = row.try_get("state")?;
    let assessed_on: Option<&str> = row.try_get("assessed_on")?;
    let record = Record {
        round: shared(ids.as_deref_mut().map(|i| &mut i.rounds), round, RoundId::parse).map_err(|e| bad(&e))?,
        organization: shared(ids.as_deref_mut().map(|i| &mut i.organizations), org, OrgId::parse).map_err(|e| bad(&e))?,
        criterion: shared(ids.map(|i| &mut i.criteria), criterion, CriterionCode::parse).map_err(|e| bad(&e))?,
        outcome: Outcome::parse(outcome, value).map_err(|e| bad(&e))?,
        evidence: row.try_get("evidence")?,
        note: row.try_get("note")?,
        inspector: row.try_get("inspector")?,
        assessed_on: assessed_on
            .map(|d| NaiveDate::parse_from_str(d, DATE).map_err(|e| bad(&e)))
            .transpose()?,
        state: RecordState::parse(state).ok_or_else(|| bad(&"unknown state"))?,
    };
    Ok(StoredRecord {
        record,
        version: row.try_get("version")?,
        updated_at: row.try_get("updated_at")?,
        review_comment: row.try_get("review_comment")?,
    })
}

pub(super) fn user_from(row: &DbRow) -> Result<User> {
    let role: String = row.try_get("role")?;
    let username: String = row.try_get("username")?;
    let organization: Option<String> = row.try_get("organization_id")?;
    Ok(User {
        id: row.try_get("id")?,
        role: Role::parse(&role).ok_or_else(|| StoreError::corrupt("user", &username, "unknown role"))?,
        display_name: row.try_get("display_name")?,
        organization: organization
            .map(|o| OrgId::parse(&o).map_err(|e| StoreError::corrupt("user", &username, e)))
            .transpose()?,
        username,
    })
}

pub(super) fn catalog_from(row: &DbRow) -> Result<Catalog> {
    let id: String = row.try_get("id")?;
    let body: String = row.try_get("body")?;
    serde_json::from_str(&body).map_err(|e| StoreError::corrupt("catalog", id, e))
}

pub(super) fn select_record(
    key: &RecordKey,
) -> sqlx::query::Query<'_, Db, <Db as sqlx::Database>::Arguments<'_>> {
    sqlx::query("SELECT * FROM records WHERE round_id = $1 AND organization_id = $2 AND criterion = $3")
        .bind(key.round.as_str())
        .bind(key.organization.as_str())
        .bind(key.criterion.as_str())
}

/// A record as an import leaves it, for the audit trail.
#[derive(serde::Serialize)]
pub(super) struct ImportedJson<'a> {
    pub(super) record: &'a Record,
    pub(super) version: i64,
}

pub(super) fn target_of(key: &RecordKey) -> String {
    format!("record:{}/{}/{}", key.round, key.organization, key.criterion)
}

/// A stored record as the audit trail keeps it.
pub(super) fn stored_json(stored: Option<&StoredRecord>) -> Value {
    stored.map_or(
        Value::Null,
        |s| json!({ "record": s.record, "version": s.version, "review_comment": s.review_comment }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A date is written as the format it is read with says, across the years a record can
    /// name; and read back as it was.
    #[test]
    fn dates_are_written_as_they_are_read() {
        for (y, m, d) in [(1, 1, 1), (999, 9, 9), (1999, 12, 31), (2024, 2, 29), (2026, 11, 29), (9999, 12, 31)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date_text(date), date.format(DATE).to_string());
            assert_eq!(parse_date("record", "t", &date_text(date)).unwrap(), date);
        }
    }
}
