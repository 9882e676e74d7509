//! The `use super::{..};` that opens an operation's module: exactly the
//! API-level items its code and its rustdoc links name.
//!
//! Not `use super::*`: with a glob import in each of N operation modules,
//! rustc's name resolution does work in proportion to N × (the items of the
//! API module), which grows with N too. At 1,000 operations the globs made
//! name resolution and visibility computation about a quarter of the
//! consumer's `cargo check` (see `BENCHMARKS.md`).
//!
//! The names are read from the module's own tokens, so the list is exact for
//! any spec: an item is imported when some path or intra-doc link starts
//! with its name and the module does not declare that name itself (a local
//! declaration shadowed the glob, and must not meet an explicit import).

use std::collections::{BTreeSet, HashSet};

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::quote;

use crate::model::Api;
use crate::naming::ident;

/// `Client` exists only with the generated crate's `reqwest` feature.
const CLIENT: &str = "Client";

/// The names an API module defines for its operation modules to use.
/// Built once per API: looking names up per operation must not cost the
/// size of the API.
#[derive(Debug)]
pub struct ApiNames {
    /// Always defined: `AUTH_SCHEME`, `Server`, each enum and each struct.
    items: HashSet<String>,
}

impl ApiNames {
    pub fn of(api: &Api) -> Self {
        let items = ["AUTH_SCHEME", "Server"]
            .into_iter()
            .map(str::to_owned)
            .chain(api.enums.iter().map(|e| e.rust_name.clone()))
            .chain(api.structs.iter().map(|s| s.rust_name.clone()))
            .collect();
        ApiNames { items }
    }
}

