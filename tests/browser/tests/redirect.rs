//! Issue 16: the sign-in page's `?next=` never takes a person to another site. Each known
//! bypass is typed into the address of the real sign-in page in headless Chromium; once the
//! reviewer has signed in, the browser must still be on our origin, at the reviewer's page.

use std::time::{Duration, Instant};

use scorecard_browser_tests::{Browser, Served, serve_demo};

/// Each payload as it stands in the address bar after `?next=`: some percent-encoded once, as
/// a phishing link would carry them, some twice, some raw. `example.invalid` never resolves,
/// so a browser sent there would show it in its address.
const BYPASSES: [&str; 22] = [
    "//example.invalid",
    "//example.invalid/review",
    "/%5Cexample.invalid/x",
    "/%5cexample.invalid",
    "/%255Cexample.invalid",
    "/%09/example.invalid",
    "/%0A/example.invalid",
    "/%2F/example.invalid",
    "/%252F/example.invalid",
    "%5C/example.invalid",
    "%5C%5Cexample.invalid",
    "https:example.invalid",
    "HTTPS:example.invalid",
    "http://example.invalid",
    "http%3A%2F%2Fexample.invalid",
    "///example.invalid",
    "/.//example.invalid",
    "/.%2E//example.invalid",
    "%20//example.invalid",
    "%09%2F%2Fexample.invalid",
    "javascript:alert(document.domain)",
    "/%2E%2F%2Fexample.invalid",
];

/// Signs in as the reviewer from `/sign-in?next=…` and returns the address the browser ends
/// on: its host and path.
async fn land_after_sign_in(browser: &Browser, served: &Served, next: &str) -> (String, String) {
    browser.open(served, &format!("/sign-in?next={next}")).await;
    browser.type_into("#username", "truongdoan").await;
    browser
        .type_into("#password", served.password_of("truongdoan"))
        .await;
    browser.click("#sign-in-submit").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = browser.client.current_url().await.expect("current url");
        if url.path() != "/sign-in" {
            // Give a second navigation (a redirect off the site) the time to start.
            tokio::time::sleep(Duration::from_millis(300)).await;
            let url = browser.client.current_url().await.expect("current url");
            let host = url.host_str().unwrap_or_default().to_owned();
            return (
                format!("{host}:{}", url.port().unwrap_or(80)),
                url.path().to_owned(),
            );
        }
        assert!(
            Instant::now() < deadline,
            "next={next}: the sign-in page never moved on"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn no_next_address_takes_a_signed_in_reviewer_to_another_site() {
    let served = serve_demo().await;
    let ours = served.base.trim_start_matches("http://").to_owned();
    let browser = Browser::start(1024, 700).await;

    // A path of ours is still where signing in goes.
    let (host, path) = land_after_sign_in(&browser, &served, "/rounds/2019/matrix").await;
    assert_eq!(
        (host.as_str(), path.as_str()),
        (ours.as_str(), "/rounds/2019/matrix")
    );

    for next in BYPASSES {
        let (host, path) = land_after_sign_in(&browser, &served, next).await;
        assert_eq!(host, ours, "next={next} left the site for {host}{path}");
        assert_eq!(path, "/review", "next={next} ended on {path}");
    }
    browser.assert_no_panic().await;
    browser.close().await;
}
