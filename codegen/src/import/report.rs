//! The import report: every fact the importer could not carry, approximated
//! or repaired, each at its file and JSON pointer. Nothing is dropped
//! silently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What kind of problem an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A `$ref` that leads nowhere: its type became `json`.
    DanglingRef,
    /// An example that is not of its schema's type: left out.
    WrongExampleType,
    /// A `{placeholder}` in a path with no parameter: declared as a
    /// required string.
    PathParamUndeclared,
    /// Scopes on a scheme that is not OAuth 2 (OpenAPI allows none): kept
    /// as the operation's scopes.
    ScopesOnNonOAuth,
    /// Two files declare one component name differently: the later one renamed.
    DuplicateComponent,
    /// An operation name that had to be made up or made unique.
    OperationName,
    /// Something our format has no place for: left out.
    NotCarried,
    /// Carried, but not exactly as the vendor wrote it.
    Approximated,
    /// Documentation the vendor left out (an operation's summary): a
    /// stand-in is written. The wire is as the vendor wrote it, so the
    /// operation does not count as approximated.
    DocsFilledIn,
    /// A vendor mistake put right without losing anything (a value listed
    /// twice kept once, a union of one alternative read as it).
    Repaired,
    /// An operation left out whole, with the reason.
    Skipped,
    /// Another media type the vendor accepts or sends besides the one the
    /// import uses: nothing of the operation is lost.
    OtherMedia,
    /// A type inferred from the vendor's samples (a page's sample
    /// response), not documented.
    Inferred,
    /// Something the client sets itself (an `Authorization` or `Accept`
    /// header parameter): carried by the runtime, not as an input.
    ByClient,
}

impl Kind {
    /// The report's label.
    pub fn label(self) -> &'static str {
        match self {
            Kind::DanglingRef => "dangling ref",
            Kind::WrongExampleType => "example of the wrong type",
            Kind::PathParamUndeclared => "path placeholder without a parameter",
            Kind::ScopesOnNonOAuth => "scopes on a non-OAuth scheme",
            Kind::DuplicateComponent => "duplicated component name",
            Kind::OperationName => "operation name",
            Kind::NotCarried => "not carried",
            Kind::Approximated => "approximated",
            Kind::DocsFilledIn => "documentation filled in",
            Kind::Repaired => "repaired",
            Kind::Skipped => "operation skipped",
            Kind::OtherMedia => "another media type",
            Kind::ByClient => "set by the client",
            Kind::Inferred => "inferred from samples",
        }
    }

    /// Whether the entry says something was not carried.
    pub fn is_loss(self) -> bool {
        matches!(self, Kind::NotCarried | Kind::DanglingRef | Kind::Skipped)
    }
}

/// One entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Entry {
    pub file: PathBuf,
    /// JSON pointer in that file.
    pub pointer: String,
    pub kind: Kind,
    pub message: String,
}

/// Everything to report, plus the counts of the summary.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Report {
    pub entries: Vec<Entry>,
    /// Operations in the vendor's files.
    pub operations_found: usize,
    /// Operations written to the specs.
    pub operations_imported: usize,
    /// Imported operations carried with an approximation or a loss in
    /// their own part of the vendor's file (a parameter, the body, a
    /// response), so not exactly as written.
    pub operations_approximated: usize,
    /// Operations left out, by name, with the reason.
    pub operations_skipped: BTreeMap<String, String>,
    /// Webhook events in the vendor's files (or pages).
    pub events_found: usize,
    /// Webhook events written to the specs.
    pub events_imported: usize,
}

impl Report {
    /// Adds an entry (the same one twice is kept once).
    pub fn add(&mut self, file: &Path, pointer: &str, kind: Kind, message: String) {
        let entry = Entry {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            kind,
            message,
        };
        if !self.entries.contains(&entry) {
            self.entries.push(entry);
        }
    }

    /// Whether something at or below `pointer` of `file` was approximated
    /// or not carried.
    pub fn touches(&self, file: &Path, pointer: &str) -> bool {
        self.entries.iter().any(|e| {
            matches!(
                e.kind,
                Kind::Approximated | Kind::NotCarried | Kind::DanglingRef
            ) && e.file == file
                && (e.pointer == pointer
                    || e.pointer
                        .strip_prefix(pointer)
                        .is_some_and(|rest| rest.starts_with('/')))
        })
    }

    /// Entries in file, pointer order: the same input, the same report.
    pub fn sorted(mut self) -> Self {
        self.entries.sort();
        self
    }

    /// The summary for stderr: counts by kind.
    pub fn summary(&self) -> String {
        let mut by_kind: BTreeMap<Kind, usize> = BTreeMap::new();
        for e in &self.entries {
            *by_kind.entry(e.kind).or_default() += 1;
        }
        let operations = format!(
            "{} of {} operations ({} approximated, {} skipped)",
            self.operations_imported,
            self.operations_found,
            self.operations_approximated,
            self.operations_skipped.len(),
        );
        let events = format!(
            "{} of {} webhook events",
            self.events_imported, self.events_found
        );
        let what = match (self.operations_found, self.events_found) {
            (_, 0) => operations,
            (0, _) => events,
            _ => format!("{operations} and {events}"),
        };
        let mut out = format!("imported {what}; {} report entries", self.entries.len());
        for (kind, n) in by_kind {
            out.push_str(&format!("\n  {n:>5} {}", kind.label()));
        }
        for (reason, n) in self.skips_by_reason() {
            out.push_str(&format!("\n  {n:>5} skipped: {reason}"));
        }
        out
    }

    /// Skipped operations counted by reason, the names in the reasons
    /// left out (`` `X` ``) so that one kind of problem is one line.
    pub fn skips_by_reason(&self) -> BTreeMap<String, usize> {
        let mut by_reason = BTreeMap::new();
        for reason in self.operations_skipped.values() {
            let mut general = String::new();
            let mut inside = false;
            for c in reason.chars() {
                if c == '`' {
                    if !inside {
                        general.push_str("`…`");
                    }
                    inside = !inside;
                } else if !inside {
                    general.push(c);
                }
            }
            *by_reason.entry(general).or_insert(0) += 1;
        }
        by_reason
    }

    /// The full report, as Markdown: a table per file.
    pub fn render_markdown(&self) -> String {
        let mut out = String::from("# Import report\n\n");
        out.push_str(&self.summary().replace("\n  ", "\n- "));
        out.push('\n');
        let mut file: Option<&Path> = None;
        for e in &self.entries {
            if file != Some(e.file.as_path()) {
                file = Some(&e.file);
                out.push_str(&format!(
                    "\n## `{}`\n\n| where | what | detail |\n|---|---|---|\n",
                    e.file.display()
                ));
            }
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                if e.pointer.is_empty() {
                    "/"
                } else {
                    &e.pointer
                },
                e.kind.label(),
                e.message.replace('|', "\\|").replace('\n', " ")
            ));
        }
        out
    }
}
