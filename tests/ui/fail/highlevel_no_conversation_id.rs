use generated::highlevel::upload_file_attachments::UploadFileAttachmentsRequest;

fn main() {
    let _ = UploadFileAttachmentsRequest::builder()
        .contact_id("k")
        .location_id("loc")
        .attachment_urls(["https://example.com/a.png"])
        .build();
}
