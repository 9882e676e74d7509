//! Stage 1 model: the serde types of a YAML spec file, exactly as written.
//!
//! Nothing here is checked beyond its shape; `validate` turns an [`ApiSpec`]
//! into a resolved [`crate::model::Api`]. Unknown keys are errors
//! (`deny_unknown_fields`), so a typo never silently drops a vendor fact.

use indexmap::IndexMap;
use serde::Deserialize;

/// One API, one file: `spec/<name>.yaml`.
// The type parameters let `load` read the sections first as raw YAML and
// then each entry on its own, so that one bad entry does not hide the next.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    deny_unknown_fields,
    bound(deserialize = "E: Deserialize<'de>, S: Deserialize<'de>, O: Deserialize<'de>")
)]
pub struct ApiSpec<E = EnumSpec, S = SchemaSpec, O = OperationSpec> {
    /// Rust module name of the API (`zoho_crm`).
    pub name: String,
    /// Human title, first line of the module docs.
    pub title: String,
    /// What the API is, for the module docs.
    pub description: String,
    /// The vendor's documentation home (absent: the vendor names none, as
    /// in some OpenAPI files).
    #[serde(default)]
    pub docs_url: String,
    /// Prefix of every operation path after the server URL (`/crm/v7`).
    #[serde(default)]
    pub base_path: String,
    /// Where requests can be sent.
    pub servers: ServersSpec,
    /// How requests authenticate: the token types and the docs, and, in
    /// short, one token in a header (`header` and `scheme`). APIs with other
    /// schemes, or several, declare `security_schemes` instead.
    #[serde(default)]
    pub auth: Option<AuthSpec>,
    /// The API's security schemes by name, as OpenAPI's `securitySchemes`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub security_schemes: IndexMap<String, SecuritySchemeSpec>,
    /// The requirement of every operation that states none: any one of the
    /// alternatives, each a list of schemes sent together (`[[oauth],
    /// [key, basic]]`; `[]` as an alternative: none needed). Default: any
    /// one of the schemes.
    #[serde(default)]
    pub security: Option<Vec<Vec<String>>>,
    /// How tokens are had from the vendor's OAuth 2.0 token endpoint: what
    /// the vendor's prose says and its OpenAPI file does not (token URL per
    /// data center, rotating refresh tokens, answer fields, token exchanges).
    #[serde(default)]
    pub oauth: Option<OAuthSpec>,
    /// The vendor's rate-limit headers, beyond the IETF `RateLimit` and
    /// `RateLimit-Policy` fields, which are always read.
    #[serde(default)]
    pub rate_limits: Option<RateLimitsSpec>,
    /// The events the vendor sends (webhooks): how they are signed and told
    /// apart, and their payloads. In an API split over files, one group file
    /// may hold them instead.
    #[serde(default)]
    pub webhooks: Option<WebhooksSpec>,
    /// Closed sets of values shared by operations.
    #[serde(default, deserialize_with = "unique_keys")]
    pub enums: IndexMap<String, E>,
    /// Object schemas shared by operations (responses, error bodies).
    #[serde(default, deserialize_with = "unique_keys")]
    pub schemas: IndexMap<String, S>,
    /// The endpoints, by Rust name. In an API split over several files
    /// (`spec/<name>/api.yaml` and its groups), the groups hold them.
    #[serde(default, deserialize_with = "unique_keys")]
    pub operations: IndexMap<String, O>,
}

/// One group of an API split over several files: every `*.yaml` of
/// `spec/<name>/` but `api.yaml`, which holds the [`ApiSpec`] header and
/// what the groups share. A group's names share one namespace with the other
/// files of its API.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    deny_unknown_fields,
    bound(deserialize = "E: Deserialize<'de>, S: Deserialize<'de>, O: Deserialize<'de>")
)]
pub struct ApiPartSpec<E = EnumSpec, S = SchemaSpec, O = OperationSpec> {
    /// What the group is (the vendor's tag description).
    #[serde(default)]
    pub description: Option<String>,
    /// The events the vendor sends, when this group holds them (see
    /// [`ApiSpec::webhooks`]).
    #[serde(default)]
    pub webhooks: Option<WebhooksSpec>,
    /// Closed sets of values of this group.
    #[serde(default, deserialize_with = "unique_keys")]
    pub enums: IndexMap<String, E>,
    /// Object schemas of this group.
    #[serde(default, deserialize_with = "unique_keys")]
    pub schemas: IndexMap<String, S>,
    /// The group's endpoints, by Rust name.
    #[serde(default, deserialize_with = "unique_keys")]
    pub operations: IndexMap<String, O>,
}

