//! Findings (issue 13): made when a round is published, in the same transaction as its state
//! (one audit entry each), reported on by the unit and reviewed by the team.

use scorecard_domain::{CriterionCode, OrgId, Round, RoundId, RoundState};
use serde_json::{Value, json};
use sqlx::{QueryBuilder, Row};

use super::rows::{date_text, parse_date, round_from};
use super::{Db, DbRow, Engine, NOW};
use crate::audit::{Actor, Change};
use crate::{FindingFile, FindingFilter, FindingReport, NewFinding, RecordKey, Result, StoreError, StoredFinding};

fn finding_from(row: &DbRow) -> Result<StoredFinding> {
    let id: i64 = row.try_get("id")?;
    let bad = |e: &dyn std::fmt::Display| StoreError::corrupt("finding", id, e);
    let due: Option<String> = row.try_get("due_on")?;
    let state: String = row.try_get("state")?;
    Ok(StoredFinding {
        id,
        key: RecordKey {
            round: RoundId::parse(&row.try_get::<String, _>("round_id")?).map_err(|e| bad(&e))?,
            organization: OrgId::parse(&row.try_get::<String, _>("organization_id")?).map_err(|e| bad(&e))?,
            criterion: CriterionCode::parse(&row.try_get::<String, _>("criterion")?).map_err(|e| bad(&e))?,
        },
        legal_basis: row.try_get("legal_basis")?,
        note: row.try_get("note")?,
        due_on: due.map(|d| parse_date("finding", &id.to_string(), &d)).transpose()?,
        open: match state.as_str() {
            "open" => true,
            "closed" => false,
            other => return Err(bad(&format!("unknown state {other}"))),
        },
        created_at: row.try_get("created_at")?,
        reviewed_by: row.try_get("reviewed_by")?,
        reviewed_at: row.try_get("reviewed_at")?,
        review_note: row.try_get("review_note")?,
        reports: Vec::new(),
        files: Vec::new(),
    })
}

fn target(id: i64) -> String {
    format!("finding:{id}")
}

fn finding_json(finding: &StoredFinding) -> Value {
    json!({
        "round": finding.key.round.as_str(),
        "organization": finding.key.organization.as_str(),
        "criterion": finding.key.criterion.as_str(),
        "due_on": finding.due_on.map(date_text),
        "state": if finding.open { "open" } else { "closed" },
        "review_note": finding.review_note,
    })
}

/// The reports of these findings, put in place.
async fn with_reports(conn: &mut super::Conn, mut findings: Vec<StoredFinding>) -> Result<Vec<StoredFinding>> {
    if findings.is_empty() {
        return Ok(findings);
    }
    let mut query: QueryBuilder<Db> = QueryBuilder::new("SELECT * FROM finding_reports WHERE finding_id IN (");
    let mut ids = query.separated(", ");
    for finding in &findings {
        ids.push_bind(finding.id);
    }
    query.push(") ORDER BY id");
    let rows = query.build().fetch_all(&mut *conn).await?;
    for row in rows {
        let finding_id: i64 = row.try_get("finding_id")?;
        if let Some(finding) = findings.iter_mut().find(|f| f.id == finding_id) {
            finding.reports.push(FindingReport {
                text: row.try_get("text")?,
                reported_by: row.try_get("reported_by")?,
                reported_at: row.try_get("reported_at")?,
            });
        }
    }
    let mut query: QueryBuilder<Db> = QueryBuilder::new(SELECT_FILES);
    query.push(" WHERE f.finding_id IN (");
    let mut ids = query.separated(", ");
    for finding in &findings {
        ids.push_bind(finding.id);
    }
    query.push(") ORDER BY f.id");
    for row in query.build().fetch_all(&mut *conn).await? {
        let file = file_from(&row)?;
        if let Some(finding) = findings.iter_mut().find(|f| f.id == file.finding_id) {
            finding.files.push(file);
        }
    }
    Ok(findings)
}

const SELECT_FILES: &str = "SELECT f.id, f.finding_id, f.sha256, f.name, f.uploaded_by, f.uploaded_at, \
     b.size, b.media_type FROM finding_files f JOIN blobs b ON b.sha256 = f.sha256";

