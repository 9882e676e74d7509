//! Any text as an OpenAPI document through `apigen import openapi` (in
//! memory: refs to other files are dangling): errors are fine, panics are
//! bugs, and every spec file the import writes must be YAML that the spec
//! loader reads without a syntax error.
#![no_main]

use std::path::PathBuf;

use apigen_codegen::import::{documents, import_documents, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = PathBuf::from("fuzz.json");
    let Ok(root) = documents::parse_document(&path, text) else {
        return;
    };
    let options = ImportOptions {
        files: vec![path.clone()],
        api: "fuzz".to_owned(),
        command: "(fuzz)".to_owned(),
        ..Default::default()
    };
    let docs = documents::Documents::from_parsed(vec![(path, root)]);
    let Ok(imported) = import_documents(docs, &options) else {
        return;
    };
    for (name, text) in &imported.files {
        if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text) {
            panic!("{name} is not YAML: {e}\n{text}");
        }
    }
});
