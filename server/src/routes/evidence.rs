//! Evidence files over HTTP (issue 12): one file per multipart upload, streamed to a temporary
//! file while it is hashed and counted (never held whole in memory), downloads streamed chunk
//! by chunk as attachments with the stored type and `nosniff`, and the trusted roots.

use std::collections::HashMap;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};
use chrono::NaiveDate;
use scorecard_api::evidence::{FileView, PdfAnalysis, Suggestion, TrustRootView, TrustRoots};
use scorecard_service::evidence::Upload;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::files::content_disposition;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// The longest value of a form field beside the file (a date, a number).
const SMALL_FIELD_BYTES: usize = 256;

/// A small text field, read without holding more than its limit.
async fn small_text(field: &mut axum::extract::multipart::Field<'_>) -> Result<String, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| unreadable_form())? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > SMALL_FIELD_BYTES {
            return Err(ApiError::bad_request(
                field.name().unwrap_or_default(),
                "Trường này quá dài.",
                "This field is too long.",
            ));
        }
    }
    String::from_utf8(bytes).map_err(|_| unreadable_form())
}

/// The upload route, with a body limit of the largest file the server takes.
pub fn upload_route() -> MethodRouter<AppState> {
    // The service's limit is checked while the file arrives; this bounds what axum reads at
    // all. 1 GiB is far above any configured limit and keeps a forged length from mattering.
    post(upload).layer(DefaultBodyLimit::max(1024 * 1024 * 1024))
}

/// Root certificate files are small.
const ROOTS_LIMIT_BYTES: usize = 1024 * 1024;

/// The route that adds trusted roots, with its own body limit.
pub fn add_roots_route() -> MethodRouter<AppState> {
    post(add_roots).layer(DefaultBodyLimit::max(ROOTS_LIMIT_BYTES))
}

fn unreadable_form() -> ApiError {
    ApiError::bad_request(
        "file",
        "Không đọc được biểu mẫu gửi tệp (multipart/form-data với trường `file`).",
        "The upload form could not be read (multipart/form-data with a `file` field).",
    )
}

fn parse_date(text: &str) -> Result<Option<NaiveDate>, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            ApiError::bad_request(
                "document_date",
                format!("Ngày của văn bản `{text}` không đúng dạng YYYY-MM-DD."),
                format!("The document's date `{text}` is not a date as YYYY-MM-DD."),
            )
        })
}

/// What an upload form holds: one file, streamed to a temporary file while it is hashed and
/// counted (refused past `limit`), and the small fields beside it.
struct Received {
    file: Option<(tempfile::TempPath, u64, String, String)>,
    document_date: Option<NaiveDate>,
    from: Option<i64>,
}

async fn receive(form: &mut Multipart, limit: u64) -> Result<Received, ApiError> {
    let mut document_date = None;
    let mut from = None;
    let mut received: Option<(tempfile::TempPath, u64, String, String)> = None;
    while let Some(mut field) = form.next_field().await.map_err(|_| unreadable_form())? {
        match field.name().unwrap_or_default() {
            "document_date" => document_date = parse_date(&small_text(&mut field).await?)?,
            "from" => {
                let text = small_text(&mut field).await?;
                from = Some(text.trim().parse::<i64>().map_err(|_| {
                    ApiError::bad_request(
                        "from",
                        "`from` phải là số của một tệp.",
                        "`from` must be the number of a file.",
                    )
                })?);
            }
            "file" => {
                if received.is_some() {
                    return Err(ApiError::bad_request(
                        "file",
                        "Mỗi lần gửi một tệp; hãy gửi từng tệp một.",
                        "Send one file per request.",
                    ));
                }
                let name = field.file_name().unwrap_or("tệp").to_owned();
                let temporary = tempfile::NamedTempFile::new().map_err(|e| internal(&e))?;
                let (file, path) = temporary.into_parts();
                let mut out = tokio::fs::File::from_std(file);
                let mut hasher = Sha256::new();
                let mut size: u64 = 0;
                while let Some(chunk) = field.chunk().await.map_err(|_| unreadable_form())? {
                    size += chunk.len() as u64;
                    if size > limit {
                        // The temporary file is deleted when `path` drops.
                        return Err(ApiError::TooLarge {
                            limit_bytes: limit as usize,
                        });
                    }
                    hasher.update(&chunk);
                    out.write_all(&chunk).await.map_err(|e| internal(&e))?;
                }
                out.flush().await.map_err(|e| internal(&e))?;
                let sha256 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
                received = Some((path, size, sha256, name));
            }
            _ => {}
        }
    }
    Ok(Received {
        file: received,
        document_date,
        from,
    })
}

