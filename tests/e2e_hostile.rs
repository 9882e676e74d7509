//! The reqwest client against a fault-injecting server on 127.0.0.1:
//! redirects, oversized and endless bodies, stalls, slow peers, broken HTTP,
//! and what the client must never leak.

use std::time::{Duration, Instant};

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
