//! Every invalid spec under `invalid_specs/` (one per rule) is refused with a
//! rendered diagnostic: message, file:line:column, the source line, the path
//! inside the document and a hint. The snapshots are the expected output.

use std::path::Path;

#[test]
fn each_invalid_spec_gets_its_diagnostic() {
    // Relative paths keep the snapshots free of this machine's directories.
    let mut cases: Vec<_> = std::fs::read_dir("invalid_specs")
        .expect("tests run from the tests/ directory")
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "one case per rule");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let problems = match apigen_codegen::load_dir(&case) {
            Ok(_) => panic!("{name}: the spec was accepted"),
            Err(p) => p,
        };
        for p in &problems.0 {
            assert!(
                p.line > 0 && p.column > 0,
                "{name}: every problem has a position: {p}"
            );
        }
        insta::assert_snapshot!(name, problems.render());
    }
}

#[test]
fn the_valid_demo_spec_passes() {
    apigen_codegen::load_dir(Path::new("valid_specs/demo"))
        .unwrap_or_else(|e| panic!("{}", e.render()));
}

/// `valid_specs/split/demo/` is `valid_specs/demo/spec.yaml` split into
/// `api.yaml` and a group file: the same API, the same generated code.
#[test]
fn an_api_split_over_files_is_the_api_of_one_file() {
    let render = |dir: &str| {
        let apis =
            apigen_codegen::load_dir(Path::new(dir)).unwrap_or_else(|e| panic!("{}", e.render()));
        let output = apigen_codegen::render(&apis).unwrap();
        output.files[1]
            .contents
            .replace("Source: spec/demo/", "Source: spec/spec.yaml")
    };
    assert_eq!(render("valid_specs/split"), render("valid_specs/demo"));
}

#[test]
fn json_output_lists_every_problem_with_its_position() {
    let problems =
        apigen_codegen::load_dir(Path::new("invalid_specs/many_problems_at_once")).unwrap_err();
    let json: serde_json::Value = serde_json::from_str(&problems.to_json()).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), problems.0.len());
    assert!(list.len() >= 5, "all problems at once, not just the first");
    for item in list {
        assert!(item["line"].as_u64().unwrap() > 0);
        assert!(item["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(item["path"].is_string());
    }
}

#[test]
fn build_scripts_fail_with_the_same_rendered_diagnostics() {
    // `apigen_codegen::build` is the call in generated/build.rs; on a bad spec it
    // returns the diagnostics (the build script prints them and exits 1)
    // instead of panicking.
    let out_dir = std::env::temp_dir().join(format!("codegen-build-{}", std::process::id()));
    std::env::set_var("OUT_DIR", &out_dir);
    let spec = Path::new("invalid_specs/many_problems_at_once");
    let from_build = apigen_codegen::build(spec).unwrap_err();
    let from_check = apigen_codegen::load_dir(spec).unwrap_err();
    assert_eq!(from_build.render(), from_check.render());
    assert!(
        !out_dir.join("apis.rs").exists(),
        "nothing is generated from a bad spec"
    );
}
