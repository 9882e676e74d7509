//! What the generated API refuses at compile time, with the compiler's
//! messages (`ui/fail/*.stderr`), and what typical use looks like (`ui/pass`).
//!
//! After an intended change of messages: `TRYBUILD=overwrite cargo test -p tests --test compile`,
//! then read the `.stderr` diffs.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
