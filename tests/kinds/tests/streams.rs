//! Server-sent events end to end: the generated `watch_contacts` (a stream
//! that resumes) and `summarize_contact` (one that does not) against a
//! local HTTP server written byte by byte, so that every frame is split at
//! every byte boundary; with comments and keep-alives, a connection dropped
//! in the middle of an event, an endless line, a refused reconnection; and
//! the typed mock streaming events.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use apigen_runtime::sse::{Event, EventStream, Limits, StreamError};
use apigen_runtime::{AccessToken, Client, Error, UnhandledReason};
use kinds::kinds::mock::MockServer;
use kinds::kinds::summarize_contact::{SummarizeContactEvent, SummarizeContactRequest};
use kinds::kinds::watch_contacts::{WatchContactsEvent, WatchContactsRequest};
use kinds::kinds::watch_tasks::{WatchTasksEvent, WatchTasksRequest};
use kinds::kinds::{Contact, Server, Status};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What one connection gets: a status line and headers, then the body in
/// pieces; `split` writes the body one byte per write.
#[derive(Clone)]
struct Answer {
    head: &'static str,
    body: Vec<u8>,
    split: bool,
    after: After,
}

/// What the server does once the body is written.
#[derive(Clone, Copy, PartialEq)]
enum After {
    /// Closes the connection: the body's end.
    Close,
    /// Writes bytes forever (an endless line).
    Endless,
    /// Sends this many keep-alive comments, 100 ms apart, then keeps the
    /// connection open, silent.
    Silence { keep_alives: usize },
}

const STREAM: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n";

fn answer(body: &str) -> Answer {
    Answer {
        head: STREAM,
        body: body.as_bytes().to_vec(),
        split: true,
        after: After::Close,
    }
}

/// An answer written at once, then closed.
fn whole(head: &'static str, body: &[u8]) -> Answer {
    Answer {
        head,
        body: body.to_vec(),
        split: false,
        after: After::Close,
    }
}

/// A server answering each connection with the next `answers` (the last
/// one again when they run out); the request heads it received.
struct Scripted {
    base: String,
    requests: Arc<Mutex<Vec<String>>>,
    /// Bytes of endless lines the server managed to write.
    written: Arc<Mutex<usize>>,
}

async fn serve(answers: Vec<Answer>) -> Scripted {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let written = Arc::new(Mutex::new(0));
    let (seen, count) = (requests.clone(), written.clone());
    tokio::spawn(async move {
        let mut next = 0;
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            socket.set_nodelay(true).unwrap();
            let answer = answers[next.min(answers.len() - 1)].clone();
            next += 1;
            let (seen, count) = (seen.clone(), count.clone());
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if socket.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                seen.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&head).into_owned());
                let _ = socket.write_all(answer.head.as_bytes()).await;
                if answer.split {
                    for b in &answer.body {
                        if socket.write_all(&[*b]).await.is_err() {
                            return;
                        }
                        let _ = socket.flush().await;
                    }
                } else if socket.write_all(&answer.body).await.is_err() {
                    return;
                }
                match answer.after {
                    After::Close => {}
                    After::Endless => {
                        let line = vec![b'x'; 16 * 1024];
                        while socket.write_all(&line).await.is_ok() {
                            *count.lock().unwrap() += line.len();
                        }
                    }
                    After::Silence { keep_alives } => {
                        for _ in 0..keep_alives {
                            tokio::time::sleep(Duration::from_millis(100)).await;
                            let _ = socket.write_all(b":\n").await;
                        }
                        let _ = socket.read(&mut byte).await;
                    }
                }
                // Dropping the socket closes the connection: the body's end.
            });
        }
    });
    Scripted {
        base,
        requests,
        written,
    }
}

fn client(base: &str) -> Client<Server> {
    Client::new(AccessToken::new("t0k3n"), Server::Custom(base.to_owned())).unwrap()
}

