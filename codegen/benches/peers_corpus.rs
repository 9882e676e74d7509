//! Every real vendor file of the corpus (`tests/corpora/apis.rs`: the
//! repository's, and the reference-only ones of the shared folder where it
//! is, `APIGEN_SHARED_DIR`, default `../shared`) through three generators, side by
//! side in one run: ours, progenitor and openapi-generator's `rust`
//! generator. For each file: did it generate, does the output compile, how
//! many operations compile, generation time, and `cargo check` time per
//! operation. Each peer failure's first message is kept.
//!
//! `cargo bench -p apigen-codegen --bench peers_corpus` (about an hour on 2
//! cores; `-- FILTER` runs the files whose name contains FILTER).
//!
//! Tools, fetched once into `target/peers/tools` from the registries:
//! `cargo-progenitor` 0.15.1 from crates.io, `openapi-generator-cli` 7.26.0
//! from PyPI (its wheel carries the jar), run by the machine's Java (Debian:
//! `apt-get install default-jre-headless`).
//!
//! The input, the same for the three: each file made self-contained. The
//! peers read one document (progenitor resolves no external `$ref`;
//! openapi-generator would fetch Zoho's `https://raw.githubusercontent...`
//! refs from the network), so each external ref's component is copied into
//! the file's own `components` under its name (the file's stem appended on
//! a clash) and the ref made local. Nothing else is changed: the vendors'
//! mistakes stay. Ours imports each file alone too (not the 41 HighLevel
//! files as one API, as `tests/corpora` does), with no overlay.
//!
//! Generation is one timed process per file and tool. Each generated crate
//! is then checked alone (`cargo check`, dev profile, not incremental), all
//! in one target directory so that shared dependencies are built once; the
//! crate's own check time is cargo's `--timings` figure for its unit.
//! Operations are counted in the generated code: our import's summary; for
//! progenitor, the client's `pub async fn`s (one per operation with its
//! default positional interface); for openapi-generator, the
//! `pub async fn`s of `src/apis/`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

#[path = "../../tests/corpora/apis.rs"]
mod apis;
#[path = "../../tests/support/shared.rs"]
mod shared;

const PROGENITOR: &str = "0.15.1";
const OPENAPI_GENERATOR: &str = "7.26.0";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

struct Ran {
    ok: bool,
    took: Duration,
    text: String,
}

fn run(command: &mut Command) -> Ran {
    let started = Instant::now();
    let out = command.output().expect("the command starts");
    Ran {
        ok: out.status.success(),
        took: started.elapsed(),
        text: String::from_utf8_lossy(&out.stderr).into_owned()
            + &String::from_utf8_lossy(&out.stdout),
    }
}

fn must(command: &mut Command) {
    let shown = format!("{command:?}");
    let ran = run(command);
    assert!(ran.ok, "{shown}\n{}", ran.text);
}

/// `cargo-progenitor` and the openapi-generator jar, fetched once.
fn tools(dir: &Path) -> (PathBuf, PathBuf) {
    let progenitor = dir.join("progenitor/bin/cargo-progenitor");
    if !progenitor.exists() {
        eprintln!("installing cargo-progenitor {PROGENITOR} from crates.io");
        must(
            Command::new(env!("CARGO"))
                .args(["install", "--quiet", "--locked", "cargo-progenitor"])
                .args(["--version", PROGENITOR, "--root"])
                .arg(dir.join("progenitor")),
        );
    }
    let jar = dir.join("oag/openapi_generator_cli/openapi-generator.jar");
    if !jar.exists() {
        eprintln!("installing openapi-generator-cli {OPENAPI_GENERATOR} from PyPI");
        must(
            Command::new("python3")
                .args(["-m", "pip", "install", "--quiet", "--target"])
                .arg(dir.join("oag"))
                .arg(format!("openapi-generator-cli=={OPENAPI_GENERATOR}")),
        );
    }
    must(Command::new("java").arg("-version"));
    (progenitor, jar)
}

