//! How the server is reached in a deployment: the public origin people type (behind a reverse
//! proxy the `Host` a request carries may be the proxy's upstream name), and the proxies trusted
//! to say who the client is (`X-Forwarded-For`).

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The public origin and the trusted proxies; the default trusts no proxy and compares a
/// request's `Origin` with its `Host`, which is right without a proxy.
#[derive(Debug, Clone, Default)]
pub struct Deployment {
    /// `scheme://host[:port]`, lower case, without a default port or a path.
    public_origin: Option<String>,
    trusted_proxies: Vec<IpNet>,
}

/// Why a setting was refused, in English and Vietnamese.
#[derive(Debug, thiserror::Error)]
#[error("{en} / {vi}")]
pub struct SettingError {
    en: String,
    vi: String,
}

impl SettingError {
    fn new(en: String, vi: String) -> SettingError {
        SettingError { en, vi }
    }
}

impl Deployment {
    /// A deployment reached at `public_origin` (e.g. `https://scorecard.example.gov.vn`),
    /// behind the proxies at `trusted_proxies` (addresses or CIDR ranges).
    pub fn new(public_origin: Option<&str>, trusted_proxies: &[String]) -> Result<Deployment, SettingError> {
        let public_origin = public_origin
            .filter(|o| !o.trim().is_empty())
            .map(parse_origin)
            .transpose()?;
        let trusted_proxies = trusted_proxies
            .iter()
            .flat_map(|list| list.split(','))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(parse_proxy)
            .collect::<Result<_, _>>()?;
        Ok(Deployment {
            public_origin,
            trusted_proxies,
        })
    }

    /// Whether people reach the server over TLS: cookies are then `Secure` and HSTS is sent.
    pub fn is_https(&self) -> bool {
        self.public_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
    }

    /// Whether a request's `Origin` is this site: the public origin when one is set, otherwise
    /// the request's own `Host`.
    pub fn is_own_origin(&self, origin: &str, host: &str) -> bool {
        match &self.public_origin {
            Some(public) => normalise(origin).as_deref() == Some(public),
            None => origin.split_once("://").map(|(_, rest)| rest) == Some(host),
        }
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy, in which case the
    /// last address of `X-Forwarded-For` that is not itself a trusted proxy (a client can write
    /// anything at the left of the header; only what trusted proxies appended counts).
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer?;
        if !self.is_trusted(peer) {
            return Some(peer);
        }
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in forwarded.iter().rev() {
            let Ok(address) = hop.parse::<IpAddr>() else {
                // Garbage from a client: the last good hop stands.
                break;
            };
            client = address;
            if !self.is_trusted(address) {
                break;
            }
        }
        Some(client)
    }

    fn is_trusted(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.trusted_proxies.iter().any(|net| net.contains(&address))
    }
}

/// IPv4 addresses written as IPv6 (`::ffff:127.0.0.1`) compare as IPv4.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

fn parse_proxy(text: &str) -> Result<IpNet, SettingError> {
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(|a| IpNet::from(canonical(a))))
        .map_err(|_| {
            SettingError::new(
                format!("--trusted-proxy `{text}` is not an address or a CIDR range such as 10.0.0.0/8"),
                format!("--trusted-proxy `{text}` không phải địa chỉ IP hay dải CIDR (ví dụ 10.0.0.0/8)"),
            )
        })
}

/// `scheme://host[:port]` in lower case, without the default port; `None` unless http(s)
/// with a host and at most a `/` path.
fn normalise(origin: &str) -> Option<String> {
    let (scheme, rest) = origin.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => return None,
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() || authority.contains(['/', '?', '#', '@', ' ']) {
        return None;
    }
    let authority = authority.to_ascii_lowercase();
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    Some(format!("{scheme}://{authority}"))
}

fn parse_origin(text: &str) -> Result<String, SettingError> {
    normalise(text).ok_or_else(|| {
        SettingError::new(
            format!("--public-origin `{text}` must be http(s)://HOST[:PORT], without a path"),
            format!("--public-origin `{text}` phải có dạng http(s)://TÊN-MÁY[:CỔNG], không có đường dẫn"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn the_client_is_the_peer_unless_the_peer_is_a_trusted_proxy() {
        let behind = Deployment::new(None, &["127.0.0.1, 10.0.0.0/8".into()]).unwrap();
        let cases: &[(&str, &[&str], &str)] = &[
            // An untrusted peer's header is ignored.
            ("203.0.113.9", &["198.51.100.1"], "203.0.113.9"),
            // A trusted proxy's is read from the right.
            ("127.0.0.1", &["198.51.100.1"], "198.51.100.1"),
            ("::ffff:127.0.0.1", &["198.51.100.1"], "198.51.100.1"),
            // A forged left part does not count: the proxy appended the real address.
            ("127.0.0.1", &["1.2.3.4, 198.51.100.1"], "198.51.100.1"),
            ("127.0.0.1", &["1.2.3.4", "198.51.100.1"], "198.51.100.1"),
            // A chain of trusted proxies is walked through.
            ("127.0.0.1", &["198.51.100.1, 10.1.2.3"], "198.51.100.1"),
            // No header, or garbage: the proxy itself.
            ("127.0.0.1", &[], "127.0.0.1"),
            ("127.0.0.1", &["not-an-address"], "127.0.0.1"),
            ("127.0.0.1", &["198.51.100.1, junk"], "127.0.0.1"),
        ];
        for (peer, forwarded, client) in cases {
            assert_eq!(
                behind.client(ip(peer), &headers(forwarded)),
                ip(client),
                "{peer} {forwarded:?}"
            );
        }
        let direct = Deployment::default();
        assert_eq!(
            direct.client(ip("127.0.0.1"), &headers(&["1.2.3.4"])),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn the_public_origin_replaces_the_host_in_the_csrf_check() {
        let public = Deployment::new(Some("HTTPS://Scorecard.Example.gov.vn:443/"), &[]).unwrap();
        assert!(public.is_https());
        assert!(public.is_own_origin("https://scorecard.example.gov.vn", "127.0.0.1:8080"));
        assert!(!public.is_own_origin("http://scorecard.example.gov.vn", "scorecard.example.gov.vn"));
        assert!(!public.is_own_origin("https://evil.example", "evil.example"));
        assert!(!public.is_own_origin("null", "scorecard.example.gov.vn"));
        let direct = Deployment::default();
        assert!(!direct.is_https());
        assert!(direct.is_own_origin("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assert!(!direct.is_own_origin("http://evil.example", "127.0.0.1:8080"));
    }

    #[test]
    fn bad_settings_are_refused_in_both_languages() {
        for origin in ["scorecard.gov.vn", "ftp://x", "https://x/path", "https://"] {
            let error = Deployment::new(Some(origin), &[]).unwrap_err().to_string();
            assert!(
                error.contains("--public-origin") && error.contains("phải"),
                "{error}"
            );
        }
        let error = Deployment::new(None, &["10.0.0.0/33".into()])
            .unwrap_err()
            .to_string();
        assert!(error.contains("CIDR"), "{error}");
    }
}
