//! The crate's own code tested against the notes API's typed mock
//! (`notes::mock`, from the crate's `mock` feature): no server written by hand.

use apigen_runtime::mock::{self, json};
use apigen_runtime::{AccessToken, Client, Error, FilePart};
use notes_client::notes::create_note::{CreateNoteError, CreateNoteRequest};
use notes_client::notes::list_notes::ListNotesRequest;
use notes_client::notes::mock::MockServer;
use notes_client::notes::{NotesPage, Visibility};

fn page(titles: &[&str], more: bool) -> NotesPage {
    let notes: Vec<_> = titles
        .iter()
        .map(|t| json!({"id": format!("n-{t}"), "title": t, "visibility": "team"}))
        .collect();
    mock::body(json!({"data": notes, "info": {"more_records": more}}))
}

#[tokio::test]
async fn all_titles_reads_every_page() {
    let mock = MockServer::start().await.unwrap();
    mock.list_notes()
        .pages([page(&["a", "b"], true), page(&["c"], false)]);
    let client = Client::new(AccessToken::new("test-token"), mock.server()).unwrap();

    let titles = notes_client::all_titles(&client).await.unwrap();

    assert_eq!(titles, ["a", "b", "c"]);
    // What the code asked for, typed.
    let asked: Vec<(Option<i64>, Option<i64>)> = mock
        .list_notes()
        .received()
        .iter()
        .map(|r: &ListNotesRequest| (r.page, r.per_page))
        .collect();
    assert_eq!(asked, [(None, Some(50)), (Some(2), Some(50))]);
}

#[tokio::test]
async fn a_taken_title_is_a_typed_error() {
    let mock = MockServer::start().await.unwrap();
    mock.create_note()
        .once()
        .error(CreateNoteError::TitleTaken(mock::body(
            json!({"code": "TITLE_TAKEN", "message": "choose another title"}),
        )));
    let client = Client::new(AccessToken::new("test-token"), mock.server()).unwrap();
    let request = CreateNoteRequest::builder()
        .title("Plans")
        .visibility(Visibility::Team)
        .attachment(FilePart::from_bytes("plans.txt", "step 1"))
        .idempotency_key("k-1")
        .build();

    match client.send(request).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), 409);
            assert!(
                matches!(e.error(), CreateNoteError::TitleTaken(p) if p.message == "choose another title")
            );
        }
        other => panic!("expected TITLE_TAKEN, got {other:?}"),
    }
    let sent = &mock.create_note().received()[0];
    assert_eq!(sent.title, "Plans");
    assert_eq!(sent.visibility, Visibility::Team);
    assert_eq!(sent.idempotency_key.as_deref(), Some("k-1"));
    let file = sent.attachment.as_ref().unwrap();
    assert_eq!(
        (file.file_name(), file.bytes().unwrap().as_ref()),
        ("plans.txt", &b"step 1"[..])
    );
}

#[tokio::test]
async fn an_operation_without_an_example_must_be_programmed() {
    // The notes spec documents no example body for `create_note`: an answer
    // the test did not program is a violation, not an invented note.
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("test-token"), mock.server()).unwrap();
    let request = CreateNoteRequest::builder()
        .title("Plans")
        .visibility(Visibility::Private)
        .build();
    let result = client.send(request).await;
    assert_eq!(result.unwrap_err().status().map(|s| s.as_u16()), Some(501));
    let violations = mock.take_violations();
    assert_eq!(
        violations[0].problems,
        ["no answer is programmed for `create_note`, and its spec has no example to answer with"]
    );
}
