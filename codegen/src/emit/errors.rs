//! The operation's error enum (one variant per documented error and an
//! `Unhandled` fallback) and `parse_response`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc, paragraphs};
use crate::model::{ErrorDiscriminator, ErrorVariant, Operation};
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

fn display_text(v: &ErrorVariant) -> String {
    let head = match &v.code {
        Some(c) => format!("{c} (HTTP {})", v.status),
        None => format!("HTTP {}", v.status),
    };
    let messages: Vec<&str> = v.cases.iter().map(|(m, _)| m.as_str()).collect();
    format!("{head}: {}", messages.join(" / "))
}

pub fn emit(op: &Operation) -> TokenStream {
    let error = format_ident!("{}Error", op.type_prefix);
    let response = ident(&op.response.body);
    // Unsuffixed literals: `200`, not `200u16`, in the generated code.
    let success = proc_macro2::Literal::u16_unsuffixed(op.response.status);

    let variants = op.errors.variants.iter().map(|v| {
        let var = ident(&v.variant);
        let body = ident(&v.body);
        let d = variant_doc(v);
        quote! {
            #d
            #var {
                /// The HTTP status received.
                status: http::StatusCode,
                /// The decoded error body.
                body: #body,
            },
        }
    });
    let displays = op.errors.variants.iter().map(|v| {
        let var = ident(&v.variant);
        let text = display_text(v);
        quote!(#error::#var { .. } => f.write_str(#text),)
    });
    let statuses = op.errors.variants.iter().map(|v| {
        let var = ident(&v.variant);
        quote!(#error::#var { status, .. } => *status,)
    });

    let unhandled = |reason: TokenStream| quote!(#error::Unhandled(crate::runtime::UnhandledResponse::new(status, headers.clone(), body, #reason)));
    // With body codes, a body that does not parse is malformed under a documented
    // status, and undocumented under any other; the statuses go in a const.
    let (dispatch, documented_const) = match op.errors.by {
        ErrorDiscriminator::BodyCode => {
            let (body_ty, code_field) = op
                .errors
                .code_body
                .clone()
                .expect("validated: body_code has a code body");
            let body_ty = ident(&body_ty);
            let code_field = ident(&code_field);
            let arms = op.errors.variants.iter().map(|v| {
                let var = ident(&v.variant);
                let c = v.code.as_deref().unwrap_or_default();
                quote!(#c => #error::#var { status, body: error },)
            });
            let mut documented: Vec<u16> = op.errors.variants.iter().map(|v| v.status).collect();
            documented.sort_unstable();
            documented.dedup();
            let documented = documented
                .into_iter()
                .map(proc_macro2::Literal::u16_unsuffixed);
            let on_malformed = unhandled(quote! {
                if DOCUMENTED_STATUSES.contains(&status.as_u16()) {
                    crate::runtime::UnhandledReason::MalformedBody(e.to_string())
                } else {
                    crate::runtime::UnhandledReason::UndocumentedStatus
                }
            });
            let on_unknown = unhandled(quote!(crate::runtime::UnhandledReason::UndocumentedCode(
                code
            )));
            let dispatch = quote! {
                let error: #body_ty = match serde_json::from_slice(&body) {
                    Ok(error) => error,
                    Err(e) => return Err(#on_malformed),
                };
                Err(match error.#code_field.as_str() {
                    #(#arms)*
                    other => {
                        let code = other.to_owned();
                        #on_unknown
                    }
                })
            };
            let documented_const = quote! {
                /// The HTTP statuses the vendor documents for errors of this operation.
                const DOCUMENTED_STATUSES: &[u16] = &[#(#documented),*];
            };
            (dispatch, Some(documented_const))
        }
        ErrorDiscriminator::Status => {
            let arms = op.errors.variants.iter().map(|v| {
                let var = ident(&v.variant);
                let status_code = proc_macro2::Literal::u16_unsuffixed(v.status);
                quote! {
                    #status_code => match crate::runtime::decode_json(status, headers, body) {
                        Ok(body) => #error::#var { status, body },
                        Err(unhandled) => #error::Unhandled(unhandled),
                    },
                }
            });
            let on_other = unhandled(quote!(crate::runtime::UnhandledReason::UndocumentedStatus));
            let dispatch = quote! {
                Err(match status.as_u16() {
                    #(#arms)*
                    _ => #on_other,
                })
            };
            (dispatch, None)
        }
    };
    let enum_doc = doc(&paragraphs([
        Some(format!("Errors of {}: one variant per error the vendor documents, and [`{error}::Unhandled`] for any other response.", op.summary).as_str()),
        Some(match op.errors.by {
            ErrorDiscriminator::BodyCode => "Errors are told apart by the `code` in the JSON body.",
            ErrorDiscriminator::Status => "Errors are told apart by the HTTP status; each has its own body shape.",
        }),
        Some("`#[non_exhaustive]`: a new documented error is not a breaking change."),
    ]));
    let parse_doc = doc(&paragraphs([
        Some(format!("Turns a response (status, headers, body) into the typed success body (HTTP {success}) or a [`{error}`].").as_str()),
        Some("Never panics: an undocumented status or code, or a body that is not the documented JSON, becomes [`{error}::Unhandled`] with status, headers and raw body kept.".replace("{error}", &error.to_string()).as_str()),
    ]));

    quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #error {
            #(#variants)*
            /// A response the vendor does not document for this operation, or
            /// one whose body does not match the documentation; kept whole.
            Unhandled(crate::runtime::UnhandledResponse),
        }

        impl #error {
            /// The HTTP status of the response.
            pub fn status(&self) -> http::StatusCode {
                match self {
                    #(#statuses)*
                    #error::Unhandled(response) => response.status(),
                }
            }
        }

        impl std::fmt::Display for #error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#displays)*
                    #error::Unhandled(response) => std::fmt::Display::fmt(response, f),
                }
            }
        }

        impl std::error::Error for #error {}

        impl crate::runtime::OperationError for #error {
            fn into_unhandled(self) -> Result<crate::runtime::UnhandledResponse, Self> {
                match self {
                    #error::Unhandled(response) => Ok(response),
                    documented => Err(documented),
                }
            }
        }

        #documented_const

        #parse_doc
        pub fn parse_response(
            status: http::StatusCode,
            headers: &http::HeaderMap,
            body: bytes::Bytes,
        ) -> Result<#response, #error> {
            if status.as_u16() == #success {
                return crate::runtime::decode_json(status, headers, body).map_err(#error::Unhandled);
            }
            #dispatch
        }
    }
}
