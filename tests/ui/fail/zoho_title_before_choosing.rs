use generated::zoho_crm::{upload_attachment::UploadAttachmentRequest, Module};

fn main() {
    let _ = UploadAttachmentRequest::builder()
        .module(Module::Leads)
        .record_id("1")
        .title("a title")
        .attachment_url("https://www.zohocorp.com")
        .build();
}
