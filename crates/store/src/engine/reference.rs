//! The reference data: organisations, catalog versions (never changed once written), the
//! dataset a new installation starts from, and settings.
use super::records::upsert_records;
use super::rounds::insert_round;
use super::rows::*;
use super::{Conn, Engine, NOW};
use crate::audit::{Actor, Change};
use crate::{Result, StoreError};
use scorecard_dataset::Dataset;
use scorecard_domain::{Catalog, CatalogId, OrgId, Organization};
use serde_json::{Value, json};

pub(super) async fn insert_organization(conn: &mut Conn, org: &Organization) -> Result<()> {
    sqlx::query(
        "INSERT INTO organizations (id, name_vi, name_en, peer_group, merged_into, split_from, lineage_since)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(org.id.as_str())
    .bind(&org.name_vi)
    .bind(&org.name_en)
    .bind(org.group.as_str())
    .bind(org.lineage.merged_into.as_ref().map(OrgId::as_str))
    .bind(org.lineage.split_from.as_ref().map(OrgId::as_str))
    .bind(org.lineage.since.map(date_text))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn insert_catalog(conn: &mut Conn, catalog: &Catalog) -> Result<()> {
    let body = serde_json::to_string(catalog).map_err(|e| StoreError::corrupt("catalog", &catalog.id, e))?;
    sqlx::query(&format!(
        "INSERT INTO catalogs (id, family, version, body, created_at) VALUES ($1, $2, $3, $4, {NOW})
         ON CONFLICT DO NOTHING"
    ))
    .bind(catalog.id.as_str())
    .bind(&catalog.family)
    .bind(i64::from(catalog.version))
    .bind(body)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn insert_reference(
    conn: &mut Conn,
    organizations: &[Organization],
    catalogs: &[Catalog],
) -> Result<()> {
    for org in organizations {
        insert_organization(conn, org).await?;
    }
    for catalog in catalogs {
        insert_catalog(conn, catalog).await?;
    }
    Ok(())
}

pub(super) async fn ensure_reference(
    store: &Engine,
    organizations: &[Organization],
    catalogs: &[Catalog],
) -> Result<()> {
    let mut tx = store.write().await?;
    insert_reference(&mut tx, organizations, catalogs).await?;
    tx.commit_unaudited().await?;
    Ok(())
}

pub(super) async fn has_no_rounds(store: &Engine) -> Result<bool> {
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM rounds")
        .fetch_one(&store.pool)
        .await?;
    Ok(count == 0)
}

pub(super) async fn load_dataset(
    store: &Engine,
    data: &Dataset,
    settings: &[(&str, Value)],
    actor: &Actor,
) -> Result<()> {
    let mut tx = store.write().await?;
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM rounds")
        .fetch_one(&mut *tx)
        .await?;
    if count > 0 {
        return Err(StoreError::NotEmpty);
    }
    insert_reference(&mut tx, &data.organizations, &data.catalogs).await?;
    for round in &data.rounds {
        insert_round(&mut tx, round).await?;
    }
    upsert_records(&mut tx, &data.records).await?;
    for (key, value) in settings {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value.to_string())
        .execute(&mut *tx)
        .await?;
    }
    let after = json!({
        "organizations": data.organizations.len(),
        "catalogs": data.catalogs.iter().map(|c| c.id.to_string()).collect::<Vec<_>>(),
        "rounds": data.rounds.iter().map(|r| r.id.to_string()).collect::<Vec<_>>(),
        "records": data.records.len(),
    });
    tx.commit(actor, &Change::new("dataset.load", "dataset", Value::Null, after))
        .await?;
    Ok(())
}

pub(super) async fn organizations(store: &Engine) -> Result<Vec<Organization>> {
    let rows = sqlx::query("SELECT * FROM organizations ORDER BY id")
        .fetch_all(&store.pool)
        .await?;
    rows.iter().map(organization_from).collect()
}

pub(super) async fn catalogs(store: &Engine) -> Result<Vec<Catalog>> {
    let rows = sqlx::query("SELECT id, body FROM catalogs ORDER BY family, version")
        .fetch_all(&store.pool)
        .await?;
    rows.iter().map(catalog_from).collect()
}

/// A catalog version, kept in memory once read: versions never change once written, and every
/// save of a record reads its round's.
pub(super) async fn catalog(store: &Engine, id: &CatalogId) -> Result<Option<Catalog>> {
    if let Some(known) = store.catalogs_read.read().ok().and_then(|c| c.get(id).cloned()) {
        return Ok(Some(known));
    }
    let row = sqlx::query("SELECT id, body FROM catalogs WHERE id = $1")
        .bind(id.as_str())
        .fetch_optional(&store.pool)
        .await?;
    let catalog = row.as_ref().map(catalog_from).transpose()?;
    if let (Some(catalog), Ok(mut known)) = (&catalog, store.catalogs_read.write()) {
        known.insert(id.clone(), catalog.clone());
    }
    Ok(catalog)
}

pub(super) async fn add_catalog(store: &Engine, catalog: &Catalog, actor: &Actor) -> Result<()> {
    let mut tx = store.write().await?;
    let exists = sqlx::query("SELECT 1 FROM catalogs WHERE id = $1 OR (family = $2 AND version = $3)")
        .bind(catalog.id.as_str())
        .bind(&catalog.family)
        .bind(i64::from(catalog.version))
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Err(StoreError::AlreadyExists {
            what: "catalog",
            id: catalog.id.to_string(),
        });
    }
    insert_catalog(&mut tx, catalog).await?;
    let after = serde_json::to_value(catalog).unwrap_or(Value::Null);
    tx.commit(
        actor,
        &Change::new(
            "catalog.add",
            format!("catalog:{}", catalog.id),
            Value::Null,
            after,
        ),
    )
    .await?;
    Ok(())
}

pub(super) async fn setting(store: &Engine, key: &str) -> Result<Option<Value>> {
    let text: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&store.pool)
        .await?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::corrupt("setting", key, e)))
        .transpose()
}
