//! Generates `spec/kinds.yaml` into `OUT_DIR`, its mock included.

fn main() {
    let spec_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    if let Err(problems) = apigen_codegen::Config::new(spec_dir).mock(true).build() {
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
}
