//! The rate limits a server reports in response headers.
//!
//! Every API's responses are read for the IETF fields of
//! draft-ietf-httpapi-ratelimit-headers (`RateLimit-Policy: "burst";q=100;w=60`
//! and `RateLimit: "burst";r=42;t=30`, Structured Field Values parsed by the
//! `sfv` crate). An API whose vendor sends other headers declares them in
//! its spec (`rate_limits:`), and its generated module hands them to the
//! runtime as [`RateLimitHeaders`]; this module knows no vendor's names.

use std::time::Duration;

/// How an API names its rate-limit headers, beyond the IETF fields (which
/// are always read): one [`QuotaHeaders`] per quota the vendor reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitHeaders {
    /// The quotas, by the vendor's names.
    pub quotas: &'static [QuotaHeaders],
}

/// The headers of one quota (all optional: a vendor may report only what
/// is left).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaHeaders {
    /// The quota's name (`burst`, `daily`), as [`Quota::name`].
    pub name: &'static str,
    /// The header giving how many requests the quota allows.
    pub limit: Option<&'static str>,
    /// The header giving how many are left.
    pub remaining: Option<&'static str>,
    /// The header giving the quota's window.
    pub window: Option<DurationHeader>,
    /// The header giving when the quota resets, from now.
    pub reset: Option<DurationHeader>,
}

/// A header holding a duration as a number of `unit`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationHeader {
    /// The header's name.
    pub name: &'static str,
    /// What one unit of its number is.
    pub unit: TimeUnit,
}

/// The unit of a duration header's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Seconds.
    Seconds,
    /// Milliseconds.
    Milliseconds,
}

impl TimeUnit {
    fn duration(self, n: u64) -> Duration {
        match self {
            TimeUnit::Seconds => Duration::from_secs(n),
            TimeUnit::Milliseconds => Duration::from_millis(n),
        }
    }
}

impl RateLimitHeaders {
    /// No headers but the IETF fields.
    pub const IETF: RateLimitHeaders = RateLimitHeaders { quotas: &[] };

    /// The rate limits `headers` report, IETF fields first, then the
    /// quotas declared here; `None` when there are none. A quota whose
    /// headers are absent or not numbers is left out; a field that is not
    /// valid Structured Field syntax is ignored, never an error (the
    /// response itself is still delivered).
    pub fn read(&self, headers: &http::HeaderMap) -> Option<RateLimit> {
        let mut quotas = ietf(headers);
        let number = |name: Option<&str>| -> Option<u64> {
            headers.get(name?)?.to_str().ok()?.trim().parse().ok()
        };
        for declared in self.quotas {
            let quota = Quota {
                name: declared.name.to_owned(),
                limit: number(declared.limit),
                remaining: number(declared.remaining),
                window: declared
                    .window
                    .and_then(|h| Some(h.unit.duration(number(Some(h.name))?))),
                reset: declared
                    .reset
                    .and_then(|h| Some(h.unit.duration(number(Some(h.name))?))),
            };
            if quota.limit.is_some()
                || quota.remaining.is_some()
                || quota.window.is_some()
                || quota.reset.is_some()
            {
                quotas.push(quota);
            }
        }
        (!quotas.is_empty()).then_some(RateLimit { quotas })
    }
}

impl Default for RateLimitHeaders {
    fn default() -> Self {
        RateLimitHeaders::IETF
    }
}

/// The rate limits one response reported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Each quota reported, in the order read.
    pub quotas: Vec<Quota>,
}

impl RateLimit {
    /// The quota named `name`.
    pub fn quota(&self, name: &str) -> Option<&Quota> {
        self.quotas.iter().find(|q| q.name == name)
    }

    /// The fewest requests left in any quota.
    pub fn remaining(&self) -> Option<u64> {
        self.quotas.iter().filter_map(|q| q.remaining).min()
    }
}

/// One quota: how many requests a window allows, how many are left, and
/// when it resets. Each part is `None` when the response did not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quota {
    /// The policy's name (the IETF field's item, or the spec's quota name).
    pub name: String,
    /// Requests allowed per window.
    pub limit: Option<u64>,
    /// Requests left in this window.
    pub remaining: Option<u64>,
    /// The window.
    pub window: Option<Duration>,
    /// Time until the quota resets.
    pub reset: Option<Duration>,
}

/// Longest field read: a rate-limit field is a few dozen bytes.
const MAX_FIELD_BYTES: usize = 4096;

/// The most policies read from the IETF fields of one response: a real API
/// reports a handful (HighLevel two, GitHub one per resource kind). Names
/// past this many are ignored, so that a response cannot make the client
/// keep (or look through) thousands.
pub const MAX_RATE_LIMIT_POLICIES: usize = 16;

