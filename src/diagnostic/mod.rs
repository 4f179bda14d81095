//! Diagnostics: what is wrong in the records, where, and how to fix it, reported like rustc.
//!
//! Every stage pushes [`Diagnostic`]s instead of failing early, so one run reports all
//! problems. [`render_human`] prints them with the offending line and a marker;
//! [`render_github`] prints workflow annotations; they also serialize to JSON.

mod code;

pub use code::{Code, UnknownCode};

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

/// How bad a problem is. Errors fail `build` and `check`; warnings fail only `check --deny warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a file: 1-based line and column (in characters), and a length in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Hash, PartialOrd, Ord)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub len: usize,
}

impl Span {
    pub fn new(line: usize, column: usize, len: usize) -> Span {
        Span { line, column, len }
    }

    /// The span of `needle` found in `text` (whose first line is `first_line`), else line `first_line`.
    pub fn find(text: &str, first_line: usize, needle: &str) -> Span {
        match text.find(needle) {
            Some(at) => Span::at_offset(text, first_line, at, needle.chars().count()),
            None => Span::new(first_line, 1, 0),
        }
    }

    /// The span at byte `offset` of `text`, `len` characters long.
    pub fn at_offset(text: &str, first_line: usize, offset: usize, len: usize) -> Span {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = first_line + before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Span { line, column, len }
    }
}

/// Lines longer than this (in characters) are quoted in diagnostics as a window of about
/// this many characters around the span.
const EXCERPT: usize = 160;

