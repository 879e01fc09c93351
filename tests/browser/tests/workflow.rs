//! The write side in headless Chromium (issue 5): an inspector signs in, fills and submits a
//! checklist, the reviewer approves, the leader's official ranking shows the score; an
//! inspector is refused another inspector's organisation; two sessions editing one record
//! meet the conflict view and keep the later version.

use scorecard_browser_tests::{Browser, serve_demo};

/// The pass/fail criteria of catalog cpdt-2025; VB-01 is a ratio and DV-02 has levels.
const PASS_FAIL: [&str; 5] = ["TC-01", "TC-02", "VB-02", "DV-01", "HT-01"];
const ALL: [&str; 7] = ["TC-01", "TC-02", "VB-01", "VB-02", "DV-01", "DV-02", "HT-01"];

async fn wait_saved(browser: &Browser, code: &str) {
    browser
        .wait_for_text(&format!("#status-{code}"), "Đã lưu nháp lúc")
        .await;
}

async fn sign_out(browser: &Browser) {
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;
}

#[tokio::test]
async fn a_submitted_and_approved_checklist_reaches_the_leaders_ranking() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 800).await;

    // The inspector lands on their organisations and opens one.
    browser.sign_in(&served, "canbo.an").await;
    browser.wait_for_text("#main", "Bộ Tài chính").await;
    browser.click("a[href=\"/rounds/2026/checklist/btc\"]").await;
    browser.wait_for_text("#checklist-title", "Bộ Tài chính").await;
    let legal = browser.text_of("#item-TC-01 .legal").await;
    assert!(legal.contains("28/2018/QĐ-TTg"), "{legal}");

    browser.type_into("#document-TC-01", "12/QĐ-BTC").await;
    for code in PASS_FAIL {
        browser.click(&format!("#outcome-{code}-met")).await;
    }
    // A percentage with a decimal comma, as people type it in Vietnamese.
    browser.type_into("#percent-VB-01", "85,5").await;
    browser.select("#level-DV-02", "done").await;
    for code in ALL {
        wait_saved(&browser, code).await;
    }
    browser.click_when_enabled("#submit-all").await;
    browser
        .wait_for_text("#submit-all-note", "Đã gửi duyệt mọi tiêu chí")
        .await;
    browser.wait_for_text("#state-TC-01", "Đã nộp, chờ duyệt").await;
    sign_out(&browser).await;

    // Before approval the official ranking has no score for it.
    browser.sign_in(&served, "lanhdao").await;
    browser.open(&served, "/rounds/2026/rankings").await;
    let before = browser.wait_for_text("#ranking-table", "Bộ Tài chính").await;
    assert!(!before.contains("99,25"), "{before}");
    sign_out(&browser).await;

    // The reviewer approves each record in place.
    browser.sign_in(&served, "truongdoan").await;
    browser.open(&served, "/review").await;
    assert_eq!(browser.wait_for_count(".review-item", 7).await, 7);
    let outcome = browser.text_of("#review-btc-VB-01 .review-outcome").await;
    assert!(outcome.contains("85,5"), "{outcome}");
    for code in ALL {
        let item = format!("#review-btc-{code}");
        browser.click(&format!("{item} .approve")).await;
        browser.wait_for_text(&item, "Đã duyệt.").await;
    }
    sign_out(&browser).await;

    // The leader's official ranking (preliminary off) now shows the score:
    // 100 × (100 − 15 × (1 − 0,855 / 0,9)) / 100 = 99,25.
    browser.sign_in(&served, "lanhdao").await;
    browser.open(&served, "/rounds/2026/rankings").await;
    browser.wait_for_text("#ranking-table", "99,25").await;
    let rows = browser.texts_of("#ranking-table tbody tr").await;
    assert!(
        rows.iter()
            .any(|r| r.contains("Bộ Tài chính") && r.contains("99,25")),
        "{rows:?}"
    );
    assert!(
        browser
            .text_of("#official-flag")
            .await
            .contains("Số liệu chính thức")
    );
    browser.assert_no_panic().await;
    browser.close().await;
}

#[tokio::test]
async fn an_inspector_cannot_open_another_inspectors_organisation() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 800).await;

    // A wrong password is answered in a sentence, and the form stays.
    browser.open(&served, "/sign-in").await;
    browser.type_into("#username", "canbo.an").await;
    browser.type_into("#password", "not the password").await;
    browser.click("#sign-in-submit").await;
    browser
        .wait_for_text("#sign-in-error", "Tên đăng nhập hoặc mật khẩu không đúng.")
        .await;

    browser.sign_in(&served, "canbo.an").await;
    // bkhcn is canbo.chau's: the page shows the server's refusal, not an empty checklist.
    browser.open(&served, "/rounds/2026/checklist/bkhcn").await;
    browser
        .wait_for_text("#main", "Vai trò hoặc phân công của bạn không cho phép việc này.")
        .await;
    assert_eq!(browser.wait_for_count(".check-item", 0).await, 0);
    browser.assert_no_panic().await;
    browser.close().await;
}

