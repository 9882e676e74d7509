//! OAuth 2.0 token endpoints, generic: the refresh-token grant
//! ([`RefreshFlow`]) and token exchanges ([`TokenExchange`]), each a
//! [`Refresh`] for [`RefreshingToken`](crate::RefreshingToken). Nothing here
//! knows a vendor: each API's generated `oauth` module configures them from
//! what its spec declares (the token URL per server, fields the vendor
//! adds to the form, whether refresh tokens rotate, answer fields to keep,
//! the default lifetime).
//!
//! # Why not the `oauth2` crate
//! The `oauth2` crate (5.x) was weighed for this and not taken, for reasons
//! of what real vendors do rather than of taste:
//! - it speaks through its own HTTP client adapters (reqwest 0.12 in 5.0),
//!   not the reqwest 0.13 this runtime is built on, so every consumer would
//!   compile a second HTTP stack and TLS backend for a form post;
//! - it reads a token answer by HTTP status, while vendors answer refusals
//!   with HTTP 200 and an `error` field, or an HTTP 200 page without a token
//!   (a throttled refresh): here any answer without `access_token` is a
//!   refusal, never a token;
//! - it cannot bound the answer it reads: here it is at most
//!   [`MAX_TOKEN_ANSWER_BYTES`], read chunk by chunk;
//! - it hides the answer's extra fields (a vendor's API host for the
//!   account, say), which later requests need: [`RefreshFlow::keep`];
//! - vendors' token exchanges (a sub-account token made from an agency
//!   token, posted with the agency token as bearer) are not an RFC 8693
//!   exchange it models.
//!
//! What is standard is kept standard: the refresh-token grant of RFC 6749
//! §6 (`grant_type=refresh_token` with the client's id and secret in the
//! form, §2.3.1), the answer of §5.1 and the errors of §5.2.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::{AccessToken, BoxFuture, TokenError, TokenSource};

/// A token as a refresh returned it.
#[derive(Debug, Clone)]
pub struct FreshToken {
    /// The access token.
    pub access_token: AccessToken,
    /// How long it is valid from now.
    pub expires_in: Duration,
}

/// One way of getting a new access token (a vendor's refresh flow).
pub trait Refresh: Send + Sync + 'static {
    /// Asks for a new token.
    fn refresh(&self) -> BoxFuture<'_, Result<FreshToken, TokenError>>;
}

/// Keeps a new refresh token somewhere lasting (a file, a database...);
/// `Err` with a message when it cannot.
pub type StoreRefreshToken = dyn Fn(&str) -> Result<(), String> + Send + Sync;

/// The refresh-token grant: `POST <token URL>` with `grant_type=refresh_token`,
/// the client's id and secret, the refresh token, and any fields the vendor
/// adds. An answer without `access_token` (an `error`, or an HTTP 200 page
/// that is not a token) is a failure, never a token.
pub struct RefreshFlow {
    endpoint: Endpoint,
    token_url: Option<String>,
    form: Vec<(String, String)>,
    refresh_token: Mutex<String>,
    rotation: Option<Rotation>,
    lifetime: Duration,
    keep: &'static [&'static str],
    kept: Mutex<Vec<(&'static str, String)>>,
}

/// Whether a URL from a token answer may be an API host: `https`, with a
/// host, without user info, query or fragment.
fn api_host(url: &url::Url) -> Result<(), &'static str> {
    if url.scheme() != "https" {
        return Err("not an https URL");
    }
    if !url.has_host() {
        return Err("no host");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("it holds user info (`user:password@`)");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("it holds a query or fragment");
    }
    Ok(())
}

