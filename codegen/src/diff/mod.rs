//! `codegen diff`: what changed between two sets of specs, for the people who
//! consume the generated crate, classified by its effect under semver.
//!
//! The comparison runs on the resolved model (the same one the emitters
//! read), so each classification follows from how the code is generated:
//! see `codegen/SEMVER.md` for the table of rules.

mod compare;
mod report;

pub use report::{render_json, render_markdown};

use crate::model::Api;

/// How a change affects code that uses the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Code that compiled against the old crate may not compile (major).
    Breaking,
    /// New API; existing code still compiles (minor).
    Additive,
    /// No change to the public API: docs, or wire details the generated code
    /// handles itself (patch).
    DocsOnly,
}

impl Class {
    /// The label used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::DocsOnly => "docs-only",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// The API module (`zoho_crm`).
    pub api: String,
    /// The operation, for changes inside one.
    pub operation: Option<String>,
    /// What changed, in plain words (`new required form field \`contactId\``).
    pub what: String,
    pub class: Class,
    /// Why it has that class, in terms of the generated code.
    pub reason: String,
}

/// Every change from `old` to `new`, breaking ones first, then by place.
pub fn diff(old: &[Api], new: &[Api]) -> Vec<Change> {
    let mut changes = compare::apis(old, new);
    changes.sort_by(|a, b| (a.class, &a.api, &a.operation).cmp(&(b.class, &b.api, &b.operation)));
    changes
}
