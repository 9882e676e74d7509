//! Stage 1: read spec files and deserialize them into [`crate::spec`] types,
//! keeping an index from document paths to source positions for later stages.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::diagnostic::{display_path, Diagnostic};
use crate::spec::{ApiPartSpec, ApiSpec};

/// A spec file's text and where each node of it starts.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Built on the first diagnostic: valid specs never pay for it.
    positions: std::sync::OnceLock<HashMap<String, (usize, usize)>>,
}

impl SourceFile {
    /// Reads and indexes one file. Anything but a regular file (or a link
    /// to one) is refused before it is opened: reading a FIFO or a device
    /// could block forever or never end.
    pub fn read(path: &Path) -> Result<Self, Diagnostic> {
        let cannot = |e: std::io::Error| {
            Diagnostic::about_file(path, format!("cannot read the spec file: {e}"), None)
        };
        let metadata = std::fs::metadata(path).map_err(cannot)?;
        if !metadata.is_file() {
            return Err(Diagnostic::about_file(
                path,
                "not a regular file (a directory, FIFO, socket or device); it was not read"
                    .to_owned(),
                Some("specs are regular `*.yaml` files; move anything else out of the spec directory"),
            ));
        }
        let text = std::fs::read_to_string(path).map_err(cannot)?;
        Ok(Self::from_text(path.to_owned(), text))
    }

