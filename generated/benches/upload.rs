//! Streaming upload: a large file through the generated HighLevel client to
//! a local multipart server, and the same file with `curl -F`, side by side:
//! throughput and peak resident memory of each client.
//!
//! `cargo bench -p generated --bench upload` (1 GiB; `-- --size-mib 256` for
//! less, `-- --rounds N` for other than 3 rounds). Targets: our client's peak
//! memory independent of the file size (under 64 MiB for 1 GiB), and
//! throughput at least 0.8× curl's.
//!
//! The server runs in a child process (this binary with `--server`), so the
//! memory measured here is the client's alone. The file is written and synced
//! before anything is timed; each round uploads it with both clients, the
//! first client alternating, and the table shows each client's best round.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use generated::highlevel::upload_file_attachments::UploadFileAttachmentsRequest;
use generated::highlevel::{FileType, Server};
use generated::runtime::{AccessToken, Client, FilePart};

/// `VmHWM` of a process, in bytes.
fn peak_rss(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// The child: a multipart server that counts every file byte and answers
/// like HighLevel.
async fn serve() {
    use axum::extract::Multipart;
    async fn upload(mut multipart: Multipart) -> String {
        let mut received = 0u64;
        while let Ok(Some(mut field)) = multipart.next_field().await {
            while let Ok(Some(chunk)) = field.chunk().await {
                received += chunk.len() as u64;
            }
        }
        format!(r#"{{"uploadedFiles":{{"bytes":"{received}"}}}}"#)
    }
    let app = axum::Router::new()
        .route(
            "/conversations/messages/upload",
            axum::routing::post(upload),
        )
        .layer(axum::extract::DefaultBodyLimit::disable());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("{}", listener.local_addr().unwrap());
    std::io::stdout().flush().unwrap();
    axum::serve(listener, app).await.unwrap();
}

fn write_file(path: &std::path::Path, size: u64) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut block = vec![0u8; 1 << 20];
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for chunk in block.chunks_exact_mut(8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        chunk.copy_from_slice(&state.to_le_bytes());
    }
    for _ in 0..size / block.len() as u64 {
        file.write_all(&block).unwrap();
    }
    // On disk before anything is timed: no writeback competes with a client.
    file.into_inner().unwrap().sync_all().unwrap();
}

/// One upload through the generated client: the time it took.
fn upload_ours(
    runtime: &tokio::runtime::Runtime,
    client: &Client<Server>,
    path: &Path,
    size: u64,
) -> Duration {
    let started = Instant::now();
    let uploaded = runtime
        .block_on(
            client.send(
                UploadFileAttachmentsRequest::builder()
                    .conversation_id("c")
                    .contact_id("k")
                    .location_id("l")
                    .attachment_urls(["https://example.com/a.png"])
                    .file_attachment(FileType::Zip, FilePart::from_path(path).unwrap())
                    .build(),
            ),
        )
        .expect("upload");
    let time = started.elapsed();
    let received: u64 = uploaded.uploaded_files["bytes"].parse().unwrap();
    assert!(
        received >= size,
        "the server received {received} of {size} bytes"
    );
    time
}

/// One upload with `curl -F`: the time it took and curl's peak RSS.
fn upload_curl(url: &str, path: &Path) -> (Duration, u64) {
    let started = Instant::now();
    let mut curl = Command::new("curl")
        .args([
            "-sS",
            "-o",
            "/dev/null",
            "-H",
            "Authorization: Bearer bench",
            "-H",
            "Version: 2021-04-15",
        ])
        .args([
            "-F",
            "conversationId=c",
            "-F",
            "locationId=l",
            "-F",
            "attachmentUrls=https://example.com/a.png",
        ])
        .arg("-F")
        .arg(format!(
            "fileAttachment=@{};type=application/zip",
            path.display()
        ))
        .arg(format!("{url}/conversations/messages/upload"))
        .spawn()
        .expect("curl is installed");
    let pid = curl.id().to_string();
    let mut peak = 0;
    loop {
        if let Some(p) = peak_rss(&pid) {
            peak = peak.max(p);
        }
        if let Some(status) = curl.try_wait().unwrap() {
            assert!(status.success(), "curl failed: {status}");
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (started.elapsed(), peak)
}

/// The value after `--name` on the command line.
fn arg(args: &[String], name: &str) -> Option<u64> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--server") {
        tokio::runtime::Runtime::new().unwrap().block_on(serve());
        return;
    }
    let size_mib = arg(&args, "--size-mib").unwrap_or(1024);
    let rounds = arg(&args, "--rounds").unwrap_or(3).max(1);
    let size = size_mib * 1024 * 1024;
    let dir = std::env::temp_dir().join(format!("upload-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("archive.zip");
    write_file(&path, size);

    let mut server = Command::new(std::env::current_exe().unwrap())
        .arg("--server")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the server");
    let mut addr = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut addr)
        .unwrap();
    let url = format!("http://{}", addr.trim());

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::with_timeout(
        AccessToken::new("bench"),
        Server::Custom(url.clone()),
        Duration::from_secs(3600),
    )
    .unwrap();
    let before = peak_rss("self").unwrap();
    let (mut ours_times, mut curl_times, mut curl_peak) = (Vec::new(), Vec::new(), 0);
    for round in 0..rounds {
        let mut curl_round = || {
            let (time, peak) = upload_curl(&url, &path);
            curl_times.push(time);
            curl_peak = curl_peak.max(peak);
        };
        let curl_first = round % 2 == 1;
        if curl_first {
            curl_round();
        }
        ours_times.push(upload_ours(&runtime, &client, &path, size));
        if !curl_first {
            curl_round();
        }
    }
    let ours_peak = peak_rss("self").unwrap();
    let _ = server.kill();
    let _ = server.wait();
    std::fs::remove_dir_all(&dir).unwrap();
    let ours_time = ours_times.iter().min().copied().unwrap();
    let curl_time = curl_times.iter().min().copied().unwrap();
    let secs = |times: &[Duration]| {
        times
            .iter()
            .map(|t| format!("{:.2}", t.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ")
    };

    let rate = |t: Duration| mib(size) / t.as_secs_f64();
    println!(
        "streaming upload of {size_mib} MiB to a local multipart server, best of {rounds} rounds"
    );
    println!("| client | time s | MiB/s | peak RSS MiB |");
    println!("|---|---:|---:|---:|");
    println!(
        "| generated (reqwest) | {:.2} | {:.0} | {:.1} |",
        ours_time.as_secs_f64(),
        rate(ours_time),
        mib(ours_peak)
    );
    println!(
        "| curl -F | {:.2} | {:.0} | {:.1} |",
        curl_time.as_secs_f64(),
        rate(curl_time),
        mib(curl_peak)
    );
    println!();
    println!(
        "rounds, s: generated {}; curl {}",
        secs(&ours_times),
        secs(&curl_times)
    );
    println!(
        "peak RSS before the upload: {:.1} MiB (runtime, file creation)",
        mib(before)
    );
    let ratio = rate(ours_time) / rate(curl_time);
    println!(
        "throughput vs curl: {ratio:.2}× (target >= 0.8: {}); peak memory {:.1} MiB (target < 64: {})",
        if ratio >= 0.8 { "met" } else { "MISSED" },
        mib(ours_peak),
        if mib(ours_peak) < 64.0 { "met" } else { "MISSED" }
    );
}
