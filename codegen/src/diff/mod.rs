//! `apigen diff`: what changed between two sets of specs, for the people who
//! consume the generated crate, classified by its effect under semver.
//!
//! The comparison runs on the resolved model (the same one the emitters
//! read), so each classification follows from how the code is generated:
//! see `codegen/SEMVER.md` for the table of rules.

mod compare;
mod report;
pub mod sources;

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

/// The version the generated crate should take after `changes`, from
/// `current`, under Cargo's semver rules: a breaking change bumps the major
/// version (the minor one before 1.0, where Cargo treats `0.y` as the
/// compatibility boundary), an additive one the minor version (the patch
/// one before 1.0), a docs-only one the patch version. No change: `current`
/// itself. A pre-release or build suffix is dropped: the bump releases it.
pub fn next_version(current: &semver::Version, changes: &[Change]) -> semver::Version {
    let Some(worst) = changes.iter().map(|c| c.class).min() else {
        return current.clone();
    };
    let (major, minor, patch) = (current.major, current.minor, current.patch);
    let (major, minor, patch) = match (worst, major) {
        (Class::Breaking, 0) => (0, minor + 1, 0),
        (Class::Breaking, _) => (major + 1, 0, 0),
        (Class::Additive, 0) => (0, minor, patch + 1),
        (Class::Additive, _) => (major, minor + 1, 0),
        (Class::DocsOnly, _) => (major, minor, patch + 1),
    };
    semver::Version::new(major, minor, patch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(class: Class) -> Change {
        Change {
            api: "a".into(),
            operation: None,
            what: String::new(),
            class,
            reason: String::new(),
        }
    }

    #[test]
    fn versions_follow_cargo_semver() {
        let v = |s: &str| semver::Version::parse(s).unwrap();
        let next = |from: &str, classes: &[Class]| {
            let changes: Vec<Change> = classes.iter().copied().map(change).collect();
            next_version(&v(from), &changes).to_string()
        };
        assert_eq!(next("1.4.2", &[Class::DocsOnly, Class::Breaking]), "2.0.0");
        assert_eq!(next("1.4.2", &[Class::Additive, Class::DocsOnly]), "1.5.0");
        assert_eq!(next("1.4.2", &[Class::DocsOnly]), "1.4.3");
        assert_eq!(next("0.3.1", &[Class::Breaking]), "0.4.0");
        assert_eq!(next("0.3.1", &[Class::Additive]), "0.3.2");
        assert_eq!(next("1.4.2", &[]), "1.4.2");
        assert_eq!(next("2.0.0-rc.1", &[Class::DocsOnly]), "2.0.1");
    }
}
