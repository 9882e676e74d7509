//! One OpenAPI operation → one operation of our spec (an
//! [`OperationSpec`]): parameters (path, query, header; one-value headers
//! fixed), the body (JSON fields, form parts, a file, a whole-body type),
//! and the scope expression and requirement from `security`. Successes and
//! errors are [`super::responses`]'. Every part may be given by `$ref`, in
//! any file: each is followed where it is read.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde_json::Value;

use super::documents::token;
use super::resolve::Node;
use super::schemas::{DeclKind, Direction, Typed, Types};
use crate::import::markdown::description_in;
use crate::import::report::Kind;
use crate::import::ty::Ty;
use crate::spec::{
    AllOfSpec, AnyOfSpec, BodySpec, ErrorDiscriminator, ErrorsSpec, OperationAuthSpec,
    OperationSpec, ParamLocation, ParamSpec, ScopeExprSpec, ScopeVariableSpec,
};

/// What the operation's file says about authentication.
#[derive(Debug, Default, Clone)]
pub struct Security {
    /// Scheme name → whether it is OAuth 2 (may carry scopes).
    pub oauth: BTreeMap<String, bool>,
    /// The file's top-level `security`, and where it is.
    pub default: Option<(String, Value)>,
}

/// Where in the vendor's files an operation is.
pub struct Place<'a, 'd> {
    /// The group (input file) the operation belongs to.
    pub doc: usize,
    /// The path, as the `paths` key.
    pub path: &'a str,
    pub method: &'a str,
    /// The operation's spec name.
    pub name: &'a str,
    /// The path item (its `$ref` followed).
    pub item: Node<'d>,
    /// The operation object (its `$ref` followed).
    pub op: Node<'d>,
}

