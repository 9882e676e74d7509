//! The vendor's OpenAPI files, read once each. After [`Documents::read`]
//! every file a `$ref` names is read too (refs of refs included), so that
//! the stages after this one see an immutable set of documents: internal
//! refs (`#/components/...`), relative files (`../common/schemas.json#/...`,
//! relative to the file that refers to them) and absolute URLs
//! (`https://.../common.json#/...`), which resolve by file name to the files
//! given or found under `--refs`. Nothing is fetched.
//!
//! Following a ref is [`super::resolve`]'s.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::Diagnostic;

/// Largest OpenAPI file read (the vendors' biggest are a few MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Most files one import reads, refs included.
pub const MAX_FILES: usize = 4096;
/// Most bytes one import reads, refs included.
pub const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// How deep `[`/`{` (JSON) or collections (YAML) may nest in a document:
/// the parsers' own recursion limit, stated here so that a file deeper than
/// that is refused with a located message rather than the parser's.
pub const MAX_NESTING: usize = 128;

/// One OpenAPI document.
#[derive(Debug)]
pub struct Document {
    /// As given, or as found; named so in reports.
    pub path: PathBuf,
    pub root: Value,
}

/// Every document read, by index; refs name a document and a JSON pointer.
#[derive(Debug, Default)]
pub struct Documents {
    pub docs: Vec<Document>,
    /// Canonical path → index.
    by_path: BTreeMap<PathBuf, usize>,
    /// File name → candidate paths (for absolute-URL refs), from the inputs
    /// and `--refs`.
    by_name: BTreeMap<String, Vec<PathBuf>>,
    /// Files a ref names that could not be read, and why.
    unreadable: BTreeMap<PathBuf, String>,
    /// Documents given in memory: refs to other files are dangling.
    offline_only: bool,
    /// Bytes read so far.
    bytes: u64,
}

/// Where a ref leads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    pub doc: usize,
    /// JSON pointer inside the document (`/components/schemas/X`).
    pub pointer: String,
}

impl Documents {
    /// Reads the input files, then every file their refs name; every input
    /// that cannot be read or parsed is reported, all at once. A file only
    /// a ref names that cannot be read costs the refs to it (reported where
    /// they are), not the import.
    pub fn read(files: &[PathBuf], refs: Option<&Path>) -> Result<Documents, Vec<Diagnostic>> {
        let mut docs = Documents::default();
        let mut problems = Vec::new();
        for file in files {
            docs.remember_name(file);
        }
        if let Some(dir) = refs {
            match walk(dir) {
                Ok(found) => found.iter().for_each(|f| docs.remember_name(f)),
                Err(e) => problems.push(Diagnostic::about_file(
                    dir,
                    format!("cannot read the `--refs` directory: {e}"),
                    None,
                )),
            }
        }
        for file in files {
            if let Err(d) = docs.load(file) {
                problems.push(d);
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        docs.load_referenced();
        Ok(docs)
    }

    /// Documents already parsed (the fuzzer's, tests', the pages import's):
    /// refs resolve among them only; nothing is read from disk.
    pub fn from_parsed(docs: Vec<(PathBuf, Value)>) -> Documents {
        let mut out = Documents {
            offline_only: true,
            ..Documents::default()
        };
        for (path, root) in docs {
            out.remember_name(&path);
            out.by_path.insert(path.clone(), out.docs.len());
            out.docs.push(Document { path, root });
        }
        out
    }

    fn remember_name(&mut self, path: &Path) {
        if let Some(name) = path.file_name() {
            let list = self
                .by_name
                .entry(name.to_string_lossy().into_owned())
                .or_default();
            if !list.iter().any(|p| p == path) {
                list.push(path.to_owned());
            }
        }
    }

    fn key(&self, path: &Path) -> PathBuf {
        if self.offline_only {
            path.to_owned()
        } else {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
        }
    }

    /// Reads one file (once), JSON or YAML.
    fn load(&mut self, path: &Path) -> Result<usize, Diagnostic> {
        let key = self.key(path);
        if let Some(&i) = self.by_path.get(&key) {
            return Ok(i);
        }
        if self.offline_only {
            return Err(Diagnostic::about_file(
                path,
                "not among the documents given".to_owned(),
                None,
            ));
        }
        if self.docs.len() >= MAX_FILES {
            return Err(Diagnostic::about_file(
                path,
                format!("more than {MAX_FILES} files to read; this one was not"),
                None,
            ));
        }
        let (root, bytes) = read_document(path, MAX_TOTAL_BYTES.saturating_sub(self.bytes))?;
        self.bytes += bytes;
        self.docs.push(Document {
            path: path.to_owned(),
            root,
        });
        self.by_path.insert(key, self.docs.len() - 1);
        Ok(self.docs.len() - 1)
    }

    /// Reads every file a ref of a document read names, until none is new.
    fn load_referenced(&mut self) {
        let mut next = 0;
        while next < self.docs.len() {
            let mut files = Vec::new();
            collect_ref_files(&self.docs[next].root, &mut files);
            files.sort();
            files.dedup();
            for file in files {
                if let Some(path) = self.file_of(next, &file) {
                    let key = self.key(&path);
                    if self.by_path.contains_key(&key) || self.unreadable.contains_key(&key) {
                        continue;
                    }
                    if let Err(d) = self.load(&path) {
                        self.unreadable.insert(key, d.message);
                    }
                }
            }
            next += 1;
        }
    }

    /// The path a ref's file part names, from document `from`: relative to
    /// that document, or found by file name for an absolute URL.
    fn file_of(&self, from: usize, file: &str) -> Option<PathBuf> {
        if file.starts_with("http://") || file.starts_with("https://") {
            let name = file.rsplit('/').next().unwrap_or_default();
            return self.by_name.get(name).and_then(|p| p.first()).cloned();
        }
        let file = percent_encoding::percent_decode_str(file).decode_utf8_lossy();
        let base = self.docs[from].path.parent().unwrap_or(Path::new(""));
        Some(base.join(file.as_ref()))
    }

    /// The document a ref's file part names, from document `from`, or why
    /// there is none.
    pub fn doc_of(&self, from: usize, file: &str) -> Result<usize, String> {
        if file.is_empty() {
            return Ok(from);
        }
        let Some(path) = self.file_of(from, file) else {
            return Err(format!(
                "`{file}` names a file that is neither among the inputs nor under `--refs` (nothing is fetched)"
            ));
        };
        let key = self.key(&path);
        if let Some(&doc) = self.by_path.get(&key) {
            return Ok(doc);
        }
        Err(match self.unreadable.get(&key) {
            Some(why) => format!("the ref's file cannot be used: {why}"),
            None => format!(
                "the ref's file cannot be used: {} is not among the documents given",
                path.display()
            ),
        })
    }

    /// The node at a target, if there is one.
    pub fn get(&self, target: &Target) -> Option<&Value> {
        self.docs[target.doc].root.pointer(&target.pointer)
    }
}

/// The file parts of every `$ref` under `value`.
fn collect_ref_files(value: &Value, out: &mut Vec<String>) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let file = r.split_once('#').map_or(r.as_str(), |(f, _)| f);
                    if !file.is_empty() {
                        out.push(file.to_owned());
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(list) => stack.extend(list),
            _ => {}
        }
    }
}