/// A window of `line` around the `len` characters at character `column`: the line itself
/// when it is short, else an excerpt with `…` marking what was cut, and how many
/// characters were left out before it (the `…` counted as one of them, so columns in the
/// excerpt are the line's columns less that number).
fn excerpt(
    line: &str,
    column: usize,
    len: usize,
    byte_of: impl FnOnce(usize) -> usize,
) -> (String, usize) {
    if line.len() <= EXCERPT {
        return (line.to_string(), 0);
    }
    let from = column.saturating_sub(EXCERPT / 2);
    let take = len.min(EXCERPT) + EXCERPT;
    let start = byte_of(from).min(line.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut chars = line[start..].chars();
    out.extend(chars.by_ref().take(take));
    if chars.next().is_some() {
        out.push('…');
    }
    // `…` stands in place of the character before the window.
    (out, from.saturating_sub(1))
}

/// Where each line of a file starts, found once, for files that get many diagnostics; and
/// where the last character asked for was, so that many diagnostics along one long line
/// read it once.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Line, character column and byte offset in that line of the last lookup.
    cursor: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            text,
            starts,
            cursor: std::cell::Cell::new((usize::MAX, 0, 0)),
        }
    }

    /// The byte offset of character `column` of line `n` (whose text is `line`).
    fn byte_of(&self, n: usize, line: &str, column: usize) -> usize {
        let (mut at_line, mut col, mut byte) = self.cursor.get();
        if at_line != n || col > column {
            (at_line, col, byte) = (n, 0, 0);
        }
        let rest = &line[byte.min(line.len())..];
        byte += rest
            .char_indices()
            .nth(column - col)
            .map_or(rest.len(), |(i, _)| i);
        col = column;
        self.cursor.set((at_line, col, byte));
        byte
    }

    /// The text of the 0-based line `n`, without its newline.
    pub fn line(&self, n: usize) -> Option<&'a str> {
        let start = *self.starts.get(n)?;
        let end = self.starts.get(n + 1).map_or(self.text.len(), |&e| e - 1);
        (start <= end).then(|| &self.text[start..end])
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in the records or the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable name for the kind of problem (`near-miss-key`, `dangling-reference`, ...).
    pub code: Code,
    pub message: String,
    /// The file, as shown to the user (source folder joined with the record's path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The text of the offending line (a window of it around the span when it is long),
    /// for the marker.
    #[serde(skip)]
    pub line_text: Option<String>,
    /// Characters of the line left out before `line_text` (0 unless the line is long).
    #[serde(skip)]
    pub excerpt_from: usize,
    #[serde(skip)]
    pub len: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// How many diagnostics of this code in this file were left out in its place (see
    /// [`cap_repeated`]); 0 for every other diagnostic.
    #[serde(skip)]
    pub left_out: usize,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            line_text: None,
            excerpt_from: 0,
            len: 0,
            hint: None,
            left_out: 0,
        }
    }

    /// Names the file, without a position.
    pub fn in_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    /// Names the file and the position, taking the offending line from `text`
    /// (the whole file). One diagnostic reads the file up to its line; where a file may
    /// have many, [`Diagnostic::at_line`] with one [`LineIndex`] for the file is linear.
    pub fn at(self, file: impl Into<String>, text: &str, span: Span) -> Diagnostic {
        let line = span.line.checked_sub(1).and_then(|n| {
            let b = text.as_bytes();
            let start = if n == 0 {
                0
            } else {
                memchr::memchr_iter(b'\n', b).nth(n - 1)? + 1
            };
            (start <= text.len()).then(|| {
                let end = memchr::memchr(b'\n', &b[start..]).map_or(text.len(), |e| start + e);
                &text[start..end]
            })
        });
        self.at_text(file, line, span, |column| {
            line.map_or(0, |l| {
                l.char_indices().nth(column).map_or(l.len(), |(i, _)| i)
            })
        })
    }

    /// [`Diagnostic::at`], finding the line in an index of the file's lines.
    pub fn at_line(self, file: impl Into<String>, lines: &LineIndex<'_>, span: Span) -> Diagnostic {
        let n = span.line.saturating_sub(1);
        let line = span.line.checked_sub(1).and_then(|n| lines.line(n));
        self.at_text(file, line, span, |column| {
            line.map_or(0, |l| lines.byte_of(n, l, column))
        })
    }

    /// Names the file and the position; `line` is the offending line, of which only a
    /// window around the span is kept, so that a thousand diagnostics on one long line
    /// keep a thousand short excerpts, not a thousand copies of the line.
    fn at_text(
        mut self,
        file: impl Into<String>,
        line: Option<&str>,
        span: Span,
        byte_of: impl FnOnce(usize) -> usize,
    ) -> Diagnostic {
        self.file = Some(file.into());
        if span.line > 0 {
            self.line = Some(span.line);
            self.column = Some(span.column.max(1));
            self.len = span.len;
            if let Some(l) = line.map(|l| l.strip_suffix('\r').unwrap_or(l)) {
                let (text, skipped) = excerpt(l, span.column.max(1) - 1, span.len, byte_of);
                self.line_text = Some(text);
                self.excerpt_from = skipped;
            }
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as far as known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        Some(match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.clone(),
        })
    }
}

/// `text` as a message quotes it: at most [`MAX_QUOTED`] characters, then `…` (a link
/// target of four million `(` is named, not printed).
pub fn quoted(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_QUOTED) {
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..at])),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Characters of a name or link target a message quotes at most.
pub const MAX_QUOTED: usize = 120;

/// How many diagnostics of one code one file shows; the rest are counted in one line
/// (a line of a million links to a missing record is one mistake, not a million).
pub const MAX_REPEATED: usize = 20;

/// Counts diagnostics by file and code where they are made, so that a stage finding half
/// a million of one kind in a file makes [`MAX_REPEATED`] of them and a count.
#[derive(Default)]
pub struct Repeats {
    seen: std::collections::HashMap<(String, Code, Severity), usize>,
}

impl Repeats {
    /// Whether a diagnostic of `code` in `file` is still to be made (counts it either way).
    pub fn admit(&mut self, file: &str, code: Code, severity: Severity) -> bool {
        let n = self
            .seen
            .entry((file.to_string(), code, severity))
            .or_insert(0);
        *n += 1;
        *n <= MAX_REPEATED
    }

