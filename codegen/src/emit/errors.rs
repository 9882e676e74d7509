//! The operation's error enum (one variant per documented error, holding
//! its decoded body), what each says about itself, and the status-and-code
//! table of `parse_response`. Status, headers and undocumented responses are
//! the runtime's (`runtime::ApiError`, `runtime::Error::Undocumented`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{code, doc, paragraphs};
use crate::model::{ErrorMatch, ErrorVariant, Operation};
use crate::naming::ident;

fn variant_doc(v: &ErrorVariant) -> TokenStream {
    let head = match &v.code {
        Some(c) => format!("{} (HTTP {})", code(c), v.status),
        None => format!("HTTP {}", v.status),
    };
    let cases: Vec<String> = v
        .cases
        .iter()
        .map(|(message, resolution)| match resolution {
            Some(r) => format!("- {message}\n\n  **Resolution:** {r}"),
            None => format!("- {message}"),
        })
        .collect();
    let listed = (v.cases.len() > 1).then(|| {
        format!(
            "The vendor documents this error {} times, with these meanings:",
            v.cases.len()
        )
    });
    let example = v
        .example
        .as_ref()
        .map(|e| format!("Example body: {}", code(e)));
    doc(&paragraphs([
        Some(head.as_str()),
        listed.as_deref(),
        Some(cases.join("\n").as_str()),
        example.as_deref(),
    ]))
}

/// The documented meaning, for messages: every case's message.
fn meaning(v: &ErrorVariant) -> String {
    let messages: Vec<&str> = v.cases.iter().map(|(m, _)| m.trim()).collect();
    messages.join(" / ")
}

/// The body of `DocumentedError::info`: the code and message from the body
/// received, the meaning from the docs.
fn info(op: &Operation) -> TokenStream {
    if op.errors.variants.is_empty() {
        return quote!(match *self {});
    }
    let message = |v: &ErrorVariant| match &v.message {
        Some(m) if m.required => {
            let f = ident(&m.rust_name);
            quote!(Some(body.#f.as_str()))
        }
        Some(m) => {
            let f = ident(&m.rust_name);
            quote!(body.#f.as_deref())
        }
        None => quote!(None),
    };
    match &op.errors.by {
        // One body type: code and message are read after the match.
        ErrorMatch::BodyCode { code_field, .. } => {
            let arms = op.errors.variants.iter().map(|v| {
                let var = ident(&v.variant);
                let meaning = meaning(v);
                quote!(Self::#var(body) => (body, #meaning),)
            });
            let code = ident(code_field);
            let message = message(&op.errors.variants[0]);
            quote! {
                let (body, meaning) = match self {
                    #(#arms)*
                };
                runtime::ErrorInfo { code: Some(&body.#code), message: #message, meaning }
            }
        }
        ErrorMatch::Status => {
            let arms = op.errors.variants.iter().map(|v| {
                let var = ident(&v.variant);
                let meaning = meaning(v);
                let message = message(v);
                let body = if v.message.is_some() {
                    quote!(body)
                } else {
                    quote!(_)
                };
                quote!(Self::#var(#body) => (#message, #meaning),)
            });
            quote! {
                let (message, meaning) = match self {
                    #(#arms)*
                };
                runtime::ErrorInfo { code: None, message, meaning }
            }
        }
    }
}

pub fn emit(op: &Operation) -> TokenStream {
    let error = ident(&op.names.error);
    let variants = op.errors.variants.iter().map(|v| {
        let var = ident(&v.variant);
        let body = ident(&v.body);
        let d = variant_doc(v);
        quote!(#d #var(#body),)
    });
    let info = info(op);
    let enum_doc = doc(&paragraphs([
        Some(format!("The errors {} documents: one variant per error, with its decoded body.", op.summary).as_str()),
        Some(match op.errors.by {
            ErrorMatch::BodyCode { .. } => "Told apart by the `code` in the JSON body.",
            ErrorMatch::Status => "Told apart by the HTTP status; each has its own body shape.",
        }),
        Some("Received as `runtime::Error::Api`, whose `runtime::ApiError` holds the status and headers too; a response the vendor does not document is a `runtime::Error::Undocumented`. `#[non_exhaustive]`: a new documented error is not a breaking change."),
    ]));
    let code_table = match &op.errors.by {
        ErrorMatch::BodyCode { body, .. } => {
            let body = ident(body);
            let entries = op.errors.variants.iter().map(|v| {
                let var = ident(&v.variant);
                let c = v.code.as_deref().unwrap_or_default();
                quote!((#c, #error::#var),)
            });
            Some(quote! {
                /// The documented error codes, and the error each body becomes.
                const ERROR_CODES: &runtime::ErrorCodes<#body, #error> = &[#(#entries)*];
            })
        }
        ErrorMatch::Status => None,
    };
    quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #error {
            #(#variants)*
        }

        #code_table

        impl runtime::DocumentedError for #error {
            fn info(&self) -> runtime::ErrorInfo<'_> {
                #info
            }
        }
    }
}

/// The body of `parse_response`: the success status, then the documented
/// errors by status, or by code under their statuses.
pub fn parse_response(op: &Operation) -> TokenStream {
    let error = ident(&op.names.error);
    let success = super::output::parse_arms(op);
    let errors = match &op.errors.by {
        ErrorMatch::Status => {
            let arms = op.errors.variants.iter().map(|v| {
                let var = ident(&v.variant);
                let status = Literal::u16_unsuffixed(v.status);
                quote!(#status => response.error(#error::#var),)
            });
            quote! {
                #(#arms)*
                _ => response.undocumented(),
            }
        }
        ErrorMatch::BodyCode { code_wire, .. } => {
            let mut statuses: Vec<u16> = op.errors.variants.iter().map(|v| v.status).collect();
            statuses.sort_unstable();
            statuses.dedup();
            let statuses = statuses.into_iter().map(Literal::u16_unsuffixed);
            quote! {
                _ => response.error_by_code(&[#(#statuses),*], #code_wire, ERROR_CODES),
            }
        }
    };
    quote! {
        match response.status().as_u16() {
            #success
            #errors
        }
    }
}
