//! The real vendor APIs of the corpus, found where they are. Those whose
//! licenses allow copying are in the repository: HighLevel's 41 files as
//! one API (`spec/highlevel/import/openapi/apps/`, CC0), and each file of
//! `tests/fixtures/openapi/<vendor>/` as its own (progenitor's samples,
//! Twilio's, Box's). The reference-only ones are read from the shared
//! folder beside the checkout, never copied (`tests/support/shared.rs`):
//! Zoho CRM v8's 12 files as one API (`vendor-openapi/zoho-crm-v8/`), and
//! each file of every `openapi-corpus/<vendor>/` folder the repository does
//! not carry (HubSpot's), so a vendor added there joins the corpus. Shared
//! by the corpus import test (`tests/corpus.rs`), the corpora crate's build
//! script, which compiles them, and the peers bench, so all see the same
//! list.

use std::path::{Path, PathBuf};

/// One API of the corpus: its module name, its files, and the folder its
/// external `$ref`s resolve in (when they point outside the files).
pub struct CorpusApi {
    pub name: String,
    pub files: Vec<PathBuf>,
    pub refs: Option<PathBuf>,
}

/// Where the repository keeps the other vendors' licensed files, one folder
/// per vendor, relative to the workspace root.
pub const FIXTURES: &str = "tests/fixtures/openapi";

/// The parts of the shared folder the reference-only APIs come from.
pub const REFERENCE_ONLY_PARTS: [&str; 2] = ["vendor-openapi/zoho-crm-v8", "openapi-corpus"];

/// The OpenAPI files (JSON or YAML) of `dir`, sorted.
pub fn openapi_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// A file name as a module name: `api.github.com.json` is
/// `api_github_com_json` (the extension stays: `param-overrides` comes as
/// both JSON and YAML).
fn module_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The vendor folders of `dir`, sorted.
fn vendor_folders(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    Ok(folders)
}

/// Each file of each vendor folder as its own API, `<vendor>_<file>`.
fn one_api_per_file(folders: &[PathBuf]) -> std::io::Result<Vec<CorpusApi>> {
    let mut apis = Vec::new();
    for folder in folders {
        let prefix = module_name(folder);
        for file in openapi_files(folder)? {
            apis.push(CorpusApi {
                name: format!("{prefix}_{}", module_name(&file)),
                files: vec![file],
                refs: None,
            });
        }
    }
    Ok(apis)
}

/// The APIs whose files are in the repository at `root` (the workspace).
pub fn licensed_apis(root: &Path) -> std::io::Result<Vec<CorpusApi>> {
    let mut apis = vec![CorpusApi {
        name: "highlevel".to_owned(),
        files: openapi_files(&root.join("spec/highlevel/import/openapi/apps"))?,
        refs: None,
    }];
    apis.extend(one_api_per_file(&vendor_folders(&root.join(FIXTURES))?)?);
    Ok(apis)
}

/// The reference-only APIs, read from the shared folder `shared` (which
/// holds [`REFERENCE_ONLY_PARTS`]): Zoho's, and the vendors of its
/// `openapi-corpus/` that the repository at `root` does not carry.
pub fn reference_only_apis(shared: &Path, root: &Path) -> std::io::Result<Vec<CorpusApi>> {
    let zoho = shared.join("vendor-openapi/zoho-crm-v8");
    let mut apis = vec![CorpusApi {
        name: "zoho_crm".to_owned(),
        files: openapi_files(&zoho)?,
        refs: Some(zoho),
    }];
    let carried = root.join(FIXTURES);
    let folders: Vec<PathBuf> = vendor_folders(&shared.join("openapi-corpus"))?
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| !carried.join(n).is_dir()))
        .collect();
    apis.extend(one_api_per_file(&folders)?);
    Ok(apis)
}
