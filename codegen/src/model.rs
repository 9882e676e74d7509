//! Stage 3 model: one API with every name, type and reference resolved.
//!
//! Built by `validate` from a [`crate::spec::ApiSpec`]; read by `emit`. Rust
//! identifiers here are final (see [`crate::naming`]), wire names are verbatim.

use std::collections::BTreeSet;

pub use crate::naming::OperationNames;
pub use crate::spec::{ErrorStatus, ParamLocation};
pub use crate::template::{Part as TemplatePart, Template};

impl Api {
    /// The groups of a split API, in name order (empty for one file).
    pub fn groups(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self
            .operations
            .iter()
            .filter_map(|o| o.group.as_deref())
            .chain(self.webhooks.iter().filter_map(|w| w.group.as_deref()))
            .collect();
        set.into_iter().collect()
    }

    /// Keeps the operations of the groups `keep` accepts (and those of no
    /// group), and the types they reach; drops the rest. Nothing changes
    /// when every group is kept.
    pub fn retain_groups(&mut self, keep: impl Fn(&str) -> bool) {
        let before = self.operations.len();
        self.operations
            .retain(|op| op.group.as_deref().is_none_or(&keep));
        let webhooks_before = self.webhooks.is_some();
        if self
            .webhooks
            .as_ref()
            .is_some_and(|w| w.group.as_deref().is_some_and(|g| !keep(g)))
        {
            self.webhooks = None;
        }
        if self.operations.len() == before && self.webhooks.is_some() == webhooks_before {
            return;
        }
        let mut reached: BTreeSet<String> = self
            .operations
            .iter()
            .flat_map(|op| op.api_items())
            .map(str::to_owned)
            .collect();
        if let Some(webhooks) = &self.webhooks {
            reached.extend(
                webhooks
                    .events
                    .iter()
                    .filter_map(|e| e.payload.named_item())
                    .map(str::to_owned),
            );
        }
        let mut queue: Vec<String> = reached.iter().cloned().collect();
        let structs = crate::by_name::ByName::new(&self.structs);
        let unions = crate::by_name::ByName::new(&self.unions);
        while let Some(name) = queue.pop() {
            let mut next: Vec<&str> = Vec::new();
            if let Some(s) = structs.get(&name) {
                next.extend(s.fields.iter().filter_map(|f| f.ty.named_item()));
                next.extend(s.additional.iter().filter_map(Type::named_item));
            }
            if let Some(u) = unions.get(&name) {
                next.extend(u.variants.iter().filter_map(|v| v.ty.named_item()));
            }
            for n in next {
                if reached.insert(n.to_owned()) {
                    queue.push(n.to_owned());
                }
            }
        }
        self.structs.retain(|s| reached.contains(&s.rust_name));
        self.enums.retain(|e| reached.contains(&e.rust_name));
        self.unions.retain(|u| reached.contains(&u.rust_name));
    }
}

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
    /// The token endpoint, when the spec declares it (the `oauth` module).
    pub oauth: Option<OAuth>,
    /// The vendor's rate-limit headers (none: the IETF fields alone).
    pub rate_limits: RateLimits,
    /// The events the vendor sends (the `webhooks` module).
    pub webhooks: Option<Webhooks>,
    pub enums: Vec<Enum>,
    pub structs: Vec<Struct>,
    pub unions: Vec<Union>,
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

/// How the API's requests authenticate, for the docs, and its schemes.
#[derive(Debug, Clone, Hash)]
pub struct Auth {
    pub description: String,
    pub methods: Vec<String>,
    pub token_types: Vec<String>,
    /// The security schemes, in the spec's order.
    pub schemes: Vec<SecurityScheme>,
    /// The requirement of operations that state none (scheme names; see
    /// [`OperationAuth::Signed`]).
    pub default: Vec<Vec<String>>,
}

/// The vendor's OAuth 2.0 token endpoint (`runtime::RefreshFlow` and
/// `runtime::TokenExchange`, configured).
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct OAuth {
    pub description: String,
    pub source: Option<String>,
    pub endpoint: TokenEndpoint,
    /// Seconds a token lives when the answer does not say.
    pub lifetime: u64,
    /// Refresh tokens rotate: the generated `Refresh` takes a store.
    pub rotates: bool,
    pub fields: Vec<FormField>,
    pub keep: Vec<KeptField>,
    pub exchanges: Vec<Exchange>,
}

