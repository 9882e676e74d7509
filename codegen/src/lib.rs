//! Turns YAML API specs into a typed Rust client.
//!
//! The data flows one way, one module per stage:
//!
//! | stage | module | in → out |
//! |---|---|---|
//! | load | [`load`] | YAML text → [`spec::ApiSpec`] (serde types, positions indexed) |
//! | validate | [`validate`] | spec → [`model::Api`], or every [`Diagnostic`] found |
//! | emit | [`emit`] | model → `proc_macro2` tokens, one emitter per kind of item |
//! | format | [`format`](mod@format) | tokens → Rust source (prettyplease) |
//! | (cache) | [`cache`] | reuses the formatted source of groups whose inputs did not change |
//!
//! Naming rules (keywords, digits, case) live in [`naming`] only; [`diff`]
//! compares two resolved models for pull-request review.
//!
//! # In a build script
//!
//! ```no_run
//! // build.rs of the crate that consumes the generated code
//! if let Err(problems) = codegen::build(std::path::Path::new("../spec")) {
//!     eprint!("{}", problems.render());
//!     std::process::exit(1);
//! }
//! ```
//!
//! and in that crate's `lib.rs`: `include!(concat!(env!("OUT_DIR"), "/apis.rs"));`.

pub mod cache;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod format;
pub mod load;
pub mod model;
pub mod naming;
pub mod spec;
pub mod validate;

use std::borrow::Cow;
use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics};

/// One generated source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// File name inside the output directory (`zoho_crm.rs`, `apis.rs`).
    pub name: String,
    /// Formatted Rust source.
    pub contents: String,
}

/// What a generation run produced.
#[derive(Debug, Clone)]
pub struct Output {
    /// `apis.rs` first, then one file per API in spec-file order.
    pub files: Vec<GeneratedFile>,
    /// Counts for the summary line.
    pub stats: Stats,
    /// Problems that did not stop generation (a cache that could not be
    /// saved), for the caller to show.
    pub warnings: Vec<String>,
}

/// Counts of what was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub apis: usize,
    pub operations: usize,
    /// Enums and structs shared by operations.
    pub types: usize,
    /// Documented error variants over all operations (fallbacks not counted).
    pub error_variants: usize,
    /// Item groups (shared items, an enum, a struct, an operation) emitted
    /// and formatted in this run.
    pub groups_formatted: usize,
    /// Item groups taken from the formatting cache.
    pub groups_reused: usize,
}

