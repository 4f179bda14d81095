//! Markdown bodies to HTML: links between records rewritten to their pages, files beside
//! records pointed at their copies, raw HTML escaped unless trusted, unsafe links dropped,
//! headings given ids for anchors (and listed for a table of contents), ```` ```mermaid ````
//! blocks kept as source inside a `figure.diagram` for `static/diagrams.js` to draw.

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeStream, html,
};
use serde::Serialize;

use crate::resolve::{LinkTarget, Model};
use crate::url_path::encode_path;

/// How a body is rendered.
pub struct BodyContext<'a> {
    pub model: &'a Model,
    /// Index of the record whose body this is.
    pub record: usize,
    /// Prefix from the page to the site root (`../`).
    pub root: &'a str,
    pub trust_html: bool,
    /// The record's title: a leading H1 that repeats it is dropped.
    pub title: &'a str,
    /// Links out of the source folder go to the file in the repository: the blob URL
    /// prefix (`https://github.com/o/r/blob/main/`) and the source root's path inside the
    /// repository (`docs/adr`); `None` without `repo_url`.
    pub repo: Option<(&'a str, &'a str)>,
}

/// Where files linked from records are copied to, below the site root.
pub const FILES_DIR: &str = "files/";

/// A rendered body.
pub struct Body {
    pub html: String,
    /// Files beside the record that it links to (source paths), to copy into the site.
    pub assets: Vec<String>,
    /// Its `##` and `###` headings, in order, for a table of contents.
    pub sections: Vec<Section>,
    /// Whether it has a diagram for `static/diagrams.js` to draw.
    pub diagrams: bool,
}

/// A heading of a body: its level (2 or 3), anchor and text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Section {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Is `info` (a fenced block's info string) a mermaid diagram?
fn is_diagram(info: &str) -> bool {
    info.split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("mermaid"))
}

/// Whether `body` has a fenced ```` ```mermaid ```` block: a quick scan, so that a site
/// without diagrams gets neither the drawing script nor the mermaid bundle.
pub fn has_diagram(body: &str) -> bool {
    memchr::memmem::find_iter(body.as_bytes(), b"mermaid").any(|at| {
        let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
        let fence = body[line_start..at].trim_start();
        (fence.starts_with("```") || fence.starts_with("~~~"))
            && fence.trim_start_matches(['`', '~']).trim().is_empty()
    })
}

/// Renders a record body.
pub fn render_body(body: &str, cx: &BodyContext<'_>) -> Body {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    options.remove(Options::ENABLE_SMART_PUNCTUATION);
    let from = &cx.model.records[cx.record].record;
    // The sections the option and outcome cards stand in for are not shown twice.
    let kept;
    let body = if from.folded.is_empty() || !std::ptr::eq(from.body.as_str(), body) {
        body
    } else {
        kept = without_folded(body, &from.folded);
        kept.as_str()
    };
    let mut rewriter = Rewriter {
        cx,
        from,
        assets: Vec::new(),
        first_block: true,
        skipping_h1: false,
        used_ids: UsedIds::default(),
        sections: Vec::new(),
        diagrams: false,
    };
    let mut out = String::with_capacity(body.len() * 3 / 2);
    // A long body is rendered piece by piece (see [`pieces`]); the link reference
    // definitions of the whole body are read first, so that every piece resolves them.
    let pieces = pieces(body);
    let definitions = if pieces.len() > 1 {
        definitions(body)
    } else {
        std::collections::HashMap::new()
    };
    for piece in &pieces {
        // Nesting is bounded in each piece: a line cut in two starts a piece with the
        // rest of its `>` or `- `.
        let piece = bound_nesting(piece);
        let mut resolve_reference = |broken: pulldown_cmark::BrokenLink<'_>| {
            definitions
                .get(&label_key(&broken.reference))
                .map(|(dest, title)| (CowStr::from(dest.clone()), CowStr::from(title.clone())))
        };
        // Events are rewritten as they are parsed and written out at once, never collected:
        // a body of a million `[` is a million events. Runs of text are merged first, so a
        // heading holds few events however long it is.
        let mut parser = TextMergeStream::new(Parser::new_with_broken_link_callback(
            &piece,
            options,
            Some(&mut resolve_reference),
        ));
        let mut state = Piece::default();
        let events = std::iter::from_fn(|| {
            loop {
                if let Some(e) = state.ready.pop_front() {
                    return Some(e);
                }
                rewriter.take(&mut state, parser.next()?);
            }
        });
        html::push_html(&mut out, events);
    }
    Body {
        html: out,
        assets: rewriter.assets,
        sections: rewriter.sections,
        diagrams: rewriter.diagrams,
    }
}

