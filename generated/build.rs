//! Generates the API modules from `../spec` into `OUT_DIR`.
//!
//! Only the APIs whose cargo feature is on are generated (feature = the
//! spec's `name`, such as `zoho_crm`), and of an API split into groups only
//! the groups whose feature is on (`highlevel-conversations`; the API's own
//! feature means every group); every spec is still validated. The
//! generated code names the runtime `::apigen_runtime`, a dependency of this
//! crate, re-exported as `generated::runtime`. With the `mock` feature, each
//! API also gets its typed mock server (`<api>::mock`).
//!
//! Every operation's rustdoc example is a doctest, which `cargo test`
//! compiles whole, its `send` included (577 of them, about 20 s of doctests:
//! BENCHMARKS.md).

fn main() {
    let spec_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut config = apigen_codegen::Config::new(spec_dir).select_by_features();
    // The examples send with the client: doctests only where it is built
    // (not in a sans-IO build, `--no-default-features`).
    let client = ["REQWEST", "RUSTLS_RING", "NATIVE_TLS"]
        .iter()
        .any(|f| std::env::var_os(format!("CARGO_FEATURE_{f}")).is_some());
    if client {
        config = config.doctests("generated", |_, _| true);
    }
    if let Err(problems) = config.build() {
        // Cargo shows build-script stderr on failure; the diagnostics say where and what.
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
}
