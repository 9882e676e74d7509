// Only the 13 allowed file types can be sent: each file names its type.
use generated::highlevel::upload_file_attachments::UploadFileAttachmentsRequest;
use generated::runtime::FilePart;

fn main() {
    let _ = UploadFileAttachmentsRequest::builder()
        .conversation_id("c")
        .contact_id("k")
        .location_id("l")
        .attachment_urls(["https://example.com/a.png"])
        .file_attachment(FilePart::from_bytes("a.exe", "MZ"))
        .build();
}
