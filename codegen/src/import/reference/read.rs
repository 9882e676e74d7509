//! One reference page, read with a profile: its sections by heading, and
//! in them the entries the profile describes, each with its line.

use std::path::{Path, PathBuf};

use regex::Regex;

use heck::ToSnakeCase;

fn snake(name: &str) -> String {
    name.to_snake_case()
}
use crate::profile::{Joiner, PageProfile};

/// A profile's patterns, compiled.
pub struct Patterns {
    pub profile: PageProfile,
    sections: Vec<(Section, Vec<Regex>)>,
    pub endpoint: Regex,
    pub list_separator: Regex,
    pub value_entry: Option<Regex>,
    pub entry: Regex,
    pub required: Regex,
    pub error: Regex,
    pub resolution: Option<Regex>,
    pub scope: Option<(Regex, Regex, Regex)>,
    pub header: Option<Regex>,
    pub url_prefix: Option<Regex>,
    pub menu: Option<Regex>,
    pub section_end: Vec<Regex>,
}

/// The kinds of section a profile names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Purpose,
    Endpoints,
    RequestUrl,
    Values,
    ValueNames,
    ValueLines,
    Headers,
    Scopes,
    Parameters,
    FormData,
    BodyKeys,
    SampleInput,
    SampleRequest,
    Errors,
    ResponseKeys,
    SampleResponse,
}

fn compile(what: &str, pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|e| format!("the profile's `{what}` is not a pattern: {e}"))
}

impl Patterns {
    /// Compiles a profile; a pattern that does not compile is an error
    /// naming its key.
    pub fn new(profile: PageProfile) -> Result<Patterns, Vec<String>> {
        let mut problems = Vec::new();
        let mut one = |what: &str, pattern: &str| match compile(what, pattern) {
            Ok(r) => Some(r),
            Err(e) => {
                problems.push(e);
                None
            }
        };
        let s = &profile.sections;
        let kinds: [(Section, &str, &Vec<String>); 16] = [
            (Section::Purpose, "purpose", &s.purpose),
            (Section::Endpoints, "endpoints", &s.endpoints),
            (Section::RequestUrl, "request_url", &s.request_url),
            (Section::Values, "values", &s.values),
            (Section::ValueNames, "value_names", &s.value_names),
            (Section::ValueLines, "value_lines", &s.value_lines),
            (Section::Headers, "headers", &s.headers),
            (Section::Scopes, "scopes", &s.scopes),
            (Section::Parameters, "parameters", &s.parameters),
            (Section::FormData, "form_data", &s.form_data),
            (Section::BodyKeys, "body_keys", &s.body_keys),
            (Section::SampleInput, "sample_input", &s.sample_input),
            (Section::SampleRequest, "sample_request", &s.sample_request),
            (Section::Errors, "errors", &s.errors),
            (Section::ResponseKeys, "response_keys", &s.response_keys),
            (
                Section::SampleResponse,
                "sample_response",
                &s.sample_response,
            ),
        ];
        let mut sections = Vec::new();
        for (kind, key, list) in kinds {
            let compiled: Vec<Regex> = list
                .iter()
                .filter_map(|p| one(&format!("sections.{key}"), p))
                .collect();
            sections.push((kind, compiled));
        }
        let mut words: Vec<&String> = profile.entry.types.keys().collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let words: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
        let entry_pattern = profile
            .entry
            .pattern
            .replace("{types}", &format!("(?i:{})", words.join("|")));
        let endpoint = one("endpoint", &profile.endpoint);
        let list_separator = one("list_separator", &profile.list_separator);
        let value_entry = profile
            .value_entry
            .as_deref()
            .and_then(|p| one("value_entry", p));
        let entry = one("entry.pattern", &entry_pattern);
        let required = one("entry.required", &profile.entry.required);
        let error = one("error.pattern", &profile.error.pattern);
        let resolution = profile
            .error
            .resolution
            .as_deref()
            .and_then(|p| one("error.resolution", p));
        let scope = profile.scope.as_ref().and_then(|s| {
            Some((
                one("scope.pattern", &s.pattern)?,
                one("scope.or", &s.or)?,
                one("scope.and", &s.and)?,
            ))
        });
        let header = profile.header.as_deref().and_then(|p| one("header", p));
        let url_prefix = profile
            .url_prefix
            .as_deref()
            .and_then(|p| one("url_prefix", p));
        let menu = profile.menu.as_deref().and_then(|p| one("menu", p));
        let section_end: Vec<Regex> = profile
            .section_end
            .iter()
            .filter_map(|p| one("section_end", p))
            .collect();
        match (endpoint, list_separator, entry, required, error) {
            (Some(endpoint), Some(list_separator), Some(entry), Some(required), Some(error))
                if problems.is_empty() =>
            {
                Ok(Patterns {
                    profile,
                    sections,
                    endpoint,
                    list_separator,
                    value_entry,
                    entry,
                    required,
                    error,
                    resolution,
                    scope,
                    header,
                    url_prefix,
                    menu,
                    section_end,
                })
            }
            _ => Err(problems),
        }
    }

