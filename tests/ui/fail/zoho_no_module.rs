use generated::runtime::FilePart;
use generated::zoho_crm::upload_attachment::UploadAttachmentRequest;

fn main() {
    let _ = UploadAttachmentRequest::builder()
        .record_id("1000000231009")
        .file(FilePart::from_bytes("a.txt", "x"))
        .build();
}
