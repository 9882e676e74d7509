//! Local emulations of the two vendor endpoints, as their pages document
//! them, on 127.0.0.1 inside the tests; and raw TCP servers that misbehave.
//!
//! The emulators check the path, the auth header format, the `Version`
//! header and the multipart parts (parsed by multer, through axum), hash every
//! file part as it streams in, and answer with the documented success body or
//! with a response the test chose.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Multipart, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One part as the emulator received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedPart {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub len: u64,
    /// Hex SHA-256 of the part's bytes.
    pub sha256: String,
    /// The text of a field (a part without a file name).
    pub text: Option<String>,
}

/// One request as the emulator received it.
#[derive(Debug, Clone, Default)]
pub struct Received {
    pub path: String,
    pub query: Option<String>,
    pub authorization: Option<String>,
    pub version: Option<String>,
    /// The `Content-Length` header: absent for a chunked body.
    pub content_length: Option<u64>,
    pub parts: Vec<ReceivedPart>,
}

#[derive(Default)]
struct Shared {
    received: Vec<Received>,
    next_response: Option<(u16, &'static str, String)>,
}

/// The `Authorization` the HighLevel emulation answers with its 401, as for
/// an expired token.
pub const EXPIRED_HIGHLEVEL_TOKEN: &str = "Bearer expired-token";

/// A running emulator of both vendors' upload endpoints.
pub struct Emulator {
    pub base_url: String,
    shared: Arc<Mutex<Shared>>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Emulator {
    /// Starts on an ephemeral port of 127.0.0.1.
    pub async fn start() -> Emulator {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = Router::new()
            .route(
                "/crm/v7/{module}/{record_id}/Attachments",
                post(zoho_upload),
            )
            .route("/conversations/messages/upload", post(highlevel_upload))
            .layer(axum::extract::DefaultBodyLimit::disable())
            .with_state(shared.clone());
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("emulator serves");
        });
        Emulator {
            base_url,
            shared,
            server,
        }
    }

    /// The next request gets this response instead of the emulated one
    /// (after its parts are read and checked).
    pub fn respond_next(&self, status: u16, content_type: &'static str, body: impl Into<String>) {
        self.shared.lock().unwrap().next_response = Some((status, content_type, body.into()));
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().unwrap().received.clone()
    }
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    header(headers, "content-length").and_then(|v| v.parse().ok())
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn json(status: u16, body: serde_json::Value) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Reads every part, hashing file parts chunk by chunk (never buffering them).
async fn read_parts(mut multipart: Multipart) -> Result<Vec<ReceivedPart>, String> {
    let mut parts = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let mut hasher = Sha256::new();
        let mut len = 0u64;
        let mut text = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| e.to_string())? {
            len += chunk.len() as u64;
            hasher.update(&chunk);
            if file_name.is_none() {
                text.extend_from_slice(&chunk);
            }
        }
        let sha256 = hex(&hasher.finalize());
        let text = file_name
            .is_none()
            .then(|| String::from_utf8_lossy(&text).into_owned());
        parts.push(ReceivedPart {
            name,
            file_name,
            content_type,
            len,
            sha256,
            text,
        });
    }
    Ok(parts)
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn forced(shared: &Arc<Mutex<Shared>>, received: Received) -> Option<Response> {
    let mut s = shared.lock().unwrap();
    s.received.push(received);
    s.next_response.take().map(|(status, content_type, body)| {
        (
            StatusCode::from_u16(status).unwrap(),
            [("content-type", content_type)],
            body,
        )
            .into_response()
    })
}

fn zoho_error(status: u16, code: &str, message: &str) -> Response {
    json(
        status,
        serde_json::json!({"code": code, "details": {}, "message": message, "status": "error"}),
    )
}

const ZOHO_MODULES: &[&str] = &[
    "Leads",
    "Accounts",
    "Contacts",
    "Deals",
    "Campaigns",
    "Tasks",
    "Cases",
    "Events",
    "Calls",
    "Solutions",
    "Products",
    "Vendors",
    "Price_Books",
    "Quotes",
    "Sales_Orders",
    "Purchase_Orders",
    "Invoices",
    "Appointments__s",
    "Services__s",
    "Notes",
];