    /// The kind of section a heading opens.
    pub fn section(&self, heading: &str) -> Option<Section> {
        self.sections
            .iter()
            .find(|(_, patterns)| patterns.iter().any(|p| p.is_match(heading)))
            .map(|(kind, _)| *kind)
    }

    /// Every kind of section a heading opens: a heading that several kinds
    /// name (`^Responses$` as errors, response keys and samples) is read as
    /// each of them.
    pub fn kinds(&self, heading: &str) -> Vec<Section> {
        self.sections
            .iter()
            .filter(|(_, patterns)| patterns.iter().any(|p| p.is_match(heading)))
            .map(|(kind, _)| *kind)
            .collect()
    }
}

/// A line of the page: its number (from 1) and text, Markdown escapes
/// undone.
#[derive(Debug, Clone)]
pub struct Line {
    pub number: usize,
    pub text: String,
}

/// A code block.
#[derive(Debug, Clone)]
pub struct Block {
    /// The fence's info word (`json`, `curl`).
    pub info: String,
    /// Its first line's number.
    pub line: usize,
    /// Its text, the scrape's marks taken off.
    pub text: String,
    /// The heading it stands under.
    pub heading: String,
}

/// One section: its kind, heading, lines and blocks.
#[derive(Debug, Clone)]
pub struct SectionText {
    pub kind: Section,
    pub heading: String,
    pub line: usize,
    pub lines: Vec<Line>,
    pub blocks: Vec<Block>,
}

/// A page split into its sections.
#[derive(Debug, Clone)]
pub struct Split {
    pub path: PathBuf,
    pub title: Option<Line>,
    /// The lines before the title (the site's menu).
    pub before: Vec<Line>,
    /// Every line after the title outside code blocks.
    pub body: Vec<Line>,
    /// Every line after the title inside code blocks.
    pub code_lines: Vec<Line>,
    pub sections: Vec<SectionText>,
}

/// Undoes Markdown's backslash escapes (`module\_name` → `module_name`).
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_punctuation() {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

fn heading_of(line: &str) -> Option<(usize, String)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = line[level..].strip_prefix(' ')?;
    let text = unescape(rest).replace("**", "");
    Some((level, text.trim().to_owned()))
}

