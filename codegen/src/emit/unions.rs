//! One enum per union schema (`one_of` / `any_of`): untagged (the first
//! alternative that fits) or tagged by a property.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, link, paragraphs, source};
use super::types::rust_type;
use crate::model::Union;
use crate::naming::ident;

pub fn emit(u: &Union) -> TokenStream {
    let name = ident(&u.rust_name);
    let how = match &u.tag {
        Some(tag) => format!("Told apart by the property {}.", code(tag)),
        None => "Read as the first alternative that fits, in the vendor's order.".to_owned(),
    };
    let d = doc(&paragraphs([
        Some(u.description.as_str()),
        Some(how.as_str()),
        link(u.docs_url.as_deref()).as_deref(),
        source(u.source.as_deref()).as_deref(),
    ]));
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.variant);
        let ty = rust_type(&v.ty);
        let (d, rename) = match &v.tag_value {
            Some(value) => (
                doc(&format!(
                    "{} is {}.",
                    code(u.tag.as_deref().unwrap_or_default()),
                    code(value)
                )),
                Some(quote!(#[serde(rename = #value)])),
            ),
            None => (
                doc(&format!(
                    "Alternative: {}.",
                    super::output::type_words(&v.ty)
                )),
                None,
            ),
        };
        quote!(#d #rename #variant(#ty),)
    });
    let serde = match &u.tag {
        Some(tag) => quote!(#[serde(crate = "runtime::__private::serde", tag = #tag)]),
        None => quote!(#[serde(crate = "runtime::__private::serde", untagged)]),
    };
    quote! {
        #d
        #[derive(
            Debug,
            Clone,
            PartialEq,
            runtime::__private::serde::Serialize,
            runtime::__private::serde::Deserialize,
        )]
        #serde
        #[non_exhaustive]
        // The variants are the vendor's alternatives, by value: boxing the
        // large ones would make every match and constructor say `Box`.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    }
}
