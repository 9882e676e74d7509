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
                let pattern = match (&v.body, &v.message) {
                    (None, _) => quote!(Self::#var),
                    (Some(_), Some(_)) => quote!(Self::#var(body)),
                    (Some(_), None) => quote!(Self::#var(_)),
                };
                quote!(#pattern => (#message, #meaning),)
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
        let d = variant_doc(v);
        match &v.body {
            Some(body) => {
                let body = ident(body);
                quote!(#d #var(#body),)
            }
            None => quote!(#d #var,),
        }
    });
    let info = info(op);
    let enum_doc = doc(&paragraphs([
        Some(format!("The errors {} documents: one variant per error, with its decoded body.", op.summary).as_str()),
        Some(match op.errors.by {
            ErrorMatch::BodyCode { .. } => "Told apart by the `code` in the JSON body.",
            ErrorMatch::Status => "Told apart by the HTTP status (and, where one status has several, by the body shape that fits, in the order listed).",
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
            // The statuses in the order first listed, each with its variants.
            let mut statuses: Vec<u16> = Vec::new();
            for v in &op.errors.variants {
                if !statuses.contains(&v.status) {
                    statuses.push(v.status);
                }
            }
            let arms = statuses.into_iter().map(|status| {
                let shapes: Vec<&ErrorVariant> = op
                    .errors
                    .variants
                    .iter()
                    .filter(|v| v.status == status)
                    .collect();
                let decode = match shapes.as_slice() {
                    [one] => {
                        let var = ident(&one.variant);
                        match one.body {
                            Some(_) => quote!(response.error(#error::#var)),
                            None => quote!(response.error_without_body(#error::#var)),
                        }
                    }
                    several => {
                        let fits = several.iter().map(|v| {
                            let var = ident(&v.variant);
                            match &v.body {
                                Some(body) => {
                                    let body = ident(body);
                                    quote!(|body| runtime::__private::fits::<#body>(body).map(#error::#var))
                                }
                                None => quote!(|body| body.is_empty().then_some(#error::#var)),
                            }
                        });
                        quote!(response.error_first_fit(&[#(#fits),*]))
                    }
                };
                let status = Literal::u16_unsuffixed(status);
                quote!(#status => #decode,)
            });
            quote! {
                #(#arms)*
                _ => response.undocumented(),
            }
        }
        ErrorMatch::BodyCode { code_wire, .. } => {
            // Errors inside a success are read by that success's arm.
            let mut statuses: Vec<u16> = op
                .errors
                .variants
                .iter()
                .map(|v| v.status)
                .filter(|s| !(200..300).contains(s))
                .collect();
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
