//! Servers that never say "last page", on 127.0.0.1: a walk over pages ends
//! anyway, at a cursor or page it has seen, or at the client's page limit,
//! with a typed error after the pages it received.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use apigen_runtime::{AccessToken, Client, Error, PaginationError};
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::Router;
use futures_util::StreamExt;
use notes_client::notes::list_archived::ListArchivedRequest;
use notes_client::notes::list_notes::ListNotesRequest;
use notes_client::notes::search_notes::SearchNotesRequest;
use notes_client::notes::Server;

type Count = Arc<AtomicUsize>;

fn note(id: &str) -> String {
    format!(r#"{{"id":"{id}","title":"t","visibility":"team"}}"#)
}

/// Every page has one note and says more records follow.
async fn forever(State(count): State<Count>) -> String {
    let n = count.fetch_add(1, Ordering::SeqCst);
    format!(
        r#"{{"data":[{}],"info":{{"more_records":true}}}}"#,
        note(&n.to_string())
    )
}

/// The cursors alternate between two values, never ending.
async fn alternating(State(count): State<Count>, RawQuery(query): RawQuery) -> String {
    count.fetch_add(1, Ordering::SeqCst);
    let to = if query.unwrap_or_default().contains("startAfterId=x") {
        "y"
    } else {
        "x"
    };
    format!(
        r#"{{"notes":[{}],"meta":{{"startAfter":1,"startAfterId":"{to}"}}}}"#,
        note(to)
    )
}

/// One note at every offset, without end.
async fn one_per_offset(State(count): State<Count>) -> String {
    let n = count.fetch_add(1, Ordering::SeqCst);
    format!(r#"{{"notes":[{}]}}"#, note(&n.to_string()))
}

async fn server() -> (String, Count) {
    let count = Count::default();
    let app = Router::new()
        .route("/v1/notes", get(forever))
        .route("/v1/notes/search", get(alternating))
        .route("/v1/notes/archived", get(one_per_offset))
        .with_state(count.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, count)
}

fn client(base: String, max_pages: Option<usize>) -> Client<Server> {
    let builder = Client::builder(AccessToken::new("t"), Server::Custom(base));
    match max_pages {
        Some(max) => builder.max_pages(max),
        None => builder,
    }
    .build()
    .unwrap()
}

#[tokio::test]
async fn endless_more_records_stop_at_the_default_page_limit() {
    let (base, count) = server().await;
    let client = client(base, None);
    let results: Vec<_> = client
        .items(ListNotesRequest::builder().build())
        .collect()
        .await;
    let (last, items) = results.split_last().unwrap();
    assert_eq!(items.len(), Client::<Server>::DEFAULT_MAX_PAGES);
    assert!(items.iter().all(Result::is_ok));
    match last {
        Err(Error::Pagination(PaginationError::Limit { pages })) => {
            assert_eq!(*pages, Client::<Server>::DEFAULT_MAX_PAGES);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        count.load(Ordering::SeqCst),
        1000,
        "no request past the limit"
    );
    assert_eq!(
        last.as_ref().unwrap_err().to_string(),
        "the walk stopped at the client's limit of 1000 pages; raise it with `ClientBuilder::max_pages` if the list is that long"
    );
}

#[tokio::test]
async fn alternating_cursors_are_a_cycle() {
    let (base, count) = server().await;
    let client = client(base, None);
    let results: Vec<_> = client
        .pages(SearchNotesRequest::builder().q("t").build())
        .collect()
        .await;
    // First page (no cursor), then x, then y; the next points to x again.
    assert_eq!(results.len(), 4, "{results:?}");
    assert!(results[..3].iter().all(Result::is_ok));
    match &results[3] {
        Err(Error::Pagination(PaginationError::Cycle { pages, position })) => {
            assert_eq!(*pages, 3);
            assert!(position.contains("\"x\""), "{position}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn one_item_offset_pages_stop_at_a_chosen_limit() {
    let (base, count) = server().await;
    let client = client(base, Some(25));
    let results: Vec<_> = client
        .items(ListArchivedRequest::builder().limit(2).build())
        .collect()
        .await;
    assert_eq!(results.len(), 26);
    assert!(matches!(
        results.last(),
        Some(Err(Error::Pagination(PaginationError::Limit { pages: 25 })))
    ));
    assert_eq!(count.load(Ordering::SeqCst), 25);
}

#[test]
fn a_page_past_the_last_page_number_or_offset_is_an_error_not_the_end() {
    use apigen_runtime::{NextPageError, Paginated};
    use notes_client::notes::{ArchivePage, NotesPage};
    let full: NotesPage = serde_json::from_str(&format!(
        r#"{{"data":[{}],"info":{{"more_records":true}}}}"#,
        note("a")
    ))
    .unwrap();
    let last = ListNotesRequest::builder().page(i64::MAX).build();
    assert_eq!(
        last.next_page(&full).unwrap_err(),
        NextPageError::Overflow { input: "page" }
    );
    let before = ListNotesRequest::builder().page(i64::MAX - 1).build();
    assert!(before.next_page(&full).unwrap().is_some());

    let one: ArchivePage =
        serde_json::from_str(&format!(r#"{{"notes":[{}]}}"#, note("a"))).unwrap();
    let last = ListArchivedRequest::builder().offset(i64::MAX).build();
    assert_eq!(
        last.next_page(&one).unwrap_err(),
        NextPageError::Overflow { input: "offset" }
    );
}

/// Every page hands back the cursor `same`.
async fn same_cursor(State(count): State<Count>) -> String {
    count.fetch_add(1, Ordering::SeqCst);
    format!(
        r#"{{"notes":[{}],"meta":{{"startAfter":1,"startAfterId":"same"}}}}"#,
        note("n")
    )
}

#[tokio::test]
async fn a_walk_that_cannot_go_on_ends_with_an_error_not_silently() {
    // Before: the same cursor handed back, or more pages past page
    // i64::MAX, ended the walk as if the list were complete.
    let count = Count::default();
    let app = Router::new()
        .route("/v1/notes/search", get(same_cursor))
        .route("/v1/notes", get(forever))
        .with_state(count.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = client(base, None);

    let results: Vec<_> = client
        .pages(SearchNotesRequest::builder().q("t").build())
        .collect()
        .await;
    // No cursor, then `same`; `same` again cannot fetch another page.
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[..2].iter().all(Result::is_ok));
    match &results[2] {
        Err(Error::Pagination(PaginationError::NoNextPage { pages: 2, reason })) => {
            assert_eq!(reason, &apigen_runtime::NextPageError::SameCursor)
        }
        other => panic!("{other:?}"),
    }

    let results: Vec<_> = client
        .items(ListNotesRequest::builder().page(i64::MAX).build())
        .collect()
        .await;
    assert_eq!(results.len(), 2, "{results:?}");
    match &results[1] {
        Err(e @ Error::Pagination(PaginationError::NoNextPage { pages: 1, .. })) => {
            assert!(e.to_string().contains("the next `page` would pass"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(count.load(Ordering::SeqCst), 3);
}
