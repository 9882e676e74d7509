//! Sending requests with reqwest (rustls, no OpenSSL), one `tracing` span
//! per request: [`Client::send`] sends any operation of one API.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;

use crate::credentials::{Resolve, Resolved};
use crate::url_builder::RedactedUrl;
use crate::{
    Attempt, BaseUrl, Credentials, Error, HttpRequest, Operation, RateLimit, RequestBody, Response,
    RetryPolicy, TransportError, TransportErrorKind,
};

impl TransportError {
    /// Classifies a reqwest error. Its URL is left out of the message (a base
    /// URL may carry `user:password@`).
    fn from_reqwest(e: reqwest::Error) -> Self {
        let hyper = std::iter::successors(std::error::Error::source(&e), |e| e.source())
            .find_map(|e| e.downcast_ref::<hyper::Error>());
        let kind = if e.is_timeout() {
            TransportErrorKind::Timeout
        } else if e.is_connect() {
            TransportErrorKind::Connect
        } else if hyper
            .is_some_and(|h| h.is_parse() || h.is_parse_status() || h.is_incomplete_message())
        {
            TransportErrorKind::Protocol
        } else if e.is_body() || e.is_request() || hyper.is_some_and(|h| h.is_user()) {
            TransportErrorKind::RequestBody
        } else {
            TransportErrorKind::Other
        };
        Self::new(kind, e.without_url())
    }

    /// The error ended reading a response body after its head: a body cut
    /// short, whatever the stack calls it, unless it was a timeout.
    fn response_body(mut self, status: http::StatusCode, partial: Bytes) -> Self {
        if self.kind != TransportErrorKind::Timeout {
            self.kind = TransportErrorKind::ResponseBody;
        }
        self.after_head(status, partial)
    }

    /// A response body larger than `max`, keeping its first [`KEPT_HEAD`] bytes.
    fn too_large(status: http::StatusCode, mut body: BytesMut, what: &str, max: usize) -> Self {
        body.truncate(KEPT_HEAD);
        Self::new(
            TransportErrorKind::ResponseTooLarge,
            format!("the response {what} the client's limit of {max} bytes"),
        )
        .after_head(status, body.freeze())
    }

    /// The error came after the response head: its status, and the body so far.
    fn after_head(mut self, status: http::StatusCode, partial: Bytes) -> Self {
        self.status = Some(status);
        self.partial_body = Some(partial);
        self
    }
}

/// How much of an oversized response body a [`TransportErrorKind::ResponseTooLarge`]
/// error keeps.
const KEPT_HEAD: usize = 64 * 1024;

/// Timeouts and limits of a [`Client`]; see [`Client::builder`].
#[derive(Debug, Clone, Copy)]
struct Limits {
    connect: Duration,
    idle: Duration,
    total: Option<Duration>,
    max_response_bytes: usize,
    max_pages: usize,
    max_walk_bytes: u64,
    max_walk_items: Option<u64>,
}

/// Sends the requests of one generated API: a token, one of the API's
/// servers (its generated `Server`), timeouts and limits.
///
/// Cheap to clone; clones share one connection pool. Its `Debug` output
/// never shows the token.
///
/// Redirects are never followed: a 3xx arrives as the response it is (an
/// [`Error::Undocumented`] unless documented), so a redirected upload is
/// never reported as a success while its body was dropped, and no
/// `Referer` leaves the client.
///
/// ```no_run
/// # async fn run<O: apigen_runtime::Operation<Server = S>, S: apigen_runtime::BaseUrl>(server: S, request: O) {
/// use std::time::Duration;
/// use apigen_runtime::{AccessToken, Client};
///
/// let client = Client::builder(AccessToken::new("token"), server)
///     .idle_timeout(Duration::from_secs(10))
///     .max_response_bytes(32 << 20)
///     .build()
///     .unwrap();
/// let outcome = client.send(request).await;
/// # }
/// ```
#[derive(Clone)]
pub struct Client<S> {
    client: reqwest::Client,
    credentials: Arc<Credentials>,
    server: S,
    limits: Limits,
    retry: RetryPolicy,
    /// Spaces requests out under a burst limit (shared by clones).
    pacer: Option<Arc<Pacer>>,
    /// The rate limits of the last response that reported any (shared by clones).
    rate_limit: std::sync::Arc<std::sync::Mutex<Option<RateLimit>>>,
}

