//! Rounds and their states, which inspector scores which organisation, and who reviews.
use scorecard_domain::{OrgId, Round, RoundId, RoundState, User};
use serde_json::{Value, json};
use sqlx::Row;

use super::rows::*;
use super::{Conn, Engine};
use crate::Assignment;
use crate::audit::{Actor, Change};
use crate::{Result, StoreError};

pub(super) async fn insert_round(conn: &mut Conn, round: &Round) -> Result<()> {
    sqlx::query(
        "INSERT INTO rounds (id, name_vi, name_en, catalog_id, starts_on, ends_on, state, illustrative)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(round.id.as_str())
    .bind(&round.name_vi)
    .bind(&round.name_en)
    .bind(round.catalog.as_str())
    .bind(date_text(round.starts_on))
    .bind(date_text(round.ends_on))
    .bind(round.state.as_str())
    .bind(round.illustrative)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn rounds(store: &Engine) -> Result<Vec<Round>> {
    let rows = sqlx::query("SELECT * FROM rounds ORDER BY starts_on DESC, id")
        .fetch_all(&store.pool)
        .await?;
    rows.iter().map(round_from).collect()
}

pub(super) async fn round(store: &Engine, id: &RoundId) -> Result<Option<Round>> {
    let row = sqlx::query("SELECT * FROM rounds WHERE id = $1")
        .bind(id.as_str())
        .fetch_optional(&store.pool)
        .await?;
    row.as_ref().map(round_from).transpose()
}

pub(super) async fn create_round(store: &Engine, round: &Round, actor: &Actor) -> Result<()> {
    let mut tx = store.write().await?;
    let exists = sqlx::query("SELECT 1 FROM rounds WHERE id = $1")
        .bind(round.id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Err(StoreError::AlreadyExists {
            what: "round",
            id: round.id.to_string(),
        });
    }
    insert_round(&mut tx, round).await?;
    let after = serde_json::to_value(round).unwrap_or(Value::Null);
    tx.commit(
        actor,
        &Change::new("round.create", format!("round:{}", round.id), Value::Null, after),
    )
    .await?;
    Ok(())
}

pub(super) async fn set_round_state(
    store: &Engine,
    id: &RoundId,
    state: RoundState,
    actor: &Actor,
) -> Result<Round> {
    let mut tx = store.write().await?;
    let row = sqlx::query("SELECT * FROM rounds WHERE id = $1")
        .bind(id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let before = row
        .as_ref()
        .map(round_from)
        .transpose()?
        .ok_or_else(|| StoreError::Missing {
            what: "round",
            id: id.to_string(),
        })?;
    sqlx::query("UPDATE rounds SET state = $1 WHERE id = $2")
        .bind(state.as_str())
        .bind(id.as_str())
        .execute(&mut *tx)
        .await?;
    let after = Round {
        state,
        ..before.clone()
    };
    let change = Change::new(
        "round.state",
        format!("round:{id}"),
        json!({ "state": before.state.as_str() }),
        json!({ "state": state.as_str() }),
    );
    tx.commit(actor, &change).await?;
    Ok(after)
}

pub(super) async fn assigned(store: &Engine, round: &RoundId) -> Result<Vec<OrgId>> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT organization_id FROM assignments WHERE round_id = $1 ORDER BY organization_id",
    )
    .bind(round.as_str())
    .fetch_all(&store.pool)
    .await?;
    ids.iter()
        .map(|id| OrgId::parse(id).map_err(|e| StoreError::corrupt("assignment", id, e)))
        .collect()
}

pub(super) async fn assignments(store: &Engine, round: &RoundId) -> Result<Vec<Assignment>> {
    let rows = sqlx::query(
        "SELECT a.organization_id AS assigned, u.id, u.username, u.display_name, u.role, u.organization_id
         FROM assignments a LEFT JOIN users u ON u.id = a.inspector_id
         WHERE a.round_id = $1 ORDER BY a.organization_id",
    )
    .bind(round.as_str())
    .fetch_all(&store.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let org: String = row.try_get("assigned")?;
            let inspector = match row.try_get::<Option<i64>, _>("id")? {
                Some(_) => Some(user_from(row)?),
                None => None,
            };
            let organization = OrgId::parse(&org).map_err(|e| StoreError::corrupt("assignment", &org, e))?;
            Ok(Assignment {
                organization,
                inspector,
            })
        })
        .collect()
}

pub(super) async fn assign(
    store: &Engine,
    round: &RoundId,
    organization: &OrgId,
    inspector: Option<i64>,
    actor: &Actor,
) -> Result<()> {
    let mut tx = store.write().await?;
    let before: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT inspector_id FROM assignments WHERE round_id = $1 AND organization_id = $2",
    )
    .bind(round.as_str())
    .bind(organization.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO assignments (round_id, organization_id, inspector_id) VALUES ($1, $2, $3)
         ON CONFLICT (round_id, organization_id) DO UPDATE SET inspector_id = excluded.inspector_id",
    )
    .bind(round.as_str())
    .bind(organization.as_str())
    .bind(inspector)
    .execute(&mut *tx)
    .await?;
    let change = Change::new(
        "assignment.set",
        format!("assignment:{round}/{organization}"),
        before.map_or(Value::Null, |b| json!({ "inspector": b })),
        json!({ "inspector": inspector }),
    );
    tx.commit(actor, &change).await?;
    Ok(())
}

pub(super) async fn reviewers(store: &Engine, round: &RoundId) -> Result<Vec<User>> {
    let rows = sqlx::query(
        "SELECT u.* FROM round_reviewers r JOIN users u ON u.id = r.user_id WHERE r.round_id = $1 ORDER BY u.username",
    )
    .bind(round.as_str())
    .fetch_all(&store.pool)
    .await?;
    rows.iter().map(user_from).collect()
}

pub(super) async fn set_reviewer(
    store: &Engine,
    round: &RoundId,
    user: i64,
    reviews: bool,
    actor: &Actor,
) -> Result<()> {
    let mut tx = store.write().await?;
    let sql = if reviews {
        "INSERT INTO round_reviewers (round_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM round_reviewers WHERE round_id = $1 AND user_id = $2"
    };
    sqlx::query(sql)
        .bind(round.as_str())
        .bind(user)
        .execute(&mut *tx)
        .await?;
    let change = Change::new(
        if reviews {
            "reviewer.add"
        } else {
            "reviewer.remove"
        },
        format!("round:{round}"),
        Value::Null,
        json!({ "reviewer": user }),
    );
    tx.commit(actor, &change).await?;
    Ok(())
}
