//! The request struct, its `one_of` types, and the body of
//! `into_http_request`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, paragraphs};
use super::inputs::{field_type, input_doc, write};
use crate::model::{Body, Input, Operation, ParamLocation, PathSegment};
use crate::naming::ident;

pub fn emit(op: &Operation) -> TokenStream {
    let request = ident(&op.names.request);
    let fields = op.inputs.iter().map(field);
    let one_of_field = op.one_of.as_ref().map(|o| {
        let f = ident(&o.rust_name);
        let ty = ident(&o.type_name);
        let d = doc(&o.description);
        quote!(#d pub #f: #ty,)
    });
    let one_of_types = op.one_of.as_ref().map(|o| {
        let content = ident(&o.type_name);
        let content_doc = doc(&o.description);
        let variants = o.alternatives.iter().map(|a| {
            let var = ident(&a.variant);
            let alt = ident(&a.type_name);
            let d = doc(&a.description);
            quote!(#d #var(#alt),)
        });
        let structs = o.alternatives.iter().map(|a| {
            let alt = ident(&a.type_name);
            let var = ident(&a.variant);
            let d = doc(&format!(
                "The inputs of the {} alternative: {}",
                code(&a.variant),
                a.description.trim()
            ));
            let fs = std::iter::once(&a.selector).chain(&a.optional).map(field);
            quote! {
                #d
                #[derive(Debug)]
                #[non_exhaustive]
                pub struct #alt {
                    #(#fs)*
                }

                impl From<#alt> for #content {
                    fn from(alternative: #alt) -> Self {
                        #content::#var(alternative)
                    }
                }
            }
        });
        quote! {
            #content_doc
            #[derive(Debug)]
            #[non_exhaustive]
            pub enum #content {
                #(#variants)*
            }
            #(#structs)*
        }
    });
    let request_doc = doc(&paragraphs([
        Some(
            format!(
                "The request of {} ({}): made with [`{request}::builder`].",
                op.summary,
                code(&super::operation::endpoint(op))
            )
            .as_str(),
        ),
        Some("Sent by `runtime::Client::send`; sans-IO through the `runtime::Operation` impl."),
        fixed_doc(op).as_deref(),
        Some(super::scopes::doc_text(op).as_str()),
    ]));
    // Each next page of a list is a copy of the request.
    let derive = if op.pagination.is_some() {
        quote!(#[derive(Debug, Clone)])
    } else {
        quote!(#[derive(Debug)])
    };
    quote! {
        #request_doc
        #derive
        #[non_exhaustive]
        pub struct #request {
            #(#fields)*
            #one_of_field
        }

        #one_of_types
    }
}

/// What every request sends on its own: the spec's one-value inputs.
fn fixed_doc(op: &Operation) -> Option<String> {
    if op.fixed.is_empty() {
        return None;
    }
    let lines: Vec<String> = op
        .fixed
        .iter()
        .map(|f| {
            format!(
                "- {} {}: {}",
                f.location.noun(),
                code(&f.wire),
                code(&f.value)
            )
        })
        .collect();
    Some(format!(
        "Always sent, with the one value the vendor documents:\n\n{}",
        lines.join("\n")
    ))
}

