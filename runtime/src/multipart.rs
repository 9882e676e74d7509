use std::borrow::Cow;
use std::pin::Pin;

use bytes::Bytes;
use futures_util::{Stream, TryStreamExt};
use mpart_async::client::MultipartRequest;
use rand::{distributions::Alphanumeric, Rng};

/// A file's content as it is sent: chunks read while the body streams.
type ByteStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send + Sync>>;

/// How much of a streamed file is read, and sent, at a time.
const CHUNK: usize = 256 * 1024;

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
    Stream {
        chunks: ByteStream,
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
        use futures_util::AsyncReadExt;
        // One buffer for every read; each chunk is a copy of exactly what was
        // read, so small reads never pin a 256 KiB buffer each while queued.
        let state = (reader, vec![0; CHUNK]);
        let chunks = futures_util::stream::try_unfold(state, |(mut reader, mut buf)| async move {
            let read = reader.read(&mut buf).await?;
            let chunk = Bytes::copy_from_slice(&buf[..read]);
            Ok((read > 0).then_some((chunk, (reader, buf))))
        });
        Self::streamed(file_name.into(), Box::pin(chunks), None)
    }

    /// A file read from a tokio async reader while the body is sent.
    #[cfg(feature = "tokio")]
    pub fn from_tokio_read(
        file_name: impl Into<String>,
        reader: impl tokio::io::AsyncRead + Send + Sync + Unpin + 'static,
    ) -> Self {
        let chunks = tokio_util::io::ReaderStream::with_capacity(reader, CHUNK);
        Self::streamed(file_name.into(), Box::pin(chunks), None)
    }

    /// A file on disk, streamed while the body is sent. The file is opened
    /// now, so a missing file is an error here rather than mid-request; its
    /// name (the last path component) becomes the part's file name, and its
    /// size lets the request carry a `Content-Length`.
    ///
    /// The body must be sent from within a tokio runtime.
    #[cfg(feature = "tokio")]
    pub fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_owned());
        let chunks =
            tokio_util::io::ReaderStream::with_capacity(tokio::fs::File::from_std(file), CHUNK);
        Ok(Self::streamed(
            file_name,
            exactly(Box::pin(chunks), len),
            Some(len),
        ))
    }

    fn streamed(file_name: String, chunks: ByteStream, len: Option<u64>) -> Self {
        Self::new(file_name, FileSource::Stream { chunks, len })
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

    /// The part as a file of a vendor-defined type: `content_type` labels it,
    /// and its name must end with one of the type's `extensions` (any case),
    /// so that the vendor never receives a name and a type that disagree
    /// (`evil.exe` sent as `application/pdf`).
    pub fn typed(
        self,
        content_type: &str,
        extensions: &'static [&'static str],
    ) -> Result<Self, crate::RequestError> {
        let extension = std::path::Path::new(&self.file_name)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        if !extensions.iter().any(|e| e.eq_ignore_ascii_case(extension)) {
            return Err(crate::RequestError::FileTypeMismatch {
                file_name: self.file_name,
                extensions,
            });
        }
        Ok(self.with_content_type_str(content_type))
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
            FileSource::Stream { len, .. } => *len,
        }
    }

    /// True for a file known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The content, for a file held in memory (`None` for a streamed one).
    pub fn bytes(&self) -> Option<&Bytes> {
        match &self.source {
            FileSource::Bytes(b) => Some(b),
            FileSource::Stream { .. } => None,
        }
    }

    /// The content as a stream of chunks of at most 256 KiB (a file in
    /// memory is sliced, not copied).
    #[cfg(feature = "client")]
    pub(crate) fn into_chunks(self) -> ByteStream {
        match self.source {
            FileSource::Bytes(data) => {
                let slices = (0..data.len())
                    .step_by(CHUNK)
                    .map(move |at| Ok(data.slice(at..(at + CHUNK).min(data.len()))))
                    .collect::<Vec<_>>();
                Box::pin(futures_util::stream::iter(slices))
            }
            FileSource::Stream { chunks, .. } => chunks,
        }
    }

    /// True when the content is streamed rather than held in memory.
    pub fn is_streamed(&self) -> bool {
        matches!(self.source, FileSource::Stream { .. })
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

/// The chunks of a file whose size was taken when it was opened (and sent
/// as part of the `Content-Length`): an error instead of the chunk that
/// makes it longer, or at an end that comes short. Sending a file that
/// changed meanwhile fails rather than arriving cut or overlong.
#[cfg(feature = "tokio")]
fn exactly(chunks: ByteStream, len: u64) -> ByteStream {
    use futures_util::StreamExt;
    let state = (chunks, 0u64, false);
    Box::pin(futures_util::stream::unfold(
        state,
        move |(mut chunks, sent, done)| async move {
            if done {
                return None;
            }
            let item = match chunks.next().await {
                Some(Ok(chunk)) if sent + chunk.len() as u64 > len => Err(std::io::Error::other(
                    format!("the file grew while it was sent: it had {len} bytes when opened"),
                )),
                Some(Ok(chunk)) => {
                    let sent = sent + chunk.len() as u64;
                    return Some((Ok(chunk), (chunks, sent, false)));
                }
                Some(Err(e)) => Err(e),
                None if sent < len => Err(std::io::Error::other(format!(
                    "the file shrank while it was sent: {sent} of the {len} bytes it had when opened"
                ))),
                None => return None,
            };
            Some((item, (chunks, sent, true)))
        },
    ))
}

/// Escapes a file name for a quoted `Content-Disposition` parameter as
/// browsers do (WHATWG HTML, "multipart/form-data encoding algorithm": `"`,
/// CR and LF percent-encoded), and also `\` and every other control
/// character: parsers read `\"` as an escaped quote (werkzeug then takes a
/// name ending in `\` for a text field, busboy drops the part), and aiohttp
/// and busboy refuse a whole body whose part headers hold NUL or ESC.
/// Whether a quoted `Content-Disposition` parameter percent-encodes `c`
/// (see [`quoted_file_name`]).
fn escaped(c: char) -> bool {
    matches!(c, '"' | '\\' | '\u{0}'..='\u{1f}' | '\u{7f}')
}

/// A part's name as sent: escaped as a file name is (names from a spec are
/// left as they are; a caller's may hold anything).
fn part_name(name: Cow<'static, str>) -> Cow<'static, str> {
    if name.chars().any(escaped) {
        Cow::Owned(quoted_file_name(&name))
    } else {
        name
    }
}

fn quoted_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if escaped(c) {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Adds a file part to `request`: its headers, then `chunks` as its content.
/// The one place a file part's headers are written, so that
/// [`MultipartBody::content_length`] counts exactly what
/// [`MultipartBody::into_stream`] sends.
fn add_file(
    request: &mut MultipartRequest<ByteStream>,
    name: &str,
    file_name: &str,
    content_type: &mime::Mime,
    chunks: ByteStream,
) {
    let file_name = quoted_file_name(file_name);
    request.add_stream(name, file_name.as_str(), content_type.as_ref(), chunks);
}

/// A multipart/form-data body, encoded as it streams (RFC 7578, by
/// `mpart-async`): text fields and files in the order they were added. A
/// streamed file's chunks are sent as they are read, 256 KiB at a time;
/// nothing holds more than a chunk.
pub struct MultipartBody {
    boundary: String,
    content_type: String,
    parts: Vec<Part>,
}

/// One part of a [`MultipartBody`].
struct Part {
    /// As sent: escaped like a file name (see [`part_name`]).
    name: Cow<'static, str>,
    value: PartValue,
}

enum PartValue {
    Text(String),
    File(FilePart),
}

impl Default for MultipartBody {
    fn default() -> Self {
        // 32 random alphanumerics: long enough that no file content collides with it.
        let random: String = rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .take(32)
            .map(char::from)
            .collect();
        let boundary = format!("----apigen-{random}");
        MultipartBody {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            boundary,
            parts: Vec::new(),
        }
    }
}

impl MultipartBody {
    /// An empty body with a fresh random boundary.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(&mut self, name: impl Into<Cow<'static, str>>, value: String) {
        self.parts.push(Part {
            name: part_name(name.into()),
            value: PartValue::Text(value),
        });
    }

    /// Adds a text field holding a parameter's wire value.
    pub fn field(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        value: &(impl crate::WireValue + ?Sized),
    ) {
        self.text(name, value.to_wire());
    }

    /// Adds a file part. Its name may be the caller's (an input whose
    /// parts are named per request): `"`, `\\` and control characters are
    /// escaped as in file names, so no name can end the header it is in.
    pub fn file(&mut self, name: impl Into<Cow<'static, str>>, file: FilePart) {
        self.parts.push(Part {
            name: part_name(name.into()),
            value: PartValue::File(file),
        });
    }

    /// The `Content-Type` header value, with the boundary.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// Whether no part was added: a body that is not required is then not
    /// sent at all.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The names of the parts, in the order they are sent.
    pub fn part_names(&self) -> Vec<&str> {
        self.parts.iter().map(|p| p.name.as_ref()).collect()
    }

    /// The encoded body's length in bytes, when every file's size is known
    /// (in memory, or a file on disk): the request's `Content-Length`, so that
    /// it is not sent in chunked transfer encoding (which some servers refuse).
    pub fn content_length(&self) -> Option<u64> {
        let mut files = 0;
        let mut framing = MultipartRequest::<ByteStream>::new(self.boundary.as_str());
        for part in &self.parts {
            match &part.value {
                PartValue::Text(text) => framing.add_field(part.name.as_ref(), text.as_str()),
                PartValue::File(file) => {
                    files += file.len()?;
                    let empty = Box::pin(futures_util::stream::empty());
                    add_file(
                        &mut framing,
                        &part.name,
                        &file.file_name,
                        &file.content_type,
                        empty,
                    );
                }
            }
        }
        // Every stream is empty, so nothing here waits.
        let framing = futures_executor::block_on(framing.try_fold(0, |total, chunk| async move {
            Ok(total + chunk.len() as u64)
        }))
        .ok()?;
        Some(framing + files)
    }

    /// The encoded body as a stream of chunks, for streaming HTTP clients.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
        let mut request = MultipartRequest::<ByteStream>::new(self.boundary);
        for part in self.parts {
            match part.value {
                PartValue::Text(text) => request.add_field(part.name.into_owned(), text),
                PartValue::File(FilePart {
                    file_name,
                    content_type,
                    source,
                }) => {
                    let chunks = match source {
                        // Slices of at most a chunk (no copy), like a file read from
                        // disk: the connection takes them as it has room, and a client
                        // watching for progress sees each one go.
                        FileSource::Bytes(data) => {
                            let slices = (0..data.len())
                                .step_by(CHUNK)
                                .map(move |at| Ok(data.slice(at..(at + CHUNK).min(data.len()))))
                                .collect::<Vec<_>>();
                            Box::pin(futures_util::stream::iter(slices)) as ByteStream
                        }
                        FileSource::Stream { chunks, .. } => chunks,
                    };
                    add_file(&mut request, &part.name, &file_name, &content_type, chunks);
                }
            }
        }
        request
    }

    /// A copy with the same boundary, when no part is streamed.
    pub fn try_clone(&self) -> Option<MultipartBody> {
        let parts = self
            .parts
            .iter()
            .map(|part| {
                let value = match &part.value {
                    PartValue::Text(text) => PartValue::Text(text.clone()),
                    PartValue::File(file) => match &file.source {
                        FileSource::Bytes(data) => PartValue::File(FilePart {
                            file_name: file.file_name.clone(),
                            content_type: file.content_type.clone(),
                            source: FileSource::Bytes(data.clone()),
                        }),
                        FileSource::Stream { .. } => return None,
                    },
                };
                Some(Part {
                    name: part.name.clone(),
                    value,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(MultipartBody {
            boundary: self.boundary.clone(),
            content_type: self.content_type.clone(),
            parts,
        })
    }

    /// True when a part is streamed (see [`FilePart::is_streamed`]).
    pub fn is_streamed(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(&p.value, PartValue::File(f) if f.is_streamed()))
    }

    /// The whole encoded body in memory, for bodies whose parts are all in
    /// memory; a body with a streamed part is refused (use
    /// [`MultipartBody::into_stream`]), since reading it may need an async runtime.
    pub fn into_bytes(self) -> Result<Bytes, std::io::Error> {
        if self.is_streamed() {
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
            .field("parts", &self.part_names())
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
    /// A body held in memory: JSON, form-urlencoded.
    Bytes(Bytes),
    /// A file sent as the whole body (`application/octet-stream` and the
    /// like), streamed like a file part.
    File(FilePart),
}

impl RequestBody {
    /// A copy to send again, when every part is in memory; `None` for a body
    /// with a streamed file, which can be read only once.
    pub fn try_clone(&self) -> Option<RequestBody> {
        match self {
            RequestBody::Empty => Some(RequestBody::Empty),
            RequestBody::Multipart(m) => m.try_clone().map(RequestBody::Multipart),
            RequestBody::Bytes(b) => Some(RequestBody::Bytes(b.clone())),
            RequestBody::File(f) => f.bytes().map(|b| {
                RequestBody::File(
                    FilePart::from_bytes(f.file_name.clone(), b.clone())
                        .with_content_type(f.content_type.clone()),
                )
            }),
        }
    }

    /// The whole body in memory (empty for [`RequestBody::Empty`]).
    pub fn into_bytes(self) -> Result<Bytes, std::io::Error> {
        match self {
            RequestBody::Empty => Ok(Bytes::new()),
            RequestBody::Multipart(m) => m.into_bytes(),
            RequestBody::Bytes(b) => Ok(b),
            RequestBody::File(f) => match f.source {
                FileSource::Bytes(b) => Ok(b),
                FileSource::Stream { .. } => Err(std::io::Error::other(
                    "the body is a streamed file; send it as a stream",
                )),
            },
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
    fn bodies_in_memory_can_be_sent_again_byte_for_byte() {
        let mut body = MultipartBody::new();
        body.text("a", "1".into());
        body.file("f", FilePart::from_bytes("f.txt", "data"));
        let copy = body.try_clone().expect("every part is in memory");
        assert_eq!(copy.into_bytes().unwrap(), body.into_bytes().unwrap());
        let mut streamed = MultipartBody::new();
        streamed.file(
            "f",
            FilePart::from_async_read("f.txt", futures_util::io::Cursor::new(b"x".to_vec())),
        );
        assert!(streamed.try_clone().is_none());
        assert!(RequestBody::Multipart(streamed).try_clone().is_none());
    }

    #[test]
    fn file_names_are_escaped_like_browsers_do() {
        assert_eq!(quoted_file_name("a\"b\r\n.txt"), "a%22b%0D%0A.txt");
        assert_eq!(quoted_file_name("evil\\"), "evil%5C");
        assert_eq!(
            quoted_file_name("a\u{0}b\u{1b}c\td\u{7f}"),
            "a%00b%1Bc%09d%7F"
        );
        assert_eq!(quoted_file_name("naïve 名前.txt"), "naïve 名前.txt");
    }

    #[test]
    fn the_content_length_is_the_encoded_length() {
        let mut body = MultipartBody::new();
        body.text("title", "Q3 \"report\"".to_owned());
        body.file("file", FilePart::from_bytes("a\"b.pdf", vec![7u8; 3000]));
        body.text("empty", String::new());
        body.file("none", FilePart::from_bytes("empty.txt", Bytes::new()));
        let length = body.content_length();
        let encoded = body.into_bytes().unwrap();
        assert_eq!(length, Some(encoded.len() as u64));
        assert!(encoded.ends_with(b"--\r\n"));
    }

    #[test]
    fn a_file_of_unknown_size_has_no_content_length() {
        let mut body = MultipartBody::new();
        body.text("title", "x".to_owned());
        assert!(body.content_length().is_some());
        let reader = futures_util::io::Cursor::new(vec![1u8; 10]);
        body.file("file", FilePart::from_async_read("a.bin", reader));
        assert_eq!(body.content_length(), None);
    }

    #[test]
    fn an_async_reader_is_sent_whole_in_chunks_of_at_most_256_kib() {
        let data: Vec<u8> = (0..600_000u32).map(|i| (i % 251) as u8).collect();
        let mut body = MultipartBody::new();
        body.file(
            "file",
            FilePart::from_async_read("a.bin", futures_util::io::Cursor::new(data.clone())),
        );
        let chunks: Vec<Bytes> =
            futures_executor::block_on(body.into_stream().try_collect()).unwrap();
        assert!(chunks.iter().all(|c| c.len() <= CHUNK));
        let encoded = chunks.concat();
        assert!(encoded.windows(data.len()).any(|w| w == data.as_slice()));
    }

    /// Reads at most 1 KiB at a time, like a slow socket.
    struct Trickle(futures_util::io::Cursor<Vec<u8>>);

    impl futures_io::AsyncRead for Trickle {
        fn poll_read(
            mut self: Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
            buf: &mut [u8],
        ) -> std::task::Poll<std::io::Result<usize>> {
            let len = buf.len().min(1024);
            Pin::new(&mut self.0).poll_read(cx, &mut buf[..len])
        }
    }

    #[test]
    fn small_reads_make_small_chunks() {
        let mut body = MultipartBody::new();
        let reader = Trickle(futures_util::io::Cursor::new(vec![9u8; 10_000]));
        body.file("file", FilePart::from_async_read("a.bin", reader));
        let chunks: Vec<Bytes> =
            futures_executor::block_on(body.into_stream().try_collect()).unwrap();
        let content: Vec<Bytes> = chunks
            .into_iter()
            .filter(|c| c.iter().all(|b| *b == 9))
            .collect();
        assert_eq!(content.len(), 10);
        // Each chunk owns only its bytes (a chunk handed back whole keeps its
        // allocation): a queue of them holds no more than their length.
        let held: usize = content.into_iter().map(|c| Vec::from(c).capacity()).sum();
        assert!(held <= 10_240, "{held}");
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

    #[tokio::test]
    async fn a_file_on_disk_streams_with_its_content_length() {
        let path = std::env::temp_dir().join(format!("multipart-len-{}.bin", std::process::id()));
        std::fs::write(&path, vec![3u8; 700_000]).unwrap();
        let mut body = MultipartBody::new();
        body.text("id", "42".to_owned());
        body.file("file", FilePart::from_path(&path).unwrap());
        let length = body
            .content_length()
            .expect("a file on disk has a known size");
        let chunks: Vec<Bytes> = body.into_stream().try_collect().await.unwrap();
        assert_eq!(chunks.iter().map(|c| c.len() as u64).sum::<u64>(), length);
        assert!(chunks.iter().all(|c| c.len() <= CHUNK));
        std::fs::remove_file(path).unwrap();
    }

    #[tokio::test]
    async fn a_file_whose_size_changes_after_opening_fails_the_body() {
        let path = std::env::temp_dir().join(format!("apigen-size-{}", std::process::id()));
        let body_of = |part: FilePart| {
            let mut body = MultipartBody::new();
            body.file("f", part);
            body.into_stream().try_collect::<Vec<Bytes>>()
        };
        std::fs::write(&path, [b'a'; 1000]).unwrap();
        let part = FilePart::from_path(&path).unwrap();
        std::fs::write(&path, [b'a'; 3000]).unwrap();
        let err = body_of(part).await.unwrap_err();
        assert!(err.to_string().contains("grew"), "{err}");

        std::fs::write(&path, [b'a'; 1000]).unwrap();
        let part = FilePart::from_path(&path).unwrap();
        std::fs::write(&path, [b'a'; 10]).unwrap();
        let err = body_of(part).await.unwrap_err();
        assert!(err.to_string().contains("shrank"), "{err}");

        std::fs::write(&path, [b'a'; 1000]).unwrap();
        let part = FilePart::from_path(&path).unwrap();
        let sent: usize = body_of(part).await.unwrap().iter().map(Bytes::len).sum();
        assert!(sent > 1000);
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_missing_file_fails_when_the_part_is_made() {
        assert!(FilePart::from_path("/definitely/not/here.txt").is_err());
    }
}
