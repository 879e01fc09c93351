//! Fuzz target: see `scorecard_fuzz::records_json`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| scorecard_fuzz::records_json(data));
