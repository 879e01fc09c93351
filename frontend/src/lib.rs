//! The browser front end of egov-scorecard: Leptos views over the JSON API, Vietnamese first.
//!
//! `cargo xtask dist` builds this crate for `wasm32-unknown-unknown`; the views, the HTTP calls
//! and the start function exist only there. The pure logic (`format`, `rounds`) builds
//! everywhere, so `cargo test -p scorecard-frontend` runs it natively.

pub mod format;
pub mod rounds;

#[cfg(target_arch = "wasm32")]
mod address;
#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod pages;

/// Starts the app when the browser has loaded the module: panics go to the console, and the
/// overview page is mounted into `<body>`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(pages::overview::Overview);
}
