//! Query parameters, parsed with messages in Vietnamese and English.

use std::collections::HashMap;

use scorecard_briefing::Lang;
use scorecard_domain::{Scope, View};

use crate::error::ApiError;

/// `?name=true|false` (also `1`/`0`, and a bare `?name` for true), default false.
pub fn flag(query: &HashMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match query.get(name).map(String::as_str) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("") => Ok(true),
        Some(other) => Err(ApiError::bad_request(
            name,
            format!("Tham số `{name}` chỉ nhận true hoặc false (nhận được `{other}`)."),
            format!("The `{name}` parameter takes true or false (got `{other}`)."),
        )),
    }
}

/// `?preliminary=true|false`, default false: official figures.
pub fn view(query: &HashMap<String, String>) -> Result<View, ApiError> {
    flag(query, "preliminary").map(View::from_preliminary)
}

/// `?scope=all|GROUP`, default all.
pub fn scope(query: &HashMap<String, String>) -> Result<Scope, ApiError> {
    let text = query.get("scope").map_or("all", String::as_str);
    Scope::try_from(text.to_owned()).map_err(|_| {
        ApiError::bad_request(
            "scope",
            format!("Tham số `scope` phải là `all` hoặc mã một khối như `ministry` (nhận được `{text}`)."),
            format!("The `scope` parameter must be `all` or a peer group such as `ministry` (got `{text}`)."),
        )
    })
}

/// `?lang=vi|en`, default vi.
pub fn lang(query: &HashMap<String, String>) -> Result<Lang, ApiError> {
    let text = query.get("lang").map_or("vi", String::as_str);
    Lang::parse(text).ok_or_else(|| {
        ApiError::bad_request(
            "lang",
            format!("Tham số `lang` chỉ nhận vi hoặc en (nhận được `{text}`)."),
            format!("The `lang` parameter takes vi or en (got `{text}`)."),
        )
    })
}

/// `?width=` in pixels, 240 to 2000, default 720.
pub fn width(query: &HashMap<String, String>) -> Result<u32, ApiError> {
    match query.get("width") {
        None => Ok(720),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|w| (240..=2000).contains(w))
            .ok_or_else(|| {
                ApiError::bad_request(
                    "width",
                    format!("Tham số `width` là số điểm ảnh từ 240 đến 2000 (nhận được `{text}`)."),
                    format!("The `width` parameter is a number of pixels from 240 to 2000 (got `{text}`)."),
                )
            }),
    }
}
