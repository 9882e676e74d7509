//! `codegen diff`'s semver class, cross-checked by an independent tool:
//! cargo-semver-checks (from crates.io) compares the crates generated from
//! the old and the new spec of every diff fixture. Where the two disagree,
//! one of them is wrong: a disagreement is either fixed or explained in
//! `semver_checks_explained.txt` (what cargo-semver-checks cannot see, such
//! as a typestate builder that no longer compiles); the test fails on any
//! other, and on an explained one that no longer disagrees.
//!
//! cargo-semver-checks is found at `$CARGO_SEMVER_CHECKS`, else at
//! `target/tools/bin/cargo-semver-checks` (`.ci/run` installs it there);
//! without it the test says so and passes, unless
//! `APIGEN_REQUIRE_SEMVER_CHECKS=1` (set in CI).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tool() -> Option<PathBuf> {
    std::env::var_os("CARGO_SEMVER_CHECKS")
        .map(PathBuf::from)
        .or_else(|| {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| root().join("target"));
            Some(target.join("tools/bin/cargo-semver-checks"))
        })
        .filter(|p| p.exists())
}

/// The crate generated from the specs of `spec`, written at `dir`.
fn generated_crate(spec: &Path, dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    apigen_codegen::Config::new(spec)
        .out_dir(dir.join("src/apis"))
        .layout(apigen_codegen::Layout::Modules)
        .generate()
        .unwrap_or_else(|e| panic!("{}", e.render()));
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"fixture\"\nversion = \"1.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\napigen-runtime = {{ path = \"{}\", default-features = false }}\n\n[workspace]\n",
            root().join("runtime").display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "//! A diff fixture's generated crate.\n#[rustfmt::skip]\nmod apis;\npub use apis::*;\n",
    )
    .unwrap();
}

/// cargo-semver-checks' verdict: `Ok(true)` when it finds a major change.
fn semver_checks(tool: &Path, old: &Path, new: &Path, target: &Path) -> Result<bool, String> {
    let out = Command::new(tool)
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(new.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(old)
        .args(["--release-type", "minor"])
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| e.to_string())?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    // Its summary line: "semver requires new major version: ...", or no
    // update / a minor one.
    if text.contains("requires new major version") {
        Ok(true)
    } else if out.status.success() {
        Ok(false)
    } else {
        Err(format!("exit {:?}\n{text}", out.status.code()))
    }
}

#[test]
fn cargo_semver_checks_agrees_with_codegen_diff() {
    let Some(tool) = tool() else {
        assert!(
            std::env::var_os("APIGEN_REQUIRE_SEMVER_CHECKS").is_none(),
            "cargo-semver-checks is required here and was not found"
        );
        eprintln!("cargo-semver-checks not found: cross-check skipped");
        return;
    };
    let explained: BTreeMap<String, String> =
        std::fs::read_to_string(root().join("tests/semver_checks_explained.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
    let work = tempfile::tempdir().unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("semver-checks");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("tests/diff_fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("old").is_dir() && p.join("new").is_dir())
        .collect();
    cases.sort();
    let mut unexplained = Vec::new();
    let mut stale = Vec::new();
    let mut rows = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let old_apis = apigen_codegen::load_dir(&case.join("old")).unwrap();
        let new_apis = apigen_codegen::load_dir(&case.join("new")).unwrap();
        let ours = apigen_codegen::diff::diff(&old_apis, &new_apis)
            .iter()
            .any(|c| c.class == apigen_codegen::diff::Class::Breaking);
        let (old, new) = (
            work.path().join(&name).join("old"),
            work.path().join(&name).join("new"),
        );
        generated_crate(&case.join("old"), &old);
        generated_crate(&case.join("new"), &new);
        let theirs = semver_checks(&tool, &old, &new, &target)
            .unwrap_or_else(|e| panic!("{name}: cargo-semver-checks did not run:\n{e}"));
        rows.push(format!(
            "{name}: codegen diff breaking={ours}, cargo-semver-checks major={theirs}"
        ));
        match (ours == theirs, explained.contains_key(&name)) {
            (false, false) => unexplained.push(format!(
                "{name}: codegen diff says breaking={ours}, cargo-semver-checks says major={theirs}"
            )),
            (true, true) => stale.push(name),
            _ => {}
        }
    }
    eprintln!("{}", rows.join("\n"));
    let agree = rows.len() - unexplained.len() - explained.len() + stale.len();
    eprintln!(
        "{} fixtures: {agree} agree, {} disagree as explained, {} unexplained",
        rows.len(),
        explained.len() - stale.len(),
        unexplained.len()
    );
    assert!(
        unexplained.is_empty(),
        "disagreements to fix or explain:\n{}",
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "explained disagreements that agree now (remove them): {stale:?}"
    );
}
