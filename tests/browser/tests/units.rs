//! Issue 13, first part, in headless Chromium: the contact of an inspected organisation signs in,
//! lands on its organisation's page, and reads its records and evidence files in the open round.

use scorecard_browser_tests::{Browser, serve_demo};

#[tokio::test]
async fn a_unit_contact_reads_its_own_organisation() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 900).await;

    // The inspector records a criterion of btc with a file.
    browser.sign_in(&served, "canbo.an").await;
    browser.open(&served, "/rounds/2026/checklist/btc").await;
    browser.wait_for_text("#checklist-title", "Bộ Tài chính").await;
    browser.click("#outcome-TC-01-met").await;
    browser.wait_for_text("#status-TC-01", "Đã lưu nháp lúc").await;
    browser
        .run(
            "const zone = document.querySelector('#files-TC-01 .dropzone');
             const data = new DataTransfer();
             data.items.add(new File(['Quy chế văn thư'], 'Quy chế văn thư.txt', {type: 'text/plain'}));
             zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
             return true;",
        )
        .await;
    browser
        .wait_for_text("#files-TC-01 .file-list", "Quy chế văn thư.txt")
        .await;
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The contact of btc lands on "Đơn vị của tôi" and sees that record and its file.
    browser.sign_in(&served, "donvi.btc").await;
    browser.wait_for_text("#unit-organization", "Bộ Tài chính").await;
    let record = browser.wait_for_text("#unit-2026-TC-01", "TC-01").await;
    assert!(record.contains("Đạt") && record.contains("Bản nháp"), "{record}");
    assert!(record.contains("Quy chế văn thư.txt"), "{record}");
    let nav = browser.text_of("nav").await;
    assert!(nav.contains("Đơn vị của tôi"), "{nav}");
    // No drop zone: the contact reads, the inspector records.
    let zones = browser
        .run("return document.querySelectorAll('.dropzone').length;")
        .await;
    assert_eq!(zones, serde_json::json!(0));
    browser.assert_no_panic().await;
    browser.close().await;
}
