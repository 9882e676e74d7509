//! A struct's `Deserialize` impl: one `visit_map` matching each key against
//! the wire names, with the shared pieces in `runtime::__private::de`.
//!
//! Written out instead of derived because `#[derive(Deserialize)]` also
//! emits, per struct, a field-identifier enum with its own visitor and a
//! `visit_seq` (an object read from a JSON array), which no JSON API sends:
//! together they were most of what compiling a crate of generated structs
//! cost (BENCHMARKS.md §5). Behaviour is the derive's: unknown keys are
//! skipped (or kept in `additional`), a key given twice and a missing
//! required field are errors with serde's wording, an optional field is
//! `None` when absent or `null`, a required nullable one must be present.
//! An optional nullable field of a struct that requests send is `None`
//! when absent and `Some(Nullable::Null)` when `null`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::rust_type;
use crate::model::Struct;
use crate::naming::ident;

pub fn emit(s: &Struct) -> TokenStream {
    let name = ident(&s.rust_name);
    let expecting = format!("struct {}", s.rust_name);
    let slots: Vec<_> = (0..s.fields.len())
        .map(|i| format_ident!("slot_{}", i))
        .collect();
    let declarations = s.fields.iter().zip(&slots).map(|(f, slot)| {
        let mut ty = rust_type(&f.ty);
        if f.boxed {
            ty = quote!(Box<#ty>);
        }
        // Optional and nullable fields hold `Option<T>`; the slot wraps the
        // field's own type so a `null` is told from an absent key. A field
        // with three states reads `null` as `Nullable::Null`, and its slot
        // is the field.
        if f.three_states(s.request) {
            ty = quote!(runtime::Nullable<#ty>);
        } else if !f.required || f.nullable {
            ty = quote!(Option<#ty>);
        }
        quote!(let mut #slot: Option<#ty> = None;)
    });
    let arms = s.fields.iter().zip(&slots).map(|(f, slot)| {
        let wire = &f.wire;
        quote!(#wire => de::field(&mut map, &mut #slot, #wire)?,)
    });
    let values = s.fields.iter().zip(&slots).map(|(f, slot)| {
        let field = ident(&f.rust_name);
        let wire = &f.wire;
        if f.required {
            quote!(#field: de::required(#slot, #wire)?,)
        } else if f.three_states(s.request) {
            quote!(#field: #slot,)
        } else {
            quote!(#field: #slot.flatten(),)
        }
    });
    let (rest, other, kept) = match &s.additional {
        Some(_) => (
            Some(quote!(let mut additional = ::std::collections::BTreeMap::new();)),
            quote!(de::additional(&mut map, &mut additional, key)?),
            Some(quote!(additional,)),
        ),
        None => (None, quote!(de::skip(&mut map)?), None),
    };
    let read = if s.fields.is_empty() && s.additional.is_none() {
        quote! {
            while map.next_key::<de::Key<'de>>()?.is_some() {
                de::skip(&mut map)?;
            }
        }
    } else if s.fields.is_empty() {
        quote! {
            while let Some(key) = map.next_key::<de::Key<'de>>()? {
                #other;
            }
        }
    } else {
        quote! {
            while let Some(key) = map.next_key::<de::Key<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    _ => #other,
                }
            }
        }
    };
    let allow_deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    quote! {
        impl<'de> runtime::__private::serde::Deserialize<'de> for #name {
            fn deserialize<__D: runtime::__private::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> Result<Self, __D::Error> {
                struct __Visitor;
                #allow_deprecated
                impl<'de> runtime::__private::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<__A: runtime::__private::serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> Result<#name, __A::Error> {
                        use runtime::__private::de;
                        #(#declarations)*
                        #rest
                        #read
                        Ok(#name {
                            #(#values)*
                            #kept
                        })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}
