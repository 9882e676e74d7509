//! A received response, and the decisions every operation's parsing shares:
//! decode the documented success body, decode a documented error, or keep
//! what matches nothing documented. What a generated `parse_response` adds
//! is only its table of statuses (and codes).

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::{ApiError, Error, UnhandledReason, UnhandledResponse};

/// An operation's table of documented error codes: each code, and the
/// operation's error made from a body that carries it.
pub type ErrorCodes<B, E> = [(&'static str, fn(B) -> E)];

/// One documented error shape of a status that has several: the error the
/// body makes, if the body has that shape (see [`Response::error_first_fit`]).
pub type ErrorShape<E> = fn(&[u8]) -> Option<E>;

/// A response as received: status, headers and the whole body.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: Bytes,
    /// A file body the client left unread, for [`Response::download`].
    streamed: Option<crate::download::StreamedBody>,
}

impl Response {
    /// A response from its parts, as any HTTP stack gives them.
    pub fn new(status: http::StatusCode, headers: http::HeaderMap, body: impl Into<Bytes>) -> Self {
        Response {
            status,
            headers,
            body: body.into(),
            streamed: None,
        }
    }

    /// A response whose body is left to stream (a file download): an HTTP
    /// stack that streams bodies gives them this way.
    pub fn streamed(
        status: http::StatusCode,
        headers: http::HeaderMap,
        body: crate::download::ByteStream,
    ) -> Self {
        Response {
            status,
            headers,
            body: Bytes::new(),
            streamed: Some(crate::download::StreamedBody::new(body)),
        }
    }

    /// A documented file body: streamed when the client left it unread,
    /// else the body received.
    pub fn download<E>(self) -> Result<crate::Download, Error<E>> {
        let body = match self.streamed.as_ref().and_then(|s| s.take()) {
            Some(stream) => Ok(stream),
            None => Err(self.body.clone()),
        };
        Ok(crate::Download::new(&self.headers, body))
    }

    /// A documented event stream (`text/event-stream`): streamed when the
    /// client left it unread, else read from the body received. A body of
    /// another media type is not the stream: it is kept whole as
    /// [`Error::Undocumented`] ([`UnhandledReason::MalformedBody`]).
    pub fn event_stream<T: crate::sse::Events, E>(
        self,
    ) -> Result<crate::sse::EventStream<T>, Error<E>> {
        if let Some(other) = self
            .headers
            .get(http::header::CONTENT_TYPE)
            .filter(|v| !crate::sse::is_event_stream(v))
        {
            let reason = format!(
                "a `{}` body where the stream (`text/event-stream`) is documented",
                String::from_utf8_lossy(other.as_bytes())
            );
            return Err(self.unhandled(UnhandledReason::MalformedBody(reason)));
        }
        Ok(match self.streamed.as_ref().and_then(|s| s.take()) {
            Some(stream) => crate::sse::EventStream::new(stream),
            None => crate::sse::EventStream::from_bytes(self.body.clone()),
        })
    }

    /// The body the client left unread, taken (once).
    #[cfg(feature = "client")]
    pub(crate) fn take_streamed(&self) -> Option<crate::download::ByteStream> {
        self.streamed.as_ref().and_then(|s| s.take())
    }

    /// The HTTP status.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Decodes a documented JSON body; a body that does not fit is kept
    /// whole as [`Error::Undocumented`] ([`UnhandledReason::MalformedBody`]).
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(e) => Err(self.unhandled(UnhandledReason::MalformedBody(e.to_string()))),
        }
    }

    /// A success documented without content: whatever body came is not read.
    pub fn no_content<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// A documented error whose body is a `B`: `variant` makes the
    /// operation's error from it. A body that does not fit is kept whole.
    pub fn error<T, B: DeserializeOwned, E>(
        self,
        variant: impl FnOnce(B) -> E,
    ) -> Result<T, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Err(Error::Api(ApiError::new(
                self.status,
                self.headers,
                variant(body),
            ))),
            Err(e) => Err(self.unhandled(UnhandledReason::MalformedBody(e.to_string()))),
        }
    }

    /// Errors told apart by a code: the body's top-level string field
    /// `code_field` names the error, `variants` maps each documented code
    /// to the operation's error made from the body (a `B`). A body that does
    /// not decode is malformed under one of the `documented` statuses and
    /// undocumented under any other; an unknown code is undocumented.
    pub fn error_by_code<T, B: DeserializeOwned, E>(
        self,
        documented: &[u16],
        code_field: &str,
        variants: &ErrorCodes<B, E>,
    ) -> Result<T, Error<E>> {
        let decoded = serde_json::from_slice::<serde_json::Value>(&self.body).and_then(|value| {
            let code = value
                .get(code_field)
                .and_then(|c| c.as_str())
                .map(str::to_owned);
            B::deserialize(value).map(|body| (code, body))
        });
        let (code, body) = match decoded {
            Ok((Some(code), body)) => (code, body),
            Ok((None, _)) if documented.contains(&self.status.as_u16()) => {
                let reason = format!("no string field `{code_field}` holds the error code");
                return Err(self.unhandled(UnhandledReason::MalformedBody(reason)));
            }
            Err(e) if documented.contains(&self.status.as_u16()) => {
                return Err(self.unhandled(UnhandledReason::MalformedBody(e.to_string())))
            }
            Ok((None, _)) | Err(_) => return Err(self.undocumented_status()),
        };
        match variants.iter().find(|(known, _)| *known == code) {
            Some((_, variant)) => Err(Error::Api(ApiError::new(
                self.status,
                self.headers,
                variant(body),
            ))),
            None => Err(self.unhandled(UnhandledReason::UndocumentedCode(code))),
        }
    }

    /// A success status under which the vendor also sends documented errors
    /// (Zoho's `API_Exception` in a 200): a body whose `code_field` holds a
    /// documented code is that error, anything else the success body.
    pub fn json_unless_code<T: DeserializeOwned, B: DeserializeOwned, E>(
        self,
        code_field: &str,
        variants: &ErrorCodes<B, E>,
    ) -> Result<T, Error<E>> {
        let code = serde_json::from_slice::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|v| v.get(code_field)?.as_str().map(str::to_owned));
        let Some(variant) = code.and_then(|code| variants.iter().find(|(known, _)| *known == code))
        else {
            return self.json();
        };
        match serde_json::from_slice::<B>(&self.body) {
            Ok(body) => Err(Error::Api(ApiError::new(
                self.status,
                self.headers,
                (variant.1)(body),
            ))),
            Err(e) => Err(self.unhandled(UnhandledReason::MalformedBody(e.to_string()))),
        }
    }

    /// A documented error the vendor sends without a body (whatever body
    /// comes is not read).
    pub fn error_without_body<T, E>(self, error: E) -> Result<T, Error<E>> {
        Err(Error::Api(ApiError::new(self.status, self.headers, error)))
    }

    /// Documented errors of one status with no code to tell them apart: the
    /// first `shapes` entry the body fits (each decodes the body, or
    /// refuses it); when none fits, the response is kept whole as
    /// [`Error::Undocumented`].
    pub fn error_first_fit<T, E>(self, shapes: &[ErrorShape<E>]) -> Result<T, Error<E>> {
        match shapes.iter().find_map(|fits| fits(&self.body)) {
            Some(error) => Err(Error::Api(ApiError::new(self.status, self.headers, error))),
            None => {
                let reason = "the body fits none of the documented error shapes".to_owned();
                Err(self.unhandled(UnhandledReason::MalformedBody(reason)))
            }
        }
    }

    /// A status the operation does not document.
    pub fn undocumented<T, E>(self) -> Result<T, Error<E>> {
        Err(self.undocumented_status())
    }

    fn undocumented_status<E>(self) -> Error<E> {
        self.unhandled(UnhandledReason::UndocumentedStatus)
    }

    fn unhandled<E>(self, reason: UnhandledReason) -> Error<E> {
        Error::Undocumented(UnhandledResponse::new(self, reason))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Body {
        code: String,
    }

    #[derive(Debug, PartialEq)]
    enum OpError {
        Known(Body),
    }

    fn response(status: u16, body: &str) -> Response {
        Response::new(
            http::StatusCode::from_u16(status).unwrap(),
            http::HeaderMap::new(),
            body.to_owned(),
        )
    }

    fn by_code(r: Response) -> Result<(), Error<OpError>> {
        r.error_by_code(&[400], "code", &[("KNOWN", OpError::Known)])
    }

    fn reason(e: Error<OpError>) -> UnhandledReason {
        match e {
            Error::Undocumented(r) => r.reason().clone(),
            other => panic!("expected an undocumented response, got {other:?}"),
        }
    }

    #[test]
    fn a_known_code_is_a_documented_error_with_its_status() {
        match by_code(response(400, r#"{"code":"KNOWN"}"#)) {
            Err(Error::Api(e)) => {
                assert_eq!(e.status(), 400);
                assert_eq!(
                    e.error(),
                    &OpError::Known(Body {
                        code: "KNOWN".into()
                    })
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_codes_and_bodies_are_kept_with_the_reason() {
        assert_eq!(
            reason(by_code(response(400, r#"{"code":"NEW"}"#)).unwrap_err()),
            UnhandledReason::UndocumentedCode("NEW".into())
        );
        assert!(matches!(
            reason(by_code(response(400, "<html>")).unwrap_err()),
            UnhandledReason::MalformedBody(_)
        ));
        assert!(matches!(
            reason(by_code(response(400, r#"{"code":7}"#)).unwrap_err()),
            UnhandledReason::MalformedBody(_)
        ));
        assert_eq!(
            reason(by_code(response(502, "<html>")).unwrap_err()),
            UnhandledReason::UndocumentedStatus
        );
        let e = response(404, "gone")
            .undocumented::<(), OpError>()
            .unwrap_err();
        match e {
            Error::Undocumented(r) => {
                assert_eq!(r.body_text(), "gone");
                assert_eq!(r.status(), 404);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_success_body_that_does_not_fit_is_kept() {
        let e = response(200, "[1]").json::<Body, OpError>().unwrap_err();
        assert!(matches!(reason(e), UnhandledReason::MalformedBody(_)));
    }
}
