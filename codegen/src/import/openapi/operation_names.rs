//! Operation names: the name of an operation is the API a user types every
//! day, so it is the vendor's `operationId` in snake case, with what a
//! generator put in it and nobody would type taken out:
//!
//! - the method and the path, where the id repeats them
//!   (`get-/crm/objects/2026-03/contacts/{contactId}_getById` →
//!   `get_by_id`), with the version segments the rest still holds;
//! - a controller's name in front (`ContactsController_getContact` →
//!   `get_contact`).
//!
//! What is left is the name; where nothing is left, the summary gives it.
//! A shortened name two operations would share takes back the words of its
//! path that tell them apart (`batch_archive`), the operation with the
//! shorter path keeping the short name; then, as for every name, the
//! group's name goes in front, the method behind, a number last. The same
//! files give the same names, and every shortening is reported.

use std::collections::{BTreeMap, BTreeSet};

use super::schemas::Types;
use super::{operation_at, Found};
use crate::import::report::Kind;
use crate::naming::{bare, snake};

/// Words that end a controller's (or service's) name before the operation's.
const CONTROLLER_WORDS: &[&str] = &[
    "Controller",
    "Service",
    "Api",
    "API",
    "Resource",
    "Handler",
    "Endpoint",
    "Endpoints",
    "Router",
];

/// Words a name made from a summary leaves out.
const FILLER: &[&str] = &["a", "an", "the"];

/// At most this many words of a summary make a name.
const SUMMARY_WORDS: usize = 6;

/// How one operation's name came about.
struct Named {
    /// The names to try, shortest first (one for a name kept as it is).
    candidates: Vec<String>,
    /// Why the id was shortened, for the report.
    shortened: Option<&'static str>,
}

