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
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Generate { spec, out } => {
            let started = Instant::now();
            let output = match codegen::generate(&spec) {
                Ok(o) => o,
                Err(problems) => {
                    eprintln!("{problems}");
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
        Command::Check { spec } => match codegen::load_dir(&spec) {
            Ok(apis) => {
                println!("{} specs are valid", apis.len());
                ExitCode::SUCCESS
            }
            Err(problems) => {
                eprintln!("{problems}");
                ExitCode::FAILURE
            }
        },
    }
}
