//! Every kind of type end to end: required-but-nullable fields, records with
//! the account's own fields (`additional`), untagged and tagged unions,
//! `allOf`, `int32`, dates and date-times in the query and headers,
//! deprecated fields. Through a hand-written server, and the mock.

use std::sync::{Arc, Mutex};

use apigen_runtime::mock::json;
use apigen_runtime::{AccessToken, Client, Error, UnhandledReason};
use axum::extract::{Path, RawQuery};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::Router;
use kinds::kinds::draw::DrawRequest;
use kinds::kinds::find_people::FindPeopleRequest;
use kinds::kinds::get_record::GetRecordRequest;
use kinds::kinds::mock::MockServer;
use kinds::kinds::upsert_records::UpsertRecordsRequest;
use kinds::kinds::{AnyId, Circle, Record, RecordOutcome, Server, Shape};

type Seen = Arc<Mutex<Vec<String>>>;

async fn server() -> (Client<Server>, Seen) {
    let seen: Seen = Arc::default();
    let (s1, s2, s3) = (seen.clone(), seen.clone(), seen.clone());
    let app = Router::new()
        .route(
            "/records/{id}",
            get(|Path(id): Path<String>| async move {
                match id.as_str() {
                    "r-1" => {
                        r#"{"id": "r-1", "Owner": null, "Score": 7, "Birthday": "1990-05-01",
                        "Legacy_Id": "old-1", "Last_Name": "Lovelace", "Email": "ada@example.com"}"#
                    }
                    // `Owner` may be null, but not absent.
                    _ => r#"{"id": "r-2"}"#,
                }
            }),
        )
        .route(
            "/records/upsert",
            post(move |body: String| async move {
                s1.lock().unwrap().push(body);
                r#"{"data": [
                    {"id": "r-1", "Owner": {"id": "u-1", "name": "Ann"}, "Last_Name": "Lovelace"},
                    {"code": "DUPLICATE_DATA", "message": "duplicate", "status": "error"}
                ]}"#
            }),
        )
        .route(
            "/shapes",
            post(move |body: String| async move {
                s2.lock().unwrap().push(body);
                r#"{"kind": "square", "side": 3.0}"#
            }),
        )
        .route(
            "/people",
            get(
                move |RawQuery(query): RawQuery, headers: HeaderMap| async move {
                    let since = headers
                        .get("if-modified-since")
                        .map(|v| v.to_str().unwrap().to_owned());
                    s3.lock()
                        .unwrap()
                        .push(format!("{} | {since:?}", query.unwrap_or_default()));
                    r#"[{"id": 7, "name": "Old", "created": "2020-01-01T00:00:00Z"},
                    {"id": "p-8", "name": "New", "created": "2024-05-01T10:00:00+02:00"}]"#
                },
            ),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap();
    (client, seen)
}

#[tokio::test]
#[allow(deprecated)]
async fn a_record_keeps_its_own_fields_and_its_nulls() {
    let (client, _) = server().await;
    let record = client
        .send(GetRecordRequest::builder().record_id("r-1").build())
        .await
        .unwrap();
    assert_eq!(record.owner, None);
    assert_eq!(record.score, Some(7_i32));
    assert_eq!(record.birthday.unwrap().to_string(), "1990-05-01");
    assert_eq!(record.legacy_id.as_deref(), Some("old-1"));
    // Without `additional` these would be dropped.
    assert_eq!(record.additional["Last_Name"], "Lovelace");
    assert_eq!(record.additional["Email"], "ada@example.com");
    assert!(!record.additional.contains_key("id"));

    match client
        .send(GetRecordRequest::builder().record_id("r-2").build())
        .await
    {
        Err(Error::Undocumented(r)) => match r.reason() {
            UnhandledReason::MalformedBody(why) => assert!(why.contains("Owner"), "{why}"),
            other => panic!("{other:?}"),
        },
        other => panic!("an absent required field is an error, got {other:?}"),
    }
}

#[tokio::test]
async fn records_go_out_with_nulls_and_their_own_fields_and_outcomes_come_back_typed() {
    let (client, seen) = server().await;
    let mut record = Record::new("r-1", None);
    record
        .additional
        .insert("Last_Name".into(), json!("Lovelace"));
    let results = client
        .send(UpsertRecordsRequest::builder().data([record]).build())
        .await
        .unwrap();
    let sent: serde_json::Value = serde_json::from_str(&seen.lock().unwrap()[0]).unwrap();
    assert_eq!(
        sent,
        json!({"data": [{"id": "r-1", "Owner": null, "Last_Name": "Lovelace"}]})
    );
    match &results.data[..] {
        [RecordOutcome::Record(ok), RecordOutcome::ApiException(err)] => {
            assert_eq!(ok.owner.as_ref().unwrap().name, "Ann");
            assert_eq!(err.code, "DUPLICATE_DATA");
        }
        other => panic!("one record and one error, got {other:?}"),
    }
}

#[tokio::test]
async fn tagged_unions_all_of_and_any_of() {
    let (client, seen) = server().await;
    let drawn = client
        .send(
            DrawRequest::builder()
                .body(Shape::Circle(Circle::new(2.0)))
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(seen.lock().unwrap()[0], r#"{"kind":"circle","radius":2.0}"#);
    assert!(matches!(drawn, Shape::Square(s) if s.side == 3.0));

    let since = "2024-05-01".parse().unwrap();
    let until = "2024-06-01T00:00:00+02:00".parse().unwrap();
    let people = client
        .send(
            FindPeopleRequest::builder()
                .since(since)
                .until(until)
                .limit(10)
                .if_modified_since(until)
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(
        seen.lock().unwrap()[1],
        "since=2024-05-01&until=2024-06-01T00%3A00%3A00%2B02%3A00&limit=10 | Some(\"2024-06-01T00:00:00+02:00\")"
    );
    // `all_of`: Named's and Dated's fields, then Person's own.
    assert_eq!(people[0].name, "Old");
    assert_eq!(people[1].created.to_rfc3339(), "2024-05-01T10:00:00+02:00");
    assert_eq!(people[0].id, AnyId::Integer(7));
    assert_eq!(people[1].id, AnyId::String("p-8".into()));
}

#[tokio::test]
async fn the_mock_reads_every_type_back() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    mock.find_people().ok(Vec::new());
    let since = "2024-05-01".parse().unwrap();
    client
        .send(FindPeopleRequest::builder().since(since).limit(5).build())
        .await
        .unwrap();
    let received = &mock.find_people().received()[0];
    assert_eq!((received.since, received.limit), (since, Some(5)));

    mock.upsert_records()
        .ok(apigen_runtime::mock::body(json!({"data": []})));
    let mut record = Record::new("r-1", None);
    record.additional.insert("Email".into(), json!("a@b.c"));
    client
        .send(UpsertRecordsRequest::builder().data([record]).build())
        .await
        .unwrap();
    let received = &mock.upsert_records().received()[0];
    assert_eq!(received.data[0].additional["Email"], "a@b.c");
    assert_eq!(received.data[0].owner, None);
}