/// Reads a JSON or YAML document (by extension; YAML when unsure: JSON is
/// YAML), of at most `budget` bytes. Problems name the file, and the line
/// and column where the parser gives them.
fn read_document(path: &Path, budget: u64) -> Result<(Value, u64), Diagnostic> {
    let cannot = |e: String| Diagnostic::about_file(path, e, None);
    let metadata = std::fs::metadata(path).map_err(|e| cannot(format!("cannot read: {e}")))?;
    if !metadata.is_file() {
        return Err(cannot("not a regular file; it was not read".to_owned()));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(cannot(format!(
            "{} bytes: larger than the {MAX_FILE_BYTES} bytes an OpenAPI file may have here",
            metadata.len()
        )));
    }
    if metadata.len() > budget {
        return Err(cannot(format!(
            "{} bytes: more than the {MAX_TOTAL_BYTES} bytes one import reads in all",
            metadata.len()
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| cannot(format!("cannot read: {e}")))?;
    Ok((parse_document(path, &text)?, metadata.len()))
}

/// Parses a document's text (public for the fuzzer).
pub fn parse_document(path: &Path, text: &str) -> Result<Value, Diagnostic> {
    let at = |line: usize, column: usize, message: String| Diagnostic {
        file: path.to_owned(),
        line,
        column,
        path: String::new(),
        message,
        hint: Some(
            "the file is not valid JSON or YAML; the vendor's file may be cut short".to_owned(),
        ),
    };
    let json = path.extension().is_some_and(|e| e == "json") || text.trim_start().starts_with('{');
    let value: Value = if json {
        serde_json::from_str(text).map_err(|e| at(e.line(), e.column(), e.to_string()))?
    } else {
        if let Some((line, column, what)) = crate::load::nesting_problem(text, MAX_NESTING) {
            return Err(at(line, column, what));
        }
        serde_yaml::from_str::<WideNumbers>(text)
            .map(|v| v.0)
            .map_err(|e| {
                let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
                at(line, column, e.to_string())
            })?
    };
    if !value.is_object() {
        return Err(at(1, 1, "an OpenAPI document is an object".to_owned()));
    }
    if let Some(version) = value.get("swagger") {
        return Err(Diagnostic {
            file: path.to_owned(),
            line: 1,
            column: 1,
            path: "/swagger".to_owned(),
            message: format!(
                "a Swagger {} file: the import reads OpenAPI 3.0 and 3.1 only",
                super::schemas::text_of(version)
            ),
            hint: Some(
                "convert it to OpenAPI 3 first (for example with swagger2openapi), then import that"
                    .to_owned(),
            ),
        });
    }
    Ok(value)
}

/// A document's value, read as serde_json reads JSON text: an integer
/// beyond 64 bits becomes the nearest `f64`. serde_yaml hands such integers
/// over as `i128`/`u128`, which `serde_json::Value` refuses ("number out of
/// range"), so the same file in YAML failed whole where its JSON twin
/// imported. Schemas then report the value as an integer beyond 64 bits
/// (`schemas::beyond_64_bits`).
struct WideNumbers(Value);

impl<'de> serde::Deserialize<'de> for WideNumbers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WideVisitor).map(WideNumbers)
    }
}

struct WideVisitor;

impl<'de> serde::de::Visitor<'de> for WideVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON-compatible value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(WideNumbers(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some((k, WideNumbers(v))) = map.next_entry::<String, WideNumbers>()? {
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }
}

/// A float as JSON has it: NaN and the infinities (`.nan`, `.inf` in YAML)
/// have no JSON number and become null, as serde_json makes them.
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// Files under a directory, in name order.
fn walk(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Escapes one JSON pointer token.
pub fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
