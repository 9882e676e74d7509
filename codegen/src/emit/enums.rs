//! One Rust enum per spec enum: variants, wire values, properties, serde.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, link, paragraphs, source};
use crate::model::{Enum, Property, WireKind};
use crate::naming::ident;

pub fn emit(e: &Enum) -> TokenStream {
    let name = ident(&e.rust_name);
    let enum_doc = doc(&paragraphs([
        Some(e.description.as_str()),
        link(e.docs_url.as_deref()).as_deref(),
        source(e.source.as_deref()).as_deref(),
    ]));
    let variants = e.values.iter().map(|v| {
        let var = ident(&v.variant);
        let mut text = if v.display == v.wire {
            code(&v.wire)
        } else {
            format!("{} ({})", v.display, code(&v.wire))
        };
        if let Some(d) = &v.description {
            text = format!("{text}: {d}");
        }
        let d = doc(&text);
        quote!(#d #var,)
    });
    let other_variant = e.other.as_ref().map(|o| {
        let var = ident(&o.variant);
        let d = doc(&o.description);
        quote!(#d #var(String),)
    });
    let wires = e.values.iter().map(|v| {
        let var = ident(&v.variant);
        let wire = &v.wire;
        quote!(#name::#var => #wire,)
    });
    let other_wire = e.other.as_ref().map(|o| {
        let var = ident(&o.variant);
        quote!(#name::#var(value) => value,)
    });
    let displays = e.values.iter().map(|v| {
        let var = ident(&v.variant);
        let display = &v.display;
        quote!(#name::#var => #display,)
    });
    let other_display = e.other.as_ref().map(|o| {
        let var = ident(&o.variant);
        quote!(#name::#var(value) => value,)
    });
    let wire_list = e.values.iter().map(|v| &v.wire);
    let properties = e
        .properties
        .iter()
        .enumerate()
        .map(|(i, p)| property(e, i, p));
    let from_wire_arms = e.values.iter().map(|v| {
        let var = ident(&v.variant);
        let wire = &v.wire;
        quote!(#wire => #name::#var,)
    });
    let all_doc = doc("Every documented value, in the vendor's order.");
    let (from_wire, all, deserialize) = match &e.other {
        Some(o) => {
            let var = ident(&o.variant);
            let from_doc = doc(&format!(
                "The value for a wire string; an undocumented one is kept as [`{}::{}`].",
                crate::naming::bare(&e.rust_name),
                crate::naming::bare(&o.variant)
            ));
            (
                quote! {
                    #from_doc
                    pub fn from_wire(value: &str) -> Self {
                        match value {
                            #(#from_wire_arms)*
                            other => #name::#var(other.to_owned()),
                        }
                    }
                },
                quote!(),
                quote!(Ok(#name::from_wire(&value))),
            )
        }
        None => {
            let unit = e.values.iter().map(|v| {
                let var = ident(&v.variant);
                quote!(#name::#var)
            });
            (
                quote! {
                    /// The value for a wire string, or `None` for an undocumented one.
                    pub fn from_wire(value: &str) -> Option<Self> {
                        Some(match value {
                            #(#from_wire_arms)*
                            _ => return None,
                        })
                    }
                },
                quote! {
                    #all_doc
                    pub const ALL: &'static [#name] = &[#(#unit),*];
                },
                quote! {
                    #name::from_wire(&value).ok_or_else(|| {
                        runtime::__private::serde::de::Error::unknown_variant(&value, #name::WIRE_VALUES)
                    })
                },
            )
        }
    };
    let derive_copy = e.other.is_none().then(|| quote!(Copy,));
    // Numbers and booleans go out as JSON numbers and booleans (a kept
    // undocumented value that is not one goes out as the text received).
    let serialize = match e.wire_kind {
        WireKind::String => quote!(serializer.serialize_str(self.as_str())),
        WireKind::Integer => quote! {
            match self.as_str().parse::<i64>() {
                Ok(n) => serializer.serialize_i64(n),
                Err(_) => serializer.serialize_str(self.as_str()),
            }
        },
        WireKind::Number => quote! {
            match self.as_str().parse::<f64>() {
                Ok(n) => serializer.serialize_f64(n),
                Err(_) => serializer.serialize_str(self.as_str()),
            }
        },
        WireKind::Boolean => quote! {
            match self.as_str().parse::<bool>() {
                Ok(b) => serializer.serialize_bool(b),
                Err(_) => serializer.serialize_str(self.as_str()),
            }
        },
    };
    let read = match e.wire_kind {
        WireKind::String => {
            quote!(<String as runtime::__private::serde::Deserialize>::deserialize(deserializer)?)
        }
        _ => quote!(runtime::__private::wire_text(deserializer)?),
    };
    let by_file_name = file_name_lookup(e);
    quote! {
        #enum_doc
        #[derive(Debug, Clone, #derive_copy PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other_variant
        }

        impl #name {
            /// The wire value of every documented variant, in the vendor's order.
            pub const WIRE_VALUES: &'static [&'static str] = &[#(#wire_list),*];
            #all

            /// The value as sent to and received from the vendor.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#wires)*
                    #other_wire
                }
            }

            /// The vendor's display name.
            pub fn display_name(&self) -> &str {
                match self {
                    #(#displays)*
                    #other_display
                }
            }

            #from_wire
            #by_file_name
            #(#properties)*
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl runtime::WireValue for #name {
            fn to_wire(&self) -> String {
                self.as_str().to_owned()
            }
        }

        impl runtime::__private::serde::Serialize for #name {
            fn serialize<S: runtime::__private::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #serialize
            }
        }

        impl<'de> runtime::__private::serde::Deserialize<'de> for #name {
            fn deserialize<D: runtime::__private::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = #read;
                #deserialize
            }
        }
    }
}

/// An accessor returning a property's value for each variant.
fn property(e: &Enum, index: usize, p: &Property) -> TokenStream {
    let name = ident(&e.rust_name);
    let method = ident(&p.rust_name);
    let d = doc(&p.description);
    let value = |vals: &[String]| {
        if p.many {
            quote!(&[#(#vals),*])
        } else {
            let v = vals.first().cloned().unwrap_or_default();
            quote!(#v)
        }
    };
    let arms = e.values.iter().map(|v| {
        let var = ident(&v.variant);
        let val = value(&v.properties[index]);
        quote!(#name::#var => #val,)
    });
    let other = e.other.as_ref().map(|o| {
        let var = ident(&o.variant);
        let val = value(&o.properties[index]);
        quote!(#name::#var(_) => #val,)
    });
    let ret = if p.many {
        quote!(&'static [&'static str])
    } else {
        quote!(&'static str)
    };
    quote! {
        #d
        pub fn #method(&self) -> #ret {
            match self {
                #(#arms)*
                #other
            }
        }
    }
}

/// For a closed enum with an `extensions` list (file types): the variant for a
/// file name, or an error naming the extension and the allowed types.
fn file_name_lookup(e: &Enum) -> Option<TokenStream> {
    let index = e
        .properties
        .iter()
        .position(|p| p.rust_name == "extensions" && p.many)?;
    if e.other.is_some() {
        return None;
    }
    let name = ident(&e.rust_name);
    let arms = e.values.iter().map(|v| {
        let var = ident(&v.variant);
        let exts = &v.properties[index];
        quote!(#(#exts)|* => Ok(#name::#var),)
    });
    let displays = e.values.iter().map(|v| &v.display);
    Some(quote! {
        /// The value for a file name, by its extension (case-insensitive);
        /// a file of any other type is refused before anything is sent.
        pub fn from_file_name(file_name: &str) -> Result<Self, runtime::UnsupportedFileType> {
            let extension = ::std::path::Path::new(file_name)
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            match extension.as_str() {
                #(#arms)*
                _ => Err(runtime::UnsupportedFileType::new(
                    file_name,
                    extension,
                    &[#(#displays),*],
                )),
            }
        }
    })
}
