//! The last stage before writing: the imported spec is loaded and validated
//! in memory, exactly as `codegen generate` will load it, and every problem
//! the validator still finds costs the smallest item that holds it, never
//! the API:
//!
//! | problem at | costs |
//! |---|---|
//! | an optional parameter (`operations.X.params.P`) | that parameter |
//! | anything else of an operation (`operations.X`) | that operation, skipped |
//! | a field (`schemas.T.fields.F`) | the field's type: any JSON (`json`) |
//! | anything else of a type (`schemas.T`, `enums.E`) | the type: `json` (an enum: its wire scalar) wherever it is used |
//!
//! Each loss is a report entry at the vendor's file and JSON pointer, with
//! the validator's words. The validator stays the one judge of what a spec
//! may be, so the import never writes a spec the loader refuses. Problems
//! outside any operation or type (the API's header) are the import's own
//! bugs: they are returned, located, rather than hidden.
//!
//! The repairs that keep everything (enum values listed twice, unions of
//! one alternative, names that collide in Rust) happen earlier, where the
//! items are built; this stage is the net under them, for what a vendor's
//! file does that no repair foresaw.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{json, Value};

use super::report::{Kind, Report};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// How many validation rounds at most: each round removes or retypes at
/// least one item, and a file needs few.
const MAX_ROUNDS: usize = 24;

/// Where the vendor declared the items of the tree, for the report.
pub struct Origins<'a> {
    /// Operation name → (file, JSON pointer).
    pub operations: &'a BTreeMap<String, (std::path::PathBuf, String)>,
    /// Type name → (file, JSON pointer).
    pub types: &'a BTreeMap<String, (std::path::PathBuf, String)>,
    /// Webhook event name → (file, JSON pointer).
    pub webhooks: &'a BTreeMap<String, (std::path::PathBuf, String)>,
}

/// What settling cost.
#[derive(Debug, Default)]
pub struct Settled {
    /// Skipped operations, with the reason.
    pub skipped: BTreeMap<String, String>,
    /// Types read as any JSON (or their scalar) instead.
    pub retyped: BTreeSet<String>,
    /// Validation rounds run.
    pub rounds: usize,
    /// The files the validator accepted: what the import writes.
    pub files: Vec<(String, String)>,
}