    /// Indexes text already in memory (`path` names it in diagnostics).
    pub fn from_text(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            text,
            positions: std::sync::OnceLock::new(),
        }
    }

    fn positions(&self) -> &HashMap<String, (usize, usize)> {
        self.positions.get_or_init(|| {
            let mut indexer = Indexer::default();
            // A syntax error stops indexing; serde_yaml reports it with its position.
            let _ = Parser::new_from_str(&self.text).load(&mut indexer, false);
            indexer.positions
        })
    }

    /// 1-based line and column of the node at a dotted path (`a.b.3.c`),
    /// or of its nearest indexed ancestor.
    pub fn position(&self, dotted: &str) -> (usize, usize) {
        let mut key = dotted;
        loop {
            if let Some(&pos) = self.positions().get(key) {
                return pos;
            }
            match key.rfind('.') {
                Some(i) => key = &key[..i],
                None => return self.positions().get("").copied().unwrap_or((1, 1)),
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

    /// Deserializes the file. Every enum, schema and operation is read on
    /// its own, so the shape errors of all of them are reported together.
    pub fn parse(&self) -> Result<ApiSpec, Vec<Diagnostic>> {
        let parsed = self.parse_partial()?;
        if parsed.problems.is_empty() {
            Ok(parsed.spec)
        } else {
            Err(parsed.problems)
        }
    }

    /// Like [`SourceFile::parse`], but keeps what could be read: entries with
    /// shape errors are left out of the spec and named in
    /// [`Parsed::unreadable`], so validation can still check the rest without
    /// reporting references to them. Fails outright only when the file is not
    /// YAML or its top level is wrong.
    pub fn parse_partial(&self) -> Result<Parsed, Vec<Diagnostic>> {
        // Deep nesting costs the YAML scanners quadratic time: refuse it
        // before either of them sees the text.
        if let Some(problem) = self.nesting_problem() {
            return Err(vec![problem]);
        }
        // A valid spec reads in one typed pass, about twice as fast as the
        // entry-by-entry reading below, which only a spec with a problem needs
        // (to report all of them, each at its place).
        let refused = match serde_yaml::from_str::<ApiSpec>(&self.text) {
            Ok(spec) => {
                return Ok(Parsed {
                    spec,
                    problems: Vec::new(),
                    unreadable: Unreadable::default(),
                })
            }
            Err(e) => e,
        };
        let mut parsed = self.parse_by_entry()?;
        if parsed.problems.is_empty() {
            // The entry-by-entry reading goes through `serde_yaml::Value`,
            // which loses how a scalar was written (`-.INF`, `0x1F`, an empty
            // value); it must never accept what the one-pass reading refused,
            // so that an accepted spec is always the one-pass reading's.
            let mut problem = self.yaml_error(&refused);
            problem.hint = None;
            parsed.problems.push(problem);
        }
        Ok(parsed)
    }

    /// Reads the sections as YAML values, then each entry on its own: what
    /// [`SourceFile::parse_partial`] does when the one-pass reading fails.
    /// Public so that tests and the fuzzer can check that both readings
    /// agree on every spec the one-pass reading accepts.
    pub fn parse_by_entry(&self) -> Result<Parsed, Vec<Diagnostic>> {
        let value = self.read_value()?;
        let raw: ApiSpec<Value, Value, Value> = self.read_node("", value).map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        let mut unreadable = Unreadable::default();
        let enums = self.read_section("enums", raw.enums, &mut problems, &mut unreadable.types);
        let schemas =
            self.read_section("schemas", raw.schemas, &mut problems, &mut unreadable.types);
        let operations = self.read_section(
            "operations",
            raw.operations,
            &mut problems,
            &mut unreadable.operations,
        );
        Ok(Parsed {
            spec: ApiSpec {
                name: raw.name,
                title: raw.title,
                description: raw.description,
                docs_url: raw.docs_url,
                base_path: raw.base_path,
                servers: raw.servers,
                auth: raw.auth,
                security_schemes: raw.security_schemes,
                security: raw.security,
                oauth: raw.oauth,
                rate_limits: raw.rate_limits,
                webhooks: raw.webhooks,
                enums,
                schemas,
                operations,
            },
            problems,
            unreadable,
        })
    }

    /// The file as one YAML value; an empty file is an error.
    fn read_value(&self) -> Result<Value, Vec<Diagnostic>> {
        let value: Value =
            serde_yaml::from_str(&self.text).map_err(|e| vec![self.yaml_error(&e)])?;
        if value.is_null() {
            return Err(vec![Diagnostic {
                file: self.path.clone(),
                line: 1,
                column: 1,
                path: String::new(),
                message: "the spec file is empty: it holds no YAML document".to_owned(),
                hint: Some(
                    "a spec starts with `name:`, `title:` and the other keys spec/README.md lists"
                        .to_owned(),
                ),
            }]);
        }
        Ok(without_tags(value))
    }

    /// Reads one group file of a split API (see [`ApiPartSpec`]) the way
    /// [`SourceFile::parse_partial`] reads a whole spec: in one typed pass,
    /// or entry by entry to report every shape error.
    pub fn parse_part(&self) -> Result<ParsedPart, Vec<Diagnostic>> {
        if let Some(problem) = self.nesting_problem() {
            return Err(vec![problem]);
        }
        let refused = match serde_yaml::from_str::<ApiPartSpec>(&self.text) {
            Ok(part) => {
                return Ok(ParsedPart {
                    part,
                    problems: Vec::new(),
                    unreadable: Unreadable::default(),
                })
            }
            Err(e) => e,
        };
        let raw: ApiPartSpec<Value, Value, Value> = self
            .read_node("", self.read_value()?)
            .map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        let mut unreadable = Unreadable::default();
        let part = ApiPartSpec {
            description: raw.description,
            webhooks: raw.webhooks,
            enums: self.read_section("enums", raw.enums, &mut problems, &mut unreadable.types),
            schemas: self.read_section(
                "schemas",
                raw.schemas,
                &mut problems,
                &mut unreadable.types,
            ),
            operations: self.read_section(
                "operations",
                raw.operations,
                &mut problems,
                &mut unreadable.operations,
            ),
        };
        if problems.is_empty() {
            let mut problem = self.yaml_error(&refused);
            problem.hint = None;
            problems.push(problem);
        }
        Ok(ParsedPart {
            part,
            problems,
            unreadable,
        })
    }

    fn read_section<T: DeserializeOwned>(
        &self,
        section: &str,
        entries: IndexMap<String, Value>,
        problems: &mut Vec<Diagnostic>,
        unreadable: &mut Vec<String>,
    ) -> IndexMap<String, T> {
        let mut items = IndexMap::new();
        for (name, value) in entries {
            match self.read_node(&format!("{section}.{name}"), value) {
                Ok(item) => {
                    items.insert(name, item);
                }
                Err(d) => {
                    problems.push(d);
                    unreadable.push(name);
                }
            }
        }
        items
    }

    /// Deserializes one node found at `base`; errors are placed through the index.
    ///
    /// The node is written back as YAML and read from that text, not from
    /// the `Value`: reading from text is what the one-pass reading does, and
    /// the two differ (from text, a plain `false` or `404` is accepted where
    /// a string is expected; from a `Value` it is a bool or a number).
    fn read_node<T: DeserializeOwned>(&self, base: &str, value: Value) -> Result<T, Diagnostic> {
        let text = match serde_yaml::to_string(&value) {
            Ok(text) => text,
            Err(e) => return Err(self.diagnostic(base, e.to_string(), None)),
        };
        serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(&text)).map_err(|err| {
            // Dotted as the index has it (`list.0.status`): serde_path_to_error
            // writes list items as `list[0]`, which the index does not know.
            let inner: Vec<String> = err
                .path()
                .iter()
                .map(|segment| match segment {
                    serde_path_to_error::Segment::Seq { index } => index.to_string(),
                    other => other.to_string(),
                })
                .collect();
            let inner = inner.join(".");
            let mut dotted = match (base.is_empty(), inner.as_str()) {
                (_, "") => base.to_owned(),
                (true, _) => inner.clone(),
                (false, _) => format!("{base}.{inner}"),
            };
            let message = strip_serde_path(err.inner().to_string());
            // Point at the offending key itself when serde names it.
            if let Some(key) = message
                .strip_prefix("unknown field `")
                .and_then(|r| r.split('`').next())
            {
                if !dotted.ends_with(key) {
                    dotted = if dotted.is_empty() {
                        key.to_owned()
                    } else {
                        format!("{dotted}.{key}")
                    };
                }
            }
            let hint = shape_hint(&message, &dotted);
            self.diagnostic(&dotted, message, hint)
        })
    }

    fn yaml_error(&self, e: &serde_yaml::Error) -> Diagnostic {
        if let Some(duplicate) = self.duplicate_key() {
            return duplicate;
        }
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((0, 0));
        Diagnostic {
            file: self.path.clone(),
            line,
            column,
            path: String::new(),
            message: strip_serde_path(e.to_string()),
            hint: Some("this is a YAML syntax error; check indentation and quoting".to_owned()),
        }
    }
}

impl SourceFile {
    /// The first mapping key that repeats an earlier key of its mapping,
    /// reported where it repeats. serde_yaml names such a key at its first
    /// occurrence, as if the file could not be parsed.
    fn duplicate_key(&self) -> Option<Diagnostic> {
        let mut finder = DuplicateFinder::default();
        let _ = Parser::new_from_str(&self.text).load(&mut finder, false);
        let (key, (line, column), (first_line, _)) = finder.found?;
        Some(Diagnostic {
            file: self.path.clone(),
            line,
            column,
            path: String::new(),
            message: format!(
                "`{key}` is given twice in the same mapping (first at line {first_line})"
            ),
            hint: Some("each key appears once; remove one of the two, or rename it".to_owned()),
        })
    }

    /// A diagnostic where the text nests deeper than any spec needs: more
    /// than [`MAX_DEPTH`] levels of mappings and lists.
    fn nesting_problem(&self) -> Option<Diagnostic> {
        let (line, column, what) = nesting_problem(&self.text, MAX_DEPTH)?;
        Some(Diagnostic {
            file: self.path.clone(),
            line,
            column,
            path: String::new(),
            message: format!("{what}; the file was not parsed"),
            hint: Some(
                "a spec nests a few levels; check for a generated or damaged file".to_owned(),
            ),
        })
    }
}

/// How deep collections (mappings and sequences, block or flow) may nest
/// in a spec: a spec needs a handful of levels.
pub const MAX_DEPTH: usize = 64;

/// The 1-based line and column where `text` first nests collections more
/// than `max` levels deep, and what is wrong there. The YAML event parser
/// counts structure, so brackets inside strings, block scalars (a code
/// sample's text) and comments never count. Text the event parser cannot
/// read is left to the real parser, which says what is wrong with it.
pub(crate) fn nesting_problem(text: &str, max: usize) -> Option<(usize, usize, String)> {
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) | Err(_) => return None,
            Ok((Event::SequenceStart(..) | Event::MappingStart(..), mark)) => {
                depth += 1;
                if depth > max {
                    return Some((
                        mark.line(),
                        mark.col() + 1,
                        format!("mappings and lists nest more than {max} levels deep here"),
                    ));
                }
            }
            Ok((Event::SequenceEnd | Event::MappingEnd, _)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
        }
    }
}

