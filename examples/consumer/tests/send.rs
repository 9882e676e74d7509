//! The notes client against a notes server on 127.0.0.1: requests arrive as
//! the spec describes them, and answers come back typed.

use std::sync::{Arc, Mutex};

use apigen_runtime::{AccessToken, Client, Error, FilePart, Operation};
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use notes_client::notes::create_note::{CreateNoteError, CreateNoteRequest};
use notes_client::notes::get_note::{GetNoteError, GetNoteRequest};
use notes_client::notes::{Server, Visibility};

/// What the server saw of each request: method and path, auth, form parts.
type Seen = Arc<Mutex<Vec<String>>>;

async fn create(
    State(seen): State<Seen>,
    headers: HeaderMap,
    mut form: Multipart,
) -> (StatusCode, String) {
    let mut log = vec![format!(
        "POST auth={} key={}",
        headers["authorization"].to_str().unwrap(),
        headers
            .get("idempotency-key")
            .map_or("-", |v| v.to_str().unwrap())
    )];
    let mut title = String::new();
    while let Some(field) = form.next_field().await.unwrap() {
        let name = field.name().unwrap().to_owned();
        let file = field.file_name().map(str::to_owned);
        let text = field.text().await.unwrap();
        log.push(format!("{name}={text} file={file:?}"));
        if name == "title" {
            title = text;
        }
    }
    seen.lock().unwrap().push(log.join(" | "));
    if title == "taken" {
        let body = r#"{"code":"TITLE_TAKEN","message":"choose another title"}"#;
        return (StatusCode::CONFLICT, body.to_owned());
    }
    let body =
        format!(r#"{{"id":"n-1","title":"{title}","visibility":"team","attachment":"a.txt"}}"#);
    (StatusCode::CREATED, body)
}

async fn fetch(State(seen): State<Seen>, Path(id): Path<String>) -> (StatusCode, String) {
    seen.lock().unwrap().push(format!("GET {id}"));
    match id.as_str() {
        "n-1" => (
            StatusCode::OK,
            r#"{"id":"n-1","title":"t","visibility":"private"}"#.to_owned(),
        ),
        "weird" => (StatusCode::IM_A_TEAPOT, "short and stout".to_owned()),
        _ => (
            StatusCode::NOT_FOUND,
            r#"{"code":"NOT_FOUND","message":"no such note"}"#.to_owned(),
        ),
    }
}

/// The number a query holds for `key`, or `default`.
fn query_number(query: &str, key: &str, default: usize) -> usize {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        .map_or(default, |n| n.parse().unwrap())
}

/// `GET /v1/notes?page=N`: five notes, two a page, numbered from 1.
async fn list(
    State(seen): State<Seen>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> String {
    let query = query.unwrap_or_default();
    seen.lock().unwrap().push(format!("list {query}"));
    let page = query_number(&query, "page", 1);
    let data: Vec<String> = (1..=5)
        .skip((page - 1) * 2)
        .take(2)
        .map(|i| format!(r#"{{"id":"n{i}","title":"t","visibility":"team"}}"#))
        .collect();
    format!(
        r#"{{"data":[{}],"info":{{"more_records":{}}}}}"#,
        data.join(","),
        page * 2 < 5
    )
}

/// `GET /v1/notes/search`: three pages by cursor, the last without `meta`.
async fn search(
    State(seen): State<Seen>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> String {
    let query = query.unwrap_or_default();
    seen.lock().unwrap().push(format!("search {query}"));
    let note = |id: &str| format!(r#"{{"id":"{id}","title":"t","visibility":"team"}}"#);
    if query.contains("startAfterId=b") {
        format!(
            r#"{{"notes":[{}],"meta":{{"startAfter":200,"startAfterId":"c"}}}}"#,
            note("c")
        )
    } else if query.contains("startAfterId=c") {
        r#"{"notes":[]}"#.to_owned()
    } else {
        format!(
            r#"{{"notes":[{},{}],"meta":{{"startAfter":100,"startAfterId":"b"}}}}"#,
            note("a"),
            note("b")
        )
    }
}

/// `GET /v1/notes/archived?offset=N&limit=2`: five archived notes.
async fn archived(
    State(seen): State<Seen>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> String {
    let query = query.unwrap_or_default();
    seen.lock().unwrap().push(format!("archived {query}"));
    let offset = query_number(&query, "offset", 0);
    let notes: Vec<String> = (offset..5)
        .take(2)
        .map(|i| format!(r#"{{"id":"a{i}","title":"t","visibility":"private"}}"#))
        .collect();
    format!(r#"{{"notes":[{}]}}"#, notes.join(","))
}

/// A notes server on a free port of 127.0.0.1; its base URL and its log.
async fn server() -> (String, Seen) {
    let seen = Seen::default();
    let app = Router::new()
        .route("/v1/notes", post(create).get(list))
        .route("/v1/notes/search", get(search))
        .route("/v1/notes/archived", get(archived))
        .route("/v1/notes/{id}", get(fetch))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

#[tokio::test]
async fn creates_and_fetches_notes_through_the_runtime_client() {
    let (base, seen) = server().await;
    let client = Client::new(AccessToken::new("s3cret"), Server::Custom(base)).unwrap();

    let request = CreateNoteRequest::builder()
        .title("groceries")
        .visibility(Visibility::Team)
        .attachment(FilePart::from_bytes("a.txt", "milk"))
        .idempotency_key("k-1")
        .build();
    request.check_scopes(&["notes.write"]).unwrap();
    let note = client.send(request).await.unwrap();
    assert_eq!(
        (note.id.as_str(), note.title.as_str()),
        ("n-1", "groceries")
    );
    assert_eq!(note.visibility, Visibility::Team);

    let note = client
        .send(GetNoteRequest::builder().note_id("n-1").build())
        .await
        .unwrap();
    assert_eq!(note.visibility, Visibility::Private);
    assert_eq!(note.attachment, None);

    assert_eq!(
        *seen.lock().unwrap(),
        [
            "POST auth=Bearer s3cret key=k-1 | title=groceries file=None | visibility=team file=None | attachment=milk file=Some(\"a.txt\")",
            "GET n-1",
        ]
    );
}

#[tokio::test]
async fn documented_and_undocumented_answers_are_typed() {
    let (base, _) = server().await;
    let client = Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap();

    let taken = CreateNoteRequest::builder()
        .title("taken")
        .visibility(Visibility::Private)
        .build();
    match client.send(taken).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), 409);
            assert!(
                matches!(e.error(), CreateNoteError::TitleTaken(body) if body.message == "choose another title")
            );
            assert_eq!(
                e.to_string(),
                "HTTP 409 Conflict, code TITLE_TAKEN: choose another title (documented: A note with this title exists)"
            );
        }
        other => panic!("{other:?}"),
    }
    match client
        .send(GetNoteRequest::builder().note_id("gone").build())
        .await
    {
        Err(Error::Api(e)) => assert!(matches!(e.error(), GetNoteError::NotFound(_))),
        other => panic!("{other:?}"),
    }
    match client
        .send(GetNoteRequest::builder().note_id("weird").build())
        .await
    {
        Err(Error::Undocumented(raw)) => {
            assert_eq!(raw.status(), 418);
            assert_eq!(raw.body_text(), "short and stout");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_checked_in_module_is_the_same_client() {
    use notes_client::checked_in::notes as checked_in;
    let (base, _) = server().await;
    let client = Client::new(AccessToken::new("t"), checked_in::Server::Custom(base)).unwrap();
    let request = checked_in::get_note::GetNoteRequest::builder()
        .note_id("n-1")
        .build();
    let http = request
        .into_http_request(&checked_in::Server::default(), &AccessToken::new("t"))
        .unwrap();
    assert_eq!(http.uri(), "https://notes.example.com/v1/notes/n-1");
    let request = checked_in::get_note::GetNoteRequest::builder()
        .note_id("n-1")
        .build();
    assert_eq!(client.send(request).await.unwrap().id, "n-1");
}

#[tokio::test]
async fn list_operations_stream_their_pages_and_items() {
    use futures_util::TryStreamExt;
    use notes_client::notes::list_archived::ListArchivedRequest;
    use notes_client::notes::list_notes::ListNotesRequest;
    use notes_client::notes::search_notes::SearchNotesRequest;

    let (base, seen) = server().await;
    let client = Client::new(AccessToken::new("t"), Server::Custom(base)).unwrap();

    // Numbered pages, while `info.more_records`.
    let first = ListNotesRequest::builder().per_page(2).build();
    let pages: Vec<_> = client.pages(first.clone()).try_collect().await.unwrap();
    assert_eq!(pages.len(), 3);
    let ids: Vec<String> = client
        .items(first)
        .map_ok(|n| n.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["n1", "n2", "n3", "n4", "n5"]);

    // Cursors from `meta`, until the page without them.
    let search = SearchNotesRequest::builder().q("t").build();
    let ids: Vec<String> = client
        .items(search)
        .map_ok(|n| n.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c"]);

    // An offset advanced by what arrived, until an empty page.
    let archived = ListArchivedRequest::builder().limit(2).build();
    let ids: Vec<String> = client
        .items(archived)
        .map_ok(|n| n.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a0", "a1", "a2", "a3", "a4"]);

    let log = seen.lock().unwrap().clone();
    assert_eq!(
        log,
        [
            "list per_page=2",
            "list page=2&per_page=2",
            "list page=3&per_page=2",
            "list per_page=2",
            "list page=2&per_page=2",
            "list page=3&per_page=2",
            "search q=t",
            "search q=t&startAfter=100&startAfterId=b",
            "search q=t&startAfter=200&startAfterId=c",
            "archived limit=2",
            "archived offset=2&limit=2",
            "archived offset=4&limit=2",
            "archived offset=5&limit=2",
        ]
    );
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    use futures_util::StreamExt;
    use notes_client::notes::list_notes::ListNotesRequest;
    let client = Client::new(
        AccessToken::new("t"),
        Server::Custom(tests_refusing_url().await),
    )
    .unwrap();
    let results: Vec<_> = client
        .pages(ListNotesRequest::builder().build())
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    assert!(matches!(results[0], Err(Error::Transport(_))));
}

/// A base URL where nothing listens.
async fn tests_refusing_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}
