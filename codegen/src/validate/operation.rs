//! Checks and resolves one operation: path, inputs, body, scopes, response, errors.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::types::{self, NamedKind};
use super::{check_token, check_url, Ctx};
use crate::by_name::ByName;
use crate::model::*;
use crate::naming::{bare, camel, operation_type, snake, type_name};
use crate::spec::{self, ParamSpec};
use crate::template::{Part, Template};

/// What an operation is resolved against: the API's other sections.
pub(super) struct ApiParts<'a> {
    pub names: &'a IndexMap<String, (NamedKind, String)>,
    pub enums: &'a ByName<'a, Enum>,
    pub structs: &'a ByName<'a, Struct>,
    pub auth: &'a Auth,
    pub servers: &'a Servers,
    /// The API's `base_path`.
    pub base_path: &'a str,
}

pub(super) fn resolve(
    cx: &mut Ctx<'_>,
    name: &str,
    op: &spec::OperationSpec,
    api: &ApiParts<'_>,
) -> Operation {
    let ApiParts {
        names,
        enums,
        structs,
        auth: api_auth,
        servers: api_servers,
        base_path: api_base_path,
    } = *api;
    let base = format!("operations.{name}");
    let method = Method::parse(&op.method).unwrap_or_else(|| {
        let all: Vec<&str> = Method::ALL.iter().map(|m| m.as_str()).collect();
        cx.error_hint(
            &format!("{base}.method"),
            format!("`{}` is not an HTTP method", op.method),
            format!("use one of {}", all.join(", ")),
        );
        Method::Get
    });
    if let Some(url) = &op.docs_url {
        check_url(cx, &format!("{base}.docs_url"), url);
    }
    let mut servers = Vec::new();
    for (key, url) in &op.servers {
        let at = format!("{base}.servers.{key}");
        check_url(cx, &at, url);
        match api_servers.list.iter().find(|s| s.variant == camel(key)) {
            Some(s) => servers.push((s.variant.clone(), url.clone())),
            None => cx.error_hint(
                &at,
                format!("`{key}` is not one of the API's servers"),
                "use the `name` of an entry of `servers.list`",
            ),
        }
    }
    if !op.servers.is_empty() {
        for s in &api_servers.list {
            if !servers.iter().any(|(v, _)| v == &s.variant) {
                cx.error_hint(
                    &format!("{base}.servers"),
                    format!("no URL for the API's server `{}`", s.title),
                    "an operation with hosts of its own lists one for every server of the API",
                );
            }
        }
    }
    let none = matches!(op.auth, Some(spec::OperationAuthSpec::None))
        || op.security.as_ref().is_some_and(|s| s.is_empty());
    if matches!(op.auth, Some(spec::OperationAuthSpec::None)) && op.security.is_some() {
        cx.error(
            &format!("{base}.security"),
            "`auth: none` and `security` both say how the operation authenticates: keep one",
        );
    }
    if let Some(alternatives) = &op.security {
        super::security::check_requirement(
            cx,
            &format!("{base}.security"),
            alternatives,
            &api_auth.schemes,
        );
    }
    let alternatives = op
        .security
        .clone()
        .unwrap_or_else(|| api_auth.default.clone());
    let auth = if none || alternatives.is_empty() {
        if !op.token_types.is_empty() {
            cx.error(
                &format!("{base}.token_types"),
                "an operation called without credentials takes no token",
            );
        }
        if op.scopes.is_some() && none {
            cx.error(
                &format!("{base}.scopes"),
                "an operation called without credentials has no OAuth scopes",
            );
        }
        OperationAuth::None
    } else {
        for (i, t) in op.token_types.iter().enumerate() {
            if !api_auth.token_types.contains(t) {
                cx.error_hint(
                    &format!("{base}.token_types[{i}]"),
                    format!("`{t}` is not one of the API's `auth.token_types`"),
                    format!("the API lists: {}", api_auth.token_types.join(", ")),
                );
            }
        }
        OperationAuth::Signed {
            alternatives,
            token_types: op.token_types.clone(),
        }
    };

    let body = match op.body.as_ref() {
        None => Body::None,
        Some(b) => match b.content_type.as_str() {
            "multipart/form-data" => Body::Multipart,
            "application/json" => Body::Json,
            "application/x-www-form-urlencoded" => Body::FormUrlEncoded,
            _ if b.ty.as_deref() == Some("file") => Body::Binary,
            other => {
                cx.error_hint(
                    &format!("{base}.body.content_type"),
                    format!("the body type `{other}` is not supported"),
                    "supported: multipart/form-data, application/json, application/x-www-form-urlencoded, or any media type with `type: file` (a file as the whole body)",
                );
                Body::None
            }
        },
    };

    let mut inputs = resolve_params(cx, &format!("{base}.params"), &op.params, names, body);
    let one_of = op
        .body
        .as_ref()
        .and_then(|b| b.one_of.as_ref())
        .map(|o| resolve_one_of(cx, &format!("{base}.body.one_of"), name, o, names, body));
    if let Some(b) = &op.body {
        let has_fields = inputs
            .iter()
            .chain(
                one_of
                    .iter()
                    .flat_map(|o| &o.alternatives)
                    .flat_map(|a| std::iter::once(&a.selector).chain(&a.optional)),
            )
            .any(|i| i.location == ParamLocation::Body);
        inputs.extend(resolve_whole_body(
            cx,
            &format!("{base}.body"),
            b,
            body,
            has_fields,
            names,
        ));
        if !b.required {
            check_optional_body(cx, &base, b, &op.params);
        }
    }

    // Every input, for name collisions and scope bindings.
    let mut all: Vec<(&Input, String)> = inputs
        .iter()
        .map(|i| (i, format!("{base}.params.{}", i.wire)))
        .collect();
    if let Some(o) = &one_of {
        for alt in &o.alternatives {
            for i in std::iter::once(&alt.selector).chain(&alt.optional) {
                all.push((
                    i,
                    format!(
                        "{base}.body.one_of.alternatives.{}.params.{}",
                        alt.variant, i.wire
                    ),
                ));
            }
        }
    }
    let mut rust_names: Vec<(String, &str, String)> = all
        .iter()
        .map(|(i, p)| (i.rust_name.clone(), i.wire.as_str(), p.clone()))
        .collect();
    if let Some(o) = &one_of {
        rust_names.push((
            o.rust_name.clone(),
            "one_of",
            format!("{base}.body.one_of.name"),
        ));
    }
    // A nullable input's `<name>_null()` is a builder method too.
    for (i, p) in &all {
        let Some(null) = i.null_setter() else {
            continue;
        };
        if let Some((_, other, _)) = rust_names.iter().find(|(rust, ..)| bare(rust) == null) {
            cx.error_hint(
                &format!("{p}.nullable"),
                format!("`{}`'s `{null}()`, which sends `null`, would take the name of the input `{other}`", i.wire),
                "give one of them a `rust_name`",
            );
        }
    }
    cx.unique("input", rust_names);
    let (path_template, path) = resolve_path(cx, &base, &op.path, &all);
    let base_path = match &op.base_path {
        Some(own) => {
            super::check_base_path(cx, &format!("{base}.base_path"), own);
            own.clone()
        }
        None => api_base_path.to_owned(),
    };

    let scope_variables = resolve_scope_vars(cx, &base, op, &all, enums);
    check_file_types(cx, &all, enums);

    // A required input with one documented value is sent, not asked for.
    let is_fixed = |i: &Input| {
        i.required
            && i.location != ParamLocation::Path
            && i.allowed.as_ref().is_some_and(|v| v.len() == 1)
    };
    let fixed = inputs
        .iter()
        .filter(|i| is_fixed(i))
        .map(|i| Fixed {
            location: i.location,
            wire: i.wire.clone(),
            value: i.allowed.as_ref().map(|v| v[0].clone()).unwrap_or_default(),
        })
        .collect();
    let inputs: Vec<Input> = inputs.into_iter().filter(|i| !is_fixed(i)).collect();

    let scopes = op
        .scopes
        .as_ref()
        .map(|e| resolve_scope_expr(cx, &format!("{base}.scopes"), e, &scope_variables));

    let (success, output, stream) = resolve_success(cx, &base, op, name, names);
    let pagination = op.pagination.as_ref().and_then(|p| {
        resolve_pagination(
            cx,
            &format!("{base}.pagination"),
            p,
            &inputs,
            &one_of,
            &output,
            structs,
        )
    });
    let errors = resolve_errors(cx, &base, &op.errors, names, structs, &success);

    Operation {
        group: cx.file.group_of(&format!("operations.{name}")),
        rust_name: snake(name),
        names: OperationNames::of(name),
        summary: op.summary.clone(),
        description: op.description.clone(),
        docs_url: op.docs_url.clone(),
        deprecated: op.deprecated.clone(),
        auth,
        servers,
        method,
        base_path,
        path_template,
        path,
        inputs,
        fixed,
        body,
        body_required: op.body.as_ref().is_none_or(|b| b.required),
        media_type: op.body.as_ref().map(|b| b.content_type.clone()),
        one_of,
        scopes,
        scope_variables,
        success,
        output,
        stream,
        errors,
        samples: op
            .samples
            .iter()
            .map(|s| (s.title.clone(), s.request.clone()))
            .collect(),
        pagination,
    }
}

