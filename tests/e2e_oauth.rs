//! OAuth 2.0 refresh flows, as generated from the specs (`zoho_crm::oauth`,
//! `highlevel::oauth`: the runtime knows no vendor), against local token
//! endpoints on 127.0.0.1: one refresh for many requests at expiry, a 401
//! answered with a new token, Zoho's throttled "Access Denied" and its
//! `api_domain`, HighLevel's rotating refresh tokens and location tokens.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use generated::highlevel::oauth::{LocationToken, UserType};
use generated::runtime::{
    AccessToken, Client, Error, FilePart, Refresh, RefreshingToken, TokenError, TokenSource,
};
use generated::zoho_crm::upload_attachment::UploadAttachmentRequest;
use generated::zoho_crm::{Module, Server};
use generated::{highlevel, zoho_crm};
use tests::hostile::{Fault, Hostile};

/// A form as received: its pairs in order.
type FormPairs = Vec<(String, String)>;

/// What the token endpoint saw and how it answers.
#[derive(Default)]
struct TokenServer {
    /// The form of each refresh, and the `Authorization` it came with.
    refreshes: Vec<(FormPairs, Option<String>)>,
    /// Answer Zoho's throttle page instead of a token.
    throttled: bool,
    /// Events, in order, shared with the API server and the store.
    log: Vec<String>,
}

type Shared = Arc<Mutex<TokenServer>>;

async fn token_endpoint(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> (StatusCode, String) {
    // Slow enough that concurrent requests pile up behind one refresh.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let mut s = shared.lock().unwrap();
    let auth = headers
        .get("authorization")
        .map(|v| v.to_str().unwrap().to_owned());
    s.refreshes.push((form.clone(), auth));
    let n = s.refreshes.len();
    if s.throttled {
        return (
            StatusCode::OK,
            "<html><body>Access Denied</body></html>".to_owned(),
        );
    }
    s.log.push(format!("issued at-{n}"));
    let grant = form
        .iter()
        .find(|(k, _)| k == "grant_type")
        .map(|(_, v)| v.as_str());
    let body = match grant {
        // HighLevel: a new refresh token every time.
        Some("refresh_token") if form.iter().any(|(k, _)| k == "user_type") => format!(
            r#"{{"access_token":"at-{n}","refresh_token":"rt-{n}","expires_in":86399,"token_type":"Bearer"}}"#
        ),
        Some(_) => format!(
            r#"{{"access_token":"at-{n}","expires_in":3600,"api_domain":"https://www.zohoapis.eu","token_type":"Bearer"}}"#
        ),
        // HighLevel's location token (no grant_type).
        None => format!(r#"{{"access_token":"loc-at-{n}","expires_in":86399}}"#),
    };
    (StatusCode::OK, body)
}

async fn token_server(shared: Shared) -> String {
    let app = Router::new()
        .route("/oauth/v2/token", post(token_endpoint))
        .route("/oauth/token", post(token_endpoint))
        .route("/oauth/locationToken", post(token_endpoint))
        .with_state(shared);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

const SUCCESS: &str = r#"{"data":[{"code":"SUCCESS","details":{"Modified_Time":"2021-05-03T18:03:00+05:30","Modified_By":{"name":"a","id":"1"},"Created_Time":"2021-05-03T18:03:00+05:30","id":"2","Created_By":{"name":"b","id":"3"}},"message":"ok","status":"success"}]}"#;

fn reply(status_line: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status_line}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn upload() -> UploadAttachmentRequest {
    UploadAttachmentRequest::builder()
        .module(Module::Leads)
        .record_id("1")
        .file(FilePart::from_bytes("a.txt", "x"))
        .build()
}

/// Zoho's refresh flow as its spec declares it, for an EU account, whose
/// accounts server is `accounts` here.
fn zoho(accounts: &str, id: &str, secret: &str, refresh_token: &str) -> zoho_crm::oauth::Refresh {
    zoho_crm::oauth::Refresh::new(&Server::Eu, id, secret, refresh_token)
        .with_token_url(&format!("{accounts}/oauth/v2/token"))
}

fn authorization(head: &str) -> String {
    head.lines()
        .find_map(|l| l.strip_prefix("authorization: "))
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn one_refresh_for_a_hundred_requests_at_expiry() {
    let shared = Shared::default();
    let accounts = token_server(shared.clone()).await;
    let api = Hostile::start(Fault::Reply(reply("200 OK", SUCCESS))).await;
    let refresh = zoho(&accounts, "client", "secret", "1000.refresh");
    // The token at hand has just expired.
    let tokens = Arc::new(
        RefreshingToken::new(refresh).with_token(AccessToken::new("expired"), Duration::ZERO),
    );
    let client = Client::new(tokens.clone(), Server::Custom(api.base_url.clone())).unwrap();
    let sends = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.send(upload()).await })
    });
    for send in sends.collect::<Vec<_>>() {
        send.await.unwrap().unwrap();
    }
    let s = shared.lock().unwrap();
    assert_eq!(s.refreshes.len(), 1, "one refresh for all of them");
    let form = &s.refreshes[0].0;
    for pair in [
        ("grant_type", "refresh_token"),
        ("client_id", "client"),
        ("client_secret", "secret"),
        ("refresh_token", "1000.refresh"),
    ] {
        assert!(form.contains(&(pair.0.into(), pair.1.into())), "{form:?}");
    }
    let heads = api.heads();
    assert_eq!(heads.len(), 100);
    assert!(heads
        .iter()
        .all(|h| authorization(h) == "Zoho-oauthtoken at-1"));
    assert_eq!(
        tokens.flow().api_domain().as_deref(),
        Some("https://www.zohoapis.eu")
    );
    // The answer's `api_domain` is the account's server (spec: `keep:
    // api_domain: {server: true}`).
    assert_eq!(tokens.flow().server(), Some(Server::Eu));
}

