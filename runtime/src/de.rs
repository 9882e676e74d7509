//! What generated `Deserialize` impls of structs share.
//!
//! A generated struct reads a JSON object with one `visit_map` that matches
//! each key against the struct's wire names; this module holds the pieces
//! every struct would otherwise repeat: the key type (borrowed from the
//! input when it can be), a field slot that refuses a key given twice, the
//! check for a missing required field, and skipping a key the struct does
//! not know. `#[derive(Deserialize)]` emits, per struct, a field-identifier
//! enum with its own visitor and a `visit_seq` that reads an object from a
//! JSON array; neither is needed for JSON objects, and together they were
//! most of what a crate of generated structs cost to compile (BENCHMARKS.md
//! §5). Errors are the deserializer's own, with serde's wording
//! (`missing field`, `duplicate field`) and, for `serde_json`, its line and
//! column.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Error, MapAccess, Visitor};
use serde::Deserialize;

/// An object's key, borrowed from the input unless it had escapes.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads the value of the key `name` into its slot; a key given twice is
/// an error, as with derived impls.
pub fn field<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required field, or serde's `missing field` error.
pub fn required<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Reads and drops the value of a key the struct does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(|_| ())
}

/// Keeps a key the struct does not know, with its value, among the
/// struct's `additional` entries (`additionalProperties`).
pub fn additional<'de, A, T>(
    map: &mut A,
    entries: &mut std::collections::BTreeMap<String, T>,
    key: Key<'de>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    let value = map.next_value()?;
    entries.insert(key.into_string(), value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A struct as the generator writes it: two fields, one optional and
    /// one required, with unknown keys skipped.
    #[derive(Debug, PartialEq)]
    struct Pair {
        name: String,
        size: Option<u32>,
        rest: std::collections::BTreeMap<String, serde_json::Value>,
    }

    impl<'de> Deserialize<'de> for Pair {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Pair;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("struct Pair")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pair, A::Error> {
                    let mut name: Option<String> = None;
                    let mut size: Option<Option<u32>> = None;
                    let mut rest = std::collections::BTreeMap::new();
                    while let Some(key) = map.next_key::<Key<'de>>()? {
                        match key.as_str() {
                            "name" => field(&mut map, &mut name, "name")?,
                            "size" => field(&mut map, &mut size, "size")?,
                            _ => additional(&mut map, &mut rest, key)?,
                        }
                    }
                    Ok(Pair {
                        name: required(name, "name")?,
                        size: size.flatten(),
                        rest,
                    })
                }
            }
            deserializer.deserialize_map(V)
        }
    }

    #[test]
    fn reads_fields_keeps_others_and_words_errors_as_serde_does() {
        let pair: Pair =
            serde_json::from_str(r#"{"n\u0061me": "a", "size": null, "x": [1]}"#).unwrap();
        assert_eq!(pair.name, "a");
        assert_eq!(pair.size, None);
        assert_eq!(pair.rest["x"], serde_json::json!([1]));
        let missing = serde_json::from_str::<Pair>(r#"{"size": 1}"#).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "missing field `name` at line 1 column 11"
        );
        let twice = serde_json::from_str::<Pair>(r#"{"name": "a", "name": "b"}"#).unwrap_err();
        assert_eq!(
            twice.to_string(),
            "duplicate field `name` at line 1 column 20"
        );
        let wrong = serde_json::from_str::<Pair>(r#"{"name": 1}"#).unwrap_err();
        assert_eq!(
            wrong.to_string(),
            "invalid type: integer `1`, expected a string at line 1 column 10"
        );
        let array = serde_json::from_str::<Pair>(r#"["a"]"#).unwrap_err();
        assert_eq!(
            array.to_string(),
            "invalid type: sequence, expected struct Pair at line 1 column 0"
        );
    }
}
