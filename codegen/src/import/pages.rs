//! Vendor doc pages (Markdown, one page per event, each with a JSON schema
//! block and example payloads) → a group file holding the API's `webhooks`
//! and their payload types.
//!
//! Each page becomes an OpenAPI 3.1 webhook of an in-memory document (the
//! page's first paragraph its description, its `json_schema` block its
//! body's schema, its other JSON blocks its examples), which the OpenAPI
//! import then reads as any vendor file: a schema defect costs the field it
//! is in (`"type": "Date"` included), never the page, and a page that cannot
//! be read fully is reported with its line. The report names each page
//! file, and pointers inside its schema block.

use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::{json, Map, Value};

use super::documents::{token, Documents};
use super::report::{Kind, Report};
use super::ImportOptions;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// What to read, and where the events go.
#[derive(Debug, Clone, Default)]
pub struct PagesOptions {
    /// The directory of pages (`*.md`, one event each).
    pub dir: PathBuf,
    /// The API the events belong to (`highlevel`).
    pub api: String,
    /// The group file's name (`webhooks`: `webhooks.yaml`).
    pub group: String,
    /// Corrections (an Overlay on our spec: `$.webhooks.signature`...).
    pub overlay: Option<PathBuf>,
    /// The command that re-imports, for the file's header.
    pub command: String,
}

/// The group file, its report, and counts.
#[derive(Debug, Clone)]
pub struct ImportedPages {
    /// File name and text.
    pub file: (String, String),
    pub report: Report,
    /// Pages read.
    pub pages: usize,
    /// Events written.
    pub events: usize,
}

/// One page, read.
struct Page {
    name: String,
    description: Option<String>,
    schema: Option<Value>,
    examples: Vec<Value>,
}

/// Reads the pages of `options.dir` into the API's webhooks group.
pub fn import_pages(options: &PagesOptions) -> Result<ImportedPages, Diagnostics> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&options.dir)
        .map_err(|e| {
            Diagnostics(vec![about(
                &options.dir,
                format!("cannot read the pages: {e}"),
            )])
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Diagnostics(vec![about(
            &options.dir,
            "no `.md` page in the directory".into(),
        )]));
    }
    let mut report = Report::default();
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    for path in &paths {
        match std::fs::read_to_string(path) {
            Ok(text) => pages.push(read_page(path, &text, &mut report)),
            Err(e) => problems.push(about(path, format!("cannot read the page: {e}"))),
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }

    // The pages as the webhooks of one OpenAPI 3.1 document.
    let mut hooks = Map::new();
    for page in &pages {
        let mut media = Map::new();
        if let Some(schema) = &page.schema {
            let mut schema = schema.clone();
            // The page's words describe its payload too.
            if let (Some(object), Some(d)) = (schema.as_object_mut(), &page.description) {
                object.entry("description").or_insert_with(|| json!(d));
            }
            media.insert("schema".into(), schema);
        }
        if !page.examples.is_empty() {
            let examples: Map<String, Value> = page
                .examples
                .iter()
                .enumerate()
                .map(|(i, e)| (format!("{}", i + 1), json!({ "value": e })))
                .collect();
            media.insert("examples".into(), Value::Object(examples));
        }
        let mut post = Map::new();
        if let Some(d) = &page.description {
            post.insert("description".into(), json!(d));
        }
        post.insert(
            "requestBody".into(),
            json!({"content": {"application/json": media}}),
        );
        hooks.insert(page.name.clone(), json!({ "post": post }));
    }
    let document = json!({
        "openapi": "3.1.0",
        "info": {"title": options.api, "version": "pages"},
        "paths": {},
        "webhooks": hooks,
    });
    let docs = Documents::from_parsed(vec![(options.dir.clone(), document)]);
    let import_options = ImportOptions {
        files: vec![options.dir.clone()],
        api: options.api.clone(),
        overlay: options.overlay.clone(),
        command: options.command.clone(),
        origin: super::Origin::Pages,
        ..ImportOptions::default()
    };
    let imported = super::import_documents(docs, &import_options)?;

    // One group file: the webhooks, and the types their payloads use.
    let mut group = Map::new();
    for (_, text) in &imported.files {
        let value: Value = serde_yaml::from_str(text).map_err(|e| {
            Diagnostics(vec![about(
                &options.dir,
                format!("the imported spec does not read back: {e}"),
            )])
        })?;
        for section in ["webhooks", "enums", "schemas"] {
            if let Some(Value::Object(entries)) = value.get(section) {
                let slot = group
                    .entry(section)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(slot) = slot {
                    slot.extend(entries.clone());
                }
            }
        }
    }
    let events = group
        .get("webhooks")
        .and_then(|w| w.get("events"))
        .and_then(Value::as_object)
        .map_or(0, Map::len);
    let header = format!(
        "Group `{}` of the API `{}`: its webhooks, read from the vendor's pages in\n{}\nby `apigen import pages`{}. Do not edit: change the overlay and re-run\n  {}",
        options.group,
        options.api,
        options.dir.display(),
        match &options.overlay {
            Some(o) => format!(", with the corrections of {}", o.display()),
            None => String::new(),
        },
        options.command
    );
    let text = super::yaml::write(&header, &Value::Object(group));
    for entry in imported.report.entries {
        // The in-memory document's own `info` and `servers` are ours, not
        // the vendor's: nothing to report about them.
        if entry.file == options.dir
            && (entry.pointer.starts_with("/info") || entry.pointer.starts_with("/servers"))
        {
            continue;
        }
        let (file, pointer) = page_of(&options.dir, &entry.file, &entry.pointer);
        report.add(&file, &pointer, entry.kind, entry.message);
    }
    report.events_found = imported.report.events_found;
    report.events_imported = imported.report.events_imported;
    Ok(ImportedPages {
        file: (format!("{}.yaml", options.group), text),
        report: report.sorted(),
        pages: pages.len(),
        events,
    })
}

