//! The pages' own sample requests (their `curl` lines, kept in the imported
//! spec's `samples`), sent as written to the typed mock generated from the
//! same pages: each must reach an operation and pass its checks (path
//! parameters of their documented types, query parameters, auth header),
//! but those `refused_samples.txt` lists, each for a defect of the pages.
//! The sample's host is replaced by the mock's (the spec has no servers,
//! the pages name them in prose); its path is sent whole, base path
//! included (`/crm/v7`, or `/crm/bulk/v7` for the bulk jobs). Samples with a body (`-d @input.json`, `-F file=@...`) name a
//! file the pages do not hold, and are counted, not sent.
//!
//! Reference only: the pages are in the shared folder; without them the
//! crate is empty and this test says what it skipped.

#[path = "../../../tests/support/shared.rs"]
#[allow(dead_code)]
mod shared;

/// Reading the pages' `curl` samples.
mod read {
    /// A sample `curl` command, read.
    #[derive(Debug)]
    pub struct Curl {
        pub method: String,
        pub url: String,
        pub headers: Vec<(String, String)>,
        pub has_body: bool,
    }

    /// Splits a command into words as a shell does for these samples:
    /// blanks separate, quotes group, backslash-newline continues.
    fn words(command: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut quote = None;
        let mut in_word = false;
        for c in command.replace("\\\n", " ").chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), c) => word.push(c),
                (None, '"' | '\'') => {
                    quote = Some(c);
                    in_word = true;
                }
                (None, c) if c.is_whitespace() => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                (None, c) => {
                    word.push(c);
                    in_word = true;
                }
            }
        }
        if in_word {
            words.push(word);
        }
        words
    }

    /// Reads a `curl` sample; `None` when it names no URL.
    pub fn curl(sample: &str) -> Option<Curl> {
        let words = words(sample);
        let url = words.iter().find(|w| w.starts_with("http"))?.clone();
        let mut method = None;
        let mut headers = Vec::new();
        let mut has_body = false;
        let mut rest = words.iter();
        while let Some(word) = rest.next() {
            match word.as_str() {
                "-X" | "--request" => method = rest.next().cloned(),
                "-H" | "--header" => {
                    if let Some((name, value)) = rest.next().and_then(|h| h.split_once(':')) {
                        headers.push((name.trim().to_owned(), value.trim().to_owned()));
                    }
                }
                w if w.starts_with("-d")
                    || w.starts_with("--data")
                    || w == "-F"
                    || w == "--form"
                    || w == "-T" =>
                {
                    has_body = true
                }
                _ => {}
            }
        }
        let method = method.unwrap_or_else(|| if has_body { "POST" } else { "GET" }.to_owned());
        Some(Curl {
            method,
            url,
            headers,
            has_body,
        })
    }

    /// The sample's path and query on the mock: all that follows the host
    /// (the mock serves each operation under its base path, `/crm/v7` or
    /// the bulk jobs' `/crm/bulk/v7`, as the pages' request URLs say).
    pub fn path_on_mock(url: &str) -> String {
        let after_host = url
            .split_once("://")
            .map_or(url, |(_, r)| r)
            .split_once('/')
            .map_or("", |(_, r)| r);
        format!("/{after_host}")
    }
}

#[cfg(zoho_pages_generated)]
mod generated {
    pub use super::read::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use zoho_pages::zoho_crm;

    /// The spec the build script imported from the pages.
    const SPEC: &str = include_str!(concat!(env!("OUT_DIR"), "/spec/zoho_crm.yaml"));

    /// The operations' `curl` samples: (operation, whether it takes a
    /// body, sample).
    pub fn samples() -> Vec<(String, bool, String)> {
        let spec: serde_yaml::Value = serde_yaml::from_str(SPEC).expect("the imported spec reads");
        let operations = spec["operations"]
            .as_mapping()
            .expect("the spec has operations");
        let mut found = Vec::new();
        for (name, op) in operations {
            let Some(samples) = op["samples"].as_sequence() else {
                continue;
            };
            for sample in samples {
                if sample["title"].as_str() == Some("curl") {
                    found.push((
                        name.as_str().unwrap_or_default().to_owned(),
                        !op["body"].is_null(),
                        sample["request"].as_str().unwrap_or_default().to_owned(),
                    ));
                }
            }
        }
        found
    }

    /// Sends a request with no body, as written; returns the status.
    pub async fn send(base_url: &str, curl: &Curl, path: &str) -> u16 {
        let address = base_url.trim_start_matches("http://").trim_end_matches('/');
        let address = address.split_once('/').map_or(address, |(a, _)| a);
        let base_path = base_url
            .trim_start_matches("http://")
            .split_once('/')
            .map_or("", |(_, p)| p.trim_end_matches('/'));
        let mut request = format!(
            "{} {}{path} HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\n",
            curl.method,
            if base_path.is_empty() {
                String::new()
            } else {
                format!("/{base_path}")
            }
        );
        for (name, value) in &curl.headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        let mut stream = tokio::net::TcpStream::connect(address)
            .await
            .expect("the mock listens");
        stream
            .write_all(request.as_bytes())
            .await
            .expect("the mock reads");
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .await
            .expect("the mock answers");
        let response = String::from_utf8_lossy(&response);
        response
            .get(9..12)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP response: {response}"))
    }

