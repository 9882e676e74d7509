//! One OpenAPI operation → one operation of our spec: parameters (path,
//! query, header; one-value headers fixed), the body (JSON fields, form
//! parts, a file), successes, errors by status, and the scope expression
//! from `security`.

use serde_json::{json, Map, Value};

use super::documents::token;
use super::markdown::{description_in, from_html};
use super::report::Kind;
use super::schemas::{Direction, Types};
use crate::naming::camel;

/// What the operation's file says about authentication.
#[derive(Debug, Default, Clone)]
pub struct Security {
    /// Scheme name → whether it is OAuth 2 (may carry scopes).
    pub oauth: std::collections::BTreeMap<String, bool>,
    /// The file's top-level `security`.
    pub default: Option<Value>,
}

/// Where in the vendor's file an operation is.
pub struct Place<'a> {
    pub doc: usize,
    pub path: &'a str,
    pub method: &'a str,
    /// The operation's spec name.
    pub name: &'a str,
}

impl Place<'_> {
    fn at(&self) -> String {
        format!("/paths/{}/{}", token(self.path), self.method)
    }
}

/// Converts one operation.
pub fn convert(
    types: &mut Types,
    place: &Place<'_>,
    op: &Map<String, Value>,
    path_params: &[Value],
    security: &Security,
) -> Value {
    let (doc, at) = (place.doc, place.at());
    let mut spec = Map::new();
    let summary = op
        .get("summary")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| {
            types.note(
                doc,
                &at,
                Kind::DocsFilledIn,
                "no `summary`: the operation's method and path stand for it".to_owned(),
            );
            format!("{} {}", place.method.to_uppercase(), place.path)
        });
    spec.insert("summary".into(), json!(summary));
    if let Some(d) = description_in(op.get("description")) {
        spec.insert("description".into(), json!(d));
    }
    if let Some(url) = op
        .get("externalDocs")
        .and_then(|d| d.get("url"))
        .and_then(Value::as_str)
    {
        spec.insert("docs_url".into(), json!(url));
    }
    if op.get("deprecated") == Some(&Value::Bool(true)) {
        spec.insert("deprecated".into(), json!("Deprecated by the vendor."));
    }
    spec.insert("method".into(), json!(place.method.to_uppercase()));
    spec.insert("path".into(), json!(place.path));

    let mut params = Map::new();
    parameters(types, place, op, path_params, &mut params);
    if let Some(body) = op.get("requestBody") {
        if let Some(b) = request_body(types, place, body, &mut params) {
            spec.insert("body".into(), b);
        }
    }
    distinct_inputs(types, place, &mut params);
    if !params.is_empty() {
        spec.insert("params".into(), Value::Object(params));
    }
    scopes(types, place, op, security, &mut spec);
    responses(types, place, op, &mut spec);
    Value::Object(spec)
}

