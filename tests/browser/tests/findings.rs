//! Issue 13, item 4 in headless Chromium: the round is published, the unit reads its findings
//! and reports on one, the reviewer keeps it open with a note, and the next round's checklist
//! shows it to the inspector.

use scorecard_browser_tests::{Browser, serve_demo};

#[tokio::test]
async fn findings_are_followed_up_into_the_next_round() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 1000).await;

    // The inspector records btc with TC-02 not met; the reviewer approves; the admin
    // publishes 2026 and opens 2027 with btc assigned.
    browser.sign_in(&served, "canbo.an").await;
    let recorded = browser
        .run_async(
            "for (const code of ['TC-01', 'TC-02', 'VB-01', 'VB-02', 'DV-01', 'DV-02', 'HT-01']) {
                 const body = code === 'VB-01' ? { value: 0.95 } : code === 'DV-02' ? { outcome: 'done' }
                     : { outcome: code === 'TC-02' ? 'not_met' : 'met', note: code === 'TC-02' ? 'Chưa ban hành quy chế' : '' };
                 const url = `/api/v1/rounds/2026/records/btc/${code}`;
                 const put = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json', 'if-match': '*' }, body: JSON.stringify(body) });
                 if (put.status !== 201) return `${code}: ${put.status}`;
                 if ((await fetch(`${url}/submit`, { method: 'POST' })).status !== 200) return `${code} submit`;
             }
             return 'ok';",
        )
        .await;
    assert_eq!(recorded, serde_json::json!("ok"));
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;
    browser.sign_in(&served, "truongdoan").await;
    let approved = browser
        .run_async(
            "for (const code of ['TC-01', 'TC-02', 'VB-01', 'VB-02', 'DV-01', 'DV-02', 'HT-01']) {
                 const r = await fetch(`/api/v1/rounds/2026/records/btc/${code}/approve`, { method: 'POST' });
                 if (r.status !== 200) return `${code}: ${r.status}`;
             }
             return 'ok';",
        )
        .await;
    assert_eq!(approved, serde_json::json!("ok"));
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;
    browser.sign_in(&served, "quantri").await;
    let published = browser
        .run_async(
            "const json = { 'content-type': 'application/json' };
             const post = (url, body) => fetch(url, { method: 'POST', headers: json, body: JSON.stringify(body) }).then(r => r.status);
             const steps = [
                 await post('/api/v1/rounds', { id: '2027', catalog: 'cpdt-2025', name_vi: 'Kiểm tra năm 2027', starts_on: '2027-03-01', ends_on: '2027-11-30' }),
                 await post('/api/v1/rounds/2026/state', { state: 'closed' }),
                 await post('/api/v1/rounds/2026/state', { state: 'published' }),
                 await post('/api/v1/rounds/2027/state', { state: 'open' }),
             ];
             const users = await (await fetch('/api/v1/users')).json();
             const an = users.find(u => u.username === 'canbo.an').id;
             const assigned = await fetch('/api/v1/rounds/2027/assignments/btc', { method: 'PUT', headers: json, body: JSON.stringify({ inspector: an }) });
             steps.push(assigned.status);
             return steps;",
        )
        .await;
    assert_eq!(published, serde_json::json!([201, 200, 200, 200, 204]));
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The unit reads its findings and reports on TC-02.
    browser.sign_in(&served, "donvi.btc").await;
    browser.click("nav a[href='/findings']").await;
    let list = browser.wait_for_text("#findings-list", "TC-02").await;
    assert!(list.contains("01/03/2027") && list.contains("Đang mở"), "{list}");
    assert!(list.contains("Chưa ban hành quy chế"), "{list}");
    let id = browser
        .run("return [...document.querySelectorAll('.finding')].find(e => e.textContent.includes('TC-02')).id.replace('finding-', '');")
        .await;
    let id = id.as_str().unwrap().to_owned();
    browser
        .type_into(
            &format!("#finding-text-{id}"),
            "Bộ đã ban hành Quyết định 20/QĐ-BTC về chế độ báo cáo",
        )
        .await;
    browser.click(&format!("#finding-report-{id}")).await;
    browser
        .wait_for_text(&format!("#finding-{id}"), "Quyết định 20/QĐ-BTC")
        .await;
    browser
        .run(&format!(
            "const input = document.querySelector('#finding-file-{id}');
             const data = new DataTransfer();
             data.items.add(new File(['Quyết định 20/QĐ-BTC'], 'Quyết định 20.txt', {{ type: 'text/plain' }}));
             input.files = data.files;
             input.dispatchEvent(new Event('change', {{ bubbles: true }}));
             return true;"
        ))
        .await;
    browser
        .wait_for_text(&format!("#finding-{id} .finding-files"), "Quyết định 20.txt")
        .await;
    browser.screenshot("13-unit-findings").await;
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The reviewer keeps it open: the note is required, then given.
    browser.sign_in(&served, "truongdoan").await;
    browser.open(&served, "/findings?org=btc").await;
    browser
        .wait_for_text(&format!("#finding-{id}"), "Quyết định 20/QĐ-BTC")
        .await;
    let fetched = browser
        .run_async(&format!(
            "const r = await fetch(document.querySelector('#finding-{id} .finding-files a').href);
             return [r.status, await r.text()];"
        ))
        .await;
    assert_eq!(fetched, serde_json::json!([200, "Quyết định 20/QĐ-BTC"]));
    // The due date moves.
    browser
        .run(&format!(
            "const field = document.querySelector('#finding-due-{id}');
             field.value = '2027-06-30';
             field.dispatchEvent(new Event('input', {{ bubbles: true }}));
             return true;"
        ))
        .await;
    browser.click(&format!("#finding-due-save-{id}")).await;
    browser
        .wait_for_text(&format!("#finding-{id}"), "30/06/2027")
        .await;
    browser.click(&format!("#finding-keep-{id}")).await;
    browser.wait_for_text(&format!("#finding-{id} .error"), "").await;
    browser
        .type_into(&format!("#finding-text-{id}"), "Cần kèm văn bản đã ký số")
        .await;
    browser.click(&format!("#finding-keep-{id}")).await;
    browser
        .wait_for_text(&format!("#finding-{id} .review-note"), "Cần kèm văn bản đã ký số")
        .await;
    let export = browser
        .run_async("const r = await fetch(document.querySelector('#findings-export').href); return [r.status, (await r.arrayBuffer()).byteLength > 1000];")
        .await;
    assert_eq!(export, serde_json::json!([200, true]));
    browser.screenshot("13-reviewer-findings").await;
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The next round's checklist shows the open finding beside TC-02.
    browser.sign_in(&served, "canbo.an").await;
    browser.open(&served, "/rounds/2027/checklist/btc").await;
    let finding = browser.wait_for_text("#findings-TC-02", "Đợt 2026").await;
    assert!(
        finding.contains("Quyết định 20/QĐ-BTC") && finding.contains("30/06/2027"),
        "{finding}"
    );
    browser.screenshot("13-next-round-checklist").await;
    browser.assert_no_panic().await;
    browser.close().await;
}