    /// `tests/refused_samples.txt`: `operation METHOD path` → why.
    pub fn known_refusals() -> std::collections::BTreeMap<String, String> {
        include_str!("refused_samples.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let (key, why) = l.split_once('\t').unwrap_or((l, ""));
                (key.to_owned(), why.to_owned())
            })
            .collect()
    }

    pub async fn mock() -> zoho_crm::mock::MockServer {
        zoho_crm::mock::MockServer::start()
            .await
            .expect("the mock starts")
    }
}

/// Every body-less `curl` sample of the pages, sent to the typed mock of
/// the client generated from them, is accepted (no violation, a 2xx), but
/// the few `tests/refused_samples.txt` lists with the pages' defect each
/// shows.
#[tokio::test]
async fn reference_only_the_pages_sample_requests_are_accepted_by_the_typed_mock() {
    #[cfg(zoho_pages_generated)]
    {
        use generated::*;
        let mock = mock().await;
        let samples = samples();
        let (mut sent, mut with_body) = (0, 0);
        let mut refused = std::collections::BTreeMap::new();
        for (operation, takes_body, sample) in &samples {
            let curl = curl(sample)
                .unwrap_or_else(|| panic!("`{operation}`'s curl sample names no URL: {sample}"));
            // The body is a file the pages do not hold (`-d @input.json`),
            // or shown apart from the command.
            if curl.has_body || *takes_body {
                with_body += 1;
                continue;
            }
            let path = path_on_mock(&curl.url);
            let status = send(mock.base_url(), &curl, &path).await;
            sent += 1;
            let violations = mock.take_violations();
            if !violations.is_empty() || !(200..300).contains(&status) {
                let reasons: String = violations.iter().map(|v| v.to_string()).collect();
                let bare = path.split_once('?').map_or(path.as_str(), |(p, _)| p);
                refused.insert(
                    format!("{operation} {} {bare}", curl.method),
                    format!("answered {status}\n{reasons}"),
                );
            }
        }
        let known = known_refusals();
        let unexpected: Vec<String> = refused
            .iter()
            .filter(|(key, _)| !known.contains_key(*key))
            .map(|(key, why)| format!("{key}: {why}"))
            .collect();
        let fixed: Vec<&String> = known
            .keys()
            .filter(|key| !refused.contains_key(*key))
            .collect();
        eprintln!(
            "{} curl samples: {sent} sent, {} accepted, {} refused as tests/refused_samples.txt lists; {with_body} with a body the pages do not hold, not sent",
            samples.len(),
            sent - refused.len(),
            refused.len()
        );
        assert!(
            unexpected.is_empty(),
            "{} samples refused that tests/refused_samples.txt does not list:\n{}",
            unexpected.len(),
            unexpected.join("\n")
        );
        assert!(
            fixed.is_empty(),
            "now accepted, so remove from tests/refused_samples.txt: {fixed:?}"
        );
        // The 99 pages hold 131 curl samples, 67 of them for operations
        // without a body; at most the listed few are refused.
        assert!(sent >= 60, "only {sent} samples sent: the import lost some");
        assert!(sent - refused.len() >= 55, "too few samples accepted");
    }
    #[cfg(not(zoho_pages_generated))]
    match shared::find("the Zoho pages' sample requests", &["vendor-docs/zoho-crm-v7/pages"]) {
        Err(skipped) => {
            // To stderr itself, past the harness's capture: CI lists the
            // skips of its run without the shared folder.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "{skipped}");
        }
        Ok(dir) => panic!(
            "the pages are in {} but the crate was built without them: rebuild it (`cargo clean -p zoho_pages`)",
            dir.display()
        ),
    }
}

/// The sample reader itself, on the shapes the pages use: quoted URL and
/// header, method given or implied by the body.
#[test]
fn curl_samples_are_read_as_a_shell_would() {
    {
        use read::*;
        let read = curl("curl \"https://www.zohoapis.com/crm/v7/Leads?fields=Last_Name\"\n-X GET\n-H \"Authorization: Zoho-oauthtoken 1000.x\"").unwrap();
        assert_eq!(read.method, "GET");
        assert_eq!(
            read.url,
            "https://www.zohoapis.com/crm/v7/Leads?fields=Last_Name"
        );
        assert_eq!(
            read.headers,
            [(
                "Authorization".to_owned(),
                "Zoho-oauthtoken 1000.x".to_owned()
            )]
        );
        assert!(!read.has_body);
        let post =
            curl("curl 'https://www.zohoapis.com/crm/v7/users' -d \"@newuser.json\"").unwrap();
        assert_eq!(post.method, "POST");
        assert!(post.has_body);
        assert_eq!(
            path_on_mock("https://www.zohoapis.com/crm/bulk/v7/read/55/result"),
            "/crm/bulk/v7/read/55/result"
        );
        assert_eq!(
            path_on_mock("https://www.zohoapis.com/crm/v7/Leads/1?fields=a,b"),
            "/crm/v7/Leads/1?fields=a,b"
        );
    }
}
