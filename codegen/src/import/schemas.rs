//! OpenAPI schemas → our type expressions (`string`, `Note[]`,
//! `map<integer>`, a schema's name), declaring the enums, schemas and unions
//! they need: component schemas under their own names, inline ones named
//! after where they are (`SendMessageBodyAttachments`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::documents::{token, Documents, Target};
use super::markdown::description_in;
use super::report::{Kind, Report};
use super::Origin;
use crate::naming::camel;

/// How deep inline schemas may nest before the rest becomes `json`.
const MAX_DEPTH: usize = 32;
/// How many schema nodes one import converts at most: refs to places that
/// are not components are converted where they are used, so a hostile file
/// could make the work exponential; past this, types are `json`.
const MAX_STEPS: usize = 200_000;

/// A declared type of the imported API.
#[derive(Debug, Clone)]
pub struct Declared {
    /// `enums` or `schemas`.
    pub section: &'static str,
    /// Our spec entry.
    pub spec: Value,
    /// The group (input file index) it belongs to; `None`: shared.
    pub group: Option<usize>,
    /// Where the vendor declares it: document index and JSON pointer.
    pub origin: (usize, String),
}

/// A converted type: its expression and whether `null` is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Ty {
    pub expr: String,
    pub nullable: bool,
}

impl Ty {
    fn of(expr: impl Into<String>) -> Ty {
        Ty {
            expr: expr.into(),
            nullable: false,
        }
    }
}

/// Where a schema is used: decides `file` (request) or `binary` (response)
/// for `format: binary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// The importer's state: documents, the report, and every type declared.
pub struct Types {
    pub docs: Documents,
    pub report: Report,
    /// What the documents are (for the words written where they say nothing).
    pub origin: Origin,
    /// Input files (document indexes) that are groups.
    pub groups: Vec<usize>,
    /// Declared types by spec name, in name order.
    pub declared: BTreeMap<String, Declared>,
    /// Component schemas already named.
    named: BTreeMap<Target, String>,
    /// Names taken (declared or being declared).
    taken: BTreeSet<String>,
    /// Schema nodes converted so far (see [`MAX_STEPS`]).
    steps: usize,
    /// Refs to places that are not components, converted once each: refs
    /// that fan out (two refs to the next schema, forty deep) stay linear.
    inline_refs: BTreeMap<Target, Ty>,
    /// Unions that turned out to have fewer than two distinct alternatives:
    /// their name → the one type they are (`json` for none). References
    /// made before that was known are rewritten at the end
    /// ([`Types::aliases`]).
    aliases: BTreeMap<String, String>,
}

/// The fields of an object schema marked `required: true` on themselves, as
/// JSON Schema draft 3 said it (OpenAPI lists them in the object's
/// `required`).
pub fn marked_required(obj: &Map<String, Value>) -> impl Iterator<Item = &str> {
    obj.get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, field)| field.get("required") == Some(&Value::Bool(true)))
        .map(|(name, _)| name.as_str())
}

impl Types {
    pub fn new(docs: Documents, groups: Vec<usize>, origin: Origin) -> Types {
        Types {
            docs,
            origin,
            report: Report::default(),
            groups,
            declared: BTreeMap::new(),
            named: BTreeMap::new(),
            taken: BTreeSet::new(),
            steps: 0,
            inline_refs: BTreeMap::new(),
            aliases: BTreeMap::new(),
        }
    }

    /// Resolves a `$ref` written in document `doc` at `at` (dangling ones
    /// are reported).
    pub fn resolve(&mut self, doc: usize, reference: &str, at: &str) -> Option<Target> {
        self.docs.resolve(doc, reference, at, &mut self.report)
    }

