//! Issue 14: the public pages never load the staff bundle; a staff page opened first, by a deep
//! link, loads it and works; a click from a public page to a staff page loads it once; and the
//! first loads fit their byte budgets.

use scorecard_browser_tests::{Browser, Served, dist_dir, serve_demo};

/// What `dist/bundles.json` says of the bundle of `page`: its first-load wasm, and the files of
/// its group of lazy pages `group`.
fn bundle(page: &str, group: &str) -> (String, Vec<String>) {
    let bundle = manifest_entry(page);
    let wasm = (first_load(page).into_iter())
        .find(|f| f.ends_with(".wasm"))
        .expect("a first-load wasm");
    let group = (bundle["groups"][group].as_array())
        .unwrap_or_else(|| panic!("no group {group} in {page}: {bundle}"))
        .iter()
        .map(|f| format!("/{}", f.as_str().unwrap()))
        .collect();
    (format!("/{wasm}"), group)
}

/// The brotli bytes of `files` of `dist/` (what a browser asking for brotli downloads).
fn brotli_bytes(files: impl IntoIterator<Item = impl AsRef<str>>) -> u64 {
    files
        .into_iter()
        .map(|file| {
            let path = dist_dir().join(format!("{}.br", file.as_ref().trim_start_matches('/')));
            std::fs::metadata(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .len()
        })
        .sum()
}

/// The entry of `page` in `dist/bundles.json`.
fn manifest_entry(page: &str) -> serde_json::Value {
    let path = dist_dir().join("bundles.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    (manifest["bundles"].as_array().unwrap().iter())
        .find(|b| b["page"] == page)
        .unwrap_or_else(|| panic!("no {page} in {text}"))
        .clone()
}

/// The files of the first load of `page` (page, script, loader, wasm, stylesheet).
fn first_load(page: &str) -> Vec<String> {
    (manifest_entry(page)["first_load"].as_array().unwrap().iter())
        .map(|f| f.as_str().unwrap().to_owned())
        .collect()
}

/// Issue 14's byte budgets, which are sizes, not timings: a public page's first load at most
/// 250 kB of brotli, and an inspector's first page (the staff bundle and the inspector's
/// chunks) at most 200 kB more.
#[test]
fn the_first_loads_fit_their_budgets() {
    let public = brotli_bytes(first_load("index.html"));
    assert!(
        public <= 250_000,
        "the public first load is {public} bytes of brotli"
    );
    let (_, work) = bundle("staff.html", "draw_work");
    let inspector = brotli_bytes(first_load("staff.html").iter().chain(&work));
    assert!(
        inspector <= public + 200_000,
        "an inspector's first page is {inspector} bytes of brotli, the public first load {public}"
    );
}

/// `first` and then `later`, sorted after it (the chunks come in any order).
fn files(first: &str, later: &[String]) -> Vec<String> {
    let mut later = later.to_vec();
    later.sort();
    std::iter::once(first.to_owned()).chain(later).collect()
}

async fn wasm_loaded(browser: &Browser) -> Vec<String> {
    let names = browser
        .run(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)
                 .filter(n => n.endsWith('.wasm'));",
        )
        .await;
    let mut names: Vec<String> = (names.as_array().unwrap().iter())
        .map(|n| n.as_str().unwrap().to_owned())
        .collect();
    // The first-load wasm first (it is preloaded by the page), then the chunks, sorted.
    names[1..].sort();
    names
}

#[tokio::test]
async fn public_pages_never_load_the_staff_bundle_and_staff_pages_do() {
    let (public, later_public) = bundle("index.html", "draw_public");
    let (staff, review) = bundle("staff.html", "draw_review");
    assert_ne!(public, staff);
    assert!(!later_public.is_empty() && !review.is_empty());
    let served = serve_demo().await;
    let browser = Browser::start(1280, 800).await;

    // A reader of published results: the overview and the rankings are in the first load; the
    // matrix, a profile and the trends fetch the public pages' chunk, and nothing of the staff.
    for (path, expected) in [
        ("/rounds/2019", files(&public, &[])),
        ("/rounds/2019/rankings", files(&public, &[])),
        ("/rounds/2019/matrix", files(&public, &later_public)),
        ("/organizations/btc", files(&public, &later_public)),
        ("/trends", files(&public, &later_public)),
    ] {
        browser.open(&served, path).await;
        browser.text_of("#main h1").await;
        assert_eq!(wasm_loaded(&browser).await, expected, "{path}");
    }

    // Signed in as the reviewer, a deep link to the review queue loads the staff bundle and the
    // reviewer's pages only.
    browser.sign_in(&served, "truongdoan").await;
    browser.open(&served, "/review").await;
    browser
        .wait_for_text("#queue-2026", "Kiểm tra Chính phủ số năm 2026")
        .await;
    assert_eq!(wasm_loaded(&browser).await, files(&staff, &review));

    // From a public page, the navigation's link to the queue loads the staff bundle once.
    browser.open(&served, "/rounds/2019/rankings").await;
    browser.text_of("#ranking-table").await;
    assert_eq!(wasm_loaded(&browser).await, files(&public, &[]));
    browser.click("a[href=\"/review\"]").await;
    browser
        .wait_for_text("#queue-2026", "Kiểm tra Chính phủ số năm 2026")
        .await;
    assert_eq!(wasm_loaded(&browser).await, files(&staff, &review));
    browser.assert_no_panic().await;
    browser.close().await;
}

/// Chunks held back, refused (`__refuse`) or refused the first time only (`__refuseOnce`) by a
/// wrapper around `fetch`, which the split's loader calls for them.
const HOLD_CHUNKS: &str = "
    window.__held = [];
    window.__tries = {};
    const original = window.fetch;
    window.fetch = (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (!url.includes('/chunk-')) return original(input, init);
        window.__tries[url] = (window.__tries[url] ?? 0) + 1;
        if (window.__refuse || (window.__refuseOnce && window.__tries[url] === 1)) {
            return Promise.reject(new TypeError('offline'));
        }
        if (window.__refuseOnce) return original(input, init);
        return new Promise(resolve => window.__held.push(() => resolve(original(input, init))));
    };
    return null;";

/// A new browser on the rankings, whose chunks are then held back, or refused as `refusal`
/// says (`__refuseOnce` or `__refuse`, see [`HOLD_CHUNKS`]), after a click on the matrix.
async fn to_the_matrix_with_chunks(served: &Served, refusal: Option<&str>) -> Browser {
    let browser = Browser::start(1280, 800).await;
    browser.open(served, "/rounds/2019/rankings").await;
    browser.text_of("#ranking-table").await;
    browser.run(HOLD_CHUNKS).await;
    if let Some(refusal) = refusal {
        browser
            .run(&format!("window.{refusal} = true; return null;"))
            .await;
    }
    browser.click("a[href=\"/rounds/2019/matrix\"]").await;
    browser
}

async fn loading_states(browser: &Browser) -> u64 {
    let count = browser
        .run("return document.querySelectorAll('#main .status-loading').length;")
        .await;
    count.as_u64().unwrap()
}

/// A page fetched later says it is loading until its code is there, then works; a chunk whose
/// first fetch fails is fetched again; one that cannot be fetched at all leaves the app's notice
/// in both languages, not a blank page.
#[tokio::test]
async fn a_page_fetched_later_shows_its_loading_state_then_the_page() {
    let served = serve_demo().await;
    let browser = to_the_matrix_with_chunks(&served, None).await;
    browser.wait_for_count("#main .status-loading", 1).await;
    browser
        .run("window.__held.forEach(go => go()); return null;")
        .await;
    browser.wait_for_text("#main h1", "Ma trận").await;
    assert_eq!(loading_states(&browser).await, 0);
    browser.assert_no_panic().await;
    browser.close().await;

    let browser = to_the_matrix_with_chunks(&served, Some("__refuseOnce")).await;
    browser.wait_for_text("#main h1", "Ma trận").await;
    let tries = browser.run("return Object.values(window.__tries);").await;
    assert_eq!(tries, serde_json::json!([2]), "one failure, one success");
    browser.assert_no_panic().await;
    browser.close().await;

    let browser = to_the_matrix_with_chunks(&served, Some("__refuse")).await;
    let notice = browser.text_of("#panic-report").await;
    assert!(
        notice.contains("tải lại") || notice.contains("Tải lại"),
        "{notice}"
    );
    assert!(notice.to_lowercase().contains("reload"), "{notice}");
    browser.close().await;
}
