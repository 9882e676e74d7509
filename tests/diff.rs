//! `apigen diff`: one fixture pair per kind of change (`diff_fixtures/<case>/{old,new}`),
//! each report pinned in a snapshot; and the classification checked against
//! the compiler: a consumer snippet that compiles against the code generated
//! from the old spec must fail against the new one exactly when the change is
//! called breaking.

use std::path::{Path, PathBuf};
use std::process::Command;

use apigen_codegen::diff::{diff, render_json, render_markdown, Class};

fn load(dir: &Path) -> Vec<apigen_codegen::model::Api> {
    apigen_codegen::load_dir(dir).unwrap_or_else(|e| panic!("{}", e.render()))
}

fn changes(case: &str) -> Vec<apigen_codegen::diff::Change> {
    let root = Path::new("diff_fixtures").join(case);
    diff(&load(&root.join("old")), &load(&root.join("new")))
}

#[test]
fn each_fixture_pair_gets_its_report() {
    let mut cases: Vec<String> = std::fs::read_dir("diff_fixtures")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20);
    for case in cases {
        let changes = changes(&case);
        assert!(!changes.is_empty(), "{case}: a change is reported");
        insta::assert_snapshot!(case.as_str(), render_markdown(&changes));
    }
}

#[test]
fn identical_specs_have_no_changes() {
    let specs = load(&tests::spec_dir());
    assert!(diff(&specs, &specs).is_empty());
    assert_eq!(
        render_markdown(&[]),
        "**No changes** to the generated API.\n"
    );
}

#[test]
fn breaking_changes_come_first_and_json_counts_them() {
    let old = load(Path::new("diff_fixtures/required_input_added/old"));
    let mut new = load(Path::new("diff_fixtures/required_input_added/new"));
    new.extend(
        load(Path::new("diff_fixtures/operation_added/new"))
            .into_iter()
            .map(|mut api| {
                api.module = "other".into();
                api
            }),
    );
    let changes = diff(&old, &new);
    assert_eq!(changes[0].class, Class::Breaking);
    assert!(changes.windows(2).all(|w| w[0].class <= w[1].class));
    let json: serde_json::Value = serde_json::from_str(&render_json(&changes)).unwrap();
    assert_eq!(json["summary"]["breaking"], 1);
    assert_eq!(json["summary"]["additive"], 1);
    assert_eq!(json["changes"][0]["class"], "breaking");
    assert_eq!(json["changes"][0]["operation"], "get_thing");
    let markdown = render_markdown(&changes);
    assert!(
        markdown.starts_with("**1 breaking**, 1 additive, 0 docs-only changes"),
        "{markdown}"
    );
    assert!(markdown.find("### Breaking").unwrap() < markdown.find("### Additive").unwrap());
}

