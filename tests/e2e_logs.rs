//! What the client writes to `tracing`, and what it must never write: tokens
//! and passwords. In a test binary of their own, where every test installs a
//! subscriber: `tracing` caches whether a span is enabled when a thread first
//! meets it, and a test without a subscriber could meet it first.

use std::sync::{Arc, Mutex};

use generated::runtime::{AccessToken, Client};
use generated::zoho_crm;
use tests::emulator::{refusing_base_url, Emulator};
use tests::hostile::{Fault, Hostile};
use tests::{zoho_client, zoho_file_request, ZOHO_TOKEN};

/// Collects everything `tracing` writes while a future runs on this thread.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A subscriber that writes everything, spans' closing included, to `captured`.
fn capture(captured: &Captured) -> tracing::subscriber::DefaultGuard {
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_default(subscriber)
}

#[tokio::test]
async fn tokens_never_appear_in_debug_errors_or_logs() {
    let captured = Captured::default();
    let _guard = capture(&captured);

    let emulator = Emulator::start().await;
    let client = zoho_client(&emulator.base_url);
    let mut seen = vec![format!("{client:?}")];
    client.send(zoho_file_request()).await.unwrap();
    emulator.respond_next(
        403,
        "application/json",
        r#"{"code":"NO_PERMISSION","message":"no","status":"error"}"#,
    );
    let api_error = client.send(zoho_file_request()).await.unwrap_err();
    seen.push(format!("{api_error:?} {api_error}"));
    let refused = zoho_client(&refusing_base_url().await)
        .send(zoho_file_request())
        .await
        .unwrap_err();
    seen.push(format!("{refused:?} {refused}"));
    let bad = Client::new(
        AccessToken::new(format!("{ZOHO_TOKEN}\n")),
        zoho_crm::Server::Custom(emulator.base_url.clone()),
    )
    .unwrap();
    let request_error = bad.send(zoho_file_request()).await.unwrap_err();
    seen.push(format!("{request_error:?} {request_error}"));

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("operation=\"upload_attachment\"")
            || logs.contains("operation=upload_attachment"),
        "{logs}"
    );
    assert!(logs.contains("status=200"), "{logs}");
    assert!(
        logs.contains("/crm/v7/Leads/1000000231009/Attachments"),
        "{logs}"
    );
    seen.push(logs);
    for text in seen {
        assert!(
            !text.contains("secret-zoho-token"),
            "the token leaked: {text}"
        );
    }
}

#[tokio::test]
async fn a_password_in_the_base_url_stays_out_of_spans_and_messages() {
    let captured = Captured::default();
    let _guard = capture(&captured);

    let mut seen = Vec::new();
    // A server that breaks HTTP, one that refuses connections, a bad scheme.
    let broken = Hostile::start(Fault::Reply(b"nonsense\r\n\r\n".to_vec())).await;
    let refusing = refusing_base_url().await;
    for base in [
        broken.base_url.clone(),
        refusing,
        "ftp://127.0.0.1:1".to_owned(),
    ] {
        let with_password = base.replace("://", "://user:s3cret@");
        let e = zoho_client(&with_password)
            .send(zoho_file_request())
            .await
            .unwrap_err();
        seen.push(format!("{e} {e:?}"));
    }
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("127.0.0.1"), "{logs}");
    for text in seen.iter().chain([&logs]) {
        assert!(!text.contains("s3cret"), "{text}");
    }
}
