//! Stage 1 model: the serde types of a YAML spec file, exactly as written.
//!
//! Nothing here is checked beyond its shape; `validate` turns an [`ApiSpec`]
//! into a resolved [`crate::model::Api`]. Unknown keys are errors
//! (`deny_unknown_fields`), so a typo never silently drops a vendor fact.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// One API, one file: `spec/<name>.yaml`.
// The type parameters let `load` read the sections first as raw YAML and
// then each entry on its own, so that one bad entry does not hide the next.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    deny_unknown_fields,
    bound(
        deserialize = "E: Deserialize<'de>, S: Deserialize<'de>, O: Deserialize<'de>",
        serialize = "E: Serialize, S: Serialize, O: Serialize"
    )
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
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs_url: String,
    /// Prefix of every operation path after the server URL (`/crm/v7`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub base_path: String,
    /// Where requests can be sent.
    pub servers: ServersSpec,
    /// How requests authenticate: the token types and the docs, and, in
    /// short, one token in a header (`header` and `scheme`). APIs with other
    /// schemes, or several, declare `security_schemes` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<AuthSpec>,
    /// The API's security schemes by name, as OpenAPI's `securitySchemes`.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub security_schemes: IndexMap<String, SecuritySchemeSpec>,
    /// The requirement of every operation that states none: any one of the
    /// alternatives, each a list of schemes sent together (`[[oauth],
    /// [key, basic]]`; `[]` as an alternative: none needed). Default: any
    /// one of the schemes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<Vec<String>>>,
    /// How tokens are had from the vendor's OAuth 2.0 token endpoint: what
    /// the vendor's prose says and its OpenAPI file does not (token URL per
    /// data center, rotating refresh tokens, answer fields, token exchanges).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<OAuthSpec>,
    /// The vendor's rate-limit headers, beyond the IETF `RateLimit` and
    /// `RateLimit-Policy` fields, which are always read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limits: Option<RateLimitsSpec>,
    /// The events the vendor sends (webhooks): how they are signed and told
    /// apart, and their payloads. In an API split over files, one group file
    /// may hold them instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhooks: Option<WebhooksSpec>,
    /// Closed sets of values shared by operations.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub enums: IndexMap<String, E>,
    /// Object schemas shared by operations (responses, error bodies).
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub schemas: IndexMap<String, S>,
    /// The endpoints, by Rust name. In an API split over several files
    /// (`spec/<name>/api.yaml` and its groups), the groups hold them.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub operations: IndexMap<String, O>,
}

/// One group of an API split over several files: every `*.yaml` of
/// `spec/<name>/` but `api.yaml`, which holds the [`ApiSpec`] header and
/// what the groups share. A group's names share one namespace with the other
/// files of its API.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    deny_unknown_fields,
    bound(
        deserialize = "E: Deserialize<'de>, S: Deserialize<'de>, O: Deserialize<'de>",
        serialize = "E: Serialize, S: Serialize, O: Serialize"
    )
)]
pub struct ApiPartSpec<E = EnumSpec, S = SchemaSpec, O = OperationSpec> {
    /// What the group is (the vendor's tag description).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The events the vendor sends, when this group holds them (see
    /// [`ApiSpec::webhooks`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhooks: Option<WebhooksSpec>,
    /// Closed sets of values of this group.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub enums: IndexMap<String, E>,
    /// Object schemas of this group.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub schemas: IndexMap<String, S>,
    /// The group's endpoints, by Rust name.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub operations: IndexMap<String, O>,
}

/// The vendor's hosts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ServersSpec {
    /// What the servers are (becomes the docs of `enum Server`).
    pub description: String,
    /// The vendor page listing the servers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    /// Where facts not on the vendor page come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The hosts; exactly one is `default: true`.
    pub list: Vec<ServerSpec>,
}

/// One host, such as a data center.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    #[serde(default, skip_serializing_if = "is_false")]
    pub default: bool,
}

