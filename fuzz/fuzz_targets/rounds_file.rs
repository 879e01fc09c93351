//! Fuzz target: see `scorecard_fuzz::rounds_file`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| scorecard_fuzz::rounds_file(data));
