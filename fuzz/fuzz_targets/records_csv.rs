//! Fuzz target: see `scorecard_fuzz::records_csv`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| scorecard_fuzz::records_csv(data));
