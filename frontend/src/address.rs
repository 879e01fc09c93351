//! The address bar: which round the URL asks for, and recording the reader's choice in history.
//!
//! No router crate yet; the page has one route and one parameter, `?round=ID`.

use leptos::prelude::window;
use wasm_bindgen::JsValue;

use crate::rounds::{query_with_round, round_in_query};

/// The round named by `?round=` in the current address, if any.
pub fn requested_round() -> Option<String> {
    let search = window().location().search().ok()?;
    round_in_query(&search)
}

/// Records a round the reader picked as a new history entry, so Back returns to the previous
/// round.
pub fn push_round(id: &str) {
    let location = window().location();
    let path = location.pathname().unwrap_or_else(|_| "/".to_owned());
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = format!("{path}{}{hash}", query_with_round(&search, id));
    // Failing to update history (some sandboxed frames forbid it) only leaves the address bar
    // behind; the page itself has already switched rounds, so the error is not worth showing.
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}
