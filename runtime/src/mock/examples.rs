//! Every operation's example request, sendable by a test harness: each
//! generated API's `mock::examples()` lists them, so that one test can send
//! all of an API's operations to an independent server (such as Prism
//! serving the vendor's own OpenAPI file) and report what it refused.

use std::future::Future;
use std::pin::Pin;

use crate::{BaseUrl, Client, Error, Operation};

/// What sending an example came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A success, its body parsed into the operation's output type.
    Parsed,
    /// A documented error status (its body parsed as documented).
    Refused {
        /// The HTTP status.
        status: u16,
        /// The client's message.
        message: String,
    },
    /// A response the spec does not describe: an undocumented status, or a
    /// body of the wrong shape (the vendor's example contradicting its schema
    /// lands here); `body` is its head.
    Unhandled {
        /// The HTTP status.
        status: u16,
        /// Why the client did not accept it.
        reason: String,
        /// The first 2 KiB of the body, as text.
        body: String,
    },
    /// No response: the request could not be built or sent.
    NotSent(String),
}

type SendFn<S> =
    Box<dyn for<'a> Fn(&'a Client<S>) -> Pin<Box<dyn Future<Output = Outcome> + 'a>> + Sync>;

/// One operation's example, as `mock::examples()` lists it.
pub struct Example<S: 'static> {
    /// The operation's name (its module).
    pub operation: &'static str,
    /// Its group, in an API split into groups (one per vendor file).
    pub group: Option<&'static str>,
    /// The HTTP method and path template, for reports.
    pub endpoint: &'static str,
    send: SendFn<S>,
}

impl<S: BaseUrl + 'static> Example<S> {
    /// The example `make` builds, sent as [`Client::send`] sends it.
    pub fn new<O>(
        operation: &'static str,
        group: Option<&'static str>,
        endpoint: &'static str,
        make: fn() -> O,
    ) -> Self
    where
        O: Operation<Server = S> + 'static,
    {
        Example {
            operation,
            group,
            endpoint,
            send: Box::new(move |client| {
                Box::pin(async move { outcome(client.send(make()).await) })
            }),
        }
    }

    /// Sends the example with `client`.
    pub async fn send(&self, client: &Client<S>) -> Outcome {
        (self.send)(client).await
    }
}

impl<S> std::fmt::Debug for Example<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Example")
            .field("operation", &self.operation)
            .field("group", &self.group)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

fn outcome<T, E: crate::DocumentedError>(result: Result<T, Error<E>>) -> Outcome {
    match result {
        Ok(_) => Outcome::Parsed,
        Err(Error::Api(e)) => {
            let status = e.status().as_u16();
            let body = format!("{:?}", e.error());
            Outcome::Refused {
                status,
                message: format!("{}; body {body}", Error::Api(e)),
            }
        }
        Err(Error::Undocumented(raw)) => Outcome::Unhandled {
            status: raw.status().as_u16(),
            reason: raw.reason().to_string(),
            body: raw.body_text().chars().take(2048).collect(),
        },
        Err(e) => Outcome::NotSent(e.to_string()),
    }
}
