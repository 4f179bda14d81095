//! The links graph as SVG, drawn at build time so it needs no JavaScript: each record's
//! neighbourhood on its page, and every linked group of records on the graph page, laid
//! out in columns by [`super::layout`] (older records left, arrows pointing at what was
//! superseded or reviewed, relations without arrows), with the same links as a list.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::escape::escape_into;
use super::layout;
use crate::resolve::Model;

/// The kinds of link drawn.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum EdgeKind {
    Supersedes,
    Relates,
    Reviews,
}

impl EdgeKind {
    /// The words between two records in a sentence: `A supersedes B`.
    fn verb(self) -> &'static str {
        match self {
            EdgeKind::Supersedes => " supersedes ",
            EdgeKind::Relates => " relates to ",
            EdgeKind::Reviews => " reviews ",
        }
    }

    fn class(self) -> &'static str {
        match self {
            EdgeKind::Supersedes => "supersedes",
            EdgeKind::Relates => "relates",
            EdgeKind::Reviews => "reviews",
        }
    }
}

/// The words between two records in a sentence: `A supersedes B`, and for a relation the
/// words `from` wrote about `to` (`A amends B`; several joined with "and"), else
/// `A relates to B`.
fn verb(model: &Model, from: usize, to: usize, kind: EdgeKind) -> Cow<'static, str> {
    if kind != EdgeKind::Relates {
        return Cow::Borrowed(kind.verb());
    }
    let words: Vec<String> = model.records[from]
        .links
        .iter()
        .filter(|l| l.to == to && l.link != crate::resolve::RELATES_TO)
        .map(|l| {
            let mut c = l.link.chars();
            c.next().map_or_else(String::new, |f| {
                f.to_lowercase().chain(c).collect::<String>()
            })
        })
        .collect();
    if words.is_empty() {
        Cow::Borrowed(kind.verb())
    } else {
        Cow::Owned(format!(" {} ", words.join(" and ")))
    }
}

/// Directed edges `(from, to, kind)` touching record `i`.
fn edges_of(model: &Model, i: usize) -> Vec<(usize, usize, EdgeKind)> {
    let r = &model.records[i];
    let mut e = Vec::new();
    e.extend(r.supersedes.iter().map(|&j| (i, j, EdgeKind::Supersedes)));
    e.extend(
        r.superseded_by
            .iter()
            .map(|&j| (j, i, EdgeKind::Supersedes)),
    );
    e.extend(
        r.relates
            .iter()
            .map(|&j| (i.min(j), i.max(j), EdgeKind::Relates)),
    );
    e.extend(r.reviews.iter().map(|&j| (i, j, EdgeKind::Reviews)));
    e.extend(r.retrospectives.iter().map(|&j| (j, i, EdgeKind::Reviews)));
    e
}

/// Most neighbours drawn around one record.
const MAX_NEIGHBOURS: usize = 16;
/// Most records drawn in one group on the graph page.
const MAX_GROUP: usize = 120;
/// Most groups drawn on the graph page.
const MAX_GROUPS: usize = 80;

/// Characters on one line of a node's label, and lines in a label.
const LINE_CHARS: usize = 30;
const MAX_LINES: usize = 3;
/// Room one character takes at the 12 px of the labels (generous, so text stays inside).
const CHAR_W: f64 = 7.0;
const LINE_H: f64 = 15.0;
const PAD_X: f64 = 10.0;
const PAD_Y: f64 = 9.0;

/// A drawn graph: the SVG, and the same links as a list of sentences for readers who do
/// not see the picture (and for screen readers, which read the list rather than the shapes).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Drawing {
    pub svg: String,
    /// `<ul>` of "A supersedes B" items, each record a link.
    pub list: String,
    /// How many links the list holds.
    pub links: usize,
}

/// The drawing of record `i` and the records it links to, or `None` when it links to none.
pub fn neighbourhood(model: &Model, i: usize, root: &str) -> Option<Drawing> {
    let edges = edges_of(model, i);
    let mut nodes = vec![i];
    for &(a, b, _) in &edges {
        for x in [a, b] {
            if !nodes.contains(&x) && nodes.len() <= MAX_NEIGHBOURS {
                nodes.push(x);
            }
        }
    }
    if nodes.len() == 1 {
        return None;
    }
    // Links among the neighbours too, so that the picture is true.
    let mut all: Vec<(usize, usize, EdgeKind)> = nodes
        .iter()
        .flat_map(|&v| edges_of(model, v))
        .filter(|(a, b, _)| nodes.contains(a) && nodes.contains(b))
        .collect();
    all.sort_unstable();
    all.dedup();
    let title = &model.records[i].record.title;
    Some(draw(
        model,
        &nodes,
        &all,
        root,
        Some(i),
        &format!("Links of “{title}”"),
        "n",
    ))
}