/// `POST /findings/{id}/files`: one file (multipart `file`) for the unit's follow-up of a finding.
pub fn finding_upload_route() -> MethodRouter<AppState> {
    post(finding_upload).layer(DefaultBodyLimit::max(1024 * 1024 * 1024))
}

async fn finding_upload(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    mut form: Multipart,
) -> Result<(StatusCode, Json<scorecard_api::FindingView>), ApiError> {
    let id = file_id(&id)?;
    state.service.may_add_finding_file(&caller, id).await?;
    let limit = state.service.file_limits().max_file_bytes;
    let Some((path, size, sha256, name)) = receive(&mut form, limit).await?.file else {
        return Err(ApiError::bad_request(
            "file",
            "Hãy gửi một tệp (trường `file`).",
            "Send one file (field `file`).",
        ));
    };
    let upload = Upload {
        path: path.to_path_buf(),
        size,
        sha256,
        name,
        document_date: None,
    };
    let view = state.service.attach_finding_upload(&caller, id, upload).await;
    drop(path);
    Ok((StatusCode::CREATED, Json(view?)))
}

/// `GET /findings/files/{id}`: a file of a finding's follow-up, as an attachment.
pub async fn finding_download(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let download = state
        .service
        .finding_file_download(&caller, file_id(&id)?)
        .await?;
    Ok(stream(download))
}

/// `POST /rounds/{round}/records/{org}/{criterion}/files`: multipart with one `file` (and an
/// optional `document_date`), or `from` = the id of a file of the same organisation to reuse.
async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org, criterion)): Path<(String, String, String)>,
    mut form: Multipart,
) -> Result<(StatusCode, Json<FileView>), ApiError> {
    // Who may attach is known before a byte of the file is read.
    state
        .service
        .may_change_files(&caller, &round, &org, &criterion)
        .await?;
    let limit = state.service.file_limits().max_file_bytes;
    let Received {
        file: received,
        document_date,
        from,
    } = receive(&mut form, limit).await?;
    let view = match (received, from) {
        (Some((path, size, sha256, name)), None) => {
            let upload = Upload {
                path: path.to_path_buf(),
                size,
                sha256,
                name,
                document_date,
            };
            let view = state
                .service
                .attach_upload(&caller, &round, &org, &criterion, upload)
                .await;
            drop(path);
            view?
        }
        (None, Some(from)) => {
            state
                .service
                .reuse_file(&caller, &round, &org, &criterion, from, document_date)
                .await?
        }
        _ => {
            return Err(ApiError::bad_request(
                "file",
                "Hãy gửi một tệp (trường `file`) hoặc số của tệp dùng lại (trường `from`).",
                "Send one file (field `file`) or the number of a file to reuse (field `from`).",
            ));
        }
    };
    Ok((StatusCode::CREATED, Json(view)))
}

fn internal(error: &dyn std::fmt::Display) -> ApiError {
    ApiError::Service(scorecard_service::ServiceError::Internal(format!(
        "upload: {error}"
    )))
}

