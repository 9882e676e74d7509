//! `apigen import openapi`: the shipped HighLevel spec is exactly what
//! re-importing the vendored file with its overlay gives; an overlay action
//! that no longer matches fails at its line; Zoho-shaped files (absolute-URL
//! refs, errors inside 200 `oneOf`s, scopes with a `{module}` variable,
//! records with `additionalProperties`, an operationId and a component name
//! both files use, OpenAPI 3.0 and 3.1) import into a valid spec, and every
//! repair is in the report; hostile documents never panic; `apigen diff` from the old hand transcription
//! reports the vendor's new required `contactId` as breaking.

use std::path::{Path, PathBuf};

use apigen_codegen::import::{import_openapi, write, ImportOptions};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The options `spec/highlevel/api.yaml`'s header records, run from the
/// workspace root.
fn highlevel_options() -> ImportOptions {
    let api = std::fs::read_to_string(root().join("spec/highlevel/api.yaml")).unwrap();
    let command = api
        .lines()
        .find_map(|l| l.strip_prefix("#   "))
        .expect("the header records the re-import command")
        .to_owned();
    let args: Vec<&str> = command.split_whitespace().collect();
    let value = |flag: &str| {
        let i = args.iter().position(|a| *a == flag).unwrap();
        root().join(args[i + 1])
    };
    let start = args.iter().position(|a| *a == "openapi").unwrap() + 1;
    let files = args[start..]
        .iter()
        .take_while(|a| !a.starts_with("--"))
        .map(|f| root().join(f))
        .collect();
    ImportOptions {
        files,
        api: "highlevel".to_owned(),
        refs: None,
        overlay: Some(value("--overlay")),
        command,
        ..Default::default()
    }
}

/// Paths as the header writes them: relative to the workspace root.
fn relative(text: &str) -> String {
    text.replace(&format!("{}/", root().display()), "")
}

#[test]
fn reimporting_highlevel_gives_the_shipped_spec_byte_for_byte() {
    let imported =
        import_openapi(&highlevel_options()).unwrap_or_else(|e| panic!("{}", e.render()));
    // `api.yaml` and one group per vendor file, every one of them.
    let names: Vec<&str> = imported.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 1 + 41);
    assert!(names.contains(&"api.yaml") && names.contains(&"conversations.yaml"));
    let shipped_groups = std::fs::read_dir(root().join("spec/highlevel"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        // The webhooks group comes from the pages import (tests/webhooks.rs).
        .filter(|p| {
            !std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .take(3)
                .any(|l| l.contains("by `apigen import pages`"))
        })
        .count();
    assert_eq!(
        shipped_groups,
        names.len(),
        "no stale group file in spec/highlevel"
    );
    for (name, text) in &imported.files {
        let shipped = std::fs::read_to_string(root().join("spec/highlevel").join(name)).unwrap();
        assert!(
            relative(text) == shipped,
            "spec/highlevel/{name} is not what the import writes: re-import (command in api.yaml)"
        );
    }
    let report = std::fs::read_to_string(root().join("spec/highlevel/import/report.md")).unwrap();
    assert_eq!(relative(&imported.report_markdown()), report);
    assert_eq!(
        (
            imported.report.operations_found,
            imported.report.operations_imported
        ),
        (576, 576)
    );
}

#[test]
fn an_overlay_action_that_matches_nothing_fails_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let overlay =
        std::fs::read_to_string(root().join("spec/highlevel/import/overlay.yaml")).unwrap();
    // The vendor renames the upload: the overlay's corrections of it no longer apply.
    let vanished = overlay.replace(
        "$.operations.upload_file_attachments.errors.list[?@.status == 401]",
        "$.operations.upload_attachments.errors.list[?@.status == 401]",
    );
    let path = dir.path().join("overlay.yaml");
    std::fs::write(&path, vanished).unwrap();
    let mut options = highlevel_options();
    options.overlay = Some(path);
    let problems = import_openapi(&options).unwrap_err();
    assert_eq!(problems.0.len(), 1, "{}", problems.render());
    let rendered = problems
        .render()
        .replace(&dir.path().display().to_string(), "TMP");
    insta::assert_snapshot!("overlay_target_vanished", rendered);
}

