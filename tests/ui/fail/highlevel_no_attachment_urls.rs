use generated::highlevel::upload_file_attachments::UploadFileAttachmentsRequest;

fn main() {
    let _ = UploadFileAttachmentsRequest::builder()
        .conversation_id("ve9EPM428h8vShlRW1KT")
        .location_id("loc")
        .build();
}
