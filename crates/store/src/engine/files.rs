//! Evidence files (issue 12): contents kept once under their SHA-256 in chunks, files attached
//! to records by key, and the trusted roots of the signature check. Attaching and removing are
//! audited changes naming the file's hash; the files of an approved record cannot change.

use scorecard_domain::{CriterionCode, OrgId, RoundId};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::Row;
use tokio::io::AsyncReadExt;

use super::rows::{date_text, parse_date};
use super::{DbRow, Engine, NOW};
use crate::audit::{Actor, Change};
use crate::{CHUNK, NewBlob, NewFile, RecordKey, Result, StoreError, StoredFile, TrustRoot};

const SELECT_FILES: &str = "SELECT f.id, f.round_id, f.organization_id, f.criterion, f.sha256, f.name, \
     f.document_date, f.uploaded_by, f.uploaded_at, b.size, b.media_type, b.analysis \
     FROM record_files f JOIN blobs b ON b.sha256 = f.sha256";

fn file_from(row: &DbRow) -> Result<StoredFile> {
    let id: i64 = row.try_get("id")?;
    let bad = |e: scorecard_domain::IdError| StoreError::corrupt("file", id, e);
    let date: Option<String> = row.try_get("document_date")?;
    Ok(StoredFile {
        id,
        key: RecordKey {
            round: RoundId::parse(&row.try_get::<String, _>("round_id")?).map_err(bad)?,
            organization: OrgId::parse(&row.try_get::<String, _>("organization_id")?).map_err(bad)?,
            criterion: CriterionCode::parse(&row.try_get::<String, _>("criterion")?).map_err(bad)?,
        },
        sha256: row.try_get("sha256")?,
        name: row.try_get("name")?,
        size: row.try_get("size")?,
        media_type: row.try_get("media_type")?,
        document_date: date.map(|d| parse_date("file", &id.to_string(), &d)).transpose()?,
        uploaded_by: row.try_get("uploaded_by")?,
        uploaded_at: row.try_get("uploaded_at")?,
        analysis: row.try_get("analysis")?,
    })
}

fn record_target(key: &RecordKey) -> String {
    format!("record:{}/{}/{}", key.round, key.organization, key.criterion)
}

fn file_json(file: &StoredFile) -> Value {
    json!({
        "id": file.id,
        "name": file.name,
        "sha256": file.sha256,
        "size": file.size,
        "media_type": file.media_type,
        "document_date": file.document_date.map(date_text),
    })
}

pub(super) async fn blob_exists(store: &Engine, sha256: &str) -> Result<bool> {
    Ok(sqlx::query("SELECT 1 FROM blobs WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(&store.pool)
        .await?
        .is_some())
}

/// Stores a content read from `content` under its hash, unless it is stored already. The bytes
/// are hashed as they are written: content that does not match `blob.sha256` is refused and
/// nothing is kept. The content and its row are one transaction, so a crash keeps all or none.
pub(super) async fn put_blob(
    store: &Engine,
    blob: &NewBlob<'_>,
    content: &mut (dyn tokio::io::AsyncRead + Unpin + Send),
) -> Result<()> {
    if blob_exists(store, blob.sha256).await? {
        return Ok(());
    }
    let mut tx = store.write().await?;
    // Another instance may have stored it while this one waited for the lock.
    let stored = sqlx::query("SELECT 1 FROM blobs WHERE sha256 = $1")
        .bind(blob.sha256)
        .fetch_optional(&mut *tx)
        .await?;
    if stored.is_some() {
        return Ok(());
    }
    let chunks = (blob.size + CHUNK as i64 - 1) / CHUNK as i64;
    sqlx::query(&format!(
        "INSERT INTO blobs (sha256, size, media_type, chunks, analysis, created_at) VALUES ($1, $2, $3, $4, $5, {NOW})"
    ))
    .bind(blob.sha256)
    .bind(blob.size)
    .bind(blob.media_type)
    .bind(chunks)
    .bind(blob.analysis)
    .execute(&mut *tx)
    .await?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; CHUNK];
    let mut total: i64 = 0;
    let mut seq: i64 = 0;
    loop {
        let mut filled = 0;
        while filled < CHUNK {
            let read = content
                .read(&mut buffer[filled..])
                .await
                .map_err(|e| StoreError::corrupt("file content", blob.sha256, e))?;
            if read == 0 {
                break;
            }
            filled += read;
        }
        if filled == 0 {
            break;
        }
        hasher.update(&buffer[..filled]);
        total += filled as i64;
        sqlx::query("INSERT INTO blob_chunks (sha256, seq, bytes) VALUES ($1, $2, $3)")
            .bind(blob.sha256)
            .bind(seq)
            .bind(&buffer[..filled])
            .execute(&mut *tx)
            .await?;
        seq += 1;
        if filled < CHUNK {
            break;
        }
    }
    let digest = crate::audit::hex(&hasher.finalize());
    if digest != blob.sha256 || total != blob.size {
        // Dropping the transaction rolls it back.
        return Err(StoreError::corrupt(
            "file content",
            blob.sha256,
            format!("{total} bytes hashing to {digest}"),
        ));
    }
    tx.commit_unaudited().await
}

