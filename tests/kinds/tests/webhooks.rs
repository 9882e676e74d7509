//! The `webhooks` section of `spec/events.yaml`, generated: deliveries
//! signed with the runtime's test key pair are verified and typed; every
//! tampering, replay, stale or oversized delivery is refused with the check
//! that failed; the mock delivers signed events to a receiving endpoint on
//! 127.0.0.1, written as the README shows one.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use apigen_runtime::webhook::{TestSigner, WebhookError};
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use kinds::events::webhooks::{self, Event, Receiver};

/// 2025-01-28T14:36:40Z.
fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_738_075_000)
}

fn body(kind: &str, id: &str, timestamp: &str) -> String {
    format!(
        r#"{{"type":"{kind}","timestamp":"{timestamp}","webhookId":"{id}","id":"t9","tags":["x"]}}"#
    )
}

fn signed(body: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        webhooks::SIGNATURE_HEADER,
        TestSigner::new().sign(body.as_bytes()).parse().unwrap(),
    );
    headers
}

fn receiver() -> Receiver {
    // The spec's keys: a "next" key and the test key, as during a rotation.
    Receiver::new().unwrap()
}

#[test]
fn every_documented_example_reads_into_its_event() {
    assert!(!webhooks::EXAMPLES.is_empty());
    for (name, example) in webhooks::EXAMPLES {
        let event = webhooks::parse(example.as_bytes()).unwrap();
        assert_eq!(event.name(), Some(name), "{example}");
        assert!(
            !matches!(event, Event::Malformed { .. } | Event::Unknown { .. }),
            "{name}: {event:?}"
        );
    }
}

