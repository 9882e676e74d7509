//! `apigen fetch pages`: saves a documentation site's reference pages into a
//! folder, from the site's own menu (a page whose links list every
//! reference page, kept by a [`LinkFilter`]) or from a list of URLs.
//!
//! - **Polite**: one request at a time, a delay between requests (the
//!   larger of [`FetchOptions::delay`] and the host's `Crawl-delay`),
//!   robots.txt read once per host and honoured (a disallowed page is
//!   skipped and reported), a User-Agent naming apigen and its version.
//! - **Resumable**: the folder's [manifest](manifest::Manifest) is
//!   rewritten after each page; a run that stopped part way resumes with
//!   the pages it had not done yet (those it had done are not requested
//!   again, and the menu is not read again).
//! - **Conditional**: a page already saved is requested with
//!   `If-None-Match` / `If-Modified-Since`; a 304 keeps the file, and the
//!   [report](FetchReport) says which pages are new, changed, unchanged,
//!   skipped and failed.
//! - **Bounded**: a page larger than [`FetchOptions::max_page_bytes`] is
//!   not saved (its body is read no further), at most
//!   [`FetchOptions::max_pages`] pages, a timeout per request, redirects
//!   followed only on the documentation host and at most
//!   [`FetchOptions::max_redirects`] of them.
//! - Pages are saved **as served** (the bytes unchanged, in files named
//!   from the URL: [`names`]).
//!
//! The HTTP client is reqwest (with the features the runtime's default
//! build gives it), driven on a current-thread tokio runtime: the API here
//! is blocking.

pub mod config;
pub mod links;
pub mod manifest;
pub mod names;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use reqwest::header::{
    HeaderMap, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use url::Url;

pub use config::{read_url_list, FetchConfig};
pub use links::LinkFilter;
pub use manifest::{Manifest, PageRecord, RunRecord, MANIFEST_FILE};

/// The User-Agent sent by default: the tool and its version.
pub const USER_AGENT: &str = concat!(
    "apigen/",
    env!("CARGO_PKG_VERSION"),
    " (documentation fetcher)"
);

/// What robots.txt may say about a host: at most this much of it is read
/// (RFC 9309 asks crawlers to read at least 500 KiB).
const ROBOTS_MAX_BYTES: u64 = 512 * 1024;

/// Where the pages come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A menu page: its links that match `filter` are the pages. The menu
    /// itself is not saved (unless it is listed among them... it is left
    /// out of its own list).
    Menu {
        /// The menu page.
        url: Url,
        /// Which of its links are reference pages.
        filter: LinkFilter,
    },
    /// These pages, in this order.
    Urls(Vec<Url>),
}

impl Source {
    /// How a run records its source: a run resumes only with the same key.
    pub fn key(&self) -> String {
        match self {
            Self::Menu { url, filter } => format!("menu {url} ({})", filter.describe()),
            Self::Urls(urls) => {
                let mut hash = Sha256::new();
                for u in urls {
                    hash.update(u.as_str().as_bytes());
                    hash.update(b"\n");
                }
                format!(
                    "{} listed URLs (sha256 {})",
                    urls.len(),
                    hex(&hash.finalize()[..8])
                )
            }
        }
    }

    /// The path prefix that file names leave out: the directory of the
    /// filter's prefix (or of the menu page); none for a list of URLs.
    fn name_base(&self) -> Option<String> {
        let Self::Menu { url, filter } = self else {
            return None;
        };
        let from = filter
            .prefix
            .as_deref()
            .and_then(|p| Url::parse(p).ok())
            .unwrap_or_else(|| url.clone());
        let path = from.path();
        Some(path[..=path.rfind('/').unwrap_or(0)].to_owned())
    }
}

