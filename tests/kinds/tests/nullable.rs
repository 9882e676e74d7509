//! Nullable request inputs and fields: an optional one has three states (not
//! sent, `null`, a value), a required one two (`null` or a value). Each is
//! sent to a hand-written server that keeps the raw body, and to the
//! generated mock, which reads the three states back apart.

use std::sync::{Arc, Mutex};

use apigen_runtime::mock::{self, json};
use apigen_runtime::{AccessToken, Client, Error, Nullable, Paginated, RequestError};
use axum::routing::patch;
use axum::Router;
use kinds::kinds::list_patches::ListPatchesRequest;
use kinds::kinds::mock::MockServer;

#[path = "support/mod.rs"]
mod support;
use kinds::kinds::patch_address::PatchAddressRequest;
use kinds::kinds::update_contact::UpdateContactRequest;
use kinds::kinds::{Address, AddressPatch, PatchPage, Server, Status};

/// A server on 127.0.0.1 that keeps each body as sent and answers `answer`.
async fn server(answer: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let keep = {
        let seen = seen.clone();
        move |body: String| async move {
            seen.lock().unwrap().push(body);
            answer
        }
    };
    let app = Router::new()
        .route("/contacts/{id}", patch(keep.clone()))
        .route("/contacts/{id}/address", patch(keep));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

const CONTACT: &str = r#"{"id": "c-1", "name": "Ada", "status": "active"}"#;

/// The three states of each optional nullable input, and the two of the
/// required one (`owner`): left out, `null`, a value.
fn requests() -> [UpdateContactRequest; 3] {
    [
        // Only what is required: every optional input left out.
        UpdateContactRequest::builder()
            .contact_id("c-1")
            .owner("u-1")
            .build(),
        // Everything cleared.
        UpdateContactRequest::builder()
            .contact_id("c-1")
            .owner_null()
            .nickname_null()
            .score_null()
            .tags_null()
            .address_null()
            .build(),
        // Everything set; an empty list is a value, not `null`.
        UpdateContactRequest::builder()
            .contact_id("c-1")
            .owner("u-2")
            .nickname("Ada")
            .score(7)
            .tags(Vec::<String>::new())
            .address(Address::new("1 Main St", "Springfield"))
            .status(Status::Archived)
            .build(),
    ]
}

#[tokio::test]
async fn nullable_inputs_go_out_unset_null_or_valued() {
    let (base, seen) = server(CONTACT).await;
    let client = Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap();
    for request in requests() {
        client.send(request).await.unwrap();
    }
    let seen = seen.lock().unwrap();
    let body = |i: usize| serde_json::from_str::<serde_json::Value>(&seen[i]).unwrap();
    assert_eq!(seen[0], r#"{"owner":"u-1"}"#);
    assert_eq!(
        body(1),
        json!({"owner": null, "nickname": null, "score": null, "tags": null, "address": null})
    );
    assert_eq!(
        body(2),
        json!({
            "owner": "u-2",
            "nickname": "Ada",
            "score": 7,
            "tags": [],
            "address": {"street": "1 Main St", "city": "Springfield"},
            "status": "archived"
        })
    );
}

#[tokio::test]
async fn bounds_are_checked_on_values_and_null_has_none() {
    let (base, seen) = server(CONTACT).await;
    let client = Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap();
    let too_long = UpdateContactRequest::builder()
        .contact_id("c-1")
        .owner_null()
        .nickname("a nickname far longer than twenty")
        .build();
    assert!(matches!(
        client.send(too_long).await,
        Err(Error::Request(RequestError::OutOfRange {
            name: "nickname",
            ..
        }))
    ));
    let negative = UpdateContactRequest::builder()
        .contact_id("c-1")
        .owner_null()
        .score(-1)
        .build();
    assert!(matches!(
        client.send(negative).await,
        Err(Error::Request(RequestError::OutOfRange {
            name: "score",
            ..
        }))
    ));
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn the_mock_reads_unset_null_and_a_value_apart() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    for request in requests() {
        assert_eq!(client.send(request).await.unwrap().id, "c-1");
    }
    let received = mock.update_contact().received();
    let [unset, null, valued] = received.as_slice() else {
        panic!("{received:?}")
    };
    assert_eq!(unset.owner, Nullable::Value("u-1".to_owned()));
    assert_eq!(
        (&unset.nickname, &unset.score, &unset.tags, &unset.address),
        (&None, &None, &None, &None)
    );
    assert_eq!(null.owner, Nullable::Null);
    assert_eq!(null.nickname, Some(Nullable::Null));
    assert_eq!(null.score, Some(Nullable::Null));
    assert_eq!(null.tags, Some(Nullable::Null));
    assert_eq!(null.address, Some(Nullable::Null));
    assert_eq!(valued.owner, Nullable::Value("u-2".to_owned()));
    assert_eq!(valued.nickname, Some(Nullable::Value("Ada".to_owned())));
    assert_eq!(valued.score, Some(Nullable::Value(7)));
    assert_eq!(valued.tags, Some(Nullable::Value(vec![])));
    let address = valued.address.as_ref().and_then(|a| a.value()).unwrap();
    assert_eq!(address.city, "Springfield");
    assert_eq!(valued.status, Some(Status::Archived));
}

/// Sends `body` to the mock's `update_contact` as raw bytes.
async fn send_raw(mock: &MockServer, body: &str) -> String {
    support::raw::send(
        mock.base_url(),
        "PATCH /contacts/c-1 HTTP/1.1\r\nContent-Type: application/json",
        body,
    )
    .await
}

#[tokio::test]
async fn the_mock_refuses_null_where_the_spec_does_not_allow_it() {
    let mock = MockServer::start().await.unwrap();
    // A required nullable input must still be sent; `null` is not absence.
    let response = send_raw(&mock, r#"{"nickname": null}"#).await;
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    // A field that is not nullable may be left out, not sent as `null`.
    let response = send_raw(&mock, r#"{"owner": null, "status": null}"#).await;
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    let violations = mock.take_violations();
    assert_eq!(
        violations[0].problems,
        ["JSON body field `owner`: required, not sent"]
    );
    assert_eq!(
        violations[1].problems,
        ["JSON body field `status`: invalid type: null, expected a string"]
    );
    // `null` where the spec allows it is a request like any other.
    let response = send_raw(&mock, r#"{"owner": null, "score": null}"#).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert_eq!(
        mock.update_contact().received()[0].score,
        Some(Nullable::Null)
    );
}

/// A struct sent as the whole body: its optional nullable fields are
/// `Option<Nullable<T>>` (left out, `null`, a value), and are read back so.
fn patches() -> [AddressPatch; 2] {
    let mut cleared = AddressPatch::new(None);
    cleared.street = Some(Nullable::Null);
    cleared.note = Some(Nullable::Null);
    let mut set = AddressPatch::new(Some("Springfield".into()));
    set.street = Some(Nullable::Value("1 Main St".into()));
    set.zip = Some("12345".into());
    [cleared, set]
}

#[tokio::test]
async fn a_struct_body_sends_null_for_its_nullable_fields() {
    let (base, seen) = server(r#"{"city": null, "note": null}"#).await;
    let client = Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap();
    let mut answers = Vec::new();
    for patch in patches() {
        let request = PatchAddressRequest::builder()
            .contact_id("c-1")
            .body(patch)
            .build();
        answers.push(client.send(request).await.unwrap());
    }
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0], r#"{"street":null,"note":null,"city":null}"#);
    assert_eq!(
        seen[1],
        r#"{"street":"1 Main St","city":"Springfield","zip":"12345"}"#
    );
    // Read from a response: `null` and an absent key stay apart too.
    assert_eq!(answers[0].note, Some(Nullable::Null));
    assert_eq!(answers[0].street, None);
    assert_eq!(answers[0].city, None);
}

#[tokio::test]
async fn the_mock_reads_a_struct_bodys_null_fields_apart() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    mock.patch_address()
        .ok(mock::body(json!({"city": "Springfield", "street": null})));
    for patch in patches() {
        let request = PatchAddressRequest::builder()
            .contact_id("c-1")
            .body(patch)
            .build();
        let answer = client.send(request).await.unwrap();
        assert_eq!(answer.street, Some(Nullable::Null));
        assert_eq!(answer.note, None);
    }
    let received = mock.patch_address().received();
    assert_eq!(received[0].body, patches()[0]);
    assert_eq!(received[1].body, patches()[1]);
    assert_eq!(received[0].body.note, Some(Nullable::Null));
    assert_eq!(received[1].body.note, None);
}

/// A page's cursor that is a nullable field of a struct requests send
/// (`Option<Nullable<String>>`): a value is the next page's, `null` and
/// absence both end the walk.
#[test]
fn a_null_cursor_ends_the_pages() {
    let page = |json: &str| serde_json::from_str::<PatchPage>(json).unwrap();
    let first = ListPatchesRequest::builder().build();
    let next = first
        .next_page(&page(r#"{"items": [{"city": null}], "next_cursor": "c2"}"#))
        .expect("a next page can be asked for")
        .expect("the cursor names a next page");
    assert_eq!(next.cursor.as_deref(), Some("c2"));
    let last = page(r#"{"items": [{"city": "x"}], "next_cursor": null}"#);
    assert_eq!(last.next_cursor, Some(Nullable::Null));
    assert!(next.next_page(&last).expect("the walk ends").is_none());
    assert!(next
        .next_page(&page(r#"{"items": [{"city": "x"}]}"#))
        .expect("the walk ends")
        .is_none());
    assert_eq!(ListPatchesRequest::items(&last).len(), 1);
}
