//! The mock's check of a request's credentials against its operation's
//! security requirement: some alternative's schemes must all be present and
//! well formed. Problems never quote a secret.

use base64::Engine as _;

use crate::{Placement, Security, SecurityScheme};

/// The problems with the credentials of a request, empty when one
/// alternative of `security` is met.
pub(crate) fn check(
    security: Security,
    headers: &http::HeaderMap,
    query: Option<&str>,
) -> Vec<String> {
    if security.is_empty() || security.iter().any(|alt| alt.is_empty()) {
        return Vec::new();
    }
    let mut first = None;
    for alternative in security {
        let problems: Vec<String> = alternative
            .iter()
            .filter_map(|scheme| problem(scheme, headers, query))
            .collect();
        if problems.is_empty() {
            return Vec::new();
        }
        first.get_or_insert(problems);
    }
    let mut problems = first.unwrap_or_default();
    if security.len() > 1 {
        problems.push(format!(
            "credentials: none of the alternatives was met ({})",
            crate::auth::describe(security)
        ));
    }
    problems
}

/// The query parameters that carry API keys in `security`.
pub(crate) fn query_names(security: Security) -> impl Iterator<Item = &'static str> {
    security
        .iter()
        .flat_map(|alt| alt.iter())
        .filter_map(|s| match s.placement {
            Placement::Query { name } => Some(name),
            _ => None,
        })
}

