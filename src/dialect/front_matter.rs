//! YAML front matter: the native keys of docs/contract.md §1 and the keys docs sites use
//! (Docusaurus, Jekyll, KEP, MADR 3/4), read leniently into a [`Record`].
//!
//! Real front matter is full of keys for other tools and values of surprising types
//! (`nav_order: 0002`, empty keys, comma strings for lists); unknown keys are ignored,
//! a near-miss of a known key is a warning, and a value of the wrong shape is a warning
//! that names the key, never a failure of the whole record.

use serde_yaml::Value;

use crate::date::Date;
use crate::date::Interval;
use crate::diagnostic::{Code, Diagnostic, Severity, Span};
use crate::discover::SourceText;
use crate::document::FrontMatter;
use crate::record::{
    Choice, Kind, Outcome, PathGlob, Record, Reference, RevisitSource, Tradeoff, Verdict,
};
use crate::yaml::node::{Entry, Map, Node};

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
    "links",
    "kind",
    "reviews",
    "verdict",
    "next_revisit",
    "creation-date",
    "review_date",
    "review-date",
    "next_review",
    "next-review",
    "review_in",
    "last_reviewed_on",
    "confidence",
    "reversible",
    "expect",
    "process",
    "expectations",
    "applies_to",
];

/// Keys common in real front matter that are not hindsight's and not typos of its keys,
/// however close they look (`reviewers` is two letters from `reviews`): never near-misses.
pub const COMMON_KEYS: &[&str] = &[
    "reviewers",
    "reviewer",
    "approvers",
    "approver",
    "authors",
    "author",
    "owner",
    "owners",
    "owner_slack",
    "owner-slack",
    "editor",
    "editors",
    "contributors",
    "stakeholders",
    "participating-sigs",
    "owning-sig",
    "see-also",
    "last-updated",
    "last_updated",
    "last_reviewed_on",
    "review_in",
    "reviewed",
    "updated",
    "created",
    "state",
    "stage",
    "latest-milestone",
    "milestone",
    "category",
    "categories",
    "keywords",
    "labels",
    "related_issues",
    "issue",
    "issues",
    "links",
];

