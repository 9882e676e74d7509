//! The comparisons, item by item. Each rule names the generated code it
//! follows from; `codegen/SEMVER.md` lists them as one table.

use crate::model::*;
use crate::naming::bare;

use super::{Change, Class};

struct Out<'a> {
    api: &'a str,
    operation: Option<&'a str>,
    changes: Vec<Change>,
}

impl Out<'_> {
    fn push(&mut self, class: Class, what: String, reason: &str) {
        self.changes.push(Change {
            api: self.api.to_owned(),
            operation: self.operation.map(str::to_owned),
            what,
            class,
            reason: reason.to_owned(),
        });
    }
}

/// Two lists matched by `key`: each old item with its new counterpart
/// (`None`: removed), in the old order, then the new items no old item
/// matches (added), in the new order.
fn matched<'a, T, K: PartialEq>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> (Vec<(&'a T, Option<&'a T>)>, Vec<&'a T>) {
    let kept = old
        .iter()
        .map(|o| (o, new.iter().find(|n| key(n) == key(o))))
        .collect();
    let added = new
        .iter()
        .filter(|n| !old.iter().any(|o| key(o) == key(n)))
        .collect();
    (kept, added)
}

pub fn apis(old: &[Api], new: &[Api]) -> Vec<Change> {
    let mut changes = Vec::new();
    let (kept, added) = matched(old, new, |a| &a.module);
    for (o, n) in kept {
        match n {
            None => changes.push(Change {
                api: o.module.clone(),
                operation: None,
                what: format!("API `{}` removed", o.module),
                class: Class::Breaking,
                reason: "its module is gone from the crate".to_owned(),
            }),
            Some(n) => changes.extend(api(o, n)),
        }
    }
    for n in added {
        changes.push(Change {
            api: n.module.clone(),
            operation: None,
            what: format!("API `{}` added", n.module),
            class: Class::Additive,
            reason: "a new module".to_owned(),
        });
    }
    changes
}

fn api(o: &Api, n: &Api) -> Vec<Change> {
    let mut out = Out {
        api: &o.module,
        operation: None,
        changes: Vec::new(),
    };
    if (&o.title, &o.description, &o.docs_url) != (&n.title, &n.description, &n.docs_url) {
        out.push(
            Class::DocsOnly,
            "API description changed".into(),
            "docs only",
        );
    }
    if o.base_path != n.base_path {
        out.push(
            Class::DocsOnly,
            format!("base path `{}` → `{}`", o.base_path, n.base_path),
            "requests go to the new path; no public API changes",
        );
    }
    servers(&mut out, &o.servers, &n.servers);
    auth(&mut out, &o.auth, &n.auth);
    oauth(&mut out, o.oauth.as_ref(), n.oauth.as_ref());
    if o.rate_limits != n.rate_limits {
        out.push(
            Class::DocsOnly,
            "rate-limit headers changed".into(),
            "`RATE_LIMITS` reads other headers; no public API changes",
        );
    }
    webhooks(&mut out, o.webhooks.as_ref(), n.webhooks.as_ref());
    named(
        &mut out,
        "enum",
        &o.enums,
        &n.enums,
        |e| &e.rust_name,
        enum_changes,
    );
    named(
        &mut out,
        "schema",
        &o.structs,
        &n.structs,
        |s| &s.rust_name,
        struct_changes,
    );
    named(
        &mut out,
        "union schema",
        &o.unions,
        &n.unions,
        |u| &u.rust_name,
        union_changes,
    );
    let (kept, added) = matched(&o.operations, &n.operations, |op| &op.rust_name);
    for (op, nop) in kept {
        match nop {
            None => out.push(
                Class::Breaking,
                format!("operation `{}` removed", bare(&op.rust_name)),
                "its module, request, builder and error types are gone",
            ),
            Some(nop) => {
                let mut inner = Out {
                    api: &o.module,
                    operation: Some(&op.rust_name),
                    changes: Vec::new(),
                };
                operation(&mut inner, (op, &o.base_path), (nop, &n.base_path));
                out.changes.extend(inner.changes);
            }
        }
    }
    for op in added {
        out.push(
            Class::Additive,
            format!(
                "operation `{}` added ({} {})",
                bare(&op.rust_name),
                op.method,
                op.path_template
            ),
            "a new module in the API",
        );
    }
    out.changes
}

/// Items matched by name: removed ones break, added ones add, kept ones compare.
fn named<'a, T>(
    out: &mut Out<'a>,
    kind: &str,
    old: &'a [T],
    new: &'a [T],
    name: impl Fn(&T) -> &String,
    compare: impl Fn(&mut Out<'a>, &T, &T),
) {
    let (kept, added) = matched(old, new, &name);
    for (o, n) in kept {
        match n {
            None => out.push(
                Class::Breaking,
                format!("{kind} `{}` removed", bare(name(o))),
                "the type is gone",
            ),
            Some(n) => compare(out, o, n),
        }
    }
    for n in added {
        out.push(
            Class::Additive,
            format!("{kind} `{}` added", bare(name(n))),
            "a new type",
        );
    }
}

fn servers(out: &mut Out<'_>, o: &Servers, n: &Servers) {
    let (kept, added) = matched(&o.list, &n.list, |s| &s.variant);
    for (s, x) in kept {
        match x {
            None => out.push(
                Class::Breaking,
                format!("server `{}` removed", s.variant),
                "the `Server` variant is gone",
            ),
            Some(x) if x.url != s.url => out.push(
                Class::DocsOnly,
                format!("server `{}` URL `{}` → `{}`", s.variant, s.url, x.url),
                "requests go to the new URL; no public API changes",
            ),
            Some(x) if x.default != s.default => out.push(
                Class::DocsOnly,
                format!(
                    "server `{}` is {} the default",
                    s.variant,
                    if x.default { "now" } else { "no longer" }
                ),
                "`Server::default()` returns another variant; no public API changes",
            ),
            Some(_) => {}
        }
    }
    for s in added {
        out.push(
            Class::Additive,
            format!("server `{}` added ({})", s.variant, s.url),
            "a new `Server` variant; `Server` is `#[non_exhaustive]`",
        );
    }
    if (&o.description, &o.docs_url) != (&n.description, &n.docs_url) {
        out.push(
            Class::DocsOnly,
            "servers description changed".into(),
            "docs only",
        );
    }
}

