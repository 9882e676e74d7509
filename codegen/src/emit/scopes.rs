//! The operation's OAuth scope requirement as data, and `check_scopes`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc, paragraphs};
use crate::model::{Operation, ScopeBinding, ScopeExpr};
use crate::naming::{bare, ident};

fn expr(e: &ScopeExpr) -> TokenStream {
    match e {
        ScopeExpr::Scope(s) => quote!(crate::runtime::ScopeExpr::Scope(#s)),
        ScopeExpr::AllOf(l) => {
            let items = l.iter().map(expr);
            quote!(crate::runtime::ScopeExpr::AllOf(&[#(#items),*]))
        }
        ScopeExpr::AnyOf(l) => {
            let items = l.iter().map(expr);
            quote!(crate::runtime::ScopeExpr::AnyOf(&[#(#items),*]))
        }
    }
}

/// The requirement as the vendor writes it, for docs.
fn text(e: &ScopeExpr, top: bool) -> String {
    let (list, sep) = match e {
        ScopeExpr::Scope(s) => return s.clone(),
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

pub fn emit(op: &Operation) -> TokenStream {
    let request = format_ident!("{}Request", op.type_prefix);
    let required = expr(&op.scopes);
    let variables: Vec<String> = op
        .scope_variables
        .iter()
        .map(|v| match &v.binding {
            ScopeBinding::Input {
                input,
                property: Some(p),
            } => {
                format!(
                    "- `{{{}}}`: the request's `{}`, as its `{}()`",
                    v.name,
                    bare(input),
                    bare(p)
                )
            }
            ScopeBinding::Input {
                input,
                property: None,
            } => format!("- `{{{}}}`: the request's `{}`", v.name, bare(input)),
            ScopeBinding::AnyOf { enum_name } => {
                format!("- `{{{}}}`: any value of [`{}`]", v.name, bare(enum_name))
            }
        })
        .collect();
    let const_doc = doc(&paragraphs([
        Some("The OAuth scopes this operation needs:"),
        Some(code(&text(&op.scopes, true)).as_str()),
        (!variables.is_empty())
            .then(|| variables.join("\n"))
            .as_deref(),
    ]));
    let arms = op.scope_variables.iter().map(|v| {
        let name = &v.name;
        let value = match &v.binding {
            ScopeBinding::Input {
                input,
                property: Some(p),
            } => {
                let f = ident(input);
                let p = ident(p);
                quote!(crate::runtime::ScopeValue::One(self.#f.#p()))
            }
            ScopeBinding::Input {
                input,
                property: None,
            } => {
                let f = ident(input);
                quote!(crate::runtime::ScopeValue::One(self.#f.as_str()))
            }
            ScopeBinding::AnyOf { enum_name } => {
                let e = ident(enum_name);
                quote!(crate::runtime::ScopeValue::AnyOf(#e::WIRE_VALUES))
            }
        };
        quote!(#name => Some(#value),)
    });
    let bind = if op.scope_variables.is_empty() {
        quote!(&|_| None)
    } else {
        quote!(&|variable| match variable {
            #(#arms)*
            _ => None,
        })
    };
    quote! {
        #const_doc
        pub const REQUIRED_SCOPES: crate::runtime::ScopeExpr = #required;

        impl #request {
            /// Checks granted OAuth scopes against [`REQUIRED_SCOPES`] for this
            /// request; on failure, says which requirements are unmet and what
            /// would meet each.
            pub fn check_scopes<S: AsRef<str>>(&self, granted: &[S]) -> Result<(), crate::runtime::MissingScopes> {
                REQUIRED_SCOPES.check(granted, #bind)
            }
        }
    }
}