/// The vendor's hosts.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ServersSpec {
    /// What the servers are (becomes the docs of `enum Server`).
    pub description: String,
    /// The vendor page listing the servers.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// Where facts not on the vendor page come from.
    #[serde(default)]
    pub source: Option<String>,
    /// The hosts; exactly one is `default: true`.
    pub list: Vec<ServerSpec>,
}

/// One host, such as a data center.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ServerSpec {
    /// Short name; the `Server` variant is derived from it (`us` → `Us`).
    pub name: String,
    /// Human name, for the docs.
    pub title: String,
    /// Base URL, without a trailing `/`.
    pub url: String,
    /// The server `Server::default()` returns.
    #[serde(default)]
    pub default: bool,
}

/// How requests authenticate. With `header` and `scheme`, the API has one
/// security scheme, `token`: `<header>: <scheme> <token>`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuthSpec {
    /// How to get a token, for the docs.
    pub description: String,
    /// The header carrying the token (`Authorization`); with `scheme`.
    #[serde(default)]
    pub header: Option<String>,
    /// The scheme before the token (`Bearer`, `Zoho-oauthtoken`); with `header`.
    #[serde(default)]
    pub scheme: Option<String>,
    /// The vendor's names for the accepted kinds of token.
    #[serde(default)]
    pub methods: Vec<String>,
    /// The vendor's token types.
    #[serde(default)]
    pub token_types: Vec<String>,
}

/// One security scheme, as OpenAPI's `securitySchemes` have them.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum SecuritySchemeSpec {
    /// HTTP authentication: `bearer`, `basic`, or any other scheme word
    /// (sent as `Authorization: <scheme> <token>`).
    Http {
        /// What the credentials are and where to get them.
        #[serde(default)]
        description: String,
        /// The scheme word (`bearer`, `basic`, `Zoho-oauthtoken`).
        scheme: String,
        /// What the bearer token is (`JWT`), for the docs.
        #[serde(default)]
        bearer_format: Option<String>,
    },
    /// An API key in a header, the query or a cookie.
    ApiKey {
        /// What the key is and where to get it.
        #[serde(default)]
        description: String,
        /// Where it goes: `header`, `query` or `cookie`.
        #[serde(rename = "in")]
        location: KeyLocationSpec,
        /// The header, parameter or cookie name.
        name: String,
        /// A word sent before the key in a header (`Token`), where the
        /// vendor's prose asks for one; none by default.
        #[serde(default)]
        prefix: Option<String>,
    },
    /// OAuth 2.0: an access token, as `Authorization: <prefix> <token>`.
    Oauth2 {
        /// What the tokens are and how to get them.
        #[serde(default)]
        description: String,
        /// The word before the token (default `Bearer`; Zoho's `Zoho-oauthtoken`).
        #[serde(default)]
        prefix: Option<String>,
        /// The flows, by OpenAPI's names (`authorization_code`,
        /// `client_credentials`, `implicit`, `password`).
        #[serde(default, deserialize_with = "unique_keys")]
        flows: IndexMap<String, OAuthFlowSpec>,
    },
    /// OpenID Connect: an ID provider's access token, as a bearer token.
    OpenIdConnect {
        /// What the tokens are.
        #[serde(default)]
        description: String,
        /// The provider's discovery document.
        open_id_connect_url: String,
        /// The word before the token (default `Bearer`).
        #[serde(default)]
        prefix: Option<String>,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum KeyLocationSpec {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One OAuth 2.0 flow (OpenAPI's OAuth Flow Object).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OAuthFlowSpec {
    /// Where the user grants access (authorization code and implicit flows).
    #[serde(default)]
    pub authorization_url: Option<String>,
    /// Where tokens are issued (every flow but implicit).
    #[serde(default)]
    pub token_url: Option<String>,
    /// Where tokens are refreshed, when not at `token_url`.
    #[serde(default)]
    pub refresh_url: Option<String>,
    /// The scopes, with what each grants.
    #[serde(default, deserialize_with = "unique_keys")]
    pub scopes: IndexMap<String, String>,
}

/// The vendor's OAuth 2.0 token endpoint: the refresh-token grant (RFC 6749
/// §6) and the token exchanges the vendor adds. Becomes the API's `oauth`
/// module (`oauth::Refresh`, one type per exchange).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OAuthSpec {
    /// How the client gets its first tokens, for the docs.
    pub description: String,
    /// Where the facts come from (the vendor's page).
    #[serde(default)]
    pub source: Option<String>,
    /// The token endpoint, the same for every server.
    #[serde(default)]
    pub token_url: Option<String>,
    /// The token endpoint of each server (data center), by server name;
    /// instead of `token_url`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub token_urls: IndexMap<String, String>,
    /// Seconds a token lives when the answer gives no `expires_in`
    /// (default 3600).
    #[serde(default)]
    pub lifetime: Option<u64>,
    /// Each refresh spends the refresh token and answers with a new one,
    /// which must be stored before it is used (the generated `Refresh`
    /// then takes a store).
    #[serde(default)]
    pub rotates: bool,
    /// Fields the vendor adds to the refresh form, by wire name.
    #[serde(default, deserialize_with = "unique_keys")]
    pub fields: IndexMap<String, OAuthFieldSpec>,
    /// Fields of the token answer that later requests need, by wire name.
    #[serde(default, deserialize_with = "unique_keys")]
    pub keep: IndexMap<String, KeptFieldSpec>,
    /// Tokens made from other tokens, by Rust name (`location_token`).
    #[serde(default, deserialize_with = "unique_keys")]
    pub exchanges: IndexMap<String, ExchangeSpec>,
}

/// A field of a token request's form: a fixed value, or one the caller gives.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum OAuthFieldSpec {
    /// Always this value.
    Fixed(String),
    /// Given by the caller.
    Input(OAuthInputSpec),
}

