//! The code generated from `spec/kinds.yaml`, a spec that uses every kind of
//! operation the format has, compiled with every warning and missing doc
//! denied (clippy and rustdoc run over it in CI too). `tests/` sends each
//! kind end to end.
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/apis.rs"));
