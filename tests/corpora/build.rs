//! Imports the vendor files of `../shared` selected by the crate's features
//! (all of them with `all`) as they are, with no overlay, into
//! `OUT_DIR/spec/`, and generates their clients there: what a user gets
//! from their vendor's file alone, compiled in CI.

use std::path::Path;

#[path = "apis.rs"]
mod apis;

fn feature_on(name: &str) -> bool {
    std::env::var_os(format!("CARGO_FEATURE_{}", name.to_uppercase())).is_some()
}

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("run by cargo")).join("spec");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=apis.rs");
    let all = feature_on("all");
    let wanted = |name: &str| all || feature_on(name);
    // Cargo sets CARGO_FEATURE_* for this crate's features only.
    let any_feature =
        std::env::vars_os().any(|(k, _)| k.to_string_lossy().starts_with("CARGO_FEATURE_"));
    if !any_feature {
        // Nothing selected: an empty crate, and no need for ../shared.
        std::fs::write(out.with_file_name("apis.rs"), "").expect("OUT_DIR is writable");
        return;
    }
    println!("cargo:rerun-if-changed={}", shared.display());
    let corpus = apis::corpus_apis(&shared).unwrap_or_else(|e| {
        eprintln!(
            "{}: {e} (the corpora are read from ../shared beside the checkout)",
            shared.display()
        );
        std::process::exit(1);
    });
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
    if let Err(problems) = apigen_codegen::Config::new(out).build() {
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
}
