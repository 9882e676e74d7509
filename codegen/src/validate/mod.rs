//! Stage 2: check a [`crate::spec::ApiSpec`] and resolve it into a
//! [`crate::model::Api`], reporting every problem found, each with its position.

mod oauth;
mod operation;
mod rate_limits;
mod security;
pub mod types;
mod webhooks;

use std::collections::{HashMap, HashSet};

use crate::by_name::{self, ByName};

use crate::diagnostic::Diagnostic;
use crate::load::{Locate, Unreadable};
use crate::model::*;
use crate::naming::{camel, snake, type_name};
use crate::spec::{self, ApiSpec, PropertySpec, PropertyValue};
use indexmap::IndexMap;
use types::NamedKind;

/// Collects diagnostics for one file.
pub(crate) struct Ctx<'a> {
    pub file: &'a dyn Locate,
    pub problems: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn error(&mut self, path: &str, message: impl Into<String>) {
        let d = self.file.diagnostic(path, message.into(), None);
        self.problems.push(d);
    }

    pub fn error_hint(&mut self, path: &str, message: impl Into<String>, hint: impl Into<String>) {
        let d = self
            .file
            .diagnostic(path, message.into(), Some(hint.into()));
        self.problems.push(d);
    }

    /// Reports Rust names that two spec names share once converted.
    pub fn unique<'n>(
        &mut self,
        what: &str,
        items: impl IntoIterator<Item = (String, &'n str, String)>,
    ) {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (rust, original, path) in items {
            if let Some(first) = seen.insert(rust.clone(), original) {
                // `Option` and `Option_` meet at `Option_`, the escape of the first.
                let hint = match crate::naming::unescaped_type(&rust) {
                    Some(plain) => format!(
                        "generated code names `{plain}` without a path, so a type named so becomes `{rust}`: rename one of them"
                    ),
                    _ => "rename one of them, or give one a `rust_name`".to_owned(),
                };
                self.error_hint(
                    &path,
                    format!("{what} `{original}` and `{first}` both become `{rust}` in Rust"),
                    hint,
                );
            }
        }
    }
}

/// Checks one parsed spec and resolves it.
pub fn validate(file: &dyn Locate, spec: &ApiSpec) -> Result<Api, Vec<Diagnostic>> {
    validate_with(file, spec, &Unreadable::default())
}

/// [`validate`] for a spec read only in part: `unreadable` names the entries
/// whose shape errors were already reported; references to them, or their
/// absence, are not reported again.
pub fn validate_with(
    file: &dyn Locate,
    spec: &ApiSpec,
    unreadable: &Unreadable,
) -> Result<Api, Vec<Diagnostic>> {
    let mut cx = Ctx {
        file,
        problems: Vec::new(),
    };
    let api = resolve_api(&mut cx, spec, unreadable);
    if cx.problems.is_empty() {
        Ok(api)
    } else {
        Err(cx.problems)
    }
}

