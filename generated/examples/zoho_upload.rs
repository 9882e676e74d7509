//! Uploads a file (or a link) to a Zoho CRM record.
//!
//! ```sh
//! ZOHO_TOKEN=1000.xxxx ZOHO_MODULE=Leads ZOHO_RECORD_ID=1000000231009 \
//!     cargo run -p generated --example zoho_upload -- attachment1.txt
//! # a link instead of a file, with a title:
//! cargo run -p generated --example zoho_upload -- --link https://www.zohocorp.com --title Zoho
//! # another data center (us, eu, in, au, cn, jp, ca, sa) or any base URL:
//! ZOHO_DC=eu cargo run ... ;  cargo run ... -- --base-url http://127.0.0.1:8080 file.txt
//! ```

use generated::runtime::{AccessToken, Client, Error, FilePart};
use generated::zoho_crm::upload_attachment::{UploadAttachmentError, UploadAttachmentRequest};
use generated::zoho_crm::{Module, Server};

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (mut base_url, mut link, mut title, mut file) = (None, None, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--base-url" => base_url = args.next(),
            "--link" => link = args.next(),
            "--title" => title = args.next(),
            _ => file = Some(arg),
        }
    }
    let server = match (base_url, std::env::var("ZOHO_DC").as_deref()) {
        (Some(url), _) => Server::Custom(url),
        (None, Ok("eu")) => Server::Eu,
        (None, Ok("in")) => Server::In,
        (None, Ok("au")) => Server::Au,
        (None, Ok("cn")) => Server::Cn,
        (None, Ok("jp")) => Server::Jp,
        (None, Ok("ca")) => Server::Ca,
        (None, Ok("sa")) => Server::Sa,
        (None, _) => Server::Us,
    };
    let client = Client::new(AccessToken::new(env("ZOHO_TOKEN")?), server)?;
    let builder = UploadAttachmentRequest::builder()
        .module(Module::from_wire(&env("ZOHO_MODULE")?))
        .record_id(env("ZOHO_RECORD_ID")?);
    let request = match (link, file) {
        (Some(url), _) => {
            let b = builder.attachment_url(url);
            match title {
                Some(t) => b.title(t).build(),
                None => b.build(),
            }
        }
        (None, Some(path)) => builder.file(FilePart::from_path(path)?).build(),
        (None, None) => return Err("give a file path or --link URL".into()),
    };
    match client.send(request).await {
        Ok(created) => {
            for item in created.data {
                println!(
                    "{}: attachment {} ({})",
                    item.code, item.details.id, item.message
                );
            }
            Ok(())
        }
        Err(Error::Api(e)) if matches!(e.error(), UploadAttachmentError::OauthScopeMismatch(_)) => {
            Err("the token lacks ZohoCRM.modules.attachments.CREATE (or a module scope)".into())
        }
        Err(Error::Undocumented(raw)) => {
            Err(format!("HTTP {}: {}", raw.status(), raw.body_text()).into())
        }
        Err(other) => Err(other.into()),
    }
}
