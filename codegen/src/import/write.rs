//! Spec values → the files of a split API: `api.yaml` (header, shared
//! types, webhooks) and one file per group, each the YAML serialization of
//! its spec value ([`crate::spec::ApiSpec`], [`crate::spec::ApiPartSpec`]),
//! written for review by [`super::yaml`]; and writing them to disk.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use indexmap::IndexMap;

use super::{GroupSource, ImportOptions};
use crate::spec::{ApiPartSpec, ApiSpec};

/// Which file each item goes to.
pub struct Grouping<'a> {
    /// The groups' names (their files' stems).
    pub names: &'a [String],
    /// Operation name → group.
    pub operations: &'a BTreeMap<String, usize>,
    /// Type name → group (`None`: shared).
    pub types: &'a BTreeMap<String, Option<usize>>,
}

impl Grouping<'_> {
    /// The group of the item at a dotted path of the spec
    /// (`operations.upload`, `schemas.Note.fields.x`).
    pub fn group_of(&self, dotted: &str) -> Option<String> {
        let mut parts = dotted.splitn(3, '.');
        let (section, name) = (parts.next()?, parts.next()?);
        let group = match section {
            "operations" => self.operations.get(name).copied(),
            "enums" | "schemas" => self.types.get(name).copied().flatten(),
            _ => None,
        }?;
        self.names.get(group).cloned()
    }
}

/// Splits the spec into `api.yaml` and the groups' files, as text.
pub fn files(
    mut spec: ApiSpec,
    grouping: &Grouping<'_>,
    sources: &[GroupSource],
    options: &ImportOptions,
) -> Vec<(String, String)> {
    if options.single_file {
        return vec![(
            crate::load::SPLIT_HEADER.to_owned(),
            super::yaml::write(&single_header(sources, options), &to_value(&spec)),
        )];
    }
    let mut parts: Vec<ApiPartSpec> = sources
        .iter()
        .map(|s| ApiPartSpec {
            description: s.description.clone(),
            webhooks: None,
            enums: IndexMap::new(),
            schemas: IndexMap::new(),
            operations: IndexMap::new(),
        })
        .collect();
    let type_group = |name: &str| grouping.types.get(name).copied().flatten();
    for (name, e) in std::mem::take(&mut spec.enums) {
        match type_group(&name).and_then(|g| parts.get_mut(g)) {
            Some(part) => part.enums.insert(name, e),
            None => spec.enums.insert(name, e),
        };
    }
    for (name, s) in std::mem::take(&mut spec.schemas) {
        match type_group(&name).and_then(|g| parts.get_mut(g)) {
            Some(part) => part.schemas.insert(name, s),
            None => spec.schemas.insert(name, s),
        };
    }
    for (name, o) in std::mem::take(&mut spec.operations) {
        match grouping
            .operations
            .get(&name)
            .and_then(|&g| parts.get_mut(g))
        {
            Some(part) => part.operations.insert(name, o),
            None => spec.operations.insert(name, o),
        };
    }
    let vendor: Vec<String> = sources
        .iter()
        .map(|s| {
            format!(
                "- {} (info.version {}, OpenAPI {})",
                s.path.display(),
                s.version,
                s.openapi
            )
        })
        .collect();
    let mut header = format!(
        "yaml-language-server: $schema=../schema.json\n\
         The API `{}`, imported by `apigen import openapi` from the vendor's files:\n{}\n",
        options.api,
        vendor.join("\n")
    );
    match &options.overlay {
        Some(o) => header.push_str(&format!(
            "with the corrections of {} applied.\n",
            o.display()
        )),
        None => header.push_str("without corrections.\n"),
    }
    header.push_str(&format!(
        "Do not edit the imported files: change the overlay and re-import with\n  {}\n",
        options.command
    ));
    let mut files = vec![(
        crate::load::SPLIT_HEADER.to_owned(),
        super::yaml::write(&header, &to_value(&spec)),
    )];
    for ((part, name), source) in parts.iter().zip(grouping.names).zip(sources) {
        let header = format!(
            "Group `{name}` of the API `{}`, imported from {}.\nShared types, servers and auth are in api.yaml; see its header to re-import.",
            options.api,
            source.path.display()
        );
        files.push((
            format!("{name}.yaml"),
            super::yaml::write(&header, &to_value(part)),
        ));
    }
    files.sort();
    files
}

/// The header of an API written as one file (`spec/<api>.yaml`): what it
/// was imported from, and the command that imports it again.
fn single_header(sources: &[GroupSource], options: &ImportOptions) -> String {
    let what = match options.origin {
        super::Origin::Pages => "pages",
        super::Origin::OpenApi => "openapi",
    };
    let mut header = format!(
        "yaml-language-server: $schema=./schema.json\n\
         The API `{}`, imported by `apigen import {what}` from the vendor's {}:\n",
        options.api,
        if what == "pages" { "pages" } else { "files" },
    );
    for s in sources {
        header.push_str(&format!("- {}\n", s.path.display()));
    }
    if let Some(profile) = &options.profile {
        header.push_str(&format!(
            "read with the page profile {}, ",
            profile.display()
        ));
    }
    match &options.overlay {
        Some(o) => header.push_str(&format!(
            "with the corrections of {} applied.\n",
            o.display()
        )),
        None => header.push_str("without corrections.\n"),
    }
    header.push_str(&format!(
        "Do not edit: change the overlay (or the profile) and re-import with\n  {}\n",
        options.command
    ));
    header
}

/// A spec value as the JSON tree the YAML writer lays out.
pub fn to_value<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("spec values serialize: string keys, finite numbers")
}

/// Whether a spec file's header says an OpenAPI import wrote it (not the
/// pages import, nor a person). Files imported before the CLI was named
/// `apigen` say `codegen import openapi`.
fn written_by_openapi_import(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    text.lines().take(3).any(|line| {
        line.contains("imported by `apigen import openapi`")
            || line.contains("imported by `codegen import openapi`")
            || (line.starts_with("# Group `") && line.contains(", imported from "))
    })
}

/// Writes the imported files into `out` (created if needed), replacing the
/// spec files an earlier OpenAPI import wrote there and that this one does
/// not (files of the pages import, or written by hand, stay).
pub fn write(out: &Path, imported: &super::Imported) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let keep: BTreeSet<&str> = imported.files.iter().map(|(n, _)| n.as_str()).collect();
    for entry in std::fs::read_dir(out)? {
        let path = entry?.path();
        let stale = path.is_file()
            && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !keep.contains(n))
            && written_by_openapi_import(&path);
        if stale {
            std::fs::remove_file(&path)?;
        }
    }
    for (name, text) in &imported.files {
        let path = out.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
            std::fs::write(&path, text)?;
        }
    }
    Ok(())
}
