//! Stage 1 model: the serde types of a YAML spec file, exactly as written.
//!
//! Nothing here is checked beyond its shape; `validate` turns an [`ApiSpec`]
//! into a resolved [`crate::model::Api`]. Unknown keys are errors
//! (`deny_unknown_fields`), so a typo never silently drops a vendor fact.

use indexmap::IndexMap;
use serde::Deserialize;

/// One API, one file: `spec/<name>.yaml`.
///
/// The type parameters let `load` read the sections first as raw YAML and
/// then each entry on its own, so that one bad entry does not hide the next.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSpec<E = EnumSpec, S = SchemaSpec, O = OperationSpec> {
    /// Rust module name of the API (`zoho_crm`).
    pub name: String,
    /// Human title, first line of the module docs.
    pub title: String,
    /// What the API is, for the module docs.
    pub description: String,
    /// The vendor's documentation home.
    pub docs_url: String,
    /// Prefix of every operation path after the server URL (`/crm/v7`).
    #[serde(default)]
    pub base_path: String,
    /// Where requests can be sent.
    pub servers: ServersSpec,
    /// How requests authenticate.
    pub auth: AuthSpec,
    /// Closed sets of values shared by operations.
    #[serde(default = "IndexMap::new")]
    pub enums: IndexMap<String, E>,
    /// Object schemas shared by operations (responses, error bodies).
    #[serde(default = "IndexMap::new")]
    pub schemas: IndexMap<String, S>,
    /// The endpoints, by Rust name.
    pub operations: IndexMap<String, O>,
}

/// The vendor's hosts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServersSpec {
    pub description: String,
    #[serde(default)]
    pub docs_url: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    pub list: Vec<ServerSpec>,
}

/// One host, such as a data center.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSpec {
    pub name: String,
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub default: bool,
}

/// Token authentication in a header: `<header>: <scheme> <token>`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSpec {
    pub description: String,
    pub header: String,
    pub scheme: String,
    #[serde(default)]
    pub methods: Vec<String>,
    #[serde(default)]
    pub token_types: Vec<String>,
}

/// A closed set of values, optionally open to vendor-defined extra values.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumSpec {
    pub description: String,
    #[serde(default)]
    pub docs_url: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    /// Extra facts every value carries (name → description or `{type, description}`).
    #[serde(default)]
    pub properties: IndexMap<String, PropertySpec>,
    pub values: Vec<EnumValueSpec>,
    /// A variant that carries any other wire value (Zoho's custom modules).
    #[serde(default)]
    pub other: Option<OtherValueSpec>,
}

/// Declaration of an enum property.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum PropertySpec {
    /// A string property, described.
    Described(String),
    /// A property with an explicit type (`string` or `string[]`).
    Typed(TypedPropertySpec),
}

/// `{type, description}` form of [`PropertySpec`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypedPropertySpec {
    #[serde(rename = "type")]
    pub ty: String,
    pub description: String,
}

/// One value of an enum. Keys other than these are property values.
#[derive(Debug, Deserialize)]
pub struct EnumValueSpec {
    /// Display name; the Rust variant is derived from it.
    pub name: String,
    /// What goes on the wire.
    pub value: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(flatten)]
    pub properties: IndexMap<String, PropertyValue>,
}

/// The open variant of an enum. Keys other than these are property values.
#[derive(Debug, Deserialize)]
pub struct OtherValueSpec {
    pub name: String,
    pub description: String,
    #[serde(flatten)]
    pub properties: IndexMap<String, PropertyValue>,
}

/// A property value: one string or a list.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum PropertyValue {
    One(String),
    Many(Vec<String>),
}

/// An object schema.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaSpec {
    pub description: String,
    #[serde(default)]
    pub docs_url: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    pub fields: IndexMap<String, FieldSpec>,
}

