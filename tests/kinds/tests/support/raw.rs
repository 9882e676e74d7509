//! Requests sent to the typed mock as raw bytes, for what the typed client
//! would never send (a body that breaks the spec, `null` where it is not
//! allowed, no body at all).

/// Sends a request as written to the mock at `base_url`: `head` holds the
/// request line and any headers but the host, auth, length and connection;
/// returns the whole response as text.
pub async fn send(base_url: &str, head: &str, body: &str) -> String {
    let request = format!(
        "{head}\r\nHost: mock\r\nAuthorization: Bearer t\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(base_url.trim_start_matches("http://"))
        .await
        .unwrap();
    tokio::io::AsyncWriteExt::write_all(&mut stream, request.as_bytes())
        .await
        .unwrap();
    let mut response = String::new();
    tokio::io::AsyncReadExt::read_to_string(&mut stream, &mut response)
        .await
        .unwrap();
    response
}
