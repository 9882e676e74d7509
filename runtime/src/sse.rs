//! Server-sent events: a success documented as `text/event-stream` read as
//! a typed [`EventStream`] of its operation's events.
//!
//! The event-stream format is the WHATWG HTML standard's ("server-sent
//! events", §9.2). Frames are parsed by the [`sse_core`] crate's decoder,
//! which bounds the data, name and id an event accumulates; this module adds
//! what an API client needs around it:
//!
//! - each event's data read into the type the spec declares for its name
//!   ([`Events`], implemented by each generated `<Operation>Event` enum),
//!   a name the spec does not declare kept as the enum's `Unknown`;
//! - a bound on any one line, comments included ([`Limits::max_line_bytes`]):
//!   a server sending an endless line ends the stream with
//!   [`StreamError::LineTooLong`] instead of holding it open forever;
//! - for operations whose spec says the stream resumes, reconnection after a
//!   dropped connection, with the `Last-Event-ID` header and the delay the
//!   server set with `retry:` (the client installs it, see
//!   [`Operation::RESUMES`](crate::Operation::RESUMES)), bounded so that no
//!   server can make the client wait forever or reconnect in a storm (see
//!   [Reconnection](#reconnection));
//! - typed errors for what can go wrong: a malformed event is skipped and
//!   reported, and the stream goes on; a broken connection ends it.
//!
//! Why `sse-core` and not `eventsource-stream` (the most used, under
//! `reqwest-eventsource`): that one appends every chunk to one `String` and
//! parses lines out of it, so a line or an event is held whole however long
//! it grows; it has no limit to set. `sse-core` is sans-IO, bounds each
//! value it accumulates, and keeps the last event id for reconnection.
//!
//! A connection closed between two events ends the stream (`None`): servers
//! close a stream when it is complete. Closed in the middle of an event, the
//! partial event is dropped (as the standard says) and the stream resumes, or
//! ends with [`StreamError::Connection`].
//!
//! # Reconnection
//!
//! The standard leaves the reconnection time to the client until the server
//! sets it with `retry:`, and lets the client wait longer after a failed
//! attempt (exponential backoff). What the client does, each bound in
//! [`Limits`] (defaults in [`Limits::DEFAULT`]), as well-kept event-source
//! clients do (browsers clamp `retry:`; LaunchDarkly's clients back off
//! exponentially with jitter, reset only by a connection that stayed up):
//!
//! - the first delay is the server's `retry:`, else
//!   [`Limits::reconnect_delay`] (3 s), clamped between
//!   [`Limits::min_reconnect_delay`] (500 ms: a `retry: 0` is no storm) and
//!   [`Limits::max_reconnect_delay`] (30 s: a `retry:` of 49 days does not
//!   hold the stream pending with no connection open);
//! - each reconnection after it doubles the delay, up to the cap, with
//!   jitter (a delay between half the doubled one and the doubled one, never
//!   less than the first), so that many clients do not come back at once;
//!   an event does not reset it, a connection that stays open for
//!   [`Limits::backoff_reset`] (60 s) does;
//! - at most [`Limits::reconnect_budget`] reconnections (20) in any
//!   [`Limits::reconnect_window`] (10 minutes): past that the stream ends
//!   with [`StreamError::ReconnectBudget`], and at most
//!   [`Limits::max_reconnects`] (5) in a row that bring no event
//!   ([`StreamError::Connection`]);
//! - the last event id goes as `Last-Event-ID`; an id that no header can
//!   carry (a control character) ends the stream with
//!   [`StreamError::UnsendableEventId`] rather than resume from the start
//!   without a word.

use std::collections::VecDeque;
use std::num::NonZeroUsize;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use sse_core::{PayloadTooLargeError, SseDecoder, SseEvent};

use crate::{BoxFuture, ByteStream};

/// The media type of an event stream.
pub const MEDIA_TYPE: &str = "text/event-stream";

/// Whether a `Content-Type` is the event stream's (parameters aside).
pub fn is_event_stream(content_type: &http::HeaderValue) -> bool {
    content_type
        .to_str()
        .ok()
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case(MEDIA_TYPE))
}

/// The events of one operation's stream: implemented by each generated
/// `<Operation>Event` enum, one variant per event the spec declares, and
/// `Unknown` for any other name.
pub trait Events: Clone {
    /// The event named `name` (`message` when the server gave none) whose
    /// data is `data`. A declared event whose data does not fit its type is
    /// an `Err` saying why; a name the spec does not declare is `Unknown`.
    fn from_wire(name: &str, data: &str) -> Result<Self, String>;

    /// The event's name on the wire.
    fn name(&self) -> &str;
}

/// Reads an event's data as JSON into `T`: how a generated [`Events`]
/// reads an event declared with a type other than `string`.
pub fn json<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, String> {
    serde_json::from_str(data).map_err(|e| e.to_string())
}

