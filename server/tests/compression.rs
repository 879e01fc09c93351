//! Issue 14: answers travel compressed when the client takes it. The cached rankings and
//! summaries are compressed once per change of the data and sent as they are; other JSON is
//! compressed as it is made; every compressed answer decompresses to the plain one, says how it
//! is coded and that it varies by `Accept-Encoding`; small answers and formats compressed inside
//! (PDF, XLSX, PNG) go as they are.

mod common;

use std::io::Read;

use common::spawn_app;
use reqwest::Method;

/// The status, `Content-Encoding`, `Vary` and body of a GET sent with `accept_encoding`.
async fn fetch(
    app: &common::TestApp,
    client: &reqwest::Client,
    path: &str,
    accept_encoding: Option<&str>,
) -> (u16, Option<String>, Option<String>, Vec<u8>) {
    let mut request = app.by(client, Method::GET, path);
    if let Some(value) = accept_encoding {
        request = request.header("Accept-Encoding", value);
    }
    let response = request.send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let (encoding, vary) = (header("content-encoding"), header("vary"));
    let status = response.status().as_u16();
    (status, encoding, vary, response.bytes().await.unwrap().to_vec())
}

fn decoded(encoding: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        None => out.extend_from_slice(body),
        Some("br") => {
            brotli::Decompressor::new(body, 4096)
                .read_to_end(&mut out)
                .unwrap();
        }
        Some("gzip") => {
            flate2::read::GzDecoder::new(body).read_to_end(&mut out).unwrap();
        }
        Some(other) => panic!("unexpected coding {other}"),
    }
    out
}

#[tokio::test]
async fn cached_reports_go_in_the_smallest_coding_the_client_takes_and_decode_to_the_json() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/rounds/2019/summary",
        "/api/v1/rounds/2019/ranking?scope=ministry",
        "/api/v1/rounds/2026/ranking?preliminary=true",
    ] {
        let client = if path.contains("preliminary") {
            &app.leader
        } else {
            &app.client
        };
        let (status, encoding, _, plain) = fetch(&app, client, path, None).await;
        assert_eq!((status, encoding), (200, None), "{path}");
        serde_json::from_slice::<serde_json::Value>(&plain).expect("JSON");
        let cases = [
            ("gzip, deflate, br, zstd", Some("br")),
            ("gzip, deflate", Some("gzip")),
            ("br;q=0, gzip;q=0.5", Some("gzip")),
            ("identity", None),
        ];
        for (accept, expected) in cases {
            // Twice: the second answer comes from the cache, and must be the same bytes.
            let first = fetch(&app, client, path, Some(accept)).await;
            let second = fetch(&app, client, path, Some(accept)).await;
            assert_eq!(first, second, "{path} {accept}");
            let (status, encoding, vary, body) = first;
            assert_eq!(status, 200);
            assert_eq!(encoding.as_deref(), expected, "{path} {accept}");
            assert_eq!(vary.as_deref(), Some("accept-encoding"), "{path} {accept}");
            assert_eq!(decoded(expected, &body), plain, "{path} {accept}");
            if expected.is_some() {
                assert!(
                    body.len() < plain.len() / 3,
                    "{path} {accept}: {} of {}",
                    body.len(),
                    plain.len()
                );
            }
        }
    }
}

#[tokio::test]
async fn a_change_of_the_data_is_seen_in_every_coding() {
    let app = spawn_app().await;
    let path = "/api/v1/rounds/2026/summary?preliminary=true";
    let before = fetch(&app, &app.leader, path, Some("br")).await;
    // The inspector saves a record of btc: every cached form is dropped together.
    let saved = app
        .by(
            &app.inspector,
            Method::PUT,
            "/api/v1/rounds/2026/records/btc/TC-01",
        )
        .header("If-Match", "*")
        .json(&serde_json::json!({"outcome": "met", "evidence": "Quyết định số 1"}))
        .send()
        .await
        .unwrap();
    assert!(saved.status().is_success(), "{}", saved.status());
    let submitted = app
        .by(
            &app.inspector,
            Method::POST,
            "/api/v1/rounds/2026/records/btc/TC-01/submit",
        )
        .header("If-Match", saved.headers()["etag"].to_str().unwrap())
        .send()
        .await
        .unwrap();
    assert!(submitted.status().is_success(), "{}", submitted.status());
    let after_br = fetch(&app, &app.leader, path, Some("br")).await;
    let after_gzip = fetch(&app, &app.leader, path, Some("gzip")).await;
    let after_plain = fetch(&app, &app.leader, path, None).await;
    assert_ne!(decoded(Some("br"), &after_br.3), decoded(Some("br"), &before.3));
    assert_eq!(decoded(Some("br"), &after_br.3), after_plain.3);
    assert_eq!(decoded(Some("gzip"), &after_gzip.3), after_plain.3);
}

#[tokio::test]
async fn other_answers_are_compressed_as_made_when_it_pays() {
    let app = spawn_app().await;
    // JSON made per request: compressed, and the same once decoded.
    for path in [
        "/api/v1/organizations",
        "/api/v1/rounds/2019/scores",
        "/api/v1/rounds/2019/export.csv",
    ] {
        let client = if path.ends_with(".csv") {
            &app.admin
        } else {
            &app.client
        };
        let (_, _, _, plain) = fetch(&app, client, path, None).await;
        let (status, encoding, vary, body) = fetch(&app, client, path, Some("gzip, deflate, br")).await;
        assert_eq!((status, encoding.as_deref()), (200, Some("br")), "{path}");
        assert!(vary.unwrap_or_default().contains("accept-encoding"), "{path}");
        assert_eq!(decoded(Some("br"), &body), plain, "{path}");
    }
    // Small answers and formats compressed inside go as they are.
    for (client, path) in [
        (&app.client, "/api/v1/health"),
        (&app.client, "/api/v1/rounds/2019/export.pdf"),
        (&app.client, "/api/v1/rounds/2019/export.xlsx"),
        (&app.client, "/api/v1/rounds/2019/charts/ranking.png"),
    ] {
        let (status, encoding, _, _) = fetch(&app, client, path, Some("gzip, br")).await;
        assert_eq!((status, encoding), (200, None), "{path}");
    }
}
