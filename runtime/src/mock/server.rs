//! The mock's HTTP server (hyper on 127.0.0.1), its routing and checks, and
//! the typed programming of each operation's answers.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;

use super::decode::{Decoder, ReceivedPart, WireRequest};
use super::reply::{Answer, MockError, Reply};
use super::{BodyKind, MockOperation, PathPiece, Route};
use crate::{Paginated, Security};

/// The largest request body the mock reads, unless set otherwise.
const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;
/// How long a connection may take to send a request's headers.
const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request's body may take to arrive whole.
const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// A request the mock refused: it matches no operation, or breaks the spec
/// of the one it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The mocked API.
    pub api: &'static str,
    /// The operation the request matched, if any.
    pub operation: Option<&'static str>,
    /// The method and path (with query) as received.
    pub request: String,
    /// What is wrong, one entry per problem.
    pub problems: Vec<String>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.operation {
            Some(op) => writeln!(
                f,
                "error: `{}` breaks the spec of `{}::{op}`",
                self.request, self.api
            )?,
            None => writeln!(
                f,
                "error: `{}` is not an operation of `{}`",
                self.request, self.api
            )?,
        }
        for problem in &self.problems {
            writeln!(f, "  = {problem}")?;
        }
        Ok(())
    }
}

/// How one operation answers.
#[derive(Clone)]
struct Program {
    delay: Option<Duration>,
    kind: ProgramKind,
}

type Responder = Arc<dyn Fn(&WireRequest) -> Reply + Send + Sync>;

#[derive(Clone)]
enum ProgramKind {
    Fixed(Reply),
    Example,
    With(Responder),
}

#[derive(Default)]
struct OperationState {
    /// Answers for the next requests, one each.
    queue: VecDeque<Program>,
    /// The answer once the queue is empty.
    standing: Option<Program>,
    received: Vec<WireRequest>,
}

#[derive(Default)]
struct State {
    operations: HashMap<&'static str, OperationState>,
    violations: Vec<Violation>,
}

/// One operation the server knows.
struct Registered {
    name: &'static str,
    security: Security,
    route: Route,
    /// The request's problems, and the query parameters that are inputs.
    check: fn(&WireRequest) -> (Vec<String>, Vec<String>),
    example: fn() -> Option<Reply>,
}

struct Shared {
    api: &'static str,
    routes: Vec<Registered>,
    max_body: usize,
    body_read_timeout: Duration,
    state: Mutex<State>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere (a failed assertion in a closure) leaves the
        // state as it was: keep serving it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn check<O>(wire: &WireRequest) -> (Vec<String>, Vec<String>)
where
    O: MockOperation,
    O::Error: MockError,
{
    let mut decoder = Decoder::new(wire);
    let decoded = O::from_wire(&mut decoder);
    // A whole body not sent is a required input not sent (the decoder
    // says so); a body of fields may have no required field to say it.
    if O::BODY_REQUIRED
        && O::ROUTE.body != BodyKind::None
        && !wire.has_body()
        && !decoder.reads_whole_body()
    {
        decoder.problem("the body is required, none was sent".to_owned());
    }
    let inputs = decoder.query_inputs();
    let mut problems = decoder.finish();
    if decoded.is_none() && problems.is_empty() {
        problems.push("the request could not be decoded".to_owned());
    }
    (problems, inputs)
}

/// Sets up a [`MockServer`]: the operations it serves.
pub struct MockServerBuilder {
    api: &'static str,
    routes: Vec<Registered>,
    max_body: usize,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
}

impl MockServerBuilder {
    /// Serves operation `O`.
    pub fn operation<O>(mut self) -> Self
    where
        O: MockOperation,
        O::Error: MockError,
    {
        self.routes.push(Registered {
            name: O::NAME,
            security: O::SECURITY,
            route: O::ROUTE,
            check: check::<O>,
            example: O::example,
        });
        self
    }

