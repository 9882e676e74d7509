//! The classes of vendor constructs that used to arrive hollow, each as a
//! small vendor-shaped file of our own (`tests/fixtures/import/`), imported
//! and checked against what the vendor wrote; each import's census must
//! count every construct typed or say where it went.

use std::path::{Path, PathBuf};

use apigen_codegen::import::{import_openapi, ImportOptions, Imported};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn import(files: Vec<PathBuf>) -> Imported {
    let options = ImportOptions {
        files,
        api: "vendor".to_owned(),
        command: "(codegen/tests/import_classes.rs)".to_owned(),
        ..ImportOptions::default()
    };
    import_openapi(&options).unwrap_or_else(|e| panic!("{}", e.render()))
}

/// Every file of an import as one tree (sections merged).
fn tree(imported: &Imported) -> Value {
    let mut out = serde_json::Map::new();
    for (_, text) in &imported.files {
        let value: Value = serde_yaml::from_str(text).expect("imported files are YAML");
        for (key, v) in value.as_object().into_iter().flatten() {
            match (out.get_mut(key), v) {
                (Some(Value::Object(have)), Value::Object(more)) => {
                    have.extend(more.clone());
                }
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
    }
    Value::Object(out)
}

fn census_line(imported: &Imported, category: &str) -> (usize, usize) {
    let c = imported
        .census
        .category(category)
        .unwrap_or_else(|| panic!("no census category `{category}`"));
    (c.source, c.typed)
}

#[test]
fn refs_to_other_files_are_followed_wherever_they_are() {
    let imported = import(vec![fixture("refs/api.yaml")]);
    println!("{}", imported.census.table());
    let spec = tree(&imported);
    let ops = &spec["operations"];
    // Path items and operations given by `$ref`, relative to the file
    // that refers, chains included.
    for name in [
        "list_accounts",
        "create_account",
        "get_account",
        "update_account",
    ] {
        assert!(ops.get(name).is_some(), "{name} is imported: {ops:#}");
    }
    let get = &ops["get_account"];
    assert_eq!(get["summary"], "Get an account");
    assert_eq!(get["path"], "/accounts/{account_id}");
    // A path-level parameter by ref, an operation parameter by ref.
    assert_eq!(get["params"]["account_id"]["type"], "integer");
    assert_eq!(
        get["params"]["account_id"]["description"],
        "The account's id."
    );
    assert_eq!(get["params"]["expand"]["type"], "string[]");
    // A response by ref, its schema a ref to a ref, its header and example
    // refs too.
    let response = &get["response"];
    assert_eq!(response["body"], "AccountBase");
    assert_eq!(response["headers"]["X-Request-Id"]["type"], "string");
    let example: Value = serde_json::from_str(response["example"].as_str().unwrap()).unwrap();
    assert_eq!(example["name"], "Acme");
    assert_eq!(get["errors"]["list"][0]["status"], 404);
    assert_eq!(get["errors"]["list"][0]["body"], "Problem");
    // A parameter by a chain of refs, with its example.
    let list = &ops["list_accounts"];
    assert_eq!(list["params"]["limit"]["type"], "integer");
    assert_eq!(list["params"]["limit"]["maximum"], 100);
    assert_eq!(list["params"]["status"]["type"], "Status");
    assert_eq!(list["response"]["body"], "AccountBase[]");
    // A request body by ref, and a response by a ref to a ref.
    let create = &ops["create_account"];
    assert_eq!(create["params"]["name"]["in"], "body");
    assert_eq!(create["params"]["name"]["required"], true);
    assert_eq!(create["params"]["status"]["type"], "Status");
    assert_eq!(create["errors"]["list"][0]["status"], 422);
    assert_eq!(create["errors"]["list"][0]["body"], "Problem");
    assert_eq!(ops["update_account"]["params"]["name"]["in"], "body");
    // The security scheme by ref, and the file's requirement.
    assert_eq!(spec["security_schemes"]["token"]["scheme"], "bearer");
    // One type per vendor schema, named after its file.
    let schemas = spec["schemas"].as_object().unwrap();
    let names: Vec<&String> = schemas.keys().collect();
    assert_eq!(names, ["AccountBase", "Problem"], "{names:?}");
    assert!(spec["enums"].get("Status").is_some());
    // Everything the vendor documents arrived typed.
    for category in apigen_codegen::import::census::CATEGORIES {
        let (source, typed) = census_line(&imported, category);
        assert_eq!(source, typed, "{category}:\n{}", imported.census.table());
    }
    assert_eq!(census_line(&imported, "operations"), (4, 4));
    assert_eq!(census_line(&imported, "parameters"), (5, 5));
    assert_eq!(census_line(&imported, "error bodies"), (2, 2));
}

#[test]
fn a_wrapped_reference_is_the_schema_it_wraps_described_where_it_is_used() {
    let imported = import(vec![fixture("wrappers.yaml")]);
    let spec = tree(&imported);
    let holder = &spec["schemas"]["Holder"]["fields"];
    assert_eq!(holder["item"]["type"], "Item");
    assert_eq!(holder["item"]["description"], "The held item.");
    assert_eq!(holder["spare"]["type"], "Item");
    assert_eq!(holder["spare"]["description"], "A spare item, if any.");
    assert_eq!(holder["spare"]["nullable"], true);
    assert_eq!(holder["previous"]["type"], "Item");
    assert_eq!(holder["previous"]["description"], "The item held before.");
    // A reference extended with fields is a schema of its own, made of the
    // referenced one (`all_of`), not a copy of it.
    let extended = holder["extended"]["type"].as_str().unwrap();
    assert_eq!(spec["schemas"][extended]["all_of"][0], "Item");
    // No schema is `Item` again under another name.
    for (name, schema) in spec["schemas"].as_object().unwrap() {
        let copy = schema["all_of"] == serde_json::json!(["Item"])
            && schema
                .get("fields")
                .is_none_or(|f| f.as_object().is_none_or(|f| f.is_empty()));
        assert!(!copy, "`{name}` copies `Item`");
    }
}

#[test]
fn a_constraint_on_a_type_it_does_not_apply_to_costs_the_constraint_only() {
    let imported = import(vec![fixture("constraints.yaml")]);
    let spec = tree(&imported);
    let params = &spec["operations"]["list_pages"]["params"];
    assert_eq!(params["page"]["type"], "integer");
    assert_eq!(params["page"]["minimum"], 1);
    assert!(params["page"].get("pattern").is_none());
    assert!(params["page"].get("max_length").is_none());
    assert_eq!(params["ratio"]["maximum"], 2.5);
    assert!(params["ratio"].get("min_length").is_none());
    assert_eq!(params["kind"]["values"], serde_json::json!(["a", "b"]));
    let dropped: Vec<&str> = imported
        .report
        .entries
        .iter()
        .filter(|e| e.message.contains("applies to"))
        .map(|e| e.pointer.as_str())
        .collect();
    for key in ["pattern", "maxLength", "minLength", "maxItems"] {
        assert!(
            dropped.iter().any(|p| p.ends_with(&format!("/{key}"))),
            "`{key}` reported: {dropped:?}"
        );
    }
    assert_eq!(imported.report.operations_skipped.len(), 0);
    assert_eq!(census_line(&imported, "operations"), (1, 1));
}

#[test]
fn brackets_inside_strings_and_block_scalars_are_not_nesting() {
    let imported = import(vec![fixture("deep_samples.yaml")]);
    let spec = tree(&imported);
    assert_eq!(
        spec["operations"]["list_things"]["response"]["body"],
        "string[]"
    );
}

#[test]
fn a_chain_of_a_thousand_components_is_carried_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut schemas = serde_json::Map::new();
    let n = 1000;
    for i in 0..n {
        let mut properties = serde_json::json!({"value": {"type": "string"}});
        if i + 1 < n {
            properties["next"] =
                serde_json::json!({"$ref": format!("#/components/schemas/Node{}", i + 1)});
        }
        schemas.insert(
            format!("Node{i}"),
            serde_json::json!({"type": "object", "properties": properties}),
        );
    }
    let document = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Chain", "version": "1"},
        "paths": {"/head": {"get": {
            "operationId": "head",
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Node0"}}}}}
        }}},
        "components": {"schemas": schemas},
    });
    let path = dir.path().join("chain.json");
    std::fs::write(&path, document.to_string()).unwrap();
    let imported = import(vec![path]);
    let spec = tree(&imported);
    let declared = spec["schemas"].as_object().unwrap();
    assert_eq!(declared.len(), n);
    for i in 0..n - 1 {
        assert_eq!(
            declared[&format!("Node{i}")]["fields"]["next"]["type"],
            format!("Node{}", i + 1)
        );
    }
    assert!(!imported
        .report
        .entries
        .iter()
        .any(|e| e.message.contains("deeper")));
    assert_eq!(census_line(&imported, "schemas"), (n, n));
}

