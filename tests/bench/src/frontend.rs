//! What the browser pays: the bundle's bytes, raw and brotli, and the time to the ranking
//! table in headless Chromium over cold loads.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use crate::{Row, median};

/// The built front end: `$SCORECARD_DIST`, else `dist/` of the workspace.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("SCORECARD_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dist"))
}

/// Sizes of the first load of each bundle (issue 14), as `dist/bundles.json` lists its files
/// (the page, the JS and the split's loader it imports, the wasm, the CSS), with the `.br`
/// files served in their place; and what each group of lazy pages adds the first time one of
/// its pages is shown.
pub fn bench_bundle(rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let dist = dist_dir();
    let Ok(manifest) = std::fs::read_to_string(dist.join("bundles.json")) else {
        println!(
            "note: bundle sizes skipped: {} is not built (`cargo xtask dist`)",
            dist.display()
        );
        return Ok(());
    };
    let manifest: serde_json::Value = serde_json::from_str(&manifest).context("dist/bundles.json")?;
    let names = |files: &serde_json::Value| -> Vec<String> {
        (files.as_array().into_iter().flatten())
            .filter_map(|f| f.as_str().map(str::to_owned))
            .collect()
    };
    let sizes = |files: &[String]| -> anyhow::Result<(u64, u64)> {
        let (mut raw, mut brotli) = (0, 0);
        for name in files {
            let file = dist.join(name);
            let size = std::fs::metadata(&file)
                .with_context(|| format!("{name} of bundles.json"))?
                .len();
            raw += size;
            brotli += std::fs::metadata(format!("{}.br", file.display())).map_or(size, |m| m.len());
        }
        Ok((raw, brotli))
    };
    let kb = |bytes: u64| bytes as f64 / 1e3;
    let mut public_first = None;
    for bundle in manifest["bundles"].as_array().into_iter().flatten() {
        let page = bundle["page"].as_str().unwrap_or("?");
        let first = names(&bundle["first_load"]);
        for name in &first {
            let (raw, brotli) = sizes(std::slice::from_ref(name))?;
            rows.push(Row {
                what: format!("bundle of {page}: {name}"),
                value: format!("{:.1} kB raw, {:.1} kB brotli", kb(raw), kb(brotli)),
                budget: "",
            });
        }
        let (raw, brotli) = sizes(&first)?;
        let public = page == "index.html";
        if public {
            public_first = Some(brotli);
        }
        rows.push(Row {
            what: format!("first load of {page}, {} files", first.len()),
            value: format!("{:.1} kB raw, {:.1} kB brotli", kb(raw), kb(brotli)),
            budget: if public { "≤ 250 kB (issue 14)" } else { "" },
        });
        let groups = bundle["groups"].as_object().into_iter().flatten();
        for (group, files) in groups {
            let files = names(files);
            let (group_raw, group_brotli) = sizes(&files)?;
            let total = brotli + group_brotli;
            let beside_public = match public_first {
                Some(first) if !public => {
                    format!(
                        ", {:.1} kB above the public first load",
                        kb(total.saturating_sub(first))
                    )
                }
                _ => String::new(),
            };
            rows.push(Row {
                what: format!(
                    "… the first page of `{group}` from {page}: + {} files",
                    files.len()
                ),
                value: format!(
                    "+ {:.1} kB raw, + {:.1} kB brotli: {:.1} kB brotli in all{beside_public}",
                    kb(group_raw),
                    kb(group_brotli),
                    kb(total)
                ),
                budget: if group == "draw_work" {
                    "≤ public first load + 200 kB"
                } else {
                    ""
                },
            });
        }
    }
    Ok(())
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}

/// Opens `/rounds/2019/rankings` in a new headless Chromium (a fresh profile: a cold cache)
/// five times; the time from navigation to the first row of the ranking table.
/// Chromium's network conditions (chromedriver's `chromium/network_conditions` command).
#[derive(Debug)]
struct Throttle {
    /// Added round-trip latency.
    latency_ms: u32,
    download_bytes_per_second: u32,
    upload_bytes_per_second: u32,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Throttle {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/chromium/network_conditions",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({
            "network_conditions": {
                "offline": false,
                "latency": self.latency_ms,
                "download_throughput": self.download_bytes_per_second,
                "upload_throughput": self.upload_bytes_per_second,
            }
        });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// A provincial connection: 1.6 Mbps down, 750 kbps up, 150 ms round trip (Chromium's "Fast
/// 3G" figures).
const PROVINCIAL: Throttle = Throttle {
    latency_ms: 150,
    download_bytes_per_second: 1_600_000 / 8,
    upload_bytes_per_second: 750_000 / 8,
};

