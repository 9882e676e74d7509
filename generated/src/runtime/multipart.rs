use std::io::Cursor;

use bytes::Bytes;
use common_multipart_rfc7578::client::multipart::{Body, BoundaryGenerator, Form};
use futures_util::TryStreamExt;
use rand::{distributions::Alphanumeric, Rng};

/// A file to upload as one part of a multipart/form-data body.
///
/// The content is either in memory ([`FilePart::from_bytes`]) or streamed
/// while the request is sent ([`FilePart::from_path`],
/// [`FilePart::from_async_read`]): a streamed file is never read into memory
/// as a whole. The content type is guessed from the file name (`mime_guess`)
/// unless set with [`FilePart::with_content_type`].
pub struct FilePart {
    file_name: String,
    content_type: mime::Mime,
    source: FileSource,
}

/// Where a part's bytes come from.
enum FileSource {
    Bytes(Bytes),
    Reader {
        reader: Box<dyn futures_io::AsyncRead + Send + Sync + Unpin>,
        len: Option<u64>,
    },
}

impl FilePart {
    fn new(file_name: String, source: FileSource) -> Self {
        let content_type = mime_guess::from_path(&file_name).first_or_octet_stream();
        FilePart {
            file_name,
            content_type,
            source,
        }
    }

    /// A file held in memory.
    pub fn from_bytes(file_name: impl Into<String>, data: impl Into<Bytes>) -> Self {
        Self::new(file_name.into(), FileSource::Bytes(data.into()))
    }

    /// A file read while the body is sent, from any `futures` async reader
    /// (runtime-agnostic; for tokio readers see [`FilePart::from_tokio_read`]).
    pub fn from_async_read(
        file_name: impl Into<String>,
        reader: impl futures_io::AsyncRead + Send + Sync + Unpin + 'static,
    ) -> Self {
        Self::new(
            file_name.into(),
            FileSource::Reader {
                reader: Box::new(reader),
                len: None,
            },
        )
    }

    /// A file read from a tokio async reader while the body is sent.
    #[cfg(feature = "tokio")]
    pub fn from_tokio_read(
        file_name: impl Into<String>,
        reader: impl tokio::io::AsyncRead + Send + Sync + Unpin + 'static,
    ) -> Self {
        use tokio_util::compat::TokioAsyncReadCompatExt;
        Self::from_async_read(file_name, reader.compat())
    }

    /// A file on disk, streamed while the body is sent. The file is opened
    /// now, so a missing file is an error here rather than mid-request; its
    /// name (the last path component) becomes the part's file name.
    ///
    /// The body must be sent from within a tokio runtime.
    #[cfg(feature = "tokio")]
    pub fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        use tokio_util::compat::TokioAsyncReadCompatExt;
        let path = path.as_ref();
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_owned());
        // A large read buffer: the encoder sends what each read returns as one chunk.
        let reader =
            tokio::io::BufReader::with_capacity(256 * 1024, tokio::fs::File::from_std(file));
        Ok(Self::new(
            file_name,
            FileSource::Reader {
                reader: Box::new(reader.compat()),
                len: Some(len),
            },
        ))
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = file_name.into();
        self
    }

    /// Sets the part's `Content-Type`.
    pub fn with_content_type(mut self, content_type: mime::Mime) -> Self {
        self.content_type = content_type;
        self
    }

    /// Sets the part's `Content-Type` from its text form; text that is not a
    /// MIME type leaves the current one in place (generated code passes the
    /// spec's MIME types, checked when the code was generated).
    pub fn with_content_type_str(self, content_type: &str) -> Self {
        match content_type.parse() {
            Ok(mime) => self.with_content_type(mime),
            Err(_) => self,
        }
    }

    /// The file name sent in the part's `Content-Disposition`.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The part's `Content-Type`.
    pub fn content_type(&self) -> &mime::Mime {
        &self.content_type
    }

    /// The file's size in bytes, when known (in memory, or a file on disk).
    pub fn len(&self) -> Option<u64> {
        match &self.source {
            FileSource::Bytes(b) => Some(b.len() as u64),
            FileSource::Reader { len, .. } => *len,
        }
    }

    /// True for a file known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// True when the content is streamed rather than held in memory.
    pub fn is_streamed(&self) -> bool {
        matches!(self.source, FileSource::Reader { .. })
    }
}

impl std::fmt::Debug for FilePart {
    // The content is left out: it may be large, and it is the user's data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type.essence_str())
            .field("len", &self.len())
            .field("streamed", &self.is_streamed())
            .finish()
    }
}