/// How requests authenticate. With `header` and `scheme`, the API has one
/// security scheme, `token`: `<header>: <scheme> <token>`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuthSpec {
    /// How to get a token, for the docs.
    pub description: String,
    /// The header carrying the token (`Authorization`); with `scheme`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// The scheme before the token (`Bearer`, `Zoho-oauthtoken`); with `header`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// The vendor's names for the accepted kinds of token.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<String>,
    /// The vendor's token types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub token_types: Vec<String>,
}

/// One security scheme, as OpenAPI's `securitySchemes` have them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum SecuritySchemeSpec {
    /// HTTP authentication: `bearer`, `basic`, or any other scheme word
    /// (sent as `Authorization: <scheme> <token>`).
    Http {
        /// What the credentials are and where to get them.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        description: String,
        /// The scheme word (`bearer`, `basic`, `Zoho-oauthtoken`).
        scheme: String,
        /// What the bearer token is (`JWT`), for the docs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bearer_format: Option<String>,
    },
    /// An API key in a header, the query or a cookie.
    ApiKey {
        /// What the key is and where to get it.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        description: String,
        /// Where it goes: `header`, `query` or `cookie`.
        #[serde(rename = "in")]
        location: KeyLocationSpec,
        /// The header, parameter or cookie name.
        name: String,
        /// A word sent before the key in a header (`Token`), where the
        /// vendor's prose asks for one; none by default.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prefix: Option<String>,
    },
    /// OAuth 2.0: an access token, as `Authorization: <prefix> <token>`.
    Oauth2 {
        /// What the tokens are and how to get them.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        description: String,
        /// The word before the token (default `Bearer`; Zoho's `Zoho-oauthtoken`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prefix: Option<String>,
        /// The flows, by OpenAPI's names (`authorization_code`,
        /// `client_credentials`, `implicit`, `password`).
        #[serde(
            default,
            deserialize_with = "unique_keys",
            skip_serializing_if = "IndexMap::is_empty"
        )]
        flows: IndexMap<String, OAuthFlowSpec>,
    },
    /// OpenID Connect: an ID provider's access token, as a bearer token.
    OpenIdConnect {
        /// What the tokens are.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        description: String,
        /// The provider's discovery document.
        open_id_connect_url: String,
        /// The word before the token (default `Bearer`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prefix: Option<String>,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OAuthFlowSpec {
    /// Where the user grants access (authorization code and implicit flows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    /// Where tokens are issued (every flow but implicit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// Where tokens are refreshed, when not at `token_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_url: Option<String>,
    /// The scopes, with what each grants.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub scopes: IndexMap<String, String>,
}

/// The vendor's OAuth 2.0 token endpoint: the refresh-token grant (RFC 6749
/// §6) and the token exchanges the vendor adds. Becomes the API's `oauth`
/// module (`oauth::Refresh`, one type per exchange).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OAuthSpec {
    /// How the client gets its first tokens, for the docs.
    pub description: String,
    /// Where the facts come from (the vendor's page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The token endpoint, the same for every server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// The token endpoint of each server (data center), by server name;
    /// instead of `token_url`.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub token_urls: IndexMap<String, String>,
    /// Seconds a token lives when the answer gives no `expires_in`
    /// (default 3600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime: Option<u64>,
    /// Each refresh spends the refresh token and answers with a new one,
    /// which must be stored before it is used (the generated `Refresh`
    /// then takes a store).
    #[serde(default, skip_serializing_if = "is_false")]
    pub rotates: bool,
    /// Fields the vendor adds to the refresh form, by wire name.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub fields: IndexMap<String, OAuthFieldSpec>,
    /// Fields of the token answer that later requests need, by wire name.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub keep: IndexMap<String, KeptFieldSpec>,
    /// Tokens made from other tokens, by Rust name (`location_token`).
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub exchanges: IndexMap<String, ExchangeSpec>,
}