fn about(path: &Path, message: String) -> Diagnostic {
    Diagnostic::about_file(path.display().to_string(), message, None)
}

/// Where an entry of the in-memory document is on the pages: the page, and
/// the pointer inside its schema block.
fn page_of(dir: &Path, file: &Path, pointer: &str) -> (PathBuf, String) {
    if file != dir {
        return (file.to_owned(), pointer.to_owned());
    }
    let Some(rest) = pointer.strip_prefix("/webhooks/") else {
        return (file.to_owned(), pointer.to_owned());
    };
    let (name, rest) = rest.split_once('/').unwrap_or((rest, ""));
    let name = name.replace("~1", "/").replace("~0", "~");
    let page = dir.join(format!("{name}.md"));
    let schema = "post/requestBody/content/application~1json/schema";
    let inner = if let Some(inside) = rest.strip_prefix(schema) {
        format!("json_schema#{inside}")
    } else if rest.starts_with("post/requestBody/content/application~1json/examples/") {
        format!("example {}", rest.rsplit('/').nth(1).unwrap_or(""))
    } else {
        String::new()
    };
    (page, inner)
}

/// The page's event: its title's first paragraph, its schema block and its
/// example blocks; what cannot be read is reported with its line.
fn read_page(path: &Path, text: &str, report: &mut Report) -> Page {
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let line_of = |offset: usize| text[..offset.min(text.len())].lines().count().max(1);
    let mut description = None;
    let mut schemas: Vec<SchemaBlock> = Vec::new();
    let mut examples = Vec::new();
    let mut after_title = false;
    let mut in_paragraph = false;
    let mut paragraph = String::new();
    // The heading the blocks stand under (`Schema`, `Example (Email)`).
    let mut heading = String::new();
    let mut in_heading = false;
    let mut block: Option<(String, usize, String)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                heading.clear();
            }
            Event::End(TagEnd::Heading(level)) => {
                in_heading = false;
                if level == HeadingLevel::H1 {
                    after_title = true;
                }
            }
            Event::Text(t) | Event::Code(t) if in_heading => heading.push_str(&t),
            Event::Start(Tag::Paragraph) if after_title && description.is_none() => {
                in_paragraph = true;
                paragraph.clear();
            }
            Event::End(TagEnd::Paragraph) if in_paragraph => {
                in_paragraph = false;
                let d = paragraph.trim().to_owned();
                if !d.is_empty() {
                    description = Some(d);
                }
            }
            Event::Text(t) | Event::Code(t) if in_paragraph => paragraph.push_str(&t),
            Event::SoftBreak if in_paragraph => paragraph.push(' '),
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                block = Some((info, line_of(range.start) + 1, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, _, body)) = &mut block {
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let Some((info, line, mut body)) = block.take() else {
                    continue;
                };
                let at = format!("line {line}");
                // A fence written ```json{ holds the JSON's first character.
                let info = match info.strip_prefix("json") {
                    Some(rest) if rest.starts_with(['{', '[']) => {
                        report.add(
                            path,
                            &at,
                            Kind::Repaired,
                            format!("the block's fence line holds the start of its JSON (`{rest}`): read as part of it"),
                        );
                        body = format!("{rest}\n{body}");
                        "json".to_owned()
                    }
                    _ => info,
                };
                let words: Vec<&str> = info.split_whitespace().collect();
                if !words
                    .first()
                    .is_some_and(|w| w.eq_ignore_ascii_case("json"))
                {
                    continue;
                }
                // The page's line of a position inside the block.
                let page_line = |e: &serde_json::Error| line + e.line();
                // serde_json's text without its own (block-relative) position.
                let what = |e: &serde_json::Error| {
                    let text = e.to_string();
                    text.split(" at line ")
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                };
                let marked = words.contains(&"json_schema");
                let value = match parse_block(&body) {
                    Ok((value, strict)) => {
                        if let Some(e) = strict {
                            report.add(
                                path,
                                &at,
                                Kind::Repaired,
                                format!(
                                    "the block is not strict JSON (line {}, column {}: {}): read with its trailing commas and comments left out",
                                    page_line(&e),
                                    e.column(),
                                    what(&e)
                                ),
                            );
                        }
                        value
                    }
                    Err(e) if marked => {
                        report.add(
                            path,
                            &at,
                            Kind::Approximated,
                            format!(
                                "the schema block is not JSON (line {}, column {}: {}): the payload is read as `json`",
                                page_line(&e),
                                e.column(),
                                what(&e)
                            ),
                        );
                        continue;
                    }
                    Err(e) => {
                        report.add(
                            path,
                            &at,
                            Kind::NotCarried,
                            format!(
                                "an example is not JSON (line {}, column {}: {}); left out",
                                page_line(&e),
                                e.column(),
                                what(&e)
                            ),
                        );
                        continue;
                    }
                };
                // A block marked as the schema, or one under a heading that
                // says so and reads as one: a JSON schema, or the fields'
                // type names in its place (`"email": "string"`).
                // The word itself: `Message Schema`, not `ObjectSchemaCreate`.
                let under_schema_heading = heading
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.eq_ignore_ascii_case("schema"));
                let read = if marked || under_schema_heading {
                    match as_schema(&value) {
                        Some(Schema::Json) => Ok(value),
                        Some(Schema::Sketched(schema)) => {
                            report.add(
                                path,
                                &at,
                                Kind::Repaired,
                                "the schema block gives each field's type name in place of a JSON schema (`\"email\": \"string\"`): read as the schema it sketches".into(),
                            );
                            Ok(schema)
                        }
                        // Marked, yet no schema: the import reports what it is.
                        None if marked => Ok(value),
                        None => Err(value),
                    }
                } else {
                    Err(value)
                };
                match read {
                    Ok(value) => schemas.push(SchemaBlock {
                        value,
                        at,
                        heading: heading.clone(),
                    }),
                    Err(example) => examples.push(example),
                }
            }
            _ => {}
        }
    }
    if description.is_none() {
        report.add(
            path,
            "",
            Kind::DocsFilledIn,
            "the page has no paragraph after its title".into(),
        );
    }
    if examples.is_empty() {
        report.add(
            path,
            "",
            Kind::NotCarried,
            "the page has no JSON example".into(),
        );
    }
    let mut schema = one_schema(path, schemas, report);
    if let Some(schema) = &mut schema {
        fit_examples(path, schema, &examples, report);
    }
    Page {
        name,
        description,
        schema,
        examples,
    }
}

