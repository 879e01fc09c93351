//! Issue 15: a file of results brought in through the browser as an administrator would: the
//! template is offered on the round's page, a workbook filled in and saved by LibreOffice is
//! checked first, then imported; the same file sent to the wrong round is refused with each
//! rejected row and the cell at fault as the spreadsheet names it, and nothing is written.

use std::path::PathBuf;

use scorecard_browser_tests::{Browser, serve_demo};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/excel")
        .join(name);
    let path = path
        .canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path.to_string_lossy().into_owned()
}

/// How many records of btc the round holds, asked by the page itself (its session cookie).
async fn btc_records(browser: &Browser, round: &str) -> u64 {
    let script = format!(
        "const done = arguments[0];
         fetch('/api/v1/rounds/{round}/records?org=btc', {{headers: {{Accept: 'application/json'}}}})
           .then(r => r.json()).then(list => done(list.length)).catch(e => done(-1));"
    );
    let count = browser
        .client
        .execute_async(&script, vec![])
        .await
        .expect("the page fetches the records");
    count
        .as_u64()
        .unwrap_or_else(|| panic!("no record list: {count}"))
}

#[tokio::test]
async fn a_filled_template_is_checked_then_imported_and_a_wrong_one_names_its_cells() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 900).await;
    browser.sign_in(&served, "quantri").await;

    browser.open(&served, "/admin/rounds/2026").await;
    browser
        .wait_for_text("#import-title", "Nhập kết quả từ tệp")
        .await;
    let template = browser
        .run("return document.querySelector('#template-download').getAttribute('href');")
        .await;
    assert_eq!(template, "/api/v1/rounds/2026/template.xlsx?lang=vi");
    assert_eq!(btc_records(&browser, "2026").await, 0);

    // Checked first (the box is ticked by default): valid, nothing written.
    let file = fixture("filled-template.xlsx");
    browser.type_into("#import-file", &file).await;
    browser
        .click_when_enabled("#import-form button[type=submit]")
        .await;
    let said = browser.wait_for_text("#import-outcome", "chưa ghi gì").await;
    assert!(said.contains("Dòng hợp lệ: 7"), "{said}");
    assert_eq!(btc_records(&browser, "2026").await, 0);

    // Then imported.
    browser.click("#import-dry-run").await;
    browser
        .click_when_enabled("#import-form button[type=submit]")
        .await;
    let said = browser.wait_for_text("#import-outcome", "Đã nhập tệp").await;
    assert!(said.contains("Thêm mới: 7"), "{said}");
    assert_eq!(btc_records(&browser, "2026").await, 7);
    browser
        .run("document.querySelector('#import-outcome').scrollIntoView(); return null;")
        .await;
    browser.screenshot("import-done").await;

    // The same workbook sent to round 2019: every row is refused, naming its cell.
    let before = btc_records(&browser, "2019").await;
    browser.open(&served, "/admin/rounds/2019").await;
    browser
        .wait_for_text("#import-title", "Nhập kết quả từ tệp")
        .await;
    browser.type_into("#import-file", &file).await;
    browser.click("#import-dry-run").await;
    browser
        .click_when_enabled("#import-form button[type=submit]")
        .await;
    let said = browser.wait_for_text("#import-outcome", "Không nhập gì").await;
    assert!(said.contains("7 dòng bị từ chối"), "{said}");
    let cells = browser
        .texts_of("#import-rejected tbody tr td:nth-child(2)")
        .await;
    assert!(
        !cells.is_empty() && cells.iter().all(|c| c.starts_with("Nhập kết quả!A")),
        "{cells:?}"
    );
    browser
        .run("document.querySelector('#import-outcome').scrollIntoView(); return null;")
        .await;
    browser.screenshot("import-rejected").await;
    assert_eq!(btc_records(&browser, "2019").await, before);

    browser.assert_no_panic().await;
    browser.close().await;
}