/// Converts one operation.
pub fn convert<'d>(
    types: &mut Types<'d>,
    place: &Place<'_, 'd>,
    security: &Security,
) -> OperationSpec {
    let op = &place.op;
    let summary = op
        .str("summary")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| {
            types.note(
                op.doc,
                &op.at,
                Kind::DocsFilledIn,
                "no `summary`: the operation's method and path stand for it".to_owned(),
            );
            format!("{} {}", place.method.to_uppercase(), place.path)
        });
    let mut params = parameters(types, place);
    let body = op
        .child("requestBody")
        .and_then(|b| request_body(types, place, &b, &mut params));
    distinct_inputs(types, place, &mut params);
    let mut spec = OperationSpec {
        summary,
        description: description_in(op.get("description")).unwrap_or_default(),
        docs_url: op
            .get("externalDocs")
            .and_then(|d| d.get("url"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        deprecated: op
            .is_true("deprecated")
            .then(|| "Deprecated by the vendor.".to_owned()),
        auth: None,
        security: None,
        token_types: Vec::new(),
        servers: IndexMap::new(),
        base_path: None,
        method: place.method.to_uppercase(),
        path: place.path.to_owned(),
        params,
        body,
        scopes: None,
        scope_variables: IndexMap::new(),
        response: None,
        responses: None,
        errors: ErrorsSpec {
            by: ErrorDiscriminator::Status,
            code_field: None,
            body: None,
            list: Vec::new(),
        },
        samples: Vec::new(),
        pagination: None,
    };
    scopes(types, place, security, &mut spec);
    super::responses::convert(types, place, &mut spec);
    spec
}

fn parameters<'d>(types: &mut Types<'d>, place: &Place<'_, 'd>) -> IndexMap<String, ParamSpec> {
    // Path-level parameters first; the operation's replace those of the
    // same name and place.
    let mut listed: Vec<Node<'d>> = Vec::new();
    for list in [place.item.child("parameters"), place.op.child("parameters")]
        .into_iter()
        .flatten()
    {
        listed.extend(list.items());
    }
    let mut resolved: Vec<Node<'d>> = Vec::new();
    for p in listed {
        let Some(p) = types.follow(&p) else { continue };
        if !p.value.is_object() {
            continue;
        }
        let key = |n: &Node<'_>| (n.get("name").cloned(), n.get("in").cloned());
        resolved.retain(|q| key(q) != key(&p));
        resolved.push(p);
    }
    // Path parameters first: their names are the path's placeholders.
    resolved.sort_by_key(|p| p.str("in") != Some("path"));
    let mut params = IndexMap::new();
    for p in resolved {
        let (doc, p_at) = (p.doc, p.at.as_str());
        let name = p.str("name").unwrap_or_default().to_owned();
        let location = p.str("in").unwrap_or_default();
        let location = match location {
            "path" if !name.is_empty() => ParamLocation::Path,
            "query" if !name.is_empty() => ParamLocation::Query,
            "header" if !name.is_empty() => ParamLocation::Header,
            _ => {
                types.note(doc, p_at, Kind::NotCarried, format!("a parameter `{name}` in `{location}`: our specs send path, query and header parameters only; left out"));
                continue;
            }
        };
        if location == ParamLocation::Header
            && ["authorization", "content-type", "accept"]
                .contains(&name.to_ascii_lowercase().as_str())
        {
            types.note(
                doc,
                p_at,
                Kind::ByClient,
                format!("the `{name}` header is set by the client itself"),
            );
            continue;
        }
        let hint = format!("{} {name}", place.name);
        // The schema, or the one of the parameter's `content` (a JSON value
        // in a query parameter: sent as its text).
        let schema = match p.child("schema") {
            Some(s) => Some(s),
            None => p
                .child("content")
                .and_then(|c| c.entries().into_iter().next())
                .and_then(|(_, media)| media.child("schema"))
                .or_else(|| {
                    // Schema keywords on the parameter itself (Swagger 2's
                    // way): its schema.
                    let keywords = ["type", "anyOf", "oneOf", "allOf", "enum", "items", "format"];
                    keywords.iter().any(|k| p.get(k).is_some()).then(|| {
                        types.note(doc, p_at, Kind::Repaired, "a parameter whose schema keywords are on the parameter itself, not under `schema`: read as its schema".to_owned());
                        p.clone()
                    })
                }),
        };
        let required = location == ParamLocation::Path || p.is_true("required");
        // A parameter's closed list of values, written in place, is
        // `values`, not an enum type.
        let values = schema
            .as_ref()
            .and_then(|s| s.get("enum"))
            .and_then(Value::as_array);
        let typed = match &schema {
            Some(s) if values.is_some() => {
                types.ty_skipping(s, &hint, Direction::Request, &["enum"])
            }
            Some(s) => types.ty(s, &hint, Direction::Request),
            None => Typed::string(),
        };
        let mut ty = typed.ty;
        // A path segment is one value; query and header values may be lists.
        let item = if location == ParamLocation::Path {
            &ty
        } else {
            ty.item()
        };
        let is_enum = types.kind(item) == Some(DeclKind::Enum);
        let sendable = is_enum
            || (ty.is_text_scalar()
                || (location != ParamLocation::Path
                    && matches!(&ty, Ty::List(t) if t.is_text_scalar())));
        let one_or_many = (!sendable && location != ParamLocation::Path)
            .then(|| types.one_or_many(&ty))
            .flatten();
        if let Some(list) = one_or_many {
            types.note(
                doc,
                p_at,
                Kind::Repaired,
                format!(
                    "a {} that is one value or a list of them (`{ty}`): read as a list (`{list}`), one value being a list of one",
                    location.noun()
                ),
            );
            ty = list;
        } else if !sendable {
            match types.text_union(&ty) {
                Some(alternatives) => types.note(
                    doc,
                    p_at,
                    Kind::Repaired,
                    format!(
                        "a {} that is any of {}: sent as its text (`string`)",
                        location.noun(),
                        alternatives.join(", ")
                    ),
                ),
                None => types.note(
                    doc,
                    p_at,
                    Kind::Approximated,
                    format!(
                        "a {} of type `{ty}`: sent as text (`string`)",
                        location.noun()
                    ),
                ),
            }
            ty = Ty::String;
        }
        let facts = match &schema {
            Some(s) => types.facts(s, &ty),
            None => Default::default(),
        };
        let description = description_in(p.get("description")).or(facts.description);
        let example = match p.child("example").or_else(|| first_example(&p)) {
            Some(e) => types.example(doc, &e.at, e.value, &ty),
            None => facts.example,
        };
        let explode = (location == ParamLocation::Query
            && p.get("explode") == Some(&Value::Bool(false))
            && matches!(ty, Ty::List(_)))
        .then_some(false);
        if p.is_true("deprecated") {
            types.note(
                doc,
                p_at,
                Kind::NotCarried,
                "the parameter is deprecated; our params have no such mark".to_owned(),
            );
        }
        let values = values.map(|list| {
            list.iter()
                .filter(|v| !v.is_null())
                .map(super::schemas::text_of)
                .collect::<Vec<_>>()
        });
        // `values` are for string parameters: others keep their type and
        // the docs list the values.
        let values = match values {
            Some(v) if ty == Ty::String && !v.is_empty() => Some(v),
            Some(v) if !v.is_empty() => {
                types.note(
                    doc,
                    p_at,
                    Kind::Approximated,
                    format!(
                        "the allowed values of a `{ty}` parameter ({}) are not checked before sending",
                        v.join(", ")
                    ),
                );
                None
            }
            _ => None,
        };
        // One name in two places (a path parameter repeated in the query):
        // the second is keyed by its place and keeps its wire name.
        let (key, wire) = if params.contains_key(&name) {
            let key = format!("{name}_{}", format!("{location:?}").to_lowercase());
            (key, Some(name))
        } else {
            (name, None)
        };
        params.insert(
            key,
            ParamSpec {
                location,
                ty: ty.to_string(),
                required,
                nullable: false,
                description: description.unwrap_or_default(),
                rust_name: None,
                example,
                values,
                file_types: None,
                name: wire,
                explode,
                default: facts.default,
                minimum: facts.minimum,
                maximum: facts.maximum,
                min_length: facts.min_length,
                max_length: facts.max_length,
                pattern: facts.pattern,
                source: None,
            },
        );
    }
    // Placeholders without a parameter.
    for placeholder in placeholders(place.path) {
        if !params
            .get(&placeholder)
            .is_some_and(|p| p.location == ParamLocation::Path)
        {
            types.note(place.op.doc, &place.op.at, Kind::PathParamUndeclared, format!("`{{{placeholder}}}` is in the path but no parameter declares it: imported as a required string"));
            params.insert(
                placeholder,
                ParamSpec::new(ParamLocation::Path, "string", true),
            );
        }
    }
    params
}