/// Refresh tokens that are spent by each refresh: the new one goes to
/// `store` before the new access token is used.
struct Rotation {
    store: Box<StoreRefreshToken>,
    /// A refresh token received but not stored yet.
    unstored: Mutex<bool>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl RefreshFlow {
    /// The grant at `token_url` (`None`: none known yet, see
    /// [`RefreshFlow::with_token_url`]; refreshing fails with
    /// [`TokenError::NoTokenUrl`] until then). Tokens whose answer gives no
    /// `expires_in` are taken to last an hour unless
    /// [`RefreshFlow::lifetime`] says otherwise.
    pub fn new(
        token_url: Option<&str>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        RefreshFlow {
            endpoint: Endpoint::new(),
            token_url: token_url.map(str::to_owned),
            form: vec![
                ("grant_type".to_owned(), "refresh_token".to_owned()),
                ("client_id".to_owned(), client_id.into()),
                ("client_secret".to_owned(), client_secret.into()),
            ],
            refresh_token: Mutex::new(refresh_token.into()),
            rotation: None,
            lifetime: Duration::from_secs(3600),
            keep: &[],
            kept: Mutex::new(Vec::new()),
        }
    }

    /// Another field of the form, sent with every refresh.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.form.push((name.into(), value.into()));
        self
    }

    /// How long a token lives when its answer gives no `expires_in`.
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// Refresh tokens rotate: each refresh spends the one sent and answers
    /// with a new one, handed to `store` before the new access token is
    /// used, so that it is never lost. When `store` fails, the refresh
    /// fails with [`TokenError::Store`]; the new refresh token is kept in
    /// memory and handed to `store` again before the next refresh.
    pub fn rotating(
        mut self,
        store: impl Fn(&str) -> Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.rotation = Some(Rotation {
            store: Box::new(store),
            unstored: Mutex::new(false),
        });
        self
    }

    /// Fields of the token answer to keep (the account's API host, say),
    /// read back with [`RefreshFlow::kept`].
    pub fn keep(mut self, fields: &'static [&'static str]) -> Self {
        self.keep = fields;
        self
    }

    /// The value of a kept field in the last answer that had it.
    pub fn kept(&self, field: &str) -> Option<String> {
        lock(&self.kept)
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, value)| value.clone())
    }

    /// Another token endpoint (a proxy, a test server, a custom server's).
    pub fn with_token_url(mut self, token_url: &str) -> Self {
        self.token_url = Some(token_url.to_owned());
        self
    }

    /// The token endpoint asked.
    pub fn token_url(&self) -> Option<&str> {
        self.token_url.as_deref()
    }

    /// The refresh token the next refresh sends (the newest, with rotation).
    pub fn refresh_token(&self) -> String {
        lock(&self.refresh_token).clone()
    }

    /// Keeps the answer's fields named by [`RefreshFlow::keep`]. A value
    /// that is a URL (the account's API host, which later requests are
    /// sent to with the token) is kept only when it is `https` and holds
    /// no `user:password@`: a token answer cannot move the client to plain
    /// HTTP or hand it credentials. A refused value leaves the one kept
    /// before; a change of host is logged.
    fn remember(&self, answer: &serde_json::Value) {
        for &field in self.keep {
            let Some(value) = answer.get(field).and_then(|v| v.as_str()) else {
                continue;
            };
            let mut kept = lock(&self.kept);
            let before = kept.iter().find(|(name, _)| *name == field);
            if let Ok(url) = url::Url::parse(value) {
                if let Err(reason) = api_host(&url) {
                    #[cfg(feature = "client")]
                    tracing::warn!(
                        field,
                        reason,
                        "the token answer's host was refused; the one before is kept"
                    );
                    let _ = reason;
                    continue;
                }
                let host_before = before
                    .and_then(|(_, old)| url::Url::parse(old).ok())
                    .and_then(|old| old.host_str().map(str::to_owned));
                if host_before.as_deref() != url.host_str() {
                    #[cfg(feature = "client")]
                    tracing::info!(
                        field,
                        before = host_before.as_deref(),
                        now = url.host_str(),
                        "the token answer names another API host"
                    );
                }
            }
            kept.retain(|(name, _)| *name != field);
            kept.push((field, value.to_owned()));
        }
    }
}