fn auth(out: &mut Out<'_>, o: &Auth, n: &Auth) {
    for old in &o.schemes {
        match n.schemes.iter().find(|s| s.name == old.name) {
            None => out.push(
                Class::Breaking,
                format!("security scheme `{}` removed", old.name),
                "`Credentials` loses its constructors and the scheme's constant is gone",
            ),
            Some(new)
                if (old.placement == Placement::Basic) != (new.placement == Placement::Basic) =>
            {
                out.push(
                    Class::Breaking,
                    format!(
                        "security scheme `{}`: a token ↔ a user and password",
                        old.name
                    ),
                    "its `Credentials` constructors take other arguments",
                )
            }
            Some(new) if new.placement != old.placement => out.push(
                Class::DocsOnly,
                format!(
                    "security scheme `{}` sent as {} → {}",
                    old.name,
                    placement_text(&old.placement),
                    placement_text(&new.placement)
                ),
                "requests carry the secret differently; no public API changes",
            ),
            Some(new) if (&new.description, &new.kind) != (&old.description, &old.kind) => out
                .push(
                    Class::DocsOnly,
                    format!("security scheme `{}`: docs changed", old.name),
                    "docs only",
                ),
            Some(_) => {}
        }
    }
    for new in &n.schemes {
        if !o.schemes.iter().any(|s| s.name == new.name) {
            out.push(
                Class::Additive,
                format!("security scheme `{}` added", new.name),
                "new `Credentials` constructors",
            );
        }
    }
    if (&o.description, &o.methods, &o.token_types) != (&n.description, &n.methods, &n.token_types)
    {
        out.push(
            Class::DocsOnly,
            "auth description changed".into(),
            "docs only",
        );
    }
}

/// The caller's inputs of a token request's form, as a constructor takes
/// them: each parameter's name and, for closed values, its enum.
fn form_inputs(fields: &[FormField]) -> Vec<(&str, Option<String>)> {
    fields
        .iter()
        .filter_map(|f| match &f.value {
            FieldValue::Fixed(_) => None,
            FieldValue::Text { .. } => Some((f.rust_name.as_str(), None)),
            FieldValue::Choice {
                type_name, values, ..
            } => Some((f.rust_name.as_str(), Some(format!("{type_name}{values:?}")))),
        })
        .collect()
}

/// What decides the parameters `oauth::Refresh::new` takes.
fn refresh_params(o: &OAuth) -> (bool, bool, Vec<(&str, Option<String>)>) {
    let per_server = matches!(o.endpoint, TokenEndpoint::PerServer(_));
    (per_server, o.rotates, form_inputs(&o.fields))
}

fn oauth(out: &mut Out<'_>, o: Option<&OAuth>, n: Option<&OAuth>) {
    match (o, n) {
        (None, None) => {}
        (None, Some(_)) => out.push(
            Class::Additive,
            "OAuth token endpoint declared".into(),
            "a new `oauth` module",
        ),
        (Some(_), None) => out.push(
            Class::Breaking,
            "OAuth token endpoint removed".into(),
            "the `oauth` module is gone",
        ),
        (Some(o), Some(n)) => {
            let before = out.changes.len();
            if refresh_params(o) != refresh_params(n) {
                out.push(
                    Class::Breaking,
                    "OAuth refresh takes other arguments".into(),
                    "`oauth::Refresh::new` has another signature (server, fields, or a store for rotating tokens)",
                );
            }
            let kept = |k: &[KeptField]| {
                k.iter()
                    .map(|k| (k.rust_name.clone(), k.server))
                    .collect::<Vec<_>>()
            };
            for (name, server) in kept(&o.keep) {
                if !kept(&n.keep).contains(&(name.clone(), server)) {
                    out.push(
                        Class::Breaking,
                        format!("OAuth answer field `{name}` no longer kept"),
                        "its `Refresh` accessor is gone",
                    );
                }
            }
            let (kept, added) = matched(&o.exchanges, &n.exchanges, |e| &e.type_name);
            for (old, new) in kept {
                match new {
                    None => out.push(
                        Class::Breaking,
                        format!("token exchange `{}` removed", old.type_name),
                        "its type is gone from the `oauth` module",
                    ),
                    Some(new) if form_inputs(&new.fields) != form_inputs(&old.fields) => out.push(
                        Class::Breaking,
                        format!("token exchange `{}` takes other arguments", old.type_name),
                        "its `new` has another signature",
                    ),
                    Some(_) => {}
                }
            }
            for new in added {
                out.push(
                    Class::Additive,
                    format!("token exchange `{}` added", new.type_name),
                    "a new type in the `oauth` module",
                );
            }
            if o != n && out.changes.len() == before {
                out.push(
                    Class::DocsOnly,
                    "OAuth token endpoint changed".into(),
                    "another token URL, lifetime or docs; no public API changes",
                );
            }
        }
    }
}

