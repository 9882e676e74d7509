//! Rust types for spec types.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Type;
use crate::naming::ident;

/// The type of a response field or request input holding a `Type`.
pub fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::Integer => quote!(i64),
        Type::Int32 => quote!(i32),
        Type::Number => quote!(f64),
        Type::Boolean => quote!(bool),
        Type::DateTime => quote!(runtime::DateTime),
        Type::Date => quote!(runtime::Date),
        Type::Json => quote!(runtime::JsonValue),
        Type::File => quote!(runtime::FilePart),
        Type::Binary => quote!(runtime::Download),
        Type::EventStream(events) => {
            let events = ident(events);
            quote!(runtime::sse::EventStream<#events>)
        }
        Type::Enum(name) | Type::Struct(name) | Type::Union(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Type::List(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        Type::Map(inner) => {
            let inner = rust_type(inner);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
    }
}