/// A form field the caller gives.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OAuthInputSpec {
    /// What it is, for the docs.
    pub description: String,
    /// Its values, when closed (a generated enum); any text otherwise.
    #[serde(default)]
    pub values: Vec<String>,
}

/// A field of the token answer kept for later requests.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KeptFieldSpec {
    /// What it is, for the docs.
    pub description: String,
    /// It is the base URL of the account's server (becomes
    /// `Refresh::server()`, a `Server`).
    #[serde(default)]
    pub server: bool,
}

/// A token made from another (the vendor's exchange endpoint).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExchangeSpec {
    /// What it makes, and from which token, for the docs.
    pub description: String,
    /// The endpoint, posted a form with the grant's token as bearer.
    pub url: String,
    /// The form's fields, by wire name.
    #[serde(default, deserialize_with = "unique_keys")]
    pub fields: IndexMap<String, OAuthFieldSpec>,
    /// Seconds a token lives when the answer gives no `expires_in`
    /// (default 3600).
    #[serde(default)]
    pub lifetime: Option<u64>,
}

/// The events a vendor sends to the consumer's endpoint (webhooks).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhooksSpec {
    /// What the events are, for the docs of the `webhooks` module.
    pub description: String,
    /// The vendor's page listing them.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// Where facts not on the vendor's pages come from.
    #[serde(default)]
    pub source: Option<String>,
    /// The payload field whose value names the event (`type`).
    pub discriminator: String,
    /// How deliveries are signed; none: they are not (`parse` only).
    #[serde(default)]
    pub signature: Option<WebhookSignatureSpec>,
    /// How replays are told apart.
    #[serde(default)]
    pub replay: Option<ReplaySpec>,
    /// The largest body read, in bytes (default 1 MiB).
    #[serde(default)]
    pub max_body: Option<usize>,
    /// The events, by name (the generated `Event` variant).
    #[serde(deserialize_with = "unique_keys")]
    pub events: IndexMap<String, WebhookEventSpec>,
}

