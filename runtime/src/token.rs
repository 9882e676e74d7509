//! Where a client's access token comes from: a static token, or an OAuth 2.0
//! refresh flow that renews it before it expires, one refresh at a time
//! however many requests wait for it.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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

/// A token renewed by a [`Refresh`] flow when it has expired (a minute
/// early, so that a request does not leave with a token that expires on
/// the way) or when the vendor refused it. Concurrent requests share one
/// refresh: the first waits for it, the others wait for the first.
pub struct RefreshingToken<R> {
    refresh: R,
    current: Mutex<Option<Held>>,
    gate: tokio::sync::Mutex<()>,
    early: Duration,
}

/// The token at hand: when it expires, and when it is renewed.
struct Held {
    token: AccessToken,
    /// When it is renewed: its expiry, less the early margin (at most half
    /// its lifetime, so that a token living a minute or less is still used).
    renew_at: Instant,
}

/// The longest lifetime believed: a token answer claiming more (2^63
/// seconds, say) is renewed after a year rather than overflowing a clock.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);

impl Held {
    fn new(token: AccessToken, expires_in: Duration, early: Duration) -> Self {
        let life = expires_in.min(MAX_TOKEN_LIFETIME);
        let now = Instant::now();
        Held {
            token,
            renew_at: now + life.saturating_sub(early.min(life / 2)),
        }
    }
}

impl<R: Refresh> RefreshingToken<R> {
    /// Renews with `refresh`, first when a token is asked for.
    pub fn new(refresh: R) -> Self {
        RefreshingToken {
            refresh,
            current: Mutex::new(None),
            gate: tokio::sync::Mutex::new(()),
            early: Duration::from_secs(60),
        }
    }

    /// Starts from a token already at hand, valid for `expires_in`.
    pub fn with_token(self, token: AccessToken, expires_in: Duration) -> Self {
        *self.lock() = Some(Held::new(token, expires_in, self.early));
        self
    }

    /// How long before expiry a token is renewed (default one minute; at
    /// most half a token's lifetime, so that a token living a minute or
    /// less is used before it is renewed, not renewed before each request).
    pub fn renew_early(mut self, early: Duration) -> Self {
        self.early = early;
        self
    }

    /// The flow.
    pub fn flow(&self) -> &R {
        &self.refresh
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Held>> {
        self.current.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn valid(&self) -> Option<AccessToken> {
        match &*self.lock() {
            Some(held) if Instant::now() < held.renew_at => Some(held.token.clone()),
            _ => None,
        }
    }
}

impl<R: Refresh> TokenSource for RefreshingToken<R> {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        Box::pin(async move {
            if let Some(token) = self.valid() {
                return Ok(token);
            }
            let _one_at_a_time = self.gate.lock().await;
            // Renewed while this request waited for the gate.
            if let Some(token) = self.valid() {
                return Ok(token);
            }
            let fresh = self.refresh.refresh().await?;
            let token = fresh.access_token.clone();
            *self.lock() = Some(Held::new(fresh.access_token, fresh.expires_in, self.early));
            Ok(token)
        })
    }

    fn refused(&self, token: &AccessToken) -> bool {
        let mut current = self.lock();
        if current
            .as_ref()
            .is_some_and(|held| held.token.same_as(token))
        {
            *current = None;
        }
        true
    }
}

/// Zoho's refresh flow: `POST {accounts server}/oauth/v2/token` with the
/// client's id and secret and the refresh token (which does not change).
/// Tokens last an hour. An answer without `access_token` (an `error`, or
/// the HTTP 200 "Access Denied" Zoho sends when refreshes are throttled)
/// is a failure, never a token.
///
/// Source: zoho.com/accounts/protocol/oauth/web-apps/access-token-expiry.html,
/// multi-dc.html (accounts server per data center); Zoho CRM Kaizen #43.
pub struct ZohoRefresh {
    http: reqwest::Client,
    token_url: String,
    form: Vec<(&'static str, String)>,
    api_domain: Mutex<Option<String>>,
}

impl ZohoRefresh {
    /// The flow for the data center whose accounts server is
    /// `accounts_server` (`https://accounts.zoho.eu` & co., as the
    /// authorization redirect's `accounts-server` names it).
    pub fn new(
        accounts_server: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        ZohoRefresh {
            http: token_client(),
            token_url: format!("{}/oauth/v2/token", accounts_server.trim_end_matches('/')),
            form: vec![
                ("grant_type", "refresh_token".to_owned()),
                ("client_id", client_id.into()),
                ("client_secret", client_secret.into()),
                ("refresh_token", refresh_token.into()),
            ],
            api_domain: Mutex::new(None),
        }
    }

