//! The census: what the vendor documents, against what arrived.
//!
//! [`read`] is a second reading of the vendor's documents, by code of its
//! own: it walks the groups' operations (refs followed with the resolver
//! every stage shares, nothing else of the importer) and counts, per
//! category, every construct the vendor documents. [`compare`] then looks
//! for each one in the imported spec values, by its name and place, and
//! classifies it:
//!
//! - **typed**: it is there, with a type (not any JSON where the vendor gave
//!   one), and nothing of it was approximated or lost;
//! - **approximated**: it is there, but not as the vendor wrote it (how: the
//!   report's words at its place);
//! - **lost**: it is not there (why: the report's words at its place, or
//!   "nothing read it": a construct the importer does not know).
//!
//! A builder that forgets a construct cannot hide it: the census counts it
//! from the vendor's documents, finds it missing, and says so.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::documents::Documents;
use super::openapi::resolve::Node;
use super::report::{Kind, Report};
use super::ty::Ty;
use super::Origins;
use crate::spec::{ApiSpec, ErrorStatus, OperationSpec, ParamLocation, ParamSpec};

/// The categories, in the order they are shown.
pub const CATEGORIES: &[&str] = &[
    "operations",
    "parameters",
    "request bodies",
    "request body fields",
    "success bodies",
    "error bodies",
    "schemas",
    "schema fields",
    "enums",
    "security requirements",
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where a construct is: document and JSON pointer.
type Place = (usize, String);

/// What the vendor documents, counted from its documents alone.
#[derive(Debug, Default)]
pub struct Reading {
    operations: Vec<VendorOperation>,
    /// Component schemas the operations reach that declare a type (an
    /// object with properties, an enum, a union, a composition), with their
    /// properties.
    schemas: Vec<VendorSchema>,
    /// Schemas with an `enum` the operations reach.
    enums: Vec<Place>,
}

#[derive(Debug)]
struct VendorOperation {
    place: Place,
    params: Vec<VendorParam>,
    body: Option<VendorBody>,
    /// Success (2xx) responses with a JSON schema.
    successes: Vec<VendorResponse>,
    /// Error responses (4xx, 5xx, ranges, `default`) with a JSON schema.
    errors: Vec<VendorResponse>,
    /// The security requirement's alternatives (scheme names), where one
    /// applies, and its place.
    security: Option<(Vec<BTreeSet<String>>, Place)>,
}

#[derive(Debug)]
struct VendorResponse {
    /// The status key (`200`, `4XX`, `default`).
    code: String,
    /// The response's place, and its schema's.
    place: Place,
    schema: Place,
    typed: bool,
}

#[derive(Debug)]
struct VendorParam {
    place: Place,
    name: String,
    location: String,
    typed: bool,
    /// The place of its schema, when it lists `enum` values.
    enum_at: Option<Place>,
}

#[derive(Debug)]
struct VendorBody {
    place: Place,
    /// Whether a request needs it: `requestBody.required` says so; or
    /// not, and its schema has no required field: a request may go
    /// without. `None`: not marked required, but its schema's fields are
    /// (`required` left out is OpenAPI's default, not the vendor's word;
    /// either reading is the vendor's).
    required: Option<bool>,
    /// Fields of an object body: name, place, typed.
    fields: Vec<(String, Place, bool)>,
    /// The schema of a form body (multipart or urlencoded), whose fields
    /// are the form's: a client sends them as its fields, not as a type.
    form_schema: Option<Place>,
}

#[derive(Debug)]
struct VendorSchema {
    place: Place,
    is_enum: bool,
    fields: Vec<(String, Place, bool)>,
}

/// Reads what the first `groups` documents document. A component the
/// import read as another file's identical one (`same_as`) is read as that
/// one here too.
pub fn read(docs: &Documents, groups: usize, same_as: &BTreeMap<Place, Place>) -> Reading {
    let mut reading = Reading::default();
    let mut reached = Reached {
        same_as: Some(same_as),
        ..Reached::default()
    };
    for group in 0..groups {
        let root = docs.root(group);
        let default_security = root.child("security");
        let Some(paths) = root.child("paths") else {
            continue;
        };
        for (_, item) in paths.entries() {
            let Ok(item) = docs.follow(&item) else {
                continue;
            };
            for method in METHODS {
                let Some(op) = item.child(method) else {
                    continue;
                };
                let Ok(op) = docs.follow(&op) else { continue };
                if !op.value.is_object() {
                    continue;
                }
                // A request body's own schema becomes the operation's
                // inputs (counted as body fields), not a schema; what it
                // refers to is reached as anywhere else.
                for (key, part) in op.entries() {
                    match key {
                        "requestBody" => reached.walk_body(docs, &part),
                        "responses" => {
                            for (code, response) in part.entries() {
                                if is_counted(code, true) || is_counted(code, false) {
                                    reached.walk_response(docs, &response);
                                }
                            }
                        }
                        // Callbacks are other APIs' operations.
                        "callbacks" => {}
                        _ => reached.walk(docs, &part),
                    }
                }
                if let Some(params) = item.child("parameters") {
                    reached.walk(docs, &params);
                }
                let security = op
                    .child("security")
                    .or_else(|| default_security.clone())
                    .and_then(|s| security(&s));
                reading.operations.push(VendorOperation {
                    place: (op.doc, op.at.clone()),
                    params: params(docs, &item, &op),
                    body: op.child("requestBody").and_then(|b| body(docs, &b)),
                    successes: responses(docs, &op, true),
                    errors: responses(docs, &op, false),
                    security,
                });
            }
        }
        if let Some(hooks) = root.child("webhooks") {
            reached.walk(docs, &hooks);
        }
    }
    for place in &reached.components {
        let Some(node) = docs.node(place.0, &place.1) else {
            continue;
        };
        if !declares(node.value) {
            continue;
        }
        reading.schemas.push(VendorSchema {
            place: place.clone(),
            is_enum: node.get("enum").is_some() || node.get("const").is_some(),
            fields: properties(docs, &node),
        });
    }
    reading.enums = reached.enums.into_iter().collect();
    reading
}

/// What the operations reach through refs: component schemas, and every
/// schema with `enum` values.
#[derive(Default)]
struct Reached<'o> {
    /// Components read as another file's identical one (the importer's
    /// finding, checked there: their values are equal).
    same_as: Option<&'o BTreeMap<Place, Place>>,
    seen: BTreeSet<Place>,
    components: BTreeSet<Place>,
    enums: BTreeSet<Place>,
}

