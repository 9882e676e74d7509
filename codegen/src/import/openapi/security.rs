//! Security schemes (`components/securitySchemes`, each possibly a `$ref`
//! to another file, as Zoho's are) → the API's `security_schemes` and
//! `auth`; each file's top-level `security`; after the operations are read,
//! alternatives naming a scheme that was left out are pruned, and the
//! requirement most operations state becomes the API's.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde_json::Value;

use super::operations::Security;
use super::resolve::Node;
use super::schemas::Types;
use crate::import::markdown::description_in;
use crate::import::report::Kind;
use crate::import::Origins;
use crate::spec::{ApiSpec, KeyLocationSpec, OAuthFlowSpec, SecuritySchemeSpec};

/// The security schemes of group `doc`, each `$ref` followed; a dangling
/// one is reported once, here, and left out.
pub fn schemes_of<'d>(types: &mut Types<'d>, doc: usize) -> BTreeMap<String, Node<'d>> {
    let Some(declared) = types
        .docs
        .node(doc, "/components/securitySchemes")
        .filter(|d| d.value.is_object())
    else {
        return BTreeMap::new();
    };
    declared
        .entries()
        .into_iter()
        .filter_map(|(name, scheme)| Some((name.to_owned(), types.follow(&scheme)?)))
        .collect()
}

/// What a file says about authentication: which schemes are OAuth, and its
/// top-level `security`.
pub fn of_file(root: Node<'_>, schemes: &BTreeMap<String, Node<'_>>) -> Security {
    let mut security = Security {
        default: root
            .get("security")
            .map(|s| ("/security".to_owned(), s.clone())),
        ..Security::default()
    };
    for (name, scheme) in schemes {
        let oauth = matches!(scheme.str("type"), Some("oauth2" | "openIdConnect"));
        security.oauth.insert(name.clone(), oauth);
    }
    security
}

