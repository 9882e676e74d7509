//! Imports HighLevel's four vendored OpenAPI files as they are (no
//! overlay) into `OUT_DIR/spec/highlevel_all/`, then generates the client
//! and its mock from there: what a user gets from the vendor's files alone,
//! examples included.

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let vendor = root.join("spec/highlevel/import/openapi");
    println!("cargo:rerun-if-changed={}", vendor.display());
    let files: Vec<_> = ["conversations", "contacts", "calendars", "oauth"]
        .iter()
        .map(|f| vendor.join("apps").join(format!("{f}.json")))
        .collect();
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("run by cargo")).join("spec");
    let options = apigen_codegen::import::ImportOptions {
        files,
        api: "highlevel_all".to_owned(),
        command: "(tests/imported/build.rs)".to_owned(),
        ..Default::default()
    };
    let imported = match apigen_codegen::import::import_openapi(&options) {
        Ok(i) => i,
        Err(problems) => {
            eprint!("{}", problems.render());
            std::process::exit(1);
        }
    };
    apigen_codegen::import::write(&out.join("highlevel_all"), &imported)
        .expect("OUT_DIR is writable");
    // Every group with `highlevel_all`, else those whose feature is on;
    // every example a doctest that `cargo test` compiles.
    if let Err(problems) = apigen_codegen::Config::new(out)
        .mock(true)
        .select_by_features()
        .doctests("imported", |_, _| true)
        .build()
    {
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
}
