//! Stage 4: resolved model → Rust tokens, one small emitter per kind of
//! generated item. Output is plain `quote!` tokens; `format` prints them.

mod builder;
mod client;
mod docs;
mod enums;
mod errors;
mod inputs;
mod operation;
mod request;
mod scopes;
mod servers;
mod structs;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Api;
use crate::naming::ident;
use docs::{doc, paragraphs};

/// The items of one API's module (the file included inside `pub mod <api>`),
/// in groups (shared items, then one group per operation) that format
/// independently. Lazy: each group is emitted when the formatter asks for it,
/// so only one group's tokens are in memory at a time.
pub fn api_items(api: &Api) -> impl Iterator<Item = TokenStream> + '_ {
    let scheme = &api.auth.scheme;
    let scheme_doc = doc(&format!(
        "The `{}` header scheme: requests carry `{}: {} <token>`.",
        api.auth.header, api.auth.header, api.auth.scheme
    ));
    let server = servers::emit(api);
    let client = client::emit(api);
    let shared = quote! {
        #scheme_doc
        pub const AUTH_SCHEME: &str = #scheme;
        #server
        #client
    };
    std::iter::once(shared)
        .chain(api.enums.iter().map(enums::emit))
        .chain(api.structs.iter().map(structs::emit))
        .chain(api.operations.iter().map(|op| operation::emit(api, op)))
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