/// Our CLI, release build.
fn codegen() -> PathBuf {
    must(
        Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--release", "-p", "apigen-codegen"])
            .args(["--features", "cli", "--bin", "apigen"])
            .current_dir(workspace()),
    );
    workspace().join("target/release/apigen")
}

fn read_doc(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).unwrap()
    } else {
        serde_yaml::from_str(&text).unwrap()
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// One file made self-contained: every external `$ref` to a component is
/// copied into the file's components and made local (see the module docs).
struct Bundler {
    /// `refs` folder for absolute URLs (by file name), else the file's own.
    refs: Option<PathBuf>,
    docs: HashMap<PathBuf, Value>,
    /// (file, kind, name) -> its name in the bundle.
    names: HashMap<(PathBuf, String, String), String>,
    /// (kind, name) of the bundle -> the file it came from.
    taken: HashMap<(String, String), PathBuf>,
    queue: Vec<(PathBuf, String, String)>,
}

impl Bundler {
    fn bundle(main: &Path, refs: Option<PathBuf>) -> Value {
        let main = main.canonicalize().unwrap();
        let mut b = Bundler {
            refs,
            docs: HashMap::new(),
            names: HashMap::new(),
            taken: HashMap::new(),
            queue: Vec::new(),
        };
        let mut doc = read_doc(&main);
        if let Some(components) = doc.get("components").and_then(Value::as_object) {
            for (kind, items) in components {
                for name in items.as_object().into_iter().flat_map(|m| m.keys()) {
                    b.taken.insert((kind.clone(), name.clone()), main.clone());
                    b.names
                        .insert((main.clone(), kind.clone(), name.clone()), name.clone());
                }
            }
        }
        b.docs.insert(main.clone(), doc.clone());
        b.rewrite(&mut doc, &main);
        while let Some((file, kind, name)) = b.queue.pop() {
            let pointer = format!("/components/{kind}/{}", escape(&name));
            let Some(mut node) = b.docs[&file].pointer(&pointer).cloned() else {
                continue; // Dangling in the vendor's file: it stays dangling.
            };
            b.rewrite(&mut node, &file);
            let chosen = b.names[&(file, kind.clone(), name)].clone();
            let components = doc
                .as_object_mut()
                .unwrap()
                .entry("components")
                .or_insert_with(|| Value::Object(Map::new()));
            components
                .as_object_mut()
                .unwrap()
                .entry(kind)
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .unwrap()
                .insert(chosen, node);
        }
        doc
    }

    fn file_of(&mut self, location: &str, base: &Path) -> Option<PathBuf> {
        let path = if location.starts_with("http://") || location.starts_with("https://") {
            let name = location.rsplit('/').next()?;
            self.refs
                .clone()
                .unwrap_or_else(|| base.parent().unwrap().to_owned())
                .join(name)
        } else {
            base.parent().unwrap().join(location)
        };
        let path = path.canonicalize().ok()?;
        if !self.docs.contains_key(&path) {
            let doc = read_doc(&path);
            self.docs.insert(path.clone(), doc);
        }
        Some(path)
    }

    fn rewrite(&mut self, value: &mut Value, base: &Path) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    if let Some(local) = self.local(&target.clone(), base) {
                        map.insert("$ref".into(), Value::String(local));
                    }
                }
                map.values_mut().for_each(|v| self.rewrite(v, base));
            }
            Value::Array(list) => list.iter_mut().for_each(|v| self.rewrite(v, base)),
            _ => {}
        }
    }

    /// The local ref for `target` read in `base`, queueing its component.
    fn local(&mut self, target: &str, base: &Path) -> Option<String> {
        let (location, fragment) = target.split_once('#').unwrap_or((target, ""));
        let file = if location.is_empty() {
            base.to_owned()
        } else {
            self.file_of(location, base)?
        };
        let mut parts = fragment.strip_prefix("/components/")?.splitn(2, '/');
        let (kind, name) = (parts.next()?.to_owned(), unescape(parts.next()?));
        let key = (file.clone(), kind.clone(), name.clone());
        if let Some(chosen) = self.names.get(&key) {
            return Some(format!("#/components/{kind}/{}", escape(chosen)));
        }
        let stem = file
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace('.', "_");
        let mut chosen = name.clone();
        while self.taken.contains_key(&(kind.clone(), chosen.clone())) {
            chosen = format!("{chosen}_{stem}");
        }
        self.taken.insert((kind.clone(), chosen.clone()), file);
        self.names.insert(key.clone(), chosen.clone());
        self.queue.push(key);
        Some(format!("#/components/{kind}/{}", escape(&chosen)))
    }
}

