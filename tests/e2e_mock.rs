//! The generated mocks (`<api>::mock::MockServer`, the `mock` feature) with
//! the generated clients over real HTTP on 127.0.0.1: typed answers, typed
//! records of what was received, and requests that break the spec refused
//! with the reasons. The hand-written emulator (`tests/e2e.rs`) stays the
//! independent check of both.

use std::time::{Duration, Instant};

use generated::highlevel::{
    self,
    upload_file_attachments::{UploadFileAttachmentsError, UploadFileAttachmentsRequest},
    FileType,
};
use generated::runtime::mock::{self, json, Answer};
use generated::runtime::{AccessToken, Client, DocumentedError, Error, FilePart};
use generated::zoho_crm::upload_attachment::{UploadAttachmentContent, UploadAttachmentError};
use generated::zoho_crm::{self, Module};
use tests::{zoho_file_request, ZOHO_TOKEN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn zoho(mock: &zoho_crm::mock::MockServer) -> Client<zoho_crm::Server> {
    Client::new(AccessToken::new(ZOHO_TOKEN), mock.server()).unwrap()
}

fn highlevel(mock: &highlevel::mock::MockServer) -> Client<highlevel::Server> {
    Client::new(AccessToken::new("pit-token"), mock.server()).unwrap()
}

fn pdf_upload() -> UploadFileAttachmentsRequest {
    UploadFileAttachmentsRequest::builder()
        .conversation_id("ve9EPM428h8vShlRW1KT")
        .contact_id("9VEmS0si86GW6gXWU89b")
        .location_id("loc-1")
        .attachment_urls(["https://example.com/a.png"])
        .file_attachment(
            FileType::Pdf,
            FilePart::from_bytes("report.pdf", "%PDF-1.4"),
        )
        .build()
}

/// Sends `request` as written and returns the status line's code and the body.
async fn raw_request(base_url: &str, request: String) -> (u16, String) {
    let address = base_url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response[9..12].parse().unwrap();
    let body = response.split_once("\r\n\r\n").unwrap().1.to_owned();
    (status, body)
}

#[tokio::test]
async fn unprogrammed_operations_answer_with_the_spec_example() {
    let mock = zoho_crm::mock::MockServer::start().await.unwrap();
    let created = zoho(&mock).send(zoho_file_request()).await.unwrap();
    assert_eq!(created, mock.upload_attachment().example_output());
    assert_eq!(created.data[0].details.id, "4150868000005277036");

    // What arrived, typed: the request the client built, read back.
    let received = mock.upload_attachment().received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].module, Module::Leads);
    assert_eq!(received[0].record_id, "1000000231009");
    let UploadAttachmentContent::File(file) = &received[0].content else {
        panic!("a file upload arrived as {:?}", received[0].content);
    };
    assert_eq!(file.file.file_name(), "attachment1.txt");
    assert_eq!(file.file.bytes().unwrap().as_ref(), b"hello from the test");
    // And as received, for headers.
    let wire = &mock.upload_attachment().received_wire()[0];
    assert_eq!(
        wire.headers["authorization"],
        format!("Zoho-oauthtoken {ZOHO_TOKEN}")
    );
}

#[tokio::test]
async fn the_link_alternative_arrives_typed_with_its_query_title() {
    let mock = zoho_crm::mock::MockServer::start().await.unwrap();
    zoho(&mock)
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
    let received = mock.upload_attachment().received();
    assert_eq!(received[0].module, Module::Custom("Projects_X".into()));
    let UploadAttachmentContent::Link(link) = &received[0].content else {
        panic!("a link arrived as {:?}", received[0].content);
    };
    assert_eq!(link.attachment_url, "https://www.zohocorp.com");
    assert_eq!(link.title.as_deref(), Some("Zoho Corp"));
}

#[tokio::test]
async fn a_typed_error_goes_out_in_the_vendor_wire_format() {
    let mock = zoho_crm::mock::MockServer::start().await.unwrap();
    // The body says another code: the variant decides what is sent.
    let body = mock::body(json!({"code": "WHATEVER", "message": "denied", "status": "error"}));
    mock.upload_attachment()
        .once()
        .error(UploadAttachmentError::NoPermission(body));
    let client = zoho(&mock);
    match client.send(zoho_file_request()).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), 403);
            let UploadAttachmentError::NoPermission(body) = e.error() else {
                panic!("wrong variant: {e:?}");
            };
            assert_eq!(body.code, "NO_PERMISSION");
            assert_eq!(body.message, "denied");
        }
        other => panic!("expected the documented error, got {other:?}"),
    }
    // `once`: the next request gets the example again.
    client.send(zoho_file_request()).await.unwrap();
    assert_eq!(mock.upload_attachment().hits(), 2);
}

