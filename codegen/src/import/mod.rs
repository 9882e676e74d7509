//! `codegen import openapi`: a vendor's OpenAPI files become an API split
//! over spec files (`api.yaml` and one file per vendor file), in our idioms,
//! with the overlay's corrections applied and an import report.
//!
//! The stages, one module each:
//!
//! | stage | module |
//! |---|---|
//! | read files, resolve `$ref`s offline | [`documents`] |
//! | schemas → type expressions and declared types | [`schemas`] |
//! | operations → our operations | [`operations`] |
//! | HTML descriptions → Markdown | [`markdown`] |
//! | the overlay's corrections | [`overlay`] |
//! | spec tree → reviewable YAML | [`yaml`] |
//! | what could not be carried | [`report`] |
//!
//! A vendor quirk the importer should always repair belongs in the stage
//! that meets it, with a report entry; a fact only one vendor's pages hold
//! belongs in that API's overlay.

pub mod documents;
pub mod markdown;
pub mod names;
pub mod operations;
pub mod overlay;
pub mod pages;
pub mod report;
pub mod schemas;
pub mod settle;
pub mod webhooks;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::naming::{bare, snake};
use documents::{token, Documents};
use operations::{Place, Security};
use report::{Kind, Report};
use schemas::Types;

/// What to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The vendor's OpenAPI files: each is a group of the API.
    pub files: Vec<PathBuf>,
    /// The API's name (the Rust module: `highlevel`).
    pub api: String,
    /// More files that refs may name (by file name, for absolute URLs).
    pub refs: Option<PathBuf>,
    /// The corrections to apply.
    pub overlay: Option<PathBuf>,
    /// The command that re-imports, recorded in `api.yaml`'s header.
    pub command: String,
    /// Base URLs for a file that lists no `servers` (`--server URL`).
    pub servers: Vec<String>,
    /// Fail when any operation is skipped (`--strict`).
    pub strict: bool,
    /// What the vendor's documents are (OpenAPI files, or doc pages read
    /// into one), for the words written where the vendor wrote none.
    pub origin: Origin,
}

/// What the vendor's documents are: the words of what the import writes
/// where the vendor wrote nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Origin {
    /// OpenAPI files (`codegen import openapi`).
    #[default]
    OpenApi,
    /// Doc pages (`codegen import pages`).
    Pages,
}

impl Origin {
    /// Said of an item without a description, in the one written for it.
    pub fn no_description(self) -> &'static str {
        match self {
            Origin::OpenApi => "the vendor's OpenAPI file gives no description",
            Origin::Pages => "the vendor's page gives no description",
        }
    }
}

