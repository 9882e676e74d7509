//! A page profile: what the headings and lines of one family of vendor
//! reference pages mean, for `apigen import pages --profile` (one page per
//! operation, as Zoho CRM publishes its API). Declarative: patterns are
//! regular expressions (Rust `regex` syntax), matched against the page's
//! text with Markdown's backslash escapes undone (`module\_name` reads
//! `module_name`) and emphasis marks (`**`) taken out of headings.
//!
//! Another vendor's documentation family needs another profile, not code.
//! Its JSON Schema is `#/$defs/PageProfile` of `spec/schema.json`.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// A documentation family's page profile.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PageProfile {
    /// The format's version: `1`.
    pub profile: u32,
    /// The path prefix of every operation after the server URL (`/crm/v7`).
    #[serde(default)]
    pub base_path: String,
    /// What the request URL section's URLs start with before the path
    /// (a pattern: `\{api-domain\}|https://[^/]+`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_prefix: Option<String>,
    /// Values of the placeholders a request URL writes before the path
    /// (`version: v7` for `{api-domain}/crm/bulk/{version}/read`): a request
    /// URL that `url_prefix` does not match puts its operation under a base
    /// path of its own, read from the URL with these values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub url_variables: BTreeMap<String, String>,
    /// The headings of each kind of section: patterns, any of which names
    /// it (`^Possible Errors$`).
    pub sections: Sections,
    /// An operation's line in the endpoints section: the groups `method`,
    /// `path` and optionally `url` (the operation's page).
    pub endpoint: String,
    /// Also look for the endpoint line inside code blocks, where a page
    /// shows it as a fenced `POST https://host/path` line rather than under
    /// an endpoints heading (read only when no endpoints section names one).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub endpoint_in_code: bool,
    /// Lines (not headings) that close the open section: what follows them
    /// belongs to no section until the next heading. For pages that list
    /// several responses under one heading, each opened by its status
    /// phrase (`^Bad Request$`): the success's keys and sample are read, the
    /// error bodies' are not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub section_end: Vec<String>,
    /// How an operation is named: `url` (the stem of the endpoint's page
    /// URL, `upload-attachment.html` → `upload_attachment`) or `title`.
    #[serde(default)]
    pub names: NameSource,
    /// A list section's items (supported modules): separated by this
    /// pattern.
    #[serde(default = "default_separator")]
    pub list_separator: String,
    /// A line of a values section (operation types): groups `value` and
    /// optionally `description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_entry: Option<String>,
    /// Parameter and body-key entries.
    pub entry: EntryProfile,
    /// Error entries.
    pub error: ErrorProfile,
    /// Scope expressions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<ScopeProfile>,
    /// A header line (`Name: value`): groups `name` and `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// Headers the client sends itself (the credentials' header).
    #[serde(default)]
    pub client_headers: Vec<String>,
    /// Code blocks as the pages hold them: what to take off.
    #[serde(default)]
    pub code: CodeProfile,
    /// Enums made of list sections, by name (`Module`).
    #[serde(default)]
    pub enums: IndexMap<String, EnumProfile>,
    /// What each `{variable}` of a scope stands for, by variable.
    #[serde(default)]
    pub scope_variables: IndexMap<String, ScopeVariableProfile>,
    /// A line of the site's menu, which lists every operation of the API
    /// (`[POSTAttachment](url)`): groups `method`, `title`, `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub menu: Option<String>,
}

fn default_separator() -> String {
    r",\s*(?:and\s+)?|\s+and\s+".to_owned()
}

