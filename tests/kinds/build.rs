//! Generates `spec/kinds.yaml` into `OUT_DIR`, its mock included, with
//! every operation's example a doctest: `cargo test` compiles each kind's
//! example whole, its `send` included.

fn main() {
    let spec_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    if let Err(problems) = apigen_codegen::Config::new(spec_dir)
        .mock(true)
        .doctests("kinds", |_, _| true)
        .build()
    {
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
}