/// The spec files of an imported API, and its report.
#[derive(Debug, Clone)]
pub struct Imported {
    /// File name (`api.yaml`, `conversations.yaml`) and text, in name order.
    pub files: Vec<(String, String)>,
    pub report: Report,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Imports OpenAPI files into spec files. Fails on files that cannot be
/// read or parsed and on overlay problems (all of them at once); everything
/// else the vendor got wrong is repaired or left out, and reported.
pub fn import_openapi(options: &ImportOptions) -> Result<Imported, Diagnostics> {
    let mut problems = Vec::new();
    if snake(&options.api) != options.api || options.api.starts_with("r#") {
        problems.push(Diagnostic::about_file(
            "--api",
            format!("`{}` is not a snake_case Rust module name", options.api),
            None,
        ));
    }
    if options.files.is_empty() {
        problems.push(Diagnostic::about_file(
            "import",
            "no OpenAPI file given".to_owned(),
            None,
        ));
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    let docs = Documents::read(&options.files, options.refs.as_deref()).map_err(Diagnostics)?;
    import_documents(docs, options)
}

/// [`import_openapi`] on documents already read: the first
/// `options.files.len()` are the groups, in order.
pub fn import_documents(docs: Documents, options: &ImportOptions) -> Result<Imported, Diagnostics> {
    let groups: Vec<usize> = (0..options.files.len().min(docs.docs.len())).collect();
    if groups.is_empty() {
        return Err(Diagnostics(vec![Diagnostic::about_file(
            "import",
            "no OpenAPI document given".to_owned(),
            None,
        )]));
    }
    let mut types = Types::new(docs, groups.clone(), options.origin);
    let group_names = group_names(&options.files);

    // Each group's schemes, refs followed, read once for the API's
    // `security_schemes` and for each operation's requirement.
    let schemes: Vec<BTreeMap<String, Value>> = (0..types.docs.docs.len())
        .map(|doc| {
            if types.groups.contains(&doc) {
                security_schemes(&mut types, doc)
            } else {
                BTreeMap::new()
            }
        })
        .collect();
    let mut tree = header(&mut types, &schemes, options);
    let mut op_group: BTreeMap<String, usize> = BTreeMap::new();
    let mut op_origin: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    let mut ops = Map::new();
    let found = collect_operations(&mut types);
    types.report.operations_found = found.len();
    let names = operation_names(&mut types, &found, &group_names);
    // Operations come from groups only; a file loaded later for a ref has
    // no schemes read (and no operations).
    let none = BTreeMap::new();
    let securities: Vec<Security> = (0..types.docs.docs.len())
        .map(|doc| {
            security_of(
                &types.docs.docs[doc].root,
                schemes.get(doc).unwrap_or(&none),
            )
        })
        .collect();
    for (found, name) in found.iter().zip(names) {
        // Only this operation's path item is copied out of the document
        // (`convert` needs the types mutably); copying the whole document
        // per operation made large vendor files quadratic.
        let security = &securities[found.doc];
        let path_item = types.docs.docs[found.doc]
            .root
            .pointer(&format!("/paths/{}", token(&found.path)))
            .cloned()
            .unwrap_or_default();
        let path_params = path_item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let Some(op) = path_item.get(&found.method).and_then(Value::as_object) else {
            continue;
        };
        let place = Place {
            doc: found.doc,
            path: &found.path,
            method: &found.method,
            name: &name,
        };
        let converted = operations::convert(&mut types, &place, op, &path_params, security);
        op_group.insert(name.clone(), found.doc);
        op_origin.insert(
            name.clone(),
            (
                types.docs.docs[found.doc].path.clone(),
                format!("/paths/{}/{}", token(&found.path), found.method),
            ),
        );
        ops.insert(name, converted);
    }

    let (webhooks, webhook_origins) = match webhooks::collect(&mut types) {
        Some((section, origins)) => (Some(section), origins),
        None => (None, BTreeMap::new()),
    };
    let mut enums = Map::new();
    let mut schemas_map = Map::new();
    let mut type_group: BTreeMap<String, Option<usize>> = BTreeMap::new();
    for (name, declared) in &types.declared {
        type_group.insert(name.clone(), declared.group);
        match declared.section {
            "enums" => enums.insert(name.clone(), declared.spec.clone()),
            _ => schemas_map.insert(name.clone(), declared.spec.clone()),
        };
    }
    prune_security(&mut types, &tree, &mut ops, &op_origin, &op_group);
    hoist_security(&mut tree, &mut ops);
    tree.insert("enums".into(), Value::Object(enums));
    tree.insert("schemas".into(), Value::Object(schemas_map));
    tree.insert("operations".into(), Value::Object(ops));
    if let Some(webhooks) = webhooks {
        tree.insert("webhooks".into(), webhooks);
    }
    let mut tree = Value::Object(tree);
    // Unions of one alternative named before that was known.
    for (name, expr) in types.aliases() {
        let mut expr = expr.clone();
        for _ in 0..types.aliases().len() {
            match types.aliases().get(&expr) {
                Some(next) if *next != expr => expr = next.clone(),
                _ => break,
            }
        }
        settle::replace_type(&mut tree, name, &expr);
    }

    if let Some(path) = &options.overlay {
        overlay::apply(path, &mut tree).map_err(Diagnostics)?;
    }

    // Validate in memory what would be written; what the validator still
    // refuses costs the item it is in (see `settle`).
    let mut report = std::mem::take(&mut types.report);
    let type_origin: BTreeMap<String, (PathBuf, String)> = types
        .declared
        .iter()
        .map(|(name, d)| {
            let (doc, at) = &d.origin;
            (
                name.clone(),
                (types.docs.docs[*doc].path.clone(), at.clone()),
            )
        })
        .collect();
    let origins = settle::Origins {
        operations: &op_origin,
        types: &type_origin,
        webhooks: &webhook_origins,
    };
    let render = |tree: &Value| {
        split(
            tree.clone(),
            &types,
            &group_names,
            &op_group,
            &type_group,
            options,
        )
    };
    let settled = settle::settle(
        &mut tree,
        Path::new(&options.api),
        render,
        &origins,
        &mut report,
    )?;
    let imported_ops: Vec<String> = tree
        .get("operations")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    report.operations_imported = imported_ops.len();
    report.events_found = webhook_origins.len();
    report.events_imported = tree
        .pointer("/webhooks/events")
        .and_then(Value::as_object)
        .map_or(0, Map::len);
    report.operations_skipped = settled.skipped;
    report.operations_approximated = imported_ops
        .iter()
        .filter(|name| {
            op_origin
                .get(*name)
                .is_some_and(|(file, at)| report.touches(file, at))
        })
        .count();
    let report = report.sorted();
    let failed_whole = report.operations_imported == 0 && report.operations_found > 0;
    if failed_whole || (options.strict && !report.operations_skipped.is_empty()) {
        let mut problems: Vec<Diagnostic> = report
            .operations_skipped
            .iter()
            .map(|(name, reason)| {
                let (file, pointer) = op_origin.get(name).cloned().unwrap_or_default();
                Diagnostic {
                    file,
                    line: 0,
                    column: 0,
                    path: pointer,
                    message: format!("the operation `{name}` is skipped: {reason}"),
                    hint: None,
                }
            })
            .collect();
        problems.push(Diagnostic::about_file(
            "import",
            format!(
                "{} of {} operations skipped{}",
                report.operations_skipped.len(),
                report.operations_found,
                if failed_whole {
                    ": nothing to import"
                } else {
                    " (--strict)"
                }
            ),
            None,
        ));
        return Err(Diagnostics(problems));
    }
    Ok(Imported {
        files: settled.files,
        report,
    })
}

/// A found operation: its file, path and method.
struct Found {
    doc: usize,
    path: String,
    method: String,
}

fn collect_operations(types: &mut Types) -> Vec<Found> {
    let mut found = Vec::new();
    for doc in types.groups.clone() {
        let root = &types.docs.docs[doc].root;
        let Some(paths) = root.get("paths").and_then(Value::as_object) else {
            let path = types.docs.docs[doc].path.clone();
            types.report.add(
                &path,
                "",
                Kind::NotCarried,
                "the file has no `paths`: no operations".to_owned(),
            );
            continue;
        };
        let mut notes = Vec::new();
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            if item.contains_key("$ref") {
                notes.push((
                    format!("/paths/{}", token(path)),
                    "a path item given by `$ref`: not followed; its operations are not imported"
                        .to_owned(),
                ));
            }
            for method in METHODS {
                if item.get(*method).is_some_and(Value::is_object) {
                    found.push(Found {
                        doc,
                        path: path.clone(),
                        method: (*method).to_owned(),
                    });
                }
            }
        }
        for (at, message) in notes {
            types.note(doc, &at, Kind::NotCarried, message);
        }
    }
    found
}

/// Operation names: the operationId in snake case, else made from the
/// method and path; names two operations would share get their group's name
/// in front, then the method behind. The same files give the same names.
fn operation_names(types: &mut Types, found: &[Found], groups: &[String]) -> Vec<String> {
    let mut bases = Vec::new();
    for f in found {
        let op = &types.docs.docs[f.doc].root["paths"][&f.path][&f.method];
        let at = format!("/paths/{}/{}", token(&f.path), f.method);
        let base = match op
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(id) => {
                let name = bare(&snake(id)).to_owned();
                if name != id {
                    // Only worth a note when the id was not a name at all.
                    if id.contains(char::is_whitespace) {
                        types.note(
                            f.doc,
                            &format!("{at}/operationId"),
                            Kind::OperationName,
                            format!("the operationId `{id}` has spaces: `{name}`"),
                        );
                    }
                }
                name
            }
            None => {
                let words: String = f.path.replace(['{', '}'], "");
                let name = bare(&snake(&format!("{} {words}", f.method))).to_owned();
                types.note(
                    f.doc,
                    &at,
                    Kind::OperationName,
                    format!("no operationId: named `{name}` after its method and path"),
                );
                name
            }
        };
        bases.push(base);
    }
    let count = |names: &[String], n: &str| names.iter().filter(|m| *m == n).count();
    let mut names = bases.clone();
    for (i, f) in found.iter().enumerate() {
        if count(&bases, &bases[i]) > 1 {
            names[i] = format!("{}_{}", groups[f.doc], bases[i]);
        }
    }
    let second = names.clone();
    for (i, f) in found.iter().enumerate() {
        if count(&second, &second[i]) > 1 {
            names[i] = format!("{}_{}", second[i], f.method);
        }
    }
    let mut taken = BTreeSet::new();
    for (i, f) in found.iter().enumerate() {
        let mut name = names[i].clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{}_{n}", names[i]);
            n += 1;
        }
        if name != bases[i] {
            let at = format!("/paths/{}/{}", token(&f.path), f.method);
            types.note(
                f.doc,
                &at,
                Kind::OperationName,
                format!(
                    "`{}` is also the name of another operation: this one is `{name}`",
                    bases[i]
                ),
            );
        }
        names[i] = name;
    }
    names
}

