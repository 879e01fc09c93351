//! Issue 13: the review queue as a table grouped by organisation, with filters, and approving
//! all of one organisation at once after looking.

use scorecard_browser_tests::{Browser, serve_demo};

const PASS_FAIL: [&str; 5] = ["TC-01", "TC-02", "VB-02", "DV-01", "HT-01"];

#[tokio::test]
async fn a_reviewer_filters_the_queue_and_approves_an_organisation_at_once() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 900).await;
    browser.sign_in(&served, "canbo.an").await;
    browser.open(&served, "/rounds/2026/checklist/btc").await;
    browser.wait_for_text("#checklist-title", "Bộ Tài chính").await;
    for code in PASS_FAIL {
        browser.click(&format!("#outcome-{code}-met")).await;
        browser
            .wait_for_text(&format!("#status-{code}"), "Đã lưu nháp lúc")
            .await;
    }
    browser.type_into("#percent-VB-01", "90").await;
    browser.wait_for_text("#status-VB-01", "Đã lưu nháp lúc").await;
    browser.select("#level-DV-02", "done").await;
    browser.wait_for_text("#status-DV-02", "Đã lưu nháp lúc").await;
    browser.click_when_enabled("#submit-all").await;
    browser
        .wait_for_text("#submit-all-note", "Đã gửi duyệt mọi tiêu chí")
        .await;
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    browser.sign_in(&served, "truongdoan").await;
    browser.open(&served, "/review").await;
    let head = browser.wait_for_text("#review-org-btc .approve-all", "(7)").await;
    assert!(head.contains("Duyệt tất cả"), "{head}");
    // One criterion across organisations.
    browser.select("#filter-criterion", "VB-01").await;
    let shown = browser
        .run("return [...document.querySelectorAll('#review-org-btc tr.review-item')].filter(r => !r.hidden).map(r => r.id);")
        .await;
    assert_eq!(shown, serde_json::json!(["review-btc-VB-01"]));
    browser.select("#filter-criterion", "").await;
    // After looking, all of btc at once.
    browser.click("#review-org-btc .approve-all").await;
    browser.wait_for_text("#review-org-btc .approve-all", "(0)").await;
    let approved = browser
        .run("return [...document.querySelectorAll('#review-org-btc tr.review-item')].map(r => r.textContent.includes('Đã duyệt.'));")
        .await;
    assert_eq!(
        approved,
        serde_json::json!([true, true, true, true, true, true, true])
    );
    browser.assert_no_panic().await;
    browser.close().await;
}
