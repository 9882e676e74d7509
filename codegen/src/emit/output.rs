//! What an operation returns on success: one type (`()` for no content), or
//! an enum with a variant per success status when their bodies differ; and
//! the success arms of `parse_response`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc;
use super::types::rust_type;
use crate::model::{ErrorMatch, Operation, Output, Success, Type};
use crate::naming::ident;

/// The success's documented headers, when there are some.
fn headers(op: &Operation) -> Option<&[crate::model::ResponseHeader]> {
    match (&op.output, op.success.as_slice()) {
        (Output::One(_), [one]) if !one.headers.is_empty() => Some(&one.headers),
        _ => None,
    }
}

/// The operation's `Output` type.
pub fn output_type(op: &Operation) -> TokenStream {
    if headers(op).is_some() {
        let body = match &op.output {
            Output::One(Some(ty)) => rust_type(ty),
            _ => quote!(()),
        };
        let h = ident(&op.names.headers);
        return quote!(runtime::WithHeaders<#body, #h>);
    }
    match &op.output {
        Output::One(None) => quote!(()),
        Output::One(Some(ty)) => rust_type(ty),
        Output::ByStatus => {
            let name = ident(&op.names.output);
            quote!(#name)
        }
    }
}

pub(super) fn status_doc(s: &Success) -> String {
    let content = if s.body.is_some() { "" } else { ", no content" };
    match &s.description {
        Some(d) => format!("HTTP {}{content}: {}", s.status, d.trim()),
        None => format!("HTTP {}{content}.", s.status),
    }
}

/// The headers struct of a success that documents headers.
fn headers_struct(op: &Operation) -> Option<TokenStream> {
    let list = headers(op)?;
    let name = ident(&op.names.headers);
    let fields = list.iter().map(|h| {
        let f = ident(&h.rust_name);
        let ty = rust_type(&h.ty);
        let d = doc(&super::docs::paragraphs([
            Some(super::docs::described(&h.description)),
            Some(
                format!(
                    "Header {}; `None` when absent or not of its type.",
                    super::docs::code(&h.wire)
                )
                .as_str(),
            ),
        ]));
        quote!(#d pub #f: Option<#ty>,)
    });
    let reads = list.iter().map(|h| {
        let f = ident(&h.rust_name);
        let wire = &h.wire;
        quote!(#f: runtime::__private::header(headers, #wire),)
    });
    let d = doc(&format!(
        "The documented response headers of {}.",
        op.summary
    ));
    Some(quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// Reads the documented headers from a response's.
            pub fn read(headers: &runtime::__private::http::HeaderMap) -> Self {
                #name { #(#reads)* }
            }
        }
    })
}

/// The output enum, for successes whose bodies differ; the headers struct,
/// for a success with documented headers.
pub fn emit(op: &Operation) -> Option<TokenStream> {
    if op.output != Output::ByStatus {
        return headers_struct(op);
    }
    let name = ident(&op.names.output);
    let variants = op.success.iter().map(|s| {
        let variant = ident(&s.variant);
        let d = doc(&status_doc(s));
        match &s.body {
            Some(ty) => {
                let ty = rust_type(ty);
                quote!(#d #variant(#ty),)
            }
            None => quote!(#d #variant,),
        }
    });
    let d = doc(&format!(
        "What {} returns on success: one variant per documented status, with its body. `#[non_exhaustive]`: a new documented success is not a breaking change.",
        op.summary
    ));
    // A streamed download or event stream is read once: neither `Clone` nor `PartialEq`.
    let derives = if op
        .success
        .iter()
        .any(|s| matches!(s.body, Some(Type::Binary | Type::EventStream(_))))
    {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    Some(quote! {
        #d
        #derives
        #[non_exhaustive]
        // One variant per documented status, its body by value: a response
        // is matched once, and boxing would show in every match.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    })
}

/// How a success status's body is read: as the success, unless the
/// vendor documents errors inside it (then by their code).
fn decode_success(op: &Operation, s: &Success) -> TokenStream {
    match (&s.body, &op.errors.by) {
        (None, _) => quote!(response.no_content()),
        (Some(Type::Binary), _) => quote!(response.download()),
        (Some(Type::EventStream(_)), _) => quote!(response.event_stream()),
        (Some(_), ErrorMatch::BodyCode { code_wire, .. }) if op.errors.in_success(s.status) => {
            quote!(response.json_unless_code(#code_wire, ERROR_CODES))
        }
        (Some(_), _) => quote!(response.json()),
    }
}

/// The success arms of `parse_response`'s `match` on the status.
pub fn parse_arms(op: &Operation) -> TokenStream {
    match &op.output {
        Output::One(_) => {
            let with_headers = headers(op).map(|_| ident(&op.names.headers));
            let arms = op.success.iter().map(|s| {
                let status = Literal::u16_unsuffixed(s.status);
                let decode = decode_success(op, s);
                match &with_headers {
                    Some(h) => quote! {
                        #status => {
                            let headers = #h::read(response.headers());
                            #decode.map(|body| runtime::WithHeaders { body, headers })
                        }
                    },
                    None => quote!(#status => #decode,),
                }
            });
            quote!(#(#arms)*)
        }
        Output::ByStatus => {
            let output = ident(&op.names.output);
            let arms = op.success.iter().map(|s| {
                let status = Literal::u16_unsuffixed(s.status);
                let variant = ident(&s.variant);
                let decode = decode_success(op, s);
                match &s.body {
                    Some(_) => quote!(#status => #decode.map(#output::#variant),),
                    None => quote!(#status => #decode.map(|()| #output::#variant),),
                }
            });
            quote!(#(#arms)*)
        }
    }
}

/// The mock's `success` and `example`: a success as the vendor sends it,
/// and the default answer.
pub fn mock_fns(op: &Operation) -> TokenStream {
    let reply = |s: &Success, value: TokenStream| {
        let status = Literal::u16_unsuffixed(s.status);
        match &s.body {
            Some(Type::Binary) => quote!(runtime::mock::Reply::download(#status, #value)),
            Some(Type::EventStream(_)) => quote!(runtime::mock::Reply::events(#status, #value)),
            Some(_) => quote!(runtime::mock::Reply::json(#status, #value)),
            None => quote!(runtime::mock::Reply::empty(#status)),
        }
    };
    if let (Some(list), Some(first)) = (headers(op), op.success.first()) {
        let reply = reply(first, quote!(&output.body));
        let sets = list.iter().map(|h| {
            let f = ident(&h.rust_name);
            let wire = &h.wire;
            quote! {
                if let Some(value) = &output.headers.#f {
                    reply = reply.with_header(#wire, runtime::WireValue::to_wire(value));
                }
            }
        });
        let example = example(op);
        return quote! {
            fn success(output: &Self::Output) -> runtime::mock::Reply {
                let mut reply = #reply;
                #(#sets)*
                reply
            }
            fn example() -> Option<runtime::mock::Reply> { #example }
        };
    }
    let success = match (&op.output, op.success.first()) {
        (Output::One(Some(_)), Some(first)) => {
            let reply = reply(first, quote!(output));
            quote!(fn success(output: &Self::Output) -> runtime::mock::Reply { #reply })
        }
        (Output::One(None), Some(first)) => {
            let reply = reply(first, quote!(output));
            quote!(fn success(_output: &()) -> runtime::mock::Reply { #reply })
        }
        (Output::One(_), None) => {
            quote!(
                fn success(_output: &Self::Output) -> runtime::mock::Reply {
                    runtime::mock::Reply::empty(200)
                }
            )
        }
        (Output::ByStatus, _) => {
            let output = ident(&op.names.output);
            let arms = op.success.iter().map(|s| {
                let variant = ident(&s.variant);
                let reply = reply(s, quote!(body));
                match &s.body {
                    Some(_) => quote!(#output::#variant(body) => #reply,),
                    None => quote!(#output::#variant => #reply,),
                }
            });
            quote! {
                fn success(output: &Self::Output) -> runtime::mock::Reply {
                    match output { #(#arms)* }
                }
            }
        }
    };
    let example = example(op);
    quote! {
        #success
        fn example() -> Option<runtime::mock::Reply> { #example }
    }
}

/// The default answer: the first success with an example (an event
/// stream's are its events'), else the first without content.
fn example(op: &Operation) -> TokenStream {
    op.success
        .iter()
        .find_map(|s| match (&op.stream, &s.body) {
            (Some(stream), Some(Type::EventStream(_))) => super::event_stream::mock_example(stream),
            _ => {
                let status = Literal::u16_unsuffixed(s.status);
                s.example
                    .as_ref()
                    .map(|json| quote!(Some(runtime::mock::Reply::json_text(#status, #json))))
            }
        })
        .or_else(|| {
            op.success.iter().find(|s| s.body.is_none()).map(|s| {
                let status = Literal::u16_unsuffixed(s.status);
                quote!(Some(runtime::mock::Reply::empty(#status)))
            })
        })
        .unwrap_or_else(|| quote!(None))
}

/// A type in words, for docs: `a list of \`Note\``.
pub fn type_words(ty: &crate::model::Type) -> String {
    use crate::model::Type;
    match ty {
        Type::String => "string".into(),
        Type::Integer => "64-bit integer".into(),
        Type::Int32 => "32-bit integer".into(),
        Type::Number => "number".into(),
        Type::Boolean => "boolean".into(),
        Type::DateTime => "date-time".into(),
        Type::Date => "date".into(),
        Type::Json => "JSON value".into(),
        Type::File => "file".into(),
        Type::Binary => "file (streamed)".into(),
        Type::EventStream(_) => "event stream".into(),
        Type::Enum(n) | Type::Struct(n) | Type::Union(n) => format!("[`{n}`]"),
        Type::List(inner) => format!("list of {}", type_words(inner)),
        Type::Map(inner) => format!("map of {}", type_words(inner)),
    }
}

/// `DOWNLOAD_STATUSES`: the successes whose body is a file, streamed.
pub fn download_statuses(op: &Operation) -> Option<TokenStream> {
    let statuses: Vec<Literal> = op
        .success
        .iter()
        .filter(|s| s.body == Some(Type::Binary))
        .map(|s| Literal::u16_unsuffixed(s.status))
        .collect();
    (!statuses.is_empty())
        .then(|| quote!(const DOWNLOAD_STATUSES: &'static [u16] = &[#(#statuses),*];))
}