/// Each file's group name: its stem in snake case, unique.
fn group_names(files: &[PathBuf]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    files
        .iter()
        .map(|f| {
            let stem = f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let base = bare(&snake(&stem)).to_owned();
            let base = if base == "api" {
                "api_group".to_owned()
            } else {
                base
            };
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// The security schemes of group `doc`, each `$ref` followed (a scheme may
/// live in another file, as Zoho's do in `common.json`); a dangling one is
/// reported once, here, and left out.
fn security_schemes(types: &mut Types, doc: usize) -> BTreeMap<String, Value> {
    let declared = types.docs.docs[doc]
        .root
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    declared
        .into_iter()
        .filter_map(|(name, scheme)| {
            let at = format!("/components/securitySchemes/{}", token(&name));
            let body = types.follow(doc, &scheme, &at)?;
            Some((name, body))
        })
        .collect()
}

fn security_of(root: &Value, schemes: &BTreeMap<String, Value>) -> Security {
    let mut security = Security {
        default: root.get("security").cloned(),
        ..Security::default()
    };
    for (name, scheme) in schemes {
        let oauth = matches!(
            scheme.get("type").and_then(Value::as_str),
            Some("oauth2" | "openIdConnect")
        );
        security.oauth.insert(name.clone(), oauth);
    }
    security
}

/// The API's header: name, title, servers and auth, from the first file
/// (the others are checked against it).
fn header(
    types: &mut Types,
    schemes: &[BTreeMap<String, Value>],
    options: &ImportOptions,
) -> Map<String, Value> {
    let root = types.docs.docs[0].root.clone();
    let mut tree = Map::new();
    tree.insert("name".into(), json!(options.api));
    let title = root
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or(&options.api)
        .trim()
        .to_owned();
    tree.insert("title".into(), json!(title));
    let description = markdown::description_in(root.pointer("/info/description"))
        .unwrap_or_else(|| format!("{title}, imported from the vendor's OpenAPI description."));
    tree.insert("description".into(), json!(description));
    let docs_url = root
        .pointer("/externalDocs/url")
        .or_else(|| root.pointer("/info/contact/url"))
        .and_then(Value::as_str);
    match docs_url {
        Some(url) => {
            tree.insert("docs_url".into(), json!(url));
        }
        None => types.note(0, "/info", Kind::NotCarried, "no documentation URL (`externalDocs` or `info.contact.url`): the docs say so; the overlay can give `docs_url`".to_owned()),
    }
    // Servers: one origin each; the path they share is the base path.
    let servers: Vec<(String, String)> = root
        .get("servers")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|s| {
                    let url = s.get("url")?.as_str()?.trim_end_matches('/').to_owned();
                    let description = s
                        .get("description")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned();
                    Some((url, description))
                })
                .collect()
        })
        .unwrap_or_default();
    let given = servers.is_empty() && !options.servers.is_empty();
    let servers = if given {
        options
            .servers
            .iter()
            .map(|url| (url.trim_end_matches('/').to_owned(), String::new()))
            .collect()
    } else {
        servers
    };
    let mut base_path = String::new();
    let mut list = Vec::new();
    let mut names = BTreeSet::new();
    for (i, (url, description)) in servers.iter().enumerate() {
        let (origin, path) = match url.find("://").map(|s| s + 3) {
            Some(start) => match url[start..].find('/') {
                Some(p) => (url[..start + p].to_owned(), url[start + p..].to_owned()),
                None => (url.clone(), String::new()),
            },
            None => (url.clone(), String::new()),
        };
        if url.contains('{') {
            types.note(
                0,
                &format!("/servers/{i}"),
                Kind::Approximated,
                format!(
                    "the server URL `{url}` has variables: kept as written, edit it in the overlay"
                ),
            );
        }
        if i == 0 {
            base_path = path;
        } else if path != base_path {
            types.note(0, &format!("/servers/{i}"), Kind::Approximated, format!("the server's path `{path}` differs from the first server's `{base_path}`: the first one's is the base path"));
        }
        let host = origin.split("://").nth(1).unwrap_or(&origin);
        let base = if servers.len() == 1 {
            "production".to_owned()
        } else {
            bare(&snake(host.split('.').next().unwrap_or(host))).to_owned()
        };
        let mut name = base.clone();
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        let title = if description.trim().is_empty() {
            host.to_owned()
        } else {
            description.trim().to_owned()
        };
        list.push(json!({"name": name, "title": title, "url": origin, "default": i == 0}));
    }
    if given {
        types.note(
            0,
            "/servers",
            Kind::Approximated,
            format!(
                "no `servers`: the API's servers are those given with `--server` ({})",
                options.servers.join(", ")
            ),
        );
    } else if list.is_empty() {
        types.note(
            0,
            "/servers",
            Kind::NotCarried,
            "no `servers`: the client takes its base URL from the caller (`Server::Custom`); `--server URL` or the overlay can name the vendor's".to_owned(),
        );
    }
    for doc in types.groups.clone().into_iter().skip(1) {
        let other = types.docs.docs[doc].root.get("servers").cloned();
        if other.is_some() && other.as_ref() != root.get("servers") {
            let first = types.docs.docs[0].path.display().to_string();
            types.note(
                doc,
                "/servers",
                Kind::Approximated,
                format!("the servers differ from those of `{first}`, whose servers the API uses"),
            );
        }
    }
    tree.insert("base_path".into(), json!(base_path));
    tree.insert("servers".into(), json!({"description": "The vendor's servers, as its OpenAPI file lists them.", "list": list}));
    auth(types, schemes, &mut tree);
    tree
}

