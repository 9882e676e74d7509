//! `apigen fetch pages` against a small documentation site served on
//! 127.0.0.1 by this test (nothing reaches the internet): a menu, a page
//! that changes between runs, ETag and Last-Modified revalidation (304), a
//! redirect on the host and one off it, a redirect loop, two oversized
//! pages, a robots.txt rule and a missing page.
#![cfg(feature = "fetch")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::ops::ControlFlow;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apigen_codegen::fetch::{
    fetch_pages, fetch_pages_with, FetchOptions, LinkFilter, Manifest, Outcome, PageError, Source,
};
use url::Url;

/// One request the site answered.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: Vec<(String, String)>,
    status: u16,
    at: Instant,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The site: its version (the beta page changes from 1 to 2) and every
/// request it saw.
struct Site {
    port: u16,
    version: AtomicU32,
    seen: Mutex<Vec<Seen>>,
}

impl Site {
    fn start() -> Arc<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let site = Arc::new(Self {
            port: listener.local_addr().unwrap().port(),
            version: AtomicU32::new(1),
            seen: Mutex::new(Vec::new()),
        });
        let server = Arc::clone(&site);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                // One connection at a time: the fetcher sends one request
                // at a time anyway.
                let _ = server.serve(stream);
            }
        });
        site
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn forget(&self) {
        self.seen.lock().unwrap().clear();
    }

    fn requests_for(&self, path: &str) -> Vec<Seen> {
        self.seen().into_iter().filter(|s| s.path == path).collect()
    }

    fn serve(&self, stream: TcpStream) -> std::io::Result<()> {
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            reader.read_line(&mut h)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((n, v)) = h.split_once(':') {
                headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
            }
        }
        let request = Seen {
            path,
            headers,
            status: 0,
            at: Instant::now(),
        };
        let (status, extra, body, length) = self.answer(&request);
        self.seen.lock().unwrap().push(Seen { status, ..request });
        let mut head = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
        for (n, v) in extra {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        if length {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        let mut stream = stream;
        stream.write_all(head.as_bytes())?;
        // The client may stop reading an oversized body: a broken pipe here
        // is what the test wants.
        for chunk in body.chunks(4096) {
            stream.write_all(chunk)?;
        }
        stream.flush()?;
        // Let the client see the end of the body (no Content-Length: the
        // close ends it).
        stream.shutdown(std::net::Shutdown::Write)?;
        let _ = reader.read(&mut [0; 16]);
        Ok(())
    }

    /// Status, headers, body, and whether to send a Content-Length.
    fn answer(&self, r: &Seen) -> (u16, Vec<(&'static str, String)>, Vec<u8>, bool) {
        let v = self.version.load(Ordering::SeqCst);
        let html = |ct: &'static str| vec![("Content-Type", ct.to_owned())];
        let etagged = |etag: String, body: Vec<u8>| {
            if r.header("if-none-match") == Some(etag.as_str()) {
                (304, vec![("ETag", etag)], Vec::new(), true)
            } else {
                let mut h = html("text/html; charset=utf-8");
                h.push(("ETag", etag));
                (200, h, body, true)
            }
        };
        match r.path.as_str() {
            "/robots.txt" => (
                200,
                html("text/plain"),
                b"User-agent: *\nDisallow: /docs/api/secret\n".to_vec(),
                true,
            ),
            "/docs/menu.html" => (200, html("text/html"), menu().into_bytes(), true),
            // Bytes a decoder would change: CRLF, a byte that is not UTF-8.
            "/docs/api/alpha.html" => etagged("\"alpha-1\"".into(), ALPHA.to_vec()),
            "/docs/api/beta.html" => etagged(
                format!("\"beta-{v}\""),
                format!("<html><body><h1>Beta</h1><p>version {v}</p></body></html>").into_bytes(),
            ),
            "/docs/api/gamma.html" => {
                let lm = "Tue, 01 Apr 2025 10:00:00 GMT";
                if r.header("if-modified-since") == Some(lm) {
                    (304, vec![], Vec::new(), true)
                } else {
                    let mut h = html("text/html");
                    h.push(("Last-Modified", lm.to_owned()));
                    (200, h, b"<html><body>Gamma</body></html>".to_vec(), true)
                }
            }
            "/docs/api/moved.html" => (
                301,
                vec![("Location", "/docs/api/delta.html".to_owned())],
                Vec::new(),
                true,
            ),
            "/docs/api/delta.html" => etagged("\"delta-1\"".into(), b"<p>Delta</p>".to_vec()),
            // Another host name for the same server: off the documentation host.
            "/docs/api/away.html" => (
                302,
                vec![(
                    "Location",
                    format!("http://localhost:{}/docs/api/away.html", self.port),
                )],
                Vec::new(),
                true,
            ),
            "/docs/api/loop.html" => (
                302,
                vec![("Location", "/docs/api/loop.html".to_owned())],
                Vec::new(),
                true,
            ),
            // 64 KiB, its size not declared: only reading tells.
            "/docs/api/huge.html" => (200, html("text/html"), vec![b'x'; 64 * 1024], false),
            // 64 KiB, declared.
            "/docs/api/big.html" => (200, html("text/html"), vec![b'y'; 64 * 1024], true),
            "/docs/api/secret.html" => (200, html("text/html"), b"secret".to_vec(), true),
            "/docs/api/v2/alpha.html" => {
                etagged("\"v2-alpha-1\"".into(), b"<p>v2 alpha</p>".to_vec())
            }
            "/docs/api/plain.html" => (200, html("text/html"), b"<p>plain</p>".to_vec(), true),
            _ => (404, html("text/html"), b"not found".to_vec(), true),
        }
    }
}

const ALPHA: &[u8] =
    b"<!doctype html>\r\n<html><body><h1>Alpha</h1>\r\n<p>caf\xe9</p></body></html>\r\n";

fn menu() -> String {
    r#"<!doctype html><html><head><title>API reference</title></head><body>
    <nav class="menu"><ul>
      <li><a href="api/alpha.html">Alpha</a></li>
      <li><a href="api/alpha.html#request">Alpha, request</a></li>
      <li><a href="/docs/api/beta.html">Beta</a></li>
      <li><a href="api/gamma.html">Gamma</a></li>
      <li><a href="api/moved.html">Moved</a></li>
      <li><a href="api/away.html">Away</a></li>
      <li><a href="api/loop.html">Loop</a></li>
      <li><a href="api/huge.html">Huge</a></li>
      <li><a href="api/big.html">Big</a></li>
      <li><a href="api/secret.html">Secret</a></li>
      <li><a href="api/missing.html">Missing</a></li>
      <li><a href="api/v2/alpha.html">Alpha v2</a></li>
    </ul></nav>
    <footer><a href="/blog/post.html">Blog</a> <a href="http://other.invalid/x.html">Other</a>
      <a href="mailto:docs@example.com">Mail</a></footer>
    </body></html>"#
        .to_owned()
}

fn temp(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("apigen-fetch-{name}-"))
        .tempdir()
        .unwrap()
}

