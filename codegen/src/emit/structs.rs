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
        let ty = rust_type(&f.ty);
        if f.required {
            quote! {
                #d
                #[serde(rename = #wire)]
                pub #field: #ty,
            }
        } else {
            quote! {
                #d
                #[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")]
                pub #field: Option<#ty>,
            }
        }
    });
    quote! {
        #struct_doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}