pub(super) async fn attach_file(store: &Engine, file: &NewFile, actor: &Actor) -> Result<StoredFile> {
    let mut tx = store.write().await?;
    refuse_if_approved(&mut tx, &file.key).await?;
    let duplicate = sqlx::query(
        "SELECT 1 FROM record_files WHERE round_id = $1 AND organization_id = $2 AND criterion = $3 AND sha256 = $4",
    )
    .bind(file.key.round.as_str())
    .bind(file.key.organization.as_str())
    .bind(file.key.criterion.as_str())
    .bind(&file.sha256)
    .fetch_optional(&mut *tx)
    .await?;
    if duplicate.is_some() {
        return Err(StoreError::AlreadyExists {
            what: "file",
            id: file.sha256.clone(),
        });
    }
    let id: i64 = sqlx::query_scalar(&format!(
        "INSERT INTO record_files (round_id, organization_id, criterion, sha256, name, document_date, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, {NOW}) RETURNING id"
    ))
    .bind(file.key.round.as_str())
    .bind(file.key.organization.as_str())
    .bind(file.key.criterion.as_str())
    .bind(&file.sha256)
    .bind(&file.name)
    .bind(file.document_date.map(date_text))
    .bind(&file.uploaded_by)
    .fetch_one(&mut *tx)
    .await?;
    let row = sqlx::query(&format!("{SELECT_FILES} WHERE f.id = $1"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let stored = file_from(&row)?;
    let change = Change::new("file.attach", record_target(&file.key), Value::Null, file_json(&stored));
    tx.commit(actor, &change).await?;
    Ok(stored)
}

async fn refuse_if_approved(tx: &mut super::Conn, key: &RecordKey) -> Result<()> {
    let state: Option<String> =
        sqlx::query_scalar("SELECT state FROM records WHERE round_id = $1 AND organization_id = $2 AND criterion = $3")
            .bind(key.round.as_str())
            .bind(key.organization.as_str())
            .bind(key.criterion.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    if state.as_deref() == Some("approved") {
        return Err(StoreError::RecordApproved);
    }
    Ok(())
}

pub(super) async fn files(store: &Engine, round: &RoundId, organization: Option<&OrgId>) -> Result<Vec<StoredFile>> {
    let rows = match organization {
        Some(org) => {
            sqlx::query(&format!(
                "{SELECT_FILES} WHERE f.round_id = $1 AND f.organization_id = $2 ORDER BY f.criterion, f.id"
            ))
            .bind(round.as_str())
            .bind(org.as_str())
            .fetch_all(&store.pool)
            .await?
        }
        None => {
            sqlx::query(&format!(
                "{SELECT_FILES} WHERE f.round_id = $1 ORDER BY f.organization_id, f.criterion, f.id"
            ))
            .bind(round.as_str())
            .fetch_all(&store.pool)
            .await?
        }
    };
    rows.iter().map(file_from).collect()
}

pub(super) async fn file(store: &Engine, id: i64) -> Result<Option<StoredFile>> {
    let row = sqlx::query(&format!("{SELECT_FILES} WHERE f.id = $1"))
        .bind(id)
        .fetch_optional(&store.pool)
        .await?;
    row.as_ref().map(file_from).transpose()
}

pub(super) async fn blob_chunk(store: &Engine, sha256: &str, seq: i64) -> Result<Option<Vec<u8>>> {
    Ok(sqlx::query_scalar("SELECT bytes FROM blob_chunks WHERE sha256 = $1 AND seq = $2")
        .bind(sha256)
        .bind(seq)
        .fetch_optional(&store.pool)
        .await?)
}

pub(super) async fn remove_file(store: &Engine, id: i64, actor: &Actor) -> Result<StoredFile> {
    let mut tx = store.write().await?;
    let row = sqlx::query(&format!("{SELECT_FILES} WHERE f.id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else {
        return Err(StoreError::Missing {
            what: "file",
            id: id.to_string(),
        });
    };
    let stored = file_from(&row)?;
    refuse_if_approved(&mut tx, &stored.key).await?;
    sqlx::query("DELETE FROM record_files WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    // The content stays: the audit entry names its hash, and another record may use it.
    let change = Change::new("file.remove", record_target(&stored.key), file_json(&stored), Value::Null);
    tx.commit(actor, &change).await?;
    Ok(stored)
}

pub(super) async fn blobs_of_type(store: &Engine, media_type: &str) -> Result<Vec<(String, i64)>> {
    let rows = sqlx::query("SELECT sha256, size FROM blobs WHERE media_type = $1 ORDER BY sha256")
        .bind(media_type)
        .fetch_all(&store.pool)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("sha256")?, row.try_get("size")?)))
        .collect()
}

pub(super) async fn set_analyses(store: &Engine, analyses: &[(String, String)], actor: &Actor) -> Result<()> {
    if analyses.is_empty() {
        return Ok(());
    }
    let mut tx = store.write().await?;
    for (sha256, analysis) in analyses {
        sqlx::query("UPDATE blobs SET analysis = $1 WHERE sha256 = $2")
            .bind(analysis)
            .bind(sha256)
            .execute(&mut *tx)
            .await?;
    }
    let hashes: Vec<&str> = analyses.iter().map(|(sha, _)| sha.as_str()).collect();
    let change = Change::new("file.recheck", "files", Value::Null, json!({ "sha256": hashes }));
    tx.commit(actor, &change).await
}

pub(super) async fn trust_roots(store: &Engine) -> Result<Vec<TrustRoot>> {
    let rows = sqlx::query("SELECT sha256, subject, pem, added_at FROM trust_roots ORDER BY added_at, sha256")
        .fetch_all(&store.pool)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(TrustRoot {
                sha256: row.try_get("sha256")?,
                subject: row.try_get("subject")?,
                pem: row.try_get("pem")?,
                added_at: row.try_get("added_at")?,
            })
        })
        .collect()
}