fn file_from(row: &DbRow) -> Result<FindingFile> {
    Ok(FindingFile {
        id: row.try_get("id")?,
        finding_id: row.try_get("finding_id")?,
        sha256: row.try_get("sha256")?,
        name: row.try_get("name")?,
        size: row.try_get("size")?,
        media_type: row.try_get("media_type")?,
        uploaded_by: row.try_get("uploaded_by")?,
        uploaded_at: row.try_get("uploaded_at")?,
    })
}

pub(super) async fn file(store: &Engine, id: i64) -> Result<Option<FindingFile>> {
    sqlx::query(&format!("{SELECT_FILES} WHERE f.id = $1"))
        .bind(id)
        .fetch_optional(&store.pool)
        .await?
        .as_ref()
        .map(file_from)
        .transpose()
}

pub(super) async fn attach_file(
    store: &Engine,
    finding: i64,
    sha256: &str,
    name: &str,
    uploaded_by: &str,
    actor: &Actor,
) -> Result<StoredFinding> {
    let mut tx = store.write().await?;
    let before = finding_in(&mut tx, finding).await?.ok_or_else(|| missing(finding))?;
    if !before.open {
        return Err(StoreError::FindingClosed);
    }
    if before.files.iter().any(|f| f.sha256 == sha256) {
        return Err(StoreError::AlreadyExists {
            what: "file",
            id: sha256.to_owned(),
        });
    }
    sqlx::query(&format!(
        "INSERT INTO finding_files (finding_id, sha256, name, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, {NOW})"
    ))
    .bind(finding)
    .bind(sha256)
    .bind(name)
    .bind(uploaded_by)
    .execute(&mut *tx)
    .await?;
    let after = finding_in(&mut tx, finding).await?.ok_or_else(|| missing(finding))?;
    let change = Change::new(
        "finding.file",
        target(finding),
        Value::Null,
        json!({ "name": name, "sha256": sha256 }),
    );
    tx.commit(actor, &change).await?;
    Ok(after)
}

