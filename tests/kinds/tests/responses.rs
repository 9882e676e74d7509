//! Every response shape end to end: no content, a top-level array, map and
//! number, JSON of no documented shape, several success statuses with their
//! own bodies, and several with the same body. Each comes from a
//! hand-written server, and from the generated mock.

use apigen_runtime::mock::{self, json};
use apigen_runtime::{AccessToken, Client, Error};
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::Router;
use kinds::kinds::count_contacts::CountContactsRequest;
use kinds::kinds::delete_contact::{DeleteContactError, DeleteContactRequest};
use kinds::kinds::export_contacts::ExportContactsRequest;
use kinds::kinds::list_tags::ListTagsRequest;
use kinds::kinds::merge_contacts::{MergeContactsOutput, MergeContactsRequest};
use kinds::kinds::mock::MockServer;
use kinds::kinds::tag_counts::TagCountsRequest;
use kinds::kinds::touch_contact::TouchContactRequest;
use kinds::kinds::Server;

const ADA: &str = r#"{"id": "c-1", "name": "Ada", "status": "active"}"#;

async fn server() -> Client<Server> {
    let app = Router::new()
        .route(
            "/contacts/{id}",
            delete(
                |axum::extract::Path(id): axum::extract::Path<String>| async move {
                    match id.as_str() {
                        // A body the spec does not document for 204 is not read.
                        "c-1" => (StatusCode::NO_CONTENT, "ignored"),
                        _ => (StatusCode::NOT_FOUND, r#"{"message": "no such contact"}"#),
                    }
                },
            ),
        )
        .route("/tags", get(|| async { r#"["vip", "newsletter"]"# }))
        .route(
            "/tags/counts",
            get(|| async { r#"{"vip": 2, "newsletter": 5}"# }),
        )
        .route("/contacts/count", get(|| async { "42" }))
        .route(
            "/exports/latest",
            get(|| async { r#"{"rows": [1, "two", null]}"# }),
        )
        .route(
            "/contacts/merge",
            post(|body: String| async move {
                let body: serde_json::Value = serde_json::from_str(&body).unwrap();
                match (body["from"].as_str(), body["into"].as_str()) {
                    (Some(a), Some(b)) if a == b => (StatusCode::NO_CONTENT, String::new()),
                    (Some("big"), _) => (StatusCode::ACCEPTED, r#"{"jobId": "j-1"}"#.to_owned()),
                    _ => (StatusCode::OK, ADA.to_owned()),
                }
            }),
        )
        .route(
            "/contacts/{id}/seen",
            put(
                |axum::extract::Path(id): axum::extract::Path<String>| async move {
                    let status = if id == "new" {
                        StatusCode::CREATED
                    } else {
                        StatusCode::OK
                    };
                    (status, ADA)
                },
            ),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap()
}

fn merge(from: &str, into: &str) -> MergeContactsRequest {
    MergeContactsRequest::builder()
        .from(from)
        .into(into)
        .build()
}

#[tokio::test]
async fn every_shape_arrives_typed() {
    let client = server().await;
    let deleted: () = client
        .send(DeleteContactRequest::builder().contact_id("c-1").build())
        .await
        .unwrap();
    assert_eq!(deleted, ());
    match client
        .send(DeleteContactRequest::builder().contact_id("c-9").build())
        .await
    {
        Err(Error::Api(e)) => assert!(matches!(e.error(), DeleteContactError::NotFound(_))),
        other => panic!("expected the documented 404, got {other:?}"),
    }
    let tags: Vec<String> = client
        .send(ListTagsRequest::builder().build())
        .await
        .unwrap();
    assert_eq!(tags, ["vip", "newsletter"]);
    let counts = client
        .send(TagCountsRequest::builder().build())
        .await
        .unwrap();
    assert_eq!(counts["newsletter"], 5_i64);
    let count: i64 = client
        .send(CountContactsRequest::builder().build())
        .await
        .unwrap();
    assert_eq!(count, 42);
    let export = client
        .send(ExportContactsRequest::builder().build())
        .await
        .unwrap();
    assert_eq!(export, json!({"rows": [1, "two", null]}));
}

#[tokio::test]
async fn several_success_statuses_are_one_typed_result() {
    let client = server().await;
    match client.send(merge("a", "b")).await.unwrap() {
        MergeContactsOutput::Ok(contact) => assert_eq!(contact.id, "c-1"),
        other => panic!("expected 200, got {other:?}"),
    }
    match client.send(merge("big", "b")).await.unwrap() {
        MergeContactsOutput::Queued(job) => assert_eq!(job.job_id, "j-1"),
        other => panic!("expected 202, got {other:?}"),
    }
    assert_eq!(
        client.send(merge("a", "a")).await.unwrap(),
        MergeContactsOutput::NothingToMerge
    );
    // Two statuses, one body: one type.
    for id in ["old", "new"] {
        let seen = client
            .send(TouchContactRequest::builder().contact_id(id).build())
            .await
            .unwrap();
        assert_eq!(seen.name, "Ada");
    }
}

#[tokio::test]
async fn the_mock_serves_every_shape() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    // Defaults: the spec's examples, or an empty success.
    client
        .send(DeleteContactRequest::builder().contact_id("c-1").build())
        .await
        .unwrap();
    assert_eq!(
        client
            .send(ListTagsRequest::builder().build())
            .await
            .unwrap(),
        ["vip", "newsletter"]
    );
    assert_eq!(
        client
            .send(CountContactsRequest::builder().build())
            .await
            .unwrap(),
        42
    );
    match client.send(merge("a", "b")).await.unwrap() {
        MergeContactsOutput::Ok(contact) => assert_eq!(contact.id, "c-2"),
        other => panic!("the example is the 200, got {other:?}"),
    }
    // Typed answers of every shape, each sent with its own status.
    mock.count_contacts().ok(7);
    mock.export_contacts().ok(json!([1, 2]));
    mock.merge_contacts()
        .once()
        .ok(MergeContactsOutput::Queued(mock::body(
            json!({"jobId": "j-9"}),
        )));
    mock.merge_contacts()
        .once()
        .ok(MergeContactsOutput::NothingToMerge);
    assert_eq!(
        client
            .send(CountContactsRequest::builder().build())
            .await
            .unwrap(),
        7
    );
    assert_eq!(
        client
            .send(ExportContactsRequest::builder().build())
            .await
            .unwrap(),
        json!([1, 2])
    );
    assert!(matches!(
        client.send(merge("a", "b")).await.unwrap(),
        MergeContactsOutput::Queued(job) if job.job_id == "j-9"
    ));
    assert_eq!(
        client.send(merge("a", "b")).await.unwrap(),
        MergeContactsOutput::NothingToMerge
    );
    let wire = mock.merge_contacts().received_wire();
    assert_eq!(wire.len(), 3);
    // An operation with no example and a body must be programmed.
    assert!(client
        .send(ExportContactsRequest::builder().build())
        .await
        .is_ok());
    mock.export_contacts().reset();
    assert_eq!(
        client
            .send(ExportContactsRequest::builder().build())
            .await
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(501)
    );
    assert_eq!(mock.take_violations().len(), 1);
}
