//! Incremental generation: the formatted text of each item group (see
//! [`crate::emit::Group`]), kept between runs and keyed by what the group is
//! generated from, so a run after a spec edit emits and formats only the
//! groups whose inputs changed.
//!
//! Emitting and formatting cost about a millisecond per operation (`syn`
//! parsing the emitted tokens for `prettyplease` is most of it); a hit costs
//! hashing the operation's model. Correctness rests on two keys:
//!
//! - the **group key** hashes the group's model together with every field of
//!   the API the group may read (everything but the other operations), so an
//!   edit to a shared type or to the servers re-renders every group, and an
//!   edit to one operation re-renders that operation only;
//! - the **generator fingerprint** identifies the running executable (which
//!   links this crate, `syn` and `prettyplease`), so a rebuilt generator, or
//!   new versions of its dependencies, never reuses text an older one
//!   formatted.
//!
//! A cache that is missing, unreadable, truncated or from another generator
//! is ignored and rewritten: the cache can cost time, never correctness.
//! Every entry carries a checksum of its text, so a damaged entry is never
//! used; two runs sharing a cache directory at the same time may damage each
//! other's appends, which costs the next run a full formatting.

use std::collections::HashMap;
use std::hash::Hash;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use crate::emit::{Group, Options};
use crate::model::Api;

/// First words of a cache file; bump the number when the layout changes.
const MAGIC: &str = "codegen-format-cache 2";

/// The formatted groups of one API, as loaded from disk and as used by this
/// run. Open with [`FormatCache::open`], fill with [`FormatCache::get_or_format`],
/// persist with [`FormatCache::save`].
///
/// On disk: a header line naming the generator, then entries, each a line
/// `key length checksum` and the group's text. A run appends the groups it
/// formatted; the file is rewritten when it is new, from another generator,
/// damaged, or more than half made of groups no longer generated.
#[derive(Debug)]
pub struct FormatCache {
    path: PathBuf,
    /// `None` when the executable cannot be found: the cache is then off.
    fingerprint: Option<u128>,
    /// The file as read (empty when missing or unusable), and where each
    /// group's text is in it.
    previous_text: String,
    previous: HashMap<u128, Range<usize>>,
    /// The groups of this run, in order.
    current: Vec<(u128, Text)>,
    /// Groups taken from the previous run.
    pub reused: usize,
    /// Groups emitted and formatted in this run.
    pub formatted: usize,
}

/// Where a group's text of this run is.
#[derive(Debug)]
enum Text {
    Previous(Range<usize>),
    New(String),
}

impl FormatCache {
    /// The cache of API `module` in `dir`. Never fails: a missing or unusable
    /// file gives an empty cache.
    pub fn open(dir: &Path, module: &str) -> Self {
        let path = dir.join(format!("{module}.fmt-cache"));
        let fingerprint = generator_fingerprint();
        let (previous_text, previous) = fingerprint
            .and_then(|fp| {
                let text = std::fs::read_to_string(&path).ok()?;
                let entries = parse(&text, fp)?;
                Some((text, entries))
            })
            .unwrap_or_default();
        FormatCache {
            path,
            fingerprint,
            previous_text,
            previous,
            current: Vec::new(),
            reused: 0,
            formatted: 0,
        }
    }

    /// About how many bytes of text this run will produce, to reserve them.
    pub fn size_hint(&self) -> usize {
        self.previous_text.len()
    }

    /// Whether the previous run left the text of the group with `key`.
    pub fn has(&self, key: u128) -> bool {
        self.previous.contains_key(&key)
    }

    /// The formatted text of the group with `key`: from the previous run when
    /// it has it, else from `format`.
    pub fn get_or_format(
        &mut self,
        key: u128,
        format: impl FnOnce() -> Result<String, String>,
    ) -> Result<&str, String> {
        let text = match self.previous.get(&key) {
            Some(range) => {
                self.reused += 1;
                Text::Previous(range.clone())
            }
            None => {
                self.formatted += 1;
                Text::New(format()?)
            }
        };
        self.current.push((key, text));
        Ok(self.current.last().map_or("", |(_, text)| self.text(text)))
    }

    fn text<'a>(&'a self, text: &'a Text) -> &'a str {
        match text {
            Text::Previous(range) => self.previous_text.get(range.clone()).unwrap_or_default(),
            Text::New(text) => text,
        }
    }