fn resolve_api(cx: &mut Ctx<'_>, spec: &ApiSpec, unreadable: &Unreadable) -> Api {
    if snake(&spec.name) != spec.name || spec.name.starts_with("r#") {
        cx.error_hint(
            "name",
            format!(
                "the API name `{}` is not a snake_case Rust module name",
                spec.name
            ),
            format!("use `{}`", crate::naming::bare(&snake(&spec.name))),
        );
    }
    if !spec.docs_url.is_empty() {
        check_url(cx, "docs_url", &spec.docs_url);
    }
    check_base_path(cx, "base_path", &spec.base_path);

    let mut names: IndexMap<String, (NamedKind, String)> = IndexMap::new();
    for (name, _) in &spec.enums {
        names.insert(name.clone(), (NamedKind::Enum, type_name(name)));
    }
    for (name, schema) in &spec.schemas {
        let kind = if schema.one_of.is_some() || schema.any_of.is_some() {
            NamedKind::Union
        } else {
            NamedKind::Struct
        };
        if names
            .insert(name.clone(), (kind, type_name(name)))
            .is_some()
        {
            cx.error(
                &format!("schemas.{name}"),
                format!("`{name}` is declared both as an enum and as a schema"),
            );
        }
    }
    for name in &unreadable.types {
        names
            .entry(name.clone())
            .or_insert((NamedKind::Unreadable, type_name(name)));
    }
    cx.unique(
        "type",
        names.iter().map(|(n, (kind, rust))| {
            let section = if *kind == NamedKind::Enum {
                "enums"
            } else {
                "schemas"
            };
            (rust.clone(), n.as_str(), format!("{section}.{n}"))
        }),
    );

    let servers = resolve_servers(cx, &spec.servers);
    let auth = security::resolve_auth(cx, spec);
    let oauth = oauth::resolve(cx, spec, &servers.list);
    let rate_limits = rate_limits::resolve(cx, spec);
    let webhooks = webhooks::resolve(cx, spec, &names);
    let enums: Vec<Enum> = spec
        .enums
        .iter()
        .map(|(n, e)| resolve_enum(cx, n, e))
        .collect();
    let is_union = |s: &spec::SchemaSpec| s.one_of.is_some() || s.any_of.is_some();
    let mut structs: Vec<Struct> = spec
        .schemas
        .iter()
        .filter(|(_, s)| !is_union(s))
        .map(|(n, s)| resolve_struct(cx, n, s, &names))
        .collect();
    merge_all_of(cx, &spec.schemas, &mut structs, &names);
    let unions: Vec<Union> = spec
        .schemas
        .iter()
        .filter(|(_, s)| is_union(s))
        .map(|(n, s)| resolve_union(cx, n, s, &names))
        .collect();
    box_recursive_fields(&mut structs, &unions);
    let (enum_index, struct_index) = (ByName::new(&enums), ByName::new(&structs));
    let parts = operation::ApiParts {
        names: &names,
        enums: &enum_index,
        structs: &struct_index,
        auth: &auth,
        servers: &servers,
        base_path: &spec.base_path,
    };
    let operations: Vec<Operation> = spec
        .operations
        .iter()
        .map(|(n, op)| operation::resolve(cx, n, op, &parts))
        .collect();
    cx.unique(
        "operation",
        spec.operations
            .keys()
            .map(|n| (snake(n), n.as_str(), format!("operations.{n}"))),
    );
    mark_request_structs(&mut structs, &unions, &operations);
    let mut enums = enums;
    open_response_enums(
        &mut enums,
        &structs,
        &unions,
        &operations,
        webhooks.as_ref(),
    );
    check_reserved(cx, &names, &operations);
    for n in spec.operations.keys() {
        if crate::naming::API_ITEMS.contains(&snake(n).as_str()) {
            cx.error_hint(
                &format!("operations.{n}"),
                format!(
                    "the operation `{n}` would take the name of the API module's `{}`",
                    snake(n)
                ),
                "rename the operation",
            );
        }
    }
    if spec.operations.is_empty() && unreadable.operations.is_empty() && spec.webhooks.is_none() {
        cx.error("operations", "the API has no operations");
    }

    Api {
        source_file: cx.file.spec_name(),
        module: spec.name.clone(),
        title: spec.title.clone(),
        description: spec.description.clone(),
        docs_url: spec.docs_url.clone(),
        base_path: spec.base_path.clone(),
        servers,
        auth,
        oauth,
        rate_limits,
        webhooks,
        enums,
        structs,
        unions,
        operations,
    }
}

pub(crate) fn check_url(cx: &mut Ctx<'_>, path: &str, url: &str) {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
        && url.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
    if !ok {
        cx.error_hint(
            path,
            format!("`{url}` is not an absolute http(s) URL"),
            "write it as `https://host/...`",
        );
    }
}

