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

    fn remember(&self, answer: &serde_json::Value) {
        for &field in self.keep {
            if let Some(value) = answer.get(field).and_then(|v| v.as_str()) {
                let mut kept = lock(&self.kept);
                kept.retain(|(name, _)| *name != field);
                kept.push((field, value.to_owned()));
            }
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
            let fresh = fresh_token(&answer, self.lifetime)?;
            self.remember(&answer);
            if let Some(rotation) = &self.rotation {
                if let Some(next) = answer.get("refresh_token").and_then(|t| t.as_str()) {
                    // The old one is spent: keep the new one before anything else.
                    *lock(&self.refresh_token) = next.to_owned();
                    if let Err(e) = (rotation.store)(next) {
                        *lock(&rotation.unstored) = true;
                        return Err(TokenError::Store(e));
                    }
                }
            }
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
    let head = String::from_utf8_lossy(&bytes).into_owned();
    let answer: Option<serde_json::Value> = serde_json::from_slice(&bytes).ok();
    match answer {
        Some(answer) if (200..300).contains(&status) && answer.get("error").is_none() => Ok(answer),
        Some(answer) => Err(TokenError::Refused {
            status,
            message: answer
                .get("error_description")
                .or_else(|| answer.get("error"))
                .or_else(|| answer.get("message"))
                .map(|m| m.as_str().map_or_else(|| m.to_string(), str::to_owned))
                .unwrap_or(head),
        }),
        None => Err(TokenError::Refused {
            status,
            message: head.chars().take(200).collect(),
        }),
    }
}

/// The access token and lifetime of a token answer.
fn fresh_token(
    answer: &serde_json::Value,
    default_life: Duration,
) -> Result<FreshToken, TokenError> {
    let token = answer
        .get("access_token")
        .and_then(|t| t.as_str())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| TokenError::Refused {
            status: 200,
            message: format!(
                "no access_token in the answer: {}",
                answer.to_string().chars().take(200).collect::<String>()
            ),
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
