//! The egov-scorecard server: glue between HTTP, the domain rules and the store.
//!
//! Handlers parse the request, call the product's operations (`scorecard-service`) as the
//! signed-in caller, and answer JSON or files; errors become `application/problem+json` through
//! [`error::ApiError`]. The command line is the other adapter over the same operations.

pub mod analysis;
pub mod app;
pub mod auth;
pub mod cli;
pub mod deployment;
pub mod error;
mod headers;
pub mod limiter;
mod request_id;
pub mod routes;
pub mod state;
mod static_files;

pub use app::{AppState, Config, router, spawn};