#[test]
fn zoho_shaped_files_import_into_a_valid_spec_with_every_repair_reported() {
    let fixtures = root().join("tests/import_fixtures/zoho_shaped");
    let options = ImportOptions {
        files: vec![fixtures.join("records.json"), fixtures.join("notes.json")],
        api: "zoho_shaped".to_owned(),
        refs: Some(fixtures.join("refs")),
        overlay: None,
        command: "(tests/import.rs)".to_owned(),
        ..Default::default()
    };
    let imported = import_openapi(&options).unwrap_or_else(|e| panic!("{}", e.render()));
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("zoho_shaped"), &imported).unwrap();
    let apis = apigen_codegen::load_dir(dir.path()).unwrap_or_else(|e| panic!("{}", e.render()));
    apigen_codegen::render(&apis).unwrap();
    for (name, text) in &imported.files {
        insta::assert_snapshot!(format!("zoho_shaped__{name}"), relative(text));
    }
    insta::assert_snapshot!(
        "zoho_shaped__report",
        relative(&imported.report.render_markdown())
    );
}

#[test]
fn diff_from_the_hand_transcription_reports_contact_id_as_breaking() {
    let old = apigen_codegen::load_dir(&root().join("tests/import_fixtures/highlevel_hand_spec"))
        .unwrap();
    let new: Vec<_> = apigen_codegen::load_dir(&root().join("spec"))
        .unwrap()
        .into_iter()
        .filter(|a| a.module == "highlevel")
        .collect();
    let changes = apigen_codegen::diff::diff(&old, &new);
    let contact = changes
        .iter()
        .find(|c| c.what.contains("contactId"))
        .unwrap_or_else(|| panic!("{changes:#?}"));
    assert_eq!(
        contact.class,
        apigen_codegen::diff::Class::Breaking,
        "{contact:?}"
    );
    assert_eq!(
        contact.operation.as_deref(),
        Some("upload_file_attachments")
    );
}

/// Every JSON pointer of a document, in order.
fn pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        serde_json::Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

/// Imports documents given in memory (no file is read).
fn import_parsed(
    docs: Vec<(PathBuf, serde_json::Value)>,
    groups: usize,
) -> Result<apigen_codegen::import::Imported, apigen_codegen::Diagnostics> {
    let options = ImportOptions {
        files: docs.iter().take(groups).map(|(p, _)| p.clone()).collect(),
        api: "hostile".to_owned(),
        command: "(tests/import.rs)".to_owned(),
        ..Default::default()
    };
    apigen_codegen::import::import_documents(
        apigen_codegen::import::documents::Documents::from_parsed(docs),
        &options,
    )
}

/// Any node of a Zoho-shaped file replaced by something hostile (wrong
/// types, refs to nowhere, to the root, to themselves, empty unions...):
/// the import never panics, and every file it writes is YAML that reads
/// back.
#[test]
fn hostile_documents_never_panic_and_always_give_readable_yaml() {
    let fixtures = root().join("tests/import_fixtures/zoho_shaped");
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(fixtures.join(name)).unwrap()).unwrap()
    };
    let records = read("records.json");
    let common = read("refs/common.json");
    let hostile = [
        serde_json::json!(null),
        serde_json::json!(7),
        serde_json::json!("x: [y"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!({"$ref": "#/nowhere"}),
        serde_json::json!({"$ref": "#"}),
        serde_json::json!({"$ref": "#/components/schemas/Record"}),
        serde_json::json!({"$ref": "https://example.com/elsewhere.json#/a"}),
        serde_json::json!({"type": ["string", "null", "object"], "enum": [null]}),
        serde_json::json!({"oneOf": [], "discriminator": {"propertyName": "k", "mapping": {"a": "#/x"}}}),
        serde_json::json!({"allOf": [{"$ref": "#"}, 3], "properties": {"": {}, "\n": {"example": {}}}}),
    ];
    let mut all = Vec::new();
    pointers(&records, String::new(), &mut all);
    let mut imports = 0;
    for pointer in &all {
        for value in &hostile {
            let mut doc = records.clone();
            *doc.pointer_mut(pointer).unwrap() = value.clone();
            let docs = vec![
                (PathBuf::from("records.json"), doc),
                (PathBuf::from("common.json"), common.clone()),
            ];
            if let Ok(imported) = import_parsed(docs, 1) {
                for (name, text) in &imported.files {
                    serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_or_else(|e| {
                        panic!("{pointer} = {value}: {name} is not YAML: {e}\n{text}")
                    });
                }
            }
            imports += 1;
        }
    }
    assert!(imports > 1000, "{imports}");
}

