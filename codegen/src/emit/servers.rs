//! `Server`: the vendor's hosts, plus a custom base URL.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, link, paragraphs, source};
use crate::model::Api;
use crate::naming::ident;

pub fn emit(api: &Api) -> TokenStream {
    let s = &api.servers;
    let base_path_note = if api.base_path.is_empty() {
        String::new()
    } else {
        format!(
            "Operation paths follow the base URL and {}.",
            code(&api.base_path)
        )
    };
    let enum_doc = doc(&paragraphs([
        Some("Where requests are sent."),
        Some(s.description.as_str()),
        Some(base_path_note.as_str()),
        link(s.docs_url.as_deref()).as_deref(),
        source(s.source.as_deref()).as_deref(),
    ]));
    let variants = s.list.iter().map(|srv| {
        let v = ident(&srv.variant);
        let d = doc(&format!("{}: <{}>", srv.title, srv.url));
        let default = srv.default.then(|| quote!(#[default]));
        quote!(#d #default #v,)
    });
    let urls = s.list.iter().map(|srv| {
        let v = ident(&srv.variant);
        let url = &srv.url;
        quote!(Server::#v => #url,)
    });
    let debug_names = s.list.iter().map(|srv| {
        let v = ident(&srv.variant);
        let name = srv.variant.trim_start_matches("r#");
        quote!(Server::#v => f.write_str(#name),)
    });
    // Without a vendor server there is no default: the caller names one.
    let default = (!s.list.is_empty()).then(|| quote!(Default));
    let custom_doc = if s.list.is_empty() {
        doc("The base URL of the API (the vendor's description lists no server), such as\n`https://api.example.com`, without a trailing `/`.")
    } else {
        doc("A base URL of your choice (a proxy, a mock server), such as\n`http://127.0.0.1:8080`, without a trailing `/`.")
    };
    quote! {
        #enum_doc
        #[derive(Clone, PartialEq, Eq, Hash, #default)]
        #[non_exhaustive]
        pub enum Server {
            #(#variants)*
            #custom_doc
            Custom(String),
        }

        impl Server {
            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                match self {
                    #(#urls)*
                    Server::Custom(url) => url,
                }
            }
        }

        // A custom base URL is shown without its `user:password@`.
        impl ::std::fmt::Debug for Server {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#debug_names)*
                    Server::Custom(url) => f
                        .debug_tuple("Custom")
                        .field(&runtime::__private::RedactedUrl(url))
                        .finish(),
                }
            }
        }

        impl runtime::BaseUrl for Server {
            fn base_url(&self) -> &str {
                Server::base_url(self)
            }
        }
    }
}