/// A 1-based line and column.
type Position = (usize, usize);

/// An open mapping: its keys so far, and whether the next node is a key.
#[derive(Default)]
struct OpenMapping {
    keys: HashMap<String, Position>,
    expecting_key: bool,
}

/// A key given again: its text, where it repeats, where it first stood.
type Repeated = (String, Position, Position);

/// Finds the first mapping key that repeats an earlier key of its mapping.
#[derive(Default)]
struct DuplicateFinder {
    /// Per open collection: a mapping, or `None` for a sequence.
    stack: Vec<Option<OpenMapping>>,
    found: Option<Repeated>,
}

impl DuplicateFinder {
    /// A node starts; `scalar` is its text when it is a scalar.
    fn node(&mut self, scalar: Option<&str>, mark: Marker) {
        let Some(Some(OpenMapping {
            keys,
            expecting_key,
        })) = self.stack.last_mut()
        else {
            return;
        };
        if *expecting_key {
            if let Some(key) = scalar {
                let here = (mark.line(), mark.col() + 1);
                if let Some(&first) = keys.get(key) {
                    if self.found.is_none() {
                        self.found = Some((key.to_owned(), here, first));
                    }
                } else {
                    keys.insert(key.to_owned(), here);
                }
            }
        }
        *expecting_key = !*expecting_key;
    }
}

