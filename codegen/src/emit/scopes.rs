//! The operation's OAuth scope requirement as data (`REQUIRED_SCOPES`), the
//! values of its scope variables (`scope_value`), and their docs.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::code;
use crate::model::{Operation, OperationAuth, ScopeBinding, ScopeExpr};
use crate::naming::{bare, ident};

/// The requirement as a `runtime::ScopeExpr` constant expression; none
/// documented is an empty `AllOf`, which every token meets.
pub fn required(e: Option<&ScopeExpr>) -> TokenStream {
    match e {
        Some(e) => expr(e),
        None => quote!(runtime::ScopeExpr::AllOf(&[])),
    }
}

fn expr(e: &ScopeExpr) -> TokenStream {
    match e {
        ScopeExpr::Scope(t) => {
            let text = &t.text;
            quote!(runtime::ScopeExpr::Scope(#text))
        }
        ScopeExpr::AllOf(l) => {
            let items = l.iter().map(expr);
            quote!(runtime::ScopeExpr::AllOf(&[#(#items),*]))
        }
        ScopeExpr::AnyOf(l) => {
            let items = l.iter().map(expr);
            quote!(runtime::ScopeExpr::AnyOf(&[#(#items),*]))
        }
    }
}

/// The requirement as the vendor writes it, for docs.
fn text(e: &ScopeExpr, top: bool) -> String {
    let (list, sep) = match e {
        ScopeExpr::Scope(t) => return t.text.clone(),
        ScopeExpr::AllOf(l) => (l, " AND "),
        ScopeExpr::AnyOf(l) => (l, " OR "),
    };
    let inner = list
        .iter()
        .map(|e| text(e, false))
        .collect::<Vec<_>>()
        .join(sep);
    if top {
        inner
    } else {
        format!("({inner})")
    }
}

/// The paragraph of the request's docs on its scopes and their variables.
pub fn doc_text(op: &Operation) -> String {
    let mut out = match (&op.auth, &op.scopes) {
        (OperationAuth::None, _) => return "Called without credentials.".to_owned(),
        (_, Some(scopes)) => format!("OAuth scopes: {}", code(&text(scopes, true))),
        (_, None) => "OAuth scopes: none documented.".to_owned(),
    };
    if let OperationAuth::Signed {
        alternatives,
        token_types,
    } = &op.auth
    {
        out.push_str(&format!(
            "\n\nCredentials: {}.",
            super::security::describe(alternatives)
        ));
        if !token_types.is_empty() {
            let types: Vec<String> = token_types.iter().map(|t| code(t)).collect();
            out.push_str(&format!("\n\nToken types: {}.", types.join(", ")));
        }
    }
    for v in &op.scope_variables {
        let line = match &v.binding {
            ScopeBinding::Input {
                input,
                property: Some(p),
            } => format!("the request's `{}`, as its `{}()`", bare(input), bare(p)),
            ScopeBinding::Input {
                input,
                property: None,
            } => format!("the request's `{}`", bare(input)),
            ScopeBinding::AnyOf { enum_name } => format!("any value of [`{}`]", bare(enum_name)),
        };
        out.push_str(&format!("\n- `{{{}}}`: {line}", v.name));
    }
    out
}

/// `fn scope_value` of the `runtime::Operation` impl; nothing when the
/// scopes have no variables (the trait's default knows none).
pub fn scope_value(op: &Operation) -> Option<TokenStream> {
    if op.scope_variables.is_empty() {
        return None;
    }
    let arms = op.scope_variables.iter().map(|v| {
        let name = &v.name;
        let value = match &v.binding {
            ScopeBinding::Input {
                input,
                property: Some(p),
            } => {
                let f = ident(input);
                let p = ident(p);
                quote!(runtime::ScopeValue::One(self.#f.#p()))
            }
            ScopeBinding::Input {
                input,
                property: None,
            } => {
                let f = ident(input);
                quote!(runtime::ScopeValue::One(self.#f.as_str()))
            }
            ScopeBinding::AnyOf { enum_name } => {
                let e = ident(enum_name);
                quote!(runtime::ScopeValue::AnyOf(#e::WIRE_VALUES))
            }
        };
        quote!(#name => #value,)
    });
    Some(quote! {
        fn scope_value(&self, name: &str) -> Option<runtime::ScopeValue<'_>> {
            Some(match name {
                #(#arms)*
                _ => return None,
            })
        }
    })
}