fn ada() -> Contact {
    serde_json::from_str(r#"{"id": "c-1", "name": "Ada", "status": "active"}"#).unwrap()
}

/// A stream's items, each error as its Debug text.
async fn all<E: apigen_runtime::sse::Events>(
    mut stream: EventStream<E>,
) -> Vec<Result<Event<E>, StreamError>> {
    let mut items = Vec::new();
    while let Some(item) = tokio::time::timeout(Duration::from_secs(10), stream.next_event())
        .await
        .expect("the stream neither ends nor yields")
    {
        items.push(item);
    }
    items
}

const CHANGES: &str = ": the stream starts\n\nretry: 20\n\
id: 1\nevent: contact\ndata: {\"id\": \"c-1\", \"name\": \"Ada\",\ndata:  \"status\": \"active\"}\n\n\
:keep-alive\n\n:keep-alive\r\n\r\n\
event: ping\ndata\n\n\
id: 2\r\nevent: deleted\r\ndata: c-2\r\n\r\n\
event: renamed\ndata: {\"id\": \"c-3\"}\n\n";

#[tokio::test]
async fn a_stream_written_byte_by_byte_reads_as_typed_events() {
    let server = serve(vec![answer(CHANGES)]).await;
    let stream = client(&server.base)
        .send(
            WatchContactsRequest::builder()
                .status(Status::Active)
                .build(),
        )
        .await
        .unwrap();
    assert!(stream.resumes(), "the spec says this stream resumes");
    let items = all(stream).await;
    let events: Vec<(String, WatchContactsEvent, Option<String>)> = items
        .into_iter()
        .map(|i| {
            let e = i.unwrap();
            (e.name, e.data, e.id)
        })
        .collect();
    let one = Some("1".to_owned());
    let two = Some("2".to_owned());
    assert_eq!(
        events,
        [
            (
                "contact".into(),
                WatchContactsEvent::Contact(ada()),
                one.clone()
            ),
            ("ping".into(), WatchContactsEvent::Ping, one),
            (
                "deleted".into(),
                WatchContactsEvent::Deleted("c-2".into()),
                two.clone()
            ),
            (
                "renamed".into(),
                WatchContactsEvent::Unknown {
                    name: "renamed".into(),
                    data: r#"{"id": "c-3"}"#.into()
                },
                two
            ),
        ]
    );
    let requests = server.requests.lock().unwrap();
    assert_eq!(
        requests.len(),
        1,
        "a stream that ends between events is done"
    );
    assert!(requests[0].starts_with("GET /contacts/changes?status=active "));
    assert!(requests[0].contains("authorization: Bearer t0k3n"));
}

#[tokio::test]
async fn a_connection_dropped_inside_an_event_resumes_with_last_event_id() {
    let server = serve(vec![
        answer("retry: 10\nid: 41\nevent: deleted\ndata: c-9\n\nid: 42\nevent: contact\ndata: {\"id\": \"c-1\","),
        // A malformed event, then the one the drop cut short.
        answer("event: contact\ndata: {oops\n\nid: 42\nevent: contact\ndata: {\"id\": \"c-1\", \"name\": \"Ada\", \"status\": \"active\"}\n\n"),
    ])
    .await;
    let items = all(client(&server.base)
        .send(WatchContactsRequest::builder().build())
        .await
        .unwrap())
    .await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(
        items[0].as_ref().unwrap().data,
        WatchContactsEvent::Deleted("c-9".into())
    );
    match &items[1] {
        Err(e @ StreamError::MalformedData { name, id, data, .. }) => {
            assert!(e.is_skipped());
            assert_eq!(
                (name.as_str(), id.as_deref(), data.as_str()),
                ("contact", Some("41"), "{oops")
            );
        }
        other => panic!("{other:?}"),
    }
    let last = items[2].as_ref().unwrap();
    assert_eq!(
        (&last.data, last.id.as_deref()),
        (&WatchContactsEvent::Contact(ada()), Some("42"))
    );
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests.len(), 2);
    assert!(!requests[0].contains("last-event-id"));
    // The last id dispatched, not the one of the event cut short; signed again.
    assert!(
        requests[1].contains("last-event-id: 41\r\n"),
        "{}",
        requests[1]
    );
    assert!(requests[1].contains("authorization: Bearer t0k3n"));
}

