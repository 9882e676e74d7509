//! The vendor-sync script (`.github/actions/vendor-sync/vendor-sync.sh`, run
//! by the composite action beside it) against a local vendor repository with
//! two commits: the first import, then the vendor's breaking change (an
//! operation removed, a field added to a schema of the file the operations
//! refer to), then nothing new; and an overlay action that stops matching,
//! which fails the sync loudly. And the pages mode (`SOURCE=pages`) against
//! a documentation site served on 127.0.0.1 by the test: the first fetch and
//! import, a page whose optional parameter became required, then nothing new
//! (the site answers the conditional requests with 304).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .envs(identity())
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn identity() -> Vec<(&'static str, &'static str)> {
    vec![
        ("GIT_AUTHOR_NAME", "test"),
        ("GIT_AUTHOR_EMAIL", "test@example.com"),
        ("GIT_COMMITTER_NAME", "test"),
        ("GIT_COMMITTER_EMAIL", "test@example.com"),
    ]
}

fn vendor_file(with_delete: bool) -> String {
    let delete = if with_delete {
        r#", "delete": {"operationId": "deleteThing", "summary": "Delete a thing",
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
              "responses": {"204": {"description": "Deleted"}}}"#
    } else {
        ""
    };
    format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Things", "version": "1"}},
  "servers": [{{"url": "https://api.things.example.com"}}],
  "paths": {{"/things/{{id}}": {{
    "get": {{"operationId": "getThing", "summary": "Get a thing",
      "parameters": [{{"name": "id", "in": "path", "required": true, "schema": {{"type": "string"}}}}],
      "responses": {{"200": {{"description": "The thing", "content": {{"application/json": {{"schema": {{"$ref": "../common/schemas.json#/components/schemas/Thing"}}}}}}}}}}}}{delete}
  }}}}}}"#
    )
}

/// The file the operations refer to (not a group of the API); the second
/// version gives a thing a color.
fn common_file(with_color: bool) -> String {
    let color = if with_color {
        r#", "color": {"type": "string", "description": "Its color."}"#
    } else {
        ""
    };
    format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Common", "version": "1"}}, "paths": {{}},
  "components": {{"schemas": {{"Thing": {{"type": "object", "description": "A thing.",
    "properties": {{"id": {{"type": "string", "description": "Its id."}}{color}}}}}}}}}}}"#
    )
}

struct Sync {
    user: PathBuf,
    out: PathBuf,
}

impl Sync {
    fn run(&self, vendor: &Path, vendor_ref: Option<&str>, overlay: Option<&str>) -> Output {
        let script = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../.github/actions/vendor-sync/vendor-sync.sh");
        let mut c = Command::new("bash");
        c.arg(script)
            .current_dir(&self.user)
            .envs(identity())
            .env("VENDOR_REPO", vendor)
            .env("VENDOR_FILES", "apps/*.json apps/*.yaml")
            .env("VENDOR_REFS", "common/*.json")
            .env("VENDORED_DIR", "spec/things/import/openapi")
            .env("GENERATE_DIR", "src/generated")
            .env("API", "things")
            .env("SPEC_OUT", "spec/things")
            .env("REPORT", "spec/things/import/report.md")
            .env("APIGEN", env!("CARGO_BIN_EXE_apigen"))
            .env("OUT_DIR", &self.out)
            // The installed CLI, as the action runs it: not started by cargo.
            .env_remove("CARGO_PKG_NAME")
            .env_remove("VENDOR_REF")
            .env_remove("OVERLAY");
        if let Some(r) = vendor_ref {
            c.env("VENDOR_REF", r);
        }
        if let Some(o) = overlay {
            c.env("OVERLAY", o);
        }
        c.output().expect("bash runs")
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.out.join(name))
            .unwrap_or_default()
            .trim()
            .to_owned()
    }
}

