//! Conformance against the vendor's own, unmodified OpenAPI files, judged by
//! Prism (`@stoplight/prism-cli`), a server nobody here wrote: every
//! HighLevel operation's example (the one its rustdoc shows) is built
//! through the generated builder and sent with the generated client to a
//! Prism serving the vendor file of its group, which validates the request
//! against that file and answers with the file's example response, which
//! must parse into the generated type.
//!
//! Prism is found at `$PRISM`, else at `target/prism/node_modules/.bin/prism`
//! (`.ci/run` installs it there with npm). Without it the test says so and
//! passes, unless `APIGEN_REQUIRE_PRISM=1` (set in CI), where it fails.
//!
//! Each request Prism refuses fails the test, unless `prism_divergences.txt`
//! lists the operation with the reason the spec diverges from the vendor's
//! file on purpose. A response that does not parse is the vendor's example
//! contradicting its own schema (or a generator bug): listed in the report
//! (`target/prism-report.md`), with the summary line's count.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use generated::highlevel::mock::examples;
use generated::highlevel::Server;
use generated::runtime::mock::Outcome;
use generated::runtime::{AccessToken, Client};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn prism() -> Option<PathBuf> {
    std::env::var_os("PRISM")
        .map(PathBuf::from)
        .or_else(|| Some(root().join("target/prism/node_modules/.bin/prism")))
        .filter(|p| p.exists())
}

/// Operations whose spec diverges from the vendor's file on purpose, with why.
fn divergences() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("tests/prism_divergences.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (op, why) = l.split_once(':').expect("`operation: reason`");
            (op.trim().to_owned(), why.trim().to_owned())
        })
        .collect()
}

/// A Prism serving `file` on a free port, stopped on drop.
struct Prism(std::process::Child, u16, Log);

/// What Prism printed, line by line (its validator says why it refused).
type Log = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

impl Prism {
    /// The validator's complaints printed since the last call.
    fn complaints(&self) -> Vec<String> {
        let mut log = self.2.lock().unwrap();
        let lines = log
            .drain(..)
            .filter(|l| l.contains('✖') || l.contains("error"))
            .map(|l| {
                l.split_once("] ")
                    .map_or(l.as_str(), |(_, m)| m)
                    .trim()
                    .to_owned()
            })
            .collect();
        lines
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A Prism serving `file`, or why Prism refuses to serve it (what it printed).
async fn start(prism: &Path, file: &Path) -> Result<Prism, String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new(prism)
        .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
        .arg(file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", prism.display()));
    let log = Log::default();
    let mut child = child;
    if let Some(stdout) = child.stdout.take() {
        let log = log.clone();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                log.lock().unwrap().push(line);
            }
        });
    }
    let mut server = Prism(child, port, log);
    for _ in 0..600 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Ok(server);
        }
        if server.0.try_wait().ok().flatten().is_some() {
            // Prism logs to stdout; its fatal line says what it refused.
            tokio::time::sleep(Duration::from_millis(200)).await;
            let fatal = server
                .2
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains("fatal"))
                .cloned()
                .unwrap_or_else(|| "exited".to_owned());
            return Err(fatal);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("Prism did not listen within 60 s for {}", file.display());
}

