//! [`Nullable`]: a value a request may set to JSON `null`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON value that may be `null`: what a request holds for an input the
/// vendor documents as nullable (`nullable: true` in the spec), and for a
/// nullable optional field of a struct a request sends.
///
/// An optional one is `Option<Nullable<T>>`, three states: `None` is not
/// sent (the vendor keeps what it has), `Some(Nullable::Null)` is sent as
/// `null` (the vendor clears it), `Some(Nullable::Value(v))` is sent as `v`.
/// A required one is `Nullable<T>`: sent as `null` or as its value. The
/// generated builder sets one with its usual setter (`.nickname("Ada")`) or
/// with `<name>_null()` (`.nickname_null()`).
///
/// Read from JSON, `null` is [`Nullable::Null`] and any other value is read
/// as `T`; sent, [`Nullable::Null`] is written as `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// JSON `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True for [`Nullable::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if not null.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(value) => Some(value),
        }
    }

    /// The value, if not null, by value.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(value) => Some(value),
        }
    }

    /// A reference to the value, still nullable.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// The value mapped by `f`; `null` stays `null`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

/// `None` is `null`.
impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            None => Nullable::Null,
            Some(value) => Nullable::Value(value),
        }
    }
}

/// `null` is `None`.
impl<T> From<Nullable<T>> for Option<T> {
    fn from(value: Nullable<T>) -> Self {
        value.into_value()
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn null_and_a_value_round_trip_through_json() {
        let null: Nullable<String> = Nullable::Null;
        let value = Nullable::Value("Ada".to_owned());
        assert_eq!(serde_json::to_value(&null).unwrap(), json!(null));
        assert_eq!(serde_json::to_value(&value).unwrap(), json!("Ada"));
        assert_eq!(
            serde_json::from_value::<Nullable<String>>(json!(null)).unwrap(),
            Nullable::Null
        );
        assert_eq!(
            serde_json::from_value::<Nullable<String>>(json!("Ada")).unwrap(),
            value
        );
        // A value of another type is an error, not a null.
        assert!(serde_json::from_value::<Nullable<i64>>(json!("x")).is_err());
        // Lists and objects: null is the whole value's.
        assert_eq!(
            serde_json::from_value::<Nullable<Vec<i64>>>(json!([1, 2])).unwrap(),
            Nullable::Value(vec![1, 2])
        );
    }

    #[test]
    fn an_optional_nullable_field_has_three_states() {
        #[derive(Serialize)]
        struct Patch {
            #[serde(skip_serializing_if = "Option::is_none")]
            nickname: Option<Nullable<String>>,
        }
        let sent = |nickname| serde_json::to_string(&Patch { nickname }).unwrap();
        assert_eq!(sent(None), "{}");
        assert_eq!(sent(Some(Nullable::Null)), r#"{"nickname":null}"#);
        assert_eq!(
            sent(Some(Nullable::Value("Ada".into()))),
            r#"{"nickname":"Ada"}"#
        );
    }

    #[test]
    fn conversions_take_none_for_null() {
        assert_eq!(Nullable::from(None::<u8>), Nullable::Null);
        assert_eq!(Nullable::from(Some(1)), Nullable::Value(1));
        assert_eq!(Option::from(Nullable::Value(1)), Some(1));
        assert_eq!(Option::<u8>::from(Nullable::Null), None);
        assert!(Nullable::<u8>::Null.is_null());
        assert_eq!(Nullable::Value(2).map(|n| n * 2).value(), Some(&4));
        assert_eq!(
            Nullable::Value("a".to_owned()).as_ref(),
            Nullable::Value(&"a".to_owned())
        );
    }
}