/// Types of the spec must not take a name the generator declares in the
/// module of an operation that uses the type (its request, builder, error,
/// `one_of` types, builder traits and type parameters), where the import of
/// the type would clash with the declaration or be shadowed by it. (Names
/// of the API module itself and of the prelude are escaped instead, by
/// `naming::type_name`.)
fn check_reserved(
    cx: &mut Ctx<'_>,
    names: &IndexMap<String, (NamedKind, String)>,
    operations: &[Operation],
) {
    let mut clashes: IndexMap<&str, String> = IndexMap::new();
    for op in operations {
        let declared = op.declared_types();
        for used in op.api_items() {
            if declared.iter().any(|d| d == used) {
                clashes.entry(used).or_insert_with(|| {
                    format!(
                        "in the module of the operation `{}`, which uses it",
                        op.rust_name
                    )
                });
            }
        }
    }
    for (name, (kind, rust)) in names {
        if let Some(place) = clashes.get(rust.as_str()) {
            let section = if *kind == NamedKind::Enum {
                "enums"
            } else {
                "schemas"
            };
            cx.error_hint(
                &format!("{section}.{name}"),
                format!("`{name}` becomes `{rust}`, a name the generator defines itself {place}"),
                "rename it (for example with a vendor prefix)",
            );
        }
    }
}

/// Boxes each field whose struct leads back to the struct holding it through
/// fields held inline (a struct, or an optional one; lists and maps already
/// hold their items on the heap), so that every struct has a finite size.
/// Marks the structs a request sends (reachable from a JSON body input,
/// through fields): consumers build those.
fn mark_request_structs(structs: &mut [Struct], unions: &[Union], operations: &[Operation]) {
    let mut pending: Vec<String> = operations
        .iter()
        .flat_map(Operation::all_inputs)
        .filter(|i| matches!(i.location, ParamLocation::Body | ParamLocation::WholeBody))
        .filter_map(|i| i.ty.named_item().map(str::to_owned))
        .collect();
    let unions = ByName::new(unions);
    let struct_at = by_name::positions(structs);
    let mut seen_unions = HashSet::new();
    while let Some(name) = pending.pop() {
        if let Some(u) = unions.get(&name) {
            if seen_unions.insert(name.clone()) {
                pending.extend(
                    u.variants
                        .iter()
                        .filter_map(|v| v.ty.named_item().map(str::to_owned)),
                );
            }
            continue;
        }
        if let Some(s) = struct_at
            .get(&name)
            .map(|&i| &mut structs[i])
            .filter(|s| !s.request)
        {
            s.request = true;
            pending.extend(
                s.fields
                    .iter()
                    .filter_map(|f| f.ty.named_item().map(str::to_owned)),
            );
        }
    }
}

fn box_recursive_fields(structs: &mut [Struct], unions: &[Union]) {
    let unions = ByName::new(unions);
    let index = by_name::positions(structs);
    // The structs a field of this type holds inline: itself, or a union's
    // alternatives (through unions of unions).
    let targets = |ty: &Type| -> Vec<usize> {
        let mut found = Vec::new();
        let mut pending = vec![ty.clone()];
        let mut seen_unions = HashSet::new();
        while let Some(ty) = pending.pop() {
            match ty {
                Type::Struct(name) => found.extend(index.get(&name).copied()),
                Type::Union(name) if seen_unions.insert(name.clone()) => {
                    if let Some(u) = unions.get(&name) {
                        pending.extend(u.variants.iter().map(|v| v.ty.clone()));
                    }
                }
                _ => {}
            }
        }
        found
    };
    let edges: Vec<Vec<usize>> = structs
        .iter()
        .map(|s| s.fields.iter().flat_map(|f| targets(&f.ty)).collect())
        .collect();
    // `reaches[a]`: the structs reachable from `a` through inline fields.
    let reaches: Vec<HashSet<usize>> = (0..structs.len())
        .map(|start| {
            let mut seen = HashSet::new();
            let mut stack = edges[start].clone();
            while let Some(next) = stack.pop() {
                if seen.insert(next) {
                    stack.extend(&edges[next]);
                }
            }
            seen
        })
        .collect();
    for (i, s) in structs.iter_mut().enumerate() {
        for f in &mut s.fields {
            f.boxed = targets(&f.ty)
                .into_iter()
                .any(|target| target == i || reaches[target].contains(&i));
        }
    }
}

