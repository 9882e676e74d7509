//! One serde struct per spec schema; unknown fields are tolerated.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, link, paragraphs, source};
use super::types::rust_type;
use crate::model::Struct;
use crate::naming::ident;

pub fn emit(s: &Struct) -> TokenStream {
    let name = ident(&s.rust_name);
    let struct_doc = doc(&paragraphs([
        Some(s.description.as_str()),
        link(s.docs_url.as_deref()).as_deref(),
        source(s.source.as_deref()).as_deref(),
    ]));
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = &f.wire;
        let example = f.example.as_ref().map(|e| format!("Example: {}", code(e)));
        let wire_note = format!("JSON key {}.", code(wire));
        let d = doc(&paragraphs([
            Some(f.description.as_str()),
            Some(wire_note.as_str()),
            example.as_deref(),
        ]));
        let mut ty = rust_type(&f.ty);
        if f.boxed {
            ty = quote!(Box<#ty>);
        }
        // The wire name only where Rust spells the field otherwise.
        let rename = (crate::naming::bare(&f.rust_name) != wire).then(|| quote!(rename = #wire,));
        if f.required {
            let serde = rename.map(|r| quote!(#[serde(#r)]));
            quote! {
                #d
                #serde
                pub #field: #ty,
            }
        } else {
            quote! {
                #d
                #[serde(#rename default, skip_serializing_if = "Option::is_none")]
                pub #field: Option<#ty>,
            }
        }
    });
    quote! {
        #struct_doc
        #[derive(
            Debug,
            Clone,
            PartialEq,
            runtime::__private::serde::Serialize,
            runtime::__private::serde::Deserialize,
        )]
        #[serde(crate = "runtime::__private::serde")]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}
