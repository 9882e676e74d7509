//! Error kinds end to end: an error documented without a body, two error
//! shapes under one status with no code (the one that fits; the raw body
//! when none does), an error inside a 200 (Zoho's `API_Exception`): a
//! typed error, never an `Ok` holding one; and errors documented by class
//! of status (`4XX`, `5XX`) and as the default, with list, string and union
//! bodies, each keeping the status received.

use apigen_runtime::mock::{self, json, Answer};
use apigen_runtime::{AccessToken, Client, DocumentedError, Error, UnhandledReason};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use kinds::kinds::convert_lead::{ConvertLeadError, ConvertLeadRequest};
use kinds::kinds::get_deal::{GetDealError, GetDealRequest};
use kinds::kinds::get_invoice::{GetInvoiceError, GetInvoiceRequest};
use kinds::kinds::mock::MockServer;
use kinds::kinds::{Failure, Server};

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

/// A server answering `/invoices/{id}` with the status and body the ID names.
async fn invoices() -> Client<Server> {
    let app = Router::new().route(
        "/invoices/{id}",
        get(|Path(id): Path<String>| async move {
            let (status, body) = match id.as_str() {
                "ok" => (200, r#"{"id": "i-1", "total": 12.5}"#),
                "gone" => (404, r#"{"message": "no such invoice"}"#),
                "malformed" => (400, r#"[{"message": "the ID is malformed"}]"#),
                "teapot" => (418, r#"[{"message": "short"}, {"message": "stout"}]"#),
                "down" => (500, r#""try again later""#),
                "full" => (507, r#""no space left""#),
                "html" => (500, "<html>oops</html>"),
                "accepted" => (202, r#"{"errors": {"id": "archived"}}"#),
                "far" => (600, r#"{"message": "from far away"}"#),
                _ => (299, r#"{"surprise": true}"#),
            };
            (StatusCode::from_u16(status).unwrap(), body)
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap()
}

async fn invoice(client: &Client<Server>, id: &str) -> Error<GetInvoiceError> {
    client
        .send(GetInvoiceRequest::builder().invoice_id(id).build())
        .await
        .unwrap_err()
}

/// The documented error and the status it came with.
fn documented(e: Error<GetInvoiceError>) -> (u16, GetInvoiceError) {
    match e {
        Error::Api(e) => (e.status().as_u16(), e.into_error()),
        other => panic!("expected a documented error, got {other:?}"),
    }
}

#[tokio::test]
async fn errors_by_class_and_default_keep_the_status_received() {
    let client = invoices().await;
    let ok = client
        .send(GetInvoiceRequest::builder().invoice_id("ok").build())
        .await
        .unwrap();
    assert_eq!((ok.id.as_str(), ok.total), ("i-1", 12.5));

    // An exact status comes before its class.
    let (status, error) = documented(invoice(&client, "gone").await);
    assert_eq!(status, 404);
    assert!(matches!(error, GetInvoiceError::NotFound(p) if p.message == "no such invoice"));

    // `4XX`: any other 4xx, with a list body.
    for (id, expected, messages) in [
        ("malformed", 400, vec!["the ID is malformed"]),
        ("teapot", 418, vec!["short", "stout"]),
    ] {
        let (status, error) = documented(invoice(&client, id).await);
        assert_eq!(status, expected);
        match error {
            GetInvoiceError::ClientError(problems) => {
                let got: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
                assert_eq!(got, messages);
            }
            other => panic!("{id}: {other:?}"),
        }
    }

    // `5XX`: a string body, which is the vendor's message.
    let e = invoice(&client, "down").await;
    assert_eq!(
        e.to_string(),
        "the API returned an error: HTTP 500 Internal Server Error: try again later (documented: The service failed)"
    );
    let (status, error) = documented(e);
    assert_eq!(status, 500);
    assert_eq!(
        error,
        GetInvoiceError::ServerError("try again later".into())
    );
    assert_eq!(error.info().message, Some("try again later"));
    let (status, error) = documented(invoice(&client, "full").await);
    assert_eq!(
        (status, error),
        (507, GetInvoiceError::ServerError("no space left".into()))
    );

    // `default`: any status nothing else documents, 2xx and beyond 599
    // included, with a union body read as the alternative that fits.
    let (status, error) = documented(invoice(&client, "accepted").await);
    assert_eq!(status, 202);
    match &error {
        GetInvoiceError::Other(Failure::ValidationProblem(v)) => {
            assert_eq!(v.errors["id"], "archived")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        error.info().message,
        None,
        "a union body has no message to show"
    );
    let (status, error) = documented(invoice(&client, "far").await);
    assert_eq!(status, 600);
    assert!(
        matches!(error, GetInvoiceError::Other(Failure::Problem(p)) if p.message == "from far away")
    );

    // A body of the wrong shape under a documented status is kept whole.
    for (id, status) in [("html", 500), ("odd", 299)] {
        match invoice(&client, id).await {
            Error::Undocumented(r) => {
                assert_eq!(r.status(), status);
                assert!(
                    matches!(r.reason(), UnhandledReason::MalformedBody(_)),
                    "{id}"
                );
            }
            other => panic!("{id}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_mock_sends_errors_by_class_and_default_with_the_status_the_test_gives() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    let problems = || -> Vec<kinds::kinds::Problem> { mock::body(json!([{"message": "bad"}])) };

    // An error of one status needs none; the others take the test's.
    mock.get_invoice()
        .once()
        .error(GetInvoiceError::NotFound(mock::body(
            json!({"message": "gone"}),
        )));
    mock.get_invoice()
        .once()
        .error_with_status(422, GetInvoiceError::ClientError(problems()));
    mock.get_invoice()
        .once()
        .error_with_status(501, GetInvoiceError::ServerError("later".into()));
    mock.get_invoice().once().error_with_status(
        207,
        GetInvoiceError::Other(Failure::Problem(mock::body(json!({"message": "odd"})))),
    );
    let mut got = Vec::new();
    for _ in 0..4 {
        got.push(documented(invoice(&client, "i").await));
    }
    assert!(matches!(&got[0], (404, GetInvoiceError::NotFound(p)) if p.message == "gone"));
    assert_eq!(got[1], (422, GetInvoiceError::ClientError(problems())));
    assert_eq!(got[2], (501, GetInvoiceError::ServerError("later".into())));
    assert!(
        matches!(&got[3], (207, GetInvoiceError::Other(Failure::Problem(p))) if p.message == "odd")
    );

    // From a closure over the request, too.
    mock.get_invoice().with(|request| {
        Answer::ErrorWithStatus(
            409,
            GetInvoiceError::ClientError(mock::body(json!([{"message": request.invoice_id}]))),
        )
    });
    match documented(invoice(&client, "i-9").await) {
        (409, GetInvoiceError::ClientError(p)) => assert_eq!(p[0].message, "i-9"),
        other => panic!("{other:?}"),
    }
    mock.assert_no_violations();
}

/// The panic of `program`, as text.
fn refused(program: impl FnOnce()) -> String {
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(program))
        .expect_err("the mock refuses this answer");
    panic.downcast_ref::<String>().cloned().unwrap_or_default()
}

#[tokio::test]
async fn the_mock_refuses_a_status_the_client_would_not_read_as_that_error() {
    let mock = MockServer::start().await.unwrap();
    let client_error = || GetInvoiceError::ClientError(mock::body(json!([])));
    // No status for an error documented for a class.
    let message = refused(|| mock.get_invoice().error(client_error()));
    assert!(
        message.contains("comes with any HTTP 4XX status"),
        "{message}"
    );
    assert!(message.contains("error_with_status"), "{message}");
    // 404 is documented on its own; 500 is not a 4xx.
    let message = refused(|| mock.get_invoice().error_with_status(404, client_error()));
    assert!(
        message.contains("is not what the client reads from HTTP 404"),
        "{message}"
    );
    let message = refused(|| mock.get_invoice().error_with_status(500, client_error()));
    assert!(message.contains("it reads an error"), "{message}");
    // The default does not take a status documented elsewhere.
    let other = GetInvoiceError::Other(Failure::Problem(mock::body(json!({"message": "m"}))));
    let message = refused(|| mock.get_invoice().error_with_status(404, other));
    assert!(message.contains("it reads `NotFound"), "{message}");
    // Nothing was programmed: the example answers.
    assert_eq!(mock.get_invoice().hits(), 0);
}