/// `body` without the byte ranges in `folded` (sorted, as the reader found them).
fn without_folded(body: &str, folded: &[std::ops::Range<usize>]) -> String {
    let mut text = String::with_capacity(body.len());
    let mut at = 0;
    for r in folded {
        if let Some(part) = body.get(at..r.start) {
            text.push_str(part);
        }
        at = r.end.max(at);
    }
    text.push_str(body.get(at..).unwrap_or(""));
    text
}

/// What rewriting the events of a body keeps from piece to piece: the links' files, the
/// heading ids used and the sections found, and whether the first block is still to come.
struct Rewriter<'c, 'a> {
    cx: &'c BodyContext<'a>,
    from: &'c crate::record::Record,
    assets: Vec<String>,
    first_block: bool,
    /// Inside a leading H1, which is dropped when it repeats the title.
    skipping_h1: bool,
    used_ids: UsedIds,
    sections: Vec<Section>,
    diagrams: bool,
}

/// The state of one piece's events: the events ready to write, the heading being read
/// (its level and its events, held until its end gives its id), the mermaid source being
/// read, and whether each open link was kept.
#[derive(Default)]
struct Piece<'e> {
    ready: std::collections::VecDeque<Event<'e>>,
    heading: Option<(HeadingLevel, Vec<Event<'e>>)>,
    diagram: Option<String>,
    link_stack: Vec<bool>,
}

impl<'e> Piece<'e> {
    /// Passes `e` on, or holds it with the heading being read.
    fn emit(&mut self, e: Event<'e>) {
        match self.heading.as_mut() {
            Some((_, held)) => held.push(e),
            None => self.ready.push_back(e),
        }
    }
}

impl Rewriter<'_, '_> {
    /// Takes one parsed event: rewritten into `piece.ready`, held, or dropped.
    fn take<'e>(&mut self, piece: &mut Piece<'e>, event: Event<'e>) {
        if let Some(source) = piece.diagram.as_mut() {
            match event {
                Event::Text(t) => source.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let mut html = String::from(
                        r#"<figure class="diagram"><pre class="diagram-source"><code class="language-mermaid">"#,
                    );
                    html.push_str(&super::escape::escape(source));
                    html.push_str("</code></pre></figure>\n");
                    piece.emit(Event::Html(CowStr::from(html)));
                    piece.diagram = None;
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info))) if is_diagram(info) => {
                self.first_block = false;
                self.diagrams = true;
                piece.diagram = Some(String::new());
            }
            Event::Start(Tag::Heading { level, .. }) => {
                self.skipping_h1 = self.first_block && level == HeadingLevel::H1;
                self.first_block = false;
                piece.heading = Some((level, Vec::new()));
            }
            Event::End(TagEnd::Heading(level)) => self.end_heading(piece, level),
            Event::Html(h) | Event::InlineHtml(h) if !self.cx.trust_html => {
                // Comments are dropped, everything else is shown as text.
                if h.trim_start().starts_with("<!--") && h.trim_end().ends_with("-->") {
                    return;
                }
                if !h.trim().is_empty() {
                    self.first_block = false;
                }
                piece.emit(Event::Text(h));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.first_block = false;
                match rewrite(&dest_url, self.from, self.cx, &mut self.assets) {
                    Some(url) => {
                        piece.link_stack.push(true);
                        piece.emit(Event::Start(Tag::Link {
                            link_type,
                            dest_url: url,
                            title,
                            id,
                        }));
                    }
                    None => piece.link_stack.push(false),
                }
            }
            Event::End(TagEnd::Link) => {
                if piece.link_stack.pop().unwrap_or(false) {
                    piece.emit(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.first_block = false;
                let url = rewrite(&dest_url, self.from, self.cx, &mut self.assets)
                    .unwrap_or(CowStr::Borrowed(""));
                piece.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url: url,
                    title,
                    id,
                }));
            }
            e => {
                if matches!(e, Event::Start(_) | Event::Text(_) | Event::Rule) {
                    self.first_block = false;
                }
                piece.emit(e);
            }
        }
    }

    /// The end of a heading: its id from its text, a section for `##` and `###`; a leading
    /// H1 that repeats the title is dropped.
    fn end_heading(&mut self, piece: &mut Piece<'_>, level: HeadingLevel) {
        if let Some((_, held)) = piece.heading.take() {
            let text = heading_text(&held);
            if !(self.skipping_h1 && level == HeadingLevel::H1 && same_title(&text, self.cx.title))
            {
                let id = unique_id(slug(&text), &mut self.used_ids);
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    self.sections.push(Section {
                        level: if level == HeadingLevel::H2 { 2 } else { 3 },
                        id: id.clone(),
                        text: text.trim().to_string(),
                    });
                }
                piece.ready.push_back(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes: vec![],
                    attrs: vec![],
                }));
                piece.ready.extend(held);
                piece.ready.push_back(Event::End(TagEnd::Heading(level)));
            }
        } else {
            piece.emit(Event::End(TagEnd::Heading(level)));
        }
        self.skipping_h1 = false;
    }
}