/// The API's schemes from the groups' (a name several files share is taken
/// from the first), and the first description as the auth's docs. A scheme
/// our format cannot carry is reported and left out (the operations
/// needing it then need another, or none).
pub fn declare(
    types: &mut Types<'_>,
    per_group: &[BTreeMap<String, Node<'_>>],
    spec: &mut ApiSpec,
) {
    let mut schemes: BTreeMap<&str, &Node<'_>> = BTreeMap::new();
    for group in per_group {
        for (name, scheme) in group {
            schemes.entry(name).or_insert(scheme);
        }
    }
    let mut description = String::new();
    let mut out = IndexMap::new();
    for (name, scheme) in schemes {
        let Some(converted) = scheme_of(types, scheme) else {
            continue;
        };
        if description.is_empty() {
            description = description_of(&converted).to_owned();
        }
        out.insert(name.to_owned(), converted);
    }
    if description.is_empty() {
        description = if out.is_empty() {
            "The vendor's file declares no security scheme.".to_owned()
        } else {
            "The vendor's security schemes.".to_owned()
        };
    }
    if let Some(auth) = &mut spec.auth {
        auth.description = description;
    }
    spec.security_schemes = out;
}

fn description_of(scheme: &SecuritySchemeSpec) -> &str {
    match scheme {
        SecuritySchemeSpec::Http { description, .. }
        | SecuritySchemeSpec::ApiKey { description, .. }
        | SecuritySchemeSpec::Oauth2 { description, .. }
        | SecuritySchemeSpec::OpenIdConnect { description, .. } => description,
    }
}

/// One OpenAPI security scheme in our format; `None` (reported) when our
/// format cannot carry it.
fn scheme_of(types: &mut Types<'_>, scheme: &Node<'_>) -> Option<SecuritySchemeSpec> {
    let (doc, at) = (scheme.doc, scheme.at.as_str());
    let description = description_in(scheme.get("description")).unwrap_or_default();
    let kind = scheme.str("type").unwrap_or_default();
    Some(match kind {
        "http" => {
            let Some(word) = scheme
                .str("scheme")
                .filter(|w| crate::validate::is_token(w))
            else {
                types.note(
                    doc,
                    at,
                    Kind::NotCarried,
                    format!(
                        "an HTTP scheme without a valid `scheme` word ({:?}): left out",
                        scheme.str("scheme").unwrap_or("")
                    ),
                );
                return None;
            };
            SecuritySchemeSpec::Http {
                description,
                scheme: word.to_ascii_lowercase(),
                bearer_format: scheme.str("bearerFormat").map(str::to_owned),
            }
        }
        "apiKey" => {
            let location = match scheme.str("in") {
                Some("header") => Some(KeyLocationSpec::Header),
                Some("query") => Some(KeyLocationSpec::Query),
                Some("cookie") => Some(KeyLocationSpec::Cookie),
                _ => None,
            };
            let name = scheme.str("name").filter(|n| !n.is_empty());
            let (Some(location), Some(name)) = (location, name) else {
                types.note(doc, at, Kind::NotCarried, "an API key without a valid `in` (header, query or cookie) and `name`: left out".to_owned());
                return None;
            };
            if location != KeyLocationSpec::Query && !crate::validate::is_token(name) {
                types.note(
                    doc,
                    at,
                    Kind::NotCarried,
                    format!(
                        "an API key named `{name}`, which no {} can be named: left out",
                        scheme.str("in").unwrap_or_default()
                    ),
                );
                return None;
            }
            SecuritySchemeSpec::ApiKey {
                description,
                location,
                name: name.to_owned(),
                prefix: None,
            }
        }
        "oauth2" => {
            let mut flows = IndexMap::new();
            let listed = scheme.child("flows");
            for (flow, body) in listed.as_ref().map(Node::entries).unwrap_or_default() {
                let name = match flow {
                    "authorizationCode" => "authorization_code",
                    "clientCredentials" => "client_credentials",
                    "implicit" => "implicit",
                    "password" => "password",
                    other => {
                        types.note(
                            body.doc,
                            &body.at,
                            Kind::NotCarried,
                            format!("`{other}` is not an OAuth 2.0 flow of OpenAPI: left out"),
                        );
                        continue;
                    }
                };
                let url = |key: &str| body.str(key).map(str::to_owned);
                let scopes: IndexMap<String, String> = body
                    .get("scopes")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect();
                flows.insert(
                    name.to_owned(),
                    OAuthFlowSpec {
                        authorization_url: url("authorizationUrl"),
                        token_url: url("tokenUrl"),
                        refresh_url: url("refreshUrl"),
                        scopes,
                    },
                );
            }
            SecuritySchemeSpec::Oauth2 {
                description,
                prefix: None,
                flows,
            }
        }
        "openIdConnect" => SecuritySchemeSpec::OpenIdConnect {
            description,
            open_id_connect_url: scheme
                .str("openIdConnectUrl")
                .unwrap_or_default()
                .to_owned(),
            prefix: None,
        },
        other => {
            types.note(
                doc,
                at,
                Kind::NotCarried,
                format!("a `{other}` security scheme: our clients cannot sign with it; left out"),
            );
            return None;
        }
    })
}

/// Alternatives naming a scheme left out of `security_schemes` go (the
/// operation keeps the others); an operation left with none is signed as
/// the API's operations are, and reported.
pub fn prune(types: &mut Types<'_>, spec: &mut ApiSpec, origins: &Origins) {
    let carried: Vec<String> = spec.security_schemes.keys().cloned().collect();
    for (name, op) in spec.operations.iter_mut() {
        let Some(alternatives) = &op.security else {
            continue;
        };
        let kept: Vec<Vec<String>> = alternatives
            .iter()
            .filter(|alt| alt.iter().all(|s| carried.contains(s)))
            .cloned()
            .collect();
        if kept.len() == alternatives.len() {
            continue;
        }
        let (doc, at) = origins.operations.get(name).cloned().unwrap_or_default();
        if kept.is_empty() {
            types.note(doc, &format!("{at}/security"), Kind::Approximated, "every scheme the operation accepts was left out: it is signed as the API's operations are".to_owned());
            op.security = None;
        } else {
            types.note(
                doc,
                &format!("{at}/security"),
                Kind::NotCarried,
                "alternatives naming a scheme that was left out: dropped, the others kept"
                    .to_owned(),
            );
            op.security = Some(kept);
        }
    }
}

/// The requirement most operations state becomes the API's `security`;
/// those operations then state none.
pub fn hoist(spec: &mut ApiSpec) {
    let mut counts: Vec<(&Vec<Vec<String>>, usize)> = Vec::new();
    for op in spec.operations.values() {
        if let Some(s) = &op.security {
            match counts.iter_mut().find(|(v, _)| *v == s) {
                Some((_, n)) => *n += 1,
                None => counts.push((s, 1)),
            }
        }
    }
    // The most common; the first seen among equals (operations are in order).
    let Some(common) = counts
        .into_iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(v, _)| v.clone())
    else {
        return;
    };
    for op in spec.operations.values_mut() {
        if op.security.as_ref() == Some(&common) {
            op.security = None;
        }
    }
    spec.security = Some(common);
}