fn parameters(
    types: &mut Types,
    place: &Place<'_>,
    op: &Map<String, Value>,
    path_params: &[Value],
    params: &mut Map<String, Value>,
) {
    let (doc, at) = (place.doc, place.at());
    // Path-level parameters first; the operation's replace those of the same name and place.
    let mut list: Vec<(String, Value)> = Vec::new();
    let own = op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, p) in path_params.iter().enumerate() {
        list.push((
            format!("/paths/{}/parameters/{i}", token(place.path)),
            p.clone(),
        ));
    }
    for (i, p) in own.iter().enumerate() {
        list.push((format!("{at}/parameters/{i}"), p.clone()));
    }
    let mut resolved: Vec<(String, Map<String, Value>)> = Vec::new();
    for (p_at, p) in list {
        let Some(p) = types.follow(doc, &p, &p_at) else {
            continue;
        };
        let Some(p) = p.as_object().cloned() else {
            continue;
        };
        let key = |m: &Map<String, Value>| (m.get("name").cloned(), m.get("in").cloned());
        resolved.retain(|(_, q)| key(q) != key(&p));
        resolved.push((p_at, p));
    }
    for (p_at, p) in resolved {
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let location = p.get("in").and_then(Value::as_str).unwrap_or_default();
        if name.is_empty() || !matches!(location, "path" | "query" | "header") {
            types.note(doc, &p_at, Kind::NotCarried, format!("a parameter `{name}` in `{location}`: our specs send path, query and header parameters only; left out"));
            continue;
        }
        if location == "header"
            && ["authorization", "content-type", "accept"]
                .contains(&name.to_ascii_lowercase().as_str())
        {
            types.note(
                doc,
                &p_at,
                Kind::NotCarried,
                format!("the `{name}` header is set by the client itself; left out"),
            );
            continue;
        }
        let schema = p.get("schema").cloned().unwrap_or(Value::Null);
        let hint = format!("{} {name}", place.name);
        let mut param = Map::new();
        param.insert("in".into(), json!(location));
        let required = location == "path" || p.get("required") == Some(&Value::Bool(true));
        // A parameter's closed list of values is `values`, not an enum type.
        let values = schema.get("enum").and_then(Value::as_array).cloned();
        let ty = match &values {
            Some(_) => {
                let mut plain = schema.clone();
                if let Some(o) = plain.as_object_mut() {
                    o.remove("enum");
                }
                types.ty(
                    doc,
                    &format!("{p_at}/schema"),
                    &plain,
                    &hint,
                    Direction::Request,
                )
            }
            None => types.ty(
                doc,
                &format!("{p_at}/schema"),
                &schema,
                &hint,
                Direction::Request,
            ),
        };
        let mut ty = ty;
        let scalar = |t: &str| form_type(t) && !t.contains("file");
        // A path segment is one value; query and header values may be lists.
        let item = if location == "path" {
            ty.expr.as_str()
        } else {
            ty.expr.trim_end_matches("[]")
        };
        let is_enum = types
            .declared
            .get(item)
            .is_some_and(|d| d.section == "enums");
        let sendable =
            is_enum || (scalar(&ty.expr) && (location != "path" || !ty.expr.ends_with("[]")));
        if !sendable {
            types.note(
                doc,
                &p_at,
                Kind::Approximated,
                format!(
                    "a {location} parameter of type `{}`: sent as text (`string`)",
                    ty.expr
                ),
            );
            ty.expr = "string".to_owned();
        }
        let mut facts = types.field(doc, &format!("{p_at}/schema"), &schema, &ty);
        facts.remove("nullable");
        facts.remove("deprecated");
        param.extend(facts);
        if let Some(d) = description_in(p.get("description")) {
            param.insert("description".into(), json!(d));
        }
        if let Some(example) = p.get("example") {
            if let Some(text) = types.example(doc, &format!("{p_at}/example"), example, &ty.expr) {
                param.insert("example".into(), json!(text));
            }
        }
        param.insert("required".into(), json!(required));
        if let Some(values) = values {
            let texts: Vec<String> = values
                .iter()
                .filter(|v| !v.is_null())
                .map(super::schemas::text_of)
                .collect();
            param.insert("values".into(), json!(texts));
        }
        if location == "query"
            && p.get("explode") == Some(&Value::Bool(false))
            && ty.expr.ends_with("[]")
        {
            param.insert("explode".into(), json!(false));
        }
        if p.get("deprecated") == Some(&Value::Bool(true)) {
            types.note(
                doc,
                &p_at,
                Kind::NotCarried,
                "the parameter is deprecated; our params have no such mark".to_owned(),
            );
        }
        params.insert(name, Value::Object(param));
    }
    // Placeholders without a parameter.
    for placeholder in placeholders(place.path) {
        if !params.get(&placeholder).is_some_and(|p| p["in"] == "path") {
            types.note(doc, &at, Kind::PathParamUndeclared, format!("`{{{placeholder}}}` is in the path but no parameter declares it: imported as a required string"));
            params.insert(
                placeholder,
                json!({"in": "path", "type": "string", "required": true}),
            );
        }
    }
}

/// Inputs whose Rust names would be the same (`DateCreated<` and
/// `DateCreated>`, a `version` query and a `Version` header) get distinct
/// `rust_name`s.
fn distinct_inputs(types: &mut Types, place: &Place<'_>, params: &mut Map<String, Value>) {
    let keys: Vec<String> = params.keys().cloned().collect();
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let rust = super::names::distinct(&refs, crate::naming::input_name, "_");
    for (key, rust) in keys.iter().zip(rust) {
        let Some(Value::Object(param)) = params.get_mut(key) else {
            continue;
        };
        if param.contains_key("rust_name") || rust == crate::naming::input_name(key) {
            continue;
        }
        param.insert("rust_name".into(), json!(rust));
        types.note(
            place.doc,
            &place.at(),
            Kind::Repaired,
            format!("the input `{key}` has the same Rust name as another: `{rust}`"),
        );
    }
}

fn placeholders(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(p, _)| p.to_owned()))
        .collect()
}

