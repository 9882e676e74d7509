//! The API's security schemes: one `runtime::SecurityScheme` constant per
//! scheme, the default requirement `SECURITY`, and `Credentials`, with a
//! constructor per scheme; and each operation's `SECURITY`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use crate::model::{Api, OperationAuth, Placement, SchemeKind, SecurityScheme};
use crate::naming::ident;

/// The API-level items.
pub fn shared(api: &Api) -> TokenStream {
    let consts = api.auth.schemes.iter().map(scheme_const);
    let default = requirement(api, &api.auth.default, false);
    let default_doc = doc(&format!(
        "The security requirement of the API's operations, unless an operation states its own: {}.",
        describe(&api.auth.default)
    ));
    let credentials = credentials(api);
    quote! {
        #(#consts)*
        #default_doc
        pub const SECURITY: runtime::Security = #default;
        #credentials
    }
}

/// An operation's `SECURITY` value.
pub fn operation(api: &Api, auth: &OperationAuth) -> TokenStream {
    match auth {
        OperationAuth::None => quote!(&[]),
        OperationAuth::Signed { alternatives, .. } if *alternatives == api.auth.default => {
            quote!(super::SECURITY)
        }
        OperationAuth::Signed { alternatives, .. } => requirement(api, alternatives, true),
    }
}

/// How a requirement reads in the docs.
pub fn describe(alternatives: &[Vec<String>]) -> String {
    if alternatives.is_empty() {
        return "none (called without credentials)".to_owned();
    }
    let texts: Vec<String> = alternatives
        .iter()
        .map(|alt| match alt.as_slice() {
            [] => "none".to_owned(),
            [one] => format!("`{one}`"),
            many => {
                let names: Vec<String> = many.iter().map(|n| format!("`{n}`")).collect();
                format!("{} together", names.join(" and "))
            }
        })
        .collect();
    texts.join(", or ")
}