/// Resolves `pagination`: its field paths through the response's structs,
/// its parameters to optional query inputs of the right type. A paginated
/// request is cloned for each next page, so it has no files and no `one_of`.
fn resolve_pagination(
    cx: &mut Ctx<'_>,
    path: &str,
    p: &spec::PaginationSpec,
    inputs: &[Input],
    one_of: &Option<OneOf>,
    output: &Output,
    structs: &ByName<'_, Struct>,
) -> Option<Pagination> {
    if one_of.is_some() || inputs.iter().any(|i| types::has_file(&i.ty)) {
        cx.error(
            path,
            "a paginated operation has no `one_of` and no file inputs (each next page is a copy of the request)",
        );
    }
    let Output::One(Some(Type::Struct(page))) = output else {
        cx.error(
            path,
            "a paginated operation's success is one schema (the page), whatever its status",
        );
        return None;
    };
    let field = |cx: &mut Ctx<'_>, at: &str, text: &str| -> Option<(FieldPath, Type)> {
        let mut current = page.clone();
        let mut steps = Vec::new();
        let mut ty = None;
        for (i, key) in text.split('.').enumerate() {
            if i > 0 {
                match &ty {
                    Some(Type::Struct(name)) => current = name.clone(),
                    _ => {
                        cx.error(
                            at,
                            format!("`{text}`: only a struct's fields can be followed with `.`"),
                        );
                        return None;
                    }
                }
            }
            let schema = structs.get(&current)?;
            let Some(f) = schema.fields.iter().find(|f| f.wire == key) else {
                cx.error(at, format!("`{text}`: `{current}` has no field `{key}`"));
                return None;
            };
            steps.push(FieldStep {
                rust_name: f.rust_name.clone(),
                optional: !f.required || f.nullable,
                holder: current.clone(),
                nullable: f.nullable && !f.required,
            });
            ty = Some(f.ty.clone());
        }
        Some((
            FieldPath {
                text: text.to_owned(),
                steps,
            },
            ty?,
        ))
    };
    let input = |cx: &mut Ctx<'_>, at: &str, wire: &str, ok: &dyn Fn(&Type) -> bool, what: &str| {
        match inputs.iter().find(|i| i.wire == wire) {
            Some(i) if i.location == ParamLocation::Query && !i.required && ok(&i.ty) => {
                Some(i.rust_name.clone())
            }
            Some(_) => {
                cx.error(
                    at,
                    format!("`{wire}` must be an optional query parameter of type {what}"),
                );
                None
            }
            None => {
                cx.error(at, format!("`{wire}` is not a parameter of this operation"));
                None
            }
        }
    };
    // The page number of `page`, the offset of `offset`.
    let integer_param = |cx: &mut Ctx<'_>, param: &str| {
        input(
            cx,
            &format!("{path}.param"),
            param,
            &|t| *t == Type::Integer,
            "`integer`",
        )
    };
    let (items, style) = match p {
        spec::PaginationSpec::Page { items, param, more } => {
            let input = integer_param(cx, param);
            let more = field(cx, &format!("{path}.more"), more).and_then(|(f, ty)| {
                if ty != Type::Boolean {
                    cx.error(
                        &format!("{path}.more"),
                        format!("`{}` is not a `boolean` field", f.text),
                    );
                    return None;
                }
                Some(f)
            });
            (
                items,
                input
                    .zip(more)
                    .map(|(input, more)| PageStyle::Page { input, more }),
            )
        }
        spec::PaginationSpec::Offset { items, param } => {
            let input = integer_param(cx, param);
            (items, input.map(|input| PageStyle::Offset { input }))
        }
        spec::PaginationSpec::Cursor { items, cursors } => {
            if cursors.is_empty() {
                cx.error(
                    &format!("{path}.cursors"),
                    "name at least one cursor parameter",
                );
            }
            let mut resolved = Vec::new();
            for (param, from) in cursors {
                let at = format!("{path}.cursors.{param}");
                let field = field(cx, &at, from);
                let input = input(
                    cx,
                    &at,
                    param,
                    &|t| matches!(t, Type::String | Type::Integer),
                    "`string` or `integer`",
                );
                if let (Some(input), Some((f, ty))) = (input, field) {
                    let input_ty = inputs.iter().find(|i| i.rust_name == input).map(|i| &i.ty);
                    if input_ty != Some(&ty) {
                        cx.error(
                            &at,
                            format!(
                                "`{}` and the parameter `{param}` have different types",
                                f.text
                            ),
                        );
                    }
                    resolved.push((input, f));
                }
            }
            let complete = resolved.len() == cursors.len() && !resolved.is_empty();
            (
                items,
                complete.then_some(PageStyle::Cursor { cursors: resolved }),
            )
        }
    };
    let items = field(cx, &format!("{path}.items"), items).and_then(|(f, ty)| match ty {
        Type::List(item) => Some((f, *item)),
        _ => {
            cx.error(
                &format!("{path}.items"),
                format!("`{}` is not a list", f.text),
            );
            None
        }
    });
    let ((items, item), style) = items.zip(style)?;
    Some(Pagination { items, item, style })
}