fn options(site: &Site, out: &Path) -> FetchOptions {
    let source = Source::Menu {
        url: Url::parse(&site.url("/docs/menu.html")).unwrap(),
        filter: LinkFilter {
            prefix: Some(site.url("/docs/api/")),
            pattern: None,
        },
    };
    let mut o = FetchOptions::new(source, out);
    o.delay = Duration::ZERO;
    o.max_page_bytes = 4096;
    o.timeout = Duration::from_secs(10);
    o
}

fn words(report: &apigen_codegen::fetch::FetchReport, word: &str) -> Vec<String> {
    report
        .with(word)
        .iter()
        .map(|p| p.url.rsplit_once("/docs/api/").unwrap().1.to_owned())
        .collect()
}

#[test]
fn first_run_saves_the_pages_and_the_second_downloads_only_the_changed_one() {
    let site = Site::start();
    let dir = temp("runs");
    let out = dir.path();

    // First run.
    let report = fetch_pages(&options(&site, out)).unwrap();
    assert!(report.finished && !report.resumed_run, "{report:#?}");
    assert_eq!(
        words(&report, "new"),
        [
            "alpha.html",
            "beta.html",
            "gamma.html",
            "moved.html",
            "v2/alpha.html"
        ]
    );
    assert_eq!(
        words(&report, "skipped"),
        [
            "away.html",
            "loop.html",
            "huge.html",
            "big.html",
            "secret.html"
        ]
    );
    assert_eq!(words(&report, "failed"), ["missing.html"]);
    let reason = |name: &str| {
        let page = report.pages.iter().find(|p| p.url.ends_with(name)).unwrap();
        match &page.outcome {
            Outcome::Skipped { reason } | Outcome::Failed { reason } => reason.clone(),
            other => panic!("{name}: {other:?}"),
        }
    };
    assert_eq!(
        reason("/away.html"),
        PageError::OffHostRedirect {
            to: format!("http://localhost:{}/docs/api/away.html", site.port)
        }
    );
    assert_eq!(
        reason("/loop.html"),
        PageError::TooManyRedirects { limit: 5 }
    );
    assert_eq!(
        reason("/huge.html"),
        PageError::TooLarge {
            limit: 4096,
            declared: None
        }
    );
    assert_eq!(
        reason("/big.html"),
        PageError::TooLarge {
            limit: 4096,
            declared: Some(64 * 1024)
        }
    );
    assert!(matches!(
        reason("/secret.html"),
        PageError::RobotsDisallowed { .. }
    ));
    assert_eq!(reason("/missing.html"), PageError::Status { status: 404 });
    // The text report names each page that is not unchanged.
    let text = report.render_text();
    assert!(
        text.contains("redirected off the documentation host"),
        "{text}"
    );
    assert!(text.contains("disallowed by http://127.0.0.1"), "{text}");
    assert!(
        text.ends_with(
            "11 pages: 5 new, 0 changed, 0 unchanged, 5 skipped, 1 failed (18 requests)\n"
        ),
        "{text}"
    );

    // Saved as served, under names from the URL path below /docs/api/.
    let mut files: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ".apigen-fetch.json",
            "alpha.html",
            "beta.html",
            "gamma.html",
            "moved.html",
            "v2_alpha.html"
        ]
    );
    assert_eq!(std::fs::read(out.join("alpha.html")).unwrap(), ALPHA);
    assert_eq!(
        std::fs::read(out.join("moved.html")).unwrap(),
        b"<p>Delta</p>"
    );
    let manifest = Manifest::load(out).unwrap();
    assert!(manifest.run.is_none());
    let alpha = &manifest.pages[&site.url("/docs/api/alpha.html")];
    assert_eq!(alpha.etag.as_deref(), Some("\"alpha-1\""));
    assert_eq!(alpha.size, ALPHA.len() as u64);
    assert_eq!(alpha.sha256.len(), 64);
    assert_eq!(
        manifest.pages[&site.url("/docs/api/moved.html")]
            .final_url
            .as_deref(),
        Some(site.url("/docs/api/delta.html").as_str())
    );
    assert_eq!(
        manifest.pages[&site.url("/docs/api/gamma.html")]
            .last_modified
            .as_deref(),
        Some("Tue, 01 Apr 2025 10:00:00 GMT")
    );

    // Polite: robots.txt read once, the disallowed page never requested,
    // nothing requested off the filter, a User-Agent naming the tool.
    let seen = site.seen();
    assert_eq!(site.requests_for("/robots.txt").len(), 1);
    assert_eq!(seen[0].path, "/robots.txt");
    assert!(site.requests_for("/docs/api/secret.html").is_empty());
    assert!(site.requests_for("/blog/post.html").is_empty());
    assert_eq!(report.requests, seen.len());
    let ua = concat!("apigen/", env!("CARGO_PKG_VERSION"));
    assert!(
        seen.iter()
            .all(|s| s.header("user-agent").is_some_and(|u| u.starts_with(ua))),
        "{seen:#?}"
    );
    // A first run has nothing to revalidate.
    assert!(seen.iter().all(|s| s.header("if-none-match").is_none()));

    let modified = |name: &str| {
        std::fs::metadata(out.join(name))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before = modified("alpha.html");

    // Second run: the beta page has changed.
    site.version.store(2, Ordering::SeqCst);
    site.forget();
    let report = fetch_pages(&options(&site, out)).unwrap();
    assert_eq!(words(&report, "changed"), ["beta.html"]);
    assert!(words(&report, "new").is_empty());
    assert_eq!(
        words(&report, "unchanged"),
        ["alpha.html", "gamma.html", "moved.html", "v2/alpha.html"]
    );
    assert!(report
        .with("unchanged")
        .iter()
        .all(|p| p.outcome == Outcome::Unchanged { not_modified: true }));
    assert!(
        report.render_text().contains(&format!(
            "changed   beta.html ({})",
            site.url("/docs/api/beta.html")
        )),
        "{}",
        report.render_text()
    );

    // Conditional requests, from the manifest's validators.
    let header_of = |path: &str, name: &str| {
        site.requests_for(path)
            .last()
            .and_then(|s| s.header(name).map(str::to_owned))
    };
    assert_eq!(
        header_of("/docs/api/alpha.html", "if-none-match").as_deref(),
        Some("\"alpha-1\"")
    );
    assert_eq!(
        header_of("/docs/api/beta.html", "if-none-match").as_deref(),
        Some("\"beta-1\"")
    );
    assert_eq!(
        header_of("/docs/api/delta.html", "if-none-match").as_deref(),
        Some("\"delta-1\"")
    );
    assert_eq!(
        header_of("/docs/api/gamma.html", "if-modified-since").as_deref(),
        Some("Tue, 01 Apr 2025 10:00:00 GMT")
    );
    // Nothing unchanged was downloaded: of the saved pages, only beta
    // answered with a body.
    let saved = [
        "/docs/api/alpha.html",
        "/docs/api/beta.html",
        "/docs/api/gamma.html",
        "/docs/api/delta.html",
        "/docs/api/v2/alpha.html",
    ];
    let bodies: Vec<String> = site
        .seen()
        .into_iter()
        .filter(|s| saved.contains(&s.path.as_str()) && s.status == 200)
        .map(|s| s.path)
        .collect();
    assert_eq!(bodies, ["/docs/api/beta.html"]);
    assert_eq!(
        std::fs::read_to_string(out.join("beta.html")).unwrap(),
        "<html><body><h1>Beta</h1><p>version 2</p></body></html>"
    );
    assert_eq!(
        modified("alpha.html"),
        before,
        "an unchanged file is not rewritten"
    );
    let manifest = Manifest::load(out).unwrap();
    assert_eq!(
        manifest.pages[&site.url("/docs/api/beta.html")]
            .etag
            .as_deref(),
        Some("\"beta-2\"")
    );
}

