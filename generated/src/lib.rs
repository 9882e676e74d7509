//! Typed clients for the vendor APIs described in the workspace's `spec/`
//! directory, generated at build time by `apigen-codegen`, on the runtime
//! `apigen-runtime` (re-exported as [`runtime`]).
//!
//! Each API is a module ([`zoho_crm`], [`highlevel`]). Each operation is a
//! module inside it with:
//! - a request builder that refuses, at compile time, a request missing a
//!   documented mandatory input;
//! - the request's [`runtime::Operation`] impl: `into_http_request` turns it
//!   into an `http::Request` (sans-IO: send it with any HTTP stack) and
//!   `parse_response` turns the response into the typed body, a documented
//!   error ([`runtime::Error::Api`]) or the undocumented response kept whole
//!   ([`runtime::Error::Undocumented`]); its OAuth scopes, and `check_scopes`;
//! - an error enum with one variant per documented error.
//!
//! With the `reqwest` feature, [`runtime::Client`] sends any of them.
//!
//! # Cargo features
//!
//! | feature | default | what |
//! |---|---|---|
//! | `zoho_crm`, `highlevel` | yes | one per API: only enabled APIs are generated and compiled |
//! | `reqwest` | yes | [`runtime::Client`] (reqwest with rustls); implies `tokio` |
//! | `tokio` | with `reqwest` | `FilePart::from_path` and `from_tokio_read`, streamed file parts |
//! | `mock` | no | each API's typed mock server (`zoho_crm::mock::MockServer`, ...) for tests of code that uses the clients; see `runtime::mock` |
//!
//! Without default features the crate is sans-IO: build `http::Request`s and
//! parse responses with any HTTP stack.
//!
//! ```
//! use generated::runtime::{AccessToken, FilePart, Operation};
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

#[doc(inline)]
pub use apigen_runtime as runtime;

include!(concat!(env!("OUT_DIR"), "/apis.rs"));
