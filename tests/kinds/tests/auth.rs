//! Per-operation auth end to end: an operation called without a token (none
//! is fetched or sent), one for one kind of token only, one with no scope
//! documented, a deprecated one; docs optional.

use std::sync::{Arc, Mutex};

use apigen_runtime::{AccessToken, Client, Operation};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use kinds::kinds::health::HealthRequest;
use kinds::kinds::location_settings::LocationSettingsRequest;
use kinds::kinds::mock::MockServer;
use kinds::kinds::Server;

#[tokio::test]
async fn an_operation_without_auth_sends_no_token() {
    let seen: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let record = seen.clone();
    let app = Router::new().route(
        "/health",
        get(move |headers: HeaderMap| async move {
            let auth = headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned());
            record.lock().unwrap().push(auth);
            axum::http::StatusCode::NO_CONTENT
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    // An empty token would be refused if anything tried to send it.
    let client = Client::new(AccessToken::new(""), Server::Custom(base)).unwrap();
    client.send(HealthRequest::builder().build()).await.unwrap();
    assert_eq!(*seen.lock().unwrap(), [None]);
    assert!(HealthRequest::SECURITY.is_empty());
    // No scope documented: every token meets the requirement.
    HealthRequest::builder()
        .build()
        .check_scopes::<&str>(&[])
        .unwrap();
}

#[test]
fn token_types_are_checkable() {
    assert_eq!(LocationSettingsRequest::TOKEN_TYPES, ["Location"]);
    assert!(LocationSettingsRequest::accepts_token_type("Location"));
    assert!(!LocationSettingsRequest::accepts_token_type("Agency"));
    // No scope documented here either; no token type named: any.
    LocationSettingsRequest::builder()
        .build()
        .check_scopes::<&str>(&[])
        .unwrap();
    assert!(HealthRequest::accepts_token_type("Agency"));
}

#[tokio::test]
#[allow(deprecated)]
async fn the_mock_serves_them_too() {
    use kinds::kinds::search_contacts_v1::SearchContactsV1Request;
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    client.send(HealthRequest::builder().build()).await.unwrap();
    let settings = client
        .send(LocationSettingsRequest::builder().build())
        .await
        .unwrap();
    assert_eq!(settings["timezone"], "UTC");
    mock.search_contacts_v1().ok(Vec::new());
    let found = client
        .send(SearchContactsV1Request::builder().q("ada").build())
        .await
        .unwrap();
    assert!(found.is_empty());
    assert!(mock.health().received_wire()[0]
        .headers
        .get("authorization")
        .is_none());
}