/// The first of a parameter's `examples`, where it gives no `example`.
fn first_example<'d>(p: &Node<'d>) -> Option<Node<'d>> {
    p.child("examples")?
        .entries()
        .into_iter()
        .find_map(|(_, e)| e.child("value"))
}

/// Inputs whose Rust names would be the same (`DateCreated<` and
/// `DateCreated>`, a `version` query and a `Version` header) get distinct
/// `rust_name`s.
fn distinct_inputs(
    types: &mut Types<'_>,
    place: &Place<'_, '_>,
    params: &mut IndexMap<String, ParamSpec>,
) {
    let keys: Vec<String> = params.keys().cloned().collect();
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let rust = crate::import::names::distinct(&refs, crate::naming::input_name, "_");
    for (key, rust) in keys.iter().zip(rust) {
        let Some(param) = params.get_mut(key) else {
            continue;
        };
        if param.rust_name.is_some() || rust == crate::naming::input_name(key) {
            continue;
        }
        param.rust_name = Some(rust.clone());
        types.note(
            place.op.doc,
            &place.op.at,
            Kind::Repaired,
            format!("the input `{key}` has the same Rust name as another: `{rust}`"),
        );
    }
}

/// The `{placeholders}` of a path or scope template.
pub fn placeholders(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(p, _)| p.to_owned()))
        .collect()
}

/// Whether a media type carries JSON: `application/json`, any `+json`
/// (`application/problem+json`), `text/json`, and `*/*` (what vendors
/// write when they send JSON and do not say).
pub fn is_json(media: &str) -> bool {
    let media = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    media == "application/json"
        || media.ends_with("+json")
        || media == "text/json"
        || media == "*/*"
        || media == "application/*"
}

/// How a request body's media type is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Sent {
    Json,
    Multipart,
    UrlEncoded,
    File,
}

fn sent_as(media: &str) -> Sent {
    let m = media.to_ascii_lowercase();
    if is_json(&m) {
        Sent::Json
    } else if m.starts_with("multipart/form-data") {
        Sent::Multipart
    } else if m.starts_with("application/x-www-form-urlencoded") {
        Sent::UrlEncoded
    } else {
        Sent::File
    }
}

