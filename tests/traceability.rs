//! The table in `spec/README.md` maps every fact of the vendor pages to a
//! spec line; each row must still point at a line holding its quoted text.

use std::path::Path;

#[test]
fn every_fact_row_points_at_its_spec_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("spec/README.md")).unwrap();
    let mut rows = 0;
    let mut wrong = Vec::new();
    for line in readme
        .lines()
        .filter(|l| l.starts_with("| Zoho |") || l.starts_with("| HighLevel |"))
    {
        let cells: Vec<&str> = line.split(" | ").collect();
        let location = cells[2].trim_matches('`');
        let text = cells[3]
            .trim_end_matches(" |")
            .trim_start_matches("`` ")
            .trim_end_matches(" ``")
            .replace("\\|", "|");
        let (file, number) = location.rsplit_once(':').unwrap();
        let number: usize = number.parse().unwrap();
        let source = std::fs::read_to_string(root.join(file)).unwrap();
        let lines: Vec<&str> = source.lines().collect();
        if !lines.get(number - 1).is_some_and(|l| l.contains(&text)) {
            let now = lines.iter().position(|l| l.contains(&text)).map(|i| i + 1);
            wrong.push(format!("{location}: `{text}` (now at line {now:?})"));
        }
        rows += 1;
    }
    assert!(rows > 100, "the table lists every fact ({rows} rows found)");
    assert!(
        wrong.is_empty(),
        "rows of spec/README.md that no longer match:\n{}",
        wrong.join("\n")
    );
}
