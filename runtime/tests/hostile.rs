//! Hostile servers against the runtime alone, each on 127.0.0.1 (issue
//! #40): a list that never ends, a response naming thousands of rate-limit
//! policies, token endpoints that answer with secrets or echo the request,
//! and the secrets of every kind of credential kept out of every error.

mod support;

use std::sync::{Arc, Mutex};

use apigen_runtime::oauth::RefreshFlow;
use apigen_runtime::{
    AccessToken, ApiError, Client, Credentials, Error, NextPageError, PaginationError,
    RefreshingToken, RequestError, TokenError, TransportErrorKind,
};
use futures_util::StreamExt;
use support::{json, reply, serve, BasicPing, Documented, ListItems, Local, Ping};

/// A page of `items` items of about a kilobyte each, saying more follow.
fn endless_page(items: usize) -> String {
    let item = format!(r#"{{"id":"{}"}}"#, "x".repeat(1000));
    let list = vec![item; items].join(",");
    format!(r#"{{"items":[{list}],"more":true}}"#)
}

#[tokio::test]
async fn an_endless_walk_stops_at_the_byte_limit_and_keeps_what_it_read() {
    // Pages of about 1 MiB, "more" forever: before the byte limit, the walk
    // went on to the page limit (1,000 pages, a GiB here; 8 GiB of pages
    // just under the response limit), every page held by `collect`.
    let page = endless_page(1000);
    let page_len = page.len() as u64;
    let server = serve(move |_, _| json(&page)).await;
    let client = Client::new(AccessToken::new("t"), Local(server.base.clone())).unwrap();
    let truncated = client
        .collect_items(ListItems::default())
        .await
        .unwrap_err();
    let limit = Client::<Local>::DEFAULT_MAX_WALK_BYTES;
    let pages = limit.div_ceil(page_len) as usize;
    match &truncated.error {
        Error::Pagination(PaginationError::Bytes {
            limit: l,
            bytes,
            pages: p,
            items,
        }) => {
            assert_eq!((*l, *p, *items), (limit, pages, pages as u64 * 1000));
            assert_eq!(*bytes, pages as u64 * page_len);
        }
        other => panic!("{other:?}"),
    }
    // What was read is kept, and no page past the limit was asked for.
    assert_eq!(truncated.items.len(), pages * 1000);
    assert_eq!(server.received().len(), pages);
    let text = truncated.to_string();
    assert!(text.contains("limit of 67108864 bytes"), "{text}");
    assert!(
        text.contains(&format!("{} items, kept", pages * 1000)),
        "{text}"
    );
}

#[tokio::test]
async fn an_item_limit_ends_a_streamed_walk_after_the_items_it_allows() {
    let page = endless_page(10);
    let server = serve(move |_, _| json(&page)).await;
    let client = Client::builder(AccessToken::new("t"), Local(server.base.clone()))
        .max_walk_items(25)
        .build()
        .unwrap();
    let results: Vec<_> = client.items(ListItems::default()).collect().await;
    let (last, items) = results.split_last().unwrap();
    assert_eq!(items.len(), 30);
    assert!(items.iter().all(Result::is_ok));
    assert!(
        matches!(
            last,
            Err(Error::Pagination(PaginationError::Items {
                limit: 25,
                items: 30,
                pages: 3
            }))
        ),
        "{last:?}"
    );
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn a_page_past_the_largest_page_number_ends_the_walk_with_an_error() {
    let server = serve(|_, _| json(r#"{"items":[{"id":"a"}],"more":true}"#)).await;
    let client = Client::new(AccessToken::new("t"), Local(server.base.clone())).unwrap();
    let results: Vec<_> = client
        .pages(ListItems {
            page: Some(i64::MAX),
        })
        .collect()
        .await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(results[0].is_ok());
    match &results[1] {
        Err(Error::Pagination(PaginationError::NoNextPage { pages: 1, reason })) => {
            assert_eq!(reason, &NextPageError::Overflow { input: "page" })
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_response_naming_thousands_of_rate_limit_policies_keeps_a_handful() {
    // The worst the HTTP stack takes: 95 lines of 4,000 bytes, each naming
    // new policies (25,270 names in all). Read on every response: before
    // the bound each name was looked up in all the names before it.
    let mut headers = String::new();
    let mut names = 0;
    for _ in 0..95 {
        let mut line = String::new();
        while line.len() < 3_950 {
            line.push_str(&format!("\"p{names}\";q=9, "));
            names += 1;
        }
        headers.push_str(&format!(
            "RateLimit-Policy: {}\r\n",
            line.trim_end_matches([',', ' '])
        ));
    }
    headers.push_str("RateLimit: \"p1\";r=3;t=7\r\n");
    assert!(names > 20_000, "{names}");
    let server = serve(move |_, _| reply("200 OK", &headers, b"{}")).await;
    let client = Client::new(AccessToken::new("t"), Local(server.base.clone())).unwrap();
    client.send(Ping).await.unwrap();
    let limit = client.rate_limit().unwrap();
    assert_eq!(limit.quotas.len(), apigen_runtime::MAX_RATE_LIMIT_POLICIES);
    let p1 = limit.quota("p1").unwrap();
    assert_eq!((p1.limit, p1.remaining), (Some(9), Some(3)));
    assert!(limit.quota("p100").is_none());
}

/// The secrets the tests below put in: sent by the client, or sent back by
/// a token endpoint under names that are not `access_token`.
const SECRETS: &[&str] = &[
    "LIVE-ACCESS-1f9a2b",
    "LIVE-REFRESH-77c2d4",
    "LIVE-ID-TOKEN-5d1e0f",
    "LIVE-NEW-RT-c0de99",
    "CS-SECRET-93ab",
    "RT-SECRET-4e6f",
    "UIPASS-8d2c",
    "BASIC-PW-11aa",
    "BEARER-TOKEN-77ee",
];

/// Token endpoint answers a hostile or broken vendor gives, each a refusal.
fn token_answers() -> Vec<(Vec<u8>, &'static str)> {
    let form_echo =
        "client_secret=CS-SECRET-93ab&refresh_token=RT-SECRET-4e6f&grant_type=refresh_token";
    vec![
        (
            json(r#"{"accessToken":"LIVE-ACCESS-1f9a2b","refreshToken":"LIVE-REFRESH-77c2d4","expires_in":3600}"#),
            "the answer has no `access_token`; its fields are `accessToken`, `expires_in`, `refreshToken`",
        ),
        (
            json(r#"{"refresh_token":"LIVE-NEW-RT-c0de99"}"#),
            "its fields are `refresh_token`",
        ),
        (
            json(r#"{"id_token":"eyJhbGciOiJSUzI1NiJ9.LIVE-ID-TOKEN-5d1e0f","token_type":"Bearer"}"#),
            "its fields are `id_token`, `token_type`",
        ),
        (
            json(r#"{"access_token":{"value":"LIVE-ACCESS-1f9a2b"}}"#),
            "has an `access_token` that is not text",
        ),
        (
            reply(
                "400 Bad Request",
                "content-type: application/json\r\n",
                format!(r#"{{"error":"invalid_request","error_description":"bad request: {form_echo}"}}"#).as_bytes(),
            ),
            "bad request: client_secret=[redacted]&refresh_token=[redacted]&grant_type=refresh_token",
        ),
        (
            reply("401 Unauthorized", "content-type: text/plain\r\n", form_echo.as_bytes()),
            "the answer is not JSON",
        ),
        (
            reply(
                "400 Bad Request",
                "content-type: application/json\r\n",
                br#"{"error":{"refresh_token":"RT-SECRET-4e6f"},"access_token":"LIVE-ACCESS-1f9a2b"}"#,
            ),
            "the answer gives no reason; its fields are `access_token`, `error`",
        ),
        (
            reply(
                "500 Internal Server Error",
                "content-type: application/json\r\n",
                br#"{"message":"token ya29.LIVE-ACCESS-1f9a2b.Xq for Bearer BEARER-TOKEN-77ee, sig=aGVsbG8gd29ybGQgMTIzNDU2Nzg5MA"}"#,
            ),
            "token [redacted] for Bearer [redacted]",
        ),
    ]
}

/// Every text an error shows: its Display, its Debug, and its sources'.
fn shown(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut texts = vec![error.to_string(), format!("{error:?}")];
    let mut source = error.source();
    while let Some(e) = source {
        texts.push(e.to_string());
        texts.push(format!("{e:?}"));
        source = e.source();
    }
    texts
}

fn leaks(texts: &[String]) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    for text in texts {
        for secret in SECRETS {
            if text.contains(secret) {
                found.push((*secret, text.clone()));
            }
        }
    }
    found
}

#[tokio::test]
async fn token_errors_name_fields_and_never_quote_a_value() {
    for (answer, expected) in token_answers() {
        let token = serve(move |_, _| answer.clone()).await;
        let api = serve(|_, _| json("{}")).await;
        let flow = RefreshFlow::new(
            Some(&format!("{}/token", token.base)),
            "client-id",
            "CS-SECRET-93ab",
            "RT-SECRET-4e6f",
        );
        let client = Client::new(RefreshingToken::new(flow), Local(api.base.clone())).unwrap();
        let error = client.send(Ping).await.unwrap_err();
        assert!(
            matches!(error, Error::Token(TokenError::Refused { .. })),
            "{error:?}"
        );
        let texts = shown(&error);
        assert!(texts[0].contains(expected), "{expected}\n{}", texts[0]);
        assert_eq!(leaks(&texts), [], "{}", texts[0]);
        // The form did carry them: the redaction is not for want of secrets.
        let form = String::from_utf8(token.received()[0].body.clone()).unwrap();
        assert!(form.contains("client_secret=CS-SECRET-93ab"), "{form}");
        assert!(api.received().is_empty());
    }
}

#[tokio::test]
async fn every_error_variant_is_scanned_for_the_secrets_put_in() {
    // Each kind of `Error` the client returns, made against real servers
    // with every kind of secret in play; then Display and Debug of each
    // (and of its sources) are searched for every secret. The figure of
    // BENCHMARKS.md is this test's last line (`-- --nocapture`).
    let mut scanned: Vec<(&str, Vec<String>)> = Vec::new();
    let api = serve(|n, _| match n {
        0 => reply(
            "500 Internal Server Error",
            "content-type: text/plain\r\n",
            b"the server broke",
        ),
        _ => json(r#"{"items":[{"id":"a"}],"more":true}"#),
    })
    .await;
    let port = api.base.rsplit(':').next().unwrap().to_owned();
    let with_password = format!("http://user:UIPASS-8d2c@127.0.0.1:{port}");
    let bearer = || AccessToken::new("BEARER-TOKEN-77ee");

    // Undocumented: the status and body kept, the token sent not.
    let client = Client::new(bearer(), Local(with_password.clone())).unwrap();
    let e = client.send(Ping).await.unwrap_err();
    assert!(matches!(e, Error::Undocumented(_)), "{e:?}");
    scanned.push(("Undocumented", shown(&e)));
    // Pagination: a walk stopped at the page limit.
    let one_page = Client::builder(bearer(), Local(with_password.clone()))
        .max_pages(1)
        .build()
        .unwrap();
    let mut pages = std::pin::pin!(one_page.pages(ListItems { page: Some(1) }));
    let _ = pages.next().await;
    let e = pages.next().await.unwrap().unwrap_err();
    assert!(matches!(e, Error::Pagination(_)), "{e:?}");
    scanned.push(("Pagination", shown(&e)));
    // Client and ClientBuilder themselves.
    scanned.push(("Client", vec![format!("{client:?}")]));
    let builder = Client::builder(bearer(), Local(with_password.clone()));
    scanned.push(("ClientBuilder", vec![format!("{builder:?}")]));
    // Transport: nothing listens where the base URL points.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = Client::new(
        bearer(),
        Local(format!("http://user:UIPASS-8d2c@127.0.0.1:{closed}")),
    )
    .unwrap();
    let e = refused.send(Ping).await.unwrap_err();
    assert!(
        matches!(&e, Error::Transport(t) if t.kind() == TransportErrorKind::Connect),
        "{e:?}"
    );
    scanned.push(("Transport", shown(&e)));
    // Request: a base URL the client refuses, a basic pair it cannot send.
    let bad_base =
        Client::new(bearer(), Local("ftp://user:UIPASS-8d2c@127.0.0.1/".into())).unwrap();
    let e = bad_base.send(Ping).await.unwrap_err();
    assert!(
        matches!(e, Error::Request(RequestError::InvalidBaseUrl { .. })),
        "{e:?}"
    );
    scanned.push(("Request (base URL)", shown(&e)));
    let basic = Credentials::new().basic("basic", "a:b", "BASIC-PW-11aa");
    let e = Client::new(basic, Local(api.base.clone()))
        .unwrap()
        .send(BasicPing)
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Request(RequestError::MalformedBasic { .. })),
        "{e:?}"
    );
    scanned.push(("Request (basic)", shown(&e)));
    // Api: a documented error as the client makes it.
    let e: Error<Documented> = Error::Api(ApiError::new(
        http::StatusCode::BAD_REQUEST,
        http::HeaderMap::new(),
        Documented("refused".into()),
    ));
    scanned.push(("Api", shown(&e)));
    // Token: every refusal of the token endpoint above.
    for (answer, _) in token_answers() {
        let token = serve(move |_, _| answer.clone()).await;
        let flow = RefreshFlow::new(
            Some(&format!("{}/token", token.base)),
            "client-id",
            "CS-SECRET-93ab",
            "RT-SECRET-4e6f",
        );
        let client = Client::new(RefreshingToken::new(flow), Local(api.base.clone())).unwrap();
        let e = client.send(Ping).await.unwrap_err();
        assert!(matches!(e, Error::Token(_)), "{e:?}");
        scanned.push(("Token", shown(&e)));
    }
    let texts: Vec<String> = scanned.iter().flat_map(|(_, t)| t.clone()).collect();
    let found = leaks(&texts);
    let mut kinds: Vec<&str> = scanned.iter().map(|(kind, _)| *kind).collect();
    kinds.dedup();
    println!(
        "secret scan: {} errors and values of {} kinds ({}), {} texts (Display, Debug, sources), \
         {} secrets searched: {} found",
        scanned.len(),
        kinds.len(),
        kinds.join(", "),
        texts.len(),
        SECRETS.len(),
        found.len()
    );
    assert_eq!(found, []);
}

#[tokio::test]
async fn a_rotated_refresh_token_in_an_answer_without_an_access_token_is_kept() {
    // A vendor that rotates spends the token sent even when its answer
    // carries no access token: sending the spent one again locks the
    // account out.
    let token = serve(|n, _| match n {
        0 => json(r#"{"refresh_token":"R2","error_hint":"try again"}"#),
        _ => json(r#"{"access_token":"A2","refresh_token":"R3","expires_in":3600}"#),
    })
    .await;
    let stored = Arc::new(Mutex::new(Vec::new()));
    let store = stored.clone();
    let flow = RefreshFlow::new(Some(&format!("{}/token", token.base)), "id", "secret", "R1")
        .rotating(move |t| {
            store.lock().unwrap().push(t.to_owned());
            Ok(())
        });
    let source = RefreshingToken::new(flow);
    let api = serve(|_, _| json("{}")).await;
    let client = Client::new(Arc::new(source), Local(api.base.clone())).unwrap();
    assert!(matches!(client.send(Ping).await, Err(Error::Token(_))));
    client.send(Ping).await.unwrap();
    let forms: Vec<String> = token
        .received()
        .iter()
        .map(|r| String::from_utf8(r.body.clone()).unwrap())
        .collect();
    assert!(forms[0].contains("refresh_token=R1"), "{}", forms[0]);
    assert!(forms[1].contains("refresh_token=R2"), "{}", forms[1]);
    assert_eq!(*stored.lock().unwrap(), ["R2", "R3"]);
}

#[tokio::test]
async fn an_api_host_from_a_token_answer_must_be_https_without_user_info() {
    let token = serve(|n, _| {
        let domain = [
            "https://www.example.test",
            "http://plain.example.test",
            "https://u:p@evil.example.test",
            "javascript:alert(1)",
            "https://www.example.test.look-alike.test",
        ][n.min(4)];
        json(format!(
            r#"{{"access_token":"a{n}","expires_in":0,"api_domain":"{domain}"}}"#
        ))
    })
    .await;
    let flow = RefreshFlow::new(Some(&format!("{}/token", token.base)), "id", "secret", "r")
        .keep(&["api_domain"]);
    use apigen_runtime::Refresh;
    let mut kept = Vec::new();
    for _ in 0..5 {
        flow.refresh().await.unwrap();
        kept.push(flow.kept("api_domain").unwrap());
    }
    assert_eq!(
        kept,
        [
            "https://www.example.test",
            "https://www.example.test",
            "https://www.example.test",
            "https://www.example.test",
            // Another https host is taken (and logged as a change of host).
            "https://www.example.test.look-alike.test",
        ]
    );
}

#[tokio::test]
async fn basic_credentials_are_sent_as_given_or_refused_in_their_own_words() {
    let server = serve(|_, _| json("{}")).await;
    let send = |user: &str, password: &str| {
        let credentials = Credentials::new().basic("basic", user, password);
        let client = Client::new(credentials, Local(server.base.clone())).unwrap();
        async move { client.send(BasicPing).await }
    };
    // Key-only basic (`key:`), and a user-less token (`:token`), are sent.
    send("key", "").await.unwrap();
    send("", "token").await.unwrap();
    let heads: Vec<String> = server.received().iter().map(|r| r.head.clone()).collect();
    assert!(
        heads[0].contains("authorization: Basic a2V5Og==\r\n"),
        "{}",
        heads[0]
    );
    assert!(
        heads[1].contains("authorization: Basic OnRva2Vu\r\n"),
        "{}",
        heads[1]
    );
    // A `:` in the user would make the server read another user.
    for (user, password, words) in [
        ("acct:admin", "pw", "the user holds a `:`"),
        ("user", " pw", "the password has white space"),
        ("user\n", "pw", "control character"),
        ("", "", "both empty"),
    ] {
        match send(user, password).await {
            Err(Error::Request(e @ RequestError::MalformedBasic { .. })) => {
                let text = e.to_string();
                assert!(text.contains(words), "{text}");
                assert!(!text.contains("access token"), "{text}");
            }
            other => panic!("{user:?}:{password:?} {other:?}"),
        }
    }
    assert_eq!(server.received().len(), 2, "nothing refused was sent");
}