fn webhooks(out: &mut Out<'_>, o: Option<&Webhooks>, n: Option<&Webhooks>) {
    let (o, n) = match (o, n) {
        (None, None) => return,
        (None, Some(n)) => {
            return out.push(
                Class::Additive,
                format!("webhooks declared ({} events)", n.events.len()),
                "a new `webhooks` module",
            )
        }
        (Some(_), None) => {
            return out.push(
                Class::Breaking,
                "webhooks removed".into(),
                "the `webhooks` module is gone",
            )
        }
        (Some(o), Some(n)) => (o, n),
    };
    let (kept, added) = matched(&o.events, &n.events, |e| &e.variant);
    for (old, new) in kept {
        match new {
            None => out.push(
                Class::Breaking,
                format!("webhook event `{}` removed", old.name),
                "its `Event` variant is gone",
            ),
            Some(new) if new.payload != old.payload => out.push(
                Class::Breaking,
                format!(
                    "webhook event `{}`: payload `{}` → `{}`",
                    old.name,
                    type_text(&old.payload),
                    type_text(&new.payload)
                ),
                "its `Event` variant holds another type",
            ),
            Some(new) if new.value != old.value => out.push(
                Class::DocsOnly,
                format!(
                    "webhook event `{}` told apart by `{}` → `{}`",
                    old.name, old.value, new.value
                ),
                "deliveries are matched by another value; no public API changes",
            ),
            Some(new)
                if (&new.description, &new.docs_url, &new.examples)
                    != (&old.description, &old.docs_url, &old.examples) =>
            {
                out.push(
                    Class::DocsOnly,
                    format!("webhook event `{}`: docs changed", old.name),
                    "docs only",
                )
            }
            Some(_) => {}
        }
    }
    for new in added {
        out.push(
            Class::Additive,
            format!("webhook event `{}` added", new.name),
            "a new `Event` variant (`Event` is `#[non_exhaustive]`)",
        );
    }
    match (&o.signature, &n.signature) {
        (Some(_), None) => out.push(
            Class::Breaking,
            "webhook signatures no longer declared".into(),
            "`Receiver`, `PUBLIC_KEYS` and `SIGNATURE_HEADER` are gone",
        ),
        (None, Some(_)) => out.push(
            Class::Additive,
            "webhook signatures declared".into(),
            "a new `Receiver` that verifies deliveries",
        ),
        (Some(os), Some(ns)) if os.keys != ns.keys || os.header != ns.header => out.push(
            Class::DocsOnly,
            "webhook signing keys or header changed".into(),
            "`Receiver::new` verifies with the new keys; no public API changes",
        ),
        _ => {}
    }
    if (
        &o.discriminator,
        &o.timestamp_field,
        o.window,
        &o.id_field,
        o.max_body,
    ) != (
        &n.discriminator,
        &n.timestamp_field,
        n.window,
        &n.id_field,
        n.max_body,
    ) {
        out.push(
            Class::DocsOnly,
            "webhook checks changed (discriminator, window, replay id or body limit)".into(),
            "deliveries are checked differently; no public API changes",
        );
    }
}

fn placement_text(p: &Placement) -> String {
    match p {
        Placement::Header { name, prefix } if prefix.is_empty() => format!("`{name}: <token>`"),
        Placement::Header { name, prefix } => format!("`{name}: {prefix} <token>`"),
        Placement::Query { name } => format!("query `{name}`"),
        Placement::Cookie { name } => format!("cookie `{name}`"),
        Placement::Basic => "HTTP basic".to_owned(),
    }
}

fn enum_changes(out: &mut Out<'_>, o: &Enum, n: &Enum) {
    let name = bare(&o.rust_name);
    if o.wire_kind != n.wire_kind {
        out.push(
            Class::DocsOnly,
            format!(
                "`{name}` values are {:?} → {:?} on the wire",
                o.wire_kind, n.wire_kind
            ),
            "serde follows; the variants are the same",
        );
    }
    let (kept, added) = matched(&o.values, &n.values, |v| &v.variant);
    for (v, x) in kept {
        match x {
            None => out.push(
                Class::Breaking,
                format!("`{name}` value `{}` removed", v.wire),
                "the variant is gone",
            ),
            Some(x) => {
                if x.wire != v.wire {
                    out.push(
                        Class::DocsOnly,
                        format!(
                            "`{name}::{}` wire value `{}` → `{}`",
                            v.variant, v.wire, x.wire
                        ),
                        "the variant stays; it is sent differently",
                    );
                }
                if x.properties != v.properties
                    || x.description != v.description
                    || x.display != v.display
                {
                    out.push(
                        Class::DocsOnly,
                        format!("`{name}::{}` properties or description changed", v.variant),
                        "accessors return other values; no public API changes",
                    );
                }
            }
        }
    }
    for v in added {
        out.push(
            Class::Additive,
            format!("`{name}` value `{}` added", v.wire),
            "a new variant; the enum is `#[non_exhaustive]`",
        );
    }
    let props = |e: &Enum| {
        e.properties
            .iter()
            .map(|p| (p.rust_name.clone(), p.many))
            .collect::<Vec<_>>()
    };
    let (old_props, new_props) = (props(o), props(n));
    let (kept, added) = matched(&old_props, &new_props, |(p, _)| p);
    for ((p, many), x) in kept {
        match x {
            None => out.push(
                Class::Breaking,
                format!("`{name}` property `{p}` removed"),
                "its accessor is gone",
            ),
            Some((_, m)) if m != many => out.push(
                Class::Breaking,
                format!("`{name}` property `{p}` changed type"),
                "its accessor returns another type",
            ),
            Some(_) => {}
        }
    }
    for (p, _) in added {
        out.push(
            Class::Additive,
            format!("`{name}` property `{p}` added"),
            "a new accessor",
        );
    }
    match (&o.other, &n.other) {
        (Some(_), None) => out.push(
            Class::Breaking,
            format!("`{name}` no longer takes other values"),
            "the open variant is gone, and `from_wire` returns `Option`",
        ),
        (None, Some(_)) => out.push(
            Class::Breaking,
            format!("`{name}` now takes other values"),
            "`from_wire` no longer returns `Option`, and `ALL` and `Copy` are gone",
        ),
        _ => {}
    }
    if (&o.description, &o.docs_url) != (&n.description, &n.docs_url) {
        out.push(
            Class::DocsOnly,
            format!("`{name}` description changed"),
            "docs only",
        );
    }
}

