//! `apigen diff`'s semver class, cross-checked by an independent tool:
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

/// cargo-semver-checks' verdict: `Ok(true)` when it finds a major change,
/// with the names of the lints that failed.
fn semver_checks(tool: &Path, old: &Path, new: &Path, target: &Path) -> Result<bool, String> {
    semver_checks_lints(tool, old, new, target).map(|(major, _)| major)
}

fn semver_checks_lints(
    tool: &Path,
    old: &Path,
    new: &Path,
    target: &Path,
) -> Result<(bool, Vec<String>), String> {
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
    // Each failed lint: "--- failure <name>: <what> ---".
    let lints = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--- failure "))
        .filter_map(|l| l.split(':').next())
        .map(str::to_owned)
        .collect();
    if text.contains("requires new major version") {
        Ok((true, lints))
    } else if out.status.success() {
        Ok((false, lints))
    } else {
        Err(format!("exit {:?}\n{text}", out.status.code()))
    }
}

/// The tool, or `None` (the test then passes, saying so) when it is not
/// installed and not required.
fn required_tool() -> Option<PathBuf> {
    let found = tool();
    if found.is_none() {
        assert!(
            std::env::var_os("APIGEN_REQUIRE_SEMVER_CHECKS").is_none(),
            "cargo-semver-checks is required here and was not found"
        );
        eprintln!("cargo-semver-checks not found: cross-check skipped");
    }
    found
}

fn semver_target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("semver-checks")
}

/// The vendor's real change: HighLevel's "Upload file attachments" as
/// transcribed from its doc page (`tests/import_fixtures/highlevel_hand_spec`),
/// then as the vendor's own `conversations.json` has it, imported as is (no
/// overlay: the overlay is written for the 41 files together). The vendor
/// made `contactId` required, dropped `fileAttachment` for `attachmentUrls`
/// and renamed the response type; both tools must call that a major change.
/// Of apigen diff's 12 breaking changes, cargo-semver-checks sees the
/// removed types (`struct_missing`, `enum_missing`), the removed setter
/// (`inherent_method_missing`) and fields (`struct_pub_field_missing`); the
/// new required `contactId` and the new `Output` type are the classes it
/// cannot see (`required_input_added`, `response_field_type_changed` & co. in
/// `semver_checks_explained.txt`, each proven by a consumer snippet).
#[test]
fn cargo_semver_checks_agrees_on_highlevels_real_conversations_change() {
    let Some(tool) = required_tool() else { return };
    let work = tempfile::tempdir().unwrap();
    let hand = root().join("tests/import_fixtures/highlevel_hand_spec");
    let vendor_specs = work.path().join("vendor-specs");
    let imported = apigen_codegen::import::import_openapi(&apigen_codegen::import::ImportOptions {
        files: vec![root().join("spec/highlevel/import/openapi/apps/conversations.json")],
        api: "highlevel".to_owned(),
        command: "(tests/semver_checks.rs)".to_owned(),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{}", e.render()));
    apigen_codegen::import::write(&vendor_specs.join("highlevel"), &imported).unwrap();

    let old_apis = apigen_codegen::load_dir(&hand).unwrap();
    let new_apis = apigen_codegen::load_dir(&vendor_specs).unwrap();
    let changes = apigen_codegen::diff::diff(&old_apis, &new_apis);
    let breaking: Vec<String> = changes
        .iter()
        .filter(|c| c.class == apigen_codegen::diff::Class::Breaking)
        .map(|c| c.what.clone())
        .collect();
    assert!(
        breaking.iter().any(|w| w.contains("contactId")),
        "apigen diff misses the new required contactId: {breaking:#?}"
    );

    let (old, new) = (work.path().join("old"), work.path().join("new"));
    generated_crate(&hand, &old);
    generated_crate(&vendor_specs, &new);
    // A target of its own: the fixtures' test runs beside this one, and both
    // crates are `fixture 1.0.0`.
    let target = semver_target().join("vendor-change");
    let (major, lints) = semver_checks_lints(&tool, &old, &new, &target)
        .unwrap_or_else(|e| panic!("cargo-semver-checks did not run:\n{e}"));
    eprintln!(
        "apigen diff: {} breaking changes; cargo-semver-checks: major={major}, failed lints {lints:?}",
        breaking.len()
    );
    assert!(
        major,
        "apigen diff finds {} breaking changes and cargo-semver-checks none: {breaking:#?}",
        breaking.len()
    );
    // What it sees is what we call breaking too: removed types (the
    // hand spec's FileType, UploadFilesResponse...) and a removed setter.
    assert!(
        lints
            .iter()
            .any(|l| l.contains("struct_missing") || l.contains("enum_missing")),
        "{lints:?}"
    );
}

#[test]
fn cargo_semver_checks_agrees_with_codegen_diff() {
    let Some(tool) = required_tool() else { return };
    let explained: BTreeMap<String, String> =
        std::fs::read_to_string(root().join("tests/semver_checks_explained.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
    let work = tempfile::tempdir().unwrap();
    let target = semver_target();
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
            "{name}: apigen diff breaking={ours}, cargo-semver-checks major={theirs}"
        ));
        match (ours == theirs, explained.contains_key(&name)) {
            (false, false) => unexplained.push(format!(
                "{name}: apigen diff says breaking={ours}, cargo-semver-checks says major={theirs}"
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
