//! Each operation's example: its builder with every mandatory input, from
//! the spec's examples where it has them and from the input's type where it
//! has none. Emitted twice from the same tokens: as the operation's hidden
//! `example()` function, so that compiling the crate compiles every
//! example's request (no doctest per operation), and as the rustdoc a
//! reader copies, which also sends it: shown only, or, for the operations
//! of [`super::Doctests`], a doctest that `cargo test` compiles whole.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::model::{Api, Input, Operation, Type};
use crate::naming::ident;

/// Deeper than this, a type's required fields are not followed (a vendor's
/// schema may require itself); the operation then has no example.
const MAX_DEPTH: usize = 12;

/// How an example names the API's items: `super::` inside the operation's
/// module, `<api>::` in the docs.
struct Values<'a> {
    api: &'a Api,
    prefix: TokenStream,
}

impl Values<'_> {
    fn item(&self, name: &str) -> TokenStream {
        let prefix = &self.prefix;
        let name = ident(name);
        quote!(#prefix #name)
    }

    fn text(example: Option<&str>, allowed: Option<&[String]>) -> TokenStream {
        let text = allowed
            .and_then(|a| a.first())
            .map(String::as_str)
            .or(example)
            .unwrap_or("example");
        let lit = Literal::string(text);
        quote!(#lit)
    }

    /// A value of `ty`, or `None` when none can be built.
    fn value(&self, ty: &Type, example: Option<&str>, depth: usize) -> Option<TokenStream> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match ty {
            Type::String => {
                let text = Self::text(example, None);
                quote!(#text.to_owned())
            }
            Type::Integer => {
                let n = example.and_then(|e| e.parse::<i64>().ok()).unwrap_or(1);
                let lit = Literal::i64_suffixed(n);
                quote!(#lit)
            }
            Type::Int32 => {
                let n = example.and_then(|e| e.parse::<i32>().ok()).unwrap_or(1);
                let lit = Literal::i32_suffixed(n);
                quote!(#lit)
            }
            Type::Number => {
                let n = example
                    .and_then(|e| e.parse::<f64>().ok())
                    .filter(|n| n.is_finite())
                    .unwrap_or(1.0);
                let lit = Literal::f64_suffixed(n);
                quote!(#lit)
            }
            Type::Boolean => {
                let b = example == Some("true");
                quote!(#b)
            }
            Type::DateTime => quote! {
                runtime::DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").expect("a valid date-time")
            },
            Type::Date => quote!(runtime::Date::from_ymd_opt(2024, 1, 1).expect("a valid date")),
            // An empty object: what a vendor's untyped `object` accepts,
            // where `null` reads as no body at all.
            Type::Json => quote!(runtime::JsonValue::Object(Default::default())),
            Type::File => quote!(runtime::FilePart::from_bytes("example.txt", "example")),
            Type::Binary | Type::EventStream(_) => return None,
            Type::Enum(name) => {
                let e = self.api.enums.iter().find(|e| &e.rust_name == name)?;
                let path = self.item(name);
                match (e.values.first(), &e.other) {
                    (Some(v), _) => {
                        let variant = ident(&v.variant);
                        quote!(#path::#variant)
                    }
                    (None, Some(o)) => {
                        let variant = ident(&o.variant);
                        quote!(#path::#variant("example".to_owned()))
                    }
                    (None, None) => return None,
                }
            }
            Type::Struct(name) => {
                let s = self.api.structs.iter().find(|s| &s.rust_name == name)?;
                let path = self.item(name);
                let args = s
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| match (&f.ty, f.nullable) {
                        (_, true) => Some(quote!(None)),
                        // `new` takes `impl Into<String>`.
                        (Type::String, false) => Some(Self::text(f.example.as_deref(), None)),
                        (ty, false) => self.value(ty, f.example.as_deref(), depth + 1),
                    })
                    .collect::<Option<Vec<_>>>()?;
                quote!(#path::new(#(#args),*))
            }
            Type::Union(name) => {
                let u = self.api.unions.iter().find(|u| &u.rust_name == name)?;
                let path = self.item(name);
                u.variants.iter().find_map(|v| {
                    let inner = self.value(&v.ty, None, depth + 1)?;
                    let variant = ident(&v.variant);
                    Some(quote!(#path::#variant(#inner)))
                })?
            }
            Type::List(inner) => {
                let item = self.value(inner, example, depth + 1)?;
                quote!(vec![#item])
            }
            Type::Map(_) => quote!(::std::collections::BTreeMap::new()),
        })
    }

    /// One item as a setter takes it: text as a literal, a typed file as
    /// its type and its part.
    fn setter_item(&self, input: &Input, ty: &Type) -> Option<TokenStream> {
        match (ty, &input.file_types) {
            (Type::String, _) => Some(Self::text(
                input.example.as_deref(),
                input.allowed.as_deref(),
            )),
            (Type::File, Some(types)) => {
                let e = self.api.enums.iter().find(|e| &e.rust_name == types)?;
                let first = e.values.first()?;
                let extension = e
                    .properties
                    .iter()
                    .position(|p| p.rust_name == "extensions")
                    .and_then(|i| first.properties.get(i))
                    .and_then(|exts| exts.first())
                    .map_or("bin", String::as_str);
                let path = self.item(types);
                let variant = ident(&first.variant);
                let file_name = Literal::string(&format!("example.{extension}"));
                Some(quote!(#path::#variant, runtime::FilePart::from_bytes(#file_name, "example")))
            }
            (ty, _) => self.value(ty, input.example.as_deref(), 0),
        }
    }

    /// The arguments of the input's setter.
    fn setter_args(&self, input: &Input) -> Option<TokenStream> {
        match &input.ty {
            Type::Map(inner) if input.caller_named() => {
                let item = self.setter_item(input, inner)?;
                let item = if input.file_types.is_some() {
                    quote!((#item))
                } else {
                    item
                };
                // The spec's example is a part name.
                let name = Literal::string(input.example.as_deref().unwrap_or("file"));
                Some(quote!([(String::from(#name), #item)]))
            }
            Type::List(inner) => {
                let item = self.setter_item(input, inner)?;
                // A typed file is a pair of arguments, a tuple as an item.
                let item = if input.file_types.is_some() && **inner == Type::File {
                    quote!((#item))
                } else {
                    item
                };
                Some(quote!([#item]))
            }
            ty => self.setter_item(input, ty),
        }
    }

    fn request(&self, op: &Operation, request_path: TokenStream) -> Option<TokenStream> {
        let mut calls = Vec::new();
        for input in op.inputs.iter().filter(|i| i.required) {
            let setter = ident(&input.rust_name);
            let args = self.setter_args(input)?;
            calls.push(quote!(.#setter(#args)));
        }
        if let Some(choice) = &op.one_of {
            let first = choice.alternatives.first()?;
            let setter = ident(&first.selector.rust_name);
            let args = self.setter_args(&first.selector)?;
            calls.push(quote!(.#setter(#args)));
        }
        Some(quote!(#request_path::builder() #(#calls)* .build()))
    }
}

/// The operation's hidden `example()` and the rustdoc showing it; `None`
/// when no value can be built for one of its mandatory inputs.
pub struct Example {
    pub function: TokenStream,
    pub doc: String,
}

/// Whether the operation has an example (a value for each mandatory input),
/// without formatting its docs.
pub fn exists(api: &Api, op: &Operation) -> bool {
    Values {
        api,
        prefix: quote!(super::),
    }
    .request(op, quote!(Request))
    .is_some()
}

pub fn emit(api: &Api, op: &Operation, options: &super::Options) -> Option<Example> {
    let request = ident(&op.names.request);
    let inner = Values {
        api,
        prefix: quote!(super::),
    }
    .request(op, quote!(#request))?;
    let module = ident(&api.module);
    let op_module = ident(&op.rust_name);
    let shown = Values {
        api,
        prefix: quote!(#module::),
    }
    .request(op, quote!(#module::#op_module::#request))?;
    let function = quote! {
        /// The example of this operation's docs, compiled with the crate so
        /// that it cannot go stale; its values come from the spec's examples.
        #[doc(hidden)]
        #[allow(deprecated)]
        pub fn example() -> #request {
            #inner
        }
    };
    let shown_fn = quote! {
        async fn example(client: &runtime::Client<#module::Server>) -> Result<(), Box<dyn std::error::Error>> {
            let request = #shown;
            let response = client.send(request).await?;
            Ok(())
        }
    };
    let text = syn::parse2::<syn::File>(shown_fn)
        .map(|f| prettyplease::unparse(&f))
        .ok()?;
    // The body only: what a reader copies into their own async function.
    let body: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.ends_with('{'))
        .skip(1)
        .take_while(|l| *l != "}")
        .filter(|l| l.trim() != "Ok(())")
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect();
    let intro = format!(
        "# Example\n\nWith `client`, a `runtime::Client<{}::Server>`, in an async function returning a `Result` (values from the spec's examples, else from the types",
        api.module
    );
    let doc = match options.doctests.as_ref().filter(|d| d.has(api, op)) {
        Some(doctests) => format!(
            "{intro}; a doctest, compiled by `cargo test`):\n\n```no_run\n{}\n{}\n{}\n```",
            doctest_setup(api, doctests, &options.runtime_path),
            body.join("\n"),
            "# Ok(())\n# }"
        ),
        None => format!(
            "{intro}; the request is built by the hidden `example()`, which the crate compiles):\n\n```rust,ignore\n{}\n```",
            body.join("\n")
        ),
    };
    Some(Example { function, doc })
}

/// The hidden first lines of a doctest: the API module and the runtime
/// named from outside the crate, and the async function the shown lines
/// are the body of.
fn doctest_setup(api: &Api, doctests: &super::Doctests, runtime_path: &str) -> String {
    let crate_path = doctests.crate_path.replace(' ', "");
    // Inside the crate the runtime may be `crate::...`; a doctest is
    // another crate, which names it by the crate's name.
    let runtime_path = runtime_path.replace(' ', "");
    let runtime_path = match runtime_path.strip_prefix("crate::") {
        Some(rest) => {
            let krate = crate_path.split("::").find(|s| !s.is_empty());
            format!("{}::{rest}", krate.unwrap_or("crate"))
        }
        None => runtime_path,
    };
    format!(
        "# use {crate_path}::{module};\n# use {runtime_path} as runtime;\n# async fn example(client: &runtime::Client<{module}::Server>) -> Result<(), Box<dyn std::error::Error>> {{",
        module = ident(&api.module)
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn spec(dir: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir)
    }

    /// The doctest names the modules by the crate path given, and a runtime
    /// the crate names `crate::...` by the crate's name; an operation the
    /// filter leaves out keeps an example that is shown only.
    #[test]
    fn doctests_name_the_crate_from_outside_and_only_where_chosen() {
        let output = crate::Config::new(spec("examples/consumer/spec"))
            .runtime_path("crate::runtime")
            .doctests("my_crate::apis", |api, _| api == "notes")
            .render()
            .unwrap();
        let notes = &output.files.iter().find(|f| f.name == "notes.rs").unwrap();
        let doctests = notes.contents.matches("/// ```no_run\n").count();
        assert_eq!(doctests, 5, "one per operation");
        assert!(notes.contents.contains(
            "/// # use my_crate::apis::notes;\n/// # use my_crate::runtime as runtime;\n/// # async fn example(client: &runtime::Client<notes::Server>) -> Result<(), Box<dyn std::error::Error>> {\n"
        ));
        assert!(!notes.contents.contains("```rust,ignore"));

        let shown = crate::Config::new(spec("examples/consumer/spec"))
            .doctests("my_crate", |api, _| api == "another")
            .render()
            .unwrap();
        let notes = &shown.files.iter().find(|f| f.name == "notes.rs").unwrap();
        assert_eq!(notes.contents.matches("/// ```rust,ignore\n").count(), 5);
        assert!(!notes.contents.contains("```no_run"));
    }

    /// In an API split into groups, the filter sees each operation's group.
    #[test]
    fn doctests_are_chosen_by_group() {
        let output = crate::Config::new(spec("spec"))
            .apis(["highlevel"])
            .doctests("generated", |_, group| group == Some("oauth"))
            .render()
            .unwrap();
        let highlevel = &output
            .files
            .iter()
            .find(|f| f.name == "highlevel.rs")
            .unwrap();
        // The oauth group's 3 operations, of 576.
        assert_eq!(highlevel.contents.matches("/// ```no_run\n").count(), 3);
        assert_eq!(
            highlevel.contents.matches("/// ```rust,ignore\n").count(),
            573
        );
    }

    #[test]
    fn a_crate_path_that_is_no_path_is_a_diagnostic() {
        let problems = crate::Config::new(spec("examples/consumer/spec"))
            .doctests("my crate", |_, _| true)
            .render()
            .unwrap_err();
        assert!(
            problems.render().contains("`my crate` is not a Rust path"),
            "{}",
            problems.render()
        );
    }
}
