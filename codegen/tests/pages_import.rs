//! `apigen import pages --profile`: reference pages read with a page
//! profile. A page of our own (`fixtures/pages/widgets.md`, in the shape of
//! Zoho CRM's pages) shows each section kind; the `reference_only_*` tests
//! import Zoho's pages from the shared folder (never copied here).

#[path = "../../tests/support/shared.rs"]
mod shared;

use std::path::{Path, PathBuf};

use apigen_codegen::import::reference::{import_reference, ReferenceOptions};
use apigen_codegen::import::{ImportOptions, Imported, Origin};
use apigen_codegen::spec::{ApiSpec, ErrorStatus};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn import(inputs: Vec<PathBuf>, overlay: Option<PathBuf>) -> Imported {
    let options = ReferenceOptions {
        inputs,
        profile: root().join("spec/import/zoho_crm/profile.yaml"),
        import: ImportOptions {
            api: "zoho_crm".to_owned(),
            overlay,
            command: "apigen import pages (test)".to_owned(),
            origin: Origin::Pages,
            single_file: true,
            ..ImportOptions::default()
        },
    };
    match import_reference(&options) {
        Ok(imported) => imported,
        Err(problems) => panic!("{}", problems.render()),
    }
}

fn spec_of(imported: &Imported) -> ApiSpec {
    serde_yaml::from_str(&imported.files[0].1).expect("the written spec reads back")
}

fn fixture() -> (Imported, ApiSpec) {
    let imported = import(
        vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages/widgets.md")],
        None,
    );
    let spec = spec_of(&imported);
    (imported, spec)
}

#[test]
fn each_endpoint_is_an_operation_named_after_its_page() {
    let (imported, spec) = fixture();
    let names: Vec<&String> = spec.operations.keys().collect();
    assert_eq!(
        names,
        ["list_widgets", "list_widgets_by_widget_id"],
        "{names:?}"
    );
    let one = &spec.operations["list_widgets_by_widget_id"];
    // Leading `/` put in front, `}}` balanced, placeholders in snake case,
    // the query apart: each repair reported at its line.
    assert_eq!(one.path, "/{module_api_name}/widgets/{widget_id}");
    assert_eq!(one.method, "GET");
    let view = &one.params["view"];
    assert!(view.required);
    let repairs: Vec<String> = imported
        .report
        .entries
        .iter()
        .filter(|e| e.pointer == "line 16")
        .map(|e| e.message.clone())
        .collect();
    assert_eq!(repairs.len(), 2, "{repairs:?}");
    assert_eq!(one.summary, "Widgets");
    assert_eq!(
        one.description,
        "To list the widgets of a shelf, or one of them."
    );
}

#[test]
fn parameters_read_name_type_and_mandatory_from_one_glued_line() {
    let (_, spec) = fixture();
    let params = &spec.operations["list_widgets"].params;
    assert_eq!(params["page"].ty, "integer");
    assert!(!params["page"].required);
    assert_eq!(params["page"].description, "Which page.");
    assert_eq!(params["fields"].ty, "string");
    assert!(params["fields"].required);
    // `long` is a text ID on Zoho's pages (the profile maps it so).
    assert_eq!(params["cvid"].ty, "string");
    assert!(!params["cvid"].required);
    // Headers other than the credentials' are optional inputs.
    let since = &params["If-Modified-Since"];
    assert_eq!(since.location, apigen_codegen::spec::ParamLocation::Header);
    assert!(!params.contains_key("Authorization"));
}

#[test]
fn errors_are_variants_told_apart_by_code_each_entry_once() {
    let (imported, spec) = fixture();
    let errors = &spec.operations["list_widgets"].errors;
    assert_eq!(errors.code_field.as_deref(), Some("code"));
    assert_eq!(errors.body.as_deref(), Some("ErrorBody"));
    let list: Vec<(Option<&str>, ErrorStatus)> = errors
        .list
        .iter()
        .map(|e| (e.code.as_deref(), e.status))
        .collect();
    // The 204 entry is no error; the entry listed twice is one variant.
    assert_eq!(
        list,
        [
            (Some("INVALID_MODULE"), ErrorStatus::Exact(400)),
            (Some("OAUTH_SCOPE_MISMATCH"), ErrorStatus::Exact(401)),
        ]
    );
    assert_eq!(errors.list[0].message, "The shelf is not known");
    assert_eq!(
        errors.list[0].resolution.as_deref(),
        Some("Give a known shelf.")
    );
    let census = imported.census.category("error entries").unwrap();
    assert_eq!((census.source, census.typed), (4, 3), "{census:?}");
}

