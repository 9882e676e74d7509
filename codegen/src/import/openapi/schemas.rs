//! OpenAPI schemas → our type expressions ([`Ty`]) and the enums and
//! schemas they declare (spec values): component schemas under their own
//! names, inline ones named after where they are
//! (`SendMessageBodyAttachments`). One vendor schema is one declared type,
//! however it is reached: a component named through refs, wrappers
//! (`allOf: [{$ref: X}, {description: ...}]`, `oneOf: [{$ref: X}]`) and
//! repeated uses is converted once.
//!
//! Every decision is made where the schema is read, and reported there with
//! the vendor's file and JSON pointer: carried, repaired, approximated or
//! not carried.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::documents::{token, Documents, Target};
use super::resolve::Node;
use crate::import::markdown::description_in;
use crate::import::report::{Kind, Report};
use crate::import::ty::Ty;
use crate::import::Origin;
use crate::naming::camel;
use crate::spec::{EnumSpec, EnumValueSpec, FieldSpec, SchemaSpec, TaggedUnionSpec, UnionSpec};

/// How deep conversion may recurse before named types are declared later,
/// from a work list, instead of inside the type using them: a chain of a
/// thousand components, each naming the next, is carried whole without
/// growing the stack.
const DEFER_DEPTH: usize = 24;
/// How many schema nodes one import converts at most: refs to places that
/// are not components are converted once each, so this is a net under a
/// hostile file, never reached by a real one; past it, types are `json`.
const MAX_STEPS: usize = 2_000_000;

/// A declared type of the imported API.
#[derive(Debug)]
pub struct Declared {
    pub decl: Decl,
    /// The group (input file index) it belongs to; `None`: shared.
    pub group: Option<usize>,
    /// Where the vendor declares it: document index and JSON pointer.
    pub origin: (usize, String),
}

/// An enum or a schema, as our spec has them.
#[derive(Debug)]
pub enum Decl {
    Enum(EnumSpec),
    Schema(SchemaSpec),
}

/// What a declared type is, for the decisions that depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclKind {
    Enum,
    /// An object schema (fields, `all_of`).
    Struct,
    /// A `one_of` or `any_of` schema.
    Union,
}

/// A converted type: its expression and whether `null` is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    pub ty: Ty,
    pub nullable: bool,
}

impl Typed {
    pub fn of(ty: Ty) -> Typed {
        Typed {
            ty,
            nullable: false,
        }
    }

    pub fn string() -> Typed {
        Typed::of(Ty::String)
    }

    pub fn json() -> Typed {
        Typed::of(Ty::Json)
    }
}

/// Where a schema is used: decides `file` (request) or `binary` (response)
/// for `format: binary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// A field's (or parameter's) facts besides its type and whether it is
/// required: the vendor's words, and the constraints that apply to its type.
#[derive(Debug, Default)]
pub struct Facts {
    pub description: Option<String>,
    pub deprecated: bool,
    pub default: Option<String>,
    pub example: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
}

/// The keywords of a schema that is not an object.
static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

/// A schema's keywords, but those a repair set aside.
#[derive(Clone, Copy)]
struct Keywords<'a> {
    all: &'a Map<String, Value>,
    skip: &'a [&'a str],
}

impl<'a> Keywords<'a> {
    fn get(&self, key: &str) -> Option<&'a Value> {
        if self.skip.contains(&key) {
            None
        } else {
            self.all.get(key)
        }
    }
}

/// The values of alternatives that are each a few values of one scalar
/// type, with the words of each that has one value.
#[derive(Default)]
struct EnumValues<'d> {
    ty: Option<&'d str>,
    values: Vec<&'d Value>,
    descriptions: BTreeMap<String, String>,
    /// Where each alternative is.
    places: Vec<(usize, String)>,
}

/// A named type whose declaration waits for the work list.
struct Pending<'d> {
    node: Node<'d>,
    name: String,
    dir: Direction,
}

/// The importer's state: documents, the report, and every type declared.
pub struct Types<'d> {
    pub docs: &'d Documents,
    pub report: Report,
    /// What the documents are (for the words written where they say nothing).
    pub origin: Origin,
    /// Input files (document indexes) that are groups.
    pub groups: Vec<usize>,
    /// Declared types by spec name, in name order.
    pub declared: BTreeMap<String, Declared>,
    /// Component schemas (and other ref targets) already converted.
    converted: BTreeMap<Target, Typed>,
    /// Names taken (declared or being declared).
    taken: BTreeSet<String>,
    /// Schema nodes converted so far (see [`MAX_STEPS`]).
    steps: usize,
    /// Recursion depth of the conversion under way (see [`DEFER_DEPTH`]).
    depth: usize,
    /// Named types to declare from the work list, and what each will be.
    pending: Vec<Pending<'d>>,
    pending_kinds: BTreeMap<String, DeclKind>,
    /// Places read into a type declared elsewhere (the alternatives of a
    /// union read as one enum) → that type.
    absorbed: BTreeMap<(usize, String), String>,
    /// Components identical to one of the same name in another file, read
    /// as that one: their place → the place of the one read.
    pub same_as: BTreeMap<(usize, String), (usize, String)>,
    /// Unions that turned out to have fewer than two distinct alternatives:
    /// their name → the one type they are (`json` for none). References
    /// made before that was known are rewritten at the end.
    aliases: BTreeMap<String, Ty>,
    /// Where each union read as its one alternative is declared.
    alias_origins: BTreeMap<(usize, String), String>,
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

/// Keywords that say what a value is; a schema without any of them only
/// describes (`{description: ...}`, `{nullable: true}`, `{example: ...}`).
const STRUCTURAL: &[&str] = &[
    "$ref",
    "type",
    "properties",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "format",
    "patternProperties",
    "prefixItems",
];

/// A schema that only describes: an `allOf` member that annotates the
/// others (OpenAPI 3.0's way to describe a `$ref`).
pub fn is_annotation_only(schema: &Value) -> bool {
    schema
        .as_object()
        .is_some_and(|o| !o.keys().any(|k| STRUCTURAL.contains(&k.as_str())))
}