impl Reached<'_> {
    /// Walks a request body: the media a client sends (see
    /// [`body_media`]), its schema's refs followed without counting the
    /// schema itself as one (its fields are the operation's inputs).
    fn walk_body(&mut self, docs: &Documents, body: &Node<'_>) {
        let Ok(body) = docs.follow(body) else { return };
        // A body of bytes (`rank` 3) has no fields: its schema is not read.
        let Some((_, media)) = body
            .child("content")
            .and_then(|c| body_media(&c))
            .filter(|(m, _)| body_rank(m) < 3)
        else {
            return;
        };
        for (key, part) in media.entries() {
            match (key, docs.follow(&part)) {
                ("schema", Ok(schema)) => self.walk(docs, &schema),
                _ => self.walk(docs, &part),
            }
        }
    }

    /// Walks a response: its headers, and the media a client reads (see
    /// [`response_media`]); the others are alternatives of it.
    fn walk_response(&mut self, docs: &Documents, response: &Node<'_>) {
        let Ok(response) = docs.follow(response) else {
            return;
        };
        if let Some(headers) = response.child("headers") {
            self.walk(docs, &headers);
        }
        // Another media is bytes to a client: its schema is not read.
        if let Some((_, media)) = response
            .child("content")
            .and_then(|c| response_media(&c))
            .filter(|(m, _)| is_json(m))
        {
            self.walk(docs, &media);
        }
    }

    fn walk(&mut self, docs: &Documents, start: &Node<'_>) {
        let mut stack = vec![(start.doc, start.at.clone(), start.value)];
        while let Some((doc, at, value)) = stack.pop() {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(r)) = map.get("$ref") {
                        if let Ok(mut target) = docs.target(doc, r) {
                            let mut place = (target.doc, target.pointer.clone());
                            if let Some(same) = self.same_as.and_then(|s| s.get(&place)) {
                                place = same.clone();
                                target = super::documents::Target {
                                    doc: same.0,
                                    pointer: same.1.clone(),
                                };
                            }
                            if self.seen.insert(place.clone()) {
                                if is_component(docs, &target) {
                                    self.components.insert(place);
                                }
                                if let Some(v) = docs.get(&target) {
                                    stack.push((target.doc, target.pointer, v));
                                }
                            }
                        }
                    }
                    // An enum of `null` alone is the value null, not a
                    // list of values (see `documents_data`).
                    let values = map.get("enum").and_then(Value::as_array);
                    if values.is_some_and(|v| v.iter().any(|x| !x.is_null()))
                        && is_schema_place(&at)
                    {
                        self.enums.insert((doc, at.clone()));
                    }
                    for (k, v) in map {
                        // Examples are data, not schemas.
                        if matches!(
                            k.as_str(),
                            "example" | "examples" | "default" | "enum" | "const"
                        ) {
                            continue;
                        }
                        let token = k.replace('~', "~0").replace('/', "~1");
                        stack.push((doc, format!("{at}/{token}"), v));
                    }
                }
                Value::Array(list) => {
                    for (i, v) in list.iter().enumerate() {
                        stack.push((doc, format!("{at}/{i}"), v));
                    }
                }
                _ => {}
            }
        }
    }
}