    /// The largest request body read (64 MiB by default); a larger one is a violation.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// How long a connection may take to send a request's headers (10 s by
    /// default); a slower one is closed, so that half-open connections do
    /// not pile up.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a request's body may take to arrive whole (30 s by
    /// default); a slower one is refused with `408` (a violation) and its
    /// connection closed, so that a sender dribbling bytes holds nothing.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// Starts the server on a free port of 127.0.0.1, within the current
    /// tokio runtime.
    pub async fn start(self) -> std::io::Result<MockServer> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let shared = Arc::new(Shared {
            api: self.api,
            routes: self.routes,
            max_body: self.max_body,
            body_read_timeout: self.body_read_timeout,
            state: Mutex::new(State::default()),
        });
        let serving = shared.clone();
        let header_read_timeout = self.header_read_timeout;
        let task = tokio::spawn(async move {
            loop {
                let stream = match listener.accept().await {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors and the like: wait, go on.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let shared = serving.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let shared = shared.clone();
                        async move { Ok::<_, Infallible>(handle(&shared, request).await) }
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    // A client that hangs up mid-request is its own business.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .timer(hyper_util::rt::TokioTimer::new())
                        .header_read_timeout(header_read_timeout)
                        .serve_connection(io, service)
                        .await;
                });
            }
        });
        Ok(MockServer {
            base_url,
            shared,
            task,
        })
    }
}

/// A running mock of one API: see the [module docs](super).
pub struct MockServer {
    base_url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("api", &self.shared.api)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// A server for the API named `api` (for messages), to be given its operations.
    pub fn builder(api: &'static str) -> MockServerBuilder {
        MockServerBuilder {
            api,
            routes: Vec::new(),
            max_body: DEFAULT_MAX_BODY,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
        }
    }

    /// The base URL, such as `http://127.0.0.1:41234`, for the API's
    /// `Server::Custom`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Programs and inspects operation `O`; generated mocks have one typed
    /// accessor per operation that calls this.
    pub fn mock<O>(&self) -> Mock<'_, O>
    where
        O: MockOperation,
        O::Error: MockError,
    {
        Mock {
            server: self,
            once: false,
            delay: None,
            operation: PhantomData,
        }
    }

    /// The violations so far, removed: a test that sends a bad request on
    /// purpose takes them to check them (the server then drops quietly).
    pub fn take_violations(&self) -> Vec<Violation> {
        std::mem::take(&mut self.shared.state().violations)
    }

    /// Panics with every violation so far, if there is one.
    pub fn assert_no_violations(&self) {
        let violations = self.take_violations();
        if !violations.is_empty() {
            panic!("{}", render(&violations));
        }
    }
}

fn render(violations: &[Violation]) -> String {
    let mut text = format!(
        "the mock received {} request(s) that break the spec:\n",
        violations.len()
    );
    for v in violations {
        text.push_str(&v.to_string());
    }
    text
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
        if std::thread::panicking() {
            return;
        }
        let violations = self.take_violations();
        if !violations.is_empty() {
            panic!("{}", render(&violations));
        }
    }
}

/// Programs one operation's answers and reads the requests it received,
/// typed: from [`MockServer::mock`] or the generated accessor.
///
/// An answer given with [`Mock::once`] answers one request; answers queue
/// in the order given. Otherwise it answers every request once the queue is
/// empty, until another replaces it. With nothing programmed, the spec's
/// example success body is the answer.
#[must_use = "a `Mock` does nothing until it is given an answer, or asked what it received"]
pub struct Mock<'a, O> {
    server: &'a MockServer,
    once: bool,
    delay: Option<Duration>,
    operation: PhantomData<fn() -> O>,
}

