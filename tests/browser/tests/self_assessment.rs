//! Issue 13 in headless Chromium, one user per role: the admin sets the round's phases on
//! its page, the unit's contact fills its self-assessment (refused while something is
//! missing, then submitted), and once the inspection opens the inspector sees each answer
//! beside the criterion on the checklist.

use scorecard_browser_tests::{Browser, fill_schedule, serve_demo};

#[tokio::test]
async fn a_unit_self_assesses_and_the_inspector_verifies_with_it_in_view() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 1000).await;

    // The admin sets the phases: the self-assessment open now, the inspection tomorrow.
    browser.sign_in(&served, "quantri").await;
    browser.open(&served, "/admin/rounds/2026").await;
    browser.text_of("#schedule-table").await;
    browser.run(&fill_schedule(-1)).await;
    browser.click("#schedule-save").await;
    browser.wait_for_text("#schedule-outcome", "Đã lưu").await;
    let line = browser
        .wait_for_text(".round-schedule .phase-line", "Tự đánh giá")
        .await;
    assert!(
        line.contains("Giai đoạn hiện tại") && line.contains("giờ Việt Nam"),
        "{line}"
    );
    browser.screenshot("13-admin-schedule").await;
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The unit's contact answers two criteria and tries to submit: what is missing is named.
    browser.sign_in(&served, "donvi.btc").await;
    browser
        .wait_for_text("#self-assessment-2026", "Tự đánh giá của đơn vị")
        .await;
    browser.select("#self-outcome-TC-01", "met").await;
    browser
        .type_into("#self-evidence-TC-01", "Quyết định số 12/QĐ-BTC ngày 05/03/2026")
        .await;
    browser.click("#self-save-TC-01").await;
    browser.wait_for_text("#self-status-TC-01", "Đã lưu").await;
    browser.select("#self-outcome-TC-02", "met").await;
    browser.click("#self-save-TC-02").await;
    browser.wait_for_text("#self-status-TC-02", "Đã lưu").await;
    // The list of gaps is read again after the save: until then it still says TC-02 has no
    // answer, so the wait is for what it says once it has one.
    let gaps = browser.wait_for_text("#self-gaps", "cần ghi giải trình").await;
    assert!(gaps.contains("TC-02") && gaps.contains("VB-01"), "{gaps}");
    browser.click("#self-submit").await;
    browser.wait_for_text(".self-foot .error", "").await;
    assert_eq!(
        browser
            .run("return document.querySelector('#self-submitted') === null;")
            .await,
        serde_json::json!(true)
    );

    // It explains TC-02, answers the rest and submits.
    browser
        .type_into(
            "#self-explanation-TC-02",
            "Quy chế đang trình Bộ trưởng ký ban hành",
        )
        .await;
    browser.click("#self-save-TC-02").await;
    browser.wait_for_text("#self-status-TC-02", "Đã lưu").await;
    browser.type_into("#self-outcome-VB-01", "95").await;
    browser
        .type_into("#self-evidence-VB-01", "Số liệu Trục liên thông văn bản quốc gia")
        .await;
    browser.click("#self-save-VB-01").await;
    browser.wait_for_text("#self-status-VB-01", "Đã lưu").await;
    for (code, value) in [
        ("VB-02", "not_met"),
        ("DV-01", "not_met"),
        ("HT-01", "not_applicable"),
    ] {
        browser.select(&format!("#self-outcome-{code}"), value).await;
        browser.click(&format!("#self-save-{code}")).await;
        browser
            .wait_for_text(&format!("#self-status-{code}"), "Đã lưu")
            .await;
    }
    browser.select("#self-outcome-DV-02", "pilot").await;
    browser.click("#self-save-DV-02").await;
    browser.wait_for_text("#self-status-DV-02", "Đã lưu").await;
    browser.click_when_enabled("#self-submit").await;
    let submitted = browser.wait_for_text("#self-submitted", "Đã nộp").await;
    assert!(submitted.contains("donvi.btc"), "{submitted}");
    // Frozen: no save buttons, the fields disabled.
    assert_eq!(
        browser.run("return [document.querySelectorAll('[id^=self-save-]').length, document.querySelector('#self-outcome-TC-01').closest('fieldset').disabled];").await,
        serde_json::json!([0, true])
    );
    browser.screenshot("13-unit-self-assessment").await;
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The inspection opens; the inspector sees the unit's answers beside each criterion.
    browser.sign_in(&served, "quantri").await;
    browser.open(&served, "/admin/rounds/2026").await;
    browser.text_of("#schedule-table").await;
    browser.run(&fill_schedule(-25)).await;
    browser.click("#schedule-save").await;
    browser
        .wait_for_text(".round-schedule .phase-line", "Kiểm tra")
        .await;
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;
    browser.sign_in(&served, "canbo.an").await;
    browser.open(&served, "/rounds/2026/checklist/btc").await;
    browser.wait_for_text("#checklist-title", "Bộ Tài chính").await;
    let note = browser.wait_for_text("#self-note", "đã nộp").await;
    assert!(note.contains("giờ Việt Nam"), "{note}");
    let beside = browser.wait_for_text("#self-beside-TC-02", "Đạt").await;
    assert!(beside.contains("Quy chế đang trình"), "{beside}");
    let ratio = browser.text_of("#self-beside-VB-01").await;
    assert!(ratio.contains("95,0%"), "{ratio}");
    browser.click("#outcome-TC-02-not_met").await;
    browser.wait_for_text("#status-TC-02", "Đã lưu nháp lúc").await;
    browser.screenshot("13-inspector-checklist").await;
    browser.click_when_enabled("#submit-TC-02").await;
    browser.wait_for_text("#state-TC-02", "chờ duyệt").await;
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The reviewer's queue shows the unit's own outcome beside the inspector's.
    browser.sign_in(&served, "truongdoan").await;
    browser.open(&served, "/review").await;
    let own = browser
        .wait_for_text("#review-btc-TC-02 .review-self", "Đạt")
        .await;
    assert_eq!(own.trim(), "Đạt");
    let outcome = browser.text_of("#review-btc-TC-02 .review-outcome").await;
    assert!(outcome.contains("Chưa đạt"), "{outcome}");
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The ranking (preliminary, for the team) has the self-assessed column.
    browser.sign_in(&served, "quantri").await;
    browser
        .open(&served, "/rounds/2026/rankings?preliminary=true")
        .await;
    browser.wait_for_text("#ranking-table thead", "Tự đánh giá").await;
    let cell = browser
        .run(
            "const row = [...document.querySelectorAll('#ranking-table tbody tr')].find(r => r.textContent.includes('Bộ Tài chính'));
             return row.querySelector('.col-self').textContent;",
        )
        .await;
    let cell = cell.as_str().unwrap();
    assert!(cell.chars().next().is_some_and(|c| c.is_ascii_digit()), "{cell}");
    browser.assert_no_panic().await;
    browser.close().await;
}