/// Where the refresh grant is posted.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum TokenEndpoint {
    /// One URL for every server.
    One(String),
    /// (`Server` variant, URL); a server not listed has none.
    PerServer(Vec<(String, String)>),
}

/// A field of a token request's form.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct FormField {
    pub wire: String,
    /// The constructor's parameter.
    pub rust_name: String,
    pub value: FieldValue,
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub enum FieldValue {
    Fixed(String),
    /// Any text the caller gives.
    Text {
        description: String,
    },
    /// One of closed values: a generated enum `type_name` of (variant, wire).
    Choice {
        description: String,
        type_name: String,
        values: Vec<(String, String)>,
    },
}

/// A field of the token answer kept for later requests.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct KeptField {
    pub wire: String,
    /// The accessor.
    pub rust_name: String,
    pub description: String,
    /// The account's server base URL: `Refresh::server()`.
    pub server: bool,
}

/// A token made from another.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Exchange {
    /// CamelCase: the generated type.
    pub type_name: String,
    pub description: String,
    pub url: String,
    pub fields: Vec<FormField>,
    pub lifetime: u64,
}

/// The events a vendor sends (`runtime::webhook::Verifier`, configured, and
/// the typed `Event`).
#[derive(Debug, Clone, Hash)]
pub struct Webhooks {
    /// The group file holding them, in an API split over files.
    pub group: Option<String>,
    pub description: String,
    pub docs_url: Option<String>,
    pub source: Option<String>,
    /// The payload field naming the event.
    pub discriminator: String,
    pub signature: Option<WebhookSignature>,
    pub timestamp_field: Option<String>,
    /// Seconds.
    pub window: u64,
    pub id_field: Option<String>,
    pub max_body: usize,
    pub events: Vec<WebhookEvent>,
}

/// RSA SHA-256 over the raw body, base64 in `header`.
#[derive(Debug, Clone, Hash)]
pub struct WebhookSignature {
    pub header: String,
    /// (name, PEM), newest first.
    pub keys: Vec<(String, String)>,
}

#[derive(Debug, Clone, Hash)]
pub struct WebhookEvent {
    /// CamelCase: the `Event` variant.
    pub variant: String,
    /// The spec's name.
    pub name: String,
    /// The discriminator's value.
    pub value: String,
    pub description: String,
    pub docs_url: Option<String>,
    pub payload: Type,
    /// The vendor's examples, as JSON text.
    pub examples: Vec<String>,
}

/// The vendor's rate-limit headers (`runtime::RateLimitHeaders`).
#[derive(Debug, Clone, Default, PartialEq, Hash)]
pub struct RateLimits {
    pub description: Option<String>,
    pub source: Option<String>,
    pub quotas: Vec<QuotaHeaders>,
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct QuotaHeaders {
    pub name: String,
    pub limit: Option<String>,
    pub remaining: Option<String>,
    pub window: Option<(String, TimeUnit)>,
    pub reset: Option<(String, TimeUnit)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    Seconds,
    Milliseconds,
}

/// One security scheme of an API.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecurityScheme {
    /// Its name in the spec (and in `runtime::Credentials`).
    pub name: String,
    /// snake_case: the generated `Credentials` constructor.
    pub rust_name: String,
    /// SCREAMING_CASE: the generated constant.
    pub const_name: String,
    pub description: String,
    pub placement: Placement,
    pub kind: SchemeKind,
}

/// Where a scheme's secret goes (as `runtime::Placement`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Placement {
    /// `<name>: <prefix> <token>`, or the token alone (`prefix` empty).
    Header {
        name: String,
        prefix: String,
    },
    Query {
        name: String,
    },
    Cookie {
        name: String,
    },
    /// `Authorization: Basic base64(user:password)`.
    Basic,
}

/// What kind of scheme it is, for the docs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SchemeKind {
    Http { bearer_format: Option<String> },
    ApiKey,
    OAuth2 { flows: Vec<OAuthFlow> },
    OpenIdConnect { url: String },
}

/// One OAuth 2.0 flow, for the docs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OAuthFlow {
    /// OpenAPI's name (`authorization_code`).
    pub name: String,
    pub authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub refresh_url: Option<String>,
    /// (scope, what it grants)
    pub scopes: Vec<(String, String)>,
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
    /// What the values are in JSON.
    pub wire_kind: WireKind,
}

/// The JSON type of an enum's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WireKind {
    String,
    Integer,
    Number,
    Boolean,
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
    /// Added by the generator because responses carry the enum, not
    /// documented by the vendor: requests should not send such values.
    pub synthesized: bool,
}