impl<O> Mock<'_, O>
where
    O: MockOperation,
    O::Error: MockError,
{
    /// The next answer given answers one request only.
    pub fn once(mut self) -> Self {
        self.once = true;
        self
    }

    /// The next answer given is sent after `delay` (the request is read and
    /// recorded first).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Answers with the documented success and this body.
    pub fn ok(self, output: O::Output) {
        self.program(ProgramKind::Fixed(O::success(&output)));
    }

    /// The spec's example success body, typed, as a start for [`Mock::ok`].
    ///
    /// # Panics
    ///
    /// When the spec has no example, or one that is not of the body's type
    /// (the message says which): a test set up on a spec that cannot serve it.
    pub fn example_output(&self) -> O::Output {
        let Some(example) = O::example() else {
            panic!("the spec of `{}` has no example success body", O::NAME);
        };
        match O::parse_response(example.to_response()) {
            Ok(output) => output,
            Err(e) => panic!(
                "the spec's example success of `{}` is not a `{}`: {e}",
                O::NAME,
                std::any::type_name::<O::Output>()
            ),
        }
    }

    /// Answers with the spec's example success body, as changed by `edit`:
    /// `mock.op().ok_with(|body| body.id = "n-2".into())`.
    ///
    /// # Panics
    ///
    /// As [`Mock::example_output`].
    pub fn ok_with(self, edit: impl FnOnce(&mut O::Output)) {
        let mut output = self.example_output();
        edit(&mut output);
        self.ok(output);
    }

    /// Answers with this documented error under its one documented status,
    /// in the vendor's wire format.
    ///
    /// # Panics
    ///
    /// For an error documented for a class of statuses (`4XX`) or as the
    /// default: which status the vendor sends is the test's to say, with
    /// [`Mock::error_with_status`].
    pub fn error(self, error: O::Error) {
        let reply = super::reply::error_reply::<O>(&error, None);
        self.program(ProgramKind::Fixed(reply));
    }

    /// Answers with this documented error sent with `status`, in the
    /// vendor's wire format: how a test answers with an error documented
    /// for a class of statuses (`4XX`) or as the default, whose status the
    /// spec leaves open. The client keeps the status in
    /// [`ApiError::status`](crate::ApiError::status).
    ///
    /// # Panics
    ///
    /// When the client would not read that error back from `status`: a
    /// status another response of the operation documents (`404` where the
    /// spec lists a `404` of its own, for a `4XX` error), one outside the
    /// error's class, or a body another shape of the status fits first.
    pub fn error_with_status(self, status: u16, error: O::Error) {
        let reply = super::reply::error_reply::<O>(&error, Some(status));
        self.program(ProgramKind::Fixed(reply));
    }

    /// Answers with the spec's example success body.
    pub fn example(self) {
        self.program(ProgramKind::Example);
    }

    /// Answers with any response, documented or not.
    pub fn reply(self, reply: Reply) {
        self.program(ProgramKind::Fixed(reply));
    }

    /// Answers with a response the vendor does not document: a status and a
    /// `text/plain` body.
    pub fn undocumented(self, status: u16, body: impl Into<Bytes>) {
        self.reply(Reply::raw(status, Some("text/plain"), body));
    }

    /// Answers each request with what `answer` makes of the typed request.
    pub fn with(self, answer: impl Fn(&O) -> Answer<O> + Send + Sync + 'static) {
        let responder: Responder = Arc::new(move |wire: &WireRequest| {
            match O::from_wire(&mut Decoder::new(wire)) {
                Some(request) => answer(&request).into_reply(),
                // Checked before: only a generator bug gets here.
                None => Reply::raw(
                    500,
                    Some("text/plain"),
                    "the mock could not decode the request",
                ),
            }
        });
        self.program(ProgramKind::With(responder));
    }

    /// Serves these pages in order, one per request, then the last one again.
    pub fn pages(self, pages: impl IntoIterator<Item = O::Output>)
    where
        O: Paginated,
    {
        let mut state = self.server.shared.state();
        let operation = state.operations.entry(O::NAME).or_default();
        let mut last = None;
        for page in pages {
            let program = Program {
                delay: self.delay,
                kind: ProgramKind::Fixed(O::success(&page)),
            };
            operation.queue.push_back(program.clone());
            last = Some(program);
        }
        if last.is_some() {
            operation.standing = last;
        }
    }

    /// The requests received so far (that met the spec), typed, in order.
    /// File parts are in memory.
    pub fn received(&self) -> Vec<O> {
        self.received_wire()
            .iter()
            .filter_map(|wire| O::from_wire(&mut Decoder::new(wire)))
            .collect()
    }

    /// The requests received so far (that met the spec), as received: for
    /// headers and raw bytes.
    pub fn received_wire(&self) -> Vec<WireRequest> {
        let state = self.server.shared.state();
        state
            .operations
            .get(O::NAME)
            .map(|o| o.received.clone())
            .unwrap_or_default()
    }

    /// How many requests (that met the spec) the operation received.
    pub fn hits(&self) -> usize {
        let state = self.server.shared.state();
        state
            .operations
            .get(O::NAME)
            .map_or(0, |o| o.received.len())
    }

    /// Forgets every programmed answer: the example answers again.
    pub fn reset(self) {
        let mut state = self.server.shared.state();
        let operation = state.operations.entry(O::NAME).or_default();
        operation.queue.clear();
        operation.standing = None;
    }

    fn program(self, kind: ProgramKind) {
        let program = Program {
            delay: self.delay,
            kind,
        };
        let mut state = self.server.shared.state();
        let operation = state.operations.entry(O::NAME).or_default();
        if self.once {
            operation.queue.push_back(program);
        } else {
            operation.standing = Some(program);
        }
    }
}