#[test]
fn scopes_keep_or_inside_and_with_their_variables() {
    let (_, spec) = fixture();
    let op = &spec.operations["list_widgets"];
    let scopes = serde_json::to_value(op.scopes.as_ref().unwrap()).unwrap();
    assert_eq!(
        scopes,
        serde_json::json!({"all_of": [
            {"any_of": ["ZohoCRM.modules.ALL", "ZohoCRM.modules.{module_name}.{operation_type}"]},
            "ZohoCRM.widgets.READ"
        ]})
    );
    let vars = serde_json::to_value(&op.scope_variables).unwrap();
    assert_eq!(
        vars,
        serde_json::json!({
            "module_name": {"param": "module_api_name", "property": "scope_name"},
            "operation_type": {"enum": "OperationType"}
        })
    );
}

#[test]
fn list_sections_make_enums_with_an_other_variant() {
    let (_, spec) = fixture();
    let module = &spec.enums["Module"];
    let values: Vec<(&str, &str)> = module
        .values
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(values, [("Tables", "Tables"), ("Lamp Posts", "Lamp_Posts")]);
    assert_eq!(module.other.as_ref().unwrap().name, "Custom");
    assert_eq!(
        spec.operations["list_widgets"].params["module_api_name"].ty,
        "Module"
    );
    let types: Vec<&str> = spec.enums["OperationType"]
        .values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(types, ["ALL", "READ"]);
}

#[test]
fn the_success_type_is_inferred_from_every_sample_and_each_parses_into_it() {
    let (imported, spec) = fixture();
    let response = spec.operations["list_widgets"].response.as_ref().unwrap();
    let body = response.body.as_deref().unwrap();
    let schema = &spec.schemas[body];
    assert!(schema.fields["widgets"].required);
    assert!(!schema.fields["more"].required);
    let item = spec.schemas[schema.fields["widgets"].ty.trim_end_matches("[]")].clone();
    assert_eq!(item.fields["made"].ty, "datetime");
    assert_eq!(item.fields["size"].ty, "number");
    assert!(!item.fields["owner"].required);
    let samples = imported.census.category("sample responses").unwrap();
    assert_eq!((samples.source, samples.typed), (2, 2), "{samples:?}");
    assert!(imported.report.entries.iter().any(|e| e
        .message
        .contains("typed from the page's 2 sample response(s)")));
    let curl = &spec.operations["list_widgets"].samples[0];
    assert_eq!(curl.title, "curl");
    assert!(
        curl.request.starts_with("curl \"https://"),
        "{}",
        curl.request
    );
}

