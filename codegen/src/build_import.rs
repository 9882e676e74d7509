//! Imports for a build script ([`Config::import`](crate::Config::import)):
//! a folder of the user's own vendor pages (read with a page profile) or
//! the vendor's OpenAPI files, imported on each build into the output
//! directory and generated from there. The vendor's files then never need
//! to be in the crate's repository, only in a folder the build reads.
//!
//! The import functions are those of `apigen import pages --profile` and
//! `apigen import openapi` ([`crate::import`]); only what a build script
//! needs around them lives here: the files cargo watches, and where the
//! spec goes.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::import;

/// One API imported at build time, into `<out>/spec/` before generation.
///
/// ```no_run
/// // build.rs: the pages the user fetched (`apigen fetch pages`), read
/// // with a page profile and corrected by an overlay, then generated
/// let output = apigen_codegen::Config::import(
///     apigen_codegen::Import::pages("zoho_crm", "vendor/pages", "vendor/profile.yaml")
///         .overlay("vendor/overlay.yaml"),
/// )
/// .build();
/// if let Err(problems) = output {
///     eprint!("{}", problems.render());
///     std::process::exit(1);
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Import {
    api: String,
    source: Source,
    overlay: Option<PathBuf>,
}

#[derive(Debug, Clone)]
enum Source {
    /// Reference pages (`*.md`, `*.html`) of a folder, and their profile.
    Pages { dir: PathBuf, profile: PathBuf },
    /// OpenAPI files (each a group of the API), and the folder refs name.
    OpenApi {
        files: Vec<PathBuf>,
        refs: Option<PathBuf>,
    },
}

impl Import {
    /// The reference pages of `dir` (`*.md`, `*.html`: what `apigen fetch
    /// pages` saves), read as the page profile `profile` says, as API
    /// `api` (its Rust module): `apigen import pages DIR --profile P --api A`.
    pub fn pages(
        api: impl Into<String>,
        dir: impl Into<PathBuf>,
        profile: impl Into<PathBuf>,
    ) -> Self {
        Import {
            api: api.into(),
            source: Source::Pages {
                dir: dir.into(),
                profile: profile.into(),
            },
            overlay: None,
        }
    }

    /// The vendor's OpenAPI files (JSON or YAML), each a group of API
    /// `api`: `apigen import openapi FILES --api A`.
    pub fn openapi<P: Into<PathBuf>>(
        api: impl Into<String>,
        files: impl IntoIterator<Item = P>,
    ) -> Self {
        Import {
            api: api.into(),
            source: Source::OpenApi {
                files: files.into_iter().map(Into::into).collect(),
                refs: None,
            },
            overlay: None,
        }
    }

    /// Corrections: an OpenAPI Overlay 1.0 document on the spec format
    /// (`--overlay`).
    pub fn overlay(mut self, overlay: impl Into<PathBuf>) -> Self {
        self.overlay = Some(overlay.into());
        self
    }

    /// For OpenAPI files: a folder of further files that refs name by file
    /// name (`--refs`). Ignored for pages.
    pub fn refs(mut self, dir: impl Into<PathBuf>) -> Self {
        if let Source::OpenApi { refs, .. } = &mut self.source {
            *refs = Some(dir.into());
        }
        self
    }

    /// The API's name.
    pub fn api(&self) -> &str {
        &self.api
    }

    /// Exactly the files the import reads, for `cargo:rerun-if-changed`:
    /// the folder of pages (a page added or removed) and each page, the
    /// profile and the overlay; or the OpenAPI files, the refs folder and
    /// the overlay. A folder that cannot be read is named alone (the import
    /// then reports it).
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut inputs = Vec::new();
        match &self.source {
            Source::Pages { dir, profile } => {
                inputs.push(dir.clone());
                if let Ok(pages) = import::reference::page_files(std::slice::from_ref(dir)) {
                    inputs.extend(pages.into_iter().filter(|p| p != dir));
                }
                inputs.push(profile.clone());
            }
            Source::OpenApi { files, refs } => {
                inputs.extend(files.iter().cloned());
                inputs.extend(refs.iter().cloned());
            }
        }
        inputs.extend(self.overlay.iter().cloned());
        inputs
    }

    /// Imports into `spec_dir`: `<api>.yaml` for pages, `<api>/` (its
    /// `api.yaml` and a file per group) for OpenAPI files. Writes only
    /// files whose text changed.
    pub fn run(&self, spec_dir: &Path) -> Result<(), Diagnostics> {
        let command = "(build script: apigen_codegen::Import)".to_owned();
        let options = import::ImportOptions {
            api: self.api.clone(),
            overlay: self.overlay.clone(),
            command,
            ..import::ImportOptions::default()
        };
        let (imported, target) = match &self.source {
            Source::Pages { dir, profile } => {
                let options = import::reference::ReferenceOptions {
                    inputs: vec![dir.clone()],
                    profile: profile.clone(),
                    import: import::ImportOptions {
                        origin: import::Origin::Pages,
                        single_file: true,
                        profile: Some(profile.clone()),
                        ..options
                    },
                };
                let imported = import::reference::import_reference(&options)?;
                (imported, spec_dir.join(format!("{}.yaml", self.api)))
            }
            Source::OpenApi { files, refs } => {
                let options = import::ImportOptions {
                    files: files.clone(),
                    refs: refs.clone(),
                    ..options
                };
                let imported = import::import_openapi(&options)?;
                (imported, spec_dir.join(&self.api))
            }
        };
        let written = if matches!(self.source, Source::Pages { .. }) {
            write_if_changed(&target, &imported.files[0].1)
        } else {
            import::write(&target, &imported)
        };
        written.map_err(|e| {
            Diagnostics(vec![Diagnostic::about_file(
                &target,
                format!("cannot write the imported spec: {e}"),
                None,
            )])
        })
    }
}

fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text)?;
    }
    Ok(())
}
