//! `{variable}` templates, as in paths (`/{module_api_name}/{record_id}`)
//! and scopes (`ZohoCRM.modules.{module_name}.ALL`): parsed once, here.

/// A template split into literal text and `{variables}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Template {
    /// The text as written in the spec.
    pub text: String,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Part {
    Literal(String),
    Var(String),
}

/// Why a text is not a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// A `{` without its `}`.
    Unclosed,
    /// A `}` without its `{`.
    Unopened,
    /// `{}`, or a `{` inside a variable's name.
    BadVariable,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TemplateError::Unclosed => "has a `{` without `}`",
            TemplateError::Unopened => "has a `}` without `{`",
            TemplateError::BadVariable => "has an empty or nested `{variable}`",
        })
    }
}

impl Template {
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(TemplateError::Unopened);
            }
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_owned()));
            }
            let Some(len) = rest[open..].find('}') else {
                return Err(TemplateError::Unclosed);
            };
            let name = &rest[open + 1..open + len];
            if name.is_empty() || name.contains('{') {
                return Err(TemplateError::BadVariable);
            }
            parts.push(Part::Var(name.to_owned()));
            rest = &rest[open + len + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_owned()));
        }
        Ok(Template {
            text: text.to_owned(),
            parts,
        })
    }

    /// The variables, in order of appearance.
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var(v) => Some(v.as_str()),
            Part::Literal(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Part {
        Part::Literal(s.to_owned())
    }
    fn var(s: &str) -> Part {
        Part::Var(s.to_owned())
    }

    #[test]
    fn splits_literals_and_variables() {
        let t = Template::parse("/{module}/{id}/Attachments").unwrap();
        assert_eq!(
            t.parts,
            [
                lit("/"),
                var("module"),
                lit("/"),
                var("id"),
                lit("/Attachments")
            ]
        );
        assert_eq!(t.vars().collect::<Vec<_>>(), ["module", "id"]);
        assert_eq!(
            Template::parse("a.{x}{y}").unwrap().parts,
            [lit("a."), var("x"), var("y")]
        );
        assert_eq!(Template::parse("").unwrap().parts, []);
        assert_eq!(Template::parse("plain").unwrap().parts, [lit("plain")]);
    }

    #[test]
    fn refuses_unbalanced_and_empty_braces() {
        assert_eq!(Template::parse("/a/{id"), Err(TemplateError::Unclosed));
        assert_eq!(Template::parse("/a/id}"), Err(TemplateError::Unopened));
        assert_eq!(Template::parse("/a/{}"), Err(TemplateError::BadVariable));
        assert_eq!(Template::parse("/{a{b}}"), Err(TemplateError::BadVariable));
    }
}