#[tokio::test]
async fn the_second_of_two_sessions_sees_both_versions_and_keeps_its_own() {
    let served = serve_demo().await;
    let first = Browser::start(1280, 800).await;
    let second = Browser::start(1280, 800).await;
    for browser in [&first, &second] {
        browser.sign_in(&served, "canbo.an").await;
        browser.open(&served, "/rounds/2026/checklist/btc").await;
        browser.text_of("#note-TC-01").await;
    }

    first.click("#outcome-TC-01-met").await;
    first.type_into("#note-TC-01", "Bản thứ nhất").await;
    wait_saved(&first, "TC-01").await;

    // The second page still holds the version it read: its save gets 412.
    second.click("#outcome-TC-01-not_met").await;
    second.type_into("#note-TC-01", "Bản thứ hai").await;
    let conflict = second.wait_for_text("#conflict-TC-01", "Bản thứ nhất").await;
    assert!(
        conflict.contains("Bản thứ hai"),
        "both versions side by side: {conflict}"
    );
    second
        .run("document.querySelector('#conflict-TC-01').scrollIntoView()")
        .await;
    second.screenshot("conflict-1280").await;
    second.click("#conflict-TC-01 .keep-mine").await;
    wait_saved(&second, "TC-01").await;

    // The first page, reloaded, reads the kept version; nothing was lost on the way.
    first.open(&served, "/rounds/2026/checklist/btc").await;
    first.text_of("#note-TC-01").await;
    let note = first
        .run("return document.querySelector('#note-TC-01').value")
        .await;
    assert_eq!(note.as_str(), Some("Bản thứ hai"));
    let chosen = first
        .run("return document.querySelector('#outcome-TC-01-not_met').checked")
        .await;
    assert_eq!(chosen.as_bool(), Some(true));

    // The history lists both saves.
    first
        .open(&served, "/rounds/2026/records/btc/TC-01/history")
        .await;
    assert_eq!(first.wait_for_count("#history-table tbody tr", 2).await, 2);
    first.assert_no_panic().await;
    second.assert_no_panic().await;
    first.close().await;
    second.close().await;
}

/// The pages of this issue at both sizes; `SCORECARD_SHOTS=DIR` keeps the PNGs.
#[tokio::test]
async fn sign_in_checklist_and_review_render_at_both_sizes() {
    let served = serve_demo().await;
    for (width, height, org) in [(1280, 800, "bct"), (390, 844, "bnv")] {
        let browser = Browser::start(width, height).await;
        let checklist = format!("/rounds/2026/checklist/{org}");
        let item = format!("#review-{org}-TC-01");
        browser.open(&served, "/sign-in").await;
        browser.text_of("#sign-in-form").await;
        browser.screenshot(&format!("sign-in-{width}")).await;

        browser.sign_in(&served, "canbo.an").await;
        browser.open(&served, &checklist).await;
        browser.click("#outcome-TC-01-met").await;
        browser.type_into("#document-TC-01", "25/QĐ").await;
        wait_saved(&browser, "TC-01").await;
        browser.run("window.scrollTo(0, 0)").await;
        browser.screenshot(&format!("checklist-{width}")).await;
        browser.click("#submit-TC-01").await;
        browser.wait_for_text("#state-TC-01", "Đã nộp").await;
        sign_out(&browser).await;

        browser.sign_in(&served, "truongdoan").await;
        browser.open(&served, "/review").await;
        browser.text_of(&item).await;
        browser.screenshot(&format!("review-{width}")).await;
        // Returning needs a comment; the inspector then reads it on the checklist.
        browser.click(&format!("{item} .give-back")).await;
        browser.click(&format!("{item} .confirm-return")).await;
        browser.wait_for_text(&item, "Vui lòng ghi nhận xét").await;
        browser
            .type_into(&format!("{item} textarea"), "Thiếu số hiệu văn bản.")
            .await;
        browser.click(&format!("{item} .confirm-return")).await;
        browser
            .wait_for_text(&item, "Đã trả lại cho cán bộ kiểm tra.")
            .await;
        sign_out(&browser).await;

        browser.sign_in(&served, "canbo.an").await;
        browser.open(&served, &checklist).await;
        browser
            .wait_for_text("#item-TC-01 .returned-comment", "Thiếu số hiệu văn bản.")
            .await;
        // The returned record is editable again and submits again.
        browser.type_into("#document-TC-01", " ngày 01/03").await;
        wait_saved(&browser, "TC-01").await;
        browser.click_when_enabled("#submit-TC-01").await;
        browser.wait_for_text("#state-TC-01", "Đã nộp").await;
        browser.assert_no_panic().await;
        sign_out(&browser).await;
        browser.close().await;
    }
}
