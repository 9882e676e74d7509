//! Stage 4: tokens → formatted Rust source (prettyplease), with a header.

use proc_macro2::TokenStream;

/// `header` as leading `//` comments and a blank line: how a file starts.
/// `//! line` for each line of `text`: the rustdoc of a module file, before
/// its items (prettyplease prints inner doc attributes the same way).
pub fn inner_doc(text: &str) -> String {
    let mut out = String::new();
    for line in text.trim_end().lines() {
        let line = line.trim_end().replace('\t', "    ");
        out.push_str("//!");
        if !line.is_empty() {
            out.push(' ');
            out.push_str(&line);
        }
        out.push('\n');
    }
    out
}

pub fn header_comment(header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Pretty-prints one group of items. A file is its header followed by its
/// groups, each printed on its own: the output is the same as for the whole
/// file at once, and the working set stays small.
pub fn format_items(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generated tokens do not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}