type HttpResponse = http::Response<Full<Bytes>>;

/// A request's path parameters: name in the spec, decoded value.
type PathParams = Vec<(&'static str, String)>;

fn respond(reply: Reply) -> HttpResponse {
    let mut response = http::Response::new(Full::new(reply.body));
    *response.status_mut() =
        http::StatusCode::from_u16(reply.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if let Some(content_type) = reply.content_type.as_deref() {
        if let Ok(value) = http::HeaderValue::from_str(content_type) {
            headers.insert(http::header::CONTENT_TYPE, value);
        }
    }
    for (name, value) in &reply.headers {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    }
    response
}

/// Records a violation and answers `status` with its text.
fn refuse(shared: &Shared, status: u16, violation: Violation) -> HttpResponse {
    let text = violation.to_string();
    shared.state().violations.push(violation);
    respond(
        Reply::raw(status, Some("text/plain; charset=utf-8"), text)
            .with_header("x-apigen-mock", "violation"),
    )
}

async fn handle(shared: &Shared, request: http::Request<Incoming>) -> HttpResponse {
    let (head, body) = request.into_parts();
    // Query values are shown only for the operation's inputs: any other
    // parameter may carry an API key (under its name or a wrong one).
    let shown = |inputs: &[String]| {
        format!(
            "{} {}{}",
            head.method,
            head.uri.path(),
            head.uri
                .query()
                .map(|q| format!("?{}", super::security::redacted(q, inputs)))
                .unwrap_or_default()
        )
    };
    let violation = |operation: Option<&'static str>, problems: Vec<String>| Violation {
        api: shared.api,
        operation,
        request: shown(&[]),
        problems,
    };
    let path = head.uri.path();
    // The matching route with the most literal text: `/notes/search` over `/notes/{id}`.
    let mut best: Option<(&Registered, PathParams, usize)> = None;
    let mut other_methods = Vec::new();
    for registered in &shared.routes {
        let Some(params) = match_path(registered.route.path, path) else {
            continue;
        };
        if registered.route.method != head.method.as_str() {
            other_methods.push(format!("{} ({})", registered.route.method, registered.name));
            continue;
        }
        let literal: usize = registered
            .route
            .path
            .iter()
            .map(|p| match p {
                PathPiece::Literal(text) => text.len(),
                PathPiece::Param(_) => 0,
            })
            .sum();
        if best.as_ref().is_none_or(|(_, _, l)| literal > *l) {
            best = Some((registered, params, literal));
        }
    }
    let Some((registered, path_params, _)) = best else {
        let problem = if other_methods.is_empty() {
            "no operation has this path".to_owned()
        } else {
            format!(
                "this path is documented for {} only",
                other_methods.join(", ")
            )
        };
        return refuse(shared, 404, violation(None, vec![problem]));
    };
    // Read once the operation is known, so that a refusal names it; within
    // the body timeout, so that a dribbling sender is cut off.
    let read = Limited::new(body, shared.max_body).collect();
    let Ok(read) = tokio::time::timeout(shared.body_read_timeout, read).await else {
        let problem = format!(
            "the body did not arrive within {:?} (`MockServerBuilder::body_read_timeout` sets it)",
            shared.body_read_timeout
        );
        return refuse(shared, 408, violation(Some(registered.name), vec![problem]));
    };
    let body = match read {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            let too_large = e
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            let (status, problem) = if too_large {
                (
                    413,
                    format!(
                        "the body is larger than the mock reads ({} bytes; `MockServerBuilder::max_body_bytes` sets it)",
                        shared.max_body
                    ),
                )
            } else {
                (400, format!("the body could not be read: {e}"))
            };
            return refuse(
                shared,
                status,
                violation(Some(registered.name), vec![problem]),
            );
        }
    };
    let mut problems = super::security::check(registered.security, &head.headers, head.uri.query());
    for (name, value) in registered.route.fixed_headers {
        match head.headers.get(*name).map(|v| v.to_str()) {
            Some(Ok(sent)) if sent == *value => {}
            Some(sent) => problems.push(format!(
                "header `{name}`: must be `{value}`, was `{}`",
                sent.unwrap_or("(not text)")
            )),
            None => problems.push(format!("header `{name}`: must be `{value}`, not sent")),
        }
    }
    // The operation's API keys are its credentials, not its inputs.
    let keys: Vec<&str> = super::security::query_names(registered.security).collect();
    let query = head
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .filter(|(k, _)| !keys.contains(&k.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let content_type = head
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let mut parts = Vec::new();
    let mut raw_body = Bytes::new();
    let mut json = None;
    // Nothing, not even a `Content-Type`: no body was sent, which is a
    // request's right where the body is not required, and a problem the
    // inputs' decoding reports where it is.
    let absent = body.is_empty() && !head.headers.contains_key(http::header::CONTENT_TYPE);
    match registered.route.body {
        BodyKind::Multipart | BodyKind::Json | BodyKind::FormUrlEncoded | BodyKind::Binary(_)
            if absent => {}
        BodyKind::Multipart => match content_type.map(multer::parse_boundary) {
            Some(Ok(boundary)) => match read_parts(body, boundary).await {
                Ok(read) => parts = read,
                Err(e) => problems.push(format!("the multipart/form-data body is malformed: {e}")),
            },
            Some(Err(_)) | None => problems.push(content_type_problem(
                content_type,
                "`multipart/form-data` with a boundary",
            )),
        },
        BodyKind::Json => {
            if !essence_is(content_type, "application/json") {
                problems.push(content_type_problem(content_type, "`application/json`"));
            }
            match serde_json::from_slice(&body) {
                Ok(value) => json = Some(value),
                Err(e) => problems.push(format!("the body is not JSON: {e}")),
            }
            raw_body = body;
        }
        BodyKind::FormUrlEncoded => {
            if !essence_is(content_type, "application/x-www-form-urlencoded") {
                problems.push(content_type_problem(
                    content_type,
                    "`application/x-www-form-urlencoded`",
                ));
            }
            // Read as text parts, so that form inputs decode as from multipart.
            parts = url::form_urlencoded::parse(&body)
                .map(|(name, value)| ReceivedPart {
                    name: name.into_owned(),
                    file_name: None,
                    content_type: None,
                    data: Bytes::from(value.into_owned()),
                })
                .collect();
            raw_body = body;
        }
        BodyKind::Binary(media_type) => {
            if content_type != Some(media_type) {
                problems.push(content_type_problem(
                    content_type,
                    &format!("`{media_type}`"),
                ));
            }
            raw_body = body;
        }
        BodyKind::None => {
            if !body.is_empty() {
                problems.push(format!(
                    "the operation has no body, {} bytes were sent",
                    body.len()
                ));
            }
            raw_body = body;
        }
    }
    let wire = WireRequest {
        method: head.method.clone(),
        path: path.to_owned(),
        path_params,
        query,
        headers: head.headers.clone(),
        parts,
        body: raw_body,
        json,
    };
    let (more, inputs) = (registered.check)(&wire);
    problems.extend(more);
    if !problems.is_empty() {
        let violation = Violation {
            request: shown(&inputs),
            ..violation(Some(registered.name), problems)
        };
        return refuse(shared, 400, violation);
    }
    let program = {
        let mut state = shared.state();
        let operation = state.operations.entry(registered.name).or_default();
        operation.received.push(wire.clone());
        operation
            .queue
            .pop_front()
            .or_else(|| operation.standing.clone())
    };
    let program = program.unwrap_or(Program {
        delay: None,
        kind: ProgramKind::Example,
    });
    if let Some(delay) = program.delay {
        tokio::time::sleep(delay).await;
    }
    let reply = match program.kind {
        ProgramKind::Fixed(reply) => reply,
        ProgramKind::With(responder) => {
            // An assertion failing inside the closure fails the test when the
            // mock is dropped, rather than dropping the connection unexplained.
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| responder(&wire))) {
                Ok(reply) => reply,
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<String>()
                        .map(String::as_str)
                        .or_else(|| panic.downcast_ref::<&str>().copied())
                        .unwrap_or("(no message)");
                    let problem = format!(
                        "the answer closure of `{}` panicked: {message}",
                        registered.name
                    );
                    return refuse(shared, 500, violation(Some(registered.name), vec![problem]));
                }
            }
        }
        ProgramKind::Example => match (registered.example)() {
            Some(reply) => reply,
            None => {
                let problem = format!(
                    "no answer is programmed for `{}`, and its spec has no example to answer with",
                    registered.name
                );
                return refuse(shared, 501, violation(Some(registered.name), vec![problem]));
            }
        },
    };
    respond(reply)
}