/// Where the page's examples contradict its schema, the examples show what
/// the vendor sends (a list of addresses where the schema says a string):
/// such a field is read as any JSON, and a required field an example lacks
/// is optional, each reported. Checked: JSON types, objects' properties,
/// arrays' items; schemas of other kinds (`$ref`, unions, a `type` JSON has
/// not) are left to the import.
fn fit_examples(path: &Path, schema: &mut Value, examples: &[Value], report: &mut Report) {
    let mut misfits = std::collections::BTreeMap::new();
    let mut missing = std::collections::BTreeSet::new();
    for example in examples {
        misfit(schema, example, String::new(), &mut misfits, &mut missing);
    }
    for (pointer, (found, declared)) in &misfits {
        // One inside a field already widened needs nothing more.
        if misfits
            .keys()
            .any(|outer| outer != pointer && pointer.starts_with(&format!("{outer}/")))
        {
            continue;
        }
        if let Some(node) = schema.pointer_mut(pointer) {
            let description = node.get("description").cloned();
            *node = match description {
                Some(d) => json!({ "description": d }),
                None => json!({}),
            };
        }
        report.add(
            path,
            &format!("json_schema#{pointer}"),
            Kind::Approximated,
            format!("an example of the page gives {found} where the schema says `{declared}`: read as any JSON (`json`)"),
        );
    }
    for (pointer, name) in &missing {
        let Some(object) = schema.pointer_mut(pointer) else {
            continue;
        };
        if let Some(Value::Array(required)) = object.get_mut("required") {
            required.retain(|r| r.as_str() != Some(name));
        }
        if let Some(Value::Object(field)) =
            object.get_mut("properties").and_then(|p| p.get_mut(name))
        {
            field.remove("required");
        }
        report.add(
            path,
            &format!("json_schema#{pointer}/required"),
            Kind::Approximated,
            format!("an example of the page has no `{name}`, which the schema requires: optional"),
        );
    }
}