#[test]
fn a_vendor_change_becomes_a_labelled_pull_request_body() {
    let root = tempfile::tempdir().unwrap();
    let vendor = root.path().join("vendor");
    std::fs::create_dir_all(vendor.join("apps")).unwrap();
    std::fs::create_dir_all(vendor.join("common")).unwrap();
    git(&vendor, &["init", "--quiet"]);
    std::fs::write(vendor.join("apps/things.json"), vendor_file(true)).unwrap();
    std::fs::write(vendor.join("common/schemas.json"), common_file(false)).unwrap();
    // A file no glob names: not the vendor's API, not copied.
    std::fs::write(vendor.join("package.json"), "{}").unwrap();
    git(&vendor, &["add", "-A"]);
    git(&vendor, &["commit", "--quiet", "-m", "v1"]);
    let first = git(&vendor, &["rev-parse", "HEAD"]);
    std::fs::write(vendor.join("apps/things.json"), vendor_file(false)).unwrap();
    std::fs::write(vendor.join("common/schemas.json"), common_file(true)).unwrap();
    git(
        &vendor,
        &[
            "commit",
            "--quiet",
            "-am",
            "v2: deleteThing removed, things get a color",
        ],
    );
    let second = git(&vendor, &["rev-parse", "HEAD"]);

    let user = root.path().join("user");
    std::fs::create_dir_all(&user).unwrap();
    git(&user, &["init", "--quiet"]);
    std::fs::write(user.join("README.md"), "specs\n").unwrap();
    git(&user, &["add", "-A"]);
    git(&user, &["commit", "--quiet", "-m", "start"]);
    let sync = Sync {
        user: user.clone(),
        out: root.path().join("out"),
    };

    // The first import, at the vendor's first commit: a change (new API).
    let out = sync.run(&vendor, Some(&first), None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sync.read("changed"), "true");
    assert_eq!(sync.read("vendor-commit"), first);
    assert!(user.join("spec/things/things.yaml").exists());
    // Kept at their paths in the vendor's repository, so the relative ref
    // from apps/ to common/ resolves; the referred file is not a group.
    let vendored = user.join("spec/things/import/openapi");
    assert!(vendored.join("apps/things.json").exists());
    assert!(vendored.join("common/schemas.json").exists());
    assert!(!vendored.join("package.json").exists());
    assert!(!user.join("spec/things/schemas.yaml").exists());
    let types = std::fs::read_to_string(user.join("spec/things/api.yaml")).unwrap();
    assert!(types.contains("Thing:"), "{types}");
    // The header names the installed CLI, and re-imports with it.
    assert!(
        types.contains("# The API `things`, imported by `apigen import openapi`"),
        "{types}"
    );
    assert!(
        types.contains("\n#   apigen import openapi spec/things/import/openapi/apps/things.json --api things --out spec/things --report spec/things/import/report.md\n"),
        "{types}"
    );
    assert!(!types.contains("color"), "{types}");
    // The generated sources, for a crate that checks them in.
    let generated = std::fs::read_to_string(user.join("src/generated/things.rs")).unwrap();
    assert!(generated.contains("pub struct Thing"), "{generated}");
    git(&user, &["add", "-A"]);
    git(&user, &["commit", "--quiet", "-m", "things at v1"]);

    // The vendor's newest commit removes an operation: breaking, major.
    let out = sync.run(&vendor, None, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sync.read("changed"), "true");
    assert_eq!(sync.read("vendor-commit"), second);
    assert_eq!(sync.read("label"), "semver-major");
    let body = sync.read("pr-body.md");
    assert!(body.contains(&second), "{body}");
    assert!(body.contains("**breaking**"), "{body}");
    assert!(body.contains("delete_thing"), "{body}");
    assert!(
        body.contains("color"),
        "the referred file's change is in the diff: {body}"
    );
    assert!(body.contains("imported 1 of 1 operations"), "{body}");
    assert_eq!(
        std::fs::read_to_string(vendored.join("apps/things.json")).unwrap(),
        vendor_file(false)
    );
    assert_eq!(
        std::fs::read_to_string(vendored.join("common/schemas.json")).unwrap(),
        common_file(true)
    );
    let generated = std::fs::read_to_string(user.join("src/generated/things.rs")).unwrap();
    assert!(
        generated.contains("pub color: Option<String>"),
        "regenerated: {generated}"
    );
    git(&user, &["add", "-A"]);
    git(&user, &["commit", "--quiet", "-m", "things at v2"]);

    // Nothing new at the vendor: no pull request.
    let out = sync.run(&vendor, None, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sync.read("changed"), "false");

    // An overlay action on the removed operation no longer matches: the
    // sync fails, naming the overlay.
    let overlay = user.join("overlay.yaml");
    std::fs::write(
        &overlay,
        "overlay: 1.0.0\ninfo: {title: fixes, version: 1.0.0}\nactions:\n  - target: $.operations.delete_thing\n    update: {summary: Delete one thing}\n",
    )
    .unwrap();
    let out = sync.run(&vendor, None, Some(overlay.to_str().unwrap()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("overlay.yaml"), "{stderr}");
    assert!(stderr.contains("the import of"), "{stderr}");
}

/// A documentation site on 127.0.0.1 (as in `fetch_pages.rs`): a menu
/// linking two reference pages in the shape of Zoho CRM's (the fixture page
/// `widgets.md`, and a gadgets page made from it whose `page` parameter
/// becomes mandatory in version 2), each with an ETag; a request whose
/// `If-None-Match` matches gets a 304. It records each page request and its
/// `If-None-Match`.
struct Site {
    port: u16,
    version: AtomicU32,
    seen: Mutex<Vec<(String, Option<String>, u16)>>,
}

fn widgets_page() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages/widgets.md"),
    )
    .unwrap()
}