impl Refresh for RefreshFlow {
    fn refresh(&self) -> BoxFuture<'_, Result<FreshToken, TokenError>> {
        Box::pin(async move {
            let url = self.token_url.as_deref().ok_or(TokenError::NoTokenUrl)?;
            if let Some(rotation) = &self.rotation {
                if *lock(&rotation.unstored) {
                    (rotation.store)(&self.refresh_token()).map_err(TokenError::Store)?;
                    *lock(&rotation.unstored) = false;
                }
            }
            let mut form = self.form.clone();
            form.push(("refresh_token".to_owned(), self.refresh_token()));
            let answer = self.endpoint.post(url, None, &form).await?;
            if let Some(rotation) = &self.rotation {
                let next = answer
                    .get("refresh_token")
                    .and_then(|t| t.as_str())
                    .filter(|t| !t.is_empty());
                if let Some(next) = next {
                    // The old one is spent, even when this answer has no
                    // access token: keep the new one before anything else.
                    *lock(&self.refresh_token) = next.to_owned();
                    if let Err(e) = (rotation.store)(next) {
                        *lock(&rotation.unstored) = true;
                        return Err(TokenError::Store(e));
                    }
                }
            }
            let fresh = fresh_token(&answer, self.lifetime)?;
            self.remember(&answer);
            Ok(fresh)
        })
    }
}

/// A token made from another: `POST <url>` with a form, signed with the
/// `grant` source's token (a sub-account token asked for with an
/// organisation's, say).
pub struct TokenExchange {
    endpoint: Endpoint,
    url: String,
    grant: Arc<dyn TokenSource>,
    prefix: String,
    form: Vec<(String, String)>,
    lifetime: Duration,
}

impl TokenExchange {
    /// Tokens from `url`, asked for with `grant`'s token as
    /// `Authorization: Bearer <token>`; an hour's lifetime unless the
    /// answer or [`TokenExchange::lifetime`] says otherwise.
    pub fn new(url: &str, grant: Arc<dyn TokenSource>) -> Self {
        TokenExchange {
            endpoint: Endpoint::new(),
            url: url.to_owned(),
            grant,
            prefix: "Bearer".to_owned(),
            form: Vec::new(),
            lifetime: Duration::from_secs(3600),
        }
    }

    /// A field of the form.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.form.push((name.into(), value.into()));
        self
    }

    /// The word before the grant's token (default `Bearer`).
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long a token lives when its answer gives no `expires_in`.
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// Another endpoint (a proxy, a test server).
    pub fn with_url(mut self, url: &str) -> Self {
        self.url = url.to_owned();
        self
    }
}

impl Refresh for TokenExchange {
    fn refresh(&self) -> BoxFuture<'_, Result<FreshToken, TokenError>> {
        Box::pin(async move {
            let grant = self.grant.token().await?;
            let bearer = (self.prefix.as_str(), &grant);
            let answer = self
                .endpoint
                .post(&self.url, Some(bearer), &self.form)
                .await?;
            fresh_token(&answer, self.lifetime)
        })
    }
}

/// Posts token requests: reqwest with the `client` feature, else nothing
/// (sans-IO builds have no HTTP client).
struct Endpoint {
    #[cfg(feature = "client")]
    http: reqwest::Client,
}

impl Endpoint {
    fn new() -> Self {
        Endpoint {
            #[cfg(feature = "client")]
            http: token_client(),
        }
    }

    async fn post(
        &self,
        url: &str,
        bearer: Option<(&str, &AccessToken)>,
        form: &[(String, String)],
    ) -> Result<serde_json::Value, TokenError> {
        #[cfg(feature = "client")]
        return post_form(&self.http, url, bearer, form).await;
        #[cfg(not(feature = "client"))]
        return no_client(url, bearer, form);
    }
}

/// Without the `client` feature there is no HTTP client to post with.
#[cfg(not(feature = "client"))]
fn no_client(
    _url: &str,
    _bearer: Option<(&str, &AccessToken)>,
    _form: &[(String, String)],
) -> Result<serde_json::Value, TokenError> {
    Err(TokenError::Transport(
        "this build of apigen-runtime has no HTTP client (its `client` feature is off)".to_owned(),
    ))
}