fn is_json(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or_default().trim();
    media == "application/json"
        || media.ends_with("+json")
        || media == "text/json"
        || media == "*/*"
}

/// The body: fields as params, or a whole-body type.
fn request_body(
    types: &mut Types,
    place: &Place<'_>,
    body: &Value,
    params: &mut Map<String, Value>,
) -> Option<Value> {
    let doc = place.doc;
    let at = format!("{}/requestBody", place.at());
    let body = types.follow(doc, body, &at)?;
    let content = body.get("content").and_then(Value::as_object)?;
    let required = body.get("required") == Some(&Value::Bool(true));
    let preference = |m: &str| {
        if is_json(m) {
            0
        } else if m.starts_with("multipart/form-data") {
            1
        } else if m.starts_with("application/x-www-form-urlencoded") {
            2
        } else {
            3
        }
    };
    let media = choose_media(
        types,
        doc,
        &at,
        content,
        preference,
        "the body can also be sent as",
    )?;
    let media_at = format!("{at}/content/{}", token(&media));
    let schema = content[&media]
        .get("schema")
        .cloned()
        .unwrap_or(Value::Null);
    let hint = format!("{} Body", place.name);
    let location = match preference(&media) {
        0 => "body",
        1 | 2 => "form",
        _ => {
            let ty = types.ty(
                doc,
                &format!("{media_at}/schema"),
                &schema,
                &hint,
                Direction::Request,
            );
            if ty.expr != "file" {
                types.note(
                    doc,
                    &media_at,
                    Kind::Approximated,
                    format!("a `{media}` body of type `{}`: sent as a file", ty.expr),
                );
            }
            let description = description_in(body.get("description"))
                .or_else(|| description_in(schema.get("description")))
                .unwrap_or_else(|| {
                    format!("The `{media}` body ({}).", types.origin.no_description())
                });
            return Some(
                json!({"content_type": media, "type": "file", "description": description}),
            );
        }
    };
    let content_type = if location == "body" {
        "application/json".to_owned()
    } else {
        media
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    // The object's properties, from the schema or its ref.
    let resolved = resolve_object(types, doc, &format!("{media_at}/schema"), &schema);
    match resolved {
        Some((o_doc, o_at, obj))
            if obj
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty())
                // `additionalProperties: false` only says no other field
                // is sent; a form's fields are its fields either way.
                && (location == "form"
                    || obj
                        .get("additionalProperties")
                        .is_none_or(|a| a == &Value::Bool(false)))
                && !obj.contains_key("allOf")
                && !obj.contains_key("oneOf")
                && !obj.contains_key("anyOf") =>
        {
            let extra = obj
                .get("additionalProperties")
                .filter(|a| *a != &Value::Bool(false));
            // Files under any name (`additionalProperties: {type: string,
            // format: binary}`): parts named by the caller.
            let extra_files = location == "form"
                && content_type == "multipart/form-data"
                && extra.is_some_and(|a| {
                    a.get("format").and_then(Value::as_str) == Some("binary")
                        || a.get("contentMediaType").is_some()
                });
            if extra_files {
                let description = description_in(extra.and_then(|a| a.get("description")))
                    .unwrap_or_else(|| {
                        "Files under names of the caller's choosing, one part each.".to_owned()
                    });
                let mut key = "files".to_owned();
                while obj
                    .get("properties")
                    .and_then(Value::as_object)
                    .is_some_and(|p| p.contains_key(&key))
                    || params.contains_key(&key)
                {
                    key = format!("other_{key}");
                }
                params.insert(
                    key,
                    json!({"in": "form", "type": "map<file>", "required": false, "description": description}),
                );
            } else if location == "form" && extra.is_some() {
                types.note(
                    o_doc,
                    &format!("{o_at}/additionalProperties"),
                    Kind::NotCarried,
                    "form fields beyond the listed ones: only the listed fields can be sent"
                        .to_owned(),
                );
            }
            let fields = types.fields(o_doc, &o_at, &obj, &hint, Direction::Request, 0);
            for (key, field) in fields {
                let mut param = field.as_object().cloned().unwrap_or_default();
                param.insert("in".into(), json!(location));
                // The body is always sent (an optional one too, reported),
                // so the fields its schema requires are required inputs:
                // a body without them is one the vendor's schema refuses.
                let ty = param
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                // An enum is sent as its wire value, as a scalar is.
                let is_enum = types
                    .declared
                    .get(ty.strip_suffix("[]").unwrap_or(&ty))
                    .is_some_and(|d| d.section == "enums");
                if location == "form" && !form_type(&ty) && !is_enum {
                    types.note(
                        o_doc,
                        &format!("{o_at}/properties/{}", token(&key)),
                        Kind::Approximated,
                        format!("a form field of type `{ty}`: sent as its JSON text (`string`)"),
                    );
                    param.insert("type".into(), json!("string"));
                }
                if location == "body"
                    && param
                        .get("type")
                        .and_then(Value::as_str)
                        .is_some_and(|t| t.contains("file"))
                {
                    param.insert("type".into(), json!("string"));
                }
                let field_at = format!("{o_at}/properties/{}", token(&key));
                if param.remove("nullable").is_some() {
                    types.note(
                        o_doc,
                        &field_at,
                        Kind::Approximated,
                        "a nullable request field: never sent as `null`, left out when unset"
                            .to_owned(),
                    );
                }
                if param.remove("deprecated").is_some() {
                    types.note(
                        o_doc,
                        &field_at,
                        Kind::NotCarried,
                        "the field is deprecated; request inputs have no such mark".to_owned(),
                    );
                }
                let mut name = key.clone();
                if params.contains_key(&name) {
                    name = format!("{key}_{location}");
                    param.insert("name".into(), json!(key));
                    param.insert("rust_name".into(), json!(crate::naming::snake(&name)));
                }
                params.insert(name, Value::Object(param));
            }
            Some(json!({"content_type": content_type}))
        }
        _ if location == "body" => {
            let ty = types.ty(
                doc,
                &format!("{media_at}/schema"),
                &schema,
                &hint,
                Direction::Request,
            );
            if !required {
                types.note(
                    doc,
                    &at,
                    Kind::Approximated,
                    "an optional JSON body: always sent".to_owned(),
                );
            }
            let description = description_in(body.get("description"))
                .or_else(|| description_in(schema.get("description")))
                .unwrap_or_else(|| {
                    format!("The request body ({}).", types.origin.no_description())
                });
            Some(
                json!({"content_type": "application/json", "type": ty.expr, "description": description}),
            )
        }
        _ => {
            types.note(
                doc,
                &media_at,
                Kind::NotCarried,
                format!("a `{media}` body without properties: no form fields imported"),
            );
            Some(json!({"content_type": content_type}))
        }
    }
}

