//! Imports the corpus APIs selected by the crate's features (all of them
//! with `all`) as they are, with no overlay, into `OUT_DIR/spec/`, and
//! generates their clients there: what a user gets from their vendor's file
//! alone, compiled in CI. The licensed APIs come from the repository; the
//! reference-only ones (Zoho's, HubSpot's) from the shared folder, and are
//! skipped with a warning where it is absent (`tests/support/shared.rs`).

use std::path::Path;

#[path = "apis.rs"]
mod apis;
#[path = "../support/shared.rs"]
mod shared;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("run by cargo")).join("spec");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=apis.rs");
    println!("cargo:rerun-if-changed=../support/shared.rs");
    // Cargo sets CARGO_FEATURE_* for this crate's features only.
    let features: Vec<String> = std::env::vars_os()
        .filter_map(|(k, _)| {
            k.to_string_lossy()
                .strip_prefix("CARGO_FEATURE_")
                .map(str::to_lowercase)
        })
        .collect();
    if features.is_empty() {
        // Nothing selected: an empty crate, and nothing read.
        std::fs::write(out.with_file_name("apis.rs"), "").expect("OUT_DIR is writable");
        return;
    }
    let all = features.iter().any(|f| f == "all");
    let wanted = |name: &str| all || features.iter().any(|f| f == name);
    for dir in ["spec/highlevel/import/openapi", apis::FIXTURES] {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
    }
    let mut corpus = apis::licensed_apis(&root).unwrap_or_else(|e| {
        eprintln!("{}: {e}", root.display());
        std::process::exit(1);
    });
    // A feature no licensed API answers to is a reference-only API's.
    let reference_wanted = all
        || features
            .iter()
            .any(|f| f != "all" && !corpus.iter().any(|a| a.name == *f));
    if reference_wanted {
        println!("cargo:rerun-if-env-changed={}", shared::DIR_VAR);
        println!("cargo:rerun-if-env-changed={}", shared::REQUIRE_VAR);
        match shared::find(
            "the reference-only corpus APIs (Zoho CRM v8, HubSpot)",
            &apis::REFERENCE_ONLY_PARTS,
        ) {
            Ok(dir) => {
                for part in apis::REFERENCE_ONLY_PARTS {
                    println!("cargo:rerun-if-changed={}", dir.join(part).display());
                }
                corpus.extend(apis::reference_only_apis(&dir, &root).unwrap_or_else(|e| {
                    eprintln!("{}: {e}", dir.display());
                    std::process::exit(1);
                }));
            }
            Err(skipped) => println!("cargo:warning={skipped}"),
        }
    }
    let selected: Vec<_> = corpus.into_iter().filter(|a| wanted(&a.name)).collect();
    for api in &selected {
        let options = apigen_codegen::import::ImportOptions {
            files: api.files.clone(),
            api: api.name.clone(),
            refs: api.refs.clone(),
            command: "(tests/corpora/build.rs)".to_owned(),
            ..Default::default()
        };
        let imported = match apigen_codegen::import::import_openapi(&options) {
            Ok(i) => i,
            Err(problems) => {
                eprint!("{}: {}", api.name, problems.render());
                std::process::exit(1);
            }
        };
        apigen_codegen::import::write(&out.join(&api.name), &imported)
            .expect("OUT_DIR is writable");
    }
    if selected.is_empty() {
        std::fs::write(out.with_file_name("apis.rs"), "").expect("OUT_DIR is writable");
        return;
    }
    if let Err(problems) = apigen_codegen::Config::new(out).build() {
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
}