#[cfg(feature = "client")]
fn token_client() -> reqwest::Client {
    crate::transport::http_builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default()
}

/// The largest token endpoint answer read (64 KiB).
pub const MAX_TOKEN_ANSWER_BYTES: usize = 64 * 1024;

/// Posts a form to a token endpoint and reads its JSON answer (at most
/// [`MAX_TOKEN_ANSWER_BYTES`]).
#[cfg(feature = "client")]
async fn post_form(
    http: &reqwest::Client,
    url: &str,
    bearer: Option<(&str, &AccessToken)>,
    form: &[(String, String)],
) -> Result<serde_json::Value, TokenError> {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .finish();
    let mut request = http
        .post(url)
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(http::header::ACCEPT, "application/json")
        .body(body);
    if let Some((prefix, token)) = bearer {
        let value = token
            .header_value(prefix)
            .map_err(|e| TokenError::Transport(e.to_string()))?;
        request = request.header(http::header::AUTHORIZATION, value);
    }
    let transport = |e: reqwest::Error| TokenError::Transport(e.without_url().to_string());
    let mut response = request.send().await.map_err(transport)?;
    let status = response.status().as_u16();
    let too_large = || TokenError::Refused {
        status,
        message: format!(
            "the token endpoint's answer is larger than {MAX_TOKEN_ANSWER_BYTES} bytes"
        ),
    };
    if response
        .content_length()
        .is_some_and(|n| n > MAX_TOKEN_ANSWER_BYTES as u64)
    {
        return Err(too_large());
    }
    // Read chunk by chunk, never more than the limit: a token answer is a
    // few hundred bytes, and an endless one must not fill the memory.
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if bytes.len() + chunk.len() > MAX_TOKEN_ANSWER_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    let secrets = Secrets::of(form, bearer.map(|(_, token)| token));
    let answer: Option<serde_json::Value> = serde_json::from_slice(&bytes).ok();
    match answer {
        Some(answer) if (200..300).contains(&status) && answer.get("error").is_none() => Ok(answer),
        Some(answer) => Err(TokenError::Refused {
            status,
            message: vendor_message(&answer, &secrets),
        }),
        None => Err(TokenError::Refused {
            status,
            message: format!(
                "the answer is not JSON ({} bytes): {}",
                bytes.len(),
                secrets.redact(&String::from_utf8_lossy(&bytes), 200)
            ),
        }),
    }
}

/// What a refusal says: the vendor's `error_description`, `error` or
/// `message` when it is text, redacted of credentials; else which fields
/// the answer has, by name. A value of the answer is never quoted whole:
/// a refusal may echo the request, or carry tokens under other names.
#[cfg(feature = "client")]
fn vendor_message(answer: &serde_json::Value, secrets: &Secrets) -> String {
    let text = ["error_description", "error", "message"]
        .iter()
        .filter_map(|field| answer.get(field)?.as_str())
        .map(|text| secrets.redact(text, 200))
        .collect::<Vec<_>>();
    if text.is_empty() {
        format!("the answer gives no reason; {}", fields(answer))
    } else {
        text.join(": ")
    }
}

/// The field names of a JSON answer (never their values), for messages.
fn fields(answer: &serde_json::Value) -> String {
    match answer.as_object() {
        Some(object) if object.is_empty() => "it is an empty object".to_owned(),
        Some(object) => {
            let mut names: Vec<String> = object.keys().take(20).map(|k| name(k)).collect();
            if object.len() > names.len() {
                names.push(format!("and {} more", object.len() - names.len()));
            }
            format!("its fields are {}", names.join(", "))
        }
        None => "it is not a JSON object".to_owned(),
    }
}

/// A field name as a message shows it: quoted, printable, at most 40 characters.
fn name(key: &str) -> String {
    let shown: String = key
        .chars()
        .take(40)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    let more = if key.chars().count() > 40 { "…" } else { "" };
    format!("`{shown}{more}`")
}