#[derive(Debug, Clone, Hash)]
pub struct Struct {
    pub rust_name: String,
    pub description: String,
    pub docs_url: Option<String>,
    pub source: Option<String>,
    pub fields: Vec<Field>,
    /// Sent in a request (reachable from a JSON body input): consumers
    /// build it, so it has a `new` taking its required fields.
    pub request: bool,
    /// The type of the keys not among `fields` (`additionalProperties`),
    /// kept in the field `additional`.
    pub additional: Option<Type>,
}

/// A schema that is one of several types (`oneOf`/`anyOf`): an enum.
#[derive(Debug, Clone, Hash)]
pub struct Union {
    pub rust_name: String,
    pub description: String,
    pub docs_url: Option<String>,
    pub source: Option<String>,
    /// The property telling the alternatives apart; `None`: the first
    /// alternative that fits.
    pub tag: Option<String>,
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct UnionVariant {
    pub variant: String,
    /// With a tag: its value for this alternative.
    pub tag_value: Option<String>,
    pub ty: Type,
}

#[derive(Debug, Clone, Hash)]
pub struct Field {
    pub rust_name: String,
    pub wire: String,
    pub ty: Type,
    pub required: bool,
    /// Held in a `Box`: the field's struct contains this struct again
    /// (directly or through others), which would make its size infinite.
    pub boxed: bool,
    pub description: String,
    pub example: Option<String>,
    /// May be `null`. With `required`: present but possibly `null`
    /// (`Option`, sent as `null`); optional, see [`Field::three_states`].
    pub nullable: bool,
    /// The vendor's deprecation note.
    pub deprecated: Option<String>,
    /// The vendor's default when absent.
    pub default: Option<String>,
    /// Documented bounds, for the docs.
    pub constraints: Constraints,
}

impl Field {
    /// An optional nullable field of a struct that requests send (`request`):
    /// `Option<runtime::Nullable<T>>`, so that a request can leave it out,
    /// send `null` or send a value. In a struct only read from responses it
    /// stays `Option<T>` (`null` reads as absent).
    pub fn three_states(&self, request: bool) -> bool {
        request && self.nullable && !self.required
    }
}

/// A resolved type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    String,
    Integer,
    /// `int32`: an `i32`.
    Int32,
    Number,
    Boolean,
    DateTime,
    /// A calendar date (`2024-05-01`).
    Date,
    Json,
    File,
    /// A file as a success body (`binary`): `runtime::Download`, streamed.
    Binary,
    /// A server-sent event stream as a success body: the operation's event
    /// enum (its name), read as a `runtime::sse::EventStream` of it.
    EventStream(String),
    Enum(String),
    Struct(String),
    /// A union schema (an enum of alternatives).
    Union(String),
    List(Box<Type>),
    Map(Box<Type>),
}

#[derive(Debug, Clone, Hash)]
pub struct Operation {
    /// The group of an API split over files (the file's name,
    /// `conversations`); `None` in a one-file API or in `api.yaml`. Cargo
    /// features per group choose which operations are generated.
    pub group: Option<String>,
    /// snake_case: module and function names.
    pub rust_name: String,
    /// The names of the items the operation's module declares.
    pub names: OperationNames,
    pub summary: String,
    /// Empty when the vendor wrote none (the docs say so).
    pub description: String,
    pub docs_url: Option<String>,
    pub deprecated: Option<String>,
    pub auth: OperationAuth,
    /// Hosts of its own: (the API's `Server` variant, base URL), one per
    /// server of the API; empty: the API's.
    pub servers: Vec<(String, String)>,
    pub method: Method,
    /// The path prefix before `path`: the operation's own base path, else
    /// the API's.
    pub base_path: String,
    /// The path after the base path, as documented.
    pub path_template: String,
    pub path: Vec<PathSegment>,
    /// Inputs outside any `one_of`, in spec order.
    pub inputs: Vec<Input>,
    /// Headers with one allowed value, sent on every request.
    /// Required inputs with one documented value, sent on every request
    /// and not settable (`Version: 2021-04-15`, `grant_type=refresh_token`).
    pub fixed: Vec<Fixed>,
    pub body: Body,
    /// `false`: a request may go without a body (`body.required: false`):
    /// a whole body is an optional input, a body of fields is sent only
    /// when one of them is set. Always `true` without a body.
    pub body_required: bool,
    /// The body's media type as the spec writes it (`image/png`).
    pub media_type: Option<String>,
    pub one_of: Option<OneOf>,
    /// `None`: the vendor lists no scope.
    pub scopes: Option<ScopeExpr>,
    pub scope_variables: Vec<ScopeVariable>,
    /// The documented successes, in the spec's order.
    pub success: Vec<Success>,
    pub output: Output,
    pub errors: Errors,
    pub samples: Vec<(String, String)>,
    pub pagination: Option<Pagination>,
    /// The success that is a server-sent event stream, if one is.
    pub stream: Option<EventStream>,
}