#[tokio::test]
async fn a_stream_with_documented_headers_resumes_too() {
    const HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nx-stream-id: s-1\r\nconnection: close\r\n\r\n";
    let task = r#"{"priority": 3, "consent": true, "stage": "active"}"#;
    let server = serve(vec![
        whole(
            HEAD,
            format!("retry: 5\nid: 1\nevent: task\ndata: {task}\n\nevent: task\ndata: {{")
                .as_bytes(),
        ),
        whole(
            HEAD,
            format!("id: 2\nevent: task\ndata: {task}\n\n").as_bytes(),
        ),
    ])
    .await;
    let response = client(&server.base)
        .send(WatchTasksRequest::builder().build())
        .await
        .unwrap();
    assert_eq!(response.headers.x_stream_id.as_deref(), Some("s-1"));
    let items = all(response.body).await;
    let ids: Vec<_> = items
        .iter()
        .map(|i| {
            let e = i.as_ref().unwrap();
            assert!(matches!(e.data, WatchTasksEvent::Task(_)));
            e.id.clone().unwrap()
        })
        .collect();
    assert_eq!(ids, ["1", "2"]);
    assert!(server.requests.lock().unwrap()[1].contains("last-event-id: 1\r\n"));
}

#[tokio::test]
async fn a_stream_that_does_not_resume_ends_with_the_connection_error() {
    let server = serve(vec![answer("data: Ada joined\n\ndata: in 20")]).await;
    let items = all(client(&server.base)
        .send(SummarizeContactRequest::builder().contact_id("c-1").build())
        .await
        .unwrap())
    .await;
    assert_eq!(
        items[0].as_ref().unwrap().data,
        SummarizeContactEvent::Message("Ada joined".into())
    );
    match &items[1] {
        Err(StreamError::Connection(e)) => assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof),
        other => panic!("{other:?}"),
    }
    assert_eq!(items.len(), 2);
    assert_eq!(server.requests.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn an_endless_line_is_refused_and_the_connection_closed() {
    let mut endless = answer("data: first\n\ndata: ");
    endless.split = false;
    endless.after = After::Endless;
    let server = serve(vec![endless]).await;
    let stream = client(&server.base)
        .send(SummarizeContactRequest::builder().contact_id("c-1").build())
        .await
        .unwrap()
        .with_limits(Limits {
            max_line_bytes: 256 * 1024,
            ..Limits::DEFAULT
        });
    let items = all(stream).await;
    assert!(
        matches!(items[0], Ok(ref e) if e.data == SummarizeContactEvent::Message("first".into()))
    );
    assert!(
        matches!(items[1], Err(StreamError::LineTooLong { limit: 262_144 })),
        "{items:?}"
    );
    assert_eq!(items.len(), 2);
    // The client stopped reading: the server's writes fail soon after.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let written = *server.written.lock().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        *server.written.lock().unwrap(),
        written,
        "the server still writes"
    );
    assert!(written < 64 << 20, "{written} bytes written");
}

#[tokio::test]
async fn keep_alives_hold_a_quiet_stream_open_silence_times_it_out() {
    // Comments every 100 ms keep a stream with a 300 ms idle timeout alive
    // for a second; then silence ends it with a timeout.
    let mut alive = answer("data: start\n\n");
    alive.after = After::Silence { keep_alives: 10 };
    let server = serve(vec![alive]).await;
    let client = Client::builder(AccessToken::new("t"), Server::Custom(server.base.clone()))
        .idle_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let items = all(client
        .send(SummarizeContactRequest::builder().contact_id("c-1").build())
        .await
        .unwrap())
    .await;
    assert!(
        matches!(items[0], Ok(ref e) if e.data == SummarizeContactEvent::Message("start".into()))
    );
    match &items[1] {
        Err(StreamError::Connection(e)) => assert_eq!(e.kind(), std::io::ErrorKind::TimedOut),
        other => panic!("{other:?}"),
    }
    let took = started.elapsed();
    assert!(
        took > Duration::from_millis(1000) && took < Duration::from_secs(5),
        "{took:?}"
    );
}

