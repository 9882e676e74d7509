//! Requests built for both endpoints: exact method, URL and headers, and the
//! multipart body parsed back with a real multipart parser (multer).

use generated::highlevel::{self, upload_file_attachments::UploadFileAttachmentsRequest, FileType};
use generated::runtime::{AccessToken, FilePart, Operation, RequestBody, RequestError};
use generated::zoho_crm::{self, upload_attachment::UploadAttachmentRequest, Module};
use tests::{parse_multipart, Part};

fn body_of(request: http::Request<RequestBody>) -> (http::request::Parts, bytes::Bytes) {
    let (parts, body) = request.into_parts();
    (parts, body.into_bytes().expect("an in-memory body encodes"))
}

async fn multipart_of(parts: &http::request::Parts, body: bytes::Bytes) -> Vec<Part> {
    let content_type = parts.headers[http::header::CONTENT_TYPE].to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    // An in-memory body has a known length, sent as Content-Length (not chunked).
    assert_eq!(
        parts.headers[http::header::CONTENT_LENGTH],
        body.len().to_string().as_str()
    );
    parse_multipart(content_type, body).await
}

#[tokio::test]
async fn zoho_file_upload() {
    let request = UploadAttachmentRequest::builder()
        .module(Module::Leads)
        .record_id("1000000231009")
        .file(FilePart::from_bytes("attachment1.txt", "hello, zoho"))
        .build();
    let token = AccessToken::new("1000.8cb99dxxxxxxxxxxxxx9be93.9b8xxxxxxxxxxxxxxxf");
    let (parts, body) = body_of(
        request
            .into_http_request(&zoho_crm::Server::Us, &token)
            .unwrap(),
    );

    assert_eq!(parts.method, http::Method::POST);
    assert_eq!(
        parts.uri,
        "https://www.zohoapis.com/crm/v7/Leads/1000000231009/Attachments"
    );
    assert_eq!(
        parts.headers[http::header::AUTHORIZATION],
        "Zoho-oauthtoken 1000.8cb99dxxxxxxxxxxxxx9be93.9b8xxxxxxxxxxxxxxxf"
    );
    assert!(parts.headers[http::header::AUTHORIZATION].is_sensitive());
    assert_eq!(
        multipart_of(&parts, body).await,
        vec![Part {
            name: "file".into(),
            file_name: Some("attachment1.txt".into()),
            content_type: Some("text/plain".into()),
            data: b"hello, zoho".to_vec(),
        }]
    );
}

#[tokio::test]
async fn zoho_link_upload_sends_the_title_in_the_query() {
    let request = UploadAttachmentRequest::builder()
        .record_id("1000000231009")
        .module(Module::PriceBooks)
        .attachment_url("https://www.zohocorp.com")
        .title("Zoho & friends")
        .build();
    let token = AccessToken::new("t");
    let (parts, body) = body_of(
        request
            .into_http_request(&zoho_crm::Server::Eu, &token)
            .unwrap(),
    );

    assert_eq!(
        parts.uri,
        "https://www.zohoapis.eu/crm/v7/Price_Books/1000000231009/Attachments?title=Zoho+%26+friends"
    );
    let form = multipart_of(&parts, body).await;
    assert_eq!(
        form,
        vec![Part {
            name: "attachmentUrl".into(),
            file_name: None,
            // Text fields carry no Content-Type (text/plain by RFC 7578), as curl and browsers send them.
            content_type: None,
            data: b"https://www.zohocorp.com".to_vec(),
        }]
    );
}

#[test]
fn every_data_center_and_custom_modules_build_their_urls() {
    let cases = [
        (zoho_crm::Server::In, "https://www.zohoapis.in"),
        (zoho_crm::Server::Au, "https://www.zohoapis.com.au"),
        (zoho_crm::Server::Cn, "https://www.zohoapis.com.cn"),
        (zoho_crm::Server::Jp, "https://www.zohoapis.jp"),
        (zoho_crm::Server::Ca, "https://www.zohoapis.ca"),
        (zoho_crm::Server::Sa, "https://www.zohoapis.sa"),
        (
            zoho_crm::Server::Custom("http://127.0.0.1:9/proxy".into()),
            "http://127.0.0.1:9/proxy",
        ),
    ];
    for (server, base) in cases {
        let request = UploadAttachmentRequest::builder()
            .module(Module::Custom("Projects X/1".into()))
            .record_id("42 43")
            .attachment_url("https://example.com")
            .build();
        let http = request
            .into_http_request(&server, &AccessToken::new("t"))
            .unwrap();
        // Path parameters are percent-encoded and stay one segment each.
        assert_eq!(
            http.uri().to_string(),
            format!("{base}/crm/v7/Projects%20X%2F1/42%2043/Attachments")
        );
    }
}

