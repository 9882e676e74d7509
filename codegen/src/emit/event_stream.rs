//! The event enum of an operation whose success is a server-sent event
//! stream (`<Op>Event`): a variant per declared event, with its data typed,
//! and `Unknown` for any other name; its `runtime::sse::Events` impl, which
//! reads each event; with the mock, its `runtime::mock::MockEvent` impl, and
//! the default stream the mock sends (the events' examples).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{code, described, doc, paragraphs};
use super::types::rust_type;
use crate::model::{EventData, EventStream, Operation};
use crate::naming::ident;

/// `<Op>Event` and its `Events` impl.
pub fn emit(op: &Operation) -> Option<TokenStream> {
    let stream = op.stream.as_ref()?;
    let name = ident(&op.names.event);
    let variants = stream.events.iter().map(|e| {
        let variant = ident(&e.variant);
        let d = doc(&paragraphs([
            Some(described(&e.description)),
            Some(format!("The {} event.", code(&e.name)).as_str()),
        ]));
        match &e.data {
            EventData::None => quote!(#d #variant,),
            EventData::Text => quote!(#d #variant(String),),
            EventData::Json(ty) => {
                let ty = rust_type(ty);
                quote!(#d #variant(#ty),)
            }
        }
    });
    let reads = stream.events.iter().map(|e| {
        let variant = ident(&e.variant);
        let wire = &e.name;
        match &e.data {
            EventData::None => quote!(#wire => Ok(Self::#variant),),
            EventData::Text => quote!(#wire => Ok(Self::#variant(data.to_owned())),),
            EventData::Json(_) => quote!(#wire => runtime::sse::json(data).map(Self::#variant),),
        }
    });
    let names = stream.events.iter().map(|e| {
        let variant = ident(&e.variant);
        let wire = &e.name;
        match &e.data {
            EventData::None => quote!(Self::#variant => #wire,),
            EventData::Text | EventData::Json(_) => quote!(Self::#variant(_) => #wire,),
        }
    });
    let resumes = if stream.resumes {
        " It resumes after a dropped connection: the client sends the request again with `Last-Event-ID`."
    } else {
        ""
    };
    let d = doc(&format!(
        "The events of the stream {} returns (`text/event-stream`), read as they arrive by [`runtime::sse::EventStream`].{resumes} `#[non_exhaustive]`: a newly declared event is not a breaking change.",
        op.summary
    ));
    Some(quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // Events are matched once as they arrive; boxing would show in every match.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// An event the spec does not declare: its name and data as sent.
            Unknown {
                /// The event's name.
                name: String,
                /// The event's data.
                data: String,
            },
        }

        impl runtime::sse::Events for #name {
            fn from_wire(name: &str, data: &str) -> Result<Self, String> {
                match name {
                    #(#reads)*
                    _ => Ok(Self::Unknown { name: name.to_owned(), data: data.to_owned() }),
                }
            }

            fn name(&self) -> &str {
                match self {
                    #(#names)*
                    Self::Unknown { name, .. } => name,
                }
            }
        }
    })
}

/// The `Operation` items of an event-stream operation: its statuses, and
/// for a stream that resumes, the hook the client reconnects it by.
pub fn operation_items(op: &Operation) -> Option<TokenStream> {
    let stream = op.stream.as_ref()?;
    let status = Literal::u16_unsuffixed(stream.status);
    // One success: the output is the stream (with its headers, if documented).
    let resumes = match op.success.as_slice() {
        [only] if stream.resumes => {
            let stream = if only.headers.is_empty() {
                quote!(output)
            } else {
                quote!(&mut output.body)
            };
            Some(quote! {
                const RESUMES: bool = true;

                fn event_stream(output: &mut Self::Output) -> Option<&mut dyn runtime::sse::Resume> {
                    Some(#stream)
                }
            })
        }
        _ => None,
    };
    Some(quote! {
        const EVENT_STREAM_STATUSES: &'static [u16] = &[#status];
        #resumes
    })
}

/// With the mock: `<Op>Event`'s `MockEvent` impl (each event's data as sent).
pub fn mock_impl(op: &Operation) -> Option<TokenStream> {
    let stream = op.stream.as_ref()?;
    let name = ident(&op.names.event);
    let arms = stream.events.iter().map(|e| {
        let variant = ident(&e.variant);
        match &e.data {
            EventData::None => quote!(Self::#variant => String::new(),),
            EventData::Text => quote!(Self::#variant(data) => data.clone(),),
            EventData::Json(_) => quote!(Self::#variant(data) => runtime::mock::to_json(data),),
        }
    });
    Some(quote! {
        impl runtime::mock::MockEvent for #name {
            fn data(&self) -> String {
                match self {
                    #(#arms)*
                    Self::Unknown { data, .. } => data.clone(),
                }
            }
        }
    })
}

/// The stream the mock sends by default: one event per declared event with
/// an example, in the spec's order; `None` when no event has one.
pub fn mock_example(stream: &EventStream) -> Option<TokenStream> {
    let status = Literal::u16_unsuffixed(stream.status);
    let events: Vec<TokenStream> = stream
        .events
        .iter()
        .filter_map(|e| {
            let (name, example) = (&e.name, e.example.as_ref()?);
            Some(quote!((#name, #example)))
        })
        .collect();
    (!events.is_empty())
        .then(|| quote!(Some(runtime::mock::Reply::event_examples(#status, &[#(#events),*]))))
}
