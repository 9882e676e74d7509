//! What the generated crate costs a consumer's build: clean build times
//! (all APIs, one API, sans-IO), the rebuild after touching one spec file,
//! and the build script's own dependency tree compiled alone.
//!
//! `cargo bench -p generated --bench build_cost` (several minutes: every
//! measurement starts from an empty target directory under
//! `target/build-cost/`; dev profile, as a consumer's `cargo build`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

/// Runs `cargo build` with `args` in a fresh target dir named `name` (kept
/// when `fresh` is false) and returns the wall time.
fn cargo_build(name: &str, args: &[&str], fresh: bool) -> Duration {
    let target = workspace().join("target/build-cost").join(name);
    if fresh {
        let _ = std::fs::remove_dir_all(&target);
    }
    let started = Instant::now();
    let status = Command::new(env!("CARGO"))
        .arg("build")
        .args(args)
        .arg("--quiet")
        .current_dir(workspace())
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo build {args:?}");
    started.elapsed()
}

fn touch(path: &Path) {
    let text = std::fs::read(path).unwrap();
    std::fs::write(path, text).unwrap();
}

fn main() {
    let rows: Vec<(&str, Duration)> = vec![
        (
            "build script's tree alone (`codegen` lib, no default features)",
            cargo_build(
                "codegen-lib",
                &["-p", "codegen", "--lib", "--no-default-features"],
                true,
            ),
        ),
        (
            "`generated`, all APIs + reqwest client (default)",
            cargo_build("all", &["-p", "generated"], true),
        ),
        (
            "`generated`, Zoho only + reqwest client",
            cargo_build(
                "zoho",
                &[
                    "-p",
                    "generated",
                    "--no-default-features",
                    "--features",
                    "zoho_crm,reqwest",
                ],
                true,
            ),
        ),
        (
            "`generated`, HighLevel only + reqwest client",
            cargo_build(
                "highlevel",
                &[
                    "-p",
                    "generated",
                    "--no-default-features",
                    "--features",
                    "highlevel,reqwest",
                ],
                true,
            ),
        ),
        (
            "`generated`, all APIs, sans-IO (no reqwest)",
            cargo_build(
                "sans-io",
                &[
                    "-p",
                    "generated",
                    "--no-default-features",
                    "--features",
                    "zoho_crm,highlevel",
                ],
                true,
            ),
        ),
    ];
    // Rebuild after a spec edit, in the target dir of the default build.
    touch(&workspace().join("spec/zoho_crm.yaml"));
    let rebuild = cargo_build("all", &["-p", "generated"], false);

    println!(
        "consumer build cost (dev profile, clean target dir each, {} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!("| build | seconds |");
    println!("|---|---:|");
    for (what, t) in &rows {
        println!("| {what} | {:.1} |", t.as_secs_f64());
    }
    println!(
        "| rebuild of `generated` after touching `spec/zoho_crm.yaml` | {:.1} |",
        rebuild.as_secs_f64()
    );
}