/// A delivery's signature.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookSignatureSpec {
    /// The header carrying it (`x-wh-signature`).
    pub header: String,
    /// How it is made: `rsa_sha256` (RSASSA-PKCS1-v1_5 with SHA-256 over
    /// the raw body).
    pub algorithm: SignatureAlgorithmSpec,
    /// How the header encodes it: `base64`.
    pub encoding: SignatureEncodingSpec,
    /// The vendor's public keys (PEM), newest first; more than one while a
    /// key is being rotated.
    pub public_keys: Vec<PublicKeySpec>,
}

/// A signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignatureAlgorithmSpec {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2).
    RsaSha256,
}

/// How a signature is written in its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignatureEncodingSpec {
    /// Standard base64 (RFC 4648 §4).
    Base64,
}

/// One of the vendor's public keys.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicKeySpec {
    /// Which key it is (`2025`), for the docs.
    pub name: String,
    /// The key, PEM (`-----BEGIN PUBLIC KEY-----`).
    pub pem: String,
    /// Where it is published.
    #[serde(default)]
    pub source: Option<String>,
}

/// What makes a delivery a replay.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReplaySpec {
    /// The payload field holding when it was sent.
    #[serde(default)]
    pub timestamp_field: Option<String>,
    /// How old a delivery may be, in seconds (default 300), clock skew aside.
    #[serde(default)]
    pub window: Option<u64>,
    /// The payload field holding the delivery's id; a repeated id is refused.
    #[serde(default)]
    pub id_field: Option<String>,
}

/// One event.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookEventSpec {
    /// When the vendor sends it (the page's words).
    pub description: String,
    /// The event's page.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// The discriminator's value for it (default: the event's name).
    #[serde(default)]
    pub value: Option<String>,
    /// The payload's type (a schema's name, or `json`).
    pub payload: String,
    /// The vendor's example payloads, for the docs and the tests.
    #[serde(default)]
    pub examples: Vec<serde_json::Value>,
}

/// The vendor's rate-limit headers.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RateLimitsSpec {
    /// What the limits are, for the docs.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the facts come from.
    #[serde(default)]
    pub source: Option<String>,
    /// The quotas, by name (`burst`, `daily`).
    #[serde(deserialize_with = "unique_keys")]
    pub quotas: IndexMap<String, QuotaSpec>,
}

/// The headers of one quota (at least one).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QuotaSpec {
    /// The header with the requests allowed per window.
    #[serde(default)]
    pub limit: Option<String>,
    /// The header with the requests left.
    #[serde(default)]
    pub remaining: Option<String>,
    /// The header with the window's length.
    #[serde(default)]
    pub window: Option<DurationHeaderSpec>,
    /// The header with the time until the quota resets.
    #[serde(default)]
    pub reset: Option<DurationHeaderSpec>,
}

/// A header holding a number of seconds or milliseconds.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DurationHeaderSpec {
    /// The header's name.
    pub header: String,
    /// `seconds` (default) or `milliseconds`.
    #[serde(default)]
    pub unit: TimeUnitSpec,
}

/// The unit of a duration header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum TimeUnitSpec {
    /// Seconds.
    #[default]
    Seconds,
    /// Milliseconds.
    Milliseconds,
}

/// A closed set of values, optionally open to vendor-defined extra values.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumSpec {
    /// Becomes the enum's docs.
    pub description: String,
    /// What the values are on the wire: `string` (the default), `integer`,
    /// `number` or `boolean` (the `value`s are then written as text).
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    /// The vendor page listing the values.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// Where facts not on the vendor page come from.
    #[serde(default)]
    pub source: Option<String>,
    /// Extra facts every value carries (name → description or `{type, description}`).
    #[serde(default, deserialize_with = "unique_keys")]
    pub properties: IndexMap<String, PropertySpec>,
    pub values: Vec<EnumValueSpec>,
    /// A variant that carries any other wire value (Zoho's custom modules).
    #[serde(default)]
    pub other: Option<OtherValueSpec>,
}

/// Declaration of an enum property.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum PropertySpec {
    /// A string property, described.
    Described(String),
    /// A property with an explicit type (`string` or `string[]`).
    Typed(TypedPropertySpec),
}

/// `{type, description}` form of [`PropertySpec`].
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TypedPropertySpec {
    /// `string` or `string[]`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Becomes the accessor's docs.
    pub description: String,
}

