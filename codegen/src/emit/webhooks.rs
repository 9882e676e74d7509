//! The API's `webhooks` module, where its spec declares the events the
//! vendor sends: the typed `Event` (with `Unknown` and `Malformed`, which
//! keep the raw payload), `Receiver` (a `runtime::webhook::Verifier` set up
//! as the spec says) and `parse`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, link, paragraphs, source};
use crate::model::{Api, Type, WebhookEvent, Webhooks};
use crate::naming::ident;

pub fn emit(api: &Api, mock: bool) -> TokenStream {
    let Some(webhooks) = &api.webhooks else {
        return TokenStream::new();
    };
    let module_doc = doc(&paragraphs([
        Some("The events the vendor sends to your endpoint (webhooks): `Receiver::verify` checks a delivery on its raw body and reads it into an [`Event`](webhooks::Event)."),
        Some(webhooks.description.as_str()),
        link(webhooks.docs_url.as_deref()).as_deref(),
        source(webhooks.source.as_deref()).as_deref(),
    ]));
    let discriminator = &webhooks.discriminator;
    let variants = webhooks.events.iter().map(|e| variant(webhooks, e));
    // The discriminator's value → the event's name; the name → its type.
    let by_value = webhooks.events.iter().map(|e| {
        let (value, name) = (&e.value, &e.name);
        quote!(Some(#value) => #name,)
    });
    let typed_arms = webhooks.events.iter().map(typed_arm);
    let names = webhooks.events.iter().map(|e| {
        let v = ident(&e.variant);
        let name = &e.name;
        quote!(Event::#v(_) => Some(#name),)
    });
    let receiver = receiver(webhooks, mock);
    let max_body = proc_macro2::Literal::usize_unsuffixed(webhooks.max_body);
    let example_count = proc_macro2::Literal::usize_unsuffixed(
        webhooks
            .events
            .iter()
            .map(|e| e.examples.len())
            .sum::<usize>(),
    );
    let examples = webhooks.events.iter().flat_map(|e| {
        let name = &e.name;
        e.examples.iter().map(move |x| quote!((#name, #x)))
    });
    quote! {
        #module_doc
        pub mod webhooks {
            use super::runtime;

            /// The payload field whose value names the event.
            pub const DISCRIMINATOR: &str = #discriminator;

            /// The largest body read, in bytes.
            pub const MAX_BODY: usize = #max_body;

            /// The vendor's example payloads, by event, as its pages give them.
            pub const EXAMPLES: [(&str, &str); #example_count] = [#(#examples),*];

            /// An event the vendor sent.
            #[derive(Debug, Clone)]
            #[non_exhaustive]
            #[allow(clippy::large_enum_variant, reason = "one event per delivery, read once")]
            pub enum Event {
                #(#variants)*
                /// An event the spec does not know (a newer one), kept whole.
                Unknown {
                    /// The discriminator's value, if the payload has one.
                    kind: Option<String>,
                    /// The payload.
                    payload: runtime::JsonValue,
                },
                /// A known event whose payload does not fit its type, kept whole.
                Malformed {
                    /// The event.
                    kind: &'static str,
                    /// What did not fit.
                    error: String,
                    /// The payload.
                    payload: runtime::JsonValue,
                },
            }

            impl Event {
                /// Reads a payload into its event by [`DISCRIMINATOR`]; never
                /// fails: what it cannot type is `Unknown` or `Malformed`.
                pub fn from_payload(payload: runtime::JsonValue) -> Event {
                    let name = match payload.get(DISCRIMINATOR).and_then(|v| v.as_str()) {
                        #(#by_value)*
                        kind => {
                            let kind = kind.map(str::to_owned);
                            return Event::Unknown { kind, payload };
                        }
                    };
                    Event::from_named(name, payload)
                }

                /// Reads a payload as the event named `name` in the spec, for a
                /// delivery that says its event elsewhere than in the payload
                /// (a header, the URL it was sent to); `Unknown` for a name the
                /// spec does not know.
                pub fn from_named(name: &str, payload: runtime::JsonValue) -> Event {
                    match name {
                        #(#typed_arms)*
                        _ => Event::Unknown { kind: Some(name.to_owned()), payload },
                    }
                }

                /// The event's name in the spec; `None` for an unknown one.
                pub fn name(&self) -> Option<&'static str> {
                    match self {
                        #(#names)*
                        Event::Malformed { kind, .. } => Some(kind),
                        Event::Unknown { .. } => None,
                    }
                }
            }

            /// Reads a body as an event without checking a signature (one
            /// received another way, or from a vendor that signs nothing).
            pub fn parse(raw_body: &[u8]) -> Result<Event, runtime::webhook::WebhookError> {
                if raw_body.len() > MAX_BODY {
                    return Err(runtime::webhook::WebhookError::TooLarge { limit: MAX_BODY, len: raw_body.len() });
                }
                let payload = runtime::__private::serde_json::from_slice(raw_body)
                    .map_err(|e| runtime::webhook::WebhookError::NotJson(e.to_string()))?;
                Ok(Event::from_payload(payload))
            }

            #receiver
        }
    }
}

fn variant(webhooks: &Webhooks, event: &WebhookEvent) -> TokenStream {
    let v = ident(&event.variant);
    let d = doc(&paragraphs([
        Some(event.description.as_str()),
        Some(
            format!(
                "Its payload's `{}` is `{}`.",
                webhooks.discriminator, event.value
            )
            .as_str(),
        ),
        link(event.docs_url.as_deref()).as_deref(),
    ]));
    let ty = payload_type(&event.payload);
    quote!(#d #v(#ty),)
}

fn payload_type(ty: &Type) -> TokenStream {
    match ty {
        Type::Struct(name) | Type::Union(name) => {
            let name = ident(name);
            quote!(super::#name)
        }
        _ => quote!(runtime::JsonValue),
    }
}

/// `name => Event::Variant(payload read as its type)`.
fn typed_arm(event: &WebhookEvent) -> TokenStream {
    let v = ident(&event.variant);
    let name = &event.name;
    match &event.payload {
        Type::Struct(_) | Type::Union(_) => {
            let ty = payload_type(&event.payload);
            quote! {
                // Read from the value in place: kept whole if it does not fit.
                #name => match <#ty as runtime::__private::serde::Deserialize>::deserialize(&payload) {
                    Ok(typed) => Event::#v(typed),
                    Err(e) => Event::Malformed { kind: #name, error: e.to_string(), payload },
                },
            }
        }
        _ => quote!(#name => Event::#v(payload),),
    }
}

fn receiver(webhooks: &Webhooks, mock: bool) -> TokenStream {
    let Some(signature) = &webhooks.signature else {
        return TokenStream::new();
    };
    let header = &signature.header;
    let pems = signature.keys.iter().map(|(_, pem)| quote!(#pem));
    let key_names: Vec<String> = signature
        .keys
        .iter()
        .map(|(name, _)| format!("`{name}`"))
        .collect();
    let keys_doc = doc(&format!(
        "The vendor's public keys (PEM), newest first: {}.",
        key_names.join(", ")
    ));
    let window = webhooks.window;
    let seconds = proc_macro2::Literal::u64_unsuffixed(window);
    let timestamp = webhooks
        .timestamp_field
        .as_ref()
        .map(|field| quote!(.timestamp(#field, ::std::time::Duration::from_secs(#seconds))));
    let replay = webhooks
        .id_field
        .as_ref()
        .map(|field| quote!(.replay_id(#field)));
    let mut checks = vec![format!(
        "the body is at most {} bytes; `{header}` holds a base64 RSA SHA-256 signature of the raw body by one of the keys",
        webhooks.max_body
    )];
    if let Some(field) = &webhooks.timestamp_field {
        checks.push(format!(
            "`{field}` is within {window} seconds of now (plus the clock skew)"
        ));
    }
    if let Some(field) = &webhooks.id_field {
        checks.push(format!("`{field}` was not seen before"));
    }
    let receiver_doc = doc(&paragraphs([
        Some("Checks deliveries before reading them: keep one for the life of the endpoint (it remembers the ids it saw)."),
        Some(format!("Checks, in order: {}.", checks.join("; ")).as_str()),
    ]));
    let deliver = mock.then(|| {
        quote! {
            /// Delivers `payload` to your endpoint as the vendor would, signed
            /// with the runtime's test key: a [`Receiver`] made with
            /// `Receiver::with_keys(&[runtime::webhook::TestSigner::PUBLIC_KEY])`
            /// accepts it. For tests of your handler, its refusals included
            /// (sign another body, send it twice, date it an hour ago).
            pub async fn deliver_test(
                endpoint: &str,
                payload: &runtime::JsonValue,
            ) -> Result<runtime::__private::http::StatusCode, String> {
                runtime::webhook::TestSigner::new()
                    .deliver(endpoint, SIGNATURE_HEADER, payload.to_string().as_bytes())
                    .await
            }
        }
    });
    quote! {
        #deliver

        /// The header carrying each delivery's signature.
        pub const SIGNATURE_HEADER: &str = #header;

        #keys_doc
        pub const PUBLIC_KEYS: &[&str] = &[#(#pems),*];

        #receiver_doc
        #[derive(Debug)]
        pub struct Receiver(runtime::webhook::Verifier);

        impl Receiver {
            /// With the vendor's [`PUBLIC_KEYS`] and a bounded in-memory
            /// replay store.
            pub fn new() -> Result<Self, runtime::webhook::WebhookError> {
                Self::with_keys(PUBLIC_KEYS)
            }

            /// With other public keys (PEM): a key the vendor announced, or a
            /// test key (`runtime::webhook::TestSigner::PUBLIC_KEY`).
            pub fn with_keys(public_keys: &[&str]) -> Result<Self, runtime::webhook::WebhookError> {
                Ok(Receiver(
                    runtime::webhook::Verifier::new(SIGNATURE_HEADER, public_keys.iter().copied())?
                        .max_body(MAX_BODY)
                        #timestamp
                        #replay,
                ))
            }

            /// Where seen ids are kept (shared by several processes, say).
            pub fn store(self, store: ::std::sync::Arc<dyn runtime::webhook::ReplayStore>) -> Self {
                Receiver(self.0.store(store))
            }

            /// The clock skew allowed on top of the window.
            pub fn skew(self, skew: ::std::time::Duration) -> Self {
                Receiver(self.0.skew(skew))
            }

            /// Checks a delivery on its raw body, then reads it into its
            /// event; `now` is the time to judge its timestamp by
            /// (`SystemTime::now()`).
            pub fn verify(
                &self,
                headers: &runtime::__private::http::HeaderMap,
                raw_body: &[u8],
                now: ::std::time::SystemTime,
            ) -> Result<Event, runtime::webhook::WebhookError> {
                self.0.verify(headers, raw_body, now).map(Event::from_payload)
            }
        }

        impl runtime::webhook::Receive for Receiver {
            type Event = Event;

            fn max_body(&self) -> usize {
                MAX_BODY
            }

            fn receive(
                &self,
                headers: &runtime::__private::http::HeaderMap,
                raw_body: &[u8],
                now: ::std::time::SystemTime,
            ) -> Result<Event, runtime::webhook::WebhookError> {
                self.verify(headers, raw_body, now)
            }
        }
    }
}
