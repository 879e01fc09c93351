//! Issue 13's whole loop in headless Chromium, one user per role, on a fresh demo database,
//! through the pages only: the admin schedules the round; the unit self-assesses and submits;
//! the inspector verifies with the self-assessment in view and submits; the reviewer approves;
//! the unit reads its preliminary notice and explains one criterion; the inspector accepts it;
//! the reviewer approves again; the admin publishes; the unit sees its finding and reports on
//! it.

use scorecard_browser_tests::{Browser, Served, fill_schedule, serve_demo};

async fn as_user(browser: &Browser, served: &Served, username: &str) {
    if browser
        .run("return document.querySelector('#sign-out') !== null;")
        .await
        == serde_json::json!(true)
    {
        browser.click("#sign-out").await;
        browser.text_of("#sign-in-link").await;
    }
    browser.sign_in(served, username).await;
}

async fn schedule(browser: &Browser, served: &Served, start: i64, phase: &str) {
    as_user(browser, served, "quantri").await;
    browser.open(served, "/admin/rounds/2026").await;
    browser.text_of("#schedule-table").await;
    browser.run(&fill_schedule(start)).await;
    browser.click("#schedule-save").await;
    browser.wait_for_text(".round-schedule .phase-line", phase).await;
}

async fn approve_all(browser: &Browser, served: &Served, waiting: usize) {
    as_user(browser, served, "truongdoan").await;
    browser.open(served, "/review").await;
    browser.wait_for_count("#queue-2026 .review-item", waiting).await;
    browser.click_when_enabled("#queue-2026 .approve-all").await;
    browser
        .wait_for_count("#queue-2026 .review-item .status-done", waiting)
        .await;
}

