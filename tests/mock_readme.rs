//! The consumer test shown in the README ("Testing your code: the typed
//! mock"), verbatim: `e2e_mock.rs` checks the README still shows exactly this.

use generated::runtime::mock::{self, json};
use generated::runtime::{AccessToken, Client, Error, FilePart};
use generated::zoho_crm::mock::MockServer;
use generated::zoho_crm::upload_attachment::{UploadAttachmentError, UploadAttachmentRequest};
use generated::zoho_crm::{Module, Server};

/// Your code: attach a report to a lead; `false` when the user may not.
async fn attach_report(
    client: &Client<Server>,
    lead: &str,
) -> Result<bool, Error<UploadAttachmentError>> {
    let request = UploadAttachmentRequest::builder()
        .module(Module::Leads)
        .record_id(lead)
        .file(FilePart::from_bytes("report.txt", "Q3: all good"))
        .build();
    match client.send(request).await {
        Ok(_) => Ok(true),
        Err(Error::Api(e)) if matches!(e.error(), UploadAttachmentError::NoPermission(_)) => {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

#[tokio::test]
async fn a_report_is_attached_unless_permission_is_denied() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("test-token"), mock.server()).unwrap();

    // Unprogrammed, the mock answers with the spec's example.
    assert!(attach_report(&client, "1000000231009").await.unwrap());

    // A documented error, typed; sent as Zoho sends it (403, code NO_PERMISSION).
    let denied = json!({"code": "NO_PERMISSION", "message": "denied", "status": "error"});
    mock.upload_attachment()
        .once()
        .error(UploadAttachmentError::NoPermission(mock::body(denied)));
    assert!(!attach_report(&client, "1000000231009").await.unwrap());

    // What your code sent, typed; the mock checked each request against the spec.
    let sent = mock.upload_attachment().received();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].record_id, "1000000231009");
}
