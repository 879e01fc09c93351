//! The overview page in headless Chromium, read as a person would read it.

use scorecard_browser_tests::{Browser, serve_demo};

#[tokio::test]
async fn the_2019_ranking_shows_12_rows_and_the_dv01_sentence() {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 800).await;
    browser.client.goto(&served.url("/?round=2019")).await.unwrap();

    assert_eq!(browser.wait_for_count("#ranking-table tbody tr", 12).await, 12);
    let sentences = browser.text_of("#summary-sentences").await;
    assert!(
        sentences.contains("7/12 bộ, cơ quan đã hoàn thành cung cấp dịch vụ công trực tuyến mức độ 3, 4."),
        "{sentences}"
    );
    assert!(
        sentences.contains("Còn 4 bộ, cơ quan chưa ban hành quy chế"),
        "{sentences}"
    );
    let page = browser.text_of("body").await;
    assert!(
        page.contains("Dữ liệu minh họa"),
        "the illustrative-data label is missing"
    );
    let first_row = browser.text_of("#ranking-table tbody tr").await;
    assert!(
        first_row.contains("100,00"),
        "scores use a comma decimal: {first_row}"
    );
    browser.close().await;
}
