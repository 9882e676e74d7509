//! OpenAPI 3.1 `webhooks`: each `POST` a vendor makes to its consumers
//! becomes an event of our `webhooks` section, its JSON body the event's
//! payload type (converted as any schema is, degrading by item), its
//! examples kept. What OpenAPI cannot say (how a payload names its event,
//! how deliveries are signed) is found in the examples where it can be, and
//! otherwise left to an overlay, with a report entry saying so.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::Value;

use super::resolve::Node;
use super::schemas::{Direction, Types};
use crate::import::report::Kind;
use crate::import::ty::Ty;
use crate::naming::camel;
use crate::spec::{WebhookEventSpec, WebhooksSpec};

/// The discriminator assumed when the examples do not show one.
const DEFAULT_DISCRIMINATOR: &str = "type";

/// One event as found: where, its payload type and examples.
struct Found {
    doc: usize,
    at: String,
    name: String,
    description: String,
    payload: Ty,
    examples: Vec<Value>,
}

/// Where each imported event is declared: (document, JSON pointer).
pub type Origins = BTreeMap<String, (usize, String)>;

/// The `webhooks` section of the imported spec, when a group declares any,
/// and where each event comes from.
pub fn collect(types: &mut Types<'_>) -> Option<(WebhooksSpec, Origins)> {
    let mut found = Vec::new();
    let mut descriptions = Vec::new();
    for doc in types.groups.clone() {
        let root = types.docs.root(doc);
        let Some(hooks) = root.child("webhooks").filter(|h| h.value.is_object()) else {
            continue;
        };
        if let Some(d) = root
            .value
            .pointer("/info/description")
            .and_then(Value::as_str)
        {
            descriptions.push(d.trim().to_owned());
        }
        for (name, item) in hooks.entries() {
            if let Some(event) = event(types, &item, name) {
                found.push(event);
            }
        }
    }
    if found.is_empty() {
        return None;
    }
    let (discriminator, values) = discriminator(types, &found);
    let mut events = IndexMap::new();
    let mut origins = Origins::new();
    for event in found {
        origins.insert(event.name.clone(), (event.doc, event.at.clone()));
        let value = values
            .get(&event.name)
            .filter(|v| **v != event.name)
            .cloned();
        events.insert(
            event.name,
            WebhookEventSpec {
                description: event.description,
                docs_url: None,
                value,
                payload: event.payload.to_string(),
                examples: event.examples,
            },
        );
    }
    let description = if descriptions.is_empty() {
        "The events the vendor sends to its consumers' endpoints.".to_owned()
    } else {
        descriptions.join("\n\n")
    };
    Some((
        WebhooksSpec {
            description,
            docs_url: None,
            source: None,
            discriminator,
            signature: None,
            replay: None,
            max_body: None,
            events,
        },
        origins,
    ))
}

fn event<'d>(types: &mut Types<'d>, item: &Node<'d>, name: &str) -> Option<Found> {
    let (doc, at) = (item.doc, item.at.clone());
    let item = types.follow(item)?;
    let Some(post) = item.child("post").and_then(|p| types.follow(&p)) else {
        types.note(
            doc,
            &at,
            Kind::NotCarried,
            format!("the webhook `{name}` has no `post`: a delivery is a POST; left out"),
        );
        return None;
    };
    let description = post
        .str("description")
        .or_else(|| post.str("summary"))
        .map(crate::import::markdown::from_html)
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| {
            types.note(
                doc,
                &at,
                Kind::DocsFilledIn,
                format!("the webhook `{name}` has no description"),
            );
            format!("The `{name}` event.")
        });
    let body = post.child("requestBody").and_then(|b| types.follow(&b));
    let json_media = body
        .as_ref()
        .and_then(|b| b.child("content"))
        .and_then(|c| {
            c.entries().into_iter().find(|(media, _)| {
                media
                    .split(';')
                    .next()
                    .is_some_and(|m| m.trim().ends_with("json"))
            })
        });
    let (payload, examples) = match json_media {
        Some((_, media_type)) => {
            let payload = match media_type.child("schema") {
                Some(schema) => {
                    let hint = format!("{}Event", camel(name));
                    types.ty(&schema, &hint, Direction::Response).ty
                }
                None => {
                    types.note(
                        media_type.doc,
                        &media_type.at,
                        Kind::Approximated,
                        format!("the webhook `{name}` gives no schema: its payload is `json`"),
                    );
                    Ty::Json
                }
            };
            let mut examples: Vec<Value> = media_type.get("example").cloned().into_iter().collect();
            if let Some(named) = media_type.child("examples") {
                for (_, e) in named.entries() {
                    if let Some(v) = types.follow(&e).and_then(|e| e.get("value").cloned()) {
                        examples.push(v);
                    }
                }
            }
            (payload, examples)
        }
        None => {
            let (b_doc, b_at) = body
                .as_ref()
                .map_or((post.doc, post.at.clone()), |b| (b.doc, b.at.clone()));
            types.note(
                b_doc,
                &b_at,
                Kind::Approximated,
                format!("the webhook `{name}` has no JSON body: its payload is `json`"),
            );
            (Ty::Json, Vec::new())
        }
    };
    Some(Found {
        doc,
        at,
        name: name.to_owned(),
        description,
        payload,
        examples,
    })
}