/// A `text/event-stream` success: its events, and whether it resumes.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct EventStream {
    pub status: u16,
    /// Reconnected after a dropped connection, with `Last-Event-ID`.
    pub resumes: bool,
    pub events: Vec<StreamEvent>,
}

/// One event a stream declares.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct StreamEvent {
    /// Its name on the wire (`message` for events without one).
    pub name: String,
    /// Its variant of the operation's event enum.
    pub variant: String,
    pub data: EventData,
    pub description: String,
    /// Sample data, as sent.
    pub example: Option<String>,
}

/// How an event's data is read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EventData {
    /// Not read: the event alone is the news (a heartbeat).
    None,
    /// The text as sent (`string`).
    Text,
    /// JSON of this type.
    Json(Type),
}

/// How a list operation's results continue, resolved to fields and inputs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pagination {
    /// The list field of the response holding a page's items.
    pub items: FieldPath,
    /// The items' type.
    pub item: Type,
    pub style: PageStyle,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageStyle {
    /// The page-number input plus one while the boolean `more` is true.
    Page { input: String, more: FieldPath },
    /// The offset input advanced by the items received, until none come.
    Offset { input: String },
    /// Each input gets the value of its response field, until one is absent.
    Cursor { cursors: Vec<(String, FieldPath)> },
}

/// A field reached from the response body through nested structs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldPath {
    /// As written in the spec (`info.more_records`).
    pub text: String,
    /// Each field followed, in order.
    pub steps: Vec<FieldStep>,
}

/// One field of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldStep {
    /// The field's Rust name.
    pub rust_name: String,
    /// Held in an `Option` (optional, or required and nullable): the path
    /// ends there when absent.
    pub optional: bool,
    /// The struct holding the field (its Rust name): whether requests send
    /// it decides if an optional nullable field has three states
    /// ([`Field::three_states`]), where `null` ends the path too.
    pub holder: String,
    /// Optional and nullable.
    pub nullable: bool,
}

/// An HTTP method the spec format accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl Method {
    pub const ALL: [Method; 7] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
    ];

    /// The method as written on the wire and in `http::Method`'s constants.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// The method named `text`, in any case.
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(text))
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of request body. A new body kind is a new variant: the compiler
/// then lists every emitter and rule to extend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Body {
    /// No body.
    None,
    /// `multipart/form-data`: the operation's `form` inputs and files.
    Multipart,
    /// `application/json`: an object of the operation's `Body` inputs, or
    /// its one `WholeBody` input.
    Json,
    /// `application/x-www-form-urlencoded`: the operation's `form` inputs.
    FormUrlEncoded,
    /// A file as the whole body (its `WholeBody` input), of the media type
    /// in `Operation::media_type`.
    Binary,
}

/// A piece of the path after the server URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// Literal text, possibly several `/`-separated segments.
    Literal(String),
    /// A path parameter: its input's Rust name, and its name in the spec.
    Param { rust_name: String, wire: String },
}

#[derive(Debug, Clone, Hash)]
pub struct Input {
    pub wire: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub ty: Type,
    pub required: bool,
    /// A JSON body field that may be sent as `null`: held as
    /// `runtime::Nullable<T>` (in an `Option` when optional), set to null
    /// by its builder's `<name>_null()`.
    pub nullable: bool,
    pub description: String,
    pub example: Option<String>,
    /// Allowed values (more than one: documented, checked by the vendor).
    pub allowed: Option<Vec<String>>,
    /// Enum of allowed file types, whose `mime_type` labels the part.
    pub file_types: Option<String>,
    /// A query list sent as one comma-joined value (`explode: false`).
    pub joined: bool,
    /// The server's value when the input is not sent.
    pub default: Option<String>,
    pub constraints: Constraints,
}

/// What values an input may take beyond its type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
}