// The base URL is shown without its `user:password@`, whatever the
// server type's own `Debug` shows.
impl<S: BaseUrl> fmt::Debug for Client<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("server", &RedactedUrl(self.server.base_url()))
            .field("limits", &self.limits)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`] with timeouts and limits other than the defaults.
#[must_use = "a builder does nothing until `.build()`"]
pub struct ClientBuilder<S> {
    credentials: Credentials,
    server: S,
    limits: Limits,
    retry: RetryPolicy,
    pace: Option<governor::Quota>,
    #[cfg(feature = "tls")]
    roots: Vec<reqwest::Certificate>,
}

/// reqwest's client builder with the TLS backend the features chose made
/// ready: with `rustls-ring` (and not aws-lc), ring is installed as the
/// process's rustls provider, unless the application installed one first
/// (reqwest's `rustls-no-provider` needs one before a client is built).
pub(crate) fn http_builder() -> reqwest::ClientBuilder {
    #[cfg(all(feature = "rustls-ring", not(feature = "reqwest")))]
    {
        // An `Err` means a provider is installed already: that one is used.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
}

/// A direct (not keyed) GCRA limiter.
type Pacer = governor::DefaultDirectRateLimiter;

impl<S: BaseUrl> fmt::Debug for ClientBuilder<S> {
    // The token source is left out: it holds secrets; the base URL's
    // `user:password@` too.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("server", &RedactedUrl(self.server.base_url()))
            .field("limits", &self.limits)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl<S: BaseUrl> ClientBuilder<S> {
    /// How long connecting (TCP and TLS) may take. Default
    /// [`Client::DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.limits.connect = timeout;
        self
    }

    /// How long an exchange may go without progress: no request byte taken
    /// by the connection, no response byte received. Uploads and downloads
    /// of any size go on while bytes flow; a stalled peer is caught. Default
    /// [`Client::DEFAULT_IDLE_TIMEOUT`].
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.idle = timeout;
        self
    }

    /// A limit on a whole call of [`Client::send`]: getting the token (a
    /// refresh included), every attempt, and the waits between retries, up
    /// to the last response byte (for a download, up to its response head:
    /// the idle timeout then holds between chunks). None by default: a large
    /// upload on a slow link takes what it takes.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.limits.total = Some(timeout);
        self
    }

    /// The largest response body read into memory. A larger one (announced,
    /// or found while reading) ends the exchange with
    /// [`TransportErrorKind::ResponseTooLarge`], keeping the body's first
    /// 64 KiB. Default [`Client::DEFAULT_MAX_RESPONSE_BYTES`].
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.limits.max_response_bytes = bytes;
        self
    }

    /// The most pages [`Client::pages`] and [`Client::items`] fetch in one
    /// walk; the next one ends it with [`PaginationError::Limit`](crate::PaginationError::Limit).
    /// Default [`Client::DEFAULT_MAX_PAGES`].
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.limits.max_pages = pages;
        self
    }

    /// The most bytes of response bodies one walk ([`Client::pages`],
    /// [`Client::items`], [`Client::collect_items`]) reads: once its pages
    /// reach it, no further page is asked for and the walk ends with
    /// [`PaginationError::Bytes`](crate::PaginationError::Bytes). What a
    /// collected walk holds is then bounded (by this limit plus one page of
    /// [`ClientBuilder::max_response_bytes`]), whatever the server sends.
    /// Default [`Client::DEFAULT_MAX_WALK_BYTES`]; a stream read page by
    /// page holds one page at a time and may raise it.
    pub fn max_walk_bytes(mut self, bytes: u64) -> Self {
        self.limits.max_walk_bytes = bytes;
        self
    }

    /// The most items one walk reads: once its pages hold that many, no
    /// further page is asked for and the walk ends with
    /// [`PaginationError::Items`](crate::PaginationError::Items). None by
    /// default (the byte limit holds).
    pub fn max_walk_items(mut self, items: u64) -> Self {
        self.limits.max_walk_items = Some(items);
        self
    }

    /// When requests are tried again; [`RetryPolicy::default`] unless set
    /// ([`RetryPolicy::never`] for a single attempt). [`Client::send_with`]
    /// overrides it for one call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends at most `requests` per `interval` from this client and its
    /// clones, evenly spaced, waiting before an attempt rather than meeting
    /// the vendor's 429 (HighLevel: 100 per 10 seconds). Retries count too.
    /// Zero requests or a zero interval leave pacing off.
    pub fn pace(mut self, requests: u32, interval: Duration) -> Self {
        // No burst: evenly spaced, at most `requests` fall in any window
        // of `interval`, however the vendor counts its windows.
        self.pace = (requests > 0)
            .then(|| governor::Quota::with_period(interval / requests))
            .flatten();
        self
    }

    /// Also trusts the certificate authority of `pem` (PEM, one or more
    /// certificates), beside the platform's roots: a private CA, a proxy's,
    /// or a test server's self-signed certificate. Works with every TLS
    /// backend.
    ///
    /// A PEM that holds no certificate (empty, not PEM, only a private
    /// key) or a malformed section is an error saying what it holds; a
    /// certificate whose content the TLS backend cannot read fails
    /// [`ClientBuilder::build`], saying why.
    #[cfg(feature = "tls")]
    pub fn add_root_certificate(mut self, pem: &[u8]) -> Result<Self, TransportError> {
        let refused =
            |reason: String| TransportError::new(TransportErrorKind::Other, reason.as_str());
        let mut certificates = 0;
        let mut others = Vec::new();
        let mut reader = pem;
        loop {
            match rustls_pki_types::pem::from_buf(&mut reader) {
                Ok(Some((rustls_pki_types::pem::SectionKind::Certificate, _))) => certificates += 1,
                Ok(Some((kind, _))) => others.push(format!("{kind:?}")),
                Ok(None) => break,
                Err(e) => {
                    return Err(refused(format!(
                        "the root certificate's PEM is malformed: {e}"
                    )))
                }
            }
        }
        if certificates == 0 {
            let holds = if others.is_empty() {
                "no PEM section".to_owned()
            } else {
                format!(
                    "only {} (a private key is never a root: give the authority's certificate)",
                    others.join(", ")
                )
            };
            return Err(refused(format!(
                "the root certificate's PEM holds no certificate: {} bytes, {holds}",
                pem.len()
            )));
        }
        let certificates = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
        self.roots.extend(certificates);
        Ok(self)
    }

    /// The client.
    pub fn build(self) -> Result<Client<S>, TransportError> {
        #[cfg_attr(not(feature = "tls"), allow(unused_mut))]
        let mut builder = http_builder();
        #[cfg(feature = "tls")]
        for root in self.roots {
            builder = builder.add_root_certificate(root);
        }
        let client = builder
            .connect_timeout(self.limits.connect)
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .user_agent(concat!("apigen-runtime/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
        Ok(Client {
            client,
            credentials: Arc::new(self.credentials),
            server: self.server,
            limits: self.limits,
            retry: self.retry,
            pacer: self
                .pace
                .map(|quota| Arc::new(governor::RateLimiter::direct(quota))),
            rate_limit: Default::default(),
        })
    }
}

impl<S: BaseUrl> Client<S> {
    /// Connecting may take 10 seconds.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// An exchange may go 30 seconds without a byte moving either way.
    pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
    /// Response bodies up to 8 MiB are read: ample for JSON, bounded for anything else.
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 << 20;
    /// A walk over pages stops after 1,000 pages (200,000 records at
    /// Zoho's 200 per page): a server that never says "last page" costs
    /// bounded requests.
    pub const DEFAULT_MAX_PAGES: usize = 1000;
    /// A walk over pages reads at most 64 MiB of response bodies: collected
    /// whole, a list that never ends costs bounded memory, not the page
    /// limit times the response limit (8 GiB).
    pub const DEFAULT_MAX_WALK_BYTES: u64 = 64 << 20;

    /// A client for `server`, signing requests with `credentials`: the
    /// API's generated `Credentials`, or any token source (an
    /// [`AccessToken`](crate::AccessToken), a [`RefreshingToken`](crate::RefreshingToken))
    /// for every scheme that takes a token; with the default timeouts,
    /// limits and retries.
    pub fn new(credentials: impl Into<Credentials>, server: S) -> Result<Self, TransportError> {
        Self::builder(credentials, server).build()
    }

    /// A client whose timeouts, limits and retries can be set.
    pub fn builder(credentials: impl Into<Credentials>, server: S) -> ClientBuilder<S> {
        ClientBuilder {
            credentials: credentials.into(),
            server,
            limits: Limits {
                connect: Self::DEFAULT_CONNECT_TIMEOUT,
                idle: Self::DEFAULT_IDLE_TIMEOUT,
                total: None,
                max_response_bytes: Self::DEFAULT_MAX_RESPONSE_BYTES,
                max_pages: Self::DEFAULT_MAX_PAGES,
                max_walk_bytes: Self::DEFAULT_MAX_WALK_BYTES,
                max_walk_items: None,
            },
            retry: RetryPolicy::default(),
            pace: None,
            #[cfg(feature = "tls")]
            roots: Vec::new(),
        }
    }

    /// A client whose calls (token, attempts, retries) end after `timeout`
    /// in all (see [`ClientBuilder::total_timeout`]), besides the default
    /// connect and idle timeouts.
    pub fn with_timeout(
        credentials: impl Into<Credentials>,
        server: S,
        timeout: Duration,
    ) -> Result<Self, TransportError> {
        Self::builder(credentials, server)
            .total_timeout(timeout)
            .build()
    }

    /// Where requests go.
    pub fn server(&self) -> &S {
        &self.server
    }

    /// What the client signs requests with.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The rate limits the vendor reported with the last response that
    /// carried any, read with the operation's
    /// [`Operation::RATE_LIMITS`] (see [`RateLimit`]); documented errors and undocumented
    /// responses carry their own too.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.rate_limit
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Sends `request` and parses the response, trying again as the client's
    /// [`RetryPolicy`] allows, inside a `tracing` span named `request` with
    /// the operation, method, URL (without query or user info), status,
    /// attempts and duration; each retry is an event in it.
    pub async fn send<O: Operation<Server = S>>(
        &self,
        request: O,
    ) -> Result<O::Output, Error<O::Error>> {
        self.send_with(request, self.retry).await
    }

    /// [`Client::send`] with another retry policy for this one call.
    pub async fn send_with<O: Operation<Server = S>>(
        &self,
        request: O,
        retry: RetryPolicy,
    ) -> Result<O::Output, Error<O::Error>> {
        self.measured(request, retry)
            .await
            .map(|(output, _)| output)
    }

    /// [`Client::send_with`], with the length of the response body read.
    async fn measured<O: Operation<Server = S>>(
        &self,
        request: O,
        retry: RetryPolicy,
    ) -> Result<(O::Output, u64), Error<O::Error>> {
        let call = self.call(request, retry);
        match self.limits.total {
            None => call.await,
            Some(total) => tokio::time::timeout(total, call).await.unwrap_or_else(|_| {
                Err(Error::Transport(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("the call took longer than its total timeout of {total:?}"),
                )))
            }),
        }
    }

    /// The secrets of a request of `O`, each token waited for no longer
    /// than one exchange may (connect and idle timeouts): a silent token
    /// endpoint holds a call no longer than a silent API would.
    async fn secrets<O: Operation>(&self) -> Result<Resolved, Error<O::Error>> {
        let limit = self.limits.connect + self.limits.idle;
        self.credentials
            .resolve(O::SECURITY, limit)
            .await
            .map_err(|e| match e {
                Resolve::Request(e) => Error::Request(e),
                Resolve::Token(e) => Error::Token(e),
            })
    }

    async fn call<O: Operation<Server = S>>(
        &self,
        request: O,
        retry: RetryPolicy,
    ) -> Result<(O::Output, u64), Error<O::Error>> {
        let operation = O::NAME;
        // An operation without auth needs no token, and gets none.
        let mut secrets = self.secrets::<O>().await?;
        let request = request.into_http_request(&self.server, &secrets.secrets)?;
        let url = {
            let uri = request.uri();
            let authority = uri.authority().map(|a| a.as_str()).unwrap_or("");
            let host = authority
                .rsplit_once('@')
                .map_or(authority, |(_, host)| host);
            format!(
                "{}://{host}{}",
                uri.scheme_str().unwrap_or("https"),
                uri.path()
            )
        };
        let method = request.method().clone();
        let span = tracing::info_span!(
            "request",
            operation,
            method = %method,
            url = %url,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let mut attempt = 1;
        // A resumable event stream sends its request again on each reconnection.
        let template = if O::RESUMES {
            try_clone(&request)
        } else {
            None
        };
        let mut current = request;
        let mut signed_again = false;
        let result = loop {
            // A copy to send again, while the policy allows another attempt
            // (or one more after a refused token) and the body can be read again.
            let spare = (attempt < retry.attempts() || !signed_again)
                .then(|| try_clone(&current))
                .flatten();
            if let Some(pacer) = &self.pacer {
                pacer.until_ready().await;
            }
            let result = tracing::Instrument::instrument(
                self.wire().watched(current, Streamed::of::<O>()),
                span.clone(),
            )
            .await;
            let (outcome, wait) = match &result {
                Ok(response) => {
                    if let Some(limit) = O::RATE_LIMITS.read(response.headers()) {
                        *self.rate_limit.lock().unwrap_or_else(|e| e.into_inner()) = Some(limit);
                    }
                    (
                        Attempt::Status(response.status()),
                        crate::retry_after(response.headers()),
                    )
                }
                Err(e) => (Attempt::Failed(e.kind()), None),
            };
            // A 401: the token expired or was revoked. Once per call, when the
            // source can give another, the request goes again with it.
            let refused =
                matches!(outcome, Attempt::Status(s) if s == http::StatusCode::UNAUTHORIZED);
            let spare = match spare {
                Some(mut again) if refused && !signed_again && secrets.refused() => {
                    secrets = self.secrets::<O>().await?;
                    crate::Signature::choose(O::SECURITY, &secrets.secrets)?.apply(&mut again)?;
                    span.in_scope(|| {
                        tracing::info!(
                            attempt,
                            "the token was refused; sending again with a new one"
                        )
                    });
                    signed_again = true;
                    current = again;
                    attempt += 1;
                    continue;
                }
                other => other,
            };
            let next = spare
                .filter(|_| RetryPolicy::is_retryable(&method, outcome))
                .and_then(|spare| retry.delay(attempt, wait).map(|delay| (spare, delay)));
            let Some((spare, delay)) = next else {
                break result;
            };
            span.in_scope(|| {
                tracing::info!(
                    attempt,
                    outcome = ?outcome,
                    delay_ms = delay.as_millis() as u64,
                    "retrying"
                )
            });
            tokio::time::sleep(delay).await;
            current = spare;
            attempt += 1;
        };
        span.record("attempts", attempt);
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        let response = result.map_err(Error::Transport)?;
        span.record("status", response.status().as_u16());
        let read = response.body().len() as u64;
        let mut output = O::parse_response(response)?;
        if let (Some(template), Some(stream)) = (template, O::event_stream(&mut output)) {
            stream.set_reconnect(self.reconnector::<O>(template));
        }
        Ok((output, read))
    }

    /// How a resumable event stream opens again: after the delay, the
    /// request sent anew with `Last-Event-ID`, signed with the credentials'
    /// current secrets (a token may have been refreshed since), paced as
    /// every request is.
    fn reconnector<O: Operation>(&self, template: HttpRequest) -> crate::sse::Reconnect {
        use crate::sse::ReconnectError;
        let (operation, security, statuses) = (O::NAME, O::SECURITY, O::EVENT_STREAM_STATUSES);
        let wire = self.wire();
        let credentials = self.credentials.clone();
        let pacer = self.pacer.clone();
        let template = std::sync::Mutex::new(template);
        Arc::new(move |last_event_id: Option<String>, delay: Duration| {
            let wire = wire.clone();
            let credentials = credentials.clone();
            let pacer = pacer.clone();
            let request = try_clone(&template.lock().unwrap_or_else(|e| e.into_inner()));
            Box::pin(async move {
                let failed = |e: String| ReconnectError::Failed(std::io::Error::other(e));
                let mut request = request
                    .ok_or_else(|| failed("the request's body cannot be sent again".into()))?;
                tracing::info!(
                    operation,
                    last_event_id = last_event_id.as_deref(),
                    delay_ms = delay.as_millis() as u64,
                    "the event stream dropped; reconnecting"
                );
                tokio::time::sleep(delay).await;
                if let Some(id) = last_event_id.and_then(|id| http::HeaderValue::from_str(&id).ok())
                {
                    request.headers_mut().insert("last-event-id", id);
                }
                let limit = wire.limits.connect + wire.limits.idle;
                let secrets = credentials
                    .resolve(security, limit)
                    .await
                    .map_err(|e| match e {
                        Resolve::Request(e) => failed(e.to_string()),
                        Resolve::Token(e) => failed(e.to_string()),
                    })?;
                crate::Signature::choose(security, &secrets.secrets)
                    .and_then(|signature| signature.apply(&mut request))
                    .map_err(|e| failed(e.to_string()))?;
                if let Some(pacer) = &pacer {
                    pacer.until_ready().await;
                }
                let streamed = Streamed {
                    downloads: &[],
                    event_streams: statuses,
                };
                let response = wire
                    .watched(request, streamed)
                    .await
                    .map_err(|e| ReconnectError::Failed(std::io::Error::other(e)))?;
                let status = response.status();
                match response.take_streamed() {
                    Some(body) if statuses.contains(&status.as_u16()) => Ok(body),
                    _ => Err(ReconnectError::Refused {
                        status,
                        body: response.body().clone(),
                    }),
                }
            }) as crate::BoxFuture<'static, _>
        })
    }

    /// The pages of a list operation, from `first` on, each sent as
    /// [`Client::send`] sends it; the stream ends after the last page, or
    /// after the first error (which it yields). One page is held at a time:
    /// read it as a stream to walk a list of any length.
    ///
    /// A walk that stops before the server's last page always ends with an
    /// [`Error::Pagination`] saying why, after the pages it received: a
    /// server that points back to a page already received (a cursor cycle,
    /// the same page number or offset again) with
    /// [`PaginationError::Cycle`](crate::PaginationError::Cycle); the
    /// client's page limit ([`ClientBuilder::max_pages`], default
    /// [`Client::DEFAULT_MAX_PAGES`]) with
    /// [`PaginationError::Limit`](crate::PaginationError::Limit); its byte
    /// and item limits ([`ClientBuilder::max_walk_bytes`], default
    /// [`Client::DEFAULT_MAX_WALK_BYTES`], and [`ClientBuilder::max_walk_items`])
    /// with [`PaginationError::Bytes`](crate::PaginationError::Bytes) and
    /// [`PaginationError::Items`](crate::PaginationError::Items); a page that
    /// says more follow but has no next request (a page number past
    /// `i64::MAX`, the same cursor handed back) with
    /// [`PaginationError::NoNextPage`](crate::PaginationError::NoNextPage).
    pub fn pages<'a, O>(
        &'a self,
        first: O,
    ) -> impl futures_util::Stream<Item = Result<O::Output, Error<O::Error>>> + 'a
    where
        O: crate::Paginated<Server = S> + 'a,
    {
        let limits = self.limits;
        let walk = PageWalk {
            next: Some(first),
            seen: std::collections::HashSet::new(),
            pages: 0,
            bytes: 0,
            items: 0,
            stopped: None,
        };
        futures_util::stream::unfold(walk, move |mut walk| async move {
            use crate::PaginationError;
            if let Some(e) = walk.stopped.take() {
                return Some((Err(Error::Pagination(e)), walk));
            }
            let request = walk.next.take()?;
            let (pages, bytes, items) = (walk.pages, walk.bytes, walk.items);
            let stop = if let Some(position) = request
                .position()
                .filter(|position| !walk.seen.insert(position.clone()))
            {
                Some(PaginationError::Cycle { pages, position })
            } else if pages >= limits.max_pages {
                Some(PaginationError::Limit { pages })
            } else if bytes >= limits.max_walk_bytes {
                let limit = limits.max_walk_bytes;
                Some(PaginationError::Bytes {
                    limit,
                    bytes,
                    pages,
                    items,
                })
            } else {
                limits
                    .max_walk_items
                    .filter(|limit| items >= *limit)
                    .map(|limit| PaginationError::Items {
                        limit,
                        items,
                        pages,
                    })
            };
            if let Some(e) = stop {
                return Some((Err(Error::Pagination(e)), walk));
            }
            walk.pages += 1;
            let this = request.clone();
            match self.measured(request, self.retry).await {
                Ok((page, read)) => {
                    walk.bytes = walk.bytes.saturating_add(read);
                    walk.items = walk.items.saturating_add(O::items(&page).len() as u64);
                    match this.next_page(&page) {
                        Ok(next) => walk.next = next,
                        Err(reason) => {
                            walk.stopped = Some(PaginationError::NoNextPage {
                                pages: walk.pages,
                                reason,
                            })
                        }
                    }
                    Some((Ok(page), walk))
                }
                Err(e) => Some((Err(e), walk)),
            }
        })
    }

    /// The items of every page of a list operation, from `first` on, as a
    /// stream (see [`Client::pages`]: the same limits, and the same error
    /// when the walk stops before the last page). Read it item by item to
    /// hold one page at a time; [`Client::collect_items`] collects them
    /// and keeps what was read when the walk stops short.
    pub fn items<'a, O>(
        &'a self,
        first: O,
    ) -> impl futures_util::Stream<Item = Result<O::Item, Error<O::Error>>> + 'a
    where
        O: crate::Paginated<Server = S> + 'a,
        O::Item: Clone + 'a,
        O::Error: 'a,
        O::Output: 'a,
    {
        self.pages(first).flat_map(|page| {
            let items: Vec<Result<O::Item, Error<O::Error>>> = match page {
                Ok(page) => O::items(&page).iter().cloned().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            futures_util::stream::iter(items)
        })
    }

    /// Every item of a list operation, from `first` on, in one `Vec`:
    /// bounded by the client's walk limits ([`ClientBuilder::max_walk_bytes`],
    /// [`ClientBuilder::max_walk_items`], [`ClientBuilder::max_pages`]).
    /// A walk that stops before the last page (a limit, a cycle, an error)
    /// is an [`Truncated`](crate::Truncated) error that keeps the items read
    /// before it.
    pub async fn collect_items<O>(
        &self,
        first: O,
    ) -> Result<Vec<O::Item>, crate::Truncated<O::Item, O::Error>>
    where
        O: crate::Paginated<Server = S>,
        O::Item: Clone,
    {
        let mut items = Vec::new();
        let mut pages = std::pin::pin!(self.pages(first));
        while let Some(page) = pages.next().await {
            match page {
                Ok(page) => items.extend_from_slice(O::items(&page)),
                Err(error) => return Err(crate::Truncated { items, error }),
            }
        }
        Ok(items)
    }

    /// What one exchange needs: the connection pool and the limits.
    fn wire(&self) -> Wire {
        Wire {
            client: self.client.clone(),
            limits: self.limits,
        }
    }
}

