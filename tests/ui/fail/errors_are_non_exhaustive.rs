// A match on an operation's errors needs a wildcard arm: new vendor errors are not breaking.
use generated::highlevel::upload_file_attachments::UploadFileAttachmentsError;

fn describe(e: &UploadFileAttachmentsError) -> &'static str {
    match e {
        UploadFileAttachmentsError::BadRequest(_) => "bad request",
        UploadFileAttachmentsError::Unauthorized(_) => "unauthorized",
        UploadFileAttachmentsError::PayloadTooLarge(_) => "too large",
        UploadFileAttachmentsError::UnsupportedMediaType(_) => "unsupported",
    }
}

fn main() {
    let _ = describe;
}