/// A field of a token request's form: a fixed value, or one the caller gives.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum OAuthFieldSpec {
    /// Always this value.
    Fixed(String),
    /// Given by the caller.
    Input(OAuthInputSpec),
}

/// A form field the caller gives.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OAuthInputSpec {
    /// What it is, for the docs.
    pub description: String,
    /// Its values, when closed (a generated enum); any text otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

/// A field of the token answer kept for later requests.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KeptFieldSpec {
    /// What it is, for the docs.
    pub description: String,
    /// It is the base URL of the account's server (becomes
    /// `Refresh::server()`, a `Server`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub server: bool,
}

/// A token made from another (the vendor's exchange endpoint).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExchangeSpec {
    /// What it makes, and from which token, for the docs.
    pub description: String,
    /// The endpoint, posted a form with the grant's token as bearer.
    pub url: String,
    /// The form's fields, by wire name.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub fields: IndexMap<String, OAuthFieldSpec>,
    /// Seconds a token lives when the answer gives no `expires_in`
    /// (default 3600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime: Option<u64>,
}

/// The events a vendor sends to the consumer's endpoint (webhooks).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhooksSpec {
    /// What the events are, for the docs of the `webhooks` module.
    pub description: String,
    /// The vendor's page listing them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    /// Where facts not on the vendor's pages come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The payload field whose value names the event (`type`).
    pub discriminator: String,
    /// How deliveries are signed; none: they are not (`parse` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<WebhookSignatureSpec>,
    /// How replays are told apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replay: Option<ReplaySpec>,
    /// The largest body read, in bytes (default 1 MiB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_body: Option<usize>,
    /// The events, by name (the generated `Event` variant).
    #[serde(deserialize_with = "unique_keys")]
    pub events: IndexMap<String, WebhookEventSpec>,
}

/// A delivery's signature.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignatureAlgorithmSpec {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2).
    RsaSha256,
}

/// How a signature is written in its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignatureEncodingSpec {
    /// Standard base64 (RFC 4648 §4).
    Base64,
}

/// One of the vendor's public keys.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicKeySpec {
    /// Which key it is (`2025`), for the docs.
    pub name: String,
    /// The key, PEM (`-----BEGIN PUBLIC KEY-----`).
    pub pem: String,
    /// Where it is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What makes a delivery a replay.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReplaySpec {
    /// The payload field holding when it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_field: Option<String>,
    /// How old a delivery may be, in seconds (default 300), clock skew aside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<u64>,
    /// The payload field holding the delivery's id; a repeated id is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_field: Option<String>,
}

/// One event.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookEventSpec {
    /// When the vendor sends it (the page's words).
    pub description: String,
    /// The event's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    /// The discriminator's value for it (default: the event's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The payload's type (a schema's name, or `json`).
    pub payload: String,
    /// The vendor's example payloads, for the docs and the tests.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<serde_json::Value>,
}

/// The vendor's rate-limit headers.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RateLimitsSpec {
    /// What the limits are, for the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the facts come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The quotas, by name (`burst`, `daily`).
    #[serde(deserialize_with = "unique_keys")]
    pub quotas: IndexMap<String, QuotaSpec>,
}

/// The headers of one quota (at least one).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QuotaSpec {
    /// The header with the requests allowed per window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// The header with the requests left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<String>,
    /// The header with the window's length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<DurationHeaderSpec>,
    /// The header with the time until the quota resets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset: Option<DurationHeaderSpec>,
}

/// A header holding a number of seconds or milliseconds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DurationHeaderSpec {
    /// The header's name.
    pub header: String,
    /// `seconds` (default) or `milliseconds`.
    #[serde(default, skip_serializing_if = "TimeUnitSpec::is_seconds")]
    pub unit: TimeUnitSpec,
}

