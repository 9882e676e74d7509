use std::fmt;

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
    /// A header parameter's value holds characters a header cannot carry.
    InvalidHeaderValue {
        /// The header's name.
        name: &'static str,
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
            RequestError::InvalidHeaderValue { name } => {
                write!(f, "the value of header `{name}` contains characters not allowed in an HTTP header")
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
/// Boxed inside, so that `Result`s carrying it stay small.
#[derive(Debug, Clone, PartialEq)]
pub struct UnhandledResponse {
    inner: Box<Unhandled>,
}

#[derive(Debug, Clone, PartialEq)]
struct Unhandled {
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: bytes::Bytes,
    reason: UnhandledReason,
}

impl UnhandledResponse {
    /// Keeps a response that matched nothing documented.
    pub fn new(
        status: http::StatusCode,
        headers: http::HeaderMap,
        body: bytes::Bytes,
        reason: UnhandledReason,
    ) -> Self {
        UnhandledResponse {
            inner: Box::new(Unhandled {
                status,
                headers,
                body,
                reason,
            }),
        }
    }

    /// The HTTP status received.
    pub fn status(&self) -> http::StatusCode {
        self.inner.status
    }

    /// The headers received.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.inner.headers
    }

    /// The raw body, byte for byte.
    pub fn body(&self) -> &bytes::Bytes {
        &self.inner.body
    }

    /// Why no documented outcome matched.
    pub fn reason(&self) -> &UnhandledReason {
        &self.inner.reason
    }

    /// The body as text, with invalid UTF-8 replaced, for messages and logs.
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.inner.body)
    }
}

impl fmt::Display for UnhandledResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "undocumented response (HTTP {}): {}",
            self.inner.status, self.inner.reason
        )
    }
}

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

/// Implemented by every generated operation error: splits the undocumented
/// fallback from the documented variants.
pub trait OperationError: Sized {
    /// `Ok` with the kept response for the fallback variant, `Err(self)` otherwise.
    fn into_unhandled(self) -> Result<UnhandledResponse, Self>;
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
