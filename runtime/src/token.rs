//! Where a client's access token comes from: a static token, or an OAuth 2.0
//! refresh flow that renews it before it expires, one refresh at a time
//! however many requests wait for it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::oauth::Refresh;
use crate::{AccessToken, BoxFuture, TokenError, TokenSource};

/// A token renewed by a [`Refresh`] flow when it has expired (a minute
/// early, so that a request does not leave with a token that expires on
/// the way) or when the vendor refused it. Concurrent requests share one
/// refresh: the first waits for it, the others wait for the first.
pub struct RefreshingToken<R> {
    refresh: R,
    current: Mutex<Option<Held>>,
    gate: tokio::sync::Mutex<()>,
    early: Duration,
}

/// The token at hand: when it expires, and when it is renewed.
struct Held {
    token: AccessToken,
    /// When it is renewed: its expiry, less the early margin (at most half
    /// its lifetime, so that a token living a minute or less is still used).
    renew_at: Instant,
}

/// The longest lifetime believed: a token answer claiming more (2^63
/// seconds, say) is renewed after a year rather than overflowing a clock.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);

impl Held {
    fn new(token: AccessToken, expires_in: Duration, early: Duration) -> Self {
        let life = expires_in.min(MAX_TOKEN_LIFETIME);
        let now = Instant::now();
        Held {
            token,
            renew_at: now + life.saturating_sub(early.min(life / 2)),
        }
    }
}

impl<R: Refresh> RefreshingToken<R> {
    /// Renews with `refresh`, first when a token is asked for.
    pub fn new(refresh: R) -> Self {
        RefreshingToken {
            refresh,
            current: Mutex::new(None),
            gate: tokio::sync::Mutex::new(()),
            early: Duration::from_secs(60),
        }
    }

    /// Starts from a token already at hand, valid for `expires_in`.
    pub fn with_token(self, token: AccessToken, expires_in: Duration) -> Self {
        *self.lock() = Some(Held::new(token, expires_in, self.early));
        self
    }

    /// How long before expiry a token is renewed (default one minute; at
    /// most half a token's lifetime, so that a token living a minute or
    /// less is used before it is renewed, not renewed before each request).
    pub fn renew_early(mut self, early: Duration) -> Self {
        self.early = early;
        self
    }

    /// The flow.
    pub fn flow(&self) -> &R {
        &self.refresh
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Held>> {
        self.current.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn valid(&self) -> Option<AccessToken> {
        match &*self.lock() {
            Some(held) if Instant::now() < held.renew_at => Some(held.token.clone()),
            _ => None,
        }
    }
}

impl<R: Refresh> TokenSource for RefreshingToken<R> {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, TokenError>> {
        Box::pin(async move {
            if let Some(token) = self.valid() {
                return Ok(token);
            }
            let _one_at_a_time = self.gate.lock().await;
            // Renewed while this request waited for the gate.
            if let Some(token) = self.valid() {
                return Ok(token);
            }
            let fresh = self.refresh.refresh().await?;
            let token = fresh.access_token.clone();
            *self.lock() = Some(Held::new(fresh.access_token, fresh.expires_in, self.early));
            Ok(token)
        })
    }

    fn refused(&self, token: &AccessToken) -> bool {
        let mut current = self.lock();
        if current
            .as_ref()
            .is_some_and(|held| held.token.same_as(token))
        {
            *current = None;
        }
        true
    }
}
