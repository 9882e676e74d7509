fn main() {
    if let Err(problems) = apigen_codegen::build("spec") {
        eprint!("{}", problems.render());
        std::process::exit(1);
    }
}
