//! The resolved view of the vendor's documents: a [`Node`] is a value with
//! where it is (document and JSON pointer), and following a `$ref` is one
//! operation, the same wherever vendors put one (path items, operations,
//! parameters, request bodies, responses, headers, examples, schemas), in
//! any file, relative to the file that refers, chains included and cycles
//! detected. A node reached through a ref has the target's place, so that
//! the refs inside it resolve from its own file, and every report entry and
//! census count names where the vendor wrote the thing.

use serde_json::{Map, Value};

use super::documents::{token, Documents, Target};

/// How many refs in a row one chain may have (`A` → `B` → ... ).
const MAX_HOPS: usize = 64;

/// A value of a vendor document, with where it is.
#[derive(Debug, Clone)]
pub struct Node<'d> {
    pub doc: usize,
    /// JSON pointer in that document.
    pub at: String,
    pub value: &'d Value,
}

/// Why a ref could not be followed: where the ref is, and what is wrong.
#[derive(Debug, Clone)]
pub struct Broken {
    pub doc: usize,
    pub at: String,
    pub message: String,
}

impl<'d> Node<'d> {
    pub fn as_object(&self) -> Option<&'d Map<String, Value>> {
        self.value.as_object()
    }

    /// The value under `key`, if this is an object holding it.
    pub fn get(&self, key: &str) -> Option<&'d Value> {
        self.value.get(key)
    }

    /// The text under `key`.
    pub fn str(&self, key: &str) -> Option<&'d str> {
        self.value.get(key).and_then(Value::as_str)
    }

    /// Whether `key` is `true`.
    pub fn is_true(&self, key: &str) -> bool {
        self.value.get(key) == Some(&Value::Bool(true))
    }

    /// The pointer of a key below this node.
    pub fn at_key(&self, key: &str) -> String {
        format!("{}/{}", self.at, token(key))
    }

    /// The child under `key`, with its place.
    pub fn child(&self, key: &str) -> Option<Node<'d>> {
        let value = self.value.get(key)?;
        Some(Node {
            doc: self.doc,
            at: self.at_key(key),
            value,
        })
    }

    /// The children of an object node, in the vendor's order.
    pub fn entries(&self) -> Vec<(&'d str, Node<'d>)> {
        self.value
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| {
                (
                    k.as_str(),
                    Node {
                        doc: self.doc,
                        at: self.at_key(k),
                        value: v,
                    },
                )
            })
            .collect()
    }

    /// The items of a list node.
    pub fn items(&self) -> Vec<Node<'d>> {
        self.value
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, v)| Node {
                doc: self.doc,
                at: format!("{}/{i}", self.at),
                value: v,
            })
            .collect()
    }

    /// The ref of this node, when it is `{$ref: ...}` (siblings aside).
    pub fn reference(&self) -> Option<&'d str> {
        self.value.get("$ref").and_then(Value::as_str)
    }

    /// This node with another value at the same place (a schema with some
    /// of its keywords set aside).
    pub fn with_value(&self, value: &'d Value) -> Node<'d> {
        Node {
            doc: self.doc,
            at: self.at.clone(),
            value,
        }
    }
}

impl Documents {
    /// The root of document `doc`.
    pub fn root(&self, doc: usize) -> Node<'_> {
        Node {
            doc,
            at: String::new(),
            value: &self.docs[doc].root,
        }
    }

    /// The node at a pointer of a document, if there is one.
    pub fn node(&self, doc: usize, at: &str) -> Option<Node<'_>> {
        let value = self.docs.get(doc)?.root.pointer(at)?;
        Some(Node {
            doc,
            at: at.to_owned(),
            value,
        })
    }

    /// Where the ref `reference`, written in document `from`, leads.
    pub fn target(&self, from: usize, reference: &str) -> Result<Target, String> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let doc = self.doc_of(from, file)?;
        let pointer = percent_encoding::percent_decode_str(fragment)
            .decode_utf8_lossy()
            .into_owned();
        let target = Target { doc, pointer };
        if self.get(&target).is_none() {
            return Err(format!(
                "`{reference}` leads nowhere: `{}` has no `{}`",
                self.docs[doc].path.display(),
                if target.pointer.is_empty() {
                    "/"
                } else {
                    &target.pointer
                }
            ));
        }
        Ok(target)
    }

    /// `node` itself, or what its chain of `$ref`s leads to. A ref that
    /// leads nowhere, a cycle, or a chain longer than `MAX_HOPS` (64) is
    /// [`Broken`], at the ref that breaks it.
    pub fn follow<'d>(&'d self, node: &Node<'d>) -> Result<Node<'d>, Broken> {
        let mut current = node.clone();
        let mut seen: Vec<(usize, String)> = Vec::new();
        for _ in 0..MAX_HOPS {
            let Some(reference) = current.reference() else {
                return Ok(current);
            };
            let broken = |message: String| Broken {
                doc: current.doc,
                at: format!("{}/$ref", current.at),
                message,
            };
            if seen
                .iter()
                .any(|(d, a)| *d == current.doc && *a == current.at)
            {
                return Err(broken(format!(
                    "`{reference}` leads back to itself through refs"
                )));
            }
            seen.push((current.doc, current.at.clone()));
            let target = self.target(current.doc, reference).map_err(broken)?;
            let value = &self.docs[target.doc].root;
            let value = value
                .pointer(&target.pointer)
                .expect("target() checked that the pointer leads somewhere");
            current = Node {
                doc: target.doc,
                at: target.pointer,
                value,
            };
        }
        Err(Broken {
            doc: node.doc,
            at: node.at.clone(),
            message: format!("more than {MAX_HOPS} refs in a row"),
        })
    }

    /// Where `node`'s ref leads, if it has one that leads somewhere (the
    /// first hop only: a component named through an alias keeps its name).
    pub fn first_hop(&self, node: &Node<'_>) -> Option<Result<Target, Broken>> {
        let reference = node.reference()?;
        Some(self.target(node.doc, reference).map_err(|message| Broken {
            doc: node.doc,
            at: format!("{}/$ref", node.at),
            message,
        }))
    }
}
