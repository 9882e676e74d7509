//! The one way tests (and the corpora crate's build script) reach vendor
//! material outside the repository: files whose licenses do not let this
//! repository carry them (Zoho CRM's OpenAPI files and reference pages,
//! HubSpot's OpenAPI files), kept in a folder beside the checkout on this
//! project's CI machine and read from there.
//!
//! The folder is `$APIGEN_SHARED_DIR` (a relative path is taken from the
//! workspace root), else `../shared` beside the workspace. When it, or the
//! part of it a test needs, is not there (a user's clone, a packager's
//! build), the test says in one line what it skipped and why, and passes;
//! with `APIGEN_REQUIRE_SHARED` set (CI), it fails instead. Name such tests
//! `reference_only_*`: CI runs them, and only them, a second time with the
//! folder (`.ci/run`).
//!
//! Included by `#[path]` where it is used (`tests/support/lib.rs`, the
//! corpora crate's build script, the peers bench), so it has no
//! dependencies.

use std::path::{Path, PathBuf};

/// The environment variable naming the folder.
pub const DIR_VAR: &str = "APIGEN_SHARED_DIR";
/// Set (to anything), a missing part of the folder fails instead of being
/// skipped.
pub const REQUIRE_VAR: &str = "APIGEN_REQUIRE_SHARED";

/// The folder when every one of `parts` (paths inside it, such as
/// `vendor-openapi/zoho-crm-v8`) is there. Else `Err` with the one line
/// saying that `what` is skipped and why, for the caller to print (a build
/// script prints it as a `cargo:warning`); with [`REQUIRE_VAR`] set, panics
/// with that reason instead.
pub fn find(what: &str, parts: &[&str]) -> Result<PathBuf, String> {
    let root = workspace_root();
    let dir = match std::env::var_os(DIR_VAR) {
        Some(d) if !d.is_empty() => root.join(d),
        _ => root.join("../shared"),
    };
    let missing: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|p| !dir.join(p).exists())
        .collect();
    if missing.is_empty() {
        return Ok(dir);
    }
    let reason = format!(
        "{} not in {} (the reference-only vendor files, which this repository may not carry, are read from the folder {DIR_VAR} names, default ../shared beside the workspace)",
        missing.join(", "),
        dir.display()
    );
    if std::env::var_os(REQUIRE_VAR).is_some() {
        panic!("{what}: {reason}; {REQUIRE_VAR} is set, so this fails instead of being skipped");
    }
    Err(format!("skipped {what}: {reason}"))
}

/// The workspace's root: the nearest folder above the crate whose
/// `Cargo.toml` declares the workspace.
fn workspace_root() -> PathBuf {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate_dir
        .ancestors()
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|toml| toml.lines().any(|l| l.trim() == "[workspace]"))
        })
        .unwrap_or(crate_dir)
        .to_path_buf()
}