fn union_changes(out: &mut Out<'_>, o: &Union, n: &Union) {
    let name = bare(&o.rust_name);
    if o.tag != n.tag {
        out.push(
            Class::DocsOnly,
            format!("`{name}` told apart by {:?} → {:?}", o.tag, n.tag),
            "decoding follows; the enum is the same",
        );
    }
    let (kept, added) = matched(&o.variants, &n.variants, |v| &v.variant);
    for (v, x) in kept {
        match x {
            None => out.push(
                Class::Breaking,
                format!("`{name}` alternative `{}` removed", v.variant),
                "the variant is gone",
            ),
            Some(x) if x.ty != v.ty => out.push(
                Class::Breaking,
                format!(
                    "`{name}::{}` type `{}` → `{}`",
                    v.variant,
                    type_text(&v.ty),
                    type_text(&x.ty)
                ),
                "the variant holds another type",
            ),
            Some(_) => {}
        }
    }
    for v in added {
        out.push(
            Class::Additive,
            format!("`{name}` alternative `{}` added", v.variant),
            "a new variant of a `#[non_exhaustive]` enum",
        );
    }
    if (&o.description, &o.docs_url) != (&n.description, &n.docs_url) {
        out.push(
            Class::DocsOnly,
            format!("`{name}` description changed"),
            "docs only",
        );
    }
}

fn body_text(body: &Option<Type>) -> String {
    body.as_ref().map_or("no content".to_owned(), type_text)
}

fn data_text(data: &EventData) -> String {
    match data {
        EventData::None => "no data".to_owned(),
        EventData::Text => "string".to_owned(),
        EventData::Json(ty) => type_text(ty),
    }
}

/// An event stream's events (the stream itself coming or going is a change
/// of the response body).
fn stream(out: &mut Out<'_>, o: &EventStream, n: &EventStream) {
    let (kept, added) = matched(&o.events, &n.events, |e| &e.name);
    for (e, x) in kept {
        match x {
            None => out.push(
                Class::Breaking,
                format!("stream event `{}` removed", e.name),
                "its variant of the event enum is gone (the event arrives as `Unknown`)",
            ),
            Some(x) if x.data != e.data || x.variant != e.variant => out.push(
                Class::Breaking,
                format!(
                    "stream event `{}` `{}({})` → `{}({})`",
                    e.name,
                    e.variant,
                    data_text(&e.data),
                    x.variant,
                    data_text(&x.data)
                ),
                "its variant of the event enum has another name or holds another type",
            ),
            Some(_) => {}
        }
    }
    for e in added {
        out.push(
            Class::Additive,
            format!("stream event `{}` added", e.name),
            "a new variant of the `#[non_exhaustive]` event enum (it arrived as `Unknown` before)",
        );
    }
    match (o.resumes, n.resumes) {
        (false, true) => out.push(
            Class::Additive,
            "the stream now resumes".into(),
            "the client reconnects a dropped stream with `Last-Event-ID`",
        ),
        (true, false) => out.push(
            Class::Breaking,
            "the stream no longer resumes".into(),
            "a dropped stream now ends with an error instead of reconnecting",
        ),
        _ => {}
    }
}

/// The successes: what `parse_response` returns, and which statuses it expects.
fn success(out: &mut Out<'_>, o: &Operation, n: &Operation) {
    let statuses = |op: &Operation| op.success.iter().map(|s| s.status).collect::<Vec<_>>();
    match (&o.output, &n.output) {
        (Output::One(a), Output::One(b)) => {
            if a != b {
                out.push(
                    Class::Breaking,
                    format!("response body `{}` → `{}`", body_text(a), body_text(b)),
                    "`send` and `parse_response` return another type",
                );
            }
            let documented = |op: &'_ Operation| {
                op.success
                    .first()
                    .map(|s| s.headers.clone())
                    .unwrap_or_default()
            };
            let (oh, nh) = (&documented(o), &documented(n));
            if oh.is_empty() != nh.is_empty() {
                out.push(
                    Class::Breaking,
                    format!(
                        "response headers {}",
                        if nh.is_empty() {
                            "no longer documented"
                        } else {
                            "now documented"
                        }
                    ),
                    "`Output` becomes / stops being `WithHeaders<body, headers>`",
                );
            } else {
                let (kept, added) = matched(oh, nh, |h| &h.wire);
                for (h, x) in kept {
                    match x {
                        None => out.push(
                            Class::Breaking,
                            format!("response header `{}` removed", h.wire),
                            "its field of the headers struct is gone",
                        ),
                        Some(x) if x.ty != h.ty => out.push(
                            Class::Breaking,
                            format!(
                                "response header `{}` type `{}` → `{}`",
                                h.wire,
                                type_text(&h.ty),
                                type_text(&x.ty)
                            ),
                            "its field has another type",
                        ),
                        Some(_) => {}
                    }
                }
                for h in added {
                    out.push(
                        Class::Additive,
                        format!("response header `{}` added", h.wire),
                        "a new field of the `#[non_exhaustive]` headers struct",
                    );
                }
            }
            if statuses(o) != statuses(n) {
                out.push(
                    Class::DocsOnly,
                    format!("success status {:?} → {:?}", statuses(o), statuses(n)),
                    "`parse_response` expects the new statuses; the output type is the same",
                );
            }
        }
        (Output::One(_), Output::ByStatus) => out.push(
            Class::Breaking,
            "successes now differ by status".into(),
            "`send` and `parse_response` return the output enum, one variant per status",
        ),
        (Output::ByStatus, Output::One(_)) => out.push(
            Class::Breaking,
            "successes no longer differ by status".into(),
            "`send` and `parse_response` return one type instead of the output enum",
        ),
        (Output::ByStatus, Output::ByStatus) => {
            let (kept, added) = matched(&o.success, &n.success, |s| &s.status);
            for (s, x) in kept {
                match x {
                    None => out.push(
                        Class::Breaking,
                        format!("success {} (`{}`) removed", s.status, s.variant),
                        "its variant of the output enum is gone",
                    ),
                    Some(x) if x.body != s.body || x.variant != s.variant => out.push(
                        Class::Breaking,
                        format!(
                            "success {} `{}({})` → `{}({})`",
                            s.status,
                            s.variant,
                            body_text(&s.body),
                            x.variant,
                            body_text(&x.body)
                        ),
                        "the variant of the output enum has another name or holds another type",
                    ),
                    Some(_) => {}
                }
            }
            for s in added {
                out.push(
                    Class::Additive,
                    format!("success {} (`{}`) added", s.status, s.variant),
                    "a new variant of the `#[non_exhaustive]` output enum",
                );
            }
        }
    }
}

