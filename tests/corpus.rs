//! Every real vendor file of `../shared/vendor-openapi/` and
//! `../shared/openapi-corpus/` imports with at least 99% of its operations
//! and generates: HighLevel's 41 files as one API, Zoho's 12 as one, each
//! corpus file as its own. The files are read where they are (Zoho's may
//! not be copied). Prints per API: operations in the source, imported,
//! approximated, skipped, and the skips by reason.

use std::path::{Path, PathBuf};

use apigen_codegen::import::{import_openapi, ImportOptions};

#[path = "corpora/apis.rs"]
mod apis;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

#[test]
fn every_corpus_api_imports_and_generates() {
    if !shared().join("vendor-openapi").is_dir() {
        panic!(
            "{} is missing: the corpus test reads the vendor files there",
            shared().display()
        );
    }
    let mut failures = Vec::new();
    let mut lines = Vec::new();
    let corpus = apis::corpus_apis(&shared()).expect("the corpus folders are readable");
    for apis::CorpusApi {
        name: api,
        files,
        refs,
    } in corpus
    {
        let options = ImportOptions {
            files,
            api: api.clone(),
            refs,
            command: "(tests/corpus.rs)".to_owned(),
            ..Default::default()
        };
        let imported = match import_openapi(&options) {
            Ok(i) => i,
            Err(problems) => {
                failures.push(format!("{api}: the import failed whole:\n{problems}"));
                continue;
            }
        };
        let r = &imported.report;
        lines.push(format!(
            "{api:<40} {:>4} in the source, {:>4} imported, {:>4} approximated, {:>3} skipped",
            r.operations_found,
            r.operations_imported,
            r.operations_approximated,
            r.operations_skipped.len()
        ));
        for (reason, n) in r.skips_by_reason() {
            lines.push(format!("    {n:>4} skipped: {reason}"));
        }
        if r.operations_imported * 100 < r.operations_found * 99 {
            failures.push(format!(
                "{api}: {} of {} operations imported, under 99%",
                r.operations_imported, r.operations_found
            ));
        }
        // What was imported validates and generates.
        let dir = tempfile::tempdir().expect("a temporary directory");
        let out = dir.path().join(&api);
        apigen_codegen::import::write(&out, &imported).expect("the specs are written");
        match apigen_codegen::Config::new(dir.path()).render() {
            Ok(output) => assert_eq!(output.stats.operations, r.operations_imported, "{api}"),
            Err(problems) => failures.push(format!("{api}: generation failed:\n{problems}")),
        }
    }
    println!("{}", lines.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