fn resolve_servers(cx: &mut Ctx<'_>, s: &spec::ServersSpec) -> Servers {
    // No server: the vendor names none, and the caller gives the base URL
    // (`Server::Custom`).
    let defaults = s.list.iter().filter(|s| s.default).count();
    if !s.list.is_empty() && defaults != 1 {
        cx.error_hint(
            "servers.list",
            format!("{defaults} servers are marked `default: true`; exactly one must be"),
            "mark the server the vendor's samples use",
        );
    }
    let list: Vec<Server> = s
        .list
        .iter()
        .enumerate()
        .map(|(i, srv)| {
            check_url(cx, &format!("servers.list.{i}.url"), &srv.url);
            if srv.url.ends_with('/') {
                cx.error(
                    &format!("servers.list.{i}.url"),
                    "a server URL must not end with `/`",
                );
            }
            Server {
                variant: camel(&srv.name),
                title: srv.title.clone(),
                url: srv.url.clone(),
                default: srv.default,
            }
        })
        .collect();
    cx.unique(
        "server",
        s.list.iter().zip(&list).enumerate().map(|(i, (spec, m))| {
            (
                m.variant.clone(),
                spec.name.as_str(),
                format!("servers.list.{i}.name"),
            )
        }),
    );
    if list.iter().any(|s| s.variant == "Custom") {
        cx.error(
            "servers.list",
            "a server may not be named `custom`: `Server::Custom` holds a custom base URL",
        );
    }
    Servers {
        description: s.description.clone(),
        docs_url: s.docs_url.clone(),
        source: s.source.clone(),
        list,
    }
}

/// RFC 9110 `token`: header names and auth schemes.
/// Reports `value` unless it is an HTTP token (RFC 9110 §5.6.2): a header
/// name, a cookie name, a scheme word; `what` names it (`HTTP header name`).
pub(crate) fn check_token(cx: &mut Ctx<'_>, at: &str, value: &str, what: &str) {
    if !is_token(value) {
        cx.error(at, format!("`{value}` is not a valid {what}"));
    }
}

pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn resolve_enum(cx: &mut Ctx<'_>, name: &str, e: &spec::EnumSpec) -> Enum {
    let base = format!("enums.{name}");
    if e.values.is_empty() {
        cx.error(
            &format!("{base}.values"),
            format!("the enum `{name}` has no values"),
        );
    }
    let properties: Vec<(String, Property)> = e
        .properties
        .iter()
        .map(|(pname, p)| {
            let (many, description) = match p {
                PropertySpec::Described(d) => (false, d.clone()),
                PropertySpec::Typed(t) => {
                    let many = match t.ty.as_str() {
                        "string" => false,
                        "string[]" => true,
                        other => {
                            cx.error(
                                &format!("{base}.properties.{pname}.type"),
                                format!("a property is `string` or `string[]`, not `{other}`"),
                            );
                            false
                        }
                    };
                    (many, t.description.clone())
                }
            };
            (
                pname.clone(),
                Property {
                    rust_name: snake(pname),
                    description,
                    many,
                },
            )
        })
        .collect();
    let values_of =
        |cx: &mut Ctx<'_>, path: &str, given: &indexmap::IndexMap<String, PropertyValue>| {
            for key in given.keys() {
                if !e.properties.contains_key(key) {
                    cx.error_hint(
                        &format!("{path}.{key}"),
                        format!("`{key}` is not a property of `{name}`"),
                        "declare it under `properties`, or fix its spelling",
                    );
                }
            }
            properties
                .iter()
                .map(|(pname, p)| match given.get(pname) {
                    Some(PropertyValue::One(v)) if !p.many => vec![v.clone()],
                    Some(PropertyValue::Many(v)) if p.many => v.clone(),
                    Some(_) => {
                        cx.error(
                            &format!("{path}.{pname}"),
                            format!(
                                "`{pname}` must be {}",
                                if p.many {
                                    "a list of strings"
                                } else {
                                    "a string"
                                }
                            ),
                        );
                        Vec::new()
                    }
                    None => {
                        cx.error(path, format!("the value has no `{pname}`"));
                        Vec::new()
                    }
                })
                .collect::<Vec<_>>()
        };
    let values: Vec<EnumValue> = e
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let path = format!("{base}.values.{i}");
            EnumValue {
                variant: camel(&v.name),
                display: v.name.clone(),
                wire: v.value.clone(),
                description: v.description.clone(),
                properties: values_of(cx, &path, &v.properties),
            }
        })
        .collect();
    let other = e.other.as_ref().map(|o| OtherValue {
        variant: camel(&o.name),
        description: o.description.clone(),
        properties: values_of(cx, &format!("{base}.other"), &o.properties),
        synthesized: false,
    });
    let mut variants: Vec<(String, &str, String)> = e
        .values
        .iter()
        .zip(&values)
        .enumerate()
        .map(|(i, (s, v))| {
            (
                v.variant.clone(),
                s.name.as_str(),
                format!("{base}.values.{i}.name"),
            )
        })
        .collect();
    if let (Some(o), Some(spec_o)) = (&other, &e.other) {
        variants.push((
            o.variant.clone(),
            spec_o.name.as_str(),
            format!("{base}.other.name"),
        ));
    }
    cx.unique("value", variants);
    let mut wires = HashSet::new();
    for (i, v) in e.values.iter().enumerate() {
        if !wires.insert(v.value.as_str()) {
            cx.error(
                &format!("{base}.values.{i}.value"),
                format!("the value `{}` is listed twice", v.value),
            );
        }
    }
    cx.unique(
        "property",
        e.properties
            .keys()
            .map(|k| (snake(k), k.as_str(), format!("{base}.properties.{k}"))),
    );
    let wire_kind = match e.ty.as_deref() {
        None | Some("string") => WireKind::String,
        Some("integer") => WireKind::Integer,
        Some("number") => WireKind::Number,
        Some("boolean") => WireKind::Boolean,
        Some(other) => {
            cx.error_hint(
                &format!("{base}.type"),
                format!("an enum's values are not `{other}`"),
                "use `string`, `integer`, `number` or `boolean`",
            );
            WireKind::String
        }
    };
    for (i, v) in e.values.iter().enumerate() {
        let fits = match wire_kind {
            WireKind::String => true,
            WireKind::Integer => v.value.parse::<i64>().is_ok(),
            WireKind::Number => v.value.parse::<f64>().is_ok_and(f64::is_finite),
            WireKind::Boolean => v.value == "true" || v.value == "false",
        };
        if !fits {
            cx.error(
                &format!("{base}.values.{i}.value"),
                format!("`{}` is not a value of the enum's type", v.value),
            );
        }
    }
    Enum {
        rust_name: type_name(name),
        description: e.description.clone(),
        docs_url: e.docs_url.clone(),
        source: e.source.clone(),
        properties: properties.into_iter().map(|(_, p)| p).collect(),
        values,
        other,
        wire_kind,
    }
}

