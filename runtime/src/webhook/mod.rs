//! Verifying the events a vendor sends (webhooks), framework-agnostic and
//! sans-IO: [`Verifier::verify`] takes the request's headers, its raw body
//! and the time, and checks, in this order, before anything is parsed into
//! a type:
//! 1. the body's size (a bound, so that a huge body costs nothing);
//! 2. the signature header, decoded, against each of the vendor's public
//!    keys (more than one during a key rotation), on the raw bytes;
//! 3. the body is JSON;
//! 4. the payload's timestamp is inside the window, allowing for clock skew;
//! 5. the payload's id was not seen before (a [`ReplayStore`], bounded and
//!    in memory by default), recorded only once everything else passed, so
//!    that unsigned requests cannot fill the store.
//!
//! Each API's generated `webhooks` module sets a verifier up as its spec
//! says (header, keys, fields, window) and turns the payload into its typed
//! `Event`. Nothing here knows a vendor. The cryptography is the `rsa`
//! crate's (RSASSA-PKCS1-v1_5 with SHA-256, RFC 8017 §8.2), never our own;
//! verifying compares no secret, so there is no comparison to make
//! constant-time.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use rsa::pkcs8::DecodePublicKey as _;
use rsa::signature::Verifier as _;

/// The largest body read by default (1 MiB).
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;
/// The default window a payload's timestamp must fall in (5 minutes).
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(300);
/// How long an integration waits for a delivery's whole body by default
/// (10 seconds: a webhook body is at most [`DEFAULT_MAX_BODY`] by default).
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// The default clock skew allowed on top of the window (30 seconds).
pub const DEFAULT_SKEW: Duration = Duration::from_secs(30);

/// Checks deliveries: see the [module docs](self).
pub struct Verifier {
    header: String,
    keys: Vec<rsa::pkcs1v15::VerifyingKey<sha2::Sha256>>,
    max_body: usize,
    timestamp_field: Option<String>,
    window: Duration,
    skew: Duration,
    id_field: Option<String>,
    store: Arc<dyn ReplayStore>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("header", &self.header)
            .field("keys", &self.keys.len())
            .field("max_body", &self.max_body)
            .field("timestamp_field", &self.timestamp_field)
            .field("window", &self.window)
            .field("id_field", &self.id_field)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier of signatures in `header` (base64 RSA SHA-256) made with
    /// one of `public_keys` (PEM, SubjectPublicKeyInfo: `-----BEGIN PUBLIC
    /// KEY-----`). A key that does not parse is an error naming which.
    pub fn new<'k>(
        header: &str,
        public_keys: impl IntoIterator<Item = &'k str>,
    ) -> Result<Self, WebhookError> {
        let keys = public_keys
            .into_iter()
            .enumerate()
            .map(|(i, pem)| parse_key(i, pem))
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(WebhookError::Key("no public key given".to_owned()));
        }
        Ok(Verifier {
            header: header.to_ascii_lowercase(),
            keys,
            max_body: DEFAULT_MAX_BODY,
            timestamp_field: None,
            window: DEFAULT_WINDOW,
            skew: DEFAULT_SKEW,
            id_field: None,
            store: Arc::new(MemoryStore::default()),
        })
    }

    /// The largest body read ([`DEFAULT_MAX_BODY`] by default).
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The payload's field holding when it was sent (RFC 3339 text, or Unix
    /// seconds or milliseconds); deliveries outside `window` (plus the
    /// skew) of now are refused.
    pub fn timestamp(mut self, field: &str, window: Duration) -> Self {
        self.timestamp_field = Some(field.to_owned());
        self.window = window;
        self
    }

    /// The clock skew allowed on top of the window ([`DEFAULT_SKEW`]).
    pub fn skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// The payload's field holding the delivery's id: a repeated id is
    /// refused as a replay.
    pub fn replay_id(mut self, field: &str) -> Self {
        self.id_field = Some(field.to_owned());
        self
    }

    /// Where seen ids are kept (a bounded [`MemoryStore`] by default; a
    /// shared store for several processes).
    pub fn store(mut self, store: Arc<dyn ReplayStore>) -> Self {
        self.store = store;
        self
    }

    /// Checks a delivery and returns its payload; see the [module docs](self).
    pub fn verify(
        &self,
        headers: &http::HeaderMap,
        raw_body: &[u8],
        now: SystemTime,
    ) -> Result<serde_json::Value, WebhookError> {
        if raw_body.len() > self.max_body {
            return Err(WebhookError::TooLarge {
                limit: self.max_body,
                len: raw_body.len(),
            });
        }
        let mut values = headers.get_all(self.header.as_str()).iter();
        let (Some(value), None) = (values.next(), values.next()) else {
            return Err(WebhookError::MissingSignature {
                header: self.header.clone(),
            });
        };
        let signature = value
            .to_str()
            .ok()
            .and_then(|text| {
                base64::engine::general_purpose::STANDARD
                    .decode(text.trim())
                    .ok()
            })
            .and_then(|bytes| rsa::pkcs1v15::Signature::try_from(bytes.as_slice()).ok())
            .ok_or(WebhookError::MalformedSignature {
                header: self.header.clone(),
            })?;
        if !self
            .keys
            .iter()
            .any(|key| key.verify(raw_body, &signature).is_ok())
        {
            return Err(WebhookError::BadSignature);
        }
        let payload: serde_json::Value =
            serde_json::from_slice(raw_body).map_err(|e| WebhookError::NotJson(e.to_string()))?;
        if let Some(field) = &self.timestamp_field {
            let value = payload
                .get(field)
                .ok_or_else(|| WebhookError::MissingField {
                    field: field.clone(),
                })?;
            let sent = timestamp(value).ok_or_else(|| WebhookError::BadTimestamp {
                field: field.clone(),
            })?;
            let limit = self.window.saturating_add(self.skew);
            match now.duration_since(sent) {
                Ok(age) if age > limit => return Err(WebhookError::Stale { age, limit }),
                Err(ahead) if ahead.duration() > self.skew => {
                    return Err(WebhookError::FromTheFuture {
                        ahead: ahead.duration(),
                        skew: self.skew,
                    })
                }
                _ => {}
            }
        }
        if let Some(field) = &self.id_field {
            let (id, key) = match payload.get(field) {
                Some(serde_json::Value::String(id)) if !id.is_empty() => {
                    (id.clone(), store_key(id))
                }
                Some(serde_json::Value::Number(n)) => (n.to_string(), format!("#{n}")),
                _ => {
                    return Err(WebhookError::MissingField {
                        field: field.clone(),
                    })
                }
            };
            // Kept as long as a replay could pass the timestamp check.
            let keep_for = self.window.saturating_add(self.skew.saturating_mul(2));
            if !self.store.first_seen(&key, keep_for, now) {
                return Err(WebhookError::Replayed { id });
            }
        }
        Ok(payload)
    }
}

