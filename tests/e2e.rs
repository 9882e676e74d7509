//! Real HTTP on 127.0.0.1: the generated clients against local emulations of
//! both vendor endpoints, and against servers that misbehave.

use std::time::Duration;

use generated::highlevel::{self, upload_file_attachments::UploadFileAttachmentsError, FileType};
use generated::runtime::{
    AccessToken, Client, Error, FilePart, TransportErrorKind, UnhandledReason,
};
use generated::zoho_crm::{self, upload_attachment::UploadAttachmentError, Module};
use tests::emulator::{raw_server, refusing_base_url, Emulator};
use tests::hostile::{Fault, Hostile};
use tests::{spec_operation, zoho_client, zoho_file_request, ZOHO_TOKEN};

const HL_TOKEN: &str = "pit-secret-highlevel-token";

fn hl_client(base_url: &str) -> Client<highlevel::Server> {
    Client::new(
        AccessToken::new(HL_TOKEN),
        highlevel::Server::Custom(base_url.to_owned()),
    )
    .unwrap()
}

#[tokio::test]
async fn zoho_file_upload_succeeds() {
    let emulator = Emulator::start().await;
    let created = zoho_client(&emulator.base_url)
        .send(zoho_file_request())
        .await
        .unwrap();
    assert_eq!(created.data[0].code, "SUCCESS");
    assert_eq!(created.data[0].details.id, "4150868000005277036");

    let received = emulator.received();
    assert_eq!(received.len(), 1);
    let r = &received[0];
    assert_eq!(r.path, "/crm/v7/Leads/1000000231009/Attachments");
    assert_eq!(
        r.authorization.as_deref(),
        Some(&*format!("Zoho-oauthtoken {ZOHO_TOKEN}"))
    );
    assert_eq!(r.parts.len(), 1);
    assert_eq!(r.parts[0].name, "file");
    assert_eq!(r.parts[0].file_name.as_deref(), Some("attachment1.txt"));
    assert_eq!(r.parts[0].len, "hello from the test".len() as u64);
}

#[tokio::test]
async fn zoho_link_upload_succeeds_with_its_title() {
    let emulator = Emulator::start().await;
    let created = zoho_client(&emulator.base_url)
        .send(
            zoho_crm::upload_attachment::UploadAttachmentRequest::builder()
                .module(Module::Custom("Projects_X".into()))
                .record_id("42")
                .attachment_url("https://www.zohocorp.com")
                .title("Zoho Corp")
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(created.data[0].status, "success");
    let r = &emulator.received()[0];
    assert_eq!(r.path, "/crm/v7/Projects_X/42/Attachments");
    assert_eq!(r.query.as_deref(), Some("title=Zoho+Corp"));
    assert_eq!(r.parts[0].name, "attachmentUrl");
    assert_eq!(r.parts[0].text.as_deref(), Some("https://www.zohocorp.com"));
}

#[tokio::test]
async fn zoho_file_streams_from_disk() {
    let emulator = Emulator::start().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "streamed from a file").unwrap();
    zoho_client(&emulator.base_url)
        .send(
            zoho_crm::upload_attachment::UploadAttachmentRequest::builder()
                .module(Module::Deals)
                .record_id("7")
                .file(FilePart::from_path(&path).unwrap())
                .build(),
        )
        .await
        .unwrap();
    let received = &emulator.received()[0];
    let part = &received.parts[0];
    assert_eq!(part.file_name.as_deref(), Some("notes.txt"));
    assert_eq!(part.content_type.as_deref(), Some("text/plain"));
    assert_eq!(part.len, 20);
    // The file's size is known, so the body is sized, not chunked.
    let framing = received.content_length.expect("a Content-Length") - 20;
    assert!((100..400).contains(&framing), "{framing} bytes of framing");
}

