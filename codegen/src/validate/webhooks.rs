//! The API's `webhooks` section: the events the vendor sends, how they are
//! told apart and signed, and what makes one a replay.

use std::collections::HashSet;

use super::types::{self, NamedKind};
use super::{check_token, Ctx};
use crate::model::{Type, WebhookEvent, WebhookSignature, Webhooks};
use crate::naming::camel;
use crate::spec;
use indexmap::IndexMap;

/// Default window, seconds (the vendors' "5 minutes").
const DEFAULT_WINDOW: u64 = 300;
/// Default body limit (1 MiB), as the runtime's.
const DEFAULT_MAX_BODY: usize = 1024 * 1024;
/// Variants the generated `Event` has of its own.
const RESERVED: &[&str] = &["Unknown", "Malformed"];

pub(super) fn resolve(
    cx: &mut Ctx<'_>,
    api: &spec::ApiSpec,
    names: &IndexMap<String, (NamedKind, String)>,
) -> Option<Webhooks> {
    let spec = api.webhooks.as_ref()?;
    if spec.discriminator.trim().is_empty() {
        cx.error(
            "webhooks.discriminator",
            "the field naming the event is empty",
        );
    }
    let signature = spec.signature.as_ref().map(|sig| {
        check_token(cx, "webhooks.signature.header", &sig.header, "HTTP header name");
        if sig.public_keys.is_empty() {
            cx.error_hint(
                "webhooks.signature.public_keys",
                "no public key is given",
                "copy the vendor's published key (PEM)",
            );
        }
        let mut keys = Vec::new();
        for (i, key) in sig.public_keys.iter().enumerate() {
            let pem = key.pem.trim();
            if !(pem.starts_with("-----BEGIN PUBLIC KEY-----")
                && pem.ends_with("-----END PUBLIC KEY-----"))
            {
                cx.error_hint(
                    &format!("webhooks.signature.public_keys.{i}.pem"),
                    "the key is not a PEM public key",
                    "a SubjectPublicKeyInfo PEM, from `-----BEGIN PUBLIC KEY-----` to `-----END PUBLIC KEY-----`",
                );
            }
            keys.push((key.name.clone(), format!("{pem}\n")));
        }
        WebhookSignature {
            header: sig.header.to_ascii_lowercase(),
            keys,
        }
    });
    let replay = spec.replay.as_ref();
    let window = replay.and_then(|r| r.window).unwrap_or(DEFAULT_WINDOW);
    if window == 0 {
        cx.error(
            "webhooks.replay.window",
            "the window must be at least one second",
        );
    }
    let max_body = spec.max_body.unwrap_or(DEFAULT_MAX_BODY);
    if max_body == 0 {
        cx.error(
            "webhooks.max_body",
            "the body limit must be at least one byte",
        );
    }
    let mut events = Vec::new();
    let mut values = HashSet::new();
    for (name, event) in &spec.events {
        let at = format!("webhooks.events.{name}");
        let variant = camel(name);
        if RESERVED.contains(&variant.as_str()) {
            cx.error_hint(
                &at,
                format!("`{variant}` is a variant `Event` has of its own"),
                "rename the event",
            );
        }
        let value = event.value.clone().unwrap_or_else(|| name.clone());
        if !values.insert(value.clone()) {
            cx.error(
                &format!("{at}.value"),
                format!(
                    "two events have the discriminator value `{value}`: they cannot be told apart"
                ),
            );
        }
        let payload = match types::resolve(&event.payload, names) {
            Ok(ty @ (Type::Struct(_) | Type::Union(_) | Type::Json)) => ty,
            Ok(_) => {
                cx.error_hint(
                    &format!("{at}.payload"),
                    format!("`{}` is not an object type", event.payload),
                    "a schema's name, or `json`",
                );
                Type::Json
            }
            Err(e) => {
                cx.error(&format!("{at}.payload"), e);
                Type::Json
            }
        };
        if let Some(url) = &event.docs_url {
            super::check_url(cx, &format!("{at}.docs_url"), url);
        }
        events.push(WebhookEvent {
            variant,
            name: name.clone(),
            value,
            description: event.description.clone(),
            docs_url: event.docs_url.clone(),
            payload,
            examples: event.examples.iter().map(|e| e.to_string()).collect(),
        });
    }
    cx.unique(
        "event",
        spec.events
            .keys()
            .map(|n| (camel(n), n.as_str(), format!("webhooks.events.{n}"))),
    );
    if spec.events.is_empty() {
        cx.error("webhooks.events", "no event is declared");
    }
    Some(Webhooks {
        group: cx.file.group_of("webhooks.events"),
        description: spec.description.clone(),
        docs_url: spec.docs_url.clone(),
        source: spec.source.clone(),
        discriminator: spec.discriminator.clone(),
        signature,
        timestamp_field: replay.and_then(|r| r.timestamp_field.clone()),
        window,
        id_field: replay.and_then(|r| r.id_field.clone()),
        max_body,
        events,
    })
}