/// Escapes a file name for a quoted `Content-Disposition` parameter the way
/// browsers do (WHATWG HTML, "multipart/form-data encoding algorithm").
fn quoted_file_name(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// 32 random alphanumerics: long enough that no file content collides with it.
struct LongBoundary;

impl BoundaryGenerator for LongBoundary {
    fn generate_boundary() -> String {
        let random: String = rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .take(32)
            .map(char::from)
            .collect();
        format!("----apigen-{random}")
    }
}

/// A multipart/form-data body, encoded as it streams (RFC 7578, by
/// `common-multipart-rfc7578`).
pub struct MultipartBody {
    form: Form<'static>,
    content_type: String,
    parts: Vec<String>,
    streamed: bool,
}

impl Default for MultipartBody {
    fn default() -> Self {
        let form = Form::new::<LongBoundary>();
        MultipartBody {
            content_type: form.content_type(),
            form,
            parts: Vec::new(),
            streamed: false,
        }
    }
}

impl MultipartBody {
    /// An empty body with a fresh random boundary.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(&mut self, name: &'static str, value: String) {
        self.parts.push(name.to_owned());
        self.form.add_text(name, value);
    }

    /// Adds a file part.
    pub fn file(&mut self, name: &'static str, file: FilePart) {
        self.parts.push(name.to_owned());
        let file_name = quoted_file_name(&file.file_name);
        match file.source {
            FileSource::Bytes(data) => self.form.add_reader_file_with_mime(
                name,
                Cursor::new(data),
                file_name,
                file.content_type,
            ),
            FileSource::Reader { reader, .. } => {
                self.streamed = true;
                self.form.add_async_reader_file_with_mime(
                    name,
                    reader,
                    file_name,
                    file.content_type,
                )
            }
        }
    }

    /// The `Content-Type` header value, with the boundary.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The names of the parts, in the order they are sent.
    pub fn part_names(&self) -> &[String] {
        &self.parts
    }

    /// The encoded body as a stream of chunks, for streaming HTTP clients.
    pub fn into_stream(
        self,
    ) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
        Body::from(self.form)
            .map_ok(bytes::BytesMut::freeze)
            .map_err(|e| std::io::Error::other(e.to_string()))
    }

    /// True when a part is streamed (see [`FilePart::is_streamed`]).
    pub fn is_streamed(&self) -> bool {
        self.streamed
    }

    /// The whole encoded body in memory, for bodies whose parts are all in
    /// memory; a body with a streamed part is refused (use
    /// [`MultipartBody::into_stream`]), since reading it may need an async runtime.
    pub fn into_bytes(self) -> Result<Bytes, std::io::Error> {
        if self.streamed {
            return Err(std::io::Error::other(
                "the body has a streamed file part; send it with `into_stream`",
            ));
        }
        // Every part is in memory, so the stream never waits and blocking on it is instant.
        let chunks: Vec<Bytes> = futures_executor::block_on(self.into_stream().try_collect())?;
        Ok(chunks.concat().into())
    }
}

impl std::fmt::Debug for MultipartBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MultipartBody")
            .field("content_type", &self.content_type)
            .field("parts", &self.parts)
            .finish()
    }
}

/// The body of a built request.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestBody {
    /// No body.
    Empty,
    /// A multipart/form-data body.
    Multipart(MultipartBody),
}

impl RequestBody {
    /// The whole body in memory (empty for [`RequestBody::Empty`]).
    pub fn into_bytes(self) -> Result<Bytes, std::io::Error> {
        match self {
            RequestBody::Empty => Ok(Bytes::new()),
            RequestBody::Multipart(m) => m.into_bytes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_is_guessed_from_the_name_and_can_be_set() {
        assert_eq!(
            FilePart::from_bytes("a.pdf", "x").content_type(),
            &mime::APPLICATION_PDF
        );
        assert_eq!(
            FilePart::from_bytes("noext", "x").content_type(),
            &mime::APPLICATION_OCTET_STREAM
        );
        let set = FilePart::from_bytes("a.bin", "x").with_content_type(mime::TEXT_PLAIN);
        assert_eq!(set.content_type(), &mime::TEXT_PLAIN);
    }

    #[test]
    fn file_names_are_escaped_like_browsers_do() {
        assert_eq!(quoted_file_name("a\"b\r\n.txt"), "a%22b%0D%0A.txt");
    }

    #[test]
    fn boundaries_are_long_and_fresh() {
        let a = MultipartBody::new();
        let b = MultipartBody::new();
        assert_ne!(a.content_type(), b.content_type());
        assert!(a.content_type().len() > "multipart/form-data; boundary=".len() + 32);
    }
}

#[cfg(all(test, feature = "tokio"))]
mod streaming_tests {
    use super::*;

    #[test]
    fn a_streamed_body_is_not_collected_synchronously() {
        let path =
            std::env::temp_dir().join(format!("multipart-stream-{}.txt", std::process::id()));
        std::fs::write(&path, "streamed").unwrap();
        let part = FilePart::from_path(&path).unwrap();
        assert_eq!(part.len(), Some(8));
        assert!(part.is_streamed());
        assert_eq!(
            part.file_name(),
            path.file_name().unwrap().to_str().unwrap()
        );
        let mut body = MultipartBody::new();
        body.file("file", part);
        assert!(body.into_bytes().is_err());
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_missing_file_fails_when_the_part_is_made() {
        assert!(FilePart::from_path("/definitely/not/here.txt").is_err());
    }
}