impl Constraints {
    /// True when nothing is constrained.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

// Bounds are hashed by their bits: the spec's numbers, exactly.
impl std::hash::Hash for Constraints {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.minimum.map(f64::to_bits).hash(state);
        self.maximum.map(f64::to_bits).hash(state);
        (self.min_length, self.max_length, &self.pattern).hash(state);
    }
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
    Scope(Template),
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

/// A value the operation always sends.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fixed {
    pub location: ParamLocation,
    pub wire: String,
    pub value: String,
}

/// How an operation authenticates.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OperationAuth {
    /// Signed by any one of `alternatives`, each a set of the API's scheme
    /// names sent together (an empty one: credentials optional);
    /// `token_types`: the API's token types it accepts (empty: any).
    Signed {
        alternatives: Vec<Vec<String>>,
        token_types: Vec<String>,
    },
    /// Without credentials.
    None,
}

/// One documented success response.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Success {
    pub status: u16,
    /// The body's type; `None`: no content.
    pub body: Option<Type>,
    pub example: Option<String>,
    /// With several successes of different bodies: this one's variant of
    /// the output enum.
    pub variant: String,
    pub description: Option<String>,
    /// Documented headers, read into the operation's headers struct.
    pub headers: Vec<ResponseHeader>,
}

/// A documented response header: a field of `<Op>Headers`.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct ResponseHeader {
    pub wire: String,
    pub rust_name: String,
    pub ty: Type,
    pub description: String,
}

/// What `parse_response` returns for a success.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum Output {
    /// One type whatever the success status (`None`: `()`, no content).
    One(Option<Type>),
    /// Successes with different bodies: the operation's output enum, one
    /// variant per success (`names.output`).
    ByStatus,
}

#[derive(Debug, Clone, Hash)]
pub struct Errors {
    pub by: ErrorMatch,
    pub variants: Vec<ErrorVariant>,
}

/// How a response is matched to a documented error.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorMatch {
    /// By the HTTP status; each status has its own body schema.
    Status,
    /// By a code in a body of one schema, under any of the documented statuses.
    BodyCode {
        /// The body schema's Rust name.
        body: String,
        /// The Rust name of its code field (a required string).
        code_field: String,
        /// The code field's name in the JSON body.
        code_wire: String,
    },
}

#[derive(Debug, Clone, Hash)]
pub struct ErrorVariant {
    pub variant: String,
    pub code: Option<String>,
    /// The statuses it comes with: one, a class, or the default. Matched in
    /// that order, after the successes.
    pub status: ErrorStatus,
    /// The body's type (JSON: a struct, a union, a list, a scalar, `json`);
    /// `None`: documented without a body (a unit variant).
    pub body: Option<Type>,
    /// (message, resolution) for each documented meaning; a code listed
    /// twice on the page has two.
    pub cases: Vec<(String, Option<String>)>,
    pub example: Option<String>,
    /// Where the body holds the vendor's message, for error messages.
    pub message: Option<ErrorMessage>,
}

/// Where an error body holds the vendor's message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorMessage {
    /// A string field of the body's struct whose wire name is `message`.
    Field { rust_name: String, required: bool },
    /// The body is a string: the message itself.
    Body,
}

impl Errors {
    /// The documented errors a success status may carry instead of its body
    /// (by code, as Zoho's `API_Exception` in a 200).
    pub fn in_success(&self, status: u16) -> bool {
        (200..300).contains(&status)
            && self
                .variants
                .iter()
                .any(|v| v.status == ErrorStatus::Exact(status))
    }
}

impl ParamLocation {
    /// What an input in this place is called in messages (`query parameter`).
    pub fn noun(self) -> &'static str {
        match self {
            ParamLocation::Path => "path parameter",
            ParamLocation::Query => "query parameter",
            ParamLocation::Header => "header",
            ParamLocation::Form => "form field",
            ParamLocation::Body => "JSON body field",
            ParamLocation::WholeBody => "JSON body",
        }
    }
}

impl Type {
    /// One value that travels as text: what a path, query or header
    /// parameter, a form field or a response header can be.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Type::String
                | Type::Integer
                | Type::Int32
                | Type::Number
                | Type::Boolean
                | Type::Enum(_)
                | Type::Date
                | Type::DateTime
        )
    }

    /// The API-level item this type names, if any (through lists and maps).
    pub fn named_item(&self) -> Option<&str> {
        match self {
            Type::Enum(name) | Type::Struct(name) | Type::Union(name) => Some(name),
            Type::List(inner) | Type::Map(inner) => inner.named_item(),
            _ => None,
        }
    }
}

