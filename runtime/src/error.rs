use std::fmt;

use crate::Response;

/// Why a request could not be turned into an HTTP request.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// A custom base URL that is not an absolute `http(s)` URL.
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The token holds characters a header cannot carry (such as a newline).
    InvalidToken,
    /// The credentials given hold no secret for any alternative of the
    /// operation's security requirement.
    MissingCredentials {
        /// The requirement (scheme names), as it reads.
        wanted: String,
    },
    /// The token is empty, or has white space around it (a copy-and-paste
    /// slip the vendor would answer with 401).
    MalformedToken {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// HTTP basic credentials a server would read otherwise than given (a
    /// `:` in the user, a control character, white space around either,
    /// both empty).
    MalformedBasic {
        /// What is wrong with them.
        reason: &'static str,
    },
    /// A path parameter's value cannot be sent as one path segment.
    InvalidPathParam {
        /// The parameter's name in the spec.
        name: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// A file part's name does not fit the file type it was given as: the
    /// vendor would receive a name and a content type that disagree.
    FileTypeMismatch {
        /// The file name given.
        file_name: String,
        /// The type's extensions, any of which the name must end with.
        extensions: &'static [&'static str],
    },
    /// A header parameter's value holds characters a header cannot carry.
    InvalidHeaderValue {
        /// The header's name.
        name: &'static str,
    },
    /// An input is outside what the vendor documents (a number below its
    /// minimum, a string longer than its maximum): refused before sending.
    OutOfRange {
        /// The input's name on the wire.
        name: &'static str,
        /// What the vendor allows, and what was given.
        reason: String,
    },
    /// A JSON body field could not be serialized (a map with non-string
    /// keys, a float that is not finite).
    Json {
        /// The field's JSON key (`""` for a whole body).
        field: &'static str,
        /// serde_json's reason.
        reason: String,
    },
    /// The `http` crate refused the request (method, URI or header).
    Http(http::Error),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid base URL `{url}`: {reason}")
            }
            RequestError::InvalidToken => {
                f.write_str("the access token contains characters not allowed in an HTTP header")
            }
            RequestError::MalformedToken { reason } => write!(f, "the access token {reason}"),
            RequestError::MalformedBasic { reason } => {
                write!(f, "the basic credentials cannot be sent: {reason}")
            }
            RequestError::MissingCredentials { wanted } => {
                write!(f, "no credentials for this operation: it takes {wanted}")
            }
            RequestError::InvalidPathParam { name, reason } => {
                write!(f, "the path parameter `{name}` cannot be sent: {reason}")
            }
            RequestError::FileTypeMismatch {
                file_name,
                extensions,
            } => write!(
                f,
                "the file `{file_name}` is sent as a type whose names end with .{}",
                extensions.join(", .")
            ),
            RequestError::InvalidHeaderValue { name } => {
                write!(f, "the value of header `{name}` contains characters not allowed in an HTTP header")
            }
            RequestError::OutOfRange { name, reason } => {
                write!(f, "`{name}` cannot be sent: {reason}")
            }
            RequestError::Json { field: "", reason } => {
                write!(f, "the JSON body cannot be serialized: {reason}")
            }
            RequestError::Json { field, reason } => {
                write!(
                    f,
                    "the JSON body field `{field}` cannot be serialized: {reason}"
                )
            }
            RequestError::Http(e) => write!(f, "invalid HTTP request: {e}"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::Http(e) => Some(e),
            _ => None,
        }
    }
}

impl From<http::Error> for RequestError {
    fn from(e: http::Error) -> Self {
        RequestError::Http(e)
    }
}

/// A response the operation's documentation does not describe, kept whole.
///
/// Boxed inside, so that `Result`s carrying it stay small. Only the runtime
/// makes one, from a response that matched nothing documented.
#[derive(Debug, Clone, PartialEq)]
pub struct UnhandledResponse {
    inner: Box<(Response, UnhandledReason)>,
}

impl UnhandledResponse {
    pub(crate) fn new(response: Response, reason: UnhandledReason) -> Self {
        UnhandledResponse {
            inner: Box::new((response, reason)),
        }
    }

    /// The HTTP status received.
    pub fn status(&self) -> http::StatusCode {
        self.inner.0.status()
    }

    /// The headers received.
    pub fn headers(&self) -> &http::HeaderMap {
        self.inner.0.headers()
    }

    /// The raw body, byte for byte.
    pub fn body(&self) -> &bytes::Bytes {
        self.inner.0.body()
    }

    /// Why no documented outcome matched.
    pub fn reason(&self) -> &UnhandledReason {
        &self.inner.1
    }

