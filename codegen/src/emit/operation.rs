//! One module per operation: its request (with the `runtime::Operation`
//! impl that the runtime drives), builder and error enum.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, paragraphs};
use crate::model::{Api, Operation, OperationAuth};
use crate::naming::ident;

pub fn emit(api: &Api, op: &Operation, options: &super::Options) -> TokenStream {
    let module = ident(&op.rust_name);
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
    let example = super::example::emit(api, op, options);
    let module_doc = doc(&paragraphs([
        Some(format!("# {}", op.summary).as_str()),
        Some(code(&endpoint(op)).as_str()),
        Some(super::docs::described(&op.description)),
        success_doc(op).as_deref(),
        hosts(op).as_deref(),
        super::docs::link(op.docs_url.as_deref()).as_deref(),
        example.as_ref().map(|e| e.doc.as_str()),
        Some(samples.join("\n\n").as_str()),
    ]));
    let example_fn = example.map(|e| e.function);
    let imports = op.api_items().into_iter().map(ident);
    let request = super::request::emit(op);
    let operation = operation_impl(api, op);
    let builder = super::builder::emit(op);
    let errors = super::errors::emit(op);
    let pagination = super::pagination::emit(api, op);
    let output_enum = super::output::emit(op);
    let events = super::event_stream::emit(op);
    let mock = options.mock.then(|| super::mock::operation_impls(api, op));
    let deprecated = op
        .deprecated
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    quote! {
        #module_doc
        #deprecated
        pub mod #module {
            use super::{runtime, Server, #(#imports),*};

            #request
            #output_enum
            #events
            #operation
            #pagination
            #builder
            #example_fn
            #errors
            #mock
        }
    }
}

/// The operation's own hosts, for its docs.
fn hosts(op: &Operation) -> Option<String> {
    if op.servers.is_empty() {
        return None;
    }
    let lines: Vec<String> = op
        .servers
        .iter()
        .map(|(variant, url)| format!("- `Server::{variant}`: <{url}>"))
        .collect();
    Some(format!(
        "Sent to hosts of its own, not the API's (a `Server::Custom` URL is used as it is):\n\n{}",
        lines.join("\n")
    ))
}

/// `METHOD /base/path` as documented.
pub fn endpoint(op: &Operation) -> String {
    format!("{} {}{}", op.method, op.base_path, op.path_template)
}

/// `impl runtime::Operation`: what the runtime needs to send the request.
fn operation_impl(api: &Api, op: &Operation) -> TokenStream {
    let request = ident(&op.names.request);
    let error = ident(&op.names.error);
    let output = super::output::output_type(op);
    let name = &op.rust_name;
    let scopes = super::scopes::required(op.scopes.as_ref());
    let downloads = super::output::download_statuses(op);
    let event_stream = super::event_stream::operation_items(op);
    let security = super::security::operation(api, &op.auth);
    let secrets_param = match &op.auth {
        OperationAuth::Signed { .. } => quote!(secrets),
        OperationAuth::None => quote!(_secrets),
    };
    let token_types = match &op.auth {
        OperationAuth::Signed { token_types, .. } if !token_types.is_empty() => {
            Some(quote!(const TOKEN_TYPES: &'static [&'static str] = &[#(#token_types),*];))
        }
        _ => None,
    };
    let rate_limits = super::rate_limits::operation(api);
    let scope_value = super::scopes::scope_value(op);
    let into_http_request = super::request::into_http_request(op);
    let parse_response = super::errors::parse_response(op);
    quote! {
        impl runtime::Operation for #request {
            const NAME: &'static str = #name;
            const REQUIRED_SCOPES: runtime::ScopeExpr = #scopes;
            const SECURITY: runtime::Security = #security;
            #token_types
            #downloads
            #event_stream
            #rate_limits
            type Server = Server;
            type Output = #output;
            type Error = #error;

            fn into_http_request(
                self,
                server: &Server,
                #secrets_param: &dyn runtime::Secrets,
            ) -> Result<runtime::HttpRequest, runtime::RequestError> {
                #into_http_request
            }

            fn parse_response(
                response: runtime::Response,
            ) -> Result<#output, runtime::Error<#error>> {
                #parse_response
            }

            #scope_value
        }
    }
}

/// The vendor's words for a single success (`Uploaded the file
/// successfully`); several successes are documented on the output enum.
fn success_doc(op: &Operation) -> Option<String> {
    match op.success.as_slice() {
        [only] if only.description.is_some() => {
            Some(format!("On success: {}", super::output::status_doc(only)))
        }
        _ => None,
    }
}
