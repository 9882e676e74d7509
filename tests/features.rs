//! Every API has its cargo feature in `generated/Cargo.toml`, so that a
//! consumer of one vendor can compile only that vendor's module; every group
//! of a split API has its own, so that a consumer of a few groups compiles
//! only those. Each API is on by default, whole or (split APIs) through the
//! groups the default names.

#[test]
fn every_spec_has_a_default_feature() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).unwrap();
    let default = manifest
        .lines()
        .find(|l| l.starts_with("default = ["))
        .expect("a default feature list");
    for api in apigen_codegen::load_dir(&tests::spec_dir()).unwrap() {
        let name = &api.module;
        assert!(
            manifest.lines().any(|l| l.trim() == format!("{name} = []")),
            "add `{name} = []` under [features] in generated/Cargo.toml"
        );
        assert!(
            default.contains(&format!("\"{name}\"")) || default.contains(&format!("\"{name}-")),
            "add \"{name}\" or one of its groups to the default features"
        );
    }
    let apis = apigen_codegen::load_dir(&tests::spec_dir()).unwrap();
    for line in apigen_codegen::cargo_features(&apis).lines() {
        assert!(
            manifest.lines().any(|l| l.trim() == line),
            "generated/Cargo.toml lacks `{line}`: its features are `cargo run -p apigen-codegen -- features`"
        );
    }
}