/// The secrets a token request sent (the form's credentials, the grant's
/// token), to be redacted from whatever the endpoint says back.
#[cfg_attr(not(feature = "client"), allow(dead_code))]
struct Secrets(Vec<String>);

#[cfg_attr(not(feature = "client"), allow(dead_code))]
impl Secrets {
    fn of(form: &[(String, String)], bearer: Option<&AccessToken>) -> Self {
        let mut values: Vec<String> = form
            .iter()
            .filter(|(name, value)| credential_name(name) && !value.is_empty())
            .map(|(_, value)| value.clone())
            .collect();
        values.extend(bearer.map(|token| token.expose().to_owned()));
        Secrets(values)
    }

    /// `text` with the request's secrets (of 8 characters or more), the values of credential-named
    /// fields (`refresh_token=…`, `"access_token": "…"`, `Bearer …`) and
    /// anything token-shaped (a long run of letters and digits) replaced by
    /// `[redacted]`, cut to `max` characters.
    fn redact(&self, text: &str, max: usize) -> String {
        let redacted = replace_secrets(&redact_credentials(text), &self.0);
        let mut shown: String = redacted
            .chars()
            .take(max)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if redacted.chars().count() > max {
            shown.push('…');
        }
        shown
    }
}

const REDACTED: &str = "[redacted]";

/// The shortest secret of the request replaced wherever it appears: a
/// shorter one (a test's `s`) would match inside ordinary words.
const MIN_SECRET_CHARS: usize = 8;

/// `text` with every occurrence of each of `secrets` (of at least
/// [`MIN_SECRET_CHARS`]) replaced by `[redacted]`, in one pass over `text`:
/// a secret is never looked for inside a replacement.
fn replace_secrets(text: &str, secrets: &[String]) -> String {
    let mut hidden = vec![false; text.len()];
    for secret in secrets
        .iter()
        .filter(|s| s.chars().count() >= MIN_SECRET_CHARS)
    {
        for (at, _) in text.match_indices(secret.as_str()) {
            hidden[at..at + secret.len()]
                .iter_mut()
                .for_each(|h| *h = true);
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut in_secret = false;
    for (at, c) in text.char_indices() {
        if hidden[at] {
            if !in_secret {
                out.push_str(REDACTED);
            }
            in_secret = true;
        } else {
            in_secret = false;
            out.push(c);
        }
    }
    out
}

/// Whether a field's name, in a request's form, says it holds a credential.
fn credential_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "code" || name.contains("key") || credential_word(&name)
}

/// Whether a word of a message names a credential (narrower than a form
/// field's name: "code" and "key" are common words of messages).
fn credential_word(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    [
        "secret",
        "token",
        "password",
        "passwd",
        "assertion",
        "credential",
        "authorization",
        "api_key",
        "apikey",
        "access_key",
        "private_key",
        "session",
        "cookie",
        "signature",
    ]
    .iter()
    .any(|credential| word.contains(credential))
}

/// `text` with every value that follows a credential-named field
/// (`name=value`, `name: value`, `"name": "value"`) or the word `Bearer`
/// or `Basic`, and every token-shaped word (at least 20 characters of
/// letters, digits and `-._~+/=`, with a digit and a letter), replaced by
/// `[redacted]`.
fn redact_credentials(text: &str) -> String {
    let is_token_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '+' | '/' | '=');
    let mut out = String::with_capacity(text.len());
    // The word before named a credential: the next word is its value.
    let mut value_next = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if !is_token_char(c) {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let end = rest.find(|c: char| !is_token_char(c)).unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        rest = tail;
        if value_next {
            out.push_str(REDACTED);
            value_next = false;
            continue;
        }
        match word.split_once('=') {
            // `name=value`, one word.
            Some((name, value)) if !name.is_empty() => {
                out.push_str(name);
                out.push('=');
                if credential_word(name) {
                    if value.is_empty() {
                        value_next = true;
                    } else {
                        out.push_str(REDACTED);
                    }
                } else {
                    out.push_str(&redact_token_shaped(value));
                }
            }
            _ => {
                out.push_str(&redact_token_shaped(word));
                let next = tail.trim_start_matches(['"', '\'', ' ']);
                let lower = word.to_ascii_lowercase();
                value_next = (credential_word(word) && next.starts_with([':', '=']))
                    || lower == "bearer"
                    || lower == "basic";
            }
        }
    }
    out
}