    /// The body as text, with invalid UTF-8 replaced, for messages and logs.
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.body())
    }

    /// The rate limits the response reported, if any, read with the
    /// API's headers (its generated `RATE_LIMITS`, or
    /// [`RateLimitHeaders::IETF`](crate::RateLimitHeaders::IETF)).
    pub fn rate_limit(&self, names: &crate::RateLimitHeaders) -> Option<crate::RateLimit> {
        names.read(self.headers())
    }

    /// The whole response.
    pub fn into_response(self) -> Response {
        self.inner.0
    }
}

impl fmt::Display for UnhandledResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "undocumented response (HTTP {}): {}",
            self.status(),
            self.reason()
        )
    }
}

impl std::error::Error for UnhandledResponse {}

/// Why a response was not matched to a documented outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnhandledReason {
    /// The status is not documented for this operation.
    UndocumentedStatus,
    /// The body names an error code not documented for this operation.
    UndocumentedCode(String),
    /// The status is documented but the body does not have the documented
    /// shape (not JSON, or missing fields); the message is the decoder's.
    MalformedBody(String),
}

impl fmt::Display for UnhandledReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnhandledReason::UndocumentedStatus => f.write_str("the status is not documented"),
            UnhandledReason::UndocumentedCode(code) => {
                write!(f, "the error code `{code}` is not documented")
            }
            UnhandledReason::MalformedBody(e) => {
                write!(f, "the body does not match the documented schema: {e}")
            }
        }
    }
}

/// What a documented error says about itself, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorInfo<'a> {
    /// The vendor's error code, when errors are told apart by a code in the body.
    pub code: Option<&'a str>,
    /// The vendor's message in the body received, when it has one.
    pub message: Option<&'a str>,
    /// What the vendor's documentation says the error means.
    pub meaning: &'static str,
}

/// Implemented by every generated operation error enum (one variant per
/// documented error, each holding the decoded body).
pub trait DocumentedError: fmt::Debug {
    /// The code, message and documented meaning of this error.
    fn info(&self) -> ErrorInfo<'_>;
}

/// An error the vendor documents for the operation: the status and headers
/// it came with, and the operation's typed error ([`ApiError::error`]).
///
/// The status is always the one received: an error documented for a class
/// of statuses (`4XX`) or as the vendor's `default` is one variant for many
/// statuses, and [`ApiError::status`] tells which came.
///
/// Displays the status, the vendor's code and message from the body, then
/// what the documentation says it means. Boxed inside, so that `Result`s
/// carrying it stay small.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError<E> {
    inner: Box<(http::StatusCode, http::HeaderMap, E)>,
}

impl<E> ApiError<E> {
    /// A documented error received with `status` and `headers`.
    pub fn new(status: http::StatusCode, headers: http::HeaderMap, error: E) -> Self {
        ApiError {
            inner: Box::new((status, headers, error)),
        }
    }

    /// The HTTP status received (for an error documented by class or as the
    /// default, the one the vendor sent).
    pub fn status(&self) -> http::StatusCode {
        self.inner.0
    }

    /// The headers received.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.inner.1
    }

    /// The documented error, with its decoded body.
    pub fn error(&self) -> &E {
        &self.inner.2
    }

    /// The rate limits the response reported, if any, read with the
    /// API's headers (its generated `RATE_LIMITS`, or
    /// [`RateLimitHeaders::IETF`](crate::RateLimitHeaders::IETF)).
    pub fn rate_limit(&self, names: &crate::RateLimitHeaders) -> Option<crate::RateLimit> {
        names.read(self.headers())
    }

    /// The documented error, without status and headers.
    pub fn into_error(self) -> E {
        self.inner.2
    }
}

impl<E: DocumentedError> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = self.error().info();
        write!(f, "HTTP {}", self.status())?;
        if let Some(code) = info.code {
            write!(f, ", code {code}")?;
        }
        match info.message {
            Some(message) if !message.trim().is_empty() => write!(f, ": {}", message.trim())?,
            _ => {}
        }
        write!(f, " (documented: {})", info.meaning)
    }
}

impl<E: DocumentedError> std::error::Error for ApiError<E> {}