impl Input {
    /// A form input of files whose part names the caller chooses per
    /// request (`map<file>`: HighLevel's `<custom field id>_<file id>`).
    pub fn caller_named(&self) -> bool {
        self.location == ParamLocation::Form
            && matches!(&self.ty, Type::Map(t) if **t == Type::File)
    }

    /// Held as a `Vec` (a list, or parts named by the caller), empty when
    /// not given: never an `Option`. A nullable list is not: it is set
    /// whole, and `null` or `[]` are values of it; nor is a whole body
    /// that is a list, where `[]` is a body and an optional one may be
    /// absent.
    pub fn is_many(&self) -> bool {
        self.is_list() && !self.nullable && self.location != ParamLocation::WholeBody
    }

    /// A list, or parts named by the caller: many values.
    pub fn is_list(&self) -> bool {
        matches!(self.ty, Type::List(_)) || self.caller_named()
    }

    /// The name of the builder's method that sets a nullable input to
    /// `null`: `nickname` → `nickname_null`, `r#type` → `type_null`, `self_`
    /// → `self_null` (not `self__null`, which is not snake case).
    pub fn null_setter(&self) -> Option<String> {
        self.nullable.then(|| {
            let name = crate::naming::bare(&self.rust_name).trim_end_matches('_');
            format!("{name}_null")
        })
    }

    /// The API items this input's type and file types name.
    fn api_items(&self) -> impl Iterator<Item = &str> {
        self.ty
            .named_item()
            .into_iter()
            .chain(self.file_types.as_deref())
    }
}

impl Operation {
    /// Every input, those of `one_of` alternatives included.
    pub fn all_inputs(&self) -> impl Iterator<Item = &Input> {
        self.inputs.iter().chain(
            self.one_of
                .iter()
                .flat_map(|o| &o.alternatives)
                .flat_map(|a| std::iter::once(&a.selector).chain(&a.optional)),
        )
    }

    /// The API-level enums and structs the operation's module names (in
    /// code or in rustdoc links), sorted: its `use super::{..}` list.
    pub fn api_items(&self) -> BTreeSet<&str> {
        let mut items: BTreeSet<&str> = self.all_inputs().flat_map(Input::api_items).collect();
        items.extend(
            self.success
                .iter()
                .filter_map(|s| s.body.as_ref()?.named_item()),
        );
        items.extend(self.pagination.iter().filter_map(|p| p.item.named_item()));
        items.extend(
            self.stream
                .iter()
                .flat_map(|s| &s.events)
                .filter_map(|e| match &e.data {
                    EventData::Json(ty) => ty.named_item(),
                    EventData::None | EventData::Text => None,
                }),
        );
        items.extend(
            self.errors
                .variants
                .iter()
                .filter_map(|v| v.body.as_ref()?.named_item()),
        );
        items.extend(
            self.scope_variables
                .iter()
                .filter_map(|v| match &v.binding {
                    ScopeBinding::AnyOf { enum_name } => Some(enum_name.as_str()),
                    ScopeBinding::Input { .. } => None,
                }),
        );
        items
    }

    /// The type-level names the operation's module declares: its request,
    /// builder, error, `one_of` types and builder traits and parameters.
    pub fn declared_types(&self) -> Vec<String> {
        let mut names = vec![
            self.names.request.clone(),
            self.names.builder.clone(),
            self.names.error.clone(),
        ];
        if self.output == Output::ByStatus {
            names.push(self.names.output.clone());
        }
        if self.success.iter().any(|s| !s.headers.is_empty()) {
            names.push(self.names.headers.clone());
        }
        if self.stream.is_some() {
            names.push(self.names.event.clone());
        }
        for slot in self.builder_slots() {
            names.push(crate::naming::has_trait(slot));
            names.push(crate::naming::type_param(slot));
        }
        if let Some(o) = &self.one_of {
            names.push(o.type_name.clone());
            names.extend(o.alternatives.iter().map(|a| a.type_name.clone()));
        }
        names
    }

    /// The Rust names of the builder's mandatory slots: each required input,
    /// then the `one_of` choice.
    pub fn builder_slots(&self) -> impl Iterator<Item = &str> {
        self.inputs
            .iter()
            .filter(|i| i.required)
            .map(|i| i.rust_name.as_str())
            .chain(self.one_of.iter().map(|o| o.rust_name.as_str()))
    }
}