/// The API's auth from the files' security schemes: each scheme as our
/// format has it (`security_schemes`), and the first description as the
/// auth's docs. A scheme of a name several files share is taken from the
/// first; a scheme our format cannot carry is reported and left out (the
/// operations needing it then need another, or none).
fn auth(types: &mut Types, per_doc: &[BTreeMap<String, Value>], tree: &mut Map<String, Value>) {
    let mut schemes: BTreeMap<String, (usize, Value)> = BTreeMap::new();
    for &doc in &types.groups {
        for (name, scheme) in &per_doc[doc] {
            schemes.entry(name.clone()).or_insert((doc, scheme.clone()));
        }
    }
    let mut description = String::new();
    let mut out = Map::new();
    for (name, (doc, scheme)) in &schemes {
        let at = format!("/components/securitySchemes/{}", token(name));
        let Some(converted) = security_scheme(types, *doc, &at, scheme) else {
            continue;
        };
        if description.is_empty() {
            if let Some(d) = converted.get("description").and_then(Value::as_str) {
                description = d.to_owned();
            }
        }
        out.insert(name.clone(), converted);
    }
    if description.is_empty() {
        description = if out.is_empty() {
            "The vendor's file declares no security scheme.".to_owned()
        } else {
            "The vendor's security schemes.".to_owned()
        };
    }
    tree.insert("auth".into(), json!({"description": description}));
    if !out.is_empty() {
        tree.insert("security_schemes".into(), Value::Object(out));
    }
}

