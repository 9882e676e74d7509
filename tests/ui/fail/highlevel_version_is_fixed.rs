// `Version` has one allowed value, sent on every request: there is nothing to set.
use generated::highlevel::upload_file_attachments::UploadFileAttachmentsRequest;

fn main() {
    let _ = UploadFileAttachmentsRequest::builder().version("2021-07-28");
}