impl<'d> Types<'d> {
    pub fn new(docs: &'d Documents, groups: Vec<usize>, origin: Origin) -> Types<'d> {
        Types {
            docs,
            origin,
            report: Report::default(),
            groups,
            declared: BTreeMap::new(),
            converted: BTreeMap::new(),
            taken: BTreeSet::new(),
            steps: 0,
            depth: 0,
            pending: Vec::new(),
            pending_kinds: BTreeMap::new(),
            same_as: BTreeMap::new(),
            absorbed: BTreeMap::new(),
            aliases: BTreeMap::new(),
            alias_origins: BTreeMap::new(),
        }
    }

    pub fn note(&mut self, doc: usize, at: &str, kind: Kind, message: String) {
        let path = self.docs.docs[doc].path.clone();
        self.report.add(&path, at, kind, message);
    }

    /// `node` itself, or what its `$ref`s lead to; a ref that leads nowhere
    /// is reported where it is, and gives `None`.
    pub fn follow(&mut self, node: &Node<'d>) -> Option<Node<'d>> {
        match self.docs.follow(node) {
            Ok(n) => Some(n),
            Err(broken) => {
                self.note(broken.doc, &broken.at, Kind::DanglingRef, broken.message);
                None
            }
        }
    }

    /// Every vendor place a declared type was read from: its own, and those
    /// of the refs to it.
    pub fn places(&self) -> BTreeMap<(usize, String), String> {
        let mut out: BTreeMap<(usize, String), String> = self
            .declared
            .iter()
            .map(|(name, d)| (d.origin.clone(), name.clone()))
            .collect();
        for (place, name) in &self.absorbed {
            if self.declared.contains_key(name) {
                out.insert(place.clone(), name.clone());
            }
        }
        // A union read as its one alternative is carried as that type.
        for (place, name) in &self.alias_origins {
            if let Some(ty) = self.aliases.get(name) {
                out.entry(place.clone())
                    .or_insert_with(|| self.resolved(ty.clone()).to_string());
            }
        }
        for (target, typed) in &self.converted {
            if let Some(name) = self.resolved(typed.ty.clone()).named() {
                if self.declared.contains_key(name) {
                    out.insert((target.doc, target.pointer.clone()), name.to_owned());
                }
            }
        }
        out
    }

    /// The unions read as their one alternative, name → type.
    pub fn aliases(&self) -> &BTreeMap<String, Ty> {
        &self.aliases
    }

    /// What a declared (or about to be declared) type is.
    pub fn kind_of(&self, name: &str) -> Option<DeclKind> {
        if let Some(d) = self.declared.get(name) {
            return Some(match &d.decl {
                Decl::Enum(_) => DeclKind::Enum,
                Decl::Schema(s) if s.one_of.is_some() || s.any_of.is_some() => DeclKind::Union,
                Decl::Schema(_) => DeclKind::Struct,
            });
        }
        self.pending_kinds.get(name).copied()
    }

    /// The list type of a union of a value and a list of such values
    /// (`oneOf: [string, array of string]`), when `ty` names one whose
    /// value is text or an enum: a query or header value that is one value
    /// or many is a list (one value is a list of one on the wire).
    pub fn one_or_many(&self, ty: &Ty) -> Option<Ty> {
        let Decl::Schema(schema) = &self.declared.get(ty.named()?)?.decl else {
            return None;
        };
        let alternatives = match (&schema.one_of, &schema.any_of) {
            (Some(UnionSpec::Untagged(list)), _) | (None, Some(list)) => list,
            _ => return None,
        };
        let [a, b] = alternatives.as_slice() else {
            return None;
        };
        let (a, b) = (Ty::parse(a)?, Ty::parse(b)?);
        let (one, many) = match (&a, &b) {
            (_, Ty::List(item)) if **item == a => (a.clone(), b.clone()),
            (Ty::List(item), _) if **item == b => (b.clone(), a.clone()),
            _ => return None,
        };
        (one.is_text_scalar() || self.kind(&one) == Some(DeclKind::Enum)).then_some(many)
    }

    /// The alternatives of a union of text values (`integer` or `string`),
    /// when `ty` names one: such a value travels as its text.
    pub fn text_union(&self, ty: &Ty) -> Option<Vec<String>> {
        let Decl::Schema(schema) = &self.declared.get(ty.named()?)?.decl else {
            return None;
        };
        let alternatives = match (&schema.one_of, &schema.any_of) {
            (Some(UnionSpec::Untagged(list)), _) | (None, Some(list)) => list,
            _ => return None,
        };
        alternatives
            .iter()
            .all(|a| Ty::parse(a).is_some_and(|t| t.is_text_scalar()))
            .then(|| alternatives.clone())
    }

    /// What `ty` is, when it names a declared type.
    pub fn kind(&self, ty: &Ty) -> Option<DeclKind> {
        ty.named().and_then(|n| self.kind_of(n))
    }

    /// `ty`, or the one type it stands for when it names a union of one
    /// alternative.
    fn resolved(&self, ty: Ty) -> Ty {
        let mut ty = ty;
        for _ in 0..=self.aliases.len() {
            match ty.named().and_then(|n| self.aliases.get(n)) {
                Some(next) => ty = next.clone(),
                None => break,
            }
        }
        ty
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

    fn declare(&mut self, name: &str, decl: Decl, doc: usize, at: &str) {
        // Declared in a group's own file: that group's; else shared.
        let group = self.groups.contains(&doc).then_some(doc);
        self.pending_kinds.remove(name);
        self.declared.insert(
            name.to_owned(),
            Declared {
                decl,
                group,
                origin: (doc, at.to_owned()),
            },
        );
    }

    /// The type of the schema `node`. `hint` names what an inline enum,
    /// object or union is declared as.
    pub fn ty(&mut self, node: &Node<'d>, hint: &str, dir: Direction) -> Typed {
        self.ty_skipping(node, hint, dir, &[])
    }

    /// [`Types::ty`] of the schema without the keywords `skip` (set aside
    /// by a repair).
    pub fn ty_skipping(
        &mut self,
        node: &Node<'d>,
        hint: &str,
        dir: Direction,
        skip: &[&str],
    ) -> Typed {
        self.depth += 1;
        let ty = self.convert(node, hint, dir, skip);
        self.depth -= 1;
        ty
    }

    /// Declares the named types left on the work list. Called once every
    /// operation is converted; declaring one may add others.
    pub fn declare_pending(&mut self) {
        while let Some(p) = self.pending.pop() {
            let saved = std::mem::replace(&mut self.depth, 0);
            self.declare_named(&p.node, &p.name, p.dir);
            self.depth = saved;
        }
    }

    fn convert(&mut self, node: &Node<'d>, hint: &str, dir: Direction, skip: &[&str]) -> Typed {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            if self.steps == MAX_STEPS + 1 {
                self.note(node.doc, &node.at, Kind::Approximated, format!("more than {MAX_STEPS} schema nodes to convert (refs that fan out): from here on, types are `json`"));
            }
            return Typed::of(Ty::Json);
        }
        let (doc, at) = (node.doc, node.at.as_str());
        let Some(all) = node.as_object() else {
            if node.value != &Value::Bool(true) {
                self.note(
                    doc,
                    at,
                    Kind::Approximated,
                    "a schema that is not an object: read as any JSON (`json`)".to_owned(),
                );
            }
            return Typed::of(Ty::Json);
        };
        let obj = Keywords { all, skip };
        let mut nullable = obj.get("nullable") == Some(&Value::Bool(true))
            || obj.get("x-nullable") == Some(&Value::Bool(true));
        if let Some(reference) = node.reference() {
            let ty = self.reference(node, reference, hint, dir);
            return Typed {
                nullable: ty.nullable || nullable,
                ..ty
            };
        }
        let mut types: Vec<&str> = match obj.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if types.contains(&"null") {
            nullable = true;
            types.retain(|t| *t != "null");
        }
        let with_nullable = |ty: Typed| Typed {
            nullable: ty.nullable || nullable,
            ..ty
        };
        if obj.get("allOf").is_some_and(Value::is_array) {
            let items = node.child("allOf").map(|a| a.items()).unwrap_or_default();
            // Members that only describe annotate the others: the type is
            // what the others are (`allOf: [{$ref: X}, {description: D}]`
            // is `X`, described by `D` where it is used).
            let typed: Vec<&Node<'d>> = items
                .iter()
                .filter(|m| !is_annotation_only(m.value))
                .collect();
            let own = obj
                .get("properties")
                .is_some_and(|p| p.as_object().is_some_and(|m| !m.is_empty()))
                || obj
                    .get("additionalProperties")
                    .is_some_and(Value::is_object);
            // A member that only says `nullable` makes the whole nullable.
            let nullable = nullable
                || items
                    .iter()
                    .any(|m| is_annotation_only(m.value) && allows_null(m.value));
            let with_nullable = |ty: Typed| Typed {
                nullable: ty.nullable || nullable,
                ..ty
            };
            if typed.len() == 1 && !own {
                let ty = self.ty(typed[0], hint, dir);
                return with_nullable(ty);
            }
            if typed.is_empty() && !own {
                let skip = [skip, &["allOf"]].concat();
                return with_nullable(self.ty_skipping(node, hint, dir, &skip));
            }
            let ty = self.inline(node, hint, dir, DeclKind::Struct, |s, name| {
                s.all_of_named(node, &items, name, dir)
            });
            return with_nullable(ty);
        }
        for (key, tagged) in [("oneOf", true), ("anyOf", false)] {
            let Some(alternatives) = obj.get(key).and_then(Value::as_array) else {
                continue;
            };
            // Alternatives that only narrow the object around them are
            // constraints, not types.
            if alternatives.iter().all(|a| narrows_only(all, a)) {
                self.note(doc, &format!("{at}/{key}"), Kind::Repaired, format!("a `{key}` whose alternatives only narrow the object around them (which properties are required, which values its own properties take): read as that object (which alternative holds is not checked)"));
                let skip = [skip, &[key]].concat();
                return with_nullable(self.ty_skipping(node, hint, dir, &skip));
            }
            let list = node.child(key).expect("the alternatives are there");
            let items = list.items();
            // `[schema, {type: null}]` (OpenAPI 3.1): the schema, nullable.
            let nulls = items.iter().any(|a| is_null_schema(a.value));
            let types: Vec<&Node<'d>> = items
                .iter()
                .filter(|a| !is_null_schema(a.value) && !narrows_only(all, a.value))
                .collect();
            if let ([one], None) = (types.as_slice(), obj.get("discriminator")) {
                if !nulls {
                    self.note(
                        doc,
                        &format!("{at}/{key}"),
                        Kind::Repaired,
                        format!("a `{key}` of one alternative: read as that alternative"),
                    );
                }
                let ty = self.ty(one, hint, dir);
                return Typed {
                    nullable: ty.nullable || nulls || nullable,
                    ty: ty.ty,
                };
            }
            // Alternatives that are each a few values of one scalar type
            // are one enum of all of them (each value keeps its words).
            if let Some(values) = self.enum_alternatives(&types) {
                let ty = self.inline(node, hint, dir, DeclKind::Enum, |s, name| {
                    s.enum_of_alternatives(node, values, name)
                });
                return Typed {
                    nullable: nulls || ty.nullable || nullable,
                    ..ty
                };
            }
            let ty = self.inline(node, hint, dir, DeclKind::Union, |s, name| {
                s.union_named(node, &list, key, tagged, name, dir)
            });
            return Typed {
                nullable: nulls || ty.nullable || nullable,
                ..ty
            };
        }
        if let Some(values) = obj.get("enum").and_then(Value::as_array) {
            let ty = self.inline(node, hint, dir, DeclKind::Enum, |s, name| {
                s.enum_named(node, values, &types, name)
            });
            return with_nullable(ty);
        }
        if let Some(value) = obj.get("const") {
            // One allowed value: an enum of one.
            let values = std::slice::from_ref(value);
            let ty = self.inline(node, hint, dir, DeclKind::Enum, |s, name| {
                s.enum_named(node, values, &types, name)
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
            return with_nullable(Typed::of(Ty::Json));
        }
        let format = obj.get("format").and_then(Value::as_str).unwrap_or("");
        let has_properties = obj
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        let ty = match types.first().copied() {
            Some("string") => match format {
                "date-time" => Ty::DateTime,
                "date" => Ty::Date,
                "binary" if dir == Direction::Request => Ty::File,
                "binary" => Ty::Binary,
                _ => Ty::String,
            },
            Some("integer") => {
                if format == "int32" {
                    Ty::Int32
                } else {
                    Ty::Integer
                }
            }
            Some("number") => Ty::Number,
            Some("boolean") => Ty::Boolean,
            Some("array") => match node.child("items") {
                Some(items) => {
                    let item = self.ty(&items, &format!("{hint}Item"), dir);
                    if item.nullable {
                        self.note(
                            doc,
                            &items.at,
                            Kind::Approximated,
                            "list items may be `null`; read as not null".to_owned(),
                        );
                    }
                    Ty::list(item.ty)
                }
                // A list of anything, as the vendor says.
                None => Ty::list(Ty::Json),
            },
            Some("object") | None if has_properties => {
                return with_nullable(self.inline(node, hint, dir, DeclKind::Struct, |s, name| {
                    s.object(node, name, dir)
                }));
            }
            Some("object") | None => match node.child("additionalProperties") {
                Some(extra) if extra.value.is_object() => {
                    let inner = self.ty(&extra, &format!("{hint}Value"), dir);
                    Ty::map(inner.ty)
                }
                _ => Ty::Json,
            },
            Some(other) => {
                self.note(
                    doc,
                    at,
                    Kind::Approximated,
                    format!("unknown type `{other}`: read as any JSON (`json`)"),
                );
                Ty::Json
            }
        };
        with_nullable(Typed::of(ty))
    }

    fn reference(&mut self, node: &Node<'d>, reference: &str, hint: &str, dir: Direction) -> Typed {
        let target = match self.docs.target(node.doc, reference) {
            Ok(t) => t,
            Err(message) => {
                self.note(
                    node.doc,
                    &format!("{}/$ref", node.at),
                    Kind::DanglingRef,
                    message,
                );
                return Typed::of(Ty::Json);
            }
        };
        if let Some(ty) = self.converted.get(&target) {
            let ty = ty.clone();
            return Typed {
                ty: self.resolved(ty.ty),
                ..ty
            };
        }
        let value = self.docs.get(&target).expect("target() checked it");
        let at_target = Node {
            doc: target.doc,
            at: target.pointer.clone(),
            value,
        };
        let component = component_name(self.docs, &target);
        // A schema that declares no type of its own (a scalar, a list, a
        // map, a ref to another) is what it holds, converted once.
        let Some(component) = component.clone().filter(|_| declares_type(value)) else {
            // Converted once, at its own place: a ref back to it while it is
            // converted (a recursive list) reads as any JSON.
            self.converted.insert(target.clone(), Typed::of(Ty::Json));
            let name_hint = component
                .or_else(|| component_hint(&target.pointer))
                .unwrap_or_else(|| hint.to_owned());
            let ty = self.ty(&at_target, &name_hint, dir);
            self.converted.insert(target, ty.clone());
            return ty;
        };
        // Whether the schema allows `null`: where it is used, it may be null.
        let nullable = allows_null(value);
        // The same name from another file: the same type when identical.
        let wanted = crate::naming::bare(&camel(&component)).to_owned();
        let same_name = self
            .converted
            .iter()
            .find(|(t, ty)| t.doc != target.doc && ty.ty.named() == Some(wanted.as_str()))
            .map(|(t, ty)| (t.clone(), ty.ty.clone()));
        let name = match same_name {
            Some((other, ty)) if self.docs.get(&other) == Some(value) => {
                self.same_as.insert(
                    (target.doc, target.pointer.clone()),
                    (other.doc, other.pointer),
                );
                self.converted.insert(
                    target,
                    Typed {
                        ty: ty.clone(),
                        nullable,
                    },
                );
                if let Some(d) = ty.named().and_then(|n| self.declared.get_mut(n)) {
                    d.group = None;
                }
                return Typed {
                    ty: self.resolved(ty),
                    nullable,
                };
            }
            Some((other, _)) => {
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
                renamed
            }
            None => self.fresh(&component),
        };
        self.converted.insert(
            target,
            Typed {
                ty: Ty::Named(name.clone()),
                nullable,
            },
        );
        if self.depth > DEFER_DEPTH {
            self.pending_kinds
                .insert(name.clone(), kind_of_value(value));
            self.pending.push(Pending {
                node: at_target,
                name: name.clone(),
                dir,
            });
        } else {
            self.declare_named(&at_target, &name, dir);
        }
        Typed {
            ty: self.resolved(Ty::Named(name)),
            nullable,
        }
    }

    /// An inline enum, object or union: declared under a fresh name made
    /// from `hint` (where it is: `SendMessageBodyAttachments`).
    fn inline(
        &mut self,
        node: &Node<'d>,
        hint: &str,
        dir: Direction,
        kind: DeclKind,
        declare: impl FnOnce(&mut Self, &str),
    ) -> Typed {
        let name = self.fresh(hint);
        if self.depth > DEFER_DEPTH {
            self.pending_kinds.insert(name.clone(), kind);
            self.pending.push(Pending {
                node: node.clone(),
                name: name.clone(),
                dir,
            });
        } else {
            declare(self, &name);
        }
        Typed::of(self.resolved(Ty::Named(name)))
    }

    fn declare_named(&mut self, node: &Node<'d>, name: &str, dir: Direction) {
        let Some(obj) = node.as_object() else { return };
        let (doc, at) = (node.doc, node.at.as_str());
        for key in ["oneOf", "anyOf"] {
            if obj.contains_key(key) && real_union(obj, key).is_none() {
                self.note(doc, &format!("{at}/{key}"), Kind::Repaired, format!("a `{key}` whose alternatives only narrow the object around them (which properties are required, which values its own properties take): read as that object (which alternative holds is not checked)"));
            }
        }
        let types: Vec<&str> = match obj.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if let Some(values) = obj.get("enum").and_then(Value::as_array) {
            self.enum_named(node, values, &types, name);
        } else if let Some(value) = obj.get("const") {
            self.enum_named(node, std::slice::from_ref(value), &types, name);
        } else if let Some(key) = ["oneOf", "anyOf"]
            .into_iter()
            .find(|k| real_union(obj, k).is_some())
        {
            let list = node.child(key).expect("the alternatives are there");
            let items = list.items();
            let alternatives: Vec<&Node<'d>> = items
                .iter()
                .filter(|a| !is_null_schema(a.value) && !narrows_only(obj, a.value))
                .collect();
            match self.enum_alternatives(&alternatives) {
                Some(values) => self.enum_of_alternatives(node, values, name),
                None => self.union_named(node, &list, key, key == "oneOf", name, dir),
            }
        } else if obj.contains_key("allOf") {
            let items = node.child("allOf").map(|a| a.items()).unwrap_or_default();
            self.all_of_named(node, &items, name, dir);
        } else {
            self.object(node, name, dir);
        }
    }

    /// `name` stands for `ty` wherever it is used; reported.
    fn alias(&mut self, node: &Node<'d>, name: &str, ty: Ty, what: &str) {
        let ty = if ty == Ty::Named(name.to_owned()) {
            Ty::Json
        } else {
            ty
        };
        self.note(
            node.doc,
            &node.at,
            Kind::Repaired,
            format!("{what}: read as `{ty}` wherever `{name}` is used"),
        );
        self.declared.remove(name);
        self.pending_kinds.remove(name);
        self.aliases.insert(name.to_owned(), ty);
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
    fn declare_early(&mut self, name: &str, node: &Node<'d>) -> SchemaSpec {
        let obj = node.as_object().unwrap_or(&EMPTY);
        let spec = SchemaSpec {
            description: self.description(obj, name),
            docs_url: None,
            source: None,
            fields: IndexMap::new(),
            all_of: Vec::new(),
            additional: None,
            one_of: None,
            any_of: None,
        };
        self.declare(name, Decl::Schema(spec.clone()), node.doc, &node.at);
        spec
    }

    /// An object schema with `properties` declared as `name`.
    fn object(&mut self, node: &Node<'d>, name: &str, dir: Direction) {
        let mut spec = self.declare_early(name, node);
        spec.fields = self.fields(node, name, dir);
        match node.child("additionalProperties") {
            Some(extra) if extra.value.is_object() => {
                let ty = self.ty(&extra, &format!("{name}Other"), dir);
                spec.additional = Some(ty.ty.to_string());
            }
            Some(extra) if extra.value == &Value::Bool(true) => {
                spec.additional = Some(Ty::Json.to_string());
            }
            _ => {}
        }
        self.declare(name, Decl::Schema(spec), node.doc, &node.at);
    }

    /// The fields of an object schema.
    pub fn fields(
        &mut self,
        node: &Node<'d>,
        owner: &str,
        dir: Direction,
    ) -> IndexMap<String, FieldSpec> {
        let (doc, at) = (node.doc, node.at.as_str());
        let obj = node.as_object().unwrap_or(&EMPTY);
        let mut required: BTreeSet<String> = obj
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let mut fields = IndexMap::new();
        let Some(properties) = node.child("properties").filter(|p| p.value.is_object()) else {
            return fields;
        };
        for key in marked_required(obj) {
            required.insert(key.to_owned());
            self.note(
                doc,
                &format!("{}/required", properties.at_key(key)),
                Kind::Repaired,
                format!("`required: true` on the field `{key}` (JSON Schema draft 3; OpenAPI lists required fields in the object's `required`): read as required"),
            );
        }
        let entries = properties.entries();
        for (key, schema) in &entries {
            let ty = self.ty(schema, &format!("{owner} {key}"), dir);
            let mut field = self.field(schema, &ty);
            field.required = required.contains(*key);
            fields.insert((*key).to_owned(), field);
        }
        let keys: Vec<&str> = entries.iter().map(|(k, _)| *k).collect();
        let rust = crate::import::names::distinct(&keys, crate::naming::snake, "_");
        for (key, rust) in keys.iter().zip(rust) {
            if rust != crate::naming::snake(key) {
                if let Some(field) = fields.get_mut(*key) {
                    field.rust_name = Some(rust.clone());
                }
                self.note(
                    doc,
                    &properties.at_key(key),
                    Kind::Repaired,
                    format!("`{key}` has the same Rust name as another field: `{rust}`"),
                );
            }
        }
        for missing in required.iter().filter(|r| !keys.contains(&r.as_str())) {
            self.note(
                doc,
                &format!("{at}/required"),
                Kind::Repaired,
                format!("`{missing}` is required but not among the properties: nothing to require"),
            );
        }
        fields
    }

    /// A field of a schema, from its schema and type (`required` is the
    /// caller's to set).
    pub fn field(&mut self, schema: &Node<'d>, typed: &Typed) -> FieldSpec {
        let facts = self.facts(schema, &typed.ty);
        FieldSpec {
            ty: typed.ty.to_string(),
            required: false,
            nullable: typed.nullable,
            deprecated: facts
                .deprecated
                .then(|| "Deprecated by the vendor.".to_owned()),
            default: facts.default,
            minimum: facts.minimum,
            maximum: facts.maximum,
            min_length: facts.min_length,
            max_length: facts.max_length,
            pattern: facts.pattern,
            description: facts.description.unwrap_or_default(),
            example: facts.example,
            rust_name: None,
        }
    }

    /// What the vendor says of a value besides its type: its own keywords,
    /// and those of `allOf` members that only describe (where OpenAPI 3.0
    /// puts a description on a ref). A constraint that does not apply to
    /// the type costs the constraint, reported, never the item.
    pub fn facts(&mut self, schema: &Node<'d>, ty: &Ty) -> Facts {
        let (doc, at) = (schema.doc, schema.at.as_str());
        let mut sources: Vec<(String, &'d Map<String, Value>)> = Vec::new();
        if let Some(obj) = schema.as_object() {
            sources.push((at.to_owned(), obj));
            if let Some(members) = schema.child("allOf") {
                for member in members.items() {
                    if is_annotation_only(member.value) {
                        if let Some(m) = member.as_object() {
                            sources.push((member.at.clone(), m));
                        }
                    }
                }
            }
        }
        let first = |key: &str| {
            sources
                .iter()
                .find_map(|(at, o)| o.get(key).map(|v| (at.clone(), v)))
        };
        let mut facts = Facts {
            description: sources
                .iter()
                .find_map(|(_, o)| description_in(o.get("description"))),
            deprecated: first("deprecated").is_some_and(|(_, v)| v == &Value::Bool(true)),
            default: first("default").map(|(_, v)| text_of(v)),
            ..Facts::default()
        };
        let number = |key: &str| first(key).and_then(|(at, v)| v.as_f64().map(|n| (at, n)));
        let count = |key: &str| first(key).and_then(|(at, v)| v.as_u64().map(|n| (at, n)));
        // Each constraint, the types it applies to, and where it goes.
        let mut misplaced = Vec::new();
        for (key, applies, what) in [
            ("minimum", ty.is_numeric(), "numbers"),
            ("maximum", ty.is_numeric(), "numbers"),
        ] {
            let Some((k_at, n)) = number(key) else {
                continue;
            };
            match (applies, key) {
                (true, "minimum") => facts.minimum = Some(n),
                (true, _) => facts.maximum = Some(n),
                (false, _) => misplaced.push((k_at, key, what)),
            }
        }
        let string = matches!(ty, Ty::String);
        let list = matches!(ty, Ty::List(_));
        for (key, applies, what) in [
            ("minLength", string, "strings"),
            ("maxLength", string, "strings"),
            ("minItems", list, "lists"),
            ("maxItems", list, "lists"),
        ] {
            let Some((k_at, n)) = count(key) else {
                continue;
            };
            match (applies, key.starts_with("min")) {
                (true, true) => facts.min_length = Some(n),
                (true, false) => facts.max_length = Some(n),
                (false, _) => misplaced.push((k_at, key, what)),
            }
        }
        if let Some((k_at, v)) = first("pattern") {
            match (ty, v.as_str()) {
                (Ty::String, Some(p)) => facts.pattern = Some(p.to_owned()),
                _ => misplaced.push((k_at, "pattern", "strings")),
            }
        }
        for (k_at, key, what) in misplaced {
            self.note(
                doc,
                &format!("{k_at}/{key}"),
                Kind::Repaired,
                format!("`{key}` on a value of type `{ty}`: it applies to {what}; left out"),
            );
        }
        if let Some((e_at, example)) = first("example") {
            facts.example = self.example(doc, &format!("{e_at}/example"), example, ty);
        }
        facts
    }

    /// An example as our spec writes it (text), when it is of its type;
    /// else reported and left out.
    pub fn example(&mut self, doc: usize, at: &str, example: &Value, ty: &Ty) -> Option<String> {
        if example.is_null() {
            return None;
        }
        let fits = match ty {
            Ty::String | Ty::DateTime | Ty::Date => example.is_string(),
            Ty::Integer | Ty::Int32 => example.is_i64() || example.is_u64(),
            Ty::Number => example.is_number(),
            Ty::Boolean => example.is_boolean(),
            Ty::Json => true,
            Ty::File | Ty::Binary => false,
            Ty::List(_) => example.is_array(),
            Ty::Map(_) => example.is_object(),
            Ty::Named(_) => match self.kind(ty) {
                Some(DeclKind::Enum) => {
                    example.is_string() || example.is_number() || example.is_boolean()
                }
                Some(DeclKind::Struct) => example.is_object(),
                Some(DeclKind::Union) | None => true,
            },
        };
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

    /// When every alternative is a few values (`enum` or `const`) of one
    /// scalar type, those values, each with the words of its alternative.
    fn enum_alternatives(&mut self, alternatives: &[&Node<'d>]) -> Option<EnumValues<'d>> {
        if alternatives.len() < 2 {
            return None;
        }
        let mut out = EnumValues::default();
        for alternative in alternatives {
            let alt = self.docs.follow(alternative).ok()?;
            let o = alt.as_object()?;
            let structural = o.keys().any(|k| {
                matches!(
                    k.as_str(),
                    "properties" | "items" | "oneOf" | "anyOf" | "allOf" | "additionalProperties"
                )
            });
            if structural {
                return None;
            }
            let values: &'d [Value] = match (o.get("enum"), o.get("const")) {
                (Some(Value::Array(list)), _) => list,
                (None, Some(one)) => std::slice::from_ref(one),
                _ => return None,
            };
            let ty = o.get("type").and_then(Value::as_str).unwrap_or("string");
            if !matches!(ty, "string" | "integer" | "number" | "boolean") {
                return None;
            }
            match &out.ty {
                Some(t) if *t != ty => return None,
                _ => out.ty = Some(ty),
            }
            if let (Some(d), [one]) = (description_in(o.get("description")), values) {
                out.descriptions.insert(text_of(one), d);
            }
            out.values.extend(values.iter());
            out.places.push((alt.doc, alt.at.clone()));
        }
        Some(out)
    }

    fn enum_of_alternatives(&mut self, node: &Node<'d>, values: EnumValues<'d>, name: &str) {
        let list: Vec<Value> = values.values.into_iter().cloned().collect();
        let types: Vec<&str> = values.ty.into_iter().collect();
        for place in values.places {
            self.absorbed.insert(place, name.to_owned());
        }
        self.enum_with(node, &list, &types, name, values.descriptions);
    }

    fn enum_named(&mut self, node: &Node<'d>, values: &[Value], types: &[&str], name: &str) {
        let descriptions = value_descriptions(node.as_object().unwrap_or(&EMPTY));
        self.enum_with(node, values, types, name, descriptions)
    }

    fn enum_with(
        &mut self,
        node: &Node<'d>,
        values: &[Value],
        types: &[&str],
        name: &str,
        descriptions: BTreeMap<String, String>,
    ) {
        let (doc, at) = (node.doc, node.at.as_str());
        let obj = node.as_object().unwrap_or(&EMPTY);
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
        let variants = crate::import::names::distinct(&refs, variant_of, "");
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
            list.push(EnumValueSpec {
                name: variant,
                value: text.clone(),
                description: descriptions.get(text.as_str()).cloned(),
                properties: IndexMap::new(),
            });
        }
        if list.is_empty() {
            self.note(
                doc,
                at,
                Kind::Approximated,
                "an enum without values: read as a string".to_owned(),
            );
            list.push(EnumValueSpec {
                name: "Empty".to_owned(),
                value: String::new(),
                description: None,
                properties: IndexMap::new(),
            });
        }
        let spec = EnumSpec {
            description: self.description(obj, name),
            ty: (wire != "string").then(|| wire.to_owned()),
            docs_url: None,
            source: None,
            properties: IndexMap::new(),
            values: list,
            other: None,
        };
        self.declare(name, Decl::Enum(spec), doc, at);
    }

    fn union_named(
        &mut self,
        node: &Node<'d>,
        list: &Node<'d>,
        key: &str,
        tagged: bool,
        name: &str,
        dir: Direction,
    ) {
        let (doc, at) = (node.doc, node.at.as_str());
        let mut spec = self.declare_early(name, node);
        let mut alternatives: Vec<Ty> = Vec::new();
        for (i, alt) in list.items().iter().enumerate() {
            // `null` among the alternatives makes the type nullable where
            // it is used; constraints are not types.
            if is_null_schema(alt.value) || is_constraint_only(alt.value) {
                continue;
            }
            let ty = self.ty(alt, &format!("{name} {}", i + 1), dir);
            if !alternatives.contains(&ty.ty) {
                alternatives.push(ty.ty);
            }
        }
        let discriminator = node.child("discriminator").filter(|d| d.value.is_object());
        let mut variants: IndexMap<String, String> = IndexMap::new();
        let mut tag = String::new();
        if let (true, Some(d)) = (tagged, &discriminator) {
            tag = d.str("propertyName").unwrap_or_default().to_owned();
            if let Some(mapping) = d.child("mapping") {
                for (value, entry) in mapping.entries() {
                    let Some(r) = entry.value.as_str() else {
                        continue;
                    };
                    // A mapping value is a ref, or a component's bare name.
                    let reference = if r.contains('#') || r.contains('/') {
                        r.to_owned()
                    } else {
                        format!("#/components/schemas/{r}")
                    };
                    let ty = self.reference(&entry, &reference, name, dir);
                    variants.insert(value.to_owned(), ty.ty.to_string());
                }
            }
            if variants.is_empty() {
                self.note(doc, &d.at, Kind::Approximated, "a discriminator without `mapping`: the union is read untagged, as the first alternative that fits".to_owned());
            }
        }
        if alternatives.len() < 2 && variants.len() < 2 {
            // A union of one alternative is that alternative; of none, any JSON.
            let one = alternatives
                .first()
                .cloned()
                .filter(|t| t != &Ty::Named(name.to_owned()))
                .unwrap_or(Ty::Json);
            let what = if alternatives.is_empty() {
                "no alternative that is a type".to_owned()
            } else {
                format!("one distinct alternative (`{one}`)")
            };
            let place = Node {
                doc,
                at: format!("{at}/{key}"),
                value: list.value,
            };
            self.alias_origins
                .insert((doc, at.to_owned()), name.to_owned());
            self.alias(&place, name, one, &format!("a `{key}` with {what}"));
            return;
        }
        let union = if !variants.is_empty() {
            UnionSpec::Tagged(TaggedUnionSpec { tag, variants })
        } else {
            UnionSpec::Untagged(alternatives.iter().map(Ty::to_string).collect())
        };
        if tagged {
            spec.one_of = Some(union);
        } else {
            spec.any_of = Some(match union {
                UnionSpec::Untagged(list) => list,
                UnionSpec::Tagged(t) => t.variants.into_values().collect(),
            });
        }
        self.declare(name, Decl::Schema(spec), doc, at);
    }

    fn all_of_named(&mut self, node: &Node<'d>, members: &[Node<'d>], name: &str, dir: Direction) {
        let (doc, at) = (node.doc, node.at.as_str());
        let mut spec = self.declare_early(name, node);
        let mut parts = Vec::new();
        let mut fields = IndexMap::new();
        for (i, member) in members.iter().enumerate() {
            if is_annotation_only(member.value) || is_constraint_only(member.value) {
                continue;
            }
            // An object written in place extends the others: its fields
            // are this schema's own (they refine those of the parts).
            if is_inline_object(member.value) {
                for (key, field) in self.fields(member, name, dir) {
                    match fields.get(&key) {
                        Some(FieldSpec { ty, .. }) if *ty != field.ty => self.note(
                            doc,
                            &format!("{}/properties/{}", member.at, token(&key)),
                            Kind::Approximated,
                            format!(
                                "the `allOf` members disagree on the type of `{key}` (`{ty}`, `{}`): the last one's is read",
                                field.ty
                            ),
                        ),
                        _ => {}
                    }
                    fields.insert(key, field);
                }
                continue;
            }
            let ty = self.ty(member, &format!("{name} Part {}", i + 1), dir);
            match (&ty.ty, self.kind(&ty.ty)) {
                (Ty::Named(n), Some(DeclKind::Struct)) if n != name => parts.push(n.clone()),
                _ => self.note(
                    doc,
                    &member.at,
                    Kind::NotCarried,
                    format!(
                        "an `allOf` member that is not an object schema (`{}`); left out",
                        ty.ty
                    ),
                ),
            }
        }
        spec.all_of = parts;
        fields.extend(self.fields(node, name, dir));
        spec.fields = fields;
        self.declare(name, Decl::Schema(spec), doc, at);
    }
}

/// An object schema written in place: properties, and no composition of
/// its own.
fn is_inline_object(schema: &Value) -> bool {
    schema.as_object().is_some_and(|o| {
        o.get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
            && o.get("type").is_none_or(|t| t == "object")
            && !["$ref", "allOf", "oneOf", "anyOf", "enum", "const"]
                .iter()
                .any(|k| o.contains_key(*k))
    })
}

/// Descriptions of enum values, where the vendor gives them
/// (`x-enum-descriptions`, or `x-enumDescriptions` as a map or a list in
/// the values' order).
fn value_descriptions(obj: &Map<String, Value>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let values: Vec<String> = obj
        .get("enum")
        .and_then(Value::as_array)
        .map(|l| l.iter().map(text_of).collect())
        .unwrap_or_default();
    for key in ["x-enum-descriptions", "x-enumDescriptions"] {
        match obj.get(key) {
            Some(Value::Object(map)) => {
                for (k, v) in map {
                    if let Some(d) = v.as_str().filter(|d| !d.trim().is_empty()) {
                        out.insert(k.clone(), d.trim().to_owned());
                    }
                }
            }
            Some(Value::Array(list)) => {
                for (value, d) in values.iter().zip(list) {
                    if let Some(d) = d.as_str().filter(|d| !d.trim().is_empty()) {
                        out.insert(value.clone(), d.trim().to_owned());
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether a schema allows `null` (`nullable`, a `null` type, a `null`
/// alternative).
fn allows_null(value: &Value) -> bool {
    value.get("nullable") == Some(&Value::Bool(true))
        || value.get("x-nullable") == Some(&Value::Bool(true))
        || match value.get("type") {
            Some(Value::String(t)) => t == "null",
            Some(Value::Array(list)) => list.iter().any(|t| t == "null"),
            _ => false,
        }
        || ["oneOf", "anyOf"].iter().any(|k| {
            value
                .get(*k)
                .and_then(Value::as_array)
                .is_some_and(|l| l.iter().any(is_null_schema))
        })
}

/// Whether a component declares a type of its own (an enum, a union, an
/// object with fields, a composition), rather than being a scalar, a list,
/// a map or a ref to another.
fn declares_type(value: &Value) -> bool {
    value.as_object().is_some_and(|o| {
        o.contains_key("enum")
            || o.contains_key("const")
            || real_union(o, "oneOf").is_some()
            || real_union(o, "anyOf").is_some()
            || o.contains_key("allOf")
            || o.get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty())
    })
}

/// What a schema will be declared as, read from its keywords alone.
fn kind_of_value(value: &Value) -> DeclKind {
    match value.as_object() {
        Some(o) if o.contains_key("enum") || o.contains_key("const") => DeclKind::Enum,
        Some(o) if real_union(o, "oneOf").is_some() || real_union(o, "anyOf").is_some() => {
            DeclKind::Union
        }
        _ => DeclKind::Struct,
    }
}

/// The name of a schema a ref names, when the place names it: a
/// component (`#/components/schemas/Pet`, `#/definitions/Pet`,
/// `#/$defs/Pet`), a file that is one schema (`pet.yaml`: `Pet`), or a
/// schema of a file of schemas (`schemas.yaml#/Pet`).
pub fn component_name(docs: &Documents, target: &Target) -> Option<String> {
    let unescape = |t: &str| t.replace("~1", "/").replace("~0", "~");
    let pointer = target.pointer.as_str();
    for prefix in ["/components/schemas/", "/definitions/", "/$defs/"] {
        if let Some(rest) = pointer.strip_prefix(prefix).filter(|r| !r.contains('/')) {
            return Some(unescape(rest));
        }
    }
    // Outside an OpenAPI document: files of schemas.
    let document = &docs.docs[target.doc];
    if document.root.get("openapi").is_some() {
        return None;
    }
    match pointer.strip_prefix('/') {
        None if pointer.is_empty() => document
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned()),
        Some(rest) if !rest.contains('/') => Some(unescape(rest)),
        _ => None,
    }
}

/// The name a ref target's last pointer token suggests for an inline type
/// declared there (`#/components/responses/Error/content/.../schema` →
/// none; `#/components/parameters/Limit` → `Limit`).
fn component_hint(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("/components/")?;
    let (_, name) = rest.split_once('/')?;
    let name = name.split('/').next()?;
    Some(name.replace("~1", "/").replace("~0", "~"))
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

/// An alternative that only narrows the object around it: it lists which
/// properties are required, or restates some of the object's own
/// properties (`{properties: {status: {enum: [completed]}}, required:
/// [conclusion]}`), adding none.
fn narrows_only(obj: &Map<String, Value>, alternative: &Value) -> bool {
    if is_constraint_only(alternative) {
        return true;
    }
    let own = obj.get("properties").and_then(Value::as_object);
    let Some((own, alt)) = own.zip(alternative.as_object()) else {
        return false;
    };
    let keys_narrow = alt.keys().all(|k| {
        matches!(
            k.as_str(),
            "properties"
                | "required"
                | "additionalProperties"
                | "minProperties"
                | "maxProperties"
                | "description"
                | "title"
                | "type"
        )
    }) && alt.get("type").is_none_or(|t| t == "object");
    let properties_known = match alt.get("properties") {
        Some(p) => p
            .as_object()
            .is_some_and(|p| p.keys().all(|k| own.contains_key(k))),
        None => true,
    };
    keys_narrow && properties_known
}

/// The alternatives under `key`, unless there are none or they only
/// narrow the object around them.
fn real_union<'v>(obj: &'v Map<String, Value>, key: &str) -> Option<&'v Vec<Value>> {
    obj.get(key)
        .and_then(Value::as_array)
        .filter(|alternatives| !alternatives.iter().all(|a| narrows_only(obj, a)))
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
