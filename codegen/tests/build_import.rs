//! `Config::import`: a build script's import of the user's own pages (or
//! OpenAPI files) into the output directory, then generation from there.
//! The pages are this repository's own (`fixtures/pages/widgets.md`, in the
//! shape of Zoho CRM's), read with the Zoho page profile.

use std::path::{Path, PathBuf};

use apigen_codegen::{Config, Import};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn profile() -> PathBuf {
    manifest().join("../spec/import/zoho_crm/profile.yaml")
}

/// A folder holding the fixture page, as `apigen fetch pages` leaves one.
fn pages_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        manifest().join("tests/fixtures/pages/widgets.md"),
        dir.path().join("widgets.md"),
    )
    .unwrap();
    // Not a page: neither read nor watched.
    std::fs::write(dir.path().join(".apigen-fetch.json"), "{}").unwrap();
    dir
}

#[test]
fn pages_are_imported_into_the_output_directory_and_generated_from_there() {
    let pages = pages_folder();
    let out = tempfile::tempdir().unwrap();
    let output = Config::import(Import::pages("zoho_crm", pages.path(), profile()))
        .out_dir(out.path())
        .generate()
        .unwrap_or_else(|problems| panic!("{}", problems.render()));
    assert_eq!(output.stats.apis, 1);
    assert_eq!(output.stats.operations, 2);
    let spec = std::fs::read_to_string(out.path().join("spec/zoho_crm.yaml")).unwrap();
    assert!(spec.contains("list_widgets_by_widget_id:"), "{spec}");
    let client = std::fs::read_to_string(out.path().join("zoho_crm.rs")).unwrap();
    assert!(client.contains("pub mod list_widgets_by_widget_id"));

    // A second run with other inputs leaves nothing of the first behind.
    let openapi = manifest().join("tests/fixtures/import/names.yaml");
    Config::import(Import::openapi("names", [&openapi]))
        .out_dir(out.path())
        .generate()
        .unwrap_or_else(|problems| panic!("{}", problems.render()));
    assert!(!out.path().join("spec/zoho_crm.yaml").exists());
    assert!(out.path().join("spec/names/api.yaml").exists());
}

#[test]
fn the_inputs_watched_are_the_folder_its_pages_the_profile_and_the_overlay() {
    let pages = pages_folder();
    let overlay = pages.path().join("../overlay.yaml");
    let import = Import::pages("zoho_crm", pages.path(), profile()).overlay(&overlay);
    assert_eq!(
        import.inputs(),
        [
            pages.path().to_path_buf(),
            pages.path().join("widgets.md"),
            profile(),
            overlay,
        ]
    );
    let files = [Path::new("a.json"), Path::new("b.json")];
    let import = Import::openapi("api", files).refs("common");
    assert_eq!(
        import.inputs(),
        [
            PathBuf::from("a.json"),
            PathBuf::from("b.json"),
            PathBuf::from("common")
        ]
    );
}

#[test]
fn an_import_problem_is_reported_as_check_reports_it() {
    let pages = pages_folder();
    let out = tempfile::tempdir().unwrap();
    let overlay = out.path().join("overlay.yaml");
    std::fs::write(
        &overlay,
        "overlay: 1.0.0\ninfo: {title: corrections, version: '1'}\nactions:\n  - target: $.operations.no_such_operation\n    update: {summary: Never applied}\n",
    )
    .unwrap();
    let problems =
        Config::import(Import::pages("zoho_crm", pages.path(), profile()).overlay(&overlay))
            .out_dir(out.path())
            .generate()
            .expect_err("an overlay action that matches nothing fails the import");
    let rendered = problems.render();
    assert!(rendered.contains("error"), "{rendered}");
    assert!(
        rendered.contains(&overlay.display().to_string()),
        "the report names the overlay: {rendered}"
    );
    assert!(
        !out.path().join("zoho_crm.rs").exists(),
        "nothing generated from a failed import"
    );

    let missing = out.path().join("no-pages-here");
    let problems = Config::import(Import::pages("zoho_crm", &missing, profile()))
        .out_dir(out.path())
        .generate()
        .expect_err("a missing folder of pages fails");
    let rendered = problems.render();
    assert!(rendered.contains("no-pages-here"), "{rendered}");
}

#[test]
fn render_alone_refuses_an_import_which_has_nowhere_to_write() {
    let pages = pages_folder();
    let problems = Config::import(Import::pages("zoho_crm", pages.path(), profile()))
        .render()
        .expect_err("render writes nothing");
    assert!(problems.render().contains("Config::generate"));
}
