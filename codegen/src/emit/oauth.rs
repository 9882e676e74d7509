//! The API's `oauth` module, where its spec declares a token endpoint:
//! `Refresh` (the refresh-token grant, a `runtime::RefreshFlow` set up as
//! the spec says), an enum per closed form field, and one type per token
//! exchange (a `runtime::TokenExchange`).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, paragraphs, source};
use crate::model::{Api, Exchange, FieldValue, FormField, OAuth, TokenEndpoint};
use crate::naming::ident;

pub fn emit(api: &Api) -> TokenStream {
    let Some(oauth) = &api.oauth else {
        return TokenStream::new();
    };
    let module_doc = doc(&paragraphs([
        Some("OAuth 2.0 tokens from the vendor's token endpoint, renewed by `runtime::RefreshingToken`."),
        Some(oauth.description.as_str()),
        source(oauth.source.as_deref()).as_deref(),
    ]));
    let choices = oauth
        .fields
        .iter()
        .chain(oauth.exchanges.iter().flat_map(|e| &e.fields))
        .filter_map(choice_enum);
    let refresh = refresh(api, oauth);
    let token_url = token_url_fn(oauth);
    let exchanges = oauth.exchanges.iter().map(exchange);
    quote! {
        #module_doc
        pub mod oauth {
            use super::runtime;

            #token_url
            #refresh
            #(#exchanges)*
            #(#choices)*
        }
    }
}

/// `token_url(&Server)`, for an endpoint per server.
fn token_url_fn(oauth: &OAuth) -> TokenStream {
    let TokenEndpoint::PerServer(urls) = &oauth.endpoint else {
        return TokenStream::new();
    };
    let arms = urls.iter().map(|(variant, url)| {
        let v = ident(variant);
        quote!(super::Server::#v => Some(#url),)
    });
    quote! {
        /// The token endpoint of `server`'s data center; `None` for a server
        /// the spec names none for (a custom one).
        pub fn token_url(server: &super::Server) -> Option<&'static str> {
            match server {
                #(#arms)*
                _ => None,
            }
        }
    }
}

/// A constructor parameter and what it adds to the form.
struct Param {
    decl: TokenStream,
    doc: String,
    field: TokenStream,
}

