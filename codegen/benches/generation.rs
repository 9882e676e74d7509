//! Generation speed and scaling: synthetic specs of 10, 100, 1,000 and 5,000
//! operations built from the shapes of the real endpoints, timed per stage.
//!
//! `cargo bench -p apigen-codegen --bench generation` (add `-- --quick` for one
//! repetition). Targets: at least 5,000 operations per second end to end on
//! one core, and linear growth (5,000 operations take at most 5.5× the time
//! of 1,000). The bench prints two tables, a cold run (every item emitted
//! and formatted) and a run after editing one operation with the formatting
//! cache of the previous run (what a build script or `apigen generate`
//! does), and says whether each target is met.

use std::time::{Duration, Instant};

/// The allocator of the `apigen` binary (see its `main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use apigen_codegen::load::SourceFile;

mod synthetic;
use synthetic::synthetic_spec;

/// Time per stage of one run. "render" is emit and format together: the
/// emitter is lazy (one group's tokens at a time, handed to the formatter).
#[derive(Default, Clone, Copy)]
struct Stages {
    load: Duration,
    validate: Duration,
    render: Duration,
    /// Item groups emitted and formatted (the rest came from the cache).
    formatted: usize,
}

impl Stages {
    fn total(&self) -> Duration {
        self.load + self.validate + self.render
    }
}

/// One generation, as `apigen generate` does it: load, validate, render
/// (with the formatting cache in `cache`, if any).
fn run_once(text: String, cache: Option<&std::path::Path>) -> Stages {
    let t = Instant::now();
    let file = SourceFile::from_text("synthetic.yaml".into(), text);
    let spec = file
        .parse()
        .unwrap_or_else(|d| panic!("{}", apigen_codegen::Diagnostics(d).render()));
    let load = t.elapsed();
    let t = Instant::now();
    let api = apigen_codegen::validate::validate(&file, &spec)
        .unwrap_or_else(|d| panic!("{}", apigen_codegen::Diagnostics(d).render()));
    let validate = t.elapsed();
    let t = Instant::now();
    let output = apigen_codegen::render_cached(std::slice::from_ref(&api), cache)
        .unwrap_or_else(|d| panic!("{}", d.render()));
    let render = t.elapsed();
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    std::hint::black_box(&output.files);
    Stages {
        load,
        validate,
        render,
        formatted: output.stats.groups_formatted,
    }
}

/// The spec with operation 0's summary changed (`round` 0: unchanged).
fn edited(text: &str, round: usize) -> String {
    if round == 0 {
        return text.to_owned();
    }
    text.replacen(
        "summary: Upload 0\n",
        &format!("summary: Upload 0, edit {round}\n"),
        1,
    )
}

/// Environment variable that makes this binary one measured run.
const CHILD: &str = "GENERATION_BENCH_RUN";

/// Each measured run is its own process, as each `apigen generate` or
/// build-script run is: memory starts fresh (a process that generated
/// before reuses pages the allocator kept, and gets faster than a real run).
fn measure(operations: usize, cache: Option<(&std::path::Path, usize)>) -> Stages {
    let arg = match cache {
        None => format!("{operations}"),
        Some((dir, round)) => format!("{operations} {round} {}", dir.display()),
    };
    let out = std::process::Command::new(std::env::current_exe().expect("bench executable"))
        .env(CHILD, arg)
        .output()
        .expect("run the bench executable");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).expect("UTF-8");
    let n: Vec<u64> = line
        .split_whitespace()
        .map(|v| v.parse().expect("a number"))
        .collect();
    Stages {
        load: Duration::from_nanos(n[0]),
        validate: Duration::from_nanos(n[1]),
        render: Duration::from_nanos(n[2]),
        formatted: n[3] as usize,
    }
}

/// The run asked for in [`CHILD`]: `operations [round cache-dir]`.
fn child(arg: &str) {
    let mut parts = arg.splitn(3, ' ');
    let operations: usize = parts
        .next()
        .and_then(|p| p.parse().ok())
        .expect("operations");
    let round: usize = parts.next().map_or(0, |p| p.parse().expect("round"));
    let cache = parts.next().map(std::path::PathBuf::from);
    let text = edited(&synthetic_spec(operations), round);
    let s = run_once(text, cache.as_deref());
    println!(
        "{} {} {} {}",
        s.load.as_nanos(),
        s.validate.as_nanos(),
        s.render.as_nanos(),
        s.formatted
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

const SIZES: [usize; 4] = [10, 100, 1_000, 5_000];

fn main() {
    if let Ok(arg) = std::env::var(CHILD) {
        return child(&arg);
    }
    let quick = std::env::args().any(|a| a == "--quick");
    let reps = if quick { 1 } else { 5 };
    let best = |runs: Vec<Stages>| {
        runs.into_iter()
            .min_by_key(Stages::total)
            .expect("at least one run")
    };
    println!("generation: one thread, each run a fresh process, best of {reps}");
    println!();
    println!("cold (every item emitted and formatted)");
    println!(
        "| operations | spec KiB | load ms | validate ms | emit + format ms | total ms | ops/s |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let mut cold = Vec::new();
    for n in SIZES {
        let s = best((0..reps).map(|_| measure(n, None)).collect());
        let ops = n as f64 / s.total().as_secs_f64();
        println!(
            "| {n} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {ops:.0} |",
            synthetic_spec(n).len() / 1024,
            ms(s.load),
            ms(s.validate),
            ms(s.render),
            ms(s.total()),
        );
        cold.push(s.total().as_secs_f64());
    }

    println!();
    println!("after editing one operation, with the formatting cache of the previous run");
    println!("| operations | load ms | validate ms | emit + format ms | total ms | groups formatted | ops/s |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let mut edited_rate = 0.0;
    for n in SIZES {
        let dir = tempfile::tempdir().expect("temporary directory");
        measure(n, Some((dir.path(), 0))); // fills the cache; not counted
        let s = best(
            (1..=reps)
                .map(|round| measure(n, Some((dir.path(), round))))
                .collect(),
        );
        edited_rate = n as f64 / s.total().as_secs_f64();
        println!(
            "| {n} | {:.1} | {:.1} | {:.1} | {:.1} | {} | {edited_rate:.0} |",
            ms(s.load),
            ms(s.validate),
            ms(s.render),
            ms(s.total()),
            s.formatted,
        );
    }

    let ratio = cold[3] / cold[2];
    let cold_rate = 5_000.0 / cold[3];
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!();
    println!(
        "5,000 ops / 1,000 ops time ratio, cold: {ratio:.2} (target <= 5.5: {})",
        verdict(ratio <= 5.5)
    );
    println!(
        "end-to-end rate at 5,000 ops, cold: {cold_rate:.0} ops/s (target >= 5,000: {})",
        verdict(cold_rate >= 5_000.0)
    );
    println!(
        "end-to-end rate at 5,000 ops, one operation edited: {edited_rate:.0} ops/s (target >= 5,000: {})",
        verdict(edited_rate >= 5_000.0)
    );
}
