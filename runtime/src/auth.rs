use secrecy::{ExposeSecret, SecretString};

use super::RequestError;

/// How an API carries its token: the header and the scheme before the token
/// (`Authorization: Zoho-oauthtoken <token>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthScheme {
    /// The header's name, such as `Authorization`.
    pub header: &'static str,
    /// The word before the token, such as `Bearer`.
    pub scheme: &'static str,
}

/// An OAuth access token or integration token.
///
/// The secret never appears in `Debug` output; the `Authorization` header
/// built from it is marked sensitive, so HTTP stacks leave it out of logs.
#[derive(Clone)]
pub struct AccessToken(SecretString);

impl AccessToken {
    /// Wraps a token as issued by the vendor.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(SecretString::from(token.into()))
    }

    /// The `Authorization` value `<scheme> <token>`, marked sensitive. An
    /// empty token, or one with white space around it, is refused.
    pub fn header_value(&self, scheme: &str) -> Result<http::HeaderValue, RequestError> {
        let token = self.0.expose_secret();
        if token.is_empty() {
            return Err(RequestError::MalformedToken { reason: "is empty" });
        }
        if token.trim() != token {
            return Err(RequestError::MalformedToken {
                reason: "has white space before or after it",
            });
        }
        let mut value = http::HeaderValue::try_from(format!("{scheme} {}", self.0.expose_secret()))
            .map_err(|_| RequestError::InvalidToken)?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl AccessToken {
    /// Whether both hold the same token.
    #[cfg(feature = "client")]
    pub(crate) fn same_as(&self, other: &AccessToken) -> bool {
        self.0.expose_secret() == other.0.expose_secret()
    }

    /// Stands in for a token an operation without auth never reads.
    #[cfg(feature = "client")]
    pub(crate) fn unused() -> AccessToken {
        AccessToken::new("")
    }
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_token() {
        let token = AccessToken::new("s3cr3t");
        assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
        let value = token.header_value("Bearer").unwrap();
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("s3cr3t"));
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
}