fn params(fields: &[FormField]) -> (Vec<Param>, Vec<TokenStream>) {
    let mut params = Vec::new();
    let mut fixed = Vec::new();
    for f in fields {
        let wire = &f.wire;
        let name = ident(&f.rust_name);
        match &f.value {
            FieldValue::Fixed(value) => fixed.push(quote!(.field(#wire, #value))),
            FieldValue::Text { description } => params.push(Param {
                decl: quote!(#name: impl Into<String>),
                doc: format!("- `{}`: {}", f.rust_name, one_line(description)),
                field: quote!(.field(#wire, #name)),
            }),
            FieldValue::Choice {
                description,
                type_name,
                ..
            } => {
                let ty = ident(type_name);
                params.push(Param {
                    decl: quote!(#name: #ty),
                    doc: format!("- `{}`: {}", f.rust_name, one_line(description)),
                    field: quote!(.field(#wire, #name.as_str())),
                });
            }
        }
    }
    (params, fixed)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn refresh(api: &Api, oauth: &OAuth) -> TokenStream {
    let (params, fixed) = params(&oauth.fields);
    let lifetime = oauth.lifetime;
    let seconds = proc_macro2::Literal::u64_unsuffixed(lifetime);
    let (server_param, server_doc, url) = match &oauth.endpoint {
        TokenEndpoint::One(url) => (
            TokenStream::new(),
            format!("The token endpoint: `{url}`."),
            quote!(Some(#url)),
        ),
        TokenEndpoint::PerServer(_) => (
            quote!(server: &super::Server,),
            "`server`: the data center of the account; its token endpoint is [`token_url`] (a custom server has none: give one with [`Refresh::with_token_url`]).".to_owned(),
            quote!(token_url(server)),
        ),
    };
    let (store_param, store_call, store_doc) = if oauth.rotates {
        (
            quote!(store: impl Fn(&str) -> Result<(), String> + Send + Sync + 'static,),
            quote!(.rotating(store)),
            Some("- `store`: keeps each new refresh token (a file, a database...). Each refresh spends the refresh token sent and answers with a new one, handed to `store` before the new access token is used; when `store` fails, the refresh fails and the token is handed over again before the next one."),
        )
    } else {
        (TokenStream::new(), TokenStream::new(), None)
    };
    let kept_names: Vec<&str> = oauth.keep.iter().map(|k| k.wire.as_str()).collect();
    let keep = (!kept_names.is_empty()).then(|| quote!(.keep(&[#(#kept_names),*])));
    let accessors = oauth.keep.iter().map(|k| {
        let name = ident(&k.rust_name);
        let wire = &k.wire;
        let d = doc(&paragraphs([
            Some(format!("`{wire}` of the last token answer that had it.").as_str()),
            Some(k.description.as_str()),
        ]));
        quote! {
            #d
            pub fn #name(&self) -> Option<String> {
                self.0.kept(#wire)
            }
        }
    });
    let server = oauth.keep.iter().find(|k| k.server).map(|k| {
        let wire = &k.wire;
        let known = api.servers.list.iter().map(|s| {
            let v = ident(&s.variant);
            let url = &s.url;
            quote!(#url => super::Server::#v,)
        });
        let d = doc(&format!(
            "The account's server, from `{wire}` of the last token answer: one of\n[`Server`](super::Server)'s data centers, or `Server::Custom` with its URL."
        ));
        quote! {
            #d
            pub fn server(&self) -> Option<super::Server> {
                let url = self.0.kept(#wire)?;
                Some(match url.trim_end_matches('/') {
                    #(#known)*
                    other => super::Server::Custom(other.to_owned()),
                })
            }
        }
    });
    let param_decls = params.iter().map(|p| &p.decl);
    let param_fields = params.iter().map(|p| &p.field);
    let mut arg_docs: Vec<String> = vec![
        "- `client_id`, `client_secret`: the app's credentials.".to_owned(),
        "- `refresh_token`: the refresh token of the grant.".to_owned(),
    ];
    arg_docs.extend(params.iter().map(|p| p.doc.clone()));
    arg_docs.extend(store_doc.map(str::to_owned));
    let rotation = if oauth.rotates {
        "Refresh tokens rotate: each refresh returns a new one."
    } else {
        "The refresh token stays the same across refreshes."
    };
    let new_doc = doc(&paragraphs([
        Some("The refresh-token grant (RFC 6749 §6) of the account."),
        Some(server_doc.as_str()),
        Some(arg_docs.join("\n").as_str()),
    ]));
    let struct_doc = doc(&paragraphs([
        Some("Renews access tokens with the refresh token: hand it to `runtime::RefreshingToken::new`, which renews one at a time before expiry and after a refusal."),
        Some(format!("{rotation} A token whose answer gives no `expires_in` is taken to last {lifetime} seconds. An answer without `access_token` is a refusal, never a token.").as_str()),
    ]));
    quote! {
        #struct_doc
        pub struct Refresh(runtime::RefreshFlow);

        impl Refresh {
            #new_doc
            pub fn new(
                #server_param
                client_id: impl Into<String>,
                client_secret: impl Into<String>,
                refresh_token: impl Into<String>,
                #(#param_decls,)*
                #store_param
            ) -> Self {
                Refresh(
                    runtime::RefreshFlow::new(#url, client_id, client_secret, refresh_token)
                        .lifetime(::std::time::Duration::from_secs(#seconds))
                        #(#fixed)*
                        #(#param_fields)*
                        #keep
                        #store_call,
                )
            }

            /// Another token endpoint (a proxy, a test server, a custom server's).
            pub fn with_token_url(self, token_url: &str) -> Self {
                Refresh(self.0.with_token_url(token_url))
            }

            /// The token endpoint asked (`None`: none known for the server).
            pub fn token_url(&self) -> Option<&str> {
                self.0.token_url()
            }

            /// The flow underneath.
            pub fn flow(&self) -> &runtime::RefreshFlow {
                &self.0
            }

            #(#accessors)*
            #server
        }

        impl runtime::Refresh for Refresh {
            fn refresh(&self) -> runtime::BoxFuture<'_, Result<runtime::FreshToken, runtime::TokenError>> {
                runtime::Refresh::refresh(&self.0)
            }
        }
    }
}

fn exchange(exchange: &Exchange) -> TokenStream {
    let name = ident(&exchange.type_name);
    let (params, fixed) = params(&exchange.fields);
    let url = &exchange.url;
    let lifetime = exchange.lifetime;
    let seconds = proc_macro2::Literal::u64_unsuffixed(lifetime);
    let mut arg_docs =
        vec!["- `grant`: the token it is made from, sent as a bearer token.".to_owned()];
    arg_docs.extend(params.iter().map(|p| p.doc.clone()));
    let struct_doc = doc(&paragraphs([
        Some(exchange.description.as_str()),
        Some(format!("Posted to `{url}`. Hand it to `runtime::RefreshingToken::new`; a token whose answer gives no `expires_in` is taken to last {lifetime} seconds.").as_str()),
    ]));
    let new_doc = doc(&paragraphs([
        Some(
            format!(
                "{} tokens, asked for with `grant`'s token.",
                code(&exchange.type_name)
            )
            .as_str(),
        ),
        Some(arg_docs.join("\n").as_str()),
    ]));
    let param_decls = params.iter().map(|p| &p.decl);
    let param_fields = params.iter().map(|p| &p.field);
    quote! {
        #struct_doc
        pub struct #name(runtime::TokenExchange);

        impl #name {
            #new_doc
            pub fn new(
                grant: ::std::sync::Arc<dyn runtime::TokenSource>,
                #(#param_decls,)*
            ) -> Self {
                #name(
                    runtime::TokenExchange::new(#url, grant)
                        .lifetime(::std::time::Duration::from_secs(#seconds))
                        #(#fixed)*
                        #(#param_fields)*,
                )
            }

            /// Another endpoint (a proxy, a test server).
            pub fn with_url(self, url: &str) -> Self {
                #name(self.0.with_url(url))
            }
        }

        impl runtime::Refresh for #name {
            fn refresh(&self) -> runtime::BoxFuture<'_, Result<runtime::FreshToken, runtime::TokenError>> {
                runtime::Refresh::refresh(&self.0)
            }
        }
    }
}

/// The enum of a field with closed values.
fn choice_enum(field: &FormField) -> Option<TokenStream> {
    let FieldValue::Choice {
        description,
        type_name,
        values,
    } = &field.value
    else {
        return None;
    };
    let name = ident(type_name);
    let d = doc(&paragraphs([
        Some(description.as_str()),
        Some(format!("Sent as the form field `{}`.", field.wire).as_str()),
    ]));
    let variants = values.iter().map(|(variant, wire)| {
        let v = ident(variant);
        let vd = doc(&format!("`{wire}`"));
        quote!(#vd #v,)
    });
    let arms = values.iter().map(|(variant, wire)| {
        let v = ident(variant);
        quote!(#name::#v => #wire,)
    });
    Some(quote! {
        #d
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The value sent.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    })
}