/// One value of an enum. Keys other than these are property values.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EnumValueSpec {
    /// Display name; the Rust variant is derived from it.
    pub name: String,
    /// What goes on the wire.
    pub value: String,
    /// What the value means, when the vendor says.
    #[serde(default)]
    pub description: Option<String>,
    /// A value for each declared property.
    #[serde(flatten, deserialize_with = "unique_keys")]
    pub properties: IndexMap<String, PropertyValue>,
}

/// The open variant of an enum. Keys other than these are property values.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OtherValueSpec {
    /// The variant's name (`Custom`).
    pub name: String,
    /// Becomes the variant's docs.
    pub description: String,
    /// A value for each declared property.
    #[serde(flatten, deserialize_with = "unique_keys")]
    pub properties: IndexMap<String, PropertyValue>,
}

/// A property value: one string or a list.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum PropertyValue {
    One(String),
    Many(Vec<String>),
}

/// An object schema.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SchemaSpec {
    /// Becomes the struct's docs.
    pub description: String,
    /// The vendor page describing it.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// Where facts not on the vendor page come from.
    #[serde(default)]
    pub source: Option<String>,
    /// Fields by JSON key, in the vendor's order.
    #[serde(default, deserialize_with = "unique_keys")]
    pub fields: IndexMap<String, FieldSpec>,
    /// Schemas whose fields this one has too, before its own (`allOf`).
    #[serde(default)]
    pub all_of: Vec<String>,
    /// The type of every key not among `fields` (`additionalProperties`):
    /// kept in a map next to the known fields.
    #[serde(default)]
    pub additional: Option<String>,
    /// Instead of fields: exactly one of these types (`oneOf`), as a list
    /// (told apart by trying each in order) or tagged by a property.
    #[serde(default)]
    pub one_of: Option<UnionSpec>,
    /// Instead of fields: any of these types (`anyOf`), read as the first
    /// that fits.
    #[serde(default)]
    pub any_of: Option<Vec<String>>,
}

/// The alternatives of a union schema.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum UnionSpec {
    /// Type expressions, tried in order.
    Untagged(Vec<String>),
    /// Told apart by a string property every alternative has.
    Tagged(TaggedUnionSpec),
}

/// `{tag, variants}` form of [`UnionSpec`].
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TaggedUnionSpec {
    /// The property holding the tag (`type`).
    pub tag: String,
    /// Tag value → the schema of that alternative.
    #[serde(deserialize_with = "unique_keys")]
    pub variants: IndexMap<String, String>,
}

/// One field of an object schema, keyed by its wire name.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Type expression: `string`, `integer` (or `int64`), `int32`, `number`,
    /// `boolean`, `datetime`, `date`, `json`, a schema or enum name, `T[]` or
    /// `map<T>`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Absent (or, unless `nullable`, null) is an error (otherwise `Option`).
    #[serde(default)]
    pub required: bool,
    /// May be `null`. With `required`: present, but possibly `null`
    /// (`Option`, and sent as `null`); not the same as optional, which may
    /// be absent. Without: in a struct that requests send, three states
    /// (`Option<Nullable<T>>`: left out, sent as `null`, a value); in one
    /// only read from responses, `Option` (`null` reads as absent).
    #[serde(default)]
    pub nullable: bool,
    /// The vendor's note when the field is deprecated.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// The vendor's default when absent, for the docs.
    #[serde(default)]
    pub default: Option<String>,
    /// The smallest number allowed, for the docs.
    #[serde(default)]
    pub minimum: Option<f64>,
    /// The largest number allowed, for the docs.
    #[serde(default)]
    pub maximum: Option<f64>,
    /// The fewest characters (or items) allowed, for the docs.
    #[serde(default)]
    pub min_length: Option<u64>,
    /// The most characters (or items) allowed, for the docs.
    #[serde(default)]
    pub max_length: Option<u64>,
    /// The regular expression values match, for the docs.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Becomes the field's docs (which say when the vendor wrote none).
    #[serde(default)]
    pub description: String,
    /// The vendor's example value, for the docs.
    #[serde(default)]
    pub example: Option<String>,
    /// The Rust field name, instead of the derived one.
    #[serde(default)]
    pub rust_name: Option<String>,
}