/// The body: fields as params, or a whole-body type.
fn request_body<'d>(
    types: &mut Types<'d>,
    place: &Place<'_, 'd>,
    body: &Node<'d>,
    params: &mut IndexMap<String, ParamSpec>,
) -> Option<BodySpec> {
    let body = types.follow(body)?;
    let content = body.child("content").filter(|c| c.value.is_object())?;
    let required = body.is_true("required");
    let media = choose_media(
        types,
        &content,
        |m| sent_as(m) as u8,
        "the body can also be sent as",
    )?;
    let media_node = content.child(&media).expect("chosen among the keys");
    let schema = media_node.child("schema");
    let hint = format!("{} Body", place.name);
    let sent = sent_as(&media);
    let describe = |types: &Types<'_>, what: &str| {
        description_in(body.get("description"))
            .or_else(|| {
                schema
                    .as_ref()
                    .and_then(|s| description_in(s.get("description")))
            })
            .unwrap_or_else(|| format!("{what} ({}).", types.origin.no_description()))
    };
    if sent == Sent::File {
        let ty = schema
            .as_ref()
            .map(|s| types.ty(s, &hint, Direction::Request).ty);
        // Bytes stand for text and any JSON too; an object or a list
        // sent as bytes is the caller's to encode.
        if ty
            .as_ref()
            .is_some_and(|t| !matches!(t, Ty::File | Ty::String | Ty::Binary | Ty::Json))
        {
            types.note(
                media_node.doc,
                &media_node.at,
                Kind::Approximated,
                format!(
                    "a `{media}` body of type `{}`: sent as a file",
                    ty.unwrap_or(Ty::Json)
                ),
            );
        }
        return Some(BodySpec {
            content_type: media.clone(),
            ty: Some(Ty::File.to_string()),
            description: Some(describe(types, &format!("The `{media}` body"))),
            example: None,
            one_of: None,
            required,
        });
    }
    let content_type = if sent == Sent::Json {
        "application/json".to_owned()
    } else {
        media
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let location = if sent == Sent::Json {
        ParamLocation::Body
    } else {
        ParamLocation::Form
    };
    // The object's properties, from the schema or its refs.
    let object = schema
        .as_ref()
        .and_then(|s| types.follow(s))
        .filter(|o| o.value.is_object());
    let as_fields = object.as_ref().is_some_and(|o| {
        o.get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
            // `additionalProperties: false` only says no other field is
            // sent; a form's fields are its fields either way.
            && (location == ParamLocation::Form
                || o.get("additionalProperties")
                    .is_none_or(|a| a == &Value::Bool(false)))
            && !["allOf", "oneOf", "anyOf"].iter().any(|k| o.get(k).is_some())
    });
    match object {
        Some(obj) if as_fields => {
            fields_as_inputs(types, &obj, &hint, location, &content_type, params);
            let required = required || fields_require_body(types, &body, location, params);
            Some(BodySpec {
                content_type,
                ty: None,
                description: None,
                example: None,
                one_of: None,
                required,
            })
        }
        _ if location == ParamLocation::Body => {
            let typed = match &schema {
                Some(s) => types.ty(s, &hint, Direction::Request),
                None => {
                    types.note(
                        media_node.doc,
                        &media_node.at,
                        Kind::Approximated,
                        "a JSON body without a schema: any JSON (`json`)".to_owned(),
                    );
                    Typed::json()
                }
            };
            let example = media_node
                .child("example")
                .or_else(|| first_example(&media_node))
                .and_then(|e| {
                    let text = types.example(e.doc, &e.at, e.value, &typed.ty)?;
                    Some(if e.value.is_string() && typed.ty != Ty::String {
                        text
                    } else {
                        e.value.to_string()
                    })
                });
            Some(BodySpec {
                content_type: "application/json".to_owned(),
                ty: Some(typed.ty.to_string()),
                description: Some(describe(types, "The request body")),
                example,
                one_of: None,
                required,
            })
        }
        _ => {
            types.note(
                media_node.doc,
                &media_node.at,
                Kind::NotCarried,
                format!("a `{media}` body without properties: no form fields imported"),
            );
            Some(BodySpec {
                content_type,
                ty: None,
                description: None,
                example: None,
                one_of: None,
                required,
            })
        }
    }
}