#[test]
fn operation_names_leave_out_what_a_generator_put_in_the_id() {
    let imported = import(vec![fixture("names.yaml")]);
    let spec = tree(&imported);
    let mut names: Vec<&String> = spec["operations"].as_object().unwrap().keys().collect();
    names.sort();
    assert_eq!(
        names,
        [
            "archive",
            "batch_archive",
            "batch_create",
            "create",
            "get_by_id",
            "get_files_id",
            "get_page",
            "remove_all_associations_between_two_records",
            "contacts_get_notes",
            "users_get_notes",
        ]
        .iter()
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    // Each shortening is reported.
    let shortened = imported
        .report
        .entries
        .iter()
        .filter(|e| e.message.contains("repeats its method and path"))
        .count();
    assert_eq!(shortened, 7);
}

#[test]
fn constructs_carried_as_another_shape_are_counted_as_carried() {
    let imported = import(vec![fixture("carried_as.yaml")]);
    println!("{}", imported.census.table());
    let spec = tree(&imported);
    let ops = &spec["operations"];
    // One value or a list of them: a list (one value is a list of one).
    assert_eq!(ops["list_things"]["params"]["id"]["type"], "string[]");
    // A union of one alternative is that alternative, wherever it is used.
    assert_eq!(ops["list_things"]["params"]["owner"]["type"], "string");
    assert_eq!(spec["schemas"]["Thing"]["fields"]["name"]["type"], "string");
    // A body that is always `null` is no body.
    let hold = &ops["hold_thing"];
    assert!(hold["response"].get("body").is_none(), "{hold}");
    // The form's schema arrives as the form's fields.
    assert_eq!(hold["params"]["file"]["in"], "form");
    let said = |needle: &str| {
        assert!(
            imported
                .report
                .entries
                .iter()
                .any(|e| e.message.contains(needle)),
            "no report entry says `{needle}`"
        )
    };
    said("one value or a list of them");
    said("a JSON body that is always `null`");
    said("one distinct alternative (`string`)");
    // Each construct is counted carried: the union read as `string`, the
    // form's fields (as request body fields); the picture's schema is bytes
    // to a client, and the null body no data, so neither is counted.
    for category in [
        "parameters",
        "schemas",
        "schema fields",
        "success bodies",
        "enums",
    ] {
        let (source, typed) = census_line(&imported, category);
        assert_eq!(
            source, typed,
            "{category}: {source} in the source, {typed} typed"
        );
    }
    assert_eq!(census_line(&imported, "schemas"), (2, 2));
    assert_eq!(census_line(&imported, "request body fields"), (2, 2));
    assert_eq!(census_line(&imported, "success bodies"), (1, 1));
}

#[test]
fn an_optional_request_body_is_optional_in_the_spec() {
    let imported = import(vec![fixture("optional_bodies.yaml")]);
    println!("{}", imported.census.table());
    let spec = tree(&imported);
    let ops = &spec["operations"];
    // `required` absent or false: `required: false`, for a JSON body of
    // fields, a form, a whole JSON body and a file.
    for name in [
        "sync_contacts",
        "subscribe_contact",
        "order_tags",
        "set_banner",
    ] {
        assert_eq!(
            ops[name]["body"]["required"], false,
            "{name}: {:#}",
            ops[name]
        );
    }
    assert_eq!(
        ops["sync_contacts"]["body"]["content_type"],
        "application/json"
    );
    assert_eq!(ops["sync_contacts"]["params"]["since"]["required"], false);
    assert_eq!(
        ops["subscribe_contact"]["body"]["content_type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(ops["subscribe_contact"]["params"]["topic"]["in"], "form");
    assert_eq!(ops["order_tags"]["body"]["type"], "string[]");
    assert_eq!(ops["set_banner"]["body"]["type"], "file");
    // A required body writes nothing: required is the default.
    assert!(ops["create_contact"]["body"].get("required").is_none());
    // A body not marked required whose fields are is read as required (a
    // request without a body could not carry them), reported at the body.
    let archive = &ops["archive_contact"];
    assert!(archive["body"].get("required").is_none(), "{archive:#}");
    assert_eq!(archive["params"]["reason"]["required"], true);
    assert_eq!(archive["params"]["note"]["required"], true);
    let at_body: Vec<&str> = imported
        .report
        .entries
        .iter()
        .filter(|e| e.pointer == "/paths/~1contacts~1{id}~1archive/post/requestBody")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        at_body,
        ["a body not marked required whose fields `note, reason` are: read as required (a request without a body could not carry them)"]
    );
    // None is approximated for being optional: the census, reading the
    // vendor's file on its own, counts every body typed.
    assert!(
        !imported
            .report
            .entries
            .iter()
            .any(|e| e.message.contains("always sent")),
        "{:#?}",
        imported.report.entries
    );
    let bodies = imported.census.category("request bodies").unwrap();
    assert_eq!(
        (bodies.source, bodies.typed),
        (6, 6),
        "{}",
        imported.census.table()
    );
    // Every spec the import writes is one `apigen generate` accepts.
    assert_eq!(imported.report.operations_skipped.len(), 0);
}

/// The census reads `requestBody.required` from the vendor's file itself: a
/// body sent on every request where the vendor's is optional (here by a
/// correction, which says nothing at the vendor's body) is approximated.
#[test]
fn the_census_tells_a_body_always_sent_where_the_vendor_made_it_optional() {
    let options = ImportOptions {
        files: vec![fixture("optional_bodies.yaml")],
        overlay: Some(fixture("optional_bodies_overlay.yaml")),
        api: "vendor".to_owned(),
        command: "(codegen/tests/import_classes.rs)".to_owned(),
        ..ImportOptions::default()
    };
    let imported = import_openapi(&options).unwrap_or_else(|e| panic!("{}", e.render()));
    assert!(tree(&imported)["operations"]["sync_contacts"]["body"]
        .get("required")
        .is_none());
    let table = imported.census.table();
    let bodies = imported.census.category("request bodies").unwrap();
    assert_eq!((bodies.source, bodies.typed), (6, 5), "{table}");
    assert!(
        table.contains("request bodies approximated     1: an optional body: always sent\n"),
        "{table}"
    );
}