fn resolve_params(
    cx: &mut Ctx<'_>,
    base: &str,
    params: &IndexMap<String, ParamSpec>,
    names: &IndexMap<String, (NamedKind, String)>,
    body: Body,
) -> Vec<Input> {
    let inputs: Vec<Input> = params
        .iter()
        .map(|(wire, p)| resolve_param(cx, &format!("{base}.{wire}"), wire, p, names, body))
        .collect();
    // Parts named by the caller are every part the others do not name: two
    // such inputs could not tell their parts apart.
    let named: Vec<&str> = params
        .keys()
        .zip(&inputs)
        .filter(|(_, i)| i.caller_named())
        .map(|(k, _)| k.as_str())
        .collect();
    if let [_, second, ..] = named.as_slice() {
        cx.error(
            &format!("{base}.{second}.type"),
            format!(
                "a second `map<file>` input (after `{}`): one input takes the parts named by the caller",
                named[0]
            ),
        );
    }
    inputs
}

/// The `body` entry's own checks, and the input holding a whole JSON body
/// given by `type` (the other JSON bodies are objects of `in: body` fields).
fn resolve_whole_body(
    cx: &mut Ctx<'_>,
    path: &str,
    b: &spec::BodySpec,
    body: Body,
    has_fields: bool,
    names: &IndexMap<String, (NamedKind, String)>,
) -> Option<Input> {
    if matches!(body, Body::Multipart | Body::FormUrlEncoded) {
        for (key, given) in [
            ("type", b.ty.is_some()),
            ("description", b.description.is_some()),
            ("example", b.example.is_some()),
        ] {
            if given {
                cx.error(
                    &format!("{path}.{key}"),
                    format!(
                        "`{key}` applies to JSON and file bodies; a form body is its `form` params"
                    ),
                );
            }
        }
        return None;
    }
    // The whole body: the builder input `body`, documented by `description`.
    let whole = |cx: &mut Ctx<'_>, ty: Type, example: Option<String>| {
        let description = b.description.clone().unwrap_or_else(|| {
            cx.error(
                &format!("{path}.type"),
                "a body with a `type` needs a `description` too",
            );
            String::new()
        });
        Input {
            wire: "body".to_owned(),
            rust_name: "body".to_owned(),
            location: ParamLocation::WholeBody,
            ty,
            required: b.required,
            nullable: false,
            description,
            example,
            allowed: None,
            file_types: None,
            joined: false,
            default: None,
            constraints: Constraints::default(),
        }
    };
    if body == Body::Binary {
        if has_fields {
            cx.error(path, "a file body has no `in: body` params");
        }
        return Some(whole(cx, Type::File, None));
    }
    if body != Body::Json {
        return None;
    }
    if let Some(example) = &b.example {
        check_json(cx, &format!("{path}.example"), example);
    }
    let Some(expr) = &b.ty else {
        if !has_fields {
            cx.error_hint(
                path,
                "a JSON body needs `in: body` params, or a `type` for the whole body",
                "`type: json` takes any JSON value",
            );
        }
        return None;
    };
    if has_fields {
        cx.error(
            &format!("{path}.type"),
            "a JSON body is either `in: body` fields or one `type`, not both",
        );
    }
    let ty = match types::resolve(expr, names) {
        Ok(t) => t,
        Err(e) => {
            cx.error_hint(
                &format!("{path}.type"),
                e,
                "declare it under `schemas` or `enums`, or use a built-in type",
            );
            Type::Json
        }
    };
    if types::has_file(&ty) {
        cx.error(&format!("{path}.type"), "a JSON body cannot hold a file");
    }
    Some(whole(cx, ty, b.example.clone()))
}

/// A body that is not required (`required: false`) is sent only when
/// something is in it: none of its params is required, or it would be sent
/// on every request, and it has no `one_of`, whose choice is required.
fn check_optional_body(
    cx: &mut Ctx<'_>,
    base: &str,
    b: &spec::BodySpec,
    params: &IndexMap<String, ParamSpec>,
) {
    if b.one_of.is_some() {
        cx.error_hint(
            &format!("{base}.body.one_of"),
            "a body that is not required has no `one_of`: one of its alternatives would be sent on every request",
            "leave `one_of` out, or the body required (no `required: false`)",
        );
    }
    for (key, p) in params {
        if p.required && matches!(p.location, ParamLocation::Body | ParamLocation::Form) {
            cx.error_hint(
                &format!("{base}.params.{key}.required"),
                format!("`{key}` is required, but the body it is sent in is not (`required: false`)"),
                "a body that is not required is sent only when one of its params is set, so none of them is required: make it optional, or the body required",
            );
        }
    }
}