#[tokio::test]
async fn the_token_endpoint_follows_the_data_center_as_the_spec_lists_it() {
    for (server, url) in [
        (Server::Us, "https://accounts.zoho.com/oauth/v2/token"),
        (Server::Eu, "https://accounts.zoho.eu/oauth/v2/token"),
        (Server::Ca, "https://accounts.zohocloud.ca/oauth/v2/token"),
    ] {
        let refresh = zoho_crm::oauth::Refresh::new(&server, "c", "s", "r");
        assert_eq!(refresh.token_url(), Some(url));
        assert_eq!(zoho_crm::oauth::token_url(&server), Some(url));
    }
    // A custom server has no known token endpoint: refreshing says so, and
    // sends nothing.
    let custom =
        zoho_crm::oauth::Refresh::new(&Server::Custom("http://127.0.0.1:9".into()), "c", "s", "r");
    assert_eq!(custom.token_url(), None);
    assert!(matches!(
        custom.refresh().await,
        Err(TokenError::NoTokenUrl)
    ));
    assert_eq!(
        highlevel::oauth::Refresh::new("c", "s", "r", UserType::Company, |_| Ok(())).token_url(),
        Some("https://services.leadconnectorhq.com/oauth/token")
    );
}

#[tokio::test]
async fn a_refused_token_is_renewed_and_the_request_sent_once_more() {
    let shared = Shared::default();
    let accounts = token_server(shared.clone()).await;
    let api = Hostile::start(Fault::Sequence(vec![
        Fault::Reply(reply("401 Unauthorized", "")),
        Fault::Reply(reply("200 OK", SUCCESS)),
    ]))
    .await;
    let tokens = RefreshingToken::new(zoho(&accounts, "c", "s", "r"))
        .with_token(AccessToken::new("revoked"), Duration::from_secs(3600));
    let client = Client::new(tokens, Server::Custom(api.base_url.clone())).unwrap();
    client.send(upload()).await.unwrap();
    let heads = api.heads();
    assert_eq!(heads.len(), 2);
    assert_eq!(authorization(&heads[0]), "Zoho-oauthtoken revoked");
    assert_eq!(authorization(&heads[1]), "Zoho-oauthtoken at-1");
    assert_eq!(shared.lock().unwrap().refreshes.len(), 1);

    // A second 401 is the answer: one new token per call, not a loop.
    let api = Hostile::start(Fault::Reply(reply("401 Unauthorized", ""))).await;
    let client = Client::new(
        RefreshingToken::new(zoho(&accounts, "c", "s", "r")),
        Server::Custom(api.base_url.clone()),
    )
    .unwrap();
    match client.send(upload()).await {
        Err(Error::Undocumented(raw)) => assert_eq!(raw.status(), 401),
        other => panic!("{other:?}"),
    }
    assert_eq!(api.heads().len(), 2);

    // A static token cannot be renewed: its 401 is the answer.
    let api = Hostile::start(Fault::Reply(reply("401 Unauthorized", ""))).await;
    let client = Client::new(
        AccessToken::new("static"),
        Server::Custom(api.base_url.clone()),
    )
    .unwrap();
    assert!(client.send(upload()).await.is_err());
    assert_eq!(api.heads().len(), 1);
}

