//! Reading one front matter's values leniently: the first of a key's spellings present, as
//! text, a list (a YAML list or one comma string), a date or references to other records,
//! each with the line and column it was written at; a value of the wrong shape is a warning
//! naming the key, and reads as nothing.

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::discover::SourceText;
use crate::document::FrontMatter;
use crate::record::Reference;
use crate::yaml::node::{Entry, Map, Node};

/// Where the last item of a list was found in the front matter.
#[derive(Debug, Clone, Copy)]
pub(super) struct Resume {
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
    pub(super) file: &'a SourceText,
    pub diagnostics: Vec<Diagnostic>,
}

/// `s` trimmed, unless that leaves nothing.
pub(super) fn non_empty(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

/// The trimmed, non-empty text of `key` in `m`, as a String a record keeps.
pub(super) fn text_of(m: &Map<'_>, key: &str) -> Option<String> {
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
    pub(super) fn key_line(&self, key: &str) -> (Span, usize) {
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
    pub(super) fn value_span_from(
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

    pub(super) fn warn(&mut self, key: &str, message: String, hint: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    /// Reads the front matter of `yaml` (its first line is line 2 of the file) with `read`,
    /// and returns what it read and the diagnostics as `(line, column, message)`.
    fn read<T>(
        yaml: &str,
        read: impl FnOnce(&mut Fields<'_>) -> T,
    ) -> (T, Vec<(usize, usize, String)>) {
        let text = format!("---\n{yaml}---\n# Title\n");
        let file = SourceText {
            source: "x.md".into(),
            display: "x.md".into(),
            package: None,
            text: text.clone(),
        };
        let fm = Document::split(&text).front_matter.unwrap();
        let map = super::super::parse(&fm, &file).unwrap().unwrap();
        let mut f = Fields::new(&map, fm, &file);
        let value = read(&mut f);
        let diagnostics = f
            .diagnostics
            .iter()
            .map(|d| (d.line.unwrap(), d.column.unwrap(), d.message.clone()))
            .collect();
        (value, diagnostics)
    }

    #[test]
    fn the_first_spelling_present_is_read_and_null_is_absent() {
        let (got, _) = read("superseded-by:\nreplaces: 3\n", |f| {
            f.get(&["superseded_by", "superseded-by", "replaces"])
                .map(|(k, v)| (k, v.text().map(str::to_string)))
        });
        assert_eq!(got, Some(("replaces", Some("3".to_string()))));
    }

    #[test]
    fn lists_are_yaml_lists_or_comma_strings_and_a_mapping_is_a_warning() {
        let yaml =
            "tags: storage, api , ,db\ndeciders:\n  - ana\n  - name: bo\n  -\ninformed: {a: 1}\n";
        let (got, diagnostics) = read(yaml, |f| {
            (
                f.list(&["tags"]),
                f.list(&["deciders"]),
                f.list(&["informed"]),
                f.list(&["consulted"]),
            )
        });
        assert_eq!(got.0, ["storage", "api", "db"]);
        assert_eq!(got.1, ["ana", "bo"]);
        assert!(got.2.is_empty() && got.3.is_empty());
        assert_eq!(
            diagnostics,
            [(7, 1, "`informed` should be a list".to_string())]
        );
    }

    #[test]
    fn text_is_any_scalar_trimmed_and_a_list_is_a_warning() {
        let yaml = "nav_order: 0002\ntitle: [a, b]\nstatus: '  '\n";
        let (got, diagnostics) = read(yaml, |f| {
            (
                f.text(&["nav_order"]),
                f.text(&["title"]),
                f.text(&["status"]),
            )
        });
        assert_eq!(got, (Some("0002".to_string()), None, None));
        assert_eq!(
            diagnostics,
            [(
                3,
                1,
                "`title` should be text, not a list or mapping".to_string()
            )]
        );
    }

    #[test]
    fn dates_say_when_they_are_ambiguous_or_not_dates() {
        let yaml = "date: 2026-03-02\ncreated: 03/04/2026\nreview_date: soon\n";
        let (got, diagnostics) = read(yaml, |f| {
            (
                f.date(&["date"]),
                f.date(&["created"]),
                f.date(&["review_date"]),
            )
        });
        assert_eq!(got.0, Date::parse_iso("2026-03-02"));
        assert_eq!(got.1, Date::parse_iso("2026-04-03"));
        assert_eq!(got.2, None);
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        assert_eq!((diagnostics[0].0, diagnostics[0].1), (3, 1));
        assert!(diagnostics[0].2.contains("day first"), "{diagnostics:?}");
        assert_eq!(
            diagnostics[1],
            (4, 1, "`review_date: soon` is not a date".to_string())
        );
    }

    #[test]
    fn references_point_at_each_item_where_it_is_written() {
        let yaml = "title: 7\nsupersedes: [7, 12, 7]\nrelates:\n  - 0003-x.md\n  - 12\n";
        let (got, _) = read(yaml, |f| {
            (f.references(&["supersedes"]), f.references(&["relates"]))
        });
        let at = |refs: &[Reference]| {
            refs.iter()
                .map(|r| (r.text.clone(), r.span.line, r.span.column, r.span.len))
                .collect::<Vec<_>>()
        };
        // The same number twice is found twice, in order, never in `title: 7` above.
        assert_eq!(
            at(&got.0),
            [
                ("7".to_string(), 3, 14, 1),
                ("12".to_string(), 3, 17, 2),
                ("7".to_string(), 3, 21, 1),
            ]
        );
        assert_eq!(
            at(&got.1),
            [
                ("0003-x.md".to_string(), 5, 5, 9),
                ("12".to_string(), 6, 5, 2),
            ]
        );
    }
}