fn rewrite<'e>(
    dest: &CowStr<'e>,
    from: &crate::record::Record,
    cx: &BodyContext<'_>,
    assets: &mut Vec<String>,
) -> Option<CowStr<'e>> {
    let model = cx.model;
    match model.index.link(&model.assets, from, dest) {
        LinkTarget::Record(i, fragment) => {
            let mut url = format!("{}{}", cx.root, model.records[i].url);
            if let Some(f) = fragment {
                url.push('#');
                url.push_str(&f);
            }
            Some(CowStr::from(url))
        }
        LinkTarget::Asset(path) => {
            let url = format!("{}{}{}", cx.root, FILES_DIR, encode_path(&path));
            assets.push(path);
            Some(CowStr::from(url))
        }
        LinkTarget::OutsideSource(path, fragment) => {
            // Without `repo_url` the link has nowhere to go on the site: its text stays.
            let (blob, prefix) = cx.repo?;
            let in_repo = crate::url_path::join(prefix, &path)?;
            let mut url = format!("{blob}{}", encode_path(&in_repo));
            if let Some(f) = fragment {
                url.push('#');
                url.push_str(&f);
            }
            Some(CowStr::from(url))
        }
        LinkTarget::External | LinkTarget::Broken => Some(dest.clone()),
        LinkTarget::Unsafe => None,
    }
}

fn heading_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s
}

/// Block quotes and lists nested deeper than this on one line are written as text: no
/// reader needs more, and a line of a million `>` would make a tree of a million blocks.
pub const MAX_NESTING: usize = 32;

/// `body` with the container markers (`>`, `- `, `* `, `+ `) past [`MAX_NESTING`] at the
/// start of a line escaped, so that they read as text; borrowed when no line has that many.
pub fn bound_nesting(body: &str) -> std::borrow::Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let b = line.as_bytes();
        let (mut i, mut depth) = (0, 0);
        while i < b.len() {
            match b[i] {
                b' ' | b'\t' => i += 1,
                b'>' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        break;
                    }
                    i += 1;
                }
                b'-' | b'*' | b'+' if matches!(b.get(i + 1), Some(b' ' | b'\t')) => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        break;
                    }
                    i += 2;
                }
                _ => break,
            }
        }
        if depth > MAX_NESTING {
            let o = out.get_or_insert_with(|| String::with_capacity(body.len() + 16));
            o.push_str(&body[copied..offset + i]);
            o.push('\\');
            copied = offset + i;
        }
        offset += line.len();
    }
    match out {
        Some(mut o) => {
            o.push_str(&body[copied..]);
            std::borrow::Cow::Owned(o)
        }
        None => std::borrow::Cow::Borrowed(body),
    }
}