/// Splits a page (Markdown) into sections by the profile's headings. A
/// section runs to the next heading of its level or above, or to the next
/// heading the profile names.
pub fn split(path: &Path, text: &str, patterns: &Patterns) -> Split {
    let code = &patterns.profile.code;
    let mut out = Split {
        path: path.to_owned(),
        title: None,
        before: Vec::new(),
        body: Vec::new(),
        code_lines: Vec::new(),
        sections: Vec::new(),
    };
    let mut current: Option<(usize, SectionText)> = None;
    let mut heading = String::new();
    let mut fence: Option<(String, usize, Vec<String>)> = None;
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let trimmed = raw.trim_start();
        if let Some((info, start, mut lines)) = fence.take() {
            if trimmed.starts_with("```") {
                let mut body = lines.join("\n");
                for prefix in &code.strip_prefix {
                    if let Some(rest) = body.strip_prefix(prefix.as_str()) {
                        body = rest.to_owned();
                    }
                }
                if !code.strip_line_suffix.is_empty() {
                    body = body
                        .lines()
                        .map(|l| {
                            let l = l.trim_end();
                            code.strip_line_suffix
                                .iter()
                                .find_map(|s| l.strip_suffix(s.as_str()))
                                .unwrap_or(l)
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                }
                if let Some((_, section)) = &mut current {
                    section.blocks.push(Block {
                        info,
                        line: start,
                        text: body,
                        heading: heading.clone(),
                    });
                }
            } else {
                out.code_lines.push(Line {
                    number,
                    text: raw.trim().to_owned(),
                });
                lines.push(raw.to_owned());
                fence = Some((info, start, lines));
            }
            continue;
        }
        if let Some(info) = trimmed.strip_prefix("```") {
            if out.title.is_some() {
                fence = Some((info.trim().to_owned(), number + 1, Vec::new()));
            }
            continue;
        }
        let line = Line {
            number,
            text: unescape(raw),
        };
        if out.title.is_none() {
            match heading_of(raw) {
                Some((1, title)) => {
                    out.title = Some(Line {
                        number,
                        text: title,
                    })
                }
                _ => out.before.push(line),
            }
            continue;
        }
        if let Some((level, text)) = heading_of(raw) {
            heading = text.clone();
            let kind = patterns.section(&text);
            let ends = match &current {
                Some((open, _)) => kind.is_some() || level <= *open,
                None => true,
            };
            if ends {
                if let Some((_, done)) = current.take() {
                    out.sections.push(done);
                }
                if let Some(kind) = kind {
                    current = Some((
                        level,
                        SectionText {
                            kind,
                            heading: text,
                            line: number,
                            lines: Vec::new(),
                            blocks: Vec::new(),
                        },
                    ));
                }
            }
            continue;
        }
        out.body.push(line.clone());
        if current.is_some()
            && patterns
                .section_end
                .iter()
                .any(|p| p.is_match(line.text.trim()))
        {
            if let Some((_, done)) = current.take() {
                out.sections.push(done);
            }
            continue;
        }
        if let Some((_, section)) = &mut current {
            section.lines.push(line);
        }
    }
    if let Some((_, done)) = current.take() {
        out.sections.push(done);
    }
    out
}

/// An endpoint line.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub method: String,
    /// The path as written, query included.
    pub written: String,
    /// The path: placeholders in snake case, no query, one leading `/`.
    pub path: String,
    /// The query's keys, and the placeholder each takes, if any.
    pub query: Vec<(String, Option<String>)>,
    pub url: Option<String>,
    pub line: usize,
    /// What was put right in the path, for the report.
    pub repairs: Vec<String>,
}

/// A parameter or key entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    /// The vendor's type word, and ours.
    pub word: String,
    pub ty: String,
    pub required: bool,
    pub description: Option<String>,
    pub line: usize,
}

/// An error entry.
#[derive(Debug, Clone)]
pub struct ErrorEntry {
    pub code: String,
    pub status: u16,
    pub message: Option<String>,
    pub resolution: Option<String>,
    pub line: usize,
}

/// A scope expression as the page writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scopes {
    One(String),
    All(Vec<Scopes>),
    Any(Vec<Scopes>),
}

/// Everything a page says, read.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: PathBuf,
    pub title: String,
    pub title_line: usize,
    pub purpose: Option<String>,
    pub endpoints: Vec<Endpoint>,
    /// Whether the endpoints were found outside an endpoints section.
    pub endpoints_elsewhere: bool,
    pub request_urls: Vec<Line>,
    /// Values of a list section (display names), with the section's line.
    pub values: Vec<(String, usize)>,
    pub value_names: Vec<String>,
    pub value_lines: Vec<(String, Option<String>, usize)>,
    pub headers: Vec<(String, String, usize)>,
    pub scopes: Option<(Scopes, usize)>,
    pub params: Vec<Entry>,
    pub form: Vec<Entry>,
    pub body_keys: Vec<Entry>,
    pub sample_inputs: Vec<Block>,
    pub sample_requests: Vec<Block>,
    pub sample_responses: Vec<Block>,
    pub errors: Vec<ErrorEntry>,
    pub response_keys: Vec<Entry>,
    /// The menu's entries: method, title, URL.
    pub menu: Vec<(String, String, String)>,
}

