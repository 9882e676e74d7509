//! Rustdoc attributes from spec text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " line"]` for each line of `text`, so prettyplease prints `/// line`.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|l| {
        // Tabs (as in pasted vendor samples) become spaces, as rustdoc and clippy expect.
        let l = l.trim_end().replace('\t', "    ");
        let line = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// A Markdown list item of several lines: the text's later lines are
/// indented under the first one's, so that they read as the item's
/// (unindented, Markdown reads them "lazily", which clippy's
/// `doc_lazy_continuation` flags).
pub fn list_item(text: &str) -> String {
    let mut out = String::from("-");
    for (i, line) in text.trim().lines().enumerate() {
        let line = line.trim_end();
        match (i, line.is_empty()) {
            (0, _) => out.push(' '),
            (_, true) => out.push('\n'),
            (_, false) => out.push_str("\n  "),
        }
        out.push_str(line);
    }
    out
}

/// Joins doc paragraphs, skipping empty ones.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// "Vendor docs: <url>" line, when there is a URL.
pub fn link(url: Option<&str>) -> Option<String> {
    url.map(|u| format!("Vendor docs: <{u}>"))
}

/// A note on where a fact not on the vendor page comes from.
pub fn source(source: Option<&str>) -> Option<String> {
    source.map(|s| format!("Source: {s}"))
}

/// Inline code for a wire value; backticks inside are kept readable.
pub fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// The vendor's description, or a note that there is none (never invented text).
pub fn described(text: &str) -> &str {
    if text.trim().is_empty() {
        "The vendor gives no description."
    } else {
        text
    }
}
