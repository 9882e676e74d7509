//! The async `Client` of an API and each operation's `send` (reqwest,
//! behind the generated crate's default `reqwest` feature).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc;
use crate::model::{Api, Operation};

/// `Client` for the API module.
pub fn emit(api: &Api) -> TokenStream {
    let d = doc(&format!(
        "Sends requests to the {}: a token, a [`Server`] and a timeout.\n\n\
         Cheap to clone; clones share one connection pool. Its `Debug` output\n\
         never shows the token.",
        api.title
    ));
    quote! {
        #d
        #[cfg(feature = "reqwest")]
        #[derive(Debug, Clone)]
        pub struct Client {
            http: crate::runtime::HttpClient,
            server: Server,
        }

        #[cfg(feature = "reqwest")]
        impl Client {
            /// The timeout of [`Client::new`]: 60 seconds for a whole exchange.
            pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

            /// A client for `server`, signing requests with `token`.
            pub fn new(
                token: crate::runtime::AccessToken,
                server: Server,
            ) -> Result<Self, crate::runtime::TransportError> {
                Self::with_timeout(token, server, Self::DEFAULT_TIMEOUT)
            }

            /// A client whose exchanges (connect, upload, response) time out after `timeout`.
            pub fn with_timeout(
                token: crate::runtime::AccessToken,
                server: Server,
                timeout: std::time::Duration,
            ) -> Result<Self, crate::runtime::TransportError> {
                Ok(Client { http: crate::runtime::HttpClient::new(token, timeout)?, server })
            }

            /// Where requests go.
            pub fn server(&self) -> &Server {
                &self.server
            }
        }
    }
}

/// `send` on the request and on a complete builder.
pub fn emit_send(
    op: &Operation,
    builder_where: Option<TokenStream>,
    builder_generics: Option<TokenStream>,
) -> TokenStream {
    let request = format_ident!("{}Request", op.type_prefix);
    let builder = format_ident!("{}Builder", op.type_prefix);
    let error = format_ident!("{}Error", op.type_prefix);
    let response = crate::naming::ident(&op.response.body);
    let name = &op.rust_name;
    quote! {
        #[cfg(feature = "reqwest")]
        impl #request {
            /// Sends the request with `client` and parses the response.
            pub async fn send(
                self,
                client: &Client,
            ) -> Result<#response, crate::runtime::Error<#error>> {
                let request = self
                    .into_http_request(&client.server, client.http.token())
                    .map_err(crate::runtime::Error::Request)?;
                client.http.execute(#name, request, parse_response).await
            }
        }

        #[cfg(feature = "reqwest")]
        impl #builder_generics #builder #builder_generics {
            /// Builds the request and sends it with `client`; compiles once every
            /// mandatory input is given, like [`Self::build`].
            pub async fn send(
                self,
                client: &Client,
            ) -> Result<#response, crate::runtime::Error<#error>>
            #builder_where
            {
                self.build().send(client).await
            }
        }
    }
}
