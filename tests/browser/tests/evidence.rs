//! Issue 12 in headless Chromium: an inspector attaches a signed PDF to VB-02, reads the
//! signature check, asks for the outcome the files suggest, applies it and submits; the
//! reviewer sees the file with its check and opens it.

use std::path::PathBuf;

use scorecard_browser_tests::{Browser, serve_demo};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../crates/evidence/tests/fixtures/pyhanko")
        .join(name);
    let path = path
        .canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path.to_string_lossy().into_owned()
}

#[tokio::test]
async fn an_inspector_attaches_a_signed_pdf_and_the_reviewer_opens_it() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 900).await;
    browser.sign_in(&served, "canbo.an").await;
    browser.open(&served, "/rounds/2026/checklist/btc").await;
    browser.wait_for_text("#checklist-title", "Bộ Tài chính").await;
    browser.wait_for_text("#files-VB-02", "Chưa có tệp nào.").await;

    // Picked in the file chooser of VB-02 (the drop zone takes the same files).
    browser
        .type_into("#files-input-VB-02", &fixture("person-then-org.pdf"))
        .await;
    let listed = browser
        .wait_for_text("#files-VB-02 .file-list", "person-then-org.pdf")
        .await;
    assert!(listed.contains("PDF"), "{listed}");
    assert!(listed.contains("Tải lên bởi canbo.an"), "{listed}");
    let check = browser
        .wait_for_text("#files-VB-02 .signature-check summary", "2 chữ ký số")
        .await;
    assert!(check.contains("8/9 quy tắc đạt"), "{check}");
    let details = browser
        .run("const d = document.querySelector('#files-VB-02 .signature-check'); d.open = true; return d.textContent;")
        .await;
    let details = details.as_str().unwrap_or_default().to_owned();
    assert!(
        details.contains("Phạm Thị Dung (người có thẩm quyền)"),
        "{details}"
    );
    assert!(details.contains("Hình ảnh dấu trùm khoảng 33%"), "{details}");
    assert!(details.contains("Nghị định 30/2020/NĐ-CP"), "{details}");

    // A file dropped on TC-01's drop zone, with a Vietnamese name, as a person drags it there.
    browser
        .run(
            "const zone = document.querySelector('#files-TC-01 .dropzone');
             const data = new DataTransfer();
             data.items.add(new File(['Biên bản làm việc ngày 20/11/2026'], 'Biên bản làm việc.txt', {type: 'text/plain'}));
             zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
             return true;",
        )
        .await;
    let dropped = browser
        .wait_for_text("#files-TC-01 .file-list", "Biên bản làm việc.txt")
        .await;
    assert!(dropped.contains("TXT"), "{dropped}");

    // The files suggest "met"; the inspector applies it, and it saves as any choice does.
    browser.click("#suggest-VB-02").await;
    browser
        .wait_for_text("#files-VB-02 .suggestion", "Gợi ý: Đạt")
        .await;
    browser.click("#files-VB-02 .suggestion button").await;
    browser.wait_for_text("#status-VB-02", "Đã lưu nháp lúc").await;
    let met = browser
        .run("return document.querySelector('#outcome-VB-02-met').checked;")
        .await;
    assert_eq!(met, serde_json::Value::Bool(true));
    browser
        .run("document.querySelector('#files-VB-02 .signature-check').open = false; document.querySelector('#item-VB-02').scrollIntoView(); return true;")
        .await;
    browser.screenshot("evidence-checklist").await;
    browser.click_when_enabled("#submit-VB-02").await;
    browser.wait_for_text("#state-VB-02", "Đã nộp, chờ duyệt").await;
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The reviewer's queue shows the file with its check, and the file opens.
    browser.sign_in(&served, "truongdoan").await;
    browser.open(&served, "/review").await;
    let item = browser
        .wait_for_text("#review-btc-VB-02", "person-then-org.pdf")
        .await;
    assert!(item.contains("2 chữ ký số"), "{item}");
    let opened = browser
        .client
        .execute_async(
            "const done = arguments[0];
             const link = document.querySelector('#review-btc-VB-02 .file-item a');
             fetch(link.href).then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type'), r.headers.get('content-disposition'), b.byteLength])))
               .catch(e => done(String(e)));",
            vec![],
        )
        .await
        .expect("the page fetches the file");
    let expected_size = std::fs::metadata(fixture("person-then-org.pdf")).unwrap().len();
    assert_eq!(opened[0], 200, "{opened}");
    assert_eq!(opened[1], "application/pdf");
    assert!(
        opened[2].as_str().unwrap_or_default().starts_with("attachment"),
        "{opened}"
    );
    assert_eq!(opened[3], expected_size);

    // The matrix's cell opens the same record with its files and their check, read-only.
    browser
        .open(
            &served,
            "/rounds/2026/matrix?org=btc&criterion=VB-02&preliminary=true",
        )
        .await;
    let cell = browser
        .wait_for_text("#cell-detail .file-list", "person-then-org.pdf")
        .await;
    assert!(cell.contains("2 chữ ký số"), "{cell}");
    browser.click("#sign-out").await;
    browser.text_of("#sign-in-link").await;

    // The admin trusts the signer's root through the page; the stored PDF is checked again
    // and its chain is now trusted.
    browser.sign_in(&served, "quantri").await;
    browser.open(&served, "/admin/trust-roots").await;
    browser.wait_for_text("#main", "Chưa nạp chứng thư gốc nào").await;
    browser.type_into("#trust-file", &fixture("root.pem")).await;
    browser.click_when_enabled("form button[type=submit]").await;
    browser
        .wait_for_text("#trust-outcome", "Đã kiểm tra lại 1 tệp PDF")
        .await;
    browser.wait_for_text("#trust-table", "pyHanko Test Root").await;
    let trusted = browser
        .client
        .execute_async(
            "const done = arguments[0];
             fetch('/api/v1/rounds/2026/files?org=btc').then(r => r.json())
               .then(files => done(files.find(f => f.kind === 'PDF').analysis.signatures.map(s => s.trusted))).catch(e => done(String(e)));",
            vec![],
        )
        .await
        .expect("the page fetches the files");
    assert_eq!(trusted, serde_json::json!([true, true]));
    browser.assert_no_panic().await;
    browser.close().await;
}
