//! Every rule that turns a vendor name into a Rust identifier lives here, so
//! that keywords, digits and symbols are handled once.
//!
//! Vendor names are only ever renamed for Rust; the wire keeps them verbatim
//! (serde `rename`, path and form keys come from the spec, not from these).

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Strict and reserved keywords of Rust 2021.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Transliterates to ASCII (`ñame` → `name`, `名前` → `Ming Qian`), so that
/// identifiers never trip the non-ASCII and confusable-character lints; then
/// keeps letters, digits and `_`, and lets everything else separate words.
fn words(name: &str) -> String {
    deunicode::deunicode(name)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// `Modified_Time` → `modified_time`, `type` → `r#type`, `1st` → `n1st`.
pub fn snake(name: &str) -> String {
    let mut out = words(name).to_snake_case();
    if out.is_empty() {
        out.push_str("value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'n');
    }
    escape_keyword(out)
}

/// `Price Books` → `PriceBooks`, `INVALID_MODULE` → `InvalidModule`, `3gp` → `N3gp`.
pub fn camel(name: &str) -> String {
    let mut out = words(name).to_upper_camel_case();
    if out.is_empty() {
        out.push_str("Value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    escape_keyword(out)
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The names Rust code may use without a path in the type namespace, which
/// a type of the same name declared in a generated module would shadow there:
/// the standard prelude's types, traits and variants, of every edition
/// (2021 adds `TryFrom`, `TryInto` and `FromIterator`, 2024 `Future` and
/// `IntoFuture`). Generated code names these without a path (`Option<T>`,
/// `Some`, `impl From<..>`, `impl Into<String>`, `Box<T>`...), so a vendor's
/// schema `Option` would break every `Option<...>` of its API, and Zoho's
/// `From`, `Result` and `Error` (the last is no prelude name, and stays) its
/// impls and signatures. Derive macros (`Debug`, `Hash`) live in the macro
/// namespace, which no type shadows; primitive types (`str`, `i64`) cannot be
/// the camel-case name of a type, and an operation's module of that name
/// does not shadow them.
pub const PRELUDE: &[&str] = &[
    // std::marker, std::ops, std::boxed, std::borrow, std::clone, std::cmp
    "Copy",
    "Send",
    "Sized",
    "Sync",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Box",
    "ToOwned",
    "Clone",
    "PartialEq",
    "PartialOrd",
    "Eq",
    "Ord",
    // std::convert, std::default, std::iter
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "Default",
    "Iterator",
    "Extend",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "FromIterator",
    // std::option, std::result, std::string, std::vec, std::future
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "ToString",
    "Vec",
    "Future",
    "IntoFuture",
];

/// Methods every generated builder or request has (inherent, or of the
/// runtime's `Operation` trait); an input of that name gets a trailing `_`
/// instead of clashing with them.
pub const RESERVED_METHODS: &[&str] = &[
    "build",
    "new",
    "builder",
    "into_http_request",
    "parse_response",
    "check_scopes",
    "scope_value",
];

/// Names every API module declares besides its enums, structs and
/// operation modules: a type of the spec so named is escaped by
/// [`type_name`] (`Server` → `Server_`), an operation cannot take one.
pub const API_ITEMS: &[&str] = &[
    "Server",
    "Credentials",
    "SECURITY",
    "RATE_LIMITS",
    "runtime",
];

/// The Rust name of a type of the spec (a schema, an enum, an OAuth
/// exchange...): [`camel`], then moved out of the way of the names generated
/// code uses without a path, with a trailing `_` as for `Self`: the
/// [`PRELUDE`] and the [`API_ITEMS`] (`Option` → `Option_`, `server` →
/// `Server_`). Variants need no such escape: they live in their enum.
pub fn type_name(name: &str) -> String {
    escape_type(camel(name))
}

/// A trailing `_` for a type name generated code uses without a path.
fn escape_type(name: String) -> String {
    if is_reserved_type(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// True for a name a generated type cannot take: see [`type_name`].
pub fn is_reserved_type(name: &str) -> bool {
    PRELUDE.contains(&name) || API_ITEMS.contains(&name)
}

/// The reserved name a type's Rust name escapes, if it is such an escape:
/// `Option_` → `Option`; `Self_`, `Thing_` → `None`.
pub fn unescaped_type(rust: &str) -> Option<&str> {
    rust.strip_suffix('_')
        .filter(|plain| is_reserved_type(plain))
}

/// The names of the items an operation's module declares for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OperationNames {
    /// `UploadAttachmentRequest`
    pub request: String,
    /// `UploadAttachmentBuilder`
    pub builder: String,
    /// `UploadAttachmentError`
    pub error: String,
    /// `UploadAttachmentOutput`: the success enum of an operation whose
    /// success statuses have different bodies.
    pub output: String,
    /// `UploadAttachmentHeaders`: the documented headers of its success.
    pub headers: String,
    /// `StreamMessagesEvent`: the events of its event-stream success.
    pub event: String,
}

impl OperationNames {
    /// The names for the operation named `name` in the spec.
    pub fn of(name: &str) -> Self {
        let prefix = camel(name);
        OperationNames {
            request: format!("{prefix}Request"),
            builder: format!("{prefix}Builder"),
            error: format!("{prefix}Error"),
            output: format!("{prefix}Output"),
            headers: format!("{prefix}Headers"),
            event: format!("{prefix}Event"),
        }
    }
}

/// The variant of a success status, unless the spec names one: `Created`.
pub fn success_variant(status: u16) -> String {
    match status {
        200 => "Ok".to_owned(),
        201 => "Created".to_owned(),
        202 => "Accepted".to_owned(),
        203 => "NonAuthoritativeInformation".to_owned(),
        204 => "NoContent".to_owned(),
        205 => "ResetContent".to_owned(),
        206 => "PartialContent".to_owned(),
        207 => "MultiStatus".to_owned(),
        208 => "AlreadyReported".to_owned(),
        other => format!("Status{other}"),
    }
}

/// The type of an operation's `one_of` choice, or of one alternative of it
/// (`UploadAttachment` + `Content`).
/// Escaped as [`type_name`] is: `try` + `from` would be `TryFrom`.
pub fn operation_type(operation: &str, name: &str) -> String {
    escape_type(format!("{}{}", camel(operation), camel(name)))
}

/// The builder trait a mandatory input (or choice) of that Rust name
/// satisfies once given: `record_id` → `HasRecordId`.
pub fn has_trait(slot: &str) -> String {
    format!("Has{}", bare(slot).to_upper_camel_case())
}

/// The builder's type parameter for that slot: `record_id` → `TRecordId`.
pub fn type_param(slot: &str) -> String {
    format!("T{}", bare(slot).to_upper_camel_case())
}

/// `snake`, then moved out of the way of [`RESERVED_METHODS`].
pub fn input_name(name: &str) -> String {
    let n = snake(name);
    if RESERVED_METHODS.contains(&n.as_str()) {
        format!("{n}_")
    } else {
        n
    }
}

/// An identifier from a name made by [`snake`] or [`camel`] (`r#` prefix honoured).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The name without a raw-identifier prefix, for messages and derived names.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_names_become_rust_names() {
        assert_eq!(snake("Modified_Time"), "modified_time");
        assert_eq!(snake("attachmentUrls"), "attachment_urls");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("1st-place"), "n1st_place");
        assert_eq!(camel("Price Books"), "PriceBooks");
        assert_eq!(camel("INVALID_MODULE"), "InvalidModule");
        assert_eq!(camel("Self"), "Self_");
        assert_eq!(camel("3gp"), "N3gp");
        assert_eq!(camel("x-rar"), "XRar");
        assert_eq!(snake("ñame"), "name");
        assert_eq!(camel("名前"), "MingQian");
        assert_eq!(snake("x-rate-limit"), "x_rate_limit");
    }

    #[test]
    fn type_names_step_out_of_the_prelude_and_the_api_items() {
        for name in [
            "Option", "Result", "From", "String", "Vec", "Box", "Some", "None",
        ] {
            assert_eq!(type_name(name), format!("{name}_"));
        }
        assert_eq!(type_name("server"), "Server_");
        assert_eq!(type_name("credentials"), "Credentials_");
        assert_eq!(type_name("Self"), "Self_");
        // A name that only starts like one is left alone, and so is `Error`.
        assert_eq!(type_name("Optional"), "Optional");
        assert_eq!(type_name("Error"), "Error");
        assert_eq!(type_name("try-from"), "TryFrom_");
        assert_eq!(operation_type("try", "from"), "TryFrom_");
        assert_eq!(operation_type("upload", "content"), "UploadContent");
        assert_eq!(unescaped_type("Option_"), Some("Option"));
        assert_eq!(unescaped_type("Self_"), None);
        assert_eq!(unescaped_type("Option"), None);
        // Variants and fields keep the plain rules.
        assert_eq!(camel("Option"), "Option");
        assert_eq!(snake("Option"), "option");
    }

    #[test]
    fn raw_identifiers_round_trip() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(bare("r#type"), "type");
    }
}