    /// Saves the groups this run formatted, appending them to the file; or
    /// rewrites it with this run's groups only when it is unusable or mostly
    /// stale (a rewrite goes through a temporary file, so an interrupted run
    /// leaves the old cache; an interrupted append leaves a damaged tail,
    /// which the next run detects and replaces).
    pub fn save(self) -> std::io::Result<()> {
        let Some(fingerprint) = self.fingerprint else {
            return Ok(());
        };
        let live: usize = self.current.iter().map(|(_, t)| self.text(t).len()).sum();
        let rewrite = self.previous_text.is_empty() || self.previous_text.len() > 2 * live + 4096;
        if rewrite {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let tmp = self.path.with_extension("fmt-cache.tmp");
            let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
            writeln!(out, "{MAGIC} {fingerprint:032x}")?;
            self.write_entries(&mut out, |_| true)?;
            out.into_inner().map_err(|e| e.into_error())?;
            std::fs::rename(&tmp, &self.path)
        } else if self.formatted > 0 {
            let file = std::fs::OpenOptions::new().append(true).open(&self.path)?;
            let mut out = BufWriter::with_capacity(1 << 16, file);
            self.write_entries(&mut out, |t| matches!(t, Text::New(_)))?;
            out.flush()
        } else {
            Ok(())
        }
    }

    fn write_entries(
        &self,
        out: &mut impl Write,
        include: impl Fn(&Text) -> bool,
    ) -> std::io::Result<()> {
        for (key, text) in self.current.iter().filter(|(_, t)| include(t)) {
            let text = self.text(text);
            let checksum = xxh3_128(text.as_bytes());
            writeln!(out, "{key:032x} {} {checksum:032x}", text.len())?;
            out.write_all(text.as_bytes())?;
        }
        Ok(())
    }
}

/// Reads a cache file written by the same generator: where each group's
/// text is. `None` for anything else (another generator, a truncated,
/// damaged or edited file).
fn parse(text: &str, fingerprint: u128) -> Option<HashMap<u128, Range<usize>>> {
    let (first, _) = text.split_once('\n')?;
    let (magic, fp) = first.rsplit_once(' ')?;
    if magic != MAGIC || u128::from_str_radix(fp, 16).ok()? != fingerprint {
        return None;
    }
    let mut entries = HashMap::new();
    let mut at = first.len() + 1;
    while at < text.len() {
        let (line, _) = text[at..].split_once('\n')?;
        let mut fields = line.split(' ');
        let key = u128::from_str_radix(fields.next()?, 16).ok()?;
        let len: usize = fields.next()?.parse().ok()?;
        let checksum = u128::from_str_radix(fields.next()?, 16).ok()?;
        let start = at + line.len() + 1;
        let end = start.checked_add(len)?;
        if fields.next().is_some() || xxh3_128(text.get(start..end)?.as_bytes()) != checksum {
            return None;
        }
        entries.insert(key, start..end);
        at = end;
    }
    Some(entries)
}

/// Hashes everything of `api` a group may read: all of it but the
/// operations (an operation's group adds its own model in [`group_key`]).
pub fn context_key(api: &Api, options: &Options) -> u128 {
    let Api {
        source_file,
        module,
        title,
        description,
        docs_url,
        base_path,
        servers,
        auth,
        oauth,
        rate_limits,
        webhooks,
        enums,
        structs,
        unions,
        operations: _,
    } = api;
    let mut h = Xxh3::new();
    options.hash(&mut h);
    (source_file, module, title, description, docs_url, base_path).hash(&mut h);
    (servers, auth, oauth, rate_limits, webhooks).hash(&mut h);
    (enums, structs, unions).hash(&mut h);
    h.digest128()
}

/// The key of one group: the API context plus the group itself. Shared
/// items, enums and structs are all part of the context already; their key
/// also names which of them the group is.
pub fn group_key(context: u128, group: &Group<'_>, index: usize) -> u128 {
    let mut h = Xxh3::new();
    context.hash(&mut h);
    match group {
        Group::Shared => 0u8.hash(&mut h),
        Group::Enum(_) => (1u8, index).hash(&mut h),
        Group::Struct(_) => (2u8, index).hash(&mut h),
        Group::Union(_) => (5u8, index).hash(&mut h),
        // Not the index: moving an operation in the spec keeps its text.
        Group::Operation(op) => (3u8, op).hash(&mut h),
        // Reads every operation (the context holds the rest of the API).
        Group::Mock(operations) => (4u8, operations).hash(&mut h),
        // The webhooks are part of the context.
        Group::Webhooks => 6u8.hash(&mut h),
    }
    h.digest128()
}

