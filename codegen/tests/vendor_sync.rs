//! The vendor-sync script (`.github/actions/vendor-sync/vendor-sync.sh`, run
//! by the composite action beside it) against a local vendor repository with
//! two commits: the first import, then the vendor's breaking change (an
//! operation removed, a field added to a schema of the file the operations
//! refer to), then nothing new; and an overlay action that stops matching,
//! which fails the sync loudly.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
