//! Enums end to end: values that are numbers or booleans on the wire, and an
//! enum in a response that receives a value the spec does not list (kept, not
//! a failed response).

use apigen_runtime::mock::{self, json};
use apigen_runtime::{AccessToken, Client};
use axum::extract::RawQuery;
use axum::routing::get;
use axum::Router;
use kinds::kinds::get_task::GetTaskRequest;
use kinds::kinds::mock::MockServer;
use kinds::kinds::{Consent, Priority, Server, Status};

#[tokio::test]
async fn number_and_boolean_enums_and_an_undocumented_value() {
    let app = Router::new().route(
        "/tasks/{id}",
        get(|RawQuery(query): RawQuery| async move {
            assert_eq!(query.as_deref(), Some("priority=3"));
            r#"{"priority": 2, "consent": true, "stage": "paused"}"#
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap();
    let task = client
        .send(
            GetTaskRequest::builder()
                .task_id("t-1")
                .priority(Priority::High)
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(task.priority, Priority::Normal);
    assert_eq!(task.consent, Consent::Granted);
    // `paused` is not in the spec: kept as received, the rest still typed.
    assert_eq!(task.stage, Status::Unknown("paused".into()));
    assert_eq!(task.stage.as_str(), "paused");
    // They go out as the JSON types they came in as.
    assert_eq!(
        serde_json::to_value(&task).unwrap(),
        json!({"priority": 2, "consent": true, "stage": "paused"})
    );
}

#[tokio::test]
async fn the_mock_speaks_them_too() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    mock.get_task().ok(mock::body(
        json!({"priority": 1, "consent": false, "stage": "active"}),
    ));
    let task = client
        .send(
            GetTaskRequest::builder()
                .task_id("t")
                .priority(Priority::Low)
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(
        (task.priority, task.consent),
        (Priority::Low, Consent::Refused)
    );
    assert_eq!(mock.get_task().received()[0].priority, Some(Priority::Low));
}