fn gadgets_page(version: u32) -> String {
    let page = widgets_page()
        .replace("Widgets", "Gadgets")
        .replace("widget", "gadget");
    assert!(page.contains("- pageinteger, optional"), "{page}");
    if version == 1 {
        page
    } else {
        page.replace("- pageinteger, optional", "- pageinteger, mandatory")
    }
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
                let _ = server.serve(stream);
            }
        });
        site
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The page requests since the last call: path, `If-None-Match`, status.
    fn take(&self) -> Vec<(String, Option<String>, u16)> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }

    fn serve(&self, stream: TcpStream) -> std::io::Result<()> {
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let mut if_none_match = None;
        loop {
            let mut h = String::new();
            reader.read_line(&mut h)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((n, v)) = h.split_once(':') {
                if n.trim().eq_ignore_ascii_case("if-none-match") {
                    if_none_match = Some(v.trim().to_owned());
                }
            }
        }
        let v = self.version.load(Ordering::SeqCst);
        let page = |etag: String, body: String| {
            if if_none_match.as_deref() == Some(etag.as_str()) {
                (304, Some(etag), String::new(), "text/markdown")
            } else {
                (200, Some(etag), body, "text/markdown")
            }
        };
        let (status, etag, body, kind) = match path.as_str() {
            "/docs/index.html" => (
                200,
                None,
                r#"<html><body><ul>
<li><a href="/docs/widgets.md">List Widgets</a></li>
<li><a href="/docs/gadgets.md">List Gadgets</a></li>
<li><a href="/about.html">About</a></li>
</ul></body></html>"#
                    .to_owned(),
                "text/html",
            ),
            "/docs/widgets.md" => page("\"w1\"".to_owned(), widgets_page()),
            "/docs/gadgets.md" => page(format!("\"g{v}\""), gadgets_page(v)),
            _ => (404, None, "not here".to_owned(), "text/plain"),
        };
        if path.ends_with(".md") {
            self.seen
                .lock()
                .unwrap()
                .push((path.clone(), if_none_match.clone(), status));
        }
        let mut head = format!(
            "HTTP/1.1 {status} X\r\nConnection: close\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n",
            body.len()
        );
        if let Some(etag) = etag {
            head.push_str(&format!("ETag: {etag}\r\n"));
        }
        head.push_str("\r\n");
        let mut stream = stream;
        stream.write_all(head.as_bytes())?;
        stream.write_all(body.as_bytes())?;
        stream.flush()
    }
}

fn sync_pages(site: &Site, user: &Path, pages: &Path, out: &Path) -> Output {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../.github/actions/vendor-sync/vendor-sync.sh");
    let profile =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/import/zoho_crm/profile.yaml");
    Command::new("bash")
        .arg(script)
        .current_dir(user)
        .envs(identity())
        .env("SOURCE", "pages")
        .env("MENU", site.url("/docs/index.html"))
        .env("LINK_PREFIX", site.url("/docs/"))
        .env("LINK_PATTERN", r"\.md$")
        .env("FETCH_DELAY", "0")
        .env("PAGES_DIR", pages)
        .env("PROFILE", profile)
        .env("API", "things")
        .env("SPEC_OUT", "spec/things.yaml")
        .env("GENERATE_DIR", "src/generated")
        .env("REPORT", "import-report.md")
        .env("APIGEN", env!("CARGO_BIN_EXE_apigen"))
        .env("OUT_DIR", out)
        .env_remove("CARGO_PKG_NAME")
        .env_remove("FETCH_CONFIG")
        .env_remove("URLS_FILE")
        .env_remove("OVERLAY")
        .output()
        .expect("bash runs")
}

