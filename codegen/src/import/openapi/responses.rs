//! An operation's responses → its successes (`response` or `responses`,
//! with bodies, examples, headers and event streams) and its errors (one
//! variant per documented error status, with its body).

use indexmap::IndexMap;
use serde_json::Value;

use super::operations::{choose_media, is_json, Place};
use super::resolve::Node;
use super::schemas::{Direction, Typed, Types};
use crate::import::markdown::{description_in, from_html};
use crate::import::report::Kind;
use crate::import::ty::Ty;
use crate::naming::camel;
use crate::spec::{
    ErrorSpec, ErrorStatus, OperationSpec, ResponseHeaderSpec, ResponseSpec, StreamEventSpec,
    StreamSpec,
};

/// What a response key documents.
enum Documented {
    /// A success of this status.
    Success(u16),
    /// An error: one status, a class, or `default`.
    Error(ErrorStatus),
}

/// Reads a response key (`200`, `4XX`, `default`), or says why it is not
/// one our client reads.
fn documented(code: &str) -> Result<Documented, String> {
    let status = match code.parse::<u16>() {
        Ok(s) if (100..=599).contains(&s) => ErrorStatus::Exact(s),
        Ok(_) => return Err(format!("`{code}` is not an HTTP status; left out")),
        Err(_) => match ErrorStatus::parse(code) {
            Some(s) => s,
            None => {
                return Err(format!(
                "`{code}` is neither a status, a class of statuses (`4XX`) nor `default`; left out"
            ))
            }
        },
    };
    match status {
        ErrorStatus::Exact(s) if (200..300).contains(&s) => Ok(Documented::Success(s)),
        ErrorStatus::Exact(s) if s >= 400 => Ok(Documented::Error(status)),
        ErrorStatus::Class(4 | 5) | ErrorStatus::Default => Ok(Documented::Error(status)),
        // `2XX`: a success of any 2xx status, read under the first.
        ErrorStatus::Class(2) => Ok(Documented::Success(200)),
        _ => Err(format!("a {code} response: our client does not follow redirects or read informational responses; left out")),
    }
}

