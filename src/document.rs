//! The shape of a markdown file: front matter, headings, sections and links.
//!
//! Dialects read records through these functions, so that every dialect agrees on where
//! the front matter ends, what a heading is (never inside a code fence) and where a
//! section starts and stops.

use crate::diagnostic::Span;
use crate::record::BodyLink;

/// A markdown file split into its front matter and body.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The whole file.
    pub text: &'a str,
    /// YAML between the `---` fences, if any.
    pub front_matter: Option<FrontMatter<'a>>,
    pub body: &'a str,
    /// 1-based line of the body's first line.
    pub body_line: usize,
}

/// The YAML text of the front matter and the line it starts on.
#[derive(Debug, Clone, Copy)]
pub struct FrontMatter<'a> {
    /// The text between the fences (YAML, or TOML when `toml` is set).
    pub yaml: &'a str,
    /// 1-based line of the first YAML line (the line after `---`).
    pub first_line: usize,
    /// Fenced by `+++` (Hugo): the text is TOML.
    pub toml: bool,
}

impl<'a> Document<'a> {
    /// Splits off YAML front matter fenced by `---` lines at the very top.
    pub fn split(text: &'a str) -> Document<'a> {
        let no_front = Document {
            text,
            front_matter: None,
            body: text,
            body_line: 1,
        };
        let Some(first_end) = memchr::memchr(b'\n', text.as_bytes()) else {
            return no_front;
        };
        let fence = text[..first_end].trim_end();
        if fence != "---" && fence != "+++" {
            return no_front;
        }
        let toml = fence == "+++";
        let yaml_start = first_end + 1;
        let mut pos = yaml_start;
        let mut line = 2;
        while pos <= text.len() {
            let end =
                memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i);
            // Only a line that starts as a fence can be one: the rest are not trimmed.
            let may_close = matches!(text.as_bytes().get(pos), Some(b'-' | b'.' | b'+'));
            let l = if may_close {
                text[pos..end].trim_end()
            } else {
                ""
            };
            if (!toml && (l == "---" || l == "...")) || (toml && l == "+++") {
                let body_start = (end + 1).min(text.len());
                return Document {
                    text,
                    front_matter: Some(FrontMatter {
                        yaml: &text[yaml_start..pos],
                        first_line: 2,
                        toml,
                    }),
                    body: &text[body_start..],
                    body_line: line + 1,
                };
            }
            if end == text.len() {
                break;
            }
            pos = end + 1;
            line += 1;
        }
        no_front
    }
}

/// A heading of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading<'a> {
    pub level: u8,
    /// The heading text, trimmed, closing `#`s removed.
    pub text: &'a str,
    /// 1-based line in the file.
    pub line: usize,
    /// Byte offset of the heading line in the body.
    pub start: usize,
    /// Byte offset just after the heading (the line after it, or after the setext underline).
    pub end: usize,
}

/// A line of a body: its byte offset, its text (without the newline), and whether it lies
/// inside a fenced code block (fence lines included).
pub type Line<'a> = (usize, &'a str, bool);

/// Whether `line` contains `needle`, a short ASCII text: one vector scan for its first byte,
/// then a comparison where it occurs. The reader asks this of every line for needles that
/// are rare (`<!--`, `](`), where `str::contains` would first build a substring searcher.
pub fn has(line: &str, needle: &str) -> bool {
    let (hay, n) = (line.as_bytes(), needle.as_bytes());
    memchr::memchr_iter(n[0], hay).any(|i| hay[i..].starts_with(n))
}

