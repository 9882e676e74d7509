//! The trait every generated request implements: what the runtime needs to
//! send any operation of any generated API.

use crate::{
    DocumentedError, Error, HttpRequest, MissingScopes, RateLimitHeaders, RequestError, Response,
    ScopeExpr, ScopeValue, Secrets, Security,
};

/// Where an API's requests go: implemented by each generated `Server`.
pub trait BaseUrl {
    /// The base URL requests are sent to, without a trailing `/`.
    fn base_url(&self) -> &str;
}

/// One operation of a generated API, implemented by its request type
/// (`UploadAttachmentRequest` & co.).
///
/// Sans-IO use: [`Operation::into_http_request`], send it with any HTTP
/// stack, then [`Operation::parse_response`]. With the `reqwest` feature,
/// [`Client::send`](crate::Client::send) does all three.
pub trait Operation: Sized {
    /// The operation's name in the spec (`upload_attachment`), for logs and spans.
    const NAME: &'static str;
    /// The OAuth scopes the operation needs (with `{variables}` bound by
    /// [`Operation::scope_value`]).
    const REQUIRED_SCOPES: ScopeExpr;
    /// The security schemes that may sign the request (any one of the
    /// alternatives, each a set of schemes sent together); empty for an
    /// operation called without credentials.
    const SECURITY: Security;
    /// The vendor's token types this operation accepts (such as a
    /// sub-account or an agency token); empty: any.
    const TOKEN_TYPES: &'static [&'static str] = &[];
    /// The success statuses whose body is a file ([`Download`](crate::Download)):
    /// the client streams them to the caller instead of reading them.
    const DOWNLOAD_STATUSES: &'static [u16] = &[];
    /// The success statuses whose body is an event stream
    /// ([`sse::EventStream`](crate::sse::EventStream)): the client streams
    /// them to the caller as they arrive.
    const EVENT_STREAM_STATUSES: &'static [u16] = &[];
    /// Whether the operation's event stream resumes after a dropped
    /// connection: the client sends the request again, with `Last-Event-ID`
    /// (the spec's `resumes`).
    const RESUMES: bool = false;
    /// The API's rate-limit headers, as its spec declares them (the IETF
    /// `RateLimit` fields alone by default).
    const RATE_LIMITS: RateLimitHeaders = RateLimitHeaders::IETF;
    /// The API's servers.
    type Server: BaseUrl;
    /// The typed success body.
    type Output;
    /// The operation's documented errors.
    type Error: DocumentedError;

    /// The HTTP request: method, URL (base URL, percent-encoded path
    /// parameters, query), fixed headers and the body, signed with
    /// `secrets` as [`Operation::SECURITY`] says (an
    /// [`AccessToken`](crate::AccessToken) for every scheme taking a token,
    /// or a [`SecretSet`](crate::SecretSet) by scheme name).
    fn into_http_request(
        self,
        server: &Self::Server,
        secrets: &dyn Secrets,
    ) -> Result<HttpRequest, RequestError>;

    /// Turns a response into the typed success body, a documented error
    /// ([`Error::Api`]) or, for anything the vendor does not document, an
    /// [`Error::Undocumented`] that keeps the response whole. Never panics.
    fn parse_response(response: Response) -> Result<Self::Output, Error<Self::Error>>;

    /// The event stream of a success, for the client to give it a way to
    /// reconnect ([`Operation::RESUMES`]); `None` for other outputs.
    fn event_stream(output: &mut Self::Output) -> Option<&mut dyn crate::sse::Resume> {
        let _ = output;
        None
    }

    /// The value of the scope variable `name` for this request; `None` for
    /// a variable the operation does not know.
    fn scope_value(&self, name: &str) -> Option<ScopeValue<'_>> {
        let _ = name;
        None
    }

    /// Whether a token of the vendor's type `token_type` may call this
    /// operation (always, when the vendor names no type for it).
    fn accepts_token_type(token_type: &str) -> bool {
        Self::TOKEN_TYPES.is_empty() || Self::TOKEN_TYPES.contains(&token_type)
    }

    /// Checks granted OAuth scopes against [`Operation::REQUIRED_SCOPES`] for
    /// this request; on failure, says which requirements are unmet and what
    /// would meet each.
    fn check_scopes<S: AsRef<str>>(&self, granted: &[S]) -> Result<(), MissingScopes> {
        Self::REQUIRED_SCOPES.check(granted, &|name| self.scope_value(name))
    }
}

/// A list operation whose results continue on further pages: implemented by
/// the request types of operations whose spec declares `pagination`.
/// [`Client::pages`](crate::Client::pages) and
/// [`Client::items`](crate::Client::items) walk them as streams.
pub trait Paginated: Operation + Clone {
    /// What a page lists.
    type Item;

    /// The items of one page.
    fn items(page: &Self::Output) -> &[Self::Item];

    /// The request for the page after `page`: `Ok(None)` after the last
    /// one; an error when `page` says more follow but no request can ask
    /// for them (the next page number would pass `i64::MAX`, the cursor
    /// handed back is the one sent), so that a walk cut short is never
    /// taken for a whole list.
    fn next_page(&self, page: &Self::Output) -> Result<Option<Self>, crate::NextPageError>;

    /// Which page this request asks for (its cursors, page number or
    /// offset, as text), so that a walk can tell when a server points back
    /// to a page already received; `None` when unknown.
    fn position(&self) -> Option<String> {
        None
    }
}