/// Whether a body of fields the vendor documents as optional is still
/// sent on every request: the format's optional body (`required: false`)
/// is sent when one of its fields is set, so none of them is required, and
/// a field the vendor requires whenever the body is sent keeps the body
/// required instead (reported at the body).
fn fields_require_body(
    types: &mut Types<'_>,
    body: &Node<'_>,
    location: ParamLocation,
    params: &IndexMap<String, ParamSpec>,
) -> bool {
    let needed: Vec<&str> = params
        .iter()
        .filter(|(_, p)| p.location == location && p.required)
        .map(|(key, p)| p.name.as_deref().unwrap_or(key))
        .collect();
    if needed.is_empty() {
        return false;
    }
    // One code span, however many: the census's reasons leave names out.
    let list = needed.join(", ");
    types.note(
        body.doc,
        &body.at,
        Kind::Repaired,
        format!(
            "a body not marked required whose fields `{list}` are: read as required (a request without a body could not carry them)"
        ),
    );
    true
}

/// The fields of an object body, each an input of the operation.
fn fields_as_inputs<'d>(
    types: &mut Types<'d>,
    obj: &Node<'d>,
    hint: &str,
    location: ParamLocation,
    content_type: &str,
    params: &mut IndexMap<String, ParamSpec>,
) {
    let extra = obj
        .child("additionalProperties")
        .filter(|a| a.value != &Value::Bool(false));
    // Files under any name (`additionalProperties: {type: string, format:
    // binary}`): parts named by the caller.
    let extra_files = location == ParamLocation::Form
        && content_type == "multipart/form-data"
        && extra.as_ref().is_some_and(|a| {
            a.str("format") == Some("binary") || a.get("contentMediaType").is_some()
        });
    let properties = obj.get("properties").and_then(Value::as_object);
    if extra_files {
        let description = extra
            .as_ref()
            .and_then(|a| description_in(a.get("description")))
            .unwrap_or_else(|| {
                "Files under names of the caller's choosing, one part each.".to_owned()
            });
        let mut key = "files".to_owned();
        while properties.is_some_and(|p| p.contains_key(&key)) || params.contains_key(&key) {
            key = format!("other_{key}");
        }
        let mut param = ParamSpec::new(ParamLocation::Form, "map<file>", false);
        param.description = description;
        params.insert(key, param);
    } else if let (ParamLocation::Form, Some(extra)) = (location, &extra) {
        types.note(
            extra.doc,
            &extra.at,
            Kind::NotCarried,
            "form fields beyond the listed ones: only the listed fields can be sent".to_owned(),
        );
    }
    let fields = types.fields(obj, hint, Direction::Request);
    for (key, field) in fields {
        let field_at = format!("{}/properties/{}", obj.at, token(&key));
        let mut ty = Ty::parse(&field.ty).unwrap_or(Ty::Json);
        // An enum is sent as its wire value, as a scalar is.
        let is_enum = types.kind(ty.item()) == Some(DeclKind::Enum);
        let form_type = |t: &Ty| t.is_text_scalar() || *t == Ty::File;
        if location == ParamLocation::Form && !form_type(ty.item()) && !is_enum {
            types.note(
                obj.doc,
                &field_at,
                Kind::Approximated,
                format!("a form field of type `{ty}`: sent as its JSON text (`string`)"),
            );
            ty = Ty::String;
        }
        if location == ParamLocation::Body && ty.has_file() {
            ty = Ty::String;
        }
        // JSON sends `null`; a form has no null to send.
        let nullable = field.nullable && location == ParamLocation::Body;
        if field.nullable && !nullable {
            types.note(
                obj.doc,
                &field_at,
                Kind::Repaired,
                "a nullable form field: a form has no `null`; left out when unset".to_owned(),
            );
        }
        if field.deprecated.is_some() {
            types.note(
                obj.doc,
                &field_at,
                Kind::NotCarried,
                "the field is deprecated; request inputs have no such mark".to_owned(),
            );
        }
        let mut param = ParamSpec {
            location,
            ty: ty.to_string(),
            required: field.required,
            nullable,
            description: field.description,
            rust_name: field.rust_name,
            example: field.example,
            values: None,
            file_types: None,
            name: None,
            explode: None,
            default: field.default,
            minimum: field.minimum,
            maximum: field.maximum,
            min_length: field.min_length,
            max_length: field.max_length,
            pattern: field.pattern,
            source: None,
        };
        let mut name = key.clone();
        if params.contains_key(&name) {
            name = format!(
                "{key}_{}",
                if location == ParamLocation::Form {
                    "form"
                } else {
                    "body"
                }
            );
            param.name = Some(key.clone());
            param.rust_name = Some(crate::naming::snake(&name));
        }
        params.insert(name, param);
    }
}