/// Validates `tree` (rendered into files by `render`) until the validator
/// is content, applying the losses above. `dir` names the files in
/// diagnostics.
pub fn settle(
    tree: &mut Value,
    dir: &Path,
    render: impl Fn(&Value) -> Vec<(String, String)>,
    origins: &Origins<'_>,
    report: &mut Report,
) -> Result<Settled, Diagnostics> {
    let mut settled = Settled::default();
    let mut jsonified: BTreeSet<(String, String)> = BTreeSet::new();
    loop {
        settled.rounds += 1;
        let files = render(tree);
        let problems = match crate::validate_split(dir, &files) {
            Ok(_) => {
                settled.files = files;
                return Ok(settled);
            }
            Err(Diagnostics(problems)) => problems,
        };
        if settled.rounds >= MAX_ROUNDS {
            return Err(Diagnostics(problems));
        }
        let mut fatal = Vec::new();
        let mut changed = false;
        // One loss per item per round: the first problem found names it.
        let mut handled: BTreeSet<String> = BTreeSet::new();
        for d in problems {
            let segments: Vec<&str> = d.path.split('.').collect();
            let (section, name) = match segments.as_slice() {
                [section, name, ..] => (*section, *name),
                _ => {
                    fatal.push(d);
                    continue;
                }
            };
            let item = match segments.as_slice() {
                ["webhooks", "events", event, ..] => format!("webhooks.events.{event}"),
                _ => format!("{section}.{name}"),
            };
            if handled.contains(&item) {
                continue;
            }
            let done = match section {
                "operations" => {
                    let loss = operation_loss(tree, name, &segments[2..]);
                    match loss {
                        Some(OpLoss::Param(param)) => {
                            let (file, pointer) = origin(origins.operations, name);
                            report.add(
                                &file,
                                &pointer,
                                Kind::NotCarried,
                                format!(
                                    "the parameter `{param}` of `{name}` is left out: {}",
                                    problem_text(&d)
                                ),
                            );
                            remove_param(tree, name, &param)
                        }
                        Some(OpLoss::Whole) => {
                            let (file, pointer) = origin(origins.operations, name);
                            let reason = problem_text(&d);
                            report.add(
                                &file,
                                &pointer,
                                Kind::Skipped,
                                format!("the operation `{name}` is skipped: {reason}"),
                            );
                            settled.skipped.insert(name.to_owned(), reason);
                            remove_entry(tree, "operations", name)
                        }
                        None => false,
                    }
                }
                "schemas" | "enums" => {
                    let field = match segments.as_slice() {
                        [_, _, "fields", field, ..] => Some((*field).to_owned()),
                        _ => None,
                    };
                    let key = (name.to_owned(), field.clone().unwrap_or_default());
                    match field {
                        Some(field) if section == "schemas" && !jsonified.contains(&key) => {
                            jsonified.insert(key);
                            let (file, pointer) = origin(origins.types, name);
                            report.add(
                                &file,
                                &format!("{pointer}/properties/{}", super::documents::token(&field)),
                                Kind::Approximated,
                                format!(
                                    "the field `{field}` of `{name}` is read as any JSON (`json`): {}",
                                    problem_text(&d)
                                ),
                            );
                            field_as_json(tree, name, &field)
                        }
                        _ => {
                            let scalar = scalar_of(tree, section, name);
                            let (file, pointer) = origin(origins.types, name);
                            report.add(
                                &file,
                                &pointer,
                                Kind::Approximated,
                                format!(
                                    "the type `{name}` is read as `{scalar}` wherever it is used: {}",
                                    problem_text(&d)
                                ),
                            );
                            settled.retyped.insert(name.to_owned());
                            let removed = remove_entry(tree, section, name);
                            replace_type(tree, name, &scalar);
                            removed
                        }
                    }
                }
                "webhooks" => match segments.as_slice() {
                    // An event the validator refuses costs that event.
                    ["webhooks", "events", event, ..] => {
                        let (file, pointer) = origin(origins.webhooks, event);
                        report.add(
                            &file,
                            &pointer,
                            Kind::NotCarried,
                            format!("the event `{event}` is left out: {}", problem_text(&d)),
                        );
                        tree.pointer_mut("/webhooks/events")
                            .and_then(Value::as_object_mut)
                            .and_then(|m| m.remove(*event))
                            .is_some()
                    }
                    // Anything else of the section costs the section (the
                    // operations stay).
                    _ => {
                        let (file, pointer) = origins
                            .webhooks
                            .values()
                            .next()
                            .cloned()
                            .unwrap_or_default();
                        report.add(
                            &file,
                            &pointer,
                            Kind::NotCarried,
                            format!("the webhooks are left out: {}", problem_text(&d)),
                        );
                        tree.as_object_mut()
                            .and_then(|m| m.remove("webhooks"))
                            .is_some()
                    }
                },
                _ => false,
            };
            if done {
                handled.insert(item);
                changed = true;
            } else {
                fatal.push(d);
            }
        }
        if !changed {
            return Err(Diagnostics(fatal));
        }
    }
}

/// The validator's message, with where in our spec it was found.
fn problem_text(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if !d.path.is_empty() {
        text.push_str(&format!(" (at `{}`)", d.path));
    }
    text
}

fn origin(
    map: &BTreeMap<String, (std::path::PathBuf, String)>,
    name: &str,
) -> (std::path::PathBuf, String) {
    map.get(name)
        .cloned()
        .unwrap_or_else(|| (std::path::PathBuf::from("(overlay)"), String::new()))
}

enum OpLoss {
    /// An optional query or header parameter: only it is lost.
    Param(String),
    /// The operation.
    Whole,
}

fn operation_loss(tree: &Value, name: &str, rest: &[&str]) -> Option<OpLoss> {
    let op = tree.get("operations")?.get(name)?;
    if let ["params", param, ..] = rest {
        if let Some(p) = op.get("params").and_then(|ps| ps.get(*param)) {
            let required = p.get("required") == Some(&Value::Bool(true));
            let location = p.get("in").and_then(Value::as_str).unwrap_or_default();
            if !required && matches!(location, "query" | "header" | "cookie") {
                return Some(OpLoss::Param((*param).to_owned()));
            }
        }
    }
    Some(OpLoss::Whole)
}

fn remove_entry(tree: &mut Value, section: &str, name: &str) -> bool {
    tree.get_mut(section)
        .and_then(Value::as_object_mut)
        .and_then(|m| m.remove(name))
        .is_some()
}

fn remove_param(tree: &mut Value, op: &str, param: &str) -> bool {
    let Some(params) = tree
        .pointer_mut(&format!(
            "/operations/{}/params",
            super::documents::token(op)
        ))
        .and_then(Value::as_object_mut)
    else {
        return false;
    };
    let removed = params.remove(param).is_some();
    if params.is_empty() {
        if let Some(op) = tree
            .pointer_mut(&format!("/operations/{}", super::documents::token(op)))
            .and_then(Value::as_object_mut)
        {
            op.remove("params");
        }
    }
    removed
}

