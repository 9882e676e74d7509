//! What the mock answers: typed values turned into the vendor's wire format.

use bytes::Bytes;
use serde::Serialize;

use super::MockOperation;
use crate::Operation;

/// An event the mock can send: implemented, with the mock, by each
/// generated `<Operation>Event` enum.
pub trait MockEvent: crate::sse::Events {
    /// The event's data as sent (JSON, or the text of a `string` event).
    fn data(&self) -> String;
}

/// A value as JSON (an event's data): `null` for one that cannot be
/// serialized (a map with non-string keys).
pub fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// One event as `text/event-stream` frames: its name, id, and a `data:`
/// line per line of its data (at least one, so that an event with empty
/// data is still dispatched), then the blank line. A line break in the name
/// or id, which would end its field early, is left out.
pub fn write_event(out: &mut String, name: &str, id: Option<&str>, data: &str) {
    use std::fmt::Write as _;
    let name = name.replace(['\r', '\n'], "");
    let id = id.map(|id| id.replace(['\r', '\n'], ""));
    let id = id.as_deref();
    if name != "message" {
        let _ = writeln!(out, "event: {name}");
    }
    if let Some(id) = id {
        let _ = writeln!(out, "id: {id}");
    }
    for line in data.replace("\r\n", "\n").split(['\r', '\n']) {
        let _ = writeln!(out, "data: {line}");
    }
    out.push('\n');
}

/// A response as the mock sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// Headers besides `Content-Type` and `Content-Length`.
    pub headers: Vec<(String, String)>,
    /// The body's `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Bytes,
}

impl Reply {
    /// A JSON body, serialized now. A value that cannot be serialized (a
    /// map with non-string keys) becomes a `500` whose body says so.
    pub fn json(status: u16, body: &impl Serialize) -> Reply {
        match serde_json::to_vec(body) {
            Ok(json) => Reply::raw(status, Some("application/json"), json),
            Err(e) => Reply::raw(
                500,
                Some("text/plain"),
                format!("the mock could not serialize its answer: {e}"),
            ),
        }
    }

    /// A file success: the download's bytes with its content type (a
    /// download held in memory, as [`Download::from_bytes`](crate::Download::from_bytes) makes).
    pub fn download(status: u16, download: &crate::Download) -> Reply {
        match download.in_memory() {
            Some(bytes) => Reply::raw(status, download.content_type(), bytes.clone()),
            None => Reply::raw(
                500,
                Some("text/plain"),
                "the mock's answer is a streamed download; give it one in memory (`Download::from_bytes`)",
            ),
        }
    }

    /// An event-stream success: the events of a stream held in memory (as
    /// [`EventStream::from_events`](crate::sse::EventStream::from_events)
    /// makes), written as `text/event-stream` frames.
    pub fn events<E: MockEvent>(status: u16, stream: &crate::sse::EventStream<E>) -> Reply {
        match stream.in_memory() {
            Some(events) => {
                let mut text = String::new();
                for event in events {
                    write_event(&mut text, &event.name, event.id.as_deref(), &event.data.data());
                }
                Reply::raw(status, Some(crate::sse::MEDIA_TYPE), text)
            }
            None => Reply::raw(
                500,
                Some("text/plain"),
                "the mock's answer is a stream being received; give it one in memory (`EventStream::from_events`)",
            ),
        }
    }

    /// An event-stream success of `(name, data)` pairs as sent: the spec's
    /// examples, the mock's default answer.
    pub fn event_examples(status: u16, events: &[(&str, &str)]) -> Reply {
        let mut text = String::new();
        for (name, data) in events {
            write_event(&mut text, name, None, data);
        }
        Reply::raw(status, Some(crate::sse::MEDIA_TYPE), text)
    }

    /// A success without content.
    pub fn empty(status: u16) -> Reply {
        Reply::raw(status, None, Bytes::new())
    }

    /// A JSON body, as text from the spec (an example).
    pub fn json_text(status: u16, json: &'static str) -> Reply {
        Reply::raw(status, Some("application/json"), json)
    }

    /// Any body, with the content type given (or none).
    pub fn raw(status: u16, content_type: Option<&str>, body: impl Into<Bytes>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            content_type: content_type.map(str::to_owned),
            body: body.into(),
        }
    }

    /// The same reply, its JSON object's `field` set to `code`: how a
    /// code-discriminated error is sent, whatever code the body held.
    pub fn with_code(mut self, field: &str, code: &str) -> Reply {
        if let Ok(serde_json::Value::Object(mut object)) =
            serde_json::from_slice::<serde_json::Value>(&self.body)
        {
            object.insert(field.to_owned(), serde_json::Value::String(code.to_owned()));
            if let Ok(json) = serde_json::to_vec(&object) {
                self.body = json.into();
            }
        }
        self
    }

    /// The reply as a client receives it, for the operation's own
    /// `parse_response`.
    pub(crate) fn to_response(&self) -> crate::Response {
        let status = http::StatusCode::from_u16(self.status).unwrap_or(http::StatusCode::OK);
        let mut headers = http::HeaderMap::new();
        if let Some(content_type) = self.content_type.as_deref() {
            if let Ok(value) = http::HeaderValue::from_str(content_type) {
                headers.insert(http::header::CONTENT_TYPE, value);
            }
        }
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_str(value),
            ) {
                headers.append(name, value);
            }
        }
        crate::Response::new(status, headers, self.body.clone())
    }

    /// The same reply with one more header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A value of a generated body type (whose structs are `#[non_exhaustive]`)