/// The unit of a duration header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumSpec {
    /// Becomes the enum's docs.
    pub description: String,
    /// What the values are on the wire: `string` (the default), `integer`,
    /// `number` or `boolean` (the `value`s are then written as text).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// The vendor page listing the values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    /// Where facts not on the vendor page come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Extra facts every value carries (name → description or `{type, description}`).
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub properties: IndexMap<String, PropertySpec>,
    pub values: Vec<EnumValueSpec>,
    /// A variant that carries any other wire value (Zoho's custom modules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<OtherValueSpec>,
}

/// Declaration of an enum property.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum PropertySpec {
    /// A string property, described.
    Described(String),
    /// A property with an explicit type (`string` or `string[]`).
    Typed(TypedPropertySpec),
}

/// `{type, description}` form of [`PropertySpec`].
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EnumValueSpec {
    /// Display name; the Rust variant is derived from it.
    pub name: String,
    /// What goes on the wire.
    pub value: String,
    /// What the value means, when the vendor says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A value for each declared property.
    #[serde(flatten, deserialize_with = "unique_keys")]
    pub properties: IndexMap<String, PropertyValue>,
}

/// The open variant of an enum. Keys other than these are property values.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum PropertyValue {
    One(String),
    Many(Vec<String>),
}

/// An object schema.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SchemaSpec {
    /// Becomes the struct's docs.
    pub description: String,
    /// The vendor page describing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    /// Where facts not on the vendor page come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Fields by JSON key, in the vendor's order.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub fields: IndexMap<String, FieldSpec>,
    /// Schemas whose fields this one has too, before its own (`allOf`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all_of: Vec<String>,
    /// The type of every key not among `fields` (`additionalProperties`):
    /// kept in a map next to the known fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional: Option<String>,
    /// Instead of fields: exactly one of these types (`oneOf`), as a list
    /// (told apart by trying each in order) or tagged by a property.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_of: Option<UnionSpec>,
    /// Instead of fields: any of these types (`anyOf`), read as the first
    /// that fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any_of: Option<Vec<String>>,
}

/// The alternatives of a union schema.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum UnionSpec {
    /// Type expressions, tried in order.
    Untagged(Vec<String>),
    /// Told apart by a string property every alternative has.
    Tagged(TaggedUnionSpec),
}

/// `{tag, variants}` form of [`UnionSpec`].
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// The vendor's note when the field is deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// The vendor's default when absent, for the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// The smallest number allowed, for the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// The largest number allowed, for the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// The fewest characters (or items) allowed, for the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// The most characters (or items) allowed, for the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// The regular expression values match, for the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Becomes the field's docs (which say when the vendor wrote none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The vendor's example value, for the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The Rust field name, instead of the derived one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
}

/// One endpoint.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    /// The vendor page's title.
    pub summary: String,
    /// What the operation does, for the docs (the docs say when the vendor
    /// wrote none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The vendor page, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    /// The vendor's note when the operation is deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// `none`: the operation is called without a token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<OperationAuthSpec>,
    /// The operation's own requirement, as the API's `security` (`[]`:
    /// called without credentials).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<Vec<String>>>,
    /// The API's `auth.token_types` this operation accepts (default: any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub token_types: Vec<String>,
    /// Hosts of its own, by the API's server name (Zoho sends uploads to
    /// `content.zohoapis.com`): every server of the API, each with its URL.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub servers: IndexMap<String, String>,
    /// A base path of its own, in place of the API's `base_path`, where the
    /// vendor puts the operation under another prefix (Zoho's bulk jobs:
    /// `/crm/bulk/v7`, where the API's is `/crm/v7`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_path: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Path after `base_path`, with `{param}` placeholders.
    pub path: String,
    /// Inputs by wire name.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub params: IndexMap<String, ParamSpec>,
    /// The request body, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BodySpec>,
    /// The OAuth scopes needed; absent when the vendor lists none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<ScopeExprSpec>,
    /// What each `{variable}` in `scopes` stands for.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub scope_variables: IndexMap<String, ScopeVariableSpec>,
    /// The success response (or `responses`, for several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<ResponseSpec>,
    /// Several success responses, each with its status (and `name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responses: Option<Vec<ResponseSpec>>,
    /// The documented errors.
    pub errors: ErrorsSpec,
    /// The vendor's request samples.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<SampleSpec>,
    /// How results continue on further pages, for list operations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<PaginationSpec>,
}

