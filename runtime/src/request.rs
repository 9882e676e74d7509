//! Building the `http::Request` of an operation: what every generated
//! `into_http_request` shares, so that it writes only its own path, inputs
//! and body.

use http::header::{HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};

use crate::{
    FilePart, MultipartBody, RequestBody, RequestError, Secrets, Security, Signature, UrlBuilder,
};

/// The request an operation turns into: an `http::Request` whose body is a
/// [`RequestBody`]. Send it with any HTTP stack.
pub type HttpRequest = http::Request<RequestBody>;

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

impl WireValue for str {
    fn to_wire(&self) -> String {
        self.to_owned()
    }
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

impl WireValue for i32 {
    fn to_wire(&self) -> String {
        self.to_string()
    }
}

impl WireValue for crate::Date {
    fn to_wire(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

impl WireValue for crate::DateTime {
    fn to_wire(&self) -> String {
        self.to_rfc3339()
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

/// An operation's request under construction: method, URL, the token's
/// header and the other headers. Finished with a body kind
/// ([`RequestBuilder::empty`], [`RequestBuilder::multipart`]).
#[derive(Debug)]
pub struct RequestBuilder {
    method: http::Method,
    url: UrlBuilder,
    headers: http::HeaderMap,
    /// The secrets it is signed with when finished.
    signature: Signature,
    /// The first refused path parameter, returned when the request is finished.
    error: Option<RequestError>,
}

impl RequestBuilder {
    /// A request to `base_url` that carries no token (an operation
    /// documented without auth).
    pub fn anonymous(method: http::Method, base_url: &str) -> Result<Self, RequestError> {
        Ok(RequestBuilder {
            method,
            url: UrlBuilder::new(base_url)?,
            headers: http::HeaderMap::new(),
            signature: Signature::default(),
            error: None,
        })
    }

    /// A request to `base_url`, signed with `secrets` for `security` (the
    /// operation's requirement): the first alternative they hold a secret
    /// for each scheme of.
    pub fn new(
        method: http::Method,
        base_url: &str,
        security: Security,
        secrets: &dyn Secrets,
    ) -> Result<Self, RequestError> {
        Ok(RequestBuilder {
            method,
            url: UrlBuilder::new(base_url)?,
            headers: http::HeaderMap::new(),
            signature: Signature::choose(security, secrets)?,
            error: None,
        })
    }

    /// Appends literal path text from the spec (`/crm/v7/`, `/Attachments`).
    pub fn path(&mut self, text: &str) -> &mut Self {
        self.url.literal(text);
        self
    }

    /// Appends the path parameter `name` as one percent-encoded segment
    /// that the server receives exactly as given (see [`UrlBuilder::param`]);
    /// a value no segment can carry makes finishing the request fail.
    pub fn param(&mut self, name: &'static str, value: &(impl WireValue + ?Sized)) -> &mut Self {
        if let Err(e) = self.url.param(name, &value.to_wire()) {
            self.error.get_or_insert(e);
        }
        self
    }

    /// Appends a query pair, form-urlencoded.
    pub fn query(&mut self, name: &str, value: &(impl WireValue + ?Sized)) -> &mut Self {
        self.url.query(name, &value.to_wire());
        self
    }

    /// Appends one query pair whose value is the items joined with commas
    /// (a list documented with `explode: false`: `ids=1,2,3`).
    pub fn query_joined<V: WireValue>(&mut self, name: &str, values: &[V]) -> &mut Self {
        let joined: Vec<String> = values.iter().map(WireValue::to_wire).collect();
        self.url.query(name, &joined.join(","));
        self
    }

    /// Adds a header (a header parameter, or a fixed header of the spec);
    /// refused when the value holds characters a header cannot carry (such
    /// as a newline).
    pub fn header(
        &mut self,
        name: &'static str,
        value: &(impl WireValue + ?Sized),
    ) -> Result<&mut Self, RequestError> {
        let value = HeaderValue::try_from(value.to_wire())
            .map_err(|_| RequestError::InvalidHeaderValue { name })?;
        self.headers.append(header_name(name)?, value);
        Ok(self)
    }

    /// The request without a body.
    pub fn empty(self) -> Result<HttpRequest, RequestError> {
        self.finish(RequestBody::Empty)
    }

    /// The request with a multipart/form-data body, its `Content-Type`
    /// (with the boundary) and, when every part's size is known, its
    /// `Content-Length`.
    pub fn multipart(mut self, form: MultipartBody) -> Result<HttpRequest, RequestError> {
        self.headers.insert(
            CONTENT_TYPE,
            HeaderValue::try_from(form.content_type()).map_err(http::Error::from)?,
        );
        if let Some(length) = form.content_length() {
            self.headers
                .insert(CONTENT_LENGTH, HeaderValue::from(length));
        }
        self.finish(RequestBody::Multipart(form))
    }

    /// The request with a JSON body: a [`JsonObject`] of body fields, or
    /// any serializable value as the whole body.
    pub fn json(mut self, body: &impl serde::Serialize) -> Result<HttpRequest, RequestError> {
        let bytes = serde_json::to_vec(body).map_err(|e| RequestError::Json {
            field: "",
            reason: e.to_string(),
        })?;
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        self.finish(RequestBody::Bytes(bytes.into()))
    }

    /// The request with an `application/x-www-form-urlencoded` body.
    pub fn form_urlencoded(mut self, mut form: FormBody) -> Result<HttpRequest, RequestError> {
        self.headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        self.finish(RequestBody::Bytes(
            form.encoded.finish().into_bytes().into(),
        ))
    }

    /// The request with a file as its whole body, labelled `content_type`
    /// (the spec's), streamed; `Content-Length` when the size is known.
    pub fn binary(
        mut self,
        file: FilePart,
        content_type: &str,
    ) -> Result<HttpRequest, RequestError> {
        self.headers.insert(
            CONTENT_TYPE,
            HeaderValue::try_from(content_type).map_err(http::Error::from)?,
        );
        if let Some(length) = file.len() {
            self.headers
                .insert(CONTENT_LENGTH, HeaderValue::from(length));
        }
        self.finish(RequestBody::File(file))
    }

    fn finish(self, body: RequestBody) -> Result<HttpRequest, RequestError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut request = http::Request::builder()
            .method(self.method)
            .uri(self.url.finish()?)
            .body(body)?;
        *request.headers_mut() = self.headers;
        self.signature.apply(&mut request)?;
        Ok(request)
    }
}

/// The fields of an `application/x-www-form-urlencoded` body, in order.
pub struct FormBody {
    encoded: url::form_urlencoded::Serializer<'static, String>,
    fields: usize,
}

impl Default for FormBody {
    fn default() -> Self {
        FormBody {
            encoded: url::form_urlencoded::Serializer::new(String::new()),
            fields: 0,
        }
    }
}

impl std::fmt::Debug for FormBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormBody").finish_non_exhaustive()
    }
}

impl FormBody {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends the field `name` with `value`.
    pub fn field(&mut self, name: &str, value: &(impl WireValue + ?Sized)) -> &mut Self {
        self.encoded.append_pair(name, &value.to_wire());
        self.fields += 1;
        self
    }