pub(super) async fn add_trust_root(store: &Engine, root: &TrustRoot, actor: &Actor) -> Result<()> {
    let mut tx = store.write().await?;
    let exists = sqlx::query("SELECT 1 FROM trust_roots WHERE sha256 = $1")
        .bind(&root.sha256)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Err(StoreError::AlreadyExists {
            what: "trust root",
            id: root.sha256.clone(),
        });
    }
    sqlx::query(&format!(
        "INSERT INTO trust_roots (sha256, subject, pem, added_at) VALUES ($1, $2, $3, {NOW})"
    ))
    .bind(&root.sha256)
    .bind(&root.subject)
    .bind(&root.pem)
    .execute(&mut *tx)
    .await?;
    let change = Change::new(
        "trust_root.add",
        format!("trust_root:{}", root.sha256),
        Value::Null,
        json!({ "subject": root.subject, "sha256": root.sha256 }),
    );
    tx.commit(actor, &change).await
}

pub(super) async fn remove_trust_root(store: &Engine, sha256: &str, actor: &Actor) -> Result<()> {
    let mut tx = store.write().await?;
    let subject: Option<String> = sqlx::query_scalar("SELECT subject FROM trust_roots WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(subject) = subject else {
        return Err(StoreError::Missing {
            what: "trust root",
            id: sha256.to_owned(),
        });
    };
    sqlx::query("DELETE FROM trust_roots WHERE sha256 = $1")
        .bind(sha256)
        .execute(&mut *tx)
        .await?;
    let change = Change::new(
        "trust_root.remove",
        format!("trust_root:{sha256}"),
        json!({ "subject": subject, "sha256": sha256 }),
        Value::Null,
    );
    tx.commit(actor, &change).await
}