fn resolve_param(
    cx: &mut Ctx<'_>,
    path: &str,
    key: &str,
    p: &ParamSpec,
    names: &IndexMap<String, (NamedKind, String)>,
    body: Body,
) -> Input {
    let wire = p.name.as_deref().unwrap_or(key);
    let ty = match types::resolve(&p.ty, names) {
        Ok(t) => t,
        Err(e) => {
            cx.error_hint(
                &format!("{path}.type"),
                e,
                "declare it under `enums`, or use a built-in type",
            );
            Type::String
        }
    };
    let scalar = Type::is_scalar;
    let ok_type = match p.location {
        ParamLocation::Path | ParamLocation::Header => scalar(&ty),
        ParamLocation::Query => scalar(&ty) || matches!(&ty, Type::List(t) if scalar(t)),
        ParamLocation::Form => {
            scalar(&ty)
                || ty == Type::File
                || matches!(&ty, Type::List(t) if scalar(t) || **t == Type::File)
                // Parts named by the caller (`<field id>_<file id>`).
                || matches!(&ty, Type::Map(t) if **t == Type::File)
        }
        ParamLocation::Body | ParamLocation::WholeBody => !types::has_file(&ty),
    };
    if !ok_type {
        cx.error(
            &format!("{path}.type"),
            format!(
                "a {:?} parameter cannot have the type `{}`",
                p.location, p.ty
            )
            .to_lowercase(),
        );
    }
    if p.location == ParamLocation::Form && !matches!(body, Body::Multipart | Body::FormUrlEncoded)
    {
        cx.error_hint(
            path,
            format!("`{wire}` is a form field but the operation has no form body"),
            "add `body: {content_type: multipart/form-data}` (or `application/x-www-form-urlencoded`)",
        );
    }
    if p.location == ParamLocation::Form && body == Body::FormUrlEncoded && types::has_file(&ty) {
        cx.error(
            &format!("{path}.type"),
            "files go in `multipart/form-data` bodies, not urlencoded ones",
        );
    }
    if p.location == ParamLocation::Body && body != Body::Json {
        cx.error_hint(
            path,
            format!("`{wire}` is a JSON body field but the operation has no JSON body"),
            "add `body: {content_type: application/json}`",
        );
    }
    if p.location == ParamLocation::Header {
        check_token(cx, path, wire, "HTTP header name");
    }
    if p.nullable && p.location != ParamLocation::Body {
        cx.error_hint(
            &format!("{path}.nullable"),
            format!(
                "a {} has no `null` on the wire",
                p.location.noun()
            ),
            "`nullable` applies to JSON body fields (`in: body`); leave it out (an optional input not set is not sent)",
        );
    }
    if p.nullable && p.values.as_ref().is_some_and(|v| v.len() == 1) {
        cx.error(
            &format!("{path}.nullable"),
            "an input with one allowed value is sent with it, never as `null`",
        );
    }
    if let Some(values) = &p.values {
        if values.is_empty() {
            cx.error(
                &format!("{path}.values"),
                "`values` is empty; omit it or list the allowed values",
            );
        }
        if ty != Type::String {
            cx.error(
                &format!("{path}.values"),
                "`values` applies to `string` parameters",
            );
        }
        if p.location == ParamLocation::Header && values.len() == 1 && !p.required {
            cx.error(&format!("{path}.required"), "a header with one allowed value is sent on every request; mark it `required: true`");
        }
    }
    let file_types = p.file_types.as_ref().and_then(|ft| match names.get(ft) {
        Some((NamedKind::Enum, rust)) => Some(rust.clone()),
        Some((NamedKind::Unreadable, _)) => None,
        _ => {
            cx.error(
                &format!("{path}.file_types"),
                format!("`{ft}` is not a declared enum"),
            );
            None
        }
    });
    if file_types.is_some() && !types::has_file(&ty) {
        cx.error(
            &format!("{path}.file_types"),
            "`file_types` applies to file parameters",
        );
    }
    let joined = p.explode == Some(false);
    if p.explode.is_some() && !(p.location == ParamLocation::Query && matches!(ty, Type::List(_))) {
        cx.error(
            &format!("{path}.explode"),
            "`explode` applies to query lists",
        );
    }
    let numeric = matches!(ty, Type::Integer | Type::Int32 | Type::Number);
    let measured = matches!(ty, Type::String | Type::List(_));
    for (key, given, fits, what) in [
        ("minimum", p.minimum.is_some(), numeric, "numbers"),
        ("maximum", p.maximum.is_some(), numeric, "numbers"),
        (
            "min_length",
            p.min_length.is_some(),
            measured,
            "strings and lists",
        ),
        (
            "max_length",
            p.max_length.is_some(),
            measured,
            "strings and lists",
        ),
        (
            "pattern",
            p.pattern.is_some(),
            ty == Type::String,
            "strings",
        ),
    ] {
        if given && !fits {
            cx.error(
                &format!("{path}.{key}"),
                format!("`{key}` applies to {what}"),
            );
        }
    }
    if let (Some(min), Some(max)) = (p.minimum, p.maximum) {
        if min > max {
            cx.error(
                &format!("{path}.minimum"),
                format!("the minimum {min} is above the maximum {max}"),
            );
        }
    }
    if let (Some(min), Some(max)) = (p.min_length, p.max_length) {
        if min > max {
            cx.error(
                &format!("{path}.min_length"),
                format!("the minimum length {min} is above the maximum {max}"),
            );
        }
    }
    Input {
        wire: wire.to_owned(),
        rust_name: p
            .rust_name
            .clone()
            .unwrap_or_else(|| crate::naming::input_name(key)),
        location: p.location,
        ty,
        required: p.required || p.location == ParamLocation::Path,
        nullable: p.nullable,
        description: p.description.clone(),
        example: p.example.clone(),
        allowed: p.values.clone(),
        file_types,
        joined,
        default: p.default.clone(),
        constraints: Constraints {
            minimum: p.minimum,
            maximum: p.maximum,
            min_length: p.min_length,
            max_length: p.max_length,
            pattern: p.pattern.clone(),
        },
    }
}

fn resolve_one_of(
    cx: &mut Ctx<'_>,
    base: &str,
    op_name: &str,
    o: &spec::OneOfSpec,
    names: &IndexMap<String, (NamedKind, String)>,
    body: Body,
) -> OneOf {
    if o.alternatives.len() < 2 {
        cx.error(
            &format!("{base}.alternatives"),
            "a `one_of` needs at least two alternatives",
        );
    }
    let alternatives = o
        .alternatives
        .iter()
        .map(|(alt_name, alt)| {
            let path = format!("{base}.alternatives.{alt_name}");
            let inputs = resolve_params(cx, &format!("{path}.params"), &alt.params, names, body);
            let (required, optional): (Vec<Input>, Vec<Input>) =
                inputs.into_iter().partition(|i| i.required);
            if required.len() != 1 {
                cx.error_hint(
                    &format!("{path}.params"),
                    format!(
                        "the alternative `{alt_name}` has {} required inputs; it needs exactly one",
                        required.len()
                    ),
                    "the required input is what chooses the alternative",
                );
            }
            if let Some(selector) = required.iter().find(|i| i.nullable) {
                cx.error(
                    &format!("{path}.params.{}.nullable", selector.wire),
                    "the input that chooses an alternative is sent with a value, never as `null`",
                );
            }
            for i in required.iter().chain(&optional) {
                if i.location == ParamLocation::Path || i.location == ParamLocation::Header {
                    cx.error(
                        &format!("{path}.params.{}", i.wire),
                        "inputs of an alternative go in the query, the form or the JSON body",
                    );
                }
            }
            Alternative {
                type_name: operation_type(op_name, alt_name),
                variant: camel(alt_name),
                description: alt.description.clone(),
                selector: required
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| placeholder_input(alt_name)),
                optional,
            }
        })
        .collect();
    OneOf {
        rust_name: snake(&o.name),
        type_name: operation_type(op_name, &o.name),
        description: o.description.clone(),
        alternatives,
    }
}

/// Stands in for a missing selector so that checking can go on; only ever
/// built when a diagnostic has been reported, so it is never emitted.
fn placeholder_input(name: &str) -> Input {
    Input {
        wire: name.to_owned(),
        rust_name: snake(name),
        location: ParamLocation::Form,
        ty: Type::String,
        required: true,
        nullable: false,
        description: String::new(),
        example: None,
        allowed: None,
        file_types: None,
        joined: false,
        default: None,
        constraints: Constraints::default(),
    }
}

