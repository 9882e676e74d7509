//! The request struct, its `one_of` types, and `into_http_request`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc, paragraphs};
use super::inputs::{field_type, input_doc, write};
use crate::model::{Api, Operation, ParamLocation, PathSegment};
use crate::naming::ident;

pub fn emit(api: &Api, op: &Operation) -> TokenStream {
    let request = format_ident!("{}Request", op.type_prefix);
    let builder = format_ident!("{}Builder", op.type_prefix);

    let fields = op.inputs.iter().map(|i| {
        let f = ident(&i.rust_name);
        let ty = field_type(i);
        let d = input_doc(i);
        quote!(#d pub #f: #ty,)
    });
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
            let d = doc(&format!(
                "The inputs of the {} alternative: {}",
                code(&a.variant),
                a.description.trim()
            ));
            let fs = std::iter::once(&a.selector).chain(&a.optional).map(|i| {
                let f = ident(&i.rust_name);
                let ty = field_type(i);
                let d = input_doc(i);
                quote!(#d pub #f: #ty,)
            });
            quote! {
                #d
                #[derive(Debug)]
                #[non_exhaustive]
                pub struct #alt {
                    #(#fs)*
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

    let method = format_ident!("{}", op.method);
    let base_path = &api.base_path;
    let path_writes = op.path.iter().map(|seg| match seg {
        PathSegment::Literal(text) => quote!(url.literal(#text);),
        PathSegment::Param(name) => {
            let input = op
                .inputs
                .iter()
                .find(|i| &i.rust_name == name)
                .expect("validated: path params are inputs");
            let f = ident(name);
            write(input, quote!(self.#f))
        }
    });
    let writes = |loc: ParamLocation| {
        op.inputs
            .iter()
            .filter(move |i| i.location == loc)
            .map(|i| {
                let f = ident(&i.rust_name);
                write(i, quote!(self.#f))
            })
            .collect::<Vec<_>>()
    };
    let query_writes = writes(ParamLocation::Query);
    let header_writes = writes(ParamLocation::Header);
    let form_writes = writes(ParamLocation::Form);
    let choice_writes = op.one_of.as_ref().map(|o| {
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
    let needs_headers = !header_writes.is_empty();
    let headers_decl = needs_headers.then(|| quote!(let mut headers = http::HeaderMap::new();));
    let fixed = op
        .fixed_headers
        .iter()
        .map(|(name, value)| quote!(builder = builder.header(#name, #value);));
    let auth_header = &api.auth.header;
    let (form_decl, content_type, body) = if op.multipart {
        (
            if form_writes.is_empty() && op.one_of.is_none() {
                quote!(let form = crate::runtime::MultipartBody::new();)
            } else {
                quote!(let mut form = crate::runtime::MultipartBody::new();)
            },
            quote! {
                builder = builder.header(http::header::CONTENT_TYPE, form.content_type());
                if let Some(length) = form.content_length() {
                    builder = builder.header(http::header::CONTENT_LENGTH, length);
                }
            },
            quote!(builder.body(crate::runtime::RequestBody::Multipart(form))?),
        )
    } else {
        (
            quote!(),
            quote!(),
            quote!(builder.body(crate::runtime::RequestBody::Empty)?),
        )
    };
    let finish = if needs_headers {
        quote! {
            let mut request = #body;
            request.headers_mut().extend(headers);
            Ok(request)
        }
    } else {
        quote!(Ok(#body))
    };
    let builder_mut = if op.fixed_headers.is_empty() && !op.multipart {
        quote!(let builder)
    } else {
        quote!(let mut builder)
    };
    let base_literal = (!base_path.is_empty()).then(|| quote!(url.literal(#base_path);));
    let request_doc = doc(&paragraphs([
        Some(
            format!(
                "A request to {}: {}",
                code(&format!(
                    "{} {}{}",
                    op.method, api.base_path, op.path_template
                )),
                op.summary
            )
            .as_str(),
        ),
        Some(
            format!(
                "Made with [`{request}::builder`]; sent with [`{request}::into_http_request`]."
            )
            .as_str(),
        ),
    ]));
    let builder_fn_doc = doc(
        "Starts a request. Mandatory inputs are enforced at compile time: `build()`\nexists only once each of them is given.",
    );
    let http_doc = doc(&paragraphs([
        Some("The HTTP request: method, URL (base URL, percent-encoded path parameters, query), the `Authorization` header, fixed headers and the body."),
        Some("Sans-IO: send it with any HTTP client, then give the response to [`parse_response`]."),
    ]));

    quote! {
        #request_doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub struct #request {
            #(#fields)*
            #one_of_field
        }

        #one_of_types

        impl #request {
            #builder_fn_doc
            pub fn builder() -> #builder {
                #builder::new()
            }

            #http_doc
            pub fn into_http_request(
                self,
                server: &Server,
                token: &crate::runtime::AccessToken,
            ) -> Result<http::Request<crate::runtime::RequestBody>, crate::runtime::RequestError> {
                let mut url = crate::runtime::UrlBuilder::new(server.base_url())?;
                #base_literal
                #(#path_writes)*
                #(#query_writes)*
                #headers_decl
                #(#header_writes)*
                #form_decl
                #(#form_writes)*
                #choice_writes
                #builder_mut = http::Request::builder()
                    .method(http::Method::#method)
                    .uri(url.finish()?)
                    .header(#auth_header, token.header_value(AUTH_SCHEME)?);
                #(#fixed)*
                #content_type
                #finish
            }
        }
    }
}
