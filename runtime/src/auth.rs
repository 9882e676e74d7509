//! How requests authenticate: the security schemes a spec declares (those
//! of OpenAPI: HTTP `bearer`, `basic` or any other scheme word, an API key
//! in a header, the query or a cookie, OAuth 2, OpenID Connect), each
//! operation's requirement (alternatives, schemes sent together, none), and
//! the secrets that sign a request.
//!
//! Generated code declares the schemes as constants; this module only
//! knows where a secret goes ([`Placement`]), never a vendor.

use std::borrow::Cow;

use base64::Engine as _;
use http::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use super::request::header_name;
use super::{HttpRequest, RequestError};

/// Where a security scheme puts its secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placement {
    /// `<name>: <prefix> <token>`, or the token alone when `prefix` is empty:
    /// HTTP `bearer` (and any other scheme word, such as `Zoho-oauthtoken`),
    /// OAuth 2 and OpenID Connect tokens, an API key in a header.
    Header {
        /// The header (`Authorization`, `X-API-Key`).
        name: &'static str,
        /// The word before the token (`Bearer`); empty: none.
        prefix: &'static str,
    },
    /// An API key as the query parameter `name`.
    Query {
        /// The parameter's name.
        name: &'static str,
    },
    /// An API key as the cookie `name`.
    Cookie {
        /// The cookie's name.
        name: &'static str,
    },
    /// HTTP basic: `Authorization: Basic base64(user:password)`.
    Basic,
}

/// One security scheme of an API, by its name in the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecurityScheme {
    /// The scheme's name in the spec (`oauth`, `api_key`).
    pub name: &'static str,
    /// Where its secret goes.
    pub placement: Placement,
}

impl SecurityScheme {
    /// Whether its secret is a token (every placement but basic).
    pub fn takes_token(&self) -> bool {
        self.placement != Placement::Basic
    }

    /// Whether a secret given for the scheme `name`, a basic pair or not,
    /// is one for this scheme.
    pub(crate) fn is_for(&self, name: &str, basic: bool) -> bool {
        self.name == name && basic != self.takes_token()
    }
}

/// An operation's security requirement, with OpenAPI's semantics: any one
/// of the alternatives, each a set of schemes sent together. An empty
/// alternative means the operation may be called without credentials; no
/// alternative at all, that it is called without them.
pub type Security = &'static [&'static [SecurityScheme]];

/// The secret of one scheme.
#[derive(Clone)]
pub enum Secret {
    /// A token or key (sent as the scheme's [`Placement`] says).
    Token(AccessToken),
    /// A user name and password (HTTP basic).
    Basic {
        /// The user (an account id, a client id...).
        user: String,
        /// The password (an auth token, a client secret...).
        password: AccessToken,
    },
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Secret::Token(_) => f.write_str("Secret::Token(<redacted>)"),
            Secret::Basic { user, .. } => write!(f, "Secret::Basic({user}:<redacted>)"),
        }
    }
}

/// What signs requests: the secret of each scheme it holds.
///
/// A bare [`AccessToken`] holds a token for every scheme that takes one;
/// a [`SecretSet`] holds secrets by scheme name.
pub trait Secrets {
    /// The secret for `scheme`, if held.
    fn secret(&self, scheme: &SecurityScheme) -> Option<Secret>;
}

impl Secrets for AccessToken {
    fn secret(&self, scheme: &SecurityScheme) -> Option<Secret> {
        scheme.takes_token().then(|| Secret::Token(self.clone()))
    }
}