/// The media type the import uses among `content`'s (lowest `rank`, then
/// by name); each other one is reported as not carried.
pub fn choose_media(
    types: &mut Types<'_>,
    content: &Node<'_>,
    rank: impl Fn(&str) -> u8,
    also: &str,
) -> Option<String> {
    let mut medias: Vec<&String> = content.as_object()?.keys().collect();
    medias.sort_by_key(|m| (rank(m), m.as_str()));
    let media = medias.first()?.to_string();
    for other in &medias[1..] {
        types.note(
            content.doc,
            &content.at_key(other),
            Kind::OtherMedia,
            format!("{also} `{other}`; the import uses `{media}`"),
        );
    }
    Some(media)
}

fn scopes<'d>(
    types: &mut Types<'d>,
    place: &Place<'_, 'd>,
    security: &Security,
    spec: &mut OperationSpec,
) {
    let op = &place.op;
    let (requirements, doc, req_at) = match op.child("security") {
        Some(s) => (s.value, s.doc, s.at),
        None => match &security.default {
            Some((at, s)) => (s, place.doc, at.clone()),
            None => return,
        },
    };
    let Some(alternatives) = requirements.as_array() else {
        return;
    };
    // The requirement itself: alternatives of schemes sent together (an
    // empty alternative: credentials optional); a scheme the file does not
    // declare drops its alternative.
    let mut required: Vec<Vec<String>> = Vec::new();
    for (i, alt) in alternatives.iter().enumerate() {
        let Some(alt) = alt.as_object() else { continue };
        let names: Vec<String> = alt.keys().cloned().collect();
        if let Some(missing) = names
            .iter()
            .find(|n| !security.oauth.contains_key(n.as_str()))
        {
            types.note(doc, &format!("{req_at}/{i}/{}", token(missing)), Kind::DanglingRef, format!("the scheme `{missing}` is not among the file's `securitySchemes`: this alternative is left out"));
            continue;
        }
        if !required.contains(&names) {
            required.push(names);
        }
    }
    if !required.is_empty() {
        spec.security = Some(required);
    }
    if alternatives.is_empty()
        || alternatives
            .iter()
            .any(|a| a.as_object().is_some_and(|o| o.is_empty()))
    {
        if alternatives.is_empty() {
            spec.auth = Some(OperationAuthSpec::None);
        }
        return;
    }
    // Each alternative: all of its schemes' scopes; the operation: any one
    // alternative.
    let mut any: Vec<Vec<String>> = Vec::new();
    for (i, alt) in alternatives.iter().enumerate() {
        let Some(alt) = alt.as_object() else { continue };
        let mut all: Vec<String> = Vec::new();
        for (scheme, scopes) in alt {
            let list: Vec<&str> = scopes
                .as_array()
                .map(|l| l.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if security.oauth.get(scheme) == Some(&false) && !list.is_empty() {
                types.note(doc, &format!("{req_at}/{i}/{}", token(scheme)), Kind::ScopesOnNonOAuth, format!("scopes on `{scheme}`, which is not an OAuth 2 scheme (OpenAPI allows none): kept as the operation's scopes"));
            }
            for s in list {
                if !all.iter().any(|a| a == s) {
                    all.push(s.to_owned());
                }
            }
        }
        // `{module}` in a scope: bound by the parameter of that name, else
        // the scope is left out.
        all.retain(|scope| {
            placeholders(scope).iter().all(|var| {
                let bound = spec.params.contains_key(var);
                if bound {
                    spec.scope_variables.insert(
                        var.clone(),
                        ScopeVariableSpec {
                            param: Some(var.clone()),
                            property: None,
                            enum_name: None,
                        },
                    );
                } else {
                    types.note(doc, &req_at, Kind::NotCarried, format!("the scope `{scope}` names `{{{var}}}`, which no parameter of the operation binds; left out"));
                }
                bound
            })
        });
        if !all.is_empty() && !any.contains(&all) {
            any.push(all);
        }
    }
    let expr = |all: Vec<String>| match all.as_slice() {
        [one] => ScopeExprSpec::Scope(one.clone()),
        _ => ScopeExprSpec::AllOf(AllOfSpec {
            all_of: all.into_iter().map(ScopeExprSpec::Scope).collect(),
        }),
    };
    spec.scopes = match any.len() {
        0 => None,
        1 => Some(expr(any.remove(0))),
        _ => Some(ScopeExprSpec::AnyOf(AnyOfSpec {
            any_of: any.into_iter().map(expr).collect(),
        })),
    };
}