    /// Whether no field was appended: a body that is not required is then
    /// not sent at all.
    pub fn is_empty(&self) -> bool {
        self.fields == 0
    }
}

/// Checks of documented bounds, before a request is sent.
pub mod checks {
    use crate::RequestError;

    /// `value` within `[minimum, maximum]` (either may be absent).
    pub fn number(
        name: &'static str,
        value: f64,
        minimum: Option<f64>,
        maximum: Option<f64>,
    ) -> Result<(), RequestError> {
        let reason = match (minimum, maximum) {
            (Some(min), _) if value < min => format!("{value} is below the minimum {min}"),
            (_, Some(max)) if value > max => format!("{value} is above the maximum {max}"),
            _ => return Ok(()),
        };
        Err(RequestError::OutOfRange { name, reason })
    }

    /// A length (characters of a string, items of a list) within bounds.
    pub fn length(
        name: &'static str,
        length: usize,
        minimum: Option<u64>,
        maximum: Option<u64>,
    ) -> Result<(), RequestError> {
        let length = length as u64;
        let reason = match (minimum, maximum) {
            (Some(min), _) if length < min => {
                format!("its length {length} is below the minimum {min}")
            }
            (_, Some(max)) if length > max => {
                format!("its length {length} is above the maximum {max}")
            }
            _ => return Ok(()),
        };
        Err(RequestError::OutOfRange { name, reason })
    }
}

/// The fields of a JSON object body (sent sorted by key).
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct JsonObject(serde_json::Map<String, serde_json::Value>);

impl JsonObject {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether no field is set: a body that is not required is then not
    /// sent at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sets the field `name` to `value`.
    pub fn field(
        &mut self,
        name: &'static str,
        value: &(impl serde::Serialize + ?Sized),
    ) -> Result<&mut Self, RequestError> {
        let value = serde_json::to_value(value).map_err(|e| RequestError::Json {
            field: name,
            reason: e.to_string(),
        })?;
        self.0.insert(name.to_owned(), value);
        Ok(self)
    }
}

pub(crate) fn header_name(name: &str) -> Result<HeaderName, RequestError> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|e| RequestError::Http(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AccessToken;

    const AUTH: crate::Security = &[&[crate::auth::fixtures::BEARER]];

    #[test]
    fn bodies_tell_whether_anything_is_in_them() {
        let mut json = JsonObject::new();
        assert!(json.is_empty());
        json.field("a", &1).unwrap();
        assert!(!json.is_empty());
        let mut form = FormBody::new();
        assert!(form.is_empty());
        form.field("a", "b");
        assert!(!form.is_empty());
        let mut multipart = MultipartBody::new();
        assert!(multipart.is_empty());
        multipart.text("k", "v".into());
        assert!(!multipart.is_empty());
        // What a body that is not required sends when it is empty: nothing.
        let request = RequestBuilder::anonymous(http::Method::POST, "https://x.test")
            .unwrap()
            .empty()
            .unwrap();
        assert!(request.headers().get(CONTENT_TYPE).is_none());
    }

    #[test]
    fn builds_method_url_headers_and_body() {
        let token = AccessToken::new("t0k");
        let mut r =
            RequestBuilder::new(http::Method::POST, "https://x.test/base", AUTH, &token).unwrap();
        r.path("/v1/")
            .param("id", "a b")
            .path("/items")
            .query("n", &3i64);
        r.header("Version", "2021-04-15").unwrap();
        let mut form = MultipartBody::new();
        form.text("k", "v".into());
        let request = r.multipart(form).unwrap();
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), "https://x.test/base/v1/a%20b/items?n=3");
        assert_eq!(request.headers()["authorization"], "Bearer t0k");
        assert!(request.headers()["authorization"].is_sensitive());
        assert_eq!(request.headers()["version"], "2021-04-15");
        assert!(request.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("multipart/form-data; boundary="));
        assert!(request.headers().contains_key(CONTENT_LENGTH));
    }

    #[test]
    fn a_refused_path_parameter_fails_the_request() {
        let token = AccessToken::new("t");
        let mut r = RequestBuilder::new(http::Method::GET, "https://x.test", AUTH, &token).unwrap();
        r.path("/records/").param("record_id", "").path("/x");
        assert!(matches!(
            r.empty(),
            Err(RequestError::InvalidPathParam {
                name: "record_id",
                ..
            })
        ));
    }

    #[test]
    fn a_header_value_with_a_newline_is_refused() {
        let token = AccessToken::new("t");
        let mut r = RequestBuilder::new(http::Method::GET, "https://x.test", AUTH, &token).unwrap();
        assert!(matches!(
            r.header("X-Trace", "a\r\nInjected: yes"),
            Err(RequestError::InvalidHeaderValue { name: "X-Trace" })
        ));
    }
}