    /// `value` itself, or what its `$ref` leads to (`None` when it leads
    /// nowhere, reported). `at` is where `value` is.
    pub fn follow(&mut self, doc: usize, value: &Value, at: &str) -> Option<Value> {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let target = self.resolve(doc, r, &format!("{at}/$ref"))?;
                self.docs.get(&target).cloned()
            }
            None => Some(value.clone()),
        }
    }

    /// The unions read as their one alternative, name → type expression.
    pub fn aliases(&self) -> &BTreeMap<String, String> {
        &self.aliases
    }

    /// `name`, or what it stands for when it was a union of one alternative.
    fn resolved(&self, name: &str) -> String {
        self.aliases
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    }

    pub fn note(&mut self, doc: usize, at: &str, kind: Kind, message: String) {
        let path = self.docs.docs[doc].path.clone();
        self.report.add(&path, at, kind, message);
    }

    /// A name not yet taken: `base`, else `base2`, `base3`...
    pub fn fresh(&mut self, base: &str) -> String {
        let base = camel(base);
        let base = crate::naming::bare(&base).to_owned();
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    fn declare(&mut self, name: &str, section: &'static str, spec: Value, doc: usize, at: &str) {
        // Declared in a group's own file: that group's; else shared.
        let group = self.groups.contains(&doc).then_some(doc);
        self.declared.insert(
            name.to_owned(),
            Declared {
                section,
                spec,
                group,
                origin: (doc, at.to_owned()),
            },
        );
    }

    /// The type of the schema at `at` in document `doc`. `hint` names what
    /// an inline enum, object or union is declared as.
    pub fn ty(&mut self, doc: usize, at: &str, schema: &Value, hint: &str, dir: Direction) -> Ty {
        self.ty_depth(doc, at, schema, hint, dir, 0)
    }

    fn ty_depth(
        &mut self,
        doc: usize,
        at: &str,
        schema: &Value,
        hint: &str,
        dir: Direction,
        depth: usize,
    ) -> Ty {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            if self.steps == MAX_STEPS + 1 {
                self.note(doc, at, Kind::Approximated, format!("more than {MAX_STEPS} schema nodes to convert (refs that fan out): from here on, types are `json`"));
            }
            return Ty::of("json");
        }
        if depth > MAX_DEPTH {
            self.note(
                doc,
                at,
                Kind::Approximated,
                format!("schemas nest deeper than {MAX_DEPTH} levels here; the rest is `json`"),
            );
            return Ty::of("json");
        }
        let Some(obj) = schema.as_object() else {
            if schema != &Value::Bool(true) {
                self.note(
                    doc,
                    at,
                    Kind::Approximated,
                    "a schema that is not an object: read as any JSON (`json`)".to_owned(),
                );
            }
            return Ty::of("json");
        };
        if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
            return self.reference(doc, at, reference, hint, dir, depth);
        }
        let mut nullable = obj.get("nullable") == Some(&Value::Bool(true));
        let mut types: Vec<&str> = match obj.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if types.contains(&"null") {
            nullable = true;
            types.retain(|t| *t != "null");
        }
        let with_nullable = |ty: Ty| Ty {
            nullable: ty.nullable || nullable,
            ..ty
        };
        if let Some(members) = obj.get("allOf").and_then(Value::as_array) {
            let own = obj
                .get("properties")
                .is_some_and(|p| p.as_object().is_some_and(|m| !m.is_empty()));
            if members.len() == 1 && !own {
                let ty = self.ty_depth(
                    doc,
                    &format!("{at}/allOf/0"),
                    &members[0],
                    hint,
                    dir,
                    depth + 1,
                );
                return with_nullable(ty);
            }
            let ty = self.inline(hint, |s, name| {
                s.all_of_named(doc, at, obj, members, name, dir, depth)
            });
            return with_nullable(ty);
        }
        for (key, tagged) in [("oneOf", true), ("anyOf", false)] {
            if let Some(alternatives) = obj.get(key).and_then(Value::as_array) {
                // `[schema, {type: null}]` (OpenAPI 3.1): the schema, nullable.
                let nulls = alternatives.iter().filter(|a| is_null_schema(a)).count();
                if nulls > 0 {
                    let mut rest = obj.clone();
                    let others: Vec<Value> = alternatives
                        .iter()
                        .filter(|a| !is_null_schema(a))
                        .cloned()
                        .collect();
                    rest.insert(key.into(), Value::Array(others));
                    let ty = self.ty_depth(doc, at, &Value::Object(rest), hint, dir, depth + 1);
                    return Ty {
                        nullable: true,
                        ..ty
                    };
                }
                // Alternatives that only list `required` constrain the
                // object around them; they are not types.
                if alternatives.iter().all(is_constraint_only) {
                    let mut rest = obj.clone();
                    rest.remove(key);
                    self.note(doc, &format!("{at}/{key}"), Kind::Repaired, format!("a `{key}` whose alternatives only list required properties: read as the schema around it (which properties are required together is not checked)"));
                    let ty = self.ty_depth(doc, at, &Value::Object(rest), hint, dir, depth + 1);
                    return with_nullable(ty);
                }
                let ty = self.inline(hint, |s, name| {
                    s.union_named(doc, at, obj, key, alternatives, tagged, name, dir, depth)
                });
                return with_nullable(ty);
            }
        }
        if let Some(values) = obj.get("enum").and_then(Value::as_array) {
            let ty = self.inline(hint, |s, name| {
                s.enum_named(doc, at, obj, values, &types, name)
            });
            return with_nullable(ty);
        }
        if types.len() > 1 {
            self.note(
                doc,
                at,
                Kind::Approximated,
                format!(
                    "a value of several types ({}): read as any JSON (`json`)",
                    types.join(", ")
                ),
            );
            return with_nullable(Ty::of("json"));
        }
        let format = obj.get("format").and_then(Value::as_str).unwrap_or("");
        let has_properties = obj
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        let ty = match types.first().copied() {
            Some("string") => match format {
                "date-time" => Ty::of("datetime"),
                "date" => Ty::of("date"),
                "binary" if dir == Direction::Request => Ty::of("file"),
                "binary" => Ty::of("binary"),
                _ => Ty::of("string"),
            },
            Some("integer") => Ty::of(if format == "int32" {
                "int32"
            } else {
                "integer"
            }),
            Some("number") => Ty::of("number"),
            Some("boolean") => Ty::of("boolean"),
            Some("array") => match obj.get("items") {
                Some(items) => {
                    let item = self.ty_depth(
                        doc,
                        &format!("{at}/items"),
                        items,
                        &format!("{hint}Item"),
                        dir,
                        depth + 1,
                    );
                    if item.nullable {
                        self.note(
                            doc,
                            &format!("{at}/items"),
                            Kind::Approximated,
                            "list items may be `null`; read as not null".to_owned(),
                        );
                    }
                    Ty::of(format!("{}[]", item.expr))
                }
                None => {
                    self.note(
                        doc,
                        at,
                        Kind::Approximated,
                        "an array without `items`: a list of any JSON (`json[]`)".to_owned(),
                    );
                    Ty::of("json[]")
                }
            },
            Some("object") | None if has_properties => {
                self.inline(hint, |s, name| s.object(doc, at, obj, name, dir, depth))
            }
            Some("object") | None => match obj.get("additionalProperties") {
                Some(v @ Value::Object(_)) => {
                    let inner = self.ty_depth(
                        doc,
                        &format!("{at}/additionalProperties"),
                        v,
                        &format!("{hint}Value"),
                        dir,
                        depth + 1,
                    );
                    Ty::of(format!("map<{}>", inner.expr))
                }
                _ => Ty::of("json"),
            },
            Some(other) => {
                self.note(
                    doc,
                    at,
                    Kind::Approximated,
                    format!("unknown type `{other}`: read as any JSON (`json`)"),
                );
                Ty::of("json")
            }
        };
        with_nullable(ty)
    }

    fn reference(
        &mut self,
        doc: usize,
        at: &str,
        reference: &str,
        hint: &str,
        dir: Direction,
        depth: usize,
    ) -> Ty {
        let target = self.resolve(doc, reference, &format!("{at}/$ref"));
        let Some(target) = target else {
            return Ty::of("json");
        };
        if let Some(name) = self.named.get(&target) {
            return Ty::of(name.clone());
        }
        let value = self.docs.get(&target).cloned().unwrap_or(Value::Null);
        let component = target
            .pointer
            .strip_prefix("/components/schemas/")
            .filter(|rest| !rest.contains('/'))
            .map(|rest| rest.replace("~1", "/").replace("~0", "~"));
        let Some(component) = component else {
            // A ref into some other place: its schema, converted where it is, once.
            if let Some(ty) = self.inline_refs.get(&target) {
                return ty.clone();
            }
            let pointer = target.pointer.clone();
            let ty = self.ty_depth(target.doc, &pointer, &value, hint, dir, depth + 1);
            self.inline_refs.insert(target, ty.clone());
            return ty;
        };
        // A plain scalar component (`type: string`) is its type, not a name.
        let obj = value.as_object();
        let declares = obj.is_some_and(|o| {
            o.contains_key("enum")
                || o.contains_key("oneOf")
                || o.contains_key("anyOf")
                || o.contains_key("allOf")
                || o.get("properties")
                    .and_then(Value::as_object)
                    .is_some_and(|p| !p.is_empty())
        });
        if !declares {
            return self.ty_depth(
                target.doc,
                &target.pointer.clone(),
                &value,
                &component,
                dir,
                depth + 1,
            );
        }
        // The same name from another file: the same type when identical.
        if let Some((other, name)) = self
            .named
            .iter()
            .find(|(t, n)| {
                crate::naming::bare(&camel(&component)) == n.as_str() && t.doc != target.doc
            })
            .map(|(t, n)| (t.clone(), n.clone()))
        {
            if self.docs.get(&other) == Some(&value) {
                self.named.insert(target, name.clone());
                if let Some(d) = self.declared.get_mut(&name) {
                    d.group = None;
                }
                return Ty::of(name);
            }
            let stem = self.docs.docs[target.doc]
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let renamed = self.fresh(&format!("{stem} {component}"));
            self.note(
                target.doc,
                &target.pointer,
                Kind::DuplicateComponent,
                format!(
                    "`{component}` is also declared, differently, in `{}`: this one is `{renamed}`",
                    self.docs.docs[other.doc].path.display()
                ),
            );
            self.named.insert(target.clone(), renamed.clone());
            self.declare_named(&target, &value, &renamed, dir, depth);
            let resolved = self.resolved(&renamed);
            self.named.insert(target, resolved.clone());
            return Ty::of(resolved);
        }
        let name = self.fresh(&component);
        self.named.insert(target.clone(), name.clone());
        self.declare_named(&target, &value, &name, dir, depth);
        let resolved = self.resolved(&name);
        self.named.insert(target, resolved.clone());
        Ty::of(resolved)
    }

    /// An inline enum, object or union: declared under a fresh name made
    /// from `hint` (where it is: `SendMessageBodyAttachments`).
    fn inline(&mut self, hint: &str, declare: impl FnOnce(&mut Self, &str)) -> Ty {
        let name = self.fresh(hint);
        declare(self, &name);
        Ty::of(self.resolved(&name))
    }

    fn declare_named(
        &mut self,
        target: &Target,
        value: &Value,
        name: &str,
        dir: Direction,
        depth: usize,
    ) {
        let Some(obj) = value.as_object() else { return };
        let (doc, at) = (target.doc, target.pointer.as_str());
        for key in ["oneOf", "anyOf"] {
            if obj.contains_key(key) && real_union(obj, key).is_none() {
                self.note(doc, &format!("{at}/{key}"), Kind::Repaired, format!("a `{key}` whose alternatives only list required properties: read as the schema around it (which properties are required together is not checked)"));
            }
        }
        if let Some(values) = obj.get("enum").and_then(Value::as_array) {
            let types: Vec<&str> = match obj.get("type") {
                Some(Value::String(t)) => vec![t.as_str()],
                _ => Vec::new(),
            };
            self.enum_named(doc, at, obj, values, &types, name);
        } else if let Some(alternatives) = real_union(obj, "oneOf") {
            self.union_named(doc, at, obj, "oneOf", alternatives, true, name, dir, depth);
        } else if let Some(alternatives) = real_union(obj, "anyOf") {
            self.union_named(doc, at, obj, "anyOf", alternatives, false, name, dir, depth);
        } else if let Some(members) = obj.get("allOf").and_then(Value::as_array) {
            self.all_of_named(doc, at, obj, members, name, dir, depth);
        } else {
            self.object(doc, at, obj, name, dir, depth);
        }
    }

    fn description(&self, obj: &Map<String, Value>, name: &str) -> String {
        description_in(obj.get("description")).unwrap_or_else(|| {
            match obj.get("title").and_then(Value::as_str) {
                Some(t) if !t.trim().is_empty() => t.trim().to_owned(),
                _ => format!("`{name}` ({}).", self.origin.no_description()),
            }
        })
    }

    /// Declares schema `name` with its description only, before its fields
    /// or alternatives are converted, so that one naming it back (a
    /// recursive schema) finds it; returns the entry to complete.
    fn declare_early(
        &mut self,
        name: &str,
        obj: &Map<String, Value>,
        doc: usize,
        at: &str,
    ) -> Map<String, Value> {
        let mut spec = Map::new();
        spec.insert("description".into(), json!(self.description(obj, name)));
        self.declare(name, "schemas", Value::Object(spec.clone()), doc, at);
        spec
    }

    /// An object schema with `properties` declared as `name`.
    fn object(
        &mut self,
        doc: usize,
        at: &str,
        obj: &Map<String, Value>,
        name: &str,
        dir: Direction,
        depth: usize,
    ) {
        let mut spec = self.declare_early(name, obj, doc, at);
        let fields = self.fields(doc, at, obj, name, dir, depth);
        spec.insert("fields".into(), Value::Object(fields));
        if let Some(extra @ Value::Object(_)) = obj.get("additionalProperties") {
            let ty = self.ty_depth(
                doc,
                &format!("{at}/additionalProperties"),
                extra,
                &format!("{name}Other"),
                dir,
                depth + 1,
            );
            spec.insert("additional".into(), json!(ty.expr));
        } else if obj.get("additionalProperties") == Some(&Value::Bool(true)) {
            spec.insert("additional".into(), json!("json"));
        }
        self.declare(name, "schemas", Value::Object(spec), doc, at);
    }

    /// The fields of an object schema.
    pub fn fields(
        &mut self,
        doc: usize,
        at: &str,
        obj: &Map<String, Value>,
        owner: &str,
        dir: Direction,
        depth: usize,
    ) -> Map<String, Value> {
        let mut required: BTreeSet<&str> = obj
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Map::new();
        let Some(properties) = obj.get("properties").and_then(Value::as_object) else {
            return fields;
        };
        for key in marked_required(obj) {
            required.insert(key);
            self.note(
                doc,
                &format!("{at}/properties/{}/required", token(key)),
                Kind::Repaired,
                format!("`required: true` on the field `{key}` (JSON Schema draft 3; OpenAPI lists required fields in the object's `required`): read as required"),
            );
        }
        for (key, schema) in properties {
            let field_at = format!("{at}/properties/{}", token(key));
            let ty = self.ty_depth(
                doc,
                &field_at,
                schema,
                &format!("{owner} {key}"),
                dir,
                depth + 1,
            );
            let mut field = self.field(doc, &field_at, schema, &ty);
            field.insert("required".into(), json!(required.contains(key.as_str())));
            fields.insert(key.clone(), Value::Object(field));
        }
        let keys: Vec<&str> = properties.keys().map(String::as_str).collect();
        let rust = super::names::distinct(&keys, crate::naming::snake, "_");
        for (key, rust) in keys.iter().zip(rust) {
            if rust != crate::naming::snake(key) {
                if let Some(Value::Object(field)) = fields.get_mut(*key) {
                    field.insert("rust_name".into(), json!(rust));
                }
                self.note(
                    doc,
                    &format!("{at}/properties/{}", token(key)),
                    Kind::Repaired,
                    format!("`{key}` has the same Rust name as another field: `{rust}`"),
                );
            }
        }
        for missing in required.iter().filter(|r| !properties.contains_key(**r)) {
            self.note(
                doc,
                &format!("{at}/required"),
                Kind::NotCarried,
                format!("`{missing}` is required but not among the properties; left out"),
            );
        }
        fields
    }

    /// A field's (or parameter's) facts besides `required`.
    pub fn field(&mut self, doc: usize, at: &str, schema: &Value, ty: &Ty) -> Map<String, Value> {
        let mut field = Map::new();
        field.insert("type".into(), json!(ty.expr));
        if ty.nullable {
            field.insert("nullable".into(), json!(true));
        }
        let obj = schema.as_object().cloned().unwrap_or_default();
        if let Some(d) = description_in(obj.get("description")) {
            field.insert("description".into(), json!(d));
        }
        if obj.get("deprecated") == Some(&Value::Bool(true)) {
            field.insert("deprecated".into(), json!("Deprecated by the vendor."));
        }
        if let Some(default) = obj.get("default") {
            field.insert("default".into(), json!(text_of(default)));
        }
        for (from, to) in [
            ("minimum", "minimum"),
            ("maximum", "maximum"),
            ("minLength", "min_length"),
            ("maxLength", "max_length"),
        ] {
            if let Some(n) = obj.get(from).filter(|n| n.is_number()) {
                field.insert(to.into(), n.clone());
            }
        }
        if let Some(p) = obj.get("pattern").and_then(Value::as_str) {
            field.insert("pattern".into(), json!(p));
        }
        if let Some(example) = obj.get("example") {
            if let Some(text) = self.example(doc, &format!("{at}/example"), example, &ty.expr) {
                field.insert("example".into(), json!(text));
            }
        }
        field
    }

    /// An example as our spec writes it (text), when it is of its type;
    /// else reported and left out.
    pub fn example(&mut self, doc: usize, at: &str, example: &Value, ty: &str) -> Option<String> {
        let fits = match ty {
            "string" | "datetime" | "date" => example.is_string(),
            "integer" | "int32" => example.is_i64() || example.is_u64(),
            "number" => example.is_number(),
            "boolean" => example.is_boolean(),
            "json" => true,
            "file" | "binary" => false,
            t if t.ends_with("[]") => example.is_array(),
            t if t.starts_with("map<") => example.is_object(),
            t => match self.declared.get(t) {
                Some(d) if d.section == "enums" => {
                    example.is_string() || example.is_number() || example.is_boolean()
                }
                Some(_) => example.is_object() || example.is_array(),
                None => true,
            },
        };
        if example.is_null() {
            return None;
        }
        if !fits {
            self.note(
                doc,
                at,
                Kind::WrongExampleType,
                match beyond_64_bits(example) {
                    Some(wide) => format!("the example {wide}; left out"),
                    None => format!(
                        "the example `{}` is not of type `{ty}`; left out",
                        shorten(&example.to_string())
                    ),
                },
            );
            return None;
        }
        Some(text_of(example))
    }

    fn enum_named(
        &mut self,
        doc: usize,
        at: &str,
        obj: &Map<String, Value>,
        values: &[Value],
        types: &[&str],
        name: &str,
    ) {
        // A value that is itself a list of values (a vendor's `enum:
        // [[...]]`) stands for its items.
        let mut flat: Vec<(usize, &Value)> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match v {
                Value::Array(items) => {
                    self.note(
                        doc,
                        &format!("{at}/enum/{i}"),
                        Kind::Repaired,
                        format!(
                            "an enum value that is a list of {} values: read as those values",
                            items.len()
                        ),
                    );
                    flat.extend(items.iter().map(|item| (i, item)));
                }
                Value::Null => {}
                other => flat.push((i, other)),
            }
        }
        let declared = match types.first().copied() {
            Some("integer") => "integer",
            Some("number") => "number",
            Some("boolean") => "boolean",
            _ => "string",
        };
        let fits = |wire: &str, v: &Value| match wire {
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            _ => true,
        };
        // Values none of which are of the declared type: the declared type
        // is the mistake; they are read as text.
        let wire = if !flat.is_empty() && flat.iter().all(|(_, v)| !fits(declared, v)) {
            self.note(doc, at, Kind::Repaired, format!("an enum of type `{declared}` whose values are not `{declared}`s: read as a string enum"));
            "string"
        } else {
            declared
        };
        let mut texts: Vec<String> = Vec::new();
        let mut repeated: Vec<String> = Vec::new();
        for (i, v) in flat {
            if !fits(wire, v) || v.is_object() {
                self.note(
                    doc,
                    &format!("{at}/enum/{i}"),
                    Kind::NotCarried,
                    match beyond_64_bits(v) {
                        Some(wide) => format!("the value {wide}; left out"),
                        None => format!(
                            "the value `{}` is not of type `{wire}`; left out",
                            shorten(&v.to_string())
                        ),
                    },
                );
                continue;
            }
            let text = text_of(v);
            if texts.contains(&text) {
                repeated.push(text);
            } else {
                texts.push(text);
            }
        }
        if !repeated.is_empty() {
            let shown: Vec<String> = repeated.iter().take(8).map(|t| format!("`{t}`")).collect();
            let more = if repeated.len() > 8 { ", ..." } else { "" };
            self.note(
                doc,
                &format!("{at}/enum"),
                Kind::Repaired,
                format!(
                    "{} values listed more than once ({}{more}): each kept once",
                    repeated.len(),
                    shown.join(", ")
                ),
            );
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let variant_of = |t: &str| crate::naming::bare(&camel(t)).to_owned();
        let variants = super::names::distinct(&refs, variant_of, "");
        let mut list = Vec::new();
        for (text, variant) in texts.iter().zip(variants) {
            if variant != variant_of(text) {
                self.note(
                    doc,
                    &format!("{at}/enum"),
                    Kind::Repaired,
                    format!(
                        "the value `{text}` has the same Rust name as another: variant `{variant}`"
                    ),
                );
            }
            list.push(json!({"name": variant, "value": text}));
        }
        if list.is_empty() {
            self.note(
                doc,
                at,
                Kind::Approximated,
                "an enum without values: read as a string".to_owned(),
            );
            list.push(json!({"name": "Empty", "value": ""}));
        }
        let mut spec = Map::new();
        spec.insert("description".into(), json!(self.description(obj, name)));
        if wire != "string" {
            spec.insert("type".into(), json!(wire));
        }
        spec.insert("values".into(), Value::Array(list));
        self.declare(name, "enums", Value::Object(spec), doc, at);
    }

    #[allow(clippy::too_many_arguments)]
    fn union_named(
        &mut self,
        doc: usize,
        at: &str,
        obj: &Map<String, Value>,
        key: &str,
        alternatives: &[Value],
        tagged: bool,
        name: &str,
        dir: Direction,
        depth: usize,
    ) {
        let mut spec = self.declare_early(name, obj, doc, at);
        let mut list: Vec<String> = Vec::new();
        for (i, alt) in alternatives.iter().enumerate() {
            if is_null_schema(alt) {
                self.note(
                    doc,
                    &format!("{at}/{key}/{i}"),
                    Kind::Approximated,
                    format!("`{name}` may be `null`: a named type cannot say so; read as not null"),
                );
                continue;
            }
            if is_constraint_only(alt) {
                continue;
            }
            let ty = self.ty_depth(
                doc,
                &format!("{at}/{key}/{i}"),
                alt,
                &format!("{name} {}", i + 1),
                dir,
                depth + 1,
            );
            if !list.contains(&ty.expr) {
                list.push(ty.expr);
            }
        }
        let discriminator = obj.get("discriminator").and_then(Value::as_object);
        let union = match (tagged, discriminator) {
            (true, Some(d)) => {
                let tag = d
                    .get("propertyName")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let mut variants = Map::new();
                if let Some(mapping) = d.get("mapping").and_then(Value::as_object) {
                    for (value, reference) in mapping {
                        let r = reference.as_str().unwrap_or_default();
                        let ty = self.reference(
                            doc,
                            &format!("{at}/discriminator/mapping/{}", token(value)),
                            r,
                            name,
                            dir,
                            depth + 1,
                        );
                        variants.insert(value.clone(), json!(ty.expr));
                    }
                }
                if variants.is_empty() {
                    self.note(doc, &format!("{at}/discriminator"), Kind::Approximated, "a discriminator without `mapping`: the union is read untagged, as the first alternative that fits".to_owned());
                    json!(list)
                } else {
                    json!({"tag": tag, "variants": variants})
                }
            }
            _ => json!(list),
        };
        let tagged_variants = union
            .get("variants")
            .and_then(Value::as_object)
            .map_or(0, Map::len);
        if list.len() < 2 && tagged_variants < 2 {
            // A union of one alternative is that alternative; of none, any JSON.
            let one = match list.first() {
                Some(only) if only != name => only.clone(),
                _ => "json".to_owned(),
            };
            let what = if list.is_empty() {
                "no alternative that is a type".to_owned()
            } else {
                format!("one distinct alternative (`{one}`)")
            };
            self.note(
                doc,
                &format!("{at}/{key}"),
                Kind::Repaired,
                format!("a `{key}` with {what}: read as `{one}`"),
            );
            self.declared.remove(name);
            self.aliases.insert(name.to_owned(), one);
            return;
        }
        spec.insert(if tagged { "one_of" } else { "any_of" }.into(), union);
        self.declare(name, "schemas", Value::Object(spec), doc, at);
    }

    #[allow(clippy::too_many_arguments)]
    fn all_of_named(
        &mut self,
        doc: usize,
        at: &str,
        obj: &Map<String, Value>,
        members: &[Value],
        name: &str,
        dir: Direction,
        depth: usize,
    ) {
        let mut spec = self.declare_early(name, obj, doc, at);
        let mut parts = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let ty = self.ty_depth(
                doc,
                &format!("{at}/allOf/{i}"),
                member,
                &format!("{name} Part {}", i + 1),
                dir,
                depth + 1,
            );
            match self.declared.get(&ty.expr) {
                Some(d) if d.section == "schemas" && d.spec.get("fields").is_some() => {
                    parts.push(ty.expr)
                }
                _ => self.note(
                    doc,
                    &format!("{at}/allOf/{i}"),
                    Kind::NotCarried,
                    format!(
                        "an `allOf` member that is not an object schema (`{}`); left out",
                        ty.expr
                    ),
                ),
            }
        }
        spec.insert("all_of".into(), json!(parts));
        spec.insert(
            "fields".into(),
            Value::Object(self.fields(doc, at, obj, name, dir, depth)),
        );
        self.declare(name, "schemas", Value::Object(spec), doc, at);
    }
}

