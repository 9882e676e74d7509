//! JSON request bodies end to end: an object of `in: body` fields (nested
//! structs, lists, maps, free-form JSON), a whole array body, and a body of
//! any JSON. Each is sent to a hand-written server that reads the raw bytes,
//! and to the generated mock that reads them back into the typed request.

use std::sync::{Arc, Mutex};

use apigen_runtime::mock::{self, json};
use apigen_runtime::{AccessToken, Client};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{post, put};
use axum::Router;
use kinds::kinds::create_contact::CreateContactRequest;
use kinds::kinds::import_contacts::ImportContactsRequest;
use kinds::kinds::mock::MockServer;

#[path = "support/mod.rs"]
mod support;
use kinds::kinds::replace_tags::ReplaceTagsRequest;
use kinds::kinds::{Address, CustomField, Server, Status};

/// What the hand-written server received: content type and body, raw.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

async fn server() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let record = |status: StatusCode| {
        let seen = seen.clone();
        move |headers: HeaderMap, body: String| async move {
            let content_type = headers["content-type"].to_str().unwrap().to_owned();
            seen.lock().unwrap().push((content_type, body));
            (
                status,
                r#"{"id": "c-1", "name": "Ada", "status": "active"}"#,
            )
        }
    };
    let app = Router::new()
        .route("/contacts", post(record(StatusCode::CREATED)))
        .route("/contacts/{id}/tags", put(record(StatusCode::OK)))
        .route("/imports", post(record(StatusCode::OK)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

fn full_contact() -> CreateContactRequest {
    let mut address = Address::new("1 Main St", "Springfield");
    address.note = Some("ring twice".into());
    CreateContactRequest::builder()
        .name("Ada")
        .status(Status::Active)
        .tags("vip")
        .tags("newsletter")
        .address(address)
        .custom_fields(CustomField::new("cf-1", json!({"score": 7})))
        .metadata([("team".to_owned(), "blue".to_owned())].into())
        .source(json!(["crm", 2]))
        .dry_run(true)
        .build()
}

#[tokio::test]
async fn an_object_body_is_sent_as_the_spec_says() {
    let (base, seen) = server().await;
    let client = Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap();
    let created = client.send(full_contact()).await.unwrap();
    assert_eq!(created.id, "c-1");
    // Only the required fields: the optional ones are left out, not `null`.
    let minimal = CreateContactRequest::builder()
        .name("Bob")
        .status(Status::Archived)
        .build();
    client.send(minimal).await.unwrap();

    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].0, "application/json");
    let body: serde_json::Value = serde_json::from_str(&seen[0].1).unwrap();
    assert_eq!(
        body,
        json!({
            "name": "Ada",
            "status": "active",
            "tags": ["vip", "newsletter"],
            "address": {"street": "1 Main St", "city": "Springfield", "note": "ring twice"},
            "customFields": [{"id": "cf-1", "value": {"score": 7}}],
            "metadata": {"team": "blue"},
            "source": ["crm", 2]
        })
    );
    assert_eq!(seen[1].1, r#"{"name":"Bob","status":"archived"}"#);
}

#[tokio::test]
async fn whole_bodies_are_an_array_or_any_json() {
    let (base, seen) = server().await;
    let client = Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap();
    let tags = ReplaceTagsRequest::builder()
        .contact_id("c-1")
        .body(vec!["a".to_owned(), "b".to_owned()])
        .build();
    client.send(tags).await.unwrap();
    let import = ImportContactsRequest::builder()
        .body(json!({"rows": [[1, "Ada"]]}))
        .build();
    client.send(import).await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].1, r#"["a","b"]"#);
    assert_eq!(seen[1].1, r#"{"rows":[[1,"Ada"]]}"#);
}

#[tokio::test]
async fn the_mock_reads_json_bodies_back_typed() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    // The spec's example is the default answer.
    assert_eq!(client.send(full_contact()).await.unwrap().name, "Ada");
    mock.replace_tags().ok(mock::body(
        json!({"id": "c-1", "name": "Ada", "status": "active", "tags": ["a"]}),
    ));
    let tags = ReplaceTagsRequest::builder()
        .contact_id("c-1")
        .body(vec!["a".to_owned()])
        .build();
    assert_eq!(client.send(tags).await.unwrap().tags.unwrap(), ["a"]);

    let received = &mock.create_contact().received()[0];
    assert_eq!(received.name, "Ada");
    assert_eq!(received.status, Status::Active);
    assert_eq!(received.tags, ["vip", "newsletter"]);
    let address = received.address.as_ref().unwrap();
    assert_eq!(
        (address.street.as_str(), address.note.as_deref()),
        ("1 Main St", Some("ring twice"))
    );
    assert_eq!(received.custom_fields[0].value, json!({"score": 7}));
    assert_eq!(received.metadata.as_ref().unwrap()["team"], "blue");
    assert_eq!(received.dry_run, Some(true));
    assert_eq!(mock.replace_tags().received()[0].body, ["a"]);
}

#[tokio::test]
async fn the_mock_refuses_a_body_that_breaks_the_spec() {
    let mock = MockServer::start().await.unwrap();
    let body = r#"{"name": 7, "status": "gone", "colour": "red"}"#;
    let response = support::raw::send(
        mock.base_url(),
        "POST /contacts HTTP/1.1\r\nContent-Type: text/plain",
        body,
    )
    .await;
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    let violations = mock.take_violations();
    assert_eq!(
        violations[0].problems,
        [
            "header `Content-Type`: must be `application/json`, was `text/plain`",
            "JSON body field `name`: invalid type: integer `7`, expected a string",
            // `Status` keeps undocumented values read from responses; requests
            // still send the documented ones.
            "JSON body field `status`: `gone` is not one of the documented values (active, archived)",
            "JSON body field `colour`: not an input of this operation (or of the alternative sent)",
        ]
    );
}
