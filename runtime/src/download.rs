//! A file the vendor sends as a success body, streamed to the caller with
//! bounded memory (the client does not read it into memory), or held in
//! memory when parsed sans-IO from a whole response.

use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};

/// The chunks of a streamed body.
pub type ByteStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

/// A body the client did not read, for an operation whose success is a
/// file: taken once, by [`Response::download`](crate::Response::download).
/// Clones share it; equality is identity.
#[derive(Clone)]
pub struct StreamedBody(Arc<Mutex<Option<ByteStream>>>);

impl StreamedBody {
    /// Wraps a stream of chunks.
    pub fn new(stream: ByteStream) -> Self {
        StreamedBody(Arc::new(Mutex::new(Some(stream))))
    }

    pub(crate) fn take(&self) -> Option<ByteStream> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

impl PartialEq for StreamedBody {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for StreamedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamedBody(..)")
    }
}

enum Source {
    Bytes(Bytes),
    Stream(ByteStream),
}

/// A file received as a success body: its type, announced length, and
/// content as a stream (from the client) or in memory (sans-IO).
pub struct Download {
    content_type: Option<String>,
    content_length: Option<u64>,
    source: Source,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .field("streamed", &matches!(self.source, Source::Stream(_)))
            .finish()
    }
}

impl Download {
    /// A download held in memory (a test's, or a mock's answer).
    pub fn from_bytes(content_type: Option<&str>, bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        Download {
            content_type: content_type.map(str::to_owned),
            content_length: Some(bytes.len() as u64),
            source: Source::Bytes(bytes),
        }
    }

    pub(crate) fn new(headers: &http::HeaderMap, body: Result<ByteStream, Bytes>) -> Self {
        let content_type = headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let announced = headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse().ok());
        match body {
            Ok(stream) => Download {
                content_type,
                content_length: announced,
                source: Source::Stream(stream),
            },
            Err(bytes) => Download {
                content_type,
                content_length: Some(bytes.len() as u64),
                source: Source::Bytes(bytes),
            },
        }
    }

    /// The `Content-Type` the vendor sent.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The length announced (`Content-Length`), or known (in memory).
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The content in memory, when it is (not when streamed).
    pub fn in_memory(&self) -> Option<&Bytes> {
        match &self.source {
            Source::Bytes(b) => Some(b),
            Source::Stream(_) => None,
        }
    }

    /// The content as chunks: read as they arrive, with the client's idle
    /// timeout between them.
    pub fn into_stream(self) -> ByteStream {
        match self.source {
            Source::Bytes(b) => Box::pin(futures_util::stream::iter([Ok(b)])),
            Source::Stream(s) => s,
        }
    }

    /// The whole content in memory, refused past `limit` bytes (the limit
    /// is the caller's: a download is not bounded by the client's response
    /// limit, since it is not held in memory unless asked for).
    pub async fn bytes(self, limit: usize) -> std::io::Result<Bytes> {
        let mut stream = self.into_stream();
        let mut all = BytesMut::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            if all.len() + chunk.len() > limit {
                return Err(std::io::Error::other(format!(
                    "the download is larger than the {limit} bytes asked for"
                )));
            }
            all.extend_from_slice(&chunk);
        }
        Ok(all.freeze())
    }

    /// Writes the content to `writer` as it arrives (a file on disk: memory
    /// stays bounded by one chunk); returns the bytes written.
    #[cfg(feature = "tokio")]
    pub async fn write_to<W: tokio::io::AsyncWrite + Unpin>(
        self,
        writer: &mut W,
    ) -> std::io::Result<u64> {
        use tokio::io::AsyncWriteExt;
        let mut stream = self.into_stream();
        let mut written = 0;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        writer.flush().await?;
        Ok(written)
    }
}