/// How an operation authenticates, when not as the API does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum OperationAuthSpec {
    /// No token is sent.
    None,
}

/// How a list operation's results continue on further pages. Field paths
/// are the response's JSON keys joined with `.` (`info.more_records`).
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// Becomes the setter's and field's docs (which say when the vendor
    /// wrote none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The Rust name, instead of the derived one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// The vendor's example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The only values allowed; a single value makes the parameter fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// For file parts: the enum of allowed file types (with `mime_type`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_types: Option<String>,
    /// The name on the wire, when it is not the key (one name used in two
    /// places: `locationId` in the query and in the body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For a query list: `false` sends one comma-joined value (`a=1,2`)
    /// instead of one pair per item (`a=1&a=2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explode: Option<bool>,
    /// The server's value when the input is not sent, for the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// The smallest number allowed, checked before sending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// The largest number allowed, checked before sending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// The fewest characters (or items) allowed, checked before sending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// The most characters (or items) allowed, checked before sending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// The regular expression values match, for the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Where facts not on the vendor page come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl ParamSpec {
    /// An input with nothing but where it goes, its type and whether it is
    /// required.
    pub fn new(location: ParamLocation, ty: &str, required: bool) -> ParamSpec {
        ParamSpec {
            location,
            ty: ty.to_owned(),
            required,
            nullable: false,
            description: String::new(),
            rust_name: None,
            example: None,
            values: None,
            file_types: None,
            name: None,
            explode: None,
            default: None,
            minimum: None,
            maximum: None,
            min_length: None,
            max_length: None,
            pattern: None,
            source: None,
        }
    }
}

/// The request body.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BodySpec {
    /// `multipart/form-data` (inputs `in: form`) or `application/json`
    /// (inputs `in: body`, or the whole body's `type`).
    pub content_type: String,
    /// A JSON body that is not an object of `in: body` fields: its type
    /// expression (`Note[]`, `map<string>`, `json` for any JSON value).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// With `type`: what the body is, for the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// With `type`: the vendor's example body (JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Mutually exclusive groups of inputs: exactly one alternative is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_of: Option<OneOfSpec>,
    /// `false`: a request may go without a body (OpenAPI's
    /// `requestBody.required` absent or false). A whole body (`type`) is
    /// then an optional builder input, and a body of `in: body` or `form`
    /// params is sent only when one of them is set; either way, a request
    /// without one has no body and no `Content-Type`. Its params are all
    /// optional, and it has no `one_of`. Default `true`: always sent.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = true)))]
    pub required: bool,
}

/// A choice between alternatives (Zoho: a file or a link).
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AllOfSpec {
    /// Every one of these.
    pub all_of: Vec<ScopeExprSpec>,
}

/// `{any_of: [...]}`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AnyOfSpec {
    /// At least one of these.
    pub any_of: Vec<ScopeExprSpec>,
}

/// What a `{variable}` in a scope template stands for.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScopeVariableSpec {
    /// Bound by a request parameter (with `property`, one of its enum's properties).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// With `param`: the enum property to use instead of the wire value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    /// Free: any value of this enum satisfies.
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_name: Option<String>,
}

/// The success response.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// The success status.
    pub status: u16,
    /// The body's type expression (a schema, `Note[]`, `map<T>`, `string`,
    /// `json`...); none for a response without content (204).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Among several `responses`: the output enum's variant for this one
    /// (default: from the status, `Created`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Among several `responses`: what this one means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The vendor's sample body (JSON), checked by the tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Documented response headers, by name: `{type, description}`.
    #[serde(
        default,
        deserialize_with = "unique_keys",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub headers: IndexMap<String, ResponseHeaderSpec>,
    /// A server-sent event stream (`text/event-stream`) instead of a `body`:
    /// the events it carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<StreamSpec>,
}

