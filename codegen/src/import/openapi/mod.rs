//! OpenAPI documents → the spec values of one API: the header (name,
//! servers, security schemes), one operation per path and method of every
//! group file, the types they use, and the webhooks.
//!
//! | stage | module |
//! |---|---|
//! | read the files, and every file their refs name | [`documents`] |
//! | follow `$ref`s, anywhere, with where things are | [`resolve`] |
//! | schemas → types and declared enums and schemas | [`schemas`] |
//! | operations → inputs, bodies, scopes | [`operations`] |
//! | responses → successes and errors | [`responses`] |
//! | operation names from `operationId`s | [`operation_names`] |
//! | security schemes and requirements | [`security`] |
//! | OpenAPI 3.1 webhooks → events | [`webhooks`] |

pub mod documents;
pub mod operation_names;
pub mod operations;
pub mod resolve;
pub mod responses;
pub mod schemas;
pub mod security;
pub mod webhooks;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use indexmap::IndexMap;
use serde_json::Value;

use super::report::Kind;
use super::{Built, GroupSource, ImportOptions, Origins};
use crate::naming::{bare, snake};
use crate::spec::{ApiSpec, AuthSpec, ServerSpec, ServersSpec};
use documents::{token, Documents};
use resolve::Node;
use schemas::{Decl, Types};

/// The methods of a path item that are operations.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A found operation: its group, path and method, and the nodes it is read
/// from (path item and operation, refs followed).
pub struct Found<'d> {
    pub group: usize,
    pub path: String,
    pub method: String,
    pub item: Node<'d>,
    pub op: Node<'d>,
}

/// Builds the spec values of the API in `docs`: its first `groups` documents
/// are the groups, in order; `group_names` are their files' names.
pub fn build(
    docs: &Documents,
    groups: usize,
    group_names: &[String],
    options: &ImportOptions,
) -> Built {
    let groups: Vec<usize> = (0..groups).collect();
    let mut types = Types::new(docs, groups.clone(), options.origin);
    let schemes: Vec<BTreeMap<String, Node<'_>>> = groups
        .iter()
        .map(|&doc| security::schemes_of(&mut types, doc))
        .collect();
    let mut spec = header(&mut types, options);
    security::declare(&mut types, &schemes, &mut spec);
    let securities: Vec<operations::Security> = groups
        .iter()
        .map(|&doc| security::of_file(docs.root(doc), &schemes[doc]))
        .collect();

    let found = collect_operations(&mut types);
    types.report.operations_found = found.len();
    let names = operation_names::names(&mut types, &found, group_names);
    let mut origins = Origins::default();
    let mut op_group = BTreeMap::new();
    for (found, name) in found.iter().zip(names) {
        let place = operations::Place {
            doc: found.group,
            path: &found.path,
            method: &found.method,
            name: &name,
            item: found.item.clone(),
            op: found.op.clone(),
        };
        let converted = operations::convert(&mut types, &place, &securities[found.group]);
        op_group.insert(name.clone(), found.group);
        origins
            .operations
            .insert(name.clone(), (found.op.doc, found.op.at.clone()));
        spec.operations.insert(name, converted);
    }
    if let Some((webhooks, events)) = webhooks::collect(&mut types) {
        spec.webhooks = Some(webhooks);
        origins.events = events;
    }
    types.declare_pending();
    security::prune(&mut types, &mut spec, &origins);
    origins.places = types.places();
    origins.same_as = std::mem::take(&mut types.same_as);
    security::hoist(&mut spec);

    let mut type_group = BTreeMap::new();
    for (name, declared) in std::mem::take(&mut types.declared) {
        type_group.insert(name.clone(), declared.group);
        origins.types.insert(name.clone(), declared.origin.clone());
        match declared.decl {
            Decl::Enum(e) => {
                spec.enums.insert(name, e);
            }
            Decl::Schema(s) => {
                spec.schemas.insert(name, s);
            }
        }
    }
    // Unions of one alternative named before that was known.
    let aliases = types.aliases().clone();
    super::settle::apply_aliases(&mut spec, &aliases);
    let sources = groups
        .iter()
        .map(|&g| {
            let root = &docs.docs[g].root;
            GroupSource {
                path: docs.docs[g].path.clone(),
                description: super::markdown::description_in(root.pointer("/info/description")),
                version: root
                    .pointer("/info/version")
                    .and_then(Value::as_str)
                    .unwrap_or("unversioned")
                    .to_owned(),
                openapi: root
                    .get("openapi")
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_owned(),
            }
        })
        .collect();
    Built {
        spec,
        op_group,
        type_group,
        origins,
        sources,
        report: types.report,
        paths: docs.docs.iter().map(|d| d.path.clone()).collect(),
    }
}