/// One event received: its name, its data read into its declared type, and
/// the last event id in effect (the event's own `id:` field, or the one
/// before it, as the standard's `lastEventId`).
#[derive(Debug, Clone, PartialEq)]
pub struct Event<E> {
    /// The event's name (`message` when the server gave none).
    pub name: String,
    /// The event's data, typed.
    pub data: E,
    /// The last event id in effect: sent as `Last-Event-ID` when the stream
    /// resumes after this event.
    pub id: Option<String>,
}

impl<E: Events> Event<E> {
    /// An event with `data`, named as its variant is (for tests and mocks).
    pub fn new(data: E) -> Self {
        Event {
            name: data.name().to_owned(),
            data,
            id: None,
        }
    }

    /// The event with its id.
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// What can go wrong while reading an event stream. Errors marked
/// *skipped* leave the stream going; the others end it.
#[derive(Debug)]
#[non_exhaustive]
pub enum StreamError {
    /// A line (a field or a comment) longer than [`Limits::max_line_bytes`]:
    /// nothing more is read from the connection. Ends the stream.
    LineTooLong {
        /// The limit that was passed.
        limit: usize,
    },
    /// An event whose data, name or id passed [`Limits::max_event_bytes`]:
    /// the event is skipped (its bytes are not kept).
    EventTooLarge {
        /// The limit that was passed.
        limit: usize,
    },
    /// A declared event whose data does not fit its type: skipped.
    MalformedData {
        /// The event's name.
        name: String,
        /// The last event id in effect.
        id: Option<String>,
        /// Why the data does not fit.
        reason: String,
        /// The data's head (at most [`MALFORMED_HEAD`] bytes).
        data: String,
    },
    /// The connection failed, timed out or closed in the middle of an
    /// event, and the stream does not resume (or ran out of reconnections).
    /// Ends the stream.
    Connection(std::io::Error),
    /// A reconnection was answered with something other than the event
    /// stream: its status and the head of its body. Ends the stream.
    Refused {
        /// The answer's status.
        status: http::StatusCode,
        /// The answer's body (its head, when large).
        body: Bytes,
    },
    /// The connection dropped after [`Limits::reconnect_budget`]
    /// reconnections within [`Limits::reconnect_window`]: a server that
    /// keeps cutting the stream is not reconnected to without end. Ends
    /// the stream.
    ReconnectBudget {
        /// The reconnections in the window.
        reconnects: u32,
        /// The window.
        window: Duration,
        /// Why the connection dropped last.
        error: std::io::Error,
    },
    /// The connection dropped, and the last event id holds characters no
    /// `Last-Event-ID` header can carry (a control character): resuming
    /// without it would replay the stream from its start. Ends the stream.
    UnsendableEventId {
        /// The last event id received.
        id: String,
        /// Why the connection dropped.
        error: std::io::Error,
    },
}

/// How much of a malformed event's data a [`StreamError::MalformedData`] keeps.
pub const MALFORMED_HEAD: usize = 1024;

impl StreamError {
    /// Whether the stream goes on after this error.
    pub fn is_skipped(&self) -> bool {
        matches!(
            self,
            Self::EventTooLarge { .. } | Self::MalformedData { .. }
        )
    }
}

impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::LineTooLong { limit } => write!(
                f,
                "the event stream sent a line longer than {limit} bytes; the stream was closed"
            ),
            Self::EventTooLarge { limit } => write!(
                f,
                "an event of the stream was larger than {limit} bytes; it was skipped"
            ),
            Self::MalformedData { name, reason, .. } => {
                write!(
                    f,
                    "the data of a `{name}` event does not fit its type: {reason}"
                )
            }
            Self::Connection(e) => write!(f, "the event stream's connection failed: {e}"),
            Self::Refused { status, .. } => write!(
                f,
                "reconnecting to the event stream was answered {status}, not with the stream"
            ),
            Self::ReconnectBudget {
                reconnects,
                window,
                error,
            } => write!(
                f,
                "the event stream's connection failed ({error}) after {reconnects} \
                 reconnections within {window:?}; it is not reconnected again"
            ),
            Self::UnsendableEventId { id, error } => write!(
                f,
                "the event stream's connection failed ({error}), and its last event id \
                 {id:?} holds characters a Last-Event-ID header cannot carry; it is not \
                 resumed from the start instead"
            ),
        }
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Connection(error)
            | Self::ReconnectBudget { error, .. }
            | Self::UnsendableEventId { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Bounds on what one stream may make the client hold, and on how it
/// reconnects (see [Reconnection](self#reconnection)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest line (field or comment), in bytes.
    pub max_line_bytes: usize,
    /// The most data, name or id one event may accumulate, in bytes.
    pub max_event_bytes: usize,
    /// Reconnections tried in a row without an event received between them.
    pub max_reconnects: u32,
    /// The delay before a reconnection until the server sets one with `retry:`.
    pub reconnect_delay: Duration,
    /// The shortest delay before a reconnection, whatever the server's
    /// `retry:` says.
    pub min_reconnect_delay: Duration,
    /// The longest delay before a reconnection: the cap of the server's
    /// `retry:` and of the backoff.
    pub max_reconnect_delay: Duration,
    /// The most reconnections in any [`Limits::reconnect_window`].
    pub reconnect_budget: u32,
    /// The window of [`Limits::reconnect_budget`].
    pub reconnect_window: Duration,
    /// How long a connection must stay open for the next reconnection to
    /// start again from the first delay (an event does not reset it).
    pub backoff_reset: Duration,
}

