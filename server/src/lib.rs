//! The egov-scorecard server: glue between HTTP, the domain rules and the store.
//!
//! Handlers parse the request, ask the store, let `scorecard-domain` compute, and answer JSON;
//! errors become `application/problem+json` through [`error::ApiError`].

pub mod app;
pub mod auth;
pub mod cache;
pub mod cli;
pub mod error;
mod headers;
mod request_id;
pub mod routes;
mod static_files;
pub mod transfer;

pub use app::{AppState, Config, router, spawn};