/// What to fetch, where to, and within which bounds.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The menu page, or the list of pages.
    pub source: Source,
    /// The folder the pages (and the manifest) go to.
    pub out: PathBuf,
    /// The least time between two requests (default 1 s); a host's
    /// robots.txt `Crawl-delay` makes it longer for that host.
    pub delay: Duration,
    /// The largest page saved, in bytes (default 5 MiB): a larger one is
    /// skipped and reported.
    pub max_page_bytes: u64,
    /// The most pages one run fetches (default 2000): the rest of the list
    /// is reported as skipped.
    pub max_pages: usize,
    /// The most time one request may take, connection to last byte
    /// (default 30 s).
    pub timeout: Duration,
    /// The most redirects followed for one page (default 5).
    pub max_redirects: usize,
    /// The User-Agent header ([`USER_AGENT`] by default). Its first word
    /// (before `/`) is the name robots.txt rules are matched against.
    pub user_agent: String,
    /// Start a new run even if the manifest holds an unfinished one.
    pub restart: bool,
    /// The path prefix file names leave out (by default the directory of
    /// the filter's prefix, or of the menu).
    pub name_base: Option<String>,
}

impl FetchOptions {
    /// The defaults, for `source` into `out`.
    pub fn new(source: Source, out: impl Into<PathBuf>) -> Self {
        Self {
            source,
            out: out.into(),
            delay: Duration::from_secs(1),
            max_page_bytes: 5 * 1024 * 1024,
            max_pages: 2000,
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            user_agent: USER_AGENT.to_owned(),
            restart: false,
            name_base: None,
        }
    }
}

/// Why one page was not saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageError {
    /// robots.txt disallows it for this User-Agent (or could not be read,
    /// which RFC 9309 asks to take as a full disallow).
    RobotsDisallowed {
        /// The robots.txt that said so, and why when it was not read.
        robots: String,
    },
    /// The body is larger than the limit: it was not read past it.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
        /// The size the server declared (`Content-Length`), if it did.
        declared: Option<u64>,
    },
    /// A redirect led off the documentation host: not followed.
    OffHostRedirect {
        /// Where it led.
        to: String,
    },
    /// More redirects than the limit.
    TooManyRedirects {
        /// The limit.
        limit: usize,
    },
    /// A redirect without a usable `Location`.
    BadRedirect {
        /// The status.
        status: u16,
        /// The `Location`, if there was one.
        location: Option<String>,
    },
    /// Past the run's page limit: not requested.
    OverPageLimit {
        /// The limit.
        limit: usize,
    },
    /// An HTTP status other than success, redirect or (for a conditional
    /// request) 304.
    Status {
        /// The status.
        status: u16,
    },
    /// The request failed: connection, timeout, protocol.
    Transport {
        /// What failed, with its causes.
        message: String,
    },
}

impl PageError {
    /// Whether this is a rule of the run (robots.txt, a bound) rather than a
    /// failure of the site: skipped pages are recorded as done, failed
    /// ones are tried again when the run resumes.
    pub fn is_skip(&self) -> bool {
        !matches!(self, Self::Status { .. } | Self::Transport { .. })
    }
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RobotsDisallowed { robots } => write!(f, "disallowed by {robots}"),
            Self::TooLarge {
                limit,
                declared: Some(d),
            } => {
                write!(f, "larger than the {limit}-byte limit (declared {d} bytes)")
            }
            Self::TooLarge {
                limit,
                declared: None,
            } => {
                write!(f, "larger than the {limit}-byte limit (read no further)")
            }
            Self::OffHostRedirect { to } => {
                write!(
                    f,
                    "redirected off the documentation host, to {to} (not followed)"
                )
            }
            Self::TooManyRedirects { limit } => write!(f, "more than {limit} redirects"),
            Self::BadRedirect {
                status,
                location: Some(l),
            } => {
                write!(f, "HTTP {status} redirect to an unusable Location {l:?}")
            }
            Self::BadRedirect {
                status,
                location: None,
            } => {
                write!(f, "HTTP {status} redirect without a Location")
            }
            Self::OverPageLimit { limit } => write!(f, "past the limit of {limit} pages"),
            Self::Status { status } => write!(f, "HTTP {status}"),
            Self::Transport { message } => write!(f, "{message}"),
        }
    }
}

/// What became of one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Saved for the first time.
    New,
    /// Saved again: its bytes differ from the saved ones.
    Changed,
    /// The saved file is current: the server answered 304
    /// (`not_modified`), or sent the same bytes again.
    Unchanged {
        /// Whether the server answered 304 Not Modified.
        not_modified: bool,
    },
    /// Not saved, by a rule of the run.
    Skipped {
        /// Which.
        reason: PageError,
    },
    /// Not saved: the site failed.
    Failed {
        /// How.
        reason: PageError,
    },
}