/// Reads a page with the profile.
pub fn read(path: &Path, text: &str, patterns: &Patterns) -> Page {
    let split = split(path, text, patterns);
    let (title, title_line) = split
        .title
        .as_ref()
        .map_or((String::new(), 0), |l| (l.text.clone(), l.number));
    let mut page = Page {
        path: path.to_owned(),
        title,
        title_line,
        purpose: None,
        endpoints: Vec::new(),
        endpoints_elsewhere: false,
        request_urls: Vec::new(),
        values: Vec::new(),
        value_names: Vec::new(),
        value_lines: Vec::new(),
        headers: Vec::new(),
        scopes: None,
        params: Vec::new(),
        form: Vec::new(),
        body_keys: Vec::new(),
        sample_inputs: Vec::new(),
        sample_requests: Vec::new(),
        sample_responses: Vec::new(),
        errors: Vec::new(),
        response_keys: Vec::new(),
        menu: Vec::new(),
    };
    if let Some(menu) = &patterns.menu {
        for line in &split.before {
            if let Some(c) = menu.captures(&line.text) {
                let get = |k: &str| c.name(k).map_or("", |m| m.as_str()).trim().to_owned();
                page.menu.push((get("method"), get("title"), get("url")));
            }
        }
    }
    for section in &split.sections {
        let text_lines = || section.lines.iter().filter(|l| !l.text.trim().is_empty());
        let mut kinds = patterns.kinds(&section.heading);
        if kinds.is_empty() {
            kinds.push(section.kind);
        }
        for kind in kinds {
            match kind {
                Section::Purpose => {
                    if page.purpose.is_none() {
                        let words: Vec<&str> = text_lines().map(|l| l.text.trim()).collect();
                        if !words.is_empty() {
                            page.purpose = Some(words.join("\n\n"));
                        }
                    }
                }
                Section::Endpoints => {
                    for line in &section.lines {
                        page.endpoints.extend(endpoints_in(line, patterns));
                    }
                }
                Section::RequestUrl => page.request_urls.extend(text_lines().cloned()),
                Section::Values => {
                    if page.values.is_empty() {
                        if let Some(first) = text_lines().next() {
                            page.values = list(&first.text, patterns)
                                .into_iter()
                                .map(|v| (v, first.number))
                                .collect();
                        }
                    }
                }
                Section::ValueNames => {
                    if page.value_names.is_empty() {
                        if let Some(first) = text_lines().next() {
                            page.value_names = list(&first.text, patterns);
                        }
                    }
                }
                Section::ValueLines => {
                    if let Some(pattern) = &patterns.value_entry {
                        for line in text_lines() {
                            if let Some(c) = pattern.captures(line.text.trim()) {
                                let value = c.name("value").map_or("", |m| m.as_str()).trim();
                                if value.is_empty() {
                                    continue;
                                }
                                let description = c
                                    .name("description")
                                    .map(|m| m.as_str().trim().to_owned())
                                    .filter(|d| !d.is_empty());
                                page.value_lines
                                    .push((value.to_owned(), description, line.number));
                            }
                        }
                    }
                }
                Section::Headers => {
                    if let Some(pattern) = &patterns.header {
                        for line in text_lines() {
                            let cleaned = line.text.replace("**", "");
                            if let Some(c) = pattern.captures(cleaned.trim()) {
                                let name = c.name("name").map_or("", |m| m.as_str()).trim();
                                let value = c.name("value").map_or("", |m| m.as_str()).trim();
                                if !name.is_empty() {
                                    page.headers.push((
                                        name.to_owned(),
                                        value.to_owned(),
                                        line.number,
                                    ));
                                }
                            }
                        }
                    }
                }
                Section::Scopes => {
                    if page.scopes.is_none() {
                        if let Some(expr) = scopes(&section.lines, patterns) {
                            page.scopes = Some((expr, section.line));
                        }
                    }
                }
                Section::Parameters => page.params.extend(entries(&section.lines, patterns)),
                Section::FormData => page.form.extend(entries(&section.lines, patterns)),
                Section::BodyKeys => page.body_keys.extend(entries(&section.lines, patterns)),
                Section::ResponseKeys => {
                    page.response_keys.extend(entries(&section.lines, patterns))
                }
                Section::SampleInput => page.sample_inputs.extend(section.blocks.iter().cloned()),
                Section::SampleRequest => {
                    page.sample_requests.extend(section.blocks.iter().cloned())
                }
                Section::SampleResponse => {
                    page.sample_responses.extend(section.blocks.iter().cloned())
                }
                Section::Errors => page.errors.extend(errors(&section.lines, patterns)),
            }
        }
    }
    if page.endpoints.is_empty() {
        // A page without the heading may still name its endpoint.
        for line in &split.body {
            page.endpoints.extend(endpoints_in(line, patterns));
        }
        if page.endpoints.is_empty() && patterns.profile.endpoint_in_code {
            for line in &split.code_lines {
                page.endpoints.extend(endpoints_in(line, patterns));
            }
        }
        page.endpoints_elsewhere = !page.endpoints.is_empty();
    }
    page
}

