// Modules are an enum; a typo cannot reach the vendor.
use generated::zoho_crm::upload_attachment::UploadAttachmentRequest;

fn main() {
    let _ = UploadAttachmentRequest::builder().module("Laeds");
}
