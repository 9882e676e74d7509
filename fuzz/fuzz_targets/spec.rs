//! Any text through load → validate → generate: errors are fine, panics are
//! bugs, a spec that validates must always generate code that parses, and a
//! spec the one-pass reading accepts must not be refused by the
//! entry-by-entry reading (which runs when a spec has problems, to report all
//! of them): otherwise a spec would get a problem reported only when it also
//! has another one.
//!
//! The two readings may differ in how they spell a scalar (the entry-by-entry
//! one goes through `serde_yaml::Value`: `-.INF` becomes `-.inf`, `0x1F`
//! becomes `31`); that only changes the wording of problems, since an
//! accepted spec is always the one-pass reading's. Specs holding a null
//! (`key:`, `key: ~`, `key: null`) are left out: from text serde_yaml reads a
//! null according to the type expected (empty text, the text `null`, an empty
//! mapping, `None`), through a `Value` as just a null.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = apigen_codegen::load::SourceFile::from_text("fuzz.yaml".into(), text.to_owned());
    let spec = match file.parse() {
        Ok(spec) => {
            // Accepted, so by the one-pass reading: the entry-by-entry
            // reading must find no problem either.
            let holds_null =
                serde_yaml::from_str::<serde_yaml::Value>(text).map_or(true, |v| has_null(&v));
            match file.parse_by_entry() {
                _ if holds_null => {}
                Ok(p) if p.problems.is_empty() => {}
                Ok(p) => panic!("accepted, but read entry by entry: {:?}", p.problems),
                Err(problems) => panic!("accepted, but read entry by entry: {problems:?}"),
            }
            spec
        }
        Err(problems) => {
            // Rendering must cope with any position a diagnostic carries.
            let _ = apigen_codegen::Diagnostics(problems)
                .render_with_sources(&[(file.path.clone(), text)]);
            return;
        }
    };
    match apigen_codegen::validate::validate(&file, &spec) {
        Ok(api) => {
            if let Err(e) = apigen_codegen::render(&[api]) {
                panic!("a validated spec failed to generate: {e}");
            }
        }
        Err(problems) => {
            let _ = apigen_codegen::Diagnostics(problems)
                .render_with_sources(&[(file.path.clone(), text)]);
        }
    }
});

/// Whether `value` holds a null anywhere, keys included.
fn has_null(value: &serde_yaml::Value) -> bool {
    use serde_yaml::Value;
    match value {
        Value::Null => true,
        Value::Tagged(t) => has_null(&t.value),
        Value::Sequence(items) => items.iter().any(has_null),
        Value::Mapping(entries) => entries.iter().any(|(k, v)| has_null(k) || has_null(v)),
        _ => false,
    }
}