impl MarkedEventReceiver for DuplicateFinder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => self.node(Some(&value), mark),
            Event::Alias(_) => self.node(None, mark),
            Event::MappingStart(..) => {
                self.node(None, mark);
                self.stack.push(Some(OpenMapping {
                    keys: HashMap::new(),
                    expecting_key: true,
                }));
            }
            Event::SequenceStart(..) => {
                self.node(None, mark);
                self.stack.push(None);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// `value` with every YAML tag (`!name`) removed, keys included. Reading from
/// text ignores the tags of the values a spec holds, and a tagged mapping key
/// does not survive being written back as YAML.
fn without_tags(value: Value) -> Value {
    match value {
        Value::Tagged(tagged) => without_tags(tagged.value),
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(without_tags).collect()),
        Value::Mapping(entries) => {
            let mut untagged = serde_yaml::Mapping::with_capacity(entries.len());
            for (key, value) in entries {
                // `!a x` next to `x`: keep the tag, so the key stays apart and
                // reading it fails, rather than one entry replacing the other.
                let plain = without_tags(key.clone());
                let key = if untagged.contains_key(&plain) {
                    key
                } else {
                    plain
                };
                untagged.insert(key, without_tags(value));
            }
            Value::Mapping(untagged)
        }
        other => other,
    }
}

/// serde_yaml appends " at line L column C" and may prefix `path: `; both are shown apart.
fn strip_serde_path(message: String) -> String {
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    match message.split_once(": ") {
        Some((prefix, rest)) if !prefix.contains(' ') && !rest.is_empty() => rest.to_owned(),
        _ => message,
    }
}

fn shape_hint(message: &str, path: &str) -> Option<String> {
    let hint = if message.contains("unknown field") {
        "check the spelling; spec/README.md lists every key"
    } else if message.contains("missing field") {
        "add the key; spec/README.md says what it holds"
    } else if message.contains("did not match any variant") {
        if path.contains(".scopes") {
            "a scope requirement is a string, `{all_of: [...]}` or `{any_of: [...]}`"
        } else if path.contains(".properties") {
            "a property is a description, or `{type: string | \"string[]\", description: ...}`"
        } else {
            "a property value is a string or a list of strings"
        }
    } else if message.contains("a status class (`4XX`) or `default`") {
        "an error comes with one status (`404`), a class (`4XX`, `5XX`) or `default`"
    } else if message.contains("invalid type") {
        "spec/README.md says what this key holds; in flow mappings (`{a: b}`), quote text containing `,` `:` `{` or `}`"
    } else {
        return None;
    };
    Some(hint.to_owned())
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

fn list_dir(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::about_file(
            dir,
            format!("cannot read the spec directory: {e}"),
            Some("pass the directory that holds the `*.yaml` specs"),
        )
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    Ok(paths)
}

/// One API's spec: a file, or a directory of files (`spec/<name>/api.yaml`
/// and one file per group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecInput {
    /// `spec/<name>.yaml`.
    File(PathBuf),
    /// `spec/<name>/`, holding `api.yaml` and the groups' `*.yaml`.
    Split(PathBuf),
}

