//! A received request, and its decoding into the typed request with every
//! departure from the spec named.

use std::collections::BTreeSet;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::{FilePart, Nullable, UnsupportedFileType};

/// A request as the mock received it: path parameters decoded, query pairs,
/// headers and the body's parts.
#[derive(Debug, Clone)]
pub struct WireRequest {
    /// The HTTP method.
    pub method: http::Method,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// The path parameters, percent-decoded, in the route's order.
    pub path_params: Vec<(&'static str, String)>,
    /// The query's pairs, decoded, in the order sent.
    pub query: Vec<(String, String)>,
    /// The request's headers.
    pub headers: http::HeaderMap,
    /// The parts of a `multipart/form-data` body, in the order sent.
    pub parts: Vec<ReceivedPart>,
    /// The body as received (empty for a multipart body, which is in `parts`).
    pub body: Bytes,
    /// The body parsed, for an operation with a JSON body (`None` when none
    /// was sent, or it was not JSON).
    pub json: Option<serde_json::Value>,
}

impl WireRequest {
    /// Whether a body was sent: bytes, parts, or at least a
    /// `Content-Type`. An operation whose body is not required may be sent
    /// without one (its inputs are then read as not sent).
    pub fn has_body(&self) -> bool {
        !self.body.is_empty()
            || !self.parts.is_empty()
            || self.headers.contains_key(http::header::CONTENT_TYPE)
    }
}

/// One part of a received `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedPart {
    /// The part's name.
    pub name: String,
    /// The file name, for a file part.
    pub file_name: Option<String>,
    /// The part's `Content-Type`, if it had one.
    pub content_type: Option<String>,
    /// The part's bytes.
    pub data: Bytes,
}

/// Where an input travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// A part of a `multipart/form-data` body (a field or a file).
    Form,
    /// A top-level field of a JSON object body.
    Body,
    /// The whole JSON body.
    WholeBody,
}

impl Place {
    fn describe(self, name: &str) -> String {
        match self {
            Place::Path => format!("path parameter `{name}`"),
            Place::Query => format!("query parameter `{name}`"),
            Place::Header => format!("header `{name}`"),
            Place::Form => format!("form-data part `{name}`"),
            Place::Body => format!("JSON body field `{name}`"),
            Place::WholeBody => "the JSON body".to_owned(),
        }
    }
}

