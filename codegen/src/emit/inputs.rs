//! How each request input is stored, set and written on the wire; shared by
//! the builder and request emitters so that both agree.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, paragraphs};
use super::types::rust_type;
use crate::model::{Input, ParamLocation, Type};
use crate::naming::ident;

/// The parts of a setter and the stored type of one input.
pub struct Shape {
    /// Stored type, before `Option` for optional scalars.
    pub stored: TokenStream,
    /// The setter's parameters.
    pub params: TokenStream,
    /// The stored value built from the parameters.
    pub value: TokenStream,
    /// True when the setter adds one item to a list.
    pub push: bool,
}

struct Elem {
    stored: TokenStream,
    params: TokenStream,
    value: TokenStream,
    /// The element type taken by a setter of many at once.
    item: TokenStream,
    /// How each item becomes an element (`None`: as it is).
    item_value: Option<TokenStream>,
}

fn elem(input: &Input, ty: &Type) -> Elem {
    let name = ident(&input.rust_name);
    match (ty, &input.file_types) {
        (Type::String, _) => Elem {
            stored: quote!(String),
            params: quote!(#name: impl Into<String>),
            value: quote!(#name.into()),
            item: quote!(impl Into<String>),
            item_value: Some(quote!(Into::into)),
        },
        (Type::File, Some(types)) => {
            let types = ident(types);
            Elem {
                stored: quote!((#types, runtime::FilePart)),
                params: quote!(file_type: #types, #name: runtime::FilePart),
                value: quote!((file_type, #name)),
                item: quote!((#types, runtime::FilePart)),
                item_value: None,
            }
        }
        (other, _) => {
            let t = rust_type(other);
            Elem {
                stored: t.clone(),
                params: quote!(#name: #t),
                value: quote!(#name),
                item: t,
                item_value: None,
            }
        }
    }
}

pub fn shape(input: &Input) -> Shape {
    let name = ident(&input.rust_name);
    match &input.ty {
        Type::Map(inner) if input.caller_named() => {
            let e = elem(input, inner);
            let stored = e.stored;
            if input.required {
                let item = e.item;
                Shape {
                    stored: quote!(Vec<(String, #stored)>),
                    params: quote!(#name: impl IntoIterator<Item = (String, #item)>),
                    value: quote!(#name.into_iter().collect()),
                    push: false,
                }
            } else {
                let (params, value) = (e.params, e.value);
                Shape {
                    stored: quote!(Vec<(String, #stored)>),
                    params: quote!(part_name: impl Into<String>, #params),
                    value: quote!((part_name.into(), #value)),
                    push: true,
                }
            }
        }
        Type::List(inner) => {
            let e = elem(input, inner);
            let stored = e.stored;
            // A nullable list is set whole: `[]`, `null` and a list are
            // three values, not items pushed one by one; so is a whole
            // body, where `[]` is a body and none is no body.
            if input.required || !input.is_many() {
                let item = e.item;
                let item_value = e.item_value;
                // Items taken as they are need no `map`.
                let value = match item_value {
                    Some(convert) => quote!(#name.into_iter().map(#convert).collect()),
                    None => quote!(#name.into_iter().collect()),
                };
                Shape {
                    stored: quote!(Vec<#stored>),
                    params: quote!(#name: impl IntoIterator<Item = #item>),
                    value,
                    push: false,
                }
            } else {
                Shape {
                    stored: quote!(Vec<#stored>),
                    params: e.params,
                    value: e.value,
                    push: true,
                }
            }
        }
        ty => {
            let e = elem(input, ty);
            Shape {
                stored: e.stored,
                params: e.params,
                value: e.value,
                push: false,
            }
        }
    }
}

/// The field type in the request struct.
pub fn field_type(input: &Input) -> TokenStream {
    let held = held_type(input);
    if input.required || input.is_many() {
        held
    } else {
        quote!(Option<#held>)
    }
}

/// The stored type, in `runtime::Nullable` for a nullable input: what a
/// required input's field (and builder slot) holds.
pub fn held_type(input: &Input) -> TokenStream {
    let stored = shape(input).stored;
    if input.nullable {
        quote!(runtime::Nullable<#stored>)
    } else {
        stored
    }
}

/// A setter's value as held: `runtime::Nullable::Value(..)` for a nullable
/// input.
pub fn held_value(input: &Input, value: TokenStream) -> TokenStream {
    if input.nullable {
        quote!(runtime::Nullable::Value(#value))
    } else {
        value
    }
}

/// Rustdoc for an input: the vendor's description, where it goes, an example.
pub fn input_doc(input: &Input) -> TokenStream {
    let place = match input.location {
        ParamLocation::Path => format!("Path parameter {}.", code(&input.wire)),
        ParamLocation::Query => format!("Query parameter {}.", code(&input.wire)),
        ParamLocation::Header => format!("Header {}.", code(&input.wire)),
        ParamLocation::Form => match &input.ty {
            _ if input.caller_named() => "Form-data file parts named by the caller: each `(name, file)` is one part with that name.".to_owned(),
            Type::File => format!("Form-data file part {}.", code(&input.wire)),
            Type::List(t) if **t == Type::File => {
                format!("Form-data file parts {}, one per file.", code(&input.wire))
            }
            Type::List(_) => format!("Form-data field {}, one part per value.", code(&input.wire)),
            _ => format!("Form-data field {}.", code(&input.wire)),
        },
        ParamLocation::Body => format!("JSON body field {}.", code(&input.wire)),
        ParamLocation::WholeBody => "The JSON body.".to_owned(),
    };
    let required = match (input.required, input.location) {
        (true, _) => "Required.",
        (false, ParamLocation::WholeBody) => {
            "Optional: not given, the request goes without a body (and without `Content-Type`)."
        }
        (false, _) => "Optional.",
    };
    let allowed = input.allowed.as_ref().map(|v| {
        let list: Vec<String> = v.iter().map(|x| code(x)).collect();
        format!("Allowed values: {}.", list.join(", "))
    });
    let types = input.file_types.as_ref().map(|t| {
        format!(
            "Each file's type is one of [`{}`]: its MIME type labels the part, and the file's name must end with one of its extensions.",
            crate::naming::bare(t)
        )
    });
    let example = input.example.as_ref().map(|e| match input.caller_named() {
        true => format!("Example part name: {}", code(e)),
        false => format!("Example: {}", code(e)),
    });
    let meta = format!("{place} {required}");
    let nullable = input.null_setter().map(|null| {
        let unset = if input.required {
            ""
        } else {
            " (not setting it leaves it out)"
        };
        format!("May be `null`: `{null}()` on the builder sends `null`{unset}.")
    });
    let joined = input
        .joined
        .then(|| "Sent as one comma-joined value.".to_owned());
    let default = input
        .default
        .as_ref()
        .map(|d| format!("The server's default: {}.", code(d)));
    let bounds =
        bounds_text(&input.constraints).map(|b| format!("Allowed: {b} (checked before sending)."));
    let pattern = input
        .constraints
        .pattern
        .as_ref()
        .map(|p| format!("Matches the pattern {}.", code(p)));
    doc(&paragraphs([
        Some(super::docs::described(&input.description)),
        Some(meta.as_str()),
        nullable.as_deref(),
        joined.as_deref(),
        default.as_deref(),
        bounds.as_deref(),
        pattern.as_deref(),
        allowed.as_deref(),
        types.as_deref(),
        example.as_deref(),
    ]))
}

/// Statements that write the stored value `value` (an expression of the
/// field's type) to the request builder `request` (query, headers) or the
/// form `form`. Path parameters are written with the path.
pub fn write(input: &Input, value: TokenStream) -> TokenStream {
    let wire = &input.wire;
    // A JSON body field is one value, lists and maps included; an optional
    // list is left out while empty. The whole body is written by `request`.
    match (input.location, &input.ty) {
        (ParamLocation::WholeBody, _) => return quote!(),
        (ParamLocation::Body, Type::List(_)) if input.is_many() && !input.required => {
            return quote!(if !#value.is_empty() { body.field(#wire, &#value)?; });
        }
        (ParamLocation::Body, _) if input.required => return quote!(body.field(#wire, &#value)?;),
        (ParamLocation::Body, _) => {
            return quote!(if let Some(item) = &#value { body.field(#wire, item)?; });
        }
        (ParamLocation::Query, Type::List(_)) if input.joined => {
            return if input.required {
                quote!(request.query_joined(#wire, &#value);)
            } else {
                quote!(if !#value.is_empty() { request.query_joined(#wire, &#value); })
            };
        }
        _ => {}
    }
    // A file part named `name`; a typed file labelled with its type's MIME type.
    let form_file = |name: TokenStream, v: TokenStream| match &input.file_types {
        Some(_) => quote! {
            let (file_type, file) = #v;
            form.file(#name, file.typed(file_type.mime_type(), file_type.extensions())?);
        },
        None => quote!(form.file(#name, #v);),
    };
    if input.caller_named() {
        let put = form_file(quote!(part), quote!(item));
        return quote!(for (part, item) in #value { #put });
    }
    let one = |v: TokenStream, ty: &Type| -> TokenStream {
        match (input.location, ty) {
            (ParamLocation::Path, _) => quote!(),
            (ParamLocation::Query, _) => quote!(request.query(#wire, &#v);),
            (ParamLocation::Header, _) => quote!(request.header(#wire, &#v)?;),
            (ParamLocation::Form, Type::File) => form_file(quote!(#wire), v),
            (ParamLocation::Form, _) => quote!(form.field(#wire, &#v);),
            (ParamLocation::Body | ParamLocation::WholeBody, _) => {
                unreachable!("JSON body inputs are written above")
            }
        }
    };
    match &input.ty {
        Type::List(inner) => {
            let body = one(quote!(item), inner);
            quote!(for item in #value { #body })
        }
        ty if input.required => one(value, ty),
        ty => {
            let body = one(quote!(item), ty);
            quote!(if let Some(item) = #value { #body })
        }
    }
}

/// The checks of an input's documented bounds, before anything is sent.
pub fn check(input: &Input, value: TokenStream) -> Option<TokenStream> {
    let c = &input.constraints;
    let wire = &input.wire;
    let opt_f64 = |v: Option<f64>| match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    let opt_u64 = |v: Option<u64>| match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    // `item` is the value itself (`self.limit`) or a reference to it.
    let one = |item: TokenStream, by_ref: bool| -> Option<TokenStream> {
        if c.minimum.is_some() || c.maximum.is_some() {
            let (min, max) = (opt_f64(c.minimum), opt_f64(c.maximum));
            let value = if by_ref { quote!(*#item) } else { item };
            // Integers are compared as the f64 the spec's bounds are.
            let value = match input.ty {
                Type::Number => value,
                _ => quote!(#value as f64),
            };
            return Some(quote!(runtime::checks::number(#wire, #value, #min, #max)?;));
        }
        if c.min_length.is_some() || c.max_length.is_some() {
            let (min, max) = (opt_u64(c.min_length), opt_u64(c.max_length));
            let length = if input.is_list() {
                quote!(#item.len())
            } else {
                quote!(#item.chars().count())
            };
            return Some(quote!(runtime::checks::length(#wire, #length, #min, #max)?;));
        }
        None
    };
    // What holds a value to check: absent and `null` have no bounds.
    let pattern = match (input.nullable, input.required || input.is_many()) {
        (false, true) => return one(value, false),
        (false, false) => quote!(Some(item)),
        (true, true) => quote!(runtime::Nullable::Value(item)),
        (true, false) => quote!(Some(runtime::Nullable::Value(item))),
    };
    let body = one(quote!(item), true)?;
    Some(quote!(if let #pattern = &#value { #body }))
}

/// Documented bounds in words (`at least 1, at most 100`), if any.
pub fn bounds_text(c: &crate::model::Constraints) -> Option<String> {
    let mut bounds = Vec::new();
    if let Some(min) = c.minimum {
        bounds.push(format!("at least {min}"));
    }
    if let Some(max) = c.maximum {
        bounds.push(format!("at most {max}"));
    }
    if let Some(min) = c.min_length {
        bounds.push(format!("length at least {min}"));
    }
    if let Some(max) = c.max_length {
        bounds.push(format!("length at most {max}"));
    }
    (!bounds.is_empty()).then(|| bounds.join(", "))
}