/// The media type the import uses among `content`'s (lowest `rank`, then
/// by name); each other one is reported as not carried.
fn choose_media(
    types: &mut Types,
    doc: usize,
    at: &str,
    content: &Map<String, Value>,
    rank: impl Fn(&str) -> u8,
    also: &str,
) -> Option<String> {
    let mut medias: Vec<&String> = content.keys().collect();
    medias.sort_by_key(|m| (rank(m), m.as_str()));
    let media = medias.first()?.to_string();
    for other in &medias[1..] {
        types.note(
            doc,
            &format!("{at}/content/{}", token(other)),
            Kind::NotCarried,
            format!("{also} `{other}`; the import uses `{media}`"),
        );
    }
    Some(media)
}

/// Whether `ty` names a declared object schema (fields or `all_of`), not
/// a union.
fn is_struct(types: &Types, ty: &str) -> bool {
    types.declared.get(ty).is_some_and(|d| {
        d.section == "schemas" && d.spec.get("one_of").is_none() && d.spec.get("any_of").is_none()
    })
}

/// Types a form part can have.
fn form_type(ty: &str) -> bool {
    let inner = ty.strip_suffix("[]").unwrap_or(ty);
    matches!(
        inner,
        "string" | "integer" | "int32" | "number" | "boolean" | "datetime" | "date" | "file"
    )
}

/// The object schema behind `schema` (following refs), with where it is.
fn resolve_object(
    types: &mut Types,
    doc: usize,
    at: &str,
    schema: &Value,
) -> Option<(usize, String, Map<String, Value>)> {
    let mut current = (doc, at.to_owned(), schema.clone());
    for _ in 0..8 {
        match current.2.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let r = r.to_owned();
                let target = types.resolve(current.0, &r, &format!("{}/$ref", current.1))?;
                let value = types.docs.get(&target)?.clone();
                current = (target.doc, target.pointer, value);
            }
            None => {
                return current
                    .2
                    .as_object()
                    .cloned()
                    .map(|o| (current.0, current.1, o))
            }
        }
    }
    None
}

