//! The typed mock of an API (with `Options::mock`): each operation's
//! `runtime::mock::MockOperation` impl (its route, and the decoding of a
//! received request into the typed request, which checks it against the
//! spec), each error enum's `runtime::mock::MockError` impl (each error's
//! statuses, and the vendor's wire format), and the API's `mock::MockServer` with one accessor per
//! operation. The server itself is the runtime's.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc};
use crate::model::{
    Api, Body, ErrorMatch, ErrorStatus, Input, Operation, ParamLocation, PathSegment, Type,
};
use crate::naming::ident;

/// The mock impls of one operation, inside its module.
pub fn operation_impls(api: &Api, op: &Operation) -> TokenStream {
    let request = ident(&op.names.request);
    let method = op.method.as_str();
    let pieces = path_pieces(op);
    let fixed = op
        .fixed
        .iter()
        .filter(|f| f.location == ParamLocation::Header)
        .map(|f| {
            let (name, value) = (&f.wire, &f.value);
            quote!((#name, #value))
        });
    let body = match op.body {
        Body::None => quote!(runtime::mock::BodyKind::None),
        Body::Multipart => quote!(runtime::mock::BodyKind::Multipart),
        Body::Json => quote!(runtime::mock::BodyKind::Json),
        Body::FormUrlEncoded => quote!(runtime::mock::BodyKind::FormUrlEncoded),
        Body::Binary => {
            let media = op
                .media_type
                .as_deref()
                .unwrap_or("application/octet-stream");
            quote!(runtime::mock::BodyKind::Binary(#media))
        }
    };
    // The runtime's default is a required body; it is written only when not.
    let body_required = (op.body != Body::None && !op.body_required).then(|| {
        quote!(
            const BODY_REQUIRED: bool = false;
        )
    });
    let success = super::output::mock_fns(op);
    let from_wire = from_wire(api, op);
    let error_impl = error_impl(op);
    let event_impl = super::event_stream::mock_impl(op);
    quote! {
        impl runtime::mock::MockOperation for #request {
            const ROUTE: runtime::mock::Route = runtime::mock::Route {
                method: #method,
                path: &[#(#pieces),*],
                fixed_headers: &[#(#fixed),*],
                body: #body,
            };
            #body_required

            #success

            #from_wire
        }

        #error_impl
        #event_impl
    }
}

/// The path after the base URL, as the runtime matches it: the operation's
/// base path joined to its literal text, parameters between.
fn path_pieces(op: &Operation) -> Vec<TokenStream> {
    let mut pieces = Vec::new();
    let mut literal = op.base_path.clone();
    for segment in &op.path {
        match segment {
            PathSegment::Literal(text) => literal.push_str(text),
            PathSegment::Param { wire, .. } => {
                if !literal.is_empty() {
                    pieces.push(quote!(runtime::mock::PathPiece::Literal(#literal)));
                    literal.clear();
                }
                pieces.push(quote!(runtime::mock::PathPiece::Param(#wire)));
            }
        }
    }
    if !literal.is_empty() {
        pieces.push(quote!(runtime::mock::PathPiece::Literal(#literal)));
    }
    pieces
}

/// `from_wire`: every input decoded (so that every problem is reported),
/// then the request, if all were right.
fn from_wire(api: &Api, op: &Operation) -> TokenStream {
    let mut names: Vec<TokenStream> = op
        .inputs
        .iter()
        .map(|i| quote_ident(&i.rust_name))
        .collect();
    let mut calls: Vec<TokenStream> = op.inputs.iter().map(|i| decode(api, op, i)).collect();
    if let Some(one_of) = &op.one_of {
        names.push(quote_ident(&one_of.rust_name));
        let content = ident(&one_of.type_name);
        let selectors = one_of.alternatives.iter().map(|a| {
            let place = place(a.selector.location);
            let wire = &a.selector.wire;
            quote!((#place, #wire))
        });
        let arms = one_of.alternatives.iter().enumerate().map(|(index, a)| {
            let variant = ident(&a.variant);
            let alternative = ident(&a.type_name);
            let inputs: Vec<&Input> = std::iter::once(&a.selector).chain(&a.optional).collect();
            let fields: Vec<TokenStream> =
                inputs.iter().map(|i| quote_ident(&i.rust_name)).collect();
            let decoded = inputs.iter().map(|i| decode(api, op, i));
            quote! {
                Some(#index) => match (#(#decoded,)*) {
                    (#(Some(#fields),)*) => Some(#content::#variant(#alternative { #(#fields),* })),
                    _ => None,
                },
            }
        });
        calls.push(quote! {
            match decoder.choose(&[#(#selectors),*]) {
                #(#arms)*
                _ => None,
            }
        });
    }
    // Values the spec fixes (headers are the route's): checked, not kept.
    let fixed: Vec<TokenStream> = op
        .fixed
        .iter()
        .filter(|f| f.location != ParamLocation::Header)
        .map(|f| {
            let place = place(f.location);
            let (wire, value) = (&f.wire, &f.value);
            quote!(decoder.fixed(#place, #wire, #value);)
        })
        .collect();
    if names.is_empty() && fixed.is_empty() {
        return quote! {
            fn from_wire(_decoder: &mut runtime::mock::Decoder<'_>) -> Option<Self> {
                Some(Self {})
            }
        };
    }
    if names.is_empty() {
        return quote! {
            fn from_wire(decoder: &mut runtime::mock::Decoder<'_>) -> Option<Self> {
                #(#fixed)*
                Some(Self {})
            }
        };
    }
    quote! {
        fn from_wire(decoder: &mut runtime::mock::Decoder<'_>) -> Option<Self> {
            #(#fixed)*
            let (#(Some(#names),)*) = (#(#calls,)*) else {
                return None;
            };
            Some(Self { #(#names),* })
        }
    }
}

fn quote_ident(name: &str) -> TokenStream {
    let name = ident(name);
    quote!(#name)
}

fn place(location: ParamLocation) -> TokenStream {
    match location {
        ParamLocation::Path => quote!(runtime::mock::Place::Path),
        ParamLocation::Query => quote!(runtime::mock::Place::Query),
        ParamLocation::Header => quote!(runtime::mock::Place::Header),
        ParamLocation::Form => quote!(runtime::mock::Place::Form),
        ParamLocation::Body => quote!(runtime::mock::Place::Body),
        ParamLocation::WholeBody => quote!(runtime::mock::Place::WholeBody),
    }
}

/// The decoder call that reads one input: once, at most once or a list.
fn decode(api: &Api, op: &Operation, input: &Input) -> TokenStream {
    let place = place(input.location);
    let wire = &input.wire;
    let required = input.required;
    if input.caller_named() {
        // Every form part but the operation's named ones.
        let alternatives = op.one_of.iter().flat_map(|o| &o.alternatives);
        let declared: Vec<&str> = op
            .inputs
            .iter()
            .chain(alternatives.flat_map(|a| std::iter::once(&a.selector).chain(&a.optional)))
            .filter(|i| i.location == ParamLocation::Form && !i.caller_named())
            .map(|i| i.wire.as_str())
            .chain(
                op.fixed
                    .iter()
                    .filter(|f| f.location == ParamLocation::Form)
                    .map(|f| f.wire.as_str()),
            )
            .collect();
        let value = value_fn(input);
        return quote!(decoder.caller_named(&[#(#declared),*], #required, #value));
    }
    // A JSON value is one value, lists included; an optional list is `Vec`.
    let json = matches!(
        input.location,
        ParamLocation::Body | ParamLocation::WholeBody
    );
    let list = matches!(input.ty, Type::List(_));
    let mut value = value_fn(input);
    // An enum opened only for responses: requests still send listed values.
    if let Some(e) = opened_enum(api, input) {
        let check = quote!(runtime::mock::documented(value, #e::WIRE_VALUES, #e::as_str));
        value = if json && list {
            quote! {
                |raw| runtime::mock::json_value::<Vec<#e>>(raw).and_then(|values| {
                    values.into_iter().map(|value| #check).collect::<Result<Vec<_>, String>>()
                })
            }
        } else {
            quote!(|raw| (#value)(raw).and_then(|value| #check))
        };
    }
    // A nullable input: `null` is `Nullable::Null`, told from absent.
    if input.nullable {
        value = quote!(|raw| runtime::mock::nullable(raw, #value));
    }
    match () {
        _ if required && (json || !list) => quote!(decoder.one(#place, #wire, #value)),
        _ if json && input.is_many() => {
            quote!(decoder.optional(#place, #wire, #value).map(Option::unwrap_or_default))
        }
        // Nullable, or a whole body: `None` when absent.
        _ if json => quote!(decoder.optional(#place, #wire, #value)),
        _ if list && input.joined => quote!(decoder.joined(#place, #wire, #required, #value)),
        _ if list => quote!(decoder.many(#place, #wire, #required, #value)),
        _ => quote!(decoder.optional(#place, #wire, #value)),
    }
}

/// The function that reads one value of the input (a JSON list whole).
fn value_fn(input: &Input) -> TokenStream {
    let item = match &input.ty {
        Type::List(inner) | Type::Map(inner) => inner.as_ref(),
        ty => ty,
    };
    match (input.location, item, &input.file_types, &input.allowed) {
        (ParamLocation::WholeBody, Type::File, _, _) => quote!(runtime::mock::body_file),
        (ParamLocation::Body | ParamLocation::WholeBody, ..) => quote!(runtime::mock::json_value),
        (_, Type::File, Some(file_types), _) => {
            let file_types = ident(file_types);
            quote!(|raw| runtime::mock::typed_file(raw, #file_types::from_file_name, #file_types::mime_type))
        }
        (_, Type::File, None, _) => quote!(runtime::mock::file),
        (_, _, _, Some(values)) => quote!(|raw| runtime::mock::allowed(raw, &[#(#values),*])),
        _ => quote!(runtime::mock::text),
    }
}

/// The enum of the input (or of its items), when the generator opened it
/// for responses (`Unknown(String)`) although the vendor lists its values.
fn opened_enum(api: &Api, input: &Input) -> Option<proc_macro2::Ident> {
    let item = match &input.ty {
        Type::List(inner) => inner.as_ref(),
        ty => ty,
    };
    let Type::Enum(name) = item else {
        return None;
    };
    api.enums
        .iter()
        .any(|e| &e.rust_name == name && e.other.as_ref().is_some_and(|o| o.synthesized))
        .then(|| ident(name))
}

/// `impl runtime::mock::MockError`: each documented error's statuses, and
/// its reply under a status: its body, with its code in the body's code field.
fn error_impl(op: &Operation) -> TokenStream {
    let error = ident(&op.names.error);
    let variants = &op.errors.variants;
    let statuses: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let variant = ident(&v.variant);
            let pattern = match v.body {
                Some(_) => quote!(Self::#variant(_)),
                None => quote!(Self::#variant),
            };
            let status = match v.status {
                ErrorStatus::Exact(status) => {
                    let status = proc_macro2::Literal::u16_unsuffixed(status);
                    quote!(runtime::mock::ErrorStatus::Exact(#status))
                }
                ErrorStatus::Class(class) => {
                    let class = proc_macro2::Literal::u8_unsuffixed(class);
                    quote!(runtime::mock::ErrorStatus::Class(#class))
                }
                ErrorStatus::Default => quote!(runtime::mock::ErrorStatus::Default),
            };
            quote!(#pattern => #status,)
        })
        .collect();
    let replies: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let variant = ident(&v.variant);
            let code = match (&op.errors.by, &v.code) {
                (ErrorMatch::BodyCode { code_wire, .. }, Some(code)) => {
                    quote!(.with_code(#code_wire, #code))
                }
                _ => quote!(),
            };
            match v.body {
                Some(_) => {
                    quote!(Self::#variant(body) => runtime::mock::Reply::json(status, body) #code,)
                }
                None => quote!(Self::#variant => runtime::mock::Reply::empty(status),),
            }
        })
        .collect();
    let (status_body, reply_body, status_param) = if variants.is_empty() {
        (
            quote!(match *self {}),
            quote!(match *self {}),
            quote!(_status),
        )
    } else {
        (
            quote!(match self { #(#statuses)* }),
            quote!(match self { #(#replies)* }),
            quote!(status),
        )
    };
    quote! {
        impl runtime::mock::MockError for #error {
            fn status(&self) -> runtime::mock::ErrorStatus {
                #status_body
            }

            fn reply(&self, #status_param: u16) -> runtime::mock::Reply {
                #reply_body
            }
        }
    }
}

/// The name of an operation's accessor on `MockServer`: its own, unless
/// that is one of the server's own methods.
pub fn accessor(op: &Operation) -> String {
    match op.rust_name.as_str() {
        "start" | "server" => format!("{}_", op.rust_name),
        name => name.to_owned(),
    }
}

/// The API's `mock` module: `MockServer`, with one accessor per operation.
pub fn server(api: &Api) -> TokenStream {
    let name = &api.module;
    let operations: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| {
            let module = ident(&op.rust_name);
            let request = ident(&op.names.request);
            quote!(super::#module::#request)
        })
        .collect();
    let accessors = api.operations.iter().zip(&operations).map(|(op, path)| {
        let accessor = ident(&accessor(op));
        let d = doc(&format!(
            "{} ({}): program its answers, read the requests it received.",
            op.summary,
            code(&super::operation::endpoint(op))
        ));
        quote! {
            #d
            pub fn #accessor(&self) -> runtime::mock::Mock<'_, #path> {
                self.0.mock()
            }
        }
    });
    // Every operation's example, for harnesses that send them all.
    let examples = api
        .operations
        .iter()
        .filter(|op| super::example::exists(api, op))
        .map(|op| {
            let module = ident(&op.rust_name);
            let name = &op.rust_name;
            let endpoint = super::operation::endpoint(op);
            let group = match &op.group {
                Some(g) => quote!(Some(#g)),
                None => quote!(None),
            };
            quote!(runtime::mock::Example::new(#name, #group, #endpoint, super::#module::example),)
        });
    let module_doc = doc(&format!(
        "A mock of the {} for tests: a server on 127.0.0.1 that checks each \
         request against the spec (path, auth header, fixed headers, required \
         inputs, documented values, file parts and their types) and answers \
         with typed values; the spec's examples by default.\n\n\
         Generated because the generator's `mock` option is on (the \
         `generated` crate's `mock` feature).",
        api.title
    ));
    quote! {
        #module_doc
        // Deprecated operations are mocked too.
        #[allow(deprecated)]
        pub mod mock {
            use super::{runtime, Server};

            /// A running mock of the API. Dropping it with violations of the
            /// spec recorded (and not taken) panics with all of them; see
            /// `runtime::mock`.
            #[derive(Debug)]
            pub struct MockServer(runtime::mock::MockServer);

            impl MockServer {
                /// Starts the mock on a free port of 127.0.0.1, within the
                /// current tokio runtime.
                pub async fn start() -> ::std::io::Result<MockServer> {
                    runtime::mock::MockServer::builder(#name)
                        #(.operation::<#operations>())*
                        .start()
                        .await
                        .map(MockServer)
                }

                /// `Server::Custom` with the mock's base URL: where to send requests.
                pub fn server(&self) -> Server {
                    Server::Custom(self.0.base_url().to_owned())
                }

                #(#accessors)*
            }

            /// Every operation's example (the one its docs show), to send
            /// them all to a server, such as one serving the vendor's own
            /// OpenAPI file, and report what it refused.
            pub fn examples() -> Vec<runtime::mock::Example<Server>> {
                vec![#(#examples)*]
            }

            impl ::std::ops::Deref for MockServer {
                type Target = runtime::mock::MockServer;

                fn deref(&self) -> &runtime::mock::MockServer {
                    &self.0
                }
            }
        }
    }
}
