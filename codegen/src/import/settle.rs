//! The net under the importer: the imported spec values are validated
//! exactly as `codegen generate` will validate them, and every problem the
//! validator still finds costs the smallest item that holds it, never the
//! API:
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
//! The decisions that keep everything (enum values listed twice, unions of
//! one alternative, names that collide in Rust, constraints on types they
//! do not apply to) are made earlier, where the items are read; each loss
//! here is a finding: a vendor construct no reader foresaw.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::report::{Kind, Report};
use super::ty::Ty;
use super::write::Grouping;
use super::Origins;
use crate::diagnostic::{display_path, Diagnostic, Diagnostics};
use crate::spec::{ApiSpec, ParamLocation, UnionSpec};

/// How many validation rounds at most: each round removes or retypes at
/// least one item, and a file needs few.
const MAX_ROUNDS: usize = 24;

/// What settling cost.
#[derive(Debug, Default)]
pub struct Settled {
    /// Skipped operations, with the reason.
    pub skipped: BTreeMap<String, String>,
    /// Types read as any JSON (or their scalar) instead.
    pub retyped: BTreeSet<String>,
    /// Validation rounds run.
    pub rounds: usize,
}

/// Diagnostics of spec values held in memory: located by their dotted
/// path in the spec, grouped as they will be written.
struct InMemory<'a> {
    api: &'a str,
    grouping: &'a Grouping<'a>,
}

impl crate::load::Locate for InMemory<'_> {
    fn diagnostic(&self, dotted: &str, message: String, hint: Option<String>) -> Diagnostic {
        Diagnostic {
            file: PathBuf::from(self.api),
            line: 0,
            column: 0,
            path: display_path(dotted),
            message,
            hint,
        }
    }

    fn spec_name(&self) -> String {
        format!("{}/", self.api)
    }

    fn group_of(&self, dotted: &str) -> Option<String> {
        self.grouping.group_of(dotted)
    }
}