impl Limits {
    /// 1 MiB lines, 4 MiB events; reconnections 3 s apart until the server
    /// says otherwise, never less than 500 ms nor more than 30 s, doubling
    /// (with jitter) until a connection stays open 60 s, at most 20 in 10
    /// minutes and 5 in a row without an event.
    pub const DEFAULT: Limits = Limits {
        max_line_bytes: 1 << 20,
        max_event_bytes: 4 << 20,
        max_reconnects: 5,
        reconnect_delay: Duration::from_secs(3),
        min_reconnect_delay: Duration::from_millis(500),
        max_reconnect_delay: Duration::from_secs(30),
        reconnect_budget: 20,
        reconnect_window: Duration::from_secs(600),
        backoff_reset: Duration::from_secs(60),
    };

    /// The delay before the reconnection that follows `backoff` others
    /// since the stream was last healthy: the server's `retry` (else
    /// [`Limits::reconnect_delay`]) clamped to the floor and the cap, doubled
    /// for each of the others up to the cap, with jitter; `random` (in
    /// `0.0..=1.0`) picks the point between half the doubled delay (never
    /// below the first) and the doubled delay.
    pub fn reconnect_delay_after(
        &self,
        retry: Option<Duration>,
        backoff: u32,
        random: f64,
    ) -> Duration {
        let floor = self.min_reconnect_delay;
        let cap = self.max_reconnect_delay.max(floor);
        let first = retry.unwrap_or(self.reconnect_delay).clamp(floor, cap);
        if backoff == 0 {
            return first;
        }
        let doubled = first
            .checked_mul(1u32.checked_shl(backoff.min(31)).unwrap_or(u32::MAX))
            .unwrap_or(cap)
            .min(cap);
        let low = (doubled / 2).max(first);
        low + (doubled - low).mul_f64(random.clamp(0.0, 1.0))
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why a reconnection gave no stream.
#[derive(Debug)]
pub enum ReconnectError {
    /// Answered, but not with the stream: the stream ends.
    Refused {
        /// The answer's status.
        status: http::StatusCode,
        /// The answer's body (its head, when large).
        body: Bytes,
    },
    /// Not answered (connection, timeout, token): tried again while the
    /// limit allows.
    Failed(std::io::Error),
}

/// Opens the stream again: given the last event id (sent as
/// `Last-Event-ID`) and the delay to wait first, the new connection's body.
pub type Reconnect = Arc<
    dyn Fn(Option<String>, Duration) -> BoxFuture<'static, Result<ByteStream, ReconnectError>>
        + Send
        + Sync,
>;

/// A stream that can be given a way to reconnect: what
/// [`Operation::event_stream`](crate::Operation::event_stream) returns.
pub trait Resume {
    /// Reconnect with `reconnect` after a dropped connection.
    fn set_reconnect(&mut self, reconnect: Reconnect);
}

enum State {
    Reading(ByteStream),
    Reconnecting(BoxFuture<'static, Result<ByteStream, ReconnectError>>),
    Done,
}

/// The typed events of a `text/event-stream` success, as they arrive: a
/// [`Stream`] of [`Event`]s or [`StreamError`]s (see the [module](self)
/// docs for which errors end it).
pub struct EventStream<E> {
    state: State,
    /// Events (or errors) decoded and not yet taken.
    ready: VecDeque<Result<Event<E>, StreamError>>,
    /// What a test or mock built in memory ([`EventStream::from_events`]),
    /// or a whole body decoded ([`EventStream::from_bytes`]).
    memory: Option<Vec<Event<E>>>,
    /// The whole body of [`EventStream::from_bytes`].
    whole: Option<Bytes>,
    decoder: SseDecoder,
    framing: Framing,
    limits: Limits,
    reconnect: Option<Reconnect>,
    /// The delay before a reconnection: the server's `retry:`, else the limits'.
    retry: Option<Duration>,
    /// Reconnections since the last event.
    failures: u32,
    /// Reconnections since the stream was last healthy (open for
    /// [`Limits::backoff_reset`]): the backoff's exponent.
    backoff: u32,
    /// When the current connection opened.
    connected_at: Instant,
    /// When each reconnection of the last [`Limits::reconnect_window`] began.
    reconnects: VecDeque<Instant>,
    last_event_id: Option<String>,
}

impl<E> std::fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("limits", &self.limits)
            .field("resumes", &self.reconnect.is_some())
            .field("last_event_id", &self.last_event_id)
            .field("done", &matches!(self.state, State::Done))
            .finish_non_exhaustive()
    }
}

impl<E: Events> EventStream<E> {
    /// The stream of a response body as it arrives.
    pub fn new(body: ByteStream) -> Self {
        Self::with_state(State::Reading(body), None)
    }

