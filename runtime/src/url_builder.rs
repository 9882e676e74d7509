use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use url::Url;

use super::RequestError;

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is
/// percent-encoded in a path parameter: `/`, `?`, `#`, `%`, spaces and
/// control characters (CR, LF, TAB included) stay inside the one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Builds a request URL from a base URL, literal path pieces, percent-encoded
/// path parameters and query pairs.
///
/// The path is written as text and handed to `http::Uri`: the URL
/// standard's path setter (the `url` crate's) deletes tabs and newlines, so a
/// path parameter could reach the server changed.
#[derive(Debug)]
pub struct UrlBuilder {
    /// `scheme://authority` and the base URL's own path, without a trailing `/`.
    base: String,
    path: String,
    /// The form-urlencoded query, empty when there is none.
    query: String,
}

impl UrlBuilder {
    /// Starts from the server's base URL (an absolute `http(s)` URL).
    pub fn new(base: &str) -> Result<Self, RequestError> {
        let invalid = |reason: &str| RequestError::InvalidBaseUrl {
            url: redact_userinfo(base),
            reason: reason.to_owned(),
        };
        let mut url = Url::parse(base).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("a base URL has no query or fragment"));
        }
        // The token authenticates; `user:password@` in a base URL is never
        // sent, so no layer of the HTTP stack can log it.
        let _ = url.set_username("");
        let _ = url.set_password(None);
        let base = url.as_str().trim_end_matches('/').to_owned();
        Ok(UrlBuilder {
            base,
            path: String::new(),
            query: String::new(),
        })
    }

    /// Appends literal path text from the spec (`/crm/v7`, `/Attachments`),
    /// with exactly one `/` between pieces.
    pub fn literal(&mut self, text: &str) -> &mut Self {
        for segment in text.split('/').filter(|s| !s.is_empty()) {
            self.path.push('/');
            self.path.push_str(segment);
        }
        if text.ends_with('/') && !self.path.ends_with('/') {
            self.path.push('/');
        }
        self
    }

    /// Appends one path segment, percent-encoded so that the server receives
    /// exactly `value` (a `/`, `?`, CR, LF or TAB stays inside the segment).
    /// Values no segment can carry are refused: an empty one, and `.` and
    /// `..`, which URL parsers (the HTTP stack's included, even written as
    /// `%2E%2E`) read as "this" and "up", sending the request elsewhere.
    pub fn param(&mut self, name: &'static str, value: &str) -> Result<&mut Self, RequestError> {
        let reason = match value {
            "" => Some("it is empty, and an empty segment would address another resource"),
            "." | ".." => {
                Some("`.` and `..` are read as path navigation and would address another resource")
            }
            _ => None,
        };
        if let Some(reason) = reason {
            return Err(RequestError::InvalidPathParam { name, reason });
        }
        if !self.path.ends_with('/') {
            self.path.push('/');
        }
        self.path
            .extend(utf8_percent_encode(value, SEGMENT).map(|s| s.to_owned()));
        Ok(self)
    }

    /// Appends a query pair, form-urlencoded.
    pub fn query(&mut self, name: &str, value: &str) -> &mut Self {
        let mut query =
            url::form_urlencoded::Serializer::for_suffix(std::mem::take(&mut self.query), 0);
        query.append_pair(name, value);
        self.query = query.finish();
        self
    }

    /// The finished URI.
    pub fn finish(self) -> Result<http::Uri, RequestError> {
        let mut text = self.base;
        text.push_str(if self.path.is_empty() {
            "/"
        } else {
            &self.path
        });
        if !self.query.is_empty() {
            text.push('?');
            text.push_str(&self.query);
        }
        http::Uri::try_from(text).map_err(|e| RequestError::Http(e.into()))
    }
}

