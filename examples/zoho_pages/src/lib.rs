//! Zoho CRM's client, generated at build time from the user's own copy of
//! its reference pages (see `build.rs`); empty where the pages are absent.

include!(concat!(env!("OUT_DIR"), "/apis.rs"));
