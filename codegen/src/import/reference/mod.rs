//! Vendor reference pages (one page per operation, as Zoho CRM documents
//! its API) + a page profile ([`crate::profile`]) → the API's spec.
//!
//! ```text
//! pages ─► read (profile) ─► an OpenAPI document in memory ─► openapi::build ─► what OpenAPI cannot say ─► finish
//!   └──────────────► census: a second reading of the pages (endpoints, error entries, scopes, samples)
//! ```
//!
//! The page reader ([`read`]) finds the profile's sections and entries;
//! this module lays them out as an OpenAPI document, so that types, names,
//! the overlay, settling, the census and the files are the OpenAPI
//! import's own; then puts in what OpenAPI has no place for: errors told
//! apart by their code, scope expressions and their variables, enums of
//! the pages' lists with an `other` variant, the sample requests. Types of
//! sample responses and inputs are inferred ([`infer`]) and reported so.
//! The report names each page and line.

pub mod census;
pub mod infer;
pub mod read;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use super::documents::Documents;
use super::report::{Kind, Report};
use super::{census as api_census, ImportOptions, Imported, Origin};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::naming::snake;
use crate::profile::PageProfile;
use crate::spec::{
    AllOfSpec, AnyOfSpec, AuthSpec, EnumSpec, EnumValueSpec, ErrorDiscriminator, ErrorSpec,
    ErrorStatus, ErrorsSpec, OtherValueSpec, PropertyValue, SampleSpec, ScopeExprSpec,
    ScopeVariableSpec,
};
use read::{Page, Patterns, Scopes};

/// What to import.
#[derive(Debug, Clone, Default)]
pub struct ReferenceOptions {
    /// Pages, or folders of pages (`*.md`, `*.html`).
    pub inputs: Vec<PathBuf>,
    /// The page profile (YAML).
    pub profile: PathBuf,
    /// The rest, as for `import openapi` (`api`, `overlay`, `command`,
    /// `min_fidelity`, `strict`).
    pub import: ImportOptions,
}

/// Reads a page profile.
pub fn read_profile(path: &Path) -> Result<Patterns, Diagnostics> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostics(vec![about(path, format!("cannot read the profile: {e}"))]))?;
    let profile: PageProfile = serde_yaml::from_str(&text)
        .map_err(|e| Diagnostics(vec![about(path, format!("not a page profile: {e}"))]))?;
    Patterns::new(profile)
        .map_err(|problems| Diagnostics(problems.into_iter().map(|p| about(path, p)).collect()))
}

fn about(path: &Path, message: String) -> Diagnostic {
    Diagnostic::about_file(path.display().to_string(), message, None)
}

/// The page files of the inputs, in name order.
pub fn page_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| {
                    Diagnostics(vec![about(input, format!("cannot read the pages: {e}"))])
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .is_some_and(|e| e == "md" || e == "html" || e == "htm")
                })
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    if files.is_empty() {
        return Err(Diagnostics(vec![Diagnostic::about_file(
            "import",
            "no page given (`*.md` or `*.html`)".to_owned(),
            None,
        )]));
    }
    Ok(files)
}

/// A page's text as Markdown (HTML pages converted).
pub fn page_text(path: &Path) -> Result<String, Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| about(path, format!("cannot read the page: {e}")))?;
    if path.extension().is_some_and(|e| e == "html" || e == "htm") {
        return htmd::convert(&text).map_err(|e| about(path, format!("cannot read the HTML: {e}")));
    }
    Ok(text)
}

/// One operation to build: a page's endpoint (several lines of the page
/// naming one method and path are one operation).
struct Planned {
    page: usize,
    name: String,
    method: String,
    path: String,
    /// Query keys the endpoint lines give, with their placeholder, and
    /// whether every line gives it.
    query: Vec<(String, Option<String>, bool)>,
    line: usize,
    /// Later pages that document the same method and path: their errors
    /// and samples are read into this operation too.
    also: Vec<usize>,
}

/// Where each pointer of the in-memory document is on the pages.
#[derive(Default)]
struct Places {
    /// Pointer prefix → page index, line.
    at: Vec<(String, usize, usize)>,
}

impl Places {
    fn add(&mut self, pointer: String, page: usize, line: usize) {
        self.at.push((pointer, page, line));
    }

    /// The page and line of a pointer: its longest registered prefix.
    fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        self.at
            .iter()
            .filter(|(p, _, _)| {
                pointer == p
                    || pointer
                        .strip_prefix(p.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            })
            .max_by_key(|(p, _, _)| p.len())
            .map(|(_, page, line)| (*page, *line))
    }
}