/// One OpenAPI security scheme in our format; `None` (reported) when our
/// format cannot carry it.
fn security_scheme(types: &mut Types, doc: usize, at: &str, scheme: &Value) -> Option<Value> {
    let text = |key: &str| scheme.get(key).and_then(Value::as_str);
    let kind = text("type").unwrap_or_default();
    let mut out = match kind {
        "http" => {
            let Some(word) = text("scheme").filter(|w| crate::validate::is_token(w)) else {
                types.note(
                    doc,
                    at,
                    Kind::NotCarried,
                    format!(
                        "an HTTP scheme without a valid `scheme` word ({:?}): left out",
                        text("scheme").unwrap_or("")
                    ),
                );
                return None;
            };
            let mut out = json!({"type": "http", "scheme": word.to_ascii_lowercase()});
            if let Some(format) = text("bearerFormat") {
                out["bearer_format"] = json!(format);
            }
            out
        }
        "apiKey" => {
            let location = text("in").filter(|l| ["header", "query", "cookie"].contains(l));
            let name = text("name").filter(|n| !n.is_empty());
            let (Some(location), Some(name)) = (location, name) else {
                types.note(doc, at, Kind::NotCarried, "an API key without a valid `in` (header, query or cookie) and `name`: left out".to_owned());
                return None;
            };
            if location != "query" && !crate::validate::is_token(name) {
                types.note(
                    doc,
                    at,
                    Kind::NotCarried,
                    format!(
                        "an API key named `{name}`, which no {location} can be named: left out"
                    ),
                );
                return None;
            }
            json!({"type": "api_key", "in": location, "name": name})
        }
        "oauth2" => {
            let mut flows = Map::new();
            for (flow, body) in scheme
                .get("flows")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let name = match flow.as_str() {
                    "authorizationCode" => "authorization_code",
                    "clientCredentials" => "client_credentials",
                    "implicit" => "implicit",
                    "password" => "password",
                    other => {
                        types.note(
                            doc,
                            &format!("{at}/flows/{}", token(other)),
                            Kind::NotCarried,
                            format!("`{other}` is not an OAuth 2.0 flow of OpenAPI: left out"),
                        );
                        continue;
                    }
                };
                let mut f = Map::new();
                for (from, to) in [
                    ("authorizationUrl", "authorization_url"),
                    ("tokenUrl", "token_url"),
                    ("refreshUrl", "refresh_url"),
                ] {
                    if let Some(url) = body.get(from).and_then(Value::as_str) {
                        f.insert(to.into(), json!(url));
                    }
                }
                let scopes: Map<String, Value> = body
                    .get("scopes")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), json!(v.as_str().unwrap_or_default())))
                    .collect();
                if !scopes.is_empty() {
                    f.insert("scopes".into(), Value::Object(scopes));
                }
                flows.insert(name.into(), Value::Object(f));
            }
            let mut out = json!({"type": "oauth2"});
            if !flows.is_empty() {
                out["flows"] = Value::Object(flows);
            }
            out
        }
        "openIdConnect" => {
            let url = text("openIdConnectUrl").unwrap_or_default();
            json!({"type": "open_id_connect", "open_id_connect_url": url})
        }
        other => {
            types.note(
                doc,
                at,
                Kind::NotCarried,
                format!("a `{other}` security scheme: our clients cannot sign with it; left out"),
            );
            return None;
        }
    };
    if let Some(d) = markdown::description_in(scheme.get("description")) {
        out["description"] = json!(d);
    }
    Some(out)
}