/// Secrets by scheme name, for signing requests without the client
/// (sans-IO use) or with fixed credentials.
#[derive(Debug, Clone, Default)]
pub struct SecretSet(Vec<(Cow<'static, str>, Secret)>);

impl SecretSet {
    /// No secret yet.
    pub fn new() -> Self {
        SecretSet::default()
    }

    /// The token or key of the scheme `scheme`.
    pub fn token(mut self, scheme: impl Into<Cow<'static, str>>, token: AccessToken) -> Self {
        self.0.push((scheme.into(), Secret::Token(token)));
        self
    }

    /// The user and password of the HTTP basic scheme `scheme`.
    pub fn basic(
        mut self,
        scheme: impl Into<Cow<'static, str>>,
        user: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.0.push((
            scheme.into(),
            Secret::Basic {
                user: user.into(),
                password: AccessToken::new(password),
            },
        ));
        self
    }

    /// Adds the secret of `scheme`.
    pub fn insert(&mut self, scheme: impl Into<Cow<'static, str>>, secret: Secret) {
        self.0.push((scheme.into(), secret));
    }
}

impl Secrets for SecretSet {
    fn secret(&self, scheme: &SecurityScheme) -> Option<Secret> {
        self.0
            .iter()
            .rev()
            .find(|(name, secret)| scheme.is_for(name, matches!(secret, Secret::Basic { .. })))
            .map(|(_, secret)| secret.clone())
    }
}

/// The alternative of `security` to sign with: the first whose schemes
/// `has` all holds, an empty alternative when none is (anonymous calls
/// allowed), `None` when credentials are missing.
pub(crate) fn choose_alternative(
    security: Security,
    has: impl Fn(&SecurityScheme) -> bool,
) -> Option<&'static [SecurityScheme]> {
    if security.is_empty() {
        return Some(&[]);
    }
    security
        .iter()
        .copied()
        .find(|alt| !alt.is_empty() && alt.iter().all(&has))
        .or_else(|| security.iter().copied().find(|alt| alt.is_empty()))
}

/// How a requirement reads: "`a`, or `b` and `c` together".
pub(crate) fn describe(security: Security) -> String {
    let alternatives: Vec<String> = security
        .iter()
        .map(|alt| match alt {
            [] => "none".to_owned(),
            [one] => format!("`{}`", one.name),
            many => {
                let names: Vec<String> = many.iter().map(|s| format!("`{}`", s.name)).collect();
                format!("{} together", names.join(" and "))
            }
        })
        .collect();
    alternatives.join(", or ")
}

/// The secrets one request is signed with: one alternative of its
/// operation's requirement, each scheme with its secret.
#[derive(Debug, Clone, Default)]
pub struct Signature(Vec<(SecurityScheme, Secret)>);

impl Signature {
    /// Signs for `security` with `secrets`: the first alternative whose
    /// schemes all have a secret. Fails with
    /// [`RequestError::MissingCredentials`] when no alternative has.
    pub fn choose(security: Security, secrets: &dyn Secrets) -> Result<Signature, RequestError> {
        let alternative = choose_alternative(security, |s| secrets.secret(s).is_some())
            .ok_or_else(|| RequestError::MissingCredentials {
                wanted: describe(security),
            })?;
        let signed = alternative
            .iter()
            .filter_map(|scheme| Some((*scheme, secrets.secret(scheme)?)))
            .collect();
        Ok(Signature(signed))
    }

    /// Puts each secret where its scheme says: a header (replacing one set
    /// before, so that a request can be signed again), a query parameter
    /// or a cookie. An empty token, or one with white space around it, is
    /// refused. Header values are marked sensitive.
    pub fn apply(&self, request: &mut HttpRequest) -> Result<(), RequestError> {
        for (scheme, secret) in &self.0 {
            match (scheme.placement, secret) {
                (Placement::Header { name, prefix }, Secret::Token(token)) => {
                    let value = token.header_value(prefix)?;
                    request.headers_mut().insert(header_name(name)?, value);
                }
                (Placement::Basic, Secret::Basic { user, password }) => {
                    let pair = basic_pair(user, password.expose())?;
                    let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                    let mut value = HeaderValue::try_from(format!("Basic {encoded}"))
                        .map_err(|_| RequestError::InvalidToken)?;
                    value.set_sensitive(true);
                    request
                        .headers_mut()
                        .insert(http::header::AUTHORIZATION, value);
                }
                (Placement::Query { name }, Secret::Token(token)) => {
                    let token = token.checked()?;
                    set_query(request, name, token)?;
                }
                (Placement::Cookie { name }, Secret::Token(token)) => {
                    let token = token.checked()?;
                    set_cookie(request, name, token)?;
                }
                // A basic pair for a token scheme or the reverse: never
                // chosen (SecretSet and AccessToken match kinds).
                _ => {
                    return Err(RequestError::MissingCredentials {
                        wanted: format!("`{}`", scheme.name),
                    })
                }
            }
        }
        Ok(())
    }

    /// The schemes signed with.
    pub fn schemes(&self) -> impl Iterator<Item = &SecurityScheme> {
        self.0.iter().map(|(scheme, _)| scheme)
    }
}

/// `user:password` of HTTP basic (RFC 7617), refused when a server would
/// read it otherwise than given: a `:` in the user (the server would split
/// there and read another user), a control character, white space around
/// either, or both empty. An empty password is sent (`key:`, an API key as
/// the user, as several vendors take it), and so is an empty user.
fn basic_pair(user: &str, password: &str) -> Result<String, RequestError> {
    let refuse = |reason: &'static str| Err(RequestError::MalformedBasic { reason });
    if user.contains(':') {
        return refuse(
            "the user holds a `:`, where the server would end it (it would read another user)",
        );
    }
    if user.chars().chain(password.chars()).any(char::is_control) {
        return refuse("the user or password holds a control character");
    }
    if user.trim() != user {
        return refuse("the user has white space before or after it");
    }
    if password.trim() != password {
        return refuse("the password has white space before or after it");
    }
    if user.is_empty() && password.is_empty() {
        return refuse("the user and the password are both empty");
    }
    Ok(format!("{user}:{password}"))
}

/// Replaces the query parameter `name` (or adds it).
fn set_query(request: &mut HttpRequest, name: &str, value: &str) -> Result<(), RequestError> {
    let uri = request.uri().clone();
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if let Some(old) = uri.query() {
        query.extend_pairs(url::form_urlencoded::parse(old.as_bytes()).filter(|(k, _)| k != name));
    }
    query.append_pair(name, value);
    let mut parts = uri.into_parts();
    let path = parts
        .path_and_query
        .as_ref()
        .map_or("/", |p| p.path())
        .to_owned();
    parts.path_and_query = Some(
        format!("{path}?{}", query.finish())
            .parse()
            .map_err(http::Error::from)?,
    );
    *request.uri_mut() = http::Uri::from_parts(parts).map_err(http::Error::from)?;
    Ok(())
}

/// Replaces the cookie `name` of the `Cookie` header (or adds it).
fn set_cookie(request: &mut HttpRequest, name: &str, value: &str) -> Result<(), RequestError> {
    if value.contains([';', ',', '"', '\\']) || value.chars().any(char::is_whitespace) {
        return Err(RequestError::MalformedToken {
            reason: "holds characters a cookie cannot carry",
        });
    }
    let others: Vec<String> = request
        .headers()
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split("; "))
        .filter(|pair| pair.split('=').next() != Some(name))
        .map(str::to_owned)
        .collect();
    let mut cookie = others;
    cookie.push(format!("{name}={value}"));
    let mut value =
        HeaderValue::try_from(cookie.join("; ")).map_err(|_| RequestError::InvalidToken)?;
    value.set_sensitive(true);
    request.headers_mut().insert(http::header::COOKIE, value);
    Ok(())
}