#[tokio::test]
async fn zohos_throttled_access_denied_is_a_failure_not_a_token() {
    let shared = Shared::default();
    shared.lock().unwrap().throttled = true;
    let accounts = token_server(shared.clone()).await;
    let api = Hostile::start(Fault::Reply(reply("200 OK", SUCCESS))).await;
    let client = Client::new(
        RefreshingToken::new(zoho(&accounts, "c", "s", "r")),
        Server::Custom(api.base_url.clone()),
    )
    .unwrap();
    match client.send(upload()).await {
        Err(Error::Token(TokenError::Refused { status, message })) => {
            assert_eq!(status, 200);
            assert!(message.contains("Access Denied"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(api.heads().is_empty(), "nothing was sent without a token");
}

#[tokio::test]
async fn highlevel_stores_each_new_refresh_token_before_using_the_access_token() {
    let shared = Shared::default();
    let base = token_server(shared.clone()).await;
    let log = shared.clone();
    let fail_next_store = Arc::new(Mutex::new(false));
    let fail = fail_next_store.clone();
    let refresh = highlevel::oauth::Refresh::new("c", "s", "rt-0", UserType::Location, move |rt| {
        if std::mem::take(&mut *fail.lock().unwrap()) {
            return Err("the disk is full".to_owned());
        }
        log.lock().unwrap().log.push(format!("stored {rt}"));
        Ok(())
    })
    .with_token_url(&format!("{base}/oauth/token"));
    let tokens = RefreshingToken::new(refresh);

    let first = tokens.token().await.unwrap();
    assert!(format!("{first:?}").contains("redacted"));
    // Each refresh sends the refresh token the previous one returned.
    assert!(tokens.refused(&first));
    tokens.token().await.unwrap();
    {
        let s = shared.lock().unwrap();
        let sent: Vec<&str> = s
            .refreshes
            .iter()
            .map(|(form, _)| {
                form.iter()
                    .find(|(k, _)| k == "refresh_token")
                    .unwrap()
                    .1
                    .as_str()
            })
            .collect();
        assert_eq!(sent, ["rt-0", "rt-1"]);
        assert!(s.refreshes[0]
            .0
            .contains(&("user_type".into(), "Location".into())));
        assert_eq!(
            s.log,
            ["issued at-1", "stored rt-1", "issued at-2", "stored rt-2"]
        );
    }

    // The store fails: no access token is used, and the spent refresh
    // token's successor is kept and stored first at the next refresh.
    *fail_next_store.lock().unwrap() = true;
    assert!(tokens.refused(&tokens.token().await.unwrap()));
    match tokens.token().await {
        Err(TokenError::Store(e)) => assert!(e.contains("disk is full")),
        other => panic!("{other:?}"),
    }
    tokens.token().await.unwrap();
    let s = shared.lock().unwrap();
    let last_sent = &s.refreshes.last().unwrap().0;
    assert!(
        last_sent.contains(&("refresh_token".into(), "rt-3".into())),
        "{last_sent:?}"
    );
    assert_eq!(
        s.log[4..],
        ["issued at-3", "stored rt-3", "issued at-4", "stored rt-4"]
    );
}

#[tokio::test]
async fn a_location_token_is_made_from_the_agency_token() {
    let shared = Shared::default();
    let base = token_server(shared.clone()).await;
    let agency: Arc<dyn TokenSource> = Arc::new(AccessToken::new("agency-token"));
    let location = RefreshingToken::new(
        LocationToken::new(agency, "company-1", "location-9")
            .with_url(&format!("{base}/oauth/locationToken")),
    );
    let token = location.token().await.unwrap();
    assert!(location.refused(&token));
    let s = shared.lock().unwrap();
    let (form, auth) = &s.refreshes[0];
    assert_eq!(auth.as_deref(), Some("Bearer agency-token"));
    assert!(form.contains(&("companyId".into(), "company-1".into())));
    assert!(form.contains(&("locationId".into(), "location-9".into())));
}

// The hostile-server probe's findings on refresh: each bounded now.

/// A client of `api` whose token comes from a refresh at `accounts`.
fn refreshing_client(accounts: &str, api: &str) -> Client<Server> {
    let tokens = RefreshingToken::new(zoho(accounts, "c", "s", "r"));
    Client::new(tokens, Server::Custom(api.to_owned())).unwrap()
}

#[tokio::test]
async fn an_endless_or_huge_token_answer_is_refused_after_a_bounded_read() {
    let api = Hostile::start(Fault::Reply(reply("200 OK", SUCCESS))).await;
    let mut announced = b"HTTP/1.1 200 OK\r\ncontent-length: 1073741824\r\n\r\n".to_vec();
    announced.extend(std::iter::repeat_n(b'{', 256 * 1024));
    for fault in [Fault::Endless, Fault::Reply(announced)] {
        let accounts = Hostile::start(fault).await;
        let started = std::time::Instant::now();
        match refreshing_client(&accounts.base_url, &api.base_url)
            .send(upload())
            .await
        {
            Err(Error::Token(e)) => {
                let text = e.to_string();
                assert!(text.contains("64 KiB") || text.contains("65536"), "{text}");
            }
            other => panic!("{other:?}"),
        }
        assert!(started.elapsed() < Duration::from_secs(10));
    }
    assert!(api.requests().is_empty(), "no request without a token");
}

#[tokio::test]
async fn an_absurd_expires_in_is_a_long_lived_token_not_a_panic() {
    let api = Hostile::start(Fault::Reply(reply("200 OK", SUCCESS))).await;
    for expires_in in ["18446744073709551615", "9223372036854775808"] {
        let body = format!(r#"{{"access_token":"at","expires_in":{expires_in}}}"#);
        let accounts = Hostile::start(Fault::Reply(reply("200 OK", &body))).await;
        let client = refreshing_client(&accounts.base_url, &api.base_url);
        client.send(upload()).await.unwrap();
        client.send(upload()).await.unwrap();
        assert_eq!(accounts.requests().len(), 1, "{expires_in}: refreshed once");
    }
}

#[tokio::test]
async fn a_short_lived_token_is_not_refreshed_before_every_request() {
    let api = Hostile::start(Fault::Reply(reply("200 OK", SUCCESS))).await;
    let body = r#"{"access_token":"at","expires_in":30}"#;
    let accounts = Hostile::start(Fault::Reply(reply("200 OK", body))).await;
    let client = refreshing_client(&accounts.base_url, &api.base_url);
    for _ in 0..5 {
        client.send(upload()).await.unwrap();
    }
    assert_eq!(
        accounts.requests().len(),
        1,
        "a 30 s token serves 5 requests"
    );
}

#[tokio::test]
async fn a_silent_token_endpoint_holds_a_call_no_longer_than_its_timeouts() {
    let api = Hostile::start(Fault::Reply(reply("200 OK", SUCCESS))).await;
    let accounts = Hostile::start(Fault::Stall).await;
    let tokens = RefreshingToken::new(zoho(&accounts.base_url, "c", "s", "r"));
    // The total timeout bounds the call, refresh included.
    let client = Client::with_timeout(
        tokens,
        Server::Custom(api.base_url.clone()),
        Duration::from_secs(3),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let result = client.send(upload()).await;
    let took = started.elapsed();
    assert!(result.is_err(), "{result:?}");
    assert!(
        took >= Duration::from_secs(3) && took < Duration::from_secs(6),
        "{took:?}"
    );
    // Without a total timeout, the connect and idle timeouts bound it.
    let tokens = RefreshingToken::new(zoho(&accounts.base_url, "c", "s", "r"));
    let client = Client::builder(tokens, Server::Custom(api.base_url.clone()))
        .connect_timeout(Duration::from_millis(500))
        .idle_timeout(Duration::from_millis(1500))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    match client.send(upload()).await {
        Err(Error::Token(TokenError::Transport(text))) => {
            assert!(text.contains("no token within"), "{text}")
        }
        other => panic!("{other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(api.requests().is_empty());
}
