//! The download links under the round bar hand out the briefing of what the page shows
//! (issue 6): this round, this peer group, this view and language.

use scorecard_browser_tests::{Browser, serve_demo};

/// Fetches `href` from the page (same origin, with its cookies) and answers status and type.
const FETCH: &str = "const request = new XMLHttpRequest();
     request.open('GET', arguments[0], false);
     request.send();
     return [request.status, request.getResponseHeader('content-type'), request.getResponseHeader('content-disposition')];";

#[tokio::test]
async fn the_download_links_follow_the_page_and_hand_out_the_files() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 800).await;
    browser.open(&served, "/rounds/2019/rankings?scope=agency").await;
    assert_eq!(browser.wait_for_count("#ranking-table tbody tr", 2).await, 2);
    for (id, content_type) in [
        ("download-pdf", "application/pdf"),
        (
            "download-xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("download-json", "application/json"),
    ] {
        let href = browser
            .run(&format!(
                "return document.getElementById('{id}').getAttribute('href')"
            ))
            .await;
        let href = href.as_str().unwrap_or_default().to_owned();
        assert!(href.starts_with("/api/v1/rounds/2019/export."), "{id}: {href}");
        assert!(
            href.contains("scope=agency") && href.contains("preliminary=false") && href.contains("lang=vi"),
            "{href}"
        );
        let answer = browser
            .client
            .execute(FETCH, vec![serde_json::Value::String(href.clone())])
            .await
            .unwrap();
        assert_eq!(answer[0], 200, "{href}");
        assert_eq!(answer[1], content_type, "{href}");
        assert!(
            answer[2].as_str().unwrap_or_default().contains("2019"),
            "the file name says which round: {answer}"
        );
    }
    browser.close().await;
}