impl Outcome {
    /// One word: `new`, `changed`, `unchanged`, `skipped`, `failed`.
    pub fn word(&self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Changed => "changed",
            Self::Unchanged { .. } => "unchanged",
            Self::Skipped { .. } => "skipped",
            Self::Failed { .. } => "failed",
        }
    }
}

/// One page of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageResult {
    /// The page's URL, as listed.
    pub url: String,
    /// Its file in the folder, when it has one.
    pub file: Option<String>,
    /// What became of it.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Done before the run was interrupted (this process did not request it).
    pub resumed: bool,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FetchReport {
    /// The source, as [`Source::key`] says it.
    pub source: String,
    /// Every listed page, in order.
    pub pages: Vec<PageResult>,
    /// Pages the manifest holds that this source no longer lists (their
    /// files are kept).
    pub unlisted: Vec<String>,
    /// Whether this run resumed an interrupted one.
    pub resumed_run: bool,
    /// Whether the run got to the end of its list (false when the caller
    /// stopped it: the manifest keeps the run, to resume).
    pub finished: bool,
    /// HTTP requests sent by this process (robots.txt and menu included).
    pub requests: usize,
    /// Things worth knowing (a host's `Crawl-delay`, an unfinished run of
    /// another source that was dropped).
    pub notes: Vec<String>,
}

impl FetchReport {
    /// The pages whose outcome has this word (`new`, `changed`...).
    pub fn with(&self, word: &str) -> Vec<&PageResult> {
        self.pages
            .iter()
            .filter(|p| p.outcome.word() == word)
            .collect()
    }

    /// One line: how many pages of each outcome.
    pub fn summary(&self) -> String {
        let count = |w| self.with(w).len();
        format!(
            "{} pages: {} new, {} changed, {} unchanged, {} skipped, {} failed ({} requests{})",
            self.pages.len(),
            count("new"),
            count("changed"),
            count("unchanged"),
            count("skipped"),
            count("failed"),
            self.requests,
            if self.resumed_run {
                ", resumed run"
            } else {
                ""
            }
        )
    }

    /// The report as text: one line per page that is not unchanged, then
    /// the notes, the unlisted pages and the summary.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for p in &self.pages {
            let file = p.file.as_deref().unwrap_or("-");
            let earlier = if p.resumed {
                " (earlier in this run)"
            } else {
                ""
            };
            match &p.outcome {
                Outcome::Unchanged { .. } => {}
                Outcome::Skipped { reason } | Outcome::Failed { reason } => out.push_str(&format!(
                    "{:<9} {}: {reason}{earlier}\n",
                    p.outcome.word(),
                    p.url
                )),
                _ => out.push_str(&format!(
                    "{:<9} {file} ({}){earlier}\n",
                    p.outcome.word(),
                    p.url
                )),
            }
        }
        for url in &self.unlisted {
            out.push_str(&format!(
                "unlisted  {url} (no longer listed; its file is kept)\n"
            ));
        }
        for note in &self.notes {
            out.push_str(&format!("note: {note}\n"));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }
}

/// Why a run could not be done.
#[derive(Debug)]
pub enum FetchError {
    /// The menu page could not be fetched.
    Menu {
        /// Its URL.
        url: String,
        /// Why.
        error: PageError,
    },
    /// The manifest could not be read.
    Manifest {
        /// Its path.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A file could not be read or written.
    Io {
        /// Its path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The HTTP client or its runtime could not start.
    Client(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Menu { url, error } => write!(f, "cannot read the menu {url}: {error}"),
            Self::Manifest { path, message } => {
                write!(f, "cannot read the manifest {}: {message}", path.display())
            }
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Self::Client(message) => write!(f, "cannot start the HTTP client: {message}"),
        }
    }
}

impl std::error::Error for FetchError {}

/// Runs a fetch to the end. See [`fetch_pages_with`].
pub fn fetch_pages(options: &FetchOptions) -> Result<FetchReport, FetchError> {
    fetch_pages_with(options, |_| ControlFlow::Continue(()))
}

/// Runs a fetch, telling `on_page` of each page as it is done; `Break`
/// stops the run there, as an interruption would (the manifest keeps the
/// run: the next call with the same source resumes it).
pub fn fetch_pages_with(
    options: &FetchOptions,
    on_page: impl FnMut(&PageResult) -> ControlFlow<()>,
) -> Result<FetchReport, FetchError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| FetchError::Client(e.to_string()))?;
    runtime.block_on(run(options, on_page))
}