/// Loads and validates every spec in `dir`; reports the problems of all
/// files at once.
pub fn load_dir(dir: &Path) -> Result<Vec<model::Api>, Diagnostics> {
    let files = load::spec_files(dir).map_err(|d| Diagnostics(vec![d]))?;
    if files.is_empty() {
        return Err(Diagnostics(vec![Diagnostic::about_file(
            dir,
            "no `*.yaml` spec files in this directory".to_owned(),
            Some("each API is one file, such as `spec/zoho_crm.yaml`"),
        )]));
    }
    let mut apis = Vec::new();
    let mut problems = Vec::new();
    for path in files {
        let source = match load::SourceFile::read(&path) {
            Ok(s) => s,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        match source.parse_partial() {
            Err(mut ds) => problems.append(&mut ds),
            Ok(parsed) => {
                // Shape errors first, then what validating the rest finds.
                let complete = parsed.problems.is_empty();
                problems.extend(parsed.problems);
                match validate::validate_with(&source, &parsed.spec, &parsed.unreadable) {
                    Ok(api) if complete => apis.push((api, source)),
                    Ok(_) => {}
                    Err(mut ds) => problems.append(&mut ds),
                }
            }
        }
    }
    let mut seen = std::collections::HashMap::new();
    for (api, source) in &apis {
        if let Some(first) = seen.insert(api.module.clone(), api.source_file.clone()) {
            problems.push(source.diagnostic(
                "name",
                format!("the API name `{}` is also used by `{first}`", api.module),
                Some("each spec file needs its own `name`".to_owned()),
            ));
        }
    }
    if problems.is_empty() {
        Ok(apis.into_iter().map(|(api, _)| api).collect())
    } else {
        Err(Diagnostics(problems))
    }
}

/// Generates the formatted sources for validated APIs.
pub fn render(apis: &[model::Api]) -> Result<Output, Diagnostics> {
    render_cached(apis, None)
}

/// [`render`], reusing from `cache_dir` (see [`cache`]) the formatted text of
/// every item group whose inputs did not change since the last run there,
/// and saving this run's groups for the next. Same output as [`render`].
pub fn render_cached(apis: &[model::Api], cache_dir: Option<&Path>) -> Result<Output, Diagnostics> {
    let internal = |file: &str, message: String| {
        Diagnostics(vec![Diagnostic::about_file(
            file,
            format!("internal generator error: {message}"),
            Some("please report this with the spec that caused it"),
        )])
    };
    let mut files = Vec::with_capacity(apis.len() + 1);
    let index = format::format_items(emit::apis_index(apis)).map_err(|e| internal("apis.rs", e))?;
    files.push(GeneratedFile {
        name: "apis.rs".to_owned(),
        contents: format::header_comment(HEADER) + &index,
    });
    let mut stats = Stats {
        apis: apis.len(),
        ..Stats::default()
    };
    let mut warnings = Vec::new();
    for api in apis {
        let mut contents =
            format::header_comment(&format!("{HEADER}\nSource: spec/{}", api.source_file));
        let mut cache = cache_dir.map(|dir| {
            let cache = cache::FormatCache::open(dir, &api.module);
            contents.reserve(cache.size_hint());
            (cache, cache::context_key(api))
        });
        let names = emit::ApiNames::of(api);
        for (index, group) in emit::api_groups(api).enumerate() {
            let format = || format::format_items(group.emit(api, &names));
            let text = match &mut cache {
                Some((cache, context)) => cache
                    .get_or_format(cache::group_key(*context, &group, index), format)
                    .map(Cow::Borrowed),
                None => {
                    stats.groups_formatted += 1;
                    format().map(Cow::Owned)
                }
            };
            contents.push_str(&text.map_err(|e| internal(&api.source_file, e))?);
        }
        if let (Some(dir), Some((cache, _))) = (cache_dir, cache) {
            stats.groups_formatted += cache.formatted;
            stats.groups_reused += cache.reused;
            if let Err(e) = cache.save() {
                warnings.push(format!(
                    "cannot save the formatting cache in {}: {e} (the next run formats everything again)",
                    dir.display()
                ));
            }
        }
        files.push(GeneratedFile {
            name: format!("{}.rs", api.module),
            contents,
        });
        stats.operations += api.operations.len();
        stats.types += api.enums.len() + api.structs.len();
        stats.error_variants += api
            .operations
            .iter()
            .map(|o| o.errors.variants.len())
            .sum::<usize>();
    }
    Ok(Output {
        files,
        stats,
        warnings,
    })
}

const HEADER: &str =
    "@generated by `codegen` from the YAML specs. Do not edit: change the spec and rebuild.";

#[cfg(feature = "schema")]
/// The JSON Schema of the spec format, made from the [`spec`] types, for
/// editors (`# yaml-language-server: $schema=./schema.json` in each spec).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(spec::ApiSpec);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Loads, validates and renders every spec in `dir`.
pub fn generate(dir: &Path) -> Result<Output, Diagnostics> {
    render(&load_dir(dir)?)
}

/// Writes generated files into `out_dir`, rewriting only files whose
/// contents changed (so timestamps, and rebuilds, follow real changes).
pub fn write_files(out_dir: &Path, files: &[GeneratedFile]) -> std::io::Result<()> {
    std::fs::create_dir_all(out_dir)?;
    for f in files {
        let path = out_dir.join(&f.name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(f.contents.as_str()) {
            std::fs::write(&path, &f.contents)?;
        }
    }
    Ok(())
}

/// The one call a `build.rs` needs: generates from `spec_dir` into
/// `$OUT_DIR` and tells cargo to rerun when a spec changes. A rerun formats
/// only the items whose spec changed (the [`cache`] is kept in
/// `$OUT_DIR/codegen-cache/`).
pub fn build(spec_dir: &Path) -> Result<Output, Diagnostics> {
    build_apis(spec_dir, |_| true)
}

/// [`build`], generating only the APIs `include` accepts (by module name),
/// such as those whose cargo feature is on (see `generated/build.rs`). Every
/// spec is still validated.
pub fn build_apis(spec_dir: &Path, include: impl Fn(&str) -> bool) -> Result<Output, Diagnostics> {
    println!("cargo:rerun-if-changed={}", spec_dir.display());
    if let Ok(files) = load::spec_files(spec_dir) {
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
        }
    }
    let apis: Vec<model::Api> = load_dir(spec_dir)?
        .into_iter()
        .filter(|a| include(&a.module))
        .collect();
    let out_dir = std::env::var_os("OUT_DIR")
        .map(std::path::PathBuf::from)
        .ok_or_else(|| {
            Diagnostics(vec![Diagnostic::about_file(
                spec_dir,
                "OUT_DIR is not set: `codegen::build` runs inside a build script".to_owned(),
                Some("use `codegen generate --out DIR` outside cargo builds"),
            )])
        })?;
    // OUT_DIR survives between runs of the build script, so it holds the
    // formatting cache too (which knows the generator that wrote it).
    let output = render_cached(&apis, Some(&out_dir.join("codegen-cache")))?;
    for warning in &output.warnings {
        println!("cargo:warning={warning}");
    }
    write_files(&out_dir, &output.files).map_err(|e| {
        Diagnostics(vec![Diagnostic::about_file(
            &out_dir,
            format!("cannot write generated files: {e}"),
            None,
        )])
    })?;
    Ok(output)
}