/// Bodies longer than this are rendered in pieces: pulldown-cmark holds a node for every
/// bracket, star and line break of a document (about 60 bytes each, and its list doubles),
/// so a record of 4 MB of `[` took 600 MB. No ordinary record comes near it, so they
/// render as one document, exactly as before.
pub const PIECES_ABOVE: usize = 256 * 1024;

/// The size a piece of a long body grows to before it is cut at the next blank line
/// followed by a paragraph or heading.
const PIECE: usize = 64 * 1024;

/// The most a piece may grow to: past it, a piece is cut at the next line end, and a
/// single line longer than this is cut inside it.
const PIECE_MAX: usize = 4 * PIECE;

/// `body` in pieces to render one after the other: one piece (borrowed) up to
/// [`PIECES_ABOVE`]; past it, pieces of about [`PIECE`] bytes (at most [`PIECE_MAX`]), cut where a new top-level
/// block starts after a blank line, outside code fences, when the body has such places. A
/// fence that has to be cut is closed at the end of its piece and opened again at the
/// start of the next one.
pub fn pieces<'a>(body: &'a str) -> Vec<std::borrow::Cow<'a, str>> {
    use std::borrow::Cow;
    if body.len() <= PIECES_ABOVE {
        return vec![Cow::Borrowed(body)];
    }
    let mut out: Vec<Cow<'a, str>> = Vec::new();
    let mut start = 0;
    let mut reopen: Option<String> = None;
    // The open fence: its character, length and opening line.
    let mut fence: Option<(u8, usize, &str)> = None;
    let mut prev_blank = false;
    // The end of the raw HTML block open (a comment or `<pre>` may hold blank lines).
    let mut raw: Option<&'static str> = None;
    let mut pos = 0;
    let cut = |out: &mut Vec<Cow<'a, str>>,
               from: usize,
               to: usize,
               reopen: Option<String>,
               fence: Option<(u8, usize, &str)>| {
        let text = &body[from..to];
        match (reopen, fence) {
            (None, None) => out.push(Cow::Borrowed(text)),
            (reopen, fence) => {
                let mut s = reopen.unwrap_or_default();
                s.push_str(text);
                if let Some((c, n, _)) = fence {
                    if !s.ends_with('\n') {
                        s.push('\n');
                    }
                    s.extend(std::iter::repeat_n(c as char, n));
                    s.push('\n');
                }
                out.push(Cow::Owned(s));
            }
        }
    };
    for line in body.split_inclusive('\n') {
        let so_far = pos - start;
        if so_far >= PIECE {
            let soft =
                fence.is_none() && raw.is_none() && prev_blank && starts_top_level_block(line);
            if soft || so_far >= PIECE_MAX {
                cut(&mut out, start, pos, reopen.take(), fence);
                reopen = fence.map(|(_, _, open)| with_newline(open));
                start = pos;
            }
        }
        let end = pos + line.len();
        // A line that would take the piece past the largest is cut before; only a line
        // longer than that on its own is cut inside.
        if end - start > PIECE_MAX && pos > start {
            cut(&mut out, start, pos, reopen.take(), fence);
            reopen = fence.map(|(_, _, open)| with_newline(open));
            start = pos;
        }
        while end - start > PIECE_MAX {
            let mut at = start + PIECE_MAX;
            while !body.is_char_boundary(at) {
                at -= 1;
            }
            cut(&mut out, start, at, reopen.take(), fence);
            reopen = fence.map(|(_, _, open)| with_newline(open));
            start = at;
        }
        if fence.is_none() {
            raw = raw_block_after(raw, line);
        }
        fence = fence_after(fence, line);
        prev_blank = line.trim().is_empty();
        pos = end;
    }
    if start < body.len() || out.is_empty() {
        cut(&mut out, start, body.len(), reopen.take(), None);
    }
    out
}