async fn zoho_upload(
    State(shared): State<Arc<Mutex<Shared>>>,
    Path((module, record_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let authorization = header(&headers, "authorization");
    let parts = match read_parts(multipart).await {
        Ok(p) => p,
        Err(e) => {
            return zoho_error(
                400,
                "INVALID_DATA",
                &format!("malformed multipart body: {e}"),
            )
        }
    };
    let received = Received {
        path: format!("/crm/v7/{module}/{record_id}/Attachments"),
        query: query.clone(),
        authorization: authorization.clone(),
        version: header(&headers, "version"),
        content_length: content_length(&headers),
        parts: parts.clone(),
    };
    if let Some(r) = forced(&shared, received) {
        return r;
    }
    // Not documented on the page: Zoho's answer to a missing or malformed token.
    if !authorization
        .as_deref()
        .is_some_and(|a| a.starts_with("Zoho-oauthtoken ") && a.len() > 16)
    {
        return zoho_error(401, "INVALID_TOKEN", "invalid oauth token");
    }
    let custom = module
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
        && module.contains('_');
    if !ZOHO_MODULES.contains(&module.as_str()) && !custom {
        return zoho_error(
            400,
            "INVALID_MODULE",
            "the module name given seems to be invalid",
        );
    }
    if record_id.is_empty() || !record_id.bytes().all(|b| b.is_ascii_digit()) {
        return zoho_error(
            400,
            "INVALID_DATA",
            "the related id given seems to be invalid",
        );
    }
    let files = parts
        .iter()
        .filter(|p| p.name == "file" && p.file_name.is_some())
        .count();
    let links = parts
        .iter()
        .filter(|p| p.name == "attachmentUrl" && p.file_name.is_none())
        .count();
    let has_title = query
        .as_deref()
        .is_some_and(|q| q.split('&').any(|kv| kv.starts_with("title=")));
    if parts.len() != 1 || files + links != 1 || (files == 1 && has_title) {
        return zoho_error(400, "INVALID_DATA", "either one file or one attachmentUrl");
    }
    json(
        200,
        serde_json::json!({"data": [{
            "code": "SUCCESS",
            "details": {
                "Modified_Time": "2021-05-03T18:03:00+05:30",
                "Modified_By": {"name": "Patricia Boyle", "id": "4150868000000225013"},
                "Created_Time": "2021-05-03T18:03:00+05:30",
                "id": "4150868000005277036",
                "Created_By": {"name": "Patricia Boyle", "id": "4150868000000225013"}
            },
            "message": "attachment uploaded successfully",
            "status": "success"
        }]}),
    )
}

const HIGHLEVEL_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "video/mp4",
    "video/mpeg",
    "application/zip",
    "application/vnd.rar",
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
    "audio/mpeg",
    "audio/wav",
];

async fn highlevel_upload(
    State(shared): State<Arc<Mutex<Shared>>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let authorization = header(&headers, "authorization");
    let version = header(&headers, "version");
    let parts = match read_parts(multipart).await {
        Ok(p) => p,
        Err(_) => {
            return json(
                400,
                serde_json::json!({"statusCode": 400, "message": "Bad Request"}),
            )
        }
    };
    let received = Received {
        path: "/conversations/messages/upload".to_owned(),
        query: None,
        authorization: authorization.clone(),
        version: version.clone(),
        content_length: content_length(&headers),
        parts: parts.clone(),
    };
    if let Some(r) = forced(&shared, received) {
        return r;
    }
    if !authorization
        .as_deref()
        .is_some_and(|a| a.starts_with("Bearer ") && a.len() > 7 && a != EXPIRED_HIGHLEVEL_TOKEN)
    {
        return json(
            401,
            serde_json::json!({"statusCode": 401, "message": "Invalid token: access token is invalid", "error": "Unauthorized"}),
        );
    }
    let field = |name: &str| {
        parts
            .iter()
            .filter(|p| p.name == name && p.file_name.is_none())
            .count()
    };
    if version.as_deref() != Some("2021-04-15")
        || field("conversationId") != 1
        || field("locationId") != 1
        || field("attachmentUrls") == 0
    {
        return json(
            400,
            serde_json::json!({"statusCode": 400, "message": "Bad Request"}),
        );
    }
    let mut uploaded = serde_json::Map::new();
    for p in parts.iter().filter(|p| p.name == "fileAttachment") {
        let ok = p
            .content_type
            .as_deref()
            .is_some_and(|t| HIGHLEVEL_TYPES.contains(&t));
        if !ok {
            return json(
                415,
                serde_json::json!({"status": 415, "message": "Failed to upload the files"}),
            );
        }
        let name = p.file_name.clone().unwrap_or_default();
        uploaded.insert(
            name.clone(),
            format!("https://storage.example/{}", p.sha256).into(),
        );
    }
    json(200, serde_json::json!({"uploadedFiles": uploaded}))
}

/// A raw TCP server that reads each request (headers and a chunked or
/// sized body), waits `delay`, writes `response` verbatim and closes.
pub async fn raw_server(
    response: &'static [u8],
    delay: Duration,
) -> (String, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut buf = [0u8; 8192];
                while !request_is_complete(&seen) {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                tokio::time::sleep(delay).await;
                let _ = socket.write_all(response).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (base_url, handle)
}

/// True once `seen` holds a whole request: its head, then as many body bytes
/// as its `Content-Length` says, or the end of a chunked body.
pub fn request_is_complete(seen: &[u8]) -> bool {
    let Some(head_end) = seen.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&seen[..head_end]).to_ascii_lowercase();
    let length = head.lines().find_map(|line| {
        line.strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    });
    match length {
        Some(length) => seen.len() >= head_end + 4 + length,
        None if head.contains("transfer-encoding: chunked") => seen.ends_with(b"0\r\n\r\n"),
        None => true,
    }
}

/// A base URL on which nothing listens: connecting is refused.
pub async fn refusing_base_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}
