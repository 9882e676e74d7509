//! File names of saved pages, derived from their URLs: stable (the same URL
//! always asks for the same name), safe (ASCII letters, digits, `.`, `-`,
//! `_`; never a path separator, never a leading dot, so neither `..` nor a
//! hidden file), and unique in the folder (a clash takes a suffix from the
//! URL's hash; the manifest then keeps the name for that URL).

use std::collections::HashSet;

use sha2::{Digest, Sha256};
use url::Url;

/// Longest name kept before it is cut and suffixed with the URL's hash.
const MAX_NAME: usize = 120;

/// The first 8 hex digits of the SHA-256 of `text`.
fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// One path segment (or query) made safe: percent-decoded, every character
/// outside `[A-Za-z0-9._-]` turned into `-`, runs of `-` merged, leading
/// dots and dashes dropped.
fn safe(segment: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
    let mut out = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            c
        } else {
            '-'
        };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    out.trim_start_matches(['.', '-'])
        .trim_end_matches('-')
        .to_owned()
}

/// Windows' reserved device names: a file named so cannot be created there.
fn reserved(stem: &str) -> bool {
    let lower = stem.to_ascii_lowercase();
    matches!(lower.as_str(), "con" | "prn" | "aux" | "nul")
        || ((lower.starts_with("com") || lower.starts_with("lpt"))
            && lower.len() == 4
            && lower.as_bytes()[3].is_ascii_digit())
}

