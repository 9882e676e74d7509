//! Stage 5: tokens → formatted Rust source (prettyplease), with a header.

use proc_macro2::TokenStream;

/// Pretty-prints tokens as a file; `header` becomes leading `//` comments.
pub fn format_file(tokens: TokenStream, header: &str) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generated tokens do not parse: {e}"))?;
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&prettyplease::unparse(&file));
    Ok(out)
}