fn resolve_path(
    cx: &mut Ctx<'_>,
    base: &str,
    path: &str,
    all: &[(&Input, String)],
) -> (String, Vec<PathSegment>) {
    let at = format!("{base}.path");
    if !path.starts_with('/') {
        cx.error_hint(
            &at,
            format!("the path `{path}` must start with `/`"),
            "paths follow the API's `base_path`",
        );
    }
    let template = match Template::parse(path) {
        Ok(t) => t,
        Err(e) => {
            cx.error(&at, format!("the path `{path}` {e}"));
            return (path.to_owned(), Vec::new());
        }
    };
    let mut segments = Vec::new();
    let mut used = HashSet::new();
    for part in &template.parts {
        match part {
            Part::Literal(text) => segments.push(PathSegment::Literal(text.clone())),
            Part::Var(name) => match all
                .iter()
                .find(|(i, _)| &i.wire == name && i.location == ParamLocation::Path)
            {
                Some((i, _)) => {
                    used.insert(name.clone());
                    segments.push(PathSegment::Param {
                        rust_name: i.rust_name.clone(),
                        wire: i.wire.clone(),
                    });
                }
                None => cx.error_hint(
                    &at,
                    format!("the path uses `{{{name}}}`, which is not a declared path parameter"),
                    format!("declare `{name}` under `params` with `in: path`"),
                ),
            },
        }
    }
    for (i, p) in all {
        if i.location == ParamLocation::Path && !used.contains(&i.wire) {
            cx.error_hint(
                p,
                format!(
                    "the path parameter `{}` does not appear in the path",
                    i.wire
                ),
                format!("add `{{{}}}` to `path`", i.wire),
            );
        }
    }
    (path.to_owned(), segments)
}

/// A `file_types` enum labels each file part with its `mime_type` and checks
/// the file's name against its `extensions`: it needs both properties.
fn check_file_types(cx: &mut Ctx<'_>, all: &[(&Input, String)], enums: &ByName<'_, Enum>) {
    for (input, path) in all {
        let Some(name) = &input.file_types else {
            continue;
        };
        let Some(e) = enums.get(name) else {
            continue;
        };
        let has = |property: &str, many: bool| {
            e.properties
                .iter()
                .any(|p| p.rust_name == property && p.many == many)
        };
        if !has("mime_type", false) || !has("extensions", true) || e.other.is_some() {
            cx.error_hint(
                &format!("{path}.file_types"),
                format!("`{name}` cannot list file types"),
                "a file type enum is closed (no `other`) and has the properties `mime_type` (a string) and `extensions` (`string[]`)",
            );
        }
    }
}

fn resolve_scope_vars(
    cx: &mut Ctx<'_>,
    base: &str,
    op: &spec::OperationSpec,
    all: &[(&Input, String)],
    enums: &ByName<'_, Enum>,
) -> Vec<ScopeVariable> {
    op.scope_variables
        .iter()
        .filter_map(|(name, v)| {
            let path = format!("{base}.scope_variables.{name}");
            let binding = match (&v.param, &v.enum_name) {
                (Some(param), None) => {
                    // Only inputs outside a `one_of` are present on every request.
                    let top_level = all.iter().filter(|(_, p)| !p.contains(".body.one_of."));
                    let Some((input, _)) = top_level.clone().find(|(i, _)| &i.wire == param) else {
                        cx.error(
                            &path,
                            format!(
                                "`{param}` is not a parameter of this operation outside `one_of`"
                            ),
                        );
                        return None;
                    };
                    if !input.required {
                        cx.error(
                            &path,
                            format!(
                                "`{param}` is optional; a scope variable needs a required input"
                            ),
                        );
                    }
                    let property = match (&v.property, &input.ty) {
                        (None, _) => None,
                        (Some(prop), Type::Enum(e)) => {
                            let known = enums.get(e).is_some_and(|en| {
                                en.properties
                                    .iter()
                                    .any(|p| p.rust_name == snake(prop) && !p.many)
                            });
                            if !known {
                                cx.error(
                                    &format!("{path}.property"),
                                    format!("`{prop}` is not a string property of `{e}`"),
                                );
                            }
                            Some(snake(prop))
                        }
                        (Some(_), _) => {
                            cx.error(
                                &format!("{path}.property"),
                                "`property` needs a parameter whose type is an enum",
                            );
                            None
                        }
                    };
                    ScopeBinding::Input {
                        input: input.rust_name.clone(),
                        property,
                    }
                }
                (None, Some(e)) => match enums.get(&type_name(e)) {
                    Some(en) => ScopeBinding::AnyOf {
                        enum_name: en.rust_name.clone(),
                    },
                    None => {
                        cx.error(
                            &format!("{path}.enum"),
                            format!("`{e}` is not a declared enum"),
                        );
                        return None;
                    }
                },
                _ => {
                    cx.error_hint(
                        &path,
                        "a scope variable names either a `param` or an `enum`",
                        "`{param: x, property: y}` or `{enum: Name}`",
                    );
                    return None;
                }
            };
            Some(ScopeVariable {
                name: name.clone(),
                binding,
            })
        })
        .collect()
}

fn resolve_scope_expr(
    cx: &mut Ctx<'_>,
    path: &str,
    e: &spec::ScopeExprSpec,
    vars: &[ScopeVariable],
) -> ScopeExpr {
    match e {
        spec::ScopeExprSpec::Scope(s) => {
            if s.is_empty() || s.contains(char::is_whitespace) {
                cx.error(path, format!("`{s}` is not a scope"));
            }
            let template = Template::parse(s).unwrap_or_else(|e| {
                cx.error(path, format!("the scope `{s}` {e}"));
                Template {
                    text: s.clone(),
                    parts: Vec::new(),
                }
            });
            for var in template.vars() {
                if !vars.iter().any(|v| v.name == var) {
                    cx.error_hint(path, format!("the scope `{s}` uses `{{{var}}}`, which is not a declared scope variable"), format!("declare `{var}` under `scope_variables`"));
                }
            }
            ScopeExpr::Scope(template)
        }
        spec::ScopeExprSpec::AllOf(a) => {
            ScopeExpr::AllOf(list(cx, &format!("{path}.all_of"), &a.all_of, vars))
        }
        spec::ScopeExprSpec::AnyOf(a) => {
            ScopeExpr::AnyOf(list(cx, &format!("{path}.any_of"), &a.any_of, vars))
        }
    }
}

fn list(
    cx: &mut Ctx<'_>,
    path: &str,
    items: &[spec::ScopeExprSpec],
    vars: &[ScopeVariable],
) -> Vec<ScopeExpr> {
    if items.is_empty() {
        cx.error(path, "an empty scope list");
    }
    items
        .iter()
        .enumerate()
        .map(|(i, e)| resolve_scope_expr(cx, &format!("{path}.{i}"), e, vars))
        .collect()
}

fn valid_status(status: u16) -> bool {
    (100..=599).contains(&status)
}