/// The key a delivery id of text is kept under: the text itself, with a
/// second `#` before one that starts with `#`, since a numeric id is kept
/// as `#` and its digits: `12345` and `"12345"` are two deliveries, and
/// no text can pass for a number.
fn store_key(id: &str) -> String {
    if id.starts_with('#') {
        format!("#{id}")
    } else {
        id.to_owned()
    }
}

fn parse_key(
    index: usize,
    pem: &str,
) -> Result<rsa::pkcs1v15::VerifyingKey<sha2::Sha256>, WebhookError> {
    let key = rsa::RsaPublicKey::from_public_key_pem(pem.trim())
        .map_err(|e| WebhookError::Key(format!("public key {}: {e}", index + 1)))?;
    Ok(rsa::pkcs1v15::VerifyingKey::new(key))
}

/// RFC 3339 text, or a Unix time in seconds (or milliseconds, when too
/// large for seconds of this era).
fn timestamp(value: &serde_json::Value) -> Option<SystemTime> {
    match value {
        serde_json::Value::String(text) => {
            let at = chrono::DateTime::parse_from_rfc3339(text).ok()?;
            let millis = u64::try_from(at.timestamp_millis()).ok()?;
            SystemTime::UNIX_EPOCH.checked_add(Duration::from_millis(millis))
        }
        serde_json::Value::Number(n) => {
            let n = n.as_u64()?;
            let d = if n > 100_000_000_000 {
                Duration::from_millis(n)
            } else {
                Duration::from_secs(n)
            };
            SystemTime::UNIX_EPOCH.checked_add(d)
        }
        _ => None,
    }
}

