//! `apigen diff --sources`: drift between two descriptions of one API from
//! different sources (the vendor's reference pages and its OpenAPI file).
//! Operations are paired by method and path, placeholders compared by
//! position, not name; for each pair, what each source says that the other
//! lacks: inputs (and requiredness), body fields, response fields (nested),
//! error statuses. Operations that cannot be paired get a line each.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, ErrorStatus, Operation, ParamLocation, Type};

/// One difference between the sources.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Drift {
    /// `POST /conversations/messages/upload`.
    pub endpoint: String,
    /// The operation's name in each source (`None`: not in that source).
    pub a: Option<String>,
    pub b: Option<String>,
    /// `operation`, `input`, `body field`, `response field` or `error status`.
    pub kind: String,
    /// The input, field path (`a.b`) or status; empty for an operation.
    pub name: String,
    /// `only in <A>`, `only in <B>`, `required in <A>, optional in <B>`...
    pub what: String,
}

/// The pairing key: method and path, each placeholder written `{}`.
fn key(api: &Api, op: &Operation) -> String {
    let full = format!(
        "{}{}",
        api.base_path.trim_end_matches('/'),
        op.path_template
    );
    let mut path = String::new();
    let mut depth = 0;
    for c in full.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    path.push_str("{}");
                }
                depth += 1;
            }
            '}' => depth -= 1,
            _ if depth == 0 => path.push(c),
            _ => {}
        }
    }
    let path = path.trim_end_matches('/');
    format!(
        "{} {}",
        op.method.as_str(),
        if path.is_empty() { "/" } else { path }
    )
}

type Facts = BTreeMap<(String, String), bool>;

/// What one operation says: (kind, name) → required.
fn facts(api: &Api, op: &Operation) -> Facts {
    let mut out = Facts::new();
    for input in &op.inputs {
        let kind = match input.location {
            ParamLocation::Path | ParamLocation::WholeBody => continue,
            ParamLocation::Query | ParamLocation::Header => "input",
            ParamLocation::Form | ParamLocation::Body => "body field",
        };
        out.insert((kind.to_owned(), input.wire.clone()), input.required);
    }
    if let Some(body) = op.success.iter().find_map(|s| s.body.as_ref()) {
        fields(api, body, "", &mut out, 0);
    }
    for v in &op.errors.variants {
        let status = match v.status {
            ErrorStatus::Exact(s) => s.to_string(),
            ErrorStatus::Class(c) => format!("{c}XX"),
            ErrorStatus::Default => "default".to_owned(),
        };
        out.insert(("error status".to_owned(), status), true);
    }
    out
}

fn fields(api: &Api, ty: &Type, prefix: &str, out: &mut Facts, depth: usize) {
    if depth > 8 {
        return;
    }
    match ty {
        Type::List(inner) => fields(api, inner, &format!("{prefix}[]"), out, depth + 1),
        Type::Struct(name) => {
            let Some(s) = api.structs.iter().find(|s| &s.rust_name == name) else {
                return;
            };
            for f in &s.fields {
                let path = if prefix.is_empty() {
                    f.wire.clone()
                } else {
                    format!("{prefix}.{}", f.wire)
                };
                out.insert(("response field".to_owned(), path.clone()), f.required);
                fields(api, &f.ty, &path, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Every drift between source `a` (labelled `label_a`) and `b`.
pub fn sources(a: &[Api], b: &[Api], label_a: &str, label_b: &str) -> Vec<Drift> {
    let index = |apis: &[Api]| -> BTreeMap<String, (Facts, String)> {
        let mut map = BTreeMap::new();
        for api in apis {
            for op in &api.operations {
                map.entry(key(api, op))
                    .or_insert_with(|| (facts(api, op), op.rust_name.clone()));
            }
        }
        map
    };
    let (ia, ib) = (index(a), index(b));
    let endpoints: BTreeSet<&String> = ia.keys().chain(ib.keys()).collect();
    let mut out = Vec::new();
    for endpoint in endpoints {
        let drift =
            |a: Option<&String>, b: Option<&String>, kind: &str, name: &str, what: String| Drift {
                endpoint: endpoint.clone(),
                a: a.cloned(),
                b: b.cloned(),
                kind: kind.to_owned(),
                name: name.to_owned(),
                what,
            };
        match (ia.get(endpoint), ib.get(endpoint)) {
            (Some((fa, na)), Some((fb, nb))) => {
                let names: BTreeSet<&(String, String)> = fa.keys().chain(fb.keys()).collect();
                for k in names {
                    let req = |r: bool| if r { "required" } else { "optional" };
                    let what = match (fa.get(k), fb.get(k)) {
                        (Some(_), None) if k.0 == "error status" => format!("only in {label_a}"),
                        (None, Some(_)) if k.0 == "error status" => format!("only in {label_b}"),
                        (Some(&r), None) => format!("only in {label_a} ({})", req(r)),
                        (None, Some(&r)) => format!("only in {label_b} ({})", req(r)),
                        (Some(&ra), Some(&rb)) if ra != rb => {
                            format!("{} in {label_a}, {} in {label_b}", req(ra), req(rb))
                        }
                        _ => continue,
                    };
                    out.push(drift(Some(na), Some(nb), &k.0, &k.1, what));
                }
            }
            (Some((_, na)), None) => out.push(drift(
                Some(na),
                None,
                "operation",
                "",
                format!("only in {label_a}: no operation of {label_b} has this method and path"),
            )),
            (None, Some((_, nb))) => out.push(drift(
                None,
                Some(nb),
                "operation",
                "",
                format!("only in {label_b}: no operation of {label_a} has this method and path"),
            )),
            (None, None) => {}
        }
    }
    out
}

/// One line per drift, paired operations first.
pub fn render_text(drifts: &[Drift], label_a: &str, label_b: &str) -> String {
    let paired = drifts.iter().filter(|d| d.kind != "operation").count();
    let mut out = format!(
        "**{} difference{}** between {label_a} and {label_b}: {paired} in paired operations, {} unpaired operation{}.\n",
        drifts.len(),
        if drifts.len() == 1 { "" } else { "s" },
        drifts.len() - paired,
        if drifts.len() - paired == 1 { "" } else { "s" },
    );
    let mut last = None;
    for d in drifts.iter().filter(|d| d.kind != "operation") {
        if last != Some(&d.endpoint) {
            out.push_str(&format!(
                "\n### `{}` ({label_a}: `{}`, {label_b}: `{}`)\n\n",
                d.endpoint,
                d.a.as_deref().unwrap_or_default(),
                d.b.as_deref().unwrap_or_default()
            ));
            last = Some(&d.endpoint);
        }
        out.push_str(&format!("- {} `{}`: {}\n", d.kind, d.name, d.what));
    }
    let unpaired: Vec<&Drift> = drifts.iter().filter(|d| d.kind == "operation").collect();
    if !unpaired.is_empty() {
        out.push_str("\n### Unpaired operations\n\n");
        for d in unpaired {
            let name = d.a.as_deref().or(d.b.as_deref()).unwrap_or_default();
            out.push_str(&format!("- `{}` (`{name}`): {}\n", d.endpoint, d.what));
        }
    }
    out
}

/// `{"sources": [A, B], "summary": {...}, "drift": [...]}`.
pub fn render_json(drifts: &[Drift], label_a: &str, label_b: &str) -> String {
    let unpaired = drifts.iter().filter(|d| d.kind == "operation").count();
    let value = serde_json::json!({
        "sources": [label_a, label_b],
        "summary": {"paired": drifts.len() - unpaired, "unpaired_operations": unpaired},
        "drift": drifts,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
