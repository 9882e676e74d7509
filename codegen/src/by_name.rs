//! An API's structs, enums and unions found by Rust name through an index
//! built once. Searching the slices instead made validation quadratic in
//! the spec's size (every operation's and every reachable type's lookup a
//! pass over thousands of types: 5,000 synthetic operations spent more time
//! validating than loading).

use std::collections::HashMap;

use crate::model::{Enum, Struct, Union};

pub(crate) trait Named {
    fn rust_name(&self) -> &str;
}

impl Named for Struct {
    fn rust_name(&self) -> &str {
        &self.rust_name
    }
}

impl Named for Enum {
    fn rust_name(&self) -> &str {
        &self.rust_name
    }
}

impl Named for Union {
    fn rust_name(&self) -> &str {
        &self.rust_name
    }
}

/// Items by Rust name (the first of a name, as a search would find).
pub(crate) struct ByName<'a, T> {
    items: &'a [T],
    index: HashMap<&'a str, usize>,
}

impl<'a, T: Named> ByName<'a, T> {
    pub fn new(items: &'a [T]) -> Self {
        Self {
            items,
            index: first_positions(items, |name| name),
        }
    }

    pub fn get(&self, name: &str) -> Option<&'a T> {
        self.index.get(name).map(|&i| &self.items[i])
    }
}

/// Each name's position among `items` (the first of a name), for lookups
/// into a slice that is then changed in place.
pub(crate) fn positions<T: Named>(items: &[T]) -> HashMap<String, usize> {
    first_positions(items, str::to_owned)
}

/// Each name's first position, keyed by `key(name)`: borrowed for
/// [`ByName`], owned where the slice is changed afterwards.
fn first_positions<'a, T: Named, K: std::hash::Hash + Eq>(
    items: &'a [T],
    key: impl Fn(&'a str) -> K,
) -> HashMap<K, usize> {
    let mut index = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        index.entry(key(item.rust_name())).or_insert(i);
    }
    index
}
