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
//! A crate with a client for its own API needs two dependencies: this crate
//! as a build-dependency and the runtime, `apigen-runtime`, which the
//! generated code names by the path `::apigen_runtime` (see
//! [`Config::runtime_path`]) and which brings everything else it needs.
//!
//! ```toml
//! [dependencies]
//! apigen-runtime = "0.1"
//!
//! [build-dependencies]
//! apigen-codegen = { version = "0.1", default-features = false }
//! ```
//!
//! ```no_run
//! // build.rs: generates from `spec/` into `$OUT_DIR`
//! if let Err(problems) = apigen_codegen::build("spec") {
//!     eprint!("{}", problems.render());
//!     std::process::exit(1);
//! }
//! ```
//!
//! and in that crate's `lib.rs`: `include!(concat!(env!("OUT_DIR"), "/apis.rs"));`.
//!
//! # Checked-in sources
//!
//! `apigen generate --out src/apis` (or [`Config::layout`] with
//! [`Layout::Modules`]) writes `mod.rs` and one plain module file per API:
//! `mod apis;` in the crate, no build script.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "import")]
mod build_import;
mod by_name;
pub mod cache;
pub mod diagnostic;
pub mod diff;
pub mod emit;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod format;
#[cfg(feature = "import")]
pub mod import;
pub mod load;
pub mod model;
pub mod naming;
pub mod profile;
pub mod spec;
pub mod template;
pub mod validate;

use std::borrow::Cow;

use rayon::prelude::*;
use std::path::{Path, PathBuf};

#[cfg(feature = "import")]
pub use build_import::Import;
pub use diagnostic::{Diagnostic, Diagnostics};
pub use emit::{Doctests, Layout, Options};

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
    let inputs = load::spec_inputs(dir).map_err(|d| Diagnostics(vec![d]))?;
    load_inputs(dir, inputs)
}

/// Loads and validates the specs at `path`: one spec file, one split API's
/// directory (with `api.yaml`), or a directory of specs.
pub fn load_path(path: &Path) -> Result<Vec<model::Api>, Diagnostics> {
    if path.is_file() {
        return load_inputs(path, vec![load::SpecInput::File(path.to_owned())]);
    }
    if path.join(load::SPLIT_HEADER).is_file() {
        return load_inputs(path, vec![load::SpecInput::Split(path.to_owned())]);
    }
    load_dir(path)
}

