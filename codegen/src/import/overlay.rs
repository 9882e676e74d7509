//! Corrections applied on every import: an OpenAPI Overlay 1.0 document
//! (`overlay: 1.0.0`, `actions` of RFC 9535 JSONPath `target`s with
//! `update` or `remove`), applied by the `roas-overlay` crate to the
//! imported spec, in our format, before it is split into files. Its targets
//! are our names (`$.operations.upload_file_attachments.params`), so a
//! correction can state what OpenAPI cannot: file types, scope expressions
//! with variables, errors told apart by code, `one_of` alternatives.
//!
//! An action whose target matches nothing is an error, located at the
//! action: a correction never silently stops applying when the vendor's
//! file changes.

use std::path::Path;

use enumset::EnumSet;
use roas_overlay::apply::Apply;
use roas_overlay::validation::Validate;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;
use crate::spec::ApiSpec;

/// Applies the overlay at `path` to the imported spec, on its JSON view;
/// every problem is reported, each at its action. A correction that leaves
/// something the spec format cannot hold is an error of the overlay, at the
/// place of the spec it broke.
pub fn apply(path: &Path, spec: ApiSpec) -> Result<ApiSpec, Vec<Diagnostic>> {
    let source = SourceFile::read(path).map_err(|d| vec![d])?;
    let mut tree = super::write::to_value(&spec);
    apply_source(&source, &mut tree)?;
    serde_path_to_error::deserialize(&tree).map_err(|e| {
        vec![Diagnostic {
            file: source.path.clone(),
            line: 0,
            column: 0,
            path: e.path().to_string(),
            message: format!(
                "after the corrections, the spec's `{}` is not what the format allows: {}",
                e.path(),
                e.inner()
            ),
            hint: Some(
                "an action's `update` must be in our spec format (spec/README.md)".to_owned(),
            ),
        }]
    })
}

/// [`apply`] on an overlay already in memory.
pub fn apply_source(source: &SourceFile, tree: &mut Value) -> Result<usize, Vec<Diagnostic>> {
    let at = |dotted: &str, message: String, hint: Option<&str>| {
        source.diagnostic(dotted, message, hint.map(str::to_owned))
    };
    if let Some((line, column, what)) =
        crate::load::nesting_problem(&source.text, crate::load::MAX_DEPTH)
    {
        return Err(vec![Diagnostic {
            file: source.path.clone(),
            line,
            column,
            path: String::new(),
            message: what,
            hint: None,
        }]);
    }
    let raw: Value = serde_yaml::from_str(&source.text).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        vec![Diagnostic {
            file: source.path.clone(),
            line,
            column,
            path: String::new(),
            message: e.to_string(),
            hint: Some("the overlay is a YAML (or JSON) OpenAPI Overlay 1.0 document".to_owned()),
        }]
    })?;
    let overlay: roas_overlay::v1_0::Overlay =
        serde_path_to_error::deserialize(&raw).map_err(|e| {
            let dotted = e.path().to_string();
            let dotted = if dotted == "." { String::new() } else { dotted };
            vec![at(
                &dotted,
                e.inner().to_string(),
                Some("an overlay has `overlay: 1.0.0`, `info: {title, version}` and `actions`"),
            )]
        })?;
    let mut problems = Vec::new();
    if let Err(e) = overlay.validate(EnumSet::empty()) {
        for v in e.errors {
            problems.push(at(&dotted_of(&v.path), v.message, None));
        }
    }
    for (i, action) in overlay.actions.iter().enumerate() {
        if let Err(e) = roas_overlay::common::apply::compile_path(&action.target) {
            problems.push(at(
                &format!("actions.{i}.target"),
                format!("`{}` is not a JSONPath: {e}", action.target),
                Some("targets are RFC 9535 JSONPath queries, such as `$.operations.upload.params`"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut patched = tree.clone();
    let report = overlay.apply(&mut patched, EnumSet::empty()).map_err(|e| {
        vec![at(
            &format!("actions.{}.target", e.action_index),
            e.kind.to_string(),
            None,
        )]
    })?;
    for outcome in &report.actions {
        if outcome.matched == 0 {
            problems.push(at(
                &format!("actions.{}.target", outcome.index),
                format!(
                    "`{}` matches nothing in the imported spec: this correction no longer applies",
                    outcome.target
                ),
                Some("the vendor's file changed (or a name did): update or remove the action"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    *tree = patched;
    Ok(report.actions.len())
}

/// `#.actions[3].target` → `actions.3.target`.
fn dotted_of(path: &str) -> String {
    path.trim_start_matches('#')
        .trim_start_matches('.')
        .replace('[', ".")
        .replace(']', "")
}
