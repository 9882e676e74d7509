//! Rust names for vendor names that would become the same one: `+1` and
//! `-1` (both `n1`), `DateCreated<` and `DateCreated>` (`date_created`),
//! `id` and `_id`, `Version` and `version`. The generator derives Rust
//! names by dropping symbols and case; where that merges two names, the
//! import gives each a distinct `rust_name`, the same on every import.

use std::collections::{BTreeMap, BTreeSet};

/// The name with the symbols that name derivation drops spelt out as
/// words: `+1` → `plus 1`, `-1` → `minus 1`, `DateCreated<` →
/// `DateCreated lt`, `_id` → `underscore id`. Hyphens and underscores
/// between words stay separators.
pub fn spelled(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let edge = i == 0 || i + 1 == chars.len();
        let word = match c {
            '+' => Some("plus"),
            '-' if edge => Some("minus"),
            '_' if i == 0 => Some("underscore"),
            '<' => Some("lt"),
            '>' => Some("gt"),
            '=' => Some("eq"),
            '!' => Some("not"),
            '@' => Some("at"),
            '$' => Some("dollar"),
            '#' => Some("hash"),
            '%' => Some("percent"),
            '*' => Some("star"),
            '&' => Some("and"),
            '~' => Some("tilde"),
            '.' if i == 0 => Some("dot"),
            _ => None,
        };
        match word {
            Some(w) => {
                out.push(' ');
                out.push_str(w);
                out.push(' ');
            }
            None => out.push(c),
        }
    }
    out
}

/// A distinct Rust name for each of `names`, as `rust` derives them:
/// names whose derived name no other shares keep it; among those that
/// share one, each gets the name of its spelt-out form ([`spelled`]), and
/// where that still collides, the later ones in order get `_2`, `_3`...
/// (`suffix` joins them: `_` for snake case, nothing for camel case).
pub fn distinct(names: &[&str], rust: impl Fn(&str) -> String, suffix: &str) -> Vec<String> {
    let bases: Vec<String> = names.iter().map(|n| rust(n)).collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for b in &bases {
        *count.entry(b.as_str()).or_default() += 1;
    }
    let mut taken: BTreeSet<String> = bases
        .iter()
        .filter(|b| count[b.as_str()] == 1)
        .cloned()
        .collect();
    let mut out = Vec::with_capacity(names.len());
    for (name, base) in names.iter().zip(&bases) {
        if count[base.as_str()] == 1 {
            out.push(base.clone());
            continue;
        }
        let spelt = rust(&spelled(name));
        let mut candidate = spelt.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            let stem = crate::naming::bare(&spelt);
            candidate = format!("{stem}{suffix}{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::naming::{camel, input_name, snake};

    #[test]
    fn colliding_names_say_what_they_mean() {
        let names = ["DateCreated", "DateCreated<", "DateCreated>", "To"];
        assert_eq!(
            distinct(&names, input_name, "_"),
            ["date_created", "date_created_lt", "date_created_gt", "to"]
        );
        assert_eq!(distinct(&["+1", "-1"], camel, ""), ["Plus1", "Minus1"]);
        assert_eq!(
            distinct(&["id", "_id"], snake, "_"),
            ["id", "underscore_id"]
        );
        assert_eq!(
            distinct(&["version", "Version"], input_name, "_"),
            ["version", "version_2"]
        );
        // Names that do not collide are left alone, symbols and all.
        assert_eq!(distinct(&["-x", "y"], snake, "_"), ["x", "y"]);
    }

    #[test]
    fn a_spelt_name_never_takes_an_existing_one() {
        assert_eq!(
            distinct(&["plus_1", "+1", "1+"], snake, "_"),
            ["plus_1", "plus_1_2", "n1_plus"]
        );
    }
}
