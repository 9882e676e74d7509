//! Typed clients for the vendor APIs described in the workspace's `spec/`
//! directory, generated at build time by the `codegen` crate.
//!
//! Each API is a module ([`zoho_crm`], [`highlevel`]). Each operation is a
//! module inside it with:
//! - a request builder that refuses, at compile time, a request missing a
//!   documented mandatory input;
//! - `into_http_request`, which turns the request into an [`http::Request`]
//!   (sans-IO: send it with any HTTP stack);
//! - `parse_response`, which turns status, headers and body into the typed
//!   response or the operation's error enum;
//! - the operation's OAuth scopes as data, and `check_scopes`;
//! - with the `reqwest` feature, `send(&client)` on the request and on a
//!   complete builder, with a `Client` per API.
//!
//! # Cargo features
//!
//! | feature | default | what |
//! |---|---|---|
//! | `zoho_crm`, `highlevel` | yes | one per API: only enabled APIs are generated and compiled |
//! | `reqwest` | yes | the async `Client`s (reqwest with rustls) and `send`; implies `tokio` |
//! | `tokio` | with `reqwest` | `FilePart::from_path` and `from_tokio_read`, streamed file parts |
//!
//! Without default features the crate is sans-IO: build `http::Request`s and
//! parse responses with any HTTP stack.
//!
//! ```
//! use generated::runtime::{AccessToken, FilePart};
//! use generated::zoho_crm::{upload_attachment::UploadAttachmentRequest, Module, Server};
//!
//! let request = UploadAttachmentRequest::builder()
//!     .module(Module::Leads)
//!     .record_id("1000000231009")
//!     .file(FilePart::from_bytes("attachment1.txt", "hello"))
//!     .build();
//! let token = AccessToken::new("1000.8cb99d.9b8f");
//! let http = request.into_http_request(&Server::Us, &token).unwrap();
//! assert_eq!(
//!     http.uri(),
//!     "https://www.zohoapis.com/crm/v7/Leads/1000000231009/Attachments"
//! );
//! ```
#![deny(missing_docs)]

pub mod runtime;

include!(concat!(env!("OUT_DIR"), "/apis.rs"));
