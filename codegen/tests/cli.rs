//! The `apigen` binary: commands, outputs and exit statuses.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn apigen(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

/// A fresh directory, removed when the test ends (passing or not).
fn temp(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("apigen-cli-{name}-"))
        .tempdir()
        .unwrap()
}

#[test]
fn generate_with_no_arguments_reads_spec_and_prints_a_summary() {
    let out_dir_tmp = temp("generate");
    let out_dir = out_dir_tmp.path();
    let out = apigen(
        &["generate", "--out", out_dir.to_str().unwrap(), "--no-cache"],
        &workspace(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8(out.stdout).unwrap();
    assert!(
        summary.starts_with("generated 2 APIs, 577 operations, 1465 types, 1589 error variants"),
        "{summary}"
    );
    assert!(summary.contains(" in "), "time taken: {summary}");
    // Plain module files, to check into a crate as they are.
    let index = std::fs::read_to_string(out_dir.join("mod.rs")).unwrap();
    assert!(index.contains("pub mod zoho_crm;"), "{index}");
    assert!(!index.contains("include!"), "{index}");
    let zoho = std::fs::read_to_string(out_dir.join("zoho_crm.rs")).unwrap();
    assert!(zoho.contains("\n//! # Zoho CRM API v7\n"), "module docs");
    assert!(zoho.contains("use ::apigen_runtime as runtime;"));
    assert!(out_dir.join("highlevel.rs").exists());
}

#[test]
fn generate_reuses_unchanged_items_from_its_cache() {
    let dir_dir = temp("cache");
    let dir = dir_dir.path();
    let out_dir = dir.join("out");
    let generate = |cache_dir: &Path| {
        let args = [
            "generate",
            "--out",
            out_dir.to_str().unwrap(),
            "--cache-dir",
            cache_dir.to_str().unwrap(),
        ];
        let out = apigen(&args, &workspace());
        assert!(out.status.success());
        let text = std::fs::read(out_dir.join("zoho_crm.rs")).unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        (stdout, String::from_utf8(out.stderr).unwrap(), text)
    };
    let cache_dir = dir.join("cache");
    let (first, _, first_text) = generate(&cache_dir);
    assert!(cache_dir.join("zoho_crm.fmt-cache").exists());
    assert!(!first.contains("reused"), "{first}");

    let (second, _, text) = generate(&cache_dir);
    assert!(
        second.contains("(2064 of 2064 item groups unchanged, reused from"),
        "{second}"
    );
    assert_eq!(text, first_text);

    // An unwritable cache directory is a warning, not a failure.
    let blocked = dir.join("blocked");
    std::fs::write(&blocked, "a file, not a directory").unwrap();
    let (_, warnings, text) = generate(&blocked);
    assert!(
        warnings.contains("warning: cannot save the formatting cache"),
        "{warnings}"
    );
    assert_eq!(text, first_text);
}

#[test]
fn check_fails_with_rendered_diagnostics_or_json() {
    let bad = workspace().join("tests/invalid_specs/many_problems_at_once");
    let out = apigen(&["check", bad.to_str().unwrap()], &workspace());
    assert!(!out.status.success());
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.contains("error: `FETCH` is not an HTTP method"),
        "{text}"
    );
    assert!(text.contains("problems found in the specs"), "{text}");
    let out = apigen(
        &["check", bad.to_str().unwrap(), "--format", "json"],
        &workspace(),
    );
    assert!(!out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json.as_array().unwrap().len() >= 5);
    let ok = apigen(&["check"], &workspace());
    assert!(ok.status.success());
}

#[test]
fn diff_fails_on_breaking_changes_when_asked() {
    let fixtures = workspace().join("tests/diff_fixtures");
    let run = |case: &str, extra: &[&str]| {
        let old = fixtures.join(case).join("old");
        let new = fixtures.join(case).join("new");
        let mut args = vec!["diff", old.to_str().unwrap(), new.to_str().unwrap()];
        args.extend_from_slice(extra);
        apigen(&args, &workspace())
    };
    assert!(!run("enum_value_removed", &["--fail-on", "breaking"])
        .status
        .success());
    assert!(run("enum_value_added", &["--fail-on", "breaking"])
        .status
        .success());
    assert!(!run("enum_value_added", &["--fail-on", "additive"])
        .status
        .success());
    assert!(run("description_only", &["--fail-on", "additive"])
        .status
        .success());
    let json = run("error_added", &["--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["summary"]["additive"], 1);
}

#[test]
fn diff_against_a_git_revision() {
    let repo_dir = temp("git");
    let repo = repo_dir.path();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(repo)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    std::fs::create_dir_all(repo.join("spec")).unwrap();
    let fixtures = workspace().join("tests/diff_fixtures/error_removed");
    std::fs::copy(fixtures.join("old/spec.yaml"), repo.join("spec/demo.yaml")).unwrap();
    git(&["add", "."]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qm",
        "old",
    ]);
    std::fs::copy(fixtures.join("new/spec.yaml"), repo.join("spec/demo.yaml")).unwrap();
    let out = apigen(&["diff", "--git", "HEAD", "spec"], repo);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.starts_with("**1 breaking**"), "{report}");
    assert!(report.contains("error `FORBIDDEN` removed"), "{report}");
}

/// `examples/consumer/src/checked_in/` is `apigen generate --out` output
/// checked into a crate (which compiles it): it must be what the generator
/// writes today.
#[test]
fn the_checked_in_example_client_is_up_to_date() {
    let ws = workspace();
    let out_dir_tmp = temp("checked-in");
    let out_dir = out_dir_tmp.path();
    let out = apigen(
        &[
            "generate",
            "--spec",
            "examples/consumer/spec",
            "--out",
            out_dir.to_str().unwrap(),
            "--no-cache",
        ],
        &ws,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let checked_in = ws.join("examples/consumer/src/checked_in");
    for f in ["mod.rs", "notes.rs"] {
        let fresh = std::fs::read_to_string(out_dir.join(f)).unwrap();
        let kept = std::fs::read_to_string(checked_in.join(f)).unwrap_or_default();
        assert!(
            fresh == kept,
            "examples/consumer/src/checked_in/{f} is stale; regenerate it with \
             `cargo run -p apigen-codegen -- generate --spec examples/consumer/spec --out examples/consumer/src/checked_in`"
        );
    }
}

/// A FIFO named like a spec is refused at once, not opened (opening it would
/// wait for a writer forever); the other specs are still checked.
#[cfg(unix)]
#[test]
fn a_fifo_in_the_spec_directory_is_refused_without_blocking() {
    let dir_dir = temp("fifo");
    let dir = dir_dir.path();
    std::fs::copy(
        workspace().join("spec/zoho_crm.yaml"),
        dir.join("zoho_crm.yaml"),
    )
    .unwrap();
    let fifo = dir.join("pipe.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(["check", dir.to_str().unwrap()])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("`apigen check` blocked on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(!status.success());
    assert!(stderr.contains("pipe.yaml"), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(stderr.contains("1 problem found"), "{stderr}");
}

/// `check --format json` is JSON whatever a message or a file name holds
/// (quotes, backslashes, newlines).
#[test]
fn check_json_escapes_messages_and_file_names() {
    let dir_dir = temp("json-escape");
    let dir = dir_dir.path();
    let spec = std::fs::read_to_string(workspace().join("tests/valid_specs/demo/spec.yaml"))
        .unwrap()
        .replace("title: Demo API", "title: Demo API\nbogus\"key\\\\: 1");
    std::fs::write(dir.join("we\"ird\\name.yaml"), spec).unwrap();
    let out = apigen(&["check", "--format", "json", dir.to_str().unwrap()], dir);
    assert!(!out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    let problem = &json[0];
    assert!(
        problem["file"]
            .as_str()
            .unwrap()
            .ends_with("we\"ird\\name.yaml"),
        "{problem}"
    );
    assert!(
        problem["message"]
            .as_str()
            .unwrap()
            .contains("bogus\"key\\"),
        "{problem}"
    );
}

/// The re-import command an import records runs the CLI the way it was
/// run: through cargo in this workspace, else by its installed name.
#[test]
fn the_recorded_import_command_runs_the_cli_as_it_was_run() {
    let ws = workspace();
    let vendor = ws.join("spec/highlevel/import/openapi/apps/oauth.json");
    let recorded = |through_cargo: bool| {
        let dir = temp("import-command");
        let out = dir.path().join("spec/highlevel");
        let mut command = Command::new(env!("CARGO_BIN_EXE_apigen"));
        command.current_dir(&ws).args([
            "import",
            "openapi",
            vendor.to_str().unwrap(),
            "--api",
            "highlevel",
            "--out",
            out.to_str().unwrap(),
        ]);
        if through_cargo {
            // What `cargo run -p apigen-codegen` sets for the program it runs.
            command.env("CARGO_PKG_NAME", "apigen-codegen");
        } else {
            command.env_remove("CARGO_PKG_NAME");
        }
        let run = command.output().unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let api = std::fs::read_to_string(out.join("api.yaml")).unwrap();
        assert!(
            api.contains("# The API `highlevel`, imported by `apigen import openapi`"),
            "{api}"
        );
        api.lines()
            .find_map(|l| l.strip_prefix("#   "))
            .expect("the header records the command")
            .replace(&format!("{}/", ws.display()), "")
            .replace(&format!("{}/", dir.path().display()), "TMP/")
    };
    let tail = "import openapi spec/highlevel/import/openapi/apps/oauth.json --api highlevel --out TMP/spec/highlevel";
    assert_eq!(
        recorded(true),
        format!("cargo run -p apigen-codegen -- {tail}")
    );
    assert_eq!(recorded(false), format!("apigen {tail}"));
}

#[test]
fn import_with_generate_writes_what_import_then_generate_would() {
    let ws = workspace();
    let vendor = ws.join("spec/highlevel/import/openapi/apps/contacts.json");
    let one_dir = temp("import-generate-one");
    let one = one_dir.path();
    let two_dir = temp("import-generate-two");
    let two = two_dir.path();
    let import = |dir: &Path, generate: bool| {
        let out = dir.join("spec/highlevel");
        let sources = dir.join("src/apis");
        let mut args = vec![
            "import",
            "openapi",
            vendor.to_str().unwrap(),
            "--api",
            "highlevel",
            "--out",
            out.to_str().unwrap(),
        ];
        if generate {
            args.extend(["--generate", sources.to_str().unwrap()]);
        }
        let run = apigen(&args, &ws);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        String::from_utf8(run.stdout).unwrap()
    };
    let summary = import(one, true);
    assert!(
        summary.starts_with("generated 1 APIs, 32 operations,"),
        "{summary}"
    );
    import(two, false);
    let generate = apigen(
        &[
            "generate",
            "--spec",
            two.join("spec").to_str().unwrap(),
            "--out",
            two.join("src/apis").to_str().unwrap(),
            "--no-cache",
        ],
        &ws,
    );
    assert!(generate.status.success());
    for file in ["mod.rs", "highlevel.rs"] {
        let a = std::fs::read_to_string(one.join("src/apis").join(file)).unwrap();
        let b = std::fs::read_to_string(two.join("src/apis").join(file)).unwrap();
        assert!(a == b, "{file} differs between the two ways");
        assert!(a.len() > 1000 || file == "mod.rs");
    }
}