fn operations_in(doc: &Value) -> usize {
    let methods = [
        "get", "put", "post", "delete", "patch", "head", "options", "trace",
    ];
    doc.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values())
        .map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count())
        .sum()
}

fn count_in(dir: &Path, needle: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            n += count_in(&path, needle);
        } else if path.extension().is_some_and(|e| e == "rs") {
            n += std::fs::read_to_string(&path)
                .unwrap()
                .matches(needle)
                .count();
        }
    }
    n
}

/// The first line of a tool's output that says what went wrong.
fn first_message(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let wanted = |l: &&str| {
        let lower = l.to_lowercase();
        l.starts_with("-attribute")
            || l.starts_with('-') && lower.contains("is missing")
            || lower.starts_with("error")
            || lower.contains("panicked")
            || lower.contains("exception:")
    };
    // openapi-generator lists the spec's problems under `Errors:`; a Rust
    // panic says what failed on the line after its location.
    let picked = match lines.iter().position(|l| *l == "Errors:") {
        Some(i) => lines.get(i + 1).copied(),
        None => match lines.iter().position(|l| l.contains("panicked at")) {
            Some(i) => lines.get(i + 1).copied(),
            None => lines.iter().copied().find(wanted),
        },
    };
    let mut line = picked.or(lines.first().copied()).unwrap_or("").to_owned();
    line = line.replace('|', "\\|");
    if line.chars().count() > 160 {
        line = line.chars().take(157).collect::<String>() + "...";
    }
    line
}

#[derive(Default)]
struct Outcome {
    generated: bool,
    /// Only with openapi-generator's `--skip-validate-spec`.
    skip_validation: bool,
    generation: Duration,
    operations: usize,
    compiled: Option<bool>,
    check: Option<f64>,
    message: String,
}

struct Row {
    file: String,
    operations: usize,
    tools: [Outcome; 3],
}

const TOOLS: [&str; 3] = ["apigen", "progenitor", "openapi-generator"];

/// The crate's own unit time from cargo's `--timings` report.
fn unit_seconds(report: &Path, krate: &str) -> Option<f64> {
    let html = std::fs::read_to_string(report).ok()?;
    let start = html.find("const UNIT_DATA = ")? + "const UNIT_DATA = ".len();
    let end = start + html[start..].find(";\n")?;
    let units: Vec<Value> = serde_json::from_str(&html[start..end]).ok()?;
    units
        .iter()
        .filter(|u| u["name"] == krate)
        .filter(|u| !u["target"].as_str().unwrap_or("").contains("build"))
        .filter_map(|u| u["duration"].as_f64())
        .reduce(f64::max)
}

