//! YAML front matter: the native keys of PRODUCT.md §1 and the keys docs sites use
//! (Docusaurus, Jekyll, KEP, MADR 3/4), read leniently into a [`Record`].
//!
//! Real front matter is full of keys for other tools and values of surprising types
//! (`nav_order: 0002`, empty keys, comma strings for lists); unknown keys are ignored,
//! a near-miss of a known key is a warning, and a value of the wrong shape is a warning
//! that names the key, never a failure of the whole record.

use serde_yaml::{Mapping, Value};

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Span};
use crate::discover::SourceText;
use crate::document::FrontMatter;
use crate::record::{Choice, Kind, Outcome, Record, Reference, Tradeoff, Verdict};

/// Keys hindsight understands; a key one or two letters off one of these gets a warning.
pub const KNOWN_KEYS: &[&str] = &[
    "id",
    "number",
    "title",
    "status",
    "date",
    "deciders",
    "decision-makers",
    "consulted",
    "informed",
    "tags",
    "options",
    "tradeoffs",
    "outcome",
    "revisit",
    "supersedes",
    "superseded_by",
    "superseded-by",
    "replaces",
    "relates",
    "related",
    "kind",
    "reviews",
    "verdict",
    "next_revisit",
    "creation-date",
];

/// Parses the YAML of the front matter into a mapping, or a diagnostic at the place
/// the YAML is broken.
#[allow(clippy::result_large_err)]
pub fn parse(fm: &FrontMatter<'_>, file: &SourceText) -> Result<Option<Mapping>, Diagnostic> {
    if fm.yaml.trim().is_empty() {
        return Ok(None);
    }
    if fm.toml {
        return match fm.yaml.parse::<toml::Table>() {
            Ok(t) => Ok(Some(toml_table(t))),
            Err(e) => {
                let line = e.span().map_or(0, |s| {
                    fm.yaml[..s.start.min(fm.yaml.len())].matches('\n').count()
                });
                Err(Diagnostic::error(
                    "front-matter",
                    format!("front matter is not valid TOML: {}", e.message()),
                )
                .at(
                    &file.display,
                    &file.text,
                    Span::new(fm.first_line + line, 1, 1),
                )
                .hint("write `key = \"value\"` lines between the `+++` fences"))
            }
        };
    }
    let parsed = match crate::yaml::parse_plain(fm.yaml) {
        Some(v) => Ok(v),
        None => serde_yaml::from_str::<Value>(fm.yaml),
    };
    match parsed {
        Ok(Value::Mapping(m)) => Ok(Some(m)),
        Ok(Value::Null) => Ok(None),
        Ok(_) => Err(Diagnostic::error(
            "front-matter",
            "front matter is not a mapping of keys to values",
        )
        .at(&file.display, &file.text, Span::new(fm.first_line, 1, 3))
        .hint("write `key: value` lines between the `---` fences")),
        Err(e) => {
            let mut span = e
                .location()
                .map(|l| {
                    Span::new(
                        fm.first_line + l.line().saturating_sub(1),
                        l.column().max(1),
                        1,
                    )
                })
                .unwrap_or(Span::new(fm.first_line, 1, 1));
            let full = e.to_string();
            let mut msg = full.split(" at line ").next().unwrap_or(&full).to_string();
            // `..., while parsing a flow sequence at line 2 column 7`: the construct that is
            // unfinished is where the author has to look.
            if let Some((_, context)) = full.split_once(", while parsing ") {
                let (what, at) = context.split_once(" at line ").unwrap_or((context, ""));
                let mut nums = at.split(" column ").map(|n| n.trim().parse::<usize>().ok());
                if let (Some(Some(line)), Some(Some(col))) = (nums.next(), nums.next()) {
                    span = Span::new(fm.first_line + line.saturating_sub(1), col.max(1), 1);
                }
                msg = format!("{msg} while parsing {what}");
            }
            Err(Diagnostic::error(
                "front-matter",
                format!("front matter is not valid YAML: {msg}"),
            )
            .at(&file.display, &file.text, span)
            .hint("quote values that contain `: ` or start with `[`, `{`, `*`, `&` or `@`"))
        }
    }
}

/// TOML front matter (Hugo's `+++`) as the YAML values the rest of the reader knows.
fn toml_table(t: toml::Table) -> Mapping {
    t.into_iter()
        .map(|(k, v)| (Value::String(k), toml_value(v)))
        .collect()
}