fn scopes(
    types: &mut Types,
    place: &Place<'_>,
    op: &Map<String, Value>,
    security: &Security,
    spec: &mut Map<String, Value>,
) {
    let (doc, at) = (place.doc, place.at());
    let (requirements, req_at) = match op.get("security") {
        Some(s) => (s.clone(), format!("{at}/security")),
        None => match &security.default {
            Some(s) => (s.clone(), "/security".to_owned()),
            None => return,
        },
    };
    let Some(alternatives) = requirements.as_array() else {
        return;
    };
    // The requirement itself: alternatives of schemes sent together (an
    // empty alternative: credentials optional); a scheme the file does not
    // declare drops its alternative.
    let mut required: Vec<Value> = Vec::new();
    for (i, alt) in alternatives.iter().enumerate() {
        let Some(alt) = alt.as_object() else { continue };
        let names: Vec<&String> = alt.keys().collect();
        if let Some(missing) = names
            .iter()
            .find(|n| !security.oauth.contains_key(n.as_str()))
        {
            types.note(doc, &format!("{req_at}/{i}/{}", token(missing)), Kind::DanglingRef, format!("the scheme `{missing}` is not among the file's `securitySchemes`: this alternative is left out"));
            continue;
        }
        let alt = json!(names);
        if !required.contains(&alt) {
            required.push(alt);
        }
    }
    if !required.is_empty() {
        spec.insert("security".into(), Value::Array(required));
    }
    if alternatives.is_empty()
        || alternatives
            .iter()
            .any(|a| a.as_object().is_some_and(Map::is_empty))
    {
        if alternatives.is_empty() {
            spec.insert("auth".into(), json!("none"));
        }
        return;
    }
    let mut any: Vec<Value> = Vec::new();
    for (i, alt) in alternatives.iter().enumerate() {
        let Some(alt) = alt.as_object() else { continue };
        let mut all: Vec<Value> = Vec::new();
        for (scheme, scopes) in alt {
            let list: Vec<&str> = scopes
                .as_array()
                .map(|l| l.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if security.oauth.get(scheme) == Some(&false) && !list.is_empty() {
                types.note(doc, &format!("{req_at}/{i}/{}", token(scheme)), Kind::ScopesOnNonOAuth, format!("scopes on `{scheme}`, which is not an OAuth 2 scheme (OpenAPI allows none): kept as the operation's scopes"));
            }
            for s in list {
                if !all.contains(&json!(s)) {
                    all.push(json!(s));
                }
            }
        }
        let expr = match all.len() {
            0 => continue,
            1 => all.remove(0),
            _ => json!({"all_of": all}),
        };
        if !any.contains(&expr) {
            any.push(expr);
        }
    }
    // `{module}` in a scope: bound by the parameter of that name, else left out.
    let params = spec
        .get("params")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut variables = Map::new();
    let mut keep = |scope: &str, types: &mut Types| -> bool {
        for var in placeholders(scope) {
            if params.contains_key(&var) {
                variables.insert(var.clone(), json!({"param": var}));
            } else {
                types.note(doc, &req_at, Kind::NotCarried, format!("the scope `{scope}` names `{{{var}}}`, which no parameter of the operation binds; left out"));
                return false;
            }
        }
        true
    };
    let mut kept = Vec::new();
    for expr in any {
        match expr {
            Value::String(s) => {
                if keep(&s, types) {
                    kept.push(Value::String(s));
                }
            }
            Value::Object(mut o) => {
                let list: Vec<Value> = o["all_of"].as_array().cloned().unwrap_or_default();
                let list: Vec<Value> = list
                    .into_iter()
                    .filter(|s| s.as_str().is_some_and(|s| keep(s, types)))
                    .collect();
                match list.len() {
                    0 => {}
                    1 => kept.push(list[0].clone()),
                    _ => {
                        o.insert("all_of".into(), Value::Array(list));
                        kept.push(Value::Object(o));
                    }
                }
            }
            other => kept.push(other),
        }
    }
    let mut any = kept;
    if !variables.is_empty() {
        spec.insert("scope_variables".into(), Value::Object(variables));
    }
    match any.len() {
        0 => {}
        1 => {
            spec.insert("scopes".into(), any.remove(0));
        }
        _ => {
            spec.insert("scopes".into(), json!({"any_of": any}));
        }
    }
}

fn responses(
    types: &mut Types,
    place: &Place<'_>,
    op: &Map<String, Value>,
    spec: &mut Map<String, Value>,
) {
    let (doc, at) = (place.doc, place.at());
    let mut successes = Vec::new();
    let mut errors = Vec::new();
    let empty = Map::new();
    let all = op
        .get("responses")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (code, response) in all {
        let r_at = format!("{at}/responses/{}", token(code));
        let Ok(status) = code.parse::<u16>() else {
            types.note(doc, &r_at, Kind::NotCarried, format!("the response `{code}` is not one status; left out (an unlisted status is `Error::Undocumented`)"));
            continue;
        };
        if !(100..=599).contains(&status) {
            types.note(
                doc,
                &r_at,
                Kind::NotCarried,
                format!("`{code}` is not an HTTP status; left out"),
            );
            continue;
        }
        let Some(response) = types.follow(doc, response, &r_at) else {
            continue;
        };
        let description = description_in(response.get("description"));
        let reason = reason(status);
        let hint = format!(
            "{} {}",
            place.name,
            if status < 400 {
                "Response".to_owned()
            } else {
                format!("{reason} Body")
            }
        );
        let (body, example, stream) = match response_body(types, doc, &r_at, &response, &hint) {
            ResponseBody::None => (None, None, None),
            ResponseBody::Typed { body, example } => (Some(body), example, None),
            // An error documented as a stream: its body is kept raw.
            ResponseBody::Stream(stream) => (None, None, Some(stream)),
        };
        if (200..300).contains(&status) {
            let mut success = Map::new();
            success.insert("status".into(), json!(status));
            if let Some(b) = body {
                success.insert("body".into(), json!(b));
            }
            if let Some(s) = stream {
                if successes.iter().any(|s: &Value| s.get("stream").is_some()) {
                    types.note(doc, &r_at, Kind::NotCarried, "a second event-stream success: an operation has one stream; this success is read without its body".to_owned());
                } else {
                    success.insert("stream".into(), s);
                }
            }
            if let Some(d) = description {
                success.insert("description".into(), json!(d));
            }
            if let Some(e) = example {
                success.insert("example".into(), json!(e));
            }
            if let Some(h) = headers(types, doc, &r_at, &response, place.name) {
                success.insert("headers".into(), h);
            }
            successes.push(Value::Object(success));
        } else if status >= 400 {
            let mut error = Map::new();
            error.insert("status".into(), json!(status));
            error.insert("name".into(), json!(camel(&reason)));
            error.insert(
                "message".into(),
                json!(description.unwrap_or_else(|| reason.clone())),
            );
            match body {
                Some(b) if is_struct(types, &b) => {
                    error.insert("body".into(), json!(b));
                }
                Some(b) => {
                    let what = match types.declared.get(&b) {
                        Some(d) if d.section == "schemas" => "a union",
                        Some(_) => "an enum",
                        None => "not an object schema",
                    };
                    types.note(doc, &r_at, Kind::NotCarried, format!("the error body `{b}` is {what}: an error variant carries an object schema, so this one keeps the raw body without a typed one"));
                }
                None => {}
            }
            if let (Some(e), true) = (example, error.contains_key("body")) {
                error.insert("example".into(), json!(e));
            }
            errors.push(Value::Object(error));
        } else {
            types.note(doc, &r_at, Kind::NotCarried, format!("a {status} response: our client does not follow redirects or read informational responses; left out"));
        }
    }
    match successes.len() {
        0 => {
            types.note(
                doc,
                &format!("{at}/responses"),
                Kind::Approximated,
                "no success response documented: `200` without content assumed".to_owned(),
            );
            spec.insert("response".into(), json!({"status": 200}));
        }
        1 => {
            spec.insert("response".into(), successes.remove(0));
        }
        _ => {
            // Our responses carry headers on a single success only.
            for success in &mut successes {
                if let Some(Value::Object(headers)) =
                    success.as_object_mut().and_then(|s| s.remove("headers"))
                {
                    let status = success["status"].as_u64().unwrap_or_default();
                    let names: Vec<String> = headers.keys().map(|h| format!("`{h}`")).collect();
                    types.note(doc, &format!("{at}/responses/{status}/headers"), Kind::NotCarried, format!("response headers ({}) on one of several successes: typed headers are read for a single success only; left out (the raw response still has them)", names.join(", ")));
                }
            }
            spec.insert("responses".into(), Value::Array(successes));
        }
    }
    spec.insert("errors".into(), json!({"by": "status", "list": errors}));
}

/// What one response's body is.
enum ResponseBody {
    None,
    /// A type expression, and its example.
    Typed {
        body: String,
        example: Option<String>,
    },
    /// A server-sent event stream: the spec's `stream`.
    Stream(Value),
}

/// The body's type and example of one response.
fn response_body(
    types: &mut Types,
    doc: usize,
    at: &str,
    response: &Value,
    hint: &str,
) -> ResponseBody {
    let Some(content) = response
        .get("content")
        .and_then(Value::as_object)
        .filter(|c| !c.is_empty())
    else {
        return ResponseBody::None;
    };
    let Some(media) = choose_media(
        types,
        doc,
        at,
        content,
        |m| u8::from(!is_json(m)),
        "the response can also come as",
    ) else {
        return ResponseBody::None;
    };
    let m_at = format!("{at}/content/{}", token(&media));
    let entry = &content[&media];
    if is_event_stream(&media) {
        return ResponseBody::Stream(event_stream(types, doc, &m_at, entry, hint));
    }
    if !is_json(&media) {
        return ResponseBody::Typed {
            body: "binary".to_owned(),
            example: None,
        };
    }
    let ty = match entry.get("schema") {
        Some(schema) => types.ty(
            doc,
            &format!("{m_at}/schema"),
            schema,
            hint,
            Direction::Response,
        ),
        None => {
            types.note(
                doc,
                &m_at,
                Kind::Approximated,
                "a JSON response without a schema: any JSON (`json`)".to_owned(),
            );
            return ResponseBody::Typed {
                body: "json".to_owned(),
                example: None,
            };
        }
    };
    let example = entry.get("example").or_else(|| {
        entry
            .get("examples")
            .and_then(Value::as_object)
            .and_then(|e| e.values().next())
            .and_then(|e| e.get("value"))
    });
    let example = example.and_then(|e| {
        let fits = types.example(doc, &format!("{m_at}/example"), e, &ty.expr)?;
        Some(if e.is_string() && ty.expr != "string" {
            fits
        } else {
            e.to_string()
        })
    });
    ResponseBody::Typed {
        body: ty.expr,
        example,
    }
}

fn is_event_stream(media: &str) -> bool {
    media
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("text/event-stream"))
}

