//! The reqwest client against a fault-injecting server on 127.0.0.1:
//! redirects, oversized and endless bodies, stalls, slow peers, broken HTTP,
//! and what the client must never leak.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;

use generated::runtime::{
    AccessToken, Client, Error, FilePart, TransportErrorKind, UnhandledReason,
};
use generated::zoho_crm::upload_attachment::UploadAttachmentRequest;
use generated::zoho_crm::{Module, Server};
use tests::emulator::Emulator;
use tests::hostile::{Fault, Hostile};

fn client(base_url: &str) -> Client<Server> {
    Client::new(
        AccessToken::new("t0ken"),
        Server::Custom(base_url.to_owned()),
    )
    .unwrap()
}

fn upload(file: FilePart) -> UploadAttachmentRequest {
    UploadAttachmentRequest::builder()
        .module(Module::Leads)
        .record_id("1000000231009")
        .file(file)
        .build()
}

fn small_upload() -> UploadAttachmentRequest {
    upload(FilePart::from_bytes("a.txt", "hello"))
}

fn transport_kind<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, Error<E>>,
) -> generated::runtime::TransportError {
    match result {
        Err(Error::Transport(e)) => e,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

const SUCCESS: &str = r#"{"data":[{"code":"SUCCESS","details":{"Modified_Time":"2021-05-03T18:03:00+05:30","Modified_By":{"name":"a","id":"1"},"Created_Time":"2021-05-03T18:03:00+05:30","id":"2","Created_By":{"name":"b","id":"3"}},"message":"ok","status":"success"}]}"#;

fn reply(status_line: &str, headers: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status_line}\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[tokio::test]
async fn redirects_are_never_followed_and_never_reported_as_success() {
    // The target would answer with a success-shaped body to anything.
    let target = Hostile::start(Fault::Reply(reply("200 OK", "", SUCCESS))).await;
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "303 See Other",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let location = format!(
            "location: {}/crm/v7/Leads/1/Attachments\r\n",
            target.base_url
        );
        let redirecting = Hostile::start(Fault::Reply(reply(status, &location, ""))).await;
        match client(&redirecting.base_url).send(small_upload()).await {
            Err(Error::Undocumented(raw)) => {
                assert_eq!(raw.status().as_str(), &status[..3]);
                assert_eq!(raw.reason(), &UnhandledReason::UndocumentedStatus);
                assert!(raw.headers()["location"]
                    .to_str()
                    .unwrap()
                    .starts_with(&target.base_url));
            }
            other => panic!("{status}: {other:?}"),
        }
        assert_eq!(redirecting.requests().len(), 1, "{status}");
    }
    assert!(
        target.requests().is_empty(),
        "no request reached the redirect target"
    );
}

#[tokio::test]
async fn no_referer_and_no_user_info_leave_the_client() {
    let server = Hostile::start(Fault::Reply(reply("200 OK", "", SUCCESS))).await;
    let with_password = server.base_url.replace("http://", "http://user:s3cret@");
    client(&with_password).send(small_upload()).await.unwrap();
    let head = server.heads().remove(0).to_ascii_lowercase();
    assert!(!head.contains("referer"), "{head}");
    assert!(
        !head.contains("s3cret") && !head.contains("basic"),
        "{head}"
    );
    assert!(
        head.contains("authorization: zoho-oauthtoken t0ken"),
        "{head}"
    );
}

#[tokio::test]
async fn an_oversized_response_is_a_typed_error_that_keeps_its_head() {
    // Announced larger than the limit: refused after the head, not read whole.
    let mut huge = b"HTTP/1.1 200 OK\r\ncontent-length: 1073741824\r\n\r\n".to_vec();
    huge.extend(std::iter::repeat_n(b'{', 200 * 1024));
    let announced = Hostile::start(Fault::Reply(huge)).await;
    let e = transport_kind(client(&announced.base_url).send(small_upload()).await);
    assert_eq!(e.kind(), TransportErrorKind::ResponseTooLarge, "{e}");
    assert_eq!(e.status(), Some(http::StatusCode::OK));
    let head = e.partial_body().unwrap();
    assert!(
        !head.is_empty() && head.len() <= 64 * 1024,
        "{}",
        head.len()
    );
    assert!(head.iter().all(|b| *b == b'{'));

    // Endless, under a limit of 1 MiB: ends at the limit.
    let endless = Hostile::start(Fault::Endless).await;
    let limited = Client::builder(
        AccessToken::new("t"),
        Server::Custom(endless.base_url.clone()),
    )
    .max_response_bytes(1 << 20)
    .build()
    .unwrap();
    let started = Instant::now();
    let e = transport_kind(limited.send(small_upload()).await);
    assert_eq!(e.kind(), TransportErrorKind::ResponseTooLarge, "{e}");
    assert!(e.to_string().contains("1048576"), "{e}");
    assert_eq!(e.partial_body().unwrap().len(), 64 * 1024);
    assert!(started.elapsed() < Duration::from_secs(10));

    // An error body of 2 MiB under the default limit (8 MiB) is read and kept.
    let body = format!(
        r#"{{"code":"X","message":"{}","status":"error"}}"#,
        "m".repeat(2 << 20)
    );
    let big_error = Hostile::start(Fault::Reply(reply("400 Bad Request", "", &body))).await;
    match client(&big_error.base_url).send(small_upload()).await {
        Err(Error::Undocumented(raw)) => assert_eq!(raw.body().len(), body.len()),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_stalled_server_is_caught_by_the_idle_timeout() {
    let server = Hostile::start(Fault::Stall).await;
    let client = Client::builder(
        AccessToken::new("t"),
        Server::Custom(server.base_url.clone()),
    )
    .idle_timeout(Duration::from_millis(300))
    .build()
    .unwrap();
    let started = Instant::now();
    let e = transport_kind(client.send(small_upload()).await);
    assert_eq!(e.kind(), TransportErrorKind::Timeout, "{e}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_long_upload_succeeds_while_bytes_flow() {
    // 24 MiB read at about 8 MiB/s: three seconds, far longer than the idle
    // timeout, and it succeeds because the server keeps reading.
    let slow = Fault::ReadSlowly {
        chunk: 256 * 1024,
        every: Duration::from_millis(31),
        then: reply("200 OK", "", SUCCESS),
    };
    let server = Hostile::start(slow.clone()).await;
    let data = vec![7u8; 24 << 20];
    let client = Client::builder(
        AccessToken::new("t"),
        Server::Custom(server.base_url.clone()),
    )
    .idle_timeout(Duration::from_millis(1500))
    .build()
    .unwrap();
    let started = Instant::now();
    client
        .send(upload(FilePart::from_bytes("big.bin", data.clone())))
        .await
        .unwrap();
    assert!(
        started.elapsed() > Duration::from_millis(1500),
        "the server read slowly"
    );
    assert!(server.requests()[0].len() > 24 << 20);

    // A total timeout, when set, still ends the exchange.
    let server = Hostile::start(slow).await;
    let hurried = Client::with_timeout(
        AccessToken::new("t"),
        Server::Custom(server.base_url.clone()),
        Duration::from_millis(500),
    )
    .unwrap();
    let e = transport_kind(
        hurried
            .send(upload(FilePart::from_bytes("big.bin", data)))
            .await,
    );
    assert_eq!(e.kind(), TransportErrorKind::Timeout, "{e}");
}

#[tokio::test]
async fn broken_http_responses_are_protocol_errors() {
    let cases: [(&str, Vec<u8>); 4] = [
        (
            "garbage status line",
            b"HTCPCP/9 I'm a teapot, really\r\n\r\n".to_vec(),
        ),
        ("empty reply", Vec::new()),
        (
            "oversized header",
            format!("HTTP/1.1 200 OK\r\nx-big: {}\r\n\r\n", "a".repeat(1 << 20)).into_bytes(),
        ),
        (
            "conflicting lengths",
            b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 7\r\n\r\nhello".to_vec(),
        ),
    ];
    for (what, bytes) in cases {
        let server = Hostile::start(Fault::Reply(bytes)).await;
        let e = transport_kind(client(&server.base_url).send(small_upload()).await);
        assert_eq!(e.kind(), TransportErrorKind::Protocol, "{what}: {e}");
    }
}

#[tokio::test]
async fn path_parameters_reach_the_server_as_given() {
    let server = Hostile::start(Fault::Reply(reply("200 OK", "", SUCCESS))).await;
    let client = client(&server.base_url);
    let cases = [
        (
            Module::Leads,
            "a\r\nb\tc",
            "/crm/v7/Leads/a%0D%0Ab%09c/Attachments",
        ),
        (
            Module::Leads,
            "a/b?c#d",
            "/crm/v7/Leads/a%2Fb%3Fc%23d/Attachments",
        ),
        (
            Module::Custom("x y".into()),
            "...",
            "/crm/v7/x%20y/.../Attachments",
        ),
    ];
    for (module, record, _) in cases.clone() {
        let request = UploadAttachmentRequest::builder()
            .module(module)
            .record_id(record)
            .attachment_url("https://example.com")
            .build();
        client.send(request).await.unwrap();
    }
    for (head, (_, record, path)) in server.heads().iter().zip(cases) {
        let request_line = head.lines().next().unwrap();
        assert_eq!(request_line, format!("POST {path} HTTP/1.1"), "{record:?}");
    }
    // `.` and `..` would be read as navigation on the way: refused, nothing sent.
    for (module, record) in [
        (Module::Leads, ".."),
        (Module::Custom("..".into()), "1"),
        (Module::Leads, "."),
    ] {
        let request = UploadAttachmentRequest::builder()
            .module(module)
            .record_id(record)
            .attachment_url("https://example.com")
            .build();
        match client.send(request).await {
            Err(Error::Request(generated::runtime::RequestError::InvalidPathParam { .. })) => {}
            other => panic!("{record:?}: {other:?}"),
        }
    }
    assert_eq!(server.heads().len(), 3, "nothing more was sent");
}

#[tokio::test]
async fn a_file_that_grows_after_it_was_opened_fails_the_send() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grows.txt");
    std::fs::write(&path, vec![b'a'; 1000]).unwrap();
    let part = FilePart::from_path(&path).unwrap();
    std::io::Write::write_all(
        &mut std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap(),
        &[b'b'; 1000],
    )
    .unwrap();
    let emulator = Emulator::start().await;
    let e = transport_kind(client(&emulator.base_url).send(upload(part)).await);
    assert_eq!(e.kind(), TransportErrorKind::RequestBody, "{e}");
    let chain = std::iter::successors(Some(&e as &dyn std::error::Error), |e| e.source())
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join(": ");
    assert!(chain.contains("grew while it was sent"), "{chain}");
    // The message itself says why, not only its source chain (the probe
    // found it vague: "error sending request").
    assert!(
        e.to_string()
            .contains("the file grew while it was sent: it had 1000 bytes when opened"),
        "{e}"
    );
    assert!(
        emulator.received().iter().all(|r| r.parts.is_empty()),
        "no cut file was accepted"
    );
}

#[tokio::test]
async fn hostile_file_names_arrive_as_file_parts_with_their_bytes() {
    let server = Hostile::start(Fault::Reply(reply("200 OK", "", SUCCESS))).await;
    let names = [
        "evil\\",
        "quote\".txt",
        "nul\u{0}esc\u{1b}.txt",
        "tab\tnew\nline.txt",
    ];
    for name in names {
        client(&server.base_url)
            .send(upload(FilePart::from_bytes(
                name,
                format!("bytes of {name:?}"),
            )))
            .await
            .unwrap();
    }
    for (request, name) in server.requests().iter().zip(names) {
        let parts = tests::parse_raw_multipart(request).await;
        assert_eq!(parts.len(), 1, "{name:?}");
        let part = &parts[0];
        assert_eq!(part.name, "file");
        let file_name = part.file_name.as_deref().expect("still a file part");
        assert!(!file_name
            .chars()
            .any(|c| c.is_control() || c == '"' || c == '\\'));
        assert_eq!(part.data, format!("bytes of {name:?}").as_bytes());
    }
}

/// A GET operation written by hand against the runtime's `Operation` trait
/// (the shipped specs have only uploads, which are POSTs).
#[derive(Debug)]
struct Ping;

#[derive(Debug)]
enum PingError {}

impl generated::runtime::DocumentedError for PingError {
    fn info(&self) -> generated::runtime::ErrorInfo<'_> {
        match *self {}
    }
}

const BEARER: generated::runtime::Security = &[&[generated::runtime::SecurityScheme {
    name: "bearer",
    placement: generated::runtime::Placement::Header {
        name: "Authorization",
        prefix: "Bearer",
    },
}]];

impl generated::runtime::Operation for Ping {
    const NAME: &'static str = "ping";
    const REQUIRED_SCOPES: generated::runtime::ScopeExpr =
        generated::runtime::ScopeExpr::AllOf(&[]);
    const SECURITY: generated::runtime::Security = BEARER;
    type Server = Server;
    type Output = serde_json::Value;
    type Error = PingError;

    fn into_http_request(
        self,
        server: &Server,
        token: &dyn generated::runtime::Secrets,
    ) -> Result<generated::runtime::HttpRequest, generated::runtime::RequestError> {
        let mut request = generated::runtime::RequestBuilder::new(
            generated::runtime::Method::GET,
            server.base_url(),
            BEARER,
            token,
        )?;
        request.path("/ping");
        request.empty()
    }

    fn parse_response(
        response: generated::runtime::Response,
    ) -> Result<serde_json::Value, Error<PingError>> {
        match response.status().as_u16() {
            200 => response.json(),
            _ => response.undocumented(),
        }
    }
}

fn quick_retries() -> generated::runtime::RetryPolicy {
    generated::runtime::RetryPolicy::default()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(20))
}

fn retrying_client(base_url: &str) -> Client<Server> {
    Client::builder(AccessToken::new("t"), Server::Custom(base_url.to_owned()))
        .retry(quick_retries())
        .idle_timeout(Duration::from_millis(300))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_429_is_retried_after_its_retry_after_for_any_method() {
    let server = Hostile::start(Fault::Sequence(vec![
        Fault::Reply(reply("429 Too Many Requests", "retry-after: 1\r\n", "")),
        Fault::Reply(reply(
            "200 OK",
            "ratelimit-policy: \"burst\";q=100;w=10\r\nratelimit: \"burst\";r=99;t=4\r\n",
            SUCCESS,
        )),
    ]))
    .await;
    let client = retrying_client(&server.base_url);
    let started = Instant::now();
    client.send(small_upload()).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited for Retry-After"
    );
    assert_eq!(server.requests().len(), 2);
    // Zoho's spec declares no rate-limit headers: the IETF fields are read.
    let limit = client.rate_limit().expect("reported by the last response");
    let burst = limit.quota("burst").expect("the `burst` policy");
    assert_eq!((burst.remaining, burst.limit), (Some(99), Some(100)));
    assert_eq!(burst.window, Some(Duration::from_secs(10)));
}

#[test]
fn highlevels_rate_limit_headers_come_from_its_spec() {
    let mut headers = http::HeaderMap::new();
    for (name, value) in [
        ("X-RateLimit-Max", "100"),
        ("X-RateLimit-Remaining", "7"),
        ("X-RateLimit-Interval-Milliseconds", "10000"),
        ("X-RateLimit-Limit-Daily", "200000"),
        ("X-RateLimit-Daily-Remaining", "199000"),
    ] {
        headers.insert(name, value.parse().unwrap());
    }
    let limit = generated::highlevel::RATE_LIMITS.read(&headers).unwrap();
    let burst = limit.quota("burst").unwrap();
    assert_eq!(
        (burst.limit, burst.remaining, burst.window),
        (Some(100), Some(7), Some(Duration::from_secs(10)))
    );
    let daily = limit.quota("daily").unwrap();
    assert_eq!(
        (daily.limit, daily.remaining),
        (Some(200_000), Some(199_000))
    );
    assert_eq!(limit.remaining(), Some(7));
    // Zoho's spec declares none: its names mean nothing there.
    assert_eq!(generated::zoho_crm::RATE_LIMITS.read(&headers), None);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_policy_waits_is_returned() {
    let server = Hostile::start(Fault::Reply(reply(
        "429 Too Many Requests",
        "retry-after: 3600\r\n",
        "",
    )))
    .await;
    match retrying_client(&server.base_url).send(small_upload()).await {
        Err(Error::Undocumented(raw)) => assert_eq!(raw.status(), 429),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn server_errors_and_timeouts_are_retried_only_for_idempotent_methods() {
    let flaky = || {
        Fault::Sequence(vec![
            Fault::Reply(reply("503 Service Unavailable", "", "")),
            Fault::Stall,
            Fault::Reply(Vec::new()),
            Fault::Reply(reply("200 OK", "", "{}")),
        ])
    };
    // A POST is sent once: the 503 is returned, nothing is done twice.
    let server = Hostile::start(flaky()).await;
    match retrying_client(&server.base_url).send(small_upload()).await {
        Err(Error::Undocumented(raw)) => assert_eq!(raw.status(), 503),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
    // A GET goes through 503, a stall and an empty reply, and succeeds.
    let server = Hostile::start(flaky()).await;
    let client = Client::builder(
        AccessToken::new("t"),
        Server::Custom(server.base_url.clone()),
    )
    .retry(quick_retries().max_attempts(4))
    .idle_timeout(Duration::from_millis(300))
    .build()
    .unwrap();
    client.send(Ping).await.unwrap();
    assert_eq!(server.requests().len(), 4);
    // With retries off for one call, the first 503 is the answer.
    let server = Hostile::start(flaky()).await;
    let client = retrying_client(&server.base_url);
    let once = client.send_with(Ping, generated::runtime::RetryPolicy::never());
    assert!(once.await.is_err());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_streamed_body_is_never_sent_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "streamed").unwrap();
    let server = Hostile::start(Fault::Sequence(vec![
        Fault::Reply(reply("429 Too Many Requests", "retry-after: 0\r\n", "")),
        Fault::Reply(reply("200 OK", "", SUCCESS)),
    ]))
    .await;
    let result = retrying_client(&server.base_url)
        .send(upload(FilePart::from_path(&path).unwrap()))
        .await;
    match result {
        Err(Error::Undocumented(raw)) => assert_eq!(raw.status(), 429),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 1, "the file cannot be read again");
}

/// The process's peak resident memory, from `/proc` (Linux).
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .map(|v| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// `cargo test -p tests --test e2e_hostile fault_soak -- --nocapture` prints
/// the figures: 300 uploads (POST) and 300 GETs through a server that
/// answers each connection with a fault drawn at random (seeded), half the
/// time: 429 with `Retry-After: 0`, 503, a stall or an empty reply (an
/// eighth each); success otherwise.
#[tokio::test]
async fn fault_soak_never_duplicates_a_non_idempotent_request() {
    use std::collections::HashMap;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[derive(Default)]
    struct Tally {
        received: usize,
        faults: usize,
        /// Requests answered with success, by path: processed by the server.
        processed: HashMap<String, usize>,
    }
    let tally = Arc::new(Mutex::new(Tally::default()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let shared = tally.clone();
    let server = tokio::spawn(async move {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        while let Ok((mut socket, _)) = listener.accept().await {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let draw = (state >> 32) % 8;
            let shared = shared.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = vec![0u8; 64 * 1024];
                while !tests::emulator::request_is_complete(&request) {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let line = String::from_utf8_lossy(&request)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_owned();
                let path = line.split(' ').nth(1).unwrap_or("").to_owned();
                let answer: Option<Vec<u8>> = {
                    let mut t = shared.lock().unwrap();
                    t.received += 1;
                    if draw >= 4 {
                        *t.processed.entry(path).or_default() += 1;
                    } else {
                        t.faults += 1;
                    }
                    match draw {
                        0 => Some(reply("429 Too Many Requests", "retry-after: 0\r\n", "")),
                        1 => Some(reply("503 Service Unavailable", "", "")),
                        2 => None,
                        3 => Some(Vec::new()),
                        _ => Some(reply(
                            "200 OK",
                            "",
                            if line.starts_with("GET") {
                                "{}"
                            } else {
                                SUCCESS
                            },
                        )),
                    }
                };
                match answer {
                    Some(bytes) => {
                        let _ = socket.write_all(&bytes).await;
                        let _ = socket.shutdown().await;
                    }
                    None => tokio::time::sleep(Duration::from_secs(60)).await,
                }
            });
        }
    });

    let client = Client::builder(AccessToken::new("t"), Server::Custom(base_url))
        .retry(
            quick_retries()
                .max_attempts(6)
                .initial_backoff(Duration::from_millis(2)),
        )
        .idle_timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    const EACH: usize = 300;
    let (mut posts_ok, mut gets_ok) = (0, 0);
    let mut post_outcomes: std::collections::BTreeMap<String, usize> = Default::default();
    // Sixteen at a time: client and server share this test's one thread.
    let outcomes: Vec<(bool, bool, String)> = futures_util::stream::iter(0..EACH)
        .map(|i| {
            let client = client.clone();
            async move {
                let post = UploadAttachmentRequest::builder()
                    .module(Module::Leads)
                    .record_id(format!("r{i}"))
                    .file(FilePart::from_bytes("a.txt", "x"))
                    .build();
                let post = client.send(post).await;
                let get_ok = client.send(Ping).await.is_ok();
                let why = match &post {
                    Ok(_) => "ok".to_owned(),
                    Err(Error::Transport(e)) => format!("{:?}", e.kind()),
                    Err(Error::Undocumented(raw)) => raw.status().as_str().to_owned(),
                    Err(other) => format!("{other}"),
                };
                (post.is_ok(), get_ok, why)
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    for (post_ok, get_ok, why) in outcomes {
        posts_ok += post_ok as usize;
        gets_ok += get_ok as usize;
        *post_outcomes.entry(why).or_default() += 1;
    }
    server.abort();
    let t = tally.lock().unwrap();
    let duplicated_posts = t
        .processed
        .iter()
        .filter(|(path, n)| path.contains("/Attachments") && **n > 1)
        .count();
    println!(
        "fault soak: {} logical requests ({EACH} POST, {EACH} GET), {} requests received, {} faults injected, \
         {posts_ok} POST and {gets_ok} GET succeeded, {:.2} attempts per request, {duplicated_posts} POSTs processed twice; \
         POST outcomes {post_outcomes:?}; peak RSS of the test process {}",
        2 * EACH,
        t.received,
        t.faults,
        t.received as f64 / (2 * EACH) as f64,
        peak_rss(),
    );
    assert_eq!(
        duplicated_posts, 0,
        "a non-idempotent request was done twice"
    );
    assert!(
        gets_ok > EACH * 9 / 10,
        "GETs are retried through faults: {gets_ok}"
    );
    assert!(
        posts_ok < gets_ok,
        "POSTs are retried only on 429 and connect errors"
    );
    assert_eq!(
        posts_ok,
        t.processed
            .iter()
            .filter(|(p, _)| p.contains("/Attachments"))
            .count()
    );
}

#[tokio::test]
async fn pacing_spaces_requests_under_a_burst_limit() {
    let server = Hostile::start(Fault::Reply(reply("200 OK", "", SUCCESS))).await;
    // 5 requests per 500 ms: one every 100 ms, clones sharing the pace.
    let client = Client::builder(
        AccessToken::new("t"),
        Server::Custom(server.base_url.clone()),
    )
    .pace(5, Duration::from_millis(500))
    .build()
    .unwrap();
    let started = Instant::now();
    let sends: Vec<_> = (0..6)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.send(small_upload()).await })
        })
        .collect();
    for send in sends {
        send.await.unwrap().unwrap();
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(480),
        "six requests at one per 100 ms: {took:?}"
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn the_total_timeout_bounds_the_whole_call_retries_included() {
    // Every answer asks to come back in a second; five attempts allowed.
    let server = Hostile::start(Fault::Reply(reply(
        "429 Too Many Requests",
        "retry-after: 1\r\n",
        "",
    )))
    .await;
    let client = Client::builder(
        AccessToken::new("t"),
        Server::Custom(server.base_url.clone()),
    )
    .retry(quick_retries().max_attempts(5))
    .total_timeout(Duration::from_millis(1500))
    .build()
    .unwrap();
    let started = Instant::now();
    let e = transport_kind(client.send(small_upload()).await);
    let took = started.elapsed();
    assert_eq!(e.kind(), TransportErrorKind::Timeout, "{e}");
    assert!(e.to_string().contains("total timeout"), "{e}");
    assert!(
        took < Duration::from_millis(2500),
        "{took:?}: not per attempt"
    );
    assert_eq!(server.requests().len(), 2, "the first try and one retry");
}
