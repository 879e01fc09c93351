//! A round's phases, the units' self-assessments and their explanations (issue 13). Every
//! change is audited: the schedule as a whole, each answer with what it was before, the
//! submission, each explanation and the decision on it (with the record's change when it is
//! accepted, in the same transaction).

use chrono::{DateTime, SecondsFormat, Utc};
use scorecard_domain::{CriterionCode, OrgId, Outcome, Phase, PhaseWindow, RoundId, SelfAssessed};
use serde_json::{Value, json};
use sqlx::Row;

use super::{DbRow, Engine, NOW};
use crate::audit::{Actor, Change};
use crate::{CheckAnswers, Decision, RecordKey, Result, StoreError, StoredExplanation, StoredSelfAssessed, Submission};

fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn parse_instant(round: &str, text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|e| StoreError::corrupt("round phase", round, e))
}

fn window_from(row: &DbRow) -> Result<PhaseWindow> {
    let round: String = row.try_get("round_id")?;
    let phase: String = row.try_get("phase")?;
    Ok(PhaseWindow {
        phase: Phase::parse(&phase).ok_or_else(|| StoreError::corrupt("round phase", &round, "unknown phase"))?,
        opens_at: parse_instant(&round, &row.try_get::<String, _>("opens_at")?)?,
        closes_at: parse_instant(&round, &row.try_get::<String, _>("closes_at")?)?,
    })
}

fn windows_json(windows: &[PhaseWindow]) -> Value {
    Value::Array(
        windows
            .iter()
            .map(|w| {
                json!({
                    "phase": w.phase.as_str(),
                    "opens_at": instant_text(w.opens_at),
                    "closes_at": instant_text(w.closes_at),
                })
            })
            .collect(),
    )
}

pub(super) async fn phases(store: &Engine, round: &RoundId) -> Result<Vec<PhaseWindow>> {
    let rows = sqlx::query("SELECT * FROM round_phases WHERE round_id = $1")
        .bind(round.as_str())
        .fetch_all(&store.pool)
        .await?;
    let mut windows = rows.iter().map(window_from).collect::<Result<Vec<_>>>()?;
    windows.sort_by_key(|w| w.phase);
    Ok(windows)
}

pub(super) async fn set_phases(
    store: &Engine,
    round: &RoundId,
    windows: &[PhaseWindow],
    actor: &Actor,
) -> Result<()> {
    let mut tx = store.write().await?;
    let exists = sqlx::query("SELECT 1 FROM rounds WHERE id = $1")
        .bind(round.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(StoreError::Missing {
            what: "round",
            id: round.to_string(),
        });
    }
    let rows = sqlx::query("SELECT * FROM round_phases WHERE round_id = $1")
        .bind(round.as_str())
        .fetch_all(&mut *tx)
        .await?;
    let mut before = rows.iter().map(window_from).collect::<Result<Vec<_>>>()?;
    before.sort_by_key(|w| w.phase);
    sqlx::query("DELETE FROM round_phases WHERE round_id = $1")
        .bind(round.as_str())
        .execute(&mut *tx)
        .await?;
    for window in windows {
        sqlx::query("INSERT INTO round_phases (round_id, phase, opens_at, closes_at) VALUES ($1, $2, $3, $4)")
            .bind(round.as_str())
            .bind(window.phase.as_str())
            .bind(instant_text(window.opens_at))
            .bind(instant_text(window.closes_at))
            .execute(&mut *tx)
            .await?;
    }
    let change = Change::new(
        "round.phases",
        format!("round:{round}"),
        json!({ "phases": windows_json(&before) }),
        json!({ "phases": windows_json(windows) }),
    );
    tx.commit(actor, &change).await
}

