//! The leaders' dashboard (issue 4) in headless Chromium: every route with the demo figures,
//! the peer-group switch, sorting, the criteria matrix and its evidence, profiles across a
//! merger, trends, the language switch and the error states.

use scorecard_browser_tests::{Browser, Served, serve_demo};

async fn start() -> (Served, Browser) {
    let served = serve_demo().await;
    let browser = Browser::start(1280, 800).await;
    (served, browser)
}

#[tokio::test]
async fn the_overview_counts_compliance_and_names_both_first_ranked() {
    let (served, browser) = start().await;
    browser.open(&served, "/rounds/2019").await;
    let figures = browser.wait_for_text("#key-figures", "Dẫn đầu").await;
    assert!(figures.contains("12"), "{figures}");
    let leaders = browser.texts_of("#first-ranked li").await;
    assert_eq!(leaders.len(), 2, "btc and btttt tie at 100,00: {leaders:?}");
    assert!(
        leaders
            .iter()
            .any(|l| l.contains("Bộ Tài chính") && l.contains("100,00"))
    );
    assert!(leaders.iter().any(|l| l.contains("Bộ Thông tin và Truyền thông")));
    browser
        .wait_for_text(
            "#summary-sentences",
            "7/12 bộ, cơ quan đã hoàn thành cung cấp dịch vụ công trực tuyến mức độ 3, 4.",
        )
        .await;
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
async fn the_2020_ranking_shows_rank_change_arrows_and_a_chart_in_band_colours() {
    let (served, browser) = start().await;
    browser.open(&served, "/rounds/2020/rankings").await;
    let rows = browser.wait_for_count("#ranking-table tbody tr", 14).await;
    assert!(rows > 0);
    let ups = browser.texts_of("#ranking-table .change-up").await;
    assert!(ups.iter().any(|u| u.starts_with('▲')), "no rise shown: {ups:?}");
    let downs = browser.texts_of("#ranking-table .change-down").await;
    assert!(
        downs.iter().any(|d| d.starts_with('▼')),
        "no fall shown: {downs:?}"
    );
    // The chart is an image named for screen readers, with Vietnamese text drawn in it.
    let names = browser.texts_of("#score-chart svg text").await;
    assert!(
        names.iter().any(|n| n == "Bộ Thông tin và Truyền thông"),
        "{names:?}"
    );
    let label = browser
        .run("return document.querySelector('#score-chart svg').getAttribute('aria-label')")
        .await;
    assert!(label.as_str().unwrap_or("").contains("Biểu đồ điểm"), "{label}");
    let green = browser
        .run("return document.querySelectorAll('#score-chart svg rect[fill=\"#1B7F3B\"]').length")
        .await;
    assert!(green.as_u64().unwrap_or(0) > 0, "no bar in the top band's colour");
    browser.assert_no_panic().await;
    browser.close().await;
}

#[tokio::test]
async fn the_peer_group_switch_changes_the_table_and_the_address() {
    let (served, browser) = start().await;
    browser.open(&served, "/rounds/2019/rankings").await;
    assert_eq!(browser.wait_for_count("#ranking-table tbody tr", 12).await, 12);
    browser.click(".scope-option[data-scope=\"agency\"]").await;
    browser
        .wait_for_text("#ranking-caption", "Cơ quan ngang bộ")
        .await;
    let agencies = browser.texts_of("#ranking-table tbody tr").await;
    assert!(agencies.len() < 12 && !agencies.is_empty(), "{agencies:?}");
    assert!(
        agencies.iter().all(|row| row.contains("Cơ quan ngang bộ")),
        "{agencies:?}"
    );
    assert!(
        agencies[0].starts_with('1'),
        "ranks restart within the group: {agencies:?}"
    );
    assert_eq!(browser.address().await, "/rounds/2019/rankings?scope=agency");
    browser.click(".scope-option[data-scope=\"ministry\"]").await;
    browser.wait_for_text("#ranking-caption", "Các bộ").await;
    let ministries = browser.texts_of("#ranking-table tbody tr").await;
    assert!(ministries.iter().all(|row| !row.contains("Cơ quan ngang bộ")));
    assert_eq!(agencies.len() + ministries.len(), 12);
    // Back returns to the agencies.
    browser.client.back().await.expect("back");
    browser
        .wait_for_text("#ranking-caption", "Cơ quan ngang bộ")
        .await;
    browser.assert_no_panic().await;
    browser.close().await;
}

#[tokio::test]
async fn clicking_a_column_header_sorts_the_table() {
    let (served, browser) = start().await;
    browser.open(&served, "/rounds/2019/rankings").await;
    assert_eq!(browser.wait_for_count("#ranking-table tbody tr", 12).await, 12);
    let first = browser.text_of("#ranking-table tbody tr").await;
    assert!(first.contains("100,00"), "{first}");
    // Score: highest first, then a second click for lowest first.
    browser.click("#ranking-table thead th:nth-child(5) button").await;
    browser.click("#ranking-table thead th:nth-child(5) button").await;
    browser.wait_for_text("#ranking-table tbody tr", "33,75").await;
    let sort = browser
        .run(
            "return document.querySelector('#ranking-table thead th:nth-child(5)').getAttribute('aria-sort')",
        )
        .await;
    assert_eq!(sort.as_str(), Some("ascending"));
    assert!(browser.address().await.contains("sort=score&dir=asc"));
    // Name: Vietnamese order, "Bộ Công Thương" before "Bộ Giáo dục và Đào tạo".
    browser.click("#ranking-table thead th:nth-child(3) button").await;
    browser
        .wait_for_text("#ranking-table tbody tr", "Bộ Công Thương")
        .await;
    browser.assert_no_panic().await;
    browser.close().await;
}

#[tokio::test]
async fn the_matrix_counts_dv01_met_by_7_of_12_and_a_cell_shows_its_evidence() {
    let (served, browser) = start().await;
    browser.open(&served, "/rounds/2019/matrix").await;
    assert_eq!(browser.wait_for_count("#matrix-table tbody tr", 12).await, 12);
    assert_eq!(
        browser
            .text_of("#matrix-table tfoot td[data-code=\"DV-01\"]")
            .await,
        "7/12"
    );
    // The legend names every state in words, not only in colour.
    let legend = browser.text_of("#matrix-legend").await;
    for word in [
        "Đạt",
        "Đạt một phần",
        "Chưa đạt",
        "Không áp dụng",
        "Chưa có kết quả",
    ] {
        assert!(legend.contains(word), "{word} missing from {legend}");
    }
    // A not-met cell opens its record with the evidence.
    browser
        .click("#matrix-table tbody tr[data-org=\"bxd\"] td:nth-child(6) a")
        .await;
    browser.wait_for_text("#cell-detail", "Bộ Xây dựng").await;
    let detail = browser.wait_for_text("#cell-detail", "Minh chứng").await;
    assert!(detail.contains("DV-01"), "{detail}");
    assert!(detail.contains("Chưa đạt"), "{detail}");
    let evidence = browser.text_of("#record-evidence").await;
    assert!(!evidence.trim().is_empty() && evidence != "—", "{evidence}");
    assert_eq!(
        browser.address().await,
        "/rounds/2019/matrix?org=bxd&criterion=DV-01"
    );
    // The criterion code leads to who does not meet it.
    browser
        .click("#matrix-table thead a[href$=\"/criteria/DV-01\"]")
        .await;
    browser.wait_for_text("#criterion-counts", "7/12").await;
    let not_met = browser
        .text_of("#criterion-counts li[data-status=\"cell-not-met\"]")
        .await;
    assert!(not_met.contains("Chưa đạt") && not_met.contains('5'), "{not_met}");
    assert_eq!(browser.wait_for_count("#not-meeting li", 5).await, 5);
    assert_eq!(
        browser.wait_for_count("#criterion-records tbody tr", 12).await,
        12
    );
    browser.assert_no_panic().await;
    browser.close().await;
}

#[tokio::test]
async fn a_profile_follows_the_lineage_through_the_2025_merger() {
    let (served, browser) = start().await;
    browser.open(&served, "/organizations/bnnmt").await;
    browser
        .wait_for_text("#profile-name", "Bộ Nông nghiệp và Môi trường")
        .await;
    let rows = browser.texts_of("#history-table tbody tr").await;
    assert!(rows.len() >= 2, "{rows:?}");
    assert!(
        rows[0].contains("Bộ Tài nguyên và Môi trường"),
        "2019 figures are btnmt's: {rows:?}"
    );
    assert!(rows[0].contains("33,75"), "{rows:?}");
    let points = browser.texts_of("#score-history-chart svg text").await;
    assert!(points.iter().any(|p| p == "33,75"), "{points:?}");
    browser.wait_for_count("#profile-criteria tbody tr", 7).await;
    browser.text_of("#changes-heading").await;
    browser.assert_no_panic().await;
    browser.close().await;
}

#[tokio::test]
async fn trends_show_each_criterion_across_the_rounds() {
    let (served, browser) = start().await;
    browser.open(&served, "/trends").await;
    let dv01 = browser
        .wait_for_text("#trend-table tr[data-code=\"DV-01\"]", "7/12")
        .await;
    assert!(dv01.contains("7/12 (58,3%)"), "{dv01}");
    assert!(browser.wait_for_count("#trend-charts svg", 7).await >= 7);
    browser.assert_no_panic().await;
    browser.close().await;
}

#[tokio::test]
async fn the_language_switch_changes_labels_and_numbers_and_is_remembered() {
    let (served, browser) = start().await;
    browser.open(&served, "/rounds/2019/rankings").await;
    browser.wait_for_text("#ranking-table tbody tr", "100,00").await;
    browser.click("#lang-switch").await;
    let first = browser.wait_for_text("#ranking-table tbody tr", "100.00").await;
    assert!(first.contains("Ministry of Finance"), "{first}");
    let header = browser.text_of("#ranking-table thead").await;
    assert!(header.contains("Score") && header.contains("Rank"), "{header}");
    assert_eq!(
        browser.run("return document.documentElement.lang").await.as_str(),
        Some("en")
    );
    let chart = browser.texts_of("#score-chart svg text").await;
    assert!(chart.iter().any(|t| t == "Score (out of 100)"), "{chart:?}");
    // Remembered: a new page load in the same browser stays in English.
    browser.open(&served, "/rounds/2019").await;
    browser
        .wait_for_text(
            "#summary-sentences",
            "7 of 12 ministries and agencies have completed",
        )
        .await;
    let period = browser.text_of(".round-meta").await;
    assert!(period.contains("1 Sep 2019"), "{period}");
    browser.click("#lang-switch").await;
    browser.wait_for_text("#ranking-heading", "Xếp hạng").await;
    let period = browser.text_of(".round-meta").await;
    assert!(period.contains("01/09/2019"), "{period}");
    browser.assert_no_panic().await;
    browser.close().await;
}

#[tokio::test]
async fn an_unknown_round_or_organisation_gives_the_error_state() {
    let (served, browser) = start().await;
    browser.open(&served, "/rounds/1999/rankings").await;
    let error = browser
        .wait_for_text(".status-error", "Không có đợt kiểm tra này")
        .await;
    assert!(error.contains("Xem đợt mới nhất"), "{error}");
    // The API itself answers 404 with a sentence the page shows.
    browser.open(&served, "/organizations/nobody").await;
    let error = browser
        .wait_for_text(".status-error", "Không tải được dữ liệu")
        .await;
    assert!(
        browser.texts_of(".status-error button").await.len() == 1,
        "{error}"
    );
    browser.open(&served, "/no/such/page").await;
    browser.wait_for_text(".status-error", "Về trang tổng quan").await;
    browser.assert_no_panic().await;
    browser.close().await;
}

#[tokio::test]
async fn picking_a_round_keeps_the_page_and_back_returns() {
    let (served, browser) = start().await;
    browser
        .open(&served, "/rounds/2019/rankings?scope=ministry")
        .await;
    browser.wait_for_text("#ranking-caption", "2019").await;
    browser
        .run(
            "const s = document.querySelector('#round-picker'); s.value = '2020'; \
             s.dispatchEvent(new Event('change', { bubbles: true }));",
        )
        .await;
    browser.wait_for_text("#ranking-caption", "2020").await;
    assert_eq!(browser.address().await, "/rounds/2020/rankings?scope=ministry");
    browser.client.back().await.expect("back");
    browser.wait_for_text("#ranking-caption", "2019").await;
    browser.assert_no_panic().await;
    browser.close().await;
}