/// Why a delivery was refused. No variant quotes the signature or the
/// body: they may be an attacker's, and land in logs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is larger than the verifier reads.
    TooLarge {
        /// The verifier's limit.
        limit: usize,
        /// The body's length.
        len: usize,
    },
    /// The signature header is absent (or sent more than once).
    MissingSignature {
        /// The header.
        header: String,
    },
    /// The signature header is not base64 of a signature.
    MalformedSignature {
        /// The header.
        header: String,
    },
    /// The signature was not made by any of the keys over this body.
    BadSignature,
    /// The signed body is not JSON.
    NotJson(String),
    /// The body could not be read (the connection failed or was cut).
    Unreadable(String),
    /// The body did not arrive in time (see
    /// [`Receive::body_timeout`]).
    BodyTimeout {
        /// How long it was waited for.
        after: Duration,
    },
    /// The payload lacks a field the checks need (its timestamp or id).
    MissingField {
        /// The field.
        field: String,
    },
    /// The timestamp field is neither RFC 3339 text nor a Unix time.
    BadTimestamp {
        /// The field.
        field: String,
    },
    /// Sent longer ago than the window allows: perhaps a replay.
    Stale {
        /// How long ago it was sent.
        age: Duration,
        /// The window plus the skew.
        limit: Duration,
    },
    /// Sent later than now by more than the skew allows.
    FromTheFuture {
        /// By how much.
        ahead: Duration,
        /// The skew allowed.
        skew: Duration,
    },
    /// This delivery id was seen before.
    Replayed {
        /// The id.
        id: String,
    },
    /// A public key does not parse.
    Key(String),
    /// The payload of a known event does not fit its type; `payload` in
    /// the typed event keeps it (see the generated `Event::Malformed`).
    Payload {
        /// The event.
        event: String,
        /// What did not fit.
        message: String,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::TooLarge { limit, len } => {
                write!(f, "the body has {len} bytes, more than the {limit} read")
            }
            WebhookError::MissingSignature { header } => {
                write!(f, "the signature header `{header}` is missing or repeated")
            }
            WebhookError::MalformedSignature { header } => {
                write!(
                    f,
                    "the signature header `{header}` is not a base64 signature"
                )
            }
            WebhookError::BadSignature => {
                f.write_str("the signature does not match the body under any of the keys")
            }
            WebhookError::NotJson(e) => write!(f, "the signed body is not JSON: {e}"),
            WebhookError::Unreadable(e) => write!(f, "the body could not be read: {e}"),
            WebhookError::BodyTimeout { after } => {
                write!(f, "the body did not arrive within {after:?}")
            }
            WebhookError::MissingField { field } => {
                write!(f, "the payload has no `{field}`")
            }
            WebhookError::BadTimestamp { field } => {
                write!(f, "the payload's `{field}` is not a time")
            }
            WebhookError::Stale { age, limit } => write!(
                f,
                "sent {}s ago, longer than the {}s allowed",
                age.as_secs(),
                limit.as_secs()
            ),
            WebhookError::FromTheFuture { ahead, skew } => write!(
                f,
                "sent {}s in the future, more than the {}s of clock skew allowed",
                ahead.as_secs(),
                skew.as_secs()
            ),
            WebhookError::Replayed { id } => write!(f, "the delivery `{id}` was seen before"),
            WebhookError::Key(e) => write!(f, "cannot read the public key: {e}"),
            WebhookError::Payload { event, message } => {
                write!(f, "the `{event}` payload does not fit its type: {message}")
            }
        }
    }
}

impl std::error::Error for WebhookError {}

/// What a generated `Receiver` does, for integrations that work with any
/// API's events (such as `axum::Webhook`, with the `webhooks-axum` feature).
pub trait Receive: Send + Sync + 'static {
    /// The API's typed event.
    type Event;
    /// The largest body read.
    fn max_body(&self) -> usize;
    /// How long reading the whole body may take ([`DEFAULT_BODY_TIMEOUT`]
    /// unless the receiver says otherwise): a sender that announces a body
    /// and stops sending it is answered, and its connection freed.
    fn body_timeout(&self) -> Duration {
        DEFAULT_BODY_TIMEOUT
    }
    /// Checks a delivery on its raw body and types it.
    fn receive(
        &self,
        headers: &http::HeaderMap,
        raw_body: &[u8],
        now: SystemTime,
    ) -> Result<Self::Event, WebhookError>;
}

#[cfg(feature = "webhooks-axum")]
pub mod axum;

/// Remembers delivery ids, to refuse replays.
pub trait ReplayStore: Send + Sync {
    /// Records `id`, seen at `now`, for `keep_for`; `false` if it was
    /// already there and had not expired.
    fn first_seen(&self, id: &str, keep_for: Duration, now: SystemTime) -> bool;
}

