// A match on an operation's errors needs a wildcard arm: new vendor errors are not breaking.
use generated::highlevel::upload_file_attachments::UploadFileAttachmentsError;

fn describe(e: &UploadFileAttachmentsError) -> &'static str {
    match e {
        UploadFileAttachmentsError::BadRequest { .. } => "bad request",
        UploadFileAttachmentsError::Unauthorized { .. } => "unauthorized",
        UploadFileAttachmentsError::PayloadTooLarge { .. } => "too large",
        UploadFileAttachmentsError::UnsupportedMediaType { .. } => "unsupported",
        UploadFileAttachmentsError::Unhandled(_) => "other",
    }
}

fn main() {
    let _ = describe;
}
