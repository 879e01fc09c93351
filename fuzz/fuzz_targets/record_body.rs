//! Fuzz target: see `scorecard_fuzz::record_body`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| scorecard_fuzz::record_body(data));