/// Whether `sent` is the media type `expected`, parameters aside.
fn essence_is(sent: Option<&str>, expected: &str) -> bool {
    sent.and_then(|c| c.parse::<mime::Mime>().ok())
        .is_some_and(|m| m.essence_str() == expected)
}

/// The problem of a `Content-Type` that is not `wanted` (or not sent).
fn content_type_problem(sent: Option<&str>, wanted: &str) -> String {
    format!(
        "header `Content-Type`: must be {wanted}, was {}",
        sent.map_or("not sent".to_owned(), |c| format!("`{c}`"))
    )
}

/// The path parameters, if `path` matches the route's pieces. A parameter
/// is one non-empty segment (no `/`), percent-decoded.
fn match_path(pieces: &[PathPiece], path: &str) -> Option<PathParams> {
    let mut rest = path;
    let mut params = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            PathPiece::Literal(text) => rest = rest.strip_prefix(text)?,
            PathPiece::Param(name) => {
                let segment_end = rest.find('/').unwrap_or(rest.len());
                let end = match pieces.get(index + 1) {
                    Some(PathPiece::Literal(next)) if !next.starts_with('/') => {
                        rest[..segment_end].find(next)?
                    }
                    _ => segment_end,
                };
                if end == 0 {
                    return None;
                }
                let value = percent_encoding::percent_decode_str(&rest[..end])
                    .decode_utf8_lossy()
                    .into_owned();
                params.push((*name, value));
                rest = &rest[end..];
            }
        }
    }
    rest.is_empty().then_some(params)
}