/// Every operation of the groups' `paths`, path items and operations given
/// by `$ref` followed (to any file, relative to the one that refers).
fn collect_operations<'d>(types: &mut Types<'d>) -> Vec<Found<'d>> {
    let mut found = Vec::new();
    for group in types.groups.clone() {
        let root = types.docs.root(group);
        let Some(paths) = root.child("paths").filter(|p| p.value.is_object()) else {
            types.note(
                group,
                "",
                Kind::NotCarried,
                "the file has no `paths`: no operations".to_owned(),
            );
            continue;
        };
        for (path, item) in paths.entries() {
            let Some(item) = types.follow(&item) else {
                continue;
            };
            if !item.value.is_object() {
                continue;
            }
            for method in METHODS {
                let Some(op) = item.child(method) else {
                    continue;
                };
                let Some(op) = types.follow(&op) else {
                    continue;
                };
                if !op.value.is_object() {
                    continue;
                }
                found.push(Found {
                    group,
                    path: path.to_owned(),
                    method: (*method).to_owned(),
                    item: item.clone(),
                    op,
                });
            }
        }
    }
    found
}

/// Each file's group name: its stem in snake case, unique.
pub fn group_names(files: &[PathBuf]) -> Vec<String> {
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

/// The API's header: name, title, servers, from the first file (the others
/// are checked against it).
fn header(types: &mut Types<'_>, options: &ImportOptions) -> ApiSpec {
    let root = types.docs.root(0).value;
    let title = root
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or(&options.api)
        .trim()
        .to_owned();
    let description = super::markdown::description_in(root.pointer("/info/description"))
        .unwrap_or_else(|| format!("{title}, imported from the vendor's OpenAPI description."));
    let docs_url = root
        .pointer("/externalDocs/url")
        .or_else(|| root.pointer("/info/contact/url"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    if docs_url.is_none() {
        types.note(0, "/info", Kind::NotCarried, "no documentation URL (`externalDocs` or `info.contact.url`): the docs say so; the overlay can give `docs_url`".to_owned());
    }
    let (base_path, servers) = servers(types, root, options);
    ApiSpec {
        name: options.api.clone(),
        title,
        description,
        docs_url: docs_url.unwrap_or_default(),
        base_path,
        servers,
        auth: Some(AuthSpec {
            description: String::new(),
            header: None,
            scheme: None,
            methods: Vec::new(),
            token_types: Vec::new(),
        }),
        security_schemes: IndexMap::new(),
        security: None,
        oauth: None,
        rate_limits: None,
        webhooks: None,
        enums: IndexMap::new(),
        schemas: IndexMap::new(),
        operations: IndexMap::new(),
    }
}

/// The servers of the first file (or `--server`s): one origin each; the
/// path they share is the base path.
fn servers(types: &mut Types<'_>, root: &Value, options: &ImportOptions) -> (String, ServersSpec) {
    let listed: Vec<(String, String)> = root
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
    let given = listed.is_empty() && !options.servers.is_empty();
    let listed = if given {
        options
            .servers
            .iter()
            .map(|url| (url.trim_end_matches('/').to_owned(), String::new()))
            .collect()
    } else {
        listed
    };
    let mut base_path = String::new();
    let mut list = Vec::new();
    let mut names = BTreeSet::new();
    for (i, (url, description)) in listed.iter().enumerate() {
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
        let base = if listed.len() == 1 {
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
        list.push(ServerSpec {
            name,
            title,
            url: origin,
            default: i == 0,
        });
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
        let other = types.docs.docs[doc].root.get("servers");
        if other.is_some() && other != root.get("servers") {
            let first = types.docs.docs[0].path.display().to_string();
            types.note(
                doc,
                "/servers",
                Kind::Approximated,
                format!("the servers differ from those of `{first}`, whose servers the API uses"),
            );
        }
    }
    (
        base_path,
        ServersSpec {
            description: "The vendor's servers, as its OpenAPI file lists them.".to_owned(),
            docs_url: None,
            source: None,
            list,
        },
    )
}

/// The JSON pointer of an operation in its file.
pub fn operation_at(path: &str, method: &str) -> String {
    format!("/paths/{}/{method}", token(path))
}
