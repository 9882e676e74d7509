//! `codegen`: generate typed Rust clients from the YAML specs.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "codegen",
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
        /// Directory to write the generated sources to.
        #[arg(long, default_value = "target/codegen")]
        out: PathBuf,
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
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate { spec, out } => {
            let started = Instant::now();
            let output = match codegen::generate(&spec) {
                Ok(o) => o,
                Err(problems) => {
                    eprint!("{}", problems.render());
                    return ExitCode::FAILURE;
                }
            };
            if let Err(e) = codegen::write_files(&out, &output.files) {
                eprintln!("error: cannot write to {}: {e}", out.display());
                return ExitCode::FAILURE;
            }
            let s = output.stats;
            println!(
                "generated {} APIs, {} operations, {} types, {} error variants into {} ({} files) in {:.1?}",
                s.apis,
                s.operations,
                s.types,
                s.error_variants,
                out.display(),
                output.files.len(),
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Command::Schema => {
            print!("{}", codegen::json_schema());
            ExitCode::SUCCESS
        }
        Command::Check { spec, format } => match (codegen::load_dir(&spec), format) {
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
