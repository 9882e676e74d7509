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

use super::documents::Documents;
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
        "Group `{}` of the API `{}`: its webhooks, read from the vendor's pages in\n{}\nby `codegen import pages`{}. Do not edit: change the overlay and re-run\n  {}",
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
    let mut schema: Option<Value> = None;
    let mut examples = Vec::new();
    let mut after_title = false;
    let mut in_paragraph = false;
    let mut paragraph = String::new();
    let mut block: Option<(String, usize, String)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => after_title = true,
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
                let parsed: Result<Value, _> = serde_json::from_str(&body);
                if words.contains(&"json_schema") {
                    match parsed {
                        Ok(value) if schema.is_none() => schema = Some(value),
                        Ok(_) => report.add(
                            path,
                            &at,
                            Kind::NotCarried,
                            "a second schema block on the page: only the first is the event's payload".into(),
                        ),
                        Err(e) => report.add(
                            path,
                            &at,
                            Kind::Approximated,
                            format!(
                                "the schema block is not JSON (line {}, column {}: {}): the payload is read as `json`",
                                page_line(&e),
                                e.column(),
                                what(&e)
                            ),
                        ),
                    }
                } else {
                    match parsed {
                        Ok(value) => examples.push(value),
                        Err(e) => report.add(
                            path,
                            &at,
                            Kind::NotCarried,
                            format!(
                                "an example is not JSON (line {}, column {}: {}); left out",
                                page_line(&e),
                                e.column(),
                                what(&e)
                            ),
                        ),
                    }
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
    Page {
        name,
        description,
        schema,
        examples,
    }
}
