//! Generates the hostile spec into `OUT_DIR`.

fn main() {
    let spec_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    if let Err(problems) = apigen_codegen::build(&spec_dir) {
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
}