/// `{type: null}` (or `{type: [null]}`), an alternative that only says a
/// value may be `null`.
fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(list)) => !list.is_empty() && list.iter().all(|t| t == "null"),
        _ => false,
    }
}

/// An alternative with no type of its own: only `required` (and words).
fn is_constraint_only(schema: &Value) -> bool {
    schema.as_object().is_some_and(|o| {
        !o.is_empty()
            && o.contains_key("required")
            && o.keys()
                .all(|k| matches!(k.as_str(), "required" | "description" | "title"))
    })
}

/// The alternatives under `key`, unless there are none or they only list
/// required properties.
fn real_union<'v>(obj: &'v Map<String, Value>, key: &str) -> Option<&'v Vec<Value>> {
    obj.get(key)
        .and_then(Value::as_array)
        .filter(|alternatives| !alternatives.iter().all(is_constraint_only))
}

/// A JSON value as our spec's text: strings as they are, the rest as JSON.
pub fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 60 {
        format!("{}...", text.chars().take(60).collect::<String>())
    } else {
        text.to_owned()
    }
}

/// What to say of a number that was an integer beyond 64 bits in the
/// vendor's file (JSON readers and ours make it the nearest float), or
/// `None` for any other value.
pub(crate) fn beyond_64_bits(value: &Value) -> Option<String> {
    // JSON readers keep integers from -2^63 to 2^64 - 1 as integers: a
    // float outside that range with no fraction was a wider integer.
    let f = value.as_f64().filter(|_| value.is_f64())?;
    let outside = f >= 2f64.powi(64) || f < -(2f64.powi(63));
    (f.fract() == 0.0 && outside).then(|| {
        format!("`{value}` is an integer beyond 64 bits, read as the nearest float: the format's integers are 64-bit")
    })
}