/// One drawing per group of linked records, largest first.
pub fn components(model: &Model, root: &str) -> Vec<Drawing> {
    let n = model.records.len();
    let mut seen = vec![false; n];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        if seen[start] || edges_of(model, start).is_empty() {
            continue;
        }
        let mut group = Vec::new();
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(v) = stack.pop() {
            group.push(v);
            for (a, b, _) in edges_of(model, v) {
                for x in [a, b] {
                    if !seen[x] {
                        seen[x] = true;
                        stack.push(x);
                    }
                }
            }
        }
        group.sort_unstable();
        groups.push(group);
    }
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    groups.truncate(MAX_GROUPS);
    groups
        .into_iter()
        .enumerate()
        .map(|(k, mut g)| {
            g.truncate(MAX_GROUP);
            let set: BTreeSet<usize> = g.iter().copied().collect();
            let mut edges: Vec<(usize, usize, EdgeKind)> = g
                .iter()
                .flat_map(|&v| edges_of(model, v))
                .filter(|(a, b, _)| set.contains(a) && set.contains(b))
                .collect();
            edges.sort_unstable();
            edges.dedup();
            let label = format!("Group {} of linked records ({} records)", k + 1, g.len());
            draw(model, &g, &edges, root, None, &label, &format!("g{k}"))
        })
        .collect()
}

/// A node's label in lines of at most [`LINE_CHARS`] characters, broken between words;
/// the last line ends in `…` when the title is longer than [`MAX_LINES`] lines.
fn label_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::with_capacity(MAX_LINES);
    let mut cur = String::new();
    let mut cur_chars = 0usize;
    for w in text.split_whitespace() {
        let n = if w.is_ascii() {
            w.len()
        } else {
            w.chars().count()
        };
        if cur_chars > 0 && cur_chars + 1 + n > LINE_CHARS {
            if lines.len() + 1 == MAX_LINES {
                // The last line: what fits of the rest, then an ellipsis.
                cur.push(' ');
                cur.push_str(w);
                lines.push(truncate(&cur, LINE_CHARS));
                return lines;
            }
            lines.push(std::mem::take(&mut cur));
            cur_chars = 0;
        }
        if cur_chars > 0 {
            cur.push(' ');
            cur_chars += 1;
        }
        cur.push_str(w);
        cur_chars += n;
    }
    if !cur.is_empty() {
        lines.push(if cur_chars > LINE_CHARS {
            truncate(&cur, LINE_CHARS)
        } else {
            cur
        });
    }
    lines
}

fn node_label(model: &Model, v: usize) -> String {
    let r = &model.records[v].record;
    match r.number {
        Some(n) => format!("{n} · {}", r.title),
        None => r.title.clone(),
    }
}

/// Draws `nodes` and `edges` (record indices) laid out by [`layout::layout`]. `ids`
/// prefixes the ids inside the SVG, so that several drawings can share a page.
fn draw(
    model: &Model,
    nodes: &[usize],
    edges: &[(usize, usize, EdgeKind)],
    root: &str,
    center: Option<usize>,
    label: &str,
    ids: &str,
) -> Drawing {
    let pairs = one_line_per_pair(edges);
    let names: Vec<String> = nodes.iter().map(|&v| node_label(model, v)).collect();
    let labels: Vec<Vec<String>> = names.iter().map(|n| label_lines(n)).collect();
    let boxes: Vec<layout::Node> = labels
        .iter()
        .map(|lines| {
            let chars = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
            layout::Node {
                width: (chars as f64 * CHAR_W + 2.0 * PAD_X).max(90.0).round(),
                height: (lines.len() as f64 * LINE_H + 2.0 * PAD_Y).round(),
            }
        })
        .collect();
    let scene = Scene {
        model,
        nodes,
        names: &names,
        labels: &labels,
        boxes: &boxes,
        root,
        center,
    };
    let lay_edges = layout_edges(&scene, &pairs);
    let lay = layout::layout(&boxes, &lay_edges, center.and_then(|c| scene.at(c)));

    let (w, h) = (lay.width.round() as i64, lay.height.round() as i64);
    let mut s = String::with_capacity(512 + nodes.len() * 500);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="group" aria-label=""#
    );
    escape_into(&mut s, label);
    let _ = write!(
        s,
        r#""><defs><marker id="{ids}-supersedes" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="arrowhead supersedes"/></marker><marker id="{ids}-reviews" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="arrowhead reviews"/></marker></defs>"#
    );
    for (k, &pair) in pairs.iter().enumerate() {
        if let Some(route) = lay.routes.get(k).filter(|r| r.len() >= 2) {
            push_edge(&mut s, &scene, pair, route, ids);
        }
    }
    for (k, &v) in nodes.iter().enumerate() {
        push_node(&mut s, &scene, k, v, lay.centers[k]);
    }
    s.push_str("</svg>");
    Drawing {
        svg: s,
        list: link_list(&scene, &pairs),
        links: pairs.len(),
    }
}