/// The header file of a split API.
pub const SPLIT_HEADER: &str = "api.yaml";

/// The APIs of a spec directory in name order, so that output does not
/// depend on the order the file system returns: each `*.yaml` file, and
/// each subdirectory holding `*.yaml` files. Subdirectories without any
/// (a vendor's OpenAPI files, say) are not specs.
pub fn spec_inputs(dir: &Path) -> Result<Vec<SpecInput>, Diagnostic> {
    let mut inputs = Vec::new();
    for path in list_dir(dir)? {
        if path.is_dir() {
            if list_dir(&path)?.iter().any(|p| is_yaml(p)) {
                inputs.push(SpecInput::Split(path));
            }
        } else if is_yaml(&path) {
            inputs.push(SpecInput::File(path));
        }
    }
    Ok(inputs)
}

/// Every spec file of a directory, those of split APIs included, in name
/// order (what a build script watches).
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    for input in spec_inputs(dir)? {
        match input {
            SpecInput::File(path) => files.push(path),
            SpecInput::Split(dir) => {
                files.extend(list_dir(&dir)?.into_iter().filter(|p| is_yaml(p)))
            }
        }
    }
    Ok(files)
}

/// Where the diagnostics about one API are placed.
pub trait Locate {
    /// A diagnostic at a dotted path of the API's spec (`operations.x.path`).
    fn diagnostic(&self, dotted: &str, message: String, hint: Option<String>) -> Diagnostic;
    /// The spec as generated code names it (`zoho_crm.yaml`, `highlevel/`).
    fn spec_name(&self) -> String;
    /// The group of the entry at a dotted path (`operations.upload`): the
    /// stem of the file of a split API that declares it.
    fn group_of(&self, _dotted: &str) -> Option<String> {
        None
    }
}

impl Locate for SourceFile {
    fn diagnostic(&self, dotted: &str, message: String, hint: Option<String>) -> Diagnostic {
        SourceFile::diagnostic(self, dotted, message, hint)
    }