/// Imports reference pages with a profile.
pub fn import_reference(options: &ReferenceOptions) -> Result<Imported, Diagnostics> {
    let patterns = read_profile(&options.profile)?;
    let files = page_files(&options.inputs)?;
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    for path in &files {
        match page_text(path) {
            Ok(text) => pages.push(read::read(path, &text, &patterns)),
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    import_pages(&pages, &patterns, &files, options)
}

/// [`import_reference`] on pages already read.
fn import_pages(
    pages: &[Page],
    patterns: &Patterns,
    files: &[PathBuf],
    options: &ReferenceOptions,
) -> Result<Imported, Diagnostics> {
    let profile = &patterns.profile;
    let mut report = Report::default();
    let planned = plan(pages, profile, &mut report);
    let (document, places, enum_of) = document(pages, &planned, patterns, &mut report);
    let virtual_path = PathBuf::from(format!("{}.pages", options.import.api));
    let docs = Documents::from_parsed(vec![(virtual_path.clone(), document)]);
    let import = ImportOptions {
        files: vec![virtual_path.clone()],
        origin: Origin::Pages,
        ..options.import.clone()
    };
    let group_names = vec![options.import.api.clone()];
    let mut built = super::openapi::build(&docs, 1, &group_names, &import);
    // The in-memory document's own parts are ours, not the vendor's.
    built.report.entries.retain(|e| {
        !(e.pointer.starts_with("/info")
            || e.pointer.starts_with("/servers")
            || e.pointer.is_empty())
    });
    // The header names the vendor's pages as given.
    built.sources = options
        .inputs
        .iter()
        .map(|path| super::GroupSource {
            path: path.clone(),
            description: None,
            version: "pages".to_owned(),
            openapi: "none".to_owned(),
        })
        .collect();
    // What the pages say of the API as a whole: the profile's base path,
    // and the credentials header their samples show. The rest of the
    // header (title, servers, OAuth) is not on a reference page: the
    // overlay says it.
    let spec = &mut built.spec;
    spec.title = options.import.api.clone();
    spec.description = format!(
        "{}, imported from the vendor's reference pages.",
        options.import.api
    );
    spec.servers.description = "The pages name no server.".to_owned();
    spec.base_path = profile.base_path.clone();
    if let Some(auth) = credentials(pages, profile) {
        spec.auth = Some(auth);
    }
    complete(
        &mut built.spec,
        pages,
        &planned,
        patterns,
        &enum_of,
        &mut report,
    );
    own_base_paths(&mut built.spec, pages, &planned, patterns, &mut report);
    let reading = api_census::read(&docs, 1, &built.origins.same_as);
    let second = census::read(files, patterns);
    let op_pages: BTreeMap<String, usize> =
        planned.iter().map(|p| (p.name.clone(), p.page)).collect();
    let page_paths: Vec<PathBuf> = pages.iter().map(|p| p.path.clone()).collect();
    let extra =
        |spec: &crate::spec::ApiSpec| census::compare(&second, spec, &op_pages, &page_paths);
    let mut imported = super::finish_with(built, reading, &group_names, &import, &extra)?;
    // Entries of the in-memory document → the page and line.
    let locate = |file: &Path, pointer: &str| -> (PathBuf, String) {
        if file != virtual_path {
            return (file.to_owned(), pointer.to_owned());
        }
        match places.find(pointer) {
            Some((page, line)) => (pages[page].path.clone(), format!("line {line}")),
            None => (file.to_owned(), pointer.to_owned()),
        }
    };
    for entry in std::mem::take(&mut imported.report.entries) {
        let (file, at) = locate(&entry.file, &entry.pointer);
        report.add(&file, &at, entry.kind, entry.message);
    }
    for category in &mut imported.census.categories {
        for item in &mut category.items {
            let (file, at) = locate(&item.0, &item.1);
            *item = (file, at, std::mem::take(&mut item.2));
        }
    }
    report.operations_found = imported.report.operations_found;
    report.operations_imported = imported.report.operations_imported;
    report.operations_approximated = imported.report.operations_approximated;
    report.operations_skipped = std::mem::take(&mut imported.report.operations_skipped);
    imported.report = report.sorted();
    Ok(imported)
}

/// The operations of the pages: one per method and path, named after the
/// endpoint's page (or the title), unique; a method and path another page
/// documented first is reported and read there.
fn plan(pages: &[Page], profile: &PageProfile, report: &mut Report) -> Vec<Planned> {
    let mut out: Vec<Planned> = Vec::new();
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        if page.endpoints.is_empty() {
            report.add(
                &page.path,
                &format!("line {}", page.title_line),
                Kind::NotCarried,
                "the page names no endpoint (`[METHOD /path](url)`): no operation".to_owned(),
            );
            continue;
        }
        if page.endpoints_elsewhere {
            report.add(
                &page.path,
                &format!("line {}", page.endpoints[0].line),
                Kind::Repaired,
                "the page has no endpoints heading: its endpoint lines were read where they are"
                    .to_owned(),
            );
        }
        let first_of_page = out.len();
        for endpoint in &page.endpoints {
            for repair in &endpoint.repairs {
                report.add(
                    &page.path,
                    &format!("line {}", endpoint.line),
                    Kind::Repaired,
                    format!("`{}`: {repair}", endpoint.written),
                );
            }
            let same = out[first_of_page..]
                .iter()
                .position(|p| p.method == endpoint.method && p.path == endpoint.path);
            if let Some(i) = same {
                let planned = &mut out[first_of_page + i];
                for (key, placeholder, every) in &mut planned.query {
                    if !endpoint.query.iter().any(|(k, _)| k == key) {
                        *every = false;
                    }
                    let _ = placeholder;
                }
                for (key, placeholder) in &endpoint.query {
                    if !planned.query.iter().any(|(k, _, _)| k == key) {
                        planned
                            .query
                            .push((key.clone(), placeholder.clone(), false));
                    }
                }
                continue;
            }
            let other = out
                .iter_mut()
                .find(|p| p.method == endpoint.method && p.path == endpoint.path);
            if let Some(other) = other {
                if !other.also.contains(&index) {
                    other.also.push(index);
                }
                report.add(
                    &page.path,
                    &format!("line {}", endpoint.line),
                    Kind::Repaired,
                    format!(
                        "`{} {}` is documented first by {} (line {}): this page's errors and samples are read into that operation",
                        endpoint.method,
                        endpoint.path,
                        pages[other.page].path.display(),
                        other.line
                    ),
                );
                continue;
            }
            let base = match (profile.names, &endpoint.url) {
                (crate::profile::NameSource::Url, Some(url)) => {
                    let stem = url
                        .split(['#', '?'])
                        .next()
                        .unwrap_or_default()
                        .rsplit('/')
                        .next()
                        .unwrap_or_default();
                    let stem = stem.split('.').next().unwrap_or_default();
                    snake(stem)
                }
                _ => snake(&page.title),
            };
            let base = if base.is_empty() {
                snake(&page.title)
            } else {
                base
            };
            let name = unique(&base, endpoint, &mut taken);
            out.push(Planned {
                page: index,
                name,
                method: endpoint.method.clone(),
                path: endpoint.path.clone(),
                query: endpoint
                    .query
                    .iter()
                    .map(|(k, p)| (k.clone(), p.clone(), true))
                    .collect(),
                line: endpoint.line,
                also: Vec::new(),
            });
        }
    }
    out
}

/// A name no other operation has: the base, else with the path's last
/// literal words, else a number.
fn unique(base: &str, endpoint: &read::Endpoint, taken: &mut BTreeMap<String, usize>) -> String {
    let mut candidates = vec![base.to_owned()];
    let placeholders: Vec<&str> = endpoint
        .path
        .split('/')
        .filter(|s| s.starts_with('{'))
        .collect();
    if let Some(last) = placeholders.last() {
        candidates.push(format!(
            "{base}_by_{}",
            snake(last.trim_matches(['{', '}']))
        ));
    }
    candidates.push(format!("{base}_{}", endpoint.method.to_ascii_lowercase()));
    for candidate in candidates {
        if !taken.contains_key(&candidate) {
            taken.insert(candidate.clone(), 1);
            return candidate;
        }
    }
    let candidate = (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|c| !taken.contains_key(c))
        .expect("a free name");
    taken.insert(candidate.clone(), 1);
    candidate
}

/// A JSON schema for one of our type names (as a profile's type map gives
/// them).
fn schema_of(ty: &str) -> Value {
    match ty {
        "string" => json!({"type": "string"}),
        "integer" | "int64" => json!({"type": "integer", "format": "int64"}),
        "int32" => json!({"type": "integer", "format": "int32"}),
        "number" => json!({"type": "number"}),
        "boolean" => json!({"type": "boolean"}),
        "datetime" => json!({"type": "string", "format": "date-time"}),
        "date" => json!({"type": "string", "format": "date"}),
        "file" => json!({"type": "string", "format": "binary"}),
        "json" => json!({}),
        other => match other.strip_suffix("[]") {
            Some(item) => json!({"type": "array", "items": schema_of(item)}),
            None => json!({}),
        },
    }
}

fn looks_json(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('{') || t.starts_with('[')
}

fn json_error(text: &str) -> String {
    match serde_json::from_str::<Value>(text.trim()) {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    }
}

/// The JSON of a sample block, if it is JSON.
pub fn sample_json(text: &str) -> Option<Value> {
    let t = text.trim();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    serde_json::from_str(t).ok()
}

/// The in-memory OpenAPI document of the planned operations, where each
/// of its places is on the pages, and which enum (of the profile) types
/// each placeholder.
fn document(
    pages: &[Page],
    planned: &[Planned],
    patterns: &Patterns,
    report: &mut Report,
) -> (Value, Places, BTreeMap<String, String>) {
    let profile = &patterns.profile;
    let mut places = Places::default();
    let mut shapes = infer::Shapes::default();
    let enum_of: BTreeMap<String, String> = profile
        .enums
        .iter()
        .flat_map(|(name, e)| e.params.iter().map(move |p| (p.clone(), name.clone())))
        .collect();
    let mut paths = Map::new();
    let mut error_fields = Map::new();
    for (field, ty) in &profile.error.fields {
        error_fields.insert(field.clone(), schema_of(ty));
    }
    let error_body = json!({
        "type": "object",
        "description": "The body of an error answer, as the profile describes it.",
        "properties": error_fields,
        "required": [profile.error.code_field],
    });
    for op in planned {
        let page = &pages[op.page];
        let at = format!(
            "/paths/{}/{}",
            super::documents::token(&op.path),
            op.method.to_ascii_lowercase()
        );
        places.add(at.clone(), op.page, op.line);
        let mut parameters = Vec::new();
        for placeholder in super::openapi::operations::placeholders(&op.path) {
            parameters.push(json!({"name": placeholder, "in": "path", "required": true, "schema": {"type": "string"}}));
        }
        let mut seen: Vec<String> = Vec::new();
        for entry in &page.params {
            if seen.contains(&entry.name) {
                continue;
            }
            places.add(
                format!("{at}/parameters/{}", parameters.len()),
                op.page,
                entry.line,
            );
            seen.push(entry.name.clone());
            let mut p = json!({
                "name": entry.name,
                "in": "query",
                "required": entry.required,
                "schema": schema_of(&entry.ty),
            });
            if let Some(d) = &entry.description {
                p["description"] = json!(d);
            }
            parameters.push(p);
        }
        for (key, _, every) in &op.query {
            if seen.contains(key) {
                continue;
            }
            seen.push(key.clone());
            places.add(
                format!("{at}/parameters/{}", parameters.len()),
                op.page,
                op.line,
            );
            parameters.push(json!({"name": key, "in": "query", "required": every, "schema": {"type": "string"}}));
        }
        for (name, value, line) in &page.headers {
            if profile
                .client_headers
                .iter()
                .any(|h| h.eq_ignore_ascii_case(name))
            {
                continue;
            }
            places.add(
                format!("{at}/parameters/{}", parameters.len()),
                op.page,
                *line,
            );
            parameters.push(json!({"name": name, "in": "header", "required": false, "schema": {"type": "string"}, "example": value}));
        }
        let hint = op.name.replace('_', " ");
        let mut operation = json!({
            "operationId": op.name,
            "summary": page.title,
            "parameters": parameters,
        });
        if let Some(p) = &page.purpose {
            operation["description"] = json!(p);
        }
        if let Some(url) = pages[op.page].endpoints.iter().find_map(|e| e.url.clone()) {
            operation["externalDocs"] = json!({"url": url.split('#').next().unwrap_or_default()});
        }
        // The body: form parts, JSON keys, or a sample input's types.
        if op.method != "GET" && op.method != "DELETE" || !page.body_keys.is_empty() {
            let body = if !page.form.is_empty() {
                Some((
                    "multipart/form-data",
                    entries_schema(&page.form),
                    page.form[0].line,
                    None,
                ))
            } else if !page.body_keys.is_empty() {
                Some((
                    "application/json",
                    entries_schema(&page.body_keys),
                    page.body_keys[0].line,
                    None,
                ))
            } else {
                let samples: Vec<(Value, usize)> = page
                    .sample_inputs
                    .iter()
                    .filter_map(|b| sample_json(&b.text).map(|v| (v, b.line)))
                    .collect();
                match samples.first() {
                    Some((_, line)) => {
                        let values: Vec<&Value> = samples.iter().map(|(v, _)| v).collect();
                        let inferred = infer::schema(&values);
                        report.add(&page.path, &format!("line {line}"), Kind::Inferred, format!("the request body of `{}` is typed from the page's {} sample input(s): no key of it is documented", op.name, samples.len()));
                        let schema = shapes.hoist(
                            &inferred,
                            &format!("{hint} request"),
                            &format!(
                                "The request body of `{}`, inferred from the page's sample input.",
                                op.name
                            ),
                        );
                        Some((
                            "application/json",
                            schema,
                            *line,
                            Some(samples[0].0.clone()),
                        ))
                    }
                    None => None,
                }
            };
            if let Some((media, schema, line, example)) = body {
                places.add(format!("{at}/requestBody"), op.page, line);
                let mut content = json!({"schema": schema});
                if let Some(e) = example {
                    content["example"] = e;
                }
                operation["requestBody"] = json!({"required": true, "content": {media: content}});
            }
        }
        let mut responses = Map::new();
        let mut samples: Vec<(Value, usize)> = Vec::new();
        for p in std::iter::once(op.page).chain(op.also.iter().copied()) {
            for b in &pages[p].sample_responses {
                match sample_json(&b.text) {
                    Some(v) => samples.push((v, b.line)),
                    None if looks_json(&b.text) && p == op.page => report.add(&pages[p].path, &format!("line {}", b.line), Kind::NotCarried, format!("a sample response is not JSON ({}): not read for the success body's type", json_error(&b.text))),
                    None => {}
                }
            }
        }
        match samples.first() {
            Some((first, line)) => {
                let values: Vec<&Value> = samples.iter().map(|(v, _)| v).collect();
                let inferred = infer::schema(&values);
                let schema = shapes.hoist(
                    &inferred,
                    &format!("{hint} response"),
                    &format!(
                        "The success body of `{}`, inferred from the page's sample response.",
                        op.name
                    ),
                );
                report.add(&page.path, &format!("line {line}"), Kind::Inferred, format!("the success body of `{}` is typed from the page's {} sample response(s), not documented", op.name, samples.len()));
                places.add(format!("{at}/responses/200"), op.page, *line);
                responses.insert("200".into(), json!({"description": "Success.", "content": {"application/json": {"schema": schema, "example": first}}}));
            }
            None => {
                responses.insert("200".into(), json!({"description": "Success."}));
            }
        }
        for e in std::iter::once(op.page)
            .chain(op.also.iter().copied())
            .flat_map(|p| &pages[p].errors)
        {
            let key = e.status.to_string();
            if !(400..600).contains(&e.status) {
                continue;
            }
            places.add(format!("{at}/responses/{key}"), op.page, e.line);
            responses.entry(key).or_insert_with(|| json!({"description": "An error.", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{}", profile.error.body)}}}}));
        }
        operation["responses"] = Value::Object(responses);
        let item = paths.entry(op.path.clone()).or_insert_with(|| json!({}));
        item[op.method.to_ascii_lowercase()] = operation;
    }
    let mut schemas = Map::new();
    schemas.insert(profile.error.body.clone(), error_body);
    for (name, schema) in shapes.named {
        schemas.insert(name, schema);
    }
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "pages", "version": "pages"},
        "paths": paths,
        "components": {"schemas": schemas},
    });
    (document, places, enum_of)
}

fn entries_schema(entries: &[read::Entry]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for e in entries {
        let mut s = schema_of(&e.ty);
        if let (Some(d), Some(o)) = (&e.description, s.as_object_mut()) {
            o.insert("description".into(), json!(d));
        }
        properties.insert(e.name.clone(), s);
        if e.required {
            required.push(json!(e.name));
        }
    }
    json!({"type": "object", "properties": properties, "required": required})
}

/// The API's credentials, from the first page whose headers show one of
/// the profile's `client_headers` as a scheme word and a token
/// (`Authorization: Zoho-oauthtoken d92d4…`): that header, that scheme.
fn credentials(pages: &[Page], profile: &PageProfile) -> Option<AuthSpec> {
    pages.iter().flat_map(|p| &p.headers).find_map(|(name, value, _)| {
        let header = profile
            .client_headers
            .iter()
            .find(|h| h.eq_ignore_ascii_case(name))?;
        // Any white space apart: the pages put a no-break space there.
        let words: Vec<&str> = value.split_whitespace().collect();
        let [scheme, token] = words[..] else {
            return None;
        };
        Some(AuthSpec {
            description: format!(
                "A token in the `{header}` header after the scheme `{scheme}`, as the pages' headers show it (`{name}: {scheme} {token}`)."
            ),
            header: Some(header.clone()),
            scheme: Some(scheme.to_owned()),
            methods: Vec::new(),
            token_types: Vec::new(),
        })
    })
}

/// What OpenAPI has no place for, put into the built operations: errors
/// by code, scopes, enum-typed placeholders, samples; and the enums.
fn complete(
    spec: &mut crate::spec::ApiSpec,
    pages: &[Page],
    planned: &[Planned],
    patterns: &Patterns,
    enum_of: &BTreeMap<String, String>,
    report: &mut Report,
) {
    let profile = &patterns.profile;
    // The enums: every value any page lists, in first-seen order.
    for (enum_name, e) in &profile.enums {
        let mut values: IndexMap<String, EnumValueSpec> = IndexMap::new();
        let mut other: Option<OtherValueSpec> = None;
        // Pages that pair each value with its name first: a value only
        // unpaired pages list has no name to give the property.
        let paired = |op: &&Planned| {
            let page = &pages[op.page];
            e.names_property.is_none() || page.value_names.len() == page.values.len()
        };
        let (first, then): (Vec<&Planned>, Vec<&Planned>) = planned.iter().partition(paired);
        let mut unpaired_reported = std::collections::BTreeSet::new();
        for op in first.into_iter().chain(then) {
            let page = &pages[op.page];
            let uses = e.params.iter().any(|p| {
                op.path.contains(&format!("{{{p}}}"))
                    || op.query.iter().any(|(_, ph, _)| ph.as_deref() == Some(p))
            }) || profile
                .scope_variables
                .values()
                .any(|v| v.enum_name.as_deref() == Some(enum_name.as_str()))
                && page.scopes.is_some();
            if !uses {
                continue;
            }
            let listed: Vec<(String, Option<String>)> = match e.from.as_str() {
                "value_lines" => page
                    .value_lines
                    .iter()
                    .map(|(v, d, _)| (v.clone(), d.clone()))
                    .collect(),
                _ => page.values.iter().map(|(v, _)| (v.clone(), None)).collect(),
            };
            let names = (page.value_names.len() == listed.len()).then_some(&page.value_names);
            if names.is_none() && e.names_property.is_some() && !page.value_names.is_empty() {
                report.add(&page.path, &format!("line {}", page.values.first().map_or(page.title_line, |v| v.1)), Kind::NotCarried, format!("the page lists {} values and {} names of them: the names are not paired with the values", listed.len(), page.value_names.len()));
            }
            for (i, (display, description)) in listed.iter().enumerate() {
                let mut properties = IndexMap::new();
                if let (Some(property), Some(names)) = (&e.names_property, names) {
                    properties.insert(property.clone(), PropertyValue::One(names[i].clone()));
                }
                if e.other.as_deref() == Some(display.as_str()) {
                    if other.is_none() {
                        other = Some(OtherValueSpec {
                            name: display.clone(),
                            description: format!("Any other value, given by its wire name (the pages' \"{display}\")."),
                            properties,
                        });
                    }
                    continue;
                }
                let mut wire = display.clone();
                for (from, to) in &e.wire {
                    wire = wire.replace(from.as_str(), to);
                }
                if values.contains_key(&wire) {
                    continue;
                }
                if e.names_property.is_some() && properties.is_empty() {
                    if unpaired_reported.insert((op.page, wire.clone())) {
                        report.add(&page.path, &format!("line {}", page.values.first().map_or(page.title_line, |v| v.1)), Kind::NotCarried, format!("`{display}` has no name of its own among the page's names: not a value of `{enum_name}` (sent as its `{}` variant)", e.other.as_deref().unwrap_or("other")));
                    }
                    continue;
                }
                values.insert(
                    wire.clone(),
                    EnumValueSpec {
                        name: display.clone(),
                        value: wire,
                        description: description.clone(),
                        properties,
                    },
                );
            }
        }
        if values.is_empty() {
            continue;
        }
        let mut declared_properties = IndexMap::new();
        if let Some(property) = &e.names_property {
            declared_properties.insert(
                property.clone(),
                crate::spec::PropertySpec::Described(format!(
                    "The value's `{property}`, as the pages list it."
                )),
            );
        }
        spec.enums.insert(
            enum_name.clone(),
            EnumSpec {
                description: format!(
                    "The values the pages list for `{}`.",
                    e.params.first().map_or(enum_name.as_str(), String::as_str)
                ),
                ty: None,
                docs_url: None,
                source: None,
                properties: declared_properties,
                values: values.into_values().collect(),
                other,
            },
        );
    }
    for op in planned {
        let page = &pages[op.page];
        let Some(spec_op) = spec.operations.get_mut(&op.name) else {
            continue;
        };
        // Placeholders that take an enum's values.
        for (key, param) in spec_op.params.iter_mut() {
            let wire = param.name.as_deref().unwrap_or(key);
            let placeholder = match param.location {
                crate::spec::ParamLocation::Path => Some(wire.to_owned()),
                crate::spec::ParamLocation::Query => op
                    .query
                    .iter()
                    .find(|(k, _, _)| k == wire)
                    .and_then(|(_, p, _)| p.clone()),
                _ => None,
            };
            if let Some(name) = placeholder.as_ref().and_then(|p| enum_of.get(p)) {
                if spec.enums.contains_key(name) {
                    param.ty = name.clone();
                }
            }
        }
        // Errors, told apart by their code.
        let all_errors: Vec<(usize, &read::ErrorEntry)> = std::iter::once(op.page)
            .chain(op.also.iter().copied())
            .flat_map(|p| pages[p].errors.iter().map(move |e| (p, e)))
            .filter(|(_, e)| (400..600).contains(&e.status))
            .collect();
        if !all_errors.is_empty() {
            let mut kept: Vec<&read::ErrorEntry> = Vec::new();
            for (p, e) in all_errors {
                let path = &pages[p].path;
                if let Some(first) = kept
                    .iter()
                    .find(|k| k.code == e.code && k.message == e.message && k.status == e.status)
                {
                    if p == op.page {
                        report.add(path, &format!("line {}", e.line), Kind::Repaired, format!("the error `{}` is listed again with the same message (first at line {}): one variant", e.code, first.line));
                    }
                    continue;
                }
                if let Some(first) = kept
                    .iter()
                    .find(|k| k.code == e.code && k.status != e.status)
                {
                    report.add(path, &format!("line {}", e.line), Kind::NotCarried, format!("the error `{}` is listed with HTTP {} and, at line {}, with HTTP {}: a code tells one variant, so this entry is left out", e.code, e.status, first.line, first.status));
                    continue;
                }
                kept.push(e);
            }
            let list = kept
                .into_iter()
                .map(|e| ErrorSpec {
                    code: Some(e.code.clone()),
                    status: ErrorStatus::Exact(e.status),
                    name: None,
                    message: e.message.clone().unwrap_or_else(|| e.code.clone()),
                    resolution: e.resolution.clone(),
                    body: None,
                    example: None,
                })
                .collect();
            spec_op.errors = ErrorsSpec {
                by: ErrorDiscriminator::BodyCode,
                code_field: Some(profile.error.code_field.clone()),
                body: Some(profile.error.body.clone()),
                list,
            };
        }
        // Scopes, and what their variables stand for.
        if let Some((scopes, _)) = &page.scopes {
            spec_op.scopes = Some(scope_expr(scopes));
            let mut variables = IndexMap::new();
            for variable in scope_variables(scopes) {
                let declared = profile.scope_variables.get(&variable);
                // The placeholder the variable stands for, and its enum.
                let placeholder = declared
                    .and_then(|v| v.param.clone())
                    .or_else(|| enum_of.contains_key(&variable).then(|| variable.clone()));
                let enum_name = placeholder
                    .as_ref()
                    .and_then(|p| enum_of.get(p))
                    .filter(|e| spec.enums.contains_key(*e));
                // The input that takes the placeholder: by its key in the path, by its placeholder in the query.
                let input = placeholder.as_ref().and_then(|p| {
                    spec_op
                        .params
                        .iter()
                        .find(|(key, param)| {
                            enum_name.is_some_and(|e| &param.ty == e)
                                && (*key == p
                                    || op
                                        .query
                                        .iter()
                                        .any(|(k, ph, _)| k == *key && ph.as_ref() == Some(p)))
                        })
                        .map(|(key, _)| key.clone())
                });
                let property = declared.and_then(|v| v.property.clone());
                let found = match (input, declared.and_then(|v| v.enum_name.clone()), enum_name) {
                    (Some(key), _, _) => Some(ScopeVariableSpec {
                        param: Some(key),
                        property,
                        enum_name: None,
                    }),
                    (None, Some(e), _) if spec.enums.contains_key(&e) => Some(ScopeVariableSpec {
                        param: None,
                        property: None,
                        enum_name: Some(e),
                    }),
                    (None, _, Some(e)) => {
                        report.add(&page.path, &format!("line {}", page.scopes.as_ref().map_or(0, |s| s.1)), Kind::Approximated, format!("the scope variable `{{{variable}}}` of `{}` is bound to no input: any value of `{e}` stands for it", op.name));
                        Some(ScopeVariableSpec {
                            param: None,
                            property: None,
                            enum_name: Some(e.clone()),
                        })
                    }
                    _ => None,
                };
                if let Some(v) = found {
                    variables.insert(variable, v);
                }
            }
            spec_op.scope_variables = variables;
        }
        spec_op.samples = page
            .sample_requests
            .iter()
            .map(|b| SampleSpec {
                title: if b.info.is_empty() {
                    b.heading.clone()
                } else {
                    b.info.clone()
                },
                request: format!("{}\n", b.text.trim_end()),
            })
            .collect();
    }
}

fn scope_expr(scopes: &Scopes) -> ScopeExprSpec {
    match scopes {
        Scopes::One(s) => ScopeExprSpec::Scope(s.clone()),
        Scopes::All(list) => ScopeExprSpec::AllOf(AllOfSpec {
            all_of: list.iter().map(scope_expr).collect(),
        }),
        Scopes::Any(list) => ScopeExprSpec::AnyOf(AnyOfSpec {
            any_of: list.iter().map(scope_expr).collect(),
        }),
    }
}

fn scope_variables(scopes: &Scopes) -> Vec<String> {
    let mut out = Vec::new();
    let mut walk = vec![scopes];
    while let Some(s) = walk.pop() {
        match s {
            Scopes::One(text) => {
                let mut rest = text.as_str();
                while let Some(open) = rest.find('{') {
                    let Some(close) = rest[open..].find('}') else {
                        break;
                    };
                    let name = rest[open + 1..open + close].to_owned();
                    if !out.contains(&name) {
                        out.push(name);
                    }
                    rest = &rest[open + close + 1..];
                }
            }
            Scopes::All(list) | Scopes::Any(list) => walk.extend(list.iter().rev()),
        }
    }
    out
}

/// Operations whose page's request URL puts them under another prefix than
/// the API's (`{api-domain}/crm/bulk/{version}/read` where the API's is
/// `/crm/v7`): each gets that base path of its own, so its requests go
/// where the page says. A request URL `url_prefix` matches is the API's;
/// the others are read with the profile's `url_variables`, and a URL whose
/// path does not end with the operation's is not its.
fn own_base_paths(
    spec: &mut crate::spec::ApiSpec,
    pages: &[Page],
    planned: &[Planned],
    patterns: &Patterns,
    report: &mut Report,
) {
    let profile = &patterns.profile;
    for op in planned {
        let page = &pages[op.page];
        let own = page.request_urls.iter().find_map(|line| {
            let url = line.text.trim().trim_matches('`').replace("\\_", "_");
            if patterns
                .url_prefix
                .as_ref()
                .is_some_and(|p| p.is_match(&url))
            {
                return None;
            }
            let base = base_before(&url, &op.path, &profile.url_variables)?;
            (base != spec.base_path).then_some((base, line.number))
        });
        let Some((base, line)) = own else { continue };
        let Some(operation) = spec.operations.get_mut(&op.name) else {
            continue;
        };
        report.add(
            &page.path,
            &format!("line {line}"),
            Kind::Repaired,
            format!(
                "the request URL puts `{}` under `{base}`, not the API's `{}`: its own base path",
                op.name, spec.base_path
            ),
        );
        operation.base_path = Some(base);
    }
}

/// The prefix of a request URL's path before the operation's `path`
/// (`/crm/bulk/v7` of `{api-domain}/crm/bulk/{version}/read/{job_id}` for
/// `/read/{id}`): placeholders match any placeholder, `variables` fill the
/// prefix's. `None` when the URL's path does not end with `path`, or the
/// prefix keeps a placeholder no variable fills.
fn base_before(url: &str, path: &str, variables: &BTreeMap<String, String>) -> Option<String> {
    // The host part: a scheme and host, or a placeholder standing for it.
    let rest = match url.split_once("://") {
        Some((_, after)) => &after[after.find('/')?..],
        None if url.starts_with('{') => &url[url.find('}')? + 1..],
        None => url,
    };
    let rest = rest.split(['?', '#', ' ']).next().unwrap_or_default();
    let segments = |p: &str| -> Vec<String> {
        p.split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                if s.starts_with('{') {
                    "{}".to_owned()
                } else {
                    s.to_owned()
                }
            })
            .collect()
    };
    let (url_segments, own) = (segments(rest), segments(path));
    if own.is_empty() || url_segments.len() <= own.len() {
        return None;
    }
    let split = url_segments.len() - own.len();
    if url_segments[split..] != own[..] {
        return None;
    }
    let raw: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let mut base = String::new();
    for segment in &raw[..split] {
        let value = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => variables.get(name)?.as_str(),
            None => segment,
        };
        base.push('/');
        base.push_str(value);
    }
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_url_under_another_prefix_gives_the_operations_own_base_path() {
        let vars = BTreeMap::from([("version".to_owned(), "v7".to_owned())]);
        let base = |url: &str, path: &str| base_before(url, path, &vars);
        assert_eq!(
            base(
                "{api-domain}/crm/bulk/{version}/read/{job\\_id}",
                "/read/{id}"
            )
            .as_deref(),
            Some("/crm/bulk/v7")
        );
        assert_eq!(
            base("https://www.example.test/crm/bulk/v7/write?x=1", "/write").as_deref(),
            Some("/crm/bulk/v7")
        );
        // Not the operation's path, or a placeholder no variable fills.
        assert_eq!(base("{api-domain}/crm/bulk/v7/read", "/write"), None);
        assert_eq!(base("{api-domain}/{tenant}/read", "/read"), None);
        assert_eq!(base("{api-domain}/read", "/read"), None);
    }
}
