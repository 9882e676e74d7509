//! Reports: Markdown for a pull-request comment, JSON for tools.

use super::{Change, Class};

/// A summary line, then breaking, additive and docs-only changes.
pub fn render_markdown(changes: &[Change]) -> String {
    let count = |c: Class| changes.iter().filter(|x| x.class == c).count();
    let (b, a, d) = (
        count(Class::Breaking),
        count(Class::Additive),
        count(Class::DocsOnly),
    );
    let mut out = String::new();
    if changes.is_empty() {
        out.push_str("**No changes** to the generated API.\n");
        return out;
    }
    let verdict = if b > 0 {
        "a **major** version (breaking)"
    } else if a > 0 {
        "a minor version (additive)"
    } else {
        "a patch version (docs-only)"
    };
    out.push_str(&format!(
        "**{b} breaking**, {a} additive, {d} docs-only change{}: {verdict}.\n",
        if changes.len() == 1 { "" } else { "s" }
    ));
    for (class, title) in [
        (Class::Breaking, "Breaking"),
        (Class::Additive, "Additive"),
        (Class::DocsOnly, "Docs-only"),
    ] {
        let list: Vec<&Change> = changes.iter().filter(|c| c.class == class).collect();
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        for c in list {
            let place = match &c.operation {
                Some(op) => format!("`{}::{}`", c.api, op),
                None => format!("`{}`", c.api),
            };
            out.push_str(&format!(
                "- {place}: {}: {} → {}\n",
                c.what,
                c.reason,
                class.label()
            ));
        }
    }
    out
}

/// `{"summary": {...}, "changes": [...]}`.
pub fn render_json(changes: &[Change]) -> String {
    let count = |c: Class| changes.iter().filter(|x| x.class == c).count();
    let value = serde_json::json!({
        "summary": {
            "breaking": count(Class::Breaking),
            "additive": count(Class::Additive),
            "docs_only": count(Class::DocsOnly),
        },
        "changes": changes,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
