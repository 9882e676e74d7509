//! Problems found in specs, each pinned to a file, line and column.

use std::fmt;
use std::path::PathBuf;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;

/// One problem in one spec file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// In JSON, as text (a name that is not UTF-8 has its bytes replaced).
    #[serde(serialize_with = "path_as_text")]
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    /// Where inside the document, as `operations.upload.errors[3].status`.
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
}

fn path_as_text<S: serde::Serializer>(path: &std::path::Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

impl Diagnostic {
    /// A problem with a file or directory as a whole (it cannot be read,
    /// holds no spec), with no line, column or document path.
    pub fn about_file(file: impl Into<PathBuf>, message: String, hint: Option<&str>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            column: 0,
            path: String::new(),
            message,
            hint: hint.map(str::to_owned),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}\n  --> {}", self.message, self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.path.is_empty() {
            write!(f, "\n   = at: {}", self.path)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n   = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found in a run; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        write!(
            f,
            "{} problem{} found in the specs",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

impl Diagnostics {
    /// Renders every problem like rustc does: message, `file:line:column`,
    /// the offending source line with a marker, the document path and a hint.
    /// Source lines are read from the files named by the diagnostics.
    pub fn render(&self) -> String {
        let mut sources: Vec<(PathBuf, String)> = Vec::new();
        for d in &self.0 {
            if !sources.iter().any(|(p, _)| p == &d.file) {
                // Only regular files: a FIFO or a device named in a problem
                // could block the read forever.
                let text = std::fs::metadata(&d.file)
                    .is_ok_and(|m| m.is_file())
                    .then(|| std::fs::read_to_string(&d.file).ok())
                    .flatten()
                    .unwrap_or_default();
                sources.push((d.file.clone(), text));
            }
        }
        let borrowed: Vec<(PathBuf, &str)> = sources
            .iter()
            .map(|(p, t)| (p.clone(), t.as_str()))
            .collect();
        self.render_with_sources(&borrowed)
    }

    /// [`Diagnostics::render`] with the sources given (path, text), for text
    /// that is not on disk.
    pub fn render_with_sources(&self, sources: &[(PathBuf, &str)]) -> String {
        let mut files = SimpleFiles::new();
        let mut ids = std::collections::HashMap::new();
        let config = term::Config::default();
        let mut out = String::new();
        for d in &self.0 {
            let text = sources
                .iter()
                .find(|(p, _)| p == &d.file)
                .map(|(_, t)| *t)
                .unwrap_or("");
            let id = *ids
                .entry(d.file.clone())
                .or_insert_with(|| files.add(d.file.display().to_string(), text.to_owned()));
            let mut notes = Vec::new();
            if !d.path.is_empty() {
                notes.push(format!("at: {}", d.path));
            }
            if let Some(h) = &d.hint {
                notes.push(format!("hint: {h}"));
            }
            let rendered = span(text, d.line, d.column).and_then(|range| {
                let report = Report::error()
                    .with_message(&d.message)
                    .with_labels(vec![Label::primary(id, range)])
                    .with_notes(notes);
                term::emit_into_string(&config, &files, &report).ok()
            });
            match rendered {
                Some(text) => out.push_str(&text),
                // No source line to show: the plain form still names file and position.
                None => {
                    out.push_str(&d.to_string());
                    out.push('\n');
                }
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "error: {} problem{} found in the specs\n",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" }
        ));
        out
    }

    /// The problems as a JSON array, for tools.
    pub fn to_json(&self) -> String {
        // Strings and numbers only: serializing cannot fail, and serde_json
        // escapes every message and path.
        serde_json::to_string_pretty(&self.0)
            .unwrap_or_else(|e| serde_json::json!([{ "message": e.to_string() }]).to_string())
    }
}

/// Source lines longer than this are not quoted in a rendered problem (a
/// damaged or generated file can hold one line of megabytes): the plain
/// form names the file, line and column instead.
const MAX_QUOTED_LINE: usize = 400;

/// The byte range of the token at a 1-based line and column: up to the next
/// space, `,`, `:` or closing bracket on that line.
fn span(source: &str, line: usize, column: usize) -> Option<std::ops::Range<usize>> {
    if line == 0 {
        return None;
    }
    let line_start: usize = source
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let text = source[line_start..].lines().next()?;
    if text.len() > MAX_QUOTED_LINE {
        return None;
    }
    let start = line_start
        + text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map(|(i, _)| i)
            .unwrap_or(text.len());
    let rest = &source[start..line_start + text.len()];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '}' | ']'))
        .unwrap_or(rest.len());
    // At least one whole character, so the marker is visible and on a char boundary.
    let end = if end == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        end
    };
    Some(start..start + end)
}

/// Turns serde's dotted path (`errors.list.3.status`) into the form people
/// read (`errors.list[3].status`).
pub fn display_path(dotted: &str) -> String {
    let mut out = String::with_capacity(dotted.len());
    for (i, seg) in dotted.split('.').enumerate() {
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(seg);
            out.push(']');
        } else {
            if i > 0 {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn sequence_indices_are_bracketed() {
        assert_eq!(
            super::display_path("operations.up.errors.list.3.status"),
            "operations.up.errors.list[3].status"
        );
    }
}
