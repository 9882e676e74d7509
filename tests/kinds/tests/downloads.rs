//! A file as a success body, streamed: not bounded by the client's response
//! limit (it is not held in memory), written to disk chunk by chunk; its
//! documented errors still typed. And from the mock.

use apigen_runtime::{AccessToken, Client, Download, Error};
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::routing::get;
use axum::Router;
use kinds::kinds::download_avatar::{DownloadAvatarError, DownloadAvatarRequest};
use kinds::kinds::mock::MockServer;
use kinds::kinds::Server;

const SIZE: usize = 256 * 1024;

#[tokio::test]
async fn a_download_streams_past_the_response_limit() {
    let app = Router::new().route(
        "/contacts/{id}/avatar",
        get(|Path(id): Path<String>| async move {
            if id == "none" {
                return (
                    StatusCode::NOT_FOUND,
                    [(header::CONTENT_TYPE, "text/plain")],
                    vec![],
                );
            }
            let png: Vec<u8> = (0..SIZE).map(|i| (i % 251) as u8).collect();
            (StatusCode::OK, [(header::CONTENT_TYPE, "image/png")], png)
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    // Far below the file's size: a body read into memory would be refused.
    let client = Client::builder(AccessToken::new("t"), Server::Custom(base))
        .max_response_bytes(4096)
        .build()
        .unwrap();

    let download: Download = client
        .send(DownloadAvatarRequest::builder().contact_id("c-1").build())
        .await
        .unwrap();
    assert_eq!(download.content_type(), Some("image/png"));
    assert_eq!(download.content_length(), Some(SIZE as u64));
    assert!(download.in_memory().is_none(), "streamed, not read");
    let dir = std::env::temp_dir().join(format!("kinds-download-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("avatar.png");
    let mut file = tokio::fs::File::create(&path).await.unwrap();
    assert_eq!(download.write_to(&mut file).await.unwrap(), SIZE as u64);
    let written = std::fs::read(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(written
        .iter()
        .enumerate()
        .all(|(i, b)| *b == (i % 251) as u8));

    // Asked for in memory, the caller's own limit holds.
    let download = client
        .send(DownloadAvatarRequest::builder().contact_id("c-1").build())
        .await
        .unwrap();
    assert!(download.bytes(1024).await.is_err());

    match client
        .send(DownloadAvatarRequest::builder().contact_id("none").build())
        .await
    {
        Err(Error::Api(e)) => assert_eq!(*e.error(), DownloadAvatarError::NotFound),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_mock_serves_a_download() {
    let mock = MockServer::start().await.unwrap();
    let client = Client::new(AccessToken::new("t"), mock.server()).unwrap();
    mock.download_avatar()
        .ok(Download::from_bytes(Some("image/png"), "tiny png"));
    let download = client
        .send(DownloadAvatarRequest::builder().contact_id("c").build())
        .await
        .unwrap();
    assert_eq!(download.content_type(), Some("image/png"));
    assert_eq!(download.bytes(100).await.unwrap().as_ref(), b"tiny png");
}