/// One endpoint.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    /// The vendor page's title.
    pub summary: String,
    /// What the operation does, for the docs (the docs say when the vendor
    /// wrote none).
    #[serde(default)]
    pub description: String,
    /// The vendor page, if it has one.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// The vendor's note when the operation is deprecated.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// `none`: the operation is called without a token.
    #[serde(default)]
    pub auth: Option<OperationAuthSpec>,
    /// The operation's own requirement, as the API's `security` (`[]`:
    /// called without credentials).
    #[serde(default)]
    pub security: Option<Vec<Vec<String>>>,
    /// The API's `auth.token_types` this operation accepts (default: any).
    #[serde(default)]
    pub token_types: Vec<String>,
    /// Hosts of its own, by the API's server name (Zoho sends uploads to
    /// `content.zohoapis.com`): every server of the API, each with its URL.
    #[serde(default, deserialize_with = "unique_keys")]
    pub servers: IndexMap<String, String>,
    /// HTTP method.
    pub method: String,
    /// Path after `base_path`, with `{param}` placeholders.
    pub path: String,
    /// Inputs by wire name.
    #[serde(default, deserialize_with = "unique_keys")]
    pub params: IndexMap<String, ParamSpec>,
    /// The request body, if any.
    #[serde(default)]
    pub body: Option<BodySpec>,
    /// The OAuth scopes needed; absent when the vendor lists none.
    #[serde(default)]
    pub scopes: Option<ScopeExprSpec>,
    /// What each `{variable}` in `scopes` stands for.
    #[serde(default, deserialize_with = "unique_keys")]
    pub scope_variables: IndexMap<String, ScopeVariableSpec>,
    /// The success response (or `responses`, for several).
    #[serde(default)]
    pub response: Option<ResponseSpec>,
    /// Several success responses, each with its status (and `name`).
    #[serde(default)]
    pub responses: Option<Vec<ResponseSpec>>,
    /// The documented errors.
    pub errors: ErrorsSpec,
    /// The vendor's request samples.
    #[serde(default)]
    pub samples: Vec<SampleSpec>,
    /// How results continue on further pages, for list operations.
    #[serde(default)]
    pub pagination: Option<PaginationSpec>,
}

/// How an operation authenticates, when not as the API does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum OperationAuthSpec {
    /// No token is sent.
    None,
}

/// How a list operation's results continue on further pages. Field paths
/// are the response's JSON keys joined with `.` (`info.more_records`).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum PaginationSpec {
    /// Numbered pages (Zoho's `page` and `info.more_records`): the next
    /// page is the query parameter `param` plus one (the first is 1) while
    /// the boolean field `more` is true.
    Page {
        /// The list field holding a page's items.
        items: String,
        /// The optional integer query parameter with the page number.
        param: String,
        /// The boolean field that is true while more pages follow.
        more: String,
    },
    /// An offset (HighLevel's `offset`): the next page starts after the
    /// items received so far, until a page comes back empty.
    Offset {
        /// The list field holding a page's items.
        items: String,
        /// The optional integer query parameter with the offset.
        param: String,
    },
    /// Cursors the response hands out (Zoho's `page_token`, HighLevel's
    /// `startAfter`/`startAfterId` in `meta`): each query parameter of
    /// `cursors` gets the value of its response field, until one is absent.
    Cursor {
        /// The list field holding a page's items.
        items: String,
        /// Query parameter → the response field holding its next value.
        #[serde(deserialize_with = "unique_keys")]
        cursors: IndexMap<String, String>,
    },
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    /// A part of a multipart/form-data body.
    Form,
    /// A top-level field of a JSON object body.
    Body,
    /// The whole JSON body (`body.type`): never written as `in:`.
    #[serde(skip)]
    WholeBody,
}