fn list(text: &str, patterns: &Patterns) -> Vec<String> {
    patterns
        .list_separator
        .split(text.trim().trim_end_matches('.'))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

/// The endpoints a line names (several where a page lists them on one).
pub fn endpoints_in(line: &Line, patterns: &Patterns) -> Vec<Endpoint> {
    patterns
        .endpoint
        .captures_iter(&line.text)
        .filter_map(|c| {
            let method = c.name("method")?.as_str().to_ascii_uppercase();
            let written = c.name("path")?.as_str().trim().to_owned();
            let url = c.name("url").map(|m| m.as_str().to_owned());
            Some(normalize(method, written, url, line.number))
        })
        .collect()
}

/// An endpoint's path as our format writes it: one leading `/`, balanced
/// placeholders in snake case, the query apart.
fn normalize(method: String, written: String, url: Option<String>, line: usize) -> Endpoint {
    let mut repairs = Vec::new();
    let (path_part, query_part) = match written.split_once('?') {
        Some((p, q)) => (p.trim().to_owned(), Some(q.to_owned())),
        None => (written.clone(), None),
    };
    let mut path = String::new();
    let mut rest = path_part.as_str();
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let after = &rest[open..];
        let inner_start = after.trim_start_matches('{');
        let Some(close) = inner_start.find('}') else {
            path.push_str(after);
            rest = "";
            break;
        };
        let name = snake(inner_start[..close].trim());
        path.push('{');
        path.push_str(&name);
        path.push('}');
        let mut tail = &inner_start[close..];
        let closes = tail.len() - tail.trim_start_matches('}').len();
        let opens = after.len() - inner_start.len();
        if closes != 1 || opens != 1 {
            repairs.push(format!(
                "the placeholder `{}` has unbalanced braces: read as `{{{name}}}`",
                &after[..opens + close + closes]
            ));
        }
        tail = &tail[closes..];
        rest = tail;
    }
    path.push_str(rest);
    if !path.starts_with('/') {
        repairs.push("the path has no leading `/`: one is put in front".to_owned());
        path.insert(0, '/');
    }
    let path = path.trim_end_matches('/').to_owned();
    let path = if path.is_empty() {
        "/".to_owned()
    } else {
        path
    };
    let query = query_part
        .map(|q| {
            q.split('&')
                .filter_map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    let key = key.trim();
                    if key.is_empty() {
                        return None;
                    }
                    let value = value.trim().trim_matches(['{', '}']);
                    let single = !value.is_empty()
                        && value
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
                    Some((key.to_owned(), single.then(|| snake(value))))
                })
                .collect()
        })
        .unwrap_or_default();
    Endpoint {
        method,
        written,
        path,
        query,
        url,
        line,
        repairs,
    }
}

