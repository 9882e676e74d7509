//! Hand-written support shared by every generated API: tokens, multipart
//! bodies, URL building, scope checks and the fallback for undocumented
//! responses. Generated code calls into this module; nothing here is generated.

mod auth;
mod error;
mod multipart;
mod scopes;
#[cfg(feature = "reqwest")]
mod transport;
mod url_builder;

pub use auth::AccessToken;
pub use error::{
    OperationError, RequestError, UnhandledReason, UnhandledResponse, UnsupportedFileType,
};
pub use multipart::{FilePart, MultipartBody, RequestBody};
pub use scopes::{MissingScopes, ScopeExpr, ScopeValue};
#[cfg(feature = "reqwest")]
pub use transport::{Error, HttpClient, TransportError, TransportErrorKind};
pub use url_builder::UrlBuilder;

/// Type-state marker: a mandatory input of a request builder not given yet.
///
/// A builder whose type still holds `Missing` has no `build()` that
/// compiles; the compiler names the missing input.
#[derive(Debug, Clone, Copy, Default)]
pub struct Missing;

/// How a parameter value is written in a URL, header or form field.
pub trait WireValue {
    /// The value as the vendor expects it on the wire.
    fn to_wire(&self) -> String;
}

impl WireValue for String {
    fn to_wire(&self) -> String {
        self.clone()
    }
}

impl WireValue for i64 {
    fn to_wire(&self) -> String {
        self.to_string()
    }
}

impl WireValue for f64 {
    fn to_wire(&self) -> String {
        self.to_string()
    }
}

impl WireValue for bool {
    fn to_wire(&self) -> String {
        self.to_string()
    }
}

/// A header parameter's value, refused when it holds characters a header
/// cannot carry (such as a newline).
pub fn header_value(name: &'static str, value: String) -> Result<http::HeaderValue, RequestError> {
    http::HeaderValue::try_from(value).map_err(|_| RequestError::InvalidHeaderValue { name })
}

/// Decodes a JSON body into `T`, keeping status, headers and body when it
/// does not fit.
pub fn decode_json<T: serde::de::DeserializeOwned>(
    status: http::StatusCode,
    headers: &http::HeaderMap,
    body: bytes::Bytes,
) -> Result<T, UnhandledResponse> {
    serde_json::from_slice(&body).map_err(|e| {
        UnhandledResponse::new(
            status,
            headers.clone(),
            body,
            UnhandledReason::MalformedBody(e.to_string()),
        )
    })
}
