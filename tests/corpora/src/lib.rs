//! The clients generated from every real vendor file of `../shared`
//! (HighLevel's 41 files, Zoho CRM's 12, GitHub, Oxide, Twilio and the other
//! corpus files), imported without corrections and compiled with every
//! warning and missing doc denied. Empty without a feature; CI runs
//! `cargo clippy -p corpora --features all -- -D warnings` over it once.
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/apis.rs"));