/// Refs that fan out (each schema is two refs to the next, 40 deep, none a
/// component) would make the work exponential (2^40) if each use were
/// converted anew: each place is converted once, so the import is linear.
#[test]
fn refs_that_fan_out_are_converted_once_each() {
    let mut defs = serde_json::Map::new();
    for i in 0..40 {
        let next = format!("#/x/d{}", i + 1);
        defs.insert(
            format!("d{i}"),
            serde_json::json!({"anyOf": [{"$ref": next}, {"$ref": next}]}),
        );
    }
    defs.insert(
        "d40".to_owned(),
        serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}}),
    );
    let doc = serde_json::json!({
        "openapi": "3.0.0",
        "info": {"title": "Bomb", "version": "1"},
        "x": defs,
        "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/x/d0"}}}}}}}}
    });
    let imported = import_parsed(vec![(PathBuf::from("bomb.json"), doc)], 1).unwrap();
    let text: String = imported.files.iter().map(|(_, t)| t.as_str()).collect();
    // Each union lists the same ref twice: one distinct alternative, read
    // as it, one place at a time, down to the object at the end of the
    // chain, which arrives whole.
    assert_eq!(text.matches("any_of:").count(), 0, "{text}");
    assert!(imported
        .report
        .entries
        .iter()
        .any(|e| e.message.contains("one distinct alternative")));
    assert!(
        text.contains("a: {type: string, required: false}"),
        "{text}"
    );
    assert_eq!(
        imported
            .census
            .category("success bodies")
            .map(|c| (c.source, c.typed)),
        Some((1, 1))
    );
}

/// A security scheme written as a `$ref` into another file (as Zoho's
/// files point into `common.json`) is followed: the scheme is carried with
/// its kind and flows, its scopes are an OAuth 2 scheme's, and the
/// operations keep their requirement.
#[test]
fn security_schemes_behind_refs_are_followed() {
    let api = serde_json::json!({
        "openapi": "3.0.0",
        "info": {"title": "Refs", "version": "1"},
        "components": {"securitySchemes": {"oauth": {"$ref": "common.json#/components/securitySchemes/oauth"}}},
        "security": [{"oauth": ["things.read"]}],
        "paths": {"/a": {"get": {"operationId": "a", "summary": "A", "responses": {"204": {"description": "done"}}}}}
    });
    let common = serde_json::json!({
        "openapi": "3.0.0",
        "info": {"title": "Common", "version": "1"},
        "paths": {},
        "components": {"securitySchemes": {"oauth": {
            "type": "oauth2",
            "flows": {"authorizationCode": {
                "authorizationUrl": "https://id.example/auth",
                "tokenUrl": "https://id.example/token",
                "scopes": {"things.read": "Read things"}
            }}
        }}}
    });
    let imported = import_parsed(
        vec![
            (PathBuf::from("api.json"), api),
            (PathBuf::from("common.json"), common),
        ],
        1,
    )
    .unwrap_or_else(|e| panic!("{}", e.render()));
    let text: String = imported.files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(text.contains("type: oauth2"), "{text}");
    assert!(
        text.contains("token_url: https://id.example/token"),
        "{text}"
    );
    assert!(text.contains("security: [[oauth]]"), "{text}");
    assert!(text.contains("scopes: things.read"), "{text}");
    let wrong: Vec<_> = imported
        .report
        .entries
        .iter()
        .filter(|e| e.message.contains("not an OAuth 2 scheme") || e.message.contains("left out"))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// A group alone keeps its operations and the types they reach, nothing
/// else (`tests/imported` compiles one group alone in CI).
#[test]
fn one_group_keeps_its_operations_and_the_types_they_use() {
    let apps = root().join("spec/highlevel/import/openapi/apps");
    let options = ImportOptions {
        files: ["conversations", "contacts", "calendars", "oauth"]
            .iter()
            .map(|f| apps.join(format!("{f}.json")))
            .collect(),
        api: "highlevel_all".to_owned(),
        command: "(tests/import.rs)".to_owned(),
        ..Default::default()
    };
    let imported = import_openapi(&options).unwrap_or_else(|e| panic!("{}", e.render()));
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("highlevel_all"), &imported).unwrap();
    let mut apis =
        apigen_codegen::load_dir(dir.path()).unwrap_or_else(|e| panic!("{}", e.render()));
    let mut api = apis.remove(0);
    assert_eq!(
        api.groups(),
        ["calendars", "contacts", "conversations", "oauth"]
    );
    assert_eq!(api.operations.len(), 105);
    let all_types = api.structs.len() + api.enums.len() + api.unions.len();
    api.retain_groups(|g| g == "oauth");
    assert_eq!(api.operations.len(), 3);
    let kept = api.structs.len() + api.enums.len() + api.unions.len();
    assert!(
        kept > 0 && kept * 10 < all_types,
        "{kept} of {all_types} types kept"
    );
    // Every type an operation names is still declared.
    for op in &api.operations {
        for item in op.api_items() {
            assert!(
                api.structs.iter().any(|s| s.rust_name == item)
                    || api.enums.iter().any(|e| e.rust_name == item)
                    || api.unions.iter().any(|u| u.rust_name == item),
                "{item}"
            );
        }
    }
    apigen_codegen::render(&[api]).unwrap();
}

