//! The rate limits a vendor reports in response headers.

use std::time::Duration;

/// Rate-limit state from a response's headers, as HighLevel sends them
/// (`X-RateLimit-Max`, `X-RateLimit-Remaining`,
/// `X-RateLimit-Interval-Milliseconds` for the burst limit,
/// `X-RateLimit-Limit-Daily`, `X-RateLimit-Daily-Remaining` for the day).
/// Each field is `None` when its header is absent or not a number.
///
/// Source: HighLevel `docs/oauth/Authorization.md` (100 requests per 10
/// seconds, 200,000 per day, per app and resource).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per burst interval.
    pub burst_limit: Option<u64>,
    /// Requests left in the current burst interval.
    pub burst_remaining: Option<u64>,
    /// The burst interval.
    pub burst_interval: Option<Duration>,
    /// Requests allowed per day.
    pub daily_limit: Option<u64>,
    /// Requests left today.
    pub daily_remaining: Option<u64>,
}

impl RateLimit {
    /// The rate-limit headers of a response; `None` when it has none.
    pub fn from_headers(headers: &http::HeaderMap) -> Option<RateLimit> {
        let number =
            |name: &str| -> Option<u64> { headers.get(name)?.to_str().ok()?.trim().parse().ok() };
        let limit = RateLimit {
            burst_limit: number("x-ratelimit-max"),
            burst_remaining: number("x-ratelimit-remaining"),
            burst_interval: number("x-ratelimit-interval-milliseconds").map(Duration::from_millis),
            daily_limit: number("x-ratelimit-limit-daily"),
            daily_remaining: number("x-ratelimit-daily-remaining"),
        };
        (limit != RateLimit::default()).then_some(limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_highlevel_headers() {
        let mut h = http::HeaderMap::new();
        assert_eq!(RateLimit::from_headers(&h), None);
        h.insert("X-RateLimit-Max", "100".parse().unwrap());
        h.insert("X-RateLimit-Remaining", "42".parse().unwrap());
        h.insert(
            "X-RateLimit-Interval-Milliseconds",
            "10000".parse().unwrap(),
        );
        h.insert("X-RateLimit-Limit-Daily", "200000".parse().unwrap());
        h.insert("X-RateLimit-Daily-Remaining", "oops".parse().unwrap());
        assert_eq!(
            RateLimit::from_headers(&h),
            Some(RateLimit {
                burst_limit: Some(100),
                burst_remaining: Some(42),
                burst_interval: Some(Duration::from_secs(10)),
                daily_limit: Some(200_000),
                daily_remaining: None,
            })
        );
    }
}