/// The 99 Zoho CRM v7 pages of the shared folder: at least 98% of their
/// endpoints and error entries arrive typed, every JSON sample response
/// parses into its operation's inferred type, and the spec validates
/// (the import validates what it writes).
#[test]
fn reference_only_zoho_pages_import_with_the_profile() {
    let Some(dir) = shared_folder(
        "the Zoho CRM pages import",
        &["vendor-docs/zoho-crm-v7/pages"],
    ) else {
        return;
    };
    let imported = import(vec![dir.join("vendor-docs/zoho-crm-v7/pages")], None);
    let census = &imported.census;
    eprint!("{}", census.table());
    let endpoints = census.category("endpoints").unwrap();
    assert!(endpoints.source >= 100, "{endpoints:?}");
    assert!(endpoints.fidelity() >= 98.0, "{}", census.table());
    let errors = census.category("error entries").unwrap();
    assert!(errors.source >= 831, "{errors:?}");
    assert!(errors.fidelity() >= 98.0, "{}", census.table());
    let samples = census.category("sample responses").unwrap();
    let misfits: Vec<&(PathBuf, String, String)> = samples
        .items
        .iter()
        .filter(|(_, _, what)| what.contains("does not parse"))
        .collect();
    assert!(misfits.is_empty(), "{misfits:#?}");
    assert!(samples.typed >= 100, "{samples:?}");
    // Read here on its own: every method and path under an Endpoint(s)
    // heading (placeholders compared by position, the Markdown escapes
    // undone) is an operation at that place, with its base path.
    let spec = spec_of(&imported);
    let ours: std::collections::BTreeSet<(String, String)> = spec
        .operations
        .values()
        .map(|op| {
            let base = op.base_path.as_deref().unwrap_or(&spec.base_path);
            (op.method.clone(), shape(&format!("{base}{}", op.path)))
        })
        .collect();
    let mut listed = std::collections::BTreeSet::new();
    for page in std::fs::read_dir(dir.join("vendor-docs/zoho-crm-v7/pages")).unwrap() {
        let text = std::fs::read_to_string(page.unwrap().path()).unwrap();
        let mut inside = false;
        for line in text.lines() {
            if line.starts_with('#') {
                inside = matches!(
                    line.trim_start_matches('#').trim(),
                    "Endpoints" | "Endpoint"
                );
                continue;
            }
            let Some(rest) = line.trim().strip_prefix('[').filter(|_| inside) else {
                continue;
            };
            let Some((method, path)) = rest.split(']').next().and_then(|e| e.split_once(' '))
            else {
                continue;
            };
            listed.insert((method.to_owned(), shape(&path.replace("\\_", "_"))));
        }
    }
    // The Request URL's prefix: `/crm/v7`, or `/crm/bulk/v7` for the bulk jobs.
    let found: Vec<&(String, String)> = listed
        .iter()
        .filter(|(method, path)| {
            ["/crm/v7", "/crm/bulk/v7"]
                .iter()
                .any(|base| ours.contains(&(method.clone(), format!("{base}{path}"))))
        })
        .collect();
    assert_eq!(listed.len(), 104, "distinct methods and paths: {listed:?}");
    assert!(
        found.len() * 100 >= listed.len() * 98,
        "{} of {}",
        found.len(),
        listed.len()
    );
    let bulk = |name: &str| spec.operations[name].base_path.as_deref();
    assert_eq!(bulk("create_job"), Some("/crm/bulk/v7"));
    assert_eq!(bulk("job_details_by_job_id"), Some("/crm/bulk/v7"));
}

/// A path with each placeholder as `{}`, from its first `/`, without a
/// query or a trailing `/`.
fn shape(path: &str) -> String {
    let path = path
        .split('?')
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push_str("{}");
                }
                depth += 1;
            }
            '}' => depth = (depth as i32 - 1).max(0) as usize,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if out.starts_with('/') {
        out
    } else {
        format!("/{out}")
    }
}