/// A place that names a schema of its own: a component
/// (`#/components/schemas/X`, a JSON Schema definition), a file outside the
/// OpenAPI documents that is one schema, or a schema of a file of schemas.
fn is_component(docs: &Documents, target: &super::documents::Target) -> bool {
    let pointer = target.pointer.as_str();
    let component = ["/components/schemas/", "/definitions/", "/$defs/"]
        .iter()
        .any(|p| {
            pointer
                .strip_prefix(p)
                .is_some_and(|rest| !rest.contains('/'))
        });
    let schema_file = docs.docs[target.doc].root.get("openapi").is_none()
        && (pointer.is_empty() || !pointer[1..].contains('/'));
    component || schema_file
}

/// A place where a schema is (not an example, a header's or a link's
/// other keywords): the last key names a schema slot or a property.
fn is_schema_place(at: &str) -> bool {
    !at.contains("/example")
}

/// A schema that declares a type of its own.
fn declares(value: &Value) -> bool {
    let Some(o) = value.as_object() else {
        return false;
    };
    let constraint_only = |alts: &Vec<Value>| {
        alts.iter().all(|a| {
            a.as_object().is_some_and(|o| {
                o.contains_key("required")
                    && o.keys()
                        .all(|k| matches!(k.as_str(), "required" | "description" | "title"))
            })
        })
    };
    o.contains_key("enum")
        || o.contains_key("const")
        || o.contains_key("allOf")
        || ["oneOf", "anyOf"].iter().any(|k| {
            o.get(*k)
                .and_then(Value::as_array)
                .is_some_and(|a| !constraint_only(a))
        })
        || o.get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
}

/// Whether a schema says what its values are (anything but `{}`, an
/// object with no properties, or a list or map of such: those are any JSON,
/// as the vendor wrote).
/// Whether a body's schema documents data: not the value `null` alone
/// (`enum: [null]`, `const: null`, `type: "null"`), which is how some
/// generators say that a response's body carries nothing.
fn documents_data(docs: &Documents, schema: &Node<'_>) -> bool {
    let Ok(schema) = docs.follow(schema) else {
        return true;
    };
    let null_only = schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|v| !v.is_empty() && v.iter().all(Value::is_null))
        || schema.get("const").is_some_and(Value::is_null)
        || schema.get("type").and_then(Value::as_str) == Some("null");
    !null_only
}

fn has_type(docs: &Documents, schema: &Node<'_>) -> bool {
    has_type_within(docs, schema, 8)
}

fn has_type_within(docs: &Documents, schema: &Node<'_>, depth: usize) -> bool {
    let Ok(schema) = docs.follow(schema) else {
        return true;
    };
    let Some(o) = schema.as_object() else {
        return false;
    };
    if depth == 0 {
        return true;
    }
    let structural = |k: &str| {
        matches!(
            k,
            "type"
                | "properties"
                | "additionalProperties"
                | "items"
                | "enum"
                | "const"
                | "oneOf"
                | "anyOf"
                | "allOf"
                | "format"
                | "$ref"
        )
    };
    if !o.keys().any(|k| structural(k)) {
        return false;
    }
    let composed = ["allOf", "oneOf", "anyOf", "enum", "const"]
        .iter()
        .any(|k| o.contains_key(*k));
    if composed {
        return true;
    }
    match o.get("type").and_then(Value::as_str) {
        Some("array") => schema
            .child("items")
            .is_some_and(|items| has_type_within(docs, &items, depth - 1)),
        Some("object") => {
            let properties = o
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty());
            properties
                || schema
                    .child("additionalProperties")
                    .filter(|a| a.value.is_object())
                    .is_some_and(|a| has_type_within(docs, &a, depth - 1))
        }
        _ => true,
    }
}

/// The properties of an object schema (own, and of `allOf` members given
/// inline), with their places.
fn properties(docs: &Documents, schema: &Node<'_>) -> Vec<(String, Place, bool)> {
    let mut out = Vec::new();
    if let Some(props) = schema.child("properties") {
        for (name, prop) in props.entries() {
            let typed = has_type(docs, &prop);
            out.push((name.to_owned(), (prop.doc, prop.at.clone()), typed));
        }
    }
    out
}

fn params(docs: &Documents, item: &Node<'_>, op: &Node<'_>) -> Vec<VendorParam> {
    let mut out: Vec<VendorParam> = Vec::new();
    for list in [item.child("parameters"), op.child("parameters")]
        .into_iter()
        .flatten()
    {
        for p in list.items() {
            let p = docs.follow(&p).unwrap_or(p);
            let name = p.str("name").unwrap_or_default().to_owned();
            let location = p.str("in").unwrap_or_default().to_owned();
            let schema = p.child("schema").and_then(|s| docs.follow(&s).ok());
            let typed = schema.as_ref().is_none_or(|s| has_type(docs, s));
            let enum_at = schema
                .as_ref()
                .filter(|s| s.get("enum").is_some_and(Value::is_array))
                .map(|s| (s.doc, s.at.clone()));
            out.retain(|q| !(q.name == name && q.location == location));
            out.push(VendorParam {
                place: (p.doc, p.at.clone()),
                name,
                location,
                typed,
                enum_at,
            });
        }
    }
    out
}

