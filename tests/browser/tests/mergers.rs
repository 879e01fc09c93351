//! Issue 13, item 7 in headless Chromium: the 2025 ranking and the profile of a merged
//! ministry say that its change is computed against the average of the ministries before the
//! merger.

use scorecard_browser_tests::{Browser, serve_demo};

#[tokio::test]
async fn merged_ministries_are_compared_with_the_average_and_the_pages_say_so() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 900).await;
    browser.open(&served, "/rounds/2025/rankings").await;
    let note = browser.wait_for_text("#merger-note", "DTI 2024").await;
    assert!(
        note.contains("Bộ Tài chính") && note.contains("Bộ Nội vụ"),
        "{note}"
    );
    browser.open(&served, "/organizations/btc?round=2025").await;
    let history = browser.wait_for_text("#history-merger-note", "Đợt 2025").await;
    assert!(history.contains("Bộ Kế hoạch và Đầu tư"), "{history}");
    let changes = browser.wait_for_text("#merger-note", "điểm trung bình").await;
    assert!(
        changes.contains("Bộ Kế hoạch và Đầu tư") && changes.contains("Bộ Tài chính"),
        "{changes}"
    );
    // Rounds before the merger have no such note.
    browser.open(&served, "/rounds/2021/rankings").await;
    browser.text_of("#ranking-table").await;
    assert_eq!(
        browser
            .run("return document.querySelector('#merger-note') === null;")
            .await,
        serde_json::json!(true)
    );
    browser.assert_no_panic().await;
    browser.close().await;
}