    /// The `api_domain` of the last token answer: the API host of the
    /// account's data center (for the API's `Server::Custom`).
    pub fn api_domain(&self) -> Option<String> {
        self.api_domain
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Refresh for ZohoRefresh {
    fn refresh(&self) -> BoxFuture<'_, Result<FreshToken, TokenError>> {
        Box::pin(async move {
            let answer = post_form(&self.http, &self.token_url, None, &self.form).await?;
            if let Some(domain) = answer.get("api_domain").and_then(|d| d.as_str()) {
                *self.api_domain.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(domain.to_owned());
            }
            fresh_token(&answer, Duration::from_secs(3600))
        })
    }
}

/// HighLevel's refresh flow: `POST /oauth/token` (form-encoded). Every
/// refresh spends the refresh token and returns a new one: it is handed to
/// `store` before the new access token is used, so that it is never lost
/// (and kept to hand over again if `store` fails). Tokens last a day.
///
/// Source: GoHighLevel/highlevel-api-docs `docs/oauth/Authorization.md`.
pub struct HighLevelRefresh {
    http: reqwest::Client,
    token_url: String,
    client_id: String,
    client_secret: String,
    user_type: &'static str,
    refresh_token: Mutex<String>,
    unstored: Mutex<bool>,
    store: Box<StoreRefreshToken>,
}

/// Keeps a new refresh token somewhere lasting (a file, a database...);
/// `Err` with a message when it cannot.
pub type StoreRefreshToken = dyn Fn(&str) -> Result<(), String> + Send + Sync;

impl HighLevelRefresh {
    /// HighLevel's API host, where `/oauth/token` is.
    pub const BASE_URL: &'static str = "https://services.leadconnectorhq.com";

    /// The flow for a `Location` (sub-account) or `Company` (agency) token;
    /// `store` keeps each new refresh token (in a file, a database...).
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        refresh_token: impl Into<String>,
        user_type: HighLevelUserType,
        store: impl Fn(&str) -> Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        HighLevelRefresh {
            http: token_client(),
            token_url: format!("{}/oauth/token", Self::BASE_URL),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            user_type: match user_type {
                HighLevelUserType::Location => "Location",
                HighLevelUserType::Company => "Company",
            },
            refresh_token: Mutex::new(refresh_token.into()),
            unstored: Mutex::new(false),
            store: Box::new(store),
        }
    }

    /// Another host than [`HighLevelRefresh::BASE_URL`] (a proxy, a test server).
    pub fn with_base_url(mut self, base_url: &str) -> Self {
        self.token_url = format!("{}/oauth/token", base_url.trim_end_matches('/'));
        self
    }
}

/// Whose token a HighLevel refresh asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HighLevelUserType {
    /// A sub-account (location) token.
    Location,
    /// An agency (company) token.
    Company,
}

impl Refresh for HighLevelRefresh {
    fn refresh(&self) -> BoxFuture<'_, Result<FreshToken, TokenError>> {
        Box::pin(async move {
            let lock = |m: &Mutex<String>| m.lock().unwrap_or_else(|e| e.into_inner()).clone();
            // A refresh token received but not stored yet goes to the store first.
            if *self.unstored.lock().unwrap_or_else(|e| e.into_inner()) {
                (self.store)(&lock(&self.refresh_token)).map_err(TokenError::Store)?;
                *self.unstored.lock().unwrap_or_else(|e| e.into_inner()) = false;
            }
            let form = [
                ("grant_type", "refresh_token".to_owned()),
                ("client_id", self.client_id.clone()),
                ("client_secret", self.client_secret.clone()),
                ("refresh_token", lock(&self.refresh_token)),
                ("user_type", self.user_type.to_owned()),
            ];
            let answer = post_form(&self.http, &self.token_url, None, &form).await?;
            let fresh = fresh_token(&answer, Duration::from_secs(86_400))?;
            if let Some(next) = answer.get("refresh_token").and_then(|t| t.as_str()) {
                // The old one is spent: keep the new one before anything else.
                *self.refresh_token.lock().unwrap_or_else(|e| e.into_inner()) = next.to_owned();
                if let Err(e) = (self.store)(next) {
                    *self.unstored.lock().unwrap_or_else(|e| e.into_inner()) = true;
                    return Err(TokenError::Store(e));
                }
            }
            Ok(fresh)
        })
    }
}

/// A HighLevel location (sub-account) token made from an agency token:
/// `POST /oauth/locationToken` with the company and location ids.
pub struct HighLevelLocationToken {
    http: reqwest::Client,
    url: String,
    agency: Arc<dyn TokenSource>,
    form: [(&'static str, String); 2],
}

impl HighLevelLocationToken {
    /// Location tokens for `location_id` of company `company_id`, asked
    /// for with the agency's token.
    pub fn new(
        agency: Arc<dyn TokenSource>,
        company_id: impl Into<String>,
        location_id: impl Into<String>,
    ) -> Self {
        HighLevelLocationToken {
            http: token_client(),
            url: format!("{}/oauth/locationToken", HighLevelRefresh::BASE_URL),
            agency,
            form: [
                ("companyId", company_id.into()),
                ("locationId", location_id.into()),
            ],
        }
    }

    /// Another host than [`HighLevelRefresh::BASE_URL`].
    pub fn with_base_url(mut self, base_url: &str) -> Self {
        self.url = format!("{}/oauth/locationToken", base_url.trim_end_matches('/'));
        self
    }
}

impl Refresh for HighLevelLocationToken {
    fn refresh(&self) -> BoxFuture<'_, Result<FreshToken, TokenError>> {
        Box::pin(async move {
            let agency = self.agency.token().await?;
            let answer = post_form(&self.http, &self.url, Some(&agency), &self.form).await?;
            fresh_token(&answer, Duration::from_secs(86_400))
        })
    }
}

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
async fn post_form(
    http: &reqwest::Client,
    url: &str,
    bearer: Option<&AccessToken>,
    form: &[(&'static str, String)],
) -> Result<serde_json::Value, TokenError> {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form.iter().map(|(k, v)| (*k, v.as_str())))
        .finish();
    let mut request = http
        .post(url)
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(http::header::ACCEPT, "application/json")
        .body(body);
    if let Some(token) = bearer {
        let value = token
            .header_value("Bearer")
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
