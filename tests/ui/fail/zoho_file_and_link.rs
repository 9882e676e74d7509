// Either a file or a link in one call, not both.
use generated::runtime::FilePart;
use generated::zoho_crm::{upload_attachment::UploadAttachmentRequest, Module};

fn main() {
    let _ = UploadAttachmentRequest::builder()
        .module(Module::Leads)
        .record_id("1")
        .file(FilePart::from_bytes("a.txt", "x"))
        .attachment_url("https://www.zohocorp.com")
        .build();
}
