//! Generates the API modules from `../spec` into `OUT_DIR`.
//!
//! Only the APIs whose cargo feature is on are generated (feature = the
//! spec's `name`, such as `zoho_crm`), and of an API split into groups only
//! the groups whose feature is on (`highlevel-conversations`; the API's own
//! feature means every group); every spec is still validated. The
//! generated code names the runtime `::apigen_runtime`, a dependency of this
//! crate, re-exported as `generated::runtime`. With the `mock` feature, each
//! API also gets its typed mock server (`<api>::mock`).

fn main() {
    let spec_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    if let Err(problems) = apigen_codegen::Config::new(spec_dir)
        .select_by_features()
        .build()
    {
        // Cargo shows build-script stderr on failure; the diagnostics say where and what.
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
}