/// One vendor file with every class of defect the real files showed: the
/// import keeps every operation, repairs what it can faithfully, and the
/// validator's last word on the rest (an `allOf` whose members disagree)
/// costs only that type, read as `json`. The result validates and
/// generates.
#[test]
fn a_messy_vendor_file_degrades_by_item_never_whole() {
    let doc = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Messy", "version": "1"},
        "paths": {
            "/calls/{sid}": {"get": {
                "operationId": "list_calls",
                "parameters": [
                    {"name": "sid", "in": "path", "required": true,
                     "schema": {"oneOf": [{"type": "string"}, {"type": "integer"}]}},
                    {"name": "DateCreated", "in": "query", "schema": {"type": "string"}},
                    {"name": "DateCreated<", "in": "query", "schema": {"type": "string"}},
                    {"name": "DateCreated>", "in": "query", "schema": {"type": "string"}},
                    {"name": "version", "in": "query", "schema": {"type": "string"}},
                    {"name": "Version", "in": "header", "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {"description": "ok", "headers": {"X-Total": {"schema": {"type": "integer"}}},
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Call"}}}},
                    "201": {"description": "made", "headers": {"X-Total": {"schema": {"type": "integer"}}}},
                    "400": {"description": "bad", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                }
            }},
            "/form": {"post": {
                "operationId": "send_form",
                "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "additionalProperties": false,
                    "properties": {"To": {"type": "string"}, "Body": {"type": "string"}}}}}},
                "responses": {"204": {"description": "sent"}}
            }},
            "/raw": {"post": {
                "operationId": "send_raw",
                "requestBody": {"description": "The recording.", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Merged"}}}}}
            }}
        },
        "components": {"schemas": {
            "Call": {"type": "object", "properties": {
                "id": {"type": "string"}, "_id": {"type": "string"},
                "vote": {"type": "string", "enum": ["+1", "-1", "+1"]},
                "country": {"type": "number", "enum": [["US", "CA", "US"]]},
                "note": {"oneOf": [{"$ref": "#/components/schemas/Note"}, {"type": "null"}]},
                "same": {"anyOf": [{"$ref": "#/components/schemas/Note"}, {"$ref": "#/components/schemas/Note"}]}
            }},
            "Note": {"type": "object", "properties": {"text": {"type": "string"}},
                     "anyOf": [{"required": ["text"]}]},
            "Problem": {"oneOf": [{"$ref": "#/components/schemas/Note"}, {"$ref": "#/components/schemas/Call"}]},
            "Merged": {"allOf": [
                {"type": "object", "properties": {"a": {"type": "string"}}},
                {"type": "object", "properties": {"a": {"type": "integer"}}}
            ]}
        }}
    });
    let imported = import_parsed(vec![(PathBuf::from("messy.json"), doc)], 1)
        .unwrap_or_else(|e| panic!("{}", e.render()));
    let r = &imported.report;
    assert_eq!((r.operations_found, r.operations_imported), (3, 3));
    assert!(
        r.operations_skipped.is_empty(),
        "{:?}",
        r.operations_skipped
    );
    let text: String = imported.files.iter().map(|(_, t)| t.as_str()).collect();
    let has = |needle: &str| assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    // Distinct Rust names that say what the symbols said.
    has("rust_name: date_created_lt");
    has("rust_name: date_created_gt");
    has("rust_name: version_2");
    has("rust_name: underscore_id");
    has("name: Plus1");
    has("name: Minus1");
    // The list value flattened, each value once, as strings.
    assert_eq!(text.matches("value: US").count(), 1, "{text}");
    // No server: the caller's base URL.
    has("list: []");
    // A form with `additionalProperties: false` keeps its fields.
    has("in: form");
    // An error body that is a union is typed as successes are.
    has("body: Problem");
    let entry = |needle: &str| {
        assert!(
            r.entries.iter().any(|e| e.message.contains(needle)),
            "no report entry says `{needle}`:\n{}",
            r.render_markdown()
        )
    };
    entry("listed more than once");
    entry("one distinct alternative");
    entry("only narrow the object around them");
    entry("a path parameter that is any of");
    entry("on one of several successes");
    entry("no `servers`: the client takes its base URL from the caller");
    // `Merged`'s members disagree on `a`: decided where it is read (the
    // last member's type), said, and the operation stays.
    entry("the `allOf` members disagree on the type of `a`");
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("hostile"), &imported).unwrap();
    let output = apigen_codegen::Config::new(dir.path())
        .render()
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(output.stats.operations, 3);
}

