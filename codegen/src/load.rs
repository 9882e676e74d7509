//! Stage 1: read spec files and deserialize them into [`crate::spec`] types,
//! keeping an index from document paths to source positions for later stages.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::{display_path, Diagnostic};
use crate::spec::ApiSpec;

/// A spec file's text and where each node of it starts.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    positions: HashMap<String, (usize, usize)>,
}

impl SourceFile {
    /// Reads and indexes one file.
    pub fn read(path: &Path) -> Result<Self, Diagnostic> {
        let text = std::fs::read_to_string(path).map_err(|e| Diagnostic {
            file: path.to_owned(),
            line: 0,
            column: 0,
            path: String::new(),
            message: format!("cannot read the spec file: {e}"),
            hint: None,
        })?;
        Ok(Self::from_text(path.to_owned(), text))
    }

    /// Indexes text already in memory (`path` names it in diagnostics).
    pub fn from_text(path: PathBuf, text: String) -> Self {
        let mut indexer = Indexer::default();
        // A syntax error stops indexing; serde_yaml reports it with its position.
        let _ = Parser::new_from_str(&text).load(&mut indexer, false);
        SourceFile {
            path,
            text,
            positions: indexer.positions,
        }
    }

    /// 1-based line and column of the node at a dotted path (`a.b.3.c`),
    /// or of its nearest indexed ancestor.
    pub fn position(&self, dotted: &str) -> (usize, usize) {
        let mut key = dotted;
        loop {
            if let Some(&pos) = self.positions.get(key) {
                return pos;
            }
            match key.rfind('.') {
                Some(i) => key = &key[..i],
                None => return self.positions.get("").copied().unwrap_or((1, 1)),
            }
        }
    }

    /// A diagnostic at a dotted path of this file.
    pub fn diagnostic(&self, dotted: &str, message: String, hint: Option<String>) -> Diagnostic {
        let (line, column) = self.position(dotted);
        Diagnostic {
            file: self.path.clone(),
            line,
            column,
            path: display_path(dotted),
            message,
            hint,
        }
    }

    /// Deserializes the file; a shape error names its position and path.
    pub fn parse(&self) -> Result<ApiSpec, Diagnostic> {
        let de = serde_yaml::Deserializer::from_str(&self.text);
        serde_path_to_error::deserialize(de).map_err(|err| {
            let dotted = err.path().to_string();
            let inner = err.inner();
            let (line, column) = match inner.location() {
                Some(loc) => (loc.line(), loc.column()),
                None => self.position(&dotted),
            };
            let message = inner.to_string();
            // serde_yaml appends " at line L column C"; the position is shown apart.
            let message = match message.find(" at line ") {
                Some(i) => message[..i].to_owned(),
                None => message,
            };
            // serde_yaml prefixes its own path (`a.b: ...`); the path is shown apart.
            let message = match message.split_once(": ") {
                Some((prefix, rest)) if !prefix.contains(' ') && !rest.is_empty() => {
                    rest.to_owned()
                }
                _ => message,
            };
            Diagnostic {
                file: self.path.clone(),
                line,
                column,
                path: if dotted == "." {
                    String::new()
                } else {
                    display_path(&dotted)
                },
                hint: shape_hint(&message),
                message,
            }
        })
    }
}

fn shape_hint(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        Some("check the spelling; spec/README.md lists every key".to_owned())
    } else if message.contains("missing field") {
        Some("add the key; spec/README.md says what it holds".to_owned())
    } else if message.contains("did not match any variant") {
        Some("a scope is a string, `{all_of: [...]}` or `{any_of: [...]}`; a property value is a string or a list of strings".to_owned())
    } else {
        None
    }
}

/// Lists `*.yaml` and `*.yml` files of a directory in name order, so that
/// output does not depend on the order the file system returns.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let entries = std::fs::read_dir(dir).map_err(|e| Diagnostic {
        file: dir.to_owned(),
        line: 0,
        column: 0,
        path: String::new(),
        message: format!("cannot read the spec directory: {e}"),
        hint: Some("pass the directory that holds the `*.yaml` specs".to_owned()),
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    files.sort();
    Ok(files)
}

enum Frame {
    /// `relocate`: the mapping is a sequence item, whose start mark the parser
    /// places after its first key; the first key's position is used instead.
    Map {
        key: Option<String>,
        base: String,
        relocate: bool,
    },
    Seq {
        index: usize,
        base: String,
    },
}

/// Records the position of every node by its dotted path.
#[derive(Default)]
struct Indexer {
    stack: Vec<Frame>,
    positions: HashMap<String, (usize, usize)>,
}

impl Indexer {
    fn join(base: &str, seg: &str) -> String {
        if base.is_empty() {
            seg.to_owned()
        } else {
            format!("{base}.{seg}")
        }
    }

    /// Path of the node that starts now, or `None` when it is a mapping key.
    fn node_path(&mut self, scalar: Option<&str>, mark: Marker) -> Option<String> {
        let pos = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Map {
                key,
                base,
                relocate,
            }) => match key.take() {
                Some(k) => Some(Self::join(base, &k)),
                None => {
                    // A key: remember it, and point the entry at the key.
                    let k = scalar.unwrap_or("?").to_owned();
                    self.positions.insert(Self::join(base, &k), pos);
                    if std::mem::take(relocate) {
                        self.positions.insert(base.clone(), pos);
                    }
                    *key = Some(k);
                    None
                }
            },
            Some(Frame::Seq { index, base }) => {
                let p = Self::join(base, &index.to_string());
                *index += 1;
                self.positions.insert(p.clone(), pos);
                Some(p)
            }
        }
    }
}

impl MarkedEventReceiver for Indexer {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                if let Some(p) = self.node_path(Some(&value), mark) {
                    self.positions
                        .entry(p)
                        .or_insert((mark.line(), mark.col() + 1));
                }
            }
            Event::Alias(_) => {
                self.node_path(None, mark);
            }
            Event::MappingStart(..) => {
                let relocate = matches!(self.stack.last(), Some(Frame::Seq { .. }));
                let base = self.node_path(None, mark).unwrap_or_default();
                self.positions
                    .entry(base.clone())
                    .or_insert((mark.line(), mark.col() + 1));
                self.stack.push(Frame::Map {
                    key: None,
                    base,
                    relocate,
                });
            }
            Event::SequenceStart(..) => {
                let base = self.node_path(None, mark).unwrap_or_default();
                self.positions
                    .entry(base.clone())
                    .or_insert((mark.line(), mark.col() + 1));
                self.stack.push(Frame::Seq { index: 0, base });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_point_at_keys_and_items() {
        let text = "a:\n  b: 1\n  list:\n    - x: 2\n    - yy: 3\n      z: 4\n".to_owned();
        let f = SourceFile::from_text("t.yaml".into(), text);
        assert_eq!(f.position("a"), (1, 1));
        assert_eq!(f.position("a.b"), (2, 3));
        assert_eq!(f.position("a.list.1"), (5, 7));
        assert_eq!(f.position("a.list.1.yy"), (5, 7));
        assert_eq!(f.position("a.list.1.z"), (6, 7));
        assert_eq!(f.position("a.list.1.yy.missing"), (5, 7));
    }
}
