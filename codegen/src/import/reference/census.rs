//! The pages' census: a second reading of the pages, by code of its own
//! (the profile's patterns, line by line, not the page reader), of what
//! they document: endpoints (distinct methods and paths), parameter
//! entries, error entries, scope sections and sample responses. Each is
//! then looked for in the imported spec: an endpoint by its method and
//! path, an error entry by its code and status among the errors of an
//! operation of its page, a sample response by parsing it into the type of
//! its page's success.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

use super::read::{unescape, Patterns, Section};
use crate::import::census::Category;
use crate::import::ty::Ty;
use crate::spec::{ApiSpec, ErrorStatus};

/// The pages' categories, in the order they are shown.
pub const CATEGORIES: &[&str] = &[
    "endpoints",
    "parameter entries",
    "error entries",
    "scope sections",
    "sample responses",
];

/// What the pages document, each with its page and line.
#[derive(Debug, Default)]
pub struct Reading {
    /// Method, path (placeholders lower case, no query), page, line.
    endpoints: Vec<(String, String, usize, usize)>,
    /// Name, page, line.
    params: Vec<(String, usize, usize)>,
    /// Code, status, page, line.
    errors: Vec<(String, u16, usize, usize)>,
    /// Page, line.
    scopes: Vec<(usize, usize)>,
    /// The sample, page, line (`None`: not JSON).
    samples: Vec<(Option<Value>, usize, usize)>,
}

/// Reads the pages again: sections by heading, and in them the lines the
/// profile's patterns match.
pub fn read(files: &[PathBuf], patterns: &Patterns) -> Reading {
    let mut reading = Reading::default();
    for (page, path) in files.iter().enumerate() {
        let Ok(text) = super::page_text(path) else {
            continue;
        };
        let mut seen_title = false;
        let mut section: Option<Section> = None;
        let mut in_code = false;
        let mut block = String::new();
        let mut block_line = 0;
        let mut endpoints_here = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            if raw.trim_start().starts_with("```") {
                if in_code && section == Some(Section::SampleResponse) {
                    let mut body = block.clone();
                    for prefix in &patterns.profile.code.strip_prefix {
                        if let Some(rest) = body.strip_prefix(prefix.as_str()) {
                            body = rest.to_owned();
                        }
                    }
                    let body: String = body
                        .lines()
                        .map(|l| {
                            let l = l.trim_end();
                            patterns
                                .profile
                                .code
                                .strip_line_suffix
                                .iter()
                                .find_map(|s| l.strip_suffix(s.as_str()))
                                .unwrap_or(l)
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                    let t = body.trim();
                    if t.starts_with('{') || t.starts_with('[') {
                        reading
                            .samples
                            .push((serde_json::from_str(t).ok(), page, block_line));
                    }
                }
                in_code = !in_code && seen_title;
                block.clear();
                block_line = line + 1;
                continue;
            }
            if in_code {
                block.push_str(raw);
                block.push('\n');
                continue;
            }
            let hashes = raw.chars().take_while(|c| *c == '#').count();
            if hashes > 0 && raw[hashes..].starts_with(' ') {
                let heading = unescape(raw[hashes..].trim()).replace("**", "");
                if hashes == 1 && !seen_title {
                    seen_title = true;
                    continue;
                }
                if let Some(kind) = patterns.section(heading.trim()) {
                    section = Some(kind);
                    if kind == Section::Scopes {
                        reading.scopes.push((page, line));
                    }
                } else if hashes <= 4 {
                    section = None;
                }
                continue;
            }
            if !seen_title {
                continue;
            }
            let text = unescape(raw);
            match section {
                Some(Section::Endpoints) => {
                    for c in patterns.endpoint.captures_iter(&text) {
                        if let (Some(m), Some(p)) = (c.name("method"), c.name("path")) {
                            endpoints_here.push((
                                m.as_str().to_ascii_uppercase(),
                                path_of(p.as_str()),
                                page,
                                line,
                            ));
                        }
                    }
                }
                Some(Section::Parameters) => {
                    if let Some(c) = patterns.entry.captures(text.trim_end()) {
                        if let Some(name) = c.name("name") {
                            reading.params.push((name.as_str().to_owned(), page, line));
                        }
                    }
                }
                Some(Section::Errors) => {
                    if let Some(c) = patterns.error.captures(text.trim()) {
                        let code = c.name("code").map_or("", |m| m.as_str()).trim().to_owned();
                        if let Some(status) = c.name("status").and_then(|m| m.as_str().parse().ok())
                        {
                            reading.errors.push((code, status, page, line));
                        }
                    }
                }
                _ => {}
            }
        }
        reading.endpoints.extend(endpoints_here);
    }
    reading
}

/// `/{module\_API\_name}/x?y={z}` → `/{module_api_name}/x`: what tells two
/// endpoints apart.
fn path_of(written: &str) -> String {
    let path = written.split('?').next().unwrap_or_default().trim();
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push('{');
                }
                depth += 1;
            }
            '}' => {
                if depth == 1 {
                    out.push('}');
                }
                depth = (depth - 1).max(0);
            }
            _ if depth > 0 => out.extend(c.to_lowercase().map(|c| if c == '-' { '_' } else { c })),
            _ => out.push(c),
        }
    }
    let out = out.trim_end_matches('/');
    if out.starts_with('/') {
        out.to_owned()
    } else {
        format!("/{out}")
    }
}

