//! The one HTTP error type: each case maps to a status and a problem+json body whose message a
//! person can act on, in Vietnamese (`detail`) and English (`detail_en`).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answered to an API client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("not found: {what_en}")]
    NotFound { what_vi: String, what_en: String },
    #[error("bad request: {detail_en}")]
    BadRequest {
        field: Option<String>,
        detail_vi: String,
        detail_en: String,
    },
    #[error(transparent)]
    Internal(#[from] scorecard_store::StoreError),
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    detail: &'a str,
    detail_en: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

impl ApiError {
    /// Something named in the URL does not exist.
    pub fn not_found(what_vi: impl Into<String>, what_en: impl Into<String>) -> ApiError {
        ApiError::NotFound {
            what_vi: what_vi.into(),
            what_en: what_en.into(),
        }
    }

    /// A parameter or field is invalid.
    pub fn bad_request(field: &str, detail_vi: impl Into<String>, detail_en: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            field: Some(field.to_owned()),
            detail_vi: detail_vi.into(),
            detail_en: detail_en.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, title, detail_vi, detail_en, field) = match &self {
            ApiError::NotFound { what_vi, what_en } => (
                StatusCode::NOT_FOUND,
                "Not Found",
                format!("Không tìm thấy {what_vi}."),
                format!("{what_en} was not found."),
                None,
            ),
            ApiError::BadRequest {
                field,
                detail_vi,
                detail_en,
            } => (
                StatusCode::BAD_REQUEST,
                "Bad Request",
                detail_vi.clone(),
                detail_en.clone(),
                field.clone(),
            ),
            ApiError::Internal(error) => {
                // The cause stays in the log: it may name SQL or paths.
                tracing::error!(%error, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal Server Error",
                    "Máy chủ gặp lỗi nội bộ; vui lòng thử lại sau hoặc báo quản trị viên.".to_owned(),
                    "The server hit an internal error; try again later or tell the administrator.".to_owned(),
                    None,
                )
            }
        };
        problem(status, title, &detail_vi, &detail_en, field.as_deref())
    }
}

/// A problem+json response.
pub fn problem(
    status: StatusCode,
    title: &str,
    detail_vi: &str,
    detail_en: &str,
    field: Option<&str>,
) -> Response {
    let body = Problem {
        kind: "about:blank",
        title,
        status: status.as_u16(),
        detail: detail_vi,
        detail_en,
        field,
    };
    let json = serde_json::to_vec(&body).unwrap_or_default();
    let mut response = (status, json).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}
