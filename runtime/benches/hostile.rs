//! What a hostile server can make the client spend, with the bounds of
//! issue #40 in place: memory for a list that never ends, and CPU for the
//! worst rate-limit headers the HTTP stack accepts.
//!
//! ```sh
//! cargo bench -p apigen-runtime --no-default-features --features client --bench hostile
//! ```
//!
//! (Plain HTTP on 127.0.0.1: no TLS backend is needed, nor built.) Each
//! walk runs in its own process (this binary, `--walk ...`), so that its
//! peak RSS (`VmHWM`) is its own. The server serving the pages runs in the
//! same process and holds one page, shared by every answer.

use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

use apigen_runtime::{AccessToken, Client, Error, RateLimitHeaders};
use futures_util::TryStreamExt;

#[path = "../tests/support/mod.rs"]
mod support;

use support::{json, serve, ListItems, Local};

/// `VmHWM` (peak resident set) of this process, in MiB.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

/// A page just under the client's 8 MiB response limit, as the probe sent:
/// 195,081 items of `{"id":"<33 characters>"}` (8,388,506 bytes), and "more"
/// forever.
fn hostile_page() -> String {
    let item = format!(r#"{{"id":"{}"}}"#, "x".repeat(33));
    let items = vec![item; 195_081].join(",");
    format!(r#"{{"items":[{items}],"more":true}}"#)
}

/// One walk, in this process: `items().try_collect()` (the README's
/// collecting pattern) over the endless list, with the default limits or
/// without the byte limit and at most `pages` pages.
fn walk(unbounded_pages: Option<usize>) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let page = bytes::Bytes::from(json(hostile_page()));
        let page_bytes = page.len();
        let server = serve(move |_, _| page.to_vec()).await;
        let before = peak_rss_mib();
        let mut builder = Client::builder(AccessToken::new("t"), Local(server.base.clone()));
        if let Some(pages) = unbounded_pages {
            builder = builder.max_walk_bytes(u64::MAX).max_pages(pages);
        }
        let client = builder.build().unwrap();
        let started = Instant::now();
        let outcome: Result<Vec<support::Item>, Error<support::Documented>> =
            client.items(ListItems::default()).try_collect().await;
        let elapsed = started.elapsed();
        let error = outcome.map(|items| items.len()).unwrap_err();
        // The walk's items are dropped with the error: what was held is
        // the peak, read now.
        let peak = peak_rss_mib();
        println!(
            "{}\t{}\t{:.1}\t{:.1}\t{:.1}\t{}",
            unbounded_pages.map_or("default limits".to_owned(), |p| format!(
                "no byte limit, {p} pages"
            )),
            server.received().len(),
            page_bytes as f64 / (1 << 20) as f64,
            peak - before,
            elapsed.as_secs_f64(),
            error
        );
    });
}

/// The worst rate-limit headers the HTTP stack takes (`lines` lines of
/// about 4,000 bytes of new policy names each; hyper reads at most 100
/// header lines and about 400 KiB), read `rounds` times: the best time per
/// read.
fn headers(lines: usize, rounds: usize) -> (usize, usize, Duration) {
    let mut map = http::HeaderMap::new();
    let mut names = 0;
    let mut bytes = 0;
    for _ in 0..lines {
        let mut line = String::new();
        while line.len() < 3_950 {
            line.push_str(&format!("\"p{names}\";q=9, "));
            names += 1;
        }
        let line = line.trim_end_matches([',', ' ']).to_owned();
        bytes += line.len() + "ratelimit-policy: \r\n".len();
        map.append("ratelimit-policy", line.parse().unwrap());
    }
    let mut best = Duration::MAX;
    for _ in 0..rounds {
        let started = Instant::now();
        let limit = std::hint::black_box(RateLimitHeaders::IETF.read(std::hint::black_box(&map)));
        best = best.min(started.elapsed());
        drop(limit);
    }
    (names, bytes, best)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--walk") {
        let pages = args.get(at + 1).and_then(|p| p.parse().ok());
        walk(pages);
        return;
    }
    let exe = std::env::current_exe().unwrap();
    println!(
        "## An endless list of pages just under 8 MiB, collected with `items().try_collect()`"
    );
    println!("walk\trequests\tpage MiB\tpeak RSS growth MiB\tseconds\tended with");
    for pages in [None, Some(20)] {
        let mut command = Command::new(&exe);
        command.arg("--walk");
        if let Some(pages) = pages {
            command.arg(pages.to_string());
        }
        let output = command.output().unwrap();
        std::io::stdout().write_all(&output.stdout).unwrap();
        std::io::stderr().write_all(&output.stderr).unwrap();
    }
    println!();
    println!("## Rate-limit headers: RateLimitHeaders::IETF.read, best of the rounds");
    println!("lines\tbytes\tpolicy names\tµs per read\tµs per KB");
    for lines in [1, 10, 50, 95] {
        let (names, bytes, best) = headers(lines, 20);
        println!(
            "{lines}\t{bytes}\t{names}\t{:.1}\t{:.2}",
            best.as_secs_f64() * 1e6,
            best.as_secs_f64() * 1e6 / (bytes as f64 / 1000.0)
        );
    }
}
