//! The API's security schemes and requirements: the `auth` shorthand (one
//! token in a header) or `security_schemes` as OpenAPI has them, and the
//! `security` requirements of the API and its operations.

use super::{check_token, Ctx};
use crate::model::{Auth, OAuthFlow, Placement, SchemeKind, SecurityScheme};
use crate::naming::snake;
use crate::spec::{self, KeyLocationSpec, SecuritySchemeSpec};

/// The name of the one scheme of the `auth` shorthand.
pub const SHORTHAND: &str = "token";

/// The flows OpenAPI names.
const FLOWS: &[&str] = &[
    "authorization_code",
    "client_credentials",
    "implicit",
    "password",
];

pub(super) fn resolve_auth(cx: &mut Ctx<'_>, api: &spec::ApiSpec) -> Auth {
    let mut schemes = Vec::new();
    let auth = api.auth.as_ref();
    match auth.map(|a| (&a.header, &a.scheme)) {
        Some((Some(header), Some(scheme))) => {
            if !api.security_schemes.is_empty() {
                cx.error_hint(
                    "auth.header",
                    "`auth.header` and `auth.scheme` declare the one scheme of an API without `security_schemes`",
                    "declare this scheme under `security_schemes` too, or drop `security_schemes`",
                );
            }
            check_token(cx, "auth.header", header, "HTTP header name");
            check_token(cx, "auth.scheme", scheme, "authorization scheme");
            schemes.push(SecurityScheme {
                name: SHORTHAND.to_owned(),
                rust_name: SHORTHAND.to_owned(),
                const_name: const_name(SHORTHAND),
                description: auth.map(|a| a.description.clone()).unwrap_or_default(),
                placement: Placement::Header {
                    name: header.clone(),
                    prefix: scheme.clone(),
                },
                kind: SchemeKind::Http {
                    bearer_format: None,
                },
            });
        }
        Some((None, None)) | None => {}
        Some((header, _)) => cx.error(
            if header.is_some() {
                "auth.scheme"
            } else {
                "auth.header"
            },
            "`auth.header` and `auth.scheme` go together (the token is sent as `<header>: <scheme> <token>`)",
        ),
    }
    for (name, scheme) in &api.security_schemes {
        if let Some(resolved) = resolve_scheme(cx, name, scheme) {
            schemes.push(resolved);
        }
    }
    cx.unique(
        "security scheme",
        api.security_schemes
            .keys()
            .map(|n| (snake(n), n.as_str(), format!("security_schemes.{n}"))),
    );
    let default = match &api.security {
        Some(alternatives) => {
            check_requirement(cx, "security", alternatives, &schemes);
            alternatives.clone()
        }
        // Any one of the schemes.
        None => schemes.iter().map(|s| vec![s.name.clone()]).collect(),
    };
    Auth {
        description: auth.map(|a| a.description.clone()).unwrap_or_default(),
        methods: auth.map(|a| a.methods.clone()).unwrap_or_default(),
        token_types: auth.map(|a| a.token_types.clone()).unwrap_or_default(),
        schemes,
        default,
    }
}