async fn read_parts(body: Bytes, boundary: String) -> Result<Vec<ReceivedPart>, multer::Error> {
    let stream = futures_util::stream::once(async move { Ok::<_, Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        let data = field.bytes().await?;
        parts.push(ReceivedPart {
            name,
            file_name,
            content_type,
            data,
        });
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD_ATTACHMENTS: &[PathPiece] = &[
        PathPiece::Literal("/crm/v7/"),
        PathPiece::Param("module"),
        PathPiece::Literal("/"),
        PathPiece::Param("id"),
        PathPiece::Literal("/Attachments"),
    ];

    #[test]
    fn paths_match_whole_segments() {
        assert_eq!(
            match_path(RECORD_ATTACHMENTS, "/crm/v7/Leads/12%2F3/Attachments"),
            Some(vec![
                ("module", "Leads".to_owned()),
                ("id", "12/3".to_owned())
            ])
        );
        assert_eq!(
            match_path(RECORD_ATTACHMENTS, "/crm/v7/Leads/1/2/Attachments"),
            None
        );
        assert_eq!(
            match_path(RECORD_ATTACHMENTS, "/crm/v7//1/Attachments"),
            None
        );
        assert_eq!(
            match_path(RECORD_ATTACHMENTS, "/crm/v7/Leads/1/Attachments/"),
            None
        );
        let file = &[
            PathPiece::Literal("/f/"),
            PathPiece::Param("id"),
            PathPiece::Literal(".json"),
        ];
        assert_eq!(
            match_path(file, "/f/a.json"),
            Some(vec![("id", "a".to_owned())])
        );
    }
}
