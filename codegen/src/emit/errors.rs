//! The operation's error enum (one variant per documented error, holding
//! its decoded body), what each says about itself, and the status-and-code
//! table of `parse_response`. Status, headers and undocumented responses are
//! the runtime's (`runtime::ApiError`, `runtime::Error::Undocumented`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{code, doc, list_item, paragraphs};
use super::types::rust_type;
use crate::model::{ErrorMatch, ErrorMessage, ErrorStatus, ErrorVariant, Operation};
use crate::naming::ident;

/// The statuses other responses of the operation document, as a variant's
/// docs list them: the successes, then the errors of one status, then the
/// classes, each in the order listed.
fn documented_elsewhere(op: &Operation, keep: impl Fn(ErrorStatus) -> bool) -> Vec<String> {
    let mut statuses: Vec<ErrorStatus> = op
        .success
        .iter()
        .map(|s| ErrorStatus::Exact(s.status))
        .collect();
    let exact = op.errors.variants.iter().map(|v| v.status);
    let classes = exact.clone().filter(|s| matches!(s, ErrorStatus::Class(_)));
    for status in exact
        .filter(|s| matches!(s, ErrorStatus::Exact(_)))
        .chain(classes)
    {
        if !statuses.contains(&status) {
            statuses.push(status);
        }
    }
    statuses
        .into_iter()
        .filter(|s| keep(*s))
        .map(|s| s.to_string())
        .collect()
}

/// "a, b and c".
fn listing(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Which statuses the variant covers, for its docs.
fn statuses_doc(op: &Operation, v: &ErrorVariant) -> String {
    match v.status {
        ErrorStatus::Exact(status) => match &v.code {
            Some(c) => format!("{} (HTTP {status})", code(c)),
            None => format!("HTTP {status}"),
        },
        ErrorStatus::Class(class) => {
            let low = u16::from(class) * 100;
            let others = documented_elsewhere(
                op,
                |s| matches!(s, ErrorStatus::Exact(status) if v.status.contains(status)),
            );
            let but = if others.is_empty() {
                String::new()
            } else {
                format!(" (here, all but {})", listing(&others))
            };
            format!(
                "HTTP {class}XX: any status from {low} to {} that no other response of this operation documents{but}; `runtime::ApiError::status` is the one received.",
                low + 99
            )
        }
        ErrorStatus::Default => {
            let others = documented_elsewhere(op, |s| s != ErrorStatus::Default);
            let but = if others.is_empty() {
                String::new()
            } else {
                format!(" (here, any but {})", listing(&others))
            };
            format!("Any HTTP status that no other response of this operation documents{but}: the vendor's `default`; `runtime::ApiError::status` is the one received.")
        }
    }
}

fn variant_doc(op: &Operation, v: &ErrorVariant) -> TokenStream {
    let head = statuses_doc(op, v);
    let cases: Vec<String> = v
        .cases
        .iter()
        .map(|(message, resolution)| match resolution {
            Some(r) => list_item(&format!("{message}\n\n**Resolution:** {r}")),
            None => list_item(message),
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
        Some(ErrorMessage::Field {
            rust_name,
            required: true,
        }) => {
            let f = ident(rust_name);
            quote!(Some(body.#f.as_str()))
        }
        Some(ErrorMessage::Field { rust_name, .. }) => {
            let f = ident(rust_name);
            quote!(body.#f.as_deref())
        }
        Some(ErrorMessage::Body) => quote!(Some(body.as_str())),
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
        let d = variant_doc(op, v);
        match &v.body {
            Some(body) => {
                let body = rust_type(body);
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
            // Each status in the order first listed, with its variants: the
            // exact ones first, then the classes, then the default.
            let mut statuses: Vec<ErrorStatus> = Vec::new();
            for v in &op.errors.variants {
                if !statuses.contains(&v.status) {
                    statuses.push(v.status);
                }
            }
            statuses.sort_by_key(|s| match s {
                ErrorStatus::Exact(_) => 0,
                ErrorStatus::Class(_) => 1,
                ErrorStatus::Default => 2,
            });
            let arms = statuses.iter().map(|&status| {
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
                                    let body = rust_type(body);
                                    quote!(|body| runtime::__private::fits::<#body>(body).map(#error::#var))
                                }
                                None => quote!(|body| body.is_empty().then_some(#error::#var)),
                            }
                        });
                        quote!(response.error_first_fit(&[#(#fits),*]))
                    }
                };
                let pattern = match status {
                    ErrorStatus::Exact(status) => {
                        let status = Literal::u16_unsuffixed(status);
                        quote!(#status)
                    }
                    ErrorStatus::Class(class) => {
                        let low = Literal::u16_unsuffixed(u16::from(class) * 100);
                        let high = Literal::u16_unsuffixed(u16::from(class) * 100 + 99);
                        quote!(#low..=#high)
                    }
                    ErrorStatus::Default => quote!(_),
                };
                quote!(#pattern => #decode,)
            });
            let undocumented = (!statuses.contains(&ErrorStatus::Default))
                .then(|| quote!(_ => response.undocumented(),));
            quote! {
                #(#arms)*
                #undocumented
            }
        }
        ErrorMatch::BodyCode { code_wire, .. } => {
            // Errors inside a success are read by that success's arm.
            // (The validator lets only exact statuses tell codes apart.)
            let mut statuses: Vec<u16> = op
                .errors
                .variants
                .iter()
                .filter_map(|v| match v.status {
                    ErrorStatus::Exact(status) => Some(status),
                    ErrorStatus::Class(_) | ErrorStatus::Default => None,
                })
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
