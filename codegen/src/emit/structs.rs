//! One struct per spec schema: serialized by serde's derive, read by the
//! impl [`super::deserialize`] writes; unknown fields are tolerated.

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
        let default = f
            .default
            .as_ref()
            .map(|e| format!("Default (when absent): {}", code(e)));
        let bounds = super::inputs::bounds_text(&f.constraints).map(|b| format!("Allowed: {b}."));
        let pattern = f
            .constraints
            .pattern
            .as_ref()
            .map(|p| format!("Matches the pattern {}.", code(p)));
        let wire_note = if f.required && f.nullable {
            format!("JSON key {}: always present, possibly `null`.", code(wire))
        } else if f.three_states(s.request) {
            format!(
                "JSON key {}: `None` leaves it out, `Some(Nullable::Null)` sends `null`, `Some(Nullable::Value(..))` a value (and reads them back so).",
                code(wire)
            )
        } else {
            format!("JSON key {}.", code(wire))
        };
        let d = doc(&paragraphs([
            Some(super::docs::described(&f.description)),
            Some(wire_note.as_str()),
            default.as_deref(),
            bounds.as_deref(),
            pattern.as_deref(),
            example.as_deref(),
        ]));
        let deprecated = f
            .deprecated
            .as_ref()
            .map(|note| quote!(#[deprecated(note = #note)]));
        let mut ty = rust_type(&f.ty);
        if f.boxed {
            ty = quote!(Box<#ty>);
        }
        // The wire name only where Rust spells the field otherwise.
        let rename = (crate::naming::bare(&f.rust_name) != wire).then(|| quote!(rename = #wire,));
        if f.required && f.nullable {
            // Present, possibly null: a missing key is an error (see
            // `deserialize`), `None` is sent as `null`.
            let serde = rename.map(|r| quote!(#[serde(#r)]));
            quote! {
                #d
                #deprecated
                #serde
                pub #field: Option<#ty>,
            }
        } else if f.required {
            let serde = rename.map(|r| quote!(#[serde(#r)]));
            quote! {
                #d
                #deprecated
                #serde
                pub #field: #ty,
            }
        } else if f.three_states(s.request) {
            // Left out (`None`), `null` or a value: see `Field::three_states`.
            quote! {
                #d
                #deprecated
                #[serde(#rename skip_serializing_if = "Option::is_none")]
                pub #field: Option<runtime::Nullable<#ty>>,
            }
        } else {
            quote! {
                #d
                #deprecated
                #[serde(#rename skip_serializing_if = "Option::is_none")]
                pub #field: Option<#ty>,
            }
        }
    });
    let additional = s.additional.as_ref().map(|ty| {
        let ty = rust_type(ty);
        quote! {
            /// Every other key of the object, with its value: the fields the
            /// vendor lets each account define.
            #[serde(flatten)]
            pub additional: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    let deserialize = super::deserialize::emit(s);
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
        )]
        #[serde(crate = "runtime::__private::serde")]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #deserialize
        #constructor
    }
}

/// `new` for a struct that requests send (it is `#[non_exhaustive]`, so a
/// consumer cannot write it out): its required fields, in the spec's order;
/// optional ones start as `None` and are set on the result.
fn constructor(s: &Struct) -> TokenStream {
    let name = ident(&s.rust_name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote!(additional: ::std::collections::BTreeMap::new(),));
    let params = required.iter().map(|f| {
        let field = ident(&f.rust_name);
        match f.ty {
            Type::String if !f.nullable => quote!(#field: impl Into<String>),
            _ => {
                let mut ty = rust_type(&f.ty);
                if f.nullable {
                    ty = quote!(Option<#ty>);
                }
                quote!(#field: #ty)
            }
        }
    });
    let values = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        match (&f.ty, f.required, f.boxed, f.nullable) {
            (_, false, _, _) => quote!(#field: None,),
            (_, true, true, true) => quote!(#field: #field.map(Box::new),),
            (_, true, false, true) => quote!(#field,),
            (Type::String, true, _, false) => quote!(#field: #field.into(),),
            (_, true, true, false) => quote!(#field: Box::new(#field),),
            (_, true, false, false) => quote!(#field,),
        }
    });
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // Setting a deprecated field to `None` is not a use of it.
    let deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    let d = doc(&format!(
        "Builds a `{}` from its required fields; the optional ones start as `None` (set them on the result).",
        s.rust_name
    ));
    quote! {
        impl #name {
            #d
            #many
            #deprecated
            pub fn new(#(#params),*) -> Self {
                #name { #(#values)* #additional }
            }
        }
    }
}