/// Looks for what the pages document in the spec.
pub fn compare(
    reading: &Reading,
    spec: &ApiSpec,
    op_pages: &BTreeMap<String, usize>,
    pages: &[PathBuf],
) -> Vec<Category> {
    let mut categories: Vec<Category> = CATEGORIES
        .iter()
        .map(|c| Category {
            name: (*c).to_owned(),
            ..Category::default()
        })
        .collect();
    let count = |categories: &mut Vec<Category>,
                 index: usize,
                 page: usize,
                 line: usize,
                 lost: Option<String>| {
        let c = &mut categories[index];
        c.source += 1;
        match lost {
            None => c.typed += 1,
            Some(why) => {
                *c.lost.entry(why.clone()).or_default() += 1;
                c.items.push((
                    pages.get(page).cloned().unwrap_or_default(),
                    format!("line {line}"),
                    format!("lost: {why}"),
                ));
            }
        }
    };
    // A page's operations: those of the endpoints it lists (read here),
    // and those the import says it read from it.
    let mut listed: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    for (method, path, page, _) in &reading.endpoints {
        listed
            .entry(*page)
            .or_default()
            .push((method.clone(), path.clone()));
    }
    let of_page = |page: usize| {
        let endpoints = listed.get(&page).cloned().unwrap_or_default();
        spec.operations.iter().filter_map(move |(name, op)| {
            let by_endpoint = endpoints
                .iter()
                .any(|(m, p)| op.method.eq_ignore_ascii_case(m) && path_of(&op.path) == *p);
            (by_endpoint || op_pages.get(name) == Some(&page)).then_some(op)
        })
    };
    let mut endpoints = BTreeSet::new();
    for (method, path, page, line) in &reading.endpoints {
        if !endpoints.insert((method.clone(), path.clone())) {
            continue;
        }
        let found = spec
            .operations
            .values()
            .any(|op| op.method.eq_ignore_ascii_case(method) && path_of(&op.path) == *path);
        count(
            &mut categories,
            0,
            *page,
            *line,
            (!found).then(|| "no operation has this method and path".to_owned()),
        );
    }
    for (name, page, line) in &reading.params {
        let found = of_page(*page).any(|op| {
            crate::import::census::inputs(op).any(|(k, p)| p.name.as_deref().unwrap_or(k) == name)
        });
        count(
            &mut categories,
            1,
            *page,
            *line,
            (!found).then(|| "no input of the page's operations has this name".to_owned()),
        );
    }
    for (code, status, page, line) in &reading.errors {
        let found = of_page(*page).any(|op| {
            op.errors.list.iter().any(|e| {
                e.code.as_deref() == Some(code.as_str()) && e.status == ErrorStatus::Exact(*status)
            })
        });
        count(
            &mut categories,
            2,
            *page,
            *line,
            (!found).then(|| {
                "no error variant of the page's operations has this code and status".to_owned()
            }),
        );
    }
    for (page, line) in &reading.scopes {
        let found = of_page(*page).any(|op| op.scopes.is_some());
        count(
            &mut categories,
            3,
            *page,
            *line,
            (!found).then(|| "no operation of the page has scopes".to_owned()),
        );
    }
    for (sample, page, line) in &reading.samples {
        let lost = match sample {
            None => Some("the sample is not JSON".to_owned()),
            Some(value) => {
                let mut why = Some("no operation of the page has a success body".to_owned());
                for op in of_page(*page) {
                    let Some(body) = op.response.as_ref().and_then(|r| r.body.as_deref()) else {
                        continue;
                    };
                    match fits(spec, body, value, 0) {
                        Ok(()) => {
                            why = None;
                            break;
                        }
                        Err(e) => why = Some(format!("does not parse into the success body: {e}")),
                    }
                }
                why
            }
        };
        count(&mut categories, 4, *page, *line, lost);
    }
    categories
}

