//! Every real vendor file of the corpus imports with at least 99% of its
//! operations and generates: HighLevel's 41 files as one API, and each file
//! of `tests/fixtures/openapi/` (progenitor's samples, Twilio's, Box's) as
//! its own, from the repository; Zoho CRM v8's 12 files as one API and
//! HubSpot's files, which may not be copied, from the shared folder
//! (`tests/support/shared.rs`: skipped, saying so, where it is absent).
//! Prints per API: operations in the source, imported, approximated,
//! skipped, and the skips by reason; then its census (what the vendor
//! documents against what arrived typed, by category). Every category is at
//! 99% or more, except those `corpus_census_below_99.txt` lists with the
//! floor measured and the vendor construct that holds it there: a listed
//! category that falls under its floor fails, and so does one that reaches
//! 99% while still listed (the list is kept true both ways).

use std::path::{Path, PathBuf};

use apigen_codegen::import::{import_openapi, ImportOptions};

#[path = "corpora/apis.rs"]
mod apis;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn every_licensed_api_imports_and_generates() {
    let apis = apis::licensed_apis(&root()).expect("the corpus folders are readable");
    // HighLevel, progenitor's 9, Twilio's 2, Box's 1 at least.
    assert!(apis.len() >= 13, "{} APIs", apis.len());
    imports_and_generates(apis);
}

#[test]
fn reference_only_apis_import_and_generate() {
    let Some(shared) = tests::shared_folder(
        "the reference-only corpus (Zoho CRM v8, HubSpot)",
        &apis::REFERENCE_ONLY_PARTS,
    ) else {
        return;
    };
    let apis =
        apis::reference_only_apis(&shared, &root()).expect("the corpus folders are readable");
    // Zoho, and HubSpot's 4 files at least.
    assert!(apis.len() >= 5, "{} APIs", apis.len());
    imports_and_generates(apis);
}

/// The shared folder's copies of the files this repository carries are the
/// same files: the repository's are unmodified (as MPL-2.0 asks of
/// progenitor's), and no vendor file changed there without its copy here.
#[test]
fn reference_only_folder_has_the_repositorys_corpus_files_unmodified() {
    let Some(shared) = tests::shared_folder(
        "the check of the vendored corpus files against the shared folder's",
        &["openapi-corpus"],
    ) else {
        return;
    };
    let fixtures = root().join(apis::FIXTURES);
    let mut compared = 0;
    for vendor in std::fs::read_dir(&fixtures).unwrap() {
        let vendor = vendor.unwrap().path();
        if !vendor.is_dir() {
            continue; // the folder's README
        }
        let name = vendor.file_name().unwrap();
        for file in std::fs::read_dir(&vendor).unwrap() {
            let file = file.unwrap().path();
            let file_name = file.file_name().unwrap();
            if file_name == "README.md" {
                continue; // where the files come from: ours
            }
            let original = shared.join("openapi-corpus").join(name).join(file_name);
            assert!(
                std::fs::read(&file).unwrap() == std::fs::read(&original).unwrap_or_default(),
                "{} differs from {}",
                file.display(),
                original.display()
            );
            compared += 1;
        }
    }
    // 9 + 2 + 1 OpenAPI files and 3 licenses.
    assert!(compared >= 15, "{compared} files compared");
}

/// Census categories under 99% typed that the list admits: (API, category)
/// to the floor, in percent.
fn admitted_below_99() -> std::collections::BTreeMap<(String, String), f64> {
    let path = root().join("tests/corpus_census_below_99.txt");
    let text = std::fs::read_to_string(&path).expect("the list of census categories under 99%");
    let mut admitted = std::collections::BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [api, category @ .., floor] = fields.as_slice() else {
            panic!("{}:{}: `api category floor%`", path.display(), n + 1);
        };
        let floor: f64 = floor
            .trim_end_matches('%')
            .parse()
            .unwrap_or_else(|_| panic!("{}:{}: a floor in percent", path.display(), n + 1));
        admitted.insert(((*api).to_owned(), category.join(" ")), floor);
    }
    admitted
}

/// Imports each API as it is, with no overlay, and generates it.
fn imports_and_generates(corpus: Vec<apis::CorpusApi>) {
    let mut failures = Vec::new();
    let mut lines = Vec::new();
    let admitted = admitted_below_99();
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
        lines.push(imported.census.table());
        for c in &imported.census.categories {
            // As printed, to the tenth of a percent: the floors are written so.
            let fidelity = (c.fidelity() * 10.0).round() / 10.0;
            match admitted.get(&(api.clone(), c.name.clone())) {
                None if fidelity < 99.0 => failures.push(format!(
                    "{api}: census {}: {} of {} typed ({fidelity:.1}%), under 99%",
                    c.name, c.typed, c.source
                )),
                Some(floor) if fidelity < *floor => failures.push(format!(
                    "{api}: census {}: {fidelity:.1}% typed, under the floor of {floor}% that corpus_census_below_99.txt admits",
                    c.name
                )),
                Some(_) if fidelity >= 99.0 => failures.push(format!(
                    "{api}: census {}: {fidelity:.1}% typed: take it out of corpus_census_below_99.txt",
                    c.name
                )),
                _ => {}
            }
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