fn body(docs: &Documents, body: &Node<'_>) -> Option<VendorBody> {
    let body = docs.follow(body).ok()?;
    let content = body.child("content")?;
    let entries = content.entries();
    if entries.is_empty() {
        return None;
    }
    let (media, entry) = body_media(&content)?;
    let schema = entry.child("schema").and_then(|s| docs.follow(&s).ok());
    let rank = body_rank(&media);
    let fields = match &schema {
        Some(schema) if rank < 3 => properties(docs, schema),
        _ => Vec::new(),
    };
    Some(VendorBody {
        place: (body.doc, body.at.clone()),
        required: match (body.is_true("required"), &schema) {
            (true, _) => Some(true),
            (false, Some(s))
                if s.get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|r| !r.is_empty()) =>
            {
                None
            }
            (false, _) => Some(false),
        },
        fields,
        form_schema: schema
            .filter(|_| matches!(rank, 1 | 2))
            .map(|s| (s.doc, s.at)),
    })
}

/// How a client would send a body of this media type: JSON, multipart
/// form, urlencoded form, or bytes.
fn body_rank(media: &str) -> u8 {
    let m = media.to_ascii_lowercase();
    if is_json(&m) {
        0
    } else if m.starts_with("multipart/form-data") {
        1
    } else if m.starts_with("application/x-www-form-urlencoded") {
        2
    } else {
        3
    }
}

/// The media a client sends a body as: JSON first, then forms, then bytes,
/// each by name.
fn body_media<'d>(content: &Node<'d>) -> Option<(String, Node<'d>)> {
    content
        .entries()
        .into_iter()
        .min_by_key(|(m, _)| (body_rank(m), m.to_string()))
        .map(|(m, n)| (m.to_owned(), n))
}

/// The media a client reads a response as: JSON first, by name.
fn response_media<'d>(content: &Node<'d>) -> Option<(String, Node<'d>)> {
    content
        .entries()
        .into_iter()
        .min_by_key(|(m, _)| (!is_json(m), m.to_string()))
        .map(|(m, n)| (m.to_owned(), n))
}

fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or_default().trim();
    m == "application/json"
        || m.ends_with("+json")
        || m == "text/json"
        || m == "*/*"
        || m == "application/*"
}

/// The responses with a JSON schema: successes (2xx, `2XX`) or errors
/// (4xx, 5xx, `4XX`, `5XX`, `default`).
fn responses(docs: &Documents, op: &Node<'_>, success: bool) -> Vec<VendorResponse> {
    let mut out = Vec::new();
    let Some(responses) = op.child("responses") else {
        return out;
    };
    for (code, response) in responses.entries() {
        if !is_counted(code, success) {
            continue;
        }
        let Ok(response) = docs.follow(&response) else {
            let place = (response.doc, response.at.clone());
            out.push(VendorResponse {
                code: code.to_owned(),
                schema: place.clone(),
                place,
                typed: true,
            });
            continue;
        };
        let Some(content) = response.child("content") else {
            continue;
        };
        let json = response_media(&content)
            .filter(|(m, _)| is_json(m))
            .and_then(|(_, e)| e.child("schema"));
        if let Some(schema) = json.filter(|s| documents_data(docs, s)) {
            out.push(VendorResponse {
                code: code.to_owned(),
                place: (response.doc, response.at.clone()),
                schema: (schema.doc, schema.at.clone()),
                typed: has_type(docs, &schema),
            });
        }
    }
    out
}

/// Whether a response key is a success (2xx, `2XX`) or an error (4xx,
/// 5xx, `4XX`, `5XX`, `default`) the census counts; redirects and
/// informational responses are not a client's to read.
fn is_counted(code: &str, success: bool) -> bool {
    let class = code.chars().next().unwrap_or(' ');
    if success {
        class == '2'
    } else {
        matches!(class, '4' | '5') || code == "default"
    }
}

/// The alternatives of a requirement, without the empty one (credentials
/// optional), when any remains.
fn security(requirement: &Node<'_>) -> Option<(Vec<BTreeSet<String>>, Place)> {
    let alternatives: Vec<BTreeSet<String>> = requirement
        .value
        .as_array()?
        .iter()
        .filter_map(Value::as_object)
        .filter(|o| !o.is_empty())
        .map(|o| o.keys().cloned().collect())
        .collect();
    (!alternatives.is_empty()).then(|| (alternatives, (requirement.doc, requirement.at.clone())))
}

/// What happened to one construct.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Typed,
    Approximated(String),
    Lost(String),
}

