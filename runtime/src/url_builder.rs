use url::Url;

use super::RequestError;

/// Builds a request URL from a base URL, literal path pieces, percent-encoded
/// path parameters and query pairs (encoding by the `url` crate).
#[derive(Debug)]
pub struct UrlBuilder {
    url: Url,
}

impl UrlBuilder {
    /// Starts from the server's base URL (an absolute `http(s)` URL).
    pub fn new(base: &str) -> Result<Self, RequestError> {
        let invalid = |reason: &str| RequestError::InvalidBaseUrl {
            url: base.to_owned(),
            reason: reason.to_owned(),
        };
        let url = Url::parse(base).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("a base URL has no query or fragment"));
        }
        Ok(UrlBuilder { url })
    }

    /// Appends literal path text from the spec (`/crm/v7`, `/Attachments`).
    pub fn literal(&mut self, text: &str) -> &mut Self {
        if let Ok(mut segments) = self.url.path_segments_mut() {
            segments.pop_if_empty();
            segments.extend(text.split('/').filter(|s| !s.is_empty()));
        }
        self
    }

    /// Appends one path segment, percent-encoded (a `/` in it stays inside the segment).
    pub fn param(&mut self, value: &str) -> &mut Self {
        if let Ok(mut segments) = self.url.path_segments_mut() {
            segments.pop_if_empty();
            segments.push(value);
        }
        self
    }

    /// Appends a query pair, form-urlencoded.
    pub fn query(&mut self, name: &str, value: &str) -> &mut Self {
        self.url.query_pairs_mut().append_pair(name, value);
        self
    }

    /// The finished URI.
    pub fn finish(self) -> Result<http::Uri, RequestError> {
        let text = String::from(self.url);
        http::Uri::try_from(text).map_err(|e| RequestError::Http(e.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_percent_encoded_within_one_segment() {
        let mut b = UrlBuilder::new("https://example.com/base/").unwrap();
        b.literal("/crm/v7")
            .param("a/b c")
            .literal("/Attachments")
            .query("title", "x & y");
        assert_eq!(
            b.finish().unwrap(),
            "https://example.com/base/crm/v7/a%2Fb%20c/Attachments?title=x+%26+y"
        );
    }

    #[test]
    fn bad_base_urls_are_refused() {
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
    }
}
