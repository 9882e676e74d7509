//! Error kinds end to end: an error documented without a body, two error
//! shapes under one status with no code (the one that fits; the raw body
//! when none does), and an error inside a 200 (Zoho's `API_Exception`): a
//! typed error, never an `Ok` holding one.

use apigen_runtime::mock::{self, json};
use apigen_runtime::{AccessToken, Client, DocumentedError, Error, UnhandledReason};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use kinds::kinds::convert_lead::{ConvertLeadError, ConvertLeadRequest};
use kinds::kinds::get_deal::{GetDealError, GetDealRequest};
use kinds::kinds::mock::MockServer;
use kinds::kinds::Server;

async fn server() -> Client<Server> {
    let app = Router::new()
        .route(
            "/deals/{id}",
            get(|Path(id): Path<String>| async move {
                match id.as_str() {
                    "gone" => (StatusCode::NOT_FOUND, ""),
                    "bad" => (StatusCode::BAD_REQUEST, r#"{"message": "no"}"#),
                    "invalid" => (StatusCode::BAD_REQUEST, r#"{"errors": {"amount": "negative"}}"#),
                    _ => (StatusCode::BAD_REQUEST, r#"{"surprise": true}"#),
                }
            }),
        )
        .route(
            "/leads/{id}/convert",
            post(|Path(id): Path<String>| async move {
                match id.as_str() {
                    "ok" => (StatusCode::OK, r#"{"contact_id": "c-7"}"#),
                    "stuck" => (
                        StatusCode::OK,
                        r#"{"code": "INVALID_DATA", "message": "converted already", "status": "error"}"#,
                    ),
                    "other" => (
                        StatusCode::OK,
                        r#"{"code": "SOMETHING_NEW", "message": "?", "status": "error"}"#,
                    ),
                    _ => (
                        StatusCode::FORBIDDEN,
                        r#"{"code": "NO_PERMISSION", "message": "denied", "status": "error"}"#,
                    ),
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap()
}

async fn deal(client: &Client<Server>, id: &str) -> Error<GetDealError> {
    client
        .send(GetDealRequest::builder().deal_id(id).build())
        .await
        .unwrap_err()
}

#[tokio::test]
async fn errors_without_a_body_and_several_shapes_under_one_status() {
    let client = server().await;
    match deal(&client, "gone").await {
        Error::Api(e) => {
            assert_eq!(e.status(), 404);
            assert_eq!(*e.error(), GetDealError::NotFound);
            assert_eq!(e.error().info().meaning, "No deal has this ID");
        }
        other => panic!("{other:?}"),
    }
    match deal(&client, "bad").await {
        Error::Api(e) => {
            assert!(matches!(e.error(), GetDealError::BadRequest(p) if p.message == "no"))
        }
        other => panic!("{other:?}"),
    }
    match deal(&client, "invalid").await {
        Error::Api(e) => {
            assert!(
                matches!(e.error(), GetDealError::Invalid(v) if v.errors["amount"] == "negative")
            )
        }
        other => panic!("{other:?}"),
    }
    // No documented shape fits: the response is kept whole.
    match deal(&client, "odd").await {
        Error::Undocumented(r) => {
            assert_eq!(r.status(), 400);
            assert_eq!(r.body_text(), r#"{"surprise": true}"#);
            assert!(matches!(r.reason(), UnhandledReason::MalformedBody(_)));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_error_inside_a_200_is_an_error() {
    let client = server().await;
    let convert = |id: &str| ConvertLeadRequest::builder().lead_id(id).build();
    assert_eq!(client.send(convert("ok")).await.unwrap().contact_id, "c-7");
    match client.send(convert("stuck")).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), 200);
            assert!(
                matches!(e.error(), ConvertLeadError::InvalidData(b) if b.message == "converted already")
            );
        }
        other => panic!("a 200 holding an error is an error, got {other:?}"),
    }
    // An undocumented code inside a 200 is not read as a success either:
    // it does not fit the success body.
    assert!(matches!(
        client.send(convert("other")).await,
        Err(Error::Undocumented(_))
    ));
    match client.send(convert("x")).await {
        Err(Error::Api(e)) => assert!(matches!(e.error(), ConvertLeadError::NoPermission(_))),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_mock_sends_each_error_kind_as_the_vendor_does() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    mock.get_deal().once().error(GetDealError::NotFound);
    mock.get_deal()
        .once()
        .error(GetDealError::Invalid(mock::body(
            json!({"errors": {"x": "y"}}),
        )));
    assert_eq!(
        deal(&client, "1").await.status().map(|s| s.as_u16()),
        Some(404)
    );
    assert!(matches!(
        deal(&client, "1").await,
        Error::Api(e) if matches!(e.error(), GetDealError::Invalid(_))
    ));
    mock.convert_lead()
        .error(ConvertLeadError::InvalidData(mock::body(
            json!({"code": "", "message": "m", "status": "error"}),
        )));
    match client
        .send(ConvertLeadRequest::builder().lead_id("l").build())
        .await
    {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), 200);
            assert!(
                matches!(e.error(), ConvertLeadError::InvalidData(b) if b.code == "INVALID_DATA")
            );
        }
        other => panic!("{other:?}"),
    }
}
