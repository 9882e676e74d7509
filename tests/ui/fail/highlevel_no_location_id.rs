use generated::highlevel::upload_file_attachments::UploadFileAttachmentsRequest;

fn main() {
    let _ = UploadFileAttachmentsRequest::builder()
        .conversation_id("ve9EPM428h8vShlRW1KT")
        .contact_id("9VEmS0si86GW6gXWU89b")
        .attachment_urls(["https://example.com/a.png"])
        .build();
}