fn field(i: &Input) -> TokenStream {
    let f = ident(&i.rust_name);
    let ty = field_type(i);
    let d = input_doc(i);
    quote!(#d pub #f: #ty,)
}

/// The statements of `into_http_request`: path, query, headers, body.
pub fn into_http_request(op: &Operation) -> TokenStream {
    let method = ident(op.method.as_str());
    let base = (!op.base_path.is_empty()).then_some(op.base_path.as_str());
    // Literal pieces joined with the base path, parameters between them.
    let mut path = Vec::new();
    let mut literal = base.unwrap_or_default().to_owned();
    for segment in &op.path {
        match segment {
            PathSegment::Literal(text) => literal.push_str(text),
            PathSegment::Param { rust_name, wire } => {
                if !literal.is_empty() {
                    path.push(quote!(.path(#literal)));
                    literal.clear();
                }
                let f = ident(rust_name);
                path.push(quote!(.param(#wire, &self.#f)));
            }
        }
    }
    if !literal.is_empty() {
        path.push(quote!(.path(#literal)));
    }
    let path = (!path.is_empty()).then(|| quote!(request #(#path)*;));
    let located = |location: ParamLocation| {
        op.inputs
            .iter()
            .filter(move |i| i.location == location)
            .map(|i| {
                let f = ident(&i.rust_name);
                write(i, quote!(self.#f))
            })
    };
    let checks = op.inputs.iter().filter_map(|i| {
        let f = ident(&i.rust_name);
        super::inputs::check(i, quote!(self.#f))
    });
    let query = located(ParamLocation::Query);
    let headers = located(ParamLocation::Header);
    let fixed_in = |location: ParamLocation| {
        op.fixed
            .iter()
            .filter(move |f| f.location == location)
            .map(|f| (&f.wire, &f.value))
    };
    let fixed = fixed_in(ParamLocation::Header)
        .map(|(name, value)| quote!(request.header(#name, #value)?;));
    let fixed_query =
        fixed_in(ParamLocation::Query).map(|(name, value)| quote!(request.query(#name, #value);));
    let fixed_form =
        fixed_in(ParamLocation::Form).map(|(name, value)| quote!(form.field(#name, #value);));
    let fixed_body =
        fixed_in(ParamLocation::Body).map(|(name, value)| quote!(body.field(#name, #value)?;));
    let form = located(ParamLocation::Form);
    let body_fields = located(ParamLocation::Body);
    let choice = op.one_of.as_ref().map(|o| {
        let content = ident(&o.type_name);
        let f = ident(&o.rust_name);
        let arms = o.alternatives.iter().map(|a| {
            let var = ident(&a.variant);
            let stmts = std::iter::once(&a.selector).chain(&a.optional).map(|i| {
                let name = ident(&i.rust_name);
                write(i, quote!(alternative.#name))
            });
            quote!(#content::#var(alternative) => { #(#stmts)* })
        });
        quote! {
            match self.#f {
                #(#arms)*
            }
        }
    });
    let whole = op
        .inputs
        .iter()
        .find(|i| i.location == ParamLocation::WholeBody);
    // A body that is not required goes out only when something is in it:
    // the whole body given, or one of its fields or parts set.
    let optional = !op.body_required;
    let finish = match (op.body, whole) {
        (Body::None, _) => quote!(request.empty()),
        (Body::Multipart, _) if optional => quote! {
            if form.is_empty() { request.empty() } else { request.multipart(form) }
        },
        (Body::Multipart, _) => quote!(request.multipart(form)),
        (Body::Json, Some(whole)) => {
            let f = ident(&whole.rust_name);
            if whole.required {
                quote!(request.json(&self.#f))
            } else {
                quote! {
                    match &self.#f {
                        Some(body) => request.json(body),
                        None => request.empty(),
                    }
                }
            }
        }
        (Body::Json, None) if optional => quote! {
            if body.is_empty() { request.empty() } else { request.json(&body) }
        },
        (Body::Json, None) => quote!(request.json(&body)),
        (Body::FormUrlEncoded, _) if optional => quote! {
            if form.is_empty() { request.empty() } else { request.form_urlencoded(form) }
        },
        (Body::FormUrlEncoded, _) => quote!(request.form_urlencoded(form)),
        (Body::Binary, whole) => {
            let f = ident(whole.map_or("body", |w| w.rust_name.as_str()));
            let media = op
                .media_type
                .as_deref()
                .unwrap_or("application/octet-stream");
            if whole.is_none_or(|w| w.required) {
                quote!(request.binary(self.#f, #media))
            } else {
                quote! {
                    match self.#f {
                        Some(file) => request.binary(file, #media),
                        None => request.empty(),
                    }
                }
            }
        }
    };
    let form_decl = match op.body {
        Body::None => quote!(),
        Body::Json if whole.is_some() => quote!(),
        Body::Json => {
            let fixed_body = op.fixed.iter().any(|f| f.location == ParamLocation::Body);
            if fixed_body || op.all_inputs().any(|i| i.location == ParamLocation::Body) {
                quote!(let mut body = runtime::JsonObject::new();)
            } else {
                quote!(let body = runtime::JsonObject::new();)
            }
        }
        Body::Binary => quote!(),
        Body::Multipart | Body::FormUrlEncoded => {
            let kind = if op.body == Body::Multipart {
                quote!(runtime::MultipartBody)
            } else {
                quote!(runtime::FormBody)
            };
            let writes_form = op.all_inputs().any(|i| i.location == ParamLocation::Form)
                || op.fixed.iter().any(|f| f.location == ParamLocation::Form);
            if writes_form {
                quote!(let mut form = #kind::new();)
            } else {
                quote!(let form = #kind::new();)
            }
        }
    };
    // `request` is only changed when something is written to it after `new`.
    let changes_request = path.is_some()
        || op
            .all_inputs()
            .any(|i| matches!(i.location, ParamLocation::Query | ParamLocation::Header))
        || op
            .fixed
            .iter()
            .any(|f| matches!(f.location, ParamLocation::Query | ParamLocation::Header));
    let binding = if changes_request {
        quote!(let mut request)
    } else {
        quote!(let request)
    };
    // Hosts of its own, per server of the API; a custom base URL is kept.
    let (base_decl, base) = if op.servers.is_empty() {
        (None, quote!(server.base_url()))
    } else {
        let arms = op.servers.iter().map(|(variant, url)| {
            let v = ident(variant);
            quote!(Server::#v => #url,)
        });
        (
            Some(quote! {
                let base_url = match server {
                    #(#arms)*
                    Server::Custom(url) => url.as_str(),
                };
            }),
            quote!(base_url),
        )
    };
    let start = match op.auth {
        crate::model::OperationAuth::Signed { .. } => quote!(
            runtime::RequestBuilder::new(runtime::Method::#method, #base, <Self as runtime::Operation>::SECURITY, secrets)?
        ),
        crate::model::OperationAuth::None => {
            quote!(runtime::RequestBuilder::anonymous(runtime::Method::#method, #base)?)
        }
    };
    quote! {
        #(#checks)*
        #base_decl
        #binding = #start;
        #path
        #(#query)*
        #(#fixed_query)*
        #(#headers)*
        #(#fixed)*
        #form_decl
        #(#fixed_form)*
        #(#form)*
        #(#fixed_body)*
        #(#body_fields)*
        #choice
        #finish
    }
}