/// Reads the operation's responses into `spec`.
pub fn convert<'d>(types: &mut Types<'d>, place: &Place<'_, 'd>, spec: &mut OperationSpec) {
    let op = &place.op;
    let mut successes: Vec<ResponseSpec> = Vec::new();
    let responses = op.child("responses");
    let entries = responses.as_ref().map(Node::entries).unwrap_or_default();
    // No success documented but a `default`: the vendor's success (Swagger
    // generators write `default: successful operation`), and its errors.
    let default_is_success = !entries
        .iter()
        .any(|(code, _)| matches!(documented(code), Ok(Documented::Success(_))))
        && entries.iter().any(|(code, _)| *code == "default");
    for (code, response) in entries {
        let documented = match documented(code) {
            Ok(d) => d,
            Err(why) => {
                types.note(response.doc, &response.at, Kind::NotCarried, why);
                continue;
            }
        };
        if code.eq_ignore_ascii_case("2XX") {
            types.note(
                response.doc,
                &response.at,
                Kind::Approximated,
                "a `2XX` success: read as `200` (another 2xx status is read as undocumented)"
                    .to_owned(),
            );
        }
        let Some(response) = types.follow(&response) else {
            continue;
        };
        let description = description_in(response.get("description"));
        let what = match &documented {
            Documented::Success(_) => "Response".to_owned(),
            Documented::Error(ErrorStatus::Exact(s)) => format!("{} Body", reason(*s)),
            Documented::Error(ErrorStatus::Class(c)) => format!("Status {c}xx Body"),
            Documented::Error(ErrorStatus::Default) => "Error Body".to_owned(),
        };
        let hint = format!("{} {what}", place.name);
        let body = response_body(types, &response, &hint);
        if let (Documented::Error(ErrorStatus::Default), true) = (&documented, default_is_success) {
            types.note(
                response.doc,
                &response.at,
                Kind::Approximated,
                "no success documented but `default`: read as the success (`200`) too".to_owned(),
            );
            successes.push(success(
                types,
                place,
                &response,
                200,
                description.clone(),
                &body,
            ));
        }
        match documented {
            Documented::Success(status) => {
                if body.is_stream() && successes.iter().any(|s| s.stream.is_some()) {
                    types.note(response.doc, &response.at, Kind::NotCarried, "a second event-stream success: an operation has one stream; this success is read without its body".to_owned());
                    let mut s = success(types, place, &response, status, description, &Body::None);
                    s.headers.clear();
                    successes.push(s);
                } else {
                    successes.push(success(types, place, &response, status, description, &body));
                }
            }
            Documented::Error(status) => {
                let (name, fallback) = match status {
                    ErrorStatus::Exact(s) => (Some(camel(&reason(s))), reason(s)),
                    ErrorStatus::Class(c) => (None, format!("A {c}xx status")),
                    ErrorStatus::Default => (None, "Any other status".to_owned()),
                };
                let mut error = ErrorSpec {
                    code: None,
                    status,
                    name,
                    message: description.unwrap_or(fallback),
                    resolution: None,
                    body: None,
                    example: None,
                };
                match body {
                    Body::Typed { ty, example } if ty != Ty::Binary => {
                        error.body = Some(ty.to_string());
                        error.example = example;
                    }
                    // Bytes, or an error documented as a stream: its body is
                    // kept raw.
                    _ => {}
                }
                spec.errors.list.push(error);
            }
        }
    }
    match successes.len() {
        0 => {
            let (doc, at) = match &responses {
                Some(r) => (r.doc, r.at.clone()),
                None => (op.doc, op.at.clone()),
            };
            types.note(
                doc,
                &at,
                Kind::Approximated,
                "no success response documented: `200` without content assumed".to_owned(),
            );
            spec.response = Some(ResponseSpec::status(200));
        }
        1 => spec.response = successes.pop(),
        _ => {
            // Our responses carry headers on a single success only.
            for success in &mut successes {
                if !success.headers.is_empty() {
                    let names: Vec<String> =
                        success.headers.keys().map(|h| format!("`{h}`")).collect();
                    let at = format!(
                        "{}/{}/headers",
                        responses.as_ref().map_or("", |r| r.at.as_str()),
                        success.status
                    );
                    types.note(op.doc, &at, Kind::NotCarried, format!("response headers ({}) on one of several successes: typed headers are read for a single success only; left out (the raw response still has them)", names.join(", ")));
                    success.headers.clear();
                }
            }
            spec.responses = Some(successes);
        }
    }
}

/// A success of `status` with this body.
fn success<'d>(
    types: &mut Types<'d>,
    place: &Place<'_, 'd>,
    response: &Node<'d>,
    status: u16,
    description: Option<String>,
    body: &Body,
) -> ResponseSpec {
    let mut success = ResponseSpec {
        status,
        body: None,
        name: None,
        description,
        example: None,
        headers: headers(types, response, place.name),
        stream: None,
    };
    match body {
        Body::None => {}
        Body::Typed { ty, example } => {
            success.body = Some(ty.to_string());
            success.example = example.clone();
        }
        Body::Stream(stream) => success.stream = Some(stream.clone()),
    }
    success
}

/// What one response's body is.
#[derive(Clone)]
enum Body {
    None,
    /// A type, and its example.
    Typed {
        ty: Ty,
        example: Option<String>,
    },
    /// A server-sent event stream: the spec's `stream`.
    Stream(StreamSpec),
}

impl Body {
    fn is_stream(&self) -> bool {
        matches!(self, Body::Stream(_))
    }
}

