//! The real vendor APIs of `../shared/`, found where they are (Zoho's files
//! may be read, never copied): HighLevel's 41 files as one API, Zoho's 12 as
//! one, each file of `openapi-corpus/` as its own. Shared by the corpus
//! import test (`tests/corpus.rs`) and the corpora crate's build script,
//! which compiles them, so both see the same list, including files added
//! later.

use std::path::{Path, PathBuf};

/// One API of the corpus: its module name, its files, and the folder its
/// external `$ref`s resolve in (when they point outside the files).
pub struct CorpusApi {
    pub name: String,
    pub files: Vec<PathBuf>,
    pub refs: Option<PathBuf>,
}

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

/// Every API of `shared` (the `../shared` folder beside the checkout).
pub fn corpus_apis(shared: &Path) -> std::io::Result<Vec<CorpusApi>> {
    let zoho = shared.join("vendor-openapi/zoho-crm-v8");
    let mut apis = vec![
        CorpusApi {
            name: "highlevel".to_owned(),
            files: openapi_files(&shared.join("vendor-openapi/highlevel/apps"))?,
            refs: None,
        },
        CorpusApi {
            name: "zoho_crm".to_owned(),
            files: openapi_files(&zoho)?,
            refs: Some(zoho),
        },
    ];
    let corpus = shared.join("openapi-corpus");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&corpus)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let prefix = module_name(&folder);
        for file in openapi_files(&folder)? {
            apis.push(CorpusApi {
                name: format!("{prefix}_{}", module_name(&file)),
                files: vec![file],
                refs: None,
            });
        }
    }
    Ok(apis)
}
