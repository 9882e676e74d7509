//! Generates the API modules from `../spec` into `OUT_DIR`.
//!
//! Only the APIs whose cargo feature is on are generated (feature = the
//! spec's `name`, such as `zoho_crm`), and of an API split into groups only
//! the groups whose feature is on (`highlevel-conversations`; the API's own
//! feature means every group); every spec is still validated. The
//! generated code names the runtime `::apigen_runtime`, a dependency of this
//! crate, re-exported as `generated::runtime`. With the `mock` feature, each
//! API also gets its typed mock server (`<api>::mock`).

/// Cargo's variable for a feature: `highlevel-conversations` →
/// `CARGO_FEATURE_HIGHLEVEL_CONVERSATIONS`.
fn feature_on(feature: &str) -> bool {
    let var = format!("CARGO_FEATURE_{}", feature.to_uppercase().replace('-', "_"));
    std::env::var_os(var).is_some()
}

fn main() {
    let spec_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    // An API is generated when its feature or one of its groups' is on.
    let api_on = |api: &str| {
        let group_prefix = format!("CARGO_FEATURE_{}_", api.to_uppercase());
        feature_on(api)
            || std::env::vars_os().any(|(k, _)| k.to_string_lossy().starts_with(&group_prefix))
    };
    // A group: when its own feature or its API's (every group) is on.
    let group_on =
        |api: &str, group: &str| feature_on(api) || feature_on(&format!("{api}-{group}"));
    if let Err(problems) = apigen_codegen::Config::new(spec_dir)
        .api_filter(api_on)
        .group_filter(group_on)
        .build()
    {
        // Cargo shows build-script stderr on failure; the diagnostics say where and what.
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
}