/// `[redacted]` for a token-shaped word (20 characters or more, with a
/// digit and a letter), the word itself otherwise.
fn redact_token_shaped(word: &str) -> String {
    let long = word.chars().count() >= 20;
    let digit = word.chars().any(|c| c.is_ascii_digit());
    let letter = word.chars().any(|c| c.is_ascii_alphabetic());
    if long && digit && letter {
        REDACTED.to_owned()
    } else {
        word.to_owned()
    }
}

/// The access token and lifetime of a token answer. An answer without one
/// is a refusal naming the fields it has, never quoting them: it may hold
/// tokens under other names (`accessToken`, `id_token`, a lone
/// `refresh_token`).
fn fresh_token(
    answer: &serde_json::Value,
    default_life: Duration,
) -> Result<FreshToken, TokenError> {
    let token = answer
        .get("access_token")
        .and_then(|t| t.as_str())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            let problem = match answer.get("access_token") {
                None => "has no `access_token`",
                Some(serde_json::Value::String(_)) => "has an empty `access_token`",
                Some(_) => "has an `access_token` that is not text",
            };
            TokenError::Refused {
                status: 200,
                message: format!("the answer {problem}; {}", fields(answer)),
            }
        })?;
    let expires_in = answer
        .get("expires_in")
        .and_then(|e| e.as_u64())
        .map(Duration::from_secs)
        .unwrap_or(default_life);
    Ok(FreshToken {
        access_token: AccessToken::new(token),
        expires_in,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(secret: &str, refresh: &str) -> Vec<(String, String)> {
        vec![
            ("grant_type".into(), "refresh_token".into()),
            ("client_id".into(), "the-client".into()),
            ("client_secret".into(), secret.into()),
            ("refresh_token".into(), refresh.into()),
        ]
    }

    #[test]
    fn a_vendor_message_loses_the_requests_secrets_and_credential_values() {
        let secrets = Secrets::of(&form("CS-SECRET-93ab", "RT-SECRET-4e6f"), None);
        let echoed = "bad request: client_secret=CS-SECRET-93ab&refresh_token=RT-SECRET-4e6f \
                      (sent CS-SECRET-93ab twice); {\"access_token\": \"at-1\"}; Bearer xyz; \
                      invalid_grant at 2026-12-06";
        assert_eq!(
            secrets.redact(echoed, 400),
            "bad request: client_secret=[redacted]&refresh_token=[redacted] \
             (sent [redacted] twice); {\"access_token\": \"[redacted]\"}; Bearer [redacted]; \
             invalid_grant at 2026-12-06"
        );
        // Words are kept; a token-shaped word is not.
        assert_eq!(
            secrets.redact(
                "the refresh token is invalid: 1000.9f8e7d6c5b4a39281706",
                400
            ),
            "the refresh token is invalid: [redacted]"
        );
    }

    #[test]
    fn a_short_secret_does_not_eat_ordinary_words() {
        let secrets = Secrets::of(&form("s", "r"), None);
        assert_eq!(
            secrets.redact("<html><body>Access Denied</body></html>", 200),
            "<html><body>Access Denied</body></html>"
        );
    }

    #[test]
    fn an_answer_is_described_by_its_field_names_only() {
        let answer = serde_json::json!({"accessToken": "LIVE", "id_token": "LIVE2"});
        assert_eq!(fields(&answer), "its fields are `accessToken`, `id_token`");
        let error = fresh_token(&answer, Duration::from_secs(1)).unwrap_err();
        let text = format!("{error} {error:?}");
        assert!(!text.contains("LIVE"), "{text}");
        assert!(text.contains("has no `access_token`"), "{text}");
    }
}
