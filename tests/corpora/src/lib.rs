//! The clients generated from every real vendor file of the corpus
//! (HighLevel's 41 files, GitHub, Oxide, Twilio, Box and the other files of
//! `tests/fixtures/openapi/`; Zoho CRM's 12 and HubSpot's, reference only,
//! from the shared folder where it is), imported without corrections and
//! compiled with every warning and missing doc denied. Empty without a
//! feature; CI runs `cargo clippy -p corpora --features all -- -D warnings`
//! over it once.
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/apis.rs"));
