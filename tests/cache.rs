//! Incremental generation: with the formatting cache, the output is the same
//! bytes as without it, and only the item groups whose inputs changed are
//! formatted again.

use std::path::Path;

use apigen_codegen::{render, render_cached, Output};
use tests::spec_dir;

/// A copy of `spec/`'s spec files (split APIs' too) with `edit` applied to
/// `file` (`zoho_crm.yaml`, `highlevel/api.yaml`).
fn edited_specs(root: &Path, file: &str, edit: impl Fn(&str) -> String) -> std::path::PathBuf {
    let dir = root.join(format!("spec-{}", root.read_dir().unwrap().count()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = spec_dir();
    for path in apigen_codegen::load::spec_files(&spec).unwrap() {
        let name = path.strip_prefix(&spec).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = if name == Path::new(file) {
            edit(&text)
        } else {
            text
        };
        let target = dir.join(name);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    dir
}

/// Generates `specs` with the cache in `cache`, checks the output against a
/// generation without cache, and returns (groups formatted, groups reused).
fn generate_cached(specs: &Path, cache: &Path) -> (usize, usize) {
    let apis = apigen_codegen::load_dir(specs).unwrap_or_else(|d| panic!("{}", d.render()));
    let cached: Output = render_cached(&apis, Some(cache)).unwrap();
    let fresh = render(&apis).unwrap();
    assert!(cached.warnings.is_empty(), "{:?}", cached.warnings);
    assert_eq!(cached.files, fresh.files, "the cache changed the output");
    (cached.stats.groups_formatted, cached.stats.groups_reused)
}

#[test]
fn only_groups_whose_inputs_changed_are_formatted_again() {
    let root = tempfile::tempdir().unwrap();
    let cache = root.path().join("cache");
    let unchanged = edited_specs(root.path(), "", str::to_owned);

    let (formatted, reused) = generate_cached(&unchanged, &cache);
    assert_eq!(reused, 0, "an empty cache");
    let groups = formatted;
    assert!(groups > 10, "{groups} groups");

    assert_eq!(generate_cached(&unchanged, &cache), (0, groups));

    // One operation's docs: that operation's module only.
    let one_op = edited_specs(root.path(), "highlevel/conversations.yaml", |t| {
        t.replacen(
            "summary: Upload file attachments",
            "summary: Upload files",
            1,
        )
    });
    assert_eq!(generate_cached(&one_op, &cache), (1, groups - 1));

    // A shared enum (read by the operations' code): every group of that API.
    let enum_value = edited_specs(root.path(), "highlevel/api.yaml", |t| {
        t.replacen(
            "mime_type: application/pdf",
            "mime_type: application/x-pdf",
            1,
        )
    });
    let (formatted, reused) = generate_cached(&enum_value, &cache);
    let zoho_groups = {
        let apis = apigen_codegen::load_dir(&unchanged).unwrap();
        let zoho = apis.iter().find(|a| a.module == "zoho_crm").unwrap();
        1 + zoho.enums.len() + zoho.structs.len() + zoho.operations.len()
    };
    assert_eq!((formatted, reused), (groups - zoho_groups, zoho_groups));

    // Undoing the edits finds the earlier texts still in the cache.
    assert_eq!(generate_cached(&unchanged, &cache), (0, groups));
}

#[test]
fn a_damaged_cache_costs_time_not_correctness() {
    let root = tempfile::tempdir().unwrap();
    let cache = root.path().join("cache");
    let specs = edited_specs(root.path(), "", str::to_owned);
    let (groups, _) = generate_cached(&specs, &cache);

    let file = cache.join("zoho_crm.fmt-cache");
    let text = std::fs::read_to_string(&file).unwrap();
    // Edit a generated text inside the cache, keeping its length.
    let damaged = text.replacen("pub enum", "pub enun", 1);
    assert_ne!(damaged, text);
    std::fs::write(&file, damaged).unwrap();
    let (formatted, reused) = generate_cached(&specs, &cache);
    assert!(formatted > 0 && formatted + reused == groups);

    std::fs::write(&file, &text[..text.len() / 2]).unwrap();
    let (formatted, _) = generate_cached(&specs, &cache);
    assert!(formatted > 0);
    assert_eq!(generate_cached(&specs, &cache), (0, groups));
}

/// The cache key of an operation's group leaves out the other operations;
/// this holds only while no emitter reads them.
#[test]
fn an_operation_emits_the_same_without_the_other_operations() {
    let mut specs = apigen_codegen::load_dir(&spec_dir()).unwrap();
    // Two operations in one API, so that "the others" is not empty.
    let mut second = specs[0].operations[0].clone();
    second.rust_name.push_str("_again");
    specs[0].operations.push(second);
    // With the mock too: its per-operation impls live in the operation's group.
    let mock = apigen_codegen::Options {
        mock: true,
        ..Default::default()
    };
    for (api, options) in specs.iter().flat_map(|api| {
        [
            (api, apigen_codegen::Options::default()),
            (api, mock.clone()),
        ]
    }) {
        let groups: Vec<_> = apigen_codegen::emit::api_groups(api, &options).collect();
        for (index, group) in groups.iter().enumerate() {
            let apigen_codegen::emit::Group::Operation(op) = group else {
                continue;
            };
            let mut alone = api.clone();
            alone.operations = vec![(*op).clone()];
            let with_others = group.emit(api, &options).to_string();
            let without = apigen_codegen::emit::Group::Operation(&alone.operations[0])
                .emit(&alone, &options)
                .to_string();
            assert_eq!(with_others, without, "{} group {index}", api.module);
        }
    }
}
