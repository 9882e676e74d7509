//! `codegen import openapi`: the shipped HighLevel spec is exactly what
//! re-importing the vendored file with its overlay gives; an overlay action
//! that no longer matches fails at its line; Zoho-shaped files (absolute-URL
//! refs, errors inside 200 `oneOf`s, scopes with a `{module}` variable,
//! records with `additionalProperties`) import into a valid spec, and every
//! repair is in the report; `codegen diff` from the old hand transcription
//! reports the vendor's new required `contactId` as breaking.

use std::path::{Path, PathBuf};

use apigen_codegen::import::{import_openapi, write, ImportOptions};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The options `spec/highlevel/api.yaml`'s header records, run from the
/// workspace root.
fn highlevel_options() -> ImportOptions {
    let api = std::fs::read_to_string(root().join("spec/highlevel/api.yaml")).unwrap();
    let command = api
        .lines()
        .find_map(|l| l.strip_prefix("#   "))
        .expect("the header records the re-import command")
        .to_owned();
    let args: Vec<&str> = command.split_whitespace().collect();
    let value = |flag: &str| {
        let i = args.iter().position(|a| *a == flag).unwrap();
        root().join(args[i + 1])
    };
    let start = args.iter().position(|a| *a == "openapi").unwrap() + 1;
    let files = args[start..]
        .iter()
        .take_while(|a| !a.starts_with("--"))
        .map(|f| root().join(f))
        .collect();
    ImportOptions {
        files,
        api: "highlevel".to_owned(),
        refs: None,
        overlay: Some(value("--overlay")),
        command,
    }
}

/// Paths as the header writes them: relative to the workspace root.
fn relative(text: &str) -> String {
    text.replace(&format!("{}/", root().display()), "")
}

#[test]
fn reimporting_highlevel_gives_the_shipped_spec_byte_for_byte() {
    let imported =
        import_openapi(&highlevel_options()).unwrap_or_else(|e| panic!("{}", e.render()));
    let names: Vec<&str> = imported.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["api.yaml", "conversations.yaml"]);
    for (name, text) in &imported.files {
        let shipped = std::fs::read_to_string(root().join("spec/highlevel").join(name)).unwrap();
        assert!(
            relative(text) == shipped,
            "spec/highlevel/{name} is not what the import writes: re-import (command in api.yaml)"
        );
    }
    let report = std::fs::read_to_string(root().join("spec/highlevel/import/report.md")).unwrap();
    assert_eq!(relative(&imported.report.render_markdown()), report);
    assert_eq!(
        (
            imported.report.operations_found,
            imported.report.operations_imported
        ),
        (29, 29)
    );
}

#[test]
fn an_overlay_action_that_matches_nothing_fails_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let overlay =
        std::fs::read_to_string(root().join("spec/highlevel/import/overlay.yaml")).unwrap();
    // The vendor renames the upload: the overlay's corrections of it no longer apply.
    let vanished = overlay.replace(
        "$.operations.upload_file_attachments.errors.list[?@.status == 401]",
        "$.operations.upload_attachments.errors.list[?@.status == 401]",
    );
    let path = dir.path().join("overlay.yaml");
    std::fs::write(&path, vanished).unwrap();
    let mut options = highlevel_options();
    options.overlay = Some(path);
    let problems = import_openapi(&options).unwrap_err();
    assert_eq!(problems.0.len(), 1, "{}", problems.render());
    let rendered = problems
        .render()
        .replace(&dir.path().display().to_string(), "TMP");
    insta::assert_snapshot!("overlay_target_vanished", rendered);
}

#[test]
fn zoho_shaped_files_import_into_a_valid_spec_with_every_repair_reported() {
    let fixtures = root().join("tests/import_fixtures/zoho_shaped");
    let options = ImportOptions {
        files: vec![fixtures.join("records.json")],
        api: "zoho_shaped".to_owned(),
        refs: Some(fixtures.join("refs")),
        overlay: None,
        command: "(tests/import.rs)".to_owned(),
    };
    let imported = import_openapi(&options).unwrap_or_else(|e| panic!("{}", e.render()));
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("zoho_shaped"), &imported).unwrap();
    let apis = apigen_codegen::load_dir(dir.path()).unwrap_or_else(|e| panic!("{}", e.render()));
    apigen_codegen::render(&apis).unwrap();
    for (name, text) in &imported.files {
        insta::assert_snapshot!(format!("zoho_shaped__{name}"), relative(text));
    }
    insta::assert_snapshot!(
        "zoho_shaped__report",
        relative(&imported.report.render_markdown())
    );
}

#[test]
fn diff_from_the_hand_transcription_reports_contact_id_as_breaking() {
    let old = apigen_codegen::load_dir(&root().join("tests/import_fixtures/highlevel_hand_spec"))
        .unwrap();
    let new: Vec<_> = apigen_codegen::load_dir(&root().join("spec"))
        .unwrap()
        .into_iter()
        .filter(|a| a.module == "highlevel")
        .collect();
    let changes = apigen_codegen::diff::diff(&old, &new);
    let contact = changes
        .iter()
        .find(|c| c.what.contains("contactId"))
        .unwrap_or_else(|| panic!("{changes:#?}"));
    assert_eq!(
        contact.class,
        apigen_codegen::diff::Class::Breaking,
        "{contact:?}"
    );
    assert_eq!(
        contact.operation.as_deref(),
        Some("upload_file_attachments")
    );
}