/// One category's counts.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Category {
    pub name: String,
    /// Constructs the vendor documents.
    pub source: usize,
    /// Carried typed.
    pub typed: usize,
    /// Carried, approximated: how, and how many.
    pub approximated: BTreeMap<String, usize>,
    /// Not carried: why, and how many.
    pub lost: BTreeMap<String, usize>,
    /// Each approximated or lost construct: file, JSON pointer, what.
    pub items: Vec<(PathBuf, String, String)>,
}

impl Category {
    /// The share carried typed, in percent (100 when the vendor documents
    /// none).
    pub fn fidelity(&self) -> f64 {
        if self.source == 0 {
            100.0
        } else {
            self.typed as f64 * 100.0 / self.source as f64
        }
    }

    pub fn approximated_count(&self) -> usize {
        self.approximated.values().sum()
    }

    pub fn lost_count(&self) -> usize {
        self.lost.values().sum()
    }
}

/// The census of one import.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Census {
    pub categories: Vec<Category>,
}

impl Census {
    /// The categories under `min` percent typed, with their counts.
    pub fn below(&self, min: f64) -> Vec<(String, String)> {
        self.categories
            .iter()
            .filter(|c| c.fidelity() < min)
            .map(|c| {
                (
                    c.name.clone(),
                    format!("{} of {} typed ({:.1}%)", c.typed, c.source, c.fidelity()),
                )
            })
            .collect()
    }

    /// The category named `name`.
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.name == name)
    }

    /// The table: a line per category, then the reasons.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<22} {:>9} {:>7} {:>8} {:>6} {:>8}\n",
            "census", "in source", "typed", "approx.", "lost", "typed %"
        );
        for c in &self.categories {
            let _ = writeln!(
                out,
                "{:<22} {:>9} {:>7} {:>8} {:>6} {:>7.1}%",
                c.name,
                c.source,
                c.typed,
                c.approximated_count(),
                c.lost_count(),
                c.fidelity()
            );
        }
        for c in &self.categories {
            for (how, n) in &c.approximated {
                let _ = writeln!(out, "  {} approximated {n:>5}: {how}", c.name);
            }
            for (why, n) in &c.lost {
                let _ = writeln!(out, "  {} lost {n:>5}: {why}", c.name);
            }
        }
        out
    }

    /// The census as Markdown: the table, then every approximated or lost
    /// construct at its place.
    pub fn render_markdown(&self) -> String {
        let mut out = String::from("## Census\n\nWhat the vendor documents, against what arrived.\n\n| category | in source | typed | approximated | lost | typed % |\n|---|---:|---:|---:|---:|---:|\n");
        for c in &self.categories {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {:.1}% |",
                c.name,
                c.source,
                c.typed,
                c.approximated_count(),
                c.lost_count(),
                c.fidelity()
            );
        }
        for c in self.categories.iter().filter(|c| !c.items.is_empty()) {
            let _ = write!(
                out,
                "\n### {}: approximated or lost\n\n| file | where | what |\n|---|---|---|\n",
                c.name
            );
            for (file, at, what) in &c.items {
                let _ = writeln!(
                    out,
                    "| `{}` | `{}` | {} |",
                    file.display(),
                    if at.is_empty() { "/" } else { at },
                    what.replace('|', "\\|").replace('\n', " ")
                );
            }
        }
        out
    }
}