/// Alternatives naming a scheme left out of `security_schemes` go (the
/// operation keeps the others); an operation left with none is signed as
/// the API's operations are, and reported.
fn prune_security(
    types: &mut Types,
    tree: &Map<String, Value>,
    ops: &mut Map<String, Value>,
    origin: &BTreeMap<String, (PathBuf, String)>,
    group: &BTreeMap<String, usize>,
) {
    let carried = |name: &str| {
        tree.get("security_schemes")
            .and_then(Value::as_object)
            .is_some_and(|s| s.contains_key(name))
    };
    for (name, op) in ops.iter_mut() {
        let Some(o) = op.as_object_mut() else {
            continue;
        };
        let Some(Value::Array(alternatives)) = o.get("security") else {
            continue;
        };
        let kept: Vec<Value> = alternatives
            .iter()
            .filter(|alt| {
                alt.as_array()
                    .is_some_and(|a| a.iter().all(|s| s.as_str().is_some_and(carried)))
            })
            .cloned()
            .collect();
        if kept.len() == alternatives.len() {
            continue;
        }
        let (doc, at) = (
            group.get(name).copied().unwrap_or(0),
            origin
                .get(name)
                .map(|(_, at)| at.clone())
                .unwrap_or_default(),
        );
        if kept.is_empty() {
            types.note(doc, &format!("{at}/security"), Kind::Approximated, "every scheme the operation accepts was left out: it is signed as the API's operations are".to_owned());
            o.remove("security");
        } else {
            types.note(
                doc,
                &format!("{at}/security"),
                Kind::NotCarried,
                "alternatives naming a scheme that was left out: dropped, the others kept"
                    .to_owned(),
            );
            o.insert("security".into(), Value::Array(kept));
        }
    }
}

