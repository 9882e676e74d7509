//! Generates the hostile spec into `OUT_DIR`, its mock included (the mock's
//! code must survive hostile names too), and its examples as doctests (so
//! must the rustdoc's code).

fn main() {
    let spec_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    if let Err(problems) = apigen_codegen::Config::new(spec_dir)
        .mock(true)
        .doctests("hostile_names", |_, _| true)
        .build()
    {
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
}