/// Sends one exchange: the client's connection pool (shared) and limits,
/// without its server or credentials (what a stream's reconnection keeps).
#[derive(Clone)]
struct Wire {
    client: reqwest::Client,
    limits: Limits,
}

impl Wire {
    /// One exchange, ended by a watchdog when no byte moves for the idle timeout.
    async fn watched(
        &self,
        request: http::Request<RequestBody>,
        streamed: Streamed,
    ) -> Result<Response, TransportError> {
        let progress = Progress::new();
        let idle = self.limits.idle;
        let watchdog = async {
            loop {
                let quiet = progress.quiet_for();
                if quiet >= idle {
                    return TransportError::new(
                        TransportErrorKind::Timeout,
                        format!("no byte was sent or received for {idle:?}"),
                    );
                }
                tokio::time::sleep(idle - quiet).await;
            }
        };
        tokio::select! {
            result = self.transfer(request, &progress, streamed) => result,
            timeout = watchdog => Err(timeout),
        }
    }

    async fn transfer(
        &self,
        request: http::Request<RequestBody>,
        progress: &Progress,
        streamed: Streamed,
    ) -> Result<Response, TransportError> {
        let (parts, body) = request.into_parts();
        let body = match body {
            RequestBody::Empty => reqwest::Body::from(Bytes::new()),
            RequestBody::Bytes(b) => reqwest::Body::from(b),
            RequestBody::File(file) => {
                let progress = progress.clone();
                reqwest::Body::wrap_stream(file.into_chunks().inspect(move |_| progress.touch()))
            }
            RequestBody::Multipart(m) => {
                let progress = progress.clone();
                // A chunk is taken when the connection has room for it: progress.
                reqwest::Body::wrap_stream(m.into_stream().inspect(move |_| progress.touch()))
            }
        };
        let request = http::Request::from_parts(parts, body);
        let request = reqwest::Request::try_from(request)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
        let mut response = self
            .client
            .execute(request)
            .await
            .map_err(TransportError::from_reqwest)?;
        progress.touch();
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        if streamed.streams(status, &headers) {
            // A file or an event stream: left to stream to the caller, not
            // read into memory. The idle timeout still holds between chunks
            // (an event stream's keep-alive comments count).
            let idle = self.limits.idle;
            let chunks = Box::pin(response.bytes_stream());
            let stream = futures_util::stream::unfold(Some(chunks), move |chunks| async move {
                let mut chunks = chunks?;
                match tokio::time::timeout(idle, chunks.next()).await {
                    Ok(Some(Ok(bytes))) => Some((Ok(bytes), Some(chunks))),
                    Ok(Some(Err(e))) => Some((Err(std::io::Error::other(e)), None)),
                    Ok(None) => None,
                    Err(_) => {
                        let e = std::io::Error::new(
                            std::io::ErrorKind::TimedOut,
                            format!("no byte of the body arrived for {idle:?}"),
                        );
                        Some((Err(e), None))
                    }
                }
            });
            return Ok(Response::streamed(status, headers, Box::pin(stream)));
        }
        let max = self.limits.max_response_bytes;
        let announced_too_large = response.content_length().is_some_and(|n| n > max as u64);
        // Read chunk by chunk, so that a body cut short keeps what arrived.
        let mut body = BytesMut::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            progress.touch();
            match chunk {
                Ok(bytes) => {
                    body.extend_from_slice(&bytes);
                    if body.len() > max || (announced_too_large && body.len() >= KEPT_HEAD) {
                        let what = "body is larger than";
                        return Err(TransportError::too_large(status, body, what, max));
                    }
                }
                Err(e) => {
                    return Err(TransportError::from_reqwest(e).response_body(status, body.freeze()))
                }
            }
        }
        if announced_too_large {
            // Announced larger than the limit, but ended sooner: still refused.
            let what = "announced more than";
            return Err(TransportError::too_large(status, body, what, max));
        }
        Ok(Response::new(status, headers, body.freeze()))
    }
}