fn type_text(t: &Type) -> String {
    match t {
        Type::String => "string".into(),
        Type::Integer => "integer".into(),
        Type::Int32 => "int32".into(),
        Type::Number => "number".into(),
        Type::Boolean => "boolean".into(),
        Type::DateTime => "datetime".into(),
        Type::Date => "date".into(),
        Type::Json => "json".into(),
        Type::File => "file".into(),
        Type::Binary => "binary".into(),
        Type::EventStream(_) => "event stream".into(),
        Type::Enum(n) | Type::Struct(n) | Type::Union(n) => bare(n).to_owned(),
        Type::List(t) => format!("{}[]", type_text(t)),
        Type::Map(t) => format!("map<{}>", type_text(t)),
    }
}

fn struct_changes(out: &mut Out<'_>, o: &Struct, n: &Struct) {
    let name = bare(&o.rust_name);
    let (kept, added) = matched(&o.fields, &n.fields, |f| &f.wire);
    for (f, x) in kept {
        match x {
            None => out.push(
                Class::Breaking,
                format!("`{name}` field `{}` removed", f.wire),
                "the struct field is gone",
            ),
            Some(x) => {
                if x.ty != f.ty {
                    out.push(
                        Class::Breaking,
                        format!(
                            "`{name}.{}` type `{}` → `{}`",
                            f.wire,
                            type_text(&f.ty),
                            type_text(&x.ty)
                        ),
                        "the field has another Rust type",
                    );
                }
                if x.required != f.required {
                    out.push(
                        Class::Breaking,
                        format!(
                            "`{name}.{}` made {}",
                            f.wire,
                            if x.required { "required" } else { "optional" }
                        ),
                        if x.required {
                            "the field's type loses its `Option`"
                        } else {
                            "the field's type becomes `Option`"
                        },
                    );
                }
                if x.required && f.required && x.nullable != f.nullable {
                    out.push(
                        Class::Breaking,
                        format!(
                            "`{name}.{}` {}",
                            f.wire,
                            if x.nullable {
                                "may now be null"
                            } else {
                                "may no longer be null"
                            }
                        ),
                        if x.nullable {
                            "the field's type becomes `Option`"
                        } else {
                            "the field's type loses its `Option`"
                        },
                    );
                }
                // Sent by requests, an optional nullable field is
                // `Option<Nullable<T>>` (left out, `null` or a value).
                if x.three_states(n.request) != f.three_states(o.request) {
                    out.push(
                        Class::Breaking,
                        format!(
                            "`{name}.{}` {}",
                            f.wire,
                            if x.three_states(n.request) {
                                "can now be sent as null"
                            } else {
                                "can no longer be sent as null"
                            }
                        ),
                        if x.three_states(n.request) {
                            "the field's type becomes `Option<Nullable<T>>`"
                        } else {
                            "the field's type loses its `Nullable`"
                        },
                    );
                }
                if x.deprecated != f.deprecated
                    || x.default != f.default
                    || x.constraints != f.constraints
                {
                    out.push(
                        Class::DocsOnly,
                        format!("`{name}.{}` deprecation, default or bounds changed", f.wire),
                        "`#[deprecated]` warns, it does not break; docs follow",
                    );
                }
                if x.rust_name != f.rust_name {
                    out.push(
                        Class::Breaking,
                        format!(
                            "`{name}.{}` renamed in Rust `{}` → `{}`",
                            f.wire,
                            bare(&f.rust_name),
                            bare(&x.rust_name)
                        ),
                        "the struct field has another name",
                    );
                }
                if (&x.description, &x.example) != (&f.description, &f.example) {
                    out.push(
                        Class::DocsOnly,
                        format!("`{name}.{}` description changed", f.wire),
                        "docs only",
                    );
                }
            }
        }
    }
    for f in added {
        let what = format!(
            "`{name}` field `{}` added ({}{})",
            f.wire,
            type_text(&f.ty),
            if f.required { ", required" } else { "" }
        );
        if n.request && f.required {
            out.push(
                Class::Breaking,
                what,
                "requests send the struct: its `new` takes one more argument",
            );
        } else {
            out.push(
                Class::Additive,
                what,
                "a new public field; the struct is `#[non_exhaustive]`, built only by `new` (required fields) if at all",
            );
        }
    }
    match (&o.additional, &n.additional) {
        (None, Some(_)) => out.push(
            Class::Additive,
            format!("`{name}` keeps its other keys (`additional`)"),
            "a new public field of a `#[non_exhaustive]` struct",
        ),
        (Some(_), None) => out.push(
            Class::Breaking,
            format!("`{name}` no longer keeps its other keys"),
            "the field `additional` is gone",
        ),
        (Some(a), Some(b)) if a != b => out.push(
            Class::Breaking,
            format!(
                "`{name}.additional` type `{}` → `{}`",
                type_text(a),
                type_text(b)
            ),
            "the map holds another type",
        ),
        _ => {}
    }
    if o.request != n.request {
        let (class, what, why) = if n.request {
            (Class::Additive, "now sent in requests", "it gains `new`")
        } else {
            (
                Class::Breaking,
                "no longer sent in requests",
                "its `new` is gone",
            )
        };
        out.push(class, format!("`{name}` {what}"), why);
    }
    if (&o.description, &o.docs_url) != (&n.description, &n.docs_url) {
        out.push(
            Class::DocsOnly,
            format!("`{name}` description changed"),
            "docs only",
        );
    }
}