/// A `text/event-stream` response as the spec's `stream`. OpenAPI 3.2's
/// `itemSchema` describes each event (`event`, `data`, `id`, `retry`),
/// as alternatives when events differ; a `schema` (3.0, 3.1) is taken as
/// the data of every event, named `message`. Whether the vendor honours
/// `Last-Event-ID` is for the overlay to say (`resumes`).
fn event_stream(types: &mut Types, doc: usize, at: &str, entry: &Value, hint: &str) -> Value {
    let mut events = Map::new();
    if let Some(item) = entry.get("itemSchema") {
        let item_at = format!("{at}/itemSchema");
        let item = types.follow(doc, item, &item_at).unwrap_or(Value::Null);
        let alternatives = ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| Some((*k, item.get(*k)?.as_array()?.clone())));
        match alternatives {
            Some((key, list)) => {
                for (i, alternative) in list.iter().enumerate() {
                    let a_at = format!("{item_at}/{key}/{i}");
                    if let Some(a) = types.follow(doc, alternative, &a_at) {
                        item_events(types, doc, &a_at, &a, hint, &mut events);
                    }
                }
            }
            None => item_events(types, doc, &item_at, &item, hint, &mut events),
        }
    } else {
        let data = match entry.get("schema") {
            None => "string".to_owned(),
            Some(schema) => {
                let data = event_data(types, doc, &format!("{at}/schema"), schema, hint);
                if data != "string" {
                    types.note(doc, &format!("{at}/schema"), Kind::Approximated, format!("an event stream whose schema is its events' data (`{data}`) and names no event: read as `message` events; events of other names arrive as `Unknown`"));
                }
                data
            }
        };
        events.insert(
            "message".into(),
            json!({"data": data, "description": "An event of the stream."}),
        );
    }
    if events.is_empty() {
        types.note(
            doc,
            at,
            Kind::Approximated,
            "an event stream whose events could not be read: every event arrives as `Unknown`, its data as text".to_owned(),
        );
        events.insert(
            "message".into(),
            json!({"data": "string", "description": "An event of the stream."}),
        );
    }
    json!({"events": events})
}

