//! Budgets of issue 4, measured and printed (run with `--nocapture` to read them): time from
//! navigation start to the ranking table, over 5 cold loads, and how long switching the peer
//! group or the round takes to redraw. Timings vary with the machine, so nothing here asserts
//! on them; the test fails only when the page does not do what is timed.

use scorecard_browser_tests::{Browser, serve_demo};
use serde_json::Value;

/// Resolves with the milliseconds from `start` (a statement that changes the page) until
/// `done` (an expression) holds, checked on every change of the DOM.
fn timed(start: &str, done: &str) -> String {
    format!(
        "const finish = arguments[arguments.length - 1];
         const t0 = performance.now();
         const check = () => {{ if ({done}) {{ observer.disconnect(); finish(performance.now() - t0); }} }};
         const observer = new MutationObserver(check);
         observer.observe(document.body, {{ subtree: true, childList: true, characterData: true, attributes: true }});
         {start};
         check();"
    )
}

fn millis(value: &Value) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::test]
async fn ranking_table_load_and_redraw_times() {
    let served = serve_demo().await;
    let mut loads = Vec::new();
    for _ in 0..5 {
        // A new browser with an empty profile each time: nothing cached.
        let browser = Browser::start(1280, 800).await;
        browser.open(&served, "/rounds/2019").await;
        assert_eq!(browser.wait_for_count("#ranking-table tbody tr", 12).await, 12);
        let mark = browser
            .run("return performance.getEntriesByName('scorecard:ranking-table')[0].startTime")
            .await;
        loads.push(millis(&mark));
        browser.close().await;
    }

    let browser = Browser::start(1280, 800).await;
    browser.open(&served, "/rounds/2019/rankings").await;
    assert_eq!(browser.wait_for_count("#ranking-table tbody tr", 12).await, 12);
    let mut scope_switches = Vec::new();
    let mut round_switches = Vec::new();
    let mut ranking_fetches = Vec::new();
    for _ in 0..3 {
        for (scope, label) in [("agency", "Cơ quan ngang bộ"), ("all", "Tất cả")] {
            let script = timed(
                &format!("document.querySelector('.scope-option[data-scope=\"{scope}\"]').click()"),
                &format!("document.querySelector('#ranking-caption')?.textContent.includes('{label}')"),
            );
            let took = browser
                .client
                .execute_async(&script, Vec::new())
                .await
                .expect("scope switch");
            scope_switches.push(millis(&took));
            let fetch = browser
                .run("return performance.getEntriesByType('resource').filter(e => e.name.includes('/ranking?')).pop().duration")
                .await;
            ranking_fetches.push(millis(&fetch));
        }
        for round in ["2020", "2019"] {
            let script = timed(
                &format!(
                    "const s = document.querySelector('#round-picker'); s.value = '{round}'; \
                     s.dispatchEvent(new Event('change', {{ bubbles: true }}))"
                ),
                &format!("document.querySelector('#ranking-caption')?.textContent.includes('năm {round}')"),
            );
            let took = browser
                .client
                .execute_async(&script, Vec::new())
                .await
                .expect("round switch");
            round_switches.push(millis(&took));
        }
    }
    browser.close().await;

    println!(
        "navigation start to ranking table, 5 cold loads (ms): {loads:.0?}; median {:.0}",
        median(loads.clone())
    );
    println!(
        "peer-group switch redraw (ms): {scope_switches:.1?}; median {:.1}",
        median(scope_switches.clone())
    );
    println!(
        "of which the ranking request (ms): {ranking_fetches:.1?}; median {:.1}",
        median(ranking_fetches.clone())
    );
    println!(
        "round switch redraw (ms): {round_switches:.1?}; median {:.1}",
        median(round_switches.clone())
    );
    assert!(
        loads.iter().all(|t| t.is_finite()),
        "the ranking table never marked itself"
    );
}