fn entries(lines: &[Line], patterns: &Patterns) -> Vec<Entry> {
    let types = &patterns.profile.entry.types;
    let mut out: Vec<Entry> = Vec::new();
    let mut open = false;
    for line in lines {
        if let Some(c) = patterns.entry.captures(line.text.trim_end()) {
            let (Some(name), Some(word)) = (c.name("name"), c.name("type")) else {
                continue;
            };
            let word = word.as_str().trim().to_owned();
            let ty = types
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&word))
                .map_or("json", |(_, v)| v.as_str())
                .to_owned();
            let required = c
                .name("flags")
                .is_some_and(|f| patterns.required.is_match(f.as_str().trim()));
            out.push(Entry {
                name: name.as_str().to_owned(),
                word,
                ty,
                required,
                description: None,
                line: line.number,
            });
            open = true;
            continue;
        }
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(last) = out.last_mut().filter(|_| open) {
            if last.description.is_none() {
                last.description = Some(text.to_owned());
            }
            open = false;
        }
    }
    out
}

fn errors(lines: &[Line], patterns: &Patterns) -> Vec<ErrorEntry> {
    let mut out: Vec<ErrorEntry> = Vec::new();
    for line in lines {
        let text = line.text.trim();
        if let Some(c) = patterns.error.captures(text) {
            let code = c.name("code").map_or("", |m| m.as_str()).trim().to_owned();
            let status = c.name("status").and_then(|m| m.as_str().parse().ok());
            if let (false, Some(status)) = (code.is_empty(), status) {
                out.push(ErrorEntry {
                    code,
                    status,
                    message: None,
                    resolution: None,
                    line: line.number,
                });
                continue;
            }
        }
        if text.is_empty() {
            continue;
        }
        let Some(last) = out.last_mut() else { continue };
        let resolution = patterns
            .resolution
            .as_ref()
            .and_then(|r| r.captures(text))
            .map(|c| c.name("text").map_or("", |m| m.as_str()).trim().to_owned());
        match resolution {
            Some(r) if last.resolution.is_none() => last.resolution = Some(r),
            Some(_) => {}
            None if last.message.is_none() && last.resolution.is_none() => {
                last.message = Some(text.to_owned())
            }
            None => {}
        }
    }
    out
}

/// A scope section's expression: scope lines joined by OR and AND lines,
/// the tighter joiner grouping first.
fn scopes(lines: &[Line], patterns: &Patterns) -> Option<Scopes> {
    let (scope, or, and) = patterns.scope.as_ref()?;
    let tighter = patterns
        .profile
        .scope
        .as_ref()
        .map_or(Joiner::Or, |s| s.tighter);
    // Groups of the looser joiner, each a list joined by the tighter one.
    let mut groups: Vec<Vec<String>> = vec![Vec::new()];
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        let (is_or, is_and) = (or.is_match(text), and.is_match(text));
        let looser = match tighter {
            Joiner::Or => is_and,
            Joiner::And => is_or,
        };
        if looser {
            groups.push(Vec::new());
        } else if let Some(c) = scope.captures(text) {
            if let Some(s) = c.name("scope") {
                for one in s.as_str().split(',') {
                    let one = one.trim();
                    if !one.is_empty() {
                        groups.last_mut().expect("one group").push(one.to_owned());
                    }
                }
            }
        }
    }
    let tight = |list: Vec<String>| -> Option<Scopes> {
        let mut items: Vec<Scopes> = list.into_iter().map(Scopes::One).collect();
        match items.len() {
            0 => None,
            1 => items.pop(),
            _ => Some(match tighter {
                Joiner::Or => Scopes::Any(items),
                Joiner::And => Scopes::All(items),
            }),
        }
    };
    let mut groups: Vec<Scopes> = groups.into_iter().filter_map(tight).collect();
    match groups.len() {
        0 => None,
        1 => groups.pop(),
        _ => Some(match tighter {
            Joiner::Or => Scopes::All(groups),
            Joiner::And => Scopes::Any(groups),
        }),
    }
}
