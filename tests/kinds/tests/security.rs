//! Every security scheme end to end (`spec/schemes.yaml`): the client signs
//! each operation as its requirement says, with the API's generated
//! `Credentials`, and a local server sees exactly that; alternatives pick
//! what the credentials hold; schemes required together are all sent;
//! missing credentials fail before anything is sent; and the mock checks
//! each scheme, without quoting a secret.

use std::sync::{Arc, Mutex};

use apigen_runtime::{AccessToken, Client, Error, Operation, RequestError};
use axum::extract::Request;
use axum::Router;
use kinds::schemes::mock::MockServer;
use kinds::schemes::{self, Credentials};

/// What the server saw: the path with its query, and the auth headers.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    path: String,
    authorization: Option<String>,
    api_key: Option<String>,
    cookie: Option<String>,
}

async fn server() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let record = seen.clone();
    let app = Router::new().fallback(move |request: Request| {
        let record = record.clone();
        async move {
            let header = |name: &str| {
                request
                    .headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
            };
            record.lock().unwrap().push(Seen {
                path: request.uri().path_and_query().unwrap().to_string(),
                authorization: header("authorization"),
                api_key: header("x-api-key"),
                cookie: header("cookie"),
            });
            axum::http::StatusCode::NO_CONTENT
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

fn credentials() -> Credentials {
    Credentials::oauth(AccessToken::new("oauth-token"))
        .with_basic("AC123", "auth-token")
        .with_header_key(AccessToken::new("header-key"))
        .with_query_key(AccessToken::new("query-key"))
        .with_cookie_key(AccessToken::new("cookie-key"))
        .with_oidc(AccessToken::new("oidc-token"))
        .with_word(AccessToken::new("word-token"))
}

fn seen(path: &str, authorization: Option<&str>, api_key: Option<&str>) -> Seen {
    Seen {
        path: path.to_owned(),
        authorization: authorization.map(str::to_owned),
        api_key: api_key.map(str::to_owned),
        cookie: None,
    }
}

#[tokio::test]
async fn each_scheme_is_sent_where_the_spec_says() {
    let (base, log) = server().await;
    let client = Client::new(credentials(), Server::Custom(base)).unwrap();
    use schemes::*;
    client
        .send(with_oauth::WithOauthRequest::builder().build())
        .await
        .unwrap();
    client
        .send(with_basic::WithBasicRequest::builder().build())
        .await
        .unwrap();
    client
        .send(with_header_key::WithHeaderKeyRequest::builder().build())
        .await
        .unwrap();
    client
        .send(
            with_query_key::WithQueryKeyRequest::builder()
                .page(2)
                .build(),
        )
        .await
        .unwrap();
    client
        .send(with_cookie_key::WithCookieKeyRequest::builder().build())
        .await
        .unwrap();
    client
        .send(with_oidc::WithOidcRequest::builder().build())
        .await
        .unwrap();
    client
        .send(with_word::WithWordRequest::builder().build())
        .await
        .unwrap();
    client
        .send(basic_and_key::BasicAndKeyRequest::builder().build())
        .await
        .unwrap();
    client
        .send(public::PublicRequest::builder().build())
        .await
        .unwrap();
    let basic = "Basic QUMxMjM6YXV0aC10b2tlbg=="; // base64("AC123:auth-token")
    let log = log.lock().unwrap().clone();
    assert_eq!(
        log,
        [
            seen("/oauth", Some("Bearer oauth-token"), None),
            seen("/basic", Some(basic), None),
            seen("/header-key", None, Some("header-key")),
            seen("/query-key?page=2&api_key=query-key", None, None),
            Seen {
                cookie: Some("session=cookie-key".to_owned()),
                ..seen("/cookie-key", None, None)
            },
            seen("/oidc", Some("Bearer oidc-token"), None),
            seen("/word", Some("Token word-token"), None),
            seen("/basic-and-key", Some(basic), Some("header-key")),
            seen("/public", None, None),
        ]
    );
}

#[tokio::test]
async fn alternatives_follow_what_the_credentials_hold() {
    let (base, log) = server().await;
    use schemes::*;
    // Only an API key: of "basic, or a key", the key is sent.
    let key_only = Client::new(
        Credentials::header_key(AccessToken::new("k")),
        Server::Custom(base.clone()),
    )
    .unwrap();
    key_only
        .send(basic_or_key::BasicOrKeyRequest::builder().build())
        .await
        .unwrap();
    // Both: the first alternative, basic.
    let both = Client::new(credentials(), Server::Custom(base.clone())).unwrap();
    both.send(basic_or_key::BasicOrKeyRequest::builder().build())
        .await
        .unwrap();
    // Optional credentials: sent when held, left out when not.
    both.send(optional::OptionalRequest::builder().build())
        .await
        .unwrap();
    let none = Client::new(Credentials::default(), Server::Custom(base.clone())).unwrap();
    none.send(optional::OptionalRequest::builder().build())
        .await
        .unwrap();
    // A bare token serves every scheme that takes a token.
    let token = Client::new(AccessToken::new("any"), Server::Custom(base)).unwrap();
    token
        .send(with_query_key::WithQueryKeyRequest::builder().build())
        .await
        .unwrap();
    let log = log.lock().unwrap().clone();
    assert_eq!(
        log,
        [
            seen("/basic-or-key", None, Some("k")),
            seen(
                "/basic-or-key",
                Some("Basic QUMxMjM6YXV0aC10b2tlbg=="),
                None
            ),
            seen("/optional", Some("Bearer oauth-token"), None),
            seen("/optional", None, None),
            seen("/query-key?api_key=any", None, None),
        ]
    );
}

#[tokio::test]
async fn missing_credentials_fail_before_anything_is_sent() {
    let (base, log) = server().await;
    use schemes::*;
    // A token cannot stand in for basic credentials, nor for half of a pair.
    let token = Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap();
    let err = token
        .send(with_basic::WithBasicRequest::builder().build())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Request(RequestError::MissingCredentials { wanted }) if wanted == "`basic`"),
        "{err}"
    );
    let err = token
        .send(basic_and_key::BasicAndKeyRequest::builder().build())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot build the request: no credentials for this operation: it takes `basic` and `header_key` together"
    );
    assert!(log.lock().unwrap().is_empty());
    assert_eq!(
        basic_and_key::BasicAndKeyRequest::SECURITY,
        &[&[schemes::BASIC_SCHEME, schemes::HEADER_KEY_SCHEME][..]]
    );
    assert!(public::PublicRequest::SECURITY.is_empty());
}

