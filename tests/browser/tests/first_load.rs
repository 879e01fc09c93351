//! Issue 14: the first load starts the wasm download from the page itself (a preload link), so
//! it does not wait for the script to be fetched and run, and the module is downloaded once: the
//! glue's own request takes the preloaded answer. The API's answers come compressed.

use scorecard_browser_tests::{Browser, serve_demo};

#[tokio::test]
async fn the_wasm_is_preloaded_by_the_page_and_fetched_once() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 800).await;
    browser.client.goto(&served.url("/?round=2019")).await.unwrap();
    assert_eq!(browser.wait_for_count("#ranking-table tbody tr", 12).await, 12);

    let entries = browser
        .run(
            "return performance.getEntriesByType('resource').map(e => ({
                 name: new URL(e.name).pathname, initiator: e.initiatorType,
                 encoded: e.encodedBodySize, decoded: e.decodedBodySize }));",
        )
        .await;
    let entries = entries.as_array().expect("resource entries");
    let wasm: Vec<_> = entries
        .iter()
        .filter(|e| e["name"].as_str().is_some_and(|n| n.ends_with(".wasm")))
        .collect();
    assert_eq!(wasm.len(), 1, "the module is downloaded once: {entries:?}");
    assert_eq!(
        wasm[0]["initiator"], "link",
        "the page's preload started it: {entries:?}"
    );

    // In whatever coding the browser asks for (on loopback Chromium takes brotli), the ranking
    // and summary travel compressed.
    for report in ["/api/v1/rounds/2019/ranking", "/api/v1/rounds/2019/summary"] {
        let entry = entries
            .iter()
            .find(|e| e["name"] == report)
            .unwrap_or_else(|| panic!("no request for {report}: {entries:?}"));
        let (encoded, decoded) = (
            entry["encoded"].as_u64().unwrap(),
            entry["decoded"].as_u64().unwrap(),
        );
        assert!(
            encoded * 2 < decoded,
            "{report}: {encoded} bytes on the wire for {decoded}"
        );
    }
    browser.assert_no_panic().await;
    browser.close().await;
}
