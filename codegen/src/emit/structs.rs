//! One serde struct per spec schema; unknown fields are tolerated.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, link, paragraphs, source};
use super::types::rust_type;
use crate::model::{Field, Struct, Type};
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
    let constructor = s.request.then(|| constructor(s));
    // A struct sent in requests with nothing required starts from `default()`.
    let default = (s.request && s.fields.iter().all(|f| !f.required)).then(|| quote!(Default,));
    quote! {
        #struct_doc
        #[derive(
            Debug,
            Clone,
            PartialEq,
            #default
            runtime::__private::serde::Serialize,
            runtime::__private::serde::Deserialize,
        )]
        #[serde(crate = "runtime::__private::serde")]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #constructor
    }
}

/// `new` for a struct that requests send (it is `#[non_exhaustive]`, so a
/// consumer cannot write it out): its required fields, in the spec's order;
/// optional ones start as `None` and are set on the result.
fn constructor(s: &Struct) -> TokenStream {
    let name = ident(&s.rust_name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let field = ident(&f.rust_name);
        match f.ty {
            Type::String => quote!(#field: impl Into<String>),
            _ => {
                let ty = rust_type(&f.ty);
                quote!(#field: #ty)
            }
        }
    });
    let values = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        match (&f.ty, f.required, f.boxed) {
            (_, false, _) => quote!(#field: None,),
            (Type::String, true, _) => quote!(#field: #field.into(),),
            (_, true, true) => quote!(#field: Box::new(#field),),
            (_, true, false) => quote!(#field,),
        }
    });
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let d = doc(&format!(
        "Builds a `{}` from its required fields; the optional ones start as `None` (set them on the result).",
        s.rust_name
    ));
    quote! {
        impl #name {
            #d
            #many
            pub fn new(#(#params),*) -> Self {
                #name { #(#values)* }
            }
        }
    }
}
