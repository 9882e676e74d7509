//! Stage 3 model: one API with every name, type and reference resolved.
//!
//! Built by `validate` from a [`crate::spec::ApiSpec`]; read by `emit`. Rust
//! identifiers here are final (see [`crate::naming`]), wire names are verbatim.

pub use crate::spec::{ErrorDiscriminator, ParamLocation};

/// One API: one generated module.
#[derive(Debug, Clone, Hash)]
pub struct Api {
    /// The spec file's name, for the generated file's header.
    pub source_file: String,
    pub module: String,
    pub title: String,
    pub description: String,
    pub docs_url: String,
    pub base_path: String,
    pub servers: Servers,
    pub auth: Auth,
    pub enums: Vec<Enum>,
    pub structs: Vec<Struct>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, Hash)]
pub struct Servers {
    pub description: String,
    pub docs_url: Option<String>,
    pub source: Option<String>,
    pub list: Vec<Server>,
}

#[derive(Debug, Clone, Hash)]
pub struct Server {
    pub variant: String,
    pub title: String,
    pub url: String,
    pub default: bool,
}

#[derive(Debug, Clone, Hash)]
pub struct Auth {
    pub description: String,
    pub header: String,
    pub scheme: String,
    pub methods: Vec<String>,
    pub token_types: Vec<String>,
}

#[derive(Debug, Clone, Hash)]
pub struct Enum {
    pub rust_name: String,
    pub description: String,
    pub docs_url: Option<String>,
    pub source: Option<String>,
    pub properties: Vec<Property>,
    pub values: Vec<EnumValue>,
    pub other: Option<OtherValue>,
}

#[derive(Debug, Clone, Hash)]
pub struct Property {
    /// Accessor name.
    pub rust_name: String,
    pub description: String,
    /// `string[]` rather than `string`.
    pub many: bool,
}

#[derive(Debug, Clone, Hash)]
pub struct EnumValue {
    pub variant: String,
    pub display: String,
    pub wire: String,
    pub description: Option<String>,
    /// One per [`Enum::properties`], in the same order.
    pub properties: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Hash)]
pub struct OtherValue {
    pub variant: String,
    pub description: String,
    pub properties: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Hash)]
pub struct Struct {
    pub rust_name: String,
    pub description: String,
    pub docs_url: Option<String>,
    pub source: Option<String>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Hash)]
pub struct Field {
    pub rust_name: String,
    pub wire: String,
    pub ty: Type,
    pub required: bool,
    pub description: String,
    pub example: Option<String>,
}

/// A resolved type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    String,
    Integer,
    Number,
    Boolean,
    DateTime,
    Json,
    File,
    Enum(String),
    Struct(String),
    List(Box<Type>),
    Map(Box<Type>),
}

#[derive(Debug, Clone, Hash)]
pub struct Operation {
    /// snake_case: module and function names.
    pub rust_name: String,
    /// UpperCamelCase: prefix of the operation's types.
    pub type_prefix: String,
    pub summary: String,
    pub description: String,
    pub docs_url: String,
    pub method: String,
    /// The full path template as documented (`base_path` + `path`).
    pub path_template: String,
    pub path: Vec<PathSegment>,
    /// Inputs outside any `one_of`, in spec order.
    pub inputs: Vec<Input>,
    /// Headers with one allowed value, sent on every request.
    pub fixed_headers: Vec<(String, String)>,
    pub multipart: bool,
    pub one_of: Option<OneOf>,
    pub scopes: ScopeExpr,
    pub scope_variables: Vec<ScopeVariable>,
    pub response: Response,
    pub errors: Errors,
    pub samples: Vec<(String, String)>,
}

/// A piece of the path after the server URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// Literal text, possibly several `/`-separated segments.
    Literal(String),
    /// A path parameter, by its input's Rust name.
    Param(String),
}

#[derive(Debug, Clone, Hash)]
pub struct Input {
    pub wire: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub ty: Type,
    pub required: bool,
    pub description: String,
    pub example: Option<String>,
    /// Allowed values (more than one: documented, checked by the vendor).
    pub allowed: Option<Vec<String>>,
    /// Enum of allowed file types, whose `mime_type` labels the part.
    pub file_types: Option<String>,
}

#[derive(Debug, Clone, Hash)]
pub struct OneOf {
    pub rust_name: String,
    pub type_name: String,
    pub description: String,
    pub alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone, Hash)]
pub struct Alternative {
    pub variant: String,
    /// The type holding this alternative's inputs.
    pub type_name: String,
    pub description: String,
    /// The one required input; setting it chooses the alternative.
    pub selector: Input,
    /// Optional inputs available once the alternative is chosen.
    pub optional: Vec<Input>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ScopeExpr {
    Scope(String),
    AllOf(Vec<ScopeExpr>),
    AnyOf(Vec<ScopeExpr>),
}

#[derive(Debug, Clone, Hash)]
pub struct ScopeVariable {
    pub name: String,
    pub binding: ScopeBinding,
}

#[derive(Debug, Clone, Hash)]
pub enum ScopeBinding {
    /// The request's input, through an enum property (`None`: its wire value).
    Input {
        input: String,
        property: Option<String>,
    },
    /// Any value of the enum.
    AnyOf { enum_name: String },
}

#[derive(Debug, Clone, Hash)]
pub struct Response {
    pub status: u16,
    pub body: String,
    pub example: Option<String>,
}

#[derive(Debug, Clone, Hash)]
pub struct Errors {
    pub by: ErrorDiscriminator,
    /// With `BodyCode`: the body schema and its code field's Rust name.
    pub code_body: Option<(String, String)>,
    pub variants: Vec<ErrorVariant>,
}

#[derive(Debug, Clone, Hash)]
pub struct ErrorVariant {
    pub variant: String,
    pub code: Option<String>,
    pub status: u16,
    pub body: String,
    /// (message, resolution) for each documented meaning; a code listed
    /// twice on the page has two.
    pub cases: Vec<(String, Option<String>)>,
    pub example: Option<String>,
}