/// The payload field naming the event, and each event's value of it: the
/// top-level string field that the examples of every event that has any
/// carry with one value per event, all distinct across events (the field
/// most events agree on). An event whose examples disagree, name another
/// event's value, or lack the field keeps its own name, reported.
fn discriminator(types: &mut Types<'_>, found: &[Found]) -> (String, BTreeMap<String, String>) {
    let mut score: BTreeMap<&str, usize> = BTreeMap::new();
    for event in found {
        let keys: BTreeSet<&str> = event
            .examples
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|o| {
                o.iter()
                    .filter(|(_, v)| v.is_string())
                    .map(|(k, _)| k.as_str())
            })
            .collect();
        for key in keys {
            *score.entry(key).or_default() += 1;
        }
    }
    // The field whose values differ most across events (a field naming the
    // account, say, repeats across events; an id field differs within one
    // event's examples too: refused), then the most common.
    let field = score
        .iter()
        .filter(|(key, _)| {
            found.iter().all(|e| {
                let values: BTreeSet<&str> = e
                    .examples
                    .iter()
                    .filter_map(|x| x.get(**key)?.as_str())
                    .collect();
                values.len() <= 2
            })
        })
        .max_by_key(|(key, n)| {
            let distinct: BTreeSet<&str> = found
                .iter()
                .filter_map(|e| e.examples.first()?.get(**key)?.as_str())
                .collect();
            (distinct.len(), **n)
        })
        .map(|(key, _)| (*key).to_owned());
    let field = match field {
        Some(f) => f,
        None => {
            let first = &found[0];
            types.note(
                first.doc,
                "/webhooks",
                Kind::Approximated,
                format!("no example shows which field names the event: `{DEFAULT_DISCRIMINATOR}` assumed (an overlay can set `webhooks.discriminator`)"),
            );
            DEFAULT_DISCRIMINATOR.to_owned()
        }
    };
    let names: BTreeSet<&str> = found.iter().map(|e| e.name.as_str()).collect();
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for event in found {
        let seen: BTreeSet<&str> = event
            .examples
            .iter()
            .filter_map(|x| x.get(&field)?.as_str())
            .collect();
        let chosen = match seen.iter().collect::<Vec<_>>().as_slice() {
            [] => {
                if !event.examples.is_empty() {
                    types.note(
                        event.doc,
                        &event.at,
                        Kind::Approximated,
                        format!("the examples of `{}` have no `{field}`: its value is assumed to be `{}`", event.name, event.name),
                    );
                }
                event.name.clone()
            }
            [one] if **one == event.name => event.name.clone(),
            [one] if names.contains(**one) => {
                types.note(
                    event.doc,
                    &event.at,
                    Kind::Repaired,
                    format!("the example of `{}` says `{field}: {one}`, another event's value (copied from its page?): `{}` kept", event.name, event.name),
                );
                event.name.clone()
            }
            [one] => (**one).to_owned(),
            many => {
                types.note(
                    event.doc,
                    &event.at,
                    Kind::Approximated,
                    format!(
                        "the examples of `{}` give `{field}` several values ({}): `{}` assumed",
                        event.name,
                        many.iter()
                            .map(|v| format!("`{v}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        event.name
                    ),
                );
                event.name.clone()
            }
        };
        let chosen = match taken.get(&chosen) {
            Some(other) => {
                types.note(
                    event.doc,
                    &event.at,
                    Kind::Repaired,
                    format!("`{}` and `{other}` would both be `{field}: {chosen}`: `{}` kept for this one", event.name, event.name),
                );
                event.name.clone()
            }
            None => chosen,
        };
        taken.insert(chosen.clone(), event.name.clone());
        values.insert(event.name.clone(), chosen);
    }
    (field, values)
}
