//! The one HTTP error type: each case maps to a status and a problem+json body whose message a
//! person can act on, in Vietnamese (`detail`) and English (`detail_en`), naming the field.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use scorecard_api::{Problem, etag};
use scorecard_service::ServiceError;
use scorecard_store::StoreError;

/// An error answered to an API client: the service's refusals and failures, and what only
/// HTTP can get wrong.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// A body past the route's limit.
    #[error("payload too large")]
    TooLarge { limit_bytes: usize },
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        ApiError::Service(error.into())
    }
}

impl ApiError {
    /// Something named in the URL does not exist.
    pub fn not_found(what_vi: impl Into<String>, what_en: impl Into<String>) -> ApiError {
        ServiceError::not_found(what_vi, what_en).into()
    }

    /// A parameter or field is invalid.
    pub fn bad_request(field: &str, detail_vi: impl Into<String>, detail_en: impl Into<String>) -> ApiError {
        ServiceError::bad_request(field, detail_vi, detail_en).into()
    }

    /// No valid session: signing in would help.
    pub fn unauthorized() -> ApiError {
        ServiceError::Unauthorized.into()
    }

    /// Signed in, but the role does not allow this.
    pub fn forbidden() -> ApiError {
        ServiceError::Forbidden.into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = Problem {
            kind: "about:blank".to_owned(),
            ..Problem::default()
        };
        let (status, title, detail_vi, detail_en): (StatusCode, &str, String, String) = match &self {
            ApiError::Service(ServiceError::NotFound { what_vi, what_en }) => (
                StatusCode::NOT_FOUND,
                "Not Found",
                format!("Không tìm thấy {what_vi}."),
                format!("{what_en} was not found."),
            ),
            ApiError::Service(ServiceError::BadRequest { field, detail_vi, detail_en }) => {
                body.field = field.clone();
                (StatusCode::BAD_REQUEST, "Bad Request", detail_vi.clone(), detail_en.clone())
            }
            ApiError::Service(ServiceError::Conflict { detail_vi, detail_en }) => {
                (StatusCode::CONFLICT, "Conflict", detail_vi.clone(), detail_en.clone())
            }
            ApiError::Service(ServiceError::PreconditionRequired) => (
                StatusCode::PRECONDITION_REQUIRED,
                "Precondition Required",
                "Thiếu tiêu đề If-Match: hãy gửi ETag của phiên bản đang sửa, hoặc If-Match: * khi tạo mới."
                    .to_owned(),
                "The If-Match header is missing: send the ETag of the version you edit, or If-Match: * to create."
                    .to_owned(),
            ),
            ApiError::Service(ServiceError::PreconditionFailed { current }) => {
                body.current_etag = current.map(etag);
                let (vi, en) = match current {
                    Some(_) => (
                        "Kết quả này vừa được người khác thay đổi. Hãy tải lại để xem phiên bản mới rồi quyết định.",
                        "Someone else changed this record meanwhile. Reload it to see the new version, then decide.",
                    ),
                    None => (
                        "Kết quả này chưa tồn tại; hãy tạo mới với If-Match: *.",
                        "This record does not exist yet; create it with If-Match: *.",
                    ),
                };
                (StatusCode::PRECONDITION_FAILED, "Precondition Failed", vi.to_owned(), en.to_owned())
            }
            ApiError::Service(ServiceError::Invalid { problems }) => {
                body.errors = problems.clone();
                body.field = problems.first().and_then(|p| p.field.clone());
                let vi: Vec<&str> = problems.iter().map(|p| p.message_vi.as_str()).collect();
                let en: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
                (StatusCode::UNPROCESSABLE_ENTITY, "Unprocessable Content", vi.join(" "), en.join("; "))
            }
            ApiError::Service(ServiceError::ImportRejected { rows, accepted, format }) => {
                body.rejected = rows.clone();
                let unit_vi = if *format == "json" { "bản ghi" } else { "dòng" };
                let unit_en = if *format == "json" { "records" } else { "rows" };
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Unprocessable Content",
                    format!(
                        "Không nhập gì: {} {unit_vi} bị từ chối, {accepted} {unit_vi} hợp lệ. Hãy sửa các {unit_vi} được liệt kê rồi nhập lại.",
                        rows.len()
                    ),
                    format!(
                        "Nothing was imported: {} {unit_en} rejected, {accepted} valid. Fix the listed {unit_en} and import again.",
                        rows.len()
                    ),
                )
            }
            ApiError::Service(ServiceError::BadCredentials) => (
                StatusCode::UNAUTHORIZED,
                "Unauthorized",
                "Tên đăng nhập hoặc mật khẩu không đúng.".to_owned(),
                "The user name or password is wrong.".to_owned(),
            ),
            ApiError::Service(ServiceError::Unauthorized) => (
                StatusCode::UNAUTHORIZED,
                "Unauthorized",
                "Bạn cần đăng nhập để xem hoặc làm việc này.".to_owned(),
                "You need to sign in to see or do this.".to_owned(),
            ),
            ApiError::Service(ServiceError::Forbidden) => (
                StatusCode::FORBIDDEN,
                "Forbidden",
                "Vai trò hoặc phân công của bạn không cho phép việc này.".to_owned(),
                "Your role or assignment does not allow this.".to_owned(),
            ),
            ApiError::TooLarge { limit_bytes } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Content Too Large",
                format!("Tệp gửi lên quá lớn; giới hạn là {}.", size_text(*limit_bytes)),
                format!("The upload is too large; the limit is {}.", size_text(*limit_bytes)),
            ),
            ApiError::Service(ServiceError::Store(error)) if error.is_unavailable() => {
                tracing::warn!(%error, "database unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Service Unavailable",
                    "Cơ sở dữ liệu tạm thời không trả lời; vui lòng thử lại sau ít phút.".to_owned(),
                    "The database is not answering for the moment; try again in a few moments.".to_owned(),
                )
            }
            ApiError::Service(ServiceError::Document { .. } | ServiceError::Store(_) | ServiceError::Internal(_)) => {
                let error = &self;
                // The cause stays in the log, under the request id: it may name SQL or paths.
                tracing::error!(%error, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal Server Error",
                    "Máy chủ gặp lỗi nội bộ; vui lòng thử lại sau hoặc báo quản trị viên kèm mã yêu cầu (x-request-id)."
                        .to_owned(),
                    "The server hit an internal error; try again later or tell the administrator the request id (x-request-id)."
                        .to_owned(),
                )
            }
        };
        body.title = title.to_owned();
        body.status = status.as_u16();
        body.detail = detail_vi;
        body.detail_en = detail_en;
        let json = serde_json::to_vec(&body).unwrap_or_default();
        let mut response = (status, json).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        if let ApiError::Service(ServiceError::PreconditionFailed {
            current: Some(version),
        }) = &self
            && let Ok(value) = HeaderValue::from_str(&etag(*version))
        {
            response.headers_mut().insert(header::ETAG, value);
        }
        response
    }
}

