//! When a failed exchange is tried again, and after how long: exponential
//! backoff with jitter, or the server's `Retry-After`.

use std::time::Duration;

use crate::TransportErrorKind;

/// How a [`Client`](crate::Client) tries a request again. The default: 3
/// attempts in all, backoff from 500 ms doubling up to 30 s with jitter,
/// `Retry-After` honoured up to 2 minutes.
///
/// What is tried again, whatever the policy: a 429 (the server did not
/// process the request) and a connection that could not be made (nothing
/// was sent), for every method; a 502, 503 or 504, a timeout, a broken
/// response or a body cut short only for idempotent methods (`GET`, `HEAD`,
/// `OPTIONS`, `PUT`, `DELETE`), where a second try cannot do the work twice.
/// A request whose body streams from a file or reader is sent once: it
/// cannot be read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub enum Attempt {
    /// A response with this status.
    Status(http::StatusCode),
    /// No usable response.
    Failed(TransportErrorKind),
}

impl RetryPolicy {
    /// One attempt, never another.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles for each next one.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` waited for; a longer one ends the request
    /// with the response that asked for it.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// Attempts in all.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether `attempt` may be followed by another for a request of
    /// `method` (the attempt count and the body aside).
    pub fn is_retryable(method: &http::Method, attempt: Attempt) -> bool {
        let idempotent = matches!(
            *method,
            http::Method::GET
                | http::Method::HEAD
                | http::Method::OPTIONS
                | http::Method::PUT
                | http::Method::DELETE
        );
        match attempt {
            Attempt::Status(s) if s == http::StatusCode::TOO_MANY_REQUESTS => true,
            Attempt::Status(s) => idempotent && matches!(s.as_u16(), 502..=504),
            Attempt::Failed(TransportErrorKind::Connect) => true,
            Attempt::Failed(
                TransportErrorKind::Timeout
                | TransportErrorKind::Protocol
                | TransportErrorKind::ResponseBody
                | TransportErrorKind::Other,
            ) => idempotent,
            Attempt::Failed(_) => false,
        }
    }

    /// How long to wait before retry number `retry` (1 for the first), or
    /// `None` when the policy allows no more: the server's `retry_after` when
    /// it gave one (and it is not longer than the policy waits), otherwise
    /// the backoff, half of it fixed and half random ("equal jitter").
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if retry >= self.max_attempts {
            return None;
        }
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let backoff = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = backoff / 2;
        let jitter = half.mul_f64(rand::random::<f64>());
        Some(half + jitter)
    }
}

/// The wait a `Retry-After` header asks for: delay seconds, or an HTTP date
/// (a date in the past is no wait).
pub fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = std::time::UNIX_EPOCH + Duration::from_secs(u64::try_from(date.timestamp()).ok()?);
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::Method;

    #[test]
    fn what_is_retried_depends_on_the_method() {
        let status = |s: u16| Attempt::Status(http::StatusCode::from_u16(s).unwrap());
        for method in [Method::GET, Method::POST, Method::PATCH] {
            assert!(RetryPolicy::is_retryable(&method, status(429)));
            assert!(RetryPolicy::is_retryable(
                &method,
                Attempt::Failed(TransportErrorKind::Connect)
            ));
            assert!(!RetryPolicy::is_retryable(&method, status(200)));
            assert!(!RetryPolicy::is_retryable(&method, status(400)));
            assert!(!RetryPolicy::is_retryable(&method, status(500)));
            assert!(!RetryPolicy::is_retryable(
                &method,
                Attempt::Failed(TransportErrorKind::ResponseTooLarge)
            ));
        }
        assert!(RetryPolicy::is_retryable(&Method::GET, status(503)));
        assert!(!RetryPolicy::is_retryable(&Method::POST, status(503)));
        assert!(RetryPolicy::is_retryable(
            &Method::PUT,
            Attempt::Failed(TransportErrorKind::Timeout)
        ));
        assert!(!RetryPolicy::is_retryable(
            &Method::POST,
            Attempt::Failed(TransportErrorKind::Timeout)
        ));
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_limit() {
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .initial_backoff(Duration::from_millis(400))
            .max_backoff(Duration::from_secs(2));
        for _ in 0..100 {
            let first = policy.delay(1, None).unwrap();
            assert!((200..=400).contains(&first.as_millis()), "{first:?}");
            let second = policy.delay(2, None).unwrap();
            assert!((400..=800).contains(&second.as_millis()), "{second:?}");
            let late = policy.delay(9, None).unwrap();
            assert!((1000..=2000).contains(&late.as_millis()), "{late:?}");
        }
        assert_eq!(policy.delay(10, None), None, "no 11th attempt");
        assert_eq!(RetryPolicy::never().delay(1, None), None);
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_policy_limit() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(60));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(7))),
            Some(Duration::from_secs(7))
        );
        assert_eq!(policy.delay(1, Some(Duration::from_secs(61))), None);
        let mut headers = http::HeaderMap::new();
        headers.insert("retry-after", "12".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(12)));
        headers.insert(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO), "in the past");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let soon = chrono::DateTime::from_timestamp(now + 30, 0)
            .unwrap()
            .to_rfc2822();
        headers.insert("retry-after", soon.parse().unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!((28..=30).contains(&wait.as_secs()), "{wait:?}");
        headers.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }
}