    /// One diagnostic per file and code of which some were not made, saying how many.
    pub fn left_out(self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self
            .seen
            .into_iter()
            .filter(|(_, n)| *n > MAX_REPEATED)
            .map(|((file, code, severity), n)| {
                left_out(Some(file), code, severity, n - MAX_REPEATED)
            })
            .collect();
        sort(&mut out);
        out
    }
}

fn left_out(file: Option<String>, code: Code, severity: Severity, n: usize) -> Diagnostic {
    let kind = match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut d = Diagnostic::new(
        severity,
        code,
        format!(
            "{n} more `{code}` {kind}{} in this file not shown",
            if n == 1 { "" } else { "s" }
        ),
    )
    .hint(format!(
        "the first {MAX_REPEATED} `{code}` {kind}s of each file are shown; fix those and build again"
    ));
    d.left_out = n;
    d.file = file;
    d
}

/// Keeps the first [`MAX_REPEATED`] diagnostics of each code, severity and file (in the
/// order given, so sort first) and puts after the last one kept a diagnostic counting the
/// others, including those counted where they were made ([`Repeats`]).
pub fn cap_repeated(diagnostics: &mut Vec<Diagnostic>) {
    use std::collections::HashMap;
    type Key<'a> = (Option<&'a str>, Code, Severity);
    let key = |d: &Diagnostic| -> (Option<String>, Code, Severity) {
        (d.file.clone(), d.code, d.severity)
    };
    // Per key: diagnostics shown so far, and how many are left out.
    let mut totals: HashMap<Key<'_>, (usize, usize)> = HashMap::new();
    for d in diagnostics.iter() {
        let t = totals
            .entry((d.file.as_deref(), d.code, d.severity))
            .or_insert((0, 0));
        if d.left_out > 0 {
            t.1 += d.left_out;
        } else if t.0 < MAX_REPEATED {
            t.0 += 1;
        } else {
            t.1 += 1;
        }
    }
    if totals.values().all(|&(_, more)| more == 0) {
        return;
    }
    let capped: HashMap<_, (usize, usize)> = totals
        .into_iter()
        .filter(|(_, (_, more))| *more > 0)
        .map(|((f, c, s), t)| ((f.map(str::to_string), c, s), t))
        .collect();
    let mut shown: HashMap<(Option<String>, Code, Severity), usize> = HashMap::new();
    let mut out = Vec::with_capacity(diagnostics.len().min(1 << 16));
    for d in diagnostics.drain(..) {
        let k = key(&d);
        let Some(&(keep, more)) = capped.get(&k) else {
            out.push(d);
            continue;
        };
        if d.left_out > 0 {
            if keep == 0 {
                out.push(left_out(k.0.clone(), k.1, k.2, more));
            }
            continue;
        }
        let n = shown.entry(k.clone()).or_insert(0);
        *n += 1;
        if *n <= keep {
            out.push(d);
            if *n == keep {
                out.push(left_out(k.0.clone(), k.1, k.2, more));
            }
        }
    }
    *diagnostics = out;
}

/// Sorts diagnostics by file and position so that output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}

/// Renders diagnostics the way rustc does: severity, message, location, the line, a marker, a hint.
pub fn render_human(diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(d.message.as_str()).id(d.code.as_str());
        let mut groups: Vec<Group<'_>> = Vec::new();
        let main = match (&d.file, &d.line_text, d.line) {
            (Some(file), Some(text), Some(line)) => {
                let column = d.column.unwrap_or(1).saturating_sub(1);
                let column = column.saturating_sub(d.excerpt_from);
                let start = char_to_byte(text, column);
                let end = char_to_byte(text, column + d.len.max(1));
                let end = end.max(start);
                title.element(
                    Snippet::source(text.as_str())
                        .line_start(line)
                        .path(file.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                )
            }
            (Some(file), _, line) => {
                let mut origin = Origin::path(file.as_str());
                if let Some(line) = line {
                    origin = origin.line(line);
                    if let Some(c) = d.column {
                        origin = origin.char_column(c);
                    }
                }
                title.element(origin)
            }
            _ => Group::with_title(title),
        };
        groups.push(main);
        if let Some(hint) = &d.hint {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(hint.as_str()),
            ));
        }
        let _ = writeln!(out, "{}\n", renderer.render(&groups));
    }
    out
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// Renders GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`).
pub fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(f) = &d.file {
            props.push(format!("file={}", escape_property(f)));
        }
        if let Some(l) = d.line {
            props.push(format!("line={l}"));
        }
        if let Some(c) = d.column {
            props.push(format!("col={c}"));
        }
        props.push(format!("title={}", escape_property(d.code.as_str())));
        let mut message = d.message.clone();
        if let Some(h) = &d.hint {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        let _ = writeln!(
            out,
            "::{level} {}::{}",
            props.join(","),
            escape_data(&message)
        );
    }
    out
}

