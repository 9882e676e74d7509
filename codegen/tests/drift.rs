//! `apigen diff --sources`: drift between two sources of one API. HighLevel's
//! "Upload file attachments" page (CC0, vendored under
//! `fixtures/pages/highlevel/`), imported with HighLevel's page profile, is
//! compared with the shipped `spec/highlevel` (imported from HighLevel's
//! OpenAPI files, `spec/highlevel/import/openapi/`).

use std::path::{Path, PathBuf};

use apigen_codegen::diff::sources::{self, Drift};
use apigen_codegen::import::reference::{import_reference, ReferenceOptions};
use apigen_codegen::import::{ImportOptions, Origin};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The page imported with `spec/import/highlevel/profile.yaml`, written to a
/// temporary directory and loaded as a spec.
fn page_spec() -> Vec<apigen_codegen::model::Api> {
    let options = ReferenceOptions {
        inputs: vec![Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/pages/highlevel/upload-file-attachments.md")],
        profile: root().join("spec/import/highlevel/profile.yaml"),
        import: ImportOptions {
            api: "highlevel_pages".to_owned(),
            command: "apigen import pages (test)".to_owned(),
            origin: Origin::Pages,
            single_file: true,
            ..ImportOptions::default()
        },
    };
    let imported = match import_reference(&options) {
        Ok(imported) => imported,
        Err(problems) => panic!("{}", problems.render()),
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("highlevel_pages.yaml");
    std::fs::write(&file, &imported.files[0].1).unwrap();
    match apigen_codegen::load_path(&file) {
        Ok(apis) => apis,
        Err(problems) => panic!("{}\n{}", problems.render(), imported.files[0].1),
    }
}

fn drifts() -> Vec<Drift> {
    let openapi = match apigen_codegen::load_path(&root().join("spec/highlevel")) {
        Ok(apis) => apis,
        Err(problems) => panic!("{}", problems.render()),
    };
    sources::sources(&page_spec(), &openapi, "page", "openapi")
}

const UPLOAD: &str = "POST /conversations/messages/upload";

fn find<'a>(drifts: &'a [Drift], kind: &str, name: &str) -> Option<&'a Drift> {
    drifts
        .iter()
        .find(|d| d.endpoint == UPLOAD && d.kind == kind && d.name == name)
}

#[test]
fn the_upload_page_and_the_openapi_file_drift_where_the_openapi_says_more() {
    let drifts = drifts();
    let upload: Vec<&Drift> = drifts.iter().filter(|d| d.endpoint == UPLOAD).collect();
    // Paired by method and path, though each source names it on its own.
    assert!(
        upload
            .iter()
            .all(|d| d.a.as_deref() == Some("upload_file_attachments")
                && d.b.as_deref() == Some("upload_file_attachments")),
        "{upload:#?}"
    );
    let what = |kind: &str, name: &str| {
        find(&drifts, kind, name)
            .map(|d| d.what.clone())
            .unwrap_or_else(|| panic!("no drift for {kind} `{name}` in {upload:#?}"))
    };
    assert_eq!(
        what("body field", "contactId"),
        "only in openapi (required)"
    );
    assert_eq!(
        what("body field", "chatServiceSid"),
        "only in openapi (optional)"
    );
    assert_eq!(
        what("body field", "isGroupSms"),
        "only in openapi (optional)"
    );
    assert_eq!(
        what("response field", "twilioMediaSids"),
        "only in openapi (optional)"
    );
    // What both sources document is no drift: the page's three body fields,
    // its success field and its error statuses are all in the OpenAPI file.
    for (kind, name) in [
        ("body field", "conversationId"),
        ("body field", "locationId"),
        ("body field", "attachmentUrls"),
        ("response field", "uploadedFiles"),
        ("error status", "413"),
        ("error status", "415"),
    ] {
        assert!(
            find(&drifts, kind, name).is_none(),
            "{kind} `{name}`: {upload:#?}"
        );
    }
    // The OpenAPI file's other operations have no page here: a line each.
    let unpaired = drifts
        .iter()
        .find(|d| d.kind == "operation" && d.b.as_deref() == Some("initiate_file_upload"))
        .expect("an unpaired operation is listed");
    assert_eq!(
        unpaired.endpoint,
        "POST /conversations/messages/upload/initiate"
    );
    assert!(
        unpaired.what.starts_with("only in openapi"),
        "{}",
        unpaired.what
    );
    // The text report labels each line with its source.
    let text = sources::render_text(&drifts, "page", "openapi");
    assert!(
        text.contains("- body field `contactId`: only in openapi (required)"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&sources::render_json(&drifts, "page", "openapi")).unwrap();
    assert_eq!(json["sources"], serde_json::json!(["page", "openapi"]));
}

#[test]
fn placeholders_pair_by_position_and_requiredness_differences_are_labelled() {
    let spec = |param: &str, required: bool| {
        format!(
            "name: t\ntitle: T\ndescription: T.\nservers: {{description: S., list: [{{name: main, title: Main, url: 'https://example.com', default: true}}]}}\nauth: {{description: None.}}\noperations:\n  get_thing:\n    summary: Get\n    method: GET\n    path: /things/{{{param}}}\n    description: Get.\n    params:\n      {param}: {{in: path, type: string, required: true, description: Id.}}\n      q: {{in: query, type: string, required: {required}, description: Q.}}\n    response: {{status: 200, description: OK.}}\n    errors: {{by: status, list: [{{status: 404, name: NotFound, message: Not found.}}]}}\n"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
    std::fs::write(&a, spec("thingId", true)).unwrap();
    std::fs::write(&b, spec("id", false)).unwrap();
    let load = |p: &Path| match apigen_codegen::load_path(p) {
        Ok(apis) => apis,
        Err(problems) => panic!("{}", problems.render()),
    };
    let drifts = sources::sources(&load(&a), &load(&b), "A", "B");
    assert_eq!(drifts.len(), 1, "{drifts:#?}");
    assert_eq!(drifts[0].endpoint, "GET /things/{}");
    assert_eq!(
        (drifts[0].kind.as_str(), drifts[0].name.as_str()),
        ("input", "q")
    );
    assert_eq!(drifts[0].what, "required in A, optional in B");
}
