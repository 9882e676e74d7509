//! Vendor descriptions in HTML (`<br />`, `<ul><li>`) become Markdown, which
//! rustdoc renders; plain text passes unchanged.

/// A vendor description (a JSON string, where there is one) as Markdown,
/// when it is not empty.
pub fn description_in(text: Option<&serde_json::Value>) -> Option<String> {
    text.and_then(serde_json::Value::as_str)
        .map(from_html)
        .filter(|d| !d.is_empty())
}

/// The description as Markdown, trimmed, bare URLs made links.
pub fn from_html(text: &str) -> String {
    let text = text.trim();
    if !looks_like_html(text) {
        return autolink(&tidy(text));
    }
    // htmd parses with html5ever, which accepts any input; an I/O error
    // cannot come from an in-memory string, but the text is kept if it does.
    match htmd::convert(text) {
        Ok(md) => autolink(&tidy(&md)),
        Err(_) => autolink(text),
    }
}

/// A documentation page saved as served (`apigen fetch pages`) as the
/// Markdown the page importer reads: headings, paragraphs, lists, tables and
/// fenced code blocks (with the language of `<code class="language-json">`),
/// without the page's scripts, styles, navigation and other chrome. The
/// bytes are read as UTF-8 (a byte that is not becomes U+FFFD); html5ever
/// parses them as a browser would, so any input gives some Markdown.
pub fn page_from_html(html: &[u8]) -> String {
    let text = String::from_utf8_lossy(html);
    let converter = htmd::HtmlToMarkdown::builder()
        .skip_tags(vec![
            "head", "script", "style", "noscript", "template", "nav", "svg", "iframe", "button",
            "form",
        ])
        .build();
    // As in `from_html`: an I/O error cannot come from an in-memory string.
    let md = converter.convert(&text).unwrap_or_default();
    // Blank-line runs become one; trailing spaces go, except a hard break's two.
    let mut out: Vec<&str> = Vec::new();
    for line in md.lines() {
        let line = if line.ends_with("  ") && !line.trim().is_empty() {
            line
        } else {
            line.trim_end()
        };
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let mut joined = out.join("\n");
    joined.push('\n');
    joined
}

/// Markdown a reviewer can read in YAML and rustdoc reads as prose: hard
/// line breaks (`<br>`, written as two trailing spaces) become paragraph
/// breaks, indentation goes (vendors indent prose; rustdoc would take four
/// spaces for a Rust doctest), runs of blank lines become one, and a fence
/// without a language is marked `text` (else rustdoc compiles it).
fn tidy(md: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    // Inside a list item: the indent its continuation lines take.
    let mut item_indent: Option<usize> = None;
    for line in md.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            let fence = if !in_fence && trimmed == "```" {
                "```text".to_owned()
            } else {
                trimmed.to_owned()
            };
            in_fence = !in_fence;
            out.push(fence);
            continue;
        }
        if in_fence {
            out.push(line.trim_end().to_owned());
            continue;
        }
        if trimmed.is_empty() {
            item_indent = None;
            if out.last().is_none_or(|l| l.is_empty()) {
                continue;
            }
            out.push(String::new());
            continue;
        }
        // List items keep their marker; a continuation line is indented
        // under the item's text (unindented, Markdown would still read it
        // as the item's, "lazily", which rustdoc's readers and clippy's
        // `doc_lazy_continuation` flag as a likely mistake).
        if let Some(width) = list_marker_width(trimmed) {
            item_indent = Some(width);
            out.push(trimmed.to_owned());
        } else if let Some(width) = item_indent {
            out.push(format!("{:width$}{trimmed}", ""));
        } else {
            out.push(trimmed.to_owned());
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// The width of a list item's marker with the spaces after it (`*   `,
/// `- `, `12. `), when the line starts a list item.
fn list_marker_width(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().first()? {
        b'*' | b'-' | b'+' => 1,
        _ if (1..=9).contains(&digits)
            && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) =>
        {
            digits + 1
        }
        _ => return None,
    };
    let spaces = line[marker..].bytes().take_while(|&b| b == b' ').count();
    // A marker needs a space after it (`*emphasis*` and `-1` are not items),
    // and text: a line of `***` or `---` is a rule.
    (spaces > 0 && marker + spaces < line.len()).then_some(marker + spaces.min(4))
}

/// Wraps bare `http(s)://` URLs in `<...>` (rustdoc links those; a bare URL
/// is a `rustdoc::bare_urls` warning). URLs already in a link, in angle
/// brackets, in quotes or in code are left alone.
fn autolink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut rest = line;
        while let Some(start) = rest
            .find("http://")
            .or_else(|| rest.find("https://"))
            .map(|i| {
                // The earlier of the two schemes.
                match (rest.find("http://"), rest.find("https://")) {
                    (Some(a), Some(b)) => a.min(b),
                    _ => i,
                }
            })
        {
            let before = &rest[..start];
            let in_code = before.matches('`').count() % 2 == 1;
            let quoted = before.ends_with(['(', '<', '[', '"', '\'', '`', '=']);
            let tail = &rest[start..];
            let mut end = tail
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`' | ')' | ']')
                })
                .unwrap_or(tail.len());
            while end > 0 && tail[..end].ends_with(['.', ',', ';', ':', '!', '?']) {
                end -= 1;
            }
            out.push_str(before);
            if in_code || quoted || end <= "https://".len() {
                out.push_str(&tail[..end.max(1)]);
            } else {
                out.push('<');
                out.push_str(&tail[..end]);
                out.push('>');
            }
            rest = &tail[end.max(1)..];
        }
        out.push_str(rest);
    }
    out
}

/// Whether the text has a tag (`<br/>`, `<ul>`, `</p>`) or an entity; an
/// autolink (`<https://...>`) or a comparison (`a < b`) is not one.
fn looks_like_html(text: &str) -> bool {
    let tag = |rest: &str| {
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        name_len > 0
            && rest.as_bytes()[0].is_ascii_alphabetic()
            && rest[name_len..].starts_with([' ', '>', '/'])
    };
    text.match_indices('<').any(|(i, _)| tag(&text[i + 1..]))
        || text.contains("&amp;")
        || text.contains("&lt;")
        || text.contains("&nbsp;")
}

#[cfg(test)]
mod tests {
    use super::from_html;

    #[test]
    fn lists_and_breaks_become_markdown() {
        let md =
            from_html("The types are: <br/> <ul><li>JPG</li><li>PNG</li></ul> <br /><br /> Done");
        assert!(
            md.contains("*   JPG") || md.contains("* JPG") || md.contains("- JPG"),
            "{md}"
        );
        assert!(!md.contains('<'), "{md}");
        assert!(!md.contains("  \n") && !md.contains("\n\n\n"), "{md:?}");
    }

    #[test]
    fn bare_urls_become_links() {
        assert_eq!(
            from_html("See https://a.example/x?y=1. And <https://b.example>, [c](https://c.example), `https://d.example`"),
            "See <https://a.example/x?y=1>. And <https://b.example>, [c](https://c.example), `https://d.example`"
        );
    }

    #[test]
    fn plain_text_is_kept() {
        assert_eq!(from_html(" a < b, and x>y "), "a < b, and x>y");
    }

    #[test]
    fn list_items_continue_indented() {
        assert_eq!(
            from_html("Returns:\n*   a tree, see [Git Trees\nAPI](https://x.example).\n1. one\n   two\n\nAfter."),
            "Returns:\n*   a tree, see [Git Trees\n    API](https://x.example).\n1. one\n   two\n\nAfter."
        );
        assert_eq!(
            from_html("-1 is none\nand *this* too"),
            "-1 is none\nand *this* too"
        );
    }

    #[test]
    fn indented_prose_and_bare_fences_are_not_doctests() {
        assert_eq!(
            from_html("IDs.\n\n    One only.\n\n\n\n```\nlet x = 1;\n```"),
            "IDs.\n\nOne only.\n\n```text\nlet x = 1;\n```"
        );
    }
}

#[cfg(test)]
mod page_tests {
    use super::page_from_html;

    #[test]
    fn a_saved_page_becomes_markdown_without_its_chrome() {
        let page = br#"<!doctype html>
<html><head><title>Upload an attachment</title><style>h1 { color: red }</style>
<script>var menu = "<h1>not content</h1>";</script></head>
<body>
<nav><ul><li><a href="/crm/">CRM</a></li><li><a href="get-records.html">Get records</a></li></ul></nav>
<main>
<h1>Upload an attachment</h1>
<p>Attaches a file to a <strong>record</strong>. See <a href="https://d.example/limits.html">limits</a>.</p>
<h2>Parameters</h2>
<table><thead><tr><th>Name</th><th>Type</th></tr></thead>
<tbody><tr><td>file</td><td>multipart</td></tr><tr><td>title</td><td>string</td></tr></tbody></table>
<ul><li>At most 20 MB.</li><li>One file per request.</li></ul>
<pre><code class="language-json">{
  "data": [{"status": "success"}]
}</code></pre>
</main>
<script>track();</script>
</body></html>"#;
        let md = page_from_html(page);
        assert!(
            md.starts_with(
                "# Upload an attachment
"
            ),
            "{md}"
        );
        assert!(md.contains("## Parameters"), "{md}");
        assert!(
            md.contains(
                "Attaches a file to a **record**. See [limits](https://d.example/limits.html)."
            ),
            "{md}"
        );
        assert!(md.contains("| file  | multipart |"), "{md}");
        assert!(md.contains("*   At most 20 MB."), "{md}");
        assert!(
            md.contains("```json\n{\n  \"data\": [{\"status\": \"success\"}]\n}\n```"),
            "{md}"
        );
        for chrome in [
            "not content",
            "track()",
            "color: red",
            "Get records",
            "<title>",
        ] {
            assert!(!md.contains(chrome), "{chrome} in {md}");
        }
        assert!(!md.contains("\n\n\n"), "{md}");
    }

    #[test]
    fn bytes_that_are_not_utf8_still_convert() {
        let md = page_from_html(b"<p>caf\xe9 \xff</p>");
        assert_eq!(md, "caf\u{fffd} \u{fffd}\n");
    }
}