#[test]
fn an_interrupted_run_resumes_without_requesting_its_done_pages_again() {
    let site = Site::start();
    let dir = temp("resume");
    let out = dir.path();

    // The run stops after its third page, as an interruption would.
    let mut count = 0;
    let report = fetch_pages_with(&options(&site, out), |_| {
        count += 1;
        if count == 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .unwrap();
    assert!(!report.finished);
    assert_eq!(report.pages.len(), 3);
    let manifest = Manifest::load(out).unwrap();
    let run = manifest.run.as_ref().expect("the unfinished run is kept");
    assert_eq!(run.urls.len(), 11);
    assert_eq!(run.done.len(), 3);
    assert_eq!(manifest.pages.len(), 3);

    // Resumed: the menu is not read again, the done pages not requested.
    site.forget();
    let report = fetch_pages(&options(&site, out)).unwrap();
    assert!(report.finished && report.resumed_run);
    let resumed: Vec<&str> = report
        .pages
        .iter()
        .filter(|p| p.resumed)
        .map(|p| p.url.as_str())
        .collect();
    let first_three = [
        site.url("/docs/api/alpha.html"),
        site.url("/docs/api/beta.html"),
        site.url("/docs/api/gamma.html"),
    ];
    assert_eq!(resumed, first_three);
    assert!(report.pages[..3].iter().all(|p| p.outcome == Outcome::New));
    assert!(site.requests_for("/docs/menu.html").is_empty());
    for path in [
        "/docs/api/alpha.html",
        "/docs/api/beta.html",
        "/docs/api/gamma.html",
    ] {
        assert!(site.requests_for(path).is_empty(), "{path} requested again");
    }
    assert_eq!(site.requests_for("/docs/api/v2/alpha.html").len(), 1);
    assert_eq!(words(&report, "new").len(), 5);
    assert!(Manifest::load(out).unwrap().run.is_none());

    // The next run is a new one: it reads the menu and revalidates every
    // saved page.
    site.forget();
    let report = fetch_pages(&options(&site, out)).unwrap();
    assert!(!report.resumed_run);
    assert_eq!(site.requests_for("/docs/menu.html").len(), 1);
    assert_eq!(words(&report, "unchanged").len(), 5);
    assert_eq!(
        site.requests_for("/docs/api/alpha.html")[0].header("if-none-match"),
        Some("\"alpha-1\"")
    );
}

#[test]
fn a_damaged_file_is_fetched_whole_and_a_listed_page_is_paced() {
    let site = Site::start();
    let dir = temp("list");
    let out = dir.path();
    let urls: Vec<Url> = ["/docs/api/alpha.html", "/docs/api/plain.html"]
        .iter()
        .map(|p| Url::parse(&site.url(p)).unwrap())
        .collect();
    let mut o = FetchOptions::new(Source::Urls(urls), out);
    o.delay = Duration::from_millis(150);
    let report = fetch_pages(&o).unwrap();
    assert_eq!(report.with("new").len(), 2);
    // A list of URLs keeps the whole path in the name.
    assert!(out.join("docs_api_alpha.html").exists());
    // One request at a time, at least the delay apart (robots.txt included).
    let seen = site.seen();
    assert_eq!(seen.len(), 3);
    for pair in seen.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(140),
            "{gap:?} between requests"
        );
    }

    // A saved file edited since: no validators sent, the page saved again.
    std::fs::write(out.join("docs_api_alpha.html"), "edited").unwrap();
    site.forget();
    o.delay = Duration::ZERO;
    let report = fetch_pages(&o).unwrap();
    assert_eq!(
        site.requests_for("/docs/api/alpha.html")[0].header("if-none-match"),
        None
    );
    // The same bytes as recorded: unchanged, and the file restored.
    assert_eq!(
        report.pages[0].outcome,
        Outcome::Unchanged {
            not_modified: false
        }
    );
    assert_eq!(
        std::fs::read(out.join("docs_api_alpha.html")).unwrap(),
        ALPHA
    );

    // At most max_pages pages: the rest are reported, not requested.
    o.max_pages = 1;
    site.forget();
    let report = fetch_pages(&o).unwrap();
    assert_eq!(
        report.pages[1].outcome,
        Outcome::Skipped {
            reason: PageError::OverPageLimit { limit: 1 }
        }
    );
    assert!(site.requests_for("/docs/api/plain.html").is_empty());

    // A page the source no longer lists is reported, its file kept.
    let alpha = site.url("/docs/api/alpha.html");
    o.source = Source::Urls(vec![Url::parse(&site.url("/docs/api/plain.html")).unwrap()]);
    o.max_pages = 10;
    let report = fetch_pages(&o).unwrap();
    assert_eq!(report.unlisted, [alpha]);
    assert!(report
        .render_text()
        .contains("(no longer listed; its file is kept)"));
    assert!(out.join("docs_api_alpha.html").exists());
}

