//! Generates the API modules from `../spec` into `OUT_DIR` (see `codegen::build`).

fn main() {
    let spec_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    if let Err(problems) = codegen::build(&spec_dir) {
        // Cargo shows build-script stderr on failure; the diagnostics say where and what.
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
}
