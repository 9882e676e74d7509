//! Imports the user's own copy of Zoho CRM's reference pages (the 99 pages
//! `apigen fetch pages` saved into the shared folder's
//! `vendor-docs/zoho-crm-v7/pages`), read with the repository's Zoho page
//! profile, and generates the client (and, with `mock`, its typed mock)
//! from them: the pages are never copied into this repository. Where the
//! folder is absent, one warning says what was skipped and the crate is
//! empty (`APIGEN_REQUIRE_SHARED` set: the build fails instead).

use std::path::Path;

#[path = "../../tests/support/shared.rs"]
mod shared;

/// The pages, inside the shared folder.
const PAGES: &str = "vendor-docs/zoho-crm-v7/pages";

fn main() {
    // Set when the client is generated: the tests that use it are compiled.
    println!("cargo:rustc-check-cfg=cfg(zoho_pages_generated)");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../../tests/support/shared.rs");
    println!("cargo:rerun-if-env-changed={}", shared::DIR_VAR);
    println!("cargo:rerun-if-env-changed={}", shared::REQUIRE_VAR);
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("run by cargo")).to_path_buf();
    let shared = match shared::find(
        "the Zoho CRM client built from its reference pages",
        &[PAGES],
    ) {
        Ok(dir) => dir,
        Err(skipped) => {
            println!("cargo:warning={skipped}");
            // What an earlier build with the pages generated goes too.
            let _ = std::fs::remove_dir_all(out.join("spec"));
            std::fs::write(out.join("apis.rs"), "").expect("OUT_DIR is writable");
            return;
        }
    };
    let profile =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/import/zoho_crm/profile.yaml");
    let import = apigen_codegen::Import::pages("zoho_crm", shared.join(PAGES), profile);
    if let Err(problems) = apigen_codegen::Config::import(import).build() {
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
    println!("cargo:rustc-cfg=zoho_pages_generated");
}