/// The places where `example` does not fit `schema` (pointer → what the
/// example gives and what the schema says), and the required fields it
/// lacks (the object's pointer, the field).
fn misfit(
    schema: &Value,
    example: &Value,
    at: String,
    misfits: &mut std::collections::BTreeMap<String, (String, String)>,
    missing: &mut std::collections::BTreeSet<(String, String)>,
) {
    let Some(declared) = schema.get("type") else {
        return;
    };
    let names: Vec<&str> = match declared {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return,
    };
    if example.is_null() || names.iter().any(|t| !TYPES.contains(t)) {
        return;
    }
    let fits = |t: &&str| match *t {
        "string" => example.is_string(),
        "integer" => example.is_i64() || example.is_u64(),
        "number" => example.is_number(),
        "boolean" => example.is_boolean(),
        "object" => example.is_object(),
        "array" => example.is_array(),
        _ => false,
    };
    if !names.iter().any(fits) {
        let found = match example {
            Value::String(_) => "a string",
            Value::Number(n) if n.is_f64() => "a fractional number",
            Value::Number(_) => "an integer",
            Value::Bool(_) => "a boolean",
            Value::Array(_) => "a list",
            _ => "an object",
        };
        misfits
            .entry(at)
            .or_insert_with(|| (found.to_owned(), names.join(" or ")));
        return;
    }
    match example {
        Value::Object(fields) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            // Listed in `required`, or marked `required: true` (draft 3).
            let listed = schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str);
            let marked = schema
                .as_object()
                .into_iter()
                .flat_map(super::openapi::schemas::marked_required);
            for name in listed.chain(marked) {
                if !fields.contains_key(name) {
                    missing.insert((at.clone(), name.to_owned()));
                }
            }
            let Some(properties) = properties else {
                return;
            };
            for (name, value) in fields {
                if let Some(property) = properties.get(name) {
                    let key = token(name);
                    misfit(
                        property,
                        value,
                        format!("{at}/properties/{key}"),
                        misfits,
                        missing,
                    );
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = schema.get("items") {
                for value in items {
                    misfit(item, value, format!("{at}/items"), misfits, missing);
                }
            }
        }
        _ => {}
    }
}

/// A schema block of a page: its JSON schema, where it is, and its heading.
struct SchemaBlock {
    value: Value,
    at: String,
    heading: String,
}