/// Heading patterns by section kind; a kind left out is not read.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Sections {
    /// The operation's purpose: its description.
    #[serde(default)]
    pub purpose: Vec<String>,
    /// The `[METHOD /path](url)` lines: one operation each.
    #[serde(default)]
    pub endpoints: Vec<String>,
    /// The request URL, whose path may hold a prefix other than the base.
    #[serde(default)]
    pub request_url: Vec<String>,
    /// A list of display names of an enum's values (supported modules).
    #[serde(default)]
    pub values: Vec<String>,
    /// A list of another name of each value, in the same order (a module's
    /// name in scopes).
    #[serde(default)]
    pub value_names: Vec<String>,
    /// Lines of a value and its description (operation types).
    #[serde(default)]
    pub value_lines: Vec<String>,
    /// Request headers.
    #[serde(default)]
    pub headers: Vec<String>,
    /// The scope expression.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Query parameters, as entries.
    #[serde(default)]
    pub parameters: Vec<String>,
    /// Parts of a multipart form body, as entries.
    #[serde(default)]
    pub form_data: Vec<String>,
    /// Keys of a JSON body, as entries.
    #[serde(default)]
    pub body_keys: Vec<String>,
    /// A sample JSON body (read for its types where no keys are listed).
    #[serde(default)]
    pub sample_input: Vec<String>,
    /// Sample requests: kept verbatim.
    #[serde(default)]
    pub sample_request: Vec<String>,
    /// The error entries.
    #[serde(default)]
    pub errors: Vec<String>,
    /// Keys of the response, as entries (their descriptions).
    #[serde(default)]
    pub response_keys: Vec<String>,
    /// Sample responses: the success body's type is inferred from them.
    #[serde(default)]
    pub sample_response: Vec<String>,
}

/// How operations are named.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum NameSource {
    /// The stem of the endpoint's page URL.
    #[default]
    Url,
    /// The page's title.
    Title,
}

/// A parameter or body-key entry (`- namestring, mandatory`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EntryProfile {
    /// The entry's line: groups `name`, `type` and optionally `flags`;
    /// `{types}` stands for the type words of `types`, longest first.
    pub pattern: String,
    /// Matched against `flags`: the entry is required.
    pub required: String,
    /// The vendor's type words (case-insensitive) → our types (`string`,
    /// `integer`, `boolean`, `json`, `file`...).
    pub types: IndexMap<String, String>,
}

/// An error entry: its line, then its message, then its resolution.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ErrorProfile {
    /// The entry's line: groups `code` and `status`.
    pub pattern: String,
    /// The resolution's line: group `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// The error body's field that holds the code.
    pub code_field: String,
    /// The error body's type name.
    pub body: String,
    /// The error body's fields and their types (`code: string`).
    pub fields: IndexMap<String, String>,
}

/// A scope expression: scope lines joined by `or` and `and` lines.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScopeProfile {
    /// A scope's line: group `scope`.
    pub pattern: String,
    /// A line that joins by OR.
    pub or: String,
    /// A line that joins by AND.
    pub and: String,
    /// Which binds tighter: `or` (`A or B and C` is `(A or B) and C`) or
    /// `and`.
    #[serde(default)]
    pub tighter: Joiner,
}

/// A scope joiner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Joiner {
    #[default]
    Or,
    And,
}

/// Code blocks: the scrape's marks to take off.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeProfile {
    /// Text a block starts with that is not code (a copy button's label).
    #[serde(default)]
    pub strip_prefix: Vec<String>,
    /// Text lines end with that is not code.
    #[serde(default)]
    pub strip_line_suffix: Vec<String>,
}

/// An enum of a list section's values.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumProfile {
    /// The placeholders (of a path or a query) that take its values
    /// (`module_api_name`).
    #[serde(default)]
    pub params: Vec<String>,
    /// Which section lists the values: `values` or `value_lines`.
    #[serde(default = "default_from")]
    pub from: String,
    /// The property that `value_names` gives each value (`scope_name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names_property: Option<String>,
    /// A listed value that stands for any other (`Custom`): the enum's
    /// `other` variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
    /// Replacements that make a wire value of a display name (`" ": "_"`).
    #[serde(default)]
    pub wire: IndexMap<String, String>,
}

fn default_from() -> String {
    "values".to_owned()
}

/// What a scope variable stands for.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScopeVariableProfile {
    /// The placeholder whose enum property it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// That property.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    /// Or: any value of this enum (of `enums`).
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_name: Option<String>,
}