/// The name `url` asks for, before uniqueness: its path below `base` (a path
/// prefix such as `/crm/developer/docs/api/v7/`, when the URL is under it),
/// segments joined with `_`, `.html` added when the last segment has no
/// extension, `index.html` for a directory; a query adds a hash of itself.
pub fn file_name(url: &Url, base: Option<&str>) -> String {
    let path = url.path();
    let rel = base
        .filter(|b| b.ends_with('/') && path.starts_with(*b))
        .map_or(path, |b| &path[b.len()..]);
    let mut segments: Vec<String> = rel.split('/').map(safe).filter(|s| !s.is_empty()).collect();
    if rel.ends_with('/') || segments.is_empty() {
        segments.push("index.html".to_owned());
    }
    let joined = segments.join("_");
    // The last segment's extension: a dot and 1 to 5 letters or digits.
    let ext_len = segments
        .last()
        .and_then(|last| {
            last.rfind('.')
                .filter(|&dot| dot > 0)
                .map(|dot| &last[dot + 1..])
        })
        .filter(|e| (1..=5).contains(&e.len()) && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(|e| e.len() + 1);
    let (mut stem, ext) = match ext_len {
        Some(n) => (
            joined[..joined.len() - n].to_owned(),
            joined[joined.len() - n..].to_owned(),
        ),
        None => (joined, ".html".to_owned()),
    };
    if let Some(query) = url.query() {
        stem.push_str(&format!("_q{}", short_hash(query)));
    }
    if reserved(&stem) {
        stem.insert(0, '_');
    }
    let mut name = format!("{stem}{ext}");
    if name.len() > MAX_NAME {
        // ASCII only by now: any byte index is a character boundary.
        let keep = MAX_NAME - ext.len() - 9;
        name = format!("{}-{}{ext}", &stem[..keep], short_hash(url.as_str()));
    }
    name
}

/// `file_name`, made unique among `taken` (compared without case: two names
/// differing only in case are one file on macOS and Windows), and recorded
/// there.
pub fn unique_file_name(url: &Url, base: Option<&str>, taken: &mut HashSet<String>) -> String {
    let mut name = file_name(url, base);
    if taken.contains(&name.to_ascii_lowercase()) {
        // Every name has an extension (`file_name` adds `.html`).
        let (stem, ext) = name
            .rsplit_once('.')
            .map(|(s, e)| (s.to_owned(), e.to_owned()))
            .unwrap_or_else(|| (name.clone(), "html".to_owned()));
        let hash = short_hash(url.as_str());
        name = format!("{stem}-{hash}.{ext}");
        // Two URLs whose hashes clash too: count up, still deterministic
        // for a given order of URLs.
        let mut n = 2;
        while taken.contains(&name.to_ascii_lowercase()) {
            name = format!("{stem}-{hash}-{n}.{ext}");
            n += 1;
        }
    }
    taken.insert(name.to_ascii_lowercase());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(url: &str, base: Option<&str>) -> String {
        file_name(&Url::parse(url).unwrap(), base)
    }

    #[test]
    fn a_path_below_the_base_is_the_name() {
        let base = Some("/crm/developer/docs/api/v7/");
        assert_eq!(
            name(
                "https://www.zoho.com/crm/developer/docs/api/v7/upload-attachment.html",
                base
            ),
            "upload-attachment.html"
        );
        assert_eq!(
            name(
                "https://www.zoho.com/crm/developer/docs/api/v7/notes/get.html",
                base
            ),
            "notes_get.html"
        );
        // Outside the base: the whole path.
        assert_eq!(
            name("https://www.zoho.com/crm/help/api.html", base),
            "crm_help_api.html"
        );
    }

    #[test]
    fn names_get_an_extension_and_directories_an_index() {
        assert_eq!(
            name("https://d.example/docs/contacts", None),
            "docs_contacts.html"
        );
        assert_eq!(
            name("https://d.example/docs/contacts/", None),
            "docs_contacts_index.html"
        );
        assert_eq!(name("https://d.example/", None), "index.html");
        assert_eq!(name("https://d.example/v1.2/ref", None), "v1.2_ref.html");
    }

    #[test]
    fn no_name_escapes_the_folder_or_hides() {
        for url in [
            "https://d.example/../../etc/passwd",
            "https://d.example/%2e%2e/%2e%2e/etc/passwd",
            "https://d.example/a/..%2f..%2fsecret",
            "https://d.example/.hidden",
            "https://d.example/a%5C..%5Cwin.html",
            "https://d.example/%00nul.html",
        ] {
            let n = name(url, None);
            assert!(!n.contains('/') && !n.contains('\\'), "{url} -> {n}");
            assert!(!n.starts_with('.'), "{url} -> {n}");
            assert!(n != ".." && !n.contains('\0'), "{url} -> {n}");
            assert!(
                n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
                "{url} -> {n}"
            );
        }
        assert_eq!(name("https://d.example/.hidden", None), "hidden.html");
        assert_eq!(name("https://d.example/docs/con", None), "docs_con.html");
        assert_eq!(name("https://d.example/con", None), "_con.html");
    }

    #[test]
    fn queries_and_long_paths_stay_distinct_and_bounded() {
        let a = name("https://d.example/page?id=1", None);
        let b = name("https://d.example/page?id=2", None);
        assert_ne!(a, b);
        assert!(a.starts_with("page_q") && a.ends_with(".html"), "{a}");
        let long = format!("https://d.example/{}.html", "x".repeat(300));
        let n = name(&long, None);
        assert!(n.len() <= MAX_NAME && n.ends_with(".html"), "{n}");
        // Stable: the same URL always asks for the same name.
        assert_eq!(n, name(&long, None));
    }

    #[test]
    fn clashing_names_are_made_unique_without_case() {
        let mut taken = HashSet::new();
        let first = unique_file_name(
            &Url::parse("https://d.example/a/b_c").unwrap(),
            None,
            &mut taken,
        );
        let second = unique_file_name(
            &Url::parse("https://d.example/a_b/c").unwrap(),
            None,
            &mut taken,
        );
        let third = unique_file_name(
            &Url::parse("https://d.example/A/B_C").unwrap(),
            None,
            &mut taken,
        );
        assert_eq!(first, "a_b_c.html");
        assert_ne!(second, first);
        assert!(
            second.starts_with("a_b_c-") && second.ends_with(".html"),
            "{second}"
        );
        assert_ne!(third.to_ascii_lowercase(), first);
        assert_ne!(third.to_ascii_lowercase(), second);
    }
}
