//! A mock of a generated API for consumers' own tests (the `mock` feature):
//! a real HTTP server on 127.0.0.1 that checks every request against the
//! spec and answers with typed values.
//!
//! Generated code gives each API a `mock::MockServer` (with one typed
//! accessor per operation) over the [`MockServer`] here, and implements
//! [`MockOperation`] for each request and [`MockError`] for each error enum.
//!
//! ```ignore
//! let mock = zoho_crm::mock::MockServer::start().await?;
//! mock.upload_attachment().once().error(UploadAttachmentError::NoPermission(body));
//! // An error documented for a class of statuses (`5XX`) or as the default:
//! // the test says which status the vendor sends.
//! mock.upload_attachment().once().error_with_status(503, UploadAttachmentError::ServerError(body));
//! let client = Client::new();
//! let result = client.send(&mock.server(), &token, request).await;
//! assert_eq!(mock.upload_attachment().received()[0].record_id, "1");
//! ```
//!
//! A request that matches no operation, or breaks the spec of the one it
//! matches, is answered `400 Bad Request` with the reasons as text, and is
//! kept as a [`Violation`]: dropping the server with violations not taken
//! ([`MockServer::take_violations`]) panics with all of them, so that the
//! test fails even where the client's error was swallowed.

mod decode;
mod examples;
mod reply;
mod security;
mod server;

pub use decode::{
    allowed, body_file, documented, file, json as json_value, nullable, text, typed_file, Decoder,
    Place, Raw, ReceivedPart, WireRequest,
};
pub use examples::{Example, Outcome};
pub use reply::{body, to_json, write_event, Answer, ErrorStatus, MockError, MockEvent, Reply};
/// JSON literals for [`body`], without a dependency on `serde_json`.
pub use serde_json::json;
pub use server::{Mock, MockServer, MockServerBuilder, Violation};

use crate::Operation;

/// What the spec says an operation's requests look like, beyond its
/// inputs: generated as a constant for each operation.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// The HTTP method, such as `POST`.
    pub method: &'static str,
    /// The path after the base URL: literal text and parameters.
    pub path: &'static [PathPiece],
    /// Headers with one documented value, such as `Version: 2021-04-15`.
    pub fixed_headers: &'static [(&'static str, &'static str)],
    /// The kind of body the operation sends.
    pub body: BodyKind,
}

/// A piece of a route's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPiece {
    /// Text as written in the spec (`/crm/v7/`).
    Literal(&'static str),
    /// A path parameter, by its name in the spec (`record_id`).
    Param(&'static str),
}

/// The body an operation sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// No body.
    None,
    /// `multipart/form-data`.
    Multipart,
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    FormUrlEncoded,
    /// A file as the whole body, of this media type.
    Binary(&'static str),
}

/// An operation the mock can receive: implemented by generated request types.
pub trait MockOperation: Operation + Send + 'static
where
    Self::Error: MockError,
{
    /// The operation's method, path, fixed headers and body kind.
    const ROUTE: Route;

    /// Whether a request must carry the body of [`Route::body`]; `false`
    /// (the spec's `body.required: false`): a request without one (empty,
    /// and without `Content-Type`) is accepted, and its inputs read as not
    /// sent. A required body not sent is refused.
    const BODY_REQUIRED: bool = true;

    /// A success as the vendor sends it: its status and body.
    fn success(output: &Self::Output) -> Reply;

    /// The default answer: the spec's example success, or a success without
    /// content; `None` when the spec has neither.
    fn example() -> Option<Reply>;

    /// The typed request for what was received; every way it departs from
    /// the spec goes to `decoder` (and the result is then `None`).
    fn from_wire(decoder: &mut Decoder<'_>) -> Option<Self>;
}
