//! Our import + generation + compile against progenitor's, side by side on
//! the same operations: HighLevel's vendored OpenAPI files.
//!
//! `cargo bench -p apigen-codegen --bench vs_progenitor` (about 15 minutes
//! the first time: it installs `cargo-progenitor` from crates.io into
//! `target/vs-progenitor/tool`, then reuses it).
//!
//! 1. Each file's external refs (`../common/common-schemas.json#/...`) are
//!    bundled into it (progenitor reads one self-contained file).
//! 2. Each operation alone goes through `cargo progenitor`: those it rejects
//!    are listed and left out of the comparison.
//! 3. Per file, the operations both accept: progenitor generates its crate
//!    (default positional interface); we import the same operations and
//!    generate a crate with checked-in sources in one process (`codegen
//!    import openapi ... --generate DIR`, no build script), both with
//!    release builds of the tools, timed as processes (median of 21
//!    runs). (One crate per file: progenitor reads one document, and the
//!    files declare clashing component names.)
//! 4. Both crates are built in one target directory, not incrementally:
//!    dependencies first, then, timed, `cargo check` and `cargo build` of
//!    the generated crate alone (its source touched), rustc's peak memory
//!    read through a `RUSTC_WRAPPER` that runs rustc under `/usr/bin/time`.
//!
//! 5. One group of `tests/imported` (the four vendored files imported in
//!    its build script) built alone with its cargo feature.
//!
//! `-- FILE...` picks other app files (default: conversations, contacts,
//! calendars).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn run(command: &mut Command) -> (bool, Duration, String) {
    let started = Instant::now();
    let out = command.output().expect("the command runs");
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    (out.status.success(), started.elapsed(), text)
}

/// The median of 21 timed runs, after one untimed (files into the page
/// cache); each run must succeed. Runs of a few tens of milliseconds vary by
/// 2-3x on a shared 2-core VM: five runs were not enough to rank them.
fn median_of_21(mut command: impl FnMut() -> Duration) -> Duration {
    command();
    let mut times: Vec<Duration> = (0..21).map(|_| command()).collect();
    times.sort();
    times[10]
}

fn must(command: &mut Command) -> Duration {
    let shown = format!("{command:?}");
    let (ok, took, text) = run(command);
    assert!(ok, "{shown}\n{text}");
    took
}

/// `cargo-progenitor`, installed once from crates.io.
fn progenitor() -> PathBuf {
    let root = workspace().join("target/vs-progenitor/tool");
    let bin = root.join("bin/cargo-progenitor");
    if !bin.exists() {
        eprintln!(
            "installing cargo-progenitor from crates.io into {}",
            root.display()
        );
        must(
            Command::new(env!("CARGO"))
                .args(["install", "--quiet", "cargo-progenitor", "--root"])
                .arg(&root),
        );
    }
    bin
}

/// Our CLI, release build.
fn codegen() -> PathBuf {
    must(
        Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "--release",
                "-p",
                "apigen-codegen",
                "--bin",
                "apigen",
            ])
            .current_dir(workspace()),
    );
    workspace().join("target/release/apigen")
}

