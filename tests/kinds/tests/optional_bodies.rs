//! Bodies the vendor documents as optional (`body.required: false`): a
//! whole body is an optional builder input, a body of fields or parts goes
//! out only when one of them is set, and a request without one has no body
//! and no `Content-Type`. Each operation is sent with and without its body
//! to a hand-written server that records the raw request, and to the mock,
//! which reads an absent body as inputs not sent and still refuses a
//! required body that was not sent.

use std::sync::{Arc, Mutex};

use apigen_runtime::mock::json;
use apigen_runtime::{AccessToken, Client, FilePart};
use axum::http::HeaderMap;
use axum::routing::{post, put};
use axum::Router;
use kinds::kinds::archive_contact::ArchiveContactRequest;
use kinds::kinds::attach_file::AttachFileRequest;
use kinds::kinds::mock::MockServer;

#[path = "support/mod.rs"]
mod support;
use kinds::kinds::order_tags::OrderTagsRequest;
use kinds::kinds::set_banner::SetBannerRequest;
use kinds::kinds::subscribe_contact::SubscribeContactRequest;
use kinds::kinds::sync_contacts::SyncContactsRequest;
use kinds::kinds::{ArchiveReason, Server};

/// One request as received: its `Content-Type` (if any) and its body.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    content_type: Option<String>,
    body: Vec<u8>,
}

impl Seen {
    /// The body as text.
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// No body at all: not even a `Content-Type`.
    fn is_absent(&self) -> bool {
        self.content_type.is_none() && self.body.is_empty()
    }
}

const CONTACT: &str = r#"{"id": "c-1", "name": "Ada", "status": "archived"}"#;

/// A server on 127.0.0.1 that records each request of the six operations.
async fn server() -> (Client<Server>, Arc<Mutex<Vec<Seen>>>) {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let record = |answer: &'static str| {
        let seen = seen.clone();
        move |headers: HeaderMap, body: axum::body::Bytes| async move {
            seen.lock().unwrap().push(Seen {
                content_type: headers
                    .get("content-type")
                    .map(|v| v.to_str().unwrap().to_owned()),
                body: body.to_vec(),
            });
            let status = if answer.is_empty() { 204 } else { 200 };
            (axum::http::StatusCode::from_u16(status).unwrap(), answer)
        }
    };
    let app = Router::new()
        .route("/contacts/{id}/archive", post(record(CONTACT)))
        .route("/contacts/{id}/tags/order", put(record("")))
        .route("/contacts/sync", post(record("")))
        .route("/contacts/{id}/attachments", post(record("")))
        .route("/contacts/{id}/subscription", post(record("")))
        .route("/contacts/{id}/banner", put(record("")));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (
        Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap(),
        seen,
    )
}

fn reason() -> ArchiveReason {
    let mut reason = ArchiveReason::new("duplicate");
    reason.note = Some("same as c-2".to_owned());
    reason
}