#[test]
fn a_bad_custom_base_url_or_token_is_a_typed_error() {
    let build = || {
        UploadAttachmentRequest::builder()
            .module(Module::Leads)
            .record_id("1")
            .attachment_url("https://example.com")
            .build()
    };
    let err = build()
        .into_http_request(
            &zoho_crm::Server::Custom("not a url".into()),
            &AccessToken::new("t"),
        )
        .unwrap_err();
    assert!(
        matches!(err, RequestError::InvalidBaseUrl { .. }),
        "{err:?}"
    );
    let err = build()
        .into_http_request(&zoho_crm::Server::Us, &AccessToken::new("bad\ntoken"))
        .unwrap_err();
    assert!(matches!(err, RequestError::InvalidToken), "{err:?}");
    assert!(
        !err.to_string().contains("bad"),
        "the token never appears in errors"
    );
    for token in ["", " t", "t\n"] {
        let err = build()
            .into_http_request(&zoho_crm::Server::Us, &AccessToken::new(token))
            .unwrap_err();
        assert!(
            matches!(err, RequestError::MalformedToken { .. }),
            "{token:?}: {err:?}"
        );
    }
}

#[test]
fn an_empty_path_parameter_is_refused_before_sending() {
    let err = UploadAttachmentRequest::builder()
        .module(Module::Custom(String::new()))
        .record_id("1")
        .attachment_url("https://example.com")
        .build()
        .into_http_request(&zoho_crm::Server::Us, &AccessToken::new("t"))
        .unwrap_err();
    assert!(
        matches!(
            err,
            RequestError::InvalidPathParam {
                name: "module_api_name",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_file_is_sent_only_as_a_type_its_name_has() {
    let request = |file_type: FileType, name: &str| {
        UploadFileAttachmentsRequest::builder()
            .conversation_id("c")
            .contact_id("k")
            .location_id("l")
            .attachment_urls(["https://example.com/a.png"])
            .file_attachment(file_type, FilePart::from_bytes(name, "x"))
            .build()
            .into_http_request(&highlevel::Server::default(), &AccessToken::new("t"))
    };
    let err = request(FileType::Pdf, "evil.exe").unwrap_err();
    match &err {
        RequestError::FileTypeMismatch {
            file_name,
            extensions,
        } => {
            assert_eq!(file_name, "evil.exe");
            assert_eq!(extensions, &["pdf"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "the file `evil.exe` is sent as a type whose names end with .pdf"
    );
    assert!(request(FileType::Pdf, "no-extension").is_err());
    assert!(request(FileType::Pdf, "REPORT.PDF").is_ok(), "any case");
    assert!(
        request(FileType::Mpeg, "clip.mpg").is_ok(),
        "any of the type's extensions"
    );
}

#[tokio::test]
async fn highlevel_upload_with_files_and_links() {
    let request = UploadFileAttachmentsRequest::builder()
        .conversation_id("ve9EPM428h8vShlRW1KT")
        .contact_id("9VEmS0si86GW6gXWU89b")
        .location_id("loc-1")
        .attachment_urls(["https://example.com/a.png", "https://example.com/b.pdf"])
        .file_attachment(
            FileType::Pdf,
            FilePart::from_bytes("report.pdf", &b"%PDF-1.7"[..]),
        )
        .file_attachment(
            FileType::Wav,
            FilePart::from_bytes("VOICE.WAV", &b"RIFF"[..]),
        )
        .build();
    let token = AccessToken::new("eyJhbGciOi.jwt");
    let (parts, body) = body_of(
        request
            .into_http_request(&highlevel::Server::default(), &token)
            .unwrap(),
    );

    assert_eq!(parts.method, http::Method::POST);
    assert_eq!(
        parts.uri,
        "https://services.leadconnectorhq.com/conversations/messages/upload"
    );
    assert_eq!(
        parts.headers[http::header::AUTHORIZATION],
        "Bearer eyJhbGciOi.jwt"
    );
    assert_eq!(parts.headers["Version"], "2021-04-15");
    assert_eq!(parts.headers[http::header::ACCEPT], "application/json");

    let text = |name: &str, value: &str| Part {
        name: name.into(),
        file_name: None,
        // Text fields carry no Content-Type (text/plain by RFC 7578), as curl and browsers send them.
        content_type: None,
        data: value.as_bytes().to_vec(),
    };
    assert_eq!(
        multipart_of(&parts, body).await,
        vec![
            text("attachmentUrls", "https://example.com/a.png"),
            text("attachmentUrls", "https://example.com/b.pdf"),
            text("contactId", "9VEmS0si86GW6gXWU89b"),
            text("conversationId", "ve9EPM428h8vShlRW1KT"),
            Part {
                name: "fileAttachment".into(),
                file_name: Some("report.pdf".into()),
                content_type: Some("application/pdf".into()),
                data: b"%PDF-1.7".to_vec(),
            },
            // The declared file type, not the file name, sets the part's type.
            Part {
                name: "fileAttachment".into(),
                file_name: Some("VOICE.WAV".into()),
                content_type: Some("audio/wav".into()),
                data: b"RIFF".to_vec(),
            },
            text("locationId", "loc-1"),
        ]
    );
}

#[tokio::test]
async fn file_names_with_quotes_survive_the_round_trip_escaped() {
    let request = UploadAttachmentRequest::builder()
        .module(Module::Leads)
        .record_id("1")
        .file(FilePart::from_bytes("a \"quoted\" name.txt", "x"))
        .build();
    let (parts, body) = body_of(
        request
            .into_http_request(&zoho_crm::Server::Us, &AccessToken::new("t"))
            .unwrap(),
    );
    let form = multipart_of(&parts, body).await;
    assert_eq!(
        form[0].file_name.as_deref(),
        Some("a %22quoted%22 name.txt")
    );
}

#[test]
fn scopes_are_data_and_can_be_checked() {
    const REQUIRED_SCOPES: generated::runtime::ScopeExpr = UploadAttachmentRequest::REQUIRED_SCOPES;
    assert_eq!(
        REQUIRED_SCOPES.to_string(),
        "(ZohoCRM.modules.ALL OR ZohoCRM.modules.{module_name}.{operation_type}) AND ZohoCRM.modules.attachments.{operation_type}"
    );
    let request = UploadAttachmentRequest::builder()
        .module(Module::SalesOrders)
        .record_id("1")
        .attachment_url("https://example.com")
        .build();
    assert!(request
        .check_scopes(&["ZohoCRM.modules.ALL", "ZohoCRM.modules.attachments.CREATE"])
        .is_ok());
    assert!(request
        .check_scopes(&[
            "ZohoCRM.modules.salesorders.WRITE",
            "ZohoCRM.modules.attachments.ALL"
        ])
        .is_ok());
    let missing = request
        .check_scopes(&["ZohoCRM.modules.leads.ALL"])
        .unwrap_err();
    assert_eq!(
        missing.missing,
        vec![
            vec![
                "ZohoCRM.modules.ALL".to_owned(),
                "ZohoCRM.modules.salesorders.ALL".to_owned(),
                "ZohoCRM.modules.salesorders.WRITE".to_owned(),
                "ZohoCRM.modules.salesorders.CREATE".to_owned(),
            ],
            vec![
                "ZohoCRM.modules.attachments.ALL".to_owned(),
                "ZohoCRM.modules.attachments.WRITE".to_owned(),
                "ZohoCRM.modules.attachments.CREATE".to_owned(),
            ],
        ]
    );
    // A custom module is scoped as `custom`.
    let custom = UploadAttachmentRequest::builder()
        .module(Module::Custom("Projects".into()))
        .record_id("1")
        .attachment_url("https://example.com")
        .build();
    assert!(custom
        .check_scopes(&[
            "ZohoCRM.modules.custom.CREATE",
            "ZohoCRM.modules.attachments.CREATE"
        ])
        .is_ok());

    let hl = UploadFileAttachmentsRequest::builder()
        .conversation_id("c")
        .contact_id("k")
        .location_id("l")
        .attachment_urls(Vec::<String>::new())
        .build();
    assert_eq!(
        UploadFileAttachmentsRequest::REQUIRED_SCOPES.to_string(),
        "conversations/message.write"
    );
    assert!(hl.check_scopes(&["conversations/message.write"]).is_ok());
    assert_eq!(
        hl.check_scopes(&["conversations/message.readonly"])
            .unwrap_err()
            .to_string(),
        "missing OAuth scopes: conversations/message.write"
    );
}

#[test]
fn module_and_file_type_facts_are_typed() {
    assert_eq!(
        zoho_crm::Module::WIRE_VALUES.len(),
        20,
        "20 named modules + Custom = the page's 21"
    );
    assert_eq!(Module::PriceBooks.as_str(), "Price_Books");
    assert_eq!(Module::PriceBooks.display_name(), "Price Books");
    assert_eq!(Module::PriceBooks.scope_name(), "pricebooks");
    assert_eq!(Module::from_wire("Sales_Orders"), Module::SalesOrders);
    assert_eq!(
        Module::from_wire("My_Module"),
        Module::Custom("My_Module".into())
    );
    assert_eq!(FileType::ALL.len(), 13);
    assert_eq!(FileType::Docx.extensions(), &["docx"]);
    assert_eq!(FileType::Mpeg.extensions(), &["mpeg", "mpg"]);
    assert_eq!(FileType::Mp3.mime_type(), "audio/mpeg");
    assert_eq!(FileType::from_wire("PDF"), Some(FileType::Pdf));
    assert_eq!(FileType::from_wire("EXE"), None);
}