/// Validates `spec` until the validator is content, applying the losses
/// above.
pub fn settle(
    spec: &mut ApiSpec,
    grouping: &Grouping<'_>,
    origins: &Origins,
    paths: &[PathBuf],
    report: &mut Report,
) -> Result<Settled, Diagnostics> {
    let mut settled = Settled::default();
    let mut jsonified: BTreeSet<(String, String)> = BTreeSet::new();
    let origin = |map: &BTreeMap<String, (usize, String)>, name: &str| {
        map.get(name)
            .map(|(doc, at)| (paths[*doc].clone(), at.clone()))
            .unwrap_or_else(|| (PathBuf::from("(overlay)"), String::new()))
    };
    loop {
        settled.rounds += 1;
        let api = spec.name.clone();
        let locate = InMemory {
            api: &api,
            grouping,
        };
        let problems = match crate::validate::validate(&locate, spec) {
            Ok(_) => return Ok(settled),
            Err(problems) => problems,
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
                [section, name, ..] => (*section, name.split('[').next().unwrap_or(name)),
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
                "operations" => match operation_loss(spec, name, &segments[2..]) {
                    Some(Loss::Param(param)) => {
                        let (file, pointer) = origin(&origins.operations, name);
                        report.add(
                            &file,
                            &pointer,
                            Kind::NotCarried,
                            format!(
                                "the parameter `{param}` of `{name}` is left out: {}",
                                problem_text(&d)
                            ),
                        );
                        spec.operations
                            .get_mut(name)
                            .and_then(|op| op.params.shift_remove(&param))
                            .is_some()
                    }
                    Some(Loss::Whole) => {
                        let (file, pointer) = origin(&origins.operations, name);
                        let reason = problem_text(&d);
                        report.add(
                            &file,
                            &pointer,
                            Kind::Skipped,
                            format!("the operation `{name}` is skipped: {reason}"),
                        );
                        settled.skipped.insert(name.to_owned(), reason);
                        spec.operations.shift_remove(name).is_some()
                    }
                    None => false,
                },
                "schemas" | "enums" => {
                    let field = match segments.as_slice() {
                        [_, _, "fields", field, ..] => Some((*field).to_owned()),
                        _ => None,
                    };
                    let key = (name.to_owned(), field.clone().unwrap_or_default());
                    match field {
                        Some(field) if section == "schemas" && !jsonified.contains(&key) => {
                            jsonified.insert(key);
                            let (file, pointer) = origin(&origins.types, name);
                            report.add(
                                &file,
                                &format!("{pointer}/properties/{}", super::documents::token(&field)),
                                Kind::Approximated,
                                format!(
                                    "the field `{field}` of `{name}` is read as any JSON (`json`): {}",
                                    problem_text(&d)
                                ),
                            );
                            field_as_json(spec, name, &field)
                        }
                        _ => {
                            let scalar = scalar_of(spec, section, name);
                            let (file, pointer) = origin(&origins.types, name);
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
                            let removed = if section == "enums" {
                                spec.enums.shift_remove(name).is_some()
                            } else {
                                spec.schemas.shift_remove(name).is_some()
                            };
                            replace_type(spec, name, &scalar);
                            removed
                        }
                    }
                }
                "webhooks" => match segments.as_slice() {
                    // An event the validator refuses costs that event.
                    ["webhooks", "events", event, ..] => {
                        let (file, pointer) = origin(&origins.events, event);
                        report.add(
                            &file,
                            &pointer,
                            Kind::NotCarried,
                            format!("the event `{event}` is left out: {}", problem_text(&d)),
                        );
                        spec.webhooks
                            .as_mut()
                            .and_then(|w| w.events.shift_remove(*event))
                            .is_some()
                    }
                    // Anything else of the section costs the section (the
                    // operations stay).
                    _ => {
                        let (file, pointer) = origins
                            .events
                            .values()
                            .next()
                            .map(|(doc, at)| (paths[*doc].clone(), at.clone()))
                            .unwrap_or_default();
                        report.add(
                            &file,
                            &pointer,
                            Kind::NotCarried,
                            format!("the webhooks are left out: {}", problem_text(&d)),
                        );
                        spec.webhooks.take().is_some()
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

enum Loss {
    /// An optional query or header parameter: only it is lost.
    Param(String),
    /// The operation.
    Whole,
}

fn operation_loss(spec: &ApiSpec, name: &str, rest: &[&str]) -> Option<Loss> {
    let op = spec.operations.get(name)?;
    if let ["params", param, ..] = rest {
        if let Some(p) = op.params.get(*param) {
            if !p.required && matches!(p.location, ParamLocation::Query | ParamLocation::Header) {
                return Some(Loss::Param((*param).to_owned()));
            }
        }
    }
    Some(Loss::Whole)
}

/// Makes a field any JSON, keeping its name, docs and whether it is required.
fn field_as_json(spec: &mut ApiSpec, schema: &str, field: &str) -> bool {
    let Some(f) = spec
        .schemas
        .get_mut(schema)
        .and_then(|s| s.fields.get_mut(field))
    else {
        return false;
    };
    f.ty = Ty::Json.to_string();
    f.nullable = false;
    f.default = None;
    f.minimum = None;
    f.maximum = None;
    f.min_length = None;
    f.max_length = None;
    f.pattern = None;
    f.example = None;
    true
}

/// What a type becomes when it cannot be declared: an enum its wire scalar,
/// anything else any JSON.
fn scalar_of(spec: &ApiSpec, section: &str, name: &str) -> Ty {
    if section == "enums" {
        let wire = spec
            .enums
            .get(name)
            .and_then(|e| e.ty.as_deref())
            .unwrap_or("string");
        return Ty::parse(wire).unwrap_or(Ty::String);
    }
    Ty::Json
}

/// `expr` with the type `name` replaced by `by`, where it is a well formed
/// expression naming it.
fn rewrite(expr: &mut String, name: &str, by: &Ty) {
    if let Some(ty) = Ty::parse(expr) {
        let replaced = ty.replaced(name, by);
        if replaced != ty {
            *expr = replaced.to_string();
        }
    }
}

/// Replaces the type `name` by `by` in every type expression of the spec,
/// inside unions and `all_of` lists too. An `all_of` member that is no
/// longer a declared schema, and a `file_types` that no longer names an
/// enum, are dropped; union alternatives made the same are kept once.
pub fn replace_type(spec: &mut ApiSpec, name: &str, by: &Ty) {
    let one = |expr: &mut String| rewrite(expr, name, by);
    for schema in spec.schemas.values_mut() {
        for field in schema.fields.values_mut() {
            one(&mut field.ty);
        }
        schema.all_of.retain(|member| member != name);
        if let Some(additional) = &mut schema.additional {
            one(additional);
        }
        match &mut schema.one_of {
            Some(UnionSpec::Untagged(list)) => dedup_rewrite(list, name, by),
            Some(UnionSpec::Tagged(tagged)) => {
                for variant in tagged.variants.values_mut() {
                    one(variant);
                }
            }
            None => {}
        }
        if let Some(list) = &mut schema.any_of {
            dedup_rewrite(list, name, by);
        }
    }
    for op in spec.operations.values_mut() {
        let params = op.params.values_mut().chain(
            op.body
                .iter_mut()
                .flat_map(|b| b.one_of.iter_mut())
                .flat_map(|o| o.alternatives.values_mut())
                .flat_map(|a| a.params.values_mut()),
        );
        for param in params {
            one(&mut param.ty);
            if param.file_types.as_deref() == Some(name) {
                param.file_types = None;
            }
        }
        if let Some(ty) = op.body.as_mut().and_then(|b| b.ty.as_mut()) {
            one(ty);
        }
        let successes = op
            .response
            .iter_mut()
            .chain(op.responses.iter_mut().flatten());
        for success in successes {
            if let Some(body) = &mut success.body {
                one(body);
            }
            for header in success.headers.values_mut() {
                one(&mut header.ty);
            }
            for event in success
                .stream
                .iter_mut()
                .flat_map(|s| s.events.values_mut())
            {
                if let Some(data) = &mut event.data {
                    one(data);
                }
            }
        }
        if let Some(body) = &mut op.errors.body {
            one(body);
        }
        for error in &mut op.errors.list {
            if let Some(body) = &mut error.body {
                one(body);
            }
        }
    }
    for event in spec.webhooks.iter_mut().flat_map(|w| w.events.values_mut()) {
        one(&mut event.payload);
    }
}

fn dedup_rewrite(list: &mut Vec<String>, name: &str, by: &Ty) {
    let mut seen = BTreeSet::new();
    list.retain_mut(|expr| {
        rewrite(expr, name, by);
        seen.insert(expr.clone())
    });
}

/// Every alias (a union of one alternative, named before that was known)
/// replaced by the type it stands for, chains followed.
pub fn apply_aliases(spec: &mut ApiSpec, aliases: &BTreeMap<String, Ty>) {
    for (name, ty) in aliases {
        let mut ty = ty.clone();
        for _ in 0..aliases.len() {
            match ty.named().and_then(|n| aliases.get(n)) {
                Some(next) if *next != ty => ty = next.clone(),
                _ => break,
            }
        }
        replace_type(spec, name, &ty);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_replaces_whole_names_only() {
        let check = |from: &str, name: &str, by: Ty, to: &str| {
            let mut expr = from.to_owned();
            rewrite(&mut expr, name, &by);
            assert_eq!(expr, to);
        };
        check("Note", "Note", Ty::Json, "json");
        check("Note[]", "Note", Ty::Json, "json[]");
        check("map<Note[]>", "Note", Ty::String, "map<string[]>");
        check("Notes", "Note", Ty::Json, "Notes");
        check("map<NoteX>", "Note", Ty::Json, "map<NoteX>");
    }
}