/// One received value: text, or a file part.
#[derive(Debug, Clone, Copy)]
pub enum Raw<'a> {
    /// A path parameter, query parameter, header or text field.
    Text(&'a str),
    /// A part with a file name.
    File(&'a ReceivedPart),
    /// A JSON value: a body field, or the whole body.
    Json(&'a serde_json::Value),
    /// A whole body of bytes, with its `Content-Type`.
    Bytes(&'a Bytes, Option<&'a str>),
}

impl<'a> Raw<'a> {
    fn text(self) -> Result<&'a str, String> {
        match self {
            Raw::Text(text) => Ok(text),
            Raw::File(part) => Err(format!(
                "a text value was expected, a file part (`{}`) was sent",
                part.file_name.as_deref().unwrap_or_default()
            )),
            Raw::Json(_) => Err("a text value was expected, JSON was sent".to_owned()),
            Raw::Bytes(..) => Err("a text value was expected, a body of bytes was sent".to_owned()),
        }
    }
}

/// Decodes text into a value of the spec's type: a string, an enum by its
/// wire value, a number, a boolean or a date-time.
pub fn text<T: DeserializeOwned>(raw: Raw<'_>) -> Result<T, String> {
    let text = raw.text()?;
    serde_json::from_value(serde_json::Value::String(text.to_owned())).or_else(|first| {
        // Numbers and booleans travel as their JSON text.
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(value @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => {
                serde_json::from_value(value).map_err(|e| format!("`{text}`: {e}"))
            }
            _ => Err(format!("`{text}`: {first}")),
        }
    })
}

/// Decodes text that must be one of the documented values.
pub fn allowed<T: DeserializeOwned>(raw: Raw<'_>, values: &[&str]) -> Result<T, String> {
    let value = raw.text()?;
    if !values.contains(&value) {
        return Err(format!(
            "`{value}` is not one of the documented values ({})",
            values.join(", ")
        ));
    }
    text(raw)
}

/// A value of an enum the generator opened for responses: a request must
/// still send one of the values the vendor lists.
pub fn documented<T>(value: T, listed: &[&str], wire: fn(&T) -> &str) -> Result<T, String> {
    if listed.contains(&wire(&value)) {
        Ok(value)
    } else {
        Err(format!(
            "`{}` is not one of the documented values ({})",
            wire(&value),
            listed.join(", ")
        ))
    }
}

/// A file part, as a [`FilePart`] in memory with the name and type received.
pub fn file(raw: Raw<'_>) -> Result<FilePart, String> {
    match raw {
        Raw::File(part) => {
            let file = FilePart::from_bytes(
                part.file_name.clone().unwrap_or_default(),
                part.data.clone(),
            );
            Ok(match &part.content_type {
                Some(content_type) => file.with_content_type_str(content_type),
                None => file,
            })
        }
        Raw::Text(_) | Raw::Json(_) | Raw::Bytes(..) => {
            Err("a file part (with a file name) was expected, a text field was sent".into())
        }
    }
}

/// A file part of a documented file type: its name's extension gives the
/// type (`classify`), whose MIME type (`mime_type`) the part must carry.
pub fn typed_file<F>(
    raw: Raw<'_>,
    classify: fn(&str) -> Result<F, UnsupportedFileType>,
    mime_type: fn(&F) -> &'static str,
) -> Result<(F, FilePart), String> {
    let part = file(raw)?;
    let file_type = classify(part.file_name()).map_err(|e| e.to_string())?;
    let expected = mime_type(&file_type);
    let Raw::File(received) = raw else {
        unreachable!("`file` accepted only a file part")
    };
    match received.content_type.as_deref() {
        Some(sent) if sent.eq_ignore_ascii_case(expected) => Ok((file_type, part)),
        sent => Err(format!(
            "file `{}` must be sent as `{expected}`, was sent as {}",
            part.file_name(),
            sent.map_or("no type".to_owned(), |s| format!("`{s}`"))
        )),
    }
}

/// A whole body of bytes, as a [`FilePart`] in memory named `body`.
pub fn body_file(raw: Raw<'_>) -> Result<FilePart, String> {
    match raw {
        Raw::Bytes(bytes, content_type) => {
            let file = FilePart::from_bytes("body", bytes.clone());
            Ok(match content_type {
                Some(content_type) => file.with_content_type_str(content_type),
                None => file,
            })
        }
        _ => Err("a body of bytes was expected".to_owned()),
    }
}

/// Decodes a JSON body field, or the whole body, into the spec's type.
pub fn json<T: DeserializeOwned>(raw: Raw<'_>) -> Result<T, String> {
    match raw {
        Raw::Json(value) => T::deserialize(value).map_err(|e| e.to_string()),
        Raw::Text(_) | Raw::File(_) | Raw::Bytes(..) => Err("JSON was expected".to_owned()),
    }
}

/// A nullable input (`nullable: true`): JSON `null` is [`Nullable::Null`],
/// any other value is read by `decode`. The optional input's absence is the
/// decoder's: `None`, told from `Some(Nullable::Null)`.
pub fn nullable<T>(
    raw: Raw<'_>,
    decode: impl Fn(Raw<'_>) -> Result<T, String>,
) -> Result<Nullable<T>, String> {
    match raw {
        Raw::Json(serde_json::Value::Null) => Ok(Nullable::Null),
        raw => decode(raw).map(Nullable::Value),
    }
}

/// A received form part as a raw value: a file when it has a file name.
fn raw_part(part: &ReceivedPart) -> Raw<'_> {
    match &part.file_name {
        Some(_) => Raw::File(part),
        None => Raw::Text(std::str::from_utf8(&part.data).unwrap_or("\u{FFFD}")),
    }
}

/// Reads a [`WireRequest`] as an operation's inputs, collecting every
/// problem rather than stopping at the first.
#[derive(Debug)]
pub struct Decoder<'a> {
    wire: &'a WireRequest,
    problems: Vec<String>,
    used: BTreeSet<(Place, &'a str)>,
}

impl<'a> Decoder<'a> {
    /// A decoder of `wire`.
    pub fn new(wire: &'a WireRequest) -> Self {
        Decoder {
            wire,
            problems: Vec::new(),
            used: BTreeSet::new(),
        }
    }

    fn values(&mut self, place: Place, name: &str) -> Vec<Raw<'a>> {
        let wire = self.wire;
        match place {
            Place::Path => wire
                .path_params
                .iter()
                .filter(|(n, _)| *n == name)
                .map(|(_, v)| Raw::Text(v))
                .collect(),
            Place::Query => {
                let found: Vec<_> = wire.query.iter().filter(|(n, _)| n == name).collect();
                if let Some((n, _)) = found.first() {
                    self.used.insert((Place::Query, n.as_str()));
                }
                found.into_iter().map(|(_, v)| Raw::Text(v)).collect()
            }
            Place::Header => wire
                .headers
                .get_all(name)
                .iter()
                .map(|v| Raw::Text(v.to_str().unwrap_or("\u{FFFD}")))
                .collect(),
            Place::Form => {
                let found: Vec<_> = wire.parts.iter().filter(|p| p.name == name).collect();
                if let Some(p) = found.first() {
                    self.used.insert((Place::Form, p.name.as_str()));
                }
                found.into_iter().map(raw_part).collect()
            }
            Place::Body => match &wire.json {
                Some(serde_json::Value::Object(object)) => match object.get_key_value(name) {
                    Some((key, value)) => {
                        self.used.insert((Place::Body, key.as_str()));
                        vec![Raw::Json(value)]
                    }
                    None => Vec::new(),
                },
                _ => Vec::new(),
            },
            Place::WholeBody => {
                self.used.insert((Place::WholeBody, ""));
                if !wire.has_body() {
                    return Vec::new();
                }
                match &wire.json {
                    Some(json) => vec![Raw::Json(json)],
                    None => {
                        let content_type = wire
                            .headers
                            .get(http::header::CONTENT_TYPE)
                            .and_then(|v| v.to_str().ok());
                        vec![Raw::Bytes(&wire.body, content_type)]
                    }
                }
            }
        }
    }

    fn decode<T>(
        &mut self,
        place: Place,
        name: &str,
        raws: Vec<Raw<'_>>,
        decode: impl Fn(Raw<'_>) -> Result<T, String>,
    ) -> Option<Vec<T>> {
        let mut values = Vec::with_capacity(raws.len());
        let mut ok = true;
        for raw in raws {
            match decode(raw) {
                Ok(value) => values.push(value),
                Err(problem) => {
                    self.problem(format!("{}: {problem}", place.describe(name)));
                    ok = false;
                }
            }
        }
        ok.then_some(values)
    }

    /// A required input sent exactly once.
    pub fn one<T>(
        &mut self,
        place: Place,
        name: &str,
        decode: impl Fn(Raw<'_>) -> Result<T, String>,
    ) -> Option<T> {
        let raws = self.values(place, name);
        match raws.len() {
            0 => {
                self.problem(format!("{}: required, not sent", place.describe(name)));
                None
            }
            1 => self.decode(place, name, raws, decode)?.pop(),
            n => {
                self.problem(format!(
                    "{}: sent {n} times, expected once",
                    place.describe(name)
                ));
                None
            }
        }
    }

    /// An optional input, sent at most once.
    pub fn optional<T>(
        &mut self,
        place: Place,
        name: &str,
        decode: impl Fn(Raw<'_>) -> Result<T, String>,
    ) -> Option<Option<T>> {
        let raws = self.values(place, name);
        match raws.len() {
            0 => Some(None),
            1 => self.decode(place, name, raws, decode).map(|mut v| v.pop()),
            n => {
                self.problem(format!(
                    "{}: sent {n} times, expected at most once",
                    place.describe(name)
                ));
                None
            }
        }
    }

    /// A list input, one value per occurrence; `required`: at least one.
    pub fn many<T>(
        &mut self,
        place: Place,
        name: &str,
        required: bool,
        decode: impl Fn(Raw<'_>) -> Result<T, String>,
    ) -> Option<Vec<T>> {
        let raws = self.values(place, name);
        if required && raws.is_empty() {
            self.problem(format!("{}: required, not sent", place.describe(name)));
            return None;
        }
        self.decode(place, name, raws, decode)
    }

    /// Form parts named by the caller (a `map<file>` input): every part
    /// whose name is not one of the operation's `declared` form inputs, by
    /// name, in the order sent; `required`: at least one.
    pub fn caller_named<T>(
        &mut self,
        declared: &[&str],
        required: bool,
        decode: impl Fn(Raw<'_>) -> Result<T, String>,
    ) -> Option<Vec<(String, T)>> {
        let wire = self.wire;
        let parts: Vec<&'a ReceivedPart> = wire
            .parts
            .iter()
            .filter(|p| !declared.contains(&p.name.as_str()))
            .collect();
        if required && parts.is_empty() {
            self.problem("form parts named by the caller: required, none sent".to_owned());
            return None;
        }
        let mut out = Vec::with_capacity(parts.len());
        let mut ok = true;
        for part in parts {
            self.used.insert((Place::Form, part.name.as_str()));
            match self.decode(Place::Form, &part.name, vec![raw_part(part)], &decode) {
                Some(values) => out.extend(values.into_iter().map(|v| (part.name.clone(), v))),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A list sent as comma-joined values (`explode: false`); `required`:
    /// at least one item.
    pub fn joined<T>(
        &mut self,
        place: Place,
        name: &str,
        required: bool,
        decode: impl Fn(Raw<'_>) -> Result<T, String>,
    ) -> Option<Vec<T>> {
        let raws = self.values(place, name);
        if raws.len() > 1 {
            self.problem(format!(
                "{}: sent {} times; the list is one comma-joined value",
                place.describe(name),
                raws.len()
            ));
            return None;
        }
        let items: Vec<&str> = match raws.first() {
            Some(Raw::Text(text)) if !text.is_empty() => text.split(',').collect(),
            _ => Vec::new(),
        };
        if required && items.is_empty() {
            self.problem(format!("{}: required, not sent", place.describe(name)));
            return None;
        }
        self.decode(
            place,
            name,
            items.into_iter().map(Raw::Text).collect(),
            decode,
        )
    }

    /// An input the spec fixes to one value: sent, and with that value.
    pub fn fixed(&mut self, place: Place, name: &str, value: &str) {
        let raws = self.values(place, name);
        let sent: Vec<String> = raws
            .iter()
            .map(|raw| match raw {
                Raw::Text(text) => (*text).to_owned(),
                Raw::Json(serde_json::Value::String(text)) => text.clone(),
                Raw::Json(other) => other.to_string(),
                Raw::File(_) | Raw::Bytes(..) => "(a file)".to_owned(),
            })
            .collect();
        match sent.as_slice() {
            [one] if one == value => {}
            [] => self.problem(format!(
                "{}: required, not sent (always `{value}`)",
                place.describe(name)
            )),
            _ => self.problem(format!(
                "{}: must be `{value}`, was `{}`",
                place.describe(name),
                sent.join("`, `")
            )),
        }
    }

    /// Which of the alternatives' selecting inputs was sent: exactly one must be.
    pub fn choose(&mut self, selectors: &[(Place, &str)]) -> Option<usize> {
        let sent: Vec<usize> = selectors
            .iter()
            .enumerate()
            .filter(|(_, (place, name))| !self.values(*place, name).is_empty())
            .map(|(index, _)| index)
            .collect();
        let names = || {
            selectors
                .iter()
                .map(|(place, name)| place.describe(name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match sent.as_slice() {
            [one] => Some(*one),
            [] => {
                self.problem(format!(
                    "exactly one of {} is required, none was sent",
                    names()
                ));
                None
            }
            _ => {
                self.problem(format!(
                    "exactly one of {} is required, several were sent",
                    names()
                ));
                None
            }
        }
    }

    /// Whether the operation's whole body was read, as its input.
    pub(crate) fn reads_whole_body(&self) -> bool {
        self.used.contains(&(Place::WholeBody, ""))
    }

    /// The query parameters read as the operation's inputs so far.
    pub(crate) fn query_inputs(&self) -> Vec<String> {
        self.used
            .iter()
            .filter(|(place, _)| *place == Place::Query)
            .map(|(_, name)| (*name).to_owned())
            .collect()
    }

    /// Records a problem with the request.
    pub fn problem(&mut self, problem: String) {
        self.problems.push(problem);
    }

    /// Every problem found, those of query parameters and form parts that
    /// the operation does not document included.
    pub fn finish(mut self) -> Vec<String> {
        let mut unknown = BTreeSet::new();
        for (name, _) in &self.wire.query {
            if !self.used.contains(&(Place::Query, name.as_str())) {
                unknown.insert(Place::Query.describe(name));
            }
        }
        for part in &self.wire.parts {
            if !self.used.contains(&(Place::Form, part.name.as_str())) {
                unknown.insert(Place::Form.describe(&part.name));
            }
        }
        if let Some(serde_json::Value::Object(object)) = &self.wire.json {
            let whole = self.used.contains(&(Place::WholeBody, ""));
            for key in object.keys() {
                if !whole && !self.used.contains(&(Place::Body, key.as_str())) {
                    unknown.insert(Place::Body.describe(key));
                }
            }
        }
        for what in unknown {
            self.problems.push(format!(
                "{what}: not an input of this operation (or of the alternative sent)"
            ));
        }
        self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(query: &[(&str, &str)], parts: Vec<ReceivedPart>) -> WireRequest {
        WireRequest {
            method: http::Method::POST,
            path: "/x".into(),
            path_params: vec![("id", "7".into())],
            query: query
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            headers: http::HeaderMap::new(),
            parts,
            body: Bytes::new(),
            json: None,
        }
    }

    fn text_part(name: &str, value: &str) -> ReceivedPart {
        ReceivedPart {
            name: name.into(),
            file_name: None,
            content_type: None,
            data: Bytes::copy_from_slice(value.as_bytes()),
        }
    }

    #[test]
    fn text_reads_strings_numbers_and_booleans() {
        assert_eq!(text::<String>(Raw::Text("42")).unwrap(), "42");
        assert_eq!(text::<i64>(Raw::Text("42")).unwrap(), 42);
        assert_eq!(text::<f64>(Raw::Text("0.5")).unwrap(), 0.5);
        assert!(text::<bool>(Raw::Text("true")).unwrap());
        assert!(text::<i64>(Raw::Text("forty"))
            .unwrap_err()
            .starts_with("`forty`: "));
        let values = ["a", "b"];
        assert_eq!(allowed::<String>(Raw::Text("b"), &values).unwrap(), "b");
        assert_eq!(
            allowed::<String>(Raw::Text("c"), &values).unwrap_err(),
            "`c` is not one of the documented values (a, b)"
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let wire = wire(
            &[("n", "x"), ("n", "y"), ("extra", "1")],
            vec![text_part("f", "v"), text_part("f", "w")],
        );
        let mut d = Decoder::new(&wire);
        assert_eq!(d.one::<i64>(Place::Path, "id", text), Some(7));
        assert_eq!(d.one::<String>(Place::Query, "n", text), None);
        assert_eq!(d.optional::<String>(Place::Form, "f", text), None);
        assert_eq!(d.one::<String>(Place::Header, "X-Key", text), None);
        assert_eq!(
            d.many::<String>(Place::Query, "list", false, text),
            Some(vec![])
        );
        assert_eq!(d.one(Place::Form, "f", file).map(|_| ()), None);
        assert_eq!(
            d.finish(),
            [
                "query parameter `n`: sent 2 times, expected once",
                "form-data part `f`: sent 2 times, expected at most once",
                "header `X-Key`: required, not sent",
                "form-data part `f`: sent 2 times, expected once",
                "query parameter `extra`: not an input of this operation (or of the alternative sent)",
            ]
        );
    }

    #[test]
    fn a_nullable_body_field_is_absent_null_or_a_value() {
        let mut sent = wire(&[], vec![]);
        sent.json = Some(serde_json::json!({"nick": null, "age": 7, "name": null}));
        let mut d = Decoder::new(&sent);
        let field = |d: &mut Decoder<'_>, name| {
            d.optional::<Nullable<String>>(Place::Body, name, |raw| nullable(raw, json))
        };
        assert_eq!(field(&mut d, "nick"), Some(Some(Nullable::Null)));
        assert_eq!(field(&mut d, "gone"), Some(None));
        let age = d.optional::<Nullable<i64>>(Place::Body, "age", |raw| nullable(raw, json));
        assert_eq!(age, Some(Some(Nullable::Value(7))));
        // Not nullable: `null` is a problem, not an absence.
        assert_eq!(d.optional::<String>(Place::Body, "name", json), None);
        assert_eq!(
            d.finish(),
            ["JSON body field `name`: invalid type: null, expected a string"]
        );
    }

    #[test]
    fn a_body_not_sent_is_a_whole_body_not_sent() {
        let absent = wire(&[], vec![]);
        assert!(!absent.has_body());
        let mut d = Decoder::new(&absent);
        let body = d.optional::<serde_json::Value>(Place::WholeBody, "body", json);
        assert_eq!(body, Some(None));
        assert_eq!(
            d.one::<serde_json::Value>(Place::WholeBody, "body", json),
            None
        );
        assert!(d.reads_whole_body());
        assert_eq!(d.finish(), ["the JSON body: required, not sent"]);
        // A `Content-Type` alone says a body was sent: an empty file.
        let mut typed = wire(&[], vec![]);
        typed.headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("image/png"),
        );
        assert!(typed.has_body());
        let mut d = Decoder::new(&typed);
        let file = d.one(Place::WholeBody, "body", body_file).unwrap();
        assert_eq!(file.len(), Some(0));
        assert!(d.finish().is_empty());
    }

    #[test]
    fn fixed_values_are_checked() {
        let sent = wire(&[("v", "2"), ("w", "1")], vec![]);
        let mut d = Decoder::new(&sent);
        d.fixed(Place::Query, "v", "1");
        d.fixed(Place::Query, "w", "1");
        d.fixed(Place::Form, "grant_type", "refresh_token");
        assert_eq!(
            d.finish(),
            [
                "query parameter `v`: must be `1`, was `2`",
                "form-data part `grant_type`: required, not sent (always `refresh_token`)",
            ]
        );
    }

    #[test]
    fn exactly_one_alternative_is_chosen() {
        let selectors = [(Place::Form, "file"), (Place::Form, "url")];
        let both = wire(&[], vec![text_part("file", "a"), text_part("url", "b")]);
        let mut d = Decoder::new(&both);
        assert_eq!(d.choose(&selectors), None);
        assert_eq!(
            d.finish(),
            ["exactly one of form-data part `file`, form-data part `url` is required, several were sent"]
        );
        let one = wire(&[], vec![text_part("url", "b")]);
        assert_eq!(Decoder::new(&one).choose(&selectors), Some(1));
    }
}
