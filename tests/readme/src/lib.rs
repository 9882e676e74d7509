//! The README's Rust examples, compiled by `cargo test` as this crate's
//! doctests (`no_run`: built, never run; the mock test is also
//! `tests/mock_readme.rs`, which runs). An example that no longer compiles
//! against the crates it shows fails the test run, as any other test.

#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct Readme;