/// The page's payload schema from its schema blocks. Several blocks (one
/// per kind of delivery: `Message Schema`, `Email Message Schema`) are one
/// object with the fields of all, each required only where every block
/// requires it; a field the blocks type differently is read as any JSON.
/// Blocks that are not all objects: the first one, the others reported.
fn one_schema(path: &Path, mut blocks: Vec<SchemaBlock>, report: &mut Report) -> Option<Value> {
    if blocks.len() <= 1 {
        return blocks.pop().map(|b| b.value);
    }
    let objects: Option<Vec<&Map<String, Value>>> = blocks
        .iter()
        .map(|b| {
            b.value
                .as_object()
                .filter(|o| o.get("type") == Some(&json!("object")))
                .filter(|o| o.keys().all(|k| MERGEABLE.contains(&k.as_str())))
        })
        .collect();
    let Some(objects) = objects else {
        for block in &blocks[1..] {
            report.add(
                path,
                &block.at,
                Kind::NotCarried,
                "a second schema block on the page, not an object like the first: only the first is the event's payload".into(),
            );
        }
        return blocks.into_iter().next().map(|b| b.value);
    };
    let mut properties = Map::new();
    let mut differ = Vec::new();
    for object in &objects {
        let Some(Value::Object(fields)) = object.get("properties") else {
            continue;
        };
        for (name, field) in fields {
            match properties.get(name) {
                None => {
                    properties.insert(name.clone(), field.clone());
                }
                Some(seen) if seen == field => {}
                Some(_) => {
                    properties.insert(name.clone(), json!({}));
                    differ.push(name.clone());
                }
            }
        }
    }
    let required: Vec<Value> = objects
        .iter()
        .map(|o| {
            o.get("required")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
        .reduce(|all, next| all.into_iter().filter(|r| next.contains(r)).collect())
        .unwrap_or_default();
    let descriptions: Vec<&str> = objects
        .iter()
        .filter_map(|o| o.get("description").and_then(Value::as_str))
        .collect();
    let headings: Vec<String> = blocks.iter().map(|b| format!("`{}`", b.heading)).collect();
    report.add(
        path,
        &blocks[0].at,
        Kind::Repaired,
        format!(
            "{} schema blocks ({}), one for each kind of delivery: read as one object with the fields of all, required where every block requires them",
            blocks.len(),
            headings.join(", ")
        ),
    );
    differ.sort();
    differ.dedup();
    for name in &differ {
        report.add(
            path,
            &format!("json_schema#/properties/{}", token(name)),
            Kind::Approximated,
            "the schema blocks type this field differently: read as any JSON (`json`)".into(),
        );
    }
    let mut merged = Map::new();
    merged.insert("type".into(), json!("object"));
    if !descriptions.is_empty() {
        merged.insert("description".into(), json!(descriptions.join("\n\n")));
    }
    merged.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        merged.insert("required".into(), Value::Array(required));
    }
    Some(Value::Object(merged))
}

/// The keys of an object schema that [`one_schema`] merges; a block with any
/// other (`additionalProperties`, `allOf`...) is not merged.
const MERGEABLE: &[&str] = &[
    "type",
    "properties",
    "required",
    "description",
    "title",
    "$schema",
];

/// A code block's JSON: strictly, else leniently (trailing commas and
/// comments, which hand-written blocks of doc pages often have), with what
/// the strict reading found wrong.
fn parse_block(body: &str) -> Result<(Value, Option<serde_json::Error>), serde_json::Error> {
    let strict = match serde_json::from_str(body) {
        Ok(value) => return Ok((value, None)),
        Err(e) => e,
    };
    if body.trim().is_empty() {
        return Err(strict);
    }
    let lenient = jsonc_parser::ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        allow_loose_object_property_names: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_extended_string_escapes: false,
        allow_non_finite_numbers: false,
    };
    match jsonc_parser::parse_to_serde_value::<Value>(body, &lenient) {
        Ok(value) => Ok((value, Some(strict))),
        Err(_) => Err(strict),
    }
}

/// What a block meant as a schema is.
#[derive(Debug, PartialEq)]
enum Schema {
    /// A JSON schema.
    Json,
    /// The fields' type names in place of a schema, and the schema they
    /// sketch.
    Sketched(Value),
}

/// The keywords of a JSON schema (2020-12 and OpenAPI's), by which a block
/// is told from a sketch of type names.
const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "$defs",
    "$comment",
    "definitions",
    "type",
    "properties",
    "items",
    "prefixItems",
    "required",
    "description",
    "title",
    "enum",
    "const",
    "format",
    "additionalProperties",
    "patternProperties",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "nullable",
    "example",
    "examples",
    "default",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "readOnly",
    "writeOnly",
    "deprecated",
    "discriminator",
];

/// JSON's type names, as a JSON schema's `type` gives them.
const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "object", "array", "null",
];

/// `value` read as a schema: a JSON schema (an object of schema keywords
/// with a `type`, `properties`, `$ref` or combinator), or an object whose
/// every leaf is a JSON type name, which sketches one; `None` for anything
/// else (an example).
fn as_schema(value: &Value) -> Option<Schema> {
    let object = value.as_object()?;
    let shaped = ["type", "properties", "$ref", "oneOf", "anyOf", "allOf"]
        .iter()
        .any(|k| object.contains_key(*k));
    // A `type` of a JSON schema names JSON types (`{"type": "Thing"}` is
    // an example).
    let typed = match object.get("type") {
        None => true,
        Some(Value::String(t)) => TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .all(|t| t.as_str().is_some_and(|t| TYPES.contains(&t))),
        Some(_) => false,
    };
    if shaped && typed && object.keys().all(|k| KEYWORDS.contains(&k.as_str())) {
        return Some(Schema::Json);
    }
    if object.is_empty() {
        return None;
    }
    sketched(value).map(Schema::Sketched)
}