/// The imports for an operation module whose items are `body`.
pub fn emit(names: &ApiNames, body: &TokenStream) -> TokenStream {
    let mut scan = Scan::default();
    scan.stream(body.clone(), false);
    let wanted = |name: &str| scan.used.contains(name) && !scan.declared.contains(name);
    let items: Vec<_> = scan
        .used
        .iter()
        .filter(|n| names.items.contains(*n) && wanted(n))
        .map(|n| ident(n))
        .collect();
    let items = (!items.is_empty()).then(|| quote!(use super::{#(#items),*};));
    let client = wanted(CLIENT).then(|| {
        quote! {
            #[cfg(feature = "reqwest")]
            use super::Client;
        }
    });
    quote!(#items #client)
}

/// What a token stream names and what it declares.
#[derive(Default)]
struct Scan {
    /// First segments of paths and of intra-doc links, sorted (the import
    /// list's order).
    used: BTreeSet<String>,
    /// Items, enum variants and generic parameters the stream declares.
    declared: HashSet<String>,
}

impl Scan {
    /// Scans `stream`; `variants`: it is an enum's body, whose variants it declares.
    fn stream(&mut self, stream: TokenStream, variants: bool) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        // Depth inside the `<..>` of a generics declaration (`impl<..>`,
        // `struct Name<..>`, `fn name<..>`); 0 outside.
        let mut generics = 0usize;
        for (i, token) in tokens.iter().enumerate() {
            let before = |n: usize| i.checked_sub(n).map(|j| &tokens[j]);
            match token {
                TokenTree::Group(group) => {
                    if let Some(text) = doc_text(group) {
                        self.doc_links(&text);
                    }
                    let enum_body = group.delimiter() == Delimiter::Brace
                        && matches!(before(2), Some(TokenTree::Ident(k)) if k == "enum");
                    self.stream(group.stream(), enum_body);
                }
                TokenTree::Punct(p) => match p.as_char() {
                    '<' if generics > 0 => generics += 1,
                    '<' if opens_generics(before(1), before(2)) => generics = 1,
                    '>' if generics > 0 && !is_punct(before(1), '-') => generics -= 1,
                    _ => {}
                },
                TokenTree::Ident(name) => {
                    let name = name.to_string();
                    let starts_item = match before(1) {
                        None => true,
                        Some(TokenTree::Punct(p)) => p.as_char() == ',',
                        // After an attribute `#[..]`.
                        Some(TokenTree::Group(g)) => g.delimiter() == Delimiter::Bracket,
                        Some(_) => false,
                    };
                    let declares = matches!(before(1), Some(TokenTree::Ident(k)) if is_declaring_keyword(&k.to_string()))
                        || (variants && generics == 0 && starts_item)
                        || (generics == 1
                            && (is_punct(before(1), '<') || is_punct(before(1), ',')));
                    let continues_path = is_punct(before(1), '.')
                        || is_punct(before(1), '\'')
                        || (is_punct(before(1), ':')
                            && matches!(before(2), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint));
                    if declares {
                        self.declared.insert(name);
                    } else if !continues_path {
                        self.used.insert(name);
                    }
                }
                TokenTree::Literal(_) => {}
            }
        }
    }

    /// The first path segment of each `` [`Path`] `` link in rustdoc text.
    fn doc_links(&mut self, text: &str) {
        for (_, rest) in text.match_indices("[`").map(|(i, _)| text.split_at(i + 2)) {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '#')
                .collect();
            if !name.is_empty() {
                self.used.insert(name);
            }
        }
    }
}

/// The text of a `#[doc = "..."]` attribute's bracketed part, escaped as a
/// literal (links need only identifier characters, which are never escaped).
fn doc_text(group: &proc_macro2::Group) -> Option<String> {
    if group.delimiter() != Delimiter::Bracket {
        return None;
    }
    let mut tokens = group.stream().into_iter();
    match (tokens.next(), tokens.next(), tokens.next()) {
        (Some(TokenTree::Ident(d)), Some(TokenTree::Punct(eq)), Some(TokenTree::Literal(text)))
            if d == "doc" && eq.as_char() == '=' =>
        {
            Some(text.to_string())
        }
        _ => None,
    }
}

fn is_declaring_keyword(word: &str) -> bool {
    matches!(
        word,
        "struct" | "enum" | "trait" | "mod" | "fn" | "const" | "static" | "type" | "union"
    )
}

/// `impl<`, or `<` right after the name of a declared struct, enum, trait, fn or type.
fn opens_generics(before: Option<&TokenTree>, keyword: Option<&TokenTree>) -> bool {
    match before {
        Some(TokenTree::Ident(i)) if i == "impl" => true,
        Some(TokenTree::Ident(_)) => {
            matches!(keyword, Some(TokenTree::Ident(k)) if is_declaring_keyword(&k.to_string()))
        }
        _ => false,
    }
}

fn is_punct(token: Option<&TokenTree>, c: char) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(tokens: TokenStream) -> Scan {
        let mut scan = Scan::default();
        scan.stream(tokens, false);
        scan
    }

    #[test]
    fn path_starts_and_doc_links_are_used_later_segments_are_not() {
        let s = scan(quote! {
            /// See [`Linked::method`] and [`Other`].
            fn f(a: First, b: crate::runtime::Later) -> Ret {
                let x = Start::Variant;
                x.method_name();
                a.field
            }
        });
        for name in [
            "Linked", "Other", "First", "Ret", "Start", "crate", "x", "a",
        ] {
            assert!(s.used.contains(name), "{name} should be used");
        }
        for name in ["runtime", "Later", "Variant", "method_name", "field"] {
            assert!(!s.used.contains(name), "{name} is not a path's start");
        }
        assert!(s.declared.contains("f"));
    }

    #[test]
    fn items_and_generic_parameters_are_declared() {
        let s = scan(quote! {
            pub struct Builder<TModule = crate::runtime::Missing, TRecord = Other> { m: TModule }
            impl<TModule, TRecord> Builder<TModule, TRecord> {
                pub fn check<S: AsRef<str>>(&self, granted: &[S]) -> Vec<Box<Used>> { todo!() }
            }
            impl<'a> Trait for Type<'a> {}
            mod sealed { pub trait Sealed {} }
            pub enum OpError {
                /// A variant.
                Documented { status: Status, body: Body },
                Unhandled(Raw),
            }
            const DOCUMENTED: &[u16] = &[];
        });
        for name in [
            "Builder",
            "TModule",
            "TRecord",
            "S",
            "check",
            "sealed",
            "Sealed",
            "DOCUMENTED",
            "OpError",
            "Documented",
            "Unhandled",
        ] {
            assert!(s.declared.contains(name), "{name} should be declared");
        }
        for name in [
            "Other", "Used", "Trait", "Type", "AsRef", "Vec", "Box", "Status", "Body", "Raw",
        ] {
            assert!(s.used.contains(name), "{name} should be used");
            assert!(!s.declared.contains(name), "{name} is not declared");
        }
        assert!(!s.declared.contains("a"), "lifetimes are not names");
    }

    #[test]
    fn imports_only_api_items_the_module_uses_and_does_not_declare() {
        let names = ApiNames {
            items: [
                "AUTH_SCHEME",
                "Server",
                "Module",
                "Unused",
                "Local",
                "TModule",
            ]
            .map(str::to_owned)
            .into(),
        };
        let body = quote! {
            /// Uses [`Module`].
            pub struct Local;
            impl<TModule> Local { fn f(s: &Server) -> &str { AUTH_SCHEME } }
            #[cfg(feature = "reqwest")]
            impl Local { fn send(c: &Client) {} }
        };
        let imports = emit(&names, &body).to_string();
        assert_eq!(
            imports,
            quote! {
                use super::{AUTH_SCHEME, Module, Server};
                #[cfg(feature = "reqwest")]
                use super::Client;
            }
            .to_string()
        );
    }
}
