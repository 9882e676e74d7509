//! Writes an imported spec tree as YAML for people: keys in the order
//! spec/README.md presents them (then names, alphabetically), small
//! entries on one line in flow style as in the hand-written specs, long
//! text as literal blocks. The same tree always gives the same bytes.

use serde_json::{Map, Value};

/// Keys in the order they are written; other keys (names of operations,
/// fields, params...) follow, alphabetically.
const KEY_ORDER: &[&str] = &[
    "name",
    "value",
    "title",
    "summary",
    "method",
    "path",
    "in",
    "type",
    "content_type",
    "status",
    "code",
    "required",
    "nullable",
    "explode",
    "file_types",
    "default",
    "minimum",
    "maximum",
    "min_length",
    "max_length",
    "pattern",
    "deprecated",
    "description",
    "docs_url",
    "source",
    "example",
    "rust_name",
    "base_path",
    "servers",
    "list",
    "url",
    "auth",
    "header",
    "scheme",
    "methods",
    "token_types",
    "security_schemes",
    "security",
    "scopes",
    "scope_variables",
    "params",
    "body",
    "one_of",
    "any_of",
    "all_of",
    "fields",
    "additional",
    "tag",
    "variants",
    "properties",
    "other",
    "values",
    "response",
    "responses",
    "headers",
    "errors",
    "by",
    "code_field",
    "message",
    "resolution",
    "samples",
    "request",
    "pagination",
    "enums",
    "schemas",
    "operations",
];

/// Keys of a response or error entry (a map with `status`): what it is,
/// then its body and example.
const ENTRY_ORDER: &[&str] = &[
    "status",
    "code",
    "name",
    "message",
    "resolution",
    "description",
    "body",
    "headers",
    "example",
];

/// Longest line written in flow style.
const FLOW_WIDTH: usize = 100;

/// The document's YAML text, after a header comment (each line prefixed `# `).
pub fn write(header: &str, value: &Value) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(if line.is_empty() { "#" } else { "# " });
        out.push_str(line);
        out.push('\n');
    }
    match value {
        Value::Object(map) => block_map(&mut out, map, 0),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn ordered(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let order = if map.get("status").is_some_and(Value::is_number) {
        ENTRY_ORDER
    } else {
        KEY_ORDER
    };
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by_key(|(k, _)| {
        (
            order.iter().position(|o| o == k).unwrap_or(order.len()),
            k.as_str(),
        )
    });
    entries
}

fn block_map(out: &mut String, map: &Map<String, Value>, indent: usize) {
    for (i, (key, value)) in ordered(map).into_iter().enumerate() {
        // Top-level sections are separated by a blank line.
        if indent == 0 && i > 0 && (value.is_object() || value.is_array()) {
            out.push('\n');
        }
        out.push_str(&" ".repeat(indent));
        out.push_str(&key_text(key));
        out.push(':');
        entry_value(out, value, indent);
    }
}

/// Writes what follows `key:` (or `- `), with its line end.
fn entry_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if map.is_empty() => out.push_str(" {}\n"),
        Value::Array(list) if list.is_empty() => out.push_str(" []\n"),
        Value::Object(_) | Value::Array(_) => {
            if let Some(text) = flow(value, indent) {
                out.push(' ');
                out.push_str(&text);
                out.push('\n');
                return;
            }
            out.push('\n');
            match value {
                Value::Object(map) => block_map(out, map, indent + 2),
                Value::Array(list) => block_list(out, list, indent + 2),
                _ => {}
            }
        }
        Value::String(s) if s.contains('\n') && literal_ok(s) => {
            out.push_str(if s.ends_with('\n') { " |\n" } else { " |-\n" });
            for line in s.trim_end_matches('\n').lines() {
                if !line.is_empty() {
                    out.push_str(&" ".repeat(indent + 2));
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

/// A list in block style, each item after `- ` at `indent`.
fn block_list(out: &mut String, list: &[Value], indent: usize) {
    for item in list {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            Value::Object(map) if flow(item, indent).is_none() && !map.is_empty() => {
                // `- key: ...` then the other keys under it.
                let mut first = String::new();
                block_map(&mut first, map, indent + 2);
                out.push(' ');
                out.push_str(first.trim_start());
            }
            _ => entry_value(out, item, indent),
        }
    }
}

/// A literal block keeps the text exactly when no line starts with a space
/// before the first non-empty one, and no line has trailing whitespace or
/// tabs (which a reviewer cannot see).
fn literal_ok(s: &str) -> bool {
    let first = s.lines().find(|l| !l.is_empty());
    !first.is_some_and(|l| l.starts_with(' '))
        && !s.ends_with("\n\n")
        && s.lines()
            .all(|l| !l.ends_with([' ', '\t']) && l.chars().all(printable))
}

/// The flow form (`{a: 1, b: x}` / `[a, b]`) when the value is a map or list
/// of one-line scalars short enough for one line.
fn flow(value: &Value, indent: usize) -> Option<String> {
    let text = match value {
        Value::Object(map) => {
            let mut parts = Vec::new();
            for (k, v) in ordered(map) {
                parts.push(format!("{}: {}", key_text(k), flow_scalar(v)?));
            }
            format!("{{{}}}", parts.join(", "))
        }
        Value::Array(list) => {
            let parts: Option<Vec<String>> = list.iter().map(flow_scalar).collect();
            format!("[{}]", parts?.join(", "))
        }
        _ => return None,
    };
    (indent + text.len() <= FLOW_WIDTH).then_some(text)
}

fn flow_scalar(value: &Value) -> Option<String> {
    match value {
        // One level of list inside a flow map: `extensions: [mpeg, mpg]`.
        Value::Array(list) if list.iter().all(|v| !v.is_array() && !v.is_object()) => {
            let parts: Option<Vec<String>> = list.iter().map(flow_scalar).collect();
            Some(format!("[{}]", parts?.join(", ")))
        }
        Value::Object(_) | Value::Array(_) => None,
        Value::String(s) if s.contains('\n') => None,
        Value::String(s) if !plain_ok(s, true) && single_ok(s) => Some(single(s)),
        Value::String(s) if !plain_ok(s, true) => Some(quoted(s)),
        other => Some(scalar(other)),
    }
}

fn key_text(key: &str) -> String {
    if plain_ok(key, true) {
        key.to_owned()
    } else {
        quoted(key)
    }
}

/// A number as the vendor would write it: a bound the format keeps as a
/// float (`minimum: 0.0`) without its zero fraction.
fn number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
            format!("{f:.0}")
        }
        _ => n.to_string(),
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(n),
        Value::String(s) if plain_ok(s, false) => s.clone(),
        Value::String(s) if single_ok(s) => single(s),
        Value::String(s) => quoted(s),
        // Only called on scalars.
        other => quoted(&other.to_string()),
    }
}

