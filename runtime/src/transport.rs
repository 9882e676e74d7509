//! Sending requests with reqwest (rustls, no OpenSSL), one `tracing` span
//! per request: [`Client::send`] sends any operation of one API.

use std::fmt;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;

use crate::{
    AccessToken, BaseUrl, Error, Operation, RequestBody, Response, TransportError,
    TransportErrorKind,
};

impl TransportError {
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
}

/// Sends the requests of one generated API: a token, one of the API's
/// servers (its generated `Server`) and a timeout.
///
/// Cheap to clone; clones share one connection pool. Its `Debug` output
/// never shows the token.
///
/// ```no_run
/// # async fn run<O: apigen_runtime::Operation<Server = S>, S: apigen_runtime::BaseUrl>(server: S, request: O) {
/// use apigen_runtime::{AccessToken, Client};
///
/// let client = Client::new(AccessToken::new("token"), server).unwrap();
/// let outcome = client.send(request).await;
/// # }
/// ```
#[derive(Clone)]
pub struct Client<S> {
    client: reqwest::Client,
    token: AccessToken,
    server: S,
}

impl<S: fmt::Debug> fmt::Debug for Client<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("server", &self.server)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl<S: BaseUrl> Client<S> {
    /// The timeout of [`Client::new`]: 60 seconds for a whole exchange.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// A client for `server`, signing requests with `token`.
    pub fn new(token: AccessToken, server: S) -> Result<Self, TransportError> {
        Self::with_timeout(token, server, Self::DEFAULT_TIMEOUT)
    }

    /// A client whose exchanges (connect, upload, response) time out after `timeout`.
    pub fn with_timeout(
        token: AccessToken,
        server: S,
        timeout: Duration,
    ) -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(concat!("apigen-runtime/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
        Ok(Client {
            client,
            token,
            server,
        })
    }

    /// Where requests go.
    pub fn server(&self) -> &S {
        &self.server
    }

    /// The token requests are signed with.
    pub fn token(&self) -> &AccessToken {
        &self.token
    }

    /// Sends `request` and parses the response, inside a `tracing` span
    /// named `request` with the operation, method, URL (without query),
    /// status and duration.
    pub async fn send<O: Operation<Server = S>>(
        &self,
        request: O,
    ) -> Result<O::Output, Error<O::Error>> {
        let operation = O::NAME;
        let request = request.into_http_request(&self.server, &self.token)?;
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
        let response = result.map_err(Error::Transport)?;
        span.record("status", response.status().as_u16());
        O::parse_response(response)
    }

    async fn exchange(
        &self,
        request: http::Request<RequestBody>,
    ) -> Result<Response, TransportError> {
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
        Ok(Response::new(status, headers, body.freeze()))
    }
}