    /// The stream of a whole body already received (sans-IO), decoded
    /// now: its events are [in memory](EventStream::in_memory) when every
    /// one was read (a test can hand them to the mock).
    pub fn from_bytes(body: impl Into<Bytes>) -> Self {
        let mut stream = Self::with_state(State::Done, None);
        stream.whole = Some(body.into());
        stream.decode_whole();
        stream
    }

    /// Decodes the whole body of [`EventStream::from_bytes`] (again, after
    /// [`EventStream::with_limits`]).
    fn decode_whole(&mut self) {
        let Some(body) = self.whole.clone() else {
            return;
        };
        self.ready.clear();
        self.state = State::Done;
        if self.feed(body) && self.framing.inside_event() {
            self.ready
                .push_back(Err(StreamError::Connection(cut_short())));
        }
        self.memory = self
            .ready
            .iter()
            .map(|item| item.as_ref().ok().cloned())
            .collect();
    }

    /// A stream of `events` held in memory: what a test gives the mock to
    /// send, or a stand-in for a real stream.
    pub fn from_events(events: Vec<Event<E>>) -> Self {
        let mut stream = Self::with_state(State::Done, None);
        stream.ready = events.iter().cloned().map(Ok).collect();
        stream.memory = Some(events);
        stream
    }

    fn with_state(state: State, memory: Option<Vec<Event<E>>>) -> Self {
        let limits = Limits::DEFAULT;
        EventStream {
            state,
            ready: VecDeque::new(),
            memory,
            whole: None,
            decoder: decoder(limits),
            framing: Framing::new(limits.max_line_bytes),
            limits,
            reconnect: None,
            retry: None,
            failures: 0,
            backoff: 0,
            connected_at: Instant::now(),
            reconnects: VecDeque::new(),
            last_event_id: None,
        }
    }

    /// The stream with other bounds (before it is read).
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self.decoder = decoder(limits);
        self.framing = Framing::new(limits.max_line_bytes);
        self.decode_whole();
        self
    }

    /// The events held in memory, for a stream made with
    /// [`EventStream::from_events`] (what the mock sends), or with
    /// [`EventStream::from_bytes`] when every event was read.
    pub fn in_memory(&self) -> Option<&[Event<E>]> {
        self.memory.as_deref()
    }

    /// The stream's bounds.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The last event id received: `Last-Event-ID` of the next reconnection.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }

    /// The reconnection delay the server set with `retry:`, if it did (as
    /// sent: a reconnection clamps it between [`Limits::min_reconnect_delay`]
    /// and [`Limits::max_reconnect_delay`]).
    pub fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// The next event (or error); `None` once the stream has ended. The
    /// same as `StreamExt::next`, without importing a futures crate.
    pub async fn next_event(&mut self) -> Option<Result<Event<E>, StreamError>> {
        self.next().await
    }

    /// Whether a dropped connection is reconnected.
    pub fn resumes(&self) -> bool {
        self.reconnect.is_some()
    }

    /// Decodes one chunk, bounded by the line limit; false when a line
    /// passed it (the stream is over).
    fn feed(&mut self, chunk: Bytes) -> bool {
        match self.framing.scan(&chunk) {
            Ok(()) => {
                self.decode(chunk);
                true
            }
            Err(at) => {
                self.decode(chunk.slice(..at));
                self.ready.push_back(Err(StreamError::LineTooLong {
                    limit: self.limits.max_line_bytes,
                }));
                self.state = State::Done;
                false
            }
        }
    }

    fn decode(&mut self, mut chunk: Bytes) {
        while let Some(frame) = self.decoder.next(&mut chunk) {
            match frame {
                Ok(SseEvent::Message(message)) => {
                    self.failures = 0;
                    let id = message.last_event_id.as_deref().map(str::to_owned);
                    self.last_event_id.clone_from(&id);
                    let name = message.event.into_owned();
                    let item = match E::from_wire(&name, &message.data) {
                        Ok(data) => Ok(Event { name, data, id }),
                        Err(reason) => Err(StreamError::MalformedData {
                            name,
                            id,
                            reason,
                            data: head(&message.data),
                        }),
                    };
                    self.ready.push_back(item);
                }
                Ok(SseEvent::Retry(ms)) => self.retry = Some(Duration::from_millis(ms.into())),
                Err(PayloadTooLargeError) => {
                    self.ready.push_back(Err(StreamError::EventTooLarge {
                        limit: self.limits.max_event_bytes,
                    }))
                }
            }
        }
    }