/// Makes a field any JSON, keeping its name, docs and whether it is required.
fn field_as_json(tree: &mut Value, schema: &str, field: &str) -> bool {
    let Some(f) = tree
        .pointer_mut(&format!(
            "/schemas/{}/fields/{}",
            super::documents::token(schema),
            super::documents::token(field)
        ))
        .and_then(Value::as_object_mut)
    else {
        return false;
    };
    let keep = ["required", "description", "rust_name", "deprecated"];
    f.retain(|k, _| keep.contains(&k.as_str()));
    f.insert("type".into(), json!("json"));
    true
}

/// What a type becomes when it cannot be declared: an enum its wire scalar,
/// anything else any JSON.
fn scalar_of(tree: &Value, section: &str, name: &str) -> String {
    if section == "enums" {
        let wire = tree
            .get("enums")
            .and_then(|e| e.get(name))
            .and_then(|e| e.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("string");
        return wire.to_owned();
    }
    "json".to_owned()
}

/// Keys whose string values are type expressions.
const TYPE_KEYS: &[&str] = &["type", "additional", "file_types", "body"];

/// Replaces the type `name` by `by` in every type expression of the tree
/// (`Name`, `Name[]`, `map<Name>`), inside unions and `all_of` lists too.
/// An `all_of` member that is no longer a declared object, and a
/// `file_types` that no longer names an enum, are dropped.
pub fn replace_type(tree: &mut Value, name: &str, by: &str) {
    match tree {
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let Some(value) = map.get_mut(&key) else {
                    continue;
                };
                match (key.as_str(), value) {
                    ("file_types", Value::String(s)) if s == name => {
                        map.remove(&key);
                    }
                    (k, Value::String(s)) if TYPE_KEYS.contains(&k) => {
                        *s = rewrite(s, name, by);
                    }
                    ("all_of", Value::Array(list)) if list.iter().all(Value::is_string) => {
                        list.retain(|v| v.as_str() != Some(name));
                    }
                    ("one_of" | "any_of", Value::Array(list))
                        if list.iter().all(Value::is_string) =>
                    {
                        let mut seen = BTreeSet::new();
                        let mut out = Vec::new();
                        for v in list.iter() {
                            let t = rewrite(v.as_str().unwrap_or_default(), name, by);
                            if seen.insert(t.clone()) {
                                out.push(json!(t));
                            }
                        }
                        *list = out;
                    }
                    ("variants", Value::Object(variants))
                        if variants.values().all(Value::is_string) =>
                    {
                        for v in variants.values_mut() {
                            if let Value::String(s) = v {
                                *s = rewrite(s, name, by);
                            }
                        }
                    }
                    (_, value) => replace_type(value, name, by),
                }
            }
        }
        Value::Array(list) => {
            for v in list {
                replace_type(v, name, by);
            }
        }
        _ => {}
    }
}

/// `expr` with each whole identifier `name` replaced by `by`.
pub fn rewrite(expr: &str, name: &str, by: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word == name {
            out.push_str(by);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in expr.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_replaces_whole_names_only() {
        assert_eq!(rewrite("Note", "Note", "json"), "json");
        assert_eq!(rewrite("Note[]", "Note", "json"), "json[]");
        assert_eq!(rewrite("map<Note[]>", "Note", "string"), "map<string[]>");
        assert_eq!(rewrite("Notes", "Note", "json"), "Notes");
        assert_eq!(rewrite("map<NoteX>", "Note", "json"), "map<NoteX>");
    }

    #[test]
    fn replace_type_reaches_unions_all_of_and_file_types() {
        let mut tree = json!({
            "schemas": {
                "A": {"all_of": ["B", "C"], "fields": {"x": {"type": "B[]"}}},
                "U": {"any_of": ["B", "json", "string"]},
                "T": {"one_of": {"tag": "k", "variants": {"b": "B"}}}
            },
            "operations": {"o": {"params": {"f": {"type": "file", "file_types": "B"}},
                                 "description": "B stays B"}}
        });
        replace_type(&mut tree, "B", "json");
        assert_eq!(tree["schemas"]["A"]["all_of"], json!(["C"]));
        assert_eq!(tree["schemas"]["A"]["fields"]["x"]["type"], "json[]");
        assert_eq!(tree["schemas"]["U"]["any_of"], json!(["json", "string"]));
        assert_eq!(tree["schemas"]["T"]["one_of"]["variants"]["b"], "json");
        assert!(tree["operations"]["o"]["params"]["f"]
            .get("file_types")
            .is_none());
        assert_eq!(tree["operations"]["o"]["description"], "B stays B");
    }
}
