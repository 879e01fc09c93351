//! What the app asks of the browser besides HTTP: remembering the language, the width of the
//! window for charts, timing marks, and reporting a panic on the page itself.

use leptos::prelude::{document, window};
use wasm_bindgen::JsCast;

use crate::i18n::{EN, Lang, VI};

/// Where the reader's language is remembered, per browser.
const LANG_KEY: &str = "scorecard-lang";

/// The language to start in: `?lang=vi|en` in the address (so a link can be shared in one
/// language), else the one remembered in this browser, else Vietnamese.
pub fn initial_lang() -> Lang {
    let search = window().location().search().unwrap_or_default();
    crate::addresses::query_value(&search, "lang")
        .and_then(|code| Lang::parse(&code))
        .unwrap_or_else(stored_lang)
}

/// The language remembered in this browser, Vietnamese when none is (or storage is blocked).
fn stored_lang() -> Lang {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(LANG_KEY).ok().flatten())
        .and_then(|code| Lang::parse(&code))
        .unwrap_or_default()
}

/// Remembers the reader's language and tells the browser (and screen readers) which it is.
pub fn apply_lang(lang: Lang) {
    // Private modes may refuse storage: the switch then lasts until the page is closed, which
    // is all that can be done, so the error is not shown.
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(LANG_KEY, lang.code());
    }
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// The width of the window in CSS pixels, for sizing charts.
pub fn viewport_width() -> u32 {
    // The root element's width leaves out a vertical scrollbar, unlike `innerWidth`.
    document()
        .document_element()
        .map(|root| root.client_width())
        .filter(|width| *width > 0)
        .map_or(1280, |width| width as u32)
}

/// Leaves a named mark on the page's performance timeline, which the timing test reads.
pub fn mark(name: &str) {
    if let Some(performance) = window().performance() {
        let _ = performance.mark(name);
    }
}

/// Sends panics to the console, as before, and also shows the reader what happened and what
/// to do: a blank or frozen page would say nothing.
pub fn report_panics_on_the_page() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panic_notice();
    }));
}

/// Adds the notice with plain DOM calls: after a panic the reactive system cannot be trusted.
fn show_panic_notice() {
    let document = document();
    if document.get_element_by_id("panic-report").is_some() {
        return;
    }
    let Ok(notice) = document.create_element("div") else {
        return;
    };
    notice.set_id("panic-report");
    notice.set_class_name("panic-report");
    let _ = notice.set_attribute("role", "alert");
    // Both languages: the language switch may be what broke.
    for (texts, lang) in [(&VI, "vi"), (&EN, "en")] {
        if let Ok(paragraph) = document.create_element("p") {
            let _ = paragraph.set_attribute("lang", lang);
            paragraph.set_text_content(Some(&format!("{} {}", texts.panic_title, texts.panic_body)));
            let _ = notice.append_child(&paragraph);
        }
    }
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(notice.unchecked_ref());
    }
}