/// A consumer snippet (the body of `fn main` in a crate where the API is
/// `demo`), per fixture case.
const CONSUMERS: &[(&str, &str)] = &[
    // breaking
    ("required_input_added", r#"let _ = demo::get_thing::GetThingRequest::builder().thing_id("1").fields("id").build();"#),
    ("enum_value_removed", "let _ = demo::Color::Blue;"),
    ("error_removed", "fn f(e: &demo::get_thing::GetThingError) -> bool { matches!(e, demo::get_thing::GetThingError::Forbidden { .. }) } let _ = f;"),
    ("response_field_removed", "fn f(t: &demo::Thing) -> Option<&demo::Color> { t.color.as_ref() } let _ = f;"),
    ("input_type_changed", r#"let _ = demo::get_thing::GetThingRequest::builder().thing_id("1").fields("id").build();"#),
    ("operation_removed", r#"let _ = demo::attach::AttachRequest::builder().thing_id("1").url("https://x").build();"#),
    ("pagination_removed", "fn f(r: &demo::list_things::ListThingsRequest) -> demo::list_things::ListThingsRequest { r.clone() } let _ = f;"),
    ("input_made_optional", r#"let r = demo::get_thing::GetThingRequest::builder().thing_id("1").fields("id").build(); let _: String = r.fields;"#),
    ("field_made_nullable", "fn f(t: &demo::Thing) -> &str { &t.id } let _ = f;"),
    ("webhook_event_removed", "fn f(e: &demo::webhooks::Event) -> bool { matches!(e, demo::webhooks::Event::ThingGone(_)) } let _ = f;"),
    ("stream_event_removed", "fn f(e: &demo::watch_things::WatchThingsEvent) -> bool { matches!(e, demo::watch_things::WatchThingsEvent::Deleted(_)) } let _ = f;"),
    ("error_body_dropped", "fn f(e: &demo::create_thing::CreateThingError) -> bool { matches!(e, demo::create_thing::CreateThingError::NotFound(_)) } let _ = f;"),
    ("enum_now_in_responses", "fn f(c: demo::Color) -> (demo::Color, demo::Color) { (c, c) } let _ = f;"),
    ("response_headers_documented", "fn f(o: <demo::create_thing::CreateThingRequest as apigen_runtime::Operation>::Output) -> demo::Thing { o } let _ = f;"),
    ("response_became_binary", "fn f(o: <demo::create_thing::CreateThingRequest as apigen_runtime::Operation>::Output) -> demo::Thing { o } let _ = f;"),
    ("successes_differ_by_status", "fn f(o: <demo::create_thing::CreateThingRequest as apigen_runtime::Operation>::Output) -> demo::Thing { o } let _ = f;"),
    ("request_field_added", r#"let _ = demo::create_thing::CreateThingRequest::builder().name("n").place(demo::Place::new("1 Main St")).build();"#),
    ("response_field_made_required", "fn f(t: &demo::Thing) -> Option<&demo::Color> { t.color.as_ref() } let _ = f;"),
    ("response_field_type_changed", "fn f(t: &demo::Thing) -> &str { &t.id } let _ = f;"),
    ("security_scheme_removed", r#"let _ = demo::Credentials::key(apigen_runtime::AccessToken::new("k"));"#),
    ("error_default_removed", "fn f(e: &demo::create_thing::CreateThingError) -> bool { matches!(e, demo::create_thing::CreateThingError::Other(_)) } let _ = f;"),
    ("error_class_body_changed", "fn f(e: &demo::create_thing::CreateThingError) -> Option<&demo::Thing> { match e { demo::create_thing::CreateThingError::ClientError(t) => Some(t), _ => None } } let _ = f;"),
    ("input_made_nullable", r#"let r = demo::create_thing::CreateThingRequest::builder().name("n").place(demo::Place::new("1 Main St")).build(); let _: Option<demo::Place> = r.place;"#),
    ("request_field_made_nullable", r#"let mut p = demo::Place::new("1 Main St"); p.note = Some("ring twice".to_owned()); let _ = demo::create_thing::CreateThingRequest::builder().name("n").place(p).build();"#),
    ("whole_body_made_optional", r#"let r = demo::tag_thing::TagThingRequest::builder().thing_id("1").body(["a"]).build(); let _: Vec<String> = r.body;"#),
    ("whole_body_made_required", r#"let _ = demo::tag_thing::TagThingRequest::builder().thing_id("1").build();"#),
    // additive
    ("optional_input_added", r#"let _ = demo::get_thing::GetThingRequest::builder().thing_id("1").fields("id").build();"#),
    ("enum_value_added", "fn f(c: demo::Color) -> u8 { match c { demo::Color::Red => 1, _ => 2 } } let _ = f;"),
    ("error_added", "fn f(e: &demo::get_thing::GetThingError) -> u16 { match e { demo::get_thing::GetThingError::NotFound(_) => 404, _ => 0 } } let _ = f;"),
    ("error_class_added", "fn f(e: &demo::create_thing::CreateThingError) -> u16 { match e { demo::create_thing::CreateThingError::NotFound(_) => 404, _ => 0 } } let _ = f;"),
    ("error_status_became_class", "fn f(e: &demo::create_thing::CreateThingError) -> Option<&demo::Thing> { match e { demo::create_thing::CreateThingError::NotFound(t) => Some(t), _ => None } } let _ = f;"),
    ("response_field_added", "fn f(t: &demo::Thing) -> &str { &t.id } let _ = f;"),
    ("operation_added", r#"let _ = demo::get_thing::GetThingRequest::builder().thing_id("1").fields("id").build();"#),
    ("server_added", "let _ = demo::Server::default().base_url();"),
    ("alternative_added", r#"let _ = demo::attach::AttachRequest::builder().thing_id("1").url("https://x").build();"#),
    ("webhook_event_added", "fn f(e: &demo::webhooks::Event) -> bool { matches!(e, demo::webhooks::Event::ThingMade(_)) } let _ = f;"),
    ("stream_event_added", "fn f(e: &demo::watch_things::WatchThingsEvent) -> bool { matches!(e, demo::watch_things::WatchThingsEvent::Made(_)) } let _ = f;"),
    ("union_alternative_added", "fn f(x: &demo::Found) -> bool { match x { demo::Found::Thing(_) => true, _ => false } } let _ = f;"),
    ("input_bounds_changed", r#"let _ = demo::get_thing::GetThingRequest::builder().thing_id("1").fields("id").build();"#),
    ("operation_deprecated", r#"let _ = demo::create_thing::CreateThingRequest::builder().name("n").build();"#),
    ("security_scheme_added", r#"let _ = demo::Credentials::token(apigen_runtime::AccessToken::new("t"));"#),
    ("operation_auth_none", r#"let _ = demo::create_thing::CreateThingRequest::builder().name("n").build();"#),
    ("success_status_added", "fn f(o: demo::create_thing::CreateThingOutput) -> u8 { match o { demo::create_thing::CreateThingOutput::Created(_) => 1, _ => 0 } } let _ = f;"),
    // docs-only: the request is sent without a body when no field is set
    ("body_made_optional", r#"let r = demo::update_thing::UpdateThingRequest::builder().thing_id("1").name("n").build(); let _: Option<String> = r.name;"#),
    ("request_field_optional_added", r#"let mut p = demo::Place::new("1 Main St"); p.street.push('!'); let _ = demo::create_thing::CreateThingRequest::builder().name("n").place(p).build();"#),
];

fn target_dir() -> PathBuf {
    // Apart from the workspace's target dir, which the running `cargo test` holds.
    let base = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    std::fs::canonicalize(&base)
        .unwrap_or(base)
        .join("diff-compat")
}

/// A crate with one binary per (case, side): the generated `demo` module and the snippet.
fn write_consumer_crate(root: &Path) {
    let runtime =
        std::fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime")).unwrap();
    std::fs::create_dir_all(root.join("src/bin")).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            r#"[package]
name = "diff-compat"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
# What generated code needs, and nothing else (no reqwest: these checks are about the API).
apigen-runtime = {{ path = "{}", default-features = false }}

[workspace]
"#,
            runtime.display()
        ),
    )
    .unwrap();
    for (case, snippet) in CONSUMERS {
        for side in ["old", "new"] {
            let spec =
                std::fs::canonicalize(Path::new("diff_fixtures").join(case).join(side)).unwrap();
            let out = apigen_codegen::generate(&spec).unwrap_or_else(|e| panic!("{}", e.render()));
            let gen_dir = root.join("gen").join(format!("{case}_{side}"));
            apigen_codegen::write_files(&gen_dir, &out.files).unwrap();
            let source = format!(
                "#![allow(dead_code, unused)]\n\
                 pub mod demo {{ include!(\"{}\"); }}\n\
                 fn main() {{ {snippet} }}\n",
                gen_dir.join("demo.rs").display()
            );
            std::fs::write(
                root.join("src/bin").join(format!("{case}_{side}.rs")),
                source,
            )
            .unwrap();
        }
    }
}

fn compiles(root: &Path, bin: &str) -> bool {
    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline", "--bin", bin])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    out.status.success()
}

#[test]
fn classification_matches_the_compiler() {
    let root = target_dir();
    write_consumer_crate(&root);
    // Resolve dependencies once (offline: the workspace already fetched them).
    let fetch = Command::new(env!("CARGO"))
        .args(["generate-lockfile", "--offline"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        fetch.status.success(),
        "{}",
        String::from_utf8_lossy(&fetch.stderr)
    );
    let (mut breaking, mut additive) = (0, 0);
    for (case, _) in CONSUMERS {
        let classes: Vec<Class> = changes(case).iter().map(|c| c.class).collect();
        let called_breaking = classes.contains(&Class::Breaking);
        assert!(
            compiles(&root, &format!("{case}_old")),
            "{case}: the snippet compiles against the old spec"
        );
        let new_compiles = compiles(&root, &format!("{case}_new"));
        assert_eq!(
            !new_compiles,
            called_breaking,
            "{case}: called {classes:?}, but the snippet {} against the new spec",
            if new_compiles {
                "still compiles"
            } else {
                "no longer compiles"
            }
        );
        if called_breaking {
            breaking += 1
        } else {
            additive += 1
        }
    }
    assert!(breaking >= 3 && additive >= 3);
}

/// `apigen diff --suggest-version`: the next version of the generated
/// crate follows from the worst change of the fixture pair.
#[test]
fn the_suggested_version_follows_the_worst_change() {
    let next = |case: &str, from: &str| {
        let current = semver::Version::parse(from).unwrap();
        apigen_codegen::diff::next_version(&current, &changes(case)).to_string()
    };
    assert_eq!(next("error_removed", "1.3.0"), "2.0.0");
    assert_eq!(next("error_added", "1.3.0"), "1.4.0");
    assert_eq!(next("description_only", "1.3.0"), "1.3.1");
    assert_eq!(next("error_removed", "0.7.2"), "0.8.0");
    assert_eq!(next("error_added", "0.7.2"), "0.7.3");
}

/// Webhooks, OAuth and rate limits: `kinds/spec/events.yaml` and the
/// HighLevel spec, each changed in place, classified as the generated
/// `webhooks` and `oauth` modules change.
#[test]
fn webhook_oauth_and_rate_limit_changes_are_classified() {
    let events = std::fs::read_to_string("kinds/spec/events.yaml").unwrap();
    let spec = |text: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("events.yaml"), text).unwrap();
        (load(dir.path()), dir)
    };
    let (old, _a) = spec(&events);
    let changed = events
        .replace("      payload: json\n", "      payload: ThingEvent\n")
        .replace("    ThingDelete:\n      description: Sent when a thing is deleted.\n      value: DELETE\n      payload: ThingEvent\n", "")
        .replace("    Ping:\n", "    ThingMove:\n      description: Sent when a thing moves.\n      payload: ThingEvent\n    Ping:\n")
        .replace("window: 300", "window: 600");
    let (new, _b) = spec(&changed);
    let classes = |old, new| -> Vec<(Class, String)> {
        diff(old, new)
            .into_iter()
            .map(|c| (c.class, c.what))
            .collect()
    };
    assert_eq!(
        classes(&old, &new),
        [
            (
                Class::Breaking,
                "webhook event `ThingDelete` removed".to_owned()
            ),
            (
                Class::Breaking,
                "webhook event `Ping`: payload `json` → `ThingEvent`".to_owned()
            ),
            (
                Class::Additive,
                "webhook event `ThingMove` added".to_owned()
            ),
            (
                Class::DocsOnly,
                "webhook checks changed (discriminator, window, replay id or body limit)"
                    .to_owned()
            ),
        ]
    );

    // HighLevel's rotating refresh dropped, its burst headers renamed.
    let api = std::fs::read_to_string("../spec/highlevel/api.yaml").unwrap();
    let copy = |api_yaml: &str| {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("highlevel");
        std::fs::create_dir(&dir).unwrap();
        for entry in std::fs::read_dir("../spec/highlevel").unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
            }
        }
        std::fs::write(dir.join("api.yaml"), api_yaml).unwrap();
        (load(root.path()), root)
    };
    let (old, _c) = copy(&api);
    let (new, _d) = copy(
        &api.replace("  rotates: true\n", "")
            .replace("X-RateLimit-Max", "X-RateLimit-Limit"),
    );
    assert_eq!(
        classes(&old, &new),
        [
            (
                Class::Breaking,
                "OAuth refresh takes other arguments".to_owned()
            ),
            (Class::DocsOnly, "rate-limit headers changed".to_owned()),
        ]
    );
}