/// A [`ReplayStore`] in memory holding at most `capacity` ids (100,000 by
/// default): expired ids go first, then the oldest. An id pushed out by a
/// flood of newer deliveries within the window could be replayed: size it
/// for the vendor's rate, or use a shared store.
#[derive(Debug)]
pub struct MemoryStore {
    capacity: usize,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    /// Each id: when it was seen, and for how long it is kept.
    ids: HashMap<String, (SystemTime, Duration)>,
    /// Ids in the order seen, with when: an id seen again after it expired
    /// is here twice, and only its newest entry stands for it.
    order: VecDeque<(String, SystemTime)>,
}

/// Whether an id seen at `at` and kept for `keep_for` has expired at `now`
/// (a clock that went back keeps it); no addition, so no overflow.
fn expired((at, keep_for): (SystemTime, Duration), now: SystemTime) -> bool {
    now.duration_since(at).is_ok_and(|age| age >= keep_for)
}

impl MemoryStore {
    /// A store of at most `capacity` ids (at least one).
    pub fn new(capacity: usize) -> Self {
        MemoryStore {
            capacity: capacity.max(1),
            seen: Mutex::new(Seen::default()),
        }
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        MemoryStore::new(100_000)
    }
}

impl ReplayStore for MemoryStore {
    fn first_seen(&self, id: &str, keep_for: Duration, now: SystemTime) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.ids.get(id).is_some_and(|kept| !expired(*kept, now)) {
            return false;
        }
        // Drop expired ids from the front (oldest first), then the oldest
        // while full; an older entry of an id seen again is only dropped.
        while let Some((front, at)) = seen.order.front().cloned() {
            match seen.ids.get(&front).copied() {
                Some(kept) if kept.0 == at => {
                    if expired(kept, now) || seen.ids.len() >= self.capacity {
                        seen.ids.remove(&front);
                    } else {
                        break;
                    }
                }
                _ => {}
            }
            seen.order.pop_front();
        }
        seen.ids.insert(id.to_owned(), (now, keep_for));
        seen.order.push_back((id.to_owned(), now));
        true
    }
}

/// Signs deliveries as a vendor would, for tests of receiving code, with a
/// fixed RSA key pair made for tests only ([`TestSigner::PUBLIC_KEY`]):
/// install the public key in the code under test, send what `sign` signs.
#[cfg(feature = "mock")]
pub struct TestSigner {
    key: rsa::pkcs1v15::SigningKey<sha2::Sha256>,
}

#[cfg(feature = "mock")]
impl TestSigner {
    /// The test key pair's public key (PEM): never a vendor's.
    pub const PUBLIC_KEY: &'static str = include_str!("test_key.pub.pem");

    /// The signer of the test key pair.
    pub fn new() -> Self {
        use rsa::pkcs8::DecodePrivateKey as _;
        let key = rsa::RsaPrivateKey::from_pkcs8_pem(include_str!("test_key.pem"))
            .expect("the test key in the crate parses");
        TestSigner {
            key: rsa::pkcs1v15::SigningKey::new(key),
        }
    }

    /// The base64 signature of `body`, for the vendor's signature header.
    pub fn sign(&self, body: &[u8]) -> String {
        use rsa::signature::{SignatureEncoding as _, Signer as _};
        base64::engine::general_purpose::STANDARD.encode(self.key.sign(body).to_bytes())
    }

    /// Delivers `body` to the consumer's `endpoint` as the vendor would: a
    /// JSON `POST` signed in `header`. Returns the endpoint's status; an
    /// error when it cannot be reached.
    pub async fn deliver(
        &self,
        endpoint: &str,
        header: &str,
        body: &[u8],
    ) -> Result<http::StatusCode, String> {
        let response = reqwest::Client::new()
            .post(endpoint)
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(header, self.sign(body))
            .body(body.to_vec())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        Ok(response.status())
    }
}

#[cfg(feature = "mock")]
impl Default for TestSigner {
    fn default() -> Self {
        TestSigner::new()
    }
}

#[cfg(all(test, feature = "mock"))]
mod tests {
    use super::*;

    const T0: Duration = Duration::from_secs(1_738_075_000);

