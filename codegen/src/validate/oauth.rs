//! The API's `oauth` section: the token endpoint (one, or one per server),
//! the refresh grant's extra fields, rotation, kept answer fields and the
//! vendor's token exchanges.

use super::Ctx;
use crate::model::{Exchange, FieldValue, FormField, KeptField, OAuth, Server, TokenEndpoint};
use crate::naming::{camel, snake};
use crate::spec::{self, OAuthFieldSpec};
use indexmap::IndexMap;

/// Seconds a token lives when neither the answer nor the spec says.
const DEFAULT_LIFETIME: u64 = 3600;

pub(super) fn resolve(cx: &mut Ctx<'_>, api: &spec::ApiSpec, servers: &[Server]) -> Option<OAuth> {
    let oauth = api.oauth.as_ref()?;
    let endpoint = match (&oauth.token_url, oauth.token_urls.is_empty()) {
        (Some(url), true) => {
            super::check_url(cx, "oauth.token_url", url);
            TokenEndpoint::One(url.clone())
        }
        (None, false) => {
            let mut per_server = Vec::new();
            for (name, url) in &oauth.token_urls {
                let at = format!("oauth.token_urls.{name}");
                super::check_url(cx, &at, url);
                match api.servers.list.iter().position(|s| &s.name == name) {
                    Some(i) => per_server.push((servers[i].variant.clone(), url.clone())),
                    None => cx.error_hint(
                        &at,
                        format!("`{name}` is not one of the API's servers"),
                        format!(
                            "the servers are {}",
                            api.servers
                                .list
                                .iter()
                                .map(|s| format!("`{}`", s.name))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ),
                }
            }
            TokenEndpoint::PerServer(per_server)
        }
        (Some(_), false) => {
            cx.error(
                "oauth.token_urls",
                "`token_url` and `token_urls` exclude each other: one URL for every server, or one per server",
            );
            return None;
        }
        (None, true) => {
            cx.error_hint(
                "oauth",
                "the token endpoint is missing",
                "give `token_url`, or `token_urls` by server name",
            );
            return None;
        }
    };
    let fields = form_fields(cx, "oauth.fields", &oauth.fields, &["refresh_token"]);
    let mut keep = Vec::new();
    for (wire, kept) in &oauth.keep {
        let rust_name = snake(wire);
        if RESERVED_ACCESSORS.contains(&rust_name.as_str()) {
            cx.error(
                &format!("oauth.keep.{wire}"),
                format!("`{wire}` would take the name of `Refresh::{rust_name}`"),
            );
        }
        keep.push(KeptField {
            wire: wire.clone(),
            rust_name,
            description: kept.description.clone(),
            server: kept.server,
        });
    }
    if keep.iter().filter(|k| k.server).count() > 1 {
        cx.error(
            "oauth.keep",
            "only one kept field can be the account's server",
        );
    }
    let mut exchanges = Vec::new();
    for (name, exchange) in &oauth.exchanges {
        let at = format!("oauth.exchanges.{name}");
        super::check_url(cx, &format!("{at}.url"), &exchange.url);
        let type_name = crate::naming::type_name(name);
        if type_name == "Refresh" || oauth_types(&fields).any(|t| t == type_name) {
            cx.error(
                &at,
                format!("`{type_name}` is already a type of the `oauth` module"),
            );
        }
        exchanges.push(Exchange {
            type_name,
            description: exchange.description.clone(),
            url: exchange.url.clone(),
            fields: form_fields(cx, &format!("{at}.fields"), &exchange.fields, &["grant"]),
            lifetime: lifetime(cx, &format!("{at}.lifetime"), exchange.lifetime),
        });
    }
    cx.unique(
        "exchange",
        oauth.exchanges.keys().map(|n| {
            (
                crate::naming::type_name(n),
                n.as_str(),
                format!("oauth.exchanges.{n}"),
            )
        }),
    );
    if api.operations.keys().any(|n| snake(n) == "oauth") {
        cx.error_hint(
            "oauth",
            "an operation is named `oauth`, the module this section becomes",
            "rename the operation",
        );
    }
    Some(OAuth {
        description: oauth.description.clone(),
        source: oauth.source.clone(),
        endpoint,
        lifetime: lifetime(cx, "oauth.lifetime", oauth.lifetime),
        rotates: oauth.rotates,
        fields,
        keep,
        exchanges,
    })
}

/// `Refresh`'s own methods, which a kept field's accessor must not shadow.
const RESERVED_ACCESSORS: &[&str] = &["new", "server", "with_token_url", "token_url", "flow"];

/// The enums the fields' closed values become.
fn oauth_types(fields: &[FormField]) -> impl Iterator<Item = &str> {
    fields.iter().filter_map(|f| match &f.value {
        FieldValue::Choice { type_name, .. } => Some(type_name.as_str()),
        _ => None,
    })
}

fn lifetime(cx: &mut Ctx<'_>, at: &str, seconds: Option<u64>) -> u64 {
    match seconds {
        Some(0) => {
            cx.error(at, "a token's lifetime must be at least one second");
            DEFAULT_LIFETIME
        }
        Some(s) => s,
        None => DEFAULT_LIFETIME,
    }
}

/// The fields of a form; `taken`: parameter names the constructor has.
fn form_fields(
    cx: &mut Ctx<'_>,
    at: &str,
    fields: &IndexMap<String, OAuthFieldSpec>,
    taken: &[&str],
) -> Vec<FormField> {
    let standard = ["grant_type", "client_id", "client_secret", "refresh_token"];
    let mut out = Vec::new();
    for (wire, field) in fields {
        let here = format!("{at}.{wire}");
        if wire.is_empty() {
            cx.error(&here, "a form field needs a name");
            continue;
        }
        if standard.contains(&wire.as_str()) {
            cx.error(
                &here,
                format!("`{wire}` is sent by every refresh grant already (RFC 6749 §6)"),
            );
            continue;
        }
        let rust_name = snake(wire);
        if ["client_id", "client_secret", "store", "self"]
            .iter()
            .chain(taken)
            .any(|t| *t == rust_name)
        {
            cx.error(
                &here,
                format!("`{wire}` would take the name of a constructor parameter"),
            );
        }
        let value = match field {
            OAuthFieldSpec::Fixed(value) => FieldValue::Fixed(value.clone()),
            OAuthFieldSpec::Input(input) if input.values.is_empty() => FieldValue::Text {
                description: input.description.clone(),
            },
            OAuthFieldSpec::Input(input) => {
                let values: Vec<(String, String)> =
                    input.values.iter().map(|v| (camel(v), v.clone())).collect();
                cx.unique(
                    "value",
                    input
                        .values
                        .iter()
                        .map(|v| (camel(v), v.as_str(), format!("{here}.values"))),
                );
                if values.iter().any(|(variant, _)| variant.is_empty()) {
                    cx.error(
                        &format!("{here}.values"),
                        "a value must have a name in Rust",
                    );
                }
                FieldValue::Choice {
                    description: input.description.clone(),
                    type_name: crate::naming::type_name(wire),
                    values,
                }
            }
        };
        out.push(FormField {
            wire: wire.clone(),
            rust_name,
            value,
        });
    }
    cx.unique(
        "form field",
        fields
            .keys()
            .map(|n| (snake(n), n.as_str(), format!("{at}.{n}"))),
    );
    out
}
