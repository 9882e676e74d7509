//! `apigen import`: a vendor's API description becomes an API split over
//! spec files (`api.yaml` and one file per vendor file), in our idioms, with
//! the overlay's corrections applied, an import report, and a census of
//! what arrived.
//!
//! One way through the data, the same for every source:
//!
//! ```text
//! vendor documents ─► resolved view ─► spec values ─► overlay ─► validated ─► YAML
//!  (openapi::documents)  (openapi::resolve)  (openapi::*)   (overlay)   (settle)   (write)
//!                                                  └──────► census (a second reading)
//! ```
//!
//! | stage | module |
//! |---|---|
//! | OpenAPI files → spec values ([`crate::spec`]) | [`openapi`] |
//! | webhook doc pages → an OpenAPI document | [`pages`] |
//! | type expressions, as types | [`ty`] |
//! | HTML descriptions → Markdown | [`markdown`] |
//! | Rust names that would collide | [`names`] |
//! | the overlay's corrections | [`overlay`] |
//! | what the validator still refuses costs its item | [`settle`] |
//! | what the vendor documents against what arrived | [`census`] |
//! | spec values → reviewable YAML files | [`mod@write`], [`yaml`] |
//! | what could not be carried | [`report`] |
//!
//! A vendor quirk the importer should always repair belongs in the stage
//! that meets it, with a report entry; a fact only one vendor's pages hold
//! belongs in that API's overlay.

pub mod census;
pub mod markdown;
pub mod names;
pub mod openapi;
pub mod overlay;
pub mod pages;
pub mod reference;
pub mod report;
pub mod settle;
pub mod ty;
pub mod write;
pub mod yaml;

pub use openapi::documents;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::naming::snake;
use crate::spec::ApiSpec;
use documents::Documents;
use report::Report;

pub use write::write;

/// What to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The vendor's OpenAPI files: each is a group of the API.
    pub files: Vec<PathBuf>,
    /// The API's name (the Rust module: `highlevel`).
    pub api: String,
    /// More files that refs may name (by file name, for absolute URLs).
    pub refs: Option<PathBuf>,
    /// The corrections to apply.
    pub overlay: Option<PathBuf>,
    /// The command that re-imports, recorded in `api.yaml`'s header.
    pub command: String,
    /// Base URLs for a file that lists no `servers` (`--server URL`).
    pub servers: Vec<String>,
    /// Fail when any operation is skipped (`--strict`).
    pub strict: bool,
    /// Fail when any census category carries less than this share of what
    /// the vendor documents, typed (`--min-fidelity PCT`).
    pub min_fidelity: Option<f64>,
    /// What the vendor's documents are (OpenAPI files, or doc pages read
    /// into one), for the words written where the vendor wrote none.
    pub origin: Origin,
    /// Write the API as one file (`spec/<api>.yaml`) instead of `api.yaml`
    /// and a file per group: [`Imported::files`] then holds `api.yaml` only.
    pub single_file: bool,
    /// For pages imported with a profile: the profile, named in the header.
    pub profile: Option<PathBuf>,
}

/// What the vendor's documents are: the words of what the import writes
/// where the vendor wrote nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Origin {
    /// OpenAPI files (`apigen import openapi`).
    #[default]
    OpenApi,
    /// Doc pages (`apigen import pages`).
    Pages,
}

impl Origin {
    /// Said of an item without a description, in the one written for it.
    pub fn no_description(self) -> &'static str {
        match self {
            Origin::OpenApi => "the vendor's OpenAPI file gives no description",
            Origin::Pages => "the vendor's page gives no description",
        }
    }
}

/// The spec files of an imported API, its report and its census.
#[derive(Debug, Clone)]
pub struct Imported {
    /// File name (`api.yaml`, `conversations.yaml`) and text, in name order.
    pub files: Vec<(String, String)>,
    pub report: Report,
    /// What the vendor documents, against what arrived.
    pub census: census::Census,
}

impl Imported {
    /// The report as Markdown, with the census: what `--report` writes.
    pub fn report_markdown(&self) -> String {
        format!(
            "{}\n{}",
            self.report.render_markdown(),
            self.census.render_markdown()
        )
    }
}

/// Where the vendor declares each imported item: document index and JSON
/// pointer, by the item's name in the spec.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    pub operations: BTreeMap<String, (usize, String)>,
    pub types: BTreeMap<String, (usize, String)>,
    pub events: BTreeMap<String, (usize, String)>,
    /// Every place a declared type was read from (a component reached
    /// through several refs, a file's copy of another's), → the type.
    pub places: BTreeMap<(usize, String), String>,
    /// Places read as another, identical one (the same component in two
    /// files): the place → the one read.
    pub same_as: BTreeMap<(usize, String), (usize, String)>,
}

/// One group's vendor file, as the written headers name it.
#[derive(Debug, Clone)]
pub struct GroupSource {
    pub path: PathBuf,
    pub description: Option<String>,
    /// `info.version`.
    pub version: String,
    /// The OpenAPI version.
    pub openapi: String,
}