/// Whether `text` has a byte other than printable ASCII and the white space in `allowed`
/// (`\n`, `\t`, and `\r` when `allowed` says so): a byte of a non-ASCII character, DEL or
/// another C0 control. Nearly every file has none, so the scan goes 64 bytes at a time
/// without stopping at each (a loop the compiler turns into vector code), and only a block
/// with such a byte is looked at again.
pub fn has_unusual_byte(text: &str, cr_allowed: bool) -> bool {
    let unusual = |b: u8| {
        b >= 0x7f || (b < 0x20 && !(b == b'\n' || b == b'\t' || (cr_allowed && b == b'\r')))
    };
    let blocks = text.as_bytes().chunks_exact(64);
    let tail = blocks.remainder();
    for block in blocks {
        if block.iter().fold(false, |any, &b| any | unusual(b)) {
            return true;
        }
    }
    tail.iter().any(|&b| unusual(b))
}

/// Iterates over the lines of `body` with their byte offsets, and whether each lies
/// inside a fenced code block (fence lines included). Readers that pass over a body
/// several times collect this once and share it.
pub fn lines_with_fences(body: &str) -> impl Iterator<Item = (usize, &str, bool)> {
    let mut fence: Option<(u8, usize)> = None;
    let mut offset = 0;
    // Each line's end is found with memchr's vector scan (`split_inclusive('\n')` goes
    // through `core`'s scan, a word at a time).
    std::iter::from_fn(move || {
        if offset >= body.len() {
            return None;
        }
        let start = offset;
        let end =
            memchr::memchr(b'\n', &body.as_bytes()[start..]).map_or(body.len(), |i| start + i);
        offset = end + 1;
        let line = &body[start..end];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        // Fence markers are ASCII: bytes are enough.
        let marker = trimmed.bytes().next().filter(|c| *c == b'`' || *c == b'~');
        let run = marker.map_or(0, |m| trimmed.bytes().take_while(|c| *c == m).count());
        let in_fence = match fence {
            Some((m, n)) => {
                if marker == Some(m) && run >= n && trimmed[run..].trim().is_empty() {
                    fence = None;
                }
                true
            }
            None => {
                if indent < 4 && run >= 3 {
                    fence = Some((marker.unwrap_or(b'`'), run));
                    true
                } else {
                    false
                }
            }
        };
        Some((start, line, in_fence))
    })
}

/// The body's lines, in a vector sized exactly (one count of newlines first): a body of
/// four million blank lines would otherwise double its vector to twice their size.
pub fn collect_lines(body: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', body.as_bytes()).count() + 1);
    lines.extend(lines_with_fences(body));
    lines
}

/// Headings (ATX `## x` and setext `x\n===`) outside code fences.
pub fn headings(body: &str, body_line: usize) -> Vec<Heading<'_>> {
    let lines = collect_lines(body);
    headings_in(body, body_line, &lines)
}

/// [`headings`] from the body's lines, already collected.
pub fn headings_in<'a>(body: &'a str, body_line: usize, lines: &[Line<'a>]) -> Vec<Heading<'a>> {
    let mut out = Vec::new();
    for (i, &(start, line, fenced)) in lines.iter().enumerate() {
        if fenced {
            continue;
        }
        let end_of = |k: usize| lines.get(k + 1).map_or(body.len(), |l| l.0);
        let t = line.trim_start();
        if line.len() - t.len() < 4 && t.starts_with('#') {
            let level = t.chars().take_while(|c| *c == '#').count();
            let rest = &t[level..];
            if level <= 6 && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
                let text = rest.trim();
                let text = text.trim_end_matches('#');
                let text = if text.len() < rest.trim().len()
                    && !text.ends_with([' ', '\t'])
                    && !text.is_empty()
                {
                    rest.trim()
                } else {
                    text.trim()
                };
                out.push(Heading {
                    level: level as u8,
                    text,
                    line: body_line + i,
                    start,
                    end: end_of(i),
                });
                continue;
            }
        }
        // Setext: a non-blank paragraph line underlined by === or ---.
        if let Some(&(_, next, next_fenced)) = lines.get(i + 1) {
            let n = next.trim();
            let prev_blank = i == 0 || lines[i - 1].1.trim().is_empty();
            if !next_fenced
                && prev_blank
                && !t.is_empty()
                && !t.starts_with(['-', '*', '>', '|', '<'])
                && n.len() >= 3
                && (n.chars().all(|c| c == '=') || n.chars().all(|c| c == '-'))
            {
                out.push(Heading {
                    level: if n.starts_with('=') { 1 } else { 2 },
                    text: t.trim(),
                    line: body_line + i,
                    start,
                    end: end_of(i + 1),
                });
            }
        }
    }
    out
}