/// Navigation start → ranking table drawn, cold, on loopback and on a provincial connection,
/// each beside the moment the page's last byte arrived (every file and API answer it fetched):
/// what is left beyond that is the app's own work.
pub async fn bench_browser(rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let has_browser = std::env::var_os("CHROMIUM").is_some()
        || ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .any(|n| on_path(n));
    let has_driver = std::env::var_os("CHROMEDRIVER").is_some() || on_path("chromedriver");
    if !has_browser || !has_driver {
        println!("note: time to the ranking table skipped: chromium and chromedriver are not installed");
        return Ok(());
    }
    if !dist_dir().join("index.html").is_file() {
        println!("note: time to the ranking table skipped: the front end is not built (`cargo xtask dist`)");
        return Ok(());
    }
    // The harness finds the bundle through SCORECARD_DIST or the workspace's dist/ as here.
    let served = scorecard_browser_tests::serve_demo().await;
    for (profile, throttle, budget) in [
        ("loopback", None, "< 1 s"),
        ("provincial: 1.6 Mbps, 150 ms", Some(&PROVINCIAL), "< 3 s"),
    ] {
        let (mut drawn, mut bytes, mut driven) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..5 {
            // A new browser with an empty profile each time: nothing cached.
            let browser = scorecard_browser_tests::Browser::start(1280, 900).await;
            if let Some(throttle) = throttle {
                let copy = Throttle { ..*throttle };
                browser.client.issue_cmd(copy).await?;
            }
            let start = Instant::now();
            browser.open(&served, "/rounds/2019/rankings").await;
            browser.text_of("#ranking-table tbody tr").await;
            driven.push(start.elapsed().as_secs_f64() * 1000.0);
            // The app marks the moment the table is drawn; its start time counts from the
            // navigation's start, which is what a reader waits through.
            let mark = browser
                .run("return performance.getEntriesByName('scorecard:ranking-table')[0].startTime")
                .await;
            drawn.push(mark.as_f64().unwrap_or(f64::NAN));
            let last_byte = browser
                .run(
                    "return Math.max(...performance.getEntriesByType('navigation') \
                     .concat(performance.getEntriesByType('resource')).map(e => e.responseEnd))",
                )
                .await;
            bytes.push(last_byte.as_f64().unwrap_or(f64::NAN));
            browser.close().await;
        }
        let (drawn, bytes) = (median(drawn), median(bytes));
        rows.push(Row {
            what: format!("navigation start → ranking table drawn, headless Chromium, cold (5 loads), {profile}"),
            value: format!(
                "{drawn:.0} ms; last byte in at {bytes:.0} ms ({:.2} × that); with WebDriver round trips {:.0} ms",
                drawn / bytes,
                median(driven)
            ),
            budget,
        });
    }
    switches(rows, &served).await
}

/// Waits, frame by frame, until the ranking's caption names something else than `before` over
/// a drawn table, then for one more frame (the one that shows it); answers the milliseconds
/// since `start`, or -1 after 5 s.
const UNTIL_REDRAWN: &str = "
    const caption = () => document.querySelector('#ranking-caption')?.textContent ?? '';
    const frame = () => new Promise(r => requestAnimationFrame(r));
    while (caption() === '' || caption() === before || !document.querySelector('#ranking-table tbody tr')) {
        if (performance.now() - start > 5000) return -1;
        await frame();
    }
    await frame();
    return performance.now() - start;";

/// Milliseconds from `action` (a script) to the new table drawn; `None` after 5 s.
async fn switch(browser: &scorecard_browser_tests::Browser, action: &str) -> Option<f64> {
    let answer = browser
        .run_async(&format!(
            "const before = document.querySelector('#ranking-caption')?.textContent;
             const start = performance.now();
             {action}
             {UNTIL_REDRAWN}"
        ))
        .await;
    answer.as_f64().filter(|ms| *ms >= 0.0)
}

/// Round and peer-group switches on the rankings page (loopback, warm: the page is open), from
/// the click to the new table drawn, as a reader switches them.
async fn switches(rows: &mut Vec<Row>, served: &scorecard_browser_tests::Served) -> anyhow::Result<()> {
    let browser = scorecard_browser_tests::Browser::start(1280, 900).await;
    browser.open(served, "/rounds/2019/rankings").await;
    browser.text_of("#ranking-table tbody tr").await;
    let (mut groups, mut rounds) = (Vec::new(), Vec::new());
    for (i, scope) in ["ministry", "agency", "all"].iter().cycle().take(6).enumerate() {
        let click = format!("document.querySelector('a.scope-option[data-scope=\"{scope}\"]').click();");
        groups.push(
            switch(&browser, &click)
                .await
                .context("the peer group did not switch")?,
        );
        let round = ["2020", "2021", "2019"][i % 3];
        let pick = format!(
            "const select = document.querySelector('#round-picker');
             select.value = '{round}';
             select.dispatchEvent(new Event('change', {{ bubbles: true }}));"
        );
        rounds.push(
            switch(&browser, &pick)
                .await
                .context("the round did not switch")?,
        );
    }
    browser.close().await;
    for (what, times) in [("peer group", groups), ("round", rounds)] {
        rows.push(Row {
            what: format!(
                "{what} switch on the rankings page, click → new table drawn (6 switches), loopback"
            ),
            value: format!(
                "{:.0} ms (slowest {:.0} ms)",
                median(times.clone()),
                times.iter().cloned().fold(0.0, f64::max)
            ),
            budget: "< 100 ms",
        });
    }
    Ok(())
}
