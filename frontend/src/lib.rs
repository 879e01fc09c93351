//! The browser front end of egov-scorecard: Leptos views over the JSON API, Vietnamese first
//! with an English switch.
//!
//! `cargo xtask dist` builds this crate for `wasm32-unknown-unknown`; the views, the HTTP calls
//! and the start function exist only there. The pure logic (labels, formatting, addresses,
//! view models, charts) builds everywhere, so `cargo test -p scorecard-frontend` runs it
//! natively.

// The public bundle (without `staff`) leaves the pages of signed-in work out on purpose
// (issue 14): what only they use is unused there, and `cargo clippy --features staff` checks it.
#![cfg_attr(
    all(target_arch = "wasm32", not(feature = "staff")),
    allow(dead_code, unused_imports)
)]

pub mod addresses;
pub mod charts;
pub mod errors;
pub mod format;
pub mod i18n;
pub mod rounds;
pub mod view_model;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod context;
#[cfg(target_arch = "wasm32")]
mod pages;
#[cfg(target_arch = "wasm32")]
mod platform;

/// Starts the app when the browser has loaded the module: panics are reported on the page
/// and in the console, and the app is mounted into `<body>`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    platform::report_panics_on_the_page();
    pages::staff::remember_start();
    leptos::mount::mount_to_body(app::App);
}
