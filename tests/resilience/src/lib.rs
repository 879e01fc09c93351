//! Proof under load, faults and bad input: a harness that drives a real `scorecard` process
//! from outside (HTTP, SIGKILL, the command line) and the writers whose acknowledged saves are
//! checked after every crash.
//!
//! `server/tests/crash.rs` runs [`crash::run`] against the binary Cargo builds for it, and
//! `cargo xtask bench` runs it for many more cycles against the release binary. The tests of
//! this crate (`tests/`) cover load, malformed HTTP input and the fuzz seed corpus.

pub mod crash;
pub mod process;
pub mod rng;
pub mod writes;