fn answer_from(row: &DbRow) -> Result<StoredSelfAssessed> {
    let org: String = row.try_get("organization_id")?;
    let criterion: String = row.try_get("criterion")?;
    let key = format!("{org}/{criterion}");
    let bad = |e: &dyn std::fmt::Display| StoreError::corrupt("self-assessment", &key, e);
    let outcome: String = row.try_get("outcome")?;
    let value: Option<f64> = row.try_get("value")?;
    Ok(StoredSelfAssessed {
        organization: OrgId::parse(&org).map_err(|e| bad(&e))?,
        entry: SelfAssessed {
            criterion: CriterionCode::parse(&criterion).map_err(|e| bad(&e))?,
            outcome: Outcome::parse(&outcome, value).map_err(|e| bad(&e))?,
            evidence: row.try_get("evidence")?,
            explanation: row.try_get("explanation")?,
        },
        updated_by: row.try_get("updated_by")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn answer_json(entry: &SelfAssessed) -> Value {
    json!({
        "outcome": entry.outcome.key(),
        "value": entry.outcome.value(),
        "evidence": entry.evidence,
        "explanation": entry.explanation,
    })
}

pub(super) async fn self_assessed(
    store: &Engine,
    round: &RoundId,
    organization: Option<&OrgId>,
) -> Result<Vec<StoredSelfAssessed>> {
    let rows = sqlx::query(
        "SELECT * FROM self_assessments WHERE round_id = $1 AND ($2 IS NULL OR organization_id = $2)
         ORDER BY organization_id, criterion",
    )
    .bind(round.as_str())
    .bind(organization.map(|o| o.as_str().to_owned()))
    .fetch_all(&store.pool)
    .await?;
    rows.iter().map(answer_from).collect()
}

fn submission_from(row: &DbRow) -> Result<Submission> {
    let org: String = row.try_get("organization_id")?;
    Ok(Submission {
        organization: OrgId::parse(&org).map_err(|e| StoreError::corrupt("submission", &org, e))?,
        submitted_by: row.try_get("submitted_by")?,
        submitted_at: row.try_get("submitted_at")?,
    })
}

pub(super) async fn submissions(store: &Engine, round: &RoundId) -> Result<Vec<Submission>> {
    let rows = sqlx::query("SELECT * FROM self_assessment_submissions WHERE round_id = $1 ORDER BY organization_id")
        .bind(round.as_str())
        .fetch_all(&store.pool)
        .await?;
    rows.iter().map(submission_from).collect()
}

async fn refuse_when_submitted(conn: &mut super::Conn, round: &RoundId, organization: &OrgId) -> Result<()> {
    let submitted = sqlx::query("SELECT 1 FROM self_assessment_submissions WHERE round_id = $1 AND organization_id = $2")
        .bind(round.as_str())
        .bind(organization.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    match submitted {
        Some(_) => Err(StoreError::Submitted),
        None => Ok(()),
    }
}

pub(super) async fn put_self_assessed(
    store: &Engine,
    round: &RoundId,
    organization: &OrgId,
    entry: &SelfAssessed,
    actor: &Actor,
) -> Result<StoredSelfAssessed> {
    let mut tx = store.write().await?;
    refuse_when_submitted(&mut tx, round, organization).await?;
    let before = sqlx::query(
        "SELECT * FROM self_assessments WHERE round_id = $1 AND organization_id = $2 AND criterion = $3",
    )
    .bind(round.as_str())
    .bind(organization.as_str())
    .bind(entry.criterion.as_str())
    .fetch_optional(&mut *tx)
    .await?
    .as_ref()
    .map(answer_from)
    .transpose()?;
    let row = sqlx::query(&format!(
        "INSERT INTO self_assessments
             (round_id, organization_id, criterion, outcome, value, evidence, explanation, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, {NOW})
         ON CONFLICT (round_id, organization_id, criterion) DO UPDATE SET
             outcome = excluded.outcome, value = excluded.value, evidence = excluded.evidence,
             explanation = excluded.explanation, updated_by = excluded.updated_by,
             updated_at = excluded.updated_at
         RETURNING *"
    ))
    .bind(round.as_str())
    .bind(organization.as_str())
    .bind(entry.criterion.as_str())
    .bind(entry.outcome.key())
    .bind(entry.outcome.value())
    .bind(&entry.evidence)
    .bind(&entry.explanation)
    .bind(&actor.name)
    .fetch_one(&mut *tx)
    .await?;
    let stored = answer_from(&row)?;
    let change = Change::new(
        "self_assessment.save",
        format!("self_assessment:{round}/{organization}/{}", entry.criterion),
        before.map_or(Value::Null, |b| answer_json(&b.entry)),
        answer_json(entry),
    );
    tx.commit(actor, &change).await?;
    Ok(stored)
}

pub(super) async fn submit(
    store: &Engine,
    round: &RoundId,
    organization: &OrgId,
    check: CheckAnswers,
    actor: &Actor,
) -> Result<Submission> {
    let mut tx = store.write().await?;
    refuse_when_submitted(&mut tx, round, organization).await?;
    let rows = sqlx::query("SELECT * FROM self_assessments WHERE round_id = $1 AND organization_id = $2")
        .bind(round.as_str())
        .bind(organization.as_str())
        .fetch_all(&mut *tx)
        .await?;
    let answers: Vec<SelfAssessed> = rows
        .iter()
        .map(answer_from)
        .map(|a| a.map(|a| a.entry))
        .collect::<Result<_>>()?;
    check(&answers).map_err(StoreError::Refused)?;
    let row = sqlx::query(&format!(
        "INSERT INTO self_assessment_submissions (round_id, organization_id, submitted_by, submitted_at)
         VALUES ($1, $2, $3, {NOW}) RETURNING *"
    ))
    .bind(round.as_str())
    .bind(organization.as_str())
    .bind(&actor.name)
    .fetch_one(&mut *tx)
    .await?;
    let submission = submission_from(&row)?;
    let change = Change::new(
        "self_assessment.submit",
        format!("self_assessment:{round}/{organization}"),
        Value::Null,
        json!({ "answers": answers.len() }),
    );
    tx.commit(actor, &change).await?;
    Ok(submission)
}

fn explanation_from(row: &DbRow) -> Result<StoredExplanation> {
    let round: String = row.try_get("round_id")?;
    let org: String = row.try_get("organization_id")?;
    let criterion: String = row.try_get("criterion")?;
    let id = format!("{round}/{org}/{criterion}");
    let bad = |e: &dyn std::fmt::Display| StoreError::corrupt("explanation", &id, e);
    let decision: Option<String> = row.try_get("decision")?;
    let decision = match decision.as_deref() {
        None => None,
        Some(text @ ("accepted" | "rejected")) => Some(Decision {
            accepted: text == "accepted",
            reason: row.try_get("reason")?,
            decided_by: row.try_get::<Option<String>, _>("decided_by")?.unwrap_or_default(),
            decided_at: row.try_get::<Option<String>, _>("decided_at")?.unwrap_or_default(),
        }),
        Some(other) => return Err(bad(&format!("unknown decision {other}"))),
    };
    Ok(StoredExplanation {
        key: RecordKey {
            round: RoundId::parse(&round).map_err(|e| bad(&e))?,
            organization: OrgId::parse(&org).map_err(|e| bad(&e))?,
            criterion: CriterionCode::parse(&criterion).map_err(|e| bad(&e))?,
        },
        text: row.try_get("text")?,
        sent_by: row.try_get("sent_by")?,
        sent_at: row.try_get("sent_at")?,
        decision,
    })
}

fn explanation_json(explanation: &StoredExplanation) -> Value {
    json!({
        "text": explanation.text,
        "decision": explanation.decision.as_ref().map(|d| if d.accepted { "accepted" } else { "rejected" }),
        "reason": explanation.decision.as_ref().map(|d| d.reason.clone()),
    })
}

fn explanation_target(key: &RecordKey) -> String {
    format!("explanation:{}/{}/{}", key.round, key.organization, key.criterion)
}

async fn explanation_of(conn: &mut super::Conn, key: &RecordKey) -> Result<Option<StoredExplanation>> {
    sqlx::query("SELECT * FROM explanations WHERE round_id = $1 AND organization_id = $2 AND criterion = $3")
        .bind(key.round.as_str())
        .bind(key.organization.as_str())
        .bind(key.criterion.as_str())
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(explanation_from)
        .transpose()
}

pub(super) async fn explanations(
    store: &Engine,
    round: &RoundId,
    organization: Option<&OrgId>,
) -> Result<Vec<StoredExplanation>> {
    let rows = sqlx::query(
        "SELECT * FROM explanations WHERE round_id = $1 AND ($2 IS NULL OR organization_id = $2)
         ORDER BY organization_id, criterion",
    )
    .bind(round.as_str())
    .bind(organization.map(|o| o.as_str().to_owned()))
    .fetch_all(&store.pool)
    .await?;
    rows.iter().map(explanation_from).collect()
}

pub(super) async fn send_explanation(
    store: &Engine,
    key: &RecordKey,
    text: &str,
    actor: &Actor,
) -> Result<StoredExplanation> {
    let mut tx = store.write().await?;
    let before = explanation_of(&mut tx, key).await?;
    if before.as_ref().is_some_and(|b| b.decision.is_some()) {
        return Err(StoreError::Decided);
    }
    let row = sqlx::query(&format!(
        "INSERT INTO explanations (round_id, organization_id, criterion, text, sent_by, sent_at)
         VALUES ($1, $2, $3, $4, $5, {NOW})
         ON CONFLICT (round_id, organization_id, criterion) DO UPDATE SET
             text = excluded.text, sent_by = excluded.sent_by, sent_at = excluded.sent_at
         RETURNING *"
    ))
    .bind(key.round.as_str())
    .bind(key.organization.as_str())
    .bind(key.criterion.as_str())
    .bind(text)
    .bind(&actor.name)
    .fetch_one(&mut *tx)
    .await?;
    let stored = explanation_from(&row)?;
    let change = Change::new(
        "explanation.send",
        explanation_target(key),
        before.as_ref().map_or(Value::Null, explanation_json),
        explanation_json(&stored),
    );
    tx.commit(actor, &change).await?;
    Ok(stored)
}

pub(super) async fn decide_explanation(
    store: &Engine,
    key: &RecordKey,
    accepted: bool,
    reason: &str,
    change: Option<(Option<i64>, crate::Prepare)>,
    actor: &Actor,
) -> Result<(StoredExplanation, Option<crate::StoredRecord>)> {
    let mut tx = store.write().await?;
    let before = explanation_of(&mut tx, key).await?.ok_or_else(|| StoreError::Missing {
        what: "explanation",
        id: format!("{}/{}/{}", key.round, key.organization, key.criterion),
    })?;
    if before.decision.is_some() {
        return Err(StoreError::Decided);
    }
    let mut changes = Vec::new();
    let record = match change {
        Some((expected, prepare)) => {
            let current = super::records::current_record(&mut tx, key).await?;
            let (stored, record_change) =
                super::records::apply_put(&mut tx, key, expected, &prepare, current).await?;
            changes.push(record_change);
            Some(stored)
        }
        None => None,
    };
    let row = sqlx::query(&format!(
        "UPDATE explanations SET decision = $1, reason = $2, decided_by = $3, decided_at = {NOW}
         WHERE round_id = $4 AND organization_id = $5 AND criterion = $6 RETURNING *"
    ))
    .bind(if accepted { "accepted" } else { "rejected" })
    .bind(reason)
    .bind(&actor.name)
    .bind(key.round.as_str())
    .bind(key.organization.as_str())
    .bind(key.criterion.as_str())
    .fetch_one(&mut *tx)
    .await?;
    let stored = explanation_from(&row)?;
    changes.push(Change::new(
        if accepted {
            "explanation.accept"
        } else {
            "explanation.reject"
        },
        explanation_target(key),
        explanation_json(&before),
        explanation_json(&stored),
    ));
    tx.commit_all(actor, &changes).await?;
    Ok((stored, record))
}
