//! Fuzz target: see `scorecard_fuzz::catalog_file`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| scorecard_fuzz::catalog_file(data));