/// An OAuth access token, an integration token or an API key.
///
/// The secret never appears in `Debug` output; the header built from it is
/// marked sensitive, so HTTP stacks leave it out of logs.
#[derive(Clone)]
pub struct AccessToken(SecretString);

impl AccessToken {
    /// Wraps a token as issued by the vendor.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(SecretString::from(token.into()))
    }

    /// The token, refused when empty or with white space around it (a
    /// copy-and-paste slip the vendor would answer with 401).
    fn checked(&self) -> Result<&str, RequestError> {
        let token = self.0.expose_secret();
        if token.is_empty() {
            return Err(RequestError::MalformedToken { reason: "is empty" });
        }
        if token.trim() != token {
            return Err(RequestError::MalformedToken {
                reason: "has white space before or after it",
            });
        }
        Ok(token)
    }

    /// The header value `<scheme> <token>` (the token alone when `scheme`
    /// is empty), marked sensitive. An empty token, or one with white
    /// space around it, is refused.
    pub fn header_value(&self, scheme: &str) -> Result<HeaderValue, RequestError> {
        let token = self.checked()?;
        let text = if scheme.is_empty() {
            token.to_owned()
        } else {
            format!("{scheme} {token}")
        };
        let mut value = HeaderValue::try_from(text).map_err(|_| RequestError::InvalidToken)?;
        value.set_sensitive(true);
        Ok(value)
    }

    /// The token itself, for redacting it from what a server says back.
    pub(crate) fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// Whether both hold the same token.
    #[cfg(feature = "client")]
    pub(crate) fn same_as(&self, other: &AccessToken) -> bool {
        self.0.expose_secret() == other.0.expose_secret()
    }
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// One scheme of each placement, for the runtime's unit tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::{Placement, SecurityScheme};

    pub(crate) const BEARER: SecurityScheme = SecurityScheme {
        name: "oauth",
        placement: Placement::Header {
            name: "Authorization",
            prefix: "Bearer",
        },
    };
    pub(crate) const BASIC: SecurityScheme = SecurityScheme {
        name: "basic",
        placement: Placement::Basic,
    };
    pub(crate) const KEY_HEADER: SecurityScheme = SecurityScheme {
        name: "key",
        placement: Placement::Header {
            name: "X-API-Key",
            prefix: "",
        },
    };
    pub(crate) const KEY_QUERY: SecurityScheme = SecurityScheme {
        name: "query_key",
        placement: Placement::Query { name: "api_key" },
    };
    pub(crate) const KEY_COOKIE: SecurityScheme = SecurityScheme {
        name: "session",
        placement: Placement::Cookie { name: "sid" },
    };
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    fn request(uri: &str) -> HttpRequest {
        http::Request::builder()
            .uri(uri)
            .body(crate::RequestBody::Empty)
            .unwrap()
    }

    fn signed(security: Security, secrets: &dyn Secrets, uri: &str) -> HttpRequest {
        let mut r = request(uri);
        Signature::choose(security, secrets)
            .unwrap()
            .apply(&mut r)
            .unwrap();
        r
    }

    #[test]
    fn debug_hides_the_token() {
        let token = AccessToken::new("s3cr3t");
        assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
        let value = token.header_value("Bearer").unwrap();
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("s3cr3t"));
        let set = SecretSet::new().basic("basic", "AC1", "s3cr3t");
        assert!(!format!("{set:?}").contains("s3cr3t"));
    }

    #[test]
    fn an_empty_or_padded_token_is_refused() {
        for token in ["", " abc", "abc\n", "\tabc"] {
            assert!(
                matches!(
                    AccessToken::new(token).header_value("Bearer"),
                    Err(RequestError::MalformedToken { .. })
                ),
                "{token:?}"
            );
        }
    }

    #[test]
    fn a_token_with_a_newline_is_refused() {
        assert!(matches!(
            AccessToken::new("a\nb").header_value("Bearer"),
            Err(RequestError::InvalidToken)
        ));
    }

    #[test]
    fn each_placement_signs_where_its_scheme_says() {
        let token = AccessToken::new("t0k");
        let r = signed(&[&[BEARER]], &token, "https://x.test/a");
        assert_eq!(r.headers()["authorization"], "Bearer t0k");
        assert!(r.headers()["authorization"].is_sensitive());

        let r = signed(&[&[KEY_HEADER]], &token, "https://x.test/a");
        assert_eq!(r.headers()["x-api-key"], "t0k");

        let r = signed(&[&[KEY_QUERY]], &token, "https://x.test/a?b=1&api_key=old");
        assert_eq!(r.uri().to_string(), "https://x.test/a?b=1&api_key=t0k");

        let mut r = request("https://x.test/a");
        r.headers_mut()
            .insert(http::header::COOKIE, "theme=dark".parse().unwrap());
        Signature::choose(&[&[KEY_COOKIE]], &token)
            .unwrap()
            .apply(&mut r)
            .unwrap();
        assert_eq!(r.headers()["cookie"], "theme=dark; sid=t0k");

        let set = SecretSet::new().basic("basic", "AC123", "secret");
        let r = signed(&[&[BASIC]], &set, "https://x.test/a");
        // base64("AC123:secret")
        assert_eq!(r.headers()["authorization"], "Basic QUMxMjM6c2VjcmV0");
    }

    #[test]
    fn alternatives_and_schemes_together() {
        // A token alone cannot sign basic: the other alternative is chosen.
        let token = AccessToken::new("t");
        let r = signed(&[&[BASIC], &[KEY_HEADER]], &token, "https://x.test/");
        assert_eq!(r.headers()["x-api-key"], "t");
        assert!(r.headers().get("authorization").is_none());

        // Two schemes together: both are sent.
        let set = SecretSet::new()
            .basic("basic", "u", "p")
            .token("key", AccessToken::new("k"));
        let r = signed(&[&[BASIC, KEY_HEADER]], &set, "https://x.test/");
        assert_eq!(r.headers()["x-api-key"], "k");
        assert_eq!(r.headers()["authorization"], "Basic dTpw");

        // Missing one of two: refused, naming what is wanted.
        let only_basic = SecretSet::new().basic("basic", "u", "p");
        let err = Signature::choose(&[&[BASIC, KEY_HEADER], &[BEARER]], &only_basic).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no credentials for this operation: it takes `basic` and `key` together, or `oauth`"
        );

        // An empty alternative: anonymous when nothing else is held.
        let r = signed(&[&[BASIC], &[]], &SecretSet::new(), "https://x.test/");
        assert!(r.headers().is_empty());
        // No requirement: nothing is sent, whatever is held.
        let r = signed(&[], &token, "https://x.test/");
        assert!(r.headers().is_empty());
    }

    #[test]
    fn a_cookie_value_that_would_split_the_header_is_refused() {
        let mut r = request("https://x.test/");
        let err = Signature::choose(&[&[KEY_COOKIE]], &AccessToken::new("a;b=c"))
            .unwrap()
            .apply(&mut r)
            .unwrap_err();
        assert!(matches!(err, RequestError::MalformedToken { .. }), "{err}");
    }
}
