//! Sending requests with reqwest (rustls, no OpenSSL), one `tracing` span
//! per request. Generated `Client`s and `send` methods call [`HttpClient`].

use std::fmt;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;

use super::{AccessToken, OperationError, RequestBody, RequestError, UnhandledResponse};

/// The outcome of sending one operation: transport failures, documented
/// errors and undocumented responses apart.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request could not be built (invalid base URL, token or header value).
    Request(RequestError),
    /// The exchange failed: connect, TLS, timeout, or a body cut short.
    Transport(TransportError),
    /// The vendor answered with an error it documents for this operation.
    Api(E),
    /// The vendor answered with something it does not document (status,
    /// code or body shape); status, headers and raw body are kept.
    Undocumented(UnhandledResponse),
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Request(e) => write!(f, "cannot build the request: {e}"),
            Error::Transport(e) => write!(f, "{e}"),
            Error::Api(e) => write!(f, "the API returned an error: {e}"),
            Error::Undocumented(r) => write!(f, "{r}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Request(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Api(e) => Some(e),
            Error::Undocumented(_) => None,
        }
    }
}

/// What went wrong on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection: refused, unreachable, DNS or TLS handshake.
    Connect,
    /// The timeout elapsed.
    Timeout,
    /// Sending the request body failed (such as a file read error).
    RequestBody,
    /// The response body was cut short or could not be read.
    ResponseBody,
    /// Anything else reqwest reports.
    Other,
}

/// A failed exchange. The token is never part of it.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    status: Option<http::StatusCode>,
    partial_body: Option<Bytes>,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            status: None,
            partial_body: None,
            source: source.into(),
        }
    }

    fn from_reqwest(e: reqwest::Error) -> Self {
        let kind = if e.is_timeout() {
            TransportErrorKind::Timeout
        } else if e.is_connect() {
            TransportErrorKind::Connect
        } else if e.is_body() || e.is_request() {
            TransportErrorKind::RequestBody
        } else {
            TransportErrorKind::Other
        };
        Self::new(kind, e)
    }

    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The status, when a response had started.
    pub fn status(&self) -> Option<http::StatusCode> {
        self.status
    }

    /// The bytes of the response body received before it was cut short.
    pub fn partial_body(&self) -> Option<&Bytes> {
        self.partial_body.as_ref()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "cannot connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::RequestBody => "sending the request body failed",
            TransportErrorKind::ResponseBody => "reading the response body failed",
            TransportErrorKind::Other => "HTTP error",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// A reqwest client and the token it sends: the shared half of every
/// generated `Client`.
#[derive(Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    token: AccessToken,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client with rustls and the given timeout for a whole exchange.
    pub fn new(token: AccessToken, timeout: Duration) -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(concat!("apigen-generated/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
        Ok(HttpClient { client, token })
    }

    /// The token requests are signed with.
    pub fn token(&self) -> &AccessToken {
        &self.token
    }

    /// Sends a built request and parses the response with the operation's
    /// `parse_response`, inside a `tracing` span named `request` with the
    /// operation, method, URL (without query), status and duration.
    pub async fn execute<T, E: OperationError>(
        &self,
        operation: &'static str,
        request: http::Request<RequestBody>,
        parse: fn(http::StatusCode, &http::HeaderMap, Bytes) -> Result<T, E>,
    ) -> Result<T, Error<E>> {
        let url = {
            let uri = request.uri();
            format!(
                "{}://{}{}",
                uri.scheme_str().unwrap_or("https"),
                uri.authority().map(|a| a.as_str()).unwrap_or(""),
                uri.path()
            )
        };
        let span = tracing::info_span!(
            "request",
            operation,
            method = %request.method(),
            url = %url,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = tracing::Instrument::instrument(self.exchange(request), span.clone()).await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        let (status, headers, body) = result.map_err(Error::Transport)?;
        span.record("status", status.as_u16());
        match parse(status, &headers, body) {
            Ok(value) => Ok(value),
            Err(e) => Err(match e.into_unhandled() {
                Ok(unhandled) => Error::Undocumented(unhandled),
                Err(documented) => Error::Api(documented),
            }),
        }
    }

    async fn exchange(
        &self,
        request: http::Request<RequestBody>,
    ) -> Result<(http::StatusCode, http::HeaderMap, Bytes), TransportError> {
        let (parts, body) = request.into_parts();
        let body = match body {
            RequestBody::Empty => reqwest::Body::from(Bytes::new()),
            RequestBody::Multipart(m) => reqwest::Body::wrap_stream(m.into_stream()),
        };
        let request = http::Request::from_parts(parts, body);
        let request = reqwest::Request::try_from(request)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
        let mut response = self
            .client
            .execute(request)
            .await
            .map_err(TransportError::from_reqwest)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        // Read chunk by chunk, so that a body cut short keeps what arrived.
        let mut body = BytesMut::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            match chunk {
                Ok(bytes) => body.extend_from_slice(&bytes),
                Err(e) => {
                    let mut err = TransportError::from_reqwest(e);
                    if err.kind != TransportErrorKind::Timeout {
                        err.kind = TransportErrorKind::ResponseBody;
                    }
                    err.status = Some(status);
                    err.partial_body = Some(body.freeze());
                    return Err(err);
                }
            }
        }
        Ok((status, headers, body.freeze()))
    }
}