fn resolve_scheme(
    cx: &mut Ctx<'_>,
    name: &str,
    scheme: &SecuritySchemeSpec,
) -> Option<SecurityScheme> {
    let at = format!("security_schemes.{name}");
    let rust_name = snake(name);
    if rust_name.is_empty() || !rust_name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        cx.error(
            &at,
            format!("`{name}` makes no Rust name (start it with a letter)"),
        );
        return None;
    }
    let bearer = |prefix: &Option<String>| prefix.clone().unwrap_or_else(|| "Bearer".to_owned());
    let (description, placement, kind) = match scheme {
        SecuritySchemeSpec::Http {
            description,
            scheme,
            bearer_format,
        } => {
            check_token(cx, &format!("{at}.scheme"), scheme, "authorization scheme");
            let placement = match scheme.to_ascii_lowercase().as_str() {
                "basic" => Placement::Basic,
                // RFC 9110: scheme words are case-insensitive; vendors
                // expect the usual spelling.
                "bearer" => Placement::Header {
                    name: "Authorization".to_owned(),
                    prefix: "Bearer".to_owned(),
                },
                _ => Placement::Header {
                    name: "Authorization".to_owned(),
                    prefix: scheme.clone(),
                },
            };
            let kind = SchemeKind::Http {
                bearer_format: bearer_format.clone(),
            };
            (description, placement, kind)
        }
        SecuritySchemeSpec::ApiKey {
            description,
            location,
            name: key,
            prefix,
        } => {
            let placement = match location {
                KeyLocationSpec::Header => {
                    check_token(cx, &format!("{at}.name"), key, "HTTP header name");
                    Placement::Header {
                        name: key.clone(),
                        prefix: prefix.clone().unwrap_or_default(),
                    }
                }
                KeyLocationSpec::Query => Placement::Query { name: key.clone() },
                KeyLocationSpec::Cookie => {
                    check_token(cx, &format!("{at}.name"), key, "cookie name");
                    Placement::Cookie { name: key.clone() }
                }
            };
            if prefix.is_some() && *location != KeyLocationSpec::Header {
                cx.error(
                    &format!("{at}.prefix"),
                    "only a key in a header has a prefix word",
                );
            }
            (description, placement, SchemeKind::ApiKey)
        }
        SecuritySchemeSpec::Oauth2 {
            description,
            prefix,
            flows,
        } => {
            let mut resolved = Vec::new();
            for (flow, f) in flows {
                if !FLOWS.contains(&flow.as_str()) {
                    cx.error_hint(
                        &format!("{at}.flows.{flow}"),
                        format!("`{flow}` is not an OAuth 2.0 flow"),
                        format!("the flows are: {}", FLOWS.join(", ")),
                    );
                }
                resolved.push(OAuthFlow {
                    name: flow.clone(),
                    authorization_url: f.authorization_url.clone(),
                    token_url: f.token_url.clone(),
                    refresh_url: f.refresh_url.clone(),
                    scopes: f
                        .scopes
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                });
            }
            let placement = Placement::Header {
                name: "Authorization".to_owned(),
                prefix: bearer(prefix),
            };
            (
                description,
                placement,
                SchemeKind::OAuth2 { flows: resolved },
            )
        }
        SecuritySchemeSpec::OpenIdConnect {
            description,
            open_id_connect_url,
            prefix,
        } => {
            let placement = Placement::Header {
                name: "Authorization".to_owned(),
                prefix: bearer(prefix),
            };
            let kind = SchemeKind::OpenIdConnect {
                url: open_id_connect_url.clone(),
            };
            (description, placement, kind)
        }
    };
    if let Placement::Header { prefix, .. } = &placement {
        if !prefix.is_empty() {
            check_token(cx, &format!("{at}.prefix"), prefix, "authorization scheme");
        }
    }
    Some(SecurityScheme {
        name: name.to_owned(),
        const_name: const_name(name),
        rust_name,
        description: description.clone(),
        placement,
        kind,
    })
}

/// A requirement names only declared schemes, each once per alternative.
pub(super) fn check_requirement(
    cx: &mut Ctx<'_>,
    at: &str,
    alternatives: &[Vec<String>],
    schemes: &[SecurityScheme],
) {
    for (i, alternative) in alternatives.iter().enumerate() {
        for (j, name) in alternative.iter().enumerate() {
            if !schemes.iter().any(|s| &s.name == name) {
                let declared: Vec<&str> = schemes.iter().map(|s| s.name.as_str()).collect();
                cx.error_hint(
                    &format!("{at}[{i}][{j}]"),
                    format!("`{name}` is not one of the API's security schemes"),
                    if declared.is_empty() {
                        "the API declares none (`security_schemes`)".to_owned()
                    } else {
                        format!("the API declares: {}", declared.join(", "))
                    },
                );
            } else if alternative[..j].contains(name) {
                cx.error(
                    &format!("{at}[{i}][{j}]"),
                    format!("`{name}` is listed twice"),
                );
            }
        }
    }
}

/// The generated constant of a scheme: `<NAME>_SCHEME`.
fn const_name(name: &str) -> String {
    format!("{}_SCHEME", snake(name).to_ascii_uppercase())
}