#[test]
fn a_signed_delivery_is_verified_then_typed_by_its_discriminator() {
    let r = receiver();
    let b = body("ThingCreate", "d1", "2025-01-28T14:35:00Z");
    match r.verify(&signed(&b), b.as_bytes(), now()).unwrap() {
        Event::ThingCreate(thing) => {
            assert_eq!(thing.id, "t9");
            assert_eq!(thing.tags.as_deref(), Some(&["x".to_owned()][..]));
        }
        other => panic!("{other:?}"),
    }
    // The discriminator value the spec gives, not the event's name.
    let b = body("DELETE", "d2", "2025-01-28T14:35:00Z");
    assert!(matches!(
        r.verify(&signed(&b), b.as_bytes(), now()),
        Ok(Event::ThingDelete(_))
    ));
    // An event of an undocumented payload stays JSON.
    let b = r#"{"type":"Ping","timestamp":"2025-01-28T14:36:00Z","webhookId":"d3","n":1}"#;
    match r.verify(&signed(b), b.as_bytes(), now()).unwrap() {
        Event::Ping(payload) => assert_eq!(payload["n"], 1),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_and_malformed_events_keep_their_payload() {
    let r = receiver();
    let b = body("ThingArchive", "u1", "2025-01-28T14:35:00Z");
    match r.verify(&signed(&b), b.as_bytes(), now()).unwrap() {
        Event::Unknown { kind, payload } => {
            assert_eq!(kind.as_deref(), Some("ThingArchive"));
            assert_eq!(payload["id"], "t9");
        }
        other => panic!("{other:?}"),
    }
    let b = r#"{"type":"ThingCreate","timestamp":"2025-01-28T14:35:00Z","webhookId":"u2"}"#;
    match r.verify(&signed(b), b.as_bytes(), now()).unwrap() {
        Event::Malformed {
            kind,
            error,
            payload,
        } => {
            assert_eq!(kind, "ThingCreate");
            assert!(error.contains("id"), "{error}");
            assert_eq!(payload["webhookId"], "u2");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_attack_is_refused_by_the_check_it_fails() {
    let r = receiver();
    let b = body("ThingCreate", "a1", "2025-01-28T14:35:00Z");
    let headers = signed(&b);
    let tampered = b.replace("t9", "t8");
    assert_eq!(
        r.verify(&headers, tampered.as_bytes(), now()).unwrap_err(),
        WebhookError::BadSignature
    );
    assert!(matches!(
        r.verify(&HeaderMap::new(), b.as_bytes(), now()),
        Err(WebhookError::MissingSignature { .. })
    ));
    // Fresh and genuine: accepted once, then a replay.
    r.verify(&headers, b.as_bytes(), now()).unwrap();
    assert_eq!(
        r.verify(&headers, b.as_bytes(), now()).unwrap_err(),
        WebhookError::Replayed { id: "a1".into() }
    );
    // Genuine but an hour old.
    let old = body("ThingCreate", "a2", "2025-01-28T13:36:40Z");
    assert!(matches!(
        r.verify(&signed(&old), old.as_bytes(), now()),
        Err(WebhookError::Stale { .. })
    ));
    // Larger than the spec's 64 KiB: refused before the signature is checked.
    let huge = format!("{{\"pad\":\"{}\"}}", "x".repeat(webhooks::MAX_BODY));
    assert!(matches!(
        r.verify(&headers, huge.as_bytes(), now()),
        Err(WebhookError::TooLarge { limit: 65536, .. })
    ));
    // A receiver without the test key refuses what it signed.
    let other_only = Receiver::with_keys(&webhooks::PUBLIC_KEYS[..1]).unwrap();
    let b = body("ThingCreate", "a3", "2025-01-28T14:35:00Z");
    assert_eq!(
        other_only
            .verify(&signed(&b), b.as_bytes(), now())
            .unwrap_err(),
        WebhookError::BadSignature
    );
}

#[test]
fn the_spec_keys_parse_and_the_test_key_is_among_them() {
    assert_eq!(webhooks::PUBLIC_KEYS.len(), 2);
    assert_eq!(
        webhooks::PUBLIC_KEYS[1].trim(),
        TestSigner::PUBLIC_KEY.trim()
    );
    Receiver::new().unwrap();
}

/// A receiving endpoint, as a consumer writes one (the README's).
async fn endpoint(
    axum::extract::State(receiver): axum::extract::State<Arc<Receiver>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    match receiver.verify(&headers, &body, SystemTime::now()) {
        Ok(Event::ThingCreate(_)) => StatusCode::NO_CONTENT,
        Ok(_) => StatusCode::ACCEPTED,
        Err(WebhookError::Replayed { .. }) => StatusCode::OK,
        Err(_) => StatusCode::UNAUTHORIZED,
    }
}

#[tokio::test]
async fn the_mock_delivers_signed_events_to_an_endpoint() {
    let receiver = Arc::new(Receiver::with_keys(&[TestSigner::PUBLIC_KEY]).unwrap());
    let app = Router::new()
        .route("/hooks", post(endpoint))
        .with_state(receiver);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let at = chrono_now();
    let event = serde_json::json!({
        "type": "ThingCreate", "timestamp": at, "webhookId": "m1", "id": "t1"
    });
    assert_eq!(
        webhooks::deliver_test(&url, &event).await.unwrap(),
        StatusCode::NO_CONTENT
    );
    // The same delivery again: the endpoint sees the replay.
    assert_eq!(
        webhooks::deliver_test(&url, &event).await.unwrap(),
        StatusCode::OK
    );
    // Stale: dated an hour ago.
    let stale = serde_json::json!({
        "type": "ThingCreate", "timestamp": "2020-01-01T00:00:00Z", "webhookId": "m2", "id": "t1"
    });
    assert_eq!(
        webhooks::deliver_test(&url, &stale).await.unwrap(),
        StatusCode::UNAUTHORIZED
    );
    // A body the signature was not made over.
    let client = reqwest::Client::new();
    let b = body("ThingCreate", "m3", &chrono_now());
    let status = client
        .post(&url)
        .header(webhooks::SIGNATURE_HEADER, TestSigner::new().sign(b"{}"))
        .body(b)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// Now, as RFC 3339.
fn chrono_now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The same endpoint with the runtime's axum extractor (`webhooks-axum`):
/// the handler only ever sees verified, typed events.
async fn extracted(
    apigen_runtime::webhook::axum::Webhook(event): apigen_runtime::webhook::axum::Webhook<Receiver>,
) -> StatusCode {
    match event {
        Event::ThingCreate(thing) if thing.id == "t1" => StatusCode::NO_CONTENT,
        _ => StatusCode::ACCEPTED,
    }
}

#[tokio::test]
async fn the_axum_extractor_refuses_before_the_handler_runs() {
    let receiver = Arc::new(Receiver::with_keys(&[TestSigner::PUBLIC_KEY]).unwrap());
    let app = Router::new()
        .route("/hooks", post(extracted))
        .with_state(receiver);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let event = serde_json::json!({
        "type": "ThingCreate", "timestamp": chrono_now(), "webhookId": "x1", "id": "t1"
    });
    assert_eq!(
        webhooks::deliver_test(&url, &event).await.unwrap(),
        StatusCode::NO_CONTENT
    );
    // Replayed: 409, with which check failed and nothing of the body.
    let client = reqwest::Client::new();
    let body = event.to_string();
    let replay = client
        .post(&url)
        .header(
            webhooks::SIGNATURE_HEADER,
            TestSigner::new().sign(body.as_bytes()),
        )
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::CONFLICT);
    let text = replay.text().await.unwrap();
    assert!(
        text.contains("seen before") && !text.contains("ThingCreate"),
        "{text}"
    );
    // Unsigned: 401. Over the spec's 64 KiB: 413, unread.
    let unsigned = client.post(&url).body(body).send().await.unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    let huge = client
        .post(&url)
        .body(vec![b' '; webhooks::MAX_BODY + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

/// An endpoint with the axum extractor on 127.0.0.1: its URL.
async fn extractor_endpoint() -> String {
    let receiver = Arc::new(Receiver::with_keys(&[TestSigner::PUBLIC_KEY]).unwrap());
    let app = Router::new()
        .route("/hooks", post(extracted))
        .with_state(receiver);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

#[tokio::test]
async fn a_body_announced_and_not_sent_is_answered_within_the_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let url = extractor_endpoint().await;
    let address = url.trim_start_matches("http://").trim_end_matches("/hooks");
    let head = "POST /hooks HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
    // 50 bytes of 100, then silence: no answer after 45 s before.
    let mut silent = tokio::net::TcpStream::connect(address).await.unwrap();
    silent.write_all(head.as_bytes()).await.unwrap();
    silent.write_all(&[b' '; 50]).await.unwrap();
    let limit = apigen_runtime::webhook::DEFAULT_BODY_TIMEOUT + std::time::Duration::from_secs(5);
    let mut answer = vec![0u8; 1024];
    let n = tokio::time::timeout(limit, silent.read(&mut answer))
        .await
        .expect("no answer to a body that stopped")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("did not arrive within 10s"), "{answer}");
    // 50 bytes of 100, then the sender hangs up its side: the body could
    // not be read, which is not "not JSON".
    let mut cut = tokio::net::TcpStream::connect(address).await.unwrap();
    cut.write_all(head.as_bytes()).await.unwrap();
    cut.write_all(&[b' '; 50]).await.unwrap();
    cut.shutdown().await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(limit, cut.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    if !answer.is_empty() {
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
        assert!(
            answer.contains("could not be read") && !answer.contains("not JSON"),
            "{answer}"
        );
    }
}

#[tokio::test]
async fn a_numeric_id_and_the_same_digits_as_text_are_two_deliveries() {
    let url = extractor_endpoint().await;
    let event = |id: serde_json::Value| {
        serde_json::json!({
            "type": "ThingCreate", "timestamp": chrono_now(), "webhookId": id, "id": "t1"
        })
    };
    let number = event(serde_json::json!(12345));
    let text = event(serde_json::json!("12345"));
    // Verified and handed to the handler (the spec types `webhookId` as
    // text, so the numeric one is a `Malformed` event: 202), then each
    // refused as a replay of itself alone.
    for (delivery, status) in [
        (&number, StatusCode::ACCEPTED),
        // Another delivery, though its id has the same digits.
        (&text, StatusCode::NO_CONTENT),
        (&number, StatusCode::CONFLICT),
        (&text, StatusCode::CONFLICT),
    ] {
        assert_eq!(
            webhooks::deliver_test(&url, delivery).await.unwrap(),
            status,
            "{delivery}"
        );
    }
}