/// from JSON, for [`Mock::ok`](super::Mock::ok) and documented errors:
/// `UploadAttachmentError::NoPermission(mock::body(json!({..})))`.
///
/// # Panics
///
/// When `json` is not a `T`, with serde's reason: a test's own mistake.
pub fn body<T: serde::de::DeserializeOwned>(json: serde_json::Value) -> T {
    serde_json::from_value(json).unwrap_or_else(|e| {
        panic!(
            "the JSON given is not a `{}`: {e}",
            std::any::type_name::<T>()
        )
    })
}

/// The statuses a documented error comes with, as the spec lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorStatus {
    /// This one status (`404`).
    Exact(u16),
    /// Any status of this class (`4` for `4XX`) that no other response of
    /// the operation documents.
    Class(u8),
    /// Any status that no other response of the operation documents
    /// (OpenAPI's `default`).
    Default,
}

impl std::fmt::Display for ErrorStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErrorStatus::Exact(status) => write!(f, "HTTP {status}"),
            ErrorStatus::Class(class) => write!(f, "any HTTP {class}XX status"),
            ErrorStatus::Default => f.write_str("the default (any status documented nowhere else)"),
        }
    }
}

/// A documented error, as the vendor sends it: implemented by generated
/// error enums.
pub trait MockError {
    /// The statuses the spec documents the error with.
    fn status(&self) -> ErrorStatus;

    /// The error sent with `status`, in the vendor's wire format (the code
    /// field set to the variant's code for code-discriminated errors).
    fn reply(&self, status: u16) -> Reply;
}

/// The reply of a documented error: under its one status, or under
/// `status`, which the operation's own `parse_response` must read back as
/// the same error (for an error documented for a class of statuses or as
/// the default, the spec does not say which status the vendor sends).
///
/// # Panics
///
/// Without a status for an error that has no one status, or with a status
/// under which the client would read another outcome: a test's own mistake.
pub(crate) fn error_reply<O>(error: &O::Error, status: Option<u16>) -> Reply
where
    O: MockOperation,
    O::Error: MockError,
{
    let status = match (status, error.status()) {
        (Some(status), _) => status,
        (None, ErrorStatus::Exact(status)) => return error.reply(status),
        (None, statuses) => panic!(
            "`{error:?}` of `{}` comes with {statuses}: give the status to answer with, \
             as in `.error_with_status(503, error)` (or `Answer::ErrorWithStatus`)",
            O::NAME
        ),
    };
    let reply = error.reply(status);
    let read_back = match http::StatusCode::from_u16(status) {
        Ok(_) => O::parse_response(reply.to_response()),
        Err(_) => panic!("{status} is not an HTTP status"),
    };
    match read_back {
        Err(crate::Error::Api(e))
            if std::mem::discriminant(e.error()) == std::mem::discriminant(error) =>
        {
            reply
        }
        other => {
            let read = match other {
                Ok(_) => "a success".to_owned(),
                Err(crate::Error::Api(e)) => format!("`{:?}`", e.error()),
                Err(e) => format!("an error ({e})"),
            };
            panic!(
                "`{error:?}` of `{}` ({}) is not what the client reads from HTTP {status}: \
                 it reads {read}",
                O::NAME,
                error.status()
            )
        }
    }
}

/// What a closure given to [`Mock::with`](super::Mock::with) answers a
/// typed request with.
pub enum Answer<O: Operation> {
    /// The documented success, with its body.
    Ok(O::Output),
    /// A documented error, under its one documented status.
    Error(O::Error),
    /// A documented error sent with this status: one the error covers (an
    /// error documented for `4XX` or as the default needs one).
    ErrorWithStatus(u16, O::Error),
    /// Any response: an undocumented one, a malformed body.
    Reply(Reply),
}

impl<O> Answer<O>
where
    O: MockOperation,
    O::Error: MockError,
{
    /// The answer on the wire.
    ///
    /// # Panics
    ///
    /// As [`Mock::error_with_status`](super::Mock::error_with_status): for
    /// an error without one documented status given as [`Answer::Error`], or
    /// one not read back from the status given.
    pub fn into_reply(self) -> Reply {
        match self {
            Answer::Ok(output) => O::success(&output),
            Answer::Error(error) => error_reply::<O>(&error, None),
            Answer::ErrorWithStatus(status, error) => error_reply::<O>(&error, Some(status)),
            Answer::Reply(reply) => reply,
        }
    }
}

impl<O: Operation> std::fmt::Debug for Answer<O>
where
    O::Output: std::fmt::Debug,
    O::Error: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Answer::Ok(output) => f.debug_tuple("Ok").field(output).finish(),
            Answer::Error(error) => f.debug_tuple("Error").field(error).finish(),
            Answer::ErrorWithStatus(status, error) => f
                .debug_tuple("ErrorWithStatus")
                .field(status)
                .field(error)
                .finish(),
            Answer::Reply(reply) => f.debug_tuple("Reply").field(reply).finish(),
        }
    }
}