/// A size limit as people read it: `10 MB`, or `64 KB` below a megabyte (issue 7: the JSON
/// limit of 64 KiB read "0 MB").
fn size_text(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB {
        format!("{} MB", bytes / MB)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Turns the plain-text client errors that axum answers by itself (a path segment that is not
/// UTF-8, a query that does not parse, a method the route does not take) into problem+json, so
/// that every error of the API has the one shape clients read (issue 7: `GET
/// /organizations/%ff/history` answered `text/plain`).
pub async fn plain_errors_as_problems(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(request).await;
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v == "application/problem+json");
    if !response.status().is_client_error() || is_problem {
        return response;
    }
    let (parts, body) = response.into_parts();
    // axum's rejection texts are one short sentence; anything longer is cut, not buffered.
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| {
            String::from_utf8_lossy(&b)
                .trim()
                .trim_end_matches('.')
                .to_owned()
        })
        .unwrap_or_default();
    let status = parts.status;
    let (vi, en) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            "Đường dẫn này không nhận phương thức HTTP đã gửi.".to_owned(),
            "This path does not take that HTTP method.".to_owned(),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "Nội dung gửi lên quá lớn.".to_owned(),
            "The request body is too large.".to_owned(),
        ),
        _ => (
            format!("Yêu cầu không hợp lệ: {text}."),
            format!("The request is not valid: {text}."),
        ),
    };
    let mut answer = problem(status, status.canonical_reason().unwrap_or(""), &vi, &en, None);
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = parts.headers.get(&name) {
            answer.headers_mut().insert(name, value.clone());
        }
    }
    answer
}

/// A problem+json response for cases outside [`ApiError`] (unknown routes).
pub fn problem(
    status: StatusCode,
    title: &str,
    detail_vi: &str,
    detail_en: &str,
    field: Option<&str>,
) -> Response {
    let body = Problem {
        kind: "about:blank".to_owned(),
        title: title.to_owned(),
        status: status.as_u16(),
        detail: detail_vi.to_owned(),
        detail_en: detail_en.to_owned(),
        field: field.map(str::to_owned),
        ..Problem::default()
    };
    let json = serde_json::to_vec(&body).unwrap_or_default();
    let mut response = (status, json).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_7_limits_below_a_megabyte_read_in_kilobytes() {
        assert_eq!(size_text(64 * 1024), "64 KB");
        assert_eq!(size_text(10 * 1024 * 1024), "10 MB");
    }
}