fn load_inputs(dir: &Path, inputs: Vec<load::SpecInput>) -> Result<Vec<model::Api>, Diagnostics> {
    if inputs.is_empty() {
        return Err(Diagnostics(vec![Diagnostic::about_file(
            dir,
            "no `*.yaml` spec files in this directory".to_owned(),
            Some("each API is one file, such as `spec/zoho_crm.yaml`, or a directory such as `spec/highlevel/` with `api.yaml` and a file per group"),
        )]));
    }
    let mut apis: Vec<(model::Api, Box<dyn load::Locate>)> = Vec::new();
    let mut problems = Vec::new();
    for input in inputs {
        let read = match input {
            load::SpecInput::File(path) => load::SourceFile::read(&path)
                .map_err(|d| vec![d])
                .and_then(|source| {
                    let parsed = source.parse_partial()?;
                    Ok((Box::new(source) as Box<dyn load::Locate>, parsed))
                }),
            load::SpecInput::Split(dir) => load::SplitSource::read(&dir)
                .map(|(split, parsed)| (Box::new(split) as Box<dyn load::Locate>, parsed)),
        };
        match read {
            Err(mut ds) => problems.append(&mut ds),
            Ok((source, parsed)) => {
                // Shape errors first, then what validating the rest finds.
                let complete = parsed.problems.is_empty();
                problems.extend(parsed.problems);
                match validate::validate_with(source.as_ref(), &parsed.spec, &parsed.unreadable) {
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

/// Loads and validates one API split over files held in memory: `files`
/// are `api.yaml` and the groups' files, by name; `dir` is where they would
/// be, which diagnostics name. What an import checks before it writes.
pub fn validate_split(dir: &Path, files: &[(String, String)]) -> Result<model::Api, Diagnostics> {
    let mut header = None;
    let mut parts = Vec::new();
    for (name, text) in files {
        let source = load::SourceFile::from_text(dir.join(name), text.clone());
        if name == load::SPLIT_HEADER {
            header = Some(source);
        } else {
            parts.push(source);
        }
    }
    let Some(header) = header else {
        return Err(Diagnostics(vec![Diagnostic::about_file(
            dir,
            format!("no `{}` among the files", load::SPLIT_HEADER),
            None,
        )]));
    };
    let (split, parsed) = load::SplitSource::merge(dir, header, parts).map_err(Diagnostics)?;
    let mut problems = parsed.problems;
    match validate::validate_with(&split, &parsed.spec, &parsed.unreadable) {
        Ok(api) if problems.is_empty() => return Ok(api),
        Ok(_) => {}
        Err(mut ds) => problems.append(&mut ds),
    }
    Err(Diagnostics(problems))
}

/// The cargo features of a crate generated from these APIs, as
/// `[features]` lines: one per API (`highlevel = []`: everything), and one
/// per group of a split API (`highlevel-conversations = []`: that group and
/// the types it uses). A build script selects by them with
/// [`Config::select_by_features`].
pub fn cargo_features(apis: &[model::Api]) -> String {
    let mut out = String::new();
    for api in apis {
        out.push_str(&format!("{} = []\n", api.module));
        for group in api.groups() {
            out.push_str(&format!("{}-{} = []\n", api.module, group));
        }
    }
    out
}

/// Whether cargo feature `feature` is on in the build script running:
/// `highlevel-conversations` is `CARGO_FEATURE_HIGHLEVEL_CONVERSATIONS`.
fn feature_on(feature: &str) -> bool {
    let var = format!("CARGO_FEATURE_{}", feature.to_uppercase().replace('-', "_"));
    std::env::var_os(var).is_some()
}

/// [`Config::select_by_features`]: the API's feature, or any of its groups'.
fn api_feature_on(api: &str) -> bool {
    let group_prefix = format!("CARGO_FEATURE_{}_", api.to_uppercase());
    feature_on(api)
        || std::env::vars_os().any(|(k, _)| k.to_string_lossy().starts_with(&group_prefix))
}

/// [`Config::select_by_features`]: the group's feature, or its API's.
fn group_feature_on(api: &str, group: &str) -> bool {
    feature_on(api) || feature_on(&format!("{api}-{group}"))
}

/// Generates the formatted sources for validated APIs, as for a build
/// script (runtime at `::apigen_runtime`, [`Layout::OutDir`]).
pub fn render(apis: &[model::Api]) -> Result<Output, Diagnostics> {
    render_with(apis, &Options::default(), None)
}

/// [`render`], reusing from `cache_dir` (see [`cache`]) the formatted text of
/// every item group whose inputs did not change since the last run there,
/// and saving this run's groups for the next. Same output as [`render`].
pub fn render_cached(apis: &[model::Api], cache_dir: Option<&Path>) -> Result<Output, Diagnostics> {
    render_with(apis, &Options::default(), cache_dir)
}

/// Generates the formatted sources for validated APIs with `options`, with
/// the formatting cache in `cache_dir` when given.
pub fn render_with(
    apis: &[model::Api],
    options: &Options,
    cache_dir: Option<&Path>,
) -> Result<Output, Diagnostics> {
    let internal = |file: &str, message: String| {
        Diagnostics(vec![Diagnostic::about_file(
            file,
            format!("internal generator error: {message}"),
            Some("please report this with the spec that caused it"),
        )])
    };
    let mut files = Vec::with_capacity(apis.len() + 1);
    let index_name = options.layout.index_file();
    let index = format::format_items(emit::apis_index(apis, options.layout))
        .map_err(|e| internal(index_name, e))?;
    files.push(GeneratedFile {
        name: index_name.to_owned(),
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
        if options.layout == Layout::Modules {
            contents.push_str(&format::inner_doc(&emit::api_doc(api)));
        }
        let mut cache = cache_dir.map(|dir| {
            let cache = cache::FormatCache::open(dir, &api.module);
            contents.reserve(cache.size_hint());
            (cache, cache::context_key(api, options))
        });
        let groups: Vec<emit::Group<'_>> = emit::api_groups(api, options).collect();
        let keys: Vec<Option<u128>> = groups
            .iter()
            .enumerate()
            .map(|(index, group)| {
                cache
                    .as_ref()
                    .map(|(_, context)| cache::group_key(*context, group, index))
            })
            .collect();
        // Groups are independent: those the cache lacks are emitted and
        // formatted on every core, then assembled in order.
        let mut fresh: Vec<Option<Result<String, String>>> = groups
            .par_iter()
            .zip(&keys)
            .map(|(group, key)| {
                let cached = matches!((&cache, key), (Some((c, _)), Some(k)) if c.has(*k));
                (!cached).then(|| format::format_items(group.emit(api, options)))
            })
            .collect();
        for (index, key) in keys.iter().enumerate() {
            let formatted = fresh[index].take();
            let format =
                move || formatted.unwrap_or_else(|| Err("a cached group was missing".to_owned()));
            let text = match (&mut cache, key) {
                (Some((cache, _)), Some(key)) => {
                    cache.get_or_format(*key, format).map(Cow::Borrowed)
                }
                _ => {
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
    "@generated by `apigen` from the YAML specs. Do not edit: change the spec and rebuild.";

#[cfg(feature = "schema")]
/// The JSON Schema of the spec format, made from the [`spec`] types, for
/// editors (`# yaml-language-server: $schema=./schema.json` in each spec).
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(spec::ApiSpec);
    // The page profile's schema rides along, as `#/$defs/PageProfile`.
    let mut profile = schemars::schema_for!(profile::PageProfile).to_value();
    if let (Some(root), Some(p)) = (schema.as_object_mut(), profile.as_object_mut()) {
        let mut defs = match p.remove("$defs") {
            Some(serde_json::Value::Object(defs)) => defs,
            _ => serde_json::Map::new(),
        };
        p.remove("$schema");
        defs.insert(
            "PageProfile".to_owned(),
            serde_json::Value::Object(p.clone()),
        );
        if let Some(serde_json::Value::Object(all)) = root.get_mut("$defs") {
            for (name, def) in defs {
                all.entry(name).or_insert(def);
            }
        }
    }
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Loads, validates and renders every spec in `dir`, as for a build script.
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

/// The one call a `build.rs` needs: generates every spec of `spec_dir` into
/// `$OUT_DIR` and tells cargo to rerun when a spec changes. With the crate's
/// `mock` feature on, each API's typed mock server too. The same as
/// `Config::new(spec_dir).build()`; see [`Config`] for everything optional.
pub fn build(spec_dir: impl Into<PathBuf>) -> Result<Output, Diagnostics> {
    Config::new(spec_dir).build()
}

/// A generation run: where the specs are, where the output goes, how the
/// generated code names the runtime, which APIs to generate.
///
/// ```no_run
/// // build.rs of a crate that re-exports the runtime as `my_crate::runtime`
/// let output = apigen_codegen::Config::new("spec")
///     .runtime_path("crate::runtime")
///     .apis(["billing"])
///     .build();
/// if let Err(problems) = output {
///     eprint!("{}", problems.render());
///     std::process::exit(1);
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    spec_dir: PathBuf,
    out_dir: Option<PathBuf>,
    runtime_path: String,
    layout: Layout,
    selection: Selection,
    cache_dir: Option<PathBuf>,
    /// `None`: for [`Config::build`], the crate's `mock` feature decides.
    mock: Option<bool>,
    /// Which groups of split APIs to generate (API name, group name).
    group_filter: Option<fn(&str, &str) -> bool>,
    /// Whose examples are doctests: the crate path, and a filter by API
    /// name and group.
    doctests: Option<(String, DoctestFilter)>,
    /// APIs imported into `<out>/spec/` before generation, which then
    /// reads its specs from there ([`Config::import`]).
    #[cfg(feature = "import")]
    imports: Vec<Import>,
}

/// [`Config::doctests`]'s choice of operations, by API name and group.
type DoctestFilter = fn(&str, Option<&str>) -> bool;

/// Which APIs of the spec directory are generated (all are validated).
#[derive(Debug, Clone)]
enum Selection {
    All,
    Named(Vec<String>),
    Filter(fn(&str) -> bool),
}

impl Config {
    /// Generates every API of `spec_dir`: the runtime at `::apigen_runtime`,
    /// [`Layout::OutDir`], into `$OUT_DIR` for [`Config::build`].
    pub fn new(spec_dir: impl Into<PathBuf>) -> Self {
        Config {
            spec_dir: spec_dir.into(),
            out_dir: None,
            runtime_path: "::apigen_runtime".to_owned(),
            layout: Layout::OutDir,
            selection: Selection::All,
            cache_dir: None,
            mock: None,
            group_filter: None,
            doctests: None,
            #[cfg(feature = "import")]
            imports: Vec::new(),
        }
    }

    /// Generates the API that `import` imports: from the user's own folder
    /// of vendor pages (with a page profile and an overlay) or the vendor's
    /// OpenAPI files, imported on each run into `<out>/spec/` (for
    /// [`Config::build`], `$OUT_DIR/spec/`) and generated from there, so
    /// that the vendor's files need not be in the crate's repository.
    /// [`Config::build`] tells cargo to rerun on exactly the import's
    /// inputs ([`Import::inputs`]); an import's problems are returned as
    /// `apigen check` renders them. See [`Import`].
    #[cfg(feature = "import")]
    pub fn import(import: Import) -> Self {
        Self::imports([import])
    }

    /// [`Config::import`] of several APIs, generated together.
    #[cfg(feature = "import")]
    pub fn imports(imports: impl IntoIterator<Item = Import>) -> Self {
        let mut config = Config::new(PathBuf::new());
        config.imports = imports.into_iter().collect();
        config
    }

    /// Whether the specs come from imports ([`Config::import`]).
    #[cfg(feature = "import")]
    fn imports_specs(&self) -> bool {
        !self.imports.is_empty()
    }

    /// Without the `import` feature, never.
    #[cfg(not(feature = "import"))]
    fn imports_specs(&self) -> bool {
        false
    }

    /// Runs the imports into `<out_dir>/spec/`, removing what an earlier
    /// run imported there and this one does not; returns that directory.
    #[cfg(feature = "import")]
    fn run_imports(&self, out_dir: &Path) -> Result<PathBuf, Diagnostics> {
        let spec_dir = out_dir.join("spec");
        let mut problems = Vec::new();
        for import in &self.imports {
            if let Err(mut ds) = import.run(&spec_dir) {
                problems.append(&mut ds.0);
            }
        }
        if !problems.is_empty() {
            return Err(Diagnostics(problems));
        }
        let kept: Vec<std::ffi::OsString> = self
            .imports
            .iter()
            .flat_map(|i| [i.api().into(), format!("{}.yaml", i.api()).into()])
            .collect();
        if let Ok(entries) = std::fs::read_dir(&spec_dir) {
            for entry in entries.flatten() {
                if !kept.contains(&entry.file_name()) {
                    let path = entry.path();
                    let _ = if path.is_dir() {
                        std::fs::remove_dir_all(&path)
                    } else {
                        std::fs::remove_file(&path)
                    };
                }
            }
        }
        Ok(spec_dir)
    }

    /// Where the files are written (for [`Config::build`]: instead of `$OUT_DIR`).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The path by which generated code names the runtime crate, such as
    /// `::apigen_runtime` (the default, for a crate that depends on
    /// `apigen-runtime`) or `crate::runtime` (a crate that re-exports it).
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = path.into();
        self
    }

    /// How the API modules are put together: included from `$OUT_DIR`, or
    /// plain module files to check into a crate.
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// Generates only these APIs (by their spec `name`); a name no spec has
    /// is an error.
    pub fn apis<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.selection = Selection::Named(names.into_iter().map(Into::into).collect());
        self
    }

    /// Generates only the APIs `include` accepts (by their spec `name`),
    /// such as those whose cargo feature is on (see `generated/build.rs`).
    pub fn api_filter(mut self, include: fn(&str) -> bool) -> Self {
        self.selection = Selection::Filter(include);
        self
    }

    /// For a build script: generates the APIs and groups whose cargo
    /// features are on, under the names [`cargo_features`] lists: an API when
    /// its feature (`highlevel`: every group) or one of its groups' is on, a
    /// group when its own feature (`highlevel-conversations`) or its API's is.
    pub fn select_by_features(self) -> Self {
        self.api_filter(api_feature_on)
            .group_filter(group_feature_on)
    }

    /// Generates only the groups of split APIs (`spec/NAME/GROUP.yaml`) for
    /// which `include(api, group)` holds, and the types they use; the other
    /// groups' operations are left out (they are still validated). A build
    /// script passes the crate's cargo features (`highlevel-conversations`).
    pub fn group_filter(mut self, include: fn(&str, &str) -> bool) -> Self {
        self.group_filter = Some(include);
        self
    }

    /// Keeps the formatting cache (see [`cache`]) in `dir`: a later run
    /// formats only what changed. [`Config::build`] keeps it in `$OUT_DIR`
    /// unless set.
    pub fn cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cache_dir = Some(dir.into());
        self
    }

    /// Also generates each API's typed mock server (`<api>::mock`), for
    /// tests; the crate must turn on `apigen-runtime`'s `mock` feature.
    ///
    /// Unset, [`Config::build`] generates the mocks when the crate being
    /// built has a `mock` feature and it is on (`CARGO_FEATURE_MOCK`), and
    /// [`Config::generate`] does not.
    pub fn mock(mut self, mock: bool) -> Self {
        self.mock = Some(mock);
        self
    }

    /// Makes the rustdoc example of each operation of the APIs and groups
    /// that `include(api, group)` accepts (`group` is `None` in an API of
    /// one file) a doctest, which `cargo test` compiles whole, the `send`
    /// included (` ```no_run `: never run). The others are shown only
    /// (` ```ignore `), their requests compiled with the crate as each
    /// operation's hidden `example()`.
    ///
    /// `crate_path` is how code outside the crate names the API modules:
    /// the crate's name when its root includes `apis.rs`, as a build
    /// script's crate does (`"generated"` for `generated::highlevel`). The
    /// crate must depend on the runtime by the path the generated code
    /// names it (`apigen-runtime`, by default), and have its client (the
    /// runtime's `reqwest` or another TLS feature). Each doctest is a
    /// compilation of its own (checked, not linked): about 30 ms each for
    /// HighLevel's 577 on 2 cores (BENCHMARKS.md); `include` can leave out
    /// the groups of a larger API.
    ///
    /// ```no_run
    /// // build.rs: every example of `billing`, and of the `contacts` group
    /// // of `crm`, compiled by `cargo test`
    /// let output = apigen_codegen::Config::new("spec")
    ///     .doctests("my_crate", |api, group| {
    ///         api == "billing" || group == Some("contacts")
    ///     })
    ///     .build();
    /// # let _ = output;
    /// ```
    pub fn doctests(
        mut self,
        crate_path: impl Into<String>,
        include: fn(&str, Option<&str>) -> bool,
    ) -> Self {
        self.doctests = Some((crate_path.into(), include));
        self
    }

    fn options(&self) -> Result<Options, Diagnostics> {
        let parsed = syn::parse_str::<syn::Path>(&self.runtime_path).map_err(|e| {
            Diagnostics(vec![Diagnostic::about_file(
                &self.spec_dir,
                format!("`{}` is not a Rust path: {e}", self.runtime_path),
                Some("the runtime path is written like `::apigen_runtime` or `crate::runtime`"),
            )])
        })?;
        if let Some((crate_path, _)) = &self.doctests {
            syn::parse_str::<syn::Path>(crate_path).map_err(|e| {
                Diagnostics(vec![Diagnostic::about_file(
                    &self.spec_dir,
                    format!("`{crate_path}` is not a Rust path: {e}"),
                    Some("the doctests' crate path is written like `my_crate` or `my_crate::apis`"),
                )])
            })?;
        }
        Ok(Options {
            runtime_path: quote::quote!(#parsed).to_string(),
            layout: self.layout,
            mock: self.mock.unwrap_or(false),
            doctests: None,
        })
    }

    /// The operations of `apis` whose examples [`Config::doctests`] makes
    /// doctests.
    fn doctests_of(&self, apis: &[model::Api]) -> Option<Doctests> {
        let (crate_path, include) = self.doctests.as_ref()?;
        let operations = apis
            .iter()
            .flat_map(|api| {
                api.operations
                    .iter()
                    .filter(|op| include(&api.module, op.group.as_deref()))
                    .map(|op| (api.module.clone(), op.rust_name.clone()))
            })
            .collect();
        Some(Doctests {
            crate_path: crate_path.clone(),
            operations,
        })
    }

    /// Loads and validates every spec, then renders the selected APIs;
    /// writes nothing.
    pub fn render(&self) -> Result<Output, Diagnostics> {
        self.options()?;
        if self.imports_specs() {
            return Err(Diagnostics(vec![Diagnostic::about_file(
                "import",
                "an import writes the spec it generates from: nothing to render before it runs"
                    .to_owned(),
                Some("use `Config::generate` (with `Config::out_dir`) or `Config::build`"),
            )]));
        }
        self.render_loaded(load_dir(&self.spec_dir)?)
    }

    /// [`Config::render`] of APIs already loaded and validated from the
    /// spec directory by [`load_dir`]: what `apigen import openapi
    /// --generate` uses, having just validated the specs it wrote, instead
    /// of reading them again.
    pub fn render_loaded(&self, apis: Vec<model::Api>) -> Result<Output, Diagnostics> {
        let mut options = self.options()?;
        let apis = match &self.selection {
            Selection::All => apis,
            Selection::Filter(include) => apis.into_iter().filter(|a| include(&a.module)).collect(),
            Selection::Named(names) => {
                let unknown: Vec<Diagnostic> = names
                    .iter()
                    .filter(|n| !apis.iter().any(|a| &a.module == *n))
                    .map(|n| {
                        Diagnostic::about_file(
                            &self.spec_dir,
                            format!("no spec in this directory has the name `{n}`"),
                            Some("`apis` takes the `name` of each spec file"),
                        )
                    })
                    .collect();
                if !unknown.is_empty() {
                    return Err(Diagnostics(unknown));
                }
                apis.into_iter()
                    .filter(|a| names.contains(&a.module))
                    .collect()
            }
        };
        let mut apis = apis;
        if let Some(include) = self.group_filter {
            for api in &mut apis {
                let module = api.module.clone();
                api.retain_groups(|group| include(&module, group));
            }
        }
        options.doctests = self.doctests_of(&apis);
        render_with(&apis, &options, self.cache_dir.as_deref())
    }

    /// [`Config::render`], then writes the files into the output directory
    /// (only those whose contents changed).
    /// With [`Config::import`], the imports run first, into
    /// `<out>/spec/`, and the specs are read from there.
    pub fn generate(&self) -> Result<Output, Diagnostics> {
        let out_dir = self.required_out_dir()?;
        #[cfg(feature = "import")]
        if self.imports_specs() {
            let mut config = self.clone();
            config.spec_dir = self.run_imports(&out_dir)?;
            config.imports.clear();
            return config.generate();
        }
        let output = self.render()?;
        Self::write(&out_dir, output)
    }

    /// [`Config::render_loaded`], then writes the files as
    /// [`Config::generate`] does.
    pub fn generate_loaded(&self, apis: Vec<model::Api>) -> Result<Output, Diagnostics> {
        let out_dir = self.required_out_dir()?;
        let output = self.render_loaded(apis)?;
        Self::write(&out_dir, output)
    }

    fn required_out_dir(&self) -> Result<PathBuf, Diagnostics> {
        self.out_dir.clone().ok_or_else(|| {
            Diagnostics(vec![Diagnostic::about_file(
                &self.spec_dir,
                "no output directory: set one with `Config::out_dir`".to_owned(),
                None,
            )])
        })
    }

    fn write(out_dir: &Path, output: Output) -> Result<Output, Diagnostics> {
        write_files(out_dir, &output.files).map_err(|e| {
            Diagnostics(vec![Diagnostic::about_file(
                out_dir,
                format!("cannot write generated files: {e}"),
                None,
            )])
        })?;
        Ok(output)
    }

    /// Tells cargo to rerun the build script when a spec changes.
    fn watch_specs(&self) {
        println!("cargo:rerun-if-changed={}", self.spec_dir.display());
        if let Ok(inputs) = load::spec_inputs(&self.spec_dir) {
            for input in inputs {
                if let load::SpecInput::Split(dir) = input {
                    // A group file added to or removed from a split API.
                    println!("cargo:rerun-if-changed={}", dir.display());
                }
            }
        }
        if let Ok(files) = load::spec_files(&self.spec_dir) {
            for f in files {
                println!("cargo:rerun-if-changed={}", f.display());
            }
        }
    }

    /// For a build script: [`Config::generate`] into `$OUT_DIR` (unless an
    /// output directory is set), with the formatting cache there too (so
    /// reruns format only the items whose spec changed), telling cargo to
    /// rerun when a spec changes (unless the specs are in `$OUT_DIR`, where
    /// the build script wrote them and watches its own inputs) and showing
    /// cache problems as warnings.
    pub fn build(&self) -> Result<Output, Diagnostics> {
        // Specs the build script wrote into `$OUT_DIR` itself (an import of
        // vendor files) are its outputs, not its inputs, which it watches
        // itself: written after cargo noted the script's start, they would
        // make the next cargo command run it, and compile the crate, again.
        let written_by_the_script =
            std::env::var_os("OUT_DIR").is_some_and(|out_dir| self.spec_dir.starts_with(out_dir));
        if self.imports_specs() {
            #[cfg(feature = "import")]
            for import in &self.imports {
                for input in import.inputs() {
                    println!("cargo:rerun-if-changed={}", input.display());
                }
            }
        } else if !written_by_the_script {
            self.watch_specs();
        }
        let mut config = self.clone();
        if config.out_dir.is_none() {
            let out_dir = std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Diagnostics(vec![Diagnostic::about_file(
                        &self.spec_dir,
                        "OUT_DIR is not set: `Config::build` runs inside a build script".to_owned(),
                        Some("use `apigen generate --out DIR` outside cargo builds"),
                    )])
                })?;
            config.out_dir = Some(out_dir);
        }
        if config.mock.is_none() {
            config.mock = Some(std::env::var_os("CARGO_FEATURE_MOCK").is_some());
        }
        if config.cache_dir.is_none() {
            // OUT_DIR survives between runs of the build script, so it holds the
            // formatting cache too (which knows the generator that wrote it).
            config.cache_dir = config.out_dir.as_ref().map(|d| d.join("codegen-cache"));
        }
        let output = config.generate()?;
        for warning in &output.warnings {
            println!("cargo:warning={warning}");
        }
        Ok(output)
    }
}
