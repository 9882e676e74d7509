//! `apigen`: generate typed Rust clients from the YAML specs.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

/// Generation allocates many small syntax-tree nodes; with glibc's allocator
/// its cost per operation grew with the size of the spec (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "apigen",
    version,
    about = "Generate typed Rust API clients from YAML specs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate Rust sources from the specs and print a summary.
    Generate {
        /// Directory holding the `*.yaml` specs.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// Directory to write the generated sources to: `mod.rs` and one
        /// module file per API, ready to check into a crate (`mod apis;`).
        #[arg(long, default_value = "target/codegen")]
        out: PathBuf,
        /// The path by which the generated code names the runtime crate.
        #[arg(long, default_value = "::apigen_runtime")]
        runtime_path: String,
        /// Generate only this API (by its spec `name`); repeat for several.
        #[arg(long = "api", value_name = "NAME")]
        apis: Vec<String>,
        /// Directory of the formatting cache: a later run re-formats only the
        /// items whose spec changed (output is identical either way).
        #[arg(long, default_value = "target/codegen-cache")]
        cache_dir: PathBuf,
        /// Format every item, without reading or writing the cache.
        #[arg(long)]
        no_cache: bool,
        /// Also generate each API's typed mock server (`<api>::mock`), for
        /// tests: the crate needs `apigen-runtime`'s `mock` feature.
        #[arg(long)]
        mock: bool,
    },
    /// Validate the specs and report every problem, without generating.
    Check {
        /// Directory holding the `*.yaml` specs.
        #[arg(default_value = "spec")]
        spec: PathBuf,
        /// `human` (rustc-like, with source lines) or `json`.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Print the JSON Schema of the spec format (kept in `spec/schema.json`).
    Schema,
    /// Print the `[features]` lines of the generated crate: one per API and
    /// one per group of a split API (`highlevel-conversations`).
    Features {
        /// Directory holding the specs.
        #[arg(default_value = "spec")]
        spec: PathBuf,
    },
    /// Import a vendor's API description into specs.
    Import {
        #[command(subcommand)]
        format: ImportFormat,
    },
    /// Save a documentation site's pages into a folder, for `import pages`.
    Fetch {
        #[command(subcommand)]
        what: FetchWhat,
    },
    /// Report what changed between two sets of specs for consumers of the
    /// generated crate: breaking, additive or docs-only, with the reason.
    Diff {
        /// `OLD NEW` spec directories; with `--git`, just `NEW` (default `spec`).
        #[arg(value_name = "DIR", num_args = 0..=2)]
        dirs: Vec<PathBuf>,
        /// Compare the specs of this git revision (same directory) with the working tree.
        #[arg(long, value_name = "REV")]
        git: Option<String>,
        /// `markdown` (a pull-request comment) or `json`.
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
        /// Exit non-zero when a change of this class (or a worse one) is found.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// The generated crate's current version: print the next one the
        /// changes call for (major, minor or patch; Cargo's rules before 1.0).
        #[arg(long, value_name = "VERSION")]
        suggest_version: Option<String>,
        /// Drift between two sources of one API instead: `A B` are spec
        /// files or directories (an import of the vendor's pages, one of its
        /// OpenAPI file); operations are paired by method and path.
        #[arg(long)]
        sources: bool,
        /// With `--sources`: the names of the two sources in the report.
        #[arg(long, value_name = "A,B", value_delimiter = ',')]
        labels: Vec<String>,
    },
}

#[derive(Subcommand)]
enum FetchWhat {
    /// The reference pages a site's menu links to (`--menu`), or those a
    /// file lists (`--urls`), saved as served into `--out`, with a manifest
    /// (`.apigen-fetch.json`) of what was saved.
    ///
    /// Polite: one request at a time, `--delay` apart (or the host's
    /// robots.txt `Crawl-delay`); robots.txt is honoured, and the
    /// User-Agent names apigen and its version. A later run sends
    /// `If-None-Match` / `If-Modified-Since`, so only changed pages are
    /// downloaded, and reports which pages are new, changed, unchanged,
    /// skipped (robots.txt, too large, a redirect off the host) or failed.
    /// An interrupted run resumes where it stopped. Exits 1 when the menu
    /// or the folder cannot be read or written (with `--strict`, also when
    /// a page was skipped or failed).
    Pages(FetchPagesArgs),
}