/// The events one `itemSchema` (or one of its alternatives) describes: the
/// names its `event` property allows (`const` or `enum`; `message` when it
/// has none) with the type of its `data`.
fn item_events(
    types: &mut Types,
    doc: usize,
    at: &str,
    item: &Value,
    hint: &str,
    events: &mut Map<String, Value>,
) {
    let properties = item.get("properties").and_then(Value::as_object);
    let event = properties
        .and_then(|p| p.get("event"))
        .and_then(|e| types.follow(doc, e, &format!("{at}/properties/event")));
    let names: Vec<String> = match &event {
        Some(e) => match (e.get("const"), e.get("enum").and_then(Value::as_array)) {
            (Some(Value::String(one)), _) => vec![one.clone()],
            (_, Some(list)) => list
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        },
        None => vec!["message".to_owned()],
    };
    if names.is_empty() {
        types.note(doc, &format!("{at}/properties/event"), Kind::NotCarried, "an event name that is neither a `const` nor an `enum`: these events arrive as `Unknown`".to_owned());
        return;
    }
    let description = item
        .get("description")
        .and_then(Value::as_str)
        .map(from_html)
        .unwrap_or_else(|| "An event of the stream.".to_owned());
    let data = match properties.and_then(|p| p.get("data")) {
        None => None,
        Some(data) => {
            let d_at = format!("{at}/properties/data");
            let data = types.follow(doc, data, &d_at).unwrap_or(Value::Null);
            // JSON data: `contentMediaType` and `contentSchema` (JSON Schema
            // 2020-12), else the data schema itself.
            Some(match data.get("contentSchema") {
                Some(inner) => {
                    event_data(types, doc, &format!("{d_at}/contentSchema"), inner, hint)
                }
                None => event_data(types, doc, &d_at, &data, hint),
            })
        }
    };
    for name in names {
        if events.contains_key(&name) {
            types.note(
                doc,
                at,
                Kind::NotCarried,
                format!("the event `{name}` is described twice; the first description is kept"),
            );
            continue;
        }
        let variant = camel(&name);
        if let Some(other) = events.keys().find(|k| camel(k) == variant) {
            types.note(doc, at, Kind::NotCarried, format!("the event `{name}` is the same Rust variant as `{other}` (`{variant}`): the first is kept, this one arrives as `Unknown`"));
            continue;
        }
        if variant.is_empty() || variant == "Unknown" || name.contains(['\r', '\n']) {
            types.note(
                doc,
                at,
                Kind::NotCarried,
                format!(
                    "the event name `{}` makes no variant of its own: it arrives as `Unknown`",
                    name.escape_debug()
                ),
            );
            continue;
        }
        let mut event = Map::new();
        if let Some(data) = &data {
            event.insert("data".into(), json!(data));
        }
        event.insert("description".into(), json!(description));
        events.insert(name, Value::Object(event));
    }
}