fn struct_ref(
    cx: &mut Ctx<'_>,
    path: &str,
    name: &str,
    names: &IndexMap<String, (NamedKind, String)>,
) -> String {
    match names.get(name) {
        Some((NamedKind::Struct | NamedKind::Unreadable, rust)) => rust.clone(),
        Some((NamedKind::Enum | NamedKind::Union, rust)) => {
            cx.error_hint(
                path,
                format!("`{name}` is not an object schema"),
                "errors told apart by `body_code` read the code from a field of one object schema",
            );
            rust.clone()
        }
        None => {
            cx.error_hint(
                path,
                format!("`{name}` is not a declared schema"),
                "declare it under `schemas`",
            );
            type_name(name)
        }
    }
}

/// `response` (one success) or `responses` (several): each status and
/// body, and what `parse_response` returns: one type when every body is the
/// same, else an enum with a variant per status.
fn resolve_success(
    cx: &mut Ctx<'_>,
    base: &str,
    op: &spec::OperationSpec,
    op_name: &str,
    names: &IndexMap<String, (NamedKind, String)>,
) -> (Vec<Success>, Output, Option<EventStream>) {
    let (list, at): (Vec<&spec::ResponseSpec>, String) = match (&op.response, &op.responses) {
        (Some(one), None) => (vec![one], format!("{base}.response")),
        (None, Some(many)) => (many.iter().collect(), format!("{base}.responses")),
        (Some(_), Some(_)) => {
            cx.error_hint(
                &format!("{base}.responses"),
                "an operation has `response` or `responses`, not both",
                "list every success under `responses`",
            );
            (Vec::new(), base.to_owned())
        }
        (None, None) => {
            cx.error_hint(
                base,
                "the operation documents no success response",
                "add `response: {status: 200, body: ...}`, or `responses` for several",
            );
            (Vec::new(), base.to_owned())
        }
    };
    let several = op.responses.is_some();
    if op.responses.as_ref().is_some_and(Vec::is_empty) {
        cx.error(&at, "`responses` is empty");
    }
    let mut seen = HashSet::new();
    let mut success = Vec::new();
    let mut stream: Option<EventStream> = None;
    for (index, r) in list.into_iter().enumerate() {
        let path = if several {
            format!("{at}[{index}]")
        } else {
            at.clone()
        };
        if !(200..=299).contains(&r.status) {
            cx.error(
                &format!("{path}.status"),
                format!("{} is not a success status (2xx)", r.status),
            );
        }
        if !seen.insert(r.status) {
            cx.error(
                &format!("{path}.status"),
                format!("{} is listed twice", r.status),
            );
            continue;
        }
        if let Some(example) = &r.example {
            check_json(cx, &format!("{path}.example"), example);
        }
        if !several && r.name.is_some() {
            cx.error(
                &path,
                "`name` tells several `responses` apart; one `response` has none",
            );
        }
        if let Some(s) = &r.stream {
            let at = format!("{path}.stream");
            if r.body.is_some() {
                cx.error_hint(
                    &at,
                    "a success has a `body` or a `stream`, not both",
                    "an event stream's types are its events' `data`",
                );
            }
            if r.example.is_some() {
                cx.error_hint(
                    &format!("{path}.example"),
                    "an event stream's examples are its events'",
                    "give each event its `example`",
                );
            }
            let resolved = resolve_stream(cx, &at, r.status, s, names);
            if stream.is_some() {
                cx.error(&at, "an operation has one event-stream success at most");
            } else {
                stream = Some(resolved);
            }
        }
        let body = r
            .stream
            .as_ref()
            .map(|_| Type::EventStream(OperationNames::of(op_name).event));
        let body = body.or_else(|| {
            r.body.as_ref().map(|expr| {
                let ty = types::resolve(expr, names).unwrap_or_else(|e| {
                    cx.error_hint(
                        &format!("{path}.body"),
                        e,
                        "declare it under `schemas` or `enums`, or use a built-in type",
                    );
                    Type::Json
                });
                // A file is the whole body (`binary`), or nothing.
                if types::has_file(&ty) && ty != Type::Binary {
                    cx.error_hint(
                        &format!("{path}.body"),
                        "a JSON response cannot hold a file",
                        "a file sent as the whole body is `body: binary`",
                    );
                }
                ty
            })
        });
        if r.status == 204 && body.is_some() {
            cx.error(
                &format!("{path}.body"),
                "a 204 No Content response has no body",
            );
        }
        let headers: Vec<ResponseHeader> = r
            .headers
            .iter()
            .map(|(wire, h)| {
                let at = format!("{path}.headers.{wire}");
                check_token(cx, &at, wire, "HTTP header name");
                let ty = types::resolve(&h.ty, names).unwrap_or_else(|e| {
                    cx.error_hint(&format!("{at}.type"), e, "use a built-in type or an enum");
                    Type::String
                });
                if !ty.is_scalar() {
                    cx.error(&format!("{at}.type"), "a header holds one value: a string, number, boolean, date, date-time or enum");
                }
                ResponseHeader {
                    wire: wire.clone(),
                    rust_name: crate::naming::input_name(wire),
                    ty,
                    description: h.description.clone(),
                }
            })
            .collect();
        if several && !headers.is_empty() {
            cx.error(
                &format!("{path}.headers"),
                "response headers are documented on a single `response`",
            );
        }
        success.push(Success {
            status: r.status,
            body,
            example: r.example.clone(),
            headers,
            variant: r
                .name
                .as_deref()
                .map(camel)
                .unwrap_or_else(|| crate::naming::success_variant(r.status)),
            description: r.description.clone(),
        });
    }
    let output = match success.as_slice() {
        [] => Output::One(None),
        [first, rest @ ..] if rest.iter().all(|s| s.body == first.body) => {
            Output::One(first.body.clone())
        }
        _ => {
            let mut variants: HashMap<&str, u16> = HashMap::new();
            for s in &success {
                if let Some(first) = variants.insert(&s.variant, s.status) {
                    cx.error_hint(
                        &at,
                        format!(
                            "the successes {first} and {} are both named `{}`",
                            s.status, s.variant
                        ),
                        "give one of them another `name`",
                    );
                }
            }
            Output::ByStatus
        }
    };
    (success, output, stream)
}