#[tokio::test]
async fn typed_success_errors_closures_and_undocumented_answers() {
    let mock = highlevel::mock::MockServer::start().await.unwrap();
    let client = highlevel(&mock);

    mock.upload_file_attachments().ok_with(|body| {
        body.uploaded_files
            .insert("report.pdf".into(), "https://cdn.example/report.pdf".into());
    });
    let uploaded = client.send(pdf_upload()).await.unwrap();
    assert_eq!(
        uploaded.uploaded_files["report.pdf"],
        "https://cdn.example/report.pdf"
    );

    // A closure over the typed request.
    mock.upload_file_attachments().with(|request| {
        if request.location_id == "over-quota" {
            Answer::Error(UploadFileAttachmentsError::PayloadTooLarge(mock::body(
                json!({"status": 413, "message": "Failed to upload the files"}),
            )))
        } else {
            Answer::Ok(mock::body(json!({"uploadedFiles": {}})))
        }
    });
    let over = UploadFileAttachmentsRequest::builder()
        .conversation_id("c")
        .contact_id("k")
        .location_id("over-quota")
        .attachment_urls(["https://example.com/b.png"])
        .build();
    match client.send(over).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), 413);
            assert!(matches!(
                e.error(),
                UploadFileAttachmentsError::PayloadTooLarge(b) if b.message == "Failed to upload the files"
            ));
        }
        other => panic!("expected 413, got {other:?}"),
    }
    assert!(client
        .send(pdf_upload())
        .await
        .unwrap()
        .uploaded_files
        .is_empty());

    // Undocumented: kept whole by the client.
    mock.upload_file_attachments()
        .once()
        .undocumented(418, "short and stout");
    match client.send(pdf_upload()).await {
        Err(Error::Undocumented(r)) => {
            assert_eq!(r.status(), 418);
            assert_eq!(r.body_text(), "short and stout");
        }
        other => panic!("expected an undocumented response, got {other:?}"),
    }

    // The typed record: files with their documented type.
    let received = mock.upload_file_attachments().received();
    assert_eq!(received.len(), 4);
    let (file_type, file) = &received[0].file_attachment[0];
    assert_eq!(*file_type, FileType::Pdf);
    assert_eq!(file.content_type().as_ref(), "application/pdf");
    assert_eq!(received[0].attachment_urls, ["https://example.com/a.png"]);
    assert_eq!(received[1].location_id, "over-quota");
}