fn location(i: &Input) -> &'static str {
    i.location.noun()
}

/// Every settable input of an operation, with the alternative it belongs to.
fn all_inputs(op: &Operation) -> Vec<(Option<&str>, &Input)> {
    let mut v: Vec<(Option<&str>, &Input)> = op.inputs.iter().map(|i| (None, i)).collect();
    if let Some(o) = &op.one_of {
        for a in &o.alternatives {
            for i in std::iter::once(&a.selector).chain(&a.optional) {
                v.push((Some(a.variant.as_str()), i));
            }
        }
    }
    v
}

/// An input with the `one_of` alternative it belongs to, if any.
type AltInput<'a> = (Option<&'a str>, &'a Input);
/// Each old input with its new counterpart, and the new inputs without one.
type Paired<'a> = (
    Vec<(&'a AltInput<'a>, Option<&'a AltInput<'a>>)>,
    Vec<&'a AltInput<'a>>,
);

/// Inputs paired by wire name and place; an input without a counterpart in
/// its place pairs with one of its wire name elsewhere (a move), unless that
/// one has its own counterpart: a query `type` and a body field `type` are
/// two inputs, not one that moved.
fn matched_inputs<'a>(old: &'a [AltInput<'a>], new: &'a [AltInput<'a>]) -> Paired<'a> {
    let exact = |a: &AltInput<'_>, b: &AltInput<'_>| {
        a.0 == b.0 && a.1.wire == b.1.wire && a.1.location == b.1.location
    };
    let moved = |a: &AltInput<'_>, b: &AltInput<'_>| a.0 == b.0 && a.1.wire == b.1.wire;
    let has_exact_in = |x: &AltInput<'_>, side: &[AltInput<'_>]| side.iter().any(|y| exact(x, y));
    let kept: Vec<_> = old
        .iter()
        .map(|o| {
            let pair = new.iter().find(|n| exact(o, n)).or_else(|| {
                new.iter()
                    .find(|n| moved(o, n) && !has_exact_in(n, old) && !has_exact_in(o, new))
            });
            (o, pair)
        })
        .collect();
    let added = new
        .iter()
        .filter(|n| {
            !kept
                .iter()
                .any(|(_, k)| k.is_some_and(|k| std::ptr::eq(k, *n)))
        })
        .collect();
    (kept, added)
}

/// An operation, with its API's base path (its own is said where it is
/// not the API's).
fn operation(out: &mut Out<'_>, (o, o_api): (&Operation, &str), (n, n_api): (&Operation, &str)) {
    // The API's base path changing is said once, for the API; an
    // operation's own is said here.
    let own = |op: &Operation, api_base: &str| {
        if op.base_path == api_base {
            String::new()
        } else {
            op.base_path.clone()
        }
    };
    let (o_base, n_base) = (own(o, o_api), own(n, n_api));
    if (&o.method, &o_base, &o.path_template) != (&n.method, &n_base, &n.path_template) {
        out.push(
            Class::DocsOnly,
            format!(
                "endpoint `{} {o_base}{}` → `{} {n_base}{}`",
                o.method, o.path_template, n.method, n.path_template
            ),
            "requests go to the new endpoint; inputs are compared separately",
        );
    }
    let old_inputs = all_inputs(o);
    let new_inputs = all_inputs(n);
    let (kept, added) = matched_inputs(&old_inputs, &new_inputs);
    for ((alt, i), x) in kept {
        let place = alt
            .map(|a| format!(" of the `{a}` alternative"))
            .unwrap_or_default();
        match x {
            None => out.push(
                Class::Breaking,
                format!("{} `{}`{place} removed", location(i), i.wire),
                "its builder setter and request field are gone",
            ),
            Some((_, x)) => input_changes(out, i, x, &place),
        }
    }
    for (alt, i) in added {
        let place = alt
            .map(|a| format!(" of the `{a}` alternative"))
            .unwrap_or_default();
        let in_new_alternative = alt.is_some_and(|a| {
            !o.one_of
                .as_ref()
                .is_some_and(|oo| oo.alternatives.iter().any(|x| x.variant == a))
        });
        if in_new_alternative {
            continue; // reported with the alternative
        }
        if i.required && alt.is_none() {
            out.push(
                Class::Breaking,
                format!("new required {} `{}`", location(i), i.wire),
                "the builder needs a new input: `build()` no longer compiles without it",
            );
        } else if i.required {
            out.push(
                Class::Breaking,
                format!(
                    "the `{}` alternative now needs {} `{}`",
                    alt.unwrap_or_default(),
                    location(i),
                    i.wire
                ),
                "the alternative's selector changed",
            );
        } else {
            out.push(
                Class::Additive,
                format!("new optional {} `{}`{place}", location(i), i.wire),
                "a new builder setter; requests without it still build",
            );
        }
    }
    // Fixed values: sent by the generated code, not settable.
    let (kept, added) = matched(&o.fixed, &n.fixed, |f| (f.location, &f.wire));
    for (f, x) in kept {
        let (noun, name, value) = (f.location.noun(), &f.wire, &f.value);
        match x {
            Some(x) if &x.value != value => out.push(
                Class::DocsOnly,
                format!("fixed {noun} `{name}: {value}` → `{name}: {}`", x.value),
                "the generated code sends the new value; nothing to change",
            ),
            Some(_) => {}
            None if n
                .inputs
                .iter()
                .any(|i| &i.wire == name && i.location == f.location) =>
            {
                out.push(
                    Class::Breaking,
                    format!("{noun} `{name}` is no longer fixed to `{value}`"),
                    "it becomes an input of the builder",
                )
            }
            None => out.push(
                Class::DocsOnly,
                format!("fixed {noun} `{name}: {value}` removed"),
                "the generated code stops sending it",
            ),
        }
    }
    for f in added {
        let (noun, name, value) = (f.location.noun(), &f.wire, &f.value);
        if o.inputs
            .iter()
            .any(|i| &i.wire == name && i.location == f.location)
        {
            out.push(
                Class::Breaking,
                format!("{noun} `{name}` is now fixed to `{value}`"),
                "its builder setter is gone; the generated code sends it",
            );
        } else {
            out.push(
                Class::DocsOnly,
                format!("fixed {noun} `{name}: {value}` added"),
                "the generated code sends it; nothing to change",
            );
        }
    }
    if o.servers != n.servers {
        out.push(
            Class::DocsOnly,
            "hosts of its own changed".into(),
            "requests go to the new hosts; `Server` is the same",
        );
    }
    if (o.body, &o.media_type) != (n.body, &n.media_type) {
        out.push(
            Class::DocsOnly,
            format!(
                "body `{}` → `{}`",
                o.media_type.as_deref().unwrap_or("none"),
                n.media_type.as_deref().unwrap_or("none")
            ),
            "the generated code encodes the inputs the new way; inputs are compared one by one",
        );
    }
    body_required(out, o, n);
    one_of(out, o, n);
    if o.scopes != n.scopes {
        out.push(
            Class::DocsOnly,
            format!(
                "scopes `{}` → `{}`",
                o.scopes.as_ref().map_or("none".to_owned(), scope_text),
                n.scopes.as_ref().map_or("none".to_owned(), scope_text)
            ),
            "`REQUIRED_SCOPES` and `check_scopes` follow; tokens may need other grants",
        );
    }
    if o.auth != n.auth {
        let text = |a: &OperationAuth| match a {
            OperationAuth::None => "no credentials".to_owned(),
            OperationAuth::Signed {
                alternatives,
                token_types,
            } => {
                let alternatives: Vec<String> = alternatives
                    .iter()
                    .map(|alt| match alt.as_slice() {
                        [] => "none".to_owned(),
                        schemes => schemes.join(" + "),
                    })
                    .collect();
                let mut text = alternatives.join(" or ");
                if !token_types.is_empty() {
                    text.push_str(&format!(" ({})", token_types.join(" or ")));
                }
                text
            }
        };
        out.push(
            Class::DocsOnly,
            format!("auth {} → {}", text(&o.auth), text(&n.auth)),
            "`SECURITY` and `TOKEN_TYPES` follow; the client signs with other credentials, or none",
        );
    }
    if o.deprecated != n.deprecated {
        out.push(
            Class::DocsOnly,
            match &n.deprecated {
                Some(note) => format!("deprecated: {note}"),
                None => "no longer deprecated".to_owned(),
            },
            "`#[deprecated]` warns, it does not break",
        );
    }
    success(out, o, n);
    if let (Some(os), Some(ns)) = (&o.stream, &n.stream) {
        stream(out, os, ns);
    }
    errors(out, &o.errors, &n.errors);
    pagination(out, o.pagination.as_ref(), n.pagination.as_ref());
    if (&o.summary, &o.description, &o.docs_url, &o.samples)
        != (&n.summary, &n.description, &n.docs_url, &n.samples)
    {
        out.push(
            Class::DocsOnly,
            "description or samples changed".into(),
            "docs only",
        );
    }
}

fn pagination(out: &mut Out<'_>, o: Option<&Pagination>, n: Option<&Pagination>) {
    match (o, n) {
        (None, None) => {}
        (None, Some(_)) => out.push(
            Class::Additive,
            "pagination declared".into(),
            "the request implements `Paginated` and `Clone`: `Client::pages` and `items` work",
        ),
        (Some(_), None) => out.push(
            Class::Breaking,
            "pagination removed".into(),
            "the request no longer implements `Paginated` (nor `Clone`)",
        ),
        (Some(o), Some(n)) if o.item != n.item => out.push(
            Class::Breaking,
            "paginated item type changed".into(),
            "`Paginated::Item`, and what `Client::items` yields, is another type",
        ),
        (Some(o), Some(n)) if o != n => out.push(
            Class::DocsOnly,
            "pagination style, parameters or fields changed".into(),
            "the next page is asked for differently; the API is the same",
        ),
        (Some(_), Some(_)) => {}
    }
}

fn input_changes(out: &mut Out<'_>, o: &Input, n: &Input, place: &str) {
    let what = format!("{} `{}`{place}", location(o), o.wire);
    if o.constraints != n.constraints || o.default != n.default || o.joined != n.joined {
        out.push(
            Class::DocsOnly,
            format!("{what} bounds, default or list format changed"),
            "the checks before sending and the docs follow; the setter is the same",
        );
    }
    if o.ty != n.ty || o.file_types != n.file_types {
        out.push(
            Class::Breaking,
            format!(
                "{what} type `{}` → `{}`",
                type_text(&o.ty),
                type_text(&n.ty)
            ),
            "its setter takes another type",
        );
    }
    if o.required != n.required && o.location == ParamLocation::WholeBody {
        if n.required {
            out.push(
                Class::Breaking,
                "body made required".into(),
                "the builder needs `.body(..)`: `build()` no longer compiles without it",
            );
        } else {
            out.push(
                Class::Breaking,
                "body made optional".into(),
                "the request field `body` becomes `Option`, and the builder's type loses its slot; calls giving `.body(..)` still compile",
            );
        }
    } else if o.required != n.required {
        if n.required {
            out.push(
                Class::Breaking,
                format!("{what} made required"),
                "the builder needs it: `build()` no longer compiles without it",
            );
        } else {
            out.push(
                Class::Breaking,
                format!("{what} made optional"),
                "the request field becomes `Option`; builder calls still compile",
            );
        }
    }
    if o.nullable != n.nullable {
        if n.nullable {
            out.push(
                Class::Breaking,
                format!("{what} may now be sent as null"),
                "the request field becomes `Nullable` (in an `Option` when optional); builder calls still compile, and `<name>_null()` is new",
            );
        } else {
            out.push(
                Class::Breaking,
                format!("{what} may no longer be sent as null"),
                "its `<name>_null()` setter is gone and the request field loses its `Nullable`",
            );
        }
    }
    if o.rust_name != n.rust_name {
        out.push(
            Class::Breaking,
            format!(
                "{what} renamed in Rust `{}` → `{}`",
                bare(&o.rust_name),
                bare(&n.rust_name)
            ),
            "its setter and field have another name",
        );
    }
    if o.location != n.location {
        out.push(
            Class::DocsOnly,
            format!("{what} moved to the {}", location(n)),
            "the generated code sends it in the new place",
        );
    }
    if o.allowed != n.allowed {
        out.push(
            Class::DocsOnly,
            format!("{what} allowed values changed"),
            "docs only; values are checked by the vendor",
        );
    }
    if (&o.description, &o.example) != (&n.description, &n.example) {
        out.push(
            Class::DocsOnly,
            format!("{what} description changed"),
            "docs only",
        );
    }
}

/// A body of fields made optional or required (`body.required`); a whole
/// body's is its input's change (`input_changes`).
fn body_required(out: &mut Out<'_>, o: &Operation, n: &Operation) {
    let whole = |op: &Operation| {
        op.inputs
            .iter()
            .any(|i| i.location == ParamLocation::WholeBody)
    };
    if o.body_required == n.body_required
        || o.body == Body::None
        || n.body == Body::None
        || whole(o)
        || whole(n)
    {
        return;
    }
    if n.body_required {
        out.push(
            Class::DocsOnly,
            "body made required".into(),
            "it is sent on every request, empty when none of its inputs is set; the builder and request are the same",
        );
    } else {
        out.push(
            Class::DocsOnly,
            "body made optional".into(),
            "it is sent only when one of its inputs is set (its inputs are all optional); the builder and request are the same",
        );
    }
}

fn one_of(out: &mut Out<'_>, o: &Operation, n: &Operation) {
    match (&o.one_of, &n.one_of) {
        (None, None) => {}
        (Some(a), None) => out.push(
            Class::Breaking,
            format!("the choice `{}` removed", bare(&a.rust_name)),
            "its selectors, content enum and alternative types are gone",
        ),
        (None, Some(b)) => out.push(
            Class::Breaking,
            format!("new required choice `{}`", bare(&b.rust_name)),
            "the builder needs one of its alternatives",
        ),
        (Some(a), Some(b)) => {
            let (kept, added) = matched(&a.alternatives, &b.alternatives, |x| &x.variant);
            for (alt, _) in kept.into_iter().filter(|(_, x)| x.is_none()) {
                out.push(
                    Class::Breaking,
                    format!("alternative `{}` removed", alt.variant),
                    "its selector and type are gone",
                );
            }
            for alt in added {
                out.push(
                    Class::Additive,
                    format!(
                        "alternative `{}` added (set with `{}`)",
                        alt.variant,
                        bare(&alt.selector.rust_name)
                    ),
                    "a new selector; the content enum is `#[non_exhaustive]`",
                );
            }
        }
    }
}

fn scope_text(e: &ScopeExpr) -> String {
    match e {
        ScopeExpr::Scope(s) => s.text.clone(),
        ScopeExpr::AllOf(l) => format!(
            "({})",
            l.iter().map(scope_text).collect::<Vec<_>>().join(" AND ")
        ),
        ScopeExpr::AnyOf(l) => format!(
            "({})",
            l.iter().map(scope_text).collect::<Vec<_>>().join(" OR ")
        ),
    }
}

fn errors(out: &mut Out<'_>, o: &Errors, n: &Errors) {
    if o.by != n.by {
        out.push(
            Class::DocsOnly,
            format!("errors now told apart by {:?} instead of {:?}", n.by, o.by),
            "`parse_response` matches differently; variants are compared separately",
        );
    }
    let (kept, added) = matched(&o.variants, &n.variants, |v| &v.variant);
    for (v, x) in kept {
        let label = v.code.clone().unwrap_or_else(|| v.status.to_string());
        match x {
            None => out.push(
                Class::Breaking,
                format!("error `{label}` removed"),
                "its variant is gone from the error enum",
            ),
            Some(x) => {
                if x.body != v.body {
                    out.push(
                        Class::Breaking,
                        format!(
                            "error `{label}` body `{}` → `{}`",
                            v.body.as_ref().map_or("no body".to_owned(), type_text),
                            x.body.as_ref().map_or("no body".to_owned(), type_text)
                        ),
                        "the variant's `body` has another type",
                    );
                }
                if x.status != v.status {
                    out.push(
                        Class::DocsOnly,
                        format!(
                            "error `{label}` status {} → {}",
                            status_text(v.status),
                            status_text(x.status)
                        ),
                        "the variant stays; docs and matching follow",
                    );
                }
                if x.cases != v.cases || x.example != v.example {
                    out.push(
                        Class::DocsOnly,
                        format!("error `{label}` message or resolution changed"),
                        "docs only",
                    );
                }
            }
        }
    }
    for v in added {
        let label = v.code.clone().unwrap_or_else(|| v.status.to_string());
        out.push(
            Class::Additive,
            format!("error `{label}` added ({})", status_text(v.status)),
            "a new variant; error enums are `#[non_exhaustive]`",
        );
    }
}

/// An error's statuses, in a report: `HTTP 404`, `HTTP 4XX`, `any status
/// documented nowhere else`.
fn status_text(status: ErrorStatus) -> String {
    match status {
        ErrorStatus::Default => "any status documented nowhere else".to_owned(),
        other => format!("HTTP {other}"),
    }
}