/// `RateLimit-Policy` (quota `q`, window `w`) and `RateLimit` (remaining
/// `r`, reset `t`), joined by policy name: linear in the fields' size, with
/// at most [`MAX_RATE_LIMIT_POLICIES`] policies kept (the first named).
fn ietf(headers: &http::HeaderMap) -> Vec<Quota> {
    let mut quotas: Vec<Quota> = Vec::new();
    // Policy name to its place in `quotas`: one lookup per item.
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (field, is_policy) in [("ratelimit-policy", true), ("ratelimit", false)] {
        for value in headers.get_all(field) {
            let bytes = value.as_bytes();
            if bytes.len() > MAX_FIELD_BYTES {
                continue;
            }
            let Ok(list) = sfv::Parser::new(bytes).parse::<sfv::List>() else {
                continue;
            };
            for member in list {
                let sfv::ListEntry::Item(item) = member else {
                    continue;
                };
                let Some(name) = item.bare_item.as_string() else {
                    continue;
                };
                let i = match index.get(name.as_str()) {
                    Some(&i) => i,
                    None if quotas.len() < MAX_RATE_LIMIT_POLICIES => {
                        index.insert(name.as_str().to_owned(), quotas.len());
                        quotas.push(Quota {
                            name: name.as_str().to_owned(),
                            ..Quota::default()
                        });
                        quotas.len() - 1
                    }
                    None => continue,
                };
                let param = |key: &str| -> Option<u64> {
                    let (_, value) = item.params.iter().find(|(k, _)| k.as_str() == key)?;
                    u64::try_from(i64::from(value.as_integer()?)).ok()
                };
                let quota = &mut quotas[i];
                if is_policy {
                    quota.limit = quota.limit.or(param("q"));
                    quota.window = quota.window.or(param("w").map(Duration::from_secs));
                } else {
                    quota.remaining = quota.remaining.or(param("r"));
                    quota.reset = quota.reset.or(param("t").map(Duration::from_secs));
                }
            }
        }
    }
    quotas
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn reads_the_ietf_fields_by_default() {
        let h = headers(&[
            (
                "RateLimit-Policy",
                r#""burst";q=100;w=60, "daily";q=1000;w=86400"#,
            ),
            ("RateLimit", r#""burst";r=42;t=30"#),
            ("RateLimit", r#""daily";r=900;t=3600"#),
        ]);
        let limit = RateLimitHeaders::IETF.read(&h).unwrap();
        assert_eq!(
            limit.quota("burst"),
            Some(&Quota {
                name: "burst".into(),
                limit: Some(100),
                remaining: Some(42),
                window: Some(Duration::from_secs(60)),
                reset: Some(Duration::from_secs(30)),
            })
        );
        assert_eq!(limit.quota("daily").unwrap().remaining, Some(900));
        assert_eq!(limit.remaining(), Some(42));
    }

    #[test]
    fn malformed_ietf_fields_are_ignored() {
        let h = headers(&[
            ("RateLimit", "not a (list"),
            ("RateLimit-Policy", r#""p";q=-5;w=abc"#),
        ]);
        assert_eq!(
            RateLimitHeaders::IETF.read(&h).unwrap().quotas,
            vec![Quota {
                name: "p".into(),
                ..Quota::default()
            }]
        );
        assert_eq!(RateLimitHeaders::IETF.read(&http::HeaderMap::new()), None);
    }

    #[test]
    fn reads_the_declared_headers() {
        const DECLARED: RateLimitHeaders = RateLimitHeaders {
            quotas: &[
                QuotaHeaders {
                    name: "burst",
                    limit: Some("X-Quota-Max"),
                    remaining: Some("X-Quota-Left"),
                    window: Some(DurationHeader {
                        name: "X-Quota-Window-Ms",
                        unit: TimeUnit::Milliseconds,
                    }),
                    reset: None,
                },
                QuotaHeaders {
                    name: "daily",
                    limit: Some("X-Daily-Max"),
                    remaining: Some("X-Daily-Left"),
                    window: None,
                    reset: None,
                },
            ],
        };
        let h = headers(&[
            ("X-Quota-Max", "100"),
            ("X-Quota-Left", "42"),
            ("X-Quota-Window-Ms", "10000"),
            ("X-Daily-Left", "oops"),
        ]);
        assert_eq!(
            DECLARED.read(&h),
            Some(RateLimit {
                quotas: vec![Quota {
                    name: "burst".into(),
                    limit: Some(100),
                    remaining: Some(42),
                    window: Some(Duration::from_secs(10)),
                    reset: None,
                }]
            })
        );
        assert_eq!(DECLARED.read(&http::HeaderMap::new()), None);
    }
}
