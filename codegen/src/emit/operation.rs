//! One module per operation, holding its request, builder, scopes and errors.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, paragraphs};
use crate::model::{Api, Operation};
use crate::naming::ident;

pub fn emit(api: &Api, names: &super::ApiNames, op: &Operation) -> TokenStream {
    let module = ident(&op.rust_name);
    let endpoint = format!("{} {}{}", op.method, api.base_path, op.path_template);
    let samples: Vec<String> = op
        .samples
        .iter()
        .map(|(title, request)| {
            format!(
                "Vendor sample ({title}):\n\n```text\n{}\n```",
                request.trim_end()
            )
        })
        .collect();
    let module_doc = doc(&paragraphs([
        Some(format!("# {}", op.summary).as_str()),
        Some(code(&endpoint).as_str()),
        Some(op.description.as_str()),
        Some(format!("Vendor docs: <{}>", op.docs_url).as_str()),
        Some(samples.join("\n\n").as_str()),
    ]));
    let request = super::request::emit(api, op);
    let builder = super::builder::emit(op);
    let scopes = super::scopes::emit(op);
    let errors = super::errors::emit(op);
    let items = quote! {
        #request
        #builder
        #scopes
        #errors
    };
    let imports = super::imports::emit(names, &items);
    quote! {
        #module_doc
        pub mod #module {
            #imports

            #items
        }
    }
}