/// The outcome of an operation that did not succeed: the request could not
/// be built, the exchange failed, the vendor answered with an error it
/// documents, or with something it does not document.
///
/// Sans-IO parsing ([`Operation::parse_response`](crate::Operation::parse_response))
/// and sending ([`Client::send`](crate::Client)) return this same type, so an
/// undocumented response has one home: [`Error::Undocumented`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request could not be built (invalid base URL, token or header value).
    Request(RequestError),
    /// The exchange failed: connect, TLS, timeout, or a body cut short.
    Transport(TransportError),
    /// The vendor answered with an error it documents for this operation.
    Api(ApiError<E>),
    /// The vendor answered with something it does not document (status,
    /// code or body shape); status, headers and raw body are kept.
    Undocumented(UnhandledResponse),
    /// No access token could be had (its refresh failed).
    #[cfg(feature = "client")]
    Token(crate::TokenError),
    /// A walk over pages ([`Client::pages`](crate::Client::pages)) stopped
    /// before the server's last page: it went round in a cycle, or reached
    /// the client's page limit. The pages before it were delivered.
    Pagination(PaginationError),
}

/// Why [`Client::pages`](crate::Client::pages) stopped before the last page.
///
/// Every variant says which bound or fault ended the walk and what it had
/// read by then; the pages (and items) before it were delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationError {
    /// The next page's request asks for a page already received (a cursor,
    /// page number or offset seen before): the server would serve the same
    /// pages forever.
    Cycle {
        /// The pages received.
        pages: usize,
        /// The repeated position (cursor values, page number or offset).
        position: String,
    },
    /// The client's page limit was reached (see
    /// [`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages)).
    Limit {
        /// The pages received: the limit.
        pages: usize,
    },
    /// The response bodies of the walk reached the client's byte limit
    /// (see [`ClientBuilder::max_walk_bytes`](crate::ClientBuilder::max_walk_bytes)):
    /// no further page is asked for.
    Bytes {
        /// The limit, in bytes of response bodies.
        limit: u64,
        /// The bytes of response bodies read.
        bytes: u64,
        /// The pages received.
        pages: usize,
        /// The items those pages held.
        items: u64,
    },
    /// The items of the walk reached the client's item limit (see
    /// [`ClientBuilder::max_walk_items`](crate::ClientBuilder::max_walk_items)):
    /// no further page is asked for.
    Items {
        /// The limit, in items.
        limit: u64,
        /// The items received.
        items: u64,
        /// The pages received.
        pages: usize,
    },
    /// The last page says more follow, but no request can ask for them
    /// ([`NextPageError`]).
    NoNextPage {
        /// The pages received.
        pages: usize,
        /// Why the next request cannot be made.
        reason: NextPageError,
    },
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationError::Cycle { pages, position } => write!(
                f,
                "after {pages} pages, the server pointed back to a page already received \
                 ({position}): the walk stops rather than go round forever"
            ),
            PaginationError::Limit { pages } => write!(
                f,
                "the walk stopped at the client's limit of {pages} pages; \
                 raise it with `ClientBuilder::max_pages` if the list is that long"
            ),
            PaginationError::Bytes {
                limit,
                bytes,
                pages,
                items,
            } => write!(
                f,
                "the walk stopped at the client's limit of {limit} bytes of pages \
                 ({bytes} bytes read in {pages} pages, {items} items); read the pages as a \
                 stream, or raise it with `ClientBuilder::max_walk_bytes`"
            ),
            PaginationError::Items {
                limit,
                items,
                pages,
            } => write!(
                f,
                "the walk stopped at the client's limit of {limit} items \
                 ({items} items read in {pages} pages); raise it with \
                 `ClientBuilder::max_walk_items`"
            ),
            PaginationError::NoNextPage { pages, reason } => write!(
                f,
                "after {pages} pages, the walk stopped before the end of the list: {reason}"
            ),
        }
    }
}

impl std::error::Error for PaginationError {}

/// A walk over pages that stopped before the end of its list
/// ([`Client::collect_items`](crate::Client::collect_items)): the items read
/// before it stopped, and why it stopped (a limit, a cycle, or the error of
/// a page).
#[derive(Debug)]
pub struct Truncated<T, E> {
    /// The items of the pages received, in order.
    pub items: Vec<T>,
    /// Why the walk stopped: [`Error::Pagination`] for a limit or a cycle,
    /// else the error of the page that failed.
    pub error: Error<E>,
}

impl<T, E: DocumentedError> fmt::Display for Truncated<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (the walk stopped after {} items, kept)",
            self.error,
            self.items.len()
        )
    }
}

impl<T: fmt::Debug, E: DocumentedError + 'static> std::error::Error for Truncated<T, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Why a page that says more pages follow has no request for the next one
/// ([`Paginated::next_page`](crate::Paginated::next_page)): the list goes on,
/// and a walk that ended here would look complete.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NextPageError {
    /// The next page number or offset would pass the largest the input
    /// holds (`i64::MAX`).
    Overflow {
        /// The input (page number or offset) by its Rust name.
        input: &'static str,
    },
    /// The page handed back the cursors of the request that fetched it:
    /// the next request would fetch the same page again.
    SameCursor,
}