/// Escapes the message of a GitHub workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property (`file=`, `title=`) of a GitHub workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `2 errors, 1 warning`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_quote_long_names_shortened() {
        assert_eq!(quoted("missing.md"), "missing.md");
        let long = "(".repeat(10_000);
        assert_eq!(quoted(&long), format!("{}…", "(".repeat(MAX_QUOTED)));
        assert_eq!(quoted(&"é".repeat(500)).chars().count(), MAX_QUOTED + 1);
    }

    #[test]
    fn repeated_diagnostics_keep_twenty_and_count_the_rest_after_them() {
        let mut ds: Vec<Diagnostic> = (1..=25)
            .map(|l| {
                Diagnostic::warning(Code::BrokenLink, format!("link {l}")).at(
                    "a.md",
                    "x\n",
                    Span::new(l, 1, 1),
                )
            })
            .collect();
        ds.push(Diagnostic::warning(Code::BrokenLink, "other file").in_file("b.md"));
        let mut made = Repeats::default();
        for _ in 0..30 {
            made.admit("a.md", Code::BrokenLink, Severity::Warning);
        }
        ds.extend(made.left_out());
        sort(&mut ds);
        cap_repeated(&mut ds);
        let messages: Vec<&str> = ds.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 22, "{messages:?}");
        assert_eq!(messages[19], "link 20");
        // 5 cut here, 10 never made.
        assert_eq!(
            messages[20],
            "15 more `broken-link` warnings in this file not shown"
        );
        assert_eq!(ds[20].file.as_deref(), Some("a.md"));
        assert_eq!(messages[21], "other file");
    }

    #[test]
    fn span_counts_lines_and_characters() {
        let text = "---\ntitlé: x\nrevist: 2027-01-01\n";
        let s = Span::find(text, 1, "revist");
        assert_eq!((s.line, s.column, s.len), (3, 1, 6));
        let s = Span::find(text, 1, "x");
        assert_eq!((s.line, s.column), (2, 8));
    }

    #[test]
    fn human_output_names_file_line_and_column_and_marks_the_line() {
        let text = "---\nrevist: 2027-01-01\n---\n";
        let d = Diagnostic::warning(Code::NearMissKey, "unknown key `revist`")
            .at("decisions/0001-x.md", text, Span::find(text, 1, "revist"))
            .hint("did you mean `revisit`?");
        let out = render_human(&[d], false);
        assert!(
            out.contains("warning[near-miss-key]: unknown key `revist`"),
            "{out}"
        );
        assert!(out.contains("decisions/0001-x.md:2:1"), "{out}");
        assert!(out.contains("revist: 2027-01-01"), "{out}");
        assert!(out.contains("^^^^^^"), "{out}");
        assert!(out.contains("help: did you mean `revisit`?"), "{out}");
    }

    #[test]
    fn github_output_is_a_workflow_command() {
        let d = Diagnostic::error(Code::DanglingReference, "no record `7`").at(
            "a,b.md",
            "x\n",
            Span::new(1, 1, 1),
        );
        assert_eq!(
            render_github(&[d]),
            "::error file=a%2Cb.md,line=1,col=1,title=dangling-reference::no record `7`\n"
        );
    }
}