#[tokio::test(flavor = "multi_thread")]
async fn every_highlevel_operation_is_valid_for_the_vendors_file() {
    let Some(prism) = prism() else {
        assert!(
            std::env::var_os("APIGEN_REQUIRE_PRISM").is_none(),
            "Prism is required here: npm install --prefix target/prism @stoplight/prism-cli"
        );
        eprintln!("skipped: Prism is not installed (npm install --prefix target/prism @stoplight/prism-cli)");
        return;
    };
    let divergences = divergences();
    let mut by_group: BTreeMap<&str, Vec<_>> = BTreeMap::new();
    let all = examples();
    for example in &all {
        by_group
            .entry(example.group.unwrap_or(""))
            .or_default()
            .push(example);
    }
    let apps = root().join("spec/highlevel/import/openapi/apps");
    let (mut sent, mut valid, mut parsed, mut known) = (0, 0, 0, 0);
    let mut refused = Vec::new();
    let mut listed_and_refused = Vec::new();
    let mut listed = Vec::new();
    let mut unparsed = Vec::new();
    // Files Prism cannot serve as they are (the vendor's defects).
    let mut unserved = Vec::new();
    for (group, examples) in &by_group {
        let file = apps.join(format!("{}.json", group.replace('_', "-")));
        assert!(file.exists(), "{group}: no vendor file {}", file.display());
        let server = match start(&prism, &file).await {
            Ok(server) => server,
            Err(why) => {
                unserved.push(format!(
                    "- `{group}.json` ({} operations): {why}",
                    examples.len()
                ));
                continue;
            }
        };
        let client = Client::builder(
            AccessToken::new("example-token"),
            Server::Custom(format!("http://127.0.0.1:{}", server.1)),
        )
        .retry(generated::runtime::RetryPolicy::never())
        .build()
        .unwrap();
        for example in examples {
            sent += 1;
            let outcome = example.send(&client).await;
            if !matches!(outcome, Outcome::Parsed) {
                // Prism's log lines may trail its answer a little.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let said = server.complaints().join("; ");
            let line =
                |what: &str| format!("- `{}` (`{}`): {what}", example.operation, example.endpoint);
            match &outcome {
                Outcome::Parsed => {
                    valid += 1;
                    parsed += 1;
                }
                Outcome::Unhandled { status, reason, .. } if (200..300).contains(status) => {
                    valid += 1;
                    unparsed.push(line(&format!("HTTP {status}: {reason}")));
                }
                // Prism's answers to an invalid request are its problem documents.
                Outcome::Unhandled { status, body, .. }
                | Outcome::Refused {
                    status,
                    message: body,
                } if body.contains("stoplight.io/prism/errors") || (400..500).contains(status) => {
                    match divergences.get(example.operation) {
                        Some(why) => {
                            known += 1;
                            listed_and_refused.push(example.operation);
                            listed.push(line(&format!(
                                "HTTP {status}; Prism: {said} (listed: {why})"
                            )));
                        }
                        None => refused.push(line(&format!(
                            "HTTP {status}; Prism: {said}; client: {body}"
                        ))),
                    }
                }
                other => refused.push(line(&format!("{other:?}"))),
            }
        }
    }
    let summary = format!(
        "{sent} operations sent, {valid} requests valid, {parsed} responses parsed, {known} known divergences, {} refused, {} responses not matching the vendor's schema; {} vendor files Prism cannot serve unmodified",
        refused.len(),
        unparsed.len(),
        unserved.len()
    );
    let report = format!(
        "# Prism conformance of HighLevel's {} operations\n\n{summary}\n\n## Refused requests\n\n{}\n\n## Refused requests listed in tests/prism_divergences.txt\n\n{}\n\n## Responses that did not parse (the vendor's example against its own schema)\n\n{}\n\n## Vendor files Prism refuses to serve\n\n{}\n",
        all.len(),
        refused.join("\n"),
        listed.join("\n"),
        unparsed.join("\n"),
        unserved.join("\n")
    );
    // In the target dir, wherever it is (CI and users may move it).
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|t| root().join(t))
        .unwrap_or_else(|| root().join("target"));
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("prism-report.md"), &report).unwrap();
    eprintln!("{summary}");
    let unserved_ops: usize = by_group
        .iter()
        .filter(|(g, _)| {
            unserved
                .iter()
                .any(|u| u.starts_with(&format!("- `{g}.json`")))
        })
        .map(|(_, e)| e.len())
        .sum();
    assert_eq!(all.len(), 576, "every operation has an example");
    assert_eq!(sent + unserved_ops, 576);
    assert!(refused.is_empty(), "{report}");
    // A listed operation Prism now accepts: its line must go.
    let stale: Vec<&String> = divergences
        .keys()
        .filter(|op| !listed_and_refused.contains(&op.as_str()))
        .collect();
    assert!(
        stale.is_empty(),
        "tests/prism_divergences.txt lists operations Prism accepts now: {stale:?}"
    );
}
