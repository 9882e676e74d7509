//! Query parameters of every kind, one name in two places, documented bounds
//! checked before sending, form-urlencoded and raw file bodies: through a
//! hand-written server that records the raw request, and through the mock.

use std::sync::{Arc, Mutex};

use apigen_runtime::{AccessToken, Client, Error, FilePart, RequestError};
use axum::extract::RawQuery;
use axum::http::HeaderMap;
use axum::routing::{get, post, put};
use axum::Router;
use kinds::kinds::mock::MockServer;
use kinds::kinds::move_deal::MoveDealRequest;
use kinds::kinds::refresh_token::RefreshTokenRequest;
use kinds::kinds::search_deals::SearchDealsRequest;
use kinds::kinds::upload_avatar::UploadAvatarRequest;
use kinds::kinds::{Server, Status};

/// Each request as received: query, content type, length, auth and body.
type Seen = Arc<Mutex<Vec<(String, String, String, String, Vec<u8>)>>>;

async fn server() -> (Client<Server>, Seen) {
    let seen: Seen = Arc::default();
    let record = |answer: &'static str| {
        let seen = seen.clone();
        move |RawQuery(query): RawQuery, headers: HeaderMap, body: axum::body::Bytes| async move {
            let header = |name: &str| {
                headers
                    .get(name)
                    .map_or("-".to_owned(), |v| v.to_str().unwrap().to_owned())
            };
            seen.lock().unwrap().push((
                query.unwrap_or_default(),
                header("content-type"),
                header("content-length"),
                header("authorization"),
                body.to_vec(),
            ));
            let status = if answer.is_empty() { 204 } else { 200 };
            (axum::http::StatusCode::from_u16(status).unwrap(), answer)
        }
    };
    let app = Router::new()
        .route("/deals", get(record("[]")))
        .route("/deals/{id}/move", post(record("")))
        .route(
            "/oauth/token",
            post(record(r#"{"access_token": "a", "expires_in": 3600}"#)),
        )
        .route("/contacts/{id}/avatar", put(record("")))
        .route("/records/{id}/custom-files", post(record("")));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (
        Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap(),
        seen,
    )
}

fn search() -> SearchDealsRequest {
    SearchDealsRequest::builder()
        .ids("d-1")
        .ids("d-2")
        .stage(Status::Active)
        .stage(Status::Archived)
        .min_amount(9.5)
        .limit(20)
        .q("big deal")
        .archived(false)
        .build()
}

#[tokio::test]
async fn query_parameters_of_every_kind() {
    let (client, seen) = server().await;
    client.send(search()).await.unwrap();
    assert_eq!(
        seen.lock().unwrap()[0].0,
        "ids=d-1%2Cd-2&stage=active&stage=archived&min_amount=9.5&limit=20&q=big+deal&archived=false"
    );
}

#[tokio::test]
async fn documented_bounds_are_checked_before_sending() {
    let (client, seen) = server().await;
    let too_many = SearchDealsRequest::builder().limit(101).build();
    match client.send(too_many).await {
        Err(Error::Request(RequestError::OutOfRange { name, reason })) => {
            assert_eq!(name, "limit");
            assert_eq!(reason, "101 is above the maximum 100");
        }
        other => panic!("{other:?}"),
    }
    let short = SearchDealsRequest::builder().q("a").build();
    assert!(matches!(
        client.send(short).await,
        Err(Error::Request(RequestError::OutOfRange { name: "q", .. }))
    ));
    let negative = SearchDealsRequest::builder().min_amount(-1.0).build();
    assert!(client.send(negative).await.is_err());
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn one_name_in_two_places_form_and_file_bodies() {
    let (client, seen) = server().await;
    client
        .send(
            MoveDealRequest::builder()
                .deal_id("d-1")
                .location_id("from-loc")
                .target_location("to-loc")
                .build(),
        )
        .await
        .unwrap();
    let token = client
        .send(
            RefreshTokenRequest::builder()
                .refresh_token("r t&x")
                .scope("a")
                .scope("b")
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(token.expires_in, 3600);
    let dir = std::env::temp_dir().join(format!("kinds-avatar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("me.png");
    std::fs::write(&path, b"\x89PNG fake").unwrap();
    client
        .send(
            UploadAvatarRequest::builder()
                .contact_id("c-1")
                .body(FilePart::from_path(&path).unwrap())
                .build(),
        )
        .await
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();

    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].0, "locationId=from-loc");
    assert_eq!(seen[0].4, br#"{"locationId":"to-loc"}"#);
    // Form-urlencoded, without a token.
    assert_eq!(seen[1].1, "application/x-www-form-urlencoded");
    assert_eq!(seen[1].3, "-");
    assert_eq!(
        String::from_utf8_lossy(&seen[1].4),
        "grant_type=refresh_token&refresh_token=r+t%26x&scope=a&scope=b"
    );
    // The file is the body, as the spec's media type, with its length.
    assert_eq!((seen[2].1.as_str(), seen[2].2.as_str()), ("image/png", "9"));
    assert_eq!(seen[2].4, b"\x89PNG fake");
}

#[tokio::test]
async fn the_mock_reads_them_back() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    mock.search_deals().ok(Vec::new());
    client.send(search()).await.unwrap();
    let s = &mock.search_deals().received()[0];
    assert_eq!(s.ids, ["d-1", "d-2"]);
    assert_eq!(s.stage, [Status::Active, Status::Archived]);
    assert_eq!(
        (s.min_amount, s.limit, s.q.as_deref()),
        (Some(9.5), Some(20), Some("big deal"))
    );

    client
        .send(
            MoveDealRequest::builder()
                .deal_id("d")
                .location_id("a")
                .target_location("b")
                .build(),
        )
        .await
        .unwrap();
    let m = &mock.move_deal().received()[0];
    assert_eq!(
        (m.location_id.as_str(), m.target_location.as_str()),
        ("a", "b")
    );

    mock.refresh_token().ok(apigen_runtime::mock::body(
        apigen_runtime::mock::json!({"access_token": "x", "expires_in": 1}),
    ));
    client
        .send(RefreshTokenRequest::builder().refresh_token("r").build())
        .await
        .unwrap();
    assert_eq!(mock.refresh_token().received()[0].refresh_token, "r");

    client
        .send(
            UploadAvatarRequest::builder()
                .contact_id("c")
                .body(FilePart::from_bytes("me.png", "png bytes"))
                .build(),
        )
        .await
        .unwrap();
    let avatar = &mock.upload_avatar().received()[0];
    assert_eq!(avatar.body.bytes().unwrap().as_ref(), b"png bytes");
    assert_eq!(avatar.body.content_type().as_ref(), "image/png");
}

#[test]
fn an_operation_with_hosts_of_its_own() {
    use apigen_runtime::Operation;
    use kinds::kinds::upload_document::UploadDocumentRequest;
    let request = || {
        UploadDocumentRequest::builder()
            .file(FilePart::from_bytes("a.pdf", "%PDF"))
            .build()
    };
    let token = AccessToken::new("t");
    let http = request()
        .into_http_request(&Server::Production, &token)
        .unwrap();
    assert_eq!(http.uri(), "https://content.kinds.example.com/documents");
    // A custom base URL (a proxy, the mock) is used as it is.
    let http = request()
        .into_http_request(&Server::Custom("http://127.0.0.1:9".into()), &token)
        .unwrap();
    assert_eq!(http.uri(), "http://127.0.0.1:9/documents");
}

/// `map<file>`: parts named by the caller, each its own part with the
/// caller's name (a quote in a name escaped, so it cannot end the header),
/// beside the named `maxFiles` field; the mock reads them back by name.
#[tokio::test]
async fn file_parts_named_by_the_caller() {
    use kinds::kinds::upload_custom_files::UploadCustomFilesRequest;
    let request = || {
        UploadCustomFilesRequest::builder()
            .record_id("r-1")
            .files([
                ("cf1_a".to_owned(), FilePart::from_bytes("a.pdf", "%PDF a")),
                ("cf2_\"b".to_owned(), FilePart::from_bytes("b.txt", "bee")),
            ])
            .max_files("2")
            .build()
    };
    let (client, seen) = server().await;
    client.send(request()).await.unwrap();
    let body = String::from_utf8_lossy(&seen.lock().unwrap()[0].4).into_owned();
    assert!(
        body.contains("name=\"cf1_a\"; filename=\"a.pdf\""),
        "{body}"
    );
    assert!(
        body.contains("name=\"cf2_%22b\"; filename=\"b.txt\""),
        "{body}"
    );
    assert!(body.contains("name=\"maxFiles\""), "{body}");

    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    client.send(request()).await.unwrap();
    let got = &mock.upload_custom_files().received()[0];
    let names: Vec<&str> = got.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["cf1_a", "cf2_%22b"]);
    assert_eq!(got.files[1].1.bytes().unwrap().as_ref(), b"bee");
    assert_eq!(got.max_files.as_deref(), Some("2"));
    assert_eq!(got.record_id, "r-1");
}