    /// The connection broke (or closed inside an event): reconnect while
    /// allowed (see [Reconnection](self#reconnection)), else end with the error.
    fn dropped(&mut self, error: std::io::Error) {
        let Some(reconnect) = self.reconnect.clone() else {
            return self.end(StreamError::Connection(error));
        };
        if self.failures >= self.limits.max_reconnects {
            return self.end(StreamError::Connection(error));
        }
        if let Some(id) = &self.last_event_id {
            if http::HeaderValue::from_str(id).is_err() {
                let id = id.clone();
                return self.end(StreamError::UnsendableEventId { id, error });
            }
        }
        let now = Instant::now();
        let window = self.limits.reconnect_window;
        while self
            .reconnects
            .front()
            .is_some_and(|at| now.saturating_duration_since(*at) >= window)
        {
            self.reconnects.pop_front();
        }
        if self.reconnects.len() >= self.limits.reconnect_budget as usize {
            let reconnects = self.reconnects.len() as u32;
            return self.end(StreamError::ReconnectBudget {
                reconnects,
                window,
                error,
            });
        }
        if now.saturating_duration_since(self.connected_at) >= self.limits.backoff_reset {
            self.backoff = 0;
        }
        let delay =
            self.limits
                .reconnect_delay_after(self.retry, self.backoff, rand::random::<f64>());
        self.failures += 1;
        self.backoff = self.backoff.saturating_add(1);
        self.reconnects.push_back(now);
        self.state = State::Reconnecting(reconnect(self.last_event_id.clone(), delay));
    }

    /// Ends the stream with `error`.
    fn end(&mut self, error: StreamError) {
        self.ready.push_back(Err(error));
        self.state = State::Done;
    }
}

impl<E> Resume for EventStream<E> {
    fn set_reconnect(&mut self, reconnect: Reconnect) {
        self.reconnect = Some(reconnect);
    }
}

// Events are only moved, never pinned in place.
impl<E> Unpin for EventStream<E> {}

impl<E: Events> Stream for EventStream<E> {
    type Item = Result<Event<E>, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.ready.pop_front() {
                return Poll::Ready(Some(item));
            }
            match &mut this.state {
                State::Done => return Poll::Ready(None),
                State::Reading(body) => match body.poll_next_unpin(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Some(Ok(chunk))) => {
                        this.feed(chunk);
                    }
                    Poll::Ready(Some(Err(e))) => this.dropped(e),
                    Poll::Ready(None) if this.framing.inside_event() => this.dropped(cut_short()),
                    Poll::Ready(None) => this.state = State::Done,
                },
                State::Reconnecting(connecting) => match connecting.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Ok(body)) => {
                        this.decoder
                            .reconnect_with_id(this.last_event_id.as_deref().map(Arc::from));
                        this.framing = Framing::new(this.limits.max_line_bytes);
                        this.connected_at = Instant::now();
                        this.state = State::Reading(body);
                    }
                    Poll::Ready(Err(ReconnectError::Refused { status, body })) => {
                        this.ready
                            .push_back(Err(StreamError::Refused { status, body }));
                        this.state = State::Done;
                    }
                    Poll::Ready(Err(ReconnectError::Failed(e))) => this.dropped(e),
                },
            }
        }
    }
}

fn cut_short() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::UnexpectedEof,
        "the connection closed in the middle of an event",
    )
}

fn decoder(limits: Limits) -> SseDecoder {
    SseDecoder::with_limit(NonZeroUsize::new(limits.max_event_bytes).unwrap_or(NonZeroUsize::MIN))
}

/// The head of a malformed event's data, cut at a character boundary.
fn head(data: &str) -> String {
    let mut end = data.len().min(MALFORMED_HEAD);
    while !data.is_char_boundary(end) {
        end -= 1;
    }
    data[..end].to_owned()
}

/// Where the stream is in its lines, byte by byte: the length of the line
/// being received (the decoder keeps no buffer for a comment, so an endless
/// comment would otherwise never end) and whether an event has begun since
/// the last blank line (a connection closed then dropped an event).
#[derive(Debug, Clone, Copy)]
struct Framing {
    max_line: usize,
    /// Bytes of the current line so far.
    line: usize,
    /// The current line is a comment (starts with `:`).
    comment: bool,
    /// A field line ended since the last blank line.
    fields: bool,
    /// The last byte was a CR, so an LF now ends no line (CRLF).
    after_cr: bool,
}

impl Framing {
    fn new(max_line: usize) -> Self {
        Framing {
            max_line,
            line: 0,
            comment: false,
            fields: false,
            after_cr: false,
        }
    }