/// A Swagger 2.0 file is refused, saying so and what to do.
#[test]
fn swagger_2_is_named() {
    use apigen_codegen::import::documents::parse_document;
    let swagger = "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n";
    let e = parse_document(Path::new("old.yaml"), swagger).unwrap_err();
    assert!(e.message.contains("Swagger 2.0"), "{e}");
    assert!(e.hint.is_some_and(|h| h.contains("OpenAPI 3")));
}

/// Found by Prism on HighLevel's files: an enum-typed form field keeps its
/// values (it was sent as free text), and a field required by the schema of
/// an optional JSON body is a required input (the body is always sent, so a
/// body without it is one the vendor's schema refuses).
#[test]
fn form_enums_and_required_fields_of_optional_bodies_are_kept() {
    let doc = serde_json::json!({
        "openapi": "3.0.0",
        "info": {"title": "Kept", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/token": {"post": {
                "operationId": "token",
                "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "required": ["grant_type"],
                    "properties": {"grant_type": {"type": "string", "enum": ["authorization_code", "refresh_token"]}}}}}},
                "responses": {"204": {"description": "ok"}}
            }},
            "/stats": {"post": {
                "operationId": "stats",
                "requestBody": {"required": false, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["profileIds"],
                    "properties": {"profileIds": {"type": "array", "items": {"type": "string"}},
                                   "platforms": {"type": "array", "items": {"type": "string"}}}}}}},
                "responses": {"204": {"description": "ok"}}
            }}
        }
    });
    let imported = import_parsed(vec![(PathBuf::from("kept.json"), doc)], 1)
        .unwrap_or_else(|e| panic!("{}", e.render()));
    let text: String = imported.files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(text.contains("value: refresh_token"), "{text}");
    assert!(
        !imported
            .report
            .render_markdown()
            .contains("sent as its JSON text"),
        "{}",
        imported.report.render_markdown()
    );
    let stats = &text[text.find("  stats:").unwrap()..];
    let profile_ids = stats.lines().find(|l| l.contains("profileIds")).unwrap();
    assert!(profile_ids.contains("required: true"), "{stats}");
    let platforms = stats.lines().find(|l| l.contains("platforms")).unwrap();
    assert!(platforms.contains("required: false"), "{stats}");
}