/// A script that sets the round's phases through the API as the signed-in admin: no
/// self-assessment, the `current` phase (0 inspection … 3 final) holding the present.
fn schedule_at(current: i64) -> String {
    format!(
        "const at = h => new Date(Date.now() + h * 3600e3).toISOString();
         const phases = ['inspection', 'preliminary', 'explanations', 'final'];
         const body = {{ phases: phases.map((phase, i) => ({{
             phase, opens_at: at(24 * (i - {current}) - 1), closes_at: at(24 * (i - {current}) + 23) }})) }};
         const r = await fetch('/api/v1/rounds/2026/phases', {{ method: 'PUT',
             headers: {{ 'content-type': 'application/json' }}, body: JSON.stringify(body) }});
         return r.status;"
    )
}

#[tokio::test]
async fn a_unit_reads_its_notice_explains_and_the_inspector_accepts() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 1000).await;
    browser.sign_in(&served, "quantri").await;
    assert_eq!(browser.run_async(&schedule_at(0)).await, serde_json::json!(200));
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The inspector records btc (through the API, as the checklist would) and submits.
    browser.sign_in(&served, "canbo.an").await;
    let recorded = browser
        .run_async(
            "const outcomes = { 'TC-01': {outcome: 'met'}, 'TC-02': {outcome: 'not_met'}, 'VB-01': {value: 0.95},
                 'VB-02': {outcome: 'met'}, 'DV-01': {outcome: 'met'}, 'DV-02': {outcome: 'done'}, 'HT-01': {outcome: 'met'} };
             for (const [code, outcome] of Object.entries(outcomes)) {
                 const url = `/api/v1/rounds/2026/records/btc/${code}`;
                 const put = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json', 'if-match': '*' },
                     body: JSON.stringify({ ...outcome, evidence: 'Biên bản kiểm tra' }) });
                 if (put.status !== 201) return `${code}: ${put.status}`;
                 const submitted = await fetch(`${url}/submit`, { method: 'POST' });
                 if (submitted.status !== 200) return `${code} submit: ${submitted.status}`;
             }
             return 'ok';",
        )
        .await;
    assert_eq!(recorded, serde_json::json!("ok"));
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;
    browser.sign_in(&served, "quantri").await;
    assert_eq!(browser.run_async(&schedule_at(2)).await, serde_json::json!(200));
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The unit reads its notice and explains TC-02.
    browser.sign_in(&served, "donvi.btc").await;
    let section = browser
        .wait_for_text("#explanations-2026", "Giải trình kết quả kiểm tra sơ bộ")
        .await;
    assert!(
        section.contains("TC-02") && section.contains("Chưa đạt"),
        "{section}"
    );
    let notice = browser
        .run_async(
            "const r = await fetch(document.querySelector('#notice-link').href);
             const bytes = new Uint8Array(await r.arrayBuffer());
             return [r.status, r.headers.get('content-type'), String.fromCharCode(...bytes.slice(0, 5))];",
        )
        .await;
    assert_eq!(notice, serde_json::json!([200, "application/pdf", "%PDF-"]));
    browser
        .type_into(
            "#explain-TC-02",
            "Bộ đã ban hành Quyết định 15/QĐ-BTC về chế độ báo cáo ngày 20/11/2026",
        )
        .await;
    browser.click("#explain-send-TC-02").await;
    browser
        .wait_for_text("#explain-status-TC-02", "Đã gửi giải trình")
        .await;
    browser.screenshot("13-unit-explanations").await;
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The inspector accepts it on the checklist: the record becomes met, for review again.
    browser.sign_in(&served, "canbo.an").await;
    browser.open(&served, "/rounds/2026/checklist/btc").await;
    let explanation = browser
        .wait_for_text("#explanation-TC-02", "Quyết định 15/QĐ-BTC")
        .await;
    assert!(explanation.contains("donvi.btc"), "{explanation}");
    browser.select("#decide-outcome-TC-02", "met").await;
    browser.click("#accept-TC-02").await;
    browser.wait_for_text("#explanation-TC-02", "Đã chấp nhận").await;
    // The page reads the record again: met now, and submitted for review again.
    let mut met = serde_json::Value::Null;
    for _ in 0..100 {
        met = browser
            .run("const r = document.querySelector('#outcome-TC-02-met'); return !!r && r.checked;")
            .await;
        if met == serde_json::json!(true) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        met,
        serde_json::json!(true),
        "TC-02 reads met after the acceptance"
    );
    browser.wait_for_text("#state-TC-02", "chờ duyệt").await;
    browser.screenshot("13-inspector-accepts").await;
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The unit reads the decision, announced in the header; opening the notices marks them read.
    browser.sign_in(&served, "donvi.btc").await;
    let item = browser.wait_for_text("#explain-item-TC-02", "Đã chấp nhận").await;
    assert!(item.contains("canbo.an"), "{item}");
    let count = browser.wait_for_text("#notice-count .badge-count", "").await;
    assert!(count.trim().parse::<u32>().unwrap() >= 3, "{count}");
    browser.click("#notice-count").await;
    let list = browser
        .wait_for_text("#notice-list", "Giải trình tiêu chí TC-02 đã được chấp nhận")
        .await;
    assert!(list.contains("Giai đoạn giải trình"), "{list}");
    browser.screenshot("13-unit-notices").await;
    browser.open(&served, "/work").await;
    browser.wait_for_text("#explain-item-TC-02", "Đã chấp nhận").await;
    assert_eq!(
        browser
            .run("return document.querySelector('#notice-count .badge-count') === null;")
            .await,
        serde_json::json!(true),
        "nothing unread once the notices were opened"
    );
    browser.assert_no_panic().await;
    browser.close().await;
}