impl fmt::Display for NextPageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NextPageError::Overflow { input } => write!(
                f,
                "the page says more follow, but the next `{input}` would pass {}",
                i64::MAX
            ),
            NextPageError::SameCursor => {
                f.write_str("the page says more follow, but gave back the cursor that fetched it")
            }
        }
    }
}

impl std::error::Error for NextPageError {}

impl<E> Error<E> {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Error::Request(_) => None,
            Error::Transport(e) => e.status(),
            Error::Api(e) => Some(e.status()),
            Error::Undocumented(r) => Some(r.status()),
            #[cfg(feature = "client")]
            Error::Token(_) => None,
            Error::Pagination(_) => None,
        }
    }

    /// The documented error, if this is one.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(e.error()),
            _ => None,
        }
    }
}

impl<E: DocumentedError> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Request(e) => write!(f, "cannot build the request: {e}"),
            Error::Transport(e) => write!(f, "{e}"),
            Error::Api(e) => write!(f, "the API returned an error: {e}"),
            Error::Undocumented(r) => write!(f, "{r}"),
            #[cfg(feature = "client")]
            Error::Token(e) => write!(f, "{e}"),
            Error::Pagination(e) => write!(f, "{e}"),
        }
    }
}

impl<E: DocumentedError> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Request(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Api(_) | Error::Undocumented(_) => None,
            #[cfg(feature = "client")]
            Error::Token(e) => Some(e),
            Error::Pagination(e) => Some(e),
        }
    }
}

impl<E> From<RequestError> for Error<E> {
    fn from(e: RequestError) -> Self {
        Error::Request(e)
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
    /// The response broke HTTP: a garbage status line, no reply at all,
    /// oversized or conflicting headers.
    Protocol,
    /// The response body was larger than the client's limit; the error
    /// keeps its head ([`TransportError::partial_body`]).
    ResponseTooLarge,
    /// Anything else the HTTP stack reports.
    Other,
}

/// A failed exchange. The token is never part of it.
#[derive(Debug)]
pub struct TransportError {
    pub(crate) kind: TransportErrorKind,
    pub(crate) status: Option<http::StatusCode>,
    pub(crate) partial_body: Option<bytes::Bytes>,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// A failure of `kind`, caused by `source` (for HTTP stacks other than
    /// the built-in one).
    pub fn new(
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

    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The status, when a response had started.
    pub fn status(&self) -> Option<http::StatusCode> {
        self.status
    }

    /// The bytes of the response body received before it was cut short.
    pub fn partial_body(&self) -> Option<&bytes::Bytes> {
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
            TransportErrorKind::Protocol => "the response is not valid HTTP",
            TransportErrorKind::ResponseTooLarge => "the response is too large",
            TransportErrorKind::Other => "HTTP error",
        };
        write!(f, "{what}: {}", self.source)?;
        // A body that failed while it was sent says why only deep in the
        // chain (reqwest's own text is "error sending request"): the file
        // that grew or shrank, the reader that failed. So does a client
        // that cannot be built ("builder error"): the certificate refused.
        if matches!(
            self.kind,
            TransportErrorKind::RequestBody | TransportErrorKind::Other
        ) {
            let root =
                std::iter::successors(Some(self.source.as_ref() as &dyn std::error::Error), |e| {
                    e.source()
                })
                .last()
                .map(|e| e.to_string());
            if let Some(root) = root.filter(|r| !self.source.to_string().contains(r.as_str())) {
                write!(f, " ({root})")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// A file whose type is not among those the vendor allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedFileType {
    file_name: String,
    extension: String,
    allowed: &'static [&'static str],
}

impl UnsupportedFileType {
    /// A refused file: its name, its (lowercase) extension and the allowed types.
    pub fn new(file_name: &str, extension: String, allowed: &'static [&'static str]) -> Self {
        UnsupportedFileType {
            file_name: file_name.to_owned(),
            extension,
            allowed,
        }
    }

    /// The refused file's name.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// Its extension, lowercase, without the dot (empty when it has none).
    pub fn extension(&self) -> &str {
        &self.extension
    }

    /// The types the vendor allows.
    pub fn allowed(&self) -> &'static [&'static str] {
        self.allowed
    }
}

impl fmt::Display for UnsupportedFileType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.extension.is_empty() {
            "a file without an extension".to_owned()
        } else {
            format!("`.{}`", self.extension)
        };
        write!(
            f,
            "`{}` is {kind}, which is not an allowed file type (allowed: {})",
            self.file_name,
            self.allowed.join(", ")
        )
    }
}

impl std::error::Error for UnsupportedFileType {}