/// A section of the body: a heading and the text up to the next heading of the same or
/// a higher level.
#[derive(Debug, Clone, Copy)]
pub struct Section<'a> {
    pub heading: Heading<'a>,
    pub content: &'a str,
    /// Byte offset of `content` in the body.
    pub content_start: usize,
}

/// Every section whose heading is at `level`.
pub fn sections<'a>(body: &'a str, heads: &[Heading<'a>], level: u8) -> Vec<Section<'a>> {
    // Sized exactly: a body of a million headings is a million sections.
    let mut out = Vec::with_capacity(heads.iter().filter(|h| h.level == level).count());
    for (i, h) in heads.iter().enumerate() {
        if h.level != level {
            continue;
        }
        let end = heads[i + 1..]
            .iter()
            .find(|n| n.level <= level)
            .map_or(body.len(), |n| n.start);
        let start = h.end.min(end);
        out.push(Section {
            heading: *h,
            content: &body[start..end],
            content_start: start,
        });
    }
    out
}

/// Plain text of an inline markdown fragment: emphasis, code marks, links and images
/// reduced to their text. For one line (a title, a heading, a link's text); whole bodies
/// go through `render::search::plain_text`, which also drops block markup (fences, list
/// and heading markers, tables) in one cheap pass, and the rendered pages through
/// pulldown-cmark.
pub fn plain_text(md: &str) -> String {
    let chars: Vec<char> = md.chars().collect();
    let mut out = String::with_capacity(md.len());
    plain_text_into(&chars, 0, &mut out);
    squeeze_spaces(&out)
}

/// `s` with each run of white space made one space, and none at either end; a text that
/// is already so (most titles and statuses) is copied as it is, without splitting it.
pub fn squeeze_spaces(s: &str) -> String {
    let mut prev_space = true;
    let squeezed = s.chars().all(|c| {
        let ok = !c.is_whitespace() || (c == ' ' && !prev_space);
        prev_space = c.is_whitespace();
        ok
    }) && !prev_space;
    if squeezed || s.is_empty() {
        s.to_string()
    } else {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Brackets nested deeper than this are kept as text: each level is read once more, so a
/// bound keeps [`plain_text`] linear (and its stack shallow) on `[[[[…]]]]`.
const MAX_BRACKET_NESTING: usize = 8;

fn plain_text_into(chars: &[char], depth: usize, out: &mut String) {
    let squares = char_pairs(chars, '[', ']');
    let parens = char_pairs(chars, '(', ')');
    let close_of = |pairs: &[(usize, usize)], open: usize| {
        pairs
            .binary_search_by_key(&open, |p| p.0)
            .ok()
            .map(|k| pairs[k].1)
    };
    // The next `>` at or after a position, found once for all the `<` before it.
    let mut next_gt: Option<Option<usize>> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '!' if chars.get(i + 1) == Some(&'[') => {
                i += 1;
            }
            '[' if depth < MAX_BRACKET_NESTING => {
                // [text](url) or [text][ref]: keep text.
                if let Some(close) = close_of(&squares, i) {
                    let mut inner = String::new();
                    plain_text_into(&chars[i + 1..close], depth + 1, &mut inner);
                    out.push_str(&squeeze_spaces(&inner));
                    let mut j = close + 1;
                    if chars.get(j) == Some(&'(')
                        && let Some(p) = close_of(&parens, j)
                    {
                        j = p + 1;
                    } else if chars.get(j) == Some(&'[')
                        && let Some(p) = close_of(&squares, j)
                    {
                        j = p + 1;
                    }
                    i = j;
                    next_gt = None;
                    continue;
                }
                out.push(c);
            }
            '*' | '`' => {}
            '_' => {
                // Underscores inside words (snake_case) are text.
                let prev = i
                    .checked_sub(1)
                    .and_then(|p| chars.get(p))
                    .is_some_and(|c| c.is_alphanumeric());
                let next = chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
                if prev && next {
                    out.push(c);
                }
            }
            '<' => {
                // Drop inline HTML tags and comments; an autolink keeps its address.
                let gt = match next_gt {
                    Some(Some(g)) if g > i => Some(g),
                    Some(None) => None,
                    _ => {
                        let g = chars[i..].iter().position(|c| *c == '>').map(|p| i + p);
                        next_gt = Some(g);
                        g
                    }
                };
                if let Some(end) = gt {
                    // Autolinks are short: a bound keeps a line of `<http` linear.
                    if end - i < 2048 && chars[i + 1..end].iter().all(|c| !c.is_whitespace()) {
                        let inner: String = chars[i + 1..end].iter().collect();
                        let lower = inner.to_ascii_lowercase();
                        if lower.starts_with("https://")
                            || lower.starts_with("http://")
                            || lower.starts_with("mailto:")
                        {
                            out.push_str(inner.strip_prefix("mailto:").unwrap_or(&inner));
                            i = end + 1;
                            continue;
                        }
                    }
                    let comment = chars[i..].starts_with(&['<', '!', '-', '-']);
                    if comment
                        || end > i + 1 && (chars[i + 1].is_alphabetic() || chars[i + 1] == '/')
                    {
                        i = end + 1;
                        continue;
                    }
                }
                out.push(c);
            }
            '\\' if chars.get(i + 1).is_some_and(|c| c.is_ascii_punctuation()) => {
                out.push(chars[i + 1]);
                i += 1;
            }
            _ => out.push(c),
        }
        i += 1;
    }
}

/// [`pairs`] over characters.
fn char_pairs(chars: &[char], open: char, close: char) -> Vec<(usize, usize)> {
    let mut stack = Vec::new();
    let mut out = Vec::new();
    for (k, &c) in chars.iter().enumerate() {
        if c == open {
            stack.push(k);
        } else if c == close
            && let Some(o) = stack.pop()
        {
            out.push((o, k));
        }
    }
    out.sort_unstable();
    out
}

/// Every `open` byte of `bytes` with the `close` that matches it, ordered by the opener: one
/// pass with a stack, where looking for the closer from each opener would read a line of
/// unclosed brackets once per bracket.
pub fn pairs(bytes: &[u8], open: u8, close: u8) -> Vec<(usize, usize)> {
    let mut stack = Vec::new();
    let mut out = Vec::new();
    for (k, &b) in bytes.iter().enumerate() {
        if b == open {
            stack.push(k);
        } else if b == close
            && let Some(o) = stack.pop()
        {
            out.push((o, k));
        }
    }
    out.sort_unstable();
    out
}

/// Character columns of byte positions in one line, counted once: positions asked in
/// increasing order cost one pass over the line in all (an ASCII line costs nothing).
pub struct Columns<'a> {
    line: &'a str,
    ascii: bool,
    byte: usize,
    column: usize,
}