/// Gives every enum that responses carry, and that has no `other` value, a
/// variant that keeps an undocumented value as received: one new value from
/// the vendor must not fail the whole response.
fn open_response_enums(
    enums: &mut [Enum],
    structs: &[Struct],
    unions: &[Union],
    operations: &[Operation],
    webhooks: Option<&Webhooks>,
) {
    let mut pending: Vec<String> = operations
        .iter()
        .flat_map(|op| {
            let success = op
                .success
                .iter()
                .filter_map(|s| s.body.as_ref()?.named_item());
            let errors = op
                .errors
                .variants
                .iter()
                .filter_map(|v| v.body.as_ref()?.named_item());
            success.chain(errors).map(str::to_owned).collect::<Vec<_>>()
        })
        .collect();
    // What a vendor sends is read as a response is: open to new values.
    pending.extend(
        webhooks
            .iter()
            .flat_map(|w| &w.events)
            .filter_map(|e| e.payload.named_item())
            .map(str::to_owned),
    );
    let structs = ByName::new(structs);
    let unions = ByName::new(unions);
    let enum_at = by_name::positions(enums);
    let mut seen = HashSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(s) = structs.get(&name) {
            pending.extend(
                s.fields
                    .iter()
                    .filter_map(|f| f.ty.named_item().map(str::to_owned)),
            );
            pending.extend(
                s.additional
                    .as_ref()
                    .and_then(|t| t.named_item().map(str::to_owned)),
            );
        }
        if let Some(u) = unions.get(&name) {
            pending.extend(
                u.variants
                    .iter()
                    .filter_map(|v| v.ty.named_item().map(str::to_owned)),
            );
        }
        if let Some(e) = enum_at
            .get(&name)
            .map(|&i| &mut enums[i])
            .filter(|e| e.other.is_none())
        {
            let taken = |v: &str| e.values.iter().any(|x| x.variant == v);
            let variant = ["Unknown", "Undocumented", "OtherValue"]
                .into_iter()
                .find(|v| !taken(v))
                .unwrap_or("UnknownValue")
                .to_owned();
            let properties = e.properties.iter().map(|_| Vec::new()).collect();
            e.other = Some(OtherValue {
                variant,
                description: "A value the vendor's documentation did not list when this client was generated, kept as received.".to_owned(),
                properties,
                synthesized: true,
            });
        }
    }
}

fn resolve_struct(
    cx: &mut Ctx<'_>,
    name: &str,
    s: &spec::SchemaSpec,
    names: &IndexMap<String, (NamedKind, String)>,
) -> Struct {
    let base = format!("schemas.{name}");
    if s.fields.is_empty() && s.all_of.is_empty() && s.additional.is_none() {
        cx.error(
            &format!("{base}.fields"),
            format!("the schema `{name}` has no fields"),
        );
    }
    let additional = s.additional.as_ref().map(|expr| {
        types::resolve(expr, names).unwrap_or_else(|e| {
            cx.error_hint(
                &format!("{base}.additional"),
                e,
                "declare it, or use a built-in type such as `json`",
            );
            Type::Json
        })
    });
    let fields: Vec<Field> = s
        .fields
        .iter()
        .map(|(wire, f)| {
            let path = format!("{base}.fields.{wire}");
            let ty = match types::resolve(&f.ty, names) {
                Ok(t) => t,
                Err(e) => {
                    cx.error_hint(
                        &format!("{path}.type"),
                        e,
                        "declare it under `enums` or `schemas`",
                    );
                    Type::Json
                }
            };
            if types::has_file(&ty) {
                cx.error(&format!("{path}.type"), "a response field cannot be a file");
            }
            Field {
                rust_name: f.rust_name.clone().unwrap_or_else(|| snake(wire)),
                wire: wire.clone(),
                ty,
                required: f.required,
                boxed: false,
                description: f.description.clone(),
                example: f.example.clone(),
                nullable: f.nullable,
                deprecated: f.deprecated.clone(),
                default: f.default.clone(),
                constraints: Constraints {
                    minimum: f.minimum,
                    maximum: f.maximum,
                    min_length: f.min_length,
                    max_length: f.max_length,
                    pattern: f.pattern.clone(),
                },
            }
        })
        .collect();
    cx.unique(
        "field",
        s.fields
            .keys()
            .zip(&fields)
            .map(|(wire, f)| {
                (
                    f.rust_name.clone(),
                    wire.as_str(),
                    format!("{base}.fields.{wire}"),
                )
            })
            .chain(additional.is_some().then(|| {
                (
                    "additional".to_owned(),
                    "additional",
                    format!("{base}.additional"),
                )
            })),
    );
    Struct {
        rust_name: type_name(name),
        description: s.description.clone(),
        docs_url: s.docs_url.clone(),
        source: s.source.clone(),
        fields,
        request: false,
        additional,
    }
}

