//! Generation speed and scaling: synthetic specs of 10, 100, 1,000 and 5,000
//! operations built from the shapes of the real endpoints, timed per stage.
//!
//! `cargo bench -p codegen --bench generation` (add `-- --quick` for one
//! repetition). Targets: at least 5,000 operations per second end to end on
//! one core, and linear growth (5,000 operations take at most 5.5× the time
//! of 1,000). The bench prints two tables, a cold run (every item emitted
//! and formatted) and a run after editing one operation with the formatting
//! cache of the previous run (what a build script or `codegen generate`
//! does), and says whether each target is met.

use std::time::{Duration, Instant};

/// The allocator of the `codegen` binary (see its `main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use codegen::load::SourceFile;

/// One Zoho-like operation (path parameters, a multipart one-of with a
/// query option, a body-code error table) and one HighLevel-like operation
/// (a fixed header, form fields and lists, typed file parts, status-coded
/// errors with their own bodies), each with its own nested response schemas.
fn synthetic_spec(operations: usize) -> String {
    let mut s = String::from(
        r#"name: synthetic
title: Synthetic API
description: Generated for benchmarks.
docs_url: https://example.com/docs
base_path: /crm/v7
servers:
  description: Data centers.
  list:
    - {name: us, title: US, url: "https://www.zohoapis.com", default: true}
    - {name: eu, title: EU, url: "https://www.zohoapis.eu"}
    - {name: in, title: IN, url: "https://www.zohoapis.in"}
auth:
  description: A token.
  header: Authorization
  scheme: Zoho-oauthtoken
enums:
  Module:
    description: Modules.
    properties:
      scope_name: Scope name.
    values:
"#,
    );
    for m in [
        "Leads",
        "Accounts",
        "Contacts",
        "Deals",
        "Campaigns",
        "Tasks",
        "Cases",
        "Events",
        "Calls",
        "Solutions",
        "Products",
        "Vendors",
        "Price_Books",
        "Quotes",
        "Sales_Orders",
        "Purchase_Orders",
        "Invoices",
        "Notes",
    ] {
        s.push_str(&format!(
            "      - {{name: {m}, value: {m}, scope_name: {}}}\n",
            m.to_lowercase().replace('_', "")
        ));
    }
    s.push_str(
        r#"    other: {name: Custom, description: Custom module., scope_name: custom}
  OperationType:
    description: Operation types.
    values:
      - {name: ALL, value: ALL}
      - {name: WRITE, value: WRITE}
      - {name: CREATE, value: CREATE}
  FileType:
    description: File types.
    properties:
      extensions: {type: "string[]", description: Extensions.}
      mime_type: MIME type.
    values:
      - {name: PDF, value: PDF, extensions: [pdf], mime_type: application/pdf}
      - {name: PNG, value: PNG, extensions: [png], mime_type: image/png}
      - {name: TXT, value: TXT, extensions: [txt], mime_type: text/plain}
schemas:
  UserRef:
    description: A user.
    fields:
      name: {type: string, required: true, description: Name.}
      id: {type: string, required: true, description: Id.}
  ErrorBody:
    description: An error.
    fields:
      code: {type: string, required: true, description: Code.}
      details: {type: json, required: false, description: Details.}
      message: {type: string, required: true, description: Message.}
      status: {type: string, required: false, description: Status.}
  StatusBody:
    description: A status error.
    fields:
      statusCode: {type: integer, required: false, description: Status.}
      message: {type: string, required: false, description: Message.}
"#,
    );
    for i in 0..operations {
        s.push_str(&format!(
            r#"  Details{i}:
    description: Details.
    fields:
      Modified_Time: {{type: datetime, required: true, description: Modified.}}
      Modified_By: {{type: UserRef, required: true, description: By.}}
      id: {{type: string, required: true, description: Id.}}
  Result{i}:
    description: Result.
    fields:
      code: {{type: string, required: true, description: Code.}}
      details: {{type: Details{i}, required: true, description: Details.}}
      message: {{type: string, required: true, description: Message.}}
  Response{i}:
    description: Response.
    fields:
      data: {{type: "Result{i}[]", required: true, description: Data.}}
      files: {{type: "map<string>", required: false, description: Files.}}
"#
        ));
    }
    s.push_str("operations:\n");
    for i in 0..operations {
        if i % 2 == 0 {
            s.push_str(&format!(
                r#"  upload_{i}:
    summary: Upload {i}
    description: Uploads.
    docs_url: https://example.com/docs/{i}
    method: POST
    path: /{{module_api_name}}/{{record_id}}/Attachments{i}
    params:
      module_api_name: {{in: path, type: Module, rust_name: module, description: Module.}}
      record_id: {{in: path, type: string, description: Record.}}
    body:
      content_type: multipart/form-data
      one_of:
        name: content
        description: File or link.
        alternatives:
          file:
            description: A file.
            params:
              file: {{in: form, type: file, required: true, description: File.}}
          link:
            description: A link.
            params:
              attachmentUrl: {{in: form, type: string, required: true, description: URL.}}
              title: {{in: query, type: string, required: false, description: Title.}}
    scopes:
      all_of:
        - any_of: [ZohoCRM.modules.ALL, "ZohoCRM.modules.{{module_name}}.{{operation_type}}"]
        - "ZohoCRM.modules.attachments.{{operation_type}}"
    scope_variables:
      module_name: {{param: module_api_name, property: scope_name}}
      operation_type: {{enum: OperationType}}
    response: {{status: 200, body: Response{i}}}
    errors:
      by: body_code
      body: ErrorBody
      list:
        - {{code: INVALID_MODULE, status: 400, message: Invalid module, resolution: Fix it.}}
        - {{code: INVALID_MODULE, status: 400, message: Unsupported module, resolution: Fix it.}}
        - {{code: INVALID_URL_PATTERN, status: 404, message: Bad URL, resolution: Fix it.}}
        - {{code: OAUTH_SCOPE_MISMATCH, status: 401, message: Unauthorized, resolution: Fix it.}}
        - {{code: NO_PERMISSION, status: 403, message: Denied, resolution: Ask.}}
        - {{code: INTERNAL_ERROR, status: 500, message: Internal, resolution: Wait.}}
        - {{code: INVALID_DATA, status: 400, message: Bad id, resolution: Fix it.}}
"#
            ));
        } else {
            s.push_str(&format!(
                r#"  send_{i}:
    summary: Send {i}
    description: Sends.
    docs_url: https://example.com/docs/{i}
    method: POST
    path: /conversations/{{conversation}}/messages{i}
    params:
      conversation: {{in: path, type: string, description: Conversation.}}
      Version: {{in: header, type: string, required: true, values: ["2021-04-15"], description: Version.}}
      locationId: {{in: form, type: string, required: true, description: Location.}}
      attachmentUrls: {{in: form, type: "string[]", required: true, description: URLs.}}
      tag: {{in: query, type: "string[]", required: false, description: Tags.}}
      fileAttachment: {{in: form, type: "file[]", required: false, file_types: FileType, description: Files.}}
    body: {{content_type: multipart/form-data}}
    scopes: conversations/message.write
    response: {{status: 200, body: Response{i}}}
    errors:
      by: status
      list:
        - {{status: 400, name: BadRequest, message: Bad, body: StatusBody}}
        - {{status: 401, name: Unauthorized, message: Unauthorized, body: StatusBody}}
        - {{status: 413, name: TooLarge, message: Too large, body: StatusBody}}
"#
            ));
        }
    }
    s
}

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

/// One generation, as `codegen generate` does it: load, validate, render
/// (with the formatting cache in `cache`, if any).
fn run_once(text: String, cache: Option<&std::path::Path>) -> Stages {
    let t = Instant::now();
    let file = SourceFile::from_text("synthetic.yaml".into(), text);
    let spec = file
        .parse()
        .unwrap_or_else(|d| panic!("{}", codegen::Diagnostics(d).render()));
    let load = t.elapsed();
    let t = Instant::now();
    let api = codegen::validate::validate(&file, &spec)
        .unwrap_or_else(|d| panic!("{}", codegen::Diagnostics(d).render()));
    let validate = t.elapsed();
    let t = Instant::now();
    let output = codegen::render_cached(std::slice::from_ref(&api), cache)
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

/// Each measured run is its own process, as each `codegen generate` or
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
