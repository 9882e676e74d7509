//! Generation speed and scaling: synthetic specs of 10, 100, 1,000 and 5,000
//! operations built from the shapes of the real endpoints, timed per stage.
//!
//! `cargo bench -p codegen --bench generation` (add `-- --quick` for one
//! repetition). Targets: at least 5,000 operations per second end to end on
//! one core, and linear growth (5,000 operations take at most 5.5× the time
//! of 1,000). The bench prints a table and says whether each target is met.

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

#[derive(Default, Clone, Copy)]
struct Stages {
    load: Duration,
    validate: Duration,
    emit: Duration,
    format: Duration,
}

impl Stages {
    fn total(&self) -> Duration {
        self.load + self.validate + self.emit + self.format
    }
}

fn run_once(text: &str) -> Stages {
    let t = Instant::now();
    let file = SourceFile::from_text("synthetic.yaml".into(), text.to_owned());
    let spec = file
        .parse()
        .unwrap_or_else(|d| panic!("{}", codegen::Diagnostics(d).render()));
    let load = t.elapsed();
    let t = Instant::now();
    let api = codegen::validate::validate(&file, &spec)
        .unwrap_or_else(|d| panic!("{}", codegen::Diagnostics(d).render()));
    let validate = t.elapsed();
    let t = Instant::now();
    let tokens = codegen::emit::api_items(&api);
    let emit = t.elapsed();
    let t = Instant::now();
    let text = codegen::format::format_file(tokens, "bench").unwrap();
    let format = t.elapsed();

    std::hint::black_box(text);
    Stages {
        load,
        validate,
        emit,
        format,
    }
}

/// The fastest of `reps` runs, stage by stage (the least disturbed by the machine).
fn best_of(text: &str, reps: usize) -> Stages {
    (0..reps)
        .map(|_| run_once(text))
        .min_by_key(Stages::total)
        .unwrap()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    println!(
        "generation (best of {} runs, one thread)",
        if quick { 1 } else { 5 }
    );
    println!("| operations | spec KiB | load ms | validate ms | emit ms | format ms | total ms | ops/s |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut totals = Vec::new();
    for n in [10, 100, 1_000, 5_000] {
        let text = synthetic_spec(n);
        let reps = if quick || n == 5_000 {
            1.max(if quick { 1 } else { 3 })
        } else {
            5
        };
        let s = best_of(&text, reps);
        let ops = n as f64 / s.total().as_secs_f64();
        println!(
            "| {n} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} |",
            text.len() / 1024,
            ms(s.load),
            ms(s.validate),
            ms(s.emit),
            ms(s.format),
            ms(s.total()),
            ops
        );
        totals.push((n, s.total()));
    }
    let t1000 = totals[2].1.as_secs_f64();
    let t5000 = totals[3].1.as_secs_f64();
    let ratio = t5000 / t1000;
    let rate = 5_000.0 / t5000;
    println!();
    println!(
        "5,000 ops / 1,000 ops time ratio: {ratio:.2} (target <= 5.5: {})",
        if ratio <= 5.5 { "met" } else { "MISSED" }
    );
    println!(
        "end-to-end rate at 5,000 ops: {rate:.0} ops/s (target >= 5,000: {})",
        if rate >= 5_000.0 { "met" } else { "MISSED" }
    );
}