    fn spec_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// An API split over several files, read as one: `api.yaml` holds the
/// header and what the groups share; each other file is a group
/// ([`ApiPartSpec`]). A diagnostic about an entry lands in the file that
/// declares it.
#[derive(Debug)]
pub struct SplitSource {
    /// The API's directory.
    pub dir: PathBuf,
    /// `api.yaml`.
    pub header: SourceFile,
    /// The groups' files, in name order.
    pub parts: Vec<SourceFile>,
    /// `section.name` (`operations.upload`) → index in `parts`.
    owners: HashMap<String, usize>,
}

impl SplitSource {
    /// Reads and merges the files of a split API. Shape errors and names
    /// declared by two files are all reported; what could be read is kept.
    pub fn read(dir: &Path) -> Result<(SplitSource, Parsed), Vec<Diagnostic>> {
        let files: Vec<PathBuf> = list_dir(dir)
            .map_err(|d| vec![d])?
            .into_iter()
            .filter(|p| is_yaml(p))
            .collect();
        let Some(header_path) = files
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n == SPLIT_HEADER))
        else {
            return Err(vec![Diagnostic::about_file(
                dir,
                format!("an API split over several files needs `{SPLIT_HEADER}`, which holds its name, servers and auth"),
                Some("or make it one file: `spec/<name>.yaml`"),
            )]);
        };
        let header = SourceFile::read(header_path).map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        let mut parts = Vec::new();
        for path in files.iter().filter(|p| *p != header_path) {
            match SourceFile::read(path) {
                Ok(source) => parts.push(source),
                Err(d) => problems.push(d),
            }
        }
        let (split, mut parsed) = SplitSource::merge(dir, header, parts)?;
        problems.append(&mut parsed.problems);
        parsed.problems = problems;
        Ok((split, parsed))
    }

    /// [`SplitSource::read`] on files already in memory (an import checking
    /// what it is about to write): `api.yaml` and the groups' files.
    pub fn merge(
        dir: &Path,
        header: SourceFile,
        part_files: Vec<SourceFile>,
    ) -> Result<(SplitSource, Parsed), Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut parsed = header.parse_partial()?;
        problems.append(&mut parsed.problems);
        let mut split = SplitSource {
            dir: dir.to_owned(),
            header,
            parts: Vec::new(),
            owners: HashMap::new(),
        };
        let mut first_file: HashMap<String, String> = HashMap::new();
        for key in parsed.spec.enums.keys().chain(parsed.spec.schemas.keys()) {
            first_file.insert(format!("type {key}"), SPLIT_HEADER.to_owned());
        }
        for key in parsed.spec.operations.keys() {
            first_file.insert(format!("operation {key}"), SPLIT_HEADER.to_owned());
        }
        if parsed.spec.webhooks.is_some() {
            first_file.insert("webhooks events".to_owned(), SPLIT_HEADER.to_owned());
        }
        for source in part_files {
            let part = match source.parse_part() {
                Ok(part) => part,
                Err(mut ds) => {
                    problems.append(&mut ds);
                    continue;
                }
            };
            let index = split.parts.len();
            let name = source.spec_name();
            problems.extend(part.problems);
            parsed.unreadable.types.extend(part.unreadable.types);
            parsed
                .unreadable
                .operations
                .extend(part.unreadable.operations);
            let mut claim = |kind: &str, section: &str, key: &str| -> bool {
                match first_file.entry(format!("{kind} {key}")) {
                    std::collections::hash_map::Entry::Occupied(first) => {
                        problems.push(
                            source.diagnostic(
                                &format!("{section}.{key}"),
                                format!("`{key}` is also declared in `{}`", first.get()),
                                Some(
                                    "the files of one API share their names; rename or remove one"
                                        .to_owned(),
                                ),
                            ),
                        );
                        false
                    }
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(name.clone());
                        split.owners.insert(format!("{section}.{key}"), index);
                        true
                    }
                }
            };
            let webhooks = part.part.webhooks;
            let webhooks_claimed = webhooks.is_some() && claim("webhooks", "webhooks", "events");
            for (key, value) in part.part.enums {
                if claim("type", "enums", &key) {
                    parsed.spec.enums.insert(key, value);
                }
            }
            for (key, value) in part.part.schemas {
                if claim("type", "schemas", &key) {
                    parsed.spec.schemas.insert(key, value);
                }
            }
            for (key, value) in part.part.operations {
                if claim("operation", "operations", &key) {
                    parsed.spec.operations.insert(key, value);
                }
            }
            if webhooks_claimed {
                for key in WEBHOOK_KEYS {
                    split.owners.insert(format!("webhooks.{key}"), index);
                }
                parsed.spec.webhooks = webhooks;
            }
            split.parts.push(source);
        }
        parsed.problems = problems;
        Ok((split, parsed))
    }
}

impl Locate for SplitSource {
    fn diagnostic(&self, dotted: &str, message: String, hint: Option<String>) -> Diagnostic {
        let mut pieces = dotted.splitn(3, '.');
        let owner = match (pieces.next(), pieces.next()) {
            (Some(section), Some(key)) => self.owners.get(&format!("{section}.{key}")),
            _ => None,
        };
        match owner {
            Some(&index) => self.parts[index].diagnostic(dotted, message, hint),
            None => self.header.diagnostic(dotted, message, hint),
        }
    }

    fn group_of(&self, dotted: &str) -> Option<String> {
        let index = self.owners.get(dotted)?;
        let stem = self.parts[*index].path.file_stem()?;
        Some(stem.to_string_lossy().into_owned())
    }