#[tokio::test]
async fn zoho_emulator_rejections_reach_their_variants() {
    let emulator = Emulator::start().await;
    let client = zoho_client(&emulator.base_url);
    let err = client
        .send(
            zoho_crm::upload_attachment::UploadAttachmentRequest::builder()
                .module(Module::Custom("nonsense module".into()))
                .record_id("1")
                .attachment_url("https://example.com")
                .build(),
        )
        .await
        .unwrap_err();
    match err {
        Error::Api(e) => {
            assert_eq!(e.status(), 400);
            match e.error() {
                UploadAttachmentError::InvalidModule(body) => {
                    assert_eq!(body.code, "INVALID_MODULE")
                }
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn every_documented_zoho_error_arrives_as_its_variant() {
    let emulator = Emulator::start().await;
    let client = zoho_client(&emulator.base_url);
    let op = spec_operation("zoho_crm", "upload_attachment");
    for v in &op.errors.variants {
        let code = v.code.clone().unwrap();
        for (message, _) in &v.cases {
            let body = serde_json::json!({"code": code, "details": {"id": "x"}, "message": message, "status": "error"});
            emulator.respond_next(tests::exact_status(v), "application/json", body.to_string());
            // One attempt: a 429 would be tried again, and the emulator answers
            // only the next request with this error.
            let once = generated::runtime::RetryPolicy::never();
            match client.send_with(zoho_file_request(), once).await {
                Err(Error::Api(e)) => {
                    let variant = format!("{:?}", e.error());
                    assert!(variant.starts_with(&v.variant), "{code}: {variant}");
                    assert_eq!(e.status(), tests::exact_status(v));
                    // The status received, the vendor's code and message, the documented meaning.
                    assert_eq!(
                        e.to_string(),
                        format!(
                            "HTTP {}, code {code}: {message} (documented: {})",
                            e.status(),
                            v.cases
                                .iter()
                                .map(|(m, _)| m.as_str())
                                .collect::<Vec<_>>()
                                .join(" / ")
                        )
                    );
                }
                other => panic!("{code}: {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn a_documented_429_is_tried_again_then_typed() {
    // Every attempt gets Zoho's 429: after the policy's 3 attempts, the typed error.
    let body = r#"{"code":"TOO_MANY_REQUESTS","message":"limit reached","status":"error"}"#;
    let answer = format!(
        "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let server = Hostile::start(Fault::Reply(answer.into_bytes())).await;
    let client = Client::builder(
        AccessToken::new("t"),
        zoho_crm::Server::Custom(server.base_url.clone()),
    )
    .retry(generated::runtime::RetryPolicy::default().initial_backoff(Duration::from_millis(10)))
    .build()
    .unwrap();
    match client.send(zoho_file_request()).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), 429);
            assert!(
                matches!(e.error(), UploadAttachmentError::TooManyRequests(b) if b.message == "limit reached")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        server.requests().len(),
        3,
        "a 429 is retried, even for a POST"
    );
}

#[tokio::test]
async fn highlevel_upload_succeeds() {
    let emulator = Emulator::start().await;
    let file_type = FileType::from_file_name("report.PDF").unwrap();
    let uploaded = hl_client(&emulator.base_url)
        .send(
            highlevel::upload_file_attachments::UploadFileAttachmentsRequest::builder()
                .conversation_id("ve9EPM428h8vShlRW1KT")
                .contact_id("9VEmS0si86GW6gXWU89b")
                .location_id("loc-1")
                .attachment_urls(["https://example.com/a.png"])
                .file_attachment(
                    file_type,
                    FilePart::from_bytes("report.PDF", &b"%PDF-1.7 test"[..]),
                )
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(uploaded.uploaded_files.len(), 1);
    assert!(uploaded.uploaded_files["report.PDF"].starts_with("https://storage.example/"));
    let r = &emulator.received()[0];
    assert_eq!(r.version.as_deref(), Some("2021-04-15"));
    assert_eq!(
        r.authorization.as_deref(),
        Some(&*format!("Bearer {HL_TOKEN}"))
    );
    let names: Vec<&str> = r.parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "attachmentUrls",
            "contactId",
            "conversationId",
            "fileAttachment",
            "locationId"
        ]
    );
    assert_eq!(r.parts[3].content_type.as_deref(), Some("application/pdf"));
}

#[test]
fn a_file_of_a_type_highlevel_refuses_never_leaves_the_machine() {
    let err = FileType::from_file_name("setup.exe").unwrap_err();
    assert_eq!(err.extension(), "exe");
    assert_eq!(err.allowed().len(), 13);
    assert_eq!(
        err.to_string(),
        "`setup.exe` is `.exe`, which is not an allowed file type \
         (allowed: JPG, JPEG, PNG, MP4, MPEG, ZIP, RAR, PDF, DOC, DOCX, TXT, MP3, WAV)"
    );
    assert_eq!(FileType::from_file_name("song.mp3").unwrap(), FileType::Mp3);
    assert_eq!(
        FileType::from_file_name("clip.mpg").unwrap(),
        FileType::Mpeg
    );
}

#[tokio::test]
async fn every_documented_highlevel_error_arrives_with_its_body() {
    let emulator = Emulator::start().await;
    let client = hl_client(&emulator.base_url);
    let op = spec_operation("highlevel", "upload_file_attachments");
    for v in &op.errors.variants {
        emulator.respond_next(
            tests::exact_status(v),
            "application/json",
            v.example.clone().unwrap(),
        );
        let err = client
            .send(
                highlevel::upload_file_attachments::UploadFileAttachmentsRequest::builder()
                    .conversation_id("c")
                    .contact_id("k")
                    .location_id("l")
                    .attachment_urls(["https://example.com/a.png"])
                    .build(),
            )
            .await
            .unwrap_err();
        match err {
            Error::Api(e) => assert!(format!("{:?}", e.error()).starts_with(&v.variant), "{e:?}"),
            other => panic!("{other:?}"),
        }
    }
    // The emulator's own 401 for an expired token, in the page's 401 body shape.
    let no_token = Client::new(
        AccessToken::new("expired-token"),
        highlevel::Server::Custom(emulator.base_url.clone()),
    )
    .unwrap();
    let err = no_token
        .send(
            highlevel::upload_file_attachments::UploadFileAttachmentsRequest::builder()
                .conversation_id("c")
                .contact_id("k")
                .location_id("l")
                .attachment_urls(["https://example.com/a.png"])
                .file_attachment(FileType::Txt, FilePart::from_bytes("a.txt", "x"))
                .build(),
        )
        .await
        .unwrap_err();
    match err {
        Error::Api(e) if matches!(e.error(), UploadFileAttachmentsError::Unauthorized(_)) => {
            let UploadFileAttachmentsError::Unauthorized(body) = e.into_error() else {
                unreachable!()
            };
            assert_eq!(body.status_code, Some(401.0));
            assert_eq!(body.error.as_deref(), Some("Unauthorized"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn undocumented_responses_keep_status_headers_and_body() {
    let emulator = Emulator::start().await;
    let client = zoho_client(&emulator.base_url);
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let cases: [(u16, &'static str, &str); 4] = [
        (418, "application/json", r#"{"code":"TEAPOT"}"#),
        (502, "text/html", html),
        (200, "text/html", html),
        (
            400,
            "application/json",
            r#"{"code":"SOMETHING_NEW","message":"x"}"#,
        ),
    ];
    for (status, content_type, body) in cases {
        emulator.respond_next(status, content_type, body);
        match client.send(zoho_file_request()).await {
            Err(Error::Undocumented(raw)) => {
                assert_eq!(raw.status(), status);
                assert_eq!(raw.body_text(), body, "raw body kept");
                assert_eq!(raw.headers()["content-type"], content_type);
                if status == 400 {
                    assert!(
                        matches!(raw.reason(), UnhandledReason::UndocumentedCode(c) if c == "SOMETHING_NEW")
                    );
                }
            }
            other => panic!("{status}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let base = refusing_base_url().await;
    match zoho_client(&base).send(zoho_file_request()).await {
        Err(Error::Transport(e)) => assert_eq!(e.kind(), TransportErrorKind::Connect, "{e}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_silent_server_is_a_timeout() {
    let (base, server) = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}",
        Duration::from_secs(30),
    )
    .await;
    let client = Client::with_timeout(
        AccessToken::new(ZOHO_TOKEN),
        zoho_crm::Server::Custom(base),
        Duration::from_millis(300),
    )
    .unwrap();
    match client.send(zoho_file_request()).await {
        Err(Error::Transport(e)) => assert_eq!(e.kind(), TransportErrorKind::Timeout, "{e}"),
        other => panic!("{other:?}"),
    }
    server.abort();
}

#[tokio::test]
async fn a_truncated_body_keeps_what_arrived() {
    let response = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"data\": [";
    let (base, server) = raw_server(response, Duration::ZERO).await;
    match zoho_client(&base).send(zoho_file_request()).await {
        Err(Error::Transport(e)) => {
            assert_eq!(e.kind(), TransportErrorKind::ResponseBody, "{e}");
            assert_eq!(e.status(), Some(http::StatusCode::OK));
            assert_eq!(
                e.partial_body().map(|b| b.as_ref()),
                Some(&b"{\"data\": ["[..])
            );
        }
        other => panic!("{other:?}"),
    }
    server.abort();
}

#[tokio::test]
async fn malformed_json_with_a_success_status_is_undocumented() {
    let response = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 9\r\n\r\n{\"data\": ";
    let (base, server) = raw_server(response, Duration::ZERO).await;
    match zoho_client(&base).send(zoho_file_request()).await {
        Err(Error::Undocumented(raw)) => {
            assert!(matches!(raw.reason(), UnhandledReason::MalformedBody(_)));
            assert_eq!(raw.body_text(), "{\"data\": ");
        }
        other => panic!("{other:?}"),
    }
    server.abort();
}