/// Integers beyond 64 bits (a `uint128` bound, an enum value): the YAML
/// file imports as its JSON twin does, where it failed whole with "number
/// out of range" and a hint blaming a truncated file; the values the format
/// cannot hold are reported as integers beyond 64 bits, not as wrong types.
#[test]
fn integers_beyond_64_bits_import_the_same_from_yaml_and_json() {
    use apigen_codegen::import::documents::parse_document;
    let json_text = r#"{"openapi": "3.0.0", "info": {"title": "Wide", "version": "1"},
      "servers": [{"url": "https://api.example.com"}],
      "paths": {"/n": {"get": {"operationId": "getN", "summary": "N",
        "parameters": [{"name": "n", "in": "query", "schema": {"type": "integer", "format": "uint128",
          "minimum": 0, "maximum": 340282366920938463463374607431768211455, "example": 18446744073709551617}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
          "type": "object", "properties": {"v": {"type": "integer", "enum": [1, -170141183460469231731687303715884105728]}}}}}}}}}}}"#;
    let yaml_text = "openapi: 3.0.0\ninfo: {title: Wide, version: '1'}\nservers: [{url: 'https://api.example.com'}]\npaths:\n  /n:\n    get:\n      operationId: getN\n      summary: N\n      parameters:\n      - name: n\n        in: query\n        schema: {type: integer, format: uint128, minimum: 0, maximum: 340282366920938463463374607431768211455, example: 18446744073709551617}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  v: {type: integer, enum: [1, -170141183460469231731687303715884105728]}\n";
    let from_json = parse_document(Path::new("wide.json"), json_text).unwrap();
    let from_yaml = parse_document(Path::new("wide.yaml"), yaml_text)
        .unwrap_or_else(|e| panic!("the YAML twin refused: {e}"));
    assert_eq!(from_json, from_yaml);
    let imported = import_parsed(vec![(PathBuf::from("wide.yaml"), from_yaml)], 1)
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(imported.report.operations_imported, 1);
    let report = imported.report.render_markdown();
    assert_eq!(
        report.matches("is an integer beyond 64 bits").count(),
        2,
        "the example and the enum value: {report}"
    );
    assert!(!report.contains("is not of type"), "{report}");
}

/// A multipart body whose schema takes files under any name
/// (`additionalProperties` of format `binary`) imports as a `map<file>`
/// input beside the listed fields, not as a "not carried" entry.
#[test]
fn files_under_any_name_become_parts_named_by_the_caller() {
    let doc = serde_json::json!({
        "openapi": "3.0.0",
        "info": {"title": "Named", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/files": {"post": {
            "operationId": "uploadFiles",
            "summary": "Upload files",
            "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {
                "type": "object",
                "properties": {"folder": {"type": "string"}},
                "additionalProperties": {"type": "string", "format": "binary",
                                         "description": "Each file under its custom field's key."}}}}},
            "responses": {"204": {"description": "ok"}}
        }}}
    });
    let imported = import_parsed(vec![(PathBuf::from("named.json"), doc)], 1)
        .unwrap_or_else(|e| panic!("{}", e.render()));
    let text: String = imported.files.iter().map(|(_, t)| t.as_str()).collect();
    let files = &text[text
        .find("      files:")
        .unwrap_or_else(|| panic!("{text}"))..];
    let files: String = files.lines().take(5).collect::<Vec<_>>().join("\n");
    assert!(files.contains("type: map<file>"), "{files}");
    assert!(
        files.contains("Each file under its custom field's key."),
        "{files}"
    );
    assert!(text.contains("      folder:"), "{text}");
    let report = imported.report.render_markdown();
    assert!(!report.contains("beyond the listed ones"), "{report}");
}