/// One input of an operation, keyed by its wire name.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    /// Where it goes: `path`, `query`, `header`, `form` (multipart) or
    /// `body` (a field of a JSON object body).
    #[serde(rename = "in")]
    pub location: ParamLocation,
    /// Type expression (see `FieldSpec::type`), or `file`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Path parameters are always required.
    #[serde(default)]
    pub required: bool,
    /// A JSON body field (`in: body`) that may be sent as `null` (a PATCH
    /// clearing it): besides its setter, the builder gets `<name>_null()`.
    /// An optional one has three states (not sent, `null`, a value:
    /// `Option<Nullable<T>>`), a required one two (`Nullable<T>`). Query,
    /// header, path and form inputs have no `null` on the wire: refused.
    #[serde(default)]
    pub nullable: bool,
    /// Becomes the setter's and field's docs (which say when the vendor
    /// wrote none).
    #[serde(default)]
    pub description: String,
    /// The Rust name, instead of the derived one.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// The vendor's example value.
    #[serde(default)]
    pub example: Option<String>,
    /// The only values allowed; a single value makes the parameter fixed.
    #[serde(default)]
    pub values: Option<Vec<String>>,
    /// For file parts: the enum of allowed file types (with `mime_type`).
    #[serde(default)]
    pub file_types: Option<String>,
    /// The name on the wire, when it is not the key (one name used in two
    /// places: `locationId` in the query and in the body).
    #[serde(default)]
    pub name: Option<String>,
    /// For a query list: `false` sends one comma-joined value (`a=1,2`)
    /// instead of one pair per item (`a=1&a=2`).
    #[serde(default)]
    pub explode: Option<bool>,
    /// The server's value when the input is not sent, for the docs.
    #[serde(default)]
    pub default: Option<String>,
    /// The smallest number allowed, checked before sending.
    #[serde(default)]
    pub minimum: Option<f64>,
    /// The largest number allowed, checked before sending.
    #[serde(default)]
    pub maximum: Option<f64>,
    /// The fewest characters (or items) allowed, checked before sending.
    #[serde(default)]
    pub min_length: Option<u64>,
    /// The most characters (or items) allowed, checked before sending.
    #[serde(default)]
    pub max_length: Option<u64>,
    /// The regular expression values match, for the docs.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Where facts not on the vendor page come from.
    #[serde(default)]
    pub source: Option<String>,
}

/// The request body.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BodySpec {
    /// `multipart/form-data` (inputs `in: form`) or `application/json`
    /// (inputs `in: body`, or the whole body's `type`).
    pub content_type: String,
    /// A JSON body that is not an object of `in: body` fields: its type
    /// expression (`Note[]`, `map<string>`, `json` for any JSON value).
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    /// With `type`: what the body is, for the docs.
    #[serde(default)]
    pub description: Option<String>,
    /// With `type`: the vendor's example body (JSON).
    #[serde(default)]
    pub example: Option<String>,
    /// Mutually exclusive groups of inputs: exactly one alternative is sent.
    #[serde(default)]
    pub one_of: Option<OneOfSpec>,
}

/// A choice between alternatives (Zoho: a file or a link).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OneOfSpec {
    /// The request field holding the choice (`content`).
    pub name: String,
    /// Becomes the choice's docs.
    pub description: String,
    /// The alternatives by name (`file`, `link`).
    #[serde(deserialize_with = "unique_keys")]
    pub alternatives: IndexMap<String, AlternativeSpec>,
}

/// One alternative of a [`OneOfSpec`].
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AlternativeSpec {
    /// Becomes the alternative's docs.
    pub description: String,
    /// Exactly one required input (which chooses it) and optional ones.
    #[serde(deserialize_with = "unique_keys")]
    pub params: IndexMap<String, ParamSpec>,
}

/// A scope requirement: a scope template, or all/any of sub-expressions.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum ScopeExprSpec {
    /// One scope, possibly with `{variables}`.
    Scope(String),
    /// Every one of these.
    AllOf(AllOfSpec),
    /// At least one of these.
    AnyOf(AnyOfSpec),
}

/// `{all_of: [...]}`
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AllOfSpec {
    /// Every one of these.
    pub all_of: Vec<ScopeExprSpec>,
}

/// `{any_of: [...]}`
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AnyOfSpec {
    /// At least one of these.
    pub any_of: Vec<ScopeExprSpec>,
}

/// What a `{variable}` in a scope template stands for.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScopeVariableSpec {
    /// Bound by a request parameter (with `property`, one of its enum's properties).
    #[serde(default)]
    pub param: Option<String>,
    /// With `param`: the enum property to use instead of the wire value.
    #[serde(default)]
    pub property: Option<String>,
    /// Free: any value of this enum satisfies.
    #[serde(default, rename = "enum")]
    pub enum_name: Option<String>,
}