/// `GET /rounds/{round}/evidence.zip?org=`: the files with their manifest, streamed from a
/// temporary file.
pub async fn archive(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    use tokio::io::AsyncReadExt;
    let org = query.get("org").map(String::as_str).filter(|o| !o.is_empty());
    let archive = state.service.evidence_archive(&caller, &round, org).await?;
    let file = tokio::fs::File::open(archive.file.path())
        .await
        .map_err(|e| internal(&e))?;
    // The temporary file goes with the stream, and is deleted when the answer is sent.
    let chunks = futures_util::stream::unfold((file, archive.file), |(mut file, keep)| async move {
        let mut buffer = vec![0u8; 256 * 1024];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(read) => {
                buffer.truncate(read);
                Some((Ok::<_, std::io::Error>(Bytes::from(buffer)), (file, keep)))
            }
            Err(error) => Some((Err(error), (file, keep))),
        }
    });
    let mut response = Body::from_stream(chunks).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(archive.size));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(value) = HeaderValue::from_str(&content_disposition("attachment", &archive.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `GET /rounds/{round}/files?org=`
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Vec<FileView>>, ApiError> {
    let org = query.get("org").map(String::as_str).filter(|o| !o.is_empty());
    Ok(Json(state.service.files(&caller, &round, org).await?))
}

/// `GET /rounds/{round}/records/{org}/{criterion}/suggestion`
pub async fn suggestion(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org, criterion)): Path<(String, String, String)>,
) -> Result<Json<Suggestion>, ApiError> {
    Ok(Json(
        state
            .service
            .suggest_outcome(&caller, &round, &org, &criterion)
            .await?,
    ))
}

fn file_id(id: &str) -> Result<i64, ApiError> {
    id.parse()
        .map_err(|_| ApiError::not_found(format!("tệp `{id}`"), format!("File `{id}`")))
}

/// `GET /files/{id}`: the content as an attachment, streamed chunk by chunk.
pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let download = state.service.download_file(&caller, file_id(&id)?).await?;
    Ok(stream(download))
}

/// A stored file streamed chunk by chunk as an attachment, with its type and `nosniff`.
fn stream(download: scorecard_service::evidence::FileDownload) -> Response {
    let file = download.file.clone();
    let chunks = futures_util::stream::unfold((download, 0i64), |(download, seq)| async move {
        match download.chunk(seq).await {
            Ok(Some(chunk)) => Some((Ok::<_, std::io::Error>(Bytes::from(chunk)), (download, seq + 1))),
            Ok(None) => None,
            Err(error) => Some((
                Err(std::io::Error::other(error.to_string())),
                (download, i64::MAX),
            )),
        }
    });
    let mut response = Body::from_stream(chunks).into_response();
    let headers = response.headers_mut();
    // Only types the server read from the content are ever sent, and never inline: no
    // uploaded file runs as a page of this origin.
    let media_type = HeaderValue::from_str(&file.media_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, media_type);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(file.size));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    if let Ok(value) = HeaderValue::from_str(&content_disposition("attachment", &file.name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(&format!("\"{}\"", file.sha256)).unwrap_or(HeaderValue::from_static("\"\"")),
    );
    response
}

/// `GET /files/{id}/analysis`
pub async fn analysis(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<PdfAnalysis>, ApiError> {
    let file = state.service.file(&caller, file_id(&id)?).await?;
    file.analysis.map(Json).ok_or_else(|| {
        ApiError::not_found(
            format!("kết quả kiểm tra chữ ký của tệp `{id}` (chỉ tệp PDF được kiểm tra)"),
            format!("The signature check of file `{id}` (only PDFs are checked)"),
        )
    })
}

/// `DELETE /files/{id}`
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<FileView>, ApiError> {
    Ok(Json(state.service.remove_file(&caller, file_id(&id)?).await?))
}

/// `GET /trust-roots`
pub async fn roots(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<TrustRootView>>, ApiError> {
    Ok(Json(state.service.trust_roots(&caller).await?))
}

/// `POST /trust-roots`: a PEM (one or more certificates) or DER certificate as the body.
async fn add_roots(
    State(state): State<AppState>,
    caller: Caller,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<TrustRoots>, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge {
                limit_bytes: ROOTS_LIMIT_BYTES,
            }
        } else {
            unreadable_form()
        }
    })?;
    Ok(Json(state.service.add_trust_roots(&caller, &body).await?))
}

/// `DELETE /trust-roots/{sha256}`
pub async fn remove_root(
    State(state): State<AppState>,
    caller: Caller,
    Path(sha256): Path<String>,
) -> Result<Json<TrustRoots>, ApiError> {
    Ok(Json(state.service.remove_trust_root(&caller, &sha256).await?))
}