fn toml_value(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Sequence(a.into_iter().map(toml_value).collect()),
        toml::Value::Table(t) => Value::Mapping(toml_table(t)),
    }
}

/// Reads front matter values for one file, reporting problems against it.
pub struct Fields<'a> {
    pub map: &'a Mapping,
    /// The map's string keys and their values, in order: a front matter has a dozen keys
    /// and each field tries several spellings, so a short scan beats hashing every try.
    by_key: Vec<(&'a str, &'a Value)>,
    fm: FrontMatter<'a>,
    file: &'a SourceText,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    pub fn new(map: &'a Mapping, fm: FrontMatter<'a>, file: &'a SourceText) -> Fields<'a> {
        Fields {
            map,
            by_key: map
                .iter()
                .filter_map(|(k, v)| Some((k.as_str()?, v)))
                .collect(),
            fm,
            file,
            diagnostics: Vec::new(),
        }
    }

    /// The value of the first of `keys` present (and not null).
    pub fn get<'k>(&self, keys: &[&'k str]) -> Option<(&'k str, &'a Value)> {
        keys.iter().find_map(|&k| {
            self.by_key
                .iter()
                .find(|(name, _)| *name == k)
                .filter(|(_, v)| !v.is_null())
                .map(|&(_, v)| (k, v))
        })
    }

    /// Where `key` is written: its line in the front matter.
    pub fn span(&self, key: &str) -> Span {
        for (line, l) in (self.fm.first_line..).zip(self.fm.yaml.lines()) {
            if let Some(rest) = l.strip_prefix(key)
                && rest.trim_start().starts_with(':')
            {
                return Span::new(line, 1, key.chars().count());
            }
            let unquoted = l.trim_start_matches(['"', '\'']);
            if unquoted.starts_with(key) && l.starts_with(['"', '\'']) {
                return Span::new(line, 2, key.chars().count());
            }
        }
        Span::new(self.fm.first_line, 1, 0)
    }

    /// Where `needle` appears in the value of `key` (for references), else the key.
    pub fn value_span(&self, key: &str, needle: &str) -> Span {
        let key_span = self.span(key);
        let from = key_span.line - self.fm.first_line;
        for (k, l) in self.fm.yaml.lines().enumerate().skip(from) {
            if k > from && !l.starts_with([' ', '\t', '-']) {
                break;
            }
            let search_from = if k == from {
                l.find(':').map_or(0, |i| i + 1)
            } else {
                0
            };
            if let Some(at) = l[search_from..].find(needle) {
                let col = l[..search_from + at].chars().count() + 1;
                return Span::new(self.fm.first_line + k, col, needle.chars().count());
            }
        }
        key_span
    }

    fn warn(&mut self, key: &str, message: String, hint: &str) {
        let span = self.span(key);
        self.diagnostics.push(
            Diagnostic::warning("front-matter-value", message)
                .at(&self.file.display, &self.file.text, span)
                .hint(hint),
        );
    }

    /// A scalar as text (numbers and booleans too); empty strings are `None`.
    pub fn text(&mut self, keys: &[&str]) -> Option<String> {
        let (key, v) = self.get(keys)?;
        match scalar(v) {
            Some(s) if s.trim().is_empty() => None,
            Some(s) => Some(s.trim().to_string()),
            None => {
                self.warn(
                    key,
                    format!("`{key}` should be text, not a list or mapping"),
                    "write a single value",
                );
                None
            }
        }
    }

    /// A list of strings: a YAML list of scalars, or one comma-separated string.
    pub fn list(&mut self, keys: &[&str]) -> Vec<String> {
        let Some((key, v)) = self.get(keys) else {
            return Vec::new();
        };
        match v {
            Value::Sequence(items) => items
                .iter()
                .filter_map(|i| match scalar(i) {
                    Some(s) => Some(s),
                    None if i.is_null() => None,
                    None => {
                        // A mapping in a people list: `- name: ana`.
                        i.get("name").and_then(scalar)
                    }
                })
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            Value::Mapping(_) => {
                self.warn(
                    key,
                    format!("`{key}` should be a list"),
                    "write `[a, b]` or one `- item` per line",
                );
                Vec::new()
            }
            other => scalar(other)
                .map(|s| {
                    s.split(',')
                        .map(|p| p.trim().to_string())
                        .filter(|p| !p.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// A date (`2026-03-02`, or any form [`Date::find`] reads); a value that is no date is a warning.
    pub fn date(&mut self, keys: &[&str]) -> Option<Date> {
        let (key, _) = self.get(keys)?;
        let text = self.text(&[key])?;
        let date = Date::parse_iso(&text).or_else(|| Date::find(&text));
        if date.is_none() {
            self.warn(
                key,
                format!("`{key}: {text}` is not a date"),
                "write dates as YYYY-MM-DD, for example 2026-03-02",
            );
        }
        date
    }

    /// References to other records: one scalar or a list of them.
    pub fn references(&mut self, keys: &[&str]) -> Vec<Reference> {
        let Some((key, _)) = self.get(keys) else {
            return Vec::new();
        };
        let items = self.list(&[key]);
        items
            .into_iter()
            .map(|text| Reference {
                span: self.value_span(key, &text),
                text,
                partial: false,
            })
            .collect()
    }
}

/// A YAML scalar as text.
pub fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar(&t.value),
        _ => None,
    }
}

/// Fills `record` from the front matter keys; returns the warnings.
pub fn apply(
    record: &mut Record,
    map: &Mapping,
    fm: FrontMatter<'_>,
    file: &SourceText,
    options: &super::ReadOptions,
) -> Vec<Diagnostic> {
    let mut f = Fields::new(map, fm, file);

    for key in map.keys() {
        let Some(k) = key.as_str() else { continue };
        if KNOWN_KEYS.contains(&k) || KNOWN_KEYS.contains(&k.to_lowercase().as_str()) {
            continue;
        }
        if let Some(s) = crate::near_miss::suggest(k, KNOWN_KEYS) {
            let span = f.span(k);
            f.diagnostics.push(
                Diagnostic::warning("near-miss-key", format!("unknown key `{k}` is ignored"))
                    .at(&file.display, &file.text, span)
                    .hint(format!("did you mean `{s}`?")),
            );
        }
    }

    if let Some(n) = f.text(&["number", "id"]).and_then(|s| {
        s.trim_start_matches('0')
            .parse::<u32>()
            .ok()
            .or_else(|| s.parse().ok())
    }) {
        record.number = Some(n);
    }
    if let Some(title) = f.text(&["title"]) {
        record.title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    if let Some(status) = f.text(&["status"]) {
        record.status = crate::status::canonical(&status, &options.statuses).unwrap_or_default();
        if crate::status::canonical(&status, &options.statuses).is_none() {
            let span = f.span("status");
            f.diagnostics.push(
                Diagnostic::warning("unknown-status", format!("status `{status}` is not one hindsight knows"))
                    .at(&file.display, &file.text, span)
                    .hint("use proposed, accepted, rejected, deprecated or superseded, or map the word in hindsight.toml [statuses]"),
            );
        }
        record.status_raw = Some(status);
    }
    record.date = f.date(&["date", "creation-date", "created"]);
    record.deciders = f.list(&["deciders", "decision-makers"]);
    record.consulted = f.list(&["consulted"]);
    record.informed = f.list(&["informed"]);
    record.tags = f.list(&["tags"]);

    if let Some(kind) = f.text(&["kind"]) {
        match kind.to_lowercase().as_str() {
            "retrospective" | "retro" | "review" => record.kind = Kind::Retrospective,
            "decision" | "adr" | "record" => record.kind = Kind::Decision,
            _ => {
                let span = f.span("kind");
                f.diagnostics.push(
                    Diagnostic::warning(
                        "front-matter-value",
                        format!("`kind: {kind}` is not a kind of record"),
                    )
                    .at(&file.display, &file.text, span)
                    .hint("use `kind: decision` (the default) or `kind: retrospective`"),
                );
            }
        }
    }

    record.options = options_from(&mut f);
    record.tradeoffs = tradeoffs_from(&mut f);
    record.outcome = outcome_from(&mut f);
    revisit_from(&mut f, record);

    record.supersedes = f.references(&["supersedes", "replaces"]);
    record.superseded_by = f.references(&["superseded_by", "superseded-by"]);
    record.relates = f.references(&["relates", "related"]);
    record.reviews = f.references(&["reviews"]).into_iter().next();
    if let Some(v) = f.text(&["verdict"]) {
        record.verdict = Verdict::parse(&v);
        if record.verdict.is_none() {
            let span = f.span("verdict");
            f.diagnostics.push(
                Diagnostic::warning(
                    "front-matter-value",
                    format!("`verdict: {v}` is not a verdict"),
                )
                .at(&file.display, &file.text, span)
                .hint("use held-up, revised or reversed"),
            );
        }
    }
    record.next_revisit = f.date(&["next_revisit", "next-revisit"]);
    if record.reviews.is_some() {
        record.kind = Kind::Retrospective;
    }
    f.diagnostics
}

fn options_from(f: &mut Fields<'_>) -> Vec<Choice> {
    let Some((key, Value::Sequence(items))) = f.get(&["options"]) else {
        if let Some((key, _)) = f.get(&["options"]) {
            f.warn(
                key,
                "`options` should be a list".into(),
                "write one `- name: ...` per option",
            );
        }
        return Vec::new();
    };
    let _ = key;
    items
        .iter()
        .filter_map(|item| match item {
            Value::Mapping(m) => {
                let get = |k: &str| {
                    m.get(k)
                        .and_then(scalar)
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                };
                let list = |k: &str| match m.get(k) {
                    Some(Value::Sequence(s)) => s
                        .iter()
                        .filter_map(scalar)
                        .map(|s| s.trim().to_string())
                        .collect(),
                    Some(v) => scalar(v).map(|s| vec![s]).unwrap_or_default(),
                    None => Vec::new(),
                };
                Some(Choice {
                    name: get("name").or_else(|| get("title"))?,
                    summary: get("summary").or_else(|| get("description")),
                    pros: list("pros"),
                    cons: list("cons"),
                })
            }
            other => scalar(other).map(|name| Choice {
                name,
                ..Choice::default()
            }),
        })
        .collect()
}

fn tradeoffs_from(f: &mut Fields<'_>) -> Vec<Tradeoff> {
    let Some((_, Value::Sequence(items))) = f.get(&["tradeoffs", "trade-offs", "trade_offs"])
    else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Value::Mapping(m) => {
                let get = |k: &str| {
                    m.get(k)
                        .and_then(scalar)
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                };
                Some(Tradeoff {
                    favor: get("favor").or_else(|| get("favour"))?,
                    over: get("over")?,
                    why: get("why"),
                })
            }
            // `- consistency over throughput`
            other => {
                let s = scalar(other)?;
                let (a, b) = s.split_once(" over ")?;
                Some(Tradeoff {
                    favor: a.trim().to_string(),
                    over: b.trim().to_string(),
                    why: None,
                })
            }
        })
        .collect()
}

fn outcome_from(f: &mut Fields<'_>) -> Option<Outcome> {
    let (_, v) = f.get(&["outcome"])?;
    match v {
        Value::Mapping(m) => {
            let get = |k: &str| {
                m.get(k)
                    .and_then(scalar)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            };
            Some(Outcome {
                chosen: get("chosen"),
                rationale: get("rationale").or_else(|| get("because")),
            })
        }
        other => scalar(other).map(|c| Outcome {
            chosen: Some(c),
            rationale: None,
        }),
    }
}

fn revisit_from(f: &mut Fields<'_>, record: &mut Record) {
    let Some((key, v)) = f.get(&["revisit", "review_date", "review-date"]) else {
        return;
    };
    match v {
        Value::Mapping(m) => {
            let date_text = m.get("date").and_then(scalar);
            record.revisit.when = m
                .get("when")
                .or_else(|| m.get("trigger"))
                .and_then(scalar)
                .map(|s| s.trim().to_string());
            if let Some(t) = date_text {
                record.revisit.date = Date::parse_iso(t.trim()).or_else(|| Date::find(&t));
                if record.revisit.date.is_none() {
                    f.warn(
                        key,
                        format!("revisit date `{t}` is not a date"),
                        "write dates as YYYY-MM-DD",
                    );
                }
            }
        }
        other => {
            let Some(t) = scalar(other) else {
                f.warn(
                    key,
                    "`revisit` should be a date or a mapping with `date` and `when`".into(),
                    "write `revisit: 2027-03-01`",
                );
                return;
            };
            match Date::parse_iso(t.trim()).or_else(|| Date::find(&t)) {
                Some(d) => record.revisit.date = Some(d),
                // `revisit: when volume doubles` is a trigger with no date.
                None => record.revisit.when = Some(t.trim().to_string()),
            }
        }
    }
}