/// The success response.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// The success status.
    pub status: u16,
    /// The body's type expression (a schema, `Note[]`, `map<T>`, `string`,
    /// `json`...); none for a response without content (204).
    #[serde(default)]
    pub body: Option<String>,
    /// Among several `responses`: the output enum's variant for this one
    /// (default: from the status, `Created`).
    #[serde(default)]
    pub name: Option<String>,
    /// Among several `responses`: what this one means.
    #[serde(default)]
    pub description: Option<String>,
    /// The vendor's sample body (JSON), checked by the tests.
    #[serde(default)]
    pub example: Option<String>,
    /// Documented response headers, by name: `{type, description}`.
    #[serde(default, deserialize_with = "unique_keys")]
    pub headers: IndexMap<String, ResponseHeaderSpec>,
    /// A server-sent event stream (`text/event-stream`) instead of a `body`:
    /// the events it carries.
    #[serde(default)]
    pub stream: Option<StreamSpec>,
}

/// A `text/event-stream` success: its events by name, read as they arrive.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StreamSpec {
    /// Whether the stream resumes after a dropped connection: the client
    /// sends the request again with `Last-Event-ID` (the vendor documents
    /// that it honours it).
    #[serde(default)]
    pub resumes: bool,
    /// The events, by name (`message`: events sent without a name).
    #[serde(deserialize_with = "unique_keys")]
    pub events: IndexMap<String, StreamEventSpec>,
}

/// One event of a stream.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StreamEventSpec {
    /// The data's type expression: `string` for the text as sent, any other
    /// type read as JSON; absent: the event's data is not read (a heartbeat).
    #[serde(default)]
    pub data: Option<String>,
    /// What the event means, for the docs.
    #[serde(default)]
    pub description: String,
    /// The vendor's sample data (JSON unless `data` is `string`): what the
    /// mock sends by default, checked by the tests.
    #[serde(default)]
    pub example: Option<String>,
}

/// A documented response header.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseHeaderSpec {
    /// `string`, `integer`, `number`, `boolean`, `datetime`, `date` or an enum.
    #[serde(rename = "type")]
    pub ty: String,
    /// What it says, for the docs.
    #[serde(default)]
    pub description: String,
}

/// How errors are told apart, and the documented ones.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ErrorsSpec {
    /// `body_code` or `status`.
    pub by: ErrorDiscriminator,
    /// With `by: body_code`: the body field holding the code.
    #[serde(default)]
    pub code_field: Option<String>,
    /// Default body schema of every error.
    #[serde(default)]
    pub body: Option<String>,
    /// The documented errors, in the vendor's order.
    pub list: Vec<ErrorSpec>,
}

/// What identifies an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorDiscriminator {
    /// A code in the JSON body (Zoho).
    BodyCode,
    /// The HTTP status (HighLevel).
    Status,
}

/// One documented error.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    /// With `by: body_code`: the code.
    #[serde(default)]
    pub code: Option<String>,
    /// The HTTP status.
    pub status: u16,
    /// Variant name; defaults to the code in UpperCamelCase.
    #[serde(default)]
    pub name: Option<String>,
    /// The vendor's message.
    pub message: String,
    /// The vendor's resolution.
    #[serde(default)]
    pub resolution: Option<String>,
    /// This error's body schema, instead of the list's.
    #[serde(default)]
    pub body: Option<String>,
    /// The vendor's sample body (JSON), checked by the tests.
    #[serde(default)]
    pub example: Option<String>,
}

/// A request sample from the page, kept for the docs.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SampleSpec {
    /// What the sample shows.
    pub title: String,
    /// The sample, verbatim.
    pub request: String,
}

/// Reads a map, refusing a key given twice. YAML forbids duplicate keys and
/// reading through `serde_yaml::Value` refuses them, but a map deserialized
/// directly would keep the last entry silently.
fn unique_keys<'de, D, V>(deserializer: D) -> Result<IndexMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Entries<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
        type Value = IndexMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut entries = IndexMap::with_capacity(map.size_hint().unwrap_or(0));
            while let Some(key) = map.next_key::<String>()? {
                if entries.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "duplicate entry with key \"{key}\""
                    )));
                }
                let value = map.next_value()?;
                entries.insert(key, value);
            }
            Ok(entries)
        }
    }
    deserializer.deserialize_map(Entries(std::marker::PhantomData))
}
