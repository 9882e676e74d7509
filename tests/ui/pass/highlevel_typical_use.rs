use generated::highlevel::upload_file_attachments::UploadFileAttachmentsRequest;
use generated::highlevel::{FileType, Server};
use generated::runtime::{AccessToken, FilePart, Operation, Response};

fn main() {
    let request = UploadFileAttachmentsRequest::builder()
        .conversation_id("ve9EPM428h8vShlRW1KT")
        .contact_id("9VEmS0si86GW6gXWU89b")
        .location_id("loc")
        .attachment_urls(vec!["https://example.com/a.png".to_string()])
        .file_attachment(FileType::Png, FilePart::from_bytes("a.png", vec![0x89, b'P', b'N', b'G']))
        .build();
    let http = request
        .into_http_request(&Server::default(), &AccessToken::new("pit-xxxx"))
        .expect("valid request");
    assert_eq!(http.headers()["Version"], "2021-04-15");
    let body = bytes::Bytes::from_static(br#"{"uploadedFiles":{}}"#);
    let response = Response::new(http::StatusCode::OK, http::HeaderMap::new(), body);
    let parsed = UploadFileAttachmentsRequest::parse_response(response).expect("documented body");
    assert!(parsed.uploaded_files.is_empty());
}