#[test]
fn openapi_31_webhooks_become_events_with_their_payloads_and_discriminator() {
    let event = |kind: &str, extra: serde_json::Value| {
        serde_json::json!({"post": {
            "summary": format!("Sent when {kind} happens"),
            "requestBody": {"content": {"application/json": {
                "schema": {"type": "object", "properties": {
                    "event": {"type": "string"},
                    "account": {"type": "string"},
                    "at": {"type": "string", "format": "date-time"},
                    "data": extra
                }},
                "example": {"event": kind, "account": "acc-1", "at": "2025-01-01T00:00:00Z"}
            }}}
        }})
    };
    let api = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Hooks", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "a", "summary": "A", "responses": {"204": {"description": "done"}}}}},
        "webhooks": {
            "thing.created": event("thing.created", serde_json::json!({"type": "object", "properties": {"id": {"type": "string"}}})),
            "thing.deleted": event("thing.deleted", serde_json::json!({"type": "Date"})),
            "ping": {"get": {"responses": {"200": {"description": "no"}}}}
        }
    });
    let imported = import_parsed(vec![(PathBuf::from("hooks.json"), api)], 1)
        .unwrap_or_else(|e| panic!("{}", e.render()));
    let text: String = imported.files.iter().map(|(_, t)| t.as_str()).collect();
    // The field whose value differs per event names it (not `account`).
    assert!(text.contains("discriminator: event"), "{text}");
    assert!(text.contains("thing.created:"), "{text}");
    assert!(text.contains("payload: ThingCreatedEvent"), "{text}");
    assert_eq!(
        (
            imported.report.events_found,
            imported.report.events_imported
        ),
        (2, 2)
    );
    let messages: Vec<&str> = imported
        .report
        .entries
        .iter()
        .map(|e| e.message.as_str())
        .collect();
    // A webhook that is not a POST is reported, and the vendor's bad type
    // costs its field only.
    assert!(
        messages.iter().any(|m| m.contains("`ping` has no `post`")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("unknown type `Date`")),
        "{messages:?}"
    );
}

#[test]
fn an_openapi_reimport_keeps_the_files_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let stale = "# Group `gone` of the API `x`, imported from old.json.\ndescription: old\n";
    // An import's header, in today's words and in those of the files
    // imported before the CLI was named `apigen`.
    let imported_now = "# yaml-language-server: $schema=../schema.json\n# The API `y`, imported by `apigen import openapi` from the vendor's files:\nname: y\n";
    let imported_before = "# yaml-language-server: $schema=../schema.json\n# The API `z`, imported by `codegen import openapi` from the vendor's files:\nname: z\n";
    let pages = "# Group `webhooks` of the API `x`: its webhooks, read from the vendor's pages in\n# d\n# by `apigen import pages`.\ndescription: events\n";
    let pages_before = "# Group `hooks` of the API `x`: its webhooks, read from the vendor's pages in\n# d\n# by `codegen import pages`.\ndescription: events\n";
    let by_hand = "# Written by a person.\ndescription: mine\n";
    std::fs::write(dir.path().join("gone.yaml"), stale).unwrap();
    std::fs::write(dir.path().join("y.yaml"), imported_now).unwrap();
    std::fs::write(dir.path().join("z.yaml"), imported_before).unwrap();
    std::fs::write(dir.path().join("webhooks.yaml"), pages).unwrap();
    std::fs::write(dir.path().join("hooks.yaml"), pages_before).unwrap();
    std::fs::write(dir.path().join("mine.yaml"), by_hand).unwrap();
    let imported = apigen_codegen::import::Imported {
        files: vec![("api.yaml".to_owned(), "name: x\n".to_owned())],
        report: Default::default(),
        census: Default::default(),
    };
    apigen_codegen::import::write(dir.path(), &imported).unwrap();
    assert!(
        !dir.path().join("gone.yaml").exists(),
        "its own stale group goes"
    );
    assert!(!dir.path().join("y.yaml").exists(), "an import's file goes");
    assert!(
        !dir.path().join("z.yaml").exists(),
        "a file of an import under the CLI's old name goes"
    );
    assert!(dir.path().join("webhooks.yaml").exists());
    assert!(dir.path().join("hooks.yaml").exists());
    assert!(dir.path().join("mine.yaml").exists());
}