#[derive(clap::Args)]
struct FetchPagesArgs {
    /// The menu page: the page whose links list every reference page.
    #[arg(long, value_name = "URL", conflicts_with = "urls")]
    menu: Option<String>,
    /// The menu's links to fetch: those starting with this prefix (without
    /// `--link-pattern`, by default the menu's own folder).
    #[arg(long, value_name = "URL")]
    link_prefix: Option<String>,
    /// The menu's links to fetch: those matching this regular expression.
    #[arg(long, value_name = "REGEX")]
    link_pattern: Option<String>,
    /// A file listing the pages instead, one URL a line (`#` comments).
    #[arg(long, value_name = "FILE")]
    urls: Option<PathBuf>,
    /// The folder the pages go to.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// These settings from a YAML file (`menu`, `link_prefix`,
    /// `link_pattern`, `urls`, `urls_file`, `out`, `delay`, ...); flags
    /// given here override it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Seconds between two requests [default: 1].
    #[arg(long, value_name = "SECONDS")]
    delay: Option<f64>,
    /// The largest page saved, in bytes; a larger one is skipped
    /// [default: 5242880].
    #[arg(long, value_name = "BYTES")]
    max_page_size: Option<u64>,
    /// The most pages fetched; the rest are reported skipped [default: 2000].
    #[arg(long, value_name = "N")]
    max_pages: Option<usize>,
    /// Seconds one request may take [default: 30].
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,
    /// The most redirects followed for one page, on the site's host only
    /// [default: 5].
    #[arg(long, value_name = "N")]
    max_redirects: Option<usize>,
    /// The User-Agent header [default: apigen/VERSION (documentation fetcher)].
    #[arg(long, value_name = "TEXT")]
    user_agent: Option<String>,
    /// Start over even if the folder holds an interrupted run.
    #[arg(long)]
    restart: bool,
    /// Exit 1 when any page was skipped or failed.
    #[arg(long)]
    strict: bool,
    /// `human` (a line per page that is not unchanged, then a summary) or
    /// `json` (the whole report).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Subcommand)]
enum ImportFormat {
    /// Vendor doc pages. With `--profile`: reference pages (Markdown or
    /// HTML), one per operation, read as the page profile says → the API's
    /// spec (`--out spec/NAME.yaml` for one file, or a directory), with the
    /// report and census of `import openapi`. Without: pages of webhook
    /// events, each with its JSON schema and examples → `OUT/GROUP.yaml`:
    /// the API's `webhooks` and their payload types (signatures and replay
    /// rules come from the overlay; the pages say them in prose).
    Pages {
        /// The directory of pages (`*.md`), or one page.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The page profile (YAML): what the pages' headings and lines mean.
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
        /// With `--profile`: fail when any census category arrives typed
        /// below PCT percent.
        #[arg(long, value_name = "PCT")]
        min_fidelity: Option<f64>,
        /// The API the events belong to (`highlevel`).
        #[arg(long)]
        api: String,
        /// The group file's name.
        #[arg(long, default_value = "webhooks")]
        group: String,
        /// Where the group file goes (`spec/NAME`, beside the API's other files).
        #[arg(long)]
        out: PathBuf,
        /// Corrections (an OpenAPI Overlay 1.0 document on our spec format).
        #[arg(long, value_name = "FILE")]
        overlay: Option<PathBuf>,
        /// Write the full report (Markdown) here; a summary goes to stderr.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// OpenAPI 3.0 / 3.1 files (JSON or YAML) → `OUT/api.yaml` and one spec
    /// file per input file; refs resolve offline, nothing is fetched.
    Openapi {
        /// The vendor's files; each becomes a group of the API.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The API's name: its Rust module and cargo feature (`highlevel`).
        #[arg(long)]
        api: String,
        /// Where the spec files go (`spec/NAME`).
        #[arg(long)]
        out: PathBuf,
        /// A directory of further files that refs name, by file name (for
        /// absolute-URL refs such as Zoho's `https://.../common.json#/...`).
        #[arg(long, value_name = "DIR")]
        refs: Option<PathBuf>,
        /// The corrections (an OpenAPI Overlay 1.0 document on our spec
        /// format) applied on every import.
        #[arg(long, value_name = "FILE")]
        overlay: Option<PathBuf>,
        /// Write the full import report (Markdown) here; a summary always
        /// goes to stderr.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Then generate the Rust sources of the specs in OUT's parent
        /// directory into DIR, as `apigen generate --spec <parent> --out DIR
        /// --no-cache` would, from the specs the import has just validated
        /// (for a crate that checks its generated sources in).
        #[arg(long, value_name = "DIR")]
        generate: Option<PathBuf>,
        /// A base URL for the API when its files list no `servers`
        /// (repeatable; the first is the default). Without one, such an API's
        /// client takes its base URL from the caller (`Server::Custom`).
        #[arg(long = "server", value_name = "URL")]
        servers: Vec<String>,
        /// Fail (exit 1, specs not written) when any operation is skipped,
        /// for pipelines that gate on a complete import.
        #[arg(long)]
        strict: bool,
        /// Fail (exit 1, specs not written) when any census category (the
        /// operations, parameters, bodies, schemas... the vendor documents)
        /// arrives typed below PCT percent.
        #[arg(long, value_name = "PCT")]
        min_fidelity: Option<f64>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Breaking,
    Additive,
    DocsOnly,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate {
            spec,
            out,
            runtime_path,
            apis,
            cache_dir,
            no_cache,
            mock,
        } => {
            let started = Instant::now();
            let mut config = apigen_codegen::Config::new(&spec)
                .out_dir(&out)
                .runtime_path(runtime_path)
                .layout(apigen_codegen::Layout::Modules)
                .mock(mock);
            if !apis.is_empty() {
                config = config.apis(apis);
            }
            if !no_cache {
                config = config.cache_dir(&cache_dir);
            }
            let output = match config.generate() {
                Ok(o) => o,
                Err(problems) => {
                    eprint!("{}", problems.render());
                    return ExitCode::FAILURE;
                }
            };
            print_generated(
                &output,
                &out,
                started,
                (!no_cache).then_some(cache_dir.as_path()),
            );
            ExitCode::SUCCESS
        }
        Command::Diff {
            dirs,
            git,
            format,
            fail_on,
            suggest_version,
            sources,
            labels,
        } => {
            if sources {
                return drift(&dirs, &labels, format, fail_on.is_some());
            }
            let current = match suggest_version.as_deref().map(semver::Version::parse) {
                Some(Err(e)) => {
                    eprintln!("error: --suggest-version: not a semver version: {e}");
                    return ExitCode::from(2);
                }
                other => other.and_then(Result::ok),
            };
            let (old_dir, new) = match (git, dirs.as_slice()) {
                (None, [old, new]) => (Old::Dir(old.clone()), new.clone()),
                (Some(rev), [] | [_]) => {
                    let new = dirs
                        .first()
                        .cloned()
                        .unwrap_or_else(|| PathBuf::from("spec"));
                    match specs_at_revision(&rev, &new) {
                        Ok(old) => (Old::Checkout(old), new),
                        Err(e) => {
                            eprintln!("error: {e}");
                            return ExitCode::FAILURE;
                        }
                    }
                }
                _ => {
                    eprintln!("error: give `OLD NEW` directories, or `--git REV [NEW]`");
                    return ExitCode::from(2);
                }
            };
            let (old_apis, new_apis) = match (
                apigen_codegen::load_dir(old_dir.path()),
                apigen_codegen::load_dir(&new),
            ) {
                (Ok(o), Ok(n)) => (o, n),
                (o, n) => {
                    for problems in [o.err(), n.err()].into_iter().flatten() {
                        eprint!("{}", problems.render());
                    }
                    return ExitCode::FAILURE;
                }
            };
            let changes = apigen_codegen::diff::diff(&old_apis, &new_apis);
            match format {
                DiffFormat::Markdown => {
                    print!("{}", apigen_codegen::diff::render_markdown(&changes))
                }
                DiffFormat::Json => println!("{}", apigen_codegen::diff::render_json(&changes)),
            }
            if let Some(current) = current {
                let next = apigen_codegen::diff::next_version(&current, &changes);
                let line = format!("Suggested version: {next} (from {current})");
                // Markdown: the report's last line; JSON stays one document.
                match format {
                    DiffFormat::Markdown => println!("\n{line}"),
                    DiffFormat::Json => eprintln!("{line}"),
                }
            }
            let threshold = fail_on.map(|f| match f {
                FailOn::Breaking => apigen_codegen::diff::Class::Breaking,
                FailOn::Additive => apigen_codegen::diff::Class::Additive,
                FailOn::DocsOnly => apigen_codegen::diff::Class::DocsOnly,
            });
            match threshold {
                Some(t) if changes.iter().any(|c| c.class <= t) => ExitCode::FAILURE,
                _ => ExitCode::SUCCESS,
            }
        }
        Command::Import {
            format:
                ImportFormat::Pages {
                    dir,
                    profile: Some(profile),
                    min_fidelity,
                    api,
                    group: _,
                    out,
                    overlay,
                    report,
                },
        } => import_reference(dir, profile, api, out, overlay, report, min_fidelity),
        Command::Import {
            format:
                ImportFormat::Pages {
                    dir,
                    profile: None,
                    min_fidelity: _,
                    api,
                    group,
                    out,
                    overlay,
                    report,
                },
        } => import_pages(dir, api, group, out, overlay, report),
        Command::Import {
            format:
                ImportFormat::Openapi {
                    files,
                    api,
                    out,
                    refs,
                    overlay,
                    report,
                    generate,
                    servers,
                    strict,
                    min_fidelity,
                },
        } => import_openapi(
            apigen_codegen::import::ImportOptions {
                files,
                api,
                refs,
                overlay,
                command: String::new(),
                servers,
                strict,
                min_fidelity,
                origin: apigen_codegen::import::Origin::OpenApi,
                single_file: false,
                profile: None,
            },
            out,
            report,
            generate,
        ),
        Command::Fetch {
            what: FetchWhat::Pages(args),
        } => fetch_pages(args),
        Command::Features { spec } => match apigen_codegen::load_dir(&spec) {
            Ok(apis) => {
                print!("{}", apigen_codegen::cargo_features(&apis));
                ExitCode::SUCCESS
            }
            Err(problems) => {
                eprint!("{}", problems.render());
                ExitCode::FAILURE
            }
        },
        Command::Schema => {
            print!("{}", apigen_codegen::json_schema());
            ExitCode::SUCCESS
        }
        Command::Check { spec, format } => match (apigen_codegen::load_dir(&spec), format) {
            (Ok(apis), Format::Human) => {
                println!("{} specs are valid", apis.len());
                ExitCode::SUCCESS
            }
            (Ok(_), Format::Json) => {
                println!("[]");
                ExitCode::SUCCESS
            }
            (Err(problems), Format::Human) => {
                eprint!("{}", problems.render());
                ExitCode::FAILURE
            }
            (Err(problems), Format::Json) => {
                println!("{}", problems.to_json());
                ExitCode::FAILURE
            }
        },
    }
}

/// `apigen fetch pages`: the config file (if any), the flags over it, then
/// the run; each page is said on stderr as it is done, the report goes to
/// stdout.
fn fetch_pages(args: FetchPagesArgs) -> ExitCode {
    use apigen_codegen::fetch;
    let mut config = match &args.config {
        Some(path) => match fetch::FetchConfig::load(path) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
        None => fetch::FetchConfig::default(),
    };
    if let Some(menu) = args.menu {
        config.menu = Some(menu);
        config.urls.clear();
        config.urls_file = None;
    }
    if let Some(file) = args.urls {
        config.menu = None;
        config.urls.clear();
        config.urls_file = Some(file);
    }
    macro_rules! flag {
        ($($field:ident),*) => {
            $(if args.$field.is_some() { config.$field = args.$field; })*
        };
    }
    flag!(
        link_prefix,
        link_pattern,
        out,
        delay,
        max_page_size,
        max_pages,
        timeout,
        max_redirects,
        user_agent
    );
    let mut options = match config.options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    options.restart = args.restart;
    let report = fetch::fetch_pages_with(&options, |page| {
        let what = match &page.outcome {
            fetch::Outcome::Skipped { reason } | fetch::Outcome::Failed { reason } => {
                format!("{}: {reason}", page.url)
            }
            _ => page.file.clone().unwrap_or_default(),
        };
        let earlier = if page.resumed {
            " (earlier in this run)"
        } else {
            ""
        };
        eprintln!("{:<9} {what}{earlier}", page.outcome.word());
        std::ops::ControlFlow::Continue(())
    });
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match args.format {
        Format::Human => print!("{}", report.render_text()),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a report serializes")
        ),
    }
    let troubled = report.pages.iter().any(|p| {
        matches!(
            p.outcome,
            fetch::Outcome::Skipped { .. } | fetch::Outcome::Failed { .. }
        )
    });
    if args.strict && troubled {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `apigen import pages`: reads the pages, writes the group, then checks the specs.
fn import_pages(
    dir: PathBuf,
    api: String,
    group: String,
    out: PathBuf,
    overlay: Option<PathBuf>,
    report: Option<PathBuf>,
) -> ExitCode {
    use apigen_codegen::import::pages;
    let started = Instant::now();
    let mut command = format!(
        "{} import pages {} --api {api} --group {group}",
        invocation(),
        shell_word(&dir.display().to_string())
    );
    if let Some(o) = &overlay {
        command.push_str(&format!(
            " --overlay {}",
            shell_word(&o.display().to_string())
        ));
    }
    command.push_str(&format!(
        " --out {}",
        shell_word(&out.display().to_string())
    ));
    if let Some(r) = &report {
        command.push_str(&format!(
            " --report {}",
            shell_word(&r.display().to_string())
        ));
    }
    let options = pages::PagesOptions {
        dir,
        api,
        group,
        overlay,
        command,
    };
    let imported = match pages::import_pages(&options) {
        Ok(i) => i,
        Err(problems) => {
            eprint!("{}", problems.render());
            return ExitCode::FAILURE;
        }
    };
    let path = out.join(&imported.file.0);
    if let Err(e) =
        std::fs::create_dir_all(&out).and_then(|()| std::fs::write(&path, &imported.file.1))
    {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    if let Some(r) = &report {
        if let Err(e) = std::fs::write(r, imported.report.render_markdown()) {
            eprintln!("error: cannot write the report {}: {e}", r.display());
            return ExitCode::FAILURE;
        }
    }
    eprintln!(
        "read {} pages: {} events; {} report entries",
        imported.pages,
        imported.events,
        imported.report.entries.len()
    );
    check_beside(&path, &out, started)
}

/// `apigen import pages --profile`: reads reference pages with the
/// profile, writes the spec (one file when OUT ends in `.yaml`), then
/// checks the specs beside it.
fn import_reference(
    dir: PathBuf,
    profile: PathBuf,
    api: String,
    out: PathBuf,
    overlay: Option<PathBuf>,
    report: Option<PathBuf>,
    min_fidelity: Option<f64>,
) -> ExitCode {
    use apigen_codegen::import;
    let started = Instant::now();
    let word = |p: &std::path::Path| shell_word(&p.display().to_string());
    let mut command = format!(
        "{} import pages {} --profile {} --api {api}",
        invocation(),
        word(&dir),
        word(&profile)
    );
    if let Some(o) = &overlay {
        command.push_str(&format!(" --overlay {}", word(o)));
    }
    if let Some(pct) = min_fidelity {
        command.push_str(&format!(" --min-fidelity {pct}"));
    }
    command.push_str(&format!(" --out {}", word(&out)));
    if let Some(r) = &report {
        command.push_str(&format!(" --report {}", word(r)));
    }
    let single_file = out.extension().is_some_and(|e| e == "yaml" || e == "yml");
    let options = import::reference::ReferenceOptions {
        inputs: vec![dir],
        profile: profile.clone(),
        import: import::ImportOptions {
            api,
            overlay,
            command,
            min_fidelity,
            origin: import::Origin::Pages,
            single_file,
            profile: Some(profile),
            ..import::ImportOptions::default()
        },
    };
    let imported = match import::reference::import_reference(&options) {
        Ok(i) => i,
        Err(problems) => {
            eprint!("{}", problems.render());
            return ExitCode::FAILURE;
        }
    };
    let written = if single_file {
        let text = &imported.files[0].1;
        out.parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&out, text))
    } else {
        import::write(&out, &imported)
    };
    if let Err(e) = written {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    if let Some(path) = &report {
        if let Err(e) = std::fs::write(path, imported.report_markdown()) {
            eprintln!("error: cannot write the report {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    eprintln!("{}", imported.report.summary());
    eprint!("{}", imported.census.table());
    check_beside(&out, &out, started)
}

/// Checks the specs of the folder a file was written to (`written`: what
/// the summary names), as `apigen check` would.
fn check_beside(written: &std::path::Path, out: &std::path::Path, started: Instant) -> ExitCode {
    let parent = out.parent().unwrap_or(std::path::Path::new("."));
    match apigen_codegen::load_dir(parent) {
        Ok(apis) => {
            eprintln!(
                "wrote {} in {:.2?}; {} APIs valid in {}",
                written.display(),
                started.elapsed(),
                apis.len(),
                parent.display()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprint!("{}", problems.render());
            ExitCode::FAILURE
        }
    }
}

/// How the recorded commands run this CLI again: `cargo run -p
/// apigen-codegen --` when cargo ran it from apigen's own workspace (`cargo
/// run` and `cargo test` set `CARGO_PKG_NAME` for the programs they start),
/// else by its installed name, `apigen` (the vendor-sync action, a user's
/// `cargo install apigen-codegen`).
fn invocation() -> &'static str {
    if std::env::var_os("CARGO_PKG_NAME").is_some_and(|p| p == env!("CARGO_PKG_NAME")) {
        concat!("cargo run -p ", env!("CARGO_PKG_NAME"), " --")
    } else {
        "apigen"
    }
}

/// A path as a shell reads it back: quoted when it holds a space.
fn shell_word(word: &str) -> String {
    if word.contains(|c: char| c.is_whitespace() || c == '\'') {
        format!("'{}'", word.replace('\'', "'\\''"))
    } else {
        word.to_owned()
    }
}

fn import_openapi(
    mut options: apigen_codegen::import::ImportOptions,
    out: PathBuf,
    report: Option<PathBuf>,
    generate: Option<PathBuf>,
) -> ExitCode {
    use apigen_codegen::import;
    let started = Instant::now();
    // The command as a newcomer re-runs it from the same directory.
    let mut command = format!("{} import openapi", invocation());
    for f in &options.files {
        command.push_str(&format!(" {}", f.display()));
    }
    command.push_str(&format!(" --api {}", options.api));
    if let Some(r) = &options.refs {
        command.push_str(&format!(" --refs {}", r.display()));
    }
    if let Some(o) = &options.overlay {
        command.push_str(&format!(" --overlay {}", o.display()));
    }
    for s in &options.servers {
        command.push_str(&format!(" --server {s}"));
    }
    if options.strict {
        command.push_str(" --strict");
    }
    if let Some(pct) = options.min_fidelity {
        command.push_str(&format!(" --min-fidelity {pct}"));
    }
    command.push_str(&format!(" --out {}", out.display()));
    if let Some(r) = &report {
        command.push_str(&format!(" --report {}", r.display()));
    }
    options.command = command;
    let imported = match import::import_openapi(&options) {
        Ok(i) => i,
        Err(problems) => {
            eprint!("{}", problems.render());
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = import::write(&out, &imported) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    if let Some(path) = &report {
        if let Err(e) = std::fs::write(path, imported.report_markdown()) {
            eprintln!("error: cannot write the report {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    eprintln!("{}", imported.report.summary());
    eprint!("{}", imported.census.table());
    // The import is only done when its specs are valid.
    let parent = out.parent().unwrap_or(std::path::Path::new("."));
    let apis = match apigen_codegen::load_dir(parent) {
        Ok(apis) => apis,
        Err(problems) => {
            eprint!("{}", problems.render());
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "wrote {} spec files to {} in {:.2?}; {} APIs valid in {}",
        imported.files.len(),
        out.display(),
        started.elapsed(),
        apis.len(),
        parent.display()
    );
    let Some(generate) = generate else {
        return ExitCode::SUCCESS;
    };
    let started = Instant::now();
    let config = apigen_codegen::Config::new(parent)
        .out_dir(&generate)
        .layout(apigen_codegen::Layout::Modules);
    match config.generate_loaded(apis) {
        Ok(output) => {
            print_generated(&output, &generate, started, None);
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprint!("{}", problems.render());
            ExitCode::FAILURE
        }
    }
}

/// The summary line of a generation: what it generated where, and how many
/// item groups the formatting cache (`cache_dir`) gave back unchanged.
fn print_generated(
    output: &apigen_codegen::Output,
    out: &std::path::Path,
    started: Instant,
    cache_dir: Option<&std::path::Path>,
) {
    for warning in &output.warnings {
        eprintln!("warning: {warning}");
    }
    let s = &output.stats;
    let reused = match cache_dir {
        Some(dir) if s.groups_reused > 0 => format!(
            " ({} of {} item groups unchanged, reused from {})",
            s.groups_reused,
            s.groups_reused + s.groups_formatted,
            dir.display()
        ),
        _ => String::new(),
    };
    println!(
        "generated {} APIs, {} operations, {} types, {} error variants into {} ({} files) in {:.1?}{reused}",
        s.apis,
        s.operations,
        s.types,
        s.error_variants,
        out.display(),
        output.files.len(),
        started.elapsed()
    );
}

/// `apigen diff --sources A B`: what each source says that the other lacks.
fn drift(paths: &[PathBuf], labels: &[String], format: DiffFormat, fail: bool) -> ExitCode {
    let [a, b] = paths else {
        eprintln!("error: --sources takes two specs: `A B`");
        return ExitCode::from(2);
    };
    let label = |i: usize, p: &PathBuf| {
        labels
            .get(i)
            .cloned()
            .unwrap_or_else(|| p.display().to_string())
    };
    let (la, lb) = (label(0, a), label(1, b));
    let (apis_a, apis_b) = match (apigen_codegen::load_path(a), apigen_codegen::load_path(b)) {
        (Ok(x), Ok(y)) => (x, y),
        (x, y) => {
            for problems in [x.err(), y.err()].into_iter().flatten() {
                eprint!("{}", problems.render());
            }
            return ExitCode::FAILURE;
        }
    };
    use apigen_codegen::diff::sources;
    let drifts = sources::sources(&apis_a, &apis_b, &la, &lb);
    match format {
        DiffFormat::Markdown => print!("{}", sources::render_text(&drifts, &la, &lb)),
        DiffFormat::Json => println!("{}", sources::render_json(&drifts, &la, &lb)),
    }
    if fail && !drifts.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The old side of `apigen diff`: a directory given, or the specs checked
/// out of git into a temporary directory, removed when this is dropped.
enum Old {
    Dir(PathBuf),
    Checkout(tempfile::TempDir),
}

impl Old {
    fn path(&self) -> &std::path::Path {
        match self {
            Self::Dir(dir) => dir,
            Self::Checkout(dir) => dir.path(),
        }
    }
}

/// Writes the `*.yaml` specs of `dir` as they are at git revision `rev` into
/// a fresh temporary directory: single-file APIs and the files of split
/// ones (`NAME/*.yaml`).
fn specs_at_revision(rev: &str, dir: &std::path::Path) -> Result<tempfile::TempDir, String> {
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out = std::process::Command::new("git")
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    let top = String::from_utf8_lossy(&git(&["rev-parse", "--show-toplevel"])?)
        .trim()
        .to_owned();
    let abs = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let rel = abs
        .strip_prefix(std::fs::canonicalize(&top).map_err(|e| e.to_string())?)
        .map_err(|_| format!("{} is not inside the git work tree {top}", dir.display()))?
        .to_string_lossy()
        .into_owned();
    let listing = git(&["ls-tree", "-r", "--name-only", &format!("{rev}:{rel}")])?;
    let checkout = tempfile::Builder::new()
        .prefix("codegen-diff-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary directory: {e}"))?;
    let out_dir = checkout.path();
    for name in String::from_utf8_lossy(&listing)
        .lines()
        .filter(|n| (n.ends_with(".yaml") || n.ends_with(".yml")) && n.matches('/').count() <= 1)
    {
        let path = if rel.is_empty() {
            name.to_owned()
        } else {
            format!("{rel}/{name}")
        };
        let text = git(&["show", &format!("{rev}:{path}")])?;
        let file = out_dir.join(name);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(file, text).map_err(|e| e.to_string())?;
    }
    Ok(checkout)
}