#[tokio::test]
async fn a_refused_reconnection_keeps_its_status_and_body() {
    let refusal = whole(
        "HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: 16\r\nconnection: close\r\n\r\n",
        br#"{"error":"nope"}"#,
    );
    let server = serve(vec![answer("retry: 5\nid: 1\ndata: {\"id\":"), refusal]).await;
    let items = all(client(&server.base)
        .send(WatchContactsRequest::builder().build())
        .await
        .unwrap())
    .await;
    match items.as_slice() {
        [Err(StreamError::Refused { status, body })] => {
            assert_eq!(status.as_u16(), 403);
            assert_eq!(body.as_ref(), br#"{"error":"nope"}"#);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_success_that_is_not_a_stream_is_undocumented_with_its_body() {
    let json = whole(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 13\r\nconnection: close\r\n\r\n",
        br#"{"error":"x"}"#,
    );
    let server = serve(vec![json]).await;
    match client(&server.base)
        .send(WatchContactsRequest::builder().build())
        .await
    {
        Err(Error::Undocumented(u)) => {
            assert_eq!(u.status().as_u16(), 200);
            assert_eq!(u.body().as_ref(), br#"{"error":"x"}"#);
            assert!(
                matches!(u.reason(), UnhandledReason::MalformedBody(r) if r.contains("application/json"))
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_mock_streams_its_examples_and_the_events_a_test_gives() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    // By default: the spec's examples, one event each.
    let items = all(client
        .send(WatchContactsRequest::builder().build())
        .await
        .unwrap())
    .await;
    let data: Vec<_> = items.into_iter().map(|i| i.unwrap().data).collect();
    assert_eq!(
        data,
        [
            WatchContactsEvent::Contact(ada()),
            WatchContactsEvent::Deleted("c-2".into())
        ]
    );
    // The examples typed, as a start for a test's own answer.
    let mut example = mock.watch_contacts().example_output();
    assert_eq!(example.in_memory().map(<[_]>::len), Some(2));
    let first = example.next_event().await.unwrap().unwrap();
    assert_eq!(first.data, WatchContactsEvent::Contact(ada()));
    // A test's own events, ids and multi-line text included.
    mock.summarize_contact().ok(EventStream::from_events(vec![
        Event::new(SummarizeContactEvent::Message("line one\nline two".into())).with_id("7"),
        Event::new(SummarizeContactEvent::Message(String::new())),
    ]));
    let items = all(client
        .send(SummarizeContactRequest::builder().contact_id("c-1").build())
        .await
        .unwrap())
    .await;
    let got: Vec<_> = items
        .into_iter()
        .map(|i| {
            let e = i.unwrap();
            (e.data, e.id)
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                SummarizeContactEvent::Message("line one\nline two".into()),
                Some("7".into())
            ),
            (
                SummarizeContactEvent::Message(String::new()),
                Some("7".into())
            ),
        ]
    );
    mock.assert_no_violations();
}

/// A stream's items, failing the test when the stream does not end within
/// 20 s (a stream that reconnects without end).
async fn all_within<E: apigen_runtime::sse::Events>(
    stream: EventStream<E>,
) -> Vec<Result<Event<E>, StreamError>> {
    tokio::time::timeout(Duration::from_secs(20), all(stream))
        .await
        .expect("the stream reconnected without end")
}

/// Limits quick enough for a test, and otherwise the defaults.
fn quick(limits: Limits) -> Limits {
    Limits {
        min_reconnect_delay: Duration::from_millis(20),
        max_reconnect_delay: Duration::from_millis(200),
        ..limits
    }
}

#[tokio::test]
async fn a_servers_retry_of_49_days_is_capped() {
    // `retry: 4294967295`, then a cut inside an event: the stream stayed
    // pending with no connection open, beyond any timeout of the client.
    let server = serve(vec![
        answer("retry: 4294967295\nid: 1\nevent: deleted\ndata: c-1\n\nevent: deleted\ndata: c"),
        answer("id: 2\nevent: deleted\ndata: c-2\n\n"),
    ])
    .await;
    let stream = client(&server.base)
        .send(WatchContactsRequest::builder().build())
        .await
        .unwrap()
        .with_limits(quick(Limits::DEFAULT));
    assert_eq!(
        stream.limits().max_reconnect_delay,
        Duration::from_millis(200)
    );
    let items = all(stream).await;
    let ids: Vec<_> = items
        .iter()
        .map(|i| i.as_ref().unwrap().id.clone())
        .collect();
    assert_eq!(ids, [Some("1".into()), Some("2".into())]);
    assert_eq!(server.requests.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_server_that_cuts_after_each_event_gets_backoff_and_then_nothing() {
    // `retry: 0`, one event, a cut: 5,180 reconnections in 10 s before,
    // each event resetting the count. Now: the floor, a delay that doubles
    // whatever the events, and a budget per window.
    let cut = "retry: 0\nid: 1\nevent: deleted\ndata: c-1\n\nevent: deleted\ndata: c";
    let server = serve(vec![answer(cut)]).await;
    let stream = client(&server.base)
        .send(WatchContactsRequest::builder().build())
        .await
        .unwrap()
        .with_limits(quick(Limits {
            reconnect_budget: 5,
            ..Limits::DEFAULT
        }));
    let started = std::time::Instant::now();
    let items = all_within(stream).await;
    let (last, events) = items.split_last().unwrap();
    assert_eq!(events.len(), 6, "{items:?}");
    assert!(events.iter().all(Result::is_ok));
    match last {
        Err(e @ StreamError::ReconnectBudget { reconnects: 5, .. }) => {
            assert!(e.to_string().contains("5 reconnections within 600s"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests.lock().unwrap().len(), 6);
    // 20 ms, then at least 20, 40, 80 and 100 ms (the cap's half): the
    // events did not reset the backoff.
    assert!(
        started.elapsed() >= Duration::from_millis(260),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn with_the_default_limits_a_zero_retry_waits_the_floor() {
    let cut = "retry: 0\nid: 1\nevent: deleted\ndata: c-1\n\nevent: deleted\ndata: c";
    let server = serve(vec![answer(cut)]).await;
    let mut stream = client(&server.base)
        .send(WatchContactsRequest::builder().build())
        .await
        .unwrap();
    let started = std::time::Instant::now();
    // The first event, then the second connection's.
    stream.next_event().await.unwrap().unwrap();
    stream.next_event().await.unwrap().unwrap();
    assert!(
        started.elapsed() >= Limits::DEFAULT.min_reconnect_delay,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn an_event_id_no_header_can_carry_is_reported_not_dropped() {
    // Before: the id was left out of the reconnection, and the server
    // replayed the stream from its start.
    let server = serve(vec![answer(
        "retry: 5\nid: 4\u{1}2\nevent: deleted\ndata: c-1\n\nevent: deleted\ndata: c",
    )])
    .await;
    let items = all_within(
        client(&server.base)
            .send(WatchContactsRequest::builder().build())
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().id.as_deref(), Some("4\u{1}2"));
    match &items[1] {
        Err(StreamError::UnsendableEventId { id, .. }) => assert_eq!(id, "4\u{1}2"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        server.requests.lock().unwrap().len(),
        1,
        "no reconnection without the id"
    );
}