/// The success statuses whose bodies an operation reads as they arrive.
#[derive(Debug, Clone, Copy)]
struct Streamed {
    downloads: &'static [u16],
    event_streams: &'static [u16],
}

impl Streamed {
    fn of<O: Operation>() -> Self {
        Streamed {
            downloads: O::DOWNLOAD_STATUSES,
            event_streams: O::EVENT_STREAM_STATUSES,
        }
    }

    /// A file, or an event stream that is one (`text/event-stream`, or no
    /// media type said); a documented stream status answered with another
    /// body (a JSON error, say) is read whole, bounded, and kept.
    fn streams(&self, status: http::StatusCode, headers: &http::HeaderMap) -> bool {
        let status = status.as_u16();
        self.downloads.contains(&status)
            || (self.event_streams.contains(&status)
                && headers
                    .get(http::header::CONTENT_TYPE)
                    .is_none_or(crate::sse::is_event_stream))
    }
}

/// Where a walk over pages is: the next request, the positions received,
/// what was read, and why the walk stops after the page just yielded.
struct PageWalk<O> {
    next: Option<O>,
    seen: std::collections::HashSet<String>,
    pages: usize,
    bytes: u64,
    items: u64,
    stopped: Option<crate::PaginationError>,
}

/// A copy of `request` to send again, when its body can be read again.
fn try_clone(request: &HttpRequest) -> Option<HttpRequest> {
    let mut copy = http::Request::new(request.body().try_clone()?);
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    Some(copy)
}

/// When a byte last moved in an exchange, shared by the request body stream,
/// the response reader and the watchdog.
#[derive(Clone)]
struct Progress {
    started: Instant,
    last_ms: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Progress {
    fn new() -> Self {
        Progress {
            started: Instant::now(),
            last_ms: Default::default(),
        }
    }

    fn touch(&self) {
        let now = self.started.elapsed().as_millis() as u64;
        self.last_ms
            .fetch_max(now, std::sync::atomic::Ordering::Relaxed);
    }

    fn quiet_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_ms.load(std::sync::atomic::Ordering::Relaxed));
        self.started.elapsed().saturating_sub(last)
    }
}
