//! The reference pages a menu page lists: its links (`<a href>` in HTML,
//! parsed by html5ever as a browser parses it; `[text](url)` in a Markdown
//! menu), resolved against the page's URL (or its `<base href>`), without
//! fragments, deduplicated in the menu's order, kept when they match the
//! [`LinkFilter`].

use std::collections::HashSet;

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use regex::Regex;
use url::Url;

/// Which links of the menu are reference pages: those starting with
/// `prefix` and matching `pattern` (each when given).
#[derive(Debug, Clone, Default)]
pub struct LinkFilter {
    /// A URL prefix (`https://www.zoho.com/crm/developer/docs/api/v7/`).
    pub prefix: Option<String>,
    /// A regular expression the whole URL must match (anywhere in it; anchor
    /// it with `^...$` for a full match).
    pub pattern: Option<Regex>,
}

impl LinkFilter {
    /// Whether `url` is one of the pages to fetch.
    pub fn matches(&self, url: &Url) -> bool {
        self.prefix
            .as_deref()
            .is_none_or(|p| url.as_str().starts_with(p))
            && self
                .pattern
                .as_ref()
                .is_none_or(|r| r.is_match(url.as_str()))
    }

    /// How the filter reads in a report.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.prefix {
            parts.push(format!("prefix {p}"));
        }
        if let Some(r) = &self.pattern {
            parts.push(format!("pattern {}", r.as_str()));
        }
        if parts.is_empty() {
            "every link".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// The `http`/`https` links of a menu page, resolved, without fragments,
/// first occurrence first. Markdown when the server says so (or the URL
/// ends in `.md`) and the body does not start with `<`; HTML otherwise.
pub fn menu_links(body: &[u8], content_type: Option<&str>, url: &Url) -> Vec<Url> {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let starts_with_tag = body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<');
    let markdown = !starts_with_tag
        && (ct.contains("markdown") || ct.starts_with("text/plain") || url.path().ends_with(".md"));
    let (base, hrefs) = if markdown {
        (None, markdown_hrefs(&String::from_utf8_lossy(body)))
    } else {
        html_hrefs(body)
    };
    resolve(base, hrefs, url)
}

fn resolve(base: Option<String>, hrefs: Vec<String>, url: &Url) -> Vec<Url> {
    // `<base href>` (itself relative to the page) sets what links resolve against.
    let base = base
        .and_then(|b| url.join(b.trim()).ok())
        .unwrap_or_else(|| url.clone());
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for href in hrefs {
        let Ok(mut link) = base.join(href.trim()) else {
            continue;
        };
        if !matches!(link.scheme(), "http" | "https") {
            continue;
        }
        link.set_fragment(None);
        if seen.insert(link.as_str().to_owned()) {
            out.push(link);
        }
    }
    out
}

/// The `href` of every `<a>` (and of the first `<base>`) in document order.
fn html_hrefs(body: &[u8]) -> (Option<String>, Vec<String>) {
    let dom = html5ever::parse_document(RcDom::default(), Default::default())
        .from_utf8()
        .one(body);
    let mut base = None;
    let mut hrefs = Vec::new();
    // Depth first, without recursion: a hostile page may nest deeply.
    let mut stack: Vec<Handle> = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        if let NodeData::Element { name, attrs, .. } = &node.data {
            let tag = &*name.local;
            if tag == "a" || (tag == "base" && base.is_none()) {
                let href = attrs
                    .borrow()
                    .iter()
                    .find(|a| &*a.name.local == "href")
                    .map(|a| a.value.to_string());
                match (tag, href) {
                    ("a", Some(h)) => hrefs.push(h),
                    ("base", Some(h)) => base = Some(h),
                    _ => {}
                }
            }
        }
        let children = node.children.borrow();
        stack.extend(children.iter().rev().cloned());
    }
    (base, hrefs)
}

/// The destination of every link in a Markdown menu.
fn markdown_hrefs(text: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(text)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.into_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(links: &[Url]) -> Vec<&str> {
        links.iter().map(Url::as_str).collect()
    }

    #[test]
    fn html_links_are_resolved_deduplicated_and_scripts_ignored() {
        let page = br##"<!doctype html><html><head><title>Menu</title>
            <script>document.write('<a href="/from-script.html">x</a>')</script></head>
            <body><nav><ul>
              <li><a href="upload-attachment.html">Upload</a></li>
              <li><a href="upload-attachment.html#body">Upload, body</a></li>
              <li><a href="/crm/developer/docs/api/v7/get-records.html">Get</a></li>
              <li><a href="mailto:docs@example.com">Mail</a></li>
              <li><a href="javascript:void(0)">Nothing</a></li>
              <li><a>no href</a></li>
              <li><a href="https://elsewhere.example/x.html">Elsewhere</a></li>
            </ul></nav></body></html>"##;
        let menu = Url::parse("https://d.example/crm/developer/docs/api/v7/index.html").unwrap();
        assert_eq!(
            urls(&menu_links(page, Some("text/html; charset=utf-8"), &menu)),
            [
                "https://d.example/crm/developer/docs/api/v7/upload-attachment.html",
                "https://d.example/crm/developer/docs/api/v7/get-records.html",
                "https://elsewhere.example/x.html",
            ]
        );
    }

    #[test]
    fn base_href_sets_what_links_resolve_against() {
        let page = br#"<html><head><base href="/docs/v2/"></head>
            <body><a href="a.html">A</a></body></html>"#;
        let menu = Url::parse("https://d.example/menu").unwrap();
        assert_eq!(
            urls(&menu_links(page, None, &menu)),
            ["https://d.example/docs/v2/a.html"]
        );
    }

    #[test]
    fn a_markdown_menu_lists_its_link_destinations() {
        let menu = "- [METHODTitle](https://www.zoho.com/crm/developer/docs/api/v7/upload-attachment.html)\n\
                    - [Get](get-records.html)\n";
        let base = Url::parse("https://www.zoho.com/crm/developer/docs/api/v7/menu.md").unwrap();
        assert_eq!(
            urls(&menu_links(menu.as_bytes(), Some("text/markdown"), &base)),
            [
                "https://www.zoho.com/crm/developer/docs/api/v7/upload-attachment.html",
                "https://www.zoho.com/crm/developer/docs/api/v7/get-records.html",
            ]
        );
    }

    #[test]
    fn the_filter_takes_a_prefix_and_a_pattern() {
        let filter = LinkFilter {
            prefix: Some("https://d.example/api/v7/".to_owned()),
            pattern: Some(Regex::new(r"\.html$").unwrap()),
        };
        let ok = |u: &str| filter.matches(&Url::parse(u).unwrap());
        assert!(ok("https://d.example/api/v7/a.html"));
        assert!(!ok("https://d.example/api/v7/a.pdf"));
        assert!(!ok("https://d.example/api/v6/a.html"));
        assert!(LinkFilter::default().matches(&Url::parse("https://x.example/").unwrap()));
    }
}
