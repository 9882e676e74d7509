//! Any text through load → validate → generate: errors are fine, panics are
//! bugs, a spec that validates must always generate code that parses, and
//! the one-pass reading of a spec must agree with the entry-by-entry one.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = codegen::load::SourceFile::from_text("fuzz.yaml".into(), text.to_owned());
    let spec = match file.parse() {
        Ok(spec) => {
            // Accepted (by the one-pass reading, or by the entry-by-entry one
            // after it failed): the entry-by-entry reading sees the same.
            match file.parse_by_entry() {
                Ok(p) if p.problems.is_empty() => assert_eq!(
                    format!("{:?}", p.spec),
                    format!("{spec:?}"),
                    "the two readings differ"
                ),
                Ok(p) => panic!("accepted, but read entry by entry: {:?}", p.problems),
                Err(problems) => panic!("accepted, but read entry by entry: {problems:?}"),
            }
            spec
        }
        Err(problems) => {
            // Rendering must cope with any position a diagnostic carries.
            let _ = codegen::Diagnostics(problems).render_with_sources(&[(file.path.clone(), text)]);
            return;
        }
    };
    match codegen::validate::validate(&file, &spec) {
        Ok(api) => {
            if let Err(e) = codegen::render(&[api]) {
                panic!("a validated spec failed to generate: {e}");
            }
        }
        Err(problems) => {
            let _ = codegen::Diagnostics(problems).render_with_sources(&[(file.path.clone(), text)]);
        }
    }
});