impl ResponseSpec {
    /// A success of this status without content.
    pub fn status(status: u16) -> ResponseSpec {
        ResponseSpec {
            status,
            body: None,
            name: None,
            description: None,
            example: None,
            headers: IndexMap::new(),
            stream: None,
        }
    }
}

/// A `text/event-stream` success: its events by name, read as they arrive.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StreamSpec {
    /// Whether the stream resumes after a dropped connection: the client
    /// sends the request again with `Last-Event-ID` (the vendor documents
    /// that it honours it).
    #[serde(default, skip_serializing_if = "is_false")]
    pub resumes: bool,
    /// The events, by name (`message`: events sent without a name).
    #[serde(deserialize_with = "unique_keys")]
    pub events: IndexMap<String, StreamEventSpec>,
}

/// One event of a stream.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StreamEventSpec {
    /// The data's type expression: `string` for the text as sent, any other
    /// type read as JSON; absent: the event's data is not read (a heartbeat).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// What the event means, for the docs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The vendor's sample data (JSON unless `data` is `string`): what the
    /// mock sends by default, checked by the tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
}

/// A documented response header.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseHeaderSpec {
    /// `string`, `integer`, `number`, `boolean`, `datetime`, `date` or an enum.
    #[serde(rename = "type")]
    pub ty: String,
    /// What it says, for the docs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// How errors are told apart, and the documented ones.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ErrorsSpec {
    /// `body_code` or `status`.
    pub by: ErrorDiscriminator,
    /// With `by: body_code`: the body field holding the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_field: Option<String>,
    /// Default body type of every error (with `by: body_code`, the object
    /// schema holding the code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The documented errors, in the vendor's order.
    pub list: Vec<ErrorSpec>,
}

/// What identifies an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorDiscriminator {
    /// A code in the JSON body (Zoho).
    BodyCode,
    /// The HTTP status (HighLevel).
    Status,
}

/// One documented error.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    /// With `by: body_code`: the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The HTTP status (`404`), a class of statuses (`4XX`) or `default`.
    pub status: ErrorStatus,
    /// Variant name; defaults to the code in UpperCamelCase, or with `by:
    /// status` to `Status404`, `ClientError` (`4XX`), `ServerError` (`5XX`)
    /// or `Other` (`default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The vendor's message.
    pub message: String,
    /// The vendor's resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// This error's body type, instead of the list's: a schema (object or
    /// union), `Problem[]`, `string`, `json`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The vendor's sample body (JSON), checked by the tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
}

/// The statuses one documented error comes with: one status (`404`), any
/// status of a class (`4XX`, also written `4xx`) that no other response of
/// the operation documents, or `default`: any status that no other response
/// documents (OpenAPI's `default`). Written back as `404`, `4XX`, `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorStatus {
    /// This status.
    Exact(u16),
    /// A status of this class (`4` for `4XX`), from 1 to 5.
    Class(u8),
    /// A status no other response of the operation documents.
    Default,
}

impl ErrorStatus {
    /// Reads `404`, `4XX` (or `4xx`) or `default`, as an error's `status`
    /// is written; `None` for anything else.
    pub fn parse(text: &str) -> Option<ErrorStatus> {
        match text.as_bytes() {
            b"default" => Some(ErrorStatus::Default),
            [class @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => {
                Some(ErrorStatus::Class(class - b'0'))
            }
            _ => None,
        }
    }

    /// Whether `status` is of this class or is this status (`Default`:
    /// never, since which statuses it takes depends on the other responses).
    pub fn contains(self, status: u16) -> bool {
        match self {
            ErrorStatus::Exact(s) => s == status,
            ErrorStatus::Class(c) => status / 100 == u16::from(c),
            ErrorStatus::Default => false,
        }
    }
}

impl std::fmt::Display for ErrorStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErrorStatus::Exact(status) => write!(f, "{status}"),
            ErrorStatus::Class(class) => write!(f, "{class}XX"),
            ErrorStatus::Default => f.write_str("default"),
        }
    }
}

