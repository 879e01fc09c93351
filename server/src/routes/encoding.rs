//! Which content coding an answer goes in, from the request's `Accept-Encoding` (RFC 9110
//! §12.5.3): brotli when the client takes it, else gzip, else none. The client's order does not
//! matter, only what it accepts (`q=0` refuses a coding, `*` stands for any not named).

use axum::http::{Extensions, HeaderMap, StatusCode, Version, header};
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{Predicate, SizeAbove};

/// Answers smaller than this go as they are: compressing them saves less than it costs.
const SMALLEST_COMPRESSED: u16 = 1024;

/// Compression of the other API answers as they are made (record lists, scores, history,
/// problem documents, CSV and SVG), brotli or gzip at a level meant for doing it per request.
/// Answers already compressed (the cached reports) and formats that are compressed inside (PDF,
/// XLSX, PNG) pass through.
pub fn on_the_fly() -> CompressionLayer<impl Predicate> {
    let compressible = |_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions| {
        let kind = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        [
            "application/json",
            "application/problem+json",
            "text/",
            "image/svg+xml",
        ]
        .iter()
        .any(|prefix| kind.starts_with(prefix))
    };
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Precise(4))
        .compress_when(SizeAbove::new(SMALLEST_COMPRESSED).and(compressible))
}

/// A content coding this server sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    /// The name of the coding in `Content-Encoding`; none for identity.
    pub fn header_value(self) -> Option<&'static str> {
        match self {
            Coding::Brotli => Some("br"),
            Coding::Gzip => Some("gzip"),
            Coding::Identity => None,
        }
    }
}

/// The coding to answer in: the smallest the client accepts.
pub fn preferred(headers: &HeaderMap) -> Coding {
    let accepted: Vec<(String, f32)> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';');
            let name = parts.next()?.trim().to_ascii_lowercase();
            if name.is_empty() {
                return None;
            }
            let mut q = 1.0;
            for parameter in parts {
                if let Some((key, value)) = parameter.split_once('=')
                    && key.trim().eq_ignore_ascii_case("q")
                {
                    q = value.trim().parse().unwrap_or(0.0);
                }
            }
            Some((name, q))
        })
        .collect();
    let q_of = |name: &str| {
        accepted
            .iter()
            .find(|(n, _)| n == name || (name == "gzip" && n == "x-gzip"))
            .or_else(|| accepted.iter().find(|(n, _)| n == "*"))
            .map_or(0.0, |(_, q)| *q)
    };
    if q_of("br") > 0.0 {
        Coding::Brotli
    } else if q_of("gzip") > 0.0 {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn the_smallest_coding_the_client_takes_is_chosen() {
        let cases: &[(&[&str], Coding)] = &[
            (&[], Coding::Identity),
            (&[""], Coding::Identity),
            (&["gzip, deflate"], Coding::Gzip), // Chromium over plain http
            (&["gzip, deflate, br, zstd"], Coding::Brotli), // Chromium over https
            (&["br;q=0.1, gzip;q=1.0"], Coding::Brotli),
            (&["br;q=0, gzip"], Coding::Gzip),
            (&["BR"], Coding::Brotli),
            (&["x-gzip"], Coding::Gzip),
            (&["identity"], Coding::Identity),
            (&["*"], Coding::Brotli),
            (&["*;q=0"], Coding::Identity),
            (&["*, br;q=0"], Coding::Gzip),
            (&["gzip;q=0, *;q=0.5"], Coding::Brotli),
            (&["deflate", "br"], Coding::Brotli), // two header lines
            (&["br;q=nonsense"], Coding::Identity),
            (&["gzip;q=0.000"], Coding::Identity),
        ];
        for (values, expected) in cases {
            let mut headers = HeaderMap::new();
            for value in *values {
                headers.append(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
            }
            assert_eq!(preferred(&headers), *expected, "{values:?}");
        }
    }
}