/// What a source front end builds: the API's spec values and where each
/// item came from.
#[derive(Debug)]
pub struct Built {
    pub spec: ApiSpec,
    /// Operation name → its group.
    pub op_group: BTreeMap<String, usize>,
    /// Type name → its group (`None`: shared, in `api.yaml`).
    pub type_group: BTreeMap<String, Option<usize>>,
    pub origins: Origins,
    /// The groups' files.
    pub sources: Vec<GroupSource>,
    pub report: Report,
    /// Every document's path, by index (origins name documents by index).
    pub paths: Vec<PathBuf>,
}

/// Imports OpenAPI files into spec files. Fails on files that cannot be
/// read or parsed and on overlay problems (all of them at once); everything
/// else the vendor got wrong is repaired or left out, and reported.
pub fn import_openapi(options: &ImportOptions) -> Result<Imported, Diagnostics> {
    let mut problems = Vec::new();
    if snake(&options.api) != options.api || options.api.starts_with("r#") {
        problems.push(Diagnostic::about_file(
            "--api",
            format!("`{}` is not a snake_case Rust module name", options.api),
            None,
        ));
    }
    if options.files.is_empty() {
        problems.push(Diagnostic::about_file(
            "import",
            "no OpenAPI file given".to_owned(),
            None,
        ));
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    let docs = Documents::read(&options.files, options.refs.as_deref()).map_err(Diagnostics)?;
    import_documents(docs, options)
}

/// [`import_openapi`] on documents already read: the first
/// `options.files.len()` are the groups, in order.
pub fn import_documents(docs: Documents, options: &ImportOptions) -> Result<Imported, Diagnostics> {
    let groups = options.files.len().min(docs.docs.len());
    if groups == 0 {
        return Err(Diagnostics(vec![Diagnostic::about_file(
            "import",
            "no OpenAPI document given".to_owned(),
            None,
        )]));
    }
    let group_names = openapi::group_names(&options.files);
    let built = openapi::build(&docs, groups, &group_names, options);
    let census_reading = census::read(&docs, groups, &built.origins.same_as);
    finish_with(built, census_reading, &group_names, options, &|_| {
        Vec::new()
    })
}

/// The stages every source shares once its front end has built the spec
/// values: the overlay, settling, the census (with the categories a
/// source's own second reading adds, `extra`), the files.
fn finish_with(
    built: Built,
    reading: census::Reading,
    group_names: &[String],
    options: &ImportOptions,
    extra: &dyn Fn(&ApiSpec) -> Vec<census::Category>,
) -> Result<Imported, Diagnostics> {
    let Built {
        mut spec,
        op_group,
        type_group,
        origins,
        sources,
        mut report,
        paths,
    } = built;
    if let Some(path) = &options.overlay {
        spec = overlay::apply(path, spec).map_err(Diagnostics)?;
    }
    let grouping = write::Grouping {
        names: group_names,
        operations: &op_group,
        types: &type_group,
    };
    let settled = settle::settle(&mut spec, &grouping, &origins, &paths, &mut report)?;
    report.operations_imported = spec.operations.len();
    report.events_found = origins.events.len();
    report.events_imported = spec.webhooks.as_ref().map_or(0, |w| w.events.len());
    report.operations_skipped = settled.skipped;
    report.operations_approximated = spec
        .operations
        .keys()
        .filter(|name| {
            origins
                .operations
                .get(*name)
                .is_some_and(|(doc, at)| report.touches(&paths[*doc], at))
        })
        .count();
    let mut census = census::compare(&reading, &spec, &origins, &paths, &report);
    census.categories.extend(extra(&spec));
    let report = report.sorted();
    let files = write::files(spec, &grouping, &sources, options);
    // What is written validates as the loader will read it.
    crate::validate_split(std::path::Path::new(&options.api), &files)?;
    let failed_whole = report.operations_imported == 0 && report.operations_found > 0;
    let mut problems: Vec<Diagnostic> = Vec::new();
    if failed_whole || (options.strict && !report.operations_skipped.is_empty()) {
        problems.extend(report.operations_skipped.keys().map(|name| {
            let (doc, pointer) = origins.operations.get(name).cloned().unwrap_or_default();
            Diagnostic {
                file: paths.get(doc).cloned().unwrap_or_default(),
                line: 0,
                column: 0,
                path: pointer,
                message: format!(
                    "the operation `{name}` is skipped: {}",
                    report.operations_skipped[name]
                ),
                hint: None,
            }
        }));
        problems.push(Diagnostic::about_file(
            "import",
            format!(
                "{} of {} operations skipped{}",
                report.operations_skipped.len(),
                report.operations_found,
                if failed_whole {
                    ": nothing to import"
                } else {
                    " (--strict)"
                }
            ),
            None,
        ));
    }
    if let Some(min) = options.min_fidelity {
        for (category, line) in census.below(min) {
            problems.push(Diagnostic::about_file(
                "import",
                format!("{category}: {line}, under the {min}% asked for (--min-fidelity)"),
                None,
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    Ok(Imported {
        files,
        report,
        census,
    })
}