/// `all_of`: each schema gets the fields of the schemas it names (theirs
/// first, merged the same way), then its own.
fn merge_all_of(
    cx: &mut Ctx<'_>,
    schemas: &IndexMap<String, spec::SchemaSpec>,
    structs: &mut [Struct],
    names: &IndexMap<String, (NamedKind, String)>,
) {
    struct Walk<'w, 'c> {
        cx: &'w mut Ctx<'c>,
        schemas: &'w IndexMap<String, spec::SchemaSpec>,
        own: &'w HashMap<String, Vec<Field>>,
        names: &'w IndexMap<String, (NamedKind, String)>,
        /// Each problem once, though a schema is walked from every one that includes it.
        reported: HashSet<(String, String)>,
    }
    impl Walk<'_, '_> {
        fn error(&mut self, at: String, message: String) {
            if self.reported.insert((at.clone(), message.clone())) {
                self.cx.error(&at, message);
            }
        }
    }
    fn merged(walk: &mut Walk<'_, '_>, name: &str, stack: &mut Vec<String>) -> Vec<Field> {
        let (schemas, own, names) = (walk.schemas, walk.own, walk.names);
        let Some(schema) = schemas.get(name) else {
            return Vec::new();
        };
        let mut fields: Vec<Field> = Vec::new();
        for (i, parent) in schema.all_of.iter().enumerate() {
            let at = format!("schemas.{name}.all_of[{i}]");
            match names.get(parent) {
                Some((NamedKind::Struct, _)) => {}
                Some((NamedKind::Unreadable, _)) => continue,
                _ => {
                    walk.error(at, format!("`{parent}` is not a schema with fields"));
                    continue;
                }
            }
            if stack.iter().any(|s| s == parent) {
                let cycle = format!("{} → {parent}", stack.join(" → "));
                walk.error(at, format!("the `all_of`s go round in a circle: {cycle}"));
                continue;
            }
            stack.push(parent.clone());
            for f in merged(walk, parent, stack) {
                if let Some(same) = fields.iter().find(|g| g.wire == f.wire) {
                    if same.ty != f.ty || same.required != f.required {
                        walk.error(
                            at.clone(),
                            format!("the field `{}` comes twice, differently", f.wire),
                        );
                    }
                    continue;
                }
                fields.push(f);
            }
            stack.pop();
        }
        for f in own.get(name).into_iter().flatten() {
            fields.retain(|g| g.wire != f.wire);
            fields.push(f.clone());
        }
        fields
    }
    let by_name = ByName::new(structs);
    let own: HashMap<String, Vec<Field>> = schemas
        .keys()
        .filter_map(|n| {
            let rust = &names.get(n)?.1;
            let s = by_name.get(rust)?;
            Some((n.clone(), s.fields.clone()))
        })
        .collect();
    let mut walk = Walk {
        cx,
        schemas,
        own: &own,
        names,
        reported: HashSet::new(),
    };
    for (name, schema) in schemas {
        if schema.all_of.is_empty() {
            continue;
        }
        let fields = merged(&mut walk, name, &mut vec![name.clone()]);
        let rust = type_name(name);
        if let Some(s) = structs.iter_mut().find(|s| s.rust_name == rust) {
            s.fields = fields;
        }
    }
}

