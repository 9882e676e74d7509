//! Helpers shared by the integration tests.

pub mod emulator;
pub mod hostile;
pub mod shared;

use std::io::Write;
use std::path::PathBuf;

/// The folder of reference-only vendor files (see [`shared`]) when each of
/// `parts` is in it. Else prints the one line saying that `what` is skipped
/// and why, and gives `None`: the test then passes, unless
/// `APIGEN_REQUIRE_SHARED` is set, where it fails.
pub fn shared_folder(what: &str, parts: &[&str]) -> Option<PathBuf> {
    match shared::find(what, parts) {
        Ok(dir) => Some(dir),
        Err(skipped) => {
            // To stderr itself, not through the test harness's capture: a
            // skip shows in `cargo test`'s output, beside the test's name.
            let _ = writeln!(std::io::stderr(), "{skipped}");
            None
        }
    }
}

/// The Zoho token of the end-to-end tests (checked never to leak).
pub const ZOHO_TOKEN: &str = "1000.secret-zoho-token.9b8f";

/// A Zoho client for `base_url` with [`ZOHO_TOKEN`].
pub fn zoho_client(base_url: &str) -> generated::runtime::Client<generated::zoho_crm::Server> {
    generated::runtime::Client::new(
        generated::runtime::AccessToken::new(ZOHO_TOKEN),
        generated::zoho_crm::Server::Custom(base_url.to_owned()),
    )
    .unwrap()
}

/// The page's sample upload: a small text file to a lead.
pub fn zoho_file_request() -> generated::zoho_crm::upload_attachment::UploadAttachmentRequest {
    generated::zoho_crm::upload_attachment::UploadAttachmentRequest::builder()
        .module(generated::zoho_crm::Module::Leads)
        .record_id("1000000231009")
        .file(generated::runtime::FilePart::from_bytes(
            "attachment1.txt",
            "hello from the test",
        ))
        .build()
}

/// The workspace's `spec/` directory.
pub fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// An operation of the workspace's specs, resolved, by API module and Rust name.
pub fn spec_operation(api: &str, op: &str) -> apigen_codegen::model::Operation {
    let apis = apigen_codegen::load_dir(&spec_dir()).unwrap_or_else(|e| panic!("{e}"));
    let api = apis.into_iter().find(|a| a.module == api).unwrap();
    api.operations
        .into_iter()
        .find(|o| o.rust_name == op)
        .unwrap()
}

/// The one status a documented error comes with: the errors these tests
/// send one by one are documented under exact statuses.
pub fn exact_status(error: &apigen_codegen::model::ErrorVariant) -> u16 {
    match error.status {
        apigen_codegen::model::ErrorStatus::Exact(status) => status,
        other => panic!(
            "`{}` is documented for {other}, not one status",
            error.variant
        ),
    }
}

/// One part of a multipart body, as a real parser (multer) sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

/// Parses a multipart/form-data body with `multer`, given the request's
/// `Content-Type` header value.
pub async fn parse_multipart(content_type: &str, body: bytes::Bytes) -> Vec<Part> {
    let boundary =
        multer::parse_boundary(content_type).expect("a multipart content type with a boundary");
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .expect("a well-formed multipart body")
    {
        let name = field.name().expect("every part is named").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        let data = field.bytes().await.expect("part data").to_vec();
        parts.push(Part {
            name,
            file_name,
            content_type,
            data,
        });
    }
    parts
}

/// Parses the multipart body of a raw HTTP/1.1 request (head and a body of
/// `Content-Length` bytes) with `multer`.
pub async fn parse_raw_multipart(request: &[u8]) -> Vec<Part> {
    let head_end = request
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a request head");
    let head = String::from_utf8_lossy(&request[..head_end]);
    let content_type = head
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| v.trim().to_owned())
        })
        .expect("a Content-Type");
    let body = bytes::Bytes::copy_from_slice(&request[head_end + 4..]);
    parse_multipart(&content_type, body).await
}