/// The schema a sketch of type names stands for: `"string"` (any JSON
/// type name, any case) its type, `["string"]` a list of it, an object its
/// fields, none of them required; `None` where any leaf is not a type name.
fn sketched(value: &Value) -> Option<Value> {
    match value {
        Value::String(name) => {
            let ty = name.to_ascii_lowercase();
            TYPES.contains(&ty.as_str()).then(|| json!({ "type": ty }))
        }
        Value::Array(items) => match items.as_slice() {
            [] => Some(json!({ "type": "array" })),
            [item] => Some(json!({ "type": "array", "items": sketched(item)? })),
            _ => None,
        },
        Value::Object(fields) => {
            let properties = fields
                .iter()
                .map(|(name, field)| Some((name.clone(), sketched(field)?)))
                .collect::<Option<Map<String, Value>>>()?;
            Some(json!({ "type": "object", "properties": properties }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pages of `pages` (file name, text) imported from a fresh directory.
    fn import(pages: &[(&str, &str)]) -> (Value, Report) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in pages {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let imported = import_pages(&PagesOptions {
            dir: dir.path().to_owned(),
            api: "vendor".into(),
            group: "webhooks".into(),
            overlay: None,
            command: "(test)".into(),
        })
        .unwrap_or_else(|e| panic!("{}", e.render()));
        let spec: Value = serde_yaml::from_str(&imported.file.1).unwrap();
        (spec, imported.report)
    }

    fn entries(report: &Report, kind: Kind) -> Vec<(String, String)> {
        report
            .entries
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| {
                let page = e.file.file_name().unwrap().to_string_lossy().into_owned();
                (page, e.message.clone())
            })
            .collect()
    }

    fn fields(spec: &Value, schema: &str) -> Vec<(String, String)> {
        spec["schemas"][schema]["fields"]
            .as_object()
            .unwrap_or_else(|| panic!("no schema {schema}: {spec:#?}"))
            .iter()
            .map(|(name, f)| (name.clone(), f["type"].as_str().unwrap().to_owned()))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// In name order, as [`fields`] gives them.
    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = list
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect();
        pairs.sort();
        pairs
    }

    const EXAMPLE: &str = "## Example\n\n```json\n{\"type\": \"Thing\", \"id\": \"t1\"}\n```\n";

    #[test]
    fn a_schema_block_with_trailing_commas_and_comments_is_read_and_reported() {
        let page = format!(
            "# Thing\n\nSent for a thing.\n\n## Schema\n\n```json json_schema\n{{\n  \"type\": \"object\", // the payload\n  \"properties\": {{\n    \"id\": {{\"type\": \"string\"}},\n    \"count\": {{\"type\": \"integer\"}},\n  }},\n}}\n```\n\n{EXAMPLE}"
        );
        let (spec, report) = import(&[("Thing.md", &page)]);
        assert_eq!(
            fields(&spec, "ThingEvent"),
            pairs(&[("count", "integer"), ("id", "string")])
        );
        assert_eq!(spec["webhooks"]["events"]["Thing"]["payload"], "ThingEvent");
        let repaired = entries(&report, Kind::Repaired);
        assert_eq!(repaired.len(), 1, "{repaired:?}");
        assert!(
            repaired[0]
                .1
                .starts_with("the block is not strict JSON (line 9, column")
                && repaired[0]
                    .1
                    .contains("read with its trailing commas and comments left out"),
            "{repaired:?}"
        );
    }

    #[test]
    fn a_schema_of_type_names_is_read_as_the_schema_it_sketches() {
        let page = format!(
            "# Thing\n\nSent for a thing.\n\n#### Schema\n\n```json\n{{\n  \"type\": \"string\",\n  \"id\": \"String\",\n  \"count\": \"integer\",\n  \"tags\": [\"string\"],\n  \"owner\": {{\"name\": \"string\", \"admin\": \"boolean\"}}\n}}\n```\n\n{EXAMPLE}"
        );
        let (spec, report) = import(&[("Thing.md", &page)]);
        assert_eq!(
            fields(&spec, "ThingEvent"),
            pairs(&[
                ("type", "string"),
                ("count", "integer"),
                ("id", "string"),
                ("owner", "ThingEventOwner"),
                ("tags", "string[]"),
            ])
        );
        assert_eq!(
            fields(&spec, "ThingEventOwner"),
            pairs(&[("admin", "boolean"), ("name", "string")])
        );
        assert_eq!(
            entries(&report, Kind::Repaired),
            pairs(&[("Thing.md", "the schema block gives each field's type name in place of a JSON schema (`\"email\": \"string\"`): read as the schema it sketches")])
        );
        // The sketch is not an example: the one example is the page's.
        let examples = spec["webhooks"]["events"]["Thing"]["examples"]
            .as_array()
            .unwrap();
        assert_eq!(examples.len(), 1, "{examples:?}");
    }

    #[test]
    fn a_title_with_schema_in_a_word_is_no_schema_heading() {
        // A sketch-like example right under the title `SchemaChange`.
        let page = "# SchemaChange\n\nSent when a schema changes.\n\n```json\n{\"type\": \"string\", \"name\": \"string\"}\n```\n";
        let (spec, report) = import(&[("SchemaChange.md", page)]);
        assert_eq!(
            spec["webhooks"]["events"]["SchemaChange"]["payload"],
            "json"
        );
        assert!(entries(&report, Kind::Repaired).is_empty());
    }

    #[test]
    fn a_block_under_a_schema_heading_that_is_neither_stays_an_example() {
        // Values that are not type names: an example, whatever its heading.
        let page = "# Thing\n\nSent for a thing.\n\n## Schema\n\n```json\n{\"type\": \"Thing\", \"id\": \"t1\"}\n```\n";
        let (spec, report) = import(&[("Thing.md", page)]);
        assert_eq!(spec["webhooks"]["events"]["Thing"]["payload"], "json");
        assert!(entries(&report, Kind::Repaired).is_empty());
        assert!(entries(&report, Kind::Approximated)
            .iter()
            .any(|(_, m)| m.contains("gives no schema")));
        assert_eq!(
            spec["webhooks"]["events"]["Thing"]["examples"]
                .as_array()
                .map(Vec::len),
            Some(1)
        );
    }

    #[test]
    fn several_object_schemas_are_one_object_with_the_fields_of_all() {
        let block = |props: &str, required: &str| {
            format!("```json json_schema\n{{\"type\": \"object\", \"required\": [{required}], \"properties\": {{{props}}}}}\n```\n")
        };
        let page = format!(
            "# Message\n\nSent for a message.\n\n## Message Schema\n\n{}\n## Email Schema\n\n{}\n{EXAMPLE}",
            block(
                r#""type": {"type": "string"}, "body": {"type": "string"}, "size": {"type": "integer"}"#,
                r#""type", "body""#
            ),
            block(
                r#""type": {"type": "string"}, "subject": {"type": "string"}, "size": {"type": "string"}"#,
                r#""type""#
            ),
        );
        let (spec, report) = import(&[("Message.md", &page)]);
        let schema = &spec["schemas"]["MessageEvent"]["fields"];
        assert_eq!(
            fields(&spec, "MessageEvent"),
            pairs(&[
                ("type", "string"),
                ("body", "string"),
                ("size", "json"),
                ("subject", "string"),
            ])
        );
        // Required only where every block requires it.
        assert_eq!(schema["type"]["required"], true);
        assert_eq!(schema["body"]["required"], false);
        let repaired = entries(&report, Kind::Repaired);
        assert_eq!(repaired.len(), 1);
        assert!(repaired[0].1.starts_with(
            "2 schema blocks (`Message Schema`, `Email Schema`), one for each kind of delivery"
        ));
        assert!(entries(&report, Kind::Approximated).contains(&(
            "Message.md".to_owned(),
            "the schema blocks type this field differently: read as any JSON (`json`)".to_owned()
        )));
    }

    #[test]
    fn schema_blocks_that_are_not_all_objects_keep_the_first() {
        let page = format!(
            "# Thing\n\nSent for a thing.\n\n## Schema\n\n```json json_schema\n{{\"type\": \"object\", \"properties\": {{\"id\": {{\"type\": \"string\"}}}}}}\n```\n\n## Schema (list)\n\n```json json_schema\n{{\"type\": \"array\", \"items\": {{\"type\": \"string\"}}}}\n```\n\n{EXAMPLE}"
        );
        let (spec, report) = import(&[("Thing.md", &page)]);
        assert_eq!(fields(&spec, "ThingEvent"), pairs(&[("id", "string")]));
        assert_eq!(
            entries(&report, Kind::NotCarried),
            pairs(&[("Thing.md", "a second schema block on the page, not an object like the first: only the first is the event's payload")])
        );
    }

    #[test]
    fn a_field_an_example_contradicts_is_read_as_any_json() {
        let page = "# Mail\n\nSent for a mail.\n\n## Schema\n\n```json json_schema\n{\"type\": \"object\", \"required\": [\"type\", \"id\"], \"properties\": {\"type\": {\"type\": \"string\"}, \"id\": {\"type\": \"string\"}, \"kind\": {\"type\": \"string\", \"required\": true}, \"box\": {\"type\": \"string\", \"required\": true}, \"to\": {\"type\": \"string\", \"description\": \"The recipient.\"}, \"size\": {\"type\": \"integer\"}, \"parts\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\"}}}}}}\n```\n\n## Example\n\n```json\n{\"type\": \"Mail\", \"id\": \"m1\", \"kind\": \"k\", \"box\": \"b\", \"to\": [\"a@example.com\"], \"size\": 2, \"parts\": [{\"n\": 1}, {\"n\": 1.5}]}\n```\n\n## Example (no id)\n\n```json\n{\"type\": \"Mail\", \"kind\": \"k\", \"to\": null, \"size\": 3}\n```\n";
        let (spec, report) = import(&[("Mail.md", page)]);
        let fields_of = &spec["schemas"]["MailEvent"]["fields"];
        assert_eq!(fields_of["to"]["type"], "json");
        assert_eq!(fields_of["to"]["description"], "The recipient.");
        assert_eq!(fields_of["size"]["type"], "integer");
        assert_eq!(fields_of["type"]["required"], true);
        assert_eq!(fields_of["id"]["required"], false);
        // `required: true` on the field (draft 3): required, unless an
        // example goes without it.
        assert_eq!(fields_of["kind"]["required"], true);
        assert_eq!(fields_of["box"]["required"], false);
        assert!(report.entries.iter().any(|e| e.kind == Kind::Repaired
            && e.pointer == "json_schema#/properties/kind/required"
            && e.message.contains("JSON Schema draft 3")));
        assert_eq!(
            fields(&spec, "MailEventPartsItem"),
            pairs(&[("n", "json")]),
            "{spec:#?}"
        );
        let approximated: Vec<(String, String)> = report
            .entries
            .iter()
            .filter(|e| e.kind == Kind::Approximated)
            .map(|e| (e.pointer.clone(), e.message.clone()))
            .collect();
        assert_eq!(
            approximated,
            pairs(&[
                ("json_schema#/properties/parts/items/properties/n", "an example of the page gives a fractional number where the schema says `integer`: read as any JSON (`json`)"),
                ("json_schema#/properties/to", "an example of the page gives a list where the schema says `string`: read as any JSON (`json`)"),
                ("json_schema#/required", "an example of the page has no `box`, which the schema requires: optional"),
                ("json_schema#/required", "an example of the page has no `id`, which the schema requires: optional"),
            ])
        );
    }

    #[test]
    fn what_a_block_is_as_a_schema() {
        assert_eq!(
            as_schema(&json!({"type": "object", "properties": {}})),
            Some(Schema::Json)
        );
        assert_eq!(as_schema(&json!({"$ref": "#/x"})), Some(Schema::Json));
        // `type` alone with fields that are not keywords: a sketch.
        assert_eq!(
            as_schema(&json!({"type": "string", "n": "Number", "ok": ["boolean"], "none": []})),
            Some(Schema::Sketched(json!({"type": "object", "properties": {
                "type": {"type": "string"},
                "n": {"type": "number"},
                "ok": {"type": "array", "items": {"type": "boolean"}},
                "none": {"type": "array"}
            }})))
        );
        // Examples: a value that names no type, two items, a number, empty.
        for value in [
            json!({"type": "Thing"}),
            json!({"tags": ["string", "string"]}),
            json!({"count": 3}),
            json!({}),
            json!("string"),
        ] {
            assert_eq!(as_schema(&value), None, "{value}");
        }
    }

    #[test]
    fn strict_json_first_then_leniently_and_never_an_empty_block() {
        let (value, strict) = parse_block("{\"a\": 1}").unwrap();
        assert_eq!((value, strict.is_none()), (json!({"a": 1}), true));
        let (value, strict) = parse_block("[1, 2, /* three */ 3,]").unwrap();
        assert_eq!(value, json!([1, 2, 3]));
        assert!(strict.is_some());
        assert!(parse_block("  \n").is_err());
        assert!(
            parse_block("{'a': 1}").is_err(),
            "single quotes stay an error"
        );
        assert!(parse_block("{\"a\": 1} {\"b\": 2}").is_err());
        // Nesting is bounded both ways (serde_json at 128, jsonc-parser at
        // 512): an error, never a stack overflow.
        let deep = format!("{}1,{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_block(&deep).is_err());
    }
}
