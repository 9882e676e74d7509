//! Stage 4: tokens → formatted Rust source (prettyplease), with a header.

use proc_macro2::TokenStream;

/// Pretty-prints groups of items as one file; `header` becomes leading `//`
/// comments. Each group is parsed and printed on its own: the output is the
/// same as for the whole file at once, and the working set stays small.
pub fn format_file(
    groups: impl IntoIterator<Item = TokenStream>,
    header: &str,
) -> Result<String, String> {
    let mut out = header_comment(header);
    for tokens in groups {
        out.push_str(&format_items(tokens)?);
    }
    Ok(out)
}

/// `header` as leading `//` comments and a blank line: how a file starts.
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

/// Pretty-prints one group of items.
pub fn format_items(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generated tokens do not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}
