//! Fuzz target: see `scorecard_fuzz::pdf_analysis`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| scorecard_fuzz::pdf_analysis(data));
