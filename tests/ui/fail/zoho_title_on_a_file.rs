// `title` is the title of an attachment link; a file has none.
use generated::runtime::FilePart;
use generated::zoho_crm::{upload_attachment::UploadAttachmentRequest, Module};

fn main() {
    let _ = UploadAttachmentRequest::builder()
        .module(Module::Leads)
        .record_id("1")
        .file(FilePart::from_bytes("a.txt", "x"))
        .title("not for files")
        .build();
}