/// The operations' names, in `found`'s order.
pub fn names(types: &mut Types<'_>, found: &[Found<'_>], groups: &[String]) -> Vec<String> {
    let prefixes = common_prefixes(found);
    let mut named = Vec::new();
    for f in found {
        let prefix = prefixes.get(&f.group).map_or(0, |p| *p);
        named.push(name_of(types, f, prefix));
    }
    // Shortened names that collide take back their paths' words.
    let mut chosen: Vec<usize> = vec![0; found.len()];
    loop {
        let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, n) in named.iter().enumerate() {
            by_name.entry(&n.candidates[chosen[i]]).or_default().push(i);
        }
        let mut moved = false;
        for ops in by_name.values().filter(|ops| ops.len() > 1) {
            // The operation with the shortest path keeps the name when it
            // is the only one that short.
            let length = |i: usize| static_words(&found[i].path).len();
            let shortest = ops.iter().map(|&i| length(i)).min().unwrap_or(0);
            let keeper = match ops.iter().filter(|&&i| length(i) == shortest).count() {
                1 => ops.iter().copied().find(|&i| length(i) == shortest),
                _ => None,
            };
            for &i in ops {
                if Some(i) != keeper && chosen[i] + 1 < named[i].candidates.len() {
                    chosen[i] += 1;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    let bases: Vec<String> = named
        .iter()
        .zip(&chosen)
        .map(|(n, &c)| n.candidates[c].clone())
        .collect();
    for ((f, n), base) in found.iter().zip(&named).zip(&bases) {
        if let Some(why) = n.shortened {
            let id = f.op.str("operationId").unwrap_or_default().trim();
            types.note(
                f.op.doc,
                &format!("{}/operationId", f.op.at),
                Kind::OperationName,
                format!("the operationId `{id}` {why}: named `{base}`"),
            );
        }
    }
    unique(types, found, groups, bases)
}

/// Names two operations would share get their group's name in front, then
/// the method behind, then a number.
fn unique(
    types: &mut Types<'_>,
    found: &[Found<'_>],
    groups: &[String],
    bases: Vec<String>,
) -> Vec<String> {
    let count = |names: &[String], n: &str| names.iter().filter(|m| *m == n).count();
    let mut names = bases.clone();
    for (i, f) in found.iter().enumerate() {
        if count(&bases, &bases[i]) > 1 {
            names[i] = format!("{}_{}", groups[f.group], bases[i]);
        }
    }
    let second = names.clone();
    for (i, f) in found.iter().enumerate() {
        if count(&second, &second[i]) > 1 {
            names[i] = format!("{}_{}", second[i], f.method);
        }
    }
    let mut taken = BTreeSet::new();
    for (i, f) in found.iter().enumerate() {
        let mut name = names[i].clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{}_{n}", names[i]);
            n += 1;
        }
        if name != bases[i] {
            types.note(
                f.group,
                &operation_at(&f.path, &f.method),
                Kind::OperationName,
                format!(
                    "`{}` is also the name of another operation: this one is `{name}`",
                    bases[i]
                ),
            );
        }
        names[i] = name;
    }
    names
}

fn name_of(types: &mut Types<'_>, f: &Found<'_>, prefix: usize) -> Named {
    let at = operation_at(&f.path, &f.method);
    let id =
        f.op.str("operationId")
            .map(str::trim)
            .filter(|s| !s.is_empty());
    let Some(id) = id else {
        let words: String = f.path.replace(['{', '}'], "");
        let name = bare(&snake(&format!("{} {words}", f.method))).to_owned();
        types.note(
            f.group,
            &at,
            Kind::OperationName,
            format!("no operationId: named `{name}` after its method and path"),
        );
        return Named {
            candidates: vec![name],
            shortened: None,
        };
    };
    let whole = bare(&snake(id)).to_owned();
    // The method and the path, where the id repeats them.
    if let Some(rest) = without_path(id, &f.path, &f.method) {
        let rest: Vec<String> = words_of(&rest)
            .into_iter()
            .filter(|w| !is_version(w))
            .collect();
        let qualifiers = qualifiers(&f.path, prefix, &rest);
        let (base, why) = if rest.is_empty() {
            let from_summary =
                f.op.str("summary")
                    .map(summary_words)
                    .filter(|w| !w.is_empty());
            match from_summary {
                Some(w) => (
                    w,
                    "repeats its method and path, and only them (named from its summary)",
                ),
                None => {
                    let mut w = vec![f.method.clone()];
                    w.extend(qualifiers.iter().cloned());
                    (
                        w,
                        "repeats its method and path, and only them, and there is no summary",
                    )
                }
            }
        } else {
            (rest, "repeats its method and path")
        };
        let mut candidates = vec![join(&base)];
        for k in 1..=qualifiers.len() {
            let mut words = qualifiers[qualifiers.len() - k..].to_vec();
            words.retain(|w| !base.contains(w));
            words.extend(base.iter().cloned());
            let name = join(&words);
            if !candidates.contains(&name) {
                candidates.push(name);
            }
        }
        if !candidates.contains(&whole) {
            candidates.push(whole);
        }
        return Named {
            candidates,
            shortened: Some(why),
        };
    }
    // A controller's name in front of the operation's.
    if let Some((controller, rest)) = id.split_once(['_', '.', ':', '#']) {
        let prefixed = CONTROLLER_WORDS
            .iter()
            .find_map(|w| controller.strip_suffix(w).filter(|c| !c.is_empty()));
        let rest_name = bare(&snake(rest)).to_owned();
        if let Some(owner) = prefixed.filter(|_| !words_of(rest).is_empty()) {
            let qualified = bare(&snake(&format!("{owner} {rest}"))).to_owned();
            return Named {
                candidates: vec![rest_name, qualified, whole],
                shortened: Some("starts with its controller's name"),
            };
        }
    }
    if whole != id && id.contains(char::is_whitespace) {
        // Only worth a note when the id was not a name at all.
        types.note(
            f.op.doc,
            &format!("{}/operationId", f.op.at),
            Kind::OperationName,
            format!("the operationId `{id}` has spaces: `{whole}`"),
        );
    }
    Named {
        candidates: vec![whole],
        shortened: None,
    }
}

/// The words of a name or path, as snake case splits them.
fn words_of(text: &str) -> Vec<String> {
    if !text.chars().any(char::is_alphanumeric) {
        return Vec::new();
    }
    let snaked = snake(text);
    bare(&snaked)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn join(words: &[String]) -> String {
    bare(&snake(&words.join(" "))).to_owned()
}

/// The id without the path it spells out (`/crm/objects/{id}`, written
/// as in the `paths` key) and the method just before it (`get-`), when it
/// spells it out at all.
fn without_path(id: &str, path: &str, method: &str) -> Option<String> {
    let path = path.trim_end_matches('/');
    if path.len() < 2 || !id.contains(path) {
        return None;
    }
    let pieces: Vec<&str> = id.split(path).collect();
    let last = pieces.len() - 1;
    let kept: Vec<String> = pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let piece = piece.trim_start_matches('/');
            if i == last {
                return piece.to_owned();
            }
            // The method just before the path (`get-`, `GET `, `get_`).
            let trimmed = piece.trim_end_matches(|c: char| !c.is_alphanumeric());
            match trimmed.len().checked_sub(method.len()) {
                Some(start)
                    if trimmed[start..].eq_ignore_ascii_case(method)
                        && !trimmed[..start].ends_with(char::is_alphanumeric) =>
                {
                    trimmed[..start].to_owned()
                }
                _ => piece.to_owned(),
            }
        })
        .collect();
    Some(kept.join(" "))
}

/// A version segment: `v3`, `2026`, `03`.
fn is_version(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
        || (word.len() > 1
            && word.starts_with('v')
            && word[1..].chars().all(|c| c.is_ascii_digit()))
}

/// The path's static segments, as words (placeholders left out).
fn static_words(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .flat_map(words_of)
        .collect()
}

/// The words of a path that can tell its operation from others of its
/// group: its static words after those every path of the group starts
/// with, without versions and the name's own words, in path order.
fn qualifiers(path: &str, prefix: usize, name: &[String]) -> Vec<String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segments
        .iter()
        .skip(prefix)
        .filter(|s| !s.starts_with('{'))
        .flat_map(|s| words_of(s))
        .filter(|w| !is_version(w) && !name.contains(w))
        .collect()
}

/// How many leading path segments every operation of each group shares.
fn common_prefixes(found: &[Found<'_>]) -> BTreeMap<usize, usize> {
    let mut by_group: BTreeMap<usize, Vec<Vec<&str>>> = BTreeMap::new();
    for f in found {
        by_group
            .entry(f.group)
            .or_default()
            .push(f.path.split('/').filter(|s| !s.is_empty()).collect());
    }
    by_group
        .into_iter()
        .map(|(group, paths)| {
            let first = &paths[0];
            let mut n = 0;
            while n < first.len() && paths.iter().all(|p| p.get(n) == Some(&first[n])) {
                n += 1;
            }
            // A path that is all prefix keeps its last segment to tell by.
            let shortest = paths.iter().map(Vec::len).min().unwrap_or(0);
            (group, n.min(shortest.saturating_sub(1)))
        })
        .collect()
}

/// A summary's words, as a name: fillers out, at most [`SUMMARY_WORDS`].
fn summary_words(summary: &str) -> Vec<String> {
    words_of(summary)
        .into_iter()
        .filter(|w| !FILLER.contains(&w.as_str()))
        .take(SUMMARY_WORDS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<String> {
        words_of(text)
    }

    #[test]
    fn an_id_repeating_its_method_and_path_keeps_the_rest() {
        let rest = |id: &str, path: &str, method: &str| {
            without_path(id, path, method).map(|r| words_of(&r).join("_"))
        };
        assert_eq!(
            rest(
                "get-/crm/objects/2026-03/contacts/{contactId}_getById",
                "/crm/objects/2026-03/contacts/{contactId}",
                "get"
            ),
            Some("get_by_id".to_owned())
        );
        assert_eq!(
            rest("delete-/a/{b}/c_delete-/a/{b}/c", "/a/{b}/c", "delete"),
            Some(String::new())
        );
        // Ids that only share words with their path are kept whole.
        assert_eq!(rest("get_files_id", "/files/{file_id}", "get"), None);
        assert_eq!(
            rest("get-businesses-by-location", "/businesses/", "get"),
            None
        );
    }

    #[test]
    fn versions_and_qualifiers() {
        assert!(
            is_version("2026") && is_version("v3") && !is_version("v") && !is_version("version")
        );
        assert_eq!(
            qualifiers(
                "/crm/objects/2026-03/contacts/batch/archive",
                3,
                &w("archive")
            ),
            w("contacts batch")
        );
        assert_eq!(summary_words("Get a set of the rows"), w("get set of rows"));
    }
}