/// The seed page, imported with the profile alone (no overlay), says what
/// `spec/zoho_crm.yaml` (once a hand transcription, now this import with
/// the overlay) says of the page: the modules, the scopes, both inputs, the
/// file part, every error code and status. The overlay adds facts; it is
/// not what makes these hold.
#[test]
fn reference_only_the_seed_page_reproduces_the_transcription() {
    let Some(dir) = shared_folder(
        "the seed page import",
        &["vendor-docs/zoho-crm-v7-upload-attachment.md"],
    ) else {
        return;
    };
    let imported = import(
        vec![dir.join("vendor-docs/zoho-crm-v7-upload-attachment.md")],
        None,
    );
    let ours = spec_of(&imported);
    let hand: ApiSpec =
        serde_yaml::from_str(&std::fs::read_to_string(root().join("spec/zoho_crm.yaml")).unwrap())
            .unwrap();
    let (a, b) = (
        &ours.operations["upload_attachment"],
        &hand.operations["upload_attachment"],
    );
    assert_eq!(
        (a.method.as_str(), a.path.as_str()),
        (b.method.as_str(), b.path.as_str())
    );
    assert_eq!(
        serde_json::to_value(&a.scopes).unwrap(),
        serde_json::to_value(&b.scopes).unwrap()
    );
    assert_eq!(
        serde_json::to_value(&a.scope_variables).unwrap(),
        serde_json::to_value(&b.scope_variables).unwrap()
    );
    let names = |s: &ApiSpec| -> Vec<(String, String)> {
        s.enums["Module"]
            .values
            .iter()
            .map(|v| {
                (
                    v.name.clone(),
                    serde_json::to_string(&v.properties).unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(names(&ours), names(&hand));
    assert_eq!(ours.enums["Module"].other.as_ref().unwrap().name, "Custom");
    let types: Vec<&str> = ours.enums["OperationType"]
        .values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(types, ["ALL", "WRITE", "CREATE"]);
    // The file part and the title: the page's two inputs.
    let file = &a.params["file"];
    assert_eq!((file.ty.as_str(), file.required), ("file", true));
    assert_eq!(
        a.params["title"].location,
        apigen_codegen::spec::ParamLocation::Query
    );
    assert_eq!(a.params["module_api_name"].ty, "Module");
    assert_eq!(a.body.as_ref().unwrap().content_type, "multipart/form-data");
    // Every error of the page, by code and status (the hand transcription's
    // 429 is not on the page: it names its source).
    let errors =
        |list: &[apigen_codegen::spec::ErrorSpec]| -> Vec<(Option<String>, ErrorStatus, String)> {
            list.iter()
                .filter(|e| e.status != ErrorStatus::Exact(429))
                .map(|e| (e.code.clone(), e.status, e.message.clone()))
                .collect()
        };
    assert_eq!(errors(&a.errors.list), errors(&b.errors.list));
    assert_eq!(a.errors.code_field, b.errors.code_field);
}

/// `spec/zoho_crm.yaml` is the import of the seed page with the profile
/// and the overlay: re-run with the command its header records, the import
/// writes it byte for byte (so the checked-in file cannot drift from its
/// command, profile or overlay).
#[test]
fn reference_only_the_seed_spec_is_its_recorded_import() {
    const PAGE: &str = "vendor-docs/zoho-crm-v7-upload-attachment.md";
    const COMMAND: &str = "cargo run -p apigen-codegen -- import pages ../shared/vendor-docs/zoho-crm-v7-upload-attachment.md --profile spec/import/zoho_crm/profile.yaml --api zoho_crm --overlay spec/import/zoho_crm/overlay.yaml --out spec/zoho_crm.yaml";
    let Some(dir) = shared_folder("the seed spec's import", &[PAGE]) else {
        return;
    };
    let root = root().canonicalize().unwrap();
    // The command's paths are the workspace's: run where it is run (every
    // other test here names its files by absolute path).
    std::env::set_current_dir(&root).unwrap();
    let page = if dir.canonicalize().unwrap() == root.join("../shared").canonicalize().unwrap() {
        PathBuf::from("../shared").join(PAGE)
    } else {
        dir.join(PAGE)
    };
    let options = ReferenceOptions {
        inputs: vec![page],
        profile: PathBuf::from("spec/import/zoho_crm/profile.yaml"),
        import: ImportOptions {
            api: "zoho_crm".to_owned(),
            overlay: Some(PathBuf::from("spec/import/zoho_crm/overlay.yaml")),
            profile: Some(PathBuf::from("spec/import/zoho_crm/profile.yaml")),
            command: COMMAND.to_owned(),
            origin: Origin::Pages,
            single_file: true,
            ..ImportOptions::default()
        },
    };
    let imported = match import_reference(&options) {
        Ok(imported) => imported,
        Err(problems) => panic!("{}", problems.render()),
    };
    let checked_in = std::fs::read_to_string(root.join("spec/zoho_crm.yaml")).unwrap();
    let written = &imported.files[0].1;
    assert!(
        written == &checked_in,
        "spec/zoho_crm.yaml is not what its command imports; re-run from the workspace root:\n  {COMMAND}\n(first difference at line {})",
        written
            .lines()
            .zip(checked_in.lines())
            .position(|(a, b)| a != b)
            .map_or(written.lines().count().min(checked_in.lines().count()) + 1, |i| i + 1)
    );
    // Nothing of the page is lost on the way.
    for category in &imported.census.categories {
        assert!(category.lost.is_empty(), "{}", imported.census.table());
    }
}

fn shared_folder(what: &str, parts: &[&str]) -> Option<PathBuf> {
    match shared::find(what, parts) {
        Ok(dir) => Some(dir),
        Err(skipped) => {
            eprintln!("{skipped}");
            None
        }
    }
}
