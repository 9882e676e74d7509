//! The manifest of a folder of fetched pages, `.apigen-fetch.json`: per URL
//! what was saved and the validators a later run sends back (`ETag`,
//! `Last-Modified`), and the run in progress, so that an interrupted run
//! resumes where it stopped. It is rewritten after every page, atomically
//! (a temporary file in the folder, renamed over the old one).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{FetchError, Outcome};

/// The manifest's file name in the output folder.
pub const MANIFEST_FILE: &str = ".apigen-fetch.json";

/// The format version this build writes (and the newest it reads).
const VERSION: u32 = 1;

/// What a folder of fetched pages holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The format version.
    pub version: u32,
    /// Each saved page, by the URL it was listed under.
    #[serde(default)]
    pub pages: BTreeMap<String, PageRecord>,
    /// The run in progress: there only while a run has not finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<RunRecord>,
}

impl Default for Manifest {
    fn default() -> Self {
        Self {
            version: VERSION,
            pages: BTreeMap::new(),
            run: None,
        }
    }
}

/// One saved page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageRecord {
    /// The file's name in the folder.
    pub file: String,
    /// Where the page was served from, when a redirect (on the same host)
    /// led elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    /// The `ETag` the server sent with these bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent with these bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// The `Content-Type` the server sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The file's size in bytes.
    pub size: u64,
    /// The file's SHA-256, hex.
    pub sha256: String,
    /// When these bytes were downloaded (RFC 3339, UTC).
    pub fetched_at: String,
    /// When the server last confirmed them (a 304, or the same bytes again).
    pub checked_at: String,
}

/// A run that has started and not finished.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRecord {
    /// What the run fetches (the menu and its filter, or the list of URLs),
    /// as [`Source::key`](super::Source::key) says it: a run resumes only
    /// with the same source.
    pub source: String,
    /// When it started (RFC 3339, UTC).
    pub started_at: String,
    /// The pages to fetch, in order (the menu's links, as read when the
    /// run started: a resumed run does not read the menu again).
    pub urls: Vec<String>,
    /// The pages already done in this run, with their outcome. A failed
    /// page is not recorded: a resumed run tries it again.
    #[serde(default)]
    pub done: BTreeMap<String, Outcome>,
}

impl Manifest {
    /// The manifest's path in `dir`.
    pub fn path(dir: &Path) -> PathBuf {
        dir.join(MANIFEST_FILE)
    }

    /// Reads the manifest of `dir`; a folder without one has an empty one.
    pub fn load(dir: &Path) -> Result<Self, FetchError> {
        let path = Self::path(dir);
        let text = match std::fs::read(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => return Err(FetchError::Io { path, source }),
        };
        let manifest: Self = serde_json::from_slice(&text).map_err(|e| FetchError::Manifest {
            path: path.clone(),
            message: e.to_string(),
        })?;
        if manifest.version > VERSION {
            return Err(FetchError::Manifest {
                path,
                message: format!(
                    "format version {} is newer than this apigen reads ({VERSION})",
                    manifest.version
                ),
            });
        }
        Ok(manifest)
    }

    /// Writes the manifest into `dir`, atomically.
    pub fn save(&self, dir: &Path) -> Result<(), FetchError> {
        let mut text = serde_json::to_vec_pretty(self).expect("a manifest serializes");
        text.push(b'\n');
        write_atomic(&Self::path(dir), &text)
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// synced and renamed over `path`: a reader (or an interrupted run) sees
/// the old file or the new one, never part of one.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let io = |source| FetchError::Io {
        path: path.to_owned(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".apigen-fetch-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