/// One field of an object schema, keyed by its wire name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Type expression: `string`, `integer`, `number`, `boolean`, `datetime`,
    /// `json`, a schema or enum name, `T[]` or `map<T>`.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    pub description: String,
    #[serde(default)]
    pub example: Option<String>,
    #[serde(default)]
    pub rust_name: Option<String>,
}

/// One endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    pub summary: String,
    pub description: String,
    pub docs_url: String,
    pub method: String,
    /// Path after `base_path`, with `{param}` placeholders.
    pub path: String,
    #[serde(default)]
    pub params: IndexMap<String, ParamSpec>,
    #[serde(default)]
    pub body: Option<BodySpec>,
    pub scopes: ScopeExprSpec,
    #[serde(default)]
    pub scope_variables: IndexMap<String, ScopeVariableSpec>,
    pub response: ResponseSpec,
    pub errors: ErrorsSpec,
    #[serde(default)]
    pub samples: Vec<SampleSpec>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Form,
}

/// One input of an operation, keyed by its wire name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    #[serde(rename = "in")]
    pub location: ParamLocation,
    #[serde(rename = "type")]
    pub ty: String,
    /// Path parameters are always required.
    #[serde(default)]
    pub required: bool,
    pub description: String,
    #[serde(default)]
    pub rust_name: Option<String>,
    #[serde(default)]
    pub example: Option<String>,
    /// The only values allowed; a single value makes the parameter fixed.
    #[serde(default)]
    pub values: Option<Vec<String>>,
    /// For file parts: the enum of allowed file types (with `mime_type`).
    #[serde(default)]
    pub file_types: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

/// The request body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodySpec {
    pub content_type: String,
    /// Mutually exclusive groups of inputs: exactly one alternative is sent.
    #[serde(default)]
    pub one_of: Option<OneOfSpec>,
}

/// A choice between alternatives (Zoho: a file or a link).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OneOfSpec {
    pub name: String,
    pub description: String,
    pub alternatives: IndexMap<String, AlternativeSpec>,
}

/// One alternative of a [`OneOfSpec`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlternativeSpec {
    pub description: String,
    pub params: IndexMap<String, ParamSpec>,
}

/// A scope requirement: a scope template, or all/any of sub-expressions.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ScopeExprSpec {
    Scope(String),
    AllOf(AllOfSpec),
    AnyOf(AnyOfSpec),
}

/// `{all_of: [...]}`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllOfSpec {
    pub all_of: Vec<ScopeExprSpec>,
}

/// `{any_of: [...]}`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnyOfSpec {
    pub any_of: Vec<ScopeExprSpec>,
}

/// What a `{variable}` in a scope template stands for.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeVariableSpec {
    /// Bound by a request parameter (with `property`, one of its enum's properties).
    #[serde(default)]
    pub param: Option<String>,
    #[serde(default)]
    pub property: Option<String>,
    /// Free: any value of this enum satisfies.
    #[serde(default, rename = "enum")]
    pub enum_name: Option<String>,
}

/// The success response.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    pub status: u16,
    pub body: String,
    #[serde(default)]
    pub example: Option<String>,
}

/// How errors are told apart, and the documented ones.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorsSpec {
    pub by: ErrorDiscriminator,
    /// With `by: body_code`: the body field holding the code.
    #[serde(default)]
    pub code_field: Option<String>,
    /// Default body schema of every error.
    #[serde(default)]
    pub body: Option<String>,
    pub list: Vec<ErrorSpec>,
}

/// What identifies an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorDiscriminator {
    /// A code in the JSON body (Zoho).
    BodyCode,
    /// The HTTP status (HighLevel).
    Status,
}

/// One documented error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    #[serde(default)]
    pub code: Option<String>,
    pub status: u16,
    /// Variant name; defaults to the code in UpperCamelCase.
    #[serde(default)]
    pub name: Option<String>,
    pub message: String,
    #[serde(default)]
    pub resolution: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub example: Option<String>,
}

/// A request sample from the page, kept for the docs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleSpec {
    pub title: String,
    pub request: String,
}
