//! A client for the notes API of `spec/notes.yaml`, generated at build time
//! by `build.rs` (one call), with `apigen-runtime` as the crate's one
//! dependency.
//!
//! [`checked_in`] is the same API written by
//! `codegen generate --spec examples/consumer/spec --out examples/consumer/src/checked_in`:
//! plain module files that compile as they are, for crates that check their
//! client in instead of generating it in a build script (a test keeps it
//! up to date).
#![deny(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/apis.rs"));

/// The same APIs as the crate root, from files checked into `src/checked_in/`
/// (formatted by the generator, so `cargo fmt` leaves them alone).
#[rustfmt::skip]
pub mod checked_in;