/// The body's type and example of one response.
fn response_body<'d>(types: &mut Types<'d>, response: &Node<'d>, hint: &str) -> Body {
    let Some(content) = response
        .child("content")
        .filter(|c| c.as_object().is_some_and(|o| !o.is_empty()))
    else {
        return Body::None;
    };
    let Some(media) = choose_media(
        types,
        &content,
        |m| u8::from(!is_json(m)),
        "the response can also come as",
    ) else {
        return Body::None;
    };
    let entry = content.child(&media).expect("chosen among the keys");
    if is_event_stream(&media) {
        return Body::Stream(event_stream(types, &entry, hint));
    }
    if !is_json(&media) {
        return Body::Typed {
            ty: Ty::Binary,
            example: None,
        };
    }
    let typed = match entry.child("schema") {
        Some(schema) if is_null_only(types, &schema) => {
            types.note(
                schema.doc,
                &schema.at,
                Kind::Repaired,
                "a JSON body that is always `null`: read as no body (there is nothing in it to read)"
                    .to_owned(),
            );
            return Body::None;
        }
        Some(schema) => types.ty(&schema, hint, Direction::Response),
        None => {
            types.note(
                entry.doc,
                &entry.at,
                Kind::Approximated,
                "a JSON response without a schema: any JSON (`json`)".to_owned(),
            );
            return Body::Typed {
                ty: Ty::Json,
                example: None,
            };
        }
    };
    let example = entry
        .child("example")
        .or_else(|| {
            entry
                .child("examples")?
                .entries()
                .into_iter()
                .find_map(|(_, e)| types.follow(&e)?.child("value"))
        })
        .and_then(|e| {
            let fits = types.example(e.doc, &e.at, e.value, &typed.ty)?;
            Some(if e.value.is_string() && typed.ty != Ty::String {
                fits
            } else {
                e.value.to_string()
            })
        });
    Body::Typed {
        ty: typed.ty,
        example,
    }
}

/// A schema whose one value is `null` (`enum: [null]`, `const: null`,
/// `type: "null"`): some generators' way of saying "no data".
fn is_null_only<'d>(types: &mut Types<'d>, schema: &Node<'d>) -> bool {
    let Some(schema) = types.follow(schema) else {
        return false;
    };
    let enum_of_null = schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|v| !v.is_empty() && v.iter().all(Value::is_null));
    enum_of_null
        || schema.get("const").is_some_and(Value::is_null)
        || schema.get("type").and_then(Value::as_str) == Some("null")
}

fn is_event_stream(media: &str) -> bool {
    media
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("text/event-stream"))
}

/// A `text/event-stream` response as the spec's `stream`. OpenAPI 3.2's
/// `itemSchema` describes each event (`event`, `data`, `id`, `retry`),
/// as alternatives when events differ; a `schema` (3.0, 3.1) is taken as
/// the data of every event, named `message`. Whether the vendor honours
/// `Last-Event-ID` is for the overlay to say (`resumes`).
fn event_stream<'d>(types: &mut Types<'d>, entry: &Node<'d>, hint: &str) -> StreamSpec {
    let mut events = IndexMap::new();
    if let Some(item) = entry.child("itemSchema") {
        if let Some(item) = types.follow(&item) {
            let alternatives = ["oneOf", "anyOf"]
                .iter()
                .find_map(|k| item.child(k).filter(|l| l.value.is_array()));
            match alternatives {
                Some(list) => {
                    for alternative in list.items() {
                        if let Some(a) = types.follow(&alternative) {
                            item_events(types, &a, hint, &mut events);
                        }
                    }
                }
                None => item_events(types, &item, hint, &mut events),
            }
        }
    } else {
        let data = match entry.child("schema") {
            None => "string".to_owned(),
            Some(schema) => {
                let data = event_data(types, &schema, hint);
                if data != "string" {
                    types.note(schema.doc, &schema.at, Kind::Approximated, format!("an event stream whose schema is its events' data (`{data}`) and names no event: read as `message` events; events of other names arrive as `Unknown`"));
                }
                data
            }
        };
        events.insert("message".to_owned(), message_event(data));
    }
    if events.is_empty() {
        types.note(
            entry.doc,
            &entry.at,
            Kind::Approximated,
            "an event stream whose events could not be read: every event arrives as `Unknown`, its data as text".to_owned(),
        );
        events.insert("message".to_owned(), message_event("string".to_owned()));
    }
    StreamSpec {
        resumes: false,
        events,
    }
}

fn message_event(data: String) -> StreamEventSpec {
    StreamEventSpec {
        data: Some(data),
        description: "An event of the stream.".to_owned(),
        example: None,
    }
}