/// Parses the YAML of the front matter into a mapping (borrowing plain scalars from the
/// text), or a diagnostic at the place the YAML is broken.
#[allow(clippy::result_large_err)]
pub fn parse<'a>(fm: &FrontMatter<'a>, file: &SourceText) -> Result<Option<Map<'a>>, Diagnostic> {
    if fm.yaml.trim().is_empty() {
        return Ok(None);
    }
    if fm.toml {
        return match fm.yaml.parse::<toml::Table>() {
            Ok(t) => Ok(Some(Map::from_toml(t))),
            Err(e) => {
                let line = e.span().map_or(0, |s| {
                    fm.yaml[..s.start.min(fm.yaml.len())].matches('\n').count()
                });
                Err(Diagnostic::error(
                    Code::FrontMatter,
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
    if let Some(map) = crate::yaml::parse_plain(fm.yaml) {
        return Ok(Some(map));
    }
    // serde_yaml's scanner does work for every open flow level on every token, so a
    // front matter of a million `[` would take minutes before its depth limit says no.
    if let Some(at) = too_deep_flow(fm.yaml) {
        return Err(Diagnostic::error(
            Code::FrontMatter,
            format!("front matter nests `[` and `{{` more than {MAX_FLOW_DEPTH} levels deep"),
        )
        .at(
            &file.display,
            &file.text,
            Span::at_offset(fm.yaml, fm.first_line, at, 1),
        )
        .hint("front matter holds a few levels of lists and mappings at most"));
    }
    // serde_yaml builds a tree several times the size of its input (a 4 MB front matter of
    // 350,000 anchored keys or escaped values peaked at 315-357 MB); front matter with that
    // many entries is not a record's metadata, so it is refused before serde_yaml reads it.
    // Long text in one value (a block scalar) is one entry and still read.
    let entries = yaml_entries(fm.yaml);
    if entries > MAX_FULL_YAML_ENTRIES {
        return Err(Diagnostic::error(
            Code::FrontMatter,
            format!(
                "front matter of {entries} entries uses YAML the fast reader does not take (anchors, tags, escapes, ...), and is too long for the full reader (at most {MAX_FULL_YAML_ENTRIES} entries)"
            ),
        )
        .at(&file.display, &file.text, Span::new(fm.first_line, 1, 3))
        .hint("keep front matter to the record's keys, in plain YAML; long text belongs in the body"));
    }
    match serde_yaml::from_str::<Value>(fm.yaml) {
        Ok(Value::Mapping(m)) => Ok(Some(Map::from_yaml(m))),
        Ok(Value::Null) => Ok(None),
        Ok(_) => Err(Diagnostic::error(
            Code::FrontMatter,
            "front matter is not a mapping of keys to values",
        )
        .at(&file.display, &file.text, Span::new(fm.first_line, 1, 3))
        .hint("write `key: value` lines between the `---` fences")),
        Err(e) => {
            // `title: ADR002: Default Catalog Format`: a colon in an unquoted value. Read as
            // the author meant (the rest of the line is the value) when that is all that is
            // wrong; `colon_in_value` warns about it.
            if let Some(fixed) = quote_colon_values(fm.yaml)
                && let Ok(Value::Mapping(m)) = serde_yaml::from_str::<Value>(&fixed)
            {
                return Ok(Some(Map::from_yaml(m)));
            }
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
                Code::FrontMatter,
                format!("front matter is not valid YAML: {msg}"),
            )
            .at(&file.display, &file.text, span)
            .hint("quote values that contain `: ` or start with `[`, `{`, `*`, `&` or `@`"))
        }
    }
}

/// Top-level `key: value` lines whose plain value holds `: ` (invalid YAML), quoted; `None`
/// when there is none.
fn quote_colon_values(yaml: &str) -> Option<String> {
    let mut changed = false;
    let mut out = String::with_capacity(yaml.len() + 16);
    for line in yaml.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some((key, value)) = colon_in_value(body) {
            changed = true;
            out.push_str(key);
            out.push_str(": ");
            out.push_str(&serde_json::to_string(value).unwrap_or_default());
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    changed.then_some(out)
}

/// `key: text: more` (a top-level key, a plain value with `: ` in it): the key and value.
pub fn colon_in_value(line: &str) -> Option<(&str, &str)> {
    if line.starts_with([' ', '\t', '-', '#', '"', '\'']) {
        return None;
    }
    let (key, value) = line.split_once(": ")?;
    let value = value.trim();
    let plain = !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']);
    (plain
        && !key.is_empty()
        && !key.contains(char::is_whitespace)
        && (value.contains(": ") || value.ends_with(':')))
    .then_some((key, value))
}

/// Warnings for values read past an unquoted `: ` (see [`quote_colon_values`]).
pub fn colon_warnings(fm: &FrontMatter<'_>, file: &SourceText) -> Vec<Diagnostic> {
    if crate::yaml::parse_plain(fm.yaml).is_some() || serde_yaml::from_str::<Value>(fm.yaml).is_ok()
    {
        return Vec::new();
    }
    fm.yaml
        .lines()
        .enumerate()
        .filter_map(|(k, l)| {
            let (key, value) = colon_in_value(l)?;
            Some(
                Diagnostic::warning(
                    Code::ColonInValue,
                    format!("`{key}` has an unquoted `: ` in its value; it was read as the text `{value}`"),
                )
                .at(&file.display, &file.text, Span::new(fm.first_line + k, key.chars().count() + 3, value.chars().count()))
                .hint(format!("quote the value: `{key}: \"{value}\"` (strict YAML readers reject it)")),
            )
        })
        .collect()
}

/// The most entries (keys at the margin and `- ` items) in front matter handed to
/// serde_yaml (plain front matter of any length goes through the fast reader).
const MAX_FULL_YAML_ENTRIES: usize = 20_000;

/// Lines of `yaml` that start an entry: a key at the margin or a `- ` list item.
fn yaml_entries(yaml: &str) -> usize {
    yaml.lines()
        .filter(|l| {
            let t = l.trim_start();
            (l.len() == t.len() && !t.is_empty() && !t.starts_with('#')) || t.starts_with("- ")
        })
        .count()
}

/// Flow nesting (`[[[…`) deeper than this is refused before serde_yaml reads it (serde_yaml
/// itself refuses nesting past 128 levels).
const MAX_FLOW_DEPTH: usize = 256;

/// The byte offset of the first `[` or `{` nested past [`MAX_FLOW_DEPTH`], counting every
/// bracket (quoted ones too, so the bound is generous).
fn too_deep_flow(yaml: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (k, b) in yaml.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(k);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Where the last item of a list was found in the front matter.
#[derive(Debug, Clone, Copy)]
struct Resume {
    /// Line in the file.
    line: usize,
    /// Byte range of the line in the front matter.
    line_start: usize,
    line_end: usize,
    /// Byte in the line, and its character column, just after the item.
    byte: usize,
    column: usize,
}

/// Reads front matter values for one file, reporting problems against it.
pub struct Fields<'a> {
    /// The mapping's string keys and their values, in order: a front matter has a dozen
    /// keys and each field tries several spellings, so a short scan is all a lookup takes.
    pub entries: &'a [Entry<'a>],
    fm: FrontMatter<'a>,
    file: &'a SourceText,
    pub diagnostics: Vec<Diagnostic>,
}

/// `s` trimmed, unless that leaves nothing.
fn non_empty(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

/// The trimmed, non-empty text of `key` in `m`, as a String a record keeps.
fn text_of(m: &Map<'_>, key: &str) -> Option<String> {
    m.get(key)
        .and_then(Node::text)
        .and_then(non_empty)
        .map(str::to_string)
}

impl<'a> Fields<'a> {
    pub fn new(map: &'a Map<'a>, fm: FrontMatter<'a>, file: &'a SourceText) -> Fields<'a> {
        Fields {
            entries: map.entries(),
            fm,
            file,
            diagnostics: Vec::new(),
        }
    }

    /// The value of the first of `keys` present (and not null).
    pub fn get<'k>(&self, keys: &[&'k str]) -> Option<(&'k str, &'a Node<'a>)> {
        let entries: &'a [Entry<'a>] = self.entries;
        keys.iter().find_map(|&k| {
            entries
                .iter()
                .find(|e| e.key == k)
                .filter(|e| !e.value.is_null())
                .map(|e| (k, &e.value))
        })
    }

    /// Where `key` is written: its line in the front matter.
    pub fn span(&self, key: &str) -> Span {
        self.key_line(key).0
    }

    /// Where `key` is written, and the byte offset of that line in the front matter.
    fn key_line(&self, key: &str) -> (Span, usize) {
        let yaml = self.fm.yaml;
        for (line, l) in (self.fm.first_line..).zip(crate::yaml::lines_of(yaml)) {
            let offset = l.as_ptr() as usize - yaml.as_ptr() as usize;
            if let Some(rest) = l.strip_prefix(key)
                && rest.trim_start().starts_with(':')
            {
                return (Span::new(line, 1, key.chars().count()), offset);
            }
            if l.starts_with(['"', '\'']) && l.trim_start_matches(['"', '\'']).starts_with(key) {
                return (Span::new(line, 2, key.chars().count()), offset);
            }
        }
        (Span::new(self.fm.first_line, 1, 0), 0)
    }

    /// Where `needle` appears in the value of `key` (for references), else the key.
    pub fn value_span(&self, key: &str, needle: &str) -> Span {
        self.value_span_after(self.key_line(key), needle)
    }

    /// [`Fields::value_span`] for a key already found by [`Fields::key_line`]: the lines
    /// from the key's on are read, none before.
    fn value_span_after(&self, key: (Span, usize), needle: &str) -> Span {
        self.value_span_from(key, needle, &mut None)
    }

    /// [`Fields::value_span_after`], resuming where `resume` says the last item was found
    /// (the items of a list are found in order, so a list of a hundred thousand items on
    /// one line is read once, not once per item); `resume` is updated.
    fn value_span_from(
        &self,
        key: (Span, usize),
        needle: &str,
        resume: &mut Option<Resume>,
    ) -> Span {
        if let Some(r) = resume.take() {
            let line = &self.fm.yaml[r.line_start..r.line_end];
            if let Some(at) = memchr::memmem::find(&line.as_bytes()[r.byte..], needle.as_bytes()) {
                let col = r.column + line[r.byte..r.byte + at].chars().count();
                *resume = Some(Resume {
                    byte: r.byte + at + needle.len(),
                    column: col + needle.chars().count(),
                    ..r
                });
                return Span::new(r.line, col + 1, needle.chars().count());
            }
        }
        let (key_span, offset) = key;
        let from = key_span.line - self.fm.first_line;
        let lines = crate::yaml::lines_of(&self.fm.yaml[offset..]);
        for (k, l) in (from..).zip(lines) {
            if k > from && !l.starts_with([' ', '\t', '-']) {
                break;
            }
            let search_from = if k == from {
                l.find(':').map_or(0, |i| i + 1)
            } else {
                0
            };
            if let Some(at) = memchr::memmem::find(&l.as_bytes()[search_from..], needle.as_bytes())
            {
                let col = l[..search_from + at].chars().count();
                let line_start = l.as_ptr() as usize - self.fm.yaml.as_ptr() as usize;
                *resume = Some(Resume {
                    line: self.fm.first_line + k,
                    line_start,
                    line_end: line_start + l.len(),
                    byte: search_from + at + needle.len(),
                    column: col + needle.chars().count(),
                });
                return Span::new(self.fm.first_line + k, col + 1, needle.chars().count());
            }
        }
        key_span
    }

    fn warn(&mut self, key: &str, message: String, hint: &str) {
        let span = self.span(key);
        self.diagnostics.push(
            Diagnostic::warning(Code::FrontMatterValue, message)
                .at(&self.file.display, &self.file.text, span)
                .hint(hint),
        );
    }

    /// A scalar as trimmed text (numbers and booleans too), borrowed from the front
    /// matter; empty strings are `None`.
    pub fn text_str(&mut self, keys: &[&str]) -> Option<&'a str> {
        let (key, v) = self.get(keys)?;
        match v.text() {
            Some(s) => non_empty(s),
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

    /// A scalar as text (numbers and booleans too); empty strings are `None`.
    pub fn text(&mut self, keys: &[&str]) -> Option<String> {
        self.text_str(keys).map(str::to_string)
    }

    /// A list of strings: a YAML list of scalars, or one comma-separated string.
    pub fn list(&mut self, keys: &[&str]) -> Vec<String> {
        let Some((key, v)) = self.get(keys) else {
            return Vec::new();
        };
        match v {
            Node::Seq(items) => items
                .iter()
                .filter_map(|i| match i.text() {
                    Some(s) => Some(s),
                    None if i.is_null() => None,
                    // A mapping in a people list: `- name: ana`.
                    None => i.get("name").and_then(Node::text),
                })
                .filter_map(non_empty)
                .map(str::to_string)
                .collect(),
            Node::Map(_) => {
                self.warn(
                    key,
                    format!("`{key}` should be a list"),
                    "write `[a, b]` or one `- item` per line",
                );
                Vec::new()
            }
            other => other
                .text()
                .map(|s| {
                    s.split(',')
                        .filter_map(non_empty)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// A date (`2026-03-02`, or any form [`Date::find`] reads); a value that is no date is a warning.
    pub fn date(&mut self, keys: &[&str]) -> Option<Date> {
        let (key, _) = self.get(keys)?;
        let text = self.text_str(&[key])?;
        let date = Date::parse_iso(text).or_else(|| Date::find(text));
        if let Some((taken, other)) = Date::ambiguous(text) {
            let span = self.span(key);
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::AmbiguousDate,
                    format!(
                        "`{key}: {text}` reads as {} (day first); month first it would be {}",
                        taken.long(),
                        other.long()
                    ),
                )
                .at(&self.file.display, &self.file.text, span)
                .hint(format!("write it as YYYY-MM-DD: `{taken}`")),
            );
        }
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
        if items.is_empty() {
            return Vec::new();
        }
        let key_line = self.key_line(key);
        let mut resume = None;
        items
            .into_iter()
            .map(|text| {
                // An item not found after the last one is looked for from the key again.
                let span = self.value_span_from(key_line, &text, &mut resume);
                Reference {
                    span,
                    text,
                    partial: false,
                    ..Default::default()
                }
            })
            .collect()
    }
}

/// Fills `record` from the front matter keys; returns the warnings.
pub fn apply(
    record: &mut Record,
    map: &Map<'_>,
    fm: FrontMatter<'_>,
    file: &SourceText,
    options: &super::ReadOptions,
) -> Vec<Diagnostic> {
    let mut f = Fields::new(map, fm, file);

    // Half a million unknown keys get twenty warnings and a count.
    let mut repeats = crate::diagnostic::Repeats::default();
    for entry in map.entries() {
        let k: &str = &entry.key;
        // Lowercasing changes nothing in a key of lowercase ASCII, digits and dashes.
        let lowercase = k.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii());
        let lower = if lowercase {
            std::borrow::Cow::Borrowed(k)
        } else {
            std::borrow::Cow::Owned(k.to_lowercase())
        };
        if KNOWN_KEYS.contains(&lower.as_ref()) || COMMON_KEYS.contains(&lower.as_ref()) {
            continue;
        }
        if let Some(s) = crate::near_miss::suggest(k, KNOWN_KEYS) {
            if !repeats.admit(&file.display, Code::NearMissKey, Severity::Warning) {
                continue;
            }
            let span = f.span(k);
            f.diagnostics.push(
                Diagnostic::warning(Code::NearMissKey, format!("unknown key `{k}` is ignored"))
                    .at(&file.display, &file.text, span)
                    .hint(format!("did you mean `{s}`?")),
            );
        }
    }
    f.diagnostics.extend(repeats.left_out());

    if let Some(n) = f.text_str(&["number", "id"]).and_then(|s| {
        s.trim_start_matches('0')
            .parse::<u32>()
            .ok()
            .or_else(|| s.parse().ok())
    }) {
        record.number = Some(n);
    }
    if let Some(title) = f.text_str(&["title"]) {
        // Runs of white space become one space; most titles have none to squeeze.
        let mut prev_space = true;
        let squeezed = title.chars().all(|c| {
            let ok = !c.is_whitespace() || (c == ' ' && !prev_space);
            prev_space = c.is_whitespace();
            ok
        }) && !prev_space;
        record.title = if squeezed {
            title.to_string()
        } else {
            title.split_whitespace().collect::<Vec<_>>().join(" ")
        };
    }
    if let Some(status) = f.text(&["status"]) {
        let canonical = crate::status::canonical(&status, &options.statuses);
        record.status = canonical.unwrap_or_default();
        if canonical.is_none() {
            let span = f.span("status");
            f.diagnostics.push(
                Diagnostic::warning(
                    Code::UnknownStatus,
                    format!("status `{status}` is not one hindsight knows"),
                )
                .at(&file.display, &file.text, span)
                .hint(crate::status::unknown_hint(&status)),
            );
        }
        record.status_raw = Some(status);
    }
    record.date = f.date(&["date", "creation-date", "created"]);
    record.deciders = f.list(&["deciders", "decision-makers"]);
    record.consulted = f.list(&["consulted"]);
    record.informed = f.list(&["informed"]);
    record.tags = f.list(&["tags"]);

    if let Some(kind) = f.text_str(&["kind"]) {
        match kind.to_lowercase().as_str() {
            "retrospective" | "retro" | "review" => record.kind = Kind::Retrospective,
            "decision" | "adr" | "record" => record.kind = Kind::Decision,
            _ => {
                let span = f.span("kind");
                f.diagnostics.push(
                    Diagnostic::warning(
                        Code::FrontMatterValue,
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
    links_from(&mut f, record);
    record.reviews = f.references(&["reviews"]).into_iter().next();
    if let Some(v) = f.text_str(&["verdict"]) {
        record.verdict = Verdict::parse(v);
        if record.verdict.is_none() {
            let span = f.span("verdict");
            f.diagnostics.push(
                Diagnostic::warning(
                    Code::FrontMatterValue,
                    format!("`verdict: {v}` is not a verdict"),
                )
                .at(&file.display, &file.text, span)
                .hint("use held-up, revised or reversed"),
            );
        }
    }
    record.next_revisit = f.date(&["next_revisit", "next-revisit"]);
    applies_to_from(&mut f, record);
    if record.reviews.is_some() {
        record.kind = Kind::Retrospective;
    }
    record.expectations = crate::expectation::read(&mut f, file);
    f.diagnostics
}

/// `applies_to`: the paths a decision governs; a glob that does not compile is a warning
/// at its place, and is left out.
fn applies_to_from(f: &mut Fields<'_>, record: &mut Record) {
    for r in f.references(&["applies_to", "applies-to"]) {
        match crate::governance::check_glob(&r.text) {
            Ok(()) => record.applies_to.push(PathGlob {
                text: r.text,
                span: r.span,
            }),
            Err(e) => f.diagnostics.push(
                Diagnostic::warning(Code::InvalidGlob, format!("`{}` is not a glob: {e}", r.text))
                    .at(&f.file.display, &f.file.text, r.span)
                    .hint("write gitignore-style globs from the repository root: `src/ledger/**`, `*.sql`, `docs/api/*.md`"),
            ),
        }
    }
}

/// `links`: relations in words (ADR-0063), one mapping per link: `to` (a number, id or
/// path), `link` (the words from this record: `Amends`) and, optionally, `reverse` (the
/// words from the other record back: `Amended by`). An item that is a plain reference
/// relates without words.
fn links_from(f: &mut Fields<'_>, record: &mut Record) {
    let items = match f.get(&["links"]) {
        Some((_, Node::Seq(items))) => items,
        Some((key, _)) => {
            f.warn(
                key,
                "`links` should be a list".into(),
                "write one `- to: 2` with `link: Amends` per link",
            );
            return;
        }
        None => return,
    };
    let key_line = f.key_line("links");
    let mut resume = None;
    for item in items {
        let (to, words, reverse) = match item {
            Node::Map(m) => {
                let Some(to) = text_of(m, "to") else {
                    let span = f.span("links");
                    f.diagnostics.push(
                        Diagnostic::warning(
                            Code::FrontMatterValue,
                            "an item of `links` has no `to`, so it links nowhere".to_string(),
                        )
                        .at(&f.file.display, &f.file.text, span)
                        .hint("write `- to: 2` (a number, an id or a path) with `link: Amends`"),
                    );
                    continue;
                };
                (
                    to,
                    text_of(m, "link").map(|w| super::links::capitalised(&w)),
                    text_of(m, "reverse").map(|w| super::links::capitalised(&w)),
                )
            }
            // A web address (`links: [https://...]`, as some teams keep) is not a record.
            other => match other.text().and_then(non_empty) {
                Some(t) if !t.contains("://") => (t.to_string(), None, None),
                _ => continue,
            },
        };
        let span = f.value_span_from(key_line, &to, &mut resume);
        let r = Reference {
            text: to,
            span,
            partial: false,
            words,
            reverse,
        };
        // A plain `relates` entry for the same record takes these words; the same record
        // in other words is another relation.
        match record
            .relates
            .iter_mut()
            .find(|e| e.text == r.text && (e.words.is_none() || e.words == r.words))
        {
            Some(e) => {
                e.words = r.words.or(e.words.take());
                e.reverse = r.reverse.or(e.reverse.take());
            }
            None => record.relates.push(r),
        }
    }
}

fn options_from(f: &mut Fields<'_>) -> Vec<Choice> {
    let items = match f.get(&["options"]) {
        Some((_, Node::Seq(items))) => items,
        Some((key, _)) => {
            f.warn(
                key,
                "`options` should be a list".into(),
                "write one `- name: ...` per option",
            );
            return Vec::new();
        }
        None => return Vec::new(),
    };
    items
        .iter()
        .filter_map(|item| match item {
            Node::Map(m) => {
                let list = |k: &str| match m.get(k) {
                    Some(Node::Seq(s)) => s
                        .iter()
                        .filter_map(Node::text)
                        .map(|s| s.trim().to_string())
                        .collect(),
                    Some(v) => v.text().map(|s| vec![s.to_string()]).unwrap_or_default(),
                    None => Vec::new(),
                };
                Some(Choice {
                    name: text_of(m, "name").or_else(|| text_of(m, "title"))?,
                    summary: text_of(m, "summary").or_else(|| text_of(m, "description")),
                    pros: list("pros"),
                    cons: list("cons"),
                })
            }
            other => other.text().map(|name| Choice {
                name: name.to_string(),
                ..Choice::default()
            }),
        })
        .collect()
}

/// The most trade-offs read from one record: no decision states more, and a front matter of
/// 100,000 of them made the trade-offs page hundreds of megabytes.
pub const MAX_TRADEOFFS: usize = 64;

fn tradeoffs_from(f: &mut Fields<'_>) -> Vec<Tradeoff> {
    let Some((key, Node::Seq(items))) = f.get(&["tradeoffs", "trade-offs", "trade_offs"]) else {
        return Vec::new();
    };
    if items.len() > MAX_TRADEOFFS {
        let span = f.span(key);
        f.diagnostics.push(
            Diagnostic::warning(
                Code::TooManyTradeoffs,
                format!(
                    "the first {MAX_TRADEOFFS} trade-offs are read; {} more are left out",
                    items.len() - MAX_TRADEOFFS
                ),
            )
            .at(&f.file.display, &f.file.text, span)
            .hint("no decision weighs that many trade-offs; keep the ones that decided it"),
        );
    }
    items
        .iter()
        .take(MAX_TRADEOFFS)
        .filter_map(|item| match item {
            Node::Map(m) => Some(Tradeoff {
                favor: text_of(m, "favor").or_else(|| text_of(m, "favour"))?,
                over: text_of(m, "over")?,
                why: text_of(m, "why"),
            }),
            // `- consistency over throughput`
            other => {
                let (a, b) = other.text()?.split_once(" over ")?;
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
        // `chosen:` and `rationale:` both left empty (as `new` writes them) say nothing.
        Node::Map(m) => Some(Outcome {
            chosen: text_of(m, "chosen"),
            rationale: text_of(m, "rationale").or_else(|| text_of(m, "because")),
        })
        .filter(|o| o.chosen.is_some() || o.rationale.is_some()),
        other => other.text().map(|c| Outcome {
            chosen: Some(c.to_string()),
            rationale: None,
        }),
    }
}

/// `revisit`, then review fields teams already write, whose date is a revisit date
/// (`revisit.source: "review"`).
const REVISIT_KEYS: &[&str] = &[
    "revisit",
    "review_date",
    "review-date",
    "next_review",
    "next-review",
    "next_review_date",
    "next-review-date",
    "review_by",
    "review-by",
];

fn revisit_from(f: &mut Fields<'_>, record: &mut Record) {
    let Some((key, v)) = f.get(REVISIT_KEYS) else {
        review_interval_from(f, record);
        return;
    };
    if key != "revisit" {
        record.revisit.source = RevisitSource::Review;
    }
    match v {
        Node::Map(m) => {
            let date_text = m.get("date").and_then(Node::text);
            record.revisit.when = m
                .get("when")
                .or_else(|| m.get("trigger"))
                .and_then(Node::text)
                .map(|s| s.trim().to_string());
            if let Some(t) = date_text {
                record.revisit.date = Date::parse_iso(t.trim()).or_else(|| Date::find(t));
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
            let Some(t) = other.text() else {
                f.warn(
                    key,
                    "`revisit` should be a date or a mapping with `date` and `when`".into(),
                    "write `revisit: 2027-03-01`",
                );
                return;
            };
            match Date::parse_iso(t.trim()).or_else(|| Date::find(t)) {
                Some(d) => record.revisit.date = Some(d),
                // `revisit: when volume doubles` is a trigger with no date.
                None => record.revisit.when = Some(t.trim().to_string()),
            }
        }
    }
}

/// GOV.UK tech-docs pages: `review_in: 6 months` after `last_reviewed_on: 2024-12-19`
/// (else after the record's date) is the next review, a revisit date from a review field.
/// `last_reviewed_on` is a review date, never the decision's date.
fn review_interval_from(f: &mut Fields<'_>, record: &mut Record) {
    let Some(text) = f.text_str(&["review_in", "review-in"]) else {
        return;
    };
    let Some(every) = Interval::parse(text) else {
        let key = f
            .get(&["review_in", "review-in"])
            .map_or("review_in", |(k, _)| k);
        f.warn(
            key,
            format!("`{key}: {text}` is not an interval"),
            "write a number and a unit: `6 months`, `2 weeks`, `90 days`, `1 year`",
        );
        return;
    };
    let last = f.date(&[
        "last_reviewed_on",
        "last-reviewed-on",
        "last_reviewed",
        "reviewed_on",
    ]);
    if let Some(from) = last.or(record.date) {
        record.revisit.date = Some(from.plus(every));
        record.revisit.source = RevisitSource::Review;
    }
}