fn now() -> String {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

async fn run(
    options: &FetchOptions,
    mut on_page: impl FnMut(&PageResult) -> ControlFlow<()>,
) -> Result<FetchReport, FetchError> {
    let out = &options.out;
    std::fs::create_dir_all(out).map_err(|source| FetchError::Io {
        path: out.clone(),
        source,
    })?;
    let mut manifest = Manifest::load(out)?;
    let mut fetcher = Fetcher::new(options)?;
    let key = options.source.key();
    let mut notes = Vec::new();

    let resumed_run = !options.restart && manifest.run.as_ref().is_some_and(|r| r.source == key);
    if !resumed_run {
        if let Some(stale) = &manifest.run {
            notes.push(format!(
                "an unfinished run of {} (started {}) was dropped",
                stale.source, stale.started_at
            ));
        }
        let urls = match &options.source {
            Source::Urls(urls) => urls.clone(),
            Source::Menu { url, filter } => {
                let got = fetcher
                    .page(url, None)
                    .await
                    .map_err(|error| FetchError::Menu {
                        url: url.to_string(),
                        error,
                    })?;
                let Got::Body {
                    bytes,
                    content_type,
                    final_url,
                    ..
                } = got
                else {
                    unreachable!("an unconditional request is not answered 304 here");
                };
                links::menu_links(&bytes, content_type.as_deref(), &final_url)
                    .into_iter()
                    .filter(|l| filter.matches(l) && l != url && *l != final_url)
                    .collect()
            }
        };
        let mut seen = HashSet::new();
        manifest.run = Some(RunRecord {
            source: key.clone(),
            started_at: now(),
            urls: urls
                .iter()
                .map(|u| u.to_string())
                .filter(|u| seen.insert(u.clone()))
                .collect(),
            done: BTreeMap::new(),
        });
        manifest.save(out)?;
    }
    let urls = manifest
        .run
        .as_ref()
        .map(|r| r.urls.clone())
        .unwrap_or_default();
    let base = options
        .name_base
        .clone()
        .or_else(|| options.source.name_base());
    let mut taken: HashSet<String> = manifest
        .pages
        .values()
        .map(|p| p.file.to_ascii_lowercase())
        .collect();

    let mut pages = Vec::new();
    let mut finished = true;
    for (index, listed) in urls.iter().enumerate() {
        let done = manifest
            .run
            .as_ref()
            .and_then(|r| r.done.get(listed))
            .cloned();
        let result = if let Some(outcome) = done {
            PageResult {
                url: listed.clone(),
                file: manifest.pages.get(listed).map(|p| p.file.clone()),
                outcome,
                resumed: true,
            }
        } else {
            let outcome = if index >= options.max_pages {
                Outcome::Skipped {
                    reason: PageError::OverPageLimit {
                        limit: options.max_pages,
                    },
                }
            } else {
                match Url::parse(listed) {
                    Ok(url) => {
                        fetch_one(
                            &mut fetcher,
                            &mut manifest,
                            options,
                            &url,
                            base.as_deref(),
                            &mut taken,
                        )
                        .await?
                    }
                    Err(e) => Outcome::Failed {
                        reason: PageError::Transport {
                            message: format!("not a URL: {e}"),
                        },
                    },
                }
            };
            if !matches!(outcome, Outcome::Failed { .. }) {
                if let Some(run) = manifest.run.as_mut() {
                    run.done.insert(listed.clone(), outcome.clone());
                }
            }
            manifest.save(out)?;
            let file = match outcome {
                Outcome::New | Outcome::Changed | Outcome::Unchanged { .. } => {
                    manifest.pages.get(listed).map(|p| p.file.clone())
                }
                _ => None,
            };
            PageResult {
                url: listed.clone(),
                file,
                outcome,
                resumed: false,
            }
        };
        let flow = on_page(&result);
        pages.push(result);
        if flow.is_break() && index + 1 < urls.len() {
            finished = false;
            break;
        }
    }
    if finished {
        manifest.run = None;
        manifest.save(out)?;
    }
    let listed: HashSet<&String> = urls.iter().collect();
    let unlisted = manifest
        .pages
        .keys()
        .filter(|u| !listed.contains(u))
        .cloned()
        .collect();
    notes.extend(fetcher.notes);
    Ok(FetchReport {
        source: key,
        pages,
        unlisted,
        resumed_run,
        finished,
        requests: fetcher.requests,
        notes,
    })
}

/// Fetches one page (conditionally when its saved file is intact), saves
/// it when its bytes are new, and updates its manifest record.
async fn fetch_one(
    fetcher: &mut Fetcher<'_>,
    manifest: &mut Manifest,
    options: &FetchOptions,
    url: &Url,
    base: Option<&str>,
    taken: &mut HashSet<String>,
) -> Result<Outcome, FetchError> {
    let key = url.to_string();
    let record = manifest.pages.get(&key).cloned();
    // The saved file as it is on disk: the validators are sent only when it
    // is intact (a file edited or removed since is fetched whole).
    let on_disk = record.as_ref().and_then(|r| {
        std::fs::read(options.out.join(&r.file))
            .ok()
            .map(|bytes| sha256(&bytes) == r.sha256)
    });
    let validators = record
        .as_ref()
        .filter(|_| on_disk == Some(true))
        .map(|r| Validators {
            etag: r.etag.clone(),
            last_modified: r.last_modified.clone(),
        })
        .filter(|v| v.etag.is_some() || v.last_modified.is_some());
    let got = match fetcher.page(url, validators.as_ref()).await {
        Ok(got) => got,
        Err(reason) if reason.is_skip() => return Ok(Outcome::Skipped { reason }),
        Err(reason) => return Ok(Outcome::Failed { reason }),
    };
    let checked_at = now();
    match got {
        Got::NotModified {
            etag,
            last_modified,
            ..
        } => {
            let record = manifest
                .pages
                .get_mut(&key)
                .expect("a conditional request has a record");
            record.checked_at = checked_at;
            // A 304 may carry updated validators (RFC 9110 15.4.5).
            if etag.is_some() {
                record.etag = etag;
            }
            if last_modified.is_some() {
                record.last_modified = last_modified;
            }
            Ok(Outcome::Unchanged { not_modified: true })
        }
        Got::Body {
            final_url,
            bytes,
            etag,
            last_modified,
            content_type,
        } => {
            let hash = sha256(&bytes);
            let file = match &record {
                Some(r) => r.file.clone(),
                None => names::unique_file_name(url, base, taken),
            };
            let same = record.as_ref().is_some_and(|r| r.sha256 == hash);
            let outcome = match (&record, same) {
                (None, _) => Outcome::New,
                (Some(_), false) => Outcome::Changed,
                (Some(_), true) => Outcome::Unchanged {
                    not_modified: false,
                },
            };
            if !same || on_disk != Some(true) {
                manifest::write_atomic(&options.out.join(&file), &bytes)?;
            }
            let fetched_at = match (&record, same) {
                (Some(r), true) => r.fetched_at.clone(),
                _ => checked_at.clone(),
            };
            manifest.pages.insert(
                key,
                PageRecord {
                    file,
                    final_url: (final_url != *url).then(|| final_url.to_string()),
                    etag,
                    last_modified,
                    content_type,
                    size: bytes.len() as u64,
                    sha256: hash,
                    fetched_at,
                    checked_at,
                },
            );
            Ok(outcome)
        }
    }
}

/// The validators of a saved page, sent back on a conditional request.
#[derive(Debug, Clone)]
struct Validators {
    etag: Option<String>,
    last_modified: Option<String>,
}

/// A page's answer.
enum Got {
    /// 304: the saved bytes are current.
    NotModified {
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// The body, read whole within the limit.
    Body {
        final_url: Url,
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
        content_type: Option<String>,
    },
}

/// What robots.txt says for one origin.
enum Robots {
    Rules(Box<texting_robots::Robot>),
    AllowAll,
    DisallowAll(String),
}

/// The HTTP side of a run: one request at a time, paced, robots.txt read
/// once per origin.
struct Fetcher<'a> {
    client: reqwest::Client,
    options: &'a FetchOptions,
    /// The name robots.txt rules are matched against.
    agent: String,
    last_request: Option<Instant>,
    robots: HashMap<String, (String, Robots)>,
    requests: usize,
    notes: Vec<String>,
}

fn header(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Whether a redirect from `doc` to `to` stays on the documentation host:
/// the same host name and port, or the same host moved from http to https
/// on the default ports.
fn same_host(doc: &Url, to: &Url) -> bool {
    doc.host_str() == to.host_str()
        && (doc.port_or_known_default() == to.port_or_known_default()
            || (doc.scheme() == "http"
                && to.scheme() == "https"
                && doc.port().is_none()
                && to.port().is_none()))
}

/// An error with its causes, one after the other.
fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = s.source();
    }
    message
}