/// The requirement most operations state becomes the API's `security`;
/// those operations then state none.
fn hoist_security(tree: &mut Map<String, Value>, ops: &mut Map<String, Value>) {
    let mut counts: Vec<(Value, usize)> = Vec::new();
    for op in ops.values() {
        if let Some(s) = op.get("security") {
            match counts.iter_mut().find(|(v, _)| v == s) {
                Some((_, n)) => *n += 1,
                None => counts.push((s.clone(), 1)),
            }
        }
    }
    // The most common; the first seen among equals (operations are in order).
    let Some((common, _)) = counts.into_iter().rev().max_by_key(|(_, n)| *n) else {
        return;
    };
    for op in ops.values_mut() {
        if op.get("security") == Some(&common) {
            if let Some(o) = op.as_object_mut() {
                o.remove("security");
            }
        }
    }
    tree.insert("security".into(), common);
}

/// Splits the (corrected) tree into `api.yaml` and the groups' files.
fn split(
    tree: Value,
    types: &Types,
    group_names: &[String],
    op_group: &BTreeMap<String, usize>,
    type_group: &BTreeMap<String, Option<usize>>,
    options: &ImportOptions,
) -> Vec<(String, String)> {
    let Value::Object(mut tree) = tree else {
        return Vec::new();
    };
    let mut parts: Vec<Map<String, Value>> = vec![Map::new(); group_names.len()];
    let mut take =
        |section: &str, group_of: &dyn Fn(&str) -> Option<usize>, tree: &mut Map<String, Value>| {
            let Some(Value::Object(entries)) = tree.remove(section) else {
                return;
            };
            let mut shared = Map::new();
            for (name, value) in entries {
                match group_of(&name) {
                    Some(g) => {
                        let part = &mut parts[g];
                        part.entry(section).or_insert_with(|| json!({}))[&name] = value;
                    }
                    None => {
                        shared.insert(name, value);
                    }
                }
            }
            if !shared.is_empty() {
                tree.insert(section.to_owned(), Value::Object(shared));
            }
        };
    let types_of = |name: &str| type_group.get(name).copied().flatten();
    take("enums", &types_of, &mut tree);
    take("schemas", &types_of, &mut tree);
    take(
        "operations",
        &|name: &str| op_group.get(name).copied(),
        &mut tree,
    );

    let vendor: Vec<String> = types
        .groups
        .iter()
        .map(|&g| {
            let doc = &types.docs.docs[g];
            let version = doc
                .root
                .pointer("/info/version")
                .and_then(Value::as_str)
                .unwrap_or("unversioned");
            let openapi = doc
                .root
                .get("openapi")
                .and_then(Value::as_str)
                .unwrap_or("?");
            format!(
                "- {} (info.version {version}, OpenAPI {openapi})",
                doc.path.display()
            )
        })
        .collect();
    let mut header = format!(
        "yaml-language-server: $schema=../schema.json\n\
         The API `{}`, imported by `apigen import openapi` from the vendor's files:\n{}\n",
        options.api,
        vendor.join("\n")
    );
    match &options.overlay {
        Some(o) => header.push_str(&format!(
            "with the corrections of {} applied.\n",
            o.display()
        )),
        None => header.push_str("without corrections.\n"),
    }
    header.push_str(&format!(
        "Do not edit the imported files: change the overlay and re-import with\n  {}\n",
        options.command
    ));
    let mut files = vec![(
        crate::load::SPLIT_HEADER.to_owned(),
        yaml::write(&header, &Value::Object(tree)),
    )];
    for (g, mut part) in parts.into_iter().enumerate() {
        let doc = &types.docs.docs[types.groups[g]];
        if let Some(d) = markdown::description_in(doc.root.pointer("/info/description")) {
            part.insert("description".into(), json!(d));
        }
        let header = format!(
            "Group `{}` of the API `{}`, imported from {}.\nShared types, servers and auth are in api.yaml; see its header to re-import.",
            group_names[g],
            options.api,
            doc.path.display()
        );
        files.push((
            format!("{}.yaml", group_names[g]),
            yaml::write(&header, &Value::Object(part)),
        ));
    }
    files.sort();
    files
}

/// Whether a spec file's header says an OpenAPI import wrote it (not the
/// pages import, nor a person). Files imported before the CLI was named
/// `apigen` say `codegen import openapi`.
fn written_by_openapi_import(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    text.lines().take(3).any(|line| {
        line.contains("imported by `apigen import openapi`")
            || line.contains("imported by `codegen import openapi`")
            || (line.starts_with("# Group `") && line.contains(", imported from "))
    })
}

/// Writes the imported files into `out` (created if needed), replacing the
/// spec files an earlier OpenAPI import wrote there and that this one does
/// not (files of the pages import, or written by hand, stay).
pub fn write(out: &Path, imported: &Imported) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let keep: BTreeSet<&str> = imported.files.iter().map(|(n, _)| n.as_str()).collect();
    for entry in std::fs::read_dir(out)? {
        let path = entry?.path();
        let stale = path.is_file()
            && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !keep.contains(n))
            && written_by_openapi_import(&path);
        if stale {
            std::fs::remove_file(&path)?;
        }
    }
    for (name, text) in &imported.files {
        let path = out.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
            std::fs::write(&path, text)?;
        }
    }
    Ok(())
}
