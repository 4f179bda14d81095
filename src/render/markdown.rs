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
    let model = cx.model;
    let from = &model.records[cx.record].record;
    // The sections the option and outcome cards stand in for are not shown twice.
    let kept;
    let body = if from.folded.is_empty() || !std::ptr::eq(from.body.as_str(), body) {
        body
    } else {
        let mut text = String::with_capacity(body.len());
        let mut at = 0;
        for r in &from.folded {
            if let Some(part) = body.get(at..r.start) {
                text.push_str(part);
            }
            at = r.end.max(at);
        }
        text.push_str(body.get(at..).unwrap_or(""));
        kept = text;
        kept.as_str()
    };
    let mut assets = Vec::new();
    let mut first_block = true;
    let mut skipping_h1 = false;
    let mut link_stack: Vec<bool> = Vec::new(); // whether each open link was kept
    // The heading being read: its level and its events, held until its end gives its id.
    let mut heading: Option<(HeadingLevel, Vec<Event<'_>>)> = None;
    let mut used_ids = UsedIds::default();
    let mut sections: Vec<Section> = Vec::new();
    let mut diagram: Option<String> = None;
    let mut diagrams = false;

    let body = bound_nesting(body);
    // Events are rewritten as they are parsed and written out at once, never collected:
    // a body of a million `[` is a million events. Runs of text are merged first, so a
    // heading holds few events however long it is.
    let mut parser = TextMergeStream::new(Parser::new_ext(&body, options));
    let mut ready: std::collections::VecDeque<Event<'_>> = std::collections::VecDeque::new();
    let events = std::iter::from_fn(|| {
        loop {
            if let Some(e) = ready.pop_front() {
                return Some(e);
            }
            let event = parser.next()?;
            if let Some(source) = diagram.as_mut() {
                match event {
                    Event::Text(t) => source.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let mut html = String::from(
                            r#"<figure class="diagram"><pre class="diagram-source"><code class="language-mermaid">"#,
                        );
                        html.push_str(&super::graph::escape(source));
                        html.push_str("</code></pre></figure>\n");
                        emit(&mut heading, &mut ready, Event::Html(CowStr::from(html)));
                        diagram = None;
                    }
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info)))
                    if is_diagram(info) =>
                {
                    first_block = false;
                    diagrams = true;
                    diagram = Some(String::new());
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    skipping_h1 = first_block && level == HeadingLevel::H1;
                    first_block = false;
                    heading = Some((level, Vec::new()));
                }
                Event::End(TagEnd::Heading(level)) => {
                    if let Some((_, held)) = heading.take() {
                        let text = heading_text(&held);
                        if !(skipping_h1
                            && level == HeadingLevel::H1
                            && same_title(&text, cx.title))
                        {
                            let id = unique_id(slug(&text), &mut used_ids);
                            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                                sections.push(Section {
                                    level: if level == HeadingLevel::H2 { 2 } else { 3 },
                                    id: id.clone(),
                                    text: text.trim().to_string(),
                                });
                            }
                            ready.push_back(Event::Start(Tag::Heading {
                                level,
                                id: Some(CowStr::from(id)),
                                classes: vec![],
                                attrs: vec![],
                            }));
                            ready.extend(held);
                            ready.push_back(Event::End(TagEnd::Heading(level)));
                        }
                    } else {
                        emit(&mut heading, &mut ready, Event::End(TagEnd::Heading(level)));
                    }
                    skipping_h1 = false;
                }
                Event::Html(h) | Event::InlineHtml(h) if !cx.trust_html => {
                    // Comments are dropped, everything else is shown as text.
                    if h.trim_start().starts_with("<!--") && h.trim_end().ends_with("-->") {
                        continue;
                    }
                    if !h.trim().is_empty() {
                        first_block = false;
                    }
                    emit(&mut heading, &mut ready, Event::Text(h));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    first_block = false;
                    match rewrite(&dest_url, from, cx, &mut assets) {
                        Some(url) => {
                            link_stack.push(true);
                            emit(
                                &mut heading,
                                &mut ready,
                                Event::Start(Tag::Link {
                                    link_type,
                                    dest_url: url,
                                    title,
                                    id,
                                }),
                            );
                        }
                        None => link_stack.push(false),
                    }
                }
                Event::End(TagEnd::Link) => {
                    if link_stack.pop().unwrap_or(false) {
                        emit(&mut heading, &mut ready, Event::End(TagEnd::Link));
                    }
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    first_block = false;
                    let url =
                        rewrite(&dest_url, from, cx, &mut assets).unwrap_or(CowStr::Borrowed(""));
                    emit(
                        &mut heading,
                        &mut ready,
                        Event::Start(Tag::Image {
                            link_type,
                            dest_url: url,
                            title,
                            id,
                        }),
                    );
                }
                e => {
                    if matches!(e, Event::Start(_) | Event::Text(_) | Event::Rule) {
                        first_block = false;
                    }
                    emit(&mut heading, &mut ready, e);
                }
            }
        }
    });
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events);
    Body {
        html: out,
        assets,
        sections,
        diagrams,
    }
}

/// Passes `e` on, or holds it with the heading being read.
fn emit<'e>(
    heading: &mut Option<(HeadingLevel, Vec<Event<'e>>)>,
    ready: &mut std::collections::VecDeque<Event<'e>>,
    e: Event<'e>,
) {
    match heading.as_mut() {
        Some((_, held)) => held.push(e),
        None => ready.push_back(e),
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