#[tokio::test]
async fn the_mock_checks_each_scheme_without_quoting_secrets() {
    use schemes::*;
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(credentials(), mock.server()).unwrap();
    client
        .send(with_basic::WithBasicRequest::builder().build())
        .await
        .unwrap();
    client
        .send(with_query_key::WithQueryKeyRequest::builder().build())
        .await
        .unwrap();
    client
        .send(with_cookie_key::WithCookieKeyRequest::builder().build())
        .await
        .unwrap();
    client
        .send(basic_and_key::BasicAndKeyRequest::builder().build())
        .await
        .unwrap();
    client
        .send(basic_or_key::BasicOrKeyRequest::builder().build())
        .await
        .unwrap();
    mock.assert_no_violations();

    // Requests signed wrongly, sent raw: each is refused with what is wrong.
    let http = reqwest::Client::new();
    let base = mock.base_url().to_owned();
    // (path, headers sent, the problem reported)
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case<'_>; 5] = [
        (
            "/query-key?api_key=&page=1",
            &[],
            "query parameter `api_key`: the key is empty",
        ),
        (
            "/basic",
            &[("authorization", "Bearer s3cr3t")],
            "must be `Basic <base64 of user:password>`",
        ),
        (
            "/header-key",
            &[],
            "header `X-API-Key`: must be `<token>`, not sent",
        ),
        (
            "/basic-and-key",
            &[("authorization", "Basic QUMxMjM6YXV0aC10b2tlbg==")],
            "header `X-API-Key`: must be `<token>`, not sent",
        ),
        (
            "/oauth",
            &[("authorization", "s3cr3t")],
            "header `Authorization`: must be `Bearer <token>`",
        ),
    ];
    for (path, headers, problem) in cases {
        let mut request = http.get(format!("{base}{path}"));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let response = request.send().await.unwrap();
        assert_ne!(response.status(), 204, "{path}");
        let text = response.text().await.unwrap();
        assert!(text.contains(problem), "{path}: {text}");
        assert!(!text.contains("s3cr3t"), "{path} quotes the secret: {text}");
    }
    assert_eq!(mock.take_violations().len(), 5);
    // A key in the query is not quoted either.
    let text = http
        .get(format!("{base}/query-key?api_key=s3cr3t&page=x"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("api_key=…") && !text.contains("s3cr3t"),
        "{text}"
    );
    assert_eq!(mock.take_violations().len(), 1);
    // Nor is a key sent under a wrong name (it is no input of the
    // operation): the report and the violation show the name only, and an
    // input's value still.
    let text = http
        .get(format!("{base}/query-key?apikey=s3cr3t&api_key=&page=x"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("apikey=…") && text.contains("page=x"),
        "{text}"
    );
    assert!(
        text.contains("query parameter `apikey`: not an input"),
        "{text}"
    );
    let violations = mock.take_violations();
    let shown = format!("{text}{violations:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
}

#[tokio::test]
async fn the_mock_closes_a_connection_that_dribbles_its_body() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mock = apigen_runtime::mock::MockServer::builder("schemes")
        .operation::<schemes::with_query_key::WithQueryKeyRequest>()
        .body_read_timeout(std::time::Duration::from_millis(500))
        .start()
        .await
        .unwrap();
    let address = mock.base_url().trim_start_matches("http://").to_owned();
    // A body announced as 100 bytes, one byte now and then: answered 408
    // and closed at the timeout, not held open for as long as it dribbles.
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    socket
        .write_all(b"GET /query-key?api_key=k HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let dribble = async {
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            if socket.write_all(b"x").await.is_err() {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), dribble).await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        socket.read_to_end(&mut answer),
    )
    .await;
    assert!(read.is_ok(), "the connection was still open");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let violations = mock.take_violations();
    assert!(
        violations[0].problems[0].contains("did not arrive within"),
        "{violations:?}"
    );
}

#[tokio::test]
async fn a_base_url_password_is_never_shown_by_server_or_client() {
    let (base, seen) = server().await;
    let with_password = base.replace("http://", "http://user:UIPASS@");
    let server = schemes::Server::Custom(with_password);
    let client = Client::new(credentials(), server.clone()).unwrap();
    let builder = Client::builder(credentials(), server.clone());
    for shown in [
        format!("{server:?}"),
        format!("{client:?}"),
        format!("{builder:?}"),
    ] {
        assert!(!shown.contains("UIPASS"), "{shown}");
        assert!(shown.contains("***@127.0.0.1"), "{shown}");
    }
    // The client still reaches the server, without the user info.
    client
        .send(schemes::with_query_key::WithQueryKeyRequest::builder().build())
        .await
        .unwrap();
    assert_eq!(seen.lock().unwrap().len(), 1);
}