/// An event's data type: `string` for text, else the JSON schema's type.
fn event_data(types: &mut Types, doc: usize, at: &str, schema: &Value, hint: &str) -> String {
    let ty = types.ty(
        doc,
        at,
        schema,
        &format!("{hint} Event"),
        Direction::Response,
    );
    if matches!(ty.expr.as_str(), "binary" | "file") {
        types.note(
            doc,
            at,
            Kind::Approximated,
            "an event's data as binary: read as text".to_owned(),
        );
        return "string".to_owned();
    }
    ty.expr
}

fn headers(types: &mut Types, doc: usize, at: &str, response: &Value, op: &str) -> Option<Value> {
    let headers = response.get("headers").and_then(Value::as_object)?;
    let mut out = Map::new();
    for (name, header) in headers {
        let h_at = format!("{at}/headers/{}", token(name));
        let schema = header
            .get("schema")
            .cloned()
            .unwrap_or(json!({"type": "string"}));
        let ty = types.ty(
            doc,
            &format!("{h_at}/schema"),
            &schema,
            &format!("{op} {name}"),
            Direction::Response,
        );
        let scalar = matches!(
            ty.expr.as_str(),
            "string" | "integer" | "int32" | "number" | "boolean" | "datetime" | "date"
        ) || types
            .declared
            .get(&ty.expr)
            .is_some_and(|d| d.section == "enums");
        if !scalar {
            types.note(
                doc,
                &h_at,
                Kind::NotCarried,
                format!("a response header of type `{}`; left out", ty.expr),
            );
            continue;
        }
        let description = header
            .get("description")
            .and_then(Value::as_str)
            .map(from_html)
            .unwrap_or_else(|| format!("The `{name}` header."));
        out.insert(
            name.clone(),
            json!({"type": ty.expr, "description": description}),
        );
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// The reason phrase of a status (`Unprocessable Entity`), else `Status 499`.
fn reason(status: u16) -> String {
    match http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(r) => r.to_owned(),
        None => format!("Status {status}"),
    }
}