/// Compares what the vendor documents with the spec values that arrived.
pub fn compare(
    reading: &Reading,
    spec: &ApiSpec,
    origins: &Origins,
    paths: &[PathBuf],
    report: &Report,
) -> Census {
    let judge = Judge::new(report, paths, &origins.same_as);
    let mut tally: BTreeMap<&str, Category> = CATEGORIES
        .iter()
        .map(|c| {
            (
                *c,
                Category {
                    name: (*c).to_owned(),
                    ..Category::default()
                },
            )
        })
        .collect();
    let mut count = |category: &str, place: &Place, outcome: Outcome| {
        let c = tally.get_mut(category).expect("a listed category");
        c.source += 1;
        let file = paths.get(place.0).cloned().unwrap_or_default();
        match outcome {
            Outcome::Typed => c.typed += 1,
            Outcome::Approximated(how) => {
                *c.approximated.entry(general(&how)).or_default() += 1;
                c.items
                    .push((file, place.1.clone(), format!("approximated: {how}")));
            }
            Outcome::Lost(why) => {
                *c.lost.entry(general(&why)).or_default() += 1;
                c.items
                    .push((file, place.1.clone(), format!("lost: {why}")));
            }
        }
    };
    let op_by_place: BTreeMap<&Place, &str> = origins
        .operations
        .iter()
        .map(|(name, place)| (place, name.as_str()))
        .collect();
    let type_at = |place: &Place| -> Option<&str> {
        origins
            .places
            .get(place)
            .or_else(|| origins.places.get(&translate(place, &origins.same_as)?))
            .map(String::as_str)
    };
    let mut enum_params: BTreeSet<&Place> = BTreeSet::new();
    // The schemas of form bodies that arrived: carried as the forms' fields.
    let mut form_schemas: BTreeSet<&Place> = BTreeSet::new();
    for vop in &reading.operations {
        let op = op_by_place
            .get(&vop.place)
            .and_then(|name| spec.operations.get(*name));
        let Some(op) = op else {
            let why = judge.lost(&vop.place);
            count("operations", &vop.place, Outcome::Lost(why.clone()));
            for p in &vop.params {
                count("parameters", &p.place, Outcome::Lost(why.clone()));
            }
            if let Some(b) = &vop.body {
                count("request bodies", &b.place, Outcome::Lost(why.clone()));
                for (_, place, _) in &b.fields {
                    count("request body fields", place, Outcome::Lost(why.clone()));
                }
            }
            for r in &vop.successes {
                count("success bodies", &r.place, Outcome::Lost(why.clone()));
            }
            for r in &vop.errors {
                count("error bodies", &r.place, Outcome::Lost(why.clone()));
            }
            if let Some((_, place)) = &vop.security {
                count("security requirements", place, Outcome::Lost(why.clone()));
            }
            continue;
        };
        count("operations", &vop.place, Outcome::Typed);
        for p in &vop.params {
            let carried = inputs(op).find(|(key, q)| {
                q.name.as_deref().unwrap_or(key) == p.name && location_is(q.location, &p.location)
            });
            let outcome = match carried {
                Some((_, q)) => {
                    if p.enum_at.is_some() && (q.values.is_some() || is_named(&q.ty)) {
                        if let Some(at) = &p.enum_at {
                            enum_params.insert(at);
                        }
                    }
                    judge.carried(&p.place, p.typed && is_untyped(&q.ty), "sent as any JSON")
                }
                None if judge.by_client(&p.place) => Outcome::Typed,
                None => Outcome::Lost(judge.lost(&p.place)),
            };
            count("parameters", &p.place, outcome);
        }
        if let Some(b) = &vop.body {
            // Optional where the vendor's is, required where it is: a body
            // always sent where the vendor lets a request go without one
            // (or the reverse) is not the vendor's.
            let outcome = match &op.body {
                Some(sent) if b.required.is_some_and(|r| r != sent.required) => judge.carried(
                    &b.place,
                    true,
                    if sent.required {
                        "an optional body: always sent"
                    } else {
                        "a required body: may be left out"
                    },
                ),
                Some(_) => judge.carried(&b.place, false, ""),
                None => Outcome::Lost(judge.lost(&b.place)),
            };
            if op.body.is_some() {
                form_schemas.extend(b.form_schema.as_ref());
            }
            count("request bodies", &b.place, outcome);
            for (name, place, typed) in &b.fields {
                let outcome = match body_field(spec, op, name) {
                    Some(ty) => judge.carried(place, *typed && is_untyped(ty), "read as any JSON"),
                    None => Outcome::Lost(judge.lost(place)),
                };
                count("request body fields", place, outcome);
            }
        }
        for (category, list, body) in [
            (
                "success bodies",
                &vop.successes,
                success_body as for<'s> fn(&'s OperationSpec, &str) -> Option<&'s str>,
            ),
            ("error bodies", &vop.errors, error_body),
        ] {
            for r in list {
                let outcome = match body(op, &r.code) {
                    Some(ty) => {
                        judge.carried(&r.schema, r.typed && is_untyped(ty), "read as any JSON")
                    }
                    None => Outcome::Lost(judge.lost(&r.place)),
                };
                count(category, &r.place, outcome);
            }
        }
        if let Some((alternatives, place)) = &vop.security {
            // What the operation is signed with: its own requirement, the
            // API's, or else any one of the API's schemes.
            let carried: Vec<BTreeSet<String>> =
                match op.security.as_ref().or(spec.security.as_ref()) {
                    Some(alts) => alts.iter().map(|a| a.iter().cloned().collect()).collect(),
                    None => spec
                        .security_schemes
                        .keys()
                        .map(|k| BTreeSet::from([k.clone()]))
                        .collect(),
                };
            let missing = alternatives.iter().filter(|a| !carried.contains(a)).count();
            let outcome = if op.auth.is_some() || missing == alternatives.len() {
                Outcome::Lost(judge.lost(place))
            } else if missing > 0 {
                Outcome::Approximated(judge.how(place).unwrap_or_else(|| {
                    "some of the schemes the vendor accepts were left out".to_owned()
                }))
            } else {
                judge.carried(place, false, "")
            };
            count("security requirements", place, outcome);
        }
    }
    for schema in &reading.schemas {
        if schema.is_enum {
            // Counted with the enums below.
            continue;
        }
        let declared = type_at(&schema.place);
        if declared.is_none() && form_schemas.contains(&schema.place) {
            // Sent as a form's fields (counted with the request body
            // fields too), with what the report says of each.
            count(
                "schemas",
                &schema.place,
                judge.carried(&schema.place, false, ""),
            );
            for (_, place, _) in &schema.fields {
                count("schema fields", place, judge.carried(place, false, ""));
            }
            continue;
        }
        let fields = declared.and_then(|n| spec.schemas.get(n));
        // A union of a few values each is carried as one enum.
        let as_enum = declared.is_some_and(|n| spec.enums.contains_key(n));
        let outcome = match (declared, fields) {
            (Some(_), Some(_)) => judge.carried(&schema.place, false, ""),
            _ if as_enum => judge.carried(&schema.place, false, ""),
            // Read as another type wherever it is used (a union of one
            // alternative): carried as that type.
            (Some(ty), None) => judge.carried(&schema.place, is_untyped(ty), "read as any JSON"),
            (None, _) => Outcome::Lost(judge.lost(&schema.place)),
        };
        count("schemas", &schema.place, outcome);
        for (name, place, typed) in &schema.fields {
            let outcome = match fields.and_then(|s| s.fields.get(name)) {
                Some(f) => judge.carried(place, *typed && is_untyped(&f.ty), "read as any JSON"),
                None => Outcome::Lost(judge.lost(place)),
            };
            count("schema fields", place, outcome);
        }
    }
    for place in &reading.enums {
        let declared = type_at(place).is_some_and(|n| spec.enums.contains_key(n));
        let outcome = if declared || enum_params.contains(place) {
            judge.carried(place, false, "")
        } else {
            match judge.how(place) {
                Some(how) => Outcome::Approximated(how),
                None => Outcome::Lost(judge.lost(place)),
            }
        };
        count("enums", place, outcome);
    }
    Census {
        categories: CATEGORIES
            .iter()
            .map(|c| tally.remove(c).expect("a listed category"))
            .collect(),
    }
}

