//! Type expressions: `string`, `integer` (`int64`), `int32`, `number`,
//! `boolean`, `datetime`, `date`, `json`, `file`, a declared enum or schema,
//! `T[]` and `map<T>`.

use indexmap::IndexMap;

use crate::model::Type;

/// What a declared name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    Enum,
    Struct,
    /// A schema with `one_of` or `any_of`.
    Union,
    /// Declared, but its entry had shape errors (already reported): references
    /// to it resolve to a stand-in so that nothing is reported twice.
    Unreadable,
}

/// Resolves a type expression against the declared names (spec name → Rust name).
pub fn resolve(expr: &str, names: &IndexMap<String, (NamedKind, String)>) -> Result<Type, String> {
    let expr = expr.trim();
    if let Some(inner) = expr.strip_suffix("[]") {
        return Ok(Type::List(Box::new(resolve(inner, names)?)));
    }
    if let Some(inner) = expr.strip_prefix("map<").and_then(|r| r.strip_suffix('>')) {
        return Ok(Type::Map(Box::new(resolve(inner, names)?)));
    }
    Ok(match expr {
        "string" => Type::String,
        "integer" | "int64" => Type::Integer,
        "int32" => Type::Int32,
        "date" => Type::Date,
        "number" => Type::Number,
        "boolean" => Type::Boolean,
        "datetime" => Type::DateTime,
        "json" => Type::Json,
        "file" => Type::File,
        "binary" => Type::Binary,
        "" => return Err("the type is empty".to_owned()),
        name => match names.get(name) {
            Some((NamedKind::Enum, rust)) => Type::Enum(rust.clone()),
            Some((NamedKind::Struct, rust)) => Type::Struct(rust.clone()),
            Some((NamedKind::Union, rust)) => Type::Union(rust.clone()),
            Some((NamedKind::Unreadable, _)) => Type::String,
            None => {
                return Err(format!(
                    "`{name}` is neither a built-in type nor a declared enum or schema"
                ))
            }
        },
    })
}

/// True when the type holds a file anywhere.
pub fn has_file(ty: &Type) -> bool {
    match ty {
        Type::File | Type::Binary => true,
        Type::List(t) | Type::Map(t) => has_file(t),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_resolve() {
        let mut names = IndexMap::new();
        names.insert("User".to_owned(), (NamedKind::Struct, "User".to_owned()));
        assert_eq!(
            resolve("User[]", &names),
            Ok(Type::List(Box::new(Type::Struct("User".into()))))
        );
        assert_eq!(
            resolve("map<string>", &names),
            Ok(Type::Map(Box::new(Type::String)))
        );
        assert!(resolve("Nope", &names).unwrap_err().contains("`Nope`"));
    }
}
