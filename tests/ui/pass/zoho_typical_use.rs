use generated::runtime::{AccessToken, Error, FilePart, Operation, Response};
use generated::zoho_crm::upload_attachment::{UploadAttachmentError, UploadAttachmentRequest};
use generated::zoho_crm::{Module, Server};

fn main() {
    let token = AccessToken::new("1000.xxxx");
    let file = UploadAttachmentRequest::builder()
        .record_id("1000000231009")
        .module(Module::Deals)
        .file(FilePart::from_bytes("attachment1.txt", "hello"))
        .build();
    let link = UploadAttachmentRequest::builder()
        .module(Module::Custom("Projects".into()))
        .record_id("1000000231009")
        .attachment_url("https://www.zohocorp.com")
        .title("Zoho")
        .build();
    for request in [file, link] {
        let http = request.into_http_request(&Server::Eu, &token).expect("valid request");
        assert_eq!(http.method(), http::Method::POST);
    }
    let response = Response::new(http::StatusCode::FORBIDDEN, http::HeaderMap::new(), bytes::Bytes::new());
    match UploadAttachmentRequest::parse_response(response) {
        Ok(response) => println!("{} attachments", response.data.len()),
        Err(Error::Api(e)) => match e.error() {
            UploadAttachmentError::NoPermission(body) => println!("ask an admin: {}", body.message),
            _ => println!("{e}"),
        },
        Err(Error::Undocumented(raw)) => println!("HTTP {}: {}", raw.status(), raw.body_text()),
        Err(other) => println!("{other}"),
    }
}