/// The events one `itemSchema` (or one of its alternatives) describes: the
/// names its `event` property allows (`const` or `enum`; `message` when it
/// has none) with the type of its `data`.
fn item_events<'d>(
    types: &mut Types<'d>,
    item: &Node<'d>,
    hint: &str,
    events: &mut IndexMap<String, StreamEventSpec>,
) {
    let properties = item.child("properties");
    let event = properties
        .as_ref()
        .and_then(|p| p.child("event"))
        .and_then(|e| types.follow(&e));
    let names: Vec<String> = match &event {
        Some(e) => match (e.get("const"), e.get("enum").and_then(Value::as_array)) {
            (Some(Value::String(one)), _) => vec![one.clone()],
            (_, Some(list)) => list
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        },
        None => vec!["message".to_owned()],
    };
    if names.is_empty() {
        let at = event.as_ref().map_or(item.at.clone(), |e| e.at.clone());
        types.note(item.doc, &at, Kind::NotCarried, "an event name that is neither a `const` nor an `enum`: these events arrive as `Unknown`".to_owned());
        return;
    }
    let description = item
        .str("description")
        .map(from_html)
        .unwrap_or_else(|| "An event of the stream.".to_owned());
    let data = properties
        .as_ref()
        .and_then(|p| p.child("data"))
        .and_then(|d| types.follow(&d))
        .map(|data| {
            // JSON data: `contentMediaType` and `contentSchema` (JSON Schema
            // 2020-12), else the data schema itself.
            match data.child("contentSchema") {
                Some(inner) => event_data(types, &inner, hint),
                None => event_data(types, &data, hint),
            }
        });
    for name in names {
        if events.contains_key(&name) {
            types.note(
                item.doc,
                &item.at,
                Kind::NotCarried,
                format!("the event `{name}` is described twice; the first description is kept"),
            );
            continue;
        }
        let variant = camel(&name);
        if let Some(other) = events.keys().find(|k| camel(k) == variant) {
            types.note(item.doc, &item.at, Kind::NotCarried, format!("the event `{name}` is the same Rust variant as `{other}` (`{variant}`): the first is kept, this one arrives as `Unknown`"));
            continue;
        }
        if variant.is_empty() || variant == "Unknown" || name.contains(['\r', '\n']) {
            types.note(
                item.doc,
                &item.at,
                Kind::NotCarried,
                format!(
                    "the event name `{}` makes no variant of its own: it arrives as `Unknown`",
                    name.escape_debug()
                ),
            );
            continue;
        }
        events.insert(
            name,
            StreamEventSpec {
                data: data.clone(),
                description: description.clone(),
                example: None,
            },
        );
    }
}

/// An event's data type: `string` for text, else the JSON schema's type.
fn event_data<'d>(types: &mut Types<'d>, schema: &Node<'d>, hint: &str) -> String {
    let typed = types.ty(schema, &format!("{hint} Event"), Direction::Response);
    if matches!(typed.ty, Ty::Binary | Ty::File) {
        types.note(
            schema.doc,
            &schema.at,
            Kind::Approximated,
            "an event's data as binary: read as text".to_owned(),
        );
        return "string".to_owned();
    }
    typed.ty.to_string()
}

/// The documented headers of a response that our responses can read.
fn headers<'d>(
    types: &mut Types<'d>,
    response: &Node<'d>,
    op: &str,
) -> IndexMap<String, ResponseHeaderSpec> {
    let mut out = IndexMap::new();
    let Some(headers) = response.child("headers") else {
        return out;
    };
    for (name, header) in headers.entries() {
        let Some(header) = types.follow(&header) else {
            continue;
        };
        let typed = match header.child("schema") {
            Some(schema) => types.ty(&schema, &format!("{op} {name}"), Direction::Response),
            None => Typed::string(),
        };
        let scalar = typed.ty.is_text_scalar()
            || types.kind(&typed.ty) == Some(super::schemas::DeclKind::Enum);
        if !scalar {
            types.note(
                header.doc,
                &header.at,
                Kind::NotCarried,
                format!("a response header of type `{}`; left out", typed.ty),
            );
            continue;
        }
        let description = header
            .str("description")
            .map(from_html)
            .unwrap_or_else(|| format!("The `{name}` header."));
        out.insert(
            name.to_owned(),
            ResponseHeaderSpec {
                ty: typed.ty.to_string(),
                description,
            },
        );
    }
    out
}

/// The reason phrase of a status (`Unprocessable Entity`), else `Status 499`.
fn reason(status: u16) -> String {
    match http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(r) => r.to_owned(),
        None => format!("Status {status}"),
    }
}