#[tokio::test]
async fn a_delay_holds_the_answer_back() {
    let mock = zoho_crm::mock::MockServer::start().await.unwrap();
    mock.upload_attachment()
        .once()
        .delay(Duration::from_millis(300))
        .example();
    let started = Instant::now();
    zoho(&mock).send(zoho_file_request()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    // The request was recorded before the wait.
    assert_eq!(mock.upload_attachment().hits(), 1);
}

#[tokio::test]
async fn a_request_that_breaks_the_spec_is_refused_with_every_reason() {
    let mock = highlevel::mock::MockServer::start().await.unwrap();
    let body = "--b\r\n\
        Content-Disposition: form-data; name=\"conversationId\"\r\n\r\nc-1\r\n\
        --b\r\n\
        Content-Disposition: form-data; name=\"fileAttachment\"; filename=\"report.pdf\"\r\n\
        Content-Type: text/plain\r\n\r\n%PDF\r\n\
        --b\r\n\
        Content-Disposition: form-data; name=\"fileAttachment\"; filename=\"run.exe\"\r\n\
        Content-Type: application/octet-stream\r\n\r\nMZ\r\n\
        --b\r\n\
        Content-Disposition: form-data; name=\"color\"\r\n\r\nblue\r\n\
        --b--\r\n";
    let request = format!(
        "POST /conversations/messages/upload?debug=1 HTTP/1.1\r\nHost: mock\r\n\
         Authorization: Basic c2VjcmV0\r\nContent-Type: multipart/form-data; boundary=b\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, text) = raw_request(mock.base_url(), request).await;
    assert_eq!(status, 400);
    let violations = mock.take_violations();
    assert_eq!(violations.len(), 1);
    assert_eq!(text, violations[0].to_string());
    assert_eq!(violations[0].operation, Some("upload_file_attachments"));
    insta::assert_snapshot!(text, @r"
    error: `POST /conversations/messages/upload?debug=…` breaks the spec of `highlevel::upload_file_attachments`
      = header `Authorization`: must be `Bearer <token>`, was `Basic …`
      = header `Accept`: must be `application/json`, not sent
      = header `Version`: must be `2021-04-15`, not sent
      = form-data part `attachmentUrls`: required, not sent
      = form-data part `contactId`: required, not sent
      = form-data part `fileAttachment`: file `report.pdf` must be sent as `application/pdf`, was sent as `text/plain`
      = form-data part `fileAttachment`: `run.exe` is `.exe`, which is not an allowed file type (allowed: JPG, JPEG, PNG, MP4, MPEG, ZIP, RAR, PDF, DOC, DOCX, TXT, MP3, WAV)
      = form-data part `locationId`: required, not sent
      = form-data part `color`: not an input of this operation (or of the alternative sent)
      = query parameter `debug`: not an input of this operation (or of the alternative sent)
    ");
    // Refused requests are not recorded as received.
    assert_eq!(mock.upload_file_attachments().hits(), 0);
}

#[tokio::test]
async fn a_request_no_operation_matches_is_refused() {
    let mock = zoho_crm::mock::MockServer::start().await.unwrap();
    let get = "GET /crm/v7/Leads/1/Attachments HTTP/1.1\r\nHost: mock\r\nConnection: close\r\n\r\n";
    let (status, _) = raw_request(mock.base_url(), get.to_owned()).await;
    assert_eq!(status, 404);
    let nowhere = "GET /crm/v2/nowhere HTTP/1.1\r\nHost: mock\r\nConnection: close\r\n\r\n";
    let (status, _) = raw_request(mock.base_url(), nowhere.to_owned()).await;
    assert_eq!(status, 404);
    let text: Vec<String> = mock
        .take_violations()
        .iter()
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!(text.join(""), @r"
    error: `GET /crm/v7/Leads/1/Attachments` is not an operation of `zoho_crm`
      = this path is documented for POST (upload_attachment) only
    error: `GET /crm/v2/nowhere` is not an operation of `zoho_crm`
      = no operation has this path
    ");
}

#[tokio::test]
async fn a_mock_dropped_with_violations_fails_the_test() {
    let mock = zoho_crm::mock::MockServer::start().await.unwrap();
    let nowhere = "DELETE /x HTTP/1.1\r\nHost: mock\r\nConnection: close\r\n\r\n";
    raw_request(mock.base_url(), nowhere.to_owned()).await;
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(mock)));
    let message = dropped.unwrap_err();
    let message = message.downcast_ref::<String>().unwrap();
    assert!(
        message.contains("the mock received 1 request(s) that break the spec")
            && message.contains("`DELETE /x` is not an operation of `zoho_crm`"),
        "{message}"
    );
}

#[tokio::test]
async fn the_client_and_the_mock_agree_on_every_file_type() {
    let mock = highlevel::mock::MockServer::start().await.unwrap();
    let client = highlevel(&mock);
    for file_type in FileType::ALL {
        let name = format!("file.{}", file_type.extensions()[0]);
        let request = UploadFileAttachmentsRequest::builder()
            .conversation_id("c")
            .contact_id("k")
            .location_id("l")
            .attachment_urls(["https://example.com/b.png"])
            .file_attachment(*file_type, FilePart::from_bytes(name, "x"))
            .build();
        client.send(request).await.unwrap();
    }
    let received: Vec<FileType> = mock
        .upload_file_attachments()
        .received()
        .iter()
        .map(|r| r.file_attachment[0].0)
        .collect();
    assert_eq!(received, FileType::ALL);
}

#[test]
fn the_readme_shows_the_mock_test_verbatim() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("../README.md")).unwrap();
    let test = std::fs::read_to_string(root.join("mock_readme.rs")).unwrap();
    let (_, code) = test.split_once("\n\n").unwrap();
    assert!(
        readme.contains(&format!("```rust,no_run,test_harness\n{code}```")),
        "the README's mock test differs from tests/mock_readme.rs"
    );
}