/// A `stream`: each event's name, variant and data type.
fn resolve_stream(
    cx: &mut Ctx<'_>,
    at: &str,
    status: u16,
    s: &spec::StreamSpec,
    names: &IndexMap<String, (NamedKind, String)>,
) -> EventStream {
    if s.events.is_empty() {
        cx.error_hint(
            &format!("{at}.events"),
            "an event stream declares no event",
            "name each event the vendor sends (`message` for events without a name)",
        );
    }
    let mut variants: HashMap<String, &str> = HashMap::new();
    let mut events = Vec::new();
    for (name, e) in &s.events {
        let e_at = format!("{at}.events.{name}");
        if name.is_empty() || name.contains(['\r', '\n']) {
            cx.error(&e_at, "an event name is one line of text, not empty");
        }
        let variant = camel(name);
        if variant.is_empty() || variant == "Unknown" {
            cx.error_hint(
                &e_at,
                format!("the event `{name}` makes no variant name of its own (`{variant}`)"),
                "`Unknown` keeps the events the spec does not declare",
            );
        } else if let Some(first) = variants.insert(variant.clone(), name) {
            cx.error(
                &e_at,
                format!("the events `{first}` and `{name}` are both the variant `{variant}`"),
            );
        }
        let data = match e.data.as_deref() {
            None => EventData::None,
            Some("string") => EventData::Text,
            Some(expr) => {
                let ty = types::resolve(expr, names).unwrap_or_else(|problem| {
                    cx.error_hint(
                        &format!("{e_at}.data"),
                        problem,
                        "declare it under `schemas` or `enums`, or use a built-in type",
                    );
                    Type::Json
                });
                if types::has_file(&ty) {
                    cx.error(
                        &format!("{e_at}.data"),
                        "an event's data cannot hold a file",
                    );
                }
                EventData::Json(ty)
            }
        };
        match (&e.example, &data) {
            (Some(_), EventData::None) => cx.error_hint(
                &format!("{e_at}.example"),
                "an event whose data is not read has no example",
                "give the event a `data` type",
            ),
            (Some(example), EventData::Json(_)) => {
                check_json(cx, &format!("{e_at}.example"), example)
            }
            _ => {}
        }
        events.push(StreamEvent {
            name: name.clone(),
            variant,
            data,
            description: e.description.clone(),
            example: e.example.clone(),
        });
    }
    EventStream {
        status,
        resumes: s.resumes,
        events,
    }
}

fn check_json(cx: &mut Ctx<'_>, path: &str, text: &str) {
    // Examples become doc text and test fixtures; a broken one is a transcription slip.
    if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
        cx.error(path, format!("the example is not a JSON document: {e}"));
    }
}

fn resolve_errors(
    cx: &mut Ctx<'_>,
    base: &str,
    e: &spec::ErrorsSpec,
    names: &IndexMap<String, (NamedKind, String)>,
    structs: &ByName<'_, Struct>,
    success: &[Success],
) -> Errors {
    let base = format!("{base}.errors");
    // After a reported problem, a placeholder so that checking goes on; never emitted.
    let unusable = || ErrorMatch::BodyCode {
        body: String::new(),
        code_field: String::new(),
        code_wire: String::new(),
    };
    let by = match e.by {
        spec::ErrorDiscriminator::BodyCode => {
            let field = e.code_field.clone().unwrap_or_else(|| "code".to_owned());
            match &e.body {
                None => {
                    cx.error_hint(
                        &base,
                        "errors told apart by `body_code` need a `body` schema",
                        "name the error body schema in `body`",
                    );
                    unusable()
                }
                Some(body) => {
                    let rust = struct_ref(cx, &format!("{base}.body"), body, names);
                    let schema = structs.get(&rust);
                    match schema.map(|s| s.fields.iter().find(|f| f.wire == field)) {
                        Some(Some(f)) if f.ty == Type::String && f.required => {
                            ErrorMatch::BodyCode {
                                body: rust,
                                code_field: f.rust_name.clone(),
                                code_wire: f.wire.clone(),
                            }
                        }
                        Some(Some(_)) => {
                            cx.error(
                                &format!("{base}.code_field"),
                                format!("`{field}` must be a required `string` field of `{body}`"),
                            );
                            unusable()
                        }
                        Some(None) => {
                            cx.error(
                                &format!("{base}.code_field"),
                                format!("`{body}` has no field `{field}`"),
                            );
                            unusable()
                        }
                        None => unusable(),
                    }
                }
            }
        }
        spec::ErrorDiscriminator::Status => {
            if e.code_field.is_some() {
                cx.error(
                    &format!("{base}.code_field"),
                    "`code_field` applies to `by: body_code`",
                );
            }
            ErrorMatch::Status
        }
    };

    let mut variants: Vec<ErrorVariant> = Vec::new();
    let mut seen: HashMap<(Option<String>, Option<ErrorStatus>, String), usize> = HashMap::new();
    // The names the spec gives, by status: a name derived for a class or the
    // default keeps clear of those given to other statuses.
    let given: Vec<(ErrorStatus, String)> = e
        .list
        .iter()
        .filter_map(|x| Some((x.status, camel(x.name.as_deref()?))))
        .collect();
    let list_body = match (e.by, &e.body) {
        // A struct, reported above when it is not one.
        (spec::ErrorDiscriminator::BodyCode, Some(b)) => Some(Type::Struct(
            names
                .get(b)
                .map_or_else(|| camel(b), |(_, rust)| rust.clone()),
        )),
        (spec::ErrorDiscriminator::Status, Some(b)) => {
            Some(error_body(cx, &format!("{base}.body"), b, names))
        }
        (_, None) => None,
    };
    for (i, err) in e.list.iter().enumerate() {
        let path = format!("{base}.list.{i}");
        check_error_status(cx, &path, e.by, err.status, success);
        if let Some(example) = &err.example {
            check_json(cx, &format!("{path}.example"), example);
        }
        let body = match (e.by, &err.body, &e.body) {
            // The code is read from the list's one object schema.
            (spec::ErrorDiscriminator::BodyCode, Some(own), Some(list)) => {
                if own != list {
                    cx.error_hint(
                        &format!("{path}.body"),
                        format!("with `by: body_code`, every error has the list's `body` (`{list}`), not `{own}`"),
                        "the code is read from one body type: remove this `body`",
                    );
                }
                list_body.clone()
            }
            (spec::ErrorDiscriminator::BodyCode, None, Some(_)) => list_body.clone(),
            // Without the list's `body` (reported above).
            (spec::ErrorDiscriminator::BodyCode, Some(own), None) => Some(Type::Struct(
                struct_ref(cx, &format!("{path}.body"), own, names),
            )),
            (spec::ErrorDiscriminator::BodyCode, None, None) => {
                cx.error_hint(
                    &path,
                    "the error has no body schema",
                    "give it a `body`, or the list a default `body`",
                );
                None
            }
            (spec::ErrorDiscriminator::Status, Some(own), _) => {
                Some(error_body(cx, &format!("{path}.body"), own, names))
            }
            // `by: status` errors may come without a body.
            (spec::ErrorDiscriminator::Status, None, _) => list_body.clone(),
        };
        let (key_code, key_status, variant) = match e.by {
            spec::ErrorDiscriminator::BodyCode => {
                let Some(code) = &err.code else {
                    cx.error_hint(
                        &path,
                        "errors told apart by `body_code` need a `code`",
                        "copy the code from the vendor page",
                    );
                    continue;
                };
                (
                    Some(code.clone()),
                    None,
                    err.name
                        .clone()
                        .map(|n| camel(&n))
                        .unwrap_or_else(|| camel(code)),
                )
            }
            spec::ErrorDiscriminator::Status => {
                if err.code.is_some() {
                    cx.error(
                        &format!("{path}.code"),
                        "errors told apart by `status` have no `code`",
                    );
                }
                let name = match &err.name {
                    Some(name) => camel(name),
                    None => error_variant(err.status, |name| {
                        given.iter().any(|(s, n)| *s != err.status && n == name)
                    }),
                };
                (None, Some(err.status), name)
            }
        };
        let key = (key_code.clone(), key_status, err.message.clone());
        if let Some(first) = seen.insert(key, i) {
            cx.error_hint(
                &path,
                format!("this error cannot be told apart from `{base}.list[{first}]`: same discriminator and message"),
                "remove the duplicate, or correct its code or status",
            );
            continue;
        }
        // The same code or status listed again with another meaning joins its variant.
        // With `by: status`, another `name` under the same status is another
        // shape of error there (tried in order when one arrives).
        let same = variants.iter_mut().find(|v| {
            if key_code.is_some() {
                v.code == key_code
            } else {
                Some(v.status) == key_status && v.variant == variant
            }
        });
        match same {
            Some(v) => {
                if v.variant != variant || v.body != body || v.status != err.status {
                    cx.error_hint(
                        &path,
                        format!("`{}` is listed again with another name, status or body", key_code.clone().unwrap_or_else(|| err.status.to_string())),
                        "entries for the same error must agree on everything but message and resolution",
                    );
                }
                v.cases.push((err.message.clone(), err.resolution.clone()));
            }
            None => variants.push(ErrorVariant {
                variant,
                code: key_code,
                status: err.status,
                message: body.as_ref().and_then(|b| error_message(structs, b)),
                body,
                cases: vec![(err.message.clone(), err.resolution.clone())],
                example: err.example.clone(),
            }),
        }
    }
    let listed: Vec<(String, String, String)> = variants
        .iter()
        .map(|v| {
            (
                v.variant.clone(),
                v.code.clone().unwrap_or_else(|| v.status.to_string()),
                base.clone(),
            )
        })
        .collect();
    cx.unique(
        "error",
        listed
            .iter()
            .map(|(a, b, c)| (a.clone(), b.as_str(), c.clone())),
    );
    Errors { by, variants }
}