/// `cargo check` of the crate at `dir` alone, in the shared target.
fn check(dir: &Path, krate: &str, target: &Path) -> (bool, Option<f64>, String) {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, text + "\n[workspace]\n").unwrap();
    }
    let ran = run(Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--timings"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS"));
    let seconds = unit_seconds(&target.join("cargo-timings/cargo-timing.html"), krate);
    (ran.ok, seconds, first_message(&ran.text))
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let work = workspace().join("target/peers");
    let (progenitor, jar) = tools(&work.join("tools"));
    let codegen = codegen();
    let run_dir = work.join("run");
    let _ = std::fs::remove_dir_all(&run_dir);
    std::fs::create_dir_all(&run_dir).unwrap();
    let target = work.join("target");

    let mut inputs: Vec<(String, PathBuf, Option<PathBuf>)> = Vec::new();
    let mut corpus = apis::licensed_apis(&workspace()).expect("the corpus folders are readable");
    // Files are named in the table by their paths in the shared folder or
    // in the workspace.
    let mut bases = vec![workspace()];
    match shared::find(
        "the reference-only corpus files",
        &apis::REFERENCE_ONLY_PARTS,
    ) {
        Ok(dir) => {
            corpus.extend(
                apis::reference_only_apis(&dir, &workspace())
                    .expect("the shared folder is readable"),
            );
            bases.insert(0, dir);
        }
        Err(skipped) => eprintln!("{skipped}"),
    }
    for api in corpus {
        let several = api.files.len() > 1;
        for file in &api.files {
            let stem = file.file_stem().unwrap().to_string_lossy().to_lowercase();
            let name = if several {
                format!("{}_{stem}", api.name)
            } else {
                api.name.clone()
            }
            .replace(['-', '.'], "_");
            inputs.push((name, file.clone(), api.refs.clone()));
        }
    }
    inputs.retain(|(name, _, _)| filter.is_empty() || filter.iter().any(|f| name.contains(f)));

    let mut rows = Vec::new();
    for (name, file, refs) in &inputs {
        eprintln!("{name}");
        let dir = run_dir.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let doc = Bundler::bundle(file, refs.clone());
        let input = dir.join("input.json");
        std::fs::write(&input, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        let mut tools: [Outcome; 3] = Default::default();

        // Ours: import and generate in one process, then a crate around it.
        let ours = dir.join("apigen");
        std::fs::create_dir_all(ours.join("src")).unwrap();
        let ran = run(Command::new(&codegen)
            .args(["import", "openapi"])
            .arg(&input)
            .args(["--api", name, "--out"])
            .arg(ours.join("spec").join(name))
            .arg("--generate")
            .arg(ours.join("src/apis")));
        tools[0].generation = ran.took;
        tools[0].generated = ran.ok;
        if ran.ok {
            tools[0].operations = ran
                .text
                .split("imported ")
                .nth(1)
                .and_then(|t| t.split_whitespace().next()?.parse().ok())
                .unwrap_or(0);
            std::fs::write(
                ours.join("Cargo.toml"),
                format!(
                    "[package]\nname = \"ag-{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\napigen-runtime = {{ path = \"{}/runtime\", features = [\"reqwest\"] }}\n",
                    workspace().display()
                ),
            )
            .unwrap();
            std::fs::write(
                ours.join("src/lib.rs"),
                "//! Generated by apigen.\nmod apis;\npub use apis::*;\n",
            )
            .unwrap();
        } else {
            tools[0].message = first_message(&ran.text);
        }

        // progenitor.
        let theirs = dir.join("progenitor");
        let ran = run(Command::new(&progenitor)
            .arg("progenitor")
            .arg("-i")
            .arg(&input)
            .arg("-o")
            .arg(&theirs)
            .args(["-n", &format!("pg-{name}"), "-v", "0.1.0"]));
        tools[1].generation = ran.took;
        tools[1].generated = ran.ok;
        if ran.ok {
            tools[1].operations = count_in(&theirs.join("src"), "pub async fn ");
        } else {
            tools[1].message = first_message(&ran.text);
        }

        // openapi-generator: as a user first runs it, then without its
        // spec validation (its documented way past a refused file).
        let oag = dir.join("openapi-generator");
        let generate = |skip: bool| {
            let _ = std::fs::remove_dir_all(&oag);
            let mut c = Command::new("java");
            c.arg("-jar")
                .arg(&jar)
                .args(["generate", "-g", "rust", "-i"])
                .arg(&input)
                .arg("-o")
                .arg(&oag)
                .arg(format!(
                    "--additional-properties=packageName=oag-{},packageVersion=0.1.0",
                    name.replace('_', "-")
                ));
            if skip {
                c.arg("--skip-validate-spec");
            }
            run(&mut c)
        };
        let ran = generate(false);
        tools[2].generation = ran.took;
        tools[2].generated = ran.ok;
        if !ran.ok {
            tools[2].message = first_message(&ran.text);
            let again = generate(true);
            if again.ok {
                tools[2].generated = true;
                tools[2].skip_validation = true;
                tools[2].generation = again.took;
            } else {
                tools[2].message +=
                    &format!(" / without validation: {}", first_message(&again.text));
            }
        }
        if tools[2].generated {
            tools[2].operations = count_in(&oag.join("src/apis"), "pub async fn ");
        }

        let crates = [
            (ours, format!("ag-{name}")),
            (theirs, format!("pg-{name}")),
            (oag, format!("oag-{}", name.replace('_', "-"))),
        ];
        for (outcome, (crate_dir, krate)) in tools.iter_mut().zip(crates) {
            if !outcome.generated {
                continue;
            }
            let (ok, seconds, message) = check(&crate_dir, &krate, &target);
            outcome.compiled = Some(ok);
            outcome.check = seconds;
            if !ok {
                outcome.message = format!("compile: {message}");
            }
        }
        rows.push(Row {
            file: bases
                .iter()
                .find_map(|base| file.strip_prefix(base).ok())
                .unwrap_or(file)
                .display()
                .to_string(),
            operations: operations_in(&doc),
            tools,
        });
    }
    report(&rows);
}

