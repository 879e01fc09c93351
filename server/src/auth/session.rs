//! Session cookies: an opaque random id of 256 bits, `HttpOnly`, `SameSite=Strict`, `Secure`
//! over TLS; only its SHA-256 is stored.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// The cookie's name.
pub const COOKIE_NAME: &str = "scorecard_session";

/// A new session id: 32 random bytes as hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the store keeps of a session id.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The session id a request carries, if any.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| {
            *name == COOKIE_NAME && value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
        })
        .map(|(_, value)| value.to_owned())
}

/// The `Set-Cookie` value that starts a session.
pub fn set_cookie(token: &str, secure: bool, max_age_seconds: i64) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_seconds}{secure}")
}

/// The `Set-Cookie` value that ends a session.
pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn tokens_are_256_bits_of_hex_and_differ() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }

    #[test]
    fn only_a_well_formed_session_cookie_is_read() {
        let token = new_token();
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_str(&format!("lang=vi; {COOKIE_NAME}={token}")).unwrap(),
        );
        assert_eq!(token_from(&headers), Some(token));
        headers.insert(COOKIE, HeaderValue::from_static("scorecard_session=../../etc"));
        assert_eq!(token_from(&headers), None);
    }

    #[test]
    fn the_cookie_is_http_only_and_strict() {
        let cookie = set_cookie("ab", true, 60);
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.ends_with("; Secure")
        );
        assert!(!set_cookie("ab", false, 60).contains("Secure"));
    }
}
