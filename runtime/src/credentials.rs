//! What a [`Client`](crate::Client) signs requests with: a source of
//! secrets per security scheme. Each generated API wraps this in its own
//! `Credentials` type, with one constructor per scheme its spec declares.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::auth::SecurityScheme;
#[cfg(feature = "client")]
use crate::auth::{choose_alternative, describe, SecretSet, Security};
use crate::AccessToken;
#[cfg(feature = "client")]
use crate::{RequestError, Secret};

/// A boxed future, for the object-safe traits of this module.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Gives a [`Client`](crate::Client) the token for each request.
pub trait TokenSource: Send + Sync + 'static {
    /// The token to send now (renewed first when it has expired).
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, TokenError>>;

    /// The vendor answered `token` with 401. Returns true when another
    /// `token()` may give a better one (the client then retries once);
    /// a static token cannot.
    fn refused(&self, token: &AccessToken) -> bool {
        let _ = token;
        false
    }
}

impl<T: TokenSource + ?Sized> TokenSource for Arc<T> {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        (**self).token()
    }

    fn refused(&self, token: &AccessToken) -> bool {
        (**self).refused(token)
    }
}

impl TokenSource for AccessToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        let token = self.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// Why no token could be had.
#[derive(Debug)]
#[non_exhaustive]
pub enum TokenError {
    /// The token endpoint could not be reached or did not answer.
    Transport(String),
    /// The token endpoint refused (an `error` field, an HTTP error, or an
    /// answer without an access token, such as an HTTP 200 "Access
    /// Denied" some vendors send when refreshes are throttled); the message is the vendor's.
    Refused {
        /// The HTTP status of the answer.
        status: u16,
        /// What the answer said (its `error` field, or the head of its body).
        message: String,
    },
    /// A new refresh token could not be handed to its store. The token is
    /// kept in memory and handed over again at the next refresh.
    Store(String),
    /// The flow has no token endpoint to ask (a custom server the spec
    /// names none for); give it one (`with_token_url`).
    NoTokenUrl,
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Transport(e) => write!(f, "cannot reach the token endpoint: {e}"),
            TokenError::Refused { status, message } => {
                write!(f, "the token endpoint refused (HTTP {status}): {message}")
            }
            TokenError::Store(e) => write!(f, "cannot store the new refresh token: {e}"),
            TokenError::NoTokenUrl => f.write_str(
                "no token endpoint is known for this server: set one with `with_token_url`",
            ),
        }
    }
}

impl std::error::Error for TokenError {}

/// The secrets of an API's security schemes, by scheme name: token
/// sources (static tokens, API keys, OAuth refresh flows) and basic pairs.
///
/// Any [`TokenSource`] converts into `Credentials` that give its token to
/// every scheme taking a token (the common case of one bearer scheme).
#[derive(Clone, Default)]
pub struct Credentials {
    by_scheme: Vec<(Cow<'static, str>, Credential)>,
    any_token: Option<Arc<dyn TokenSource>>,
}

// Read when requests are signed (the `client` feature).
#[derive(Clone)]
#[cfg_attr(not(feature = "client"), allow(dead_code))]
enum Credential {
    Token(Arc<dyn TokenSource>),
    Basic { user: String, password: AccessToken },
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names only: the secrets stay out of logs.
        let names: Vec<&str> = self.by_scheme.iter().map(|(n, _)| n.as_ref()).collect();
        f.debug_struct("Credentials")
            .field("schemes", &names)
            .field("any_token", &self.any_token.is_some())
            .finish()
    }
}

impl<T: TokenSource> From<T> for Credentials {
    fn from(source: T) -> Self {
        Credentials {
            by_scheme: Vec::new(),
            any_token: Some(Arc::new(source)),
        }
    }
}

impl Credentials {
    /// No credentials: only operations that need none can be called.
    pub fn new() -> Self {
        Credentials::default()
    }

    /// The tokens (or API key) of the scheme `scheme`.
    pub fn token(mut self, scheme: impl Into<Cow<'static, str>>, source: impl TokenSource) -> Self {
        self.by_scheme
            .push((scheme.into(), Credential::Token(Arc::new(source))));
        self
    }

    /// The user and password of the HTTP basic scheme `scheme`.
    pub fn basic(
        mut self,
        scheme: impl Into<Cow<'static, str>>,
        user: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.by_scheme.push((
            scheme.into(),
            Credential::Basic {
                user: user.into(),
                password: AccessToken::new(password),
            },
        ));
        self
    }

    /// Whether these credentials can sign for `scheme`.
    pub fn covers(&self, scheme: &SecurityScheme) -> bool {
        self.credential(scheme).is_some()
    }

    /// The credential for `scheme`: the one given by its name, else (for a
    /// scheme taking a token) the token for any scheme.
    fn credential(&self, scheme: &SecurityScheme) -> Option<Credential> {
        let named = self
            .by_scheme
            .iter()
            .rev()
            .find(|(name, c)| scheme.is_for(name, matches!(c, Credential::Basic { .. })))
            .map(|(_, c)| c.clone());
        named.or_else(|| {
            self.any_token
                .clone()
                .filter(|_| scheme.takes_token())
                .map(Credential::Token)
        })
    }

    /// The secrets for one request of an operation requiring `security`:
    /// the first alternative all of whose schemes have credentials, each
    /// token fetched from its source (waiting no longer than `limit`).
    #[cfg(feature = "client")]
    pub(crate) async fn resolve(
        &self,
        security: Security,
        limit: std::time::Duration,
    ) -> Result<Resolved, Resolve> {
        let alternative = choose_alternative(security, |s| self.covers(s)).ok_or_else(|| {
            Resolve::Request(RequestError::MissingCredentials {
                wanted: describe(security),
            })
        })?;
        let mut resolved = Resolved::default();
        for scheme in alternative {
            match self.credential(scheme) {
                Some(Credential::Token(source)) => {
                    let token = tokio::time::timeout(limit, source.token())
                        .await
                        .unwrap_or_else(|_| {
                            Err(TokenError::Transport(format!(
                                "no token within {limit:?} (the client's connect and idle timeouts)"
                            )))
                        })
                        .map_err(Resolve::Token)?;
                    resolved
                        .secrets
                        .insert(scheme.name, Secret::Token(token.clone()));
                    resolved.used.push((source, token));
                }
                Some(Credential::Basic { user, password }) => resolved
                    .secrets
                    .insert(scheme.name, Secret::Basic { user, password }),
                None => {}
            }
        }
        Ok(resolved)
    }
}

/// Why no secrets could be had for a request.
#[cfg(feature = "client")]
pub(crate) enum Resolve {
    Request(RequestError),
    Token(TokenError),
}

/// The secrets of one request, and the token sources they came from.
#[cfg(feature = "client")]
#[derive(Default)]
pub(crate) struct Resolved {
    pub(crate) secrets: SecretSet,
    used: Vec<(Arc<dyn TokenSource>, AccessToken)>,
}

#[cfg(feature = "client")]
impl Resolved {
    /// The vendor answered 401: tells each source its token was refused;
    /// true when one of them may give a better token.
    pub(crate) fn refused(&self) -> bool {
        let mut again = false;
        for (source, token) in &self.used {
            again |= source.refused(token);
        }
        again
    }
}