    fn spec_name(&self) -> String {
        let name = self
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        format!("{}/", name.unwrap_or_default())
    }
}

/// The keys of `webhooks`, for placing its diagnostics in the group file
/// that holds it.
const WEBHOOK_KEYS: &[&str] = &[
    "description",
    "docs_url",
    "source",
    "discriminator",
    "signature",
    "replay",
    "max_body",
    "events",
];

/// A spec read as far as possible.
#[derive(Debug)]
pub struct Parsed {
    /// Everything that could be read.
    pub spec: ApiSpec,
    /// The shape errors of the entries that could not.
    pub problems: Vec<Diagnostic>,
    /// What was left out because of those errors.
    pub unreadable: Unreadable,
}

/// A group file of a split API, read as far as possible.
#[derive(Debug)]
pub struct ParsedPart {
    /// Everything that could be read.
    pub part: ApiPartSpec,
    /// The shape errors of the entries that could not.
    pub problems: Vec<Diagnostic>,
    /// What was left out because of those errors.
    pub unreadable: Unreadable,
}

/// Entries left out of a [`Parsed`] spec because of their shape errors.
#[derive(Debug, Default)]
pub struct Unreadable {
    /// Enum and schema names.
    pub types: Vec<String>,
    /// Operation names.
    pub operations: Vec<String>,
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

    fn spec_text(name: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../spec")
            .join(name);
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn the_one_pass_reading_equals_the_entry_by_entry_reading() {
        // Plain scalars that YAML reads as a bool or a number where the spec
        // expects a string, and a tagged key (the fuzzer found these read
        // differently).
        let odd = spec_text("zoho_crm.yaml")
            .replacen("summary: Upload an Attachment", "summary: false", 1)
            .replacen("title: ", "title: 404 #", 1)
            .replacen("operations:\n  ", "operations:\n  !tagged ", 1);
        for (name, text) in [
            ("zoho_crm.yaml", spec_text("zoho_crm.yaml")),
            ("highlevel/api.yaml", spec_text("highlevel/api.yaml")),
            ("odd.yaml", odd),
        ] {
            let f = SourceFile::from_text(name.into(), text);
            let fast = f.parse_partial().unwrap();
            let by_entry = f.parse_by_entry().unwrap();
            assert!(by_entry.problems.is_empty(), "{name}");
            assert_eq!(format!("{:?}", fast.spec), format!("{:?}", by_entry.spec));
        }
    }

    #[test]
    fn a_key_given_twice_is_reported_wherever_it_is() {
        let text = spec_text("zoho_crm.yaml");
        let edits = [
            // A top-level key, a section entry, a map inside an operation,
            // a struct's field and a flow-style enum value's property.
            ("title: ", "title: Twice\ntitle: "),
            (
                "operations:\n",
                "operations:\n  upload_attachment:\n    summary: x\n",
            ),
            (
                "    params:\n",
                "    params:\n      module_api_name: {in: path, type: string, description: x}\n",
            ),
            ("    summary: ", "    summary: twice\n    summary: "),
            (
                "{name: Leads, value: Leads, ",
                "{name: Leads, value: Leads, scope_name: x, ",
            ),
        ];
        for (anchor, replacement) in edits {
            assert!(text.contains(anchor), "{anchor:?}");
            let edited = text.replacen(anchor, replacement, 1);
            let f = SourceFile::from_text("t.yaml".into(), edited.clone());
            let problems = f.parse().expect_err(replacement);
            let d = problems
                .iter()
                .find(|d| d.message.contains("is given twice"))
                .unwrap_or_else(|| panic!("{replacement:?}: {problems:?}"));
            // Placed at the second occurrence, which names the key.
            let key = d.message.split('`').nth(1).unwrap();
            let line = edited.lines().nth(d.line - 1).unwrap();
            assert!(
                line[line.char_indices().nth(d.column - 1).unwrap().0..].starts_with(key),
                "{replacement:?}: {d:?} points at {line:?}"
            );
            let first: usize = d
                .message
                .rsplit("line ")
                .next()
                .unwrap()
                .trim_end_matches(')')
                .parse()
                .unwrap();
            assert!(first <= d.line, "{d:?}");
        }
    }
}