impl serde::Serialize for ErrorStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ErrorStatus::Exact(status) => serializer.serialize_u16(*status),
            other => serializer.collect_str(other),
        }
    }
}

impl<'de> Deserialize<'de> for ErrorStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Status;
        impl serde::de::Visitor<'_> for Status {
            type Value = ErrorStatus;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an HTTP status (`404`), a status class (`4XX`) or `default`")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ErrorStatus, E> {
                u16::try_from(v)
                    .map(ErrorStatus::Exact)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ErrorStatus, E> {
                u16::try_from(v)
                    .map(ErrorStatus::Exact)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ErrorStatus, E> {
                ErrorStatus::parse(v).ok_or_else(|| {
                    if v.parse::<u16>().is_ok() {
                        E::custom(format!(
                            "`\"{v}\"` is text: write an exact status as a number (`{v}`)"
                        ))
                    } else {
                        E::invalid_value(serde::de::Unexpected::Str(v), &self)
                    }
                })
            }
        }
        deserializer.deserialize_any(Status)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ErrorStatus {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ErrorStatus".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An HTTP status (`404`), a class of statuses (`4XX`: any 4xx status no other response of the operation documents), or `default` (any status no other response documents).",
            "anyOf": [
                {"type": "integer", "minimum": 100, "maximum": 999},
                {"type": "string", "pattern": "^[1-5][Xx][Xx]$"},
                {"const": "default"}
            ]
        })
    }
}

/// A request sample from the page, kept for the docs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SampleSpec {
    /// What the sample shows.
    pub title: String,
    /// The sample, verbatim.
    pub request: String,
}

/// Whether a flag is off: flags are written only when on.
fn is_false(flag: &bool) -> bool {
    !flag
}

/// Whether a flag that is on by default is on: it is written only when off.
fn is_true(flag: &bool) -> bool {
    *flag
}

/// The default of a flag that is on unless written off.
fn yes() -> bool {
    true
}

impl TimeUnitSpec {
    /// The default unit, left unwritten.
    fn is_seconds(&self) -> bool {
        *self == TimeUnitSpec::Seconds
    }
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

#[cfg(test)]
mod tests {
    use super::ErrorStatus;

    fn read(yaml: &str) -> Result<ErrorStatus, String> {
        serde_yaml::from_str(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn error_statuses_read_and_write_as_the_format_has_them() {
        for (yaml, status, written) in [
            ("404", ErrorStatus::Exact(404), "404"),
            ("4XX", ErrorStatus::Class(4), "4XX"),
            ("5xx", ErrorStatus::Class(5), "5XX"),
            ("default", ErrorStatus::Default, "default"),
        ] {
            assert_eq!(read(yaml), Ok(status), "{yaml}");
            assert_eq!(serde_yaml::to_string(&status).unwrap().trim(), written);
            assert_eq!(
                serde_json::to_string(&status).unwrap().trim_matches('"'),
                written
            );
            assert_eq!(status.to_string(), written);
        }
        assert_eq!(
            serde_json::to_string(&ErrorStatus::Exact(404)).unwrap(),
            "404"
        );
        assert!(read("'404'")
            .unwrap_err()
            .contains("write an exact status as a number"));
        for wrong in ["6XX", "0XX", "4X", "Default", "4XY", "-1", "70000", "4.5"] {
            let e = read(wrong).unwrap_err();
            assert!(
                e.contains("a status class (`4XX`) or `default`"),
                "{wrong}: {e}"
            );
        }
    }

    #[test]
    fn classes_contain_their_statuses() {
        assert!(ErrorStatus::Class(4).contains(404));
        assert!(!ErrorStatus::Class(4).contains(500));
        assert!(ErrorStatus::Exact(404).contains(404));
        assert!(!ErrorStatus::Default.contains(404));
    }
}
