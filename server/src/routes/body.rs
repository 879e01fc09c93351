//! JSON request bodies whose rejections are problem+json with a message a person can act on.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The largest JSON body any route takes, other than imports.
pub const JSON_LIMIT_BYTES: usize = 64 * 1024;

/// Like `axum::Json`, with errors in the API's problem format.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(rejected(rejection)),
        }
    }
}

fn rejected(rejection: JsonRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::TooLarge {
            limit_bytes: JSON_LIMIT_BYTES,
        };
    }
    if let JsonRejection::MissingJsonContentType(_) = rejection {
        return ApiError::bad_request(
            "content-type",
            "Nội dung gửi lên phải là JSON (Content-Type: application/json).",
            "The request body must be JSON (Content-Type: application/json).",
        );
    }
    let text = rejection.body_text();
    ApiError::bad_request(
        "body",
        format!("Nội dung JSON không hợp lệ: {text}"),
        format!("The JSON body is not valid: {text}"),
    )
}