    /// Follows `bytes`; `Err(at)` at the first byte past the line limit.
    fn scan(&mut self, bytes: &[u8]) -> Result<(), usize> {
        for (at, &byte) in bytes.iter().enumerate() {
            match byte {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\r' | b'\n' => {
                    if self.line == 0 {
                        self.fields = false;
                    } else if !self.comment {
                        self.fields = true;
                    }
                    self.line = 0;
                    self.comment = false;
                    self.after_cr = byte == b'\r';
                }
                _ => {
                    self.after_cr = false;
                    if self.line == 0 {
                        self.comment = byte == b':';
                    }
                    self.line += 1;
                    if self.line > self.max_line {
                        return Err(at);
                    }
                }
            }
        }
        Ok(())
    }

    fn inside_event(&self) -> bool {
        self.fields || (self.line > 0 && !self.comment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_executor::block_on;

    /// A stream's events as a test declares them: `note` is JSON, `text` is
    /// text, `ping` has no data.
    #[derive(Debug, Clone, PartialEq)]
    enum Test {
        Note(serde_json::Value),
        Text(String),
        Ping,
        Unknown { name: String, data: String },
    }

    impl Events for Test {
        fn from_wire(name: &str, data: &str) -> Result<Self, String> {
            match name {
                "note" => json(data).map(Test::Note),
                "message" => Ok(Test::Text(data.to_owned())),
                "ping" => Ok(Test::Ping),
                _ => Ok(Test::Unknown {
                    name: name.to_owned(),
                    data: data.to_owned(),
                }),
            }
        }
        fn name(&self) -> &str {
            match self {
                Test::Note(_) => "note",
                Test::Text(_) => "message",
                Test::Ping => "ping",
                Test::Unknown { name, .. } => name,
            }
        }
    }

    fn chunks(parts: Vec<Vec<u8>>) -> ByteStream {
        Box::pin(futures_util::stream::iter(
            parts.into_iter().map(|p| Ok(Bytes::from(p))),
        ))
    }

    fn read_all(stream: EventStream<Test>) -> Vec<Result<Event<Test>, String>> {
        block_on(stream.map(|r| r.map_err(|e| format!("{e:?}"))).collect())
    }

    const WIRE: &[u8] = b"\xef\xbb\xbf: a comment\r\n\r\nretry: 250\nid: 1\r\nevent: note\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n:keep-alive\n\n\
data: two\rdata: lines\r\revent: ping\ndata\n\nevent: other\nid: 7\ndata: x\n\n";

    fn expected() -> Vec<Result<Event<Test>, String>> {
        vec![
            Ok(Event {
                name: "note".into(),
                data: Test::Note(serde_json::json!({"a": 1})),
                id: Some("1".into()),
            }),
            Ok(Event {
                name: "message".into(),
                data: Test::Text("two\nlines".into()),
                id: Some("1".into()),
            }),
            Ok(Event {
                name: "ping".into(),
                data: Test::Ping,
                id: Some("1".into()),
            }),
            Ok(Event {
                name: "other".into(),
                data: Test::Unknown {
                    name: "other".into(),
                    data: "x".into(),
                },
                id: Some("7".into()),
            }),
        ]
    }

    #[test]
    fn every_split_of_the_wire_reads_the_same_events() {
        // One chunk, then every two-chunk split, then one byte per chunk:
        // CRLF, the BOM and UTF-8 split anywhere.
        assert_eq!(read_all(EventStream::from_bytes(WIRE)), expected());
        for at in 1..WIRE.len() {
            let stream = EventStream::new(chunks(vec![WIRE[..at].to_vec(), WIRE[at..].to_vec()]));
            assert_eq!(read_all(stream), expected(), "split at {at}");
        }
        let bytes = EventStream::new(chunks(WIRE.iter().map(|b| vec![*b]).collect()));
        assert_eq!(read_all(bytes), expected());
    }

    #[test]
    fn random_streams_read_the_same_however_they_are_split() {
        // Streams made of the format's pieces (fields, colons, every line
        // ending, a BOM, multi-byte text, long values), read whole and in
        // random chunks, with limits small enough to be reached: the same
        // items, and never a panic.
        use rand::{Rng, SeedableRng};
        const PIECES: &[&str] = &[
            "data:",
            "data: ",
            "event: ",
            "id: ",
            "retry: ",
            "retry: 9",
            ":",
            "\r",
            "\n",
            "\r\n",
            " ",
            "x",
            "{\"a\":1}",
            "é",
            "\u{feff}",
            "note",
            "ping",
            "message",
            "0123456789abcdef",
        ];
        let limits = Limits {
            max_line_bytes: 48,
            max_event_bytes: 40,
            ..Limits::DEFAULT
        };
        let mut rng = rand::rngs::StdRng::seed_from_u64(26);
        for _ in 0..3000 {
            let mut wire = Vec::new();
            for _ in 0..rng.gen_range(0..60) {
                wire.extend_from_slice(PIECES[rng.gen_range(0..PIECES.len())].as_bytes());
            }
            let whole = read_all(EventStream::from_bytes(wire.clone()).with_limits(limits));
            let mut parts = Vec::new();
            let mut rest = &wire[..];
            while !rest.is_empty() {
                let at = rng.gen_range(1..=rest.len().min(7));
                parts.push(rest[..at].to_vec());
                rest = &rest[at..];
            }
            let split = read_all(EventStream::new(chunks(parts)).with_limits(limits));
            assert_eq!(whole, split, "{:?}", String::from_utf8_lossy(&wire));
        }
    }

    #[test]
    fn the_server_sets_the_retry_delay_and_the_last_id() {
        let mut stream = EventStream::<Test>::from_bytes(WIRE);
        block_on(async { while stream.next_event().await.is_some() {} });
        assert_eq!(stream.retry(), Some(Duration::from_millis(250)));
        assert_eq!(stream.last_event_id(), Some("7"));
    }

    #[test]
    fn malformed_data_is_skipped_and_the_stream_goes_on() {
        let wire = b"event: note\nid: 3\ndata: {not json\n\ndata: after\n\n";
        let items: Vec<_> = block_on(EventStream::<Test>::from_bytes(&wire[..]).collect());
        match &items[0] {
            Err(e @ StreamError::MalformedData { name, id, data, .. }) => {
                assert!(e.is_skipped());
                assert_eq!(
                    (name.as_str(), id.as_deref(), data.as_str()),
                    ("note", Some("3"), "{not json")
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&items[1], Ok(e) if e.data == Test::Text("after".into())));
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn an_event_past_the_limit_is_skipped() {
        let limits = Limits {
            max_event_bytes: 16,
            ..Limits::DEFAULT
        };
        let wire = b"data: 0123456789\ndata: 0123456789\n\ndata: ok\n\n";
        let items: Vec<_> = block_on(
            EventStream::<Test>::from_bytes(&wire[..])
                .with_limits(limits)
                .collect(),
        );
        assert!(matches!(
            items[0],
            Err(StreamError::EventTooLarge { limit: 16 })
        ));
        assert!(matches!(&items[1], Ok(e) if e.data == Test::Text("ok".into())));
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn an_endless_line_ends_the_stream_even_a_comment() {
        let limits = Limits {
            max_line_bytes: 1000,
            ..Limits::DEFAULT
        };
        for start in [&b"data: first\n\n:"[..], b"data: first\n\ndata: "] {
            // Endless: the stream would never end on its own.
            let endless = futures_util::stream::iter([Ok(Bytes::from(start))]).chain(
                futures_util::stream::repeat_with(|| Ok(Bytes::from(vec![b'x'; 100]))),
            );
            let items: Vec<_> = block_on(
                EventStream::<Test>::new(Box::pin(endless))
                    .with_limits(limits)
                    .collect(),
            );
            assert!(matches!(&items[0], Ok(e) if e.data == Test::Text("first".into())));
            assert!(matches!(
                items[1],
                Err(StreamError::LineTooLong { limit: 1000 })
            ));
            assert_eq!(items.len(), 2);
        }
    }

    #[test]
    fn a_connection_closed_inside_an_event_is_an_error_between_events_the_end() {
        let items: Vec<_> =
            block_on(EventStream::<Test>::from_bytes(&b"data: one\n\ndata: tw"[..]).collect());
        assert_eq!(items.len(), 2);
        match &items[1] {
            Err(e @ StreamError::Connection(io)) => {
                assert!(!e.is_skipped());
                assert_eq!(io.kind(), std::io::ErrorKind::UnexpectedEof);
            }
            other => panic!("{other:?}"),
        }
        // After a complete event, or a comment, the stream just ends.
        for wire in [&b"data: one\n\n"[..], b"data: one\n\n: bye"] {
            let items: Vec<_> = block_on(EventStream::<Test>::from_bytes(wire).collect());
            assert_eq!(items.len(), 1, "{wire:?}");
        }
    }

    #[test]
    fn a_dropped_stream_resumes_from_the_last_id_after_the_servers_delay() {
        let calls = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = calls.clone();
        let reconnect: Reconnect = Arc::new(move |id, delay| {
            let mut seen = seen.lock().unwrap();
            seen.push((id, delay));
            let body = match seen.len() {
                // A connection that fails before the stream, then the stream again.
                1 => Err(ReconnectError::Failed(std::io::Error::other("refused"))),
                _ => Ok(chunks(vec![b"id: 3\ndata: three\n\n".to_vec()])),
            };
            Box::pin(async move { body })
        });
        let first: ByteStream = Box::pin(futures_util::stream::iter([
            Ok(Bytes::from_static(
                b"retry: 10\nid: 2\ndata: two\n\ndata: thr",
            )),
            Err(std::io::Error::other("reset")),
        ]));
        let limits = Limits {
            min_reconnect_delay: Duration::from_millis(1),
            ..Limits::DEFAULT
        };
        let mut stream = EventStream::<Test>::new(first).with_limits(limits);
        stream.set_reconnect(reconnect);
        assert!(stream.resumes());
        let items = read_all(stream);
        let data: Vec<_> = items
            .iter()
            .map(|i| i.as_ref().unwrap().data.clone())
            .collect();
        assert_eq!(data, [Test::Text("two".into()), Test::Text("three".into())]);
        assert_eq!(items[1].as_ref().unwrap().id.as_deref(), Some("3"));
        let calls = calls.lock().unwrap();
        let ten = Duration::from_millis(10);
        // The server's delay, then (the attempt failed) backed off: between
        // it and twice it.
        assert_eq!(calls[0], (Some("2".into()), ten));
        assert_eq!(calls[1].0.as_deref(), Some("2"));
        assert!((ten..=2 * ten).contains(&calls[1].1), "{:?}", calls[1].1);
        assert_eq!(calls.len(), 2);
    }

    #[test]
    fn reconnection_delays_are_clamped_doubled_and_jittered() {
        let l = Limits::DEFAULT;
        let ms = Duration::from_millis;
        let s = Duration::from_secs;
        // The server's retry, clamped to the floor and the cap.
        assert_eq!(l.reconnect_delay_after(Some(ms(0)), 0, 0.5), ms(500));
        assert_eq!(
            l.reconnect_delay_after(Some(ms(4_294_967_295)), 0, 0.5),
            s(30)
        );
        assert_eq!(l.reconnect_delay_after(Some(s(2)), 0, 0.5), s(2));
        assert_eq!(l.reconnect_delay_after(None, 0, 0.5), s(3));
        // Doubled for each reconnection since the last healthy connection,
        // jitter between half the doubled delay and the doubled delay.
        assert_eq!(l.reconnect_delay_after(Some(ms(0)), 1, 0.0), ms(500));
        assert_eq!(l.reconnect_delay_after(Some(ms(0)), 1, 1.0), s(1));
        assert_eq!(l.reconnect_delay_after(Some(ms(0)), 3, 0.0), s(2));
        assert_eq!(l.reconnect_delay_after(Some(ms(0)), 3, 1.0), s(4));
        // Capped, however many; never an overflow.
        for backoff in [10, 31, 32, u32::MAX] {
            let d = l.reconnect_delay_after(Some(s(1)), backoff, 1.0);
            assert_eq!(d, s(30), "{backoff}");
            assert!(l.reconnect_delay_after(Some(s(1)), backoff, 0.0) >= s(15));
        }
    }

    #[test]
    fn a_storm_of_cut_connections_runs_out_of_its_budget() {
        // Each connection: `retry: 0`, one event, then cut inside the next.
        let limits = Limits {
            reconnect_budget: 4,
            ..Limits::DEFAULT
        };
        let delays = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = delays.clone();
        let cut = || -> ByteStream {
            Box::pin(futures_util::stream::iter([Ok(Bytes::from_static(
                b"retry: 0\nid: 1\ndata: x\n\ndata: y",
            ))]))
        };
        let reconnect: Reconnect = Arc::new(move |_, delay| {
            seen.lock().unwrap().push(delay);
            let body = cut();
            Box::pin(async move { Ok(body) })
        });
        let mut stream = EventStream::<Test>::new(cut()).with_limits(limits);
        stream.set_reconnect(reconnect);
        let items: Vec<_> = block_on(stream.collect());
        // One event per connection, the first and four reconnections, then
        // the budget is spent.
        assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 5);
        assert!(matches!(
            items.last(),
            Some(Err(StreamError::ReconnectBudget { reconnects: 4, .. }))
        ));
        // Never under the floor, and backing off although each connection
        // brought an event.
        let delays = delays.lock().unwrap();
        assert_eq!(delays[0], Duration::from_millis(500));
        assert!(delays[3] >= Duration::from_secs(2), "{delays:?}");
    }

    #[test]
    fn an_event_id_no_header_can_carry_ends_the_stream_with_it() {
        let reconnect: Reconnect = Arc::new(|_, _| panic!("no reconnection without the id"));
        let mut stream =
            EventStream::<Test>::new(chunks(vec![b"id: a\x01b\ndata: one\n\ndata: tw".to_vec()]));
        stream.set_reconnect(reconnect);
        let items: Vec<_> = block_on(stream.collect());
        assert!(items[0].is_ok());
        match &items[1] {
            Err(e @ StreamError::UnsendableEventId { id, .. }) => {
                assert_eq!(id, "a\u{1}b");
                assert!(e.to_string().contains(r"a\u{1}b"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn reconnections_stop_at_the_limit_or_a_refusal() {
        let limits = Limits {
            max_reconnects: 3,
            ..Limits::DEFAULT
        };
        let count = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let counter = count.clone();
        let failing: Reconnect = Arc::new(move |_, _| {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Box::pin(async { Err(ReconnectError::Failed(std::io::Error::other("down"))) })
        });
        let mut stream =
            EventStream::<Test>::new(chunks(vec![b"data: x".to_vec()])).with_limits(limits);
        stream.set_reconnect(failing);
        let items: Vec<_> = block_on(stream.collect());
        assert_eq!(count.load(std::sync::atomic::Ordering::Relaxed), 3);
        assert!(matches!(
            items.as_slice(),
            [Err(StreamError::Connection(_))]
        ));

        let refused: Reconnect = Arc::new(|_, _| {
            Box::pin(async {
                Err(ReconnectError::Refused {
                    status: http::StatusCode::FORBIDDEN,
                    body: Bytes::from_static(b"no"),
                })
            })
        });
        let mut stream = EventStream::<Test>::new(chunks(vec![b"data: x".to_vec()]));
        stream.set_reconnect(refused);
        let items: Vec<_> = block_on(stream.collect());
        match items.as_slice() {
            [Err(StreamError::Refused { status, body })] => {
                assert_eq!((status.as_u16(), body.as_ref()), (403, &b"no"[..]));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn events_in_memory_are_read_back_as_given() {
        let events = vec![
            Event::new(Test::Text("a".into())).with_id("1"),
            Event::new(Test::Ping),
        ];
        let stream = EventStream::from_events(events.clone());
        assert_eq!(stream.in_memory(), Some(events.as_slice()));
        let read: Vec<_> = read_all(stream).into_iter().map(Result::unwrap).collect();
        assert_eq!(read, events);
        assert_eq!(events[1].name, "ping");
    }
}