fn location_is(location: ParamLocation, vendor: &str) -> bool {
    matches!(
        (location, vendor),
        (ParamLocation::Path, "path")
            | (ParamLocation::Query, "query")
            | (ParamLocation::Header, "header")
    )
}

fn is_untyped(expr: &str) -> bool {
    Ty::parse(expr).is_some_and(|t| t.is_untyped())
}

fn is_named(expr: &str) -> bool {
    matches!(Ty::parse(expr).as_ref().map(Ty::item), Some(Ty::Named(_)))
}

/// Every input of an operation: its params, and those of its body's
/// alternatives (an overlay may move inputs into a `one_of`).
pub(crate) fn inputs(op: &OperationSpec) -> impl Iterator<Item = (&String, &ParamSpec)> {
    op.params.iter().chain(
        op.body
            .iter()
            .flat_map(|b| b.one_of.iter())
            .flat_map(|o| o.alternatives.values())
            .flat_map(|a| a.params.iter()),
    )
}

/// The type of a body field as the operation sends it: an input of the
/// body, or a field of the body's schema.
fn body_field<'s>(spec: &'s ApiSpec, op: &'s OperationSpec, name: &str) -> Option<&'s str> {
    let input = op.params.iter().find(|(key, p)| {
        matches!(p.location, ParamLocation::Body | ParamLocation::Form)
            && p.name.as_deref().unwrap_or(key) == name
    });
    if let Some((_, p)) = input {
        return Some(&p.ty);
    }
    let alternative = op
        .body
        .iter()
        .flat_map(|b| b.one_of.iter())
        .flat_map(|o| o.alternatives.values())
        .flat_map(|a| a.params.iter())
        .find(|(key, p)| p.name.as_deref().unwrap_or(key) == name);
    if let Some((_, p)) = alternative {
        return Some(&p.ty);
    }
    let ty = op.body.as_ref()?.ty.as_deref()?;
    schema_field(spec, ty, name, 0)
}

/// A field of a schema or of the schemas it extends.
fn schema_field<'s>(spec: &'s ApiSpec, ty: &str, name: &str, depth: usize) -> Option<&'s str> {
    let schema = spec.schemas.get(ty)?;
    if let Some(f) = schema.fields.get(name) {
        return Some(&f.ty);
    }
    if depth > 16 {
        return None;
    }
    schema
        .all_of
        .iter()
        .find_map(|parent| schema_field(spec, parent, name, depth + 1))
}

fn success_body<'s>(op: &'s OperationSpec, code: &str) -> Option<&'s str> {
    let status: u16 = match code {
        "2XX" | "2xx" => 200,
        _ => code.parse().ok()?,
    };
    op.response
        .iter()
        .chain(op.responses.iter().flatten())
        .find(|r| r.status == status)
        .and_then(|r| {
            r.body
                .as_deref()
                .or_else(|| r.stream.as_ref().map(|_| "stream"))
        })
}