fn read(out: &Path, name: &str) -> String {
    std::fs::read_to_string(out.join(name))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[test]
fn a_changed_reference_page_becomes_a_labelled_pull_request_body() {
    let site = Site::start();
    let root = tempfile::tempdir().unwrap();
    let user = root.path().join("user");
    // The pages are the vendor's text: kept beside the repository (the
    // workflow's cache), never in it.
    let pages = root.path().join("pages");
    let out = root.path().join("out");
    std::fs::create_dir_all(&user).unwrap();
    git(&user, &["init", "--quiet"]);
    std::fs::write(user.join("README.md"), "specs\n").unwrap();
    git(&user, &["add", "-A"]);
    git(&user, &["commit", "--quiet", "-m", "start"]);
    let ok = |o: &Output| {
        assert!(
            o.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };

    // First run: both pages new, imported; a new API is additive.
    let o = sync_pages(&site, &user, &pages, &out);
    ok(&o);
    assert_eq!(read(&out, "changed"), "true");
    assert_eq!(read(&out, "label"), "semver-minor");
    assert!(pages.join("widgets.md").exists() && pages.join("gadgets.md").exists());
    assert!(pages.join(".apigen-fetch.json").exists());
    let fetched = read(&out, "fetch.txt");
    assert!(fetched.contains("2 pages: 2 new, 0 changed"), "{fetched}");
    let spec = std::fs::read_to_string(user.join("spec/things.yaml")).unwrap();
    assert!(spec.contains("list_gadgets:"), "{spec}");
    assert!(spec.contains("list_widgets:"), "{spec}");
    assert!(
        std::fs::read_to_string(user.join("src/generated/things.rs"))
            .unwrap()
            .contains("pub struct ListGadgetsResponse"),
        "generated from the imported spec"
    );
    let digest = read(&out, "vendor-commit");
    assert_eq!(digest.len(), 40, "{digest}");
    let body = read(&out, "pr-body.md");
    assert!(body.contains("**additive**"), "{body}");
    assert!(body.contains("new       gadgets.md ("), "{body}");
    assert!(site
        .take()
        .iter()
        .all(|(_, inm, status)| inm.is_none() && *status == 200));
    git(&user, &["add", "-A"]);
    git(&user, &["commit", "--quiet", "-m", "things from the pages"]);

    // The gadgets page changes: its `page` parameter is now mandatory.
    site.version.store(2, Ordering::SeqCst);
    let o = sync_pages(&site, &user, &pages, &out);
    ok(&o);
    assert_eq!(read(&out, "changed"), "true");
    let fetched = read(&out, "fetch.txt");
    let changed: Vec<&str> = fetched
        .lines()
        .filter(|l| !l.starts_with("2 pages"))
        .collect();
    assert_eq!(changed.len(), 1, "{fetched}");
    assert!(
        changed[0].starts_with("changed   gadgets.md ("),
        "{fetched}"
    );
    assert!(fetched.contains("1 changed, 1 unchanged"), "{fetched}");
    let diff = read(&out, "diff.md");
    assert!(diff.contains("list_gadgets"), "{diff}");
    assert!(!diff.contains("list_widgets"), "{diff}");
    assert!(
        diff.contains("`things::list_gadgets`: query parameter `page` made required"),
        "{diff}"
    );
    // An optional parameter made required breaks callers: major.
    assert_eq!(read(&out, "label"), "semver-major");
    let body = read(&out, "pr-body.md");
    assert!(body.contains("**breaking**"), "{body}");
    assert!(body.contains("## Pages fetched"), "{body}");
    assert!(body.contains("changed   gadgets.md"), "{body}");
    assert_ne!(read(&out, "vendor-commit"), digest);
    let seen = site.take();
    let widgets: Vec<_> = seen
        .iter()
        .filter(|(p, ..)| p == "/docs/widgets.md")
        .collect();
    assert_eq!(widgets.len(), 1, "{seen:?}");
    assert_eq!(widgets[0].2, 304, "{seen:?}");
    git(&user, &["add", "-A"]);
    git(
        &user,
        &["commit", "--quiet", "-m", "gadgets: page required"],
    );

    // Nothing new on the site: conditional requests, 304s, no PR.
    let o = sync_pages(&site, &user, &pages, &out);
    ok(&o);
    assert_eq!(read(&out, "changed"), "false");
    assert!(!out.join("label").exists());
    let fetched = read(&out, "fetch.txt");
    assert!(
        fetched.contains("2 pages: 0 new, 0 changed, 2 unchanged"),
        "{fetched}"
    );
    let seen = site.take();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(
        seen.iter()
            .all(|(_, inm, status)| inm.is_some() && *status == 304),
        "{seen:?}"
    );
}