    fn signed(body: &str) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        h.insert(
            "x-sig",
            TestSigner::new().sign(body.as_bytes()).parse().unwrap(),
        );
        h
    }

    fn verifier() -> Verifier {
        Verifier::new("X-Sig", [TestSigner::PUBLIC_KEY])
            .unwrap()
            .timestamp("timestamp", Duration::from_secs(300))
            .replay_id("webhookId")
    }

    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + T0
    }

    fn body(ts: &str, id: &str) -> String {
        format!(r#"{{"type":"ContactCreate","timestamp":"{ts}","webhookId":"{id}"}}"#)
    }

    #[test]
    fn a_signed_fresh_delivery_passes_once() {
        let v = verifier();
        let b = body("2025-01-28T14:36:40Z", "a1");
        let payload = v.verify(&signed(&b), b.as_bytes(), now()).unwrap();
        assert_eq!(payload["type"], "ContactCreate");
        assert_eq!(
            v.verify(&signed(&b), b.as_bytes(), now()),
            Err(WebhookError::Replayed { id: "a1".into() })
        );
    }

    #[test]
    fn every_tampering_is_refused() {
        let v = verifier();
        let b = body("2025-01-28T14:36:40Z", "b1");
        let headers = signed(&b);
        // One byte changed, one byte added, one removed.
        let changed = b.replace("Contact", "Kontact");
        assert_eq!(
            v.verify(&headers, changed.as_bytes(), now()),
            Err(WebhookError::BadSignature)
        );
        let longer = format!("{b} ");
        assert_eq!(
            v.verify(&headers, longer.as_bytes(), now()),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            v.verify(&headers, &b.as_bytes()[1..], now()),
            Err(WebhookError::BadSignature)
        );
        // The signature itself flipped, cut, not base64, absent, repeated.
        let sig = headers["x-sig"].to_str().unwrap().to_owned();
        let mut flipped = sig.clone().into_bytes();
        flipped[10] = if flipped[10] == b'A' { b'B' } else { b'A' };
        for bad in [String::from_utf8(flipped).unwrap(), sig[..40].to_owned()] {
            let mut h = http::HeaderMap::new();
            h.insert("x-sig", bad.parse().unwrap());
            assert!(matches!(
                v.verify(&h, b.as_bytes(), now()),
                Err(WebhookError::BadSignature | WebhookError::MalformedSignature { .. })
            ));
        }
        let mut h = http::HeaderMap::new();
        h.insert("x-sig", "not base64!".parse().unwrap());
        assert!(matches!(
            v.verify(&h, b.as_bytes(), now()),
            Err(WebhookError::MalformedSignature { .. })
        ));
        assert!(matches!(
            v.verify(&http::HeaderMap::new(), b.as_bytes(), now()),
            Err(WebhookError::MissingSignature { .. })
        ));
        let mut twice = headers.clone();
        twice.append("x-sig", sig.parse().unwrap());
        assert!(matches!(
            v.verify(&twice, b.as_bytes(), now()),
            Err(WebhookError::MissingSignature { .. })
        ));
        // Nothing refused was recorded: the genuine delivery still passes.
        v.verify(&headers, b.as_bytes(), now()).unwrap();
    }

    #[test]
    fn the_timestamp_window_allows_skew_and_no_more() {
        let v = verifier();
        let at = |ts: &str, id: &str| {
            let b = body(ts, id);
            v.verify(&signed(&b), b.as_bytes(), now())
        };
        // Now is 2025-01-28T14:36:40Z.
        assert!(at("2025-01-28T14:31:40Z", "w1").is_ok(), "5 minutes old");
        assert!(at("2025-01-28T14:31:15Z", "w2").is_ok(), "inside the skew");
        assert!(matches!(
            at("2025-01-28T14:31:00Z", "w3"),
            Err(WebhookError::Stale { .. })
        ));
        assert!(at("2025-01-28T14:37:00Z", "w4").is_ok(), "20 s ahead");
        assert!(matches!(
            at("2025-01-28T14:40:00Z", "w5"),
            Err(WebhookError::FromTheFuture { .. })
        ));
        assert!(matches!(
            at("yesterday", "w6"),
            Err(WebhookError::BadTimestamp { .. })
        ));
        let b = r#"{"webhookId":"w7"}"#;
        assert_eq!(
            v.verify(&signed(b), b.as_bytes(), now()),
            Err(WebhookError::MissingField {
                field: "timestamp".into()
            })
        );
        // Unix seconds and milliseconds.
        for ts in [T0.as_secs(), T0.as_millis() as u64] {
            let b = format!(r#"{{"timestamp":{ts},"webhookId":"n{ts}"}}"#);
            assert!(v.verify(&signed(&b), b.as_bytes(), now()).is_ok());
        }
    }

    #[test]
    fn a_numeric_id_and_the_same_digits_as_text_are_two_deliveries() {
        let v = verifier();
        let ts = T0.as_secs();
        for id in ["12345", "\"12345\"", "\"#12345\"", "\"##12345\""] {
            let b = format!(r#"{{"timestamp":{ts},"webhookId":{id}}}"#);
            assert!(v.verify(&signed(&b), b.as_bytes(), now()).is_ok(), "{id}");
            assert!(
                matches!(
                    v.verify(&signed(&b), b.as_bytes(), now()),
                    Err(WebhookError::Replayed { .. })
                ),
                "{id} again"
            );
        }
    }

    #[test]
    fn a_body_over_the_limit_is_refused_before_anything() {
        let v = verifier().max_body(10);
        let b = body("2025-01-28T14:36:40Z", "l1");
        assert_eq!(
            v.verify(&http::HeaderMap::new(), b.as_bytes(), now()),
            Err(WebhookError::TooLarge {
                limit: 10,
                len: b.len()
            })
        );
    }

    #[test]
    fn a_rotation_accepts_either_key_and_a_bad_key_is_named() {
        // Before and during a rotation: the retiring key and the new one.
        let other = include_str!("other_key.pub.pem");
        let v = Verifier::new("x-sig", [other, TestSigner::PUBLIC_KEY]).unwrap();
        let b = "{}";
        assert!(v.verify(&signed(b), b.as_bytes(), now()).is_ok());
        match Verifier::new(
            "x-sig",
            [
                TestSigner::PUBLIC_KEY,
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
            ],
        ) {
            Err(WebhookError::Key(e)) => assert!(e.starts_with("public key 2"), "{e}"),
            other => panic!("{other:?}"),
        }
        assert!(Verifier::new("x-sig", []).is_err());
    }

    #[test]
    fn the_memory_store_is_bounded_and_forgets_expired_ids() {
        let store = MemoryStore::new(3);
        let t = SystemTime::UNIX_EPOCH + T0;
        let keep = Duration::from_secs(10);
        for id in ["a", "b", "c", "d"] {
            assert!(store.first_seen(id, keep, t));
        }
        assert_eq!(store.seen.lock().unwrap().ids.len(), 3);
        assert!(!store.first_seen("d", keep, t));
        assert!(store.first_seen("a", keep, t), "the oldest was pushed out");
        // Once expired, an id is new again, and the expired ones are dropped.
        let after = t + Duration::from_secs(11);
        assert!(store.first_seen("d", Duration::from_secs(5), after));
        assert_eq!(store.seen.lock().unwrap().ids.len(), 1);
    }

    #[test]
    fn an_id_seen_again_after_expiry_is_kept_by_its_newest_sighting() {
        let store = MemoryStore::new(4);
        let t = SystemTime::UNIX_EPOCH + T0;
        let long = Duration::from_secs(100);
        for (id, keep) in [("a", long), ("d", Duration::from_secs(10)), ("b", long)] {
            assert!(store.first_seen(id, keep, t));
        }
        // `d` expired; seen again, its first sighting is still queued
        // between `a` and `b`.
        let later = t + Duration::from_secs(20);
        for id in ["d", "c", "e", "f"] {
            assert!(store.first_seen(id, long, later), "{id}");
        }
        // Full twice over: `a`, then `b` were the oldest and went; `d` was
        // seen after `b` and stays refused.
        assert!(!store.first_seen("d", long, later));
        assert!(store.first_seen("b", long, later), "`b` was pushed out");
    }

    #[test]
    fn a_window_as_long_as_time_itself_does_not_overflow() {
        let v = Verifier::new("x-sig", [TestSigner::PUBLIC_KEY])
            .unwrap()
            .timestamp("timestamp", Duration::MAX)
            .skew(Duration::MAX)
            .replay_id("webhookId");
        let b = body("2025-01-28T14:36:40Z", "o1");
        assert!(v.verify(&signed(&b), b.as_bytes(), now()).is_ok());
        assert_eq!(
            v.verify(&signed(&b), b.as_bytes(), now()),
            Err(WebhookError::Replayed { id: "o1".into() })
        );
    }

    #[test]
    fn errors_never_quote_the_signature_or_body() {
        let v = verifier();
        let b = body("2025-01-28T14:36:40Z", "q1");
        let mut h = http::HeaderMap::new();
        h.insert("x-sig", "c2VjcmV0LXNpZw==".parse().unwrap());
        let text = v.verify(&h, b.as_bytes(), now()).unwrap_err().to_string();
        assert!(
            !text.contains("c2VjcmV0") && !text.contains("ContactCreate"),
            "{text}"
        );
    }
}
