//! What the runtime's own end-to-end tests share: a raw HTTP/1.1 server on
//! 127.0.0.1 that answers each request with the bytes a test makes of it,
//! and operations written by hand, as generated code writes them.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use apigen_runtime::{
    BaseUrl, DocumentedError, Error, ErrorInfo, HttpRequest, Operation, Paginated, Placement,
    RequestBuilder, RequestError, Response, ScopeExpr, Secrets, Security, SecurityScheme,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One request as received: its head (request line and headers) and body.
#[derive(Debug, Clone)]
pub struct Received {
    pub head: String,
    pub body: Vec<u8>,
}

type Answer = dyn Fn(usize, &Received) -> Vec<u8> + Send + Sync;

/// A running server: its base URL and every request received.
pub struct Raw {
    pub base: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Raw {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Raw {
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Serves `answer(n, request)` (raw response bytes) to the n-th request
/// (from 0), on connections kept alive.
pub async fn serve(answer: impl Fn(usize, &Received) -> Vec<u8> + Send + Sync + 'static) -> Raw {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let answer: Arc<Answer> = Arc::new(answer);
    let seen = received.clone();
    let task = tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (seen, answer) = (seen.clone(), answer.clone());
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                loop {
                    let Some(request) = read_request(&mut socket, &mut buffer).await else {
                        return;
                    };
                    let n = {
                        let mut seen = seen.lock().unwrap();
                        seen.push(request.clone());
                        seen.len() - 1
                    };
                    let bytes = answer(n, &request);
                    if socket.write_all(&bytes).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    Raw {
        base,
        received,
        task,
    }
}

async fn read_request(
    socket: &mut tokio::net::TcpStream,
    buffer: &mut Vec<u8>,
) -> Option<Received> {
    let mut chunk = [0u8; 16 * 1024];
    let end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = socket.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buffer.len() < end + length {
        let n = socket.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[end..end + length].to_vec();
    buffer.drain(..end + length);
    Some(Received { head, body })
}

/// An HTTP/1.1 response with a body and its length.
pub fn reply(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\ncontent-length: {}\r\n{headers}\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A JSON 200 response.
pub fn json(body: impl AsRef<[u8]>) -> Vec<u8> {
    reply(
        "200 OK",
        "content-type: application/json\r\n",
        body.as_ref(),
    )
}

#[derive(Debug, Clone)]
pub struct Local(pub String);

impl BaseUrl for Local {
    fn base_url(&self) -> &str {
        &self.0
    }
}

/// The documented error of the hand-written operations: a message.
#[derive(Debug)]
pub struct Documented(pub String);

impl DocumentedError for Documented {
    fn info(&self) -> ErrorInfo<'_> {
        ErrorInfo {
            code: None,
            message: Some(&self.0),
            meaning: "a documented error",
        }
    }
}

pub const BEARER: Security = &[&[SecurityScheme {
    name: "bearer",
    placement: Placement::Header {
        name: "Authorization",
        prefix: "Bearer",
    },
}]];

pub const BASIC: Security = &[&[SecurityScheme {
    name: "basic",
    placement: Placement::Basic,
}]];

/// `GET /ping` with a bearer token (or basic credentials, with `Basic`):
/// a JSON object.
pub struct Ping;
pub struct BasicPing;

fn parse_json(response: Response) -> Result<serde_json::Value, Error<Documented>> {
    match response.status().as_u16() {
        200 => response.json(),
        _ => response.undocumented(),
    }
}

impl Operation for Ping {
    const NAME: &'static str = "ping";
    const REQUIRED_SCOPES: ScopeExpr = ScopeExpr::AllOf(&[]);
    const SECURITY: Security = BEARER;
    type Server = Local;
    type Output = serde_json::Value;
    type Error = Documented;

    fn into_http_request(
        self,
        server: &Local,
        secrets: &dyn Secrets,
    ) -> Result<HttpRequest, RequestError> {
        let mut request =
            RequestBuilder::new(http::Method::GET, server.base_url(), BEARER, secrets)?;
        request.path("/ping");
        request.empty()
    }

    fn parse_response(response: Response) -> Result<serde_json::Value, Error<Documented>> {
        parse_json(response)
    }
}

impl Operation for BasicPing {
    const NAME: &'static str = "basic_ping";
    const REQUIRED_SCOPES: ScopeExpr = ScopeExpr::AllOf(&[]);
    const SECURITY: Security = BASIC;
    type Server = Local;
    type Output = serde_json::Value;
    type Error = Documented;

    fn into_http_request(
        self,
        server: &Local,
        secrets: &dyn Secrets,
    ) -> Result<HttpRequest, RequestError> {
        let mut request =
            RequestBuilder::new(http::Method::GET, server.base_url(), BASIC, secrets)?;
        request.path("/ping");
        request.empty()
    }

    fn parse_response(response: Response) -> Result<serde_json::Value, Error<Documented>> {
        parse_json(response)
    }
}

/// `GET /items?page=N`: a page of items and whether more follow, walked
/// by page number as generated code walks a `page` style list.
#[derive(Debug, Clone, Default)]
pub struct ListItems {
    pub page: Option<i64>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Item {
    pub id: String,
}

#[derive(Debug, serde::Deserialize)]
pub struct ItemPage {
    pub items: Vec<Item>,
    pub more: bool,
}

impl Operation for ListItems {
    const NAME: &'static str = "list_items";
    const REQUIRED_SCOPES: ScopeExpr = ScopeExpr::AllOf(&[]);
    const SECURITY: Security = BEARER;
    type Server = Local;
    type Output = ItemPage;
    type Error = Documented;

    fn into_http_request(
        self,
        server: &Local,
        secrets: &dyn Secrets,
    ) -> Result<HttpRequest, RequestError> {
        let mut request =
            RequestBuilder::new(http::Method::GET, server.base_url(), BEARER, secrets)?;
        request.path("/items");
        if let Some(page) = self.page {
            request.query("page", &page);
        }
        request.empty()
    }

    fn parse_response(response: Response) -> Result<ItemPage, Error<Documented>> {
        match response.status().as_u16() {
            200 => response.json(),
            _ => response.undocumented(),
        }
    }
}

impl Paginated for ListItems {
    type Item = Item;

    fn items(page: &ItemPage) -> &[Item] {
        &page.items
    }

    fn next_page(&self, page: &ItemPage) -> Result<Option<Self>, apigen_runtime::NextPageError> {
        if !page.more || page.items.is_empty() {
            return Ok(None);
        }
        let next = self
            .page
            .unwrap_or(1)
            .checked_add(1)
            .ok_or(apigen_runtime::NextPageError::Overflow { input: "page" })?;
        Ok(Some(ListItems { page: Some(next) }))
    }

    fn position(&self) -> Option<String> {
        Some(format!("{:?}", self.page))
    }
}