fn report(rows: &[Row]) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{cores} cores; `cargo check`, dev profile, not incremental, each crate alone\n");
    println!("| tool | files generated | files compiling | operations compiling | of | generation s (all files) | `cargo check` ms/op (compiling files) |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let total_ops: usize = rows.iter().map(|r| r.operations).sum();
    for (i, tool) in TOOLS.iter().enumerate() {
        let generated = rows.iter().filter(|r| r.tools[i].generated).count();
        let skip = rows.iter().filter(|r| r.tools[i].skip_validation).count();
        let compiling: Vec<&Row> = rows
            .iter()
            .filter(|r| r.tools[i].compiled == Some(true))
            .collect();
        let ops: usize = compiling.iter().map(|r| r.tools[i].operations).sum();
        let generation: f64 = rows
            .iter()
            .map(|r| r.tools[i].generation.as_secs_f64())
            .sum();
        let check: f64 = compiling
            .iter()
            .filter_map(|r| r.tools[i].check)
            .fold(0.0, |a, b| a + b);
        let skipped = if skip > 0 {
            format!(" ({skip} only with `--skip-validate-spec`)")
        } else {
            String::new()
        };
        println!(
            "| {tool} | {generated} of {}{skipped} | {} | {ops} | {total_ops} | {generation:.1} | {} |",
            rows.len(),
            compiling.len(),
            if ops > 0 {
                format!("{:.1}", check * 1000.0 / ops as f64)
            } else {
                "-".to_owned()
            }
        );
    }
    println!("\nPer file (generated / compiles / operations compiling; check s):\n");
    println!("| file | ops | apigen | progenitor | openapi-generator |");
    println!("|---|---:|---|---|---|");
    let cell = |o: &Outcome| -> String {
        if !o.generated {
            return "no".to_owned();
        }
        let flag = if o.skip_validation {
            " (unvalidated)"
        } else {
            ""
        };
        match (o.compiled, o.check) {
            (Some(true), Some(s)) => format!("yes{flag} / yes / {} ; {s:.1}", o.operations),
            (Some(true), None) => format!("yes{flag} / yes / {}", o.operations),
            _ => format!("yes{flag} / **no** / 0"),
        }
    };
    for r in rows {
        println!(
            "| `{}` | {} | {} | {} | {} |",
            r.file,
            r.operations,
            cell(&r.tools[0]),
            cell(&r.tools[1]),
            cell(&r.tools[2])
        );
    }
    println!("\nFirst message of each failure:\n");
    let mut by_tool: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in rows {
        for (i, tool) in TOOLS.iter().enumerate() {
            let o = &r.tools[i];
            if !o.message.is_empty() {
                by_tool
                    .entry(tool)
                    .or_default()
                    .push(format!("- `{}`: {}", r.file, o.message));
            }
        }
    }
    for (tool, lines) in by_tool {
        println!("{tool}:\n{}\n", lines.join("\n"));
    }
}