/// `&[&[A, B], &[C]]`; `in_operation`: from an operation's module, whose
/// parent declares the constants.
fn requirement(api: &Api, alternatives: &[Vec<String>], in_operation: bool) -> TokenStream {
    let alternatives = alternatives.iter().map(|alt| {
        let schemes = alt.iter().filter_map(|name| {
            let scheme = api.auth.schemes.iter().find(|s| &s.name == name)?;
            let c = ident(&scheme.const_name);
            Some(if in_operation {
                quote!(super::#c)
            } else {
                quote!(#c)
            })
        });
        quote!(&[#(#schemes),*])
    });
    quote!(&[#(#alternatives),*])
}

fn scheme_const(scheme: &SecurityScheme) -> TokenStream {
    let name = ident(&scheme.const_name);
    let wire = &scheme.name;
    let placement = match &scheme.placement {
        Placement::Header { name, prefix } => {
            quote!(runtime::Placement::Header { name: #name, prefix: #prefix })
        }
        Placement::Query { name } => quote!(runtime::Placement::Query { name: #name }),
        Placement::Cookie { name } => quote!(runtime::Placement::Cookie { name: #name }),
        Placement::Basic => quote!(runtime::Placement::Basic),
    };
    let docs = doc(&scheme_doc(scheme));
    // The constants live in the API module beside operation modules,
    // which refer to them as `super::NAME`.
    quote! {
        #docs
        pub const #name: runtime::SecurityScheme = runtime::SecurityScheme { name: #wire, placement: #placement };
    }
}

/// What a scheme is, how it is sent, and the vendor's words about it.
fn scheme_doc(scheme: &SecurityScheme) -> String {
    let sent = match &scheme.placement {
        Placement::Header { name, prefix } if prefix.is_empty() => format!("`{name}: <token>`"),
        Placement::Header { name, prefix } => format!("`{name}: {prefix} <token>`"),
        Placement::Query { name } => format!("the query parameter `{name}`"),
        Placement::Cookie { name } => format!("the cookie `{name}`"),
        Placement::Basic => "`Authorization: Basic <base64 of user:password>`".to_owned(),
    };
    let kind = match &scheme.kind {
        SchemeKind::Http {
            bearer_format: Some(f),
        } => format!("HTTP authentication (bearer format {f})"),
        SchemeKind::Http { .. } => "HTTP authentication".to_owned(),
        SchemeKind::ApiKey => "An API key".to_owned(),
        SchemeKind::OAuth2 { .. } => "OAuth 2.0".to_owned(),
        SchemeKind::OpenIdConnect { url } => format!("OpenID Connect (<{url}>)"),
    };
    let mut out = format!(
        "The security scheme `{}`: {kind}, sent as {sent}.",
        scheme.name
    );
    if !scheme.description.trim().is_empty() {
        out.push_str("\n\n");
        out.push_str(scheme.description.trim());
    }
    if let SchemeKind::OAuth2 { flows } = &scheme.kind {
        for flow in flows {
            let mut lines = vec![format!("Flow `{}`:", flow.name)];
            for (what, url) in [
                ("authorization URL", &flow.authorization_url),
                ("token URL", &flow.token_url),
                ("refresh URL", &flow.refresh_url),
            ] {
                if let Some(url) = url {
                    lines.push(format!("- {what}: <{url}>"));
                }
            }
            if !flow.scopes.is_empty() {
                lines.push(format!("- {} scopes", flow.scopes.len()));
            }
            out.push_str("\n\n");
            out.push_str(&lines.join("\n"));
        }
    }
    out
}

/// `Credentials`: the API's secrets, one constructor and one `with_`
/// method per scheme.
fn credentials(api: &Api) -> TokenStream {
    // `<Self as Default>::default()`: a scheme may be named `default`.
    let methods = api.auth.schemes.iter().map(|scheme| {
        let wire = &scheme.name;
        let new = ident(&scheme.rust_name);
        let with = ident(&format!("with_{}", scheme.rust_name));
        let what = format!("the scheme `{wire}` ([`{}`])", scheme.const_name);
        if scheme.placement == Placement::Basic {
            let new_doc = doc(&format!("Credentials with the user and password of {what}."));
            let with_doc = doc(&format!("Adds the user and password of {what}."));
            quote! {
                #new_doc
                pub fn #new(user: impl Into<String>, password: impl Into<String>) -> Self {
                    <Self as Default>::default().#with(user, password)
                }
                #with_doc
                pub fn #with(self, user: impl Into<String>, password: impl Into<String>) -> Self {
                    Credentials(self.0.basic(#wire, user, password))
                }
            }
        } else {
            let new_doc = doc(&format!(
                "Credentials with the tokens of {what}: an `AccessToken`, or a source that renews them."
            ));
            let with_doc = doc(&format!("Adds the tokens of {what}."));
            quote! {
                #new_doc
                pub fn #new(tokens: impl runtime::TokenSource) -> Self {
                    <Self as Default>::default().#with(tokens)
                }
                #with_doc
                pub fn #with(self, tokens: impl runtime::TokenSource) -> Self {
                    Credentials(self.0.token(#wire, tokens))
                }
            }
        }
    });
    let names: Vec<String> = api
        .auth
        .schemes
        .iter()
        .map(|s| format!("`{}`", s.rust_name))
        .collect();
    let docs = doc(&format!(
        "The secrets the client signs requests with, by security scheme ({}). Give a client these, or any token source for every scheme that takes a token.",
        if names.is_empty() {
            "the API declares none".to_owned()
        } else {
            names.join(", ")
        }
    ));
    quote! {
        #docs
        #[derive(Debug, Clone, Default)]
        pub struct Credentials(runtime::Credentials);

        impl Credentials {
            #(#methods)*
        }

        impl From<Credentials> for runtime::Credentials {
            fn from(credentials: Credentials) -> Self {
                credentials.0
            }
        }
    }
}
