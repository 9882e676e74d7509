//! Uploads files to a HighLevel conversation.
//!
//! ```sh
//! HL_TOKEN=pit-xxxx HL_CONVERSATION_ID=ve9EPM428h8vShlRW1KT HL_CONTACT_ID=9VEmS0si86GW6gXWU89b HL_LOCATION_ID=xxxx \
//!     cargo run -p generated --example highlevel_upload -- report.pdf photo.png
//! # attachment URLs (at least one is required; repeat --url), another base URL:
//! cargo run ... -- --url https://example.com/a.png --base-url http://127.0.0.1:8080 report.pdf
//! ```

use generated::highlevel::upload_file_attachments::UploadFileAttachmentsRequest;
use generated::highlevel::{FileType, Server};
use generated::runtime::{AccessToken, Client, Error, FilePart};

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (mut base_url, mut urls, mut files) = (None, Vec::new(), Vec::new());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--base-url" => base_url = args.next(),
            "--url" => urls.extend(args.next()),
            _ => files.push(arg),
        }
    }
    if urls.is_empty() {
        return Err("the API requires at least one --url (attachmentUrls)".into());
    }
    let server = base_url.map(Server::Custom).unwrap_or_default();
    let client = Client::new(AccessToken::new(env("HL_TOKEN")?), server)?;
    let mut builder = UploadFileAttachmentsRequest::builder()
        .conversation_id(env("HL_CONVERSATION_ID")?)
        .contact_id(env("HL_CONTACT_ID")?)
        .location_id(env("HL_LOCATION_ID")?)
        .attachment_urls(urls);
    for path in files {
        // Refused here, before anything is sent, when HighLevel does not allow the type.
        let file_type = FileType::from_file_name(&path)?;
        builder = builder.file_attachment(file_type, FilePart::from_path(&path)?);
    }
    match client.send(builder.build()).await {
        Ok(uploaded) => {
            for (name, url) in uploaded.uploaded_files {
                println!("{name}: {url}");
            }
            Ok(())
        }
        Err(Error::Api(e)) => Err(format!("HighLevel refused the upload: {e}").into()),
        Err(Error::Undocumented(raw)) => {
            Err(format!("HTTP {}: {}", raw.status(), raw.body_text()).into())
        }
        Err(other) => Err(other.into()),
    }
}
