use generated::runtime::FilePart;
use generated::zoho_crm::{upload_attachment::UploadAttachmentRequest, Module};

fn main() {
    let _ = UploadAttachmentRequest::builder()
        .module(Module::Leads)
        .file(FilePart::from_bytes("a.txt", "x"))
        .build();
}