fn with_newline(line: &str) -> String {
    let mut s = line.to_string();
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Whether `line` starts a paragraph or heading at the top level (not a list item, quote,
/// table row or indented continuation), so that a piece may begin with it.
fn starts_top_level_block(line: &str) -> bool {
    line.as_bytes()
        .first()
        .is_some_and(|&b| !b.is_ascii_whitespace() && !b.is_ascii_digit() && !b"-*+>".contains(&b))
}

/// The end marker of the raw HTML block open after `line` (comments, `<pre>`, `<script>`,
/// `<style>`, `<textarea>`: the blocks that blank lines do not end), given the one before.
fn raw_block_after(raw: Option<&'static str>, line: &str) -> Option<&'static str> {
    const BLOCKS: [(&str, &str); 5] = [
        ("<!--", "-->"),
        ("<pre", "</pre>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ];
    let contains = |hay: &str, end: &str| hay.to_ascii_lowercase().contains(end);
    if let Some(end) = raw {
        return (!contains(line, end)).then_some(end);
    }
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let lower = trimmed.get(..10).unwrap_or(trimmed).to_ascii_lowercase();
    let (open, end) = BLOCKS.iter().find(|(open, _)| lower.starts_with(open))?;
    (!contains(&trimmed[open.len()..], end)).then_some(*end)
}

/// The open code fence after `line`, given the one before it (fences at the top level,
/// indented at most three spaces).
fn fence_after<'a>(
    fence: Option<(u8, usize, &'a str)>,
    line: &'a str,
) -> Option<(u8, usize, &'a str)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return fence;
    }
    let c = match trimmed.as_bytes().first() {
        Some(&c @ (b'`' | b'~')) => c,
        _ => return fence,
    };
    let n = trimmed.bytes().take_while(|&b| b == c).count();
    if n < 3 {
        return fence;
    }
    match fence {
        None => Some((c, n, line)),
        Some((open, len, _)) if open == c && n >= len && trimmed[n..].trim().is_empty() => None,
        open => open,
    }
}

/// A reference label as matched: case folded, inner whitespace collapsed.
fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The link reference definitions of `body` (`[label]: destination "title"`, one line
/// each, the first of a label wins): what pieces of a long body resolve references with.
pub fn definitions(body: &str) -> std::collections::HashMap<String, (String, String)> {
    let mut found = std::collections::HashMap::new();
    for line in body.lines() {
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() > 3 || !trimmed.starts_with('[') {
            continue;
        }
        let Some(close) = trimmed.find("]:") else {
            continue;
        };
        let label = &trimmed[1..close];
        if label.trim().is_empty() || label.len() > 999 || label.contains(['[', ']']) {
            continue;
        }
        let rest = trimmed[close + 2..].trim();
        let (dest, title) = match rest.strip_prefix('<').and_then(|r| r.split_once('>')) {
            Some((d, t)) => (d, t.trim()),
            None => match rest.split_once(char::is_whitespace) {
                Some((d, t)) => (d, t.trim()),
                None => (rest, ""),
            },
        };
        if dest.is_empty() {
            continue;
        }
        let title = title
            .strip_prefix(['"', '\'', '('])
            .and_then(|t| t.strip_suffix(['"', '\'', ')']))
            .unwrap_or("");
        found
            .entry(label_key(label))
            .or_insert_with(|| (dest.to_string(), title.to_string()));
    }
    found
}

fn same_title(heading: &str, title: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let h = norm(heading);
    let t = norm(title);
    !t.is_empty() && h.ends_with(&t) || h.contains(&t)
}

/// A heading's anchor: lowercase words joined by `-`, punctuation dropped (`v1.2 notes` is
/// `v12-notes`), as GitHub and other markdown renderers make them, so that `#anchors`
/// written for those keep working. Not [`crate::author::slug::slug`], which names files:
/// there punctuation separates words, case may be kept and the length is capped.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c == ' ' || c == '-' || c == '_') && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// The anchors given so far on one page, and for each slug the next suffix to try, so that
/// ten thousand headings named alike cost ten thousand steps, not fifty million.
#[derive(Default)]
struct UsedIds {
    used: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

fn unique_id(base: String, used: &mut UsedIds) -> String {
    let mut id = base.clone();
    let mut n = used.next.get(&base).copied().unwrap_or(1);
    while used.used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.next.insert(base, n);
    used.used.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_bodies_are_one_borrowed_piece() {
        let body = "# A\n\ntext [x][r]\n\n[r]: b.md\n".repeat(1000);
        let p = pieces(&body);
        assert_eq!(p.len(), 1);
        assert!(matches!(p[0], std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn long_bodies_are_cut_before_top_level_blocks_and_lose_nothing() {
        let body = "Some text of a paragraph.\n- a list item\n\n  more of it\n\n".repeat(20_000);
        let p = pieces(&body);
        assert!(p.len() > 4, "{} pieces", p.len());
        assert_eq!(p.concat(), body);
        for piece in &p {
            assert!(piece.len() <= PIECE_MAX + 100, "{}", piece.len());
            assert!(piece.starts_with("Some text"), "{:?}", &piece[..20]);
        }
    }

    #[test]
    fn one_long_line_is_cut_at_char_boundaries() {
        let body = "é[".repeat(400_000);
        let p = pieces(&body);
        assert!(p.len() > 1);
        assert_eq!(p.concat(), body);
        assert!(p.iter().all(|s| s.len() <= PIECE_MAX));
    }

    #[test]
    fn a_fence_cut_in_two_is_closed_and_opened_again() {
        let body = format!(
            "intro\n\n~~~~ rust\n{}~~~~\n\nafter\n",
            "code line\n".repeat(60_000)
        );
        let p = pieces(&body);
        assert!(p.len() > 1);
        assert!(p[0].ends_with("~~~~\n"), "{:?}", &p[0][p[0].len() - 30..]);
        assert!(
            p[1].starts_with("~~~~ rust\ncode line\n"),
            "{:?}",
            &p[1][..40]
        );
        for piece in &p {
            // Every piece is whole: its fences pair up.
            let fences = piece.lines().filter(|l| l.starts_with("~~~~")).count();
            assert_eq!(fences % 2, 0, "{:?}", &piece[..40]);
        }
    }

    #[test]
    fn definitions_are_read_for_every_piece() {
        let d = definitions("[Some  Label]: <a b.md> \"T\"\n    [code]: x\n[r]: c.md\n[r]: d.md\n");
        assert_eq!(
            d.get("some label"),
            Some(&("a b.md".to_string(), "T".to_string()))
        );
        assert_eq!(d.get("r"), Some(&("c.md".to_string(), String::new())));
        assert!(!d.contains_key("code"));
    }

    #[test]
    fn comments_and_pre_blocks_holding_blank_lines_are_not_cut() {
        let body = format!(
            "{}<!--\n\n{}\n-->\n\nafter\n",
            "Para.\n\n".repeat(40_000),
            "Hidden.\n\n".repeat(5_000)
        );
        let p = pieces(&body);
        assert_eq!(p.concat(), body);
        let opened = p.iter().position(|s| s.contains("<!--")).unwrap();
        assert!(p[opened].contains("-->"), "the comment is cut in two");
    }
    /// Ordinary markdown (paragraphs, headings, lists, quotes, fences, tables, references
    /// defined far from their use) renders the same in pieces as in one go.
    #[test]
    fn pieces_render_as_the_whole_body_does() {
        let block = "## Heading [ref]\n\nA paragraph with *emphasis*, `code` and [a link][ref].\nIt goes on.\n\n- one\n- two\n\n  continued\n\n> a quote\n> more\n\n```rust\nfn main() {}\n\n// blank line inside\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n";
        let body = format!("{}[ref]: https://example.com \"T\"\n", block.repeat(3000));
        let p = pieces(&body);
        assert!(p.len() > 4, "{} pieces", p.len());
        let html_of = |text: &str, defs: &std::collections::HashMap<String, (String, String)>| {
            let mut resolve = |broken: pulldown_cmark::BrokenLink<'_>| {
                defs.get(&label_key(&broken.reference))
                    .map(|(d, t)| (CowStr::from(d.clone()), CowStr::from(t.clone())))
            };
            let mut out = String::new();
            html::push_html(
                &mut out,
                Parser::new_with_broken_link_callback(
                    text,
                    Options::ENABLE_TABLES,
                    Some(&mut resolve),
                ),
            );
            out
        };
        let defs = definitions(&body);
        let whole = html_of(&body, &std::collections::HashMap::new());
        let in_pieces: String = p.iter().map(|piece| html_of(piece, &defs)).collect();
        assert_eq!(in_pieces, whole);
    }
}
