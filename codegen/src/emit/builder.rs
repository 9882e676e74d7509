//! The type-state request builder: a mandatory input not given leaves a
//! `Missing` in the builder's type, and `build()` does not compile; the
//! compiler's message names the input (`#[diagnostic::on_unimplemented]`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{code, doc};
use super::inputs::{input_doc, shape};
use crate::model::{Input, Operation};
use crate::naming::{self, bare, ident};

/// One type parameter of the builder: a mandatory input or the `one_of` choice.
struct Slot {
    field: Ident,
    param: Ident,
    trait_name: Ident,
    /// The request field type the trait converts to.
    value_ty: TokenStream,
    /// `(message, label)` for the compiler error when missing.
    message: String,
    label: String,
}

fn slots(op: &Operation) -> Vec<Slot> {
    let req_name = &op.names.request;
    let slot = |name: &str, value_ty: TokenStream, message: String, label: String| Slot {
        field: ident(name),
        param: ident(&naming::type_param(name)),
        trait_name: ident(&naming::has_trait(name)),
        value_ty,
        message,
        label,
    };
    let mut slots: Vec<Slot> = op
        .inputs
        .iter()
        .filter(|i| i.required)
        .map(|i| {
            let name = bare(&i.rust_name);
            slot(
                &i.rust_name,
                super::inputs::held_type(i),
                format!(
                    "`{req_name}` needs `{name}` ({}): call `.{name}(...)` before `.build()`",
                    where_sent(i),
                ),
                format!("`{name}` was not given"),
            )
        })
        .collect();
    if let Some(o) = &op.one_of {
        let choices: Vec<String> = o
            .alternatives
            .iter()
            .map(|a| format!("`.{}(...)`", bare(&a.selector.rust_name)))
            .collect();
        let ty = ident(&o.type_name);
        slots.push(slot(
            &o.rust_name,
            quote!(#ty),
            format!(
                "`{req_name}` needs its `{}`: call one of {} before `.build()`",
                bare(&o.rust_name),
                choices.join(" or ")
            ),
            format!("no `{}` was chosen", bare(&o.rust_name)),
        ));
    }
    slots
}

/// Where an input goes, for messages: `query parameter \`page\``, `the JSON body`.
fn where_sent(i: &Input) -> String {
    match i.location {
        crate::model::ParamLocation::WholeBody => "the JSON body".to_owned(),
        location => format!("{} `{}`", location.noun(), i.wire),
    }
}

pub fn emit(op: &Operation) -> TokenStream {
    let request = ident(&op.names.request);
    let builder = ident(&op.names.builder);
    let slots = slots(op);
    let params: Vec<&Ident> = slots.iter().map(|s| &s.param).collect();
    let optional: Vec<&Input> = op.inputs.iter().filter(|i| !i.required).collect();
    // A setter returns the builder in its next typestate, one type parameter
    // per mandatory input: that is what keeps it checked, and with many
    // inputs (a dozen in HighLevel's blog posts) clippy finds the type
    // complex. From ten on, the allow is emitted, as for too many arguments;
    // so it is for a typestate holding typed files under the caller's names
    // (`Vec<(String, (FileType, FilePart))>`), a type the caller never writes.
    let typed_named_files = op
        .inputs
        .iter()
        .any(|i| i.required && i.caller_named() && i.file_types.is_some());
    let complex =
        (slots.len() > 9 || typed_named_files).then(|| quote!(#[allow(clippy::type_complexity)]));

    // One trait per slot, implemented by what fills it: its bound on
    // `build()` names the missing input in the compiler's message.
    let traits = slots.iter().map(|s| {
        let t = &s.trait_name;
        let vt = &s.value_ty;
        let message = &s.message;
        let label = &s.label;
        let d = doc(&format!(
            "Implemented once `{}` is given to [`{builder}`].",
            bare(&s.field.to_string())
        ));
        let implementors: Vec<TokenStream> = match &op.one_of {
            Some(o) if s.field == ident(&o.rust_name) => o
                .alternatives
                .iter()
                .map(|a| {
                    let alt = ident(&a.type_name);
                    quote!(#alt)
                })
                .collect(),
            _ => vec![vt.clone()],
        };
        quote! {
            #d
            #[diagnostic::on_unimplemented(message = #message, label = #label)]
            pub trait #t: Into<#vt> {}
            #(impl #t for #implementors {})*
        }
    });

    // Fields of the builder: slots hold their type parameter, optionals their storage.
    let slot_fields = slots.iter().map(|s| {
        let f = &s.field;
        let p = &s.param;
        quote!(#f: #p,)
    });
    let optional_fields = optional.iter().map(|i| {
        let f = ident(&i.rust_name);
        let ty = super::inputs::field_type(i);
        quote!(#f: #ty,)
    });
    let optional_names: Vec<Ident> = optional.iter().map(|i| ident(&i.rust_name)).collect();

    // Moves every field of `self` into a builder of another type, replacing one slot.
    let rebuild = |replace: &Ident, value: TokenStream| {
        let slot_moves = slots.iter().map(|s| {
            let f = &s.field;
            if f == replace {
                field_init(f, &value)
            } else {
                quote!(#f: self.#f,)
            }
        });
        quote!(#builder { #(#slot_moves)* #(#optional_names: self.#optional_names,)* })
    };

    // The builder's type with one slot's parameter replaced by `ty`.
    let state_with = |slot: &Ident, ty: TokenStream| {
        let ps = slots.iter().map(|s| {
            if &s.field == slot {
                ty.clone()
            } else {
                let p = &s.param;
                quote!(#p)
            }
        });
        quote!(#builder<#(#ps),*>)
    };

    // Setters of mandatory inputs: any state → that slot filled; a
    // nullable one is filled by its value or by `null`.
    let required_setters = op.inputs.iter().filter(|i| i.required).map(|i| {
        let f = ident(&i.rust_name);
        let s = shape(i);
        let sp = s.params;
        let value = super::inputs::held_value(i, s.value);
        let out = state_with(&f, super::inputs::held_type(i));
        let body = rebuild(&f, value);
        let d = input_doc(i);
        let null = i.null_setter().map(|name| {
            let null = ident(&name);
            let body = rebuild(&f, quote!(runtime::Nullable::Null));
            let d = null_doc(i);
            quote! {
                #d
                pub fn #null(self) -> #out {
                    #body
                }
            }
        });
        quote! {
            #d
            pub fn #f(self, #sp) -> #out {
                #body
            }
            #null
        }
    });

    // Setters of optional inputs: any state, same state.
    let optional_setters = optional.iter().map(|i| {
        let f = ident(&i.rust_name);
        optional_setter(i, quote!(self.#f))
    });

    // The one_of choice: selectors when nothing is chosen, then the chosen alternative's optionals.
    let choice_impls = op.one_of.as_ref().map(|o| {
        let slot = ident(&o.rust_name);
        let others: Vec<&Ident> = slots
            .iter()
            .filter(|s| s.field != slot)
            .map(|s| &s.param)
            .collect();
        let state_with = |ty: TokenStream| state_with(&slot, ty);
        let missing = state_with(quote!(runtime::Missing));
        let selectors = o.alternatives.iter().map(|a| {
            let alt = ident(&a.type_name);
            let sel = ident(&a.selector.rust_name);
            let s = shape(&a.selector);
            let sp = s.params;
            let value = s.value;
            let optional_init = a.optional.iter().map(|i| {
                let f = ident(&i.rust_name);
                if i.is_many() {
                    quote!(#f: Vec::new(),)
                } else {
                    quote!(#f: None,)
                }
            });
            let sel_init = field_init(&sel, &value);
            let body = rebuild(&slot, quote!(#alt { #sel_init #(#optional_init)* }));
            let out = state_with(quote!(#alt));
            let first = doc(&format!(
                "Chooses the {} alternative: {}",
                code(&a.variant),
                a.description.trim()
            ));
            let d = input_doc(&a.selector);
            quote! {
                #first
                ///
                #d
                pub fn #sel(self, #sp) -> #out {
                    #body
                }
            }
        });
        let alt_optionals = o
            .alternatives
            .iter()
            .filter(|a| !a.optional.is_empty())
            .map(|a| {
                let alt = ident(&a.type_name);
                let state = state_with(quote!(#alt));
                let setters = a.optional.iter().map(|i| {
                    let f = ident(&i.rust_name);
                    optional_setter(i, quote!(self.#slot.#f))
                });
                quote! {
                    #complex
                    impl<#(#others),*> #state {
                        #(#setters)*
                    }
                }
            });
        quote! {
            #complex
            impl<#(#others),*> #missing {
                #(#selectors)*
            }
            #(#alt_optionals)*
        }
    });

    let defaults = params.iter().map(|p| quote!(#p = runtime::Missing));
    let where_clauses = slots.iter().map(|s| {
        let p = &s.param;
        let t = &s.trait_name;
        quote!(#p: #t)
    });
    let build_fields = slots.iter().map(|s| {
        let f = &s.field;
        quote!(#f: self.#f.into(),)
    });
    let builder_doc = doc(&format!(
        "Builds a [`{request}`]. Every mandatory input must be given before\n`build()` compiles; see [`{request}::builder`]."
    ));
    let new_slots = slots.iter().map(|s| {
        let f = &s.field;
        quote!(#f: runtime::Missing,)
    });
    let new_optionals = optional.iter().map(|i| {
        let f = ident(&i.rust_name);
        if i.is_many() {
            quote!(#f: Vec::new(),)
        } else {
            quote!(#f: None,)
        }
    });
    let generics = (!params.is_empty()).then(|| quote!(<#(#params),*>));

    let where_clause = (!slots.is_empty()).then(|| quote!(where #(#where_clauses,)*));
    quote! {
        #(#traits)*

        #builder_doc
        #[derive(Debug)]
        #[must_use = "a builder does nothing until `.build()`"]
        pub struct #builder<#(#defaults),*> {
            #(#slot_fields)*
            #(#optional_fields)*
        }

        impl #request {
            /// Starts a request. Mandatory inputs are enforced at compile time:
            /// `build()` exists only once each of them is given.
            pub fn builder() -> #builder {
                #builder { #(#new_slots)* #(#new_optionals)* }
            }
        }

        #complex
        impl #generics #builder #generics {
            #(#required_setters)*
            #(#optional_setters)*

            /// The request, once every mandatory input is given.
            pub fn build(self) -> #request
            #where_clause
            {
                #request {
                    #(#build_fields)*
                    #(#optional_names: self.#optional_names,)*
                }
            }
        }

        #choice_impls
    }
}

/// `name: value,`, or the shorthand `name,` when the value is that very name.
fn field_init(name: &Ident, value: &TokenStream) -> TokenStream {
    if *name == value.to_string() {
        quote!(#name,)
    } else {
        quote!(#name: #value,)
    }
}

/// The setter of an optional input, storing into `target` (a field of the
/// builder, or of the chosen alternative): same builder state, so it can be
/// called at any point, and again.
fn optional_setter(i: &Input, target: TokenStream) -> TokenStream {
    let f = ident(&i.rust_name);
    let s = shape(i);
    let sp = s.params;
    let value = s.value;
    let d = input_doc(i);
    let assign = if s.push {
        quote!(#target.push(#value);)
    } else {
        let value = super::inputs::held_value(i, value);
        quote!(#target = Some(#value);)
    };
    let repeat = s
        .push
        .then(|| doc("\nCall once per item; items are sent in call order."));
    let null = i.null_setter().map(|name| {
        let null = ident(&name);
        let d = null_doc(i);
        quote! {
            #d
            pub fn #null(mut self) -> Self {
                #target = Some(runtime::Nullable::Null);
                self
            }
        }
    });
    quote! {
        #d
        #repeat
        pub fn #f(mut self, #sp) -> Self {
            #assign
            self
        }
        #null
    }
}

/// The docs of a nullable input's `<name>_null()`.
fn null_doc(i: &Input) -> TokenStream {
    let name = bare(&i.rust_name);
    let then = if i.required {
        "Gives it: `build()` needs it, as a value or `null`."
    } else {
        "Not calling either leaves it out of the request, which is not the same."
    };
    doc(&format!(
        "Sends {} as `null` (the vendor clears it), instead of a value (`.{name}(...)`). {then}",
        code(&i.wire)
    ))
}