impl<'a> Fetcher<'a> {
    fn new(options: &'a FetchOptions) -> Result<Self, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(&options.user_agent)
            // Redirects are followed by hand: each hop is checked.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(options.timeout.min(Duration::from_secs(10)))
            .timeout(options.timeout)
            .build()
            .map_err(|e| FetchError::Client(chain(&e)))?;
        let agent = options
            .user_agent
            .split(['/', ' '])
            .next()
            .filter(|a| !a.is_empty())
            .unwrap_or("apigen")
            .to_owned();
        Ok(Self {
            client,
            options,
            agent,
            last_request: None,
            robots: HashMap::new(),
            requests: 0,
            notes: Vec::new(),
        })
    }

    /// Sends one GET, after the delay the origin asks for.
    async fn send(
        &mut self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<reqwest::Response, PageError> {
        let crawl_delay = self
            .robots
            .get(&url.origin().ascii_serialization())
            .and_then(|(_, r)| match r {
                Robots::Rules(robot) => robot.delay,
                _ => None,
            })
            .filter(|d| d.is_finite() && *d > 0.0)
            .map(|d| Duration::from_secs_f32(d.min(3600.0)))
            .unwrap_or_default();
        let wait = self.options.delay.max(crawl_delay);
        if let Some(last) = self.last_request {
            let since = last.elapsed();
            if since < wait {
                tokio::time::sleep(wait - since).await;
            }
        }
        let mut request = self.client.get(url.clone());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                request = request.header(IF_MODIFIED_SINCE, lm);
            }
        }
        self.requests += 1;
        let response = request.send().await;
        self.last_request = Some(Instant::now());
        response.map_err(|e| PageError::Transport { message: chain(&e) })
    }

    /// Whether robots.txt lets this run fetch `url` (reading the origin's
    /// robots.txt the first time).
    async fn allowed(&mut self, url: &Url) -> Result<(), PageError> {
        let origin = url.origin().ascii_serialization();
        if !self.robots.contains_key(&origin) {
            let robots_url = url
                .join("/robots.txt")
                .expect("an http(s) URL has an origin");
            let robots = self.read_robots(&robots_url).await;
            if let Robots::Rules(r) = &robots {
                if let Some(d) = r.delay.filter(|d| *d > 0.0) {
                    self.notes.push(format!(
                        "{robots_url} asks for {d} s between requests (Crawl-delay): honoured"
                    ));
                }
            }
            self.robots
                .insert(origin.clone(), (robots_url.to_string(), robots));
        }
        let (robots_url, robots) = &self.robots[&origin];
        match robots {
            Robots::AllowAll => Ok(()),
            Robots::Rules(robot) if robot.allowed(url.as_str()) => Ok(()),
            Robots::Rules(_) => Err(PageError::RobotsDisallowed {
                robots: robots_url.clone(),
            }),
            Robots::DisallowAll(why) => Err(PageError::RobotsDisallowed {
                robots: format!("{robots_url} ({why})"),
            }),
        }
    }

    /// RFC 9309 2.3.1: a robots.txt served is read (its first 512 KiB); a
    /// 4xx means no rules; a 5xx or no answer means the whole host is off
    /// limits. Up to five redirects are followed.
    async fn read_robots(&mut self, robots_url: &Url) -> Robots {
        let mut current = robots_url.clone();
        for _ in 0..=5 {
            let response = match self.send(&current, None).await {
                Ok(r) => r,
                Err(e) => return Robots::DisallowAll(format!("unreachable: {e}")),
            };
            let status = response.status();
            if status.is_redirection() {
                match header(response.headers(), LOCATION).and_then(|l| current.join(&l).ok()) {
                    Some(next) => {
                        current = next;
                        continue;
                    }
                    None => return Robots::AllowAll,
                }
            }
            if status.is_server_error() {
                return Robots::DisallowAll(format!("HTTP {}", status.as_u16()));
            }
            if !status.is_success() {
                return Robots::AllowAll;
            }
            let bytes = match read_body(response, ROBOTS_MAX_BYTES, true).await {
                Ok(b) => b,
                Err(e) => return Robots::DisallowAll(format!("unreadable: {e}")),
            };
            return match texting_robots::Robot::new(&self.agent, &bytes) {
                Ok(robot) => Robots::Rules(Box::new(robot)),
                // An unparsable file states no rule.
                Err(_) => Robots::AllowAll,
            };
        }
        Robots::AllowAll
    }

    /// One page: robots.txt checked for it and for each redirect's target,
    /// redirects followed on the documentation host only, the body read
    /// within the limit.
    async fn page(&mut self, url: &Url, validators: Option<&Validators>) -> Result<Got, PageError> {
        let mut current = url.clone();
        let mut redirects = 0;
        loop {
            self.allowed(&current).await?;
            let response = self.send(&current, validators).await?;
            let status = response.status();
            let headers = response.headers();
            if status == reqwest::StatusCode::NOT_MODIFIED && validators.is_some() {
                return Ok(Got::NotModified {
                    etag: header(headers, ETAG),
                    last_modified: header(headers, LAST_MODIFIED),
                });
            }
            if status.is_redirection() && status != reqwest::StatusCode::NOT_MODIFIED {
                let location = header(headers, LOCATION);
                let Some(next) = location.as_deref().and_then(|l| current.join(l).ok()) else {
                    return Err(PageError::BadRedirect {
                        status: status.as_u16(),
                        location,
                    });
                };
                if !same_host(url, &next) {
                    return Err(PageError::OffHostRedirect {
                        to: next.to_string(),
                    });
                }
                redirects += 1;
                if redirects > self.options.max_redirects {
                    return Err(PageError::TooManyRedirects {
                        limit: self.options.max_redirects,
                    });
                }
                current = next;
                continue;
            }
            if !status.is_success() {
                return Err(PageError::Status {
                    status: status.as_u16(),
                });
            }
            let etag = header(headers, ETAG);
            let last_modified = header(headers, LAST_MODIFIED);
            let content_type = header(headers, CONTENT_TYPE);
            let bytes = read_body(response, self.options.max_page_bytes, false).await?;
            return Ok(Got::Body {
                final_url: current,
                bytes,
                etag,
                last_modified,
                content_type,
            });
        }
    }
}

/// The body, chunk by chunk, never more than `limit` bytes: past it, the
/// rest is not read (the connection is dropped) and the answer is
/// [`PageError::TooLarge`], or with `truncate` the first `limit` bytes.
async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
    truncate: bool,
) -> Result<Vec<u8>, PageError> {
    let declared = response.content_length();
    if let Some(len) = declared.filter(|&l| l > limit && !truncate) {
        return Err(PageError::TooLarge {
            limit,
            declared: Some(len),
        });
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0).min(limit) as usize);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| PageError::Transport { message: chain(&e) })?
    {
        if (body.len() + chunk.len()) as u64 > limit {
            if truncate {
                body.extend_from_slice(&chunk[..limit as usize - body.len()]);
                return Ok(body);
            }
            return Err(PageError::TooLarge { limit, declared });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
