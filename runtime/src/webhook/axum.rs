//! Webhook deliveries in axum 0.8 handlers: [`Webhook`] reads the body (at
//! most the receiver's limit), verifies it and types it before the handler
//! runs; a refused delivery never reaches the handler and is answered by
//! [`Rejection`] with the status that fits the check that failed.
//!
//! ```ignore
//! use std::sync::Arc;
//! use apigen_runtime::webhook::axum::Webhook;
//! use generated::highlevel::webhooks::{Event, Receiver};
//!
//! async fn hook(Webhook(event): Webhook<Receiver>) -> axum::http::StatusCode {
//!     match event {
//!         Event::ContactCreate(contact) => { /* ... */ }
//!         _ => {}
//!     }
//!     axum::http::StatusCode::NO_CONTENT
//! }
//!
//! let app = axum::Router::new()
//!     .route("/hooks/highlevel", axum::routing::post(hook))
//!     .with_state(Arc::new(Receiver::new()?));
//! ```

use std::sync::Arc;
use std::time::SystemTime;

use axum_core::extract::{FromRef, FromRequest, Request};
use axum_core::response::{IntoResponse, Response};
use http_body_util::BodyExt as _;

use super::{Receive, WebhookError};

/// A verified, typed delivery; the state holds the receiver as `Arc<R>`.
#[derive(Debug)]
pub struct Webhook<R: Receive>(pub R::Event);

/// A delivery refused before the handler: `413` for a body over the limit,
/// `408` for a body that did not arrive in time, `401` for a missing or
/// wrong signature, `400` for a body that could not be read, is not JSON
/// or lacks a field the checks need, `409` for a stale or replayed
/// delivery (`Retry` would not help). The body says which check failed,
/// never what was sent.
#[derive(Debug)]
pub struct Rejection(pub WebhookError);

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let status = match &self.0 {
            WebhookError::TooLarge { .. } => http::StatusCode::PAYLOAD_TOO_LARGE,
            WebhookError::MissingSignature { .. }
            | WebhookError::MalformedSignature { .. }
            | WebhookError::BadSignature => http::StatusCode::UNAUTHORIZED,
            WebhookError::Stale { .. }
            | WebhookError::FromTheFuture { .. }
            | WebhookError::Replayed { .. } => http::StatusCode::CONFLICT,
            WebhookError::BodyTimeout { .. } => http::StatusCode::REQUEST_TIMEOUT,
            _ => http::StatusCode::BAD_REQUEST,
        };
        (status, self.0.to_string()).into_response()
    }
}

impl<S, R> FromRequest<S> for Webhook<R>
where
    R: Receive,
    Arc<R>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let receiver = Arc::<R>::from_ref(state);
        let limit = receiver.max_body();
        let (parts, body) = request.into_parts();
        let too_large = |len: usize| Rejection(WebhookError::TooLarge { limit, len });
        // Announced too large: refused unread.
        if let Some(len) = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
            .filter(|len| *len > limit)
        {
            return Err(too_large(len));
        }
        // Read within the receiver's time: a body announced and never sent
        // is answered 408, not waited for.
        let after = receiver.body_timeout();
        let read = http_body_util::Limited::new(body, limit).collect();
        let body = tokio::time::timeout(after, read)
            .await
            .map_err(|_| Rejection(WebhookError::BodyTimeout { after }))?
            .map_err(|e| {
                if e.downcast_ref::<http_body_util::LengthLimitError>()
                    .is_some()
                {
                    too_large(limit.saturating_add(1))
                } else {
                    Rejection(WebhookError::Unreadable(e.to_string()))
                }
            })?
            .to_bytes();
        receiver
            .receive(&parts.headers, &body, SystemTime::now())
            .map(Webhook)
            .map_err(Rejection)
    }
}