/// What the parts of one drawing share: the records drawn and their names.
struct Scene<'a> {
    model: &'a Model,
    nodes: &'a [usize],
    /// Each node's label (number and title), by position in `nodes`.
    names: &'a [String],
    /// Each node's label as wrapped into lines, and its box.
    labels: &'a [Vec<String>],
    boxes: &'a [layout::Node],
    /// The way from the page to the site's root, before each record's URL.
    root: &'a str,
    /// The record the drawing is about, if any (drawn stronger).
    center: Option<usize>,
}

impl Scene<'_> {
    /// The position of record `v` among the nodes.
    fn at(&self, v: usize) -> Option<usize> {
        self.nodes.iter().position(|&n| n == v)
    }

    fn name(&self, v: usize) -> &str {
        self.at(v).map_or("", |k| self.names[k].as_str())
    }
}

/// One line per pair of records: a supersede or review link hides a relation beside it.
fn one_line_per_pair(edges: &[(usize, usize, EdgeKind)]) -> Vec<(usize, usize, EdgeKind)> {
    let mut pairs: Vec<(usize, usize, EdgeKind)> = Vec::with_capacity(edges.len());
    for &(a, b, kind) in edges {
        if a == b {
            continue;
        }
        let same = |p: &(usize, usize, EdgeKind)| (p.0 == a && p.1 == b) || (p.0 == b && p.1 == a);
        match pairs.iter().position(same) {
            Some(k) if pairs[k].2 == EdgeKind::Relates => pairs[k] = (a, b, kind),
            Some(_) => {}
            None => pairs.push((a, b, kind)),
        }
    }
    pairs
}

/// The pairs as the layout takes them: the older record of a supersede or review link is
/// `a`, drawn on the left.
fn layout_edges(scene: &Scene<'_>, pairs: &[(usize, usize, EdgeKind)]) -> Vec<layout::Edge> {
    pairs
        .iter()
        .filter_map(|&(from, to, kind)| {
            let (f, t) = (scene.at(from)?, scene.at(to)?);
            Some(match kind {
                EdgeKind::Relates => layout::Edge {
                    a: f,
                    b: t,
                    ordered: false,
                },
                // `from` supersedes or reviews `to`: `to` is the older.
                _ => layout::Edge {
                    a: t,
                    b: f,
                    ordered: true,
                },
            })
        })
        .collect()
}

