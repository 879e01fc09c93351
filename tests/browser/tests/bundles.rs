//! Issue 14: the public pages never load the staff bundle; a staff page opened first, by a deep
//! link, loads it and works; and a click from a public page to a staff page loads it once.

use scorecard_browser_tests::{Browser, dist_dir, serve_demo};

/// The wasm file a bundle's page preloads.
fn wasm_of(page: &str) -> String {
    let html = std::fs::read_to_string(dist_dir().join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
    let start = html.find("/app-").expect("a hashed module");
    let rest = &html[start..];
    rest[..rest.find(".wasm").expect("a wasm file") + 5].to_owned()
}

async fn wasm_loaded(browser: &Browser) -> Vec<String> {
    let names = browser
        .run(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)
                 .filter(n => n.endsWith('.wasm'));",
        )
        .await;
    names
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn public_pages_never_load_the_staff_bundle_and_staff_pages_do() {
    let (public, staff) = (wasm_of("index.html"), wasm_of("staff.html"));
    assert_ne!(public, staff);
    let served = serve_demo().await;
    let browser = Browser::start(1280, 800).await;

    // A reader of published results: overview, rankings, matrix, a profile, trends.
    for path in [
        "/rounds/2019",
        "/rounds/2019/rankings",
        "/rounds/2019/matrix",
        "/organizations/btc",
        "/trends",
    ] {
        browser.open(&served, path).await;
        browser.text_of("#main h1").await;
        assert_eq!(
            wasm_loaded(&browser).await,
            std::slice::from_ref(&public),
            "{path}"
        );
    }

    // Signed in as the reviewer, a deep link to the review queue loads the staff bundle only.
    browser.sign_in(&served, "truongdoan").await;
    browser.open(&served, "/review").await;
    browser
        .wait_for_text("#queue-2026", "Kiểm tra Chính phủ số năm 2026")
        .await;
    assert_eq!(wasm_loaded(&browser).await, std::slice::from_ref(&staff));

    // From a public page, the navigation's link to the queue loads the staff bundle once.
    browser.open(&served, "/rounds/2019/rankings").await;
    browser.text_of("#ranking-table").await;
    assert_eq!(wasm_loaded(&browser).await, std::slice::from_ref(&public));
    browser.click("a[href=\"/review\"]").await;
    browser
        .wait_for_text("#queue-2026", "Kiểm tra Chính phủ số năm 2026")
        .await;
    assert_eq!(wasm_loaded(&browser).await, std::slice::from_ref(&staff));
    browser.assert_no_panic().await;
    browser.close().await;
}
