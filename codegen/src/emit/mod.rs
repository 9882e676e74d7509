//! Stage 4: resolved model → Rust tokens, one small emitter per kind of
//! generated item. Output is plain `quote!` tokens; `format` prints them.
//!
//! Generated code names the runtime crate through one private import per
//! API module, `use <runtime path> as runtime;` (see [`Options`]), and only
//! declares things: behaviour shared by operations lives in the runtime.

mod builder;
mod deserialize;
mod docs;
mod enums;
mod errors;
mod event_stream;
mod example;
mod inputs;
mod mock;
mod oauth;
mod operation;
mod output;
mod pagination;
mod rate_limits;
mod request;
mod scopes;
mod security;
mod servers;
mod structs;
mod types;
mod unions;
mod webhooks;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, Enum, Operation, Struct, Union};
use crate::naming::ident;
use docs::{doc, paragraphs};

/// How generated files refer to the runtime and to each other.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Options {
    /// The path of the runtime crate in the consumer's crate, such as
    /// `::apigen_runtime` (the default) or `::generated::runtime`. Text, not
    /// a `syn::Path`, so that options can be shared by the threads that
    /// emit item groups ([`crate::Config`] checks that it parses).
    pub runtime_path: String,
    pub layout: Layout,
    /// Generate each API's typed mock (`mock::MockServer`, and the
    /// `runtime::mock` impls of each operation), for consumers' tests: the
    /// runtime's `mock` feature must be on.
    pub mock: bool,
    /// The operations whose rustdoc example is a doctest, which `cargo
    /// test` compiles; `None`: every example is shown only.
    pub doctests: Option<Doctests>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runtime_path: "::apigen_runtime".to_owned(),
            layout: Layout::OutDir,
            mock: false,
            doctests: None,
        }
    }
}

/// Operations whose rustdoc example is compiled as a doctest (` ```no_run
/// `: built, never run), where the others are shown only (` ```ignore `,
/// their request built by the hidden `example()` the crate compiles, but
/// not the lines that send it). Each doctest is its own compilation, so a
/// crate chooses which (see [`crate::Config::doctests`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Doctests {
    /// How code outside the crate names the API modules: the crate's name
    /// when its root includes `apis.rs` (`generated`, for
    /// `generated::highlevel`), `my_crate::apis` for modules checked in
    /// under `src/apis/`.
    pub crate_path: String,
    /// The operations, as (API module, operation's Rust name).
    pub operations: std::collections::BTreeSet<(String, String)>,
}

impl Doctests {
    /// Whether the example of `op`, in `api`, is a doctest.
    fn has(&self, api: &Api, op: &Operation) -> bool {
        self.operations
            .contains(&(api.module.clone(), op.rust_name.clone()))
    }
}

/// How the API modules are put together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// For a build script: `apis.rs` declares `pub mod <api> { include!(..) }`
    /// for each API file in `$OUT_DIR`.
    OutDir,
    /// For files checked into a crate: `mod.rs` declares `pub mod <api>;`,
    /// each `<api>.rs` a plain module file that starts with its `//!` docs
    /// ([`api_doc`]).
    Modules,
}

impl Layout {
    /// The file that declares the API modules.
    pub fn index_file(self) -> &'static str {
        match self {
            Layout::OutDir => "apis.rs",
            Layout::Modules => "mod.rs",
        }
    }
}