/// Single quotes keep JSON examples readable (`'{"a": 1}'`); only `'`
/// itself is escaped (doubled), so any printable one-line text fits.
fn single_ok(s: &str) -> bool {
    !s.is_empty() && !s.starts_with(' ') && !s.ends_with(' ') && s.chars().all(printable)
}

fn single(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A YAML double-quoted scalar: `"` and `\\` escaped, and every character
/// YAML does not print as it is (C0 and C1 controls, DEL, the BOM,
/// U+FFFE/U+FFFF, line and paragraph separators) as `\\uXXXX`.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if !printable(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters YAML writes as they are.
fn printable(c: char) -> bool {
    !(c.is_control()
        || matches!(
            c,
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}'
        ))
}

/// Whether `s` reads back as the same string when written plain. Cautious:
/// anything doubtful is quoted.
fn plain_ok(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.starts_with(' ') || s.ends_with(' ') || s.contains(['\n', '\r', '\t']) {
        return false;
    }
    if "-?:,[]{}#&*!|>%@`\"'".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    // In a flow mapping, YAML 1.1 readers (PyYAML, many editors) end a plain
    // scalar at `?` too: quoted, the text reads the same everywhere.
    if in_flow && s.contains([',', '[', ']', '{', '}', '?']) {
        return false;
    }
    if !s.chars().all(printable) {
        return false;
    }
    // Words YAML reads as something other than a string.
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true"
            | "false"
            | "null"
            | "~"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "y"
            | "n"
            | ".inf"
            | "-.inf"
            | ".nan"
            | "<<"
    ) {
        return false;
    }
    // Anything that starts like a number, a date or a time is quoted.
    !(first.is_ascii_digit() || first == '.' || first == '+')
}

#[cfg(test)]
mod tests {
    use super::write;
    use serde_json::json;

    #[test]
    fn reads_back_as_written() {
        let value = json!({
            "operations": {"b op": {"summary": "x: y", "params": {"a": {"in": "query", "type": "string", "required": true, "description": "a, b [c] #d"}}}},
            "name": "api",
            "title": "2021-04-15",
            "description": "line one\nline two\n",
            "quotes": ["a \"b\" c", "'x'", "{\"k\": \"it's\"}", "\"q\"", "back\\slash"],
            "weird": ["\u{7f}del", "c1\u{85}\u{9b}", "\u{fffe}", "lit\n\u{1}\n", "yes", "", " lead", "-dash", "1e3", "tab\there", "\u{2028}", "no\n", "x\n\n", "  both\nlines"],
            "empty": {},
            "list": [{"a": {"deep": [1, 2]}, "b": "c"}, {"k": null}],
            "flow": {"p": {"in": "query", "type": "string", "example": "How can we help?", "description": "a:b"}},
        });
        let text = write("header\n\nline", &value);
        let back: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, value, "{text}");
        assert!(
            text.starts_with("# header\n#\n# line\nname: api\n"),
            "{text}"
        );
        // Quoted in flow mappings, where YAML 1.1 readers end a plain scalar.
        assert!(
            text.contains("'How can we help?'") && text.contains("description: a:b,"),
            "{text}"
        );
    }
}
