//! Stage 4: resolved model → Rust tokens, one small emitter per kind of
//! generated item. Output is plain `quote!` tokens; `format` prints them.

mod builder;
mod client;
mod docs;
mod enums;
mod errors;
mod imports;
mod inputs;
mod operation;
mod request;
mod scopes;
mod servers;
mod structs;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, Enum, Operation, Struct};
use crate::naming::ident;
use docs::{doc, paragraphs};
pub use imports::ApiNames;

/// What one group of generated items is emitted from. An API's file is its
/// groups in order: the shared items, each enum, each struct, then one module
/// per operation. Groups format independently, so the formatting cache can
/// reuse a group whose inputs did not change.
#[derive(Debug, Clone, Copy)]
pub enum Group<'a> {
    /// `AUTH_SCHEME`, `Server` and `Client`: from the API's own fields.
    Shared,
    Enum(&'a Enum),
    Struct(&'a Struct),
    /// An operation's module; reads the API's `base_path` and auth besides
    /// the operation, never another operation.
    Operation(&'a Operation),
}

impl Group<'_> {
    /// The group's tokens; `names` are `api`'s (built once per API).
    pub fn emit(&self, api: &Api, names: &ApiNames) -> TokenStream {
        match self {
            Group::Shared => shared(api),
            Group::Enum(e) => enums::emit(e),
            Group::Struct(s) => structs::emit(s),
            Group::Operation(op) => operation::emit(api, names, op),
        }
    }
}

/// The groups of one API's module (the file included inside `pub mod <api>`).
pub fn api_groups(api: &Api) -> impl Iterator<Item = Group<'_>> {
    std::iter::once(Group::Shared)
        .chain(api.enums.iter().map(Group::Enum))
        .chain(api.structs.iter().map(Group::Struct))
        .chain(api.operations.iter().map(Group::Operation))
}

fn shared(api: &Api) -> TokenStream {
    let scheme = &api.auth.scheme;
    let scheme_doc = doc(&format!(
        "The `{}` header scheme: requests carry `{}: {} <token>`.",
        api.auth.header, api.auth.header, api.auth.scheme
    ));
    let server = servers::emit(api);
    let client = client::emit(api);
    quote! {
        #scheme_doc
        pub const AUTH_SCHEME: &str = #scheme;
        #server
        #client
    }
}

/// `apis.rs`: one documented `pub mod` per API, each including its file.
pub fn apis_index(apis: &[Api]) -> TokenStream {
    let modules = apis.iter().map(|api| {
        let name = ident(&api.module);
        let file = format!("/{}.rs", api.module);
        let auth = &api.auth;
        let mut auth_lines = vec![format!("Authentication: {}", auth.description.trim())];
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
        let d = doc(&paragraphs([
            Some(format!("# {}", api.title).as_str()),
            Some(api.description.as_str()),
            Some(auth_lines.join("\n\n").as_str()),
            Some(format!("Operations:\n\n{}", ops.join("\n")).as_str()),
            Some(
                format!(
                    "Vendor docs: <{}>. Generated from `spec/{}`.",
                    api.docs_url, api.source_file
                )
                .as_str(),
            ),
        ]));
        quote! {
            #d
            pub mod #name {
                include!(concat!(env!("OUT_DIR"), #file));
            }
        }
    });
    quote!(#(#modules)*)
}
