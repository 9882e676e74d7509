use std::fmt;

/// A scope requirement, as the vendor documents it: scope templates joined
/// by AND / OR. A template may hold `{variables}`, bound per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeExpr {
    /// One scope, possibly a template such as `ZohoCRM.modules.{module_name}.ALL`.
    Scope(&'static str),
    /// Every sub-requirement must hold.
    AllOf(&'static [ScopeExpr]),
    /// At least one sub-requirement must hold.
    AnyOf(&'static [ScopeExpr]),
}

/// What a template variable stands for in one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeValue<'a> {
    /// Exactly this value (such as the module of the request).
    One(&'a str),
    /// Any of these values (such as any documented operation type).
    AnyOf(&'static [&'static str]),
}

/// The requirements a set of granted scopes does not meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingScopes {
    /// Each entry is unmet; granting any one of its scopes would meet it.
    pub missing: Vec<Vec<String>>,
}

impl fmt::Display for MissingScopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("missing OAuth scopes: ")?;
        for (i, alternatives) in self.missing.iter().enumerate() {
            if i > 0 {
                f.write_str(" AND ")?;
            }
            if alternatives.len() == 1 {
                f.write_str(&alternatives[0])?;
            } else {
                write!(f, "one of ({})", alternatives.join(" | "))?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for MissingScopes {}

impl ScopeExpr {
    /// Checks granted scopes against the requirement, with template
    /// variables bound by `bind`. Scope names compare exactly.
    pub fn check<'a, S: AsRef<str>>(
        &self,
        granted: &[S],
        bind: &dyn Fn(&str) -> Option<ScopeValue<'a>>,
    ) -> Result<(), MissingScopes> {
        let missing = self.unmet(granted, bind);
        if missing.is_empty() {
            Ok(())
        } else {
            Err(MissingScopes { missing })
        }
    }

    /// Every concrete scope a template stands for, given the bindings.
    pub fn expand<'a>(
        template: &str,
        bind: &dyn Fn(&str) -> Option<ScopeValue<'a>>,
    ) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(len) = rest[open..].find('}') else {
                break;
            };
            let literal = &rest[..open];
            let var = &rest[open + 1..open + len];
            let values: Vec<&str> = match bind(var) {
                Some(ScopeValue::One(v)) => vec![v],
                Some(ScopeValue::AnyOf(vs)) => vs.to_vec(),
                None => vec![&rest[open..=open + len]],
            };
            out = out
                .iter()
                .flat_map(|prefix| values.iter().map(move |v| format!("{prefix}{literal}{v}")))
                .collect();
            rest = &rest[open + len + 1..];
        }
        for s in &mut out {
            s.push_str(rest);
        }
        out
    }

    fn holds<'a, S: AsRef<str>>(
        &self,
        granted: &[S],
        bind: &dyn Fn(&str) -> Option<ScopeValue<'a>>,
    ) -> bool {
        self.unmet(granted, bind).is_empty()
    }

    fn unmet<'a, S: AsRef<str>>(
        &self,
        granted: &[S],
        bind: &dyn Fn(&str) -> Option<ScopeValue<'a>>,
    ) -> Vec<Vec<String>> {
        match self {
            ScopeExpr::Scope(template) => {
                let candidates = Self::expand(template, bind);
                if candidates
                    .iter()
                    .any(|c| granted.iter().any(|g| g.as_ref() == c))
                {
                    Vec::new()
                } else {
                    vec![candidates]
                }
            }
            ScopeExpr::AllOf(all) => all.iter().flat_map(|e| e.unmet(granted, bind)).collect(),
            ScopeExpr::AnyOf(any) => {
                if any.iter().any(|e| e.holds(granted, bind)) {
                    Vec::new()
                } else {
                    // One entry: meeting any single alternative would do.
                    vec![any.iter().flat_map(|e| e.alternatives(bind)).collect()]
                }
            }
        }
    }

    /// Ways to satisfy this expression, each as one line of scopes.
    fn alternatives<'a>(&self, bind: &dyn Fn(&str) -> Option<ScopeValue<'a>>) -> Vec<String> {
        match self {
            ScopeExpr::Scope(t) => Self::expand(t, bind),
            ScopeExpr::AnyOf(any) => any.iter().flat_map(|e| e.alternatives(bind)).collect(),
            ScopeExpr::AllOf(all) => {
                let parts: Vec<String> = all
                    .iter()
                    .map(|e| {
                        let alts = e.alternatives(bind);
                        if alts.len() == 1 {
                            alts[0].clone()
                        } else {
                            format!("({})", alts.join(" | "))
                        }
                    })
                    .collect();
                vec![parts.join(" + ")]
            }
        }
    }
}

impl fmt::Display for ScopeExpr {
    /// The requirement as the vendor writes it: `(A OR B) AND C`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (list, sep) = match self {
            ScopeExpr::Scope(s) => return f.write_str(s),
            ScopeExpr::AllOf(l) => (l, " AND "),
            ScopeExpr::AnyOf(l) => (l, " OR "),
        };
        for (i, e) in list.iter().enumerate() {
            if i > 0 {
                f.write_str(sep)?;
            }
            match e {
                ScopeExpr::Scope(_) => write!(f, "{e}")?,
                _ => write!(f, "({e})")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NESTED: ScopeExpr = ScopeExpr::AllOf(&[
        ScopeExpr::AnyOf(&[
            ScopeExpr::Scope("Crm.modules.ALL"),
            ScopeExpr::Scope("Crm.modules.{module}.{op}"),
        ]),
        ScopeExpr::Scope("Crm.modules.attachments.{op}"),
    ]);

    fn bind(var: &str) -> Option<ScopeValue<'static>> {
        match var {
            "module" => Some(ScopeValue::One("leads")),
            "op" => Some(ScopeValue::AnyOf(&["ALL", "WRITE", "CREATE"])),
            _ => None,
        }
    }

    #[test]
    fn and_or_expressions_are_checked() {
        assert!(NESTED
            .check(
                &["Crm.modules.ALL", "Crm.modules.attachments.CREATE"],
                &bind
            )
            .is_ok());
        assert!(NESTED
            .check(
                &["Crm.modules.leads.WRITE", "Crm.modules.attachments.ALL"],
                &bind
            )
            .is_ok());
        let err = NESTED
            .check(
                &["Crm.modules.deals.ALL", "Crm.modules.attachments.ALL"],
                &bind,
            )
            .unwrap_err();
        assert_eq!(
            err.missing,
            vec![vec![
                "Crm.modules.ALL".to_owned(),
                "Crm.modules.leads.ALL".to_owned(),
                "Crm.modules.leads.WRITE".to_owned(),
                "Crm.modules.leads.CREATE".to_owned(),
            ]]
        );
        let none: [&str; 0] = [];
        assert_eq!(NESTED.check(&none, &bind).unwrap_err().missing.len(), 2);
    }

    #[test]
    fn display_reads_like_the_docs() {
        assert_eq!(
            NESTED.to_string(),
            "(Crm.modules.ALL OR Crm.modules.{module}.{op}) AND Crm.modules.attachments.{op}"
        );
    }
}
