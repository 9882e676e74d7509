// Requests are `#[non_exhaustive]`: only the builder, which checks mandatory inputs, makes them.
use generated::highlevel::upload_file_attachments::UploadFileAttachmentsRequest;

fn main() {
    let _ = UploadFileAttachmentsRequest {
        conversation_id: String::new(),
        location_id: String::new(),
        attachment_urls: Vec::new(),
        file_attachment: Vec::new(),
    };
}