/// Every documented error, programmed typed on the mock, reaches the client
/// as the same variant with the spec's status and code: the mock's wire
/// format and the client's decoding agree (the emulator checks the client
/// against hand-written bodies in `e2e.rs`).
#[tokio::test]
async fn every_documented_error_round_trips_through_the_mock() {
    use generated::zoho_crm::ErrorBody;
    type Zoho = fn(ErrorBody) -> UploadAttachmentError;
    let zoho_variants: [Zoho; 9] = [
        UploadAttachmentError::InvalidModule,
        UploadAttachmentError::InvalidUrlPattern,
        UploadAttachmentError::OauthScopeMismatch,
        UploadAttachmentError::NoPermission,
        UploadAttachmentError::InternalError,
        UploadAttachmentError::InvalidRequestMethod,
        UploadAttachmentError::AuthorizationFailed,
        UploadAttachmentError::InvalidData,
        UploadAttachmentError::TooManyRequests,
    ];
    let spec = tests::spec_operation("zoho_crm", "upload_attachment");
    assert_eq!(
        spec.errors.variants.len(),
        zoho_variants.len(),
        "a variant is missing here"
    );
    let mock = zoho_crm::mock::MockServer::start().await.unwrap();
    let client = zoho(&mock);
    for (variant, documented) in zoho_variants.iter().zip(&spec.errors.variants) {
        let body = mock::body(json!({"code": "", "message": "m", "status": "error"}));
        mock.upload_attachment().once().error(variant(body));
        let once = generated::runtime::RetryPolicy::never();
        match client.send_with(zoho_file_request(), once).await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status(), tests::exact_status(documented));
                assert!(format!("{:?}", e.error()).starts_with(&documented.variant));
                assert_eq!(e.error().info().code, documented.code.as_deref());
            }
            other => panic!("{}: {other:?}", documented.variant),
        }
    }

    type HighLevel = fn(serde_json::Value) -> UploadFileAttachmentsError;
    let highlevel_variants: [HighLevel; 4] = [
        |b| UploadFileAttachmentsError::BadRequest(mock::body(b)),
        |b| UploadFileAttachmentsError::Unauthorized(mock::body(b)),
        |b| UploadFileAttachmentsError::PayloadTooLarge(mock::body(b)),
        |b| UploadFileAttachmentsError::UnsupportedMediaType(mock::body(b)),
    ];
    let spec = tests::spec_operation("highlevel", "upload_file_attachments");
    assert_eq!(spec.errors.variants.len(), highlevel_variants.len());
    let mock = highlevel::mock::MockServer::start().await.unwrap();
    let client = highlevel(&mock);
    for (variant, documented) in highlevel_variants.iter().zip(&spec.errors.variants) {
        mock.upload_file_attachments()
            .once()
            .error(variant(json!({"status": 400, "message": "m"})));
        match client.send(pdf_upload()).await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status(), tests::exact_status(documented));
                assert!(format!("{:?}", e.error()).starts_with(&documented.variant));
            }
            other => panic!("{}: {other:?}", documented.variant),
        }
    }
}

#[tokio::test]
async fn a_panicking_answer_closure_is_a_violation_not_a_dropped_connection() {
    let mock = zoho_crm::mock::MockServer::start().await.unwrap();
    mock.upload_attachment()
        .with(|request| panic!("unexpected record {}", request.record_id));
    let once = generated::runtime::RetryPolicy::never();
    let result = zoho(&mock).send_with(zoho_file_request(), once).await;
    assert_eq!(result.unwrap_err().status().map(|s| s.as_u16()), Some(500));
    let violations = mock.take_violations();
    assert_eq!(
        violations[0].problems,
        ["the answer closure of `upload_attachment` panicked: unexpected record 1000000231009"]
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_unread() {
    use generated::zoho_crm::upload_attachment::UploadAttachmentRequest;
    let mock = mock::MockServer::builder("zoho_crm")
        .operation::<UploadAttachmentRequest>()
        .max_body_bytes(1024)
        .start()
        .await
        .unwrap();
    let client = Client::new(
        AccessToken::new(ZOHO_TOKEN),
        zoho_crm::Server::Custom(mock.base_url().to_owned()),
    )
    .unwrap();
    let big = UploadAttachmentRequest::builder()
        .module(Module::Leads)
        .record_id("1")
        .file(FilePart::from_bytes("big.txt", vec![b'x'; 4096]))
        .build();
    // The mock may answer before the client has sent everything, so the
    // client sees either the 413 or a connection closed mid-upload.
    let _ = client.send(big).await;
    let violations = mock.take_violations();
    assert_eq!(violations.len(), 1);
    assert_eq!(
        violations[0].problems,
        ["the body is larger than the mock reads (1024 bytes; `MockServerBuilder::max_body_bytes` sets it)"]
    );
    // The violation names the operation it was sent to (the probe found it
    // worded as "not an operation").
    assert_eq!(violations[0].operation, Some("upload_attachment"));
    assert!(
        violations[0]
            .to_string()
            .contains("breaks the spec of `zoho_crm::upload_attachment`"),
        "{}",
        violations[0]
    );
}

#[tokio::test]
async fn a_connection_that_never_finishes_its_headers_is_closed() {
    use generated::zoho_crm::upload_attachment::UploadAttachmentRequest;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mock = mock::MockServer::builder("zoho_crm")
        .operation::<UploadAttachmentRequest>()
        .header_read_timeout(std::time::Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let address = mock.base_url().trim_start_matches("http://").to_owned();
    // The probe held 400 such connections open for 45 s.
    let mut connections = Vec::new();
    for _ in 0..50 {
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        stream
            .write_all(b"POST /crm/v7/Leads/1/Attachments HTTP/1.1\r\nhost: x\r\n")
            .await
            .unwrap();
        connections.push(stream);
    }
    let started = std::time::Instant::now();
    for mut stream in connections {
        let mut rest = Vec::new();
        // Closed by the mock: the read ends (with hyper's 408, or nothing).
        let read = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            stream.read_to_end(&mut rest),
        )
        .await;
        assert!(read.is_ok(), "still open after {:?}", started.elapsed());
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