/// One link as an SVG path along `route`, with an arrow and a title that says it.
fn push_edge(
    s: &mut String,
    scene: &Scene<'_>,
    (from, to, kind): (usize, usize, EdgeKind),
    route: &[(f64, f64)],
    ids: &str,
) {
    // Routes run from the older record (left); arrows point at it, from the newer.
    let last = route.len() - 1;
    let point = |k: usize| {
        if kind == EdgeKind::Relates {
            route[k]
        } else {
            route[last - k]
        }
    };
    s.push_str(r#"<path class="edge "#);
    s.push_str(kind.class());
    s.push_str(r#"" d="M"#);
    push_int(s, point(0).0);
    s.push(' ');
    push_int(s, point(0).1);
    for k in 1..route.len() {
        let ((x0, y0), (x1, y1)) = (point(k - 1), point(k));
        let mid = (x0 + x1) / 2.0;
        s.push_str(" C");
        for v in [mid, y0, mid, y1, x1, y1] {
            push_int(s, v);
            s.push(' ');
        }
        s.pop();
    }
    s.push('"');
    if kind != EdgeKind::Relates {
        let _ = write!(s, r#" marker-end="url(#{ids}-{})""#, kind.class());
    }
    s.push_str("><title>");
    escape_into(s, scene.name(from));
    escape_into(s, &verb(scene.model, from, to, kind));
    escape_into(s, scene.name(to));
    s.push_str("</title></path>");
}

/// Node `k` (record `v`) as a linked box centred at `(x, y)`, with its wrapped label.
fn push_node(s: &mut String, scene: &Scene<'_>, k: usize, v: usize, (x, y): (f64, f64)) {
    let (b, lines) = (scene.boxes[k], &scene.labels[k]);
    let r = &scene.model.records[v];
    s.push_str(r#"<g class="node"#);
    if Some(v) == scene.center {
        s.push_str(" center");
    }
    match r.record.shown_status() {
        Some(st) => {
            s.push_str(" status-");
            s.push_str(st.as_str());
        }
        None => s.push_str(" kind-retrospective"),
    }
    s.push_str(r#""><a href=""#);
    escape_into(s, scene.root);
    escape_into(s, &r.url);
    // The name is the title (a `<title>`, which holds the whole of it); an aria-label
    // would not match the visible, wrapped text.
    s.push_str(r#""><title>"#);
    escape_into(s, &scene.names[k]);
    s.push_str(r#"</title><rect x=""#);
    push_int(s, x - b.width / 2.0);
    s.push_str(r#"" y=""#);
    push_int(s, y - b.height / 2.0);
    s.push_str(r#"" width=""#);
    push_int(s, b.width);
    s.push_str(r#"" height=""#);
    push_int(s, b.height);
    s.push_str(r#"" rx="6"/><text x=""#);
    push_int(s, x);
    s.push_str(r#"" y=""#);
    push_int(s, y - (lines.len() as f64 - 1.0) * LINE_H / 2.0 + 4.0);
    s.push_str(r#"" text-anchor="middle">"#);
    for (j, line) in lines.iter().enumerate() {
        if j == 0 {
            s.push_str("<tspan>");
        } else {
            s.push_str(r#"<tspan x=""#);
            push_int(s, x);
            s.push_str(r#"" dy=""#);
            push_int(s, LINE_H);
            s.push_str(r#"">"#);
        }
        escape_into(s, line);
        s.push_str("</tspan>");
    }
    s.push_str("</text></a></g>");
}

/// The same links as the drawing, as sentences.
fn link_list(scene: &Scene<'_>, pairs: &[(usize, usize, EdgeKind)]) -> String {
    let mut list = String::with_capacity(64 + pairs.len() * 200);
    list.push_str(r#"<ul class="graph-links">"#);
    let link = |list: &mut String, v: usize| {
        list.push_str(r#"<a href=""#);
        escape_into(list, scene.root);
        escape_into(list, &scene.model.records[v].url);
        list.push_str(r#"">"#);
        escape_into(list, scene.name(v));
        list.push_str("</a>");
    };
    for &(from, to, kind) in pairs {
        list.push_str("<li>");
        link(&mut list, from);
        escape_into(&mut list, &verb(scene.model, from, to, kind));
        link(&mut list, to);
        list.push_str("</li>");
    }
    list.push_str("</ul>");
    list
}

/// Appends `v` rounded to a whole number (coordinates are integers in the SVG; this is the
/// hot part of drawing ten thousand neighbourhoods, where `write!` cost a third).
fn push_int(s: &mut String, v: f64) {
    let n = v.round() as i64;
    if n < 0 {
        s.push('-');
    }
    super::rows::number(s, n.unsigned_abs());
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_between_words_and_end_in_an_ellipsis_when_too_long() {
        assert_eq!(
            label_lines("12 · Keep secrets in Vault"),
            ["12 · Keep secrets in Vault"]
        );
        assert_eq!(
            label_lines("13 · Mount secrets as files, never environment variables"),
            [
                "13 · Mount secrets as files,",
                "never environment variables"
            ]
        );
        let long = label_lines(
            "6 · Expose services through an ingress controller with TLS termination at the edge of every cluster we run",
        );
        assert_eq!(long.len(), MAX_LINES);
        assert!(
            long.iter().all(|l| l.chars().count() <= LINE_CHARS),
            "{long:?}"
        );
        assert!(long.last().unwrap().ends_with('…'), "{long:?}");
        // A word longer than a line is cut, never spills.
        let word = label_lines(&"x".repeat(80));
        assert_eq!(word.len(), 1);
        assert_eq!(word[0].chars().count(), LINE_CHARS);
    }
}
