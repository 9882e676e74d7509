//! A fault-injecting HTTP server on 127.0.0.1: each connection gets the
//! misbehaviour the test asks for, and every request's raw bytes are kept.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::emulator::request_is_complete;

/// What the server does with each connection.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Reads the whole request, writes these bytes, closes.
    Reply(Vec<u8>),
    /// Reads the whole request, then never answers (and never closes).
    Stall,
    /// Reads the request `chunk` bytes every `every`, then writes `then`.
    ReadSlowly {
        chunk: usize,
        every: Duration,
        then: Vec<u8>,
    },
    /// Reads the whole request, answers 200 with a chunked body that never ends.
    Endless,
    /// The n-th connection gets the n-th fault; the last one repeats.
    Sequence(Vec<Fault>),
}

/// A running hostile server.
pub struct Hostile {
    pub base_url: String,
    requests: Arc<Mutex<Vec<Vec<u8>>>>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Hostile {
    /// Serves `fault` to every connection until dropped.
    pub async fn start(fault: Fault) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let server = tokio::spawn(async move {
            let mut connection = 0;
            while let Ok((socket, _)) = listener.accept().await {
                let fault = match &fault {
                    Fault::Sequence(faults) => faults[connection.min(faults.len() - 1)].clone(),
                    other => other.clone(),
                };
                connection += 1;
                let seen = seen.clone();
                tokio::spawn(async move { serve(socket, fault, seen).await });
            }
        });
        Hostile {
            base_url,
            requests,
            server,
        }
    }

    /// The raw bytes of each request received (head and body).
    pub fn requests(&self) -> Vec<Vec<u8>> {
        self.requests.lock().unwrap().clone()
    }

    /// The head of each request received, as text.
    pub fn heads(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| {
                let end = r
                    .windows(4)
                    .position(|w| w == b"\r\n\r\n")
                    .unwrap_or(r.len());
                String::from_utf8_lossy(&r[..end]).into_owned()
            })
            .collect()
    }
}

async fn serve(mut socket: TcpStream, fault: Fault, seen: Arc<Mutex<Vec<Vec<u8>>>>) {
    let (read_chunk, pause) = match &fault {
        Fault::ReadSlowly { chunk, every, .. } => (*chunk, Some(*every)),
        _ => (64 * 1024, None),
    };
    let mut request = Vec::new();
    let mut buf = vec![0u8; read_chunk];
    while !request_is_complete(&request) {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
        if let Some(pause) = pause {
            tokio::time::sleep(pause).await;
        }
    }
    seen.lock().unwrap().push(request);
    match fault {
        Fault::Reply(bytes) | Fault::ReadSlowly { then: bytes, .. } => {
            let _ = socket.write_all(&bytes).await;
            let _ = socket.shutdown().await;
        }
        Fault::Stall => {
            // Hold the connection open, silent, until the test ends.
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        Fault::Sequence(_) => unreachable!("a sequence is resolved per connection"),
        Fault::Endless => {
            let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
            if socket.write_all(head).await.is_err() {
                return;
            }
            let chunk = [b'x'; 16 * 1024];
            let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
            framed.extend_from_slice(&chunk);
            framed.extend_from_slice(b"\r\n");
            // Until the client hangs up (bounded: 1 GiB at most).
            for _ in 0..65_536 {
                if socket.write_all(&framed).await.is_err() {
                    return;
                }
            }
        }
    }
}
