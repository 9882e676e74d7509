//! Documented response headers, typed, end to end.

use apigen_runtime::{AccessToken, Client, WithHeaders};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use kinds::kinds::list_messages::{ListMessagesHeaders, ListMessagesRequest};
use kinds::kinds::mock::MockServer;
use kinds::kinds::Server;

#[tokio::test]
async fn documented_headers_arrive_typed() {
    let app = Router::new().route(
        "/messages",
        get(|| async {
            let mut headers = HeaderMap::new();
            headers.insert("x-ratelimit-remaining", "41".parse().unwrap());
            // Not of its documented type (a date-time): `None`, the rest still read.
            headers.insert("x-ratelimit-reset", "soon".parse().unwrap());
            headers.insert("x-request-id", "r-1".parse().unwrap());
            (headers, r#"["hi"]"#)
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap();
    let WithHeaders { body, headers } = client
        .send(ListMessagesRequest::builder().build())
        .await
        .unwrap();
    assert_eq!(body, ["hi"]);
    assert_eq!(headers.x_rate_limit_remaining, Some(41));
    assert_eq!(headers.x_rate_limit_reset, None);
    assert_eq!(headers.x_request_id.as_deref(), Some("r-1"));
}

#[tokio::test]
async fn the_mock_sends_typed_headers() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    let mut output = mock.list_messages().example_output();
    assert_eq!(output.headers.x_rate_limit_remaining, None);
    output.headers.x_rate_limit_remaining = Some(3);
    output.headers.x_rate_limit_reset = "2026-11-23T10:00:00Z".parse().ok();
    output.body.push("second".into());
    mock.list_messages().ok(output);
    let received = client
        .send(ListMessagesRequest::builder().build())
        .await
        .unwrap();
    assert_eq!(received.body, ["hello", "second"]);
    let ListMessagesHeaders {
        x_rate_limit_remaining,
        x_rate_limit_reset,
        ..
    } = received.headers;
    assert_eq!(x_rate_limit_remaining, Some(3));
    assert_eq!(
        x_rate_limit_reset.unwrap().to_rfc3339(),
        "2026-11-23T10:00:00+00:00"
    );
}
