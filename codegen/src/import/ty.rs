//! The type expressions an import writes (`string`, `Note[]`,
//! `map<integer>`, a declared type's name), as a type: the importer decides
//! with it, and writes it as the spec format's text only when it serializes
//! the spec.

use std::fmt;

/// A type expression of the spec format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    String,
    /// 64-bit integer (`integer`).
    Integer,
    Int32,
    Number,
    Boolean,
    DateTime,
    Date,
    /// Any JSON value.
    Json,
    /// A file sent in a request.
    File,
    /// Bytes received in a response.
    Binary,
    /// A declared enum or schema.
    Named(String),
    List(Box<Ty>),
    Map(Box<Ty>),
}

impl Ty {
    pub fn list(item: Ty) -> Ty {
        Ty::List(Box::new(item))
    }

    pub fn map(value: Ty) -> Ty {
        Ty::Map(Box::new(value))
    }

    /// A list's item, or the type itself.
    pub fn item(&self) -> &Ty {
        match self {
            Ty::List(item) => item,
            other => other,
        }
    }

    /// The declared type this names, if it names one.
    pub fn named(&self) -> Option<&str> {
        match self {
            Ty::Named(name) => Some(name),
            _ => None,
        }
    }

    /// One value that travels as text (query, path, header, form).
    pub fn is_text_scalar(&self) -> bool {
        matches!(
            self,
            Ty::String
                | Ty::Integer
                | Ty::Int32
                | Ty::Number
                | Ty::Boolean
                | Ty::DateTime
                | Ty::Date
        )
    }

    /// Whether a file is anywhere in it.
    pub fn has_file(&self) -> bool {
        match self {
            Ty::File => true,
            Ty::List(t) | Ty::Map(t) => t.has_file(),
            _ => false,
        }
    }

    /// Whether any JSON is all it says (`json`, `json[]`, `map<json>`):
    /// the vendor's schema did not arrive typed.
    pub fn is_untyped(&self) -> bool {
        match self {
            Ty::Json => true,
            Ty::List(t) | Ty::Map(t) => t.is_untyped(),
            _ => false,
        }
    }

    /// Numbers: what `minimum` and `maximum` apply to.
    pub fn is_numeric(&self) -> bool {
        matches!(self, Ty::Integer | Ty::Int32 | Ty::Number)
    }

    /// Strings and lists: what `min_length` and `max_length` apply to.
    pub fn is_measured(&self) -> bool {
        matches!(self, Ty::String | Ty::List(_))
    }

    /// This type with every `name` replaced by `by`.
    pub fn replaced(&self, name: &str, by: &Ty) -> Ty {
        match self {
            Ty::Named(n) if n == name => by.clone(),
            Ty::List(t) => Ty::list(t.replaced(name, by)),
            Ty::Map(t) => Ty::map(t.replaced(name, by)),
            other => other.clone(),
        }
    }

    /// Reads a type expression of the spec format (what an overlay or a
    /// spec file writes); `None` for one that is not well formed.
    pub fn parse(text: &str) -> Option<Ty> {
        let text = text.trim();
        if let Some(item) = text.strip_suffix("[]") {
            return Ty::parse(item).map(Ty::list);
        }
        if let Some(inner) = text.strip_prefix("map<").and_then(|t| t.strip_suffix('>')) {
            return Ty::parse(inner).map(Ty::map);
        }
        Some(match text {
            "string" => Ty::String,
            "integer" | "int64" => Ty::Integer,
            "int32" => Ty::Int32,
            "number" => Ty::Number,
            "boolean" => Ty::Boolean,
            "datetime" => Ty::DateTime,
            "date" => Ty::Date,
            "json" => Ty::Json,
            "file" => Ty::File,
            "binary" => Ty::Binary,
            "" => return None,
            name if name
                .chars()
                .all(|c| !c.is_whitespace() && !"<>[]".contains(c)) =>
            {
                Ty::Named(name.to_owned())
            }
            _ => return None,
        })
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::String => f.write_str("string"),
            Ty::Integer => f.write_str("integer"),
            Ty::Int32 => f.write_str("int32"),
            Ty::Number => f.write_str("number"),
            Ty::Boolean => f.write_str("boolean"),
            Ty::DateTime => f.write_str("datetime"),
            Ty::Date => f.write_str("date"),
            Ty::Json => f.write_str("json"),
            Ty::File => f.write_str("file"),
            Ty::Binary => f.write_str("binary"),
            Ty::Named(name) => f.write_str(name),
            Ty::List(item) => write!(f, "{item}[]"),
            Ty::Map(value) => write!(f, "map<{value}>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_read_back_as_written() {
        for text in [
            "string",
            "Note[]",
            "map<integer[]>",
            "map<map<Tag>>[]",
            "json",
        ] {
            assert_eq!(Ty::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Ty::parse("int64"), Some(Ty::Integer));
        assert_eq!(Ty::parse("map<"), None);
        assert_eq!(Ty::parse("a b"), None);
    }

    #[test]
    fn replacing_reaches_lists_and_maps() {
        let ty = Ty::parse("map<Note[]>").unwrap();
        assert_eq!(ty.replaced("Note", &Ty::Json).to_string(), "map<json[]>");
        assert!(Ty::parse("map<json[]>").unwrap().is_untyped());
    }
}