fn error_body<'s>(op: &'s OperationSpec, code: &str) -> Option<&'s str> {
    let status = match code.parse::<u16>() {
        Ok(s) => ErrorStatus::Exact(s),
        Err(_) => ErrorStatus::parse(code)?,
    };
    op.errors
        .list
        .iter()
        .find(|e| e.status == status)
        .and_then(|e| e.body.as_deref().or(op.errors.body.as_deref()))
}

/// The report's words about a construct.
struct Judge<'a> {
    report: &'a Report,
    paths: &'a [PathBuf],
    same_as: &'a BTreeMap<Place, Place>,
    /// The report's entries by document and pointer, so that the entries
    /// at and below a place are one range, not a scan of the report.
    index: BTreeMap<(usize, &'a str), Vec<&'a super::report::Entry>>,
}

/// A place inside a component read as another file's identical one, as
/// the place in that one.
fn translate(place: &Place, same_as: &BTreeMap<Place, Place>) -> Option<Place> {
    same_as.iter().find_map(|(from, to)| {
        let rest = place.1.strip_prefix(&from.1)?;
        (place.0 == from.0 && (rest.is_empty() || rest.starts_with('/')))
            .then(|| (to.0, format!("{}{rest}", to.1)))
    })
}

impl<'a> Judge<'a> {
    fn new(
        report: &'a Report,
        paths: &'a [PathBuf],
        same_as: &'a BTreeMap<Place, Place>,
    ) -> Judge<'a> {
        let docs: std::collections::HashMap<&Path, usize> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_path(), i))
            .collect();
        let mut index: BTreeMap<(usize, &str), Vec<&super::report::Entry>> = BTreeMap::new();
        for e in &report.entries {
            if let Some(doc) = docs.get(e.file.as_path()) {
                index.entry((*doc, e.pointer.as_str())).or_default().push(e);
            }
        }
        Judge {
            report,
            paths,
            same_as,
            index,
        }
    }

    /// The report's entries about a construct: at its place or below, but
    /// not those of the object fields nested in it (they are counted as
    /// fields of their own).
    fn entries<'e>(
        &'e self,
        place: &'e Place,
    ) -> impl Iterator<Item = &'e super::report::Entry> + 'e {
        let places: Vec<Place> = std::iter::once(place.clone())
            .chain(translate(place, self.same_as))
            .collect();
        places.into_iter().flat_map(move |(doc, at)| {
            // Pointers with `at` as their prefix are one run of the index.
            let below: Vec<&'e super::report::Entry> = self
                .index
                .range((doc, at.as_str())..)
                .take_while(|((d, p), _)| *d == doc && p.starts_with(at.as_str()))
                .filter(|((_, p), _)| {
                    let rest = &p[at.len()..];
                    rest.is_empty() || (rest.starts_with('/') && !rest.contains("/properties/"))
                })
                .flat_map(|(_, list)| list.iter().copied())
                .collect();
            below
        })
    }

    /// Why a construct is missing: the report's loss at its place, else
    /// that nothing read it.
    fn lost(&self, place: &Place) -> String {
        let worst = self
            .entries(place)
            .filter(|e| e.kind.is_loss())
            .min_by_key(|e| (e.kind != Kind::Skipped, e.pointer.len()));
        if let Some(e) = worst {
            return e.message.clone();
        }
        // Inside alternatives the importer read as constraints of the
        // object around them: the entry about the alternatives says so.
        let file: &Path = self
            .paths
            .get(place.0)
            .map_or(Path::new(""), |p| p.as_path());
        let around = self.report.entries.iter().find(|e| {
            e.file == file
                && (e.pointer.ends_with("/oneOf") || e.pointer.ends_with("/anyOf"))
                && place.1.starts_with(&format!("{}/", e.pointer))
        });
        match around {
            Some(e) => e.message.clone(),
            None => "nothing read it: a construct the importer does not know".to_owned(),
        }
    }

    /// Whether the client sends it itself (an `Authorization` header).
    fn by_client(&self, place: &Place) -> bool {
        self.entries(place).any(|e| e.kind == Kind::ByClient)
    }

    /// How a construct that arrived was approximated, if it was.
    fn how(&self, place: &Place) -> Option<String> {
        self.entries(place)
            .filter(|e| e.kind.is_loss() || e.kind == Kind::Approximated)
            .min_by_key(|e| e.pointer.len())
            .map(|e| e.message.clone())
    }

    /// A construct that arrived: typed, unless the report says how it was
    /// approximated or it arrived as any JSON (`untyped`, said `what`).
    fn carried(&self, place: &Place, untyped: bool, what: &str) -> Outcome {
        match self.how(place) {
            Some(how) => Outcome::Approximated(how),
            None if untyped => Outcome::Approximated(what.to_owned()),
            None => Outcome::Typed,
        }
    }
}

/// A reason with the names in it left out (`` `X` `` → `` `…` ``), so that
/// one kind of problem is one line.
fn general(reason: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in reason.chars() {
        if c == '`' {
            if !inside {
                out.push_str("`…`");
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}