/// `text/event-stream` responses become streams: OpenAPI 3.2's
/// `itemSchema` alternatives give each event its name and data type (JSON
/// through `contentSchema`, or text); a 3.0/3.1 `schema` is the data of
/// `message` events. The imported spec loads and renders, and the events
/// reach the model.
#[test]
fn event_stream_responses_become_typed_streams() {
    let sse = |content: serde_json::Value| serde_json::json!({"200": {"description": "The events.", "content": {"text/event-stream": content}}});
    let api = serde_json::json!({
        "openapi": "3.2.0",
        "info": {"title": "Streams", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "components": {"schemas": {
            "Delta": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
            "Tick": {"type": "object", "properties": {"n": {"type": "integer"}}}
        }},
        "paths": {
            "/chat": {"post": {"operationId": "chat", "summary": "Chat", "responses": sse(serde_json::json!({
                "itemSchema": {"oneOf": [
                    {"description": "The next piece of the answer.", "properties": {
                        "event": {"const": "delta"},
                        "data": {"contentMediaType": "application/json",
                                 "contentSchema": {"$ref": "#/components/schemas/Delta"}}}},
                    {"properties": {"event": {"const": "done"}, "data": {"type": "string"}}},
                    {"properties": {"event": {"enum": ["Done", "unknown"]}, "data": {"type": "string"}}},
                    {"properties": {"event": {"type": "string"}}}
                ]}
            }))}},
            "/log": {"get": {"operationId": "tailLog", "summary": "Tail the log",
                "responses": sse(serde_json::json!({"schema": {"type": "string"}}))}},
            "/ticks": {"get": {"operationId": "ticks", "summary": "Ticks",
                "responses": sse(serde_json::json!({"schema": {"$ref": "#/components/schemas/Tick"}}))}},
            "/twice": {"get": {"operationId": "twice", "summary": "Twice", "responses": {
                "200": {"description": "The events.", "content": {"text/event-stream": {"schema": {"type": "string"}}}},
                "206": {"description": "Some events.", "content": {"text/event-stream": {"schema": {"type": "string"}}}}}}},
            "/both": {"get": {"operationId": "both", "summary": "Both", "responses": {"200": {
                "description": "JSON, or a stream when asked for.",
                "content": {"text/event-stream": {"schema": {"type": "string"}},
                            "application/json": {"schema": {"$ref": "#/components/schemas/Tick"}}}}}}}
        }
    });
    let imported = import_parsed(vec![(PathBuf::from("streams.json"), api)], 1)
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(imported.report.operations_imported, 5);
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("streams"), &imported).unwrap();
    let apis = apigen_codegen::load_dir(dir.path()).unwrap_or_else(|e| panic!("{}", e.render()));
    apigen_codegen::render(&apis).unwrap();
    let op = |name: &str| {
        apis[0]
            .operations
            .iter()
            .find(|o| o.rust_name == name)
            .unwrap()
    };
    let events = |name: &str| -> Vec<(String, String)> {
        op(name)
            .stream
            .as_ref()
            .unwrap_or_else(|| panic!("{name} has no stream"))
            .events
            .iter()
            .map(|e| (e.name.clone(), format!("{:?}", e.data)))
            .collect()
    };
    assert_eq!(
        events("chat"),
        [
            ("delta".to_owned(), r#"Json(Struct("Delta"))"#.to_owned()),
            ("done".to_owned(), "Text".to_owned())
        ]
    );
    assert_eq!(
        events("tail_log"),
        [("message".to_owned(), "Text".to_owned())]
    );
    assert_eq!(
        events("ticks"),
        [("message".to_owned(), r#"Json(Struct("Tick"))"#.to_owned())]
    );
    // One stream per operation: a second one costs its success's body only.
    assert_eq!(events("twice"), [("message".to_owned(), "Text".to_owned())]);
    assert_eq!(op("twice").success.len(), 2);
    // JSON is preferred where both are offered; the stream is reported.
    assert!(op("both").stream.is_none());
    let report = imported.report.render_markdown();
    assert!(
        report.contains("neither a `const` nor an `enum`"),
        "{report}"
    );
    assert!(report.contains("read as `message` events"), "{report}");
    assert!(report.contains("`text/event-stream`"), "{report}");
    assert!(report.contains("a second event-stream success"), "{report}");
    // Names that make no variant of their own cost that event only.
    assert!(
        report.contains("the same Rust variant as `done`"),
        "{report}"
    );
    assert!(report.contains("`unknown` makes no variant"), "{report}");
    let text: String = imported.files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(text.contains("The next piece of the answer."), "{text}");
}