impl<'a> Columns<'a> {
    pub fn new(line: &'a str) -> Columns<'a> {
        Columns {
            line,
            ascii: line.is_ascii(),
            byte: 0,
            column: 0,
        }
    }

    /// The 0-based character column of byte `at` (rounded down to a character boundary).
    pub fn at(&mut self, at: usize) -> usize {
        let mut at = at.min(self.line.len());
        if self.ascii {
            return at;
        }
        while !self.line.is_char_boundary(at) {
            at -= 1;
        }
        if at < self.byte {
            self.byte = 0;
            self.column = 0;
        }
        self.column += self.line[self.byte..at].chars().count();
        self.byte = at;
        self.column
    }
}

/// The index of the `)` matching the `(` at `open` in `bytes`, if the line closes it.
pub fn closing_paren(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// Links in a markdown body (`[x](dest)`, `![x](dest)`, `[x]: dest`, `<a href="dest">`),
/// outside code fences and code spans, with where each stands.
pub fn scan_links(body: &str, body_line: usize) -> Vec<BodyLink> {
    let lines = collect_lines(body);
    scan_links_in(&lines, body_line)
}

/// [`scan_links`] from the body's lines, already collected.
pub fn scan_links_in(lines: &[Line<'_>], body_line: usize) -> Vec<BodyLink> {
    let mut out = Vec::new();
    for (k, &(start, line, fenced)) in lines.iter().enumerate() {
        if fenced || line.starts_with("    ") {
            continue;
        }
        // Most lines hold no link: every form needs a `]` or a `<`, found with one vector scan.
        if memchr::memchr2(b']', b'<', line.as_bytes()).is_none()
            || !(has(line, "](") || has(line, "]:") || has(line, "<a") || has(line, "<A"))
        {
            continue;
        }
        let mut in_code = false;
        let bytes = line.as_bytes();
        let mut i = 0;
        // The span of `len` characters at byte `at` of the body, which is on this line.
        let mut columns = Columns::new(line);
        let mut span =
            |at: usize, len: usize| Span::new(body_line + k, columns.at(at - start) + 1, len);
        // Reference definition: `[label]: dest`.
        let t = line.trim_start();
        if t.starts_with('[')
            && !t.starts_with("[^")
            && let Some(close) = t.find("]:")
        {
            let rest = &t[close + 2..];
            let dest = rest.split_whitespace().next().unwrap_or("");
            let dest = dest.trim_start_matches('<').trim_end_matches('>');
            if !dest.is_empty() {
                let at = start
                    + (line.len() - t.len())
                    + close
                    + 2
                    + (rest.len() - rest.trim_start().len());
                out.push(BodyLink {
                    dest: dest.to_string(),
                    span: span(at, dest.chars().count()),
                });
            }
            continue;
        }
        while i < bytes.len() {
            match bytes[i] {
                b'`' => in_code = !in_code,
                b']' if !in_code && bytes.get(i + 1) == Some(&b'(') => {
                    let dest_start = i + 2;
                    let j = closing_paren(bytes, i + 1).unwrap_or(bytes.len());
                    let inner = line[dest_start..j.min(line.len())].trim();
                    let dest = if let Some(rest) = inner.strip_prefix('<') {
                        rest.split('>').next().unwrap_or("")
                    } else {
                        inner.split_whitespace().next().unwrap_or("")
                    };
                    if !dest.is_empty() {
                        let at = start
                            + dest_start
                            + line[dest_start..j.min(line.len())].find(dest).unwrap_or(0);
                        out.push(BodyLink {
                            dest: dest.to_string(),
                            span: span(at, dest.chars().count()),
                        });
                    }
                    i = j;
                }
                b'<' if !in_code
                    && bytes.len() > i + 3
                    && bytes[i + 1].eq_ignore_ascii_case(&b'a')
                    && bytes[i + 2].is_ascii_whitespace() =>
                {
                    let tag_end = line[i..].find('>').map_or(line.len(), |k| i + k);
                    let tag = &line[i..tag_end];
                    if let Some(h) = tag.to_ascii_lowercase().find("href=") {
                        let v = &tag[h + 5..];
                        let quote = v.chars().next().filter(|c| *c == '"' || *c == '\'');
                        let dest = match quote {
                            Some(q) => v[1..].split(q).next().unwrap_or(""),
                            None => v.split([' ', '>']).next().unwrap_or(""),
                        };
                        if !dest.is_empty() {
                            let at = start + i + h + 5 + usize::from(quote.is_some());
                            out.push(BodyLink {
                                dest: dest.to_string(),
                                span: span(at, dest.chars().count()),
                            });
                        }
                    }
                    i = tag_end;
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeeze_spaces_agrees_with_splitting_on_white_space() {
        for s in [
            "",
            " ",
            "Use Kafka",
            "Use  Kafka",
            " Use Kafka",
            "Use Kafka ",
            "Use\tKafka",
            "Use\nKafka",
            "Use\u{a0}Kafka",
            "Ünïcödé  title\u{2028}",
        ] {
            assert_eq!(
                squeeze_spaces(s),
                s.split_whitespace().collect::<Vec<_>>().join(" "),
                "{s:?}"
            );
        }
    }

    #[test]
    fn unusual_bytes_are_found_in_any_block() {
        let plain = "a line\tof text\n".repeat(20);
        assert!(!has_unusual_byte(&plain, false));
        for at in [0, 63, 64, 130, plain.len()] {
            for odd in ["\u{7f}", "\u{1b}", "é", "\r"] {
                let mut t = plain.clone();
                t.insert_str(at, odd);
                assert!(has_unusual_byte(&t, false), "{odd:?} at {at}");
                assert_eq!(has_unusual_byte(&t, true), odd != "\r", "{odd:?} at {at}");
            }
        }
    }

    #[test]
    fn has_finds_a_needle_after_false_starts() {
        assert!(has("see [x](y.md)", "]("));
        assert!(has("a ] b ](", "]("));
        assert!(!has("a ] b ]", "]("));
        assert!(!has("", "<!--"));
        assert!(has("<!- <!-- x", "<!--"));
        assert!(!has("<!-", "<!--"));
        assert!(has("é -->", "-->"));
    }

    #[test]
    fn splits_front_matter() {
        let d = Document::split("---\ntitle: x\n---\n# Body\n");
        assert_eq!(d.front_matter.unwrap().yaml, "title: x\n");
        assert_eq!(d.body, "# Body\n");
        assert_eq!(d.body_line, 4);
        let d = Document::split("# No front matter\n---\n");
        assert!(d.front_matter.is_none());
        let d = Document::split("---\ntitle: never closed\n");
        assert!(d.front_matter.is_none());
        let d = Document::split("+++\ntitle = \"x\"\n+++\n# Body\n");
        let fm = d.front_matter.unwrap();
        assert!(fm.toml);
        assert_eq!(fm.yaml, "title = \"x\"\n");
        assert_eq!(d.body, "# Body\n");
    }

    #[test]
    fn finds_headings_outside_fences() {
        let body =
            "# 1. Title #\n\n```\n# not a heading\n```\n\nSetext\n------\n\n## Status\nAccepted\n";
        let h = headings(body, 1);
        let texts: Vec<_> = h.iter().map(|h| (h.level, h.text, h.line)).collect();
        assert_eq!(
            texts,
            vec![(1, "1. Title", 1), (2, "Setext", 7), (2, "Status", 10)]
        );
        let s = sections(body, &h, 2);
        assert_eq!(s[1].content.trim(), "Accepted");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("Use **Kafka** for [events](x.md) `now`"),
            "Use Kafka for events now"
        );
        assert_eq!(
            plain_text("snake_case_name and _em_"),
            "snake_case_name and em"
        );
    }

    #[test]
    fn scanning_never_splits_a_character() {
        for body in [
            "<£ <a£ x](£) [£](<£>) <a href=£>",
            "<a\u{a0}href='x'>",
            "]( ",
            "[x]:",
            "<a",
        ] {
            let _ = scan_links(body, 1);
        }
        assert_eq!(scan_links("<a href=\"£.md\">", 1)[0].dest, "£.md");
    }

    #[test]
    fn scans_links_with_positions() {
        let body = "See [ADR 2](0002-x.md) and ![d](img/d.png).\n\n```\n[no](code.md)\n```\n[ref]: ./0003-y.md\n";
        let links = scan_links(body, 5);
        let got: Vec<_> = links
            .iter()
            .map(|l| (l.dest.as_str(), l.span.line, l.span.column))
            .collect();
        assert_eq!(
            got,
            vec![
                ("0002-x.md", 5, 13),
                ("img/d.png", 5, 33),
                ("./0003-y.md", 10, 8)
            ]
        );
    }
}