/// Each operation without its body, then with it, in this order.
async fn send_each_without_then_with(client: &Client<Server>) {
    let archive = || ArchiveContactRequest::builder().contact_id("c-1");
    assert_eq!(client.send(archive().build()).await.unwrap().id, "c-1");
    client.send(archive().body(reason()).build()).await.unwrap();

    // A whole body that is a list: `[]` is a body, none is no body.
    let order = || OrderTagsRequest::builder().contact_id("c-1");
    client.send(order().build()).await.unwrap();
    client
        .send(order().body(Vec::<String>::new()).build())
        .await
        .unwrap();
    client
        .send(order().body(["vip", "new"]).build())
        .await
        .unwrap();

    // A body of fields: sent once a field is set; a query input is no field.
    client
        .send(SyncContactsRequest::builder().dry_run(true).build())
        .await
        .unwrap();
    client
        .send(SyncContactsRequest::builder().tags("vip").build())
        .await
        .unwrap();

    let attach = || AttachFileRequest::builder().contact_id("c-1");
    client.send(attach().build()).await.unwrap();
    client
        .send(
            attach()
                .file(FilePart::from_bytes("a.txt", "hello"))
                .caption("greeting")
                .build(),
        )
        .await
        .unwrap();

    let subscribe = || SubscribeContactRequest::builder().contact_id("c-1");
    client.send(subscribe().build()).await.unwrap();
    client
        .send(subscribe().topic("news").topic("offers").build())
        .await
        .unwrap();

    let banner = || SetBannerRequest::builder().contact_id("c-1");
    client.send(banner().build()).await.unwrap();
    client
        .send(
            banner()
                .body(FilePart::from_bytes("b.png", "png bytes"))
                .build(),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn an_optional_body_goes_out_only_when_given() {
    let (client, seen) = server().await;
    send_each_without_then_with(&client).await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 13, "{seen:?}");
    let absent: Vec<usize> = (0..seen.len()).filter(|&i| seen[i].is_absent()).collect();
    assert_eq!(absent, [0, 2, 5, 7, 9, 11], "{seen:?}");

    let json = Some("application/json".to_owned());
    assert_eq!(seen[1].content_type, json);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&seen[1].body).unwrap(),
        json!({"reason": "duplicate", "note": "same as c-2"})
    );
    assert_eq!(
        (&seen[3].content_type, seen[3].text()),
        (&json, "[]".into())
    );
    assert_eq!(seen[4].text(), r#"["vip","new"]"#);
    assert_eq!(
        (&seen[6].content_type, seen[6].text()),
        (&json, r#"{"tags":["vip"]}"#.into())
    );

    let multipart = seen[8].content_type.as_deref().unwrap();
    assert!(multipart.starts_with("multipart/form-data; boundary="));
    let parts = seen[8].text();
    assert!(
        parts.contains("name=\"file\"; filename=\"a.txt\""),
        "{parts}"
    );
    assert!(parts.contains("name=\"caption\""), "{parts}");

    assert_eq!(
        (seen[10].content_type.as_deref(), seen[10].text().as_str()),
        (
            Some("application/x-www-form-urlencoded"),
            "topic=news&topic=offers"
        )
    );
    assert_eq!(
        (seen[12].content_type.as_deref(), seen[12].body.as_slice()),
        (Some("image/png"), b"png bytes".as_slice())
    );
}

#[tokio::test]
async fn the_mock_reads_an_absent_body_as_inputs_not_sent() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    send_each_without_then_with(&client).await;

    let archived = mock.archive_contact().received();
    assert_eq!(archived[0].body, None);
    let given = archived[1].body.as_ref().unwrap();
    assert_eq!(
        (given.reason.as_str(), given.note.as_deref()),
        ("duplicate", Some("same as c-2"))
    );
    // The request as received says whether a body came.
    let wire = mock.archive_contact().received_wire();
    assert_eq!((wire[0].has_body(), wire[1].has_body()), (false, true));

    let ordered: Vec<Option<Vec<String>>> = mock
        .order_tags()
        .received()
        .into_iter()
        .map(|r| r.body)
        .collect();
    assert_eq!(
        ordered,
        [None, Some(vec![]), Some(vec!["vip".into(), "new".into()])]
    );

    // A body of fields not sent: every field not sent, and no body on the wire.
    let synced = mock.sync_contacts().received();
    assert_eq!(
        (&synced[0].since, &synced[0].tags, synced[0].dry_run),
        (&None, &Vec::<String>::new(), Some(true))
    );
    assert_eq!(synced[1].tags, ["vip"]);
    let wire = mock.sync_contacts().received_wire();
    assert_eq!((wire[0].has_body(), wire[0].json.is_none()), (false, true));
    assert_eq!(wire[1].json, Some(json!({"tags": ["vip"]})));

    let attached = mock.attach_file().received();
    assert!(attached[0].file.is_none() && attached[0].caption.is_none());
    let file = attached[1].file.as_ref().unwrap();
    assert_eq!(
        (file.file_name(), file.bytes().unwrap().as_ref()),
        ("a.txt", b"hello".as_slice())
    );
    assert_eq!(attached[1].caption.as_deref(), Some("greeting"));

    let subscribed = mock.subscribe_contact().received();
    assert!(subscribed[0].topic.is_empty());
    assert_eq!(subscribed[1].topic, ["news", "offers"]);

    let banners = mock.set_banner().received();
    assert!(banners[0].body.is_none());
    let banner = banners[1].body.as_ref().unwrap();
    assert_eq!(banner.bytes().unwrap().as_ref(), b"png bytes");
    assert_eq!(banner.content_type().as_ref(), "image/png");
}

/// Sends a request to the mock as raw bytes: `head` holds the request line
/// and any headers but the host, auth, length and connection.
async fn send_raw(mock: &MockServer, head: &str, body: &str) -> String {
    support::raw::send(mock.base_url(), head, body).await
}

#[tokio::test]
async fn the_mock_still_refuses_a_required_body_not_sent() {
    let mock = MockServer::start().await.unwrap();
    // A required whole body (`draw`), and a required body of fields
    // (`create_contact`), sent without a body.
    for head in ["POST /shapes HTTP/1.1", "POST /contacts HTTP/1.1"] {
        let response = send_raw(&mock, head, "").await;
        assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    }
    // An optional body sent with a `Content-Type` is a body: an empty one
    // is not JSON.
    let response = send_raw(
        &mock,
        "POST /contacts/c-1/archive HTTP/1.1\r\nContent-Type: application/json",
        "",
    )
    .await;
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    let problems: Vec<Vec<String>> = mock
        .take_violations()
        .into_iter()
        .map(|v| v.problems)
        .collect();
    assert_eq!(
        problems,
        [
            vec!["the JSON body: required, not sent".to_owned()],
            vec![
                "JSON body field `name`: required, not sent".to_owned(),
                "JSON body field `status`: required, not sent".to_owned(),
                "the body is required, none was sent".to_owned(),
            ],
            vec![
                "the body is not JSON: EOF while parsing a value at line 1 column 0".to_owned(),
                "the JSON body: JSON was expected".to_owned(),
            ],
        ]
    );

    // An empty object is a body of fields with none set: spec-valid, and
    // told apart from no body on the wire.
    let response = send_raw(
        &mock,
        "POST /contacts/sync HTTP/1.1\r\nContent-Type: application/json",
        "{}",
    )
    .await;
    assert!(response.starts_with("HTTP/1.1 204"), "{response}");
    let wire = mock.sync_contacts().received_wire();
    assert!(wire[0].has_body());
    assert_eq!(
        mock.sync_contacts().received()[0].tags,
        Vec::<String>::new()
    );
}