pub(super) async fn publish_round(
    store: &Engine,
    round: &RoundId,
    findings: &[NewFinding],
    actor: &Actor,
) -> Result<Round> {
    let mut tx = store.write().await?;
    let before = sqlx::query("SELECT * FROM rounds WHERE id = $1")
        .bind(round.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .as_ref()
        .map(round_from)
        .transpose()?
        .ok_or_else(|| StoreError::Missing {
            what: "round",
            id: round.to_string(),
        })?;
    if !before.state.may_move_to(RoundState::Published) {
        return Err(StoreError::Refused(
            format!("a {} round cannot be published", before.state.as_str()).into(),
        ));
    }
    sqlx::query("UPDATE rounds SET state = 'published' WHERE id = $1")
        .bind(round.as_str())
        .execute(&mut *tx)
        .await?;
    let mut changes = vec![Change::new(
        "round.state",
        format!("round:{round}"),
        json!({ "state": before.state.as_str() }),
        json!({ "state": "published" }),
    )];
    for finding in findings {
        let row = sqlx::query(&format!(
            "INSERT INTO findings (round_id, organization_id, criterion, legal_basis, note, due_on, state, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'open', {NOW})
             ON CONFLICT (round_id, organization_id, criterion) DO NOTHING RETURNING *"
        ))
        .bind(finding.key.round.as_str())
        .bind(finding.key.organization.as_str())
        .bind(finding.key.criterion.as_str())
        .bind(&finding.legal_basis)
        .bind(&finding.note)
        .bind(finding.due_on.map(date_text))
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = row {
            let stored = finding_from(&row)?;
            changes.push(Change::new("finding.create", target(stored.id), Value::Null, finding_json(&stored)));
        }
    }
    tx.commit_all(actor, &changes).await?;
    Ok(Round {
        state: RoundState::Published,
        ..before
    })
}

pub(super) async fn findings(store: &Engine, filter: &FindingFilter) -> Result<Vec<StoredFinding>> {
    let mut query: QueryBuilder<Db> =
        QueryBuilder::new("SELECT f.* FROM findings f JOIN rounds r ON r.id = f.round_id WHERE 1 = 1");
    if let Some(round) = &filter.round {
        query.push(" AND f.round_id = ").push_bind(round.as_str());
    }
    if let Some(org) = &filter.organization {
        query.push(" AND f.organization_id = ").push_bind(org.as_str());
    }
    if let Some(open) = filter.open {
        query.push(" AND f.state = ").push_bind(if open { "open" } else { "closed" });
    }
    query.push(" ORDER BY r.starts_on, f.round_id, f.organization_id, f.criterion");
    let mut conn = store.pool.acquire().await?;
    let rows = query.build().fetch_all(&mut *conn).await?;
    let found = rows.iter().map(finding_from).collect::<Result<Vec<_>>>()?;
    with_reports(&mut conn, found).await
}

async fn finding_in(conn: &mut super::Conn, id: i64) -> Result<Option<StoredFinding>> {
    let found = sqlx::query("SELECT * FROM findings WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(finding_from)
        .transpose()?;
    Ok(match found {
        Some(found) => with_reports(conn, vec![found]).await?.pop(),
        None => None,
    })
}

pub(super) async fn finding(store: &Engine, id: i64) -> Result<Option<StoredFinding>> {
    let mut conn = store.pool.acquire().await?;
    finding_in(&mut conn, id).await
}

fn missing(id: i64) -> StoreError {
    StoreError::Missing {
        what: "finding",
        id: id.to_string(),
    }
}

pub(super) async fn report(store: &Engine, id: i64, text: &str, actor: &Actor) -> Result<StoredFinding> {
    let mut tx = store.write().await?;
    let before = finding_in(&mut tx, id).await?.ok_or_else(|| missing(id))?;
    if !before.open {
        return Err(StoreError::FindingClosed);
    }
    sqlx::query(&format!(
        "INSERT INTO finding_reports (finding_id, text, reported_by, reported_at) VALUES ($1, $2, $3, {NOW})"
    ))
    .bind(id)
    .bind(text)
    .bind(&actor.name)
    .execute(&mut *tx)
    .await?;
    let after = finding_in(&mut tx, id).await?.ok_or_else(|| missing(id))?;
    let change = Change::new("finding.report", target(id), Value::Null, json!({ "text": text }));
    tx.commit(actor, &change).await?;
    Ok(after)
}

pub(super) async fn review(store: &Engine, id: i64, close: bool, note: &str, actor: &Actor) -> Result<StoredFinding> {
    let mut tx = store.write().await?;
    let before = finding_in(&mut tx, id).await?.ok_or_else(|| missing(id))?;
    sqlx::query(&format!(
        "UPDATE findings SET state = $1, review_note = $2, reviewed_by = $3, reviewed_at = {NOW} WHERE id = $4"
    ))
    .bind(if close { "closed" } else { "open" })
    .bind(note)
    .bind(&actor.name)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let after = finding_in(&mut tx, id).await?.ok_or_else(|| missing(id))?;
    let change = Change::new(
        if close {
            "finding.close"
        } else {
            "finding.keep_open"
        },
        target(id),
        finding_json(&before),
        finding_json(&after),
    );
    tx.commit(actor, &change).await?;
    Ok(after)
}

pub(super) async fn set_due(
    store: &Engine,
    id: i64,
    due_on: Option<chrono::NaiveDate>,
    actor: &Actor,
) -> Result<StoredFinding> {
    let mut tx = store.write().await?;
    let before = finding_in(&mut tx, id).await?.ok_or_else(|| missing(id))?;
    sqlx::query("UPDATE findings SET due_on = $1 WHERE id = $2")
        .bind(due_on.map(date_text))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let after = finding_in(&mut tx, id).await?.ok_or_else(|| missing(id))?;
    let change = Change::new("finding.due", target(id), finding_json(&before), finding_json(&after));
    tx.commit(actor, &change).await?;
    Ok(after)
}