/// Identifies the running generator: its executable's path, size and
/// modification time (as ccache identifies a compiler by default), and this
/// crate's version. Any rebuild of the generator, or of `syn` and
/// `prettyplease` inside it, gives a new fingerprint. Computed once per
/// process; `None` when the executable cannot be found, which turns the
/// cache off.
pub fn generator_fingerprint() -> Option<u128> {
    static FINGERPRINT: OnceLock<Option<u128>> = OnceLock::new();
    *FINGERPRINT.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let meta = std::fs::metadata(&exe).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        let mut h = Xxh3::new();
        (env!("CARGO_PKG_VERSION"), &exe, meta.len(), modified).hash(&mut h);
        Some(h.digest128())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_other_fingerprints_and_damage() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = FormatCache::open(dir.path(), "api");
        assert!(cache.fingerprint.is_some());
        for (key, text) in [(1, "fn a() {}\n"), (2, "héllo\n"), (3, "")] {
            let got = cache.get_or_format(key, || Ok(text.to_owned())).unwrap();
            assert_eq!(got, text);
        }
        assert_eq!((cache.reused, cache.formatted), (0, 3));
        let fp = cache.fingerprint.unwrap();
        cache.save().unwrap();

        let text = std::fs::read_to_string(dir.path().join("api.fmt-cache")).unwrap();
        let entries = parse(&text, fp).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(&text[entries[&2].clone()], "héllo\n");
        assert!(parse(&text, fp ^ 1).is_none(), "another generator's cache");
        for cut in [1, text.len() / 2, text.len() - 1] {
            if text.is_char_boundary(cut) {
                assert!(parse(&text[..cut], fp).is_none(), "truncated at {cut}");
            }
        }
        let edited = text.replace("fn a()", "fn b()");
        assert!(parse(&edited, fp).is_none(), "a group's text was edited");

        // A second run reuses key 2 and formats key 4, which is appended:
        // unused entries stay, for a spec edit that is later undone.
        let mut again = FormatCache::open(dir.path(), "api");
        let got = again
            .get_or_format(2, || Err("must not format a cached group".into()))
            .unwrap();
        assert_eq!(got, "héllo\n");
        let big = "x".repeat(20_000);
        again.get_or_format(4, || Ok(big.clone())).unwrap();
        assert_eq!((again.reused, again.formatted), (1, 1));
        again.save().unwrap();
        let appended = std::fs::read_to_string(dir.path().join("api.fmt-cache")).unwrap();
        assert!(appended.starts_with(&text), "appended, not rewritten");
        assert_eq!(parse(&appended, fp).unwrap().len(), 4);

        // A run that uses a small part of a large file rewrites it.
        let mut third = FormatCache::open(dir.path(), "api");
        third.get_or_format(1, || Err("cached".into())).unwrap();
        third.save().unwrap();
        let rewritten = std::fs::read_to_string(dir.path().join("api.fmt-cache")).unwrap();
        assert_eq!(parse(&rewritten, fp).unwrap().len(), 1);

        // A damaged tail (an interrupted append) makes the file unusable; the
        // next save replaces it.
        std::fs::write(
            dir.path().join("api.fmt-cache"),
            format!("{rewritten}0123 9"),
        )
        .unwrap();
        let mut fourth = FormatCache::open(dir.path(), "api");
        assert!(fourth.previous.is_empty());
        fourth.get_or_format(5, || Ok("five\n".into())).unwrap();
        fourth.save().unwrap();
        let replaced = std::fs::read_to_string(dir.path().join("api.fmt-cache")).unwrap();
        assert_eq!(parse(&replaced, fp).unwrap().len(), 1);
    }

    #[test]
    fn unusable_files_give_an_empty_cache() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("api.fmt-cache");
        for bytes in [
            &b""[..],
            b"not a cache",
            b"codegen-format-cache 2 zz\n",
            b"codegen-format-cache 2 0\n",
            b"\xff\xfe binary",
        ] {
            std::fs::write(&path, bytes).unwrap();
            let cache = FormatCache::open(dir.path(), "api");
            assert!(cache.previous.is_empty());
        }
    }
}
