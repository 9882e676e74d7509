//! The generated source of every API, as reviewed in pull requests.
//!
//! A change to the generator or a spec changes these snapshots; review the
//! diff with `cargo insta review`. In CI (`CI=true`) a stale snapshot fails.

use tests::spec_dir;

#[test]
fn generated_sources_match_the_snapshots() {
    // As `generated/build.rs` renders them: every example a doctest.
    let output = apigen_codegen::Config::new(spec_dir())
        .doctests("generated", |_, _| true)
        .render()
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = output.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["apis.rs", "highlevel.rs", "zoho_crm.rs"]);
    for file in &output.files {
        insta::assert_snapshot!(file.name.as_str(), file.contents);
    }
}

/// `tests/kinds/spec`: one spec with every kind of operation the format has.
#[test]
fn the_every_kind_spec_matches_its_snapshot() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kinds/spec");
    // As `kinds/build.rs` renders it (but for the mock, in the snapshot
    // below): every example a doctest.
    let output = apigen_codegen::Config::new(dir)
        .doctests("kinds", |_, _| true)
        .render()
        .unwrap_or_else(|e| panic!("{e}"));
    let file = output.files.iter().find(|f| f.name == "kinds.rs").unwrap();
    insta::assert_snapshot!("kinds.rs", file.contents);
    // The `webhooks` section: events, verification, the typed `Event`.
    let file = output.files.iter().find(|f| f.name == "events.rs").unwrap();
    insta::assert_snapshot!("events.rs", file.contents);
}

#[test]
fn generation_is_deterministic() {
    let first = apigen_codegen::generate(&spec_dir()).unwrap_or_else(|e| panic!("{e}"));
    let second = apigen_codegen::generate(&spec_dir()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.files, second.files);
}

#[test]
fn output_does_not_depend_on_directory_order() {
    // The same specs written in the opposite order into a fresh directory.
    let dir = std::env::temp_dir().join(format!("codegen-order-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut specs = apigen_codegen::load::spec_files(&spec_dir()).unwrap();
    specs.reverse();
    for spec in &specs {
        let target = dir.join(spec.strip_prefix(spec_dir()).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(spec, target).unwrap();
    }
    let here = apigen_codegen::generate(&dir).unwrap_or_else(|e| panic!("{e}"));
    let there = apigen_codegen::generate(&spec_dir()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(here.files, there.files);
}

#[test]
fn the_summary_counts_what_the_pages_document() {
    let output = apigen_codegen::generate(&spec_dir()).unwrap_or_else(|e| panic!("{e}"));
    let s = output.stats;
    // HighLevel: the 576 operations of the vendor's 41 files, every one imported.
    assert_eq!((s.apis, s.operations), (2, 1 + 576));
    // Zoho: 9 entries on the page, INVALID_MODULE twice → 8 variants, and the
    // 429 TOO_MANY_REQUESTS from Zoho's limits docs; HighLevel: what its
    // files document per operation (400, 401, 413, 415, 422...).
    assert_eq!(s.error_variants, 1589);
}

/// The mock's part of each API (generated with the `mock` option): each
/// operation's `runtime::mock` impls and the API's `mock` module, cut out of
/// the full file so that the snapshots above stay the one review surface of
/// everything else.
#[test]
fn generated_mocks_match_the_snapshots() {
    let mut apis = apigen_codegen::load_dir(&spec_dir()).unwrap_or_else(|e| panic!("{e}"));
    let kinds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kinds/spec");
    apis.extend(apigen_codegen::load_dir(&kinds).unwrap_or_else(|e| panic!("{e}")));
    let options = apigen_codegen::Options {
        mock: true,
        ..Default::default()
    };
    let output = apigen_codegen::render_with(&apis, &options, None).unwrap();
    for file in output.files.iter().filter(|f| f.name != "apis.rs") {
        let parsed = syn::parse_file(&file.contents).unwrap();
        let mut items = Vec::new();
        for item in parsed.items {
            let syn::Item::Mod(module) = item else {
                continue;
            };
            if module.ident == "mock" {
                items.push(syn::Item::Mod(module));
                continue;
            }
            let Some((_, content)) = module.content else {
                continue;
            };
            items.extend(content.into_iter().filter(|item| {
                matches!(item, syn::Item::Impl(i) if i.trait_.as_ref().is_some_and(|(_, path, _)| {
                    path.segments.iter().any(|s| s.ident == "mock")
                }))
            }));
        }
        let mocks = prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items,
        });
        insta::assert_snapshot!(format!("mock__{}", file.name), mocks);
    }
}

/// `examples/consumer/src/checked_in/`: the generated files a consumer
/// checks in must be what `apigen generate` writes today, else the
/// example documents an older generator.
#[test]
fn the_consumers_checked_in_files_are_fresh() {
    let consumer = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/consumer");
    // As the CLI renders them: one module folder, without the cache.
    let output = apigen_codegen::Config::new(consumer.join("spec"))
        .layout(apigen_codegen::Layout::Modules)
        .render()
        .unwrap_or_else(|e| panic!("{e}"));
    for file in &output.files {
        let path = consumer.join("src/checked_in").join(&file.name);
        let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        assert!(
            on_disk == file.contents,
            "{path:?} is stale: run `cargo run -p apigen-codegen -- generate --spec examples/consumer/spec --out examples/consumer/src/checked_in`"
        );
    }
}