/// What one group of generated items is emitted from. An API's file is its
/// groups in order: the shared items, each enum, each struct, then one module
/// per operation. Groups format independently, so the formatting cache can
/// reuse a group whose inputs did not change.
#[derive(Debug, Clone, Copy)]
pub enum Group<'a> {
    /// The runtime import, the security schemes, `Credentials` and `Server`: from the API's own fields.
    Shared,
    Enum(&'a Enum),
    Struct(&'a Struct),
    Union(&'a Union),
    /// An operation's module; reads the API's `base_path` and auth besides
    /// the operation, never another operation.
    Operation(&'a Operation),
    /// The API's `mock` module (with [`Options::mock`]): reads every
    /// operation's name, summary and endpoint.
    Mock(&'a [Operation]),
    /// The API's `webhooks` module, where its spec declares events: reads
    /// the webhooks and the payloads' type names.
    Webhooks,
}

impl Group<'_> {
    /// The group's tokens.
    pub fn emit(&self, api: &Api, options: &Options) -> TokenStream {
        match self {
            Group::Shared => shared(api, options),
            Group::Enum(e) => enums::emit(e),
            Group::Struct(s) => structs::emit(s),
            Group::Union(u) => unions::emit(u),
            Group::Operation(op) => operation::emit(api, op, options),
            Group::Mock(_) => mock::server(api),
            Group::Webhooks => webhooks::emit(api, options.mock),
        }
    }
}

/// The groups of one API's module.
pub fn api_groups<'a>(api: &'a Api, options: &Options) -> impl Iterator<Item = Group<'a>> {
    std::iter::once(Group::Shared)
        .chain(api.enums.iter().map(Group::Enum))
        .chain(api.structs.iter().map(Group::Struct))
        .chain(api.unions.iter().map(Group::Union))
        .chain(api.operations.iter().map(Group::Operation))
        .chain(api.webhooks.is_some().then_some(Group::Webhooks))
        .chain(options.mock.then_some(Group::Mock(&api.operations)))
}

fn shared(api: &Api, options: &Options) -> TokenStream {
    let runtime = match syn::parse_str::<syn::Path>(&options.runtime_path) {
        Ok(path) => quote!(#path),
        Err(e) => {
            let message = format!(
                "the runtime path `{}` is not a Rust path: {e}",
                options.runtime_path
            );
            return quote!(compile_error!(#message););
        }
    };
    let security = security::shared(api);
    let server = servers::emit(api);
    let rate_limits = rate_limits::shared(api);
    let oauth = oauth::emit(api);
    quote! {
        use #runtime as runtime;

        #security
        #server
        #rate_limits
        #oauth
    }
}

/// The rustdoc of an API's module: title, description, auth, operations.
pub fn api_doc(api: &Api) -> String {
    let auth = &api.auth;
    let mut auth_lines = vec![format!(
        "Authentication: {}",
        if auth.description.trim().is_empty() {
            format!("{}.", security::describe(&auth.default))
        } else {
            auth.description.trim().to_owned()
        }
    )];
    if !auth.methods.is_empty() {
        auth_lines.push(format!("Auth methods: {}.", auth.methods.join(", ")));
    }
    if !auth.token_types.is_empty() {
        auth_lines.push(format!("Token types: {}.", auth.token_types.join(", ")));
    }
    let ops: Vec<String> = api
        .operations
        .iter()
        .map(|op| {
            format!(
                "- [`{}`]({}/index.html): {}",
                op.rust_name, op.rust_name, op.summary
            )
        })
        .collect();
    paragraphs([
        Some(format!("# {}", api.title).as_str()),
        Some(api.description.as_str()),
        Some(auth_lines.join("\n\n").as_str()),
        Some(format!("Operations:\n\n{}", ops.join("\n")).as_str()),
        Some(
            if api.docs_url.is_empty() {
                format!(
                    "The vendor names no documentation page. Generated from `spec/{}`.",
                    api.source_file
                )
            } else {
                format!(
                    "Vendor docs: <{}>. Generated from `spec/{}`.",
                    api.docs_url, api.source_file
                )
            }
            .as_str(),
        ),
    ])
}

/// The index file: one `pub mod` per API, documented.
pub fn apis_index(apis: &[Api], layout: Layout) -> TokenStream {
    let modules = apis.iter().map(|api| {
        let name = ident(&api.module);
        match layout {
            Layout::OutDir => {
                let file = format!("/{}.rs", api.module);
                let d = doc(&api_doc(api));
                quote! {
                    #d
                    pub mod #name {
                        include!(concat!(env!("OUT_DIR"), #file));
                    }
                }
            }
            Layout::Modules => quote!(pub mod #name;),
        }
    });
    quote!(#(#modules)*)
}
