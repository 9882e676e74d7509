// The page makes a file (or a link) mandatory: without either, no request.
use generated::zoho_crm::{upload_attachment::UploadAttachmentRequest, Module};

fn main() {
    let _ = UploadAttachmentRequest::builder()
        .module(Module::Leads)
        .record_id("1000000231009")
        .build();
}
