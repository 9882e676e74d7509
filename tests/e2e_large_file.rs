//! A large file (256 MiB, made by the test) streamed through the generated
//! client to the local emulator: every byte arrives (SHA-256), and the
//! process's peak memory grows far less than the file's size. Alone in its
//! test binary so that the peak belongs to this upload. Timing is left to
//! the benchmarks.

use std::io::Write;

use generated::highlevel::{self, upload_file_attachments::UploadFileAttachmentsRequest, FileType};
use generated::runtime::{AccessToken, FilePart};
use sha2::{Digest, Sha256};
use tests::emulator::{hex, Emulator};

const SIZE: u64 = 256 * 1024 * 1024;

/// Peak resident memory of this process so far (Linux `VmHWM`), in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status");
    kib * 1024
}

/// Writes `SIZE` bytes of xorshift noise, 1 MiB at a time, and returns their hash.
fn write_noise(path: &std::path::Path) -> String {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut hasher = Sha256::new();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut block = vec![0u8; 1024 * 1024];
    for _ in 0..SIZE / block.len() as u64 {
        for chunk in block.chunks_exact_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            chunk.copy_from_slice(&state.to_le_bytes());
        }
        hasher.update(&block);
        file.write_all(&block).unwrap();
    }
    file.flush().unwrap();
    hex(&hasher.finalize())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_file_streams_with_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archive.zip");
    let expected = write_noise(&path);
    let emulator = Emulator::start().await;
    let client = generated::runtime::Client::with_timeout(
        AccessToken::new("pit-token"),
        highlevel::Server::Custom(emulator.base_url.clone()),
        std::time::Duration::from_secs(600),
    )
    .unwrap();

    let before = peak_rss();
    let file = FilePart::from_path(&path).unwrap();
    assert_eq!(file.len(), Some(SIZE));
    let uploaded = client
        .send(
            UploadFileAttachmentsRequest::builder()
                .conversation_id("c")
                .contact_id("k")
                .location_id("l")
                .attachment_urls(["https://example.com/a.png"])
                .file_attachment(FileType::Zip, file)
                .build(),
        )
        .await
        .unwrap();
    let growth = peak_rss().saturating_sub(before);

    let part = emulator.received()[0]
        .parts
        .iter()
        .find(|p| p.name == "fileAttachment")
        .cloned()
        .unwrap();
    assert_eq!(part.len, SIZE, "every byte arrived");
    assert_eq!(part.sha256, expected, "the bytes arrived intact");
    assert_eq!(
        uploaded.uploaded_files["archive.zip"],
        format!("https://storage.example/{expected}")
    );
    // Client and emulator share this process; both stream, so the peak stays
    // a small fraction of the 256 MiB file.
    assert!(
        growth < 64 * 1024 * 1024,
        "peak memory grew by {} MiB",
        growth / (1024 * 1024)
    );
}
