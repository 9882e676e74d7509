//! Any text through load → validate → generate: errors are fine, panics are
//! bugs, and a spec that validates must always generate code that parses.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = codegen::load::SourceFile::from_text("fuzz.yaml".into(), text.to_owned());
    let spec = match file.parse() {
        Ok(spec) => spec,
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