/// A `one_of` / `any_of` schema: an enum with one variant per alternative.
fn resolve_union(
    cx: &mut Ctx<'_>,
    name: &str,
    s: &spec::SchemaSpec,
    names: &IndexMap<String, (NamedKind, String)>,
) -> Union {
    let base = format!("schemas.{name}");
    if !s.fields.is_empty() || !s.all_of.is_empty() || s.additional.is_some() {
        cx.error(
            &base,
            "a schema with `one_of` or `any_of` is its alternatives; it has no `fields`, `all_of` or `additional`",
        );
    }
    // Where the alternatives are written, the tag, and each (tag value, type).
    type Listed<'a> = Vec<(Option<String>, &'a String)>;
    let (key, tag, listed): (&str, Option<String>, Listed<'_>) = match (&s.one_of, &s.any_of) {
        (Some(spec::UnionSpec::Tagged(t)), None) => (
            "one_of.variants",
            Some(t.tag.clone()),
            t.variants
                .iter()
                .map(|(v, ty)| (Some(v.clone()), ty))
                .collect(),
        ),
        (Some(spec::UnionSpec::Untagged(list)), None) => {
            ("one_of", None, list.iter().map(|ty| (None, ty)).collect())
        }
        (None, Some(list)) => ("any_of", None, list.iter().map(|ty| (None, ty)).collect()),
        _ => {
            cx.error(&base, "a schema has `one_of` or `any_of`, not both");
            ("one_of", None, Vec::new())
        }
    };
    if listed.len() < 2 && !(s.one_of.is_some() && s.any_of.is_some()) {
        cx.error(
            &format!("{base}.{key}"),
            "a union needs at least two alternatives",
        );
    }
    let mut variants: Vec<UnionVariant> = Vec::new();
    for (i, (tag_value, expr)) in listed.into_iter().enumerate() {
        let at = match &tag_value {
            Some(v) => format!("{base}.{key}.{v}"),
            None => format!("{base}.{key}[{i}]"),
        };
        let ty = types::resolve(expr, names).unwrap_or_else(|e| {
            cx.error_hint(
                &at,
                e,
                "declare it under `schemas` or `enums`, or use a built-in type",
            );
            Type::Json
        });
        if types::has_file(&ty) {
            cx.error(&at, "a union's alternatives are JSON values, not files");
        }
        if tag.is_some() && !matches!(ty, Type::Struct(_)) {
            cx.error(
                &at,
                "the alternatives of a tagged union are schemas with fields",
            );
        }
        let variant = match (&tag_value, &ty) {
            (Some(v), _) => camel(v),
            (None, t) => variant_name(t),
        };
        variants.push(UnionVariant {
            variant,
            tag_value,
            ty,
        });
    }
    let paths: Vec<String> = variants
        .iter()
        .enumerate()
        .map(|(i, v)| match &v.tag_value {
            Some(tag) => format!("{base}.{key}.{tag}"),
            None => format!("{base}.{key}[{i}]"),
        })
        .collect();
    // As written in the spec: the tag value, or the type.
    let listed_names: Vec<String> = variants
        .iter()
        .map(|v| v.tag_value.clone().unwrap_or_else(|| v.variant.clone()))
        .collect();
    cx.unique(
        "alternative",
        variants
            .iter()
            .zip(&listed_names)
            .zip(paths)
            .map(|((v, n), p)| (v.variant.clone(), n.as_str(), p)),
    );
    Union {
        rust_name: type_name(name),
        description: s.description.clone(),
        docs_url: s.docs_url.clone(),
        source: s.source.clone(),
        tag,
        variants,
    }
}

/// The variant of an untagged union's alternative: its type's name.
fn variant_name(ty: &Type) -> String {
    match ty {
        // A variant lives in its enum: `Ok`, not the type's escape `Ok_`.
        Type::Enum(n) | Type::Struct(n) | Type::Union(n) => {
            crate::naming::unescaped_type(n).unwrap_or(n).to_owned()
        }
        Type::String => "String".into(),
        Type::Integer => "Integer".into(),
        Type::Int32 => "Int32".into(),
        Type::Number => "Number".into(),
        Type::Boolean => "Boolean".into(),
        Type::DateTime => "DateTime".into(),
        Type::Date => "Date".into(),
        Type::Json => "Json".into(),
        Type::File => "File".into(),
        Type::Binary => "Binary".into(),
        Type::EventStream(_) => "EventStream".into(),
        // `Self_` (a keyword's escape) + `List` is `SelfList`.
        Type::List(inner) => format!("{}List", variant_name(inner).trim_end_matches('_')),
        Type::Map(inner) => format!("{}Map", variant_name(inner).trim_end_matches('_')),
    }
}

/// A base path (the API's, or an operation's own) starts with `/` and does
/// not end with one; empty is none.
fn check_base_path(cx: &mut Ctx<'_>, at: &str, base_path: &str) {
    if !base_path.is_empty() && (!base_path.starts_with('/') || base_path.ends_with('/')) {
        cx.error_hint(
            at,
            "the base path must start with `/` and not end with one",
            "for example `/crm/v7`",
        );
    }
}