/// Where an error body holds the vendor's message: a string body is the
/// message; a struct's is its string field whose wire name is `message`.
/// Other bodies (unions, lists, other scalars) have none to show.
fn error_message(structs: &ByName<'_, Struct>, body: &Type) -> Option<ErrorMessage> {
    let name = match body {
        Type::String => return Some(ErrorMessage::Body),
        Type::Struct(name) => name,
        _ => return None,
    };
    let field = structs
        .get(name)?
        .fields
        .iter()
        .find(|f| f.wire == "message" && f.ty == Type::String)?;
    Some(ErrorMessage::Field {
        rust_name: field.rust_name.clone(),
        required: field.required,
    })
}

/// An error's status: a success status only for an error inside a success
/// (told apart by its code), otherwise 400–599 or the class `4XX` or `5XX`;
/// a class and `default` only with `by: status` (with `by: body_code` the
/// code, not the status, names the error, under the statuses listed).
fn check_error_status(
    cx: &mut Ctx<'_>,
    path: &str,
    by: spec::ErrorDiscriminator,
    status: ErrorStatus,
    success: &[Success],
) {
    let at = format!("{path}.status");
    match status {
        ErrorStatus::Exact(status) if (200..300).contains(&status) => {
            // An error inside a success (Zoho's API_Exception in a 200).
            let success_with_body = success
                .iter()
                .any(|s| s.status == status && s.body.is_some());
            if by != spec::ErrorDiscriminator::BodyCode || !success_with_body {
                cx.error_hint(
                    &at,
                    format!("{status} is a success status"),
                    "an error sent inside a success is told apart by its code: use `by: body_code`, with the status of a success that has a body",
                );
            }
        }
        ErrorStatus::Exact(status) => {
            if !valid_status(status) || status < 400 {
                cx.error(&at, format!("{status} is not an error status (400–599)"));
            }
        }
        ErrorStatus::Class(_) | ErrorStatus::Default
            if by == spec::ErrorDiscriminator::BodyCode =>
        {
            cx.error_hint(
                &at,
                format!("`{status}`: errors told apart by `body_code` are listed under exact statuses"),
                "give the status the vendor sends the code with (`400`), or tell the errors apart by `status`",
            );
        }
        ErrorStatus::Class(class) if !(4..=5).contains(&class) => {
            cx.error_hint(
                &at,
                format!("`{status}` is not a class of error statuses"),
                "errors come as `4XX` or `5XX`; `default` takes any status no other response documents",
            );
        }
        ErrorStatus::Class(_) | ErrorStatus::Default => {}
    }
}

/// An error body of `by: status`: any JSON type, as a success body.
fn error_body(
    cx: &mut Ctx<'_>,
    at: &str,
    expr: &str,
    names: &IndexMap<String, (NamedKind, String)>,
) -> Type {
    let ty = types::resolve(expr, names).unwrap_or_else(|e| {
        cx.error_hint(
            at,
            e,
            "declare it under `schemas` or `enums`, or use a built-in type",
        );
        Type::Json
    });
    if types::has_file(&ty) {
        cx.error_hint(
            at,
            "an error body is JSON: it cannot hold a file",
            "a body that is not JSON is an undocumented response; leave `body` out for an error whose body is not read",
        );
    }
    ty
}

/// The variant of an error the spec gives no `name`: `Status404`;
/// `ClientError` for `4XX` and `ServerError` for `5XX`; `Other` for the
/// default; `Status4xx` or `StatusDefault` when the spec gives the word to
/// an error of another status (`taken`).
fn error_variant(status: ErrorStatus, taken: impl Fn(&str) -> bool) -> String {
    let candidates = match status {
        ErrorStatus::Exact(status) => vec![format!("Status{status}")],
        ErrorStatus::Class(class) => {
            let word = match class {
                1 => "Informational",
                2 => "Success",
                3 => "Redirection",
                4 => "ClientError",
                _ => "ServerError",
            };
            vec![word.to_owned(), format!("Status{class}xx")]
        }
        ErrorStatus::Default => vec!["Other".to_owned(), "StatusDefault".to_owned()],
    };
    let free = candidates.iter().find(|c| !taken(c));
    free.or(candidates.last()).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unnamed_errors_are_named_by_status_clear_of_the_names_given() {
        let none = |_: &str| false;
        assert_eq!(error_variant(ErrorStatus::Exact(404), none), "Status404");
        assert_eq!(error_variant(ErrorStatus::Class(4), none), "ClientError");
        assert_eq!(error_variant(ErrorStatus::Class(5), none), "ServerError");
        assert_eq!(error_variant(ErrorStatus::Default, none), "Other");
        // The spec names a 400 `ClientError` and a 500 `Other`.
        let given = |name: &str| name == "ClientError" || name == "Other";
        assert_eq!(error_variant(ErrorStatus::Class(4), given), "Status4xx");
        assert_eq!(error_variant(ErrorStatus::Default, given), "StatusDefault");
        assert_eq!(error_variant(ErrorStatus::Class(5), given), "ServerError");
    }
}