/// Whether a JSON value parses into a type of the spec (as the generated
/// code reads it: required fields present and not null, each value of its
/// field's type, unknown keys ignored); why not.
pub fn fits(spec: &ApiSpec, ty: &str, value: &Value, depth: usize) -> Result<(), String> {
    if depth > 64 {
        return Ok(());
    }
    let Some(parsed) = Ty::parse(ty) else {
        return Err(format!("`{ty}` is not a type"));
    };
    fits_ty(spec, &parsed, value, depth)
}

fn fits_ty(spec: &ApiSpec, ty: &Ty, value: &Value, depth: usize) -> Result<(), String> {
    let text = ty.to_string();
    let wrong = || Err(format!("`{value}` is not a `{text}`", value = short(value)));
    match text.as_str() {
        "json" => return Ok(()),
        "string" | "datetime" | "date" => return if value.is_string() { Ok(()) } else { wrong() },
        "integer" | "int64" | "int32" => {
            return if value.is_i64() || value.is_u64() {
                Ok(())
            } else {
                wrong()
            }
        }
        "number" => return if value.is_number() { Ok(()) } else { wrong() },
        "boolean" => return if value.is_boolean() { Ok(()) } else { wrong() },
        _ => {}
    }
    if let Some(item) = text.strip_suffix("[]") {
        let Some(list) = value.as_array() else {
            return wrong();
        };
        for v in list {
            fits(spec, item, v, depth + 1)?;
        }
        return Ok(());
    }
    if let Some(inner) = text.strip_prefix("map<").and_then(|t| t.strip_suffix('>')) {
        let Some(map) = value.as_object() else {
            return wrong();
        };
        for v in map.values() {
            fits(spec, inner, v, depth + 1)?;
        }
        return Ok(());
    }
    if let Some(e) = spec.enums.get(&text) {
        let wire = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        return if e.other.is_some() || e.values.iter().any(|v| v.value == wire) {
            Ok(())
        } else {
            Err(format!("`{wire}` is not a value of `{text}`"))
        };
    }
    let Some(schema) = spec.schemas.get(&text) else {
        return Ok(());
    };
    if schema.one_of.is_some() || schema.any_of.is_some() {
        return Ok(());
    }
    let Some(object) = value.as_object() else {
        return wrong();
    };
    for (name, field) in &schema.fields {
        match object.get(name) {
            None | Some(Value::Null) if field.required && !field.nullable => {
                return Err(format!("`{text}.{name}` is required and missing"));
            }
            None | Some(Value::Null) => {}
            Some(v) => {
                fits(spec, &field.ty, v, depth + 1).map_err(|e| format!("`{text}.{name}`: {e}"))?
            }
        }
    }
    for parent in &schema.all_of {
        fits(spec, parent, value, depth + 1)?;
    }
    Ok(())
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 40 {
        format!(
            "{}…",
            &text[..text.char_indices().nth(40).map_or(text.len(), |(i, _)| i)]
        )
    } else {
        text
    }
}
