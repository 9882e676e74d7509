//! JSON schemas inferred from sample values (a page's sample responses and
//! inputs): every sample fits the schema inferred from all of them. Objects
//! become named schemas, one per shape: two places of one shape share it.

use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use crate::naming::camel as pascal;

/// The schema every one of `samples` fits: a key present (and not `null`)
/// in every sample object is required; values of several JSON types are
/// any JSON; text that is always an RFC 3339 date-time is one.
pub fn schema(samples: &[&Value]) -> Value {
    let present: Vec<&Value> = samples.iter().copied().filter(|v| !v.is_null()).collect();
    let nullable = present.len() < samples.len();
    let mut out = if present.is_empty() {
        json!({})
    } else if present.iter().all(|v| v.is_object()) {
        let mut keys: IndexMap<&str, Vec<&Value>> = IndexMap::new();
        for v in &present {
            for (k, field) in v.as_object().expect("objects") {
                keys.entry(k.as_str()).or_default().push(field);
            }
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (key, values) in &keys {
            if values.len() == present.len() && values.iter().all(|v| !v.is_null()) {
                required.push(json!(key));
            }
            properties.insert((*key).to_owned(), schema(values));
        }
        json!({"type": "object", "properties": properties, "required": required})
    } else if present.iter().all(|v| v.is_array()) {
        let items: Vec<&Value> = present
            .iter()
            .flat_map(|v| v.as_array().expect("arrays").iter())
            .collect();
        json!({"type": "array", "items": schema(&items)})
    } else if present.iter().all(|v| v.is_boolean()) {
        json!({"type": "boolean"})
    } else if present.iter().all(|v| v.is_i64() || v.is_u64()) {
        json!({"type": "integer"})
    } else if present.iter().all(|v| v.is_number()) {
        json!({"type": "number"})
    } else if present.iter().all(|v| v.is_string()) {
        if present.iter().all(|v| v.as_str().is_some_and(is_date_time)) {
            json!({"type": "string", "format": "date-time"})
        } else {
            json!({"type": "string"})
        }
    } else {
        json!({})
    };
    if nullable && out.get("type").is_some() {
        out["nullable"] = json!(true);
    }
    out
}

/// `2021-05-03T18:03:00+05:30`, `2021-05-03T12:33:00Z`.
fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        r.into_iter()
            .all(|i| b.get(i).is_some_and(u8::is_ascii_digit))
    };
    if b.len() < 20 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' {
        return false;
    }
    if !digits(8..10) || !matches!(b[10], b'T' | b't') || !digits(11..13) || b[13] != b':' {
        return false;
    }
    if !digits(14..16) || b[16] != b':' || !digits(17..19) {
        return false;
    }
    let zone = text[19..].trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    zone == "Z"
        || zone == "z"
        || (zone.len() == 6
            && matches!(zone.as_bytes()[0], b'+' | b'-')
            && zone.as_bytes()[3] == b':')
}

/// Named shapes: object schemas moved to `components/schemas`, one name
/// per shape.
#[derive(Default)]
pub struct Shapes {
    /// Name → schema (its objects already refs).
    pub named: IndexMap<String, Value>,
    by_shape: IndexMap<String, String>,
}

impl Shapes {
    /// `schema` with each object in it declared under a name made from
    /// `hint` and the keys leading to it (`UploadAttachmentResponseData`),
    /// or the name of an identical shape declared before.
    pub fn hoist(&mut self, schema: &Value, hint: &str, description: &str) -> Value {
        let Some(obj) = schema.as_object() else {
            return schema.clone();
        };
        match obj.get("type").and_then(Value::as_str) {
            Some("object") => {
                let mut out = obj.clone();
                let mut props = Map::new();
                if let Some(p) = obj.get("properties").and_then(Value::as_object) {
                    for (k, v) in p {
                        let inner = self.hoist(v, &format!("{hint} {k}"), description);
                        props.insert(k.clone(), inner);
                    }
                }
                if props.is_empty() {
                    // `{}` in a sample: any object.
                    return json!({"type": "object", "additionalProperties": {}});
                }
                out.insert("properties".into(), Value::Object(props));
                let nullable = out.remove("nullable");
                let shape = Value::Object(out.clone()).to_string();
                let name = match self.by_shape.get(&shape) {
                    Some(name) => name.clone(),
                    None => {
                        let name = self.fresh(hint);
                        out.insert("description".into(), json!(description));
                        self.named.insert(name.clone(), Value::Object(out));
                        self.by_shape.insert(shape, name.clone());
                        name
                    }
                };
                let reference = json!({"$ref": format!("#/components/schemas/{name}")});
                match nullable {
                    Some(_) => json!({"allOf": [reference], "nullable": true}),
                    None => reference,
                }
            }
            Some("array") => {
                let mut out = obj.clone();
                if let Some(items) = obj.get("items") {
                    out.insert("items".into(), self.hoist(items, hint, description));
                }
                Value::Object(out)
            }
            _ => schema.clone(),
        }
    }

    fn fresh(&self, hint: &str) -> String {
        let base = pascal(hint);
        let base = if base.is_empty() {
            "Body".to_owned()
        } else {
            base
        };
        if !self.named.contains_key(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}{n}"))
            .find(|n| !self.named.contains_key(n))
            .expect("a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_fits_what_is_inferred_from_all() {
        let a =
            json!({"id": "1", "when": "2021-05-03T18:03:00+05:30", "n": 1, "tags": [], "x": null});
        let b = json!({"id": "2", "when": "2021-05-04T10:00:00Z", "n": 1.5, "tags": ["t"], "extra": true});
        let s = schema(&[&a, &b]);
        // Present and not null in every sample: required (`x` is null in
        // one, `extra` absent from one).
        let mut required: Vec<&str> = s["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        required.sort_unstable();
        assert_eq!(required, ["id", "n", "tags", "when"]);
        assert_eq!(s["properties"]["when"]["format"], "date-time");
        assert_eq!(s["properties"]["n"]["type"], "number");
        assert_eq!(s["properties"]["tags"]["items"]["type"], "string");
        assert_eq!(s["properties"]["x"], json!({}));
        assert_eq!(s["properties"]["extra"]["type"], "boolean");
        let mixed = schema(&[&json!(1), &json!("a")]);
        assert_eq!(mixed, json!({}));
    }

    #[test]
    fn one_shape_is_one_name() {
        let sample = json!({"by": {"name": "a", "id": "1"}, "to": {"name": "b", "id": "2"}});
        let mut shapes = Shapes::default();
        let top = shapes.hoist(&schema(&[&sample]), "get note response", "inferred");
        assert_eq!(top["$ref"], "#/components/schemas/GetNoteResponse");
        let names: Vec<&String> = shapes.named.keys().collect();
        assert_eq!(names, ["GetNoteResponseBy", "GetNoteResponse"]);
        assert_eq!(
            shapes.named["GetNoteResponse"]["properties"]["to"]["$ref"],
            "#/components/schemas/GetNoteResponseBy"
        );
    }
}