#[tokio::test]
async fn the_inspected_organisation_takes_part_from_self_assessment_to_its_finding() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 1000).await;

    // 1. The self-assessment is open; the unit answers every criterion and submits.
    schedule(&browser, &served, -1, "Tự đánh giá").await;
    as_user(&browser, &served, "donvi.btc").await;
    browser
        .wait_for_text("#self-assessment-2026", "Tự đánh giá của đơn vị")
        .await;
    let answers = [
        ("TC-01", "met", Some("Quyết định số 12/QĐ-BTC")),
        (
            "TC-02",
            "met",
            Some("Báo cáo định kỳ trên Hệ thống thông tin báo cáo Chính phủ"),
        ),
        ("VB-02", "met", Some("Mẫu văn bản ký số")),
        ("DV-01", "met", Some("https://dichvucong.mof.gov.vn")),
        ("DV-02", "done", Some("Biên bản nghiệm thu")),
        ("HT-01", "met", None),
    ];
    for (code, outcome, evidence) in answers {
        browser.select(&format!("#self-outcome-{code}"), outcome).await;
        if let Some(evidence) = evidence {
            browser
                .type_into(&format!("#self-evidence-{code}"), evidence)
                .await;
        } else {
            browser
                .type_into(
                    &format!("#self-explanation-{code}"),
                    "Đang chờ cấp tài khoản E-Cabinet",
                )
                .await;
        }
        browser.click(&format!("#self-save-{code}")).await;
        browser
            .wait_for_text(&format!("#self-status-{code}"), "Đã lưu")
            .await;
    }
    browser.type_into("#self-outcome-VB-01", "92").await;
    browser
        .type_into("#self-evidence-VB-01", "Số liệu Trục liên thông")
        .await;
    browser.click("#self-save-VB-01").await;
    browser.wait_for_text("#self-status-VB-01", "Đã lưu").await;
    browser.click_when_enabled("#self-submit").await;
    browser.wait_for_text("#self-submitted", "Đã nộp").await;

    // 2. The inspection: the inspector sees each answer and records the verified outcome.
    schedule(&browser, &served, -25, "Kiểm tra").await;
    as_user(&browser, &served, "canbo.an").await;
    browser.open(&served, "/rounds/2026/checklist/btc").await;
    browser.wait_for_text("#self-note", "đã nộp").await;
    browser.wait_for_text("#self-beside-HT-01", "E-Cabinet").await;
    for (code, met) in [
        ("TC-01", true),
        ("TC-02", false),
        ("VB-02", true),
        ("DV-01", true),
        ("HT-01", false),
    ] {
        let outcome = if met { "met" } else { "not_met" };
        browser.click(&format!("#outcome-{code}-{outcome}")).await;
        browser
            .wait_for_text(&format!("#status-{code}"), "Đã lưu nháp lúc")
            .await;
    }
    browser.type_into("#percent-VB-01", "92").await;
    browser.wait_for_text("#status-VB-01", "Đã lưu nháp lúc").await;
    browser.select("#level-DV-02", "done").await;
    browser.wait_for_text("#status-DV-02", "Đã lưu nháp lúc").await;
    browser.click_when_enabled("#submit-all").await;
    browser
        .wait_for_text("#submit-all-note", "Đã gửi duyệt mọi tiêu chí")
        .await;
    approve_all(&browser, &served, 7).await;

    // 3. The preliminary results: the unit downloads its notice.
    schedule(&browser, &served, -49, "Kết quả sơ bộ").await;
    as_user(&browser, &served, "donvi.btc").await;
    browser.open(&served, "/work").await;
    browser.wait_for_text("#self-comparison", "Tự đánh giá").await;
    schedule(&browser, &served, -73, "Giải trình").await;
    as_user(&browser, &served, "donvi.btc").await;
    browser.open(&served, "/work").await;
    browser.wait_for_text("#explanations-2026", "TC-02").await;
    let notice = browser
        .run_async(
            "const r = await fetch(document.querySelector('#notice-link').href);
             const bytes = new Uint8Array(await r.arrayBuffer());
             return [r.status, String.fromCharCode(...bytes.slice(0, 5))];",
        )
        .await;
    assert_eq!(notice, serde_json::json!([200, "%PDF-"]));

    // 4. The unit explains TC-02; the inspector accepts it; the reviewer approves it again.
    browser
        .type_into(
            "#explain-TC-02",
            "Báo cáo định kỳ đã gửi qua Hệ thống từ tháng 10, kèm số liệu",
        )
        .await;
    browser.click("#explain-send-TC-02").await;
    browser
        .wait_for_text("#explain-status-TC-02", "Đã gửi giải trình")
        .await;
    as_user(&browser, &served, "canbo.an").await;
    browser.open(&served, "/rounds/2026/checklist/btc").await;
    browser
        .wait_for_text("#explanation-TC-02", "Báo cáo định kỳ")
        .await;
    browser.select("#decide-outcome-TC-02", "met").await;
    browser.click("#accept-TC-02").await;
    browser.wait_for_text("#explanation-TC-02", "Đã chấp nhận").await;
    approve_all(&browser, &served, 1).await;

    // 5. The admin closes and publishes the round; the unit sees its finding (HT-01, still
    // not met) and reports on it.
    as_user(&browser, &served, "quantri").await;
    browser.open(&served, "/admin/rounds").await;
    browser
        .click_when_enabled("#round-2026 button[data-state='closed']")
        .await;
    browser.wait_for_text("#round-2026", "Đã kết thúc").await;
    browser
        .click_when_enabled("#round-2026 button[data-state='published']")
        .await;
    browser.wait_for_text("#round-2026", "Đã công bố").await;
    as_user(&browser, &served, "donvi.btc").await;
    browser.open(&served, "/findings").await;
    let list = browser.wait_for_text("#findings-list", "HT-01").await;
    assert!(
        !list.contains("TC-02"),
        "the accepted explanation left no finding: {list}"
    );
    let id = browser
        .run("return document.querySelector('.finding').id.replace('finding-', '');")
        .await;
    let id = id.as_str().unwrap().to_owned();
    browser
        .type_into(
            &format!("#finding-text-{id}"),
            "Đã được cấp tài khoản E-Cabinet ngày 02/12/2026",
        )
        .await;
    browser.click(&format!("#finding-report-{id}")).await;
    browser
        .wait_for_text(&format!("#finding-{id}"), "E-Cabinet ngày 02/12/2026")
        .await;
    browser.screenshot("13-loop-finding").await;
    browser.assert_no_panic().await;
    browser.close().await;
}
