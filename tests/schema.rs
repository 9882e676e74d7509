//! `spec/schema.json` is made from the spec types; editors validate and
//! complete specs with it. This test fails when it is stale, and (outside CI)
//! writes the fresh one so that the fix is to commit it.

use std::path::Path;

#[test]
fn the_checked_in_json_schema_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/schema.json");
    let fresh = apigen_codegen::json_schema();
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != fresh {
        if std::env::var_os("CI").is_none() {
            std::fs::write(&path, &fresh).unwrap();
        }
        panic!(
            "spec/schema.json is stale{}; regenerate it with `cargo run -p apigen-codegen -- schema > spec/schema.json`",
            if std::env::var_os("CI").is_none() { " (rewritten now: review and commit it)" } else { "" }
        );
    }
}

#[test]
fn every_spec_names_the_schema_for_editors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("# yaml-language-server: $schema=./schema.json\n"),
                "{} must start with the yaml-language-server schema comment",
                path.display()
            );
        }
    }
}