/// `query` with the value of every parameter but those named in `shown`
/// replaced by `…`: a parameter that is not an input of the operation may
/// be an API key sent under the wrong name, and is never quoted.
pub(crate) fn redacted(query: &str, shown: &[String]) -> String {
    query
        .split('&')
        .map(|pair| {
            let Some((k, value)) = pair.split_once('=') else {
                return pair.to_owned();
            };
            // The key as the server reads it (percent- and `+`-decoded).
            let decoded = url::form_urlencoded::parse(k.as_bytes()).next();
            match decoded {
                Some((name, _)) if shown.iter().any(|s| *s == name) => pair.to_owned(),
                _ if value.is_empty() => pair.to_owned(),
                _ => format!("{k}=…"),
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// What is wrong with the secret of `scheme` in the request, if anything.
fn problem(
    scheme: &SecurityScheme,
    headers: &http::HeaderMap,
    query: Option<&str>,
) -> Option<String> {
    match scheme.placement {
        Placement::Header { name, prefix } => {
            let wanted = if prefix.is_empty() {
                "<token>".to_owned()
            } else {
                format!("{prefix} <token>")
            };
            let Some(value) = headers.get(name) else {
                return Some(format!("header `{name}`: must be `{wanted}`, not sent"));
            };
            let value = value.to_str().unwrap_or("");
            let token = if prefix.is_empty() {
                Some(value)
            } else {
                value
                    .strip_prefix(prefix)
                    .and_then(|rest| rest.strip_prefix(' '))
            };
            if token.is_some_and(|t| !t.trim().is_empty() && t.trim() == t) {
                return None;
            }
            // The token is a secret: name only a scheme word that was sent
            // before it (a word followed by a space), never the token.
            let sent = match value.split_once(' ') {
                Some((word, _)) if !word.is_empty() => format!("was `{word} …`"),
                _ if value.is_empty() => "was empty".to_owned(),
                _ => "was a value of another form (not shown: it may be a secret)".to_owned(),
            };
            Some(format!("header `{name}`: must be `{wanted}`, {sent}"))
        }
        Placement::Basic => {
            let wanted = "header `Authorization`: must be `Basic <base64 of user:password>`";
            let Some(value) = headers.get(http::header::AUTHORIZATION) else {
                return Some(format!("{wanted}, not sent"));
            };
            let encoded = value.to_str().ok()?.strip_prefix("Basic ");
            let decoded = encoded
                .and_then(|e| base64::engine::general_purpose::STANDARD.decode(e).ok())
                .and_then(|d| String::from_utf8(d).ok());
            match decoded.as_deref().and_then(|d| d.split_once(':')) {
                // `key:` (an API key as the user) and `:token` are both sent.
                Some((user, password)) if !user.is_empty() || !password.is_empty() => None,
                _ => Some(format!(
                    "{wanted}, was not such a value (not shown: it may be a secret)"
                )),
            }
        }
        Placement::Query { name } => {
            let sent = query
                .into_iter()
                .flat_map(|q| url::form_urlencoded::parse(q.as_bytes()).filter(|(k, _)| k == name));
            match sent.map(|(_, v)| v.is_empty()).next() {
                Some(false) => None,
                Some(true) => Some(format!("query parameter `{name}`: the key is empty")),
                None => Some(format!(
                    "query parameter `{name}`: must carry the API key, not sent"
                )),
            }
        }
        Placement::Cookie { name } => {
            let sent = headers
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(k, _)| *k == name);
            match sent {
                Some((_, v)) if !v.is_empty() => None,
                Some(_) => Some(format!("cookie `{name}`: the key is empty")),
                None => Some(format!("cookie `{name}`: must carry the API key, not sent")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::fixtures::{
        BASIC, BEARER, KEY_COOKIE as COOKIE, KEY_HEADER as KEY, KEY_QUERY as QUERY,
    };

    fn headers(pairs: &[(&'static str, &str)]) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn a_header_token_wants_its_scheme_word_and_is_never_quoted() {
        let p = |value: Option<&str>| {
            let h = value.map_or_else(http::HeaderMap::new, |v| headers(&[("authorization", v)]));
            check(&[&[BEARER]], &h, None)
        };
        assert!(p(Some("Bearer abc")).is_empty());
        assert_eq!(
            p(Some("Token-word secret")),
            ["header `Authorization`: must be `Bearer <token>`, was `Token-word …`"]
        );
        assert_eq!(p(Some("Bearer ")).len(), 1);
        assert_eq!(
            p(None),
            ["header `Authorization`: must be `Bearer <token>`, not sent"]
        );
        // A token sent without the scheme word is not echoed.
        let text = p(Some("s3cr3t-token")).join("\n");
        assert!(!text.contains("s3cr3t"), "{text}");
    }

    #[test]
    fn each_scheme_is_checked_where_it_goes() {
        assert!(check(&[&[KEY]], &headers(&[("x-api-key", "k")]), None).is_empty());
        assert!(check(
            &[&[BASIC]],
            &headers(&[("authorization", "Basic dTpw")]),
            None
        )
        .is_empty());
        let bad = check(
            &[&[BASIC]],
            &headers(&[("authorization", "Basic s3cr3t")]),
            None,
        );
        assert!(bad.len() == 1 && !bad[0].contains("s3cr3t"), "{bad:?}");
        assert!(check(&[&[QUERY]], &http::HeaderMap::new(), Some("a=1&api_key=k")).is_empty());
        assert_eq!(
            check(&[&[QUERY]], &http::HeaderMap::new(), Some("a=1")),
            ["query parameter `api_key`: must carry the API key, not sent"]
        );
        assert!(check(&[&[COOKIE]], &headers(&[("cookie", "a=b; sid=k")]), None).is_empty());
        assert_eq!(
            check(&[&[COOKIE]], &headers(&[("cookie", "a=b")]), None),
            ["cookie `sid`: must carry the API key, not sent"]
        );
    }

    #[test]
    fn alternatives_and_schemes_together() {
        let both: Security = &[&[BASIC, KEY], &[BEARER]];
        let h = headers(&[("authorization", "Basic dTpw"), ("x-api-key", "k")]);
        assert!(check(both, &h, None).is_empty());
        assert!(check(both, &headers(&[("authorization", "Bearer t")]), None).is_empty());
        let half = check(both, &headers(&[("authorization", "Basic dTpw")]), None);
        assert_eq!(
            half,
            [
                "header `X-API-Key`: must be `<token>`, not sent",
                "credentials: none of the alternatives was met (`basic` and `key` together, or `oauth`)"
            ]
        );
        // Optional credentials, and none at all.
        assert!(check(&[&[BEARER], &[]], &http::HeaderMap::new(), None).is_empty());
        assert!(check(&[], &http::HeaderMap::new(), None).is_empty());
    }
}