/// The file with its refs to `../common/common-schemas.json` made internal
/// (the common schemas copied into its components).
fn bundled(app: &Path) -> Value {
    let common_path = app.parent().unwrap().join("../common/common-schemas.json");
    let text = std::fs::read_to_string(app)
        .unwrap()
        .replace("../common/common-schemas.json#", "#");
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    let common: Value =
        serde_json::from_str(&std::fs::read_to_string(common_path).unwrap()).unwrap();
    if let Some(schemas) = common
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        let target = doc["components"]["schemas"].as_object_mut().unwrap();
        for (k, v) in schemas {
            target.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    doc
}

/// The document with only the operations `keep` accepts (by path, method).
fn with_operations(doc: &Value, keep: &dyn Fn(&str, &str) -> bool) -> Value {
    let mut out = doc.clone();
    let paths = out["paths"].as_object_mut().unwrap();
    for (path, item) in paths.iter_mut() {
        let item = item.as_object_mut().unwrap();
        item.retain(|method, _| method == "parameters" || keep(path, method));
    }
    paths.retain(|_, item| item.as_object().unwrap().keys().any(|k| k != "parameters"));
    out
}

/// progenitor asserts that an operation's error responses share one type
/// (`response_types.len() <= 1` in progenitor-impl's `method.rs`): HighLevel
/// declares a different body for 400 and 401, so no operation would pass.
/// Its input gets the error responses without bodies (ours keeps them: ours
/// generates more).
fn without_error_bodies(doc: &Value) -> Value {
    let mut out = doc.clone();
    if let Some(paths) = out["paths"].as_object_mut() {
        for item in paths.values_mut() {
            for op in item
                .as_object_mut()
                .into_iter()
                .flat_map(|i| i.values_mut())
            {
                if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                    for (status, response) in responses.iter_mut() {
                        if !status.starts_with('2') {
                            if let Some(r) = response.as_object_mut() {
                                r.remove("content");
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// Every `#/components/schemas/NAME` a value refers to.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                if let Some(name) = r.strip_prefix("#/components/schemas/") {
                    out.push(name.to_owned());
                }
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(list) => list.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// The document with only the component schemas its paths reach: progenitor
/// generates every component, and one it cannot type fails the whole file.
fn pruned(doc: &Value) -> Value {
    let mut out = doc.clone();
    let mut reached = std::collections::BTreeSet::new();
    let mut queue = Vec::new();
    refs(&doc["paths"], &mut queue);
    while let Some(name) = queue.pop() {
        if reached.insert(name.clone()) {
            if let Some(schema) = doc.pointer(&format!("/components/schemas/{name}")) {
                refs(schema, &mut queue);
            }
        }
    }
    if let Some(schemas) = out
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.retain(|k, _| reached.contains(k));
    }
    out
}

fn operations(doc: &Value) -> Vec<(String, String)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "put", "post", "delete", "patch", "head", "options"] {
            if item.get(method).is_some() {
                ops.push((path.clone(), method.to_owned()));
            }
        }
    }
    ops
}

fn lines(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            n += lines(&path);
        } else if path.extension().is_some_and(|e| e == "rs") {
            n += std::fs::read_to_string(&path).unwrap().lines().count();
        }
    }
    n
}

/// rustc under `/usr/bin/time`, appending its peak RSS (KB) to `$RUSTC_PEAK_LOG`.
fn rustc_wrapper(dir: &Path) -> PathBuf {
    let path = dir.join("rustc-peak.sh");
    std::fs::write(
        &path,
        "#!/bin/sh\nexec /usr/bin/time -a -o \"$RUSTC_PEAK_LOG\" -f '%M %C' \"$@\"\n",
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&path).status().unwrap();
    path
}

struct Measured {
    check: Duration,
    build: Duration,
    peak_mb: f64,
}

/// `cargo check` and `cargo build` of the crate at `dir` alone (its
/// dependencies built first), and the peak memory of rustc compiling it.
fn compile(dir: &Path, krate: &str, target: &Path, wrapper: &Path) -> Measured {
    let cargo = |cmd: &str, log: Option<&Path>| {
        let mut c = Command::new(env!("CARGO"));
        // Not incremental: an unchanged source would be mostly reused, and
        // the crate's compile is what is measured.
        c.arg(cmd)
            .arg("--quiet")
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0");
        if let Some(log) = log {
            c.env("RUSTC_WRAPPER", wrapper).env("RUSTC_PEAK_LOG", log);
        }
        c
    };
    // Dependencies (and a first compile).
    must(&mut cargo("build", None));
    must(&mut cargo("check", None));
    let touch = || {
        let lib = dir.join("src/lib.rs");
        let text = std::fs::read_to_string(&lib).unwrap();
        std::fs::write(&lib, text).unwrap();
    };
    let log = target.join(format!("{krate}-peak.log"));
    let _ = std::fs::remove_file(&log);
    touch();
    let check = must(&mut cargo("check", Some(&log)));
    touch();
    let build = must(&mut cargo("build", Some(&log)));
    let peak_kb = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(&format!("--crate-name {}", krate.replace('-', "_"))))
        .filter_map(|l| l.split_whitespace().next()?.parse::<f64>().ok())
        .fold(0.0, f64::max);
    Measured {
        check,
        build,
        peak_mb: peak_kb / 1024.0,
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let apps_dir = workspace().join("spec/highlevel/import/openapi/apps");
    let apps: Vec<PathBuf> = if args.is_empty() {
        ["conversations", "contacts", "calendars"]
            .iter()
            .map(|a| apps_dir.join(format!("{a}.json")))
            .collect()
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let work = workspace().join("target/vs-progenitor");
    let _ = std::fs::remove_dir_all(work.join("run"));
    let run_dir = work.join("run");
    std::fs::create_dir_all(&run_dir).unwrap();
    let progenitor = progenitor();
    let codegen = codegen();
    let wrapper = rustc_wrapper(&run_dir);

    let target = work.join("target");
    let mut rows = Vec::new();
    let mut rejected: Vec<String> = Vec::new();
    for app in &apps {
        let stem = app.file_stem().unwrap().to_string_lossy().into_owned();
        let doc = bundled(app);
        // 1–2: which operations progenitor accepts, one at a time.
        let mut accepted = Vec::new();
        let all = operations(&doc);
        for (path, method) in &all {
            let one = pruned(&without_error_bodies(&with_operations(&doc, &|p, m| {
                p == path && m == method
            })));
            let file = run_dir.join("one.json");
            std::fs::write(&file, serde_json::to_string(&one).unwrap()).unwrap();
            let out = run_dir.join("one-out");
            let _ = std::fs::remove_dir_all(&out);
            let (ok, _, text) = run(Command::new(&progenitor)
                .arg("progenitor")
                .arg("-i")
                .arg(&file)
                .arg("-o")
                .arg(&out)
                .args(["-n", "one", "-v", "0.1.0"]));
            if ok {
                accepted.push((path.clone(), method.clone()));
            } else {
                let reason = text
                    .lines()
                    .filter(|l| {
                        l.starts_with("gen fail")
                            || l.starts_with("Error")
                            || l.contains("panicked")
                            || l.starts_with("assertion")
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                rejected.push(format!(
                    "{} {path} ({stem}): {reason}",
                    method.to_uppercase()
                ));
            }
        }
        // 3: the operations both accept through both generators.
        let input = run_dir.join(format!("{stem}.json"));
        let filtered = with_operations(&doc, &|p, m| {
            accepted.iter().any(|(kp, km)| kp == p && km == m)
        });
        std::fs::write(&input, serde_json::to_string_pretty(&filtered).unwrap()).unwrap();
        let their_input = run_dir.join(format!("{stem}-progenitor.json"));
        let theirs_doc = pruned(&without_error_bodies(&filtered));
        std::fs::write(
            &their_input,
            serde_json::to_string_pretty(&theirs_doc).unwrap(),
        )
        .unwrap();
        let theirs = run_dir.join(format!("progenitor-{stem}"));
        let their_gen = median_of_21(|| {
            must(
                Command::new(&progenitor)
                    .arg("progenitor")
                    .arg("-i")
                    .arg(&their_input)
                    .arg("-o")
                    .arg(&theirs)
                    .args(["-n", &format!("pg-{stem}"), "-v", "0.1.0"]),
            )
        });
        // Outside this workspace, like ours.
        let manifest = theirs.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        std::fs::write(&manifest, text + "\n[workspace]\n").unwrap();
        let ours = run_dir.join(format!("apigen-{stem}"));
        std::fs::create_dir_all(ours.join("src")).unwrap();
        // One process: the import validates the specs it wrote, and
        // `--generate` renders from that validated model.
        let our_generation = median_of_21(|| {
            must(
                Command::new(&codegen)
                    .args(["import", "openapi"])
                    .arg(&input)
                    .args(["--api", "highlevel", "--out"])
                    .arg(ours.join("spec/highlevel"))
                    .arg("--generate")
                    .arg(ours.join("src/apis")),
            )
        });
        std::fs::write(
            ours.join("Cargo.toml"),
            format!(
                "[package]\nname = \"ag-{stem}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\napigen-runtime = {{ path = \"{}/runtime\", features = [\"reqwest\"] }}\n\n[workspace]\n",
                workspace().display()
            ),
        )
        .unwrap();
        std::fs::write(
            ours.join("src/lib.rs"),
            "//! HighLevel, generated by apigen.\nmod apis;\npub use apis::*;\n",
        )
        .unwrap();
        // 4: both crates in one target directory.
        let their = compile(&theirs, &format!("pg-{stem}"), &target, &wrapper);
        let our = compile(&ours, &format!("ag-{stem}"), &target, &wrapper);
        rows.push(Row {
            file: stem,
            operations: all.len(),
            both: accepted.len(),
            ours: Side {
                generation: our_generation,
                lines: lines(&ours.join("src")),
                compiled: our,
            },
            theirs: Side {
                generation: their_gen,
                lines: lines(&theirs.join("src")),
                compiled: their,
            },
        });
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{cores} cores; dev profile, not incremental; each crate's dependencies built first\n"
    );
    println!("| file | ops | both accept | side | generation ms/op | lines/op | `cargo check` s/op | `cargo build` s/op | rustc peak MB |");
    println!("|---|---:|---:|---|---:|---:|---:|---:|---:|");
    for r in &rows {
        for (name, side) in [("apigen", &r.ours), ("progenitor", &r.theirs)] {
            let per = |d: Duration| d.as_secs_f64() / r.both as f64;
            println!(
                "| {} | {} | {} | {name} | {:.1} | {:.0} | {:.3} | {:.3} | {:.0} |",
                r.file,
                r.operations,
                r.both,
                per(side.generation) * 1000.0,
                side.lines as f64 / r.both as f64,
                per(side.compiled.check),
                per(side.compiled.build),
                side.compiled.peak_mb
            );
        }
    }
    println!("\nrejected by progenitor:");
    for r in &rejected {
        println!("- {r}");
    }
    // 5: one group alone, as a consumer of the vendor's files gets it.
    println!("\none group alone (`cargo build -p imported --no-default-features --features highlevel_all-<group>`, dependencies built, rerun by a changed vendor file):");
    for group in ["conversations", "contacts", "calendars", "oauth"] {
        let took = one_group(group, &target);
        println!("- {group}: {:.1} s", took.as_secs_f64());
    }
}

/// `cargo build` of `tests/imported` with one group's feature, dependencies
/// built: its build script imports the four vendored HighLevel files and
/// generates that group (with its mock), then the group compiles. Timed
/// after the vendor's file is rewritten, as a changed vendor file would be.
fn one_group(group: &str, target: &Path) -> Duration {
    let build = || {
        let mut c = Command::new(env!("CARGO"));
        c.args([
            "build",
            "--quiet",
            "-p",
            "imported",
            "--no-default-features",
        ])
        .arg("--features")
        .arg(format!("highlevel_all-{group}"))
        .current_dir(workspace())
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
        c
    };
    must(&mut build());
    let vendor = workspace().join(format!("spec/highlevel/import/openapi/apps/{group}.json"));
    let text = std::fs::read(&vendor).unwrap();
    std::fs::write(&vendor, text).unwrap();
    must(&mut build())
}

struct Side {
    generation: Duration,
    lines: usize,
    compiled: Measured,
}

struct Row {
    file: String,
    operations: usize,
    both: usize,
    ours: Side,
    theirs: Side,
}