#[test]
fn an_unreadable_menu_is_a_hard_error() {
    let site = Site::start();
    let dir = temp("menu");
    let mut o = options(&site, dir.path());
    o.source = Source::Menu {
        url: Url::parse(&site.url("/docs/nomenu.html")).unwrap(),
        filter: LinkFilter::default(),
    };
    let error = fetch_pages(&o).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "cannot read the menu {}: HTTP 404",
            site.url("/docs/nomenu.html")
        )
    );
}

fn apigen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
#[cfg(feature = "cli")]
fn the_cli_fetches_from_a_menu_and_from_a_list() {
    let site = Site::start();
    let dir = temp("cli");
    let out = dir.path().join("pages");
    let out_s = out.to_str().unwrap();
    let menu = site.url("/docs/menu.html");
    let prefix = site.url("/docs/api/");
    let args = [
        "fetch",
        "pages",
        "--menu",
        &menu,
        "--link-prefix",
        &prefix,
        "--link-pattern",
        r"alpha\.html$",
        "--out",
        out_s,
        "--delay",
        "0",
        "--max-page-size",
        "4096",
    ];
    let run = apigen(&args);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("2 pages: 2 new, 0 changed, 0 unchanged, 0 skipped, 0 failed"),
        "{stdout}"
    );
    assert!(out.join("alpha.html").exists() && out.join("v2_alpha.html").exists());

    // Again, as JSON: both unchanged (304).
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let run = apigen(&json_args);
    assert!(run.status.success());
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let outcomes: Vec<&str> = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["unchanged", "unchanged"]);
    assert_eq!(report["pages"][0]["not_modified"], true);

    // A list of URLs from a file; --strict fails on the missing page.
    let list = dir.path().join("urls.txt");
    std::fs::write(
        &list,
        format!(
            "# reference pages\n{}\n\n{}\n",
            site.url("/docs/api/plain.html"),
            site.url("/docs/api/missing.html")
        ),
    )
    .unwrap();
    let list_out = dir.path().join("listed");
    let run = apigen(&[
        "fetch",
        "pages",
        "--urls",
        list.to_str().unwrap(),
        "--out",
        list_out.to_str().unwrap(),
        "--delay",
        "0",
        "--strict",
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("failed    ") && stdout.contains("missing.html: HTTP 404"),
        "{stdout}"
    );
    assert!(list_out.join("docs_api_plain.html").exists());
    // Without --strict a failed page is reported, not fatal.
    let run = apigen(&[
        "fetch",
        "pages",
        "--urls",
        list.to_str().unwrap(),
        "--out",
        list_out.to_str().unwrap(),
        "--delay",
        "0",
    ]);
    assert!(run.status.success());

    // A menu that cannot be read is.
    let run = apigen(&[
        "fetch",
        "pages",
        "--menu",
        &site.url("/nowhere.html"),
        "--out",
        out_s,
        "--delay",
        "0",
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("cannot read the menu"));
}