/// `url` with any `user:password@` replaced by `***@`, for messages, logs
/// and `Debug`. Text the URL parser refuses loses everything between
/// `://` (or its start) and its last `@`, whatever the `@` is part of.
pub fn redact_userinfo(url: &str) -> String {
    if let Ok(mut parsed) = Url::parse(url) {
        if parsed.username().is_empty() && parsed.password().is_none() {
            return url.to_owned();
        }
        if parsed.set_password(None).is_ok() && parsed.set_username("***").is_ok() {
            return parsed.into();
        }
    }
    let start = url.find("://").map_or(0, |i| i + 3);
    match url[start..].rfind('@') {
        Some(at) => format!("{}***@{}", &url[..start], &url[start + at + 1..]),
        None => url.to_owned(),
    }
}

/// A URL whose `Debug` and `Display` leave out its `user:password@`
/// (replaced by `***@`): how the generated `Server` and the client show
/// a base URL.
#[derive(Clone, Copy)]
pub struct RedactedUrl<'a>(pub &'a str);

impl std::fmt::Debug for RedactedUrl<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&redact_userinfo(self.0), f)
    }
}

impl std::fmt::Display for RedactedUrl<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redact_userinfo(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(build: impl FnOnce(&mut UrlBuilder)) -> String {
        let mut b = UrlBuilder::new("https://example.com/base/").unwrap();
        build(&mut b);
        b.finish().unwrap().to_string()
    }

    #[test]
    fn parameters_are_percent_encoded_within_one_segment() {
        let u = uri(|b| {
            b.literal("/crm/v7").param("p", "a/b c").unwrap();
            b.literal("/Attachments").query("title", "x & y");
        });
        assert_eq!(
            u,
            "https://example.com/base/crm/v7/a%2Fb%20c/Attachments?title=x+%26+y"
        );
    }

    #[test]
    fn control_characters_and_delimiters_stay_in_their_segment() {
        let u = uri(|b| {
            b.literal("/crm/v7/").param("x", "a\r\nb\tc").unwrap();
            b.literal("/Attachments");
        });
        assert_eq!(
            u,
            "https://example.com/base/crm/v7/a%0D%0Ab%09c/Attachments"
        );
        let u = uri(|b| {
            b.param("v", "...").unwrap().param("w", ".a.").unwrap();
        });
        assert_eq!(u, "https://example.com/base/.../.a.");
    }

    #[test]
    fn empty_and_dot_parameters_are_refused() {
        for value in ["", ".", ".."] {
            let mut b = UrlBuilder::new("https://example.com").unwrap();
            assert!(
                matches!(
                    b.literal("/x/").param("record_id", value),
                    Err(RequestError::InvalidPathParam {
                        name: "record_id",
                        ..
                    })
                ),
                "{value:?}"
            );
        }
    }

    #[test]
    fn bad_base_urls_are_refused_without_their_password() {
        assert!(matches!(
            UrlBuilder::new("not a url"),
            Err(RequestError::InvalidBaseUrl { .. })
        ));
        assert!(matches!(
            UrlBuilder::new("ftp://x"),
            Err(RequestError::InvalidBaseUrl { .. })
        ));
        assert!(matches!(
            UrlBuilder::new("mailto:a@b"),
            Err(RequestError::InvalidBaseUrl { .. })
        ));
        let e = UrlBuilder::new("ftp://user:s3cret@host/").unwrap_err();
        assert!(!e.to_string().contains("s3cret"), "{e}");
        assert_eq!(redact_userinfo("http://u:p@h:1/x@y"), "http://***@h:1/x@y");
        assert_eq!(redact_userinfo("http://h/x"), "http://h/x");
    }

    #[test]
    fn user_info_in_a_base_url_is_never_sent() {
        let b = UrlBuilder::new("http://user:s3cret@127.0.0.1:8080/api").unwrap();
        assert_eq!(b.finish().unwrap(), "http://127.0.0.1:8080/api/");
    }

    #[test]
    fn a_base_url_without_a_path_gets_one() {
        assert_eq!(uri(|_| {}), "https://example.com/base/");
        let b = UrlBuilder::new("http://127.0.0.1:8080").unwrap();
        assert_eq!(b.finish().unwrap(), "http://127.0.0.1:8080/");
    }
}
